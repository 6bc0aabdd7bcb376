use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct DropColumn {
        code: "STUB_DropColumn",
        name: "stub-drop_column",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
