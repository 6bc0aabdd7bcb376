//! What `alembic check` prints: the log lines, `No new upgrade operations detected.`,
//! or `FAILED: New upgrade operations detected: [...]` with the operations' `as_diffs()`.
//!
//! Python object addresses in the diffs print as `0x...` (the goldens are normalised
//! the same way).

use retort_catalog::{CatalogColumn, CatalogIndex, ConstraintDef, QualifiedName, Table};
use retort_ir::{IndexElement, SqlType, Value};
use serde::{Deserialize, Serialize};

use crate::compare::{references, Comparison};
use crate::ops::{AlterColumnOp, AutogenOp, OpGroup};
use crate::repr::{py_str, type_py_repr};
use crate::types::Dialect;

/// The output of `alembic check`, split by stream, and its exit code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOutput {
    /// What goes to stderr (the logging lines and `FAILED: …`).
    pub stderr: String,
    /// What goes to stdout (`No new upgrade operations detected.`).
    pub stdout: String,
    /// 0 when nothing was detected, 255 otherwise (Alembic's `CommandError` exit).
    pub exit_code: u8,
}

/// The lines Alembic logs before comparing: the migration context and the
/// autogenerate plugins it sets up.
pub fn log_header(dialect: &str, check_constraints: bool) -> String {
    let dialect = Dialect::from_name(dialect);
    let mut err = String::new();
    let (impl_name, transactional) = match dialect {
        Dialect::Sqlite => ("SQLiteImpl", false),
        Dialect::Postgresql => ("PostgresqlImpl", true),
        Dialect::Mysql => ("MySQLImpl", false),
        Dialect::Default => ("DefaultImpl", false),
    };
    let info = |err: &mut String, logger: &str, message: &str| {
        err.push_str(&format!("INFO  [{logger}] {message}\n"));
    };
    info(
        &mut err,
        "alembic.runtime.migration",
        &format!("Context impl {impl_name}."),
    );
    info(
        &mut err,
        "alembic.runtime.migration",
        if transactional {
            "Will assume transactional DDL."
        } else {
            "Will assume non-transactional DDL."
        },
    );
    let mut plugins = vec![
        "alembic.autogenerate.schemas",
        "alembic.autogenerate.tables",
        "alembic.autogenerate.types",
        "alembic.autogenerate.constraints",
        "alembic.autogenerate.defaults",
        "alembic.autogenerate.comments",
    ];
    if check_constraints {
        plugins.push("alembic.ext.checkconstraint_byname");
    }
    for p in plugins {
        info(
            &mut err,
            "alembic.runtime.plugins",
            &format!("setting up autogenerate plugin {p}"),
        );
    }
    err
}

/// `alembic check` for a comparison.
pub fn check_output(cmp: &Comparison) -> CheckOutput {
    let mut err = log_header(&cmp.dialect, cmp.check_constraints);
    let info = |err: &mut String, logger: &str, message: &str| {
        err.push_str(&format!("INFO  [{logger}] {message}\n"));
    };
    for record in &cmp.log {
        if record.warning {
            err.push_str(&format!(
                "{}: UserWarning: {}\n  util.warn(\n",
                record.logger, record.message
            ));
        } else {
            info(&mut err, &record.logger, &record.message);
        }
    }
    if cmp.is_empty() {
        return CheckOutput {
            stderr: err,
            stdout: "No new upgrade operations detected.\n".to_owned(),
            exit_code: 0,
        };
    }
    let message = format!(
        "New upgrade operations detected: {}",
        diffs_repr(&cmp.upgrade, &cmp.client_defaults)
    );
    err.push_str(&format!("ERROR [alembic.util.messaging] {message}\n"));
    err.push_str(&format!("FAILED: {message}\n"));
    CheckOutput {
        stderr: err,
        stdout: String::new(),
        exit_code: 255,
    }
}

/// How a `TextClause` prints.
const TEXT_CLAUSE: &str = "<sqlalchemy.sql.elements.TextClause object at 0x...>";

