use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct UnusedImport {
        code: "STUB_UnusedImport",
        name: "stub-unused_import",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
