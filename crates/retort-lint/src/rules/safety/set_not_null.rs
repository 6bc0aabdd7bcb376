use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct SetNotNull {
        code: "STUB_SetNotNull",
        name: "stub-set_not_null",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
