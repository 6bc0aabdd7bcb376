use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct DowngradeIsPass {
        code: "STUB_DowngradeIsPass",
        name: "stub-downgrade_is_pass",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
