//! SQLAlchemy's generic `DDLCompiler` and Alembic's `ddl/base.py` constructs. The
//! [`Dialect`] trait's default methods call these; dialects override what differs.

use retort_ir::{IndexElement, Value};

use crate::error::{RenderError, Rendered};
use crate::expr;
use crate::ident;
use crate::schema::{
    CheckObj, ColumnObj, ConstraintObj, ForeignKeyObj, IndexObj, PrimaryKeyObj, TableObj, UniqueObj,
};
use crate::types;
use crate::Dialect;

/// What `impl._exec` does to compiled text: tabs become four spaces, then `strip()`.
pub(crate) fn finish(statement: &str) -> String {
    statement.replace('\t', "    ").trim().to_owned()
}

/// `validate_identifier` for constraint and index names.
pub(crate) fn validate_name(d: &dyn Dialect, name: &str) -> Rendered<String> {
    let max = d.max_identifier_length();
    if name.chars().count() > max {
        return Err(RenderError::new(
            crate::ErrorKind::Compile,
            format!("Identifier '{name}' exceeds maximum length of {max} characters"),
        ));
    }
    Ok(ident::quote(d, name))
}

/// `CREATE TABLE` (`visit_create_table`), before `finish`.
pub(crate) fn create_table(d: &dyn Dialect, t: &TableObj, if_not_exists: bool) -> Rendered {
    let mut text = String::from("\nCREATE TABLE ");
    if if_not_exists {
        text.push_str("IF NOT EXISTS ");
    }
    text.push_str(&ident::table(d, &t.name, t.schema.as_deref()));
    text.push_str(" (");
    let mut separator = "\n";
    let mut first_pk = false;
    for col in &t.columns {
        let processed = create_column(d, col, t, col.primary_key && !first_pk).map_err(|e| {
            RenderError::new(
                e.kind,
                format!(
                    "(in table '{}', column '{}'): {}",
                    t.name, col.name, e.message
                ),
            )
        })?;
        text.push_str(separator);
        separator = ", \n";
        text.push('\t');
        text.push_str(&processed);
        if col.primary_key {
            first_pk = true;
        }
    }
    let constraints = create_table_constraints(d, t)?;
    if !constraints.is_empty() {
        text.push_str(separator);
        text.push('\t');
        text.push_str(&constraints);
    }
    text.push_str(&format!("\n){}\n\n", d.post_create_table(t)?));
    Ok(text)
}

/// `visit_create_column`: the column specification and its inline CHECKs.
fn create_column(d: &dyn Dialect, col: &ColumnObj, t: &TableObj, _first_pk: bool) -> Rendered {
    let mut text = d.column_specification(col, t)?;
    let inline: Vec<String> = col
        .checks
        .iter()
        .map(|c| d.column_check_constraint(c))
        .collect::<Rendered<_>>()?;
    let inline = inline.join(" ");
    if !inline.is_empty() {
        text.push(' ');
        text.push_str(&inline);
    }
    Ok(text)
}

/// `create_table_constraints`: the primary key, then the others in creation order.
pub(crate) fn create_table_constraints(d: &dyn Dialect, t: &TableObj) -> Rendered {
    let mut parts = Vec::new();
    if !t.primary_key.columns.is_empty() {
        if let Some(pk) = d.primary_key_constraint(&t.primary_key, t)? {
            parts.push(pk);
        }
    }
    for c in &t.constraints {
        let rendered = match c {
            ConstraintObj::Unique(u) => Some(d.unique_constraint(u, t)?),
            ConstraintObj::Check(ck) => Some(d.check_constraint(ck)?),
            ConstraintObj::ForeignKey(fk) => {
                if d.supports_alter() && fk.use_alter {
                    None
                } else {
                    d.foreign_key_constraint(fk, t)?
                }
            }
            ConstraintObj::PrimaryKey(pk) => d.primary_key_constraint(pk, t)?,
        };
        if let Some(r) = rendered {
            parts.push(r);
        }
    }
    Ok(parts.join(", \n\t"))
}

/// Generic `get_column_specification`.
pub(crate) fn column_specification(d: &dyn Dialect, col: &ColumnObj, _t: &TableObj) -> Rendered {
    let mut spec = format!("{} {}", ident::quote(d, &col.name), column_type(d, col)?);
    if let Some(default) = column_default(d, col)? {
        spec.push_str(" DEFAULT ");
        spec.push_str(&default);
    }
    if let Some(computed) = &col.computed {
        spec.push(' ');
        spec.push_str(&d.computed_column(computed)?);
    }
    let identity = col.identity.is_some() && d.supports_identity_columns();
    if let (Some(id), true) = (&col.identity, identity) {
        spec.push(' ');
        spec.push_str(&identity_column(id)?);
    }
    if !col.nullable && !identity {
        spec.push_str(" NOT NULL");
    }
    Ok(spec)
}

