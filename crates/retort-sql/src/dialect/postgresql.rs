//! PostgreSQL: `PGDDLCompiler`, `PGTypeCompiler`, `PGIdentifierPreparer` and
//! Alembic's `PostgresqlImpl`.

use retort_ir::Value;

use super::{reserved, Dialect};
use crate::alter::{self, AlterColumnSpec};
use crate::ddl;
use crate::error::{RenderError, Rendered};
use crate::expr;
use crate::ident;
use crate::schema::{
    kwarg, CheckObj, ColumnObj, ForeignKeyObj, IndexObj, PrimaryKeyObj, TableObj, UniqueObj,
};
use crate::types::{self, TypeView};

/// PostgreSQL.
#[derive(Debug, Clone, Copy, Default)]
pub struct PostgreSql;

fn option<'a>(kwargs: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    kwarg(kwargs, &format!("postgresql_{key}"))
}

fn truthy(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Bool(true)))
        || matches!(v, Some(Value::Int(i)) if *i != 0)
        || matches!(v, Some(Value::Str(s)) if !s.is_empty())
}

impl PostgreSql {
    /// `_define_include`.
    fn include(&self, kwargs: &[(String, Value)]) -> String {
        let Some(v) = option(kwargs, "include") else {
            return String::new();
        };
        let cols: Vec<String> = v
            .to_list()
            .iter()
            .filter_map(|c| c.as_str())
            .map(|c| ident::quote(self, c))
            .collect();
        if cols.is_empty() {
            String::new()
        } else {
            format!(" INCLUDE ({})", cols.join(", "))
        }
    }

    /// `_define_constraint_validity`.
    fn not_valid(&self, kwargs: &[(String, Value)]) -> &'static str {
        if truthy(option(kwargs, "not_valid")) {
            " NOT VALID"
        } else {
            ""
        }
    }

    /// `_prepare_withclause_opts`.
    fn with_options(&self, v: &Value) -> String {
        match v {
            Value::Dict(items) => items
                .iter()
                .map(|(k, v)| {
                    let k = k.as_str().unwrap_or_default();
                    match v {
                        Value::None => k.to_owned(),
                        Value::Bool(b) => format!("{k} = {}", if *b { "true" } else { "false" }),
                        Value::Int(i) => format!("{k} = {i}"),
                        Value::Float(f) => format!("{k} = {}", expr::python_float(*f)),
                        Value::Str(s) => format!("{k} = {s}"),
                        other => format!("{k} = {}", expr::python_repr(other)),
                    }
                })
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        }
    }

    /// `PGIdentifierPreparer.format_type` for a named type.
    pub(crate) fn format_type(
        &self,
        name: Option<&str>,
        schema: Option<&str>,
        class: &str,
    ) -> Rendered {
        let Some(name) = name else {
            return Err(RenderError::compile(format!(
                "PostgreSQL {class} type requires a name."
            )));
        };
        let quoted = ident::quote(self, name);
        Ok(match schema {
            Some(s) => format!("{}.{quoted}", ident::quote(self, s)),
            None => quoted,
        })
    }
}

