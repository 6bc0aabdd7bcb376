use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct CheckNotValid {
        code: "STUB_CheckNotValid",
        name: "stub-check_not_valid",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