/// The column's type as DDL (`NullType` when it has none).
pub(crate) fn column_type(d: &dyn Dialect, col: &ColumnObj) -> Rendered {
    match &col.type_ {
        Some(ty) => types::compile(d, ty),
        None => Err(RenderError::compile(
            "Can't generate DDL for NullType(); did you forget to specify a type on this Column?",
        )),
    }
}

/// `get_column_default_string`.
pub(crate) fn column_default(d: &dyn Dialect, col: &ColumnObj) -> Rendered<Option<String>> {
    col.server_default
        .as_ref()
        .map(|v| expr::server_default(d, v))
        .transpose()
}

/// `visit_computed_column`.
pub(crate) fn computed_column(computed: &retort_ir::Computed) -> Rendered {
    let mut text = format!("GENERATED ALWAYS AS ({})", expr::text(&computed.sqltext)?);
    match computed.persisted {
        Some(true) => text.push_str(" STORED"),
        Some(false) => text.push_str(" VIRTUAL"),
        None => {}
    }
    Ok(text)
}

/// `visit_identity_column`.
pub(crate) fn identity_column(id: &retort_ir::Identity) -> Rendered {
    let mut text = format!(
        "GENERATED {} AS IDENTITY",
        if id.always { "ALWAYS" } else { "BY DEFAULT" }
    );
    let options = identity_options(&id.options);
    if !options.is_empty() {
        text.push_str(&format!(" ({options})"));
    }
    Ok(text)
}

/// `get_identity_options`.
pub(crate) fn identity_options(options: &[(String, Value)]) -> String {
    let get = |k: &str| options.iter().find(|(n, _)| n == k).map(|(_, v)| v);
    let int = |k: &str| get(k).and_then(Value::as_int);
    let mut text = Vec::new();
    if let Some(v) = int("increment") {
        text.push(format!("INCREMENT BY {v}"));
    }
    if let Some(v) = int("start") {
        text.push(format!("START WITH {v}"));
    }
    if let Some(v) = int("minvalue") {
        text.push(format!("MINVALUE {v}"));
    }
    if let Some(v) = int("maxvalue") {
        text.push(format!("MAXVALUE {v}"));
    }
    if get("nominvalue").is_some_and(|v| *v != Value::None) {
        text.push("NO MINVALUE".to_owned());
    }
    if get("nomaxvalue").is_some_and(|v| *v != Value::None) {
        text.push("NO MAXVALUE".to_owned());
    }
    if let Some(v) = int("cache") {
        text.push(format!("CACHE {v}"));
    }
    match get("cycle") {
        Some(Value::Bool(true)) => text.push("CYCLE".to_owned()),
        Some(Value::Bool(false)) => text.push("NO CYCLE".to_owned()),
        _ => {}
    }
    text.join(" ")
}

/// `define_constraint_preamble`.
pub(crate) fn constraint_preamble(d: &dyn Dialect, name: Option<&str>) -> Rendered {
    Ok(match name {
        Some(n) => format!("CONSTRAINT {} ", validate_name(d, n)?),
        None => String::new(),
    })
}

/// `define_constraint_deferrability`.
pub(crate) fn deferrability(deferrable: Option<bool>, initially: Option<&str>) -> Rendered {
    let mut text = String::new();
    match deferrable {
        Some(true) => text.push_str(" DEFERRABLE"),
        Some(false) => text.push_str(" NOT DEFERRABLE"),
        None => {}
    }
    if let Some(i) = initially {
        text.push_str(" INITIALLY ");
        text.push_str(&sql_phrase(i)?);
    }
    Ok(text)
}

/// `validate_sql_phrase`: keywords only.
pub(crate) fn sql_phrase(phrase: &str) -> Rendered {
    let ok = !phrase.is_empty()
        && phrase
            .split(' ')
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '_'));
    if ok {
        Ok(phrase.to_owned())
    } else {
        Err(RenderError::compile(format!(
            "Unexpected SQL phrase: {} (matching against '^\\\\w+(?:\\\\s+\\\\w+)*$')",
            expr::python_str_repr(phrase)
        )))
    }
}

