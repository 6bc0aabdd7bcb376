use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct UnnamedConstraint {
        code: "STUB_UnnamedConstraint",
        name: "stub-unnamed_constraint",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
