use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct NamingConventionMismatch {
        code: "STUB_NamingConventionMismatch",
        name: "stub-naming_convention_mismatch",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
