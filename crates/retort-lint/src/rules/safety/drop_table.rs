use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct DropTable {
        code: "STUB_DropTable",
        name: "stub-drop_table",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
