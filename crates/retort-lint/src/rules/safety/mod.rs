//! Locks, table rewrites and changes that break the running application. PostgreSQL
//! lock behaviour follows squawk, eugene and strong_migrations.

pub mod add_not_null_without_default;
pub mod add_serial_primary_key;
pub mod check_not_valid;
pub mod column_type_change;
pub mod concurrent_outside_autocommit;
pub mod drop_column;
pub mod drop_index_not_concurrent;
pub mod drop_table;
pub mod enum_add_value_in_transaction;
pub mod foreign_key_not_valid;
pub mod index_not_concurrent;
pub mod missing_lock_timeout;
pub mod rename_column;
pub mod rename_table;
pub mod set_not_null;
pub mod several_alters_same_table;
pub mod unique_constraint_on_existing_table;
pub mod volatile_server_default;

use retort_ir::{Op, OpKind};
use sqlparser::ast::{ObjectName, Statement};

use crate::checker::{op_table, Checker};

/// Whether the op changes an existing table in a way that takes an `ACCESS EXCLUSIVE`
/// (or `SHARE`) lock on PostgreSQL; returns that table.
pub(crate) fn locking_table<'o>(
    cx: &Checker<'_>,
    op: &'o Op,
) -> Option<(Option<&'o str>, &'o str)> {
    let locks = match &op.kind {
        OpKind::AddColumn { .. }
        | OpKind::DropColumn { .. }
        | OpKind::AlterColumn(_)
        | OpKind::AddConstraint { .. }
        | OpKind::DropConstraint { .. }
        | OpKind::CreateExcludeConstraint { .. }
        | OpKind::RenameTable { .. }
        | OpKind::DropTable { .. } => true,
        OpKind::CreateIndex(i) => !i.concurrently,
        _ => false,
    };
    if !locks {
        return None;
    }
    let (schema, table) = op_table(op)?;
    cx.is_existing_table(schema, table, op.range)
        .then_some((schema, table))
}

/// The last identifier of an SQL object name, unquoted.
pub(crate) fn object_table(name: &ObjectName) -> String {
    name.0.last().map(|i| i.value.clone()).unwrap_or_default()
}

/// The table an `ALTER TABLE` / `CREATE INDEX` statement works on.
pub(crate) fn statement_table(stmt: &Statement) -> Option<String> {
    match stmt {
        Statement::AlterTable { name, .. } => Some(object_table(name)),
        Statement::CreateIndex(ci) => Some(object_table(&ci.table_name)),
        _ => None,
    }
}