/// The models' client-side defaults: table, column, value.
type Defaults<'a> = &'a [(QualifiedName, String, Value)];

fn lookup<'a>(
    defaults: Defaults<'a>,
    schema: &Option<String>,
    table: &str,
    column: &str,
) -> Option<&'a Value> {
    defaults
        .iter()
        .find(|(t, c, _)| t.name == table && t.schema == *schema && c == column)
        .map(|(_, _, v)| v)
}

/// `repr()` of a `ColumnDefault`.
fn client_default_repr(v: &Value) -> String {
    match v {
        Value::Func { name, .. } => format!(
            "ColumnElementColumnDefault(<sqlalchemy.sql.functions.{} at 0x...; {name}>)",
            if GENERIC_FUNCTIONS.contains(&name.to_lowercase().as_str()) {
                name.to_lowercase()
            } else {
                "Function".to_owned()
            }
        ),
        Value::Text(_) => format!("ColumnElementColumnDefault({TEXT_CLAUSE})"),
        Value::Unknown(path) => format!(
            "CallableColumnDefault(<function {} at 0x...>)",
            path.rsplit('.').next().unwrap_or(path)
        ),
        other => format!(
            "ScalarElementColumnDefault({})",
            crate::repr::value_py_repr(other)
        ),
    }
}

/// `UpgradeOps.as_diffs()`'s `repr()`; `client_defaults` are the models' column
/// `default=` values, which the reprs of model columns show.
pub fn diffs_repr(
    groups: &[OpGroup],
    client_defaults: &[(QualifiedName, String, Value)],
) -> String {
    let items: Vec<String> = groups
        .iter()
        .flat_map(|g| g.ops().cloned().collect::<Vec<_>>())
        .filter_map(|op| op_diff(&op, client_defaults))
        .collect();
    format!("[{}]", items.join(", "))
}

fn schema_repr(schema: &Option<String>) -> String {
    schema.as_deref().map_or_else(|| "None".to_owned(), py_str)
}

fn opt_type(t: &Option<SqlType>) -> String {
    t.as_ref()
        .map_or_else(|| "NullType()".to_owned(), type_py_repr)
}

/// SQLAlchemy's `GenericFunction` classes (`sqlalchemy.sql.functions.<name>`); other
/// `func.*` calls are plain `Function`s.
const GENERIC_FUNCTIONS: &[&str] = &[
    "aggregate_strings",
    "array_agg",
    "char_length",
    "coalesce",
    "concat",
    "count",
    "cube",
    "cume_dist",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "dense_rank",
    "grouping_sets",
    "localtime",
    "localtimestamp",
    "max",
    "min",
    "mode",
    "next_value",
    "now",
    "percent_rank",
    "percentile_cont",
    "percentile_disc",
    "random",
    "rank",
    "rollup",
    "session_user",
    "sum",
    "sysdate",
    "user",
];

fn default_repr(v: &Value) -> String {
    match v {
        Value::Str(s) => format!("DefaultClause({}, for_update=False)", py_str(s)),
        Value::Func { name, .. } => {
            let class = if GENERIC_FUNCTIONS.contains(&name.to_lowercase().as_str()) {
                name.to_lowercase()
            } else {
                "Function".to_owned()
            };
            format!("DefaultClause(<sqlalchemy.sql.functions.{class} at 0x...; {name}>, for_update=False)")
        }
        _ => {
            "DefaultClause(<sqlalchemy.sql.elements.TextClause object at 0x...>, for_update=False)"
                .to_owned()
        }
    }
}

