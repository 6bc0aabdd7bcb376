use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct MissingDowngrade {
        code: "STUB_MissingDowngrade",
        name: "stub-missing_downgrade",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