impl Dialect for PostgreSql {
    fn name(&self) -> &'static str {
        "postgresql"
    }

    fn impl_class(&self) -> &'static str {
        "PostgresqlImpl"
    }

    fn type_compiler_class(&self) -> &'static str {
        "sqlalchemy.dialects.postgresql.base.PGTypeCompiler object"
    }

    fn transactional_ddl(&self) -> bool {
        true
    }

    fn supports_native_boolean(&self) -> bool {
        true
    }

    fn supports_native_enum(&self) -> bool {
        true
    }

    fn supports_native_uuid(&self) -> bool {
        true
    }

    fn supports_comments(&self) -> bool {
        true
    }

    fn supports_identity_columns(&self) -> bool {
        true
    }

    fn insert_returning(&self) -> bool {
        true
    }

    fn max_identifier_length(&self) -> usize {
        63
    }

    fn reserved_words(&self) -> &'static [&'static str] {
        reserved::POSTGRESQL
    }

    fn visit_type(&self, name: &str, t: &TypeView<'_>) -> Option<Rendered> {
        let precision = |t: &TypeView<'_>| t.param("precision").and_then(Value::as_int);
        Some(Ok(match name {
            "FLOAT" => match precision(t) {
                Some(p) if p != 0 => format!("FLOAT({p})"),
                _ => "FLOAT".to_owned(),
            },
            "double" => "DOUBLE PRECISION".to_owned(),
            "BIGINT" => "BIGINT".to_owned(),
            "datetime" => return Some(types::visit(self, "TIMESTAMP", t)),
            "TIMESTAMP" | "TIME" => {
                let p = if t.class.module == types::Module::Postgresql {
                    precision(t).map(|p| format!("({p})")).unwrap_or_default()
                } else {
                    String::new()
                };
                format!(
                    "{name}{p} {} TIME ZONE",
                    if t.timezone() { "WITH" } else { "WITHOUT" }
                )
            }
            "INTERVAL" => {
                let mut text = "INTERVAL".to_owned();
                if let Some(fields) = t.param("fields").and_then(Value::as_str) {
                    text.push(' ');
                    text.push_str(fields);
                }
                if let Some(p) = precision(t) {
                    text.push_str(&format!(" ({p})"));
                }
                text
            }
            "type_decorator" if t.class.name == "Interval" => {
                match t.param("second_precision").and_then(Value::as_int) {
                    Some(p) => format!("INTERVAL ({p})"),
                    None => "INTERVAL".to_owned(),
                }
            }
            "BIT" => {
                let length = t.param("length").and_then(Value::as_int);
                if matches!(t.param("varying"), Some(Value::Bool(true))) {
                    match length {
                        Some(n) => format!("BIT VARYING({n})"),
                        None => "BIT VARYING".to_owned(),
                    }
                } else {
                    format!("BIT({})", length.unwrap_or(1))
                }
            }
            "uuid" => {
                if t.native_uuid() {
                    "UUID".to_owned()
                } else {
                    "CHAR(32)".to_owned()
                }
            }
            "large_binary" | "BYTEA" => "BYTEA".to_owned(),
            "enum" => {
                if !t.native_enum() {
                    return Some(types::generic_visit(self, "enum", t));
                }
                return Some(self.format_type(t.enum_name().as_deref(), t.enum_schema(), "ENUM"));
            }
            "ARRAY" => {
                let Some(item) = t.item_type() else {
                    return Some(Err(RenderError::unknown(
                        "the item type of the ARRAY is not known statically",
                    )));
                };
                let inner = match types::compile(self, item) {
                    Ok(s) => s,
                    Err(e) => return Some(Err(e)),
                };
                let dims = t
                    .param("dimensions")
                    .and_then(Value::as_int)
                    .unwrap_or(1)
                    .max(0) as usize;
                let brackets = "[]".repeat(dims);
                match inner.find(" COLLATE") {
                    Some(pos) => format!("{}{brackets}{}", &inner[..pos], &inner[pos..]),
                    None => format!("{inner}{brackets}"),
                }
            }
            "JSON" | "JSONB" | "JSONPATH" | "HSTORE" | "INET" | "CIDR" | "CITEXT" | "MACADDR"
            | "MACADDR8" | "MONEY" | "OID" | "REGCONFIG" | "REGCLASS" | "TSVECTOR" | "TSQUERY"
            | "INT4RANGE" | "INT8RANGE" | "NUMRANGE" | "DATERANGE" | "TSRANGE" | "TSTZRANGE"
            | "INT4MULTIRANGE" | "INT8MULTIRANGE" | "NUMMULTIRANGE" | "DATEMULTIRANGE"
            | "TSMULTIRANGE" | "TSTZMULTIRANGE" => name.to_owned(),
            _ => return None,
        }))
    }

    fn column_specification(&self, col: &ColumnObj, table: &TableObj) -> Rendered {
        let mut spec = ident::quote(self, &col.name);
        let view = col.type_.as_ref().and_then(|t| TypeView::resolve(self, t));
        let has_identity = col.identity.is_some();
        let serial = col.primary_key
            && table.is_autoincrement(self, col)?
            && !has_identity
            && !col.has_client_default;
        if serial {
            let view_is = |c: &str| view.as_ref().is_some_and(|v| v.is(c));
            spec.push_str(if view_is("BigInteger") {
                " BIGSERIAL"
            } else if view_is("SmallInteger") {
                " SMALLSERIAL"
            } else {
                " SERIAL"
            });
        } else {
            spec.push(' ');
            spec.push_str(&ddl::column_type(self, col)?);
            if let Some(default) = ddl::column_default(self, col)? {
                spec.push_str(" DEFAULT ");
                spec.push_str(&default);
            }
        }
        if let Some(computed) = &col.computed {
            spec.push(' ');
            spec.push_str(&self.computed_column(computed)?);
        }
        if let Some(id) = &col.identity {
            spec.push(' ');
            spec.push_str(&ddl::identity_column(id)?);
        }
        if !col.nullable && !has_identity {
            spec.push_str(" NOT NULL");
        } else if col.nullable && has_identity {
            spec.push_str(" NULL");
        }
        Ok(spec)
    }

    fn post_create_table(&self, table: &TableObj) -> Rendered {
        let mut opts = String::new();
        if let Some(inherits) = option(&table.kwargs, "inherits") {
            let names: Vec<String> = inherits
                .to_list()
                .iter()
                .filter_map(|v| v.as_str())
                .map(|n| ident::quote(self, n))
                .collect();
            opts.push_str(&format!("\n INHERITS ({})", names.join(", ")));
        }
        if let Some(Value::Str(p)) = option(&table.kwargs, "partition_by") {
            opts.push_str(&format!("\n PARTITION BY {p}"));
        }
        if let Some(Value::Str(u)) = option(&table.kwargs, "using") {
            opts.push_str(&format!("\n USING {u}"));
        }
        if let Some(w) = option(&table.kwargs, "with") {
            let w = self.with_options(w);
            if !w.is_empty() {
                opts.push_str(&format!("\n WITH ({w})"));
            }
        }
        match option(&table.kwargs, "with_oids") {
            Some(Value::Bool(true)) => opts.push_str("\n WITH OIDS"),
            Some(Value::Bool(false)) => opts.push_str("\n WITHOUT OIDS"),
            _ => {}
        }
        if let Some(Value::Str(c)) = option(&table.kwargs, "on_commit") {
            opts.push_str(&format!(
                "\n ON COMMIT {}",
                c.replace('_', " ").to_uppercase()
            ));
        }
        if let Some(Value::Str(ts)) = option(&table.kwargs, "tablespace") {
            opts.push_str(&format!("\n TABLESPACE {}", ident::quote(self, ts)));
        }
        Ok(opts)
    }

    fn primary_key_constraint(
        &self,
        pk: &PrimaryKeyObj,
        table: &TableObj,
    ) -> Rendered<Option<String>> {
        Ok(Some(format!(
            "{}{}{}{}",
            ddl::constraint_preamble(self, pk.name.as_deref())?,
            ddl::primary_key_body(self, pk, table)?,
            self.include(&pk.kwargs),
            ddl::deferrability(pk.deferrable, pk.initially.as_deref())?
        )))
    }

    fn unique_constraint(&self, u: &UniqueObj, _table: &TableObj) -> Rendered {
        if u.columns.is_empty() {
            return Ok(String::new());
        }
        let distinct = match option(&u.kwargs, "nulls_not_distinct") {
            Some(Value::Bool(true)) => "NULLS NOT DISTINCT ",
            Some(Value::Bool(false)) => "NULLS DISTINCT ",
            _ => "",
        };
        let cols: Vec<String> = u.columns.iter().map(|c| ident::quote(self, c)).collect();
        Ok(format!(
            "{}UNIQUE {distinct}({}){}{}",
            ddl::constraint_preamble(self, u.name.as_deref())?,
            cols.join(", "),
            self.include(&u.kwargs),
            ddl::deferrability(u.deferrable, u.initially.as_deref())?
        ))
    }

    fn check_constraint(&self, c: &CheckObj) -> Rendered {
        Ok(format!(
            "{}{}",
            ddl::check_constraint(self, c)?,
            self.not_valid(&c.kwargs)
        ))
    }

    fn foreign_key_constraint(
        &self,
        fk: &ForeignKeyObj,
        _table: &TableObj,
    ) -> Rendered<Option<String>> {
        Ok(Some(format!(
            "{}{}",
            ddl::foreign_key_constraint(self, fk)?,
            self.not_valid(&fk.kwargs)
        )))
    }

    fn fk_ondelete_phrase(&self, phrase: &str) -> Rendered {
        // A keyword phrase, optionally followed by the column list of SET NULL / SET DEFAULT.
        let (words, cols) = match phrase.find('(') {
            Some(p) => (phrase[..p].trim_end(), Some(&phrase[p..])),
            None => (phrase, None),
        };
        let words_ok = !words.is_empty()
            && words
                .split_whitespace()
                .all(|w| w.chars().all(|c| c.is_alphanumeric() || c == '_'))
            && !words.starts_with(char::is_whitespace);
        let cols_ok = cols.is_none_or(|c| c.trim_end().ends_with(')'));
        if words_ok && cols_ok {
            Ok(phrase.to_owned())
        } else {
            ddl::sql_phrase(phrase)
        }
    }

    fn create_index(&self, idx: &IndexObj, if_not_exists: bool) -> Rendered {
        let mut text = String::from("CREATE ");
        if idx.unique {
            text.push_str("UNIQUE ");
        }
        text.push_str("INDEX ");
        if idx.concurrently {
            text.push_str("CONCURRENTLY ");
        }
        if if_not_exists {
            text.push_str("IF NOT EXISTS ");
        }
        text.push_str(&format!(
            "{} ON {} ",
            ddl::index_name(self, idx, false)?,
            ident::table(self, &idx.table, idx.schema.as_deref())
        ));
        if let Some(using) = &idx.using {
            text.push_str(&format!(
                "USING {} ",
                ddl::sql_phrase(using)?.to_lowercase()
            ));
        }
        let ops = option(&idx.kwargs, "ops");
        let elements = idx
            .elements
            .iter()
            .map(|e| {
                let mut s = ddl::index_element(self, e)?;
                if let (retort_ir::IndexElement::Column(c), Some(Value::Dict(ops))) = (e, ops) {
                    if let Some((_, Value::Str(op))) =
                        ops.iter().find(|(k, _)| k.as_str() == Some(c.as_str()))
                    {
                        s.push(' ');
                        s.push_str(op);
                    }
                }
                Ok(s)
            })
            .collect::<Rendered<Vec<_>>>()?;
        text.push_str(&format!("({})", elements.join(", ")));
        text.push_str(&self.include(&idx.kwargs));
        match option(&idx.kwargs, "nulls_not_distinct") {
            Some(Value::Bool(true)) => text.push_str(" NULLS NOT DISTINCT"),
            Some(Value::Bool(false)) => text.push_str(" NULLS DISTINCT"),
            _ => {}
        }
        if let Some(w) = option(&idx.kwargs, "with") {
            let w = self.with_options(w);
            if !w.is_empty() {
                text.push_str(&format!(" WITH ({w})"));
            }
        }
        if let Some(Value::Str(ts)) = option(&idx.kwargs, "tablespace") {
            text.push_str(&format!(" TABLESPACE {}", ident::quote(self, ts)));
        }
        if let Some(w) = index_where(idx, "postgresql") {
            text.push_str(" WHERE ");
            text.push_str(&expr::text(w)?);
        }
        Ok(text)
    }

    fn drop_index(&self, idx: &IndexObj, if_exists: bool) -> Rendered {
        let mut text = String::from("\nDROP INDEX ");
        if idx.concurrently {
            text.push_str("CONCURRENTLY ");
        }
        if if_exists {
            text.push_str("IF EXISTS ");
        }
        text.push_str(&ddl::index_name(self, idx, true)?);
        Ok(text)
    }

    fn rename_table(&self, old: &str, new: &str, schema: Option<&str>) -> String {
        ddl::rename_table(self, old, new, schema, None)
    }

    fn alter_column(&self, a: &AlterColumnSpec<'_>) -> Rendered<Vec<String>> {
        if a.postgresql_using.is_some() && a.type_.is_none() {
            return Err(RenderError::command(
                "postgresql_using must be used with the type_ parameter",
            ));
        }
        let mut out = Vec::new();
        if let Some(ty) = a.type_ {
            let mut text = format!(
                "{} TYPE {}",
                alter::alter_column_prefix(self, a),
                types::compile(self, ty)?
            );
            text.push(' ');
            if let Some(using) = a.postgresql_using {
                text.push_str(&format!("USING {using}"));
            }
            out.push(ddl::finish(&text));
        }
        alter::generic_steps(self, a, false, &mut out)?;
        Ok(out)
    }

    fn column_comment(&self, a: &AlterColumnSpec<'_>, comment: Option<&str>) -> Rendered {
        Ok(format!(
            "COMMENT ON COLUMN {}.{} IS {}",
            ident::alembic_table(self, a.table, a.schema),
            ident::quote(self, a.column),
            comment.map_or_else(|| "NULL".to_owned(), |c| expr::string_literal(self, c))
        ))
    }

    fn prep_table_for_batch(
        &self,
        table: &TableObj,
        named_constraints: &[String],
    ) -> Rendered<Vec<String>> {
        let mut out = Vec::new();
        let mut names: Vec<&str> = table.primary_key.name.as_deref().into_iter().collect();
        names.extend(table.constraints.iter().filter_map(|c| c.name()));
        for name in names {
            if named_constraints.iter().any(|n| n == name) {
                out.push(format!(
                    "ALTER TABLE {} DROP CONSTRAINT {}",
                    ident::table(self, &table.name, table.schema.as_deref()),
                    ddl::validate_name(self, name)?
                ));
            }
        }
        Ok(out)
    }
}

/// The partial-index condition that applies to `dialect`: its own `<dialect>_where`,
/// else none when another dialect's is given, else the IR's (an index from the catalog).
pub(crate) fn index_where<'a>(idx: &'a IndexObj, dialect: &str) -> Option<&'a str> {
    let own = format!("{dialect}_where");
    if let Some(v) = kwarg(&idx.kwargs, &own) {
        return match v {
            Value::Text(s) | Value::Str(s) => Some(s.as_str()),
            _ => idx.where_.as_deref(),
        };
    }
    let other_given = ["postgresql_where", "sqlite_where"]
        .iter()
        .any(|k| kwarg(&idx.kwargs, k).is_some());
    if other_given {
        None
    } else {
        idx.where_.as_deref()
    }
}
