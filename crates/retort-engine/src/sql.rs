//! `op.execute` and `op.bulk_insert`.
//!
//! The SQL of `op.execute` is parsed with sqlparser in the project's dialect. DDL
//! becomes IR ops and runs like `op.*` calls (catalog first, then GlueSQL); `CREATE
//! TYPE … AS ENUM` / `DROP TYPE` change the catalog's enum types; data statements run
//! in GlueSQL once names are adapted, and the engine's constraints are checked after
//! them; whatever the engine cannot run is reported as not executed, never skipped
//! silently.

use std::ops::ControlFlow;

use gluesql_core::ast::DataType as GType;
use gluesql_core::data::Value as GValue;
use retort_catalog::{EnumType, QualifiedName};
use retort_ir::{
    Column, Constraint, ConstraintKind, Diagnostic, ExecuteSql, ForeignKeyRef, Index, IndexElement,
    Name, Op, OpKind, SqlType, TextRange, TypeDialect, Value,
};
use sqlparser::ast::{
    self as sql, AlterColumnOperation, AlterTableOperation, CharacterLength, ColumnOption,
    ExactNumberInfo, ObjectName, ObjectType, SetExpr, Statement, TableConstraint, TimezoneInfo,
    UserDefinedTypeRepresentation,
};
use sqlparser::dialect::{Dialect as SqlDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::Parser;

use crate::codes;
use crate::enforce;
use crate::engine::{Engine, Origin};
use crate::enum_type;
use crate::physical::{ident, physical_name, typed_literal};
use crate::volatile::{self, Sequence};
use crate::Dialect;

/// The sqlparser dialect for the imitated database.
fn parser_dialect(dialect: Dialect) -> Box<dyn SqlDialect> {
    match dialect {
        Dialect::Postgresql => Box::new(PostgreSqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
    }
}

/// Parses `sql` in `dialect`.
pub(crate) fn parse(dialect: Dialect, sql: &str) -> Result<Vec<Statement>, String> {
    Parser::parse_sql(parser_dialect(dialect).as_ref(), sql).map_err(|e| e.to_string())
}

/// What one statement of `op.execute` is, for the engine.
pub(crate) enum Kind {
    /// Schema changes, as ops.
    Ddl(Vec<OpKind>),
    /// `CREATE TYPE … AS ENUM`.
    CreateEnum(EnumType),
    /// `DROP TYPE`.
    DropEnum(Vec<QualifiedName>, bool),
    /// `CREATE SEQUENCE`.
    CreateSequence(String, bool, Sequence),
    /// `DROP SEQUENCE`.
    DropSequence(Vec<QualifiedName>, bool),
    /// INSERT / UPDATE / DELETE.
    Write,
    /// SELECT and other reads.
    Read,
    /// Something the engine does not run, and why.
    Other(String),
}

fn split_name(name: &ObjectName) -> (Option<String>, String) {
    match name.0.as_slice() {
        [schema, table] => (Some(schema.value.clone()), table.value.clone()),
        [.., last] => (None, last.value.clone()),
        [] => (None, String::new()),
    }
}

fn qualified_names(names: &[ObjectName]) -> Vec<QualifiedName> {
    names
        .iter()
        .map(|n| {
            let (schema, name) = split_name(n);
            QualifiedName::new(schema.as_deref(), &name)
        })
        .collect()
}

fn final_name(ident: &sql::Ident) -> Name {
    Name {
        text: ident.value.clone(),
        is_final: true,
    }
}

fn generic(name: &str, args: Vec<Value>, kwargs: Vec<(String, Value)>) -> SqlType {
    SqlType {
        args,
        kwargs,
        ..SqlType::generic(name)
    }
}

/// A SQL type as the SQLAlchemy type that renders it.
pub(crate) fn sql_type(dt: &sql::DataType, enums: &dyn Fn(&str) -> Option<EnumType>) -> SqlType {
    use sql::DataType as D;
    let length = |l: &Option<CharacterLength>| match l {
        Some(CharacterLength::IntegerLength { length, .. }) => {
            vec![Value::Int(i64::try_from(*length).unwrap_or(i64::MAX))]
        }
        _ => Vec::new(),
    };
    let int = |n: &Option<u64>| n.map(|v| Value::Int(i64::try_from(v).unwrap_or(i64::MAX)));
    match dt {
        D::Varchar(l) | D::CharacterVarying(l) | D::CharVarying(l) | D::Nvarchar(l) => {
            generic("VARCHAR", length(l), Vec::new())
        }
        D::Char(l) | D::Character(l) => generic("CHAR", length(l), Vec::new()),
        D::Text | D::String(_) => generic("TEXT", Vec::new(), Vec::new()),
        D::Int(_) | D::Integer(_) | D::Int4(_) | D::MediumInt(_) => {
            generic("INTEGER", Vec::new(), Vec::new())
        }
        D::BigInt(_) | D::Int8(_) | D::Int64 => generic("BIGINT", Vec::new(), Vec::new()),
        D::SmallInt(_) | D::Int2(_) => generic("SMALLINT", Vec::new(), Vec::new()),
        D::TinyInt(_) => SqlType {
            dialect: TypeDialect::Mysql,
            ..generic("TINYINT", Vec::new(), Vec::new())
        },
        D::Boolean | D::Bool => generic("BOOLEAN", Vec::new(), Vec::new()),
        D::Numeric(info) | D::Decimal(info) | D::Dec(info) => {
            let args = match info {
                ExactNumberInfo::None => Vec::new(),
                ExactNumberInfo::Precision(p) => int(&Some(*p)).into_iter().collect(),
                ExactNumberInfo::PrecisionAndScale(p, s) => [int(&Some(*p)), int(&Some(*s))]
                    .into_iter()
                    .flatten()
                    .collect(),
            };
            generic("NUMERIC", args, Vec::new())
        }
        D::Real | D::Float4 => generic("REAL", Vec::new(), Vec::new()),
        D::Float(_) | D::Double | D::DoublePrecision | D::Float8 | D::Float64 => {
            generic("FLOAT", Vec::new(), Vec::new())
        }
        D::Date => generic("DATE", Vec::new(), Vec::new()),
        D::Timestamp(_, tz) => {
            let kwargs = match tz {
                TimezoneInfo::WithTimeZone | TimezoneInfo::Tz => {
                    vec![("timezone".to_owned(), Value::Bool(true))]
                }
                _ => Vec::new(),
            };
            generic("TIMESTAMP", Vec::new(), kwargs)
        }
        D::Datetime(_) => generic("DATETIME", Vec::new(), Vec::new()),
        D::Time(_, _) => generic("TIME", Vec::new(), Vec::new()),
        D::Interval => generic("INTERVAL", Vec::new(), Vec::new()),
        D::Uuid => generic("UUID", Vec::new(), Vec::new()),
        D::Bytea | D::Blob(_) | D::Binary(_) | D::Varbinary(_) => {
            generic("BLOB", Vec::new(), Vec::new())
        }
        D::JSON => generic("JSON", Vec::new(), Vec::new()),
        D::JSONB => SqlType {
            dialect: TypeDialect::Postgresql,
            ..generic("JSONB", Vec::new(), Vec::new())
        },
        D::Custom(name, _) => {
            let (_, n) = split_name(name);
            if let Some(e) = enums(&n) {
                let labels = e.labels.clone().unwrap_or_default();
                return SqlType {
                    dialect: TypeDialect::Postgresql,
                    ..generic(
                        "ENUM",
                        labels.into_iter().map(Value::Str).collect(),
                        vec![
                            ("name".to_owned(), Value::Str(e.name.clone())),
                            ("create_type".to_owned(), Value::Bool(false)),
                        ],
                    )
                };
            }
            generic(&n.to_uppercase(), Vec::new(), Vec::new())
        }
        other => generic(&other.to_string().to_uppercase(), Vec::new(), Vec::new()),
    }
}

fn column(
    def: &sql::ColumnDef,
    range: TextRange,
    enums: &dyn Fn(&str) -> Option<EnumType>,
) -> Column {
    let mut col = Column::new(
        def.name.value.clone(),
        Some(sql_type(&def.data_type, enums)),
        range,
    );
    for option in &def.options {
        match &option.option {
            ColumnOption::Null => col.nullable = Some(true),
            ColumnOption::NotNull => col.nullable = Some(false),
            ColumnOption::Default(e) => col.server_default = Some(Value::Text(e.to_string())),
            ColumnOption::Unique {
                is_primary: true, ..
            } => col.primary_key = true,
            ColumnOption::Unique {
                is_primary: false, ..
            } => col.unique = Some(true),
            ColumnOption::ForeignKey {
                foreign_table,
                referred_columns,
                on_delete,
                on_update,
                ..
            } => {
                let (schema, table) = split_name(foreign_table);
                let target_column = referred_columns
                    .first()
                    .map_or_else(|| "id".to_owned(), |c| c.value.clone());
                let target = match schema {
                    Some(s) => format!("{s}.{table}.{target_column}"),
                    None => format!("{table}.{target_column}"),
                };
                col.foreign_keys.push(ForeignKeyRef {
                    target,
                    name: option.name.as_ref().map(final_name),
                    ondelete: on_delete.map(|a| a.to_string()),
                    onupdate: on_update.map(|a| a.to_string()),
                    deferrable: None,
                    initially: None,
                    match_: None,
                    use_alter: false,
                });
            }
            ColumnOption::Check(e) => {
                let mut c = Constraint::new(
                    ConstraintKind::Check,
                    option.name.as_ref().map(final_name),
                    Vec::new(),
                    range,
                );
                c.sqltext = Some(e.to_string());
                col.checks.push(c);
            }
            ColumnOption::Comment(text) => col.comment = Some(text.clone()),
            _ => {}
        }
    }
    col
}

fn constraint(tc: &TableConstraint, range: TextRange) -> Option<Constraint> {
    let idents = |v: &[sql::Ident]| v.iter().map(|i| i.value.clone()).collect::<Vec<_>>();
    Some(match tc {
        TableConstraint::Unique { name, columns, .. } => Constraint::new(
            ConstraintKind::Unique,
            name.as_ref().map(final_name),
            idents(columns),
            range,
        ),
        TableConstraint::PrimaryKey { name, columns, .. } => Constraint::new(
            ConstraintKind::PrimaryKey,
            name.as_ref().map(final_name),
            idents(columns),
            range,
        ),
        TableConstraint::ForeignKey {
            name,
            columns,
            foreign_table,
            referred_columns,
            on_delete,
            on_update,
            ..
        } => {
            let mut c = Constraint::new(
                ConstraintKind::ForeignKey,
                name.as_ref().map(final_name),
                idents(columns),
                range,
            );
            let (schema, table) = split_name(foreign_table);
            c.ref_table = Some(table);
            c.ref_schema = schema;
            c.ref_columns = idents(referred_columns);
            c.ondelete = on_delete.map(|a| a.to_string());
            c.onupdate = on_update.map(|a| a.to_string());
            c
        }
        TableConstraint::Check { name, expr } => {
            let mut c = Constraint::new(
                ConstraintKind::Check,
                name.as_ref().map(final_name),
                Vec::new(),
                range,
            );
            c.sqltext = Some(expr.to_string());
            c
        }
        _ => return None,
    })
}

/// What `statement` is, with DDL turned into ops located at `range`.
pub(crate) fn classify(
    statement: &Statement,
    range: TextRange,
    enums: &dyn Fn(&str) -> Option<EnumType>,
) -> Kind {
    match statement {
        Statement::Query(_) => Kind::Read,
        Statement::Insert(_) | Statement::Update { .. } | Statement::Delete(_) => Kind::Write,
        Statement::CreateTable(ct) => {
            let (schema, table) = split_name(&ct.name);
            let columns = ct.columns.iter().map(|c| column(c, range, enums)).collect();
            let mut constraints = Vec::new();
            for tc in &ct.constraints {
                match constraint(tc, range) {
                    Some(c) => constraints.push(c),
                    None => return Kind::Other(format!("table constraint {tc}")),
                }
            }
            if ct.query.is_some() {
                return Kind::Other("CREATE TABLE … AS SELECT".to_owned());
            }
            Kind::Ddl(vec![OpKind::CreateTable {
                table,
                schema,
                columns,
                constraints,
                indexes: Vec::new(),
                comment: None,
                if_not_exists: ct.if_not_exists,
                kwargs: Vec::new(),
            }])
        }
        Statement::AlterTable {
            name, operations, ..
        } => {
            let (schema, table) = split_name(name);
            let mut ops = Vec::new();
            for operation in operations {
                let alter = |column: &str| retort_ir::AlterColumn {
                    table: table.clone(),
                    column: column.to_owned(),
                    schema: schema.clone(),
                    nullable: None,
                    type_: None,
                    server_default: None,
                    new_column_name: None,
                    comment: None,
                    autoincrement: None,
                    existing_type: None,
                    existing_nullable: None,
                    existing_server_default: None,
                    existing_comment: None,
                    existing_autoincrement: None,
                    postgresql_using: None,
                    kwargs: Vec::new(),
                };
                let op = match operation {
                    AlterTableOperation::AddColumn {
                        column_def,
                        if_not_exists,
                        ..
                    } => OpKind::AddColumn {
                        table: table.clone(),
                        column: column(column_def, range, enums),
                        schema: schema.clone(),
                        if_not_exists: *if_not_exists,
                    },
                    AlterTableOperation::DropColumn {
                        column_name,
                        if_exists,
                        ..
                    } => OpKind::DropColumn {
                        table: table.clone(),
                        column: column_name.value.clone(),
                        schema: schema.clone(),
                        if_exists: *if_exists,
                        kwargs: Vec::new(),
                    },
                    AlterTableOperation::RenameColumn {
                        old_column_name,
                        new_column_name,
                    } => {
                        let mut a = alter(&old_column_name.value);
                        a.new_column_name = Some(new_column_name.value.clone());
                        OpKind::AlterColumn(Box::new(a))
                    }
                    AlterTableOperation::RenameTable { table_name } => OpKind::RenameTable {
                        old: table.clone(),
                        new: split_name(table_name).1,
                        schema: schema.clone(),
                    },
                    AlterTableOperation::AlterColumn { column_name, op } => {
                        let mut a = alter(&column_name.value);
                        match op {
                            AlterColumnOperation::SetNotNull => a.nullable = Some(false),
                            AlterColumnOperation::DropNotNull => a.nullable = Some(true),
                            AlterColumnOperation::SetDefault { value } => {
                                a.server_default = Some(Some(Value::Text(value.to_string())));
                            }
                            AlterColumnOperation::DropDefault => a.server_default = Some(None),
                            AlterColumnOperation::SetDataType { data_type, .. } => {
                                a.type_ = Some(sql_type(data_type, enums));
                            }
                            AlterColumnOperation::AddGenerated { .. } => {
                                return Kind::Other(format!("ALTER TABLE … {operation}"));
                            }
                        }
                        OpKind::AlterColumn(Box::new(a))
                    }
                    AlterTableOperation::AddConstraint(tc) => match constraint(tc, range) {
                        Some(c) => OpKind::AddConstraint {
                            table: table.clone(),
                            schema: schema.clone(),
                            constraint: c,
                        },
                        None => return Kind::Other(format!("ALTER TABLE … {operation}")),
                    },
                    AlterTableOperation::DropConstraint {
                        name, if_exists, ..
                    } => OpKind::DropConstraint {
                        name: Some(final_name(name)),
                        table: table.clone(),
                        kind: None,
                        schema: schema.clone(),
                        if_exists: *if_exists,
                    },
                    AlterTableOperation::DropPrimaryKey => {
                        return Kind::Other("ALTER TABLE … DROP PRIMARY KEY".to_owned());
                    }
                    other => return Kind::Other(format!("ALTER TABLE … {other}")),
                };
                ops.push(op);
            }
            Kind::Ddl(ops)
        }
        Statement::Drop {
            object_type,
            names,
            if_exists,
            ..
        } => match object_type {
            ObjectType::Table => Kind::Ddl(
                names
                    .iter()
                    .map(|n| {
                        let (schema, table) = split_name(n);
                        OpKind::DropTable {
                            table,
                            schema,
                            if_exists: *if_exists,
                        }
                    })
                    .collect(),
            ),
            ObjectType::Index => Kind::Ddl(
                names
                    .iter()
                    .map(|n| {
                        let (schema, index) = split_name(n);
                        OpKind::DropIndex {
                            name: Name {
                                text: index,
                                is_final: true,
                            },
                            table: None,
                            schema,
                            if_exists: *if_exists,
                            concurrently: false,
                            kwargs: Vec::new(),
                        }
                    })
                    .collect(),
            ),
            ObjectType::Sequence => Kind::DropSequence(qualified_names(names), *if_exists),
            ObjectType::Type => Kind::DropEnum(qualified_names(names), *if_exists),
            other => Kind::Other(format!("DROP {other}")),
        },
        Statement::CreateIndex(ci) => {
            let (schema, table) = split_name(&ci.table_name);
            let Some(name) = &ci.name else {
                return Kind::Other("CREATE INDEX without a name".to_owned());
            };
            let elements = ci
                .columns
                .iter()
                .map(|c| match &c.expr {
                    sql::Expr::Identifier(i) => IndexElement::Column(i.value.clone()),
                    other => IndexElement::Expression(other.to_string()),
                })
                .collect();
            let mut kwargs = Vec::new();
            if let Some(s) = schema {
                kwargs.push(("schema".to_owned(), Value::Str(s)));
            }
            Kind::Ddl(vec![OpKind::CreateIndex(Index {
                name: Some(Name {
                    text: split_name(name).1,
                    is_final: true,
                }),
                table,
                elements,
                unique: ci.unique,
                where_: ci.predicate.as_ref().map(ToString::to_string),
                using: None,
                concurrently: ci.concurrently,
                if_not_exists: ci.if_not_exists,
                kwargs,
            })])
        }
        Statement::CreateSequence { .. } => match volatile::create_sequence(statement) {
            Some((name, if_not_exists, sequence)) => {
                Kind::CreateSequence(name, if_not_exists, sequence)
            }
            None => Kind::Other("CREATE SEQUENCE".to_owned()),
        },
        Statement::CreateType {
            name,
            representation: UserDefinedTypeRepresentation::Enum { labels },
        } => {
            let (schema, name) = split_name(name);
            Kind::CreateEnum(EnumType {
                name,
                schema,
                labels: Some(labels.iter().map(|l| l.value.clone()).collect()),
            })
        }
        other => {
            let text = other.to_string();
            let head: String = text
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ");
            Kind::Other(head)
        }
    }
}

/// Table names as GlueSQL holds them (`schema.table` as one quoted name) and
/// identifiers quoted the PostgreSQL way, which GlueSQL's parser reads.
pub(crate) fn adapt(statement: &mut Statement) {
    let _ = sql::visit_relations_mut(statement, |name: &mut ObjectName| {
        let joined = name
            .0
            .iter()
            .map(|i| i.value.as_str())
            .collect::<Vec<_>>()
            .join(".");
        *name = ObjectName(vec![sql::Ident::with_quote('"', joined)]);
        ControlFlow::<()>::Continue(())
    });
    let _ = sql::visit_expressions_mut(statement, |expr: &mut sql::Expr| {
        match expr {
            sql::Expr::Identifier(i) if i.quote_style.is_some() => i.quote_style = Some('"'),
            sql::Expr::CompoundIdentifier(parts) => {
                for p in parts.iter_mut().filter(|p| p.quote_style.is_some()) {
                    p.quote_style = Some('"');
                }
            }
            _ => {}
        }
        ControlFlow::<()>::Continue(())
    });
}

impl Engine {
    fn not_executed(
        &self,
        what: &str,
        why: &str,
        range: TextRange,
        origin: Origin<'_>,
        out: &mut Vec<Diagnostic>,
    ) {
        out.push(
            Diagnostic::info(
                codes::NOT_EXECUTED,
                format!("not executed in the in-browser engine: {what} ({why})"),
            )
            .with_path(origin.path)
            .with_range(range)
            .with_help(
                "The real database runs it; the schema and rows shown from here on may differ.",
            ),
        );
    }

    pub(crate) fn execute_sql(
        &mut self,
        op: &Op,
        sql: &ExecuteSql,
        origin: Origin<'_>,
        out: &mut Vec<Diagnostic>,
    ) -> bool {
        let text = sql.sql();
        if self.dialect().has_named_enum_types() {
            if let Some(alter) = enum_type::parse(text) {
                return self.alter_enum(alter, op.range, origin, out);
            }
        }
        let statements = match parse(self.dialect(), text) {
            Ok(s) => s,
            Err(e) => {
                self.not_executed(
                    &short(text),
                    &format!("cannot parse it: {e}"),
                    op.range,
                    origin,
                    out,
                );
                self.catalog
                    .mark_uncertain("op.execute SQL Retort cannot parse", op.range);
                return true;
            }
        };
        for mut statement in statements {
            let enums_catalog = self.catalog.clone();
            let enums = |name: &str| enums_catalog.enums().find(|e| e.name == name).cloned();
            match classify(&statement, op.range, &enums) {
                Kind::Ddl(kinds) => {
                    for kind in kinds {
                        let synthetic = Op {
                            kind,
                            range: op.range,
                        };
                        if !self.schema_op(&synthetic, origin, out) {
                            return false;
                        }
                    }
                }
                Kind::CreateEnum(e) => {
                    if self
                        .catalog
                        .enum_type(e.schema.as_deref(), &e.name)
                        .is_some()
                    {
                        let message = format!("type \"{}\" already exists", e.name);
                        self.fail(message, op.range, origin, out);
                        return false;
                    }
                    self.catalog.insert_enum(e);
                }
                Kind::DropEnum(names, if_exists) => {
                    for key in names {
                        if self
                            .catalog
                            .remove_enum(key.schema.as_deref(), &key.name)
                            .is_none()
                            && !if_exists
                        {
                            let message = format!("type \"{}\" does not exist", key.name);
                            self.fail(message, op.range, origin, out);
                            return false;
                        }
                    }
                }
                Kind::CreateSequence(name, if_not_exists, sequence) => {
                    if let Err(message) = self.add_sequence(name, if_not_exists, sequence) {
                        self.fail(message, op.range, origin, out);
                        return false;
                    }
                }
                Kind::DropSequence(names, if_exists) => {
                    if let Err(message) = self.drop_sequences(&names, if_exists) {
                        self.fail(message, op.range, origin, out);
                        return false;
                    }
                }
                Kind::Write => {
                    adapt(&mut statement);
                    if !self.run_write(&statement, op.range, origin, out) {
                        return false;
                    }
                }
                Kind::Read => {
                    match self.set_sequence(&statement) {
                        Some(Ok(())) => continue,
                        Some(Err(message)) => {
                            self.fail(message, op.range, origin, out);
                            return false;
                        }
                        None => {}
                    }
                    adapt(&mut statement);
                    if let Err(e) = self.db.execute(&statement.to_string()) {
                        self.not_executed(
                            &short(&statement.to_string()),
                            e.message(),
                            op.range,
                            origin,
                            out,
                        );
                    }
                }
                Kind::Other(what) => {
                    self.not_executed(
                        &what,
                        "the engine has no such statement",
                        op.range,
                        origin,
                        out,
                    );
                }
            }
        }
        true
    }

    /// Runs INSERT / UPDATE / DELETE, then the engine's constraints and cascades.
    fn run_write(
        &mut self,
        statement: &Statement,
        range: TextRange,
        origin: Origin<'_>,
        out: &mut Vec<Diagnostic>,
    ) -> bool {
        let mut statement = statement.clone();
        self.fill_autoincrement(&mut statement);
        let text = statement.to_string();
        let saved = self.db.save_all();
        let sequences = self.sequences.clone();
        let done = if volatile::has_volatile(&statement) {
            self.write_row_by_row(&statement)
        } else {
            self.db.execute(&text).map(drop)
        };
        match done {
            Ok(()) => {}
            Err(crate::db::DbError::Unsupported(e)) => {
                self.db.restore(saved);
                self.sequences = sequences;
                self.not_executed(&short(&text), &e, range, origin, out);
                self.catalog
                    .mark_uncertain("op.execute SQL the engine cannot run", range);
                return true;
            }
            Err(crate::db::DbError::Failed(e)) => {
                self.db.restore(saved);
                self.sequences = sequences;
                let message = match e.split_once("table not found: ") {
                    Some((_, table)) => self.dialect().no_such_table(table.trim()),
                    None => e,
                };
                self.fail(
                    format!("{message} (in: {})", short(&text)),
                    range,
                    origin,
                    out,
                );
                return false;
            }
        }
        let dialect = self.dialect();
        let checked = enforce::after_write(&mut self.db, &self.designs, dialect, &saved);
        for (k, m) in checked.unchecked {
            self.note(k, m, range, origin, out);
        }
        if let Some(v) = checked.violation {
            self.db.restore(saved);
            self.fail(v, range, origin, out);
            return false;
        }
        if let Some(d) = self.unsafe_new_label(range, origin) {
            self.db.restore(saved);
            out.push(d);
            return false;
        }
        true
    }

    /// `INSERT … VALUES` without the table's autoincrement key: the values the database's
    /// sequence would give (GlueSQL has no sequences).
    fn fill_autoincrement(&self, statement: &mut Statement) {
        let Statement::Insert(insert) = statement else {
            return;
        };
        let (schema, table) = split_name(&insert.table_name);
        let name = physical_name(&QualifiedName::new(schema.as_deref(), &table));
        let Some(design) = self.designs.get(&name).or_else(|| self.designs.get(&table)) else {
            return;
        };
        let Some(pk) = design
            .columns
            .iter()
            .find(|c| c.unique.is_some_and(|u| u.is_primary))
        else {
            return;
        };
        if !matches!(
            pk.data_type,
            GType::Int | GType::Int32 | GType::Int16 | GType::Int8
        ) {
            return;
        }
        if insert.columns.is_empty() || insert.columns.iter().any(|c| c.value == pk.name) {
            return;
        }
        let Some(source) = insert.source.as_mut() else {
            return;
        };
        let SetExpr::Values(values) = source.body.as_mut() else {
            return;
        };
        let at = design
            .columns
            .iter()
            .position(|c| c.name == pk.name)
            .unwrap_or(0);
        let mut next = self
            .db
            .rows(&name)
            .filter_map(|r| match r.get(at) {
                Some(GValue::I64(n)) => Some(*n),
                Some(GValue::I32(n)) => Some(i64::from(*n)),
                Some(GValue::I16(n)) => Some(i64::from(*n)),
                Some(GValue::I8(n)) => Some(i64::from(*n)),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        insert
            .columns
            .insert(0, sql::Ident::with_quote('"', pk.name.clone()));
        for row in &mut values.rows {
            next += 1;
            let Ok(number) = next.to_string().parse() else {
                return;
            };
            row.insert(0, sql::Expr::Value(sql::Value::Number(number, false)));
        }
    }

    pub(crate) fn bulk_insert(
        &mut self,
        op: &Op,
        origin: Origin<'_>,
        out: &mut Vec<Diagnostic>,
    ) -> bool {
        let OpKind::BulkInsert {
            table,
            schema,
            rows,
            ..
        } = &op.kind
        else {
            return true;
        };
        let diagnostics = self.catalog.apply(op, &self.ctx);
        if let Some(error) = diagnostics
            .iter()
            .find(|d| d.severity == retort_ir::Severity::Error)
        {
            let mut d = error.clone();
            d.path.get_or_insert_with(|| origin.path.to_owned());
            out.push(d);
            return false;
        }
        let name = physical_name(&QualifiedName::new(schema.as_deref(), table));
        let Some(design) = self.designs.get(&name).cloned() else {
            return true;
        };
        for row in rows {
            let mut columns = Vec::new();
            let mut values = Vec::new();
            let mut unknown = None;
            for (column, value) in row {
                let Some(def) = design.column(column) else {
                    continue;
                };
                match literal_of(value, &def.data_type) {
                    Some(v) => {
                        columns.push(ident(column));
                        values.push(v);
                    }
                    None => unknown = Some(column.clone()),
                }
            }
            if let Some(column) = unknown {
                self.not_executed(
                    &format!("a row of bulk_insert into {table}"),
                    &format!("the value of {column} is not known statically"),
                    op.range,
                    origin,
                    out,
                );
                continue;
            }
            let sql = format!(
                "INSERT INTO {} ({}) VALUES ({})",
                ident(&name),
                columns.join(", "),
                values.join(", ")
            );
            let Ok(mut statements) = parse(Dialect::Postgresql, &sql) else {
                continue;
            };
            let Some(statement) = statements.pop() else {
                continue;
            };
            if !self.run_write(&statement, op.range, origin, out) {
                return false;
            }
        }
        true
    }
}

/// A Python value of `bulk_insert` as a GlueSQL literal of the column's type.
fn literal_of(value: &Value, data_type: &GType) -> Option<String> {
    match value {
        Value::None => Some("NULL".to_owned()),
        Value::Bool(b) => Some(if *b { "TRUE" } else { "FALSE" }.to_owned()),
        Value::Int(i) => match data_type {
            GType::Text => Some(crate::physical::literal(&i.to_string())),
            GType::Boolean => Some(if *i == 0 { "FALSE" } else { "TRUE" }.to_owned()),
            _ => Some(i.to_string()),
        },
        Value::Float(f) => Some(f.to_string()),
        Value::Str(s) => match data_type {
            GType::Text
            | GType::Date
            | GType::Time
            | GType::Uuid
            | GType::Inet
            | GType::Map
            | GType::List => Some(crate::physical::literal(s)),
            other => typed_literal(s, other),
        },
        Value::List(_) | Value::Dict(_) => None,
        Value::InlineLiteral(inner) => literal_of(inner, data_type),
        Value::Keyword(k) => match k.to_lowercase().as_str() {
            "true" => Some("TRUE".to_owned()),
            "false" => Some("FALSE".to_owned()),
            "null" => Some("NULL".to_owned()),
            _ => None,
        },
        Value::Func { .. } | Value::Text(_) => crate::physical::default_sql(value, data_type),
        _ => None,
    }
}

/// The first 80 characters of a statement, on one line.
fn short(sql: &str) -> String {
    let one: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 80 {
        format!("{}…", one.chars().take(80).collect::<String>())
    } else {
        one
    }
}
