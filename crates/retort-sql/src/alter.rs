//! `op.alter_column`: Alembic's `DefaultImpl.alter_column` and the `ddl/base.py`
//! constructs it executes, in Alembic's order (nullable, default, type, comment, name).

use retort_ir::{AlterColumn, SqlType, Value};

use crate::ddl::{alter_table, format_server_default};
use crate::error::Rendered;
use crate::{ident, types, Dialect};

/// The arguments of one `op.alter_column`, borrowed from the IR.
#[derive(Debug, Clone, Copy)]
pub struct AlterColumnSpec<'a> {
    /// Table.
    pub table: &'a str,
    /// Column.
    pub column: &'a str,
    /// `schema=`.
    pub schema: Option<&'a str>,
    /// `nullable=`.
    pub nullable: Option<bool>,
    /// `server_default=`: `None` not given, `Some(None)` given as `None`.
    pub server_default: Option<Option<&'a Value>>,
    /// `new_column_name=`.
    pub new_name: Option<&'a str>,
    /// `type_=`.
    pub type_: Option<&'a SqlType>,
    /// `comment=`: `None` not given, `Some(None)` given as `None`.
    pub comment: Option<Option<&'a str>>,
    /// `autoincrement=`.
    pub autoincrement: Option<bool>,
    /// `existing_type=`.
    pub existing_type: Option<&'a SqlType>,
    /// `existing_nullable=`.
    pub existing_nullable: Option<bool>,
    /// `existing_server_default=`.
    pub existing_server_default: Option<Option<&'a Value>>,
    /// `existing_comment=`.
    pub existing_comment: Option<Option<&'a str>>,
    /// `existing_autoincrement=`.
    pub existing_autoincrement: Option<bool>,
    /// `postgresql_using=`.
    pub postgresql_using: Option<&'a str>,
}

impl<'a> AlterColumnSpec<'a> {
    /// Borrows the IR's arguments.
    pub fn from_ir(a: &'a AlterColumn) -> Self {
        AlterColumnSpec {
            table: &a.table,
            column: &a.column,
            schema: a.schema.as_deref(),
            nullable: a.nullable,
            server_default: a.server_default.as_ref().map(Option::as_ref),
            new_name: a.new_column_name.as_deref(),
            type_: a.type_.as_ref(),
            comment: a.comment.as_ref().map(Option::as_deref),
            autoincrement: a.autoincrement,
            existing_type: a.existing_type.as_ref(),
            existing_nullable: a.existing_nullable,
            existing_server_default: a.existing_server_default.as_ref().map(Option::as_ref),
            existing_comment: a.existing_comment.as_ref().map(Option::as_deref),
            existing_autoincrement: a.existing_autoincrement,
            postgresql_using: a.postgresql_using.as_deref(),
        }
    }
}

/// `ALTER TABLE t ALTER COLUMN c`.
pub(crate) fn alter_column_prefix(d: &dyn Dialect, a: &AlterColumnSpec<'_>) -> String {
    format!(
        "{} ALTER COLUMN {}",
        alter_table(d, a.table, a.schema),
        ident::quote(d, a.column)
    )
}

/// `DefaultImpl.alter_column`.
pub(crate) fn default_alter_column(
    d: &dyn Dialect,
    a: &AlterColumnSpec<'_>,
) -> Rendered<Vec<String>> {
    let mut out = Vec::new();
    generic_steps(d, a, true, &mut out)?;
    Ok(out)
}

/// The generic statements, optionally without the type change (PostgreSQL renders it first).
pub(crate) fn generic_steps(
    d: &dyn Dialect,
    a: &AlterColumnSpec<'_>,
    with_type: bool,
    out: &mut Vec<String>,
) -> Rendered<()> {
    let prefix = alter_column_prefix(d, a);
    if let Some(nullable) = a.nullable {
        out.push(format!(
            "{prefix} {}",
            if nullable {
                "DROP NOT NULL"
            } else {
                "SET NOT NULL"
            }
        ));
    }
    if let Some(default) = a.server_default {
        out.push(match default {
            Some(v) => format!("{prefix} SET DEFAULT {}", format_server_default(d, v)?),
            None => format!("{prefix} DROP DEFAULT"),
        });
    }
    if with_type {
        if let Some(ty) = a.type_ {
            out.push(format!("{prefix} TYPE {}", types::compile(d, ty)?));
        }
    }
    if let Some(comment) = a.comment {
        out.push(d.column_comment(a, comment)?);
    }
    if let Some(new) = a.new_name {
        out.push(d.rename_column(a.table, a.schema, a.column, new)?);
    }
    Ok(())
}

/// Alembic's `ColumnName`: `ALTER TABLE t RENAME [COLUMN] c TO n`.
pub(crate) fn rename_column(
    d: &dyn Dialect,
    table: &str,
    schema: Option<&str>,
    old: &str,
    new: &str,
    keyword: &str,
) -> Rendered {
    Ok(format!(
        "{} {keyword} {} TO {}",
        alter_table(d, table, schema),
        ident::quote(d, old),
        ident::quote(d, new)
    ))
}