/// `Column.__repr__`; `fk_repeat` is 2 for reflected tables (reflection and
/// autogenerate's `_make_foreign_key` both attach the foreign key).
fn column_repr(
    table: &str,
    c: &CatalogColumn,
    fks: &[String],
    checks: &[String],
    default: Option<&Value>,
    pk: bool,
    fk_repeat: usize,
) -> String {
    let mut parts = vec![py_str(&c.name), opt_type(&c.type_)];
    parts.extend(checks.iter().cloned());
    for target in fks {
        for _ in 0..fk_repeat {
            parts.push(format!("ForeignKey({})", py_str(target)));
        }
    }
    parts.push(format!("table=<{table}>"));
    if pk {
        parts.push("primary_key=True".to_owned());
    }
    if !c.nullable {
        parts.push("nullable=False".to_owned());
    }
    if let Some(d) = default {
        parts.push(format!("default={}", client_default_repr(d)));
    }
    if let Some(d) = &c.server_default {
        parts.push(format!("server_default={}", default_repr(d)));
    }
    if let Some(comment) = &c.comment {
        parts.push(format!("comment={}", py_str(comment)));
    }
    format!("Column({})", parts.join(", "))
}

fn table_column_repr(
    table: &Table,
    c: &CatalogColumn,
    fk_repeat: usize,
    defaults: Defaults<'_>,
) -> String {
    let pk = table
        .primary_key
        .as_ref()
        .is_some_and(|p| p.columns.contains(&c.name));
    let checks: Vec<String> = table
        .checks
        .iter()
        .filter(|ck| ck.column.as_deref() == Some(c.name.as_str()))
        .map(|ck| match &ck.name {
            Some(n) => format!("CheckConstraint({TEXT_CLAUSE}, name={})", py_str(n)),
            None => format!("CheckConstraint({TEXT_CLAUSE})"),
        })
        .collect();
    column_repr(
        &table.name,
        c,
        &references(table, &c.name),
        &checks,
        lookup(defaults, &table.schema, &table.name, &c.name),
        pk,
        fk_repeat,
    )
}

fn table_repr(table: &Table, fk_repeat: usize, defaults: Defaults<'_>) -> String {
    let mut parts = vec![py_str(&table.name), "MetaData()".to_owned()];
    for c in &table.columns {
        parts.push(table_column_repr(table, c, fk_repeat, defaults));
    }
    parts.push(format!("schema={}", schema_repr(&table.schema)));
    format!("Table({})", parts.join(", "))
}

fn index_repr(
    index: &CatalogIndex,
    columns: &[CatalogColumn],
    schema: &Option<String>,
    defaults: Defaults<'_>,
) -> String {
    let mut parts = vec![index
        .name
        .as_deref()
        .map_or_else(|| "None".to_owned(), py_str)];
    for e in &index.elements {
        match e {
            IndexElement::Column(name) => {
                let col =
                    columns
                        .iter()
                        .find(|c| c.name == *name)
                        .cloned()
                        .unwrap_or(CatalogColumn {
                            name: name.clone(),
                            type_: None,
                            nullable: true,
                            server_default: None,
                            comment: None,
                            autoincrement: retort_ir::Autoincrement::Auto,
                            identity: None,
                            computed: None,
                        });
                parts.push(column_repr(
                    &index.table,
                    &col,
                    &[],
                    &[],
                    lookup(defaults, schema, &index.table, name),
                    false,
                    0,
                ));
            }
            IndexElement::Expression(sql) => parts.push(format!(
                "<sqlalchemy.sql.elements.TextClause object at 0x...> {}",
                py_str(sql)
            )),
        }
    }
    if index.unique {
        parts.push("unique=True".to_owned());
    }
    format!("Index({})", parts.join(", "))
}

fn null_column(table: &str, name: &str, fks: &[String]) -> String {
    let mut parts = vec![py_str(name), "NullType()".to_owned()];
    for f in fks {
        parts.push(format!("ForeignKey({})", py_str(f)));
    }
    parts.push(format!("table=<{table}>"));
    format!("Column({})", parts.join(", "))
}

