//! Rules about whether `downgrade()` undoes what `upgrade()` did.

pub mod downgrade_is_pass;
pub mod downgrade_order;
pub mod downgrade_raises;
pub mod missing_downgrade;
pub mod op_not_reverted;

use retort_ir::{BodyKind, MigrationFn, OpKind};

use crate::checker::visit;

/// Whether a migration function does something.
pub(crate) fn has_ops(f: &Option<MigrationFn>) -> bool {
    f.as_ref()
        .is_some_and(|f| f.body == BodyKind::Ops && !f.ops.is_empty())
}

/// Whether a migration function changes the schema: an op other than data (`execute`
/// without DDL, `bulk_insert`) and steps Retort could not follow.
pub(crate) fn changes_schema(f: &Option<MigrationFn>) -> bool {
    let Some(f) = f.as_ref().filter(|f| f.body == BodyKind::Ops) else {
        return false;
    };
    let mut schema = false;
    visit(&f.ops, &mut |op, _| {
        schema |= match &op.kind {
            OpKind::Execute { sql } => retort_catalog::schema_ddl(sql.sql()).is_some(),
            OpKind::BulkInsert { .. }
            | OpKind::Opaque { .. }
            | OpKind::AutocommitBlock { .. }
            | OpKind::Conditional { .. } => false,
            _ => true,
        };
    });
    schema
}
