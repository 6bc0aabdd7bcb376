use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct SeveralAltersSameTable {
        code: "STUB_SeveralAltersSameTable",
        name: "stub-several_alters_same_table",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