fn constraint_repr(table: &str, schema: &Option<String>, c: &ConstraintDef) -> String {
    match c {
        ConstraintDef::Unique(u) => format!(
            "UniqueConstraint({})",
            u.columns
                .iter()
                .map(|col| null_column(table, col, &[]))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ConstraintDef::ForeignKey(fk) => {
            let cols: Vec<String> = fk
                .columns
                .iter()
                .zip(&fk.ref_columns)
                .map(|(col, r)| {
                    let target = match &fk.ref_schema {
                        Some(s) => format!("{s}.{}.{r}", fk.ref_table),
                        None => format!("{}.{r}", fk.ref_table),
                    };
                    null_column(table, col, &[target])
                })
                .collect();
            let mut opts = String::new();
            if let Some(n) = &fk.name {
                opts.push_str(&format!("name={}, ", py_str(n)));
            }
            for (k, v) in [
                ("onupdate", &fk.onupdate),
                ("ondelete", &fk.ondelete),
            ] {
                if let Some(v) = v {
                    opts.push_str(&format!("{k}={}, ", py_str(v)));
                }
            }
            if let Some(d) = fk.deferrable {
                opts.push_str(&format!("deferrable={}, ", if d { "True" } else { "False" }));
            }
            if let Some(v) = &fk.initially {
                opts.push_str(&format!("initially={}, ", py_str(v)));
            }
            if let Some(v) = &fk.match_ {
                opts.push_str(&format!("match={}, ", py_str(v)));
            }
            format!(
                "ForeignKeyConstraint(<sqlalchemy.sql.base.ReadOnlyColumnCollection object at 0x...>, None, {opts}table=Table({}, MetaData(), {}, schema={}))",
                py_str(table),
                cols.join(", "),
                schema_repr(schema)
            )
        }
        ConstraintDef::Check(ck) => format!(
            "CheckConstraint(<sqlalchemy.sql.elements.TextClause object at 0x...>, name={}, table=Table({}, MetaData(), Column('x', Integer(), table=<{table}>), schema={}))",
            ck.name.as_deref().map_or_else(|| "None".to_owned(), py_str),
            py_str(table),
            schema_repr(schema)
        ),
        ConstraintDef::PrimaryKey(_) | ConstraintDef::Exclude(_) => "Constraint()".to_owned(),
    }
}

fn alter_diffs(a: &AlterColumnOp) -> Vec<String> {
    let head = format!(
        "{}, {}, {}",
        schema_repr(&a.schema),
        py_str(&a.table),
        py_str(&a.column)
    );
    let existing_type = match &a.existing_type {
        None => "None".to_owned(),
        Some(t) => opt_type(t),
    };
    let existing_default = match &a.existing_server_default {
        None if a.existing_type.is_some() || a.existing_nullable.is_some() => "False".to_owned(),
        None => "False".to_owned(),
        Some(v) => default_repr(v),
    };
    let nullable = a.existing_nullable.map_or_else(
        || "None".to_owned(),
        |b| if b { "True" } else { "False" }.to_owned(),
    );
    let comment = a
        .existing_comment
        .as_deref()
        .map_or_else(|| "None".to_owned(), py_str);
    let mut out = Vec::new();
    if let Some(t) = &a.modify_type {
        out.push(format!(
            "('modify_type', {head}, {{'existing_nullable': {nullable}, 'existing_server_default': {existing_default}, 'existing_comment': {comment}}}, {existing_type}, {})",
            type_py_repr(t)
        ));
    }
    if let Some(n) = a.modify_nullable {
        out.push(format!(
            "('modify_nullable', {head}, {{'existing_type': {existing_type}, 'existing_server_default': {existing_default}, 'existing_comment': {comment}}}, {nullable}, {})",
            if n { "True" } else { "False" }
        ));
    }
    if let Some(new) = &a.modify_server_default {
        let old = a
            .existing_server_default
            .as_ref()
            .map_or_else(|| "None".to_owned(), default_repr);
        let new = new.as_ref().map_or_else(|| "None".to_owned(), default_repr);
        out.push(format!(
            "('modify_default', {head}, {{'existing_nullable': {nullable}, 'existing_type': {existing_type}, 'existing_comment': {comment}}}, {old}, {new})"
        ));
    }
    if let Some(new) = &a.modify_comment {
        out.push(format!(
            "('modify_comment', {head}, {{'existing_nullable': {nullable}, 'existing_type': {existing_type}, 'existing_server_default': {existing_default}}}, {comment}, {})",
            new.as_deref().map_or_else(|| "None".to_owned(), py_str)
        ));
    }
    out
}

/// One op's `to_diff_tuple()` repr (`None` for ops without one).
fn op_diff(op: &AutogenOp, defaults: Defaults<'_>) -> Option<String> {
    Some(match op {
        AutogenOp::AddTable { table, .. } => {
            format!("('add_table', {})", table_repr(table, 1, defaults))
        }
        AutogenOp::RemoveTable { table, .. } => {
            format!("('remove_table', {})", table_repr(table, 1, &[]))
        }
        AutogenOp::AddColumn {
            schema,
            table,
            column,
            references,
        } => format!(
            "('add_column', {}, {}, {})",
            schema_repr(schema),
            py_str(table),
            column_repr(
                table,
                column,
                references,
                &[],
                lookup(defaults, schema, table, &column.name),
                false,
                1
            )
        ),
        AutogenOp::RemoveColumn {
            schema,
            table,
            column,
            references,
        } => format!(
            "('remove_column', {}, {}, {})",
            schema_repr(schema),
            py_str(table),
            column_repr(table, column, references, &[], None, false, 2)
        ),
        AutogenOp::AlterColumn(a) => format!("[{}]", alter_diffs(a).join(", ")),
        AutogenOp::AddIndex {
            index,
            columns,
            schema,
            reflected,
            ..
        } => format!(
            "('add_index', {})",
            index_repr(
                index,
                columns,
                schema,
                if *reflected { &[] } else { defaults }
            )
        ),
        AutogenOp::RemoveIndex {
            index,
            columns,
            schema,
            reflected,
            ..
        } => format!(
            "('remove_index', {})",
            index_repr(
                index,
                columns,
                schema,
                if *reflected { &[] } else { defaults }
            )
        ),
        AutogenOp::AddConstraint {
            schema,
            table,
            constraint,
            ..
        } => {
            let kind = if matches!(constraint, ConstraintDef::ForeignKey(_)) {
                "add_fk"
            } else {
                "add_constraint"
            };
            format!("('{kind}', {})", constraint_repr(table, schema, constraint))
        }
        AutogenOp::RemoveConstraint {
            schema,
            table,
            constraint,
            ..
        } => {
            let kind = if matches!(constraint, ConstraintDef::ForeignKey(_)) {
                "remove_fk"
            } else {
                "remove_constraint"
            };
            format!("('{kind}', {})", constraint_repr(table, schema, constraint))
        }
        AutogenOp::AddTableComment { table, schema, .. } => format!(
            "('add_table_comment', Table({}, MetaData(), schema={}), None)",
            py_str(table),
            schema_repr(schema)
        ),
        AutogenOp::RemoveTableComment { table, schema, .. } => format!(
            "('remove_table_comment', Table({}, MetaData(), schema={}))",
            py_str(table),
            schema_repr(schema)
        ),
    })
}

/// A short description of what an op changes, for people (`+` added, `-` removed,
/// `~` changed), e.g. `~ users.name: type VARCHAR(length=50) -> String(length=100)`.
pub fn describe_op(op: &AutogenOp) -> String {
    let qual = |schema: &Option<String>, table: &str| match schema {
        Some(s) => format!("{s}.{table}"),
        None => table.to_owned(),
    };
    let col = |c: &CatalogColumn| {
        format!(
            "{} {}{}",
            c.name,
            opt_type(&c.type_),
            if c.nullable { "" } else { " NOT NULL" }
        )
    };
    let name = |n: Option<&str>| n.map_or_else(|| "(unnamed)".to_owned(), str::to_owned);
    let constraint = |c: &ConstraintDef, table: &str| match c {
        ConstraintDef::Unique(u) => format!(
            "unique constraint {} on {table} ({})",
            name(u.name.as_deref()),
            u.columns.join(", ")
        ),
        ConstraintDef::ForeignKey(f) => format!(
            "foreign key {} on {table} ({}) -> {} ({})",
            name(f.name.as_deref()),
            f.columns.join(", "),
            f.ref_table,
            f.ref_columns.join(", ")
        ),
        ConstraintDef::Check(k) => format!(
            "check constraint {} on {table}: {}",
            name(k.name.as_deref()),
            k.sqltext
        ),
        other => format!("{} {} on {table}", other.kind_label(), name(other.name())),
    };
    match op {
        AutogenOp::AddTable { table, .. } => format!(
            "+ table {} ({})",
            qual(&table.schema, &table.name),
            table.columns.iter().map(col).collect::<Vec<_>>().join(", ")
        ),
        AutogenOp::RemoveTable { table, .. } => {
            format!("- table {}", qual(&table.schema, &table.name))
        }
        AutogenOp::AddColumn {
            schema,
            table,
            column,
            ..
        } => format!("+ column {}.{}", qual(schema, table), col(column)),
        AutogenOp::RemoveColumn {
            schema,
            table,
            column,
            ..
        } => format!("- column {}.{}", qual(schema, table), col(column)),
        AutogenOp::AlterColumn(a) => {
            let mut parts = Vec::new();
            if let Some(t) = &a.modify_type {
                let old = a.existing_type.clone().flatten();
                parts.push(format!("type {} -> {}", opt_type(&old), type_py_repr(t)));
            }
            if let Some(n) = a.modify_nullable {
                parts.push(if n { "now NULL" } else { "now NOT NULL" }.to_owned());
            }
            if let Some(d) = &a.modify_server_default {
                let show = |v: &Option<Value>| {
                    v.as_ref()
                        .map_or_else(|| "none".to_owned(), crate::repr::value_py_repr)
                };
                parts.push(format!(
                    "server default {} -> {}",
                    show(&a.existing_server_default),
                    show(d)
                ));
            }
            if let Some(c) = &a.modify_comment {
                parts.push(format!(
                    "comment {:?} -> {:?}",
                    a.existing_comment.as_deref().unwrap_or(""),
                    c.as_deref().unwrap_or("")
                ));
            }
            format!(
                "~ column {}.{}: {}",
                qual(&a.schema, &a.table),
                a.column,
                parts.join("; ")
            )
        }
        AutogenOp::AddIndex { index, .. } | AutogenOp::RemoveIndex { index, .. } => {
            let sign = if matches!(op, AutogenOp::AddIndex { .. }) {
                '+'
            } else {
                '-'
            };
            let elements: Vec<String> = index
                .elements
                .iter()
                .map(|e| match e {
                    IndexElement::Column(c) => c.clone(),
                    IndexElement::Expression(x) => x.clone(),
                })
                .collect();
            format!(
                "{sign} {}index {} on {} ({})",
                if index.unique { "unique " } else { "" },
                name(index.name.as_deref()),
                index.table,
                elements.join(", ")
            )
        }
        AutogenOp::AddConstraint {
            schema,
            table,
            constraint: c,
            ..
        } => format!("+ {}", constraint(c, &qual(schema, table))),
        AutogenOp::RemoveConstraint {
            schema,
            table,
            constraint: c,
            ..
        } => format!("- {}", constraint(c, &qual(schema, table))),
        AutogenOp::AddTableComment {
            schema,
            table,
            comment,
            ..
        } => format!("~ table {} comment: {comment:?}", qual(schema, table)),
        AutogenOp::RemoveTableComment { schema, table, .. } => {
            format!("~ table {} comment removed", qual(schema, table))
        }
    }
}

/// The differences, one line per operation, in autogenerate's order.
pub fn readable_diff(cmp: &Comparison) -> String {
    let mut out = String::new();
    for op in cmp.upgrade.iter().flat_map(OpGroup::ops) {
        out.push_str(&describe_op(op));
        out.push('\n');
    }
    out
}
