//! Rules about what fails on another database than the one the migration was tried on.

pub mod mysql_alter_without_existing_type;
pub mod mysql_varchar_without_length;
pub mod naming_convention_mismatch;
pub mod sqlite_alter_outside_batch;
pub mod unnamed_constraint;

use retort_ir::{Op, OpKind};

use crate::checker::{visit, Checker};

/// Whether the revision targets MySQL: the configured dialect, or `mysql_*` keyword
/// arguments in its ops.
pub(crate) fn targets_mysql(cx: &Checker<'_>) -> bool {
    if cx.settings.is_mysql() {
        return true;
    }
    let mut found = false;
    visit(&cx.upgrade, &mut |op: &Op, _| {
        let kwargs = match &op.kind {
            OpKind::CreateTable { kwargs, .. } => kwargs.as_slice(),
            OpKind::CreateIndex(i) => i.kwargs.as_slice(),
            OpKind::AlterColumn(a) => a.kwargs.as_slice(),
            _ => &[],
        };
        found |= kwargs
            .iter()
            .any(|(k, _)| k.starts_with("mysql_") || k.starts_with("mariadb_"));
    });
    found
}
