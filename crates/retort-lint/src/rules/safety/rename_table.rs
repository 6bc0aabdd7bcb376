use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct RenameTable {
        code: "STUB_RenameTable",
        name: "stub-rename_table",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
