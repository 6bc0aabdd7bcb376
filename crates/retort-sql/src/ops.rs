//! One IR op as Alembic executes it offline: `operations/toimpl.py` and the dialect
//! impl's methods, each statement compiled and written as `impl._exec` writes it.

use retort_catalog::{Catalog, NamingConvention};
use retort_ir::{
    Column, ConstraintKind, ExecuteSql, Index, IndexElement, Op, OpKind, SqlType, TextRange, Value,
};

use crate::alter::AlterColumnSpec;
use crate::ddl::{self, DropConstraintSpec};
use crate::error::{RenderError, Rendered};
use crate::expr;
use crate::ident;
use crate::schema::{self, ConstraintObj, IndexObj, Namer, TableObj};
use crate::types::TypeView;
use crate::Dialect;

/// An error raised by one op, with where the op is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OpError {
    pub error: RenderError,
    pub range: TextRange,
}

/// Where statements go: `impl.static_output`.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub out: String,
}

impl Sink {
    /// `impl._exec(construct)`: the compiled text, tidied, with the terminator.
    pub(crate) fn statement(&mut self, compiled: &str) {
        self.out.push_str(&ddl::finish(compiled));
        self.out.push_str(";\n\n");
    }

    /// `impl.static_output(text)`.
    pub(crate) fn raw(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push_str("\n\n");
    }
}

/// Renders ops for one dialect, keeping what Alembic's impl keeps across a run.
pub(crate) struct OpRenderer<'a> {
    pub d: &'a dyn Dialect,
    pub convention: &'a NamingConvention,
    /// `impl.memo`: the PostgreSQL named types already created in this run.
    pub created_types: &'a mut Vec<(Option<String>, String)>,
    /// The schema before the op, for batch mode.
    pub catalog: &'a Catalog,
}

