use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct SelectStar {
        code: "STUB_SelectStar",
        name: "stub-select_star",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
