use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct UniqueConstraintOnExistingTable {
        code: "STUB_UniqueConstraintOnExistingTable",
        name: "stub-unique_constraint_on_existing_table",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