impl OpRenderer<'_> {
    pub(crate) fn namer(&self) -> Namer<'_> {
        Namer {
            convention: self.convention,
        }
    }

    /// Renders `op` into `sink`, pushing what cannot be rendered onto `errors`.
    /// Statements emitted before an error stay emitted, as they do in Alembic's output.
    pub(crate) fn render(&mut self, op: &Op, sink: &mut Sink, errors: &mut Vec<OpError>) {
        match &op.kind {
            OpKind::Batch { .. } => crate::batch::render_batch(self, op, sink, errors),
            OpKind::AutocommitBlock { ops } => {
                for inner in ops {
                    self.render(inner, sink, errors);
                }
            }
            OpKind::Conditional { .. } => {
                for inner in Op::resolve(std::slice::from_ref(op), self.d.name(), true) {
                    self.render(&inner, sink, errors);
                }
            }
            _ => {
                if let Err(error) = self.render_simple(op, sink) {
                    errors.push(OpError {
                        error,
                        range: op.range,
                    });
                }
            }
        }
    }

    fn render_simple(&mut self, op: &Op, sink: &mut Sink) -> Rendered<()> {
        let d = self.d;
        match &op.kind {
            OpKind::CreateTable {
                table,
                schema,
                columns,
                constraints,
                indexes,
                comment,
                if_not_exists,
                kwargs,
            } => {
                let t = TableObj::build(
                    d,
                    &self.namer(),
                    table,
                    schema.as_deref(),
                    columns,
                    constraints,
                    indexes,
                    comment.as_deref(),
                    kwargs,
                )?;
                self.create_table(&t, *if_not_exists, sink)
            }
            OpKind::DropTable {
                table,
                schema,
                if_exists,
            } => {
                let mut text = String::from("\nDROP TABLE ");
                if *if_exists {
                    text.push_str("IF EXISTS ");
                }
                text.push_str(&ident::table(d, table, schema.as_deref()));
                sink.statement(&text);
                Ok(())
            }
            OpKind::RenameTable { old, new, schema } => {
                sink.statement(&d.rename_table(old, new, schema.as_deref()));
                Ok(())
            }
            OpKind::AddColumn {
                table,
                column,
                schema,
                if_not_exists,
            } => self.add_column(table, schema.as_deref(), column, *if_not_exists, sink),
            OpKind::DropColumn {
                table,
                column,
                schema,
                if_exists,
                ..
            } => {
                sink.statement(&format!(
                    "{} DROP COLUMN {}{}",
                    ddl::alter_table(d, table, schema.as_deref()),
                    if *if_exists { "IF EXISTS " } else { "" },
                    ident::quote(d, column)
                ));
                Ok(())
            }
            OpKind::AlterColumn(a) => self.alter_column(&AlterColumnSpec::from_ir(a), sink),
            OpKind::CreateIndex(idx) => {
                let obj = schema::index_obj(&self.namer(), idx, &idx.table, index_schema(idx))?;
                sink.statement(&d.create_index(&obj, idx.if_not_exists)?);
                Ok(())
            }
            OpKind::DropIndex {
                name,
                table,
                schema,
                if_exists,
                concurrently,
                kwargs,
            } => {
                let obj = IndexObj {
                    name: Some(name.text.clone()),
                    table: table.clone().unwrap_or_else(|| "no_table".to_owned()),
                    schema: schema.clone(),
                    elements: vec![IndexElement::Column("x".to_owned())],
                    unique: false,
                    where_: None,
                    using: None,
                    concurrently: *concurrently,
                    column_flag: false,
                    kwargs: kwargs.clone(),
                };
                sink.statement(&d.drop_index(&obj, *if_exists)?);
                Ok(())
            }
            OpKind::AddConstraint {
                table,
                schema,
                constraint,
            } => {
                let c =
                    schema::constraint_obj(&self.namer(), table, schema.as_deref(), constraint)?;
                let t = TableObj::new(table, schema.as_deref());
                if let Some(stmt) = d.add_constraint(&c, &t)? {
                    sink.statement(&stmt);
                }
                Ok(())
            }
            OpKind::DropConstraint {
                name,
                table,
                kind,
                schema,
                if_exists,
            } => {
                let spec = DropConstraintSpec {
                    name: name.as_ref().map(|n| n.text.as_str()),
                    table,
                    schema: schema.as_deref(),
                    kind: *kind,
                    if_exists: *if_exists,
                };
                if let Some(stmt) = d.drop_constraint(&spec)? {
                    sink.statement(&stmt);
                }
                Ok(())
            }
            OpKind::CreateExcludeConstraint {
                name,
                table,
                elements,
                where_,
                using,
                schema,
            } => {
                if d.name() != "postgresql" {
                    return Err(RenderError::compile(format!(
                        "Compiler <{}> can't render element of type ExcludeConstraint",
                        d.type_compiler_class()
                            .replace("TypeCompiler", "DDLCompiler")
                    )));
                }
                let mut text = String::new();
                if let Some(n) = name {
                    text.push_str(&format!("CONSTRAINT {} ", ddl::validate_name(d, &n.text)?));
                }
                let items: Vec<String> = elements
                    .iter()
                    .map(|(e, op)| Ok(format!("{} WITH {op}", exclude_element(d, e)?)))
                    .collect::<Rendered<_>>()?;
                text.push_str(&format!(
                    "EXCLUDE USING {} ({})",
                    ddl::sql_phrase(using.as_deref().unwrap_or("gist"))?.to_lowercase(),
                    items.join(", ")
                ));
                if let Some(w) = where_ {
                    text.push_str(&format!(" WHERE ({})", expr::text(w)?));
                }
                sink.statement(&format!(
                    "ALTER TABLE {} ADD {text}",
                    ident::table(d, table, schema.as_deref())
                ));
                Ok(())
            }
            OpKind::CreateTableComment {
                table,
                comment,
                schema,
                ..
            } => {
                sink.statement(&d.set_table_comment(table, schema.as_deref(), comment)?);
                Ok(())
            }
            OpKind::DropTableComment { table, schema, .. } => {
                sink.statement(&d.drop_table_comment(table, schema.as_deref())?);
                Ok(())
            }
            OpKind::BulkInsert {
                table,
                schema,
                columns,
                rows,
                ..
            } => {
                for row in rows {
                    sink.statement(&insert_row(d, table, schema.as_deref(), columns, row)?);
                }
                Ok(())
            }
            OpKind::Execute { sql } => {
                let text = match sql {
                    ExecuteSql::Text { sql, .. } => expr::text(sql)?,
                    ExecuteSql::Core { sql } => sql.clone(),
                };
                sink.statement(&text);
                Ok(())
            }
            OpKind::CreateType { type_, .. } => self.named_type(type_, true, sink),
            OpKind::DropType { type_, .. } => self.named_type(type_, false, sink),
            OpKind::Opaque { reason, .. } => Err(RenderError::unknown(reason.clone())),
            OpKind::Batch { .. } | OpKind::AutocommitBlock { .. } | OpKind::Conditional { .. } => {
                Ok(())
            }
        }
    }

    /// `impl.create_table`: the table's named types, `CREATE TABLE`, its indexes and
    /// comments.
    pub(crate) fn create_table(
        &mut self,
        t: &TableObj,
        if_not_exists: bool,
        sink: &mut Sink,
    ) -> Rendered<()> {
        let d = self.d;
        if d.supports_native_enum() && d.name() == "postgresql" {
            for col in &t.columns {
                if let Some(ty) = &col.type_ {
                    self.create_named_type(ty, sink)?;
                }
            }
        }
        sink.statement(&ddl::create_table(d, t, if_not_exists)?);
        for idx in &t.indexes {
            sink.statement(&d.create_index(idx, false)?);
        }
        let with_comment = d.supports_comments() && !d.inline_comments();
        if with_comment {
            if let Some(c) = &t.comment {
                sink.statement(&d.set_table_comment(&t.name, t.schema.as_deref(), c)?);
            }
            for col in &t.columns {
                if col.comment.is_some() {
                    sink.statement(&d.set_column_comment(t, col)?);
                }
            }
        }
        Ok(())
    }

    /// PostgreSQL `CREATE TYPE … AS ENUM` before a table that uses a named enum type,
    /// once per run (`_check_for_name_in_memos`).
    fn create_named_type(&mut self, ty: &SqlType, sink: &mut Sink) -> Rendered<()> {
        let Some(view) = TypeView::resolve(self.d, ty) else {
            return Ok(());
        };
        if view.is("ARRAY") {
            if let Some(item) = view.item_type() {
                return self.create_named_type(item, sink);
            }
            return Ok(());
        }
        if !view.is("Enum") || !view.native_enum() || !view.create_type() {
            return Ok(());
        }
        let name = view.enum_name();
        let schema = view.enum_schema().map(str::to_owned);
        let key = (schema.clone(), name.clone().unwrap_or_default());
        if self.created_types.contains(&key) {
            return Ok(());
        }
        self.created_types.push(key);
        let labels = view.enum_labels().ok_or_else(|| {
            RenderError::unknown(format!(
                "the labels of the enum type {} are not known statically",
                name.as_deref().unwrap_or("?")
            ))
        })?;
        let pg = crate::dialect::PostgreSql;
        let formatted = pg.format_type(name.as_deref(), schema.as_deref(), "ENUM")?;
        let labels: Vec<String> = labels
            .iter()
            .map(|l| expr::string_literal(self.d, l))
            .collect();
        sink.statement(&format!(
            "CREATE TYPE {formatted} AS ENUM ({})",
            labels.join(", ")
        ));
        Ok(())
    }

    /// `<Enum>.create(bind)` / `.drop(bind)`: PostgreSQL's `CREATE TYPE` / `DROP TYPE`
    /// for a native enum, nothing where the dialect has no native enums (a
    /// `postgresql.ENUM` on MySQL cannot compile).
    fn named_type(&mut self, ty: &SqlType, create: bool, sink: &mut Sink) -> Rendered<()> {
        let d = self.d;
        let view = TypeView::resolve(d, ty).ok_or_else(|| crate::types::unknown_type(ty))?;
        if !view.is("Enum") || !view.native_enum() {
            return Ok(());
        }
        let pg_type = view.class.module == crate::types::Module::Postgresql;
        if d.name() != "postgresql" {
            if pg_type && d.supports_native_enum() {
                return Err(RenderError::compile(format!(
                    "Compiler <{}> can't render element of type <class 'sqlalchemy.dialects.postgresql.named_types.{}EnumType'>",
                    d.type_compiler_class().replace("TypeCompiler", "DDLCompiler"),
                    if create { "Create" } else { "Drop" }
                )));
            }
            return Ok(());
        }
        let pg = crate::dialect::PostgreSql;
        let name = view.enum_name();
        let formatted = pg.format_type(name.as_deref(), view.enum_schema(), "ENUM")?;
        if !create {
            sink.statement(&format!("DROP TYPE {formatted}"));
            return Ok(());
        }
        let labels = view.enum_labels().ok_or_else(|| {
            RenderError::unknown(format!(
                "the labels of the enum type {} are not known statically",
                name.as_deref().unwrap_or("?")
            ))
        })?;
        let labels: Vec<String> = labels.iter().map(|l| expr::string_literal(d, l)).collect();
        sink.statement(&format!(
            "CREATE TYPE {formatted} AS ENUM ({})",
            labels.join(", ")
        ));
        Ok(())
    }

    /// `toimpl.add_column`.
    fn add_column(
        &mut self,
        table: &str,
        schema: Option<&str>,
        column: &Column,
        if_not_exists: bool,
        sink: &mut Sink,
    ) -> Rendered<()> {
        let d = self.d;
        let t = TableObj::build(
            d,
            &self.namer(),
            table,
            schema,
            std::slice::from_ref(column),
            &[],
            &[],
            None,
            &[],
        )?;
        let col = &t.columns[0];
        let mut text = format!(
            "{} ADD COLUMN {}{}",
            ddl::alter_table(d, table, schema),
            if if_not_exists { "IF NOT EXISTS " } else { "" },
            d.column_specification(col, &t)?
        );
        let inline: Vec<String> = col
            .checks
            .iter()
            .map(|c| d.column_check_constraint(c))
            .collect::<Rendered<_>>()?;
        if !inline.is_empty() {
            text.push(' ');
            text.push_str(&inline.join(" "));
        }
        sink.statement(&text);
        for c in &t.constraints {
            if let ConstraintObj::Check(ck) = c {
                if ck.type_bound && d.name() == "sqlite" {
                    // SQLiteImpl: "Skipping unsupported ALTER for creation of implicit constraint".
                    continue;
                }
            }
            if let Some(stmt) = d.add_constraint(c, &t)? {
                sink.statement(&stmt);
            }
        }
        for idx in &t.indexes {
            sink.statement(&d.create_index(idx, false)?);
        }
        if d.supports_comments() && !d.inline_comments() && col.comment.is_some() {
            sink.statement(&d.set_column_comment(&t, col)?);
        }
        Ok(())
    }

    /// `toimpl.alter_column`: type-bound constraints of the old type dropped, the
    /// dialect's statements, those of the new type added.
    fn alter_column(&mut self, a: &AlterColumnSpec<'_>, sink: &mut Sink) -> Rendered<()> {
        let d = self.d;
        if let (Some(existing), Some(_)) = (a.existing_type, a.type_) {
            if let Some(ck) = self.type_bound(a, existing)? {
                if d.name() != "mysql" {
                    let spec = DropConstraintSpec {
                        name: ck.name.as_deref(),
                        table: a.table,
                        schema: a.schema,
                        kind: Some(ConstraintKind::Check),
                        if_exists: false,
                    };
                    if let Some(stmt) = d.drop_constraint(&spec)? {
                        sink.statement(&stmt);
                    }
                }
            }
        }
        for stmt in d.alter_column(a)? {
            sink.statement(&stmt);
        }
        if let Some(new) = a.type_ {
            if let Some(ck) = self.type_bound(a, new)? {
                let t = TableObj::new(a.table, a.schema);
                if d.name() != "sqlite" {
                    if let Some(stmt) = d.add_constraint(&ConstraintObj::Check(ck), &t)? {
                        sink.statement(&stmt);
                    }
                }
            }
        }
        Ok(())
    }

    fn type_bound(
        &self,
        a: &AlterColumnSpec<'_>,
        ty: &SqlType,
    ) -> Rendered<Option<schema::CheckObj>> {
        let column = Column::new(a.column, Some(ty.clone()), TextRange::default());
        let t = TableObj::build(
            self.d,
            &self.namer(),
            a.table,
            a.schema,
            std::slice::from_ref(&column),
            &[],
            &[],
            None,
            &[],
        )?;
        Ok(t.constraints.into_iter().find_map(|c| match c {
            ConstraintObj::Check(ck) if ck.type_bound => Some(ck),
            _ => None,
        }))
    }
}

