use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct Truncate {
        code: "STUB_Truncate",
        name: "stub-truncate",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
