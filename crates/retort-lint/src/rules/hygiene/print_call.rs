use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct PrintCall {
        code: "STUB_PrintCall",
        name: "stub-print_call",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
