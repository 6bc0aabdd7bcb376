use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct OpNotReverted {
        code: "STUB_OpNotReverted",
        name: "stub-op_not_reverted",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