fn quoted_columns(d: &dyn Dialect, columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| ident::quote(d, c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Generic `visit_primary_key_constraint`.
pub(crate) fn primary_key_constraint(
    d: &dyn Dialect,
    pk: &PrimaryKeyObj,
    t: &TableObj,
) -> Rendered {
    Ok(format!(
        "{}{}{}",
        constraint_preamble(d, pk.name.as_deref())?,
        primary_key_body(d, pk, t)?,
        deferrability(pk.deferrable, pk.initially.as_deref())?
    ))
}

/// `define_primary_key_body`: an implicit key lists its autoincrement column first.
pub(crate) fn primary_key_body(d: &dyn Dialect, pk: &PrimaryKeyObj, t: &TableObj) -> Rendered {
    let mut columns = pk.columns.clone();
    if pk.implicit {
        if let Some(auto) = t.autoincrement_column(d)? {
            if let Some(pos) = columns.iter().position(|c| *c == auto.name) {
                let c = columns.remove(pos);
                columns.insert(0, c);
            }
        }
    }
    Ok(format!("PRIMARY KEY ({})", quoted_columns(d, &columns)))
}

/// Generic `visit_unique_constraint`.
pub(crate) fn unique_constraint(d: &dyn Dialect, u: &UniqueObj, distinct: &str) -> Rendered {
    if u.columns.is_empty() {
        return Ok(String::new());
    }
    Ok(format!(
        "{}UNIQUE {distinct}({}){}",
        constraint_preamble(d, u.name.as_deref())?,
        quoted_columns(d, &u.columns),
        deferrability(u.deferrable, u.initially.as_deref())?
    ))
}

/// Generic `visit_check_constraint`.
pub(crate) fn check_constraint(d: &dyn Dialect, c: &CheckObj) -> Rendered {
    Ok(format!(
        "{}CHECK ({}){}",
        constraint_preamble(d, c.name.as_deref())?,
        expr::text(&c.sqltext)?,
        deferrability(c.deferrable, c.initially.as_deref())?
    ))
}

/// The referred table of a foreign key, with its schema (`define_constraint_remote_table`).
pub(crate) fn remote_table(d: &dyn Dialect, fk: &ForeignKeyObj) -> String {
    ident::table(d, &fk.ref_table, fk.ref_schema.as_deref())
}

/// Generic `visit_foreign_key_constraint` with the dialect's pieces.
pub(crate) fn foreign_key_constraint(d: &dyn Dialect, fk: &ForeignKeyObj) -> Rendered {
    let mut text = constraint_preamble(d, fk.name.as_deref())?;
    text.push_str(&format!(
        "FOREIGN KEY({}) REFERENCES {} ({})",
        quoted_columns(d, &fk.columns),
        d.fk_remote_table(fk),
        quoted_columns(d, &fk.ref_columns)
    ));
    text.push_str(&d.fk_match(fk)?);
    text.push_str(&fk_cascades(d, fk)?);
    text.push_str(&deferrability(fk.deferrable, fk.initially.as_deref())?);
    Ok(text)
}

/// `define_constraint_match`.
pub(crate) fn fk_match(fk: &ForeignKeyObj) -> Rendered {
    Ok(match &fk.match_ {
        Some(m) => format!(" MATCH {}", sql_phrase(m)?),
        None => String::new(),
    })
}

/// `define_constraint_cascades`.
pub(crate) fn fk_cascades(d: &dyn Dialect, fk: &ForeignKeyObj) -> Rendered {
    let mut text = String::new();
    if let Some(ondelete) = &fk.ondelete {
        text.push_str(&format!(" ON DELETE {}", d.fk_ondelete_phrase(ondelete)?));
    }
    if let Some(onupdate) = &fk.onupdate {
        text.push_str(&format!(" ON UPDATE {}", sql_phrase(onupdate)?));
    }
    Ok(text)
}

/// An index element: a quoted column or an expression's SQL.
pub(crate) fn index_element(d: &dyn Dialect, e: &IndexElement) -> Rendered {
    match e {
        IndexElement::Column(c) => Ok(ident::quote(d, c)),
        IndexElement::Expression(sql) => expr::text(sql),
    }
}

/// `_prepared_index_name`.
pub(crate) fn index_name(d: &dyn Dialect, idx: &IndexObj, include_schema: bool) -> Rendered {
    let Some(name) = &idx.name else {
        return Err(RenderError::compile(
            "CREATE INDEX requires that the index have a name",
        ));
    };
    let name = validate_name(d, name)?;
    Ok(match (&idx.schema, include_schema) {
        (Some(s), true) if !s.is_empty() => format!("{}.{name}", ident::quote(d, s)),
        _ => name,
    })
}

/// Generic `visit_create_index`.
pub(crate) fn create_index(d: &dyn Dialect, idx: &IndexObj, if_not_exists: bool) -> Rendered {
    let mut text = String::from("CREATE ");
    if idx.unique {
        text.push_str("UNIQUE ");
    }
    if idx.name.is_none() {
        return Err(RenderError::compile(
            "CREATE INDEX requires that the index have a name",
        ));
    }
    text.push_str("INDEX ");
    if if_not_exists {
        text.push_str("IF NOT EXISTS ");
    }
    let elements = idx
        .elements
        .iter()
        .map(|e| index_element(d, e))
        .collect::<Rendered<Vec<_>>>()?;
    text.push_str(&format!(
        "{} ON {} ({})",
        index_name(d, idx, false)?,
        ident::table(d, &idx.table, idx.schema.as_deref()),
        elements.join(", ")
    ));
    Ok(text)
}

/// Generic `visit_drop_index`.
pub(crate) fn drop_index(d: &dyn Dialect, idx: &IndexObj, if_exists: bool) -> Rendered {
    if idx.name.is_none() {
        return Err(RenderError::compile(
            "DROP INDEX requires that the index have a name",
        ));
    }
    let mut text = String::from("\nDROP INDEX ");
    if if_exists {
        text.push_str("IF EXISTS ");
    }
    text.push_str(&index_name(d, idx, true)?);
    Ok(text)
}

/// `visit_add_constraint`: `ALTER TABLE t ADD <constraint>`.
pub(crate) fn add_constraint(d: &dyn Dialect, c: &ConstraintObj, t: &TableObj) -> Rendered {
    let body = match c {
        ConstraintObj::Unique(u) => d.unique_constraint(u, t)?,
        ConstraintObj::Check(ck) => d.check_constraint(ck)?,
        ConstraintObj::ForeignKey(fk) => d.foreign_key_constraint(fk, t)?.unwrap_or_default(),
        ConstraintObj::PrimaryKey(pk) => d.primary_key_constraint(pk, t)?.unwrap_or_default(),
    };
    Ok(format!(
        "ALTER TABLE {} ADD {body}",
        ident::table(d, &t.name, t.schema.as_deref())
    ))
}

/// What `op.drop_constraint` knows of the constraint it drops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DropConstraintSpec<'a> {
    /// The constraint name.
    pub name: Option<&'a str>,
    /// The table.
    pub table: &'a str,
    /// `schema=`.
    pub schema: Option<&'a str>,
    /// `type_=`: `foreignkey`, `primary`, `unique`, `check`, or none.
    pub kind: Option<retort_ir::ConstraintKind>,
    /// `if_exists=`.
    pub if_exists: bool,
}

/// Generic `visit_drop_constraint`.
pub(crate) fn drop_constraint(d: &dyn Dialect, c: &DropConstraintSpec<'_>) -> Rendered {
    let Some(name) = c.name else {
        return Err(RenderError::compile(
            "Can't emit DROP CONSTRAINT for constraint; it has no name",
        ));
    };
    Ok(format!(
        "ALTER TABLE {} DROP CONSTRAINT {}{}",
        ident::table(d, c.table, c.schema),
        if c.if_exists { "IF EXISTS " } else { "" },
        validate_name(d, name)?
    ))
}

/// `visit_set_table_comment`.
pub(crate) fn set_table_comment(
    d: &dyn Dialect,
    table: &str,
    schema: Option<&str>,
    comment: &str,
) -> String {
    format!(
        "COMMENT ON TABLE {} IS {}",
        ident::table(d, table, schema),
        expr::string_literal(d, comment)
    )
}

/// `visit_drop_table_comment`.
pub(crate) fn drop_table_comment(d: &dyn Dialect, table: &str, schema: Option<&str>) -> String {
    format!(
        "COMMENT ON TABLE {} IS NULL",
        ident::table(d, table, schema)
    )
}

/// `visit_set_column_comment` (the column of a table object).
pub(crate) fn set_column_comment(d: &dyn Dialect, t: &TableObj, col: &ColumnObj) -> Rendered {
    Ok(format!(
        "COMMENT ON COLUMN {}.{} IS {}",
        ident::table(d, &t.name, t.schema.as_deref()),
        ident::quote(d, &col.name),
        expr::string_literal(d, col.comment.as_deref().unwrap_or_default())
    ))
}

/// Alembic's `visit_rename_table` (default: the new name keeps the schema).
pub(crate) fn rename_table(
    d: &dyn Dialect,
    old: &str,
    new: &str,
    schema: Option<&str>,
    new_schema: Option<&str>,
) -> String {
    format!(
        "ALTER TABLE {} RENAME TO {}",
        ident::alembic_table(d, old, schema),
        ident::alembic_table(d, new, new_schema)
    )
}

/// Alembic's `alter_table`: `ALTER TABLE <name>`.
pub(crate) fn alter_table(d: &dyn Dialect, table: &str, schema: Option<&str>) -> String {
    format!("ALTER TABLE {}", ident::alembic_table(d, table, schema))
}

/// Alembic's `format_server_default` (`get_column_default_string` of a throwaway column).
pub(crate) fn format_server_default(d: &dyn Dialect, v: &Value) -> Rendered {
    expr::server_default(d, v)
}