fn index_schema(idx: &Index) -> Option<&str> {
    idx.kwargs
        .iter()
        .find(|(k, _)| k == "schema")
        .and_then(|(_, v)| v.as_str())
}

fn exclude_element(d: &dyn Dialect, e: &str) -> Rendered {
    let is_column = !e.is_empty() && e.chars().all(|c| c.is_alphanumeric() || c == '_');
    if is_column {
        Ok(ident::quote(d, e))
    } else {
        expr::text(e)
    }
}

/// `table.insert().inline().values(**row)` compiled with literal binds.
pub(crate) fn insert_row(
    d: &dyn Dialect,
    table: &str,
    schema: Option<&str>,
    columns: &[(String, Option<SqlType>)],
    row: &[(String, Value)],
) -> Rendered {
    if let Some((unknown, _)) = row
        .iter()
        .find(|(k, _)| !columns.iter().any(|(c, _)| c == k))
    {
        return Err(RenderError::new(
            crate::ErrorKind::Compile,
            format!("Unconsumed column names: {unknown}"),
        ));
    }
    let mut names = Vec::new();
    let mut values = Vec::new();
    for (name, ty) in columns {
        let Some((_, v)) = row.iter().find(|(k, _)| k == name) else {
            continue;
        };
        names.push(ident::quote(d, name));
        values.push(expr::typed_literal(d, v, ty.as_ref())?);
    }
    let table = ident::table(d, table, schema);
    if names.is_empty() {
        return Ok(if d.name() == "mysql" {
            format!("INSERT INTO {table} () VALUES ()")
        } else {
            format!("INSERT INTO {table} DEFAULT VALUES")
        });
    }
    Ok(format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        names.join(", "),
        values.join(", ")
    ))
}
