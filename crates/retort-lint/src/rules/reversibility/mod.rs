//! Rules about whether `downgrade()` undoes what `upgrade()` did.

pub mod downgrade_is_pass;
pub mod downgrade_order;
pub mod downgrade_raises;
pub mod missing_downgrade;
pub mod op_not_reverted;

use retort_ir::{BodyKind, MigrationFn};

/// Whether a migration function does something.
pub(crate) fn has_ops(f: &Option<MigrationFn>) -> bool {
    f.as_ref()
        .is_some_and(|f| f.body == BodyKind::Ops && !f.ops.is_empty())
}
