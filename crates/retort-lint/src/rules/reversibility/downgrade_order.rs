use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct DowngradeOrder {
        code: "STUB_DowngradeOrder",
        name: "stub-downgrade_order",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
