use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct DowngradeRaises {
        code: "STUB_DowngradeRaises",
        name: "stub-downgrade_raises",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
