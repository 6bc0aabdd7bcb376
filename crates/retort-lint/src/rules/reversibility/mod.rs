//! reversibility rules.

pub mod downgrade_is_pass;
pub mod downgrade_order;
pub mod downgrade_raises;
pub mod missing_downgrade;
pub mod op_not_reverted;
