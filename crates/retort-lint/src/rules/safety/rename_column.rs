use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct RenameColumn {
        code: "STUB_RenameColumn",
        name: "stub-rename_column",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
