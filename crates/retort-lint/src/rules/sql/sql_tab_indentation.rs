use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct SqlTabIndentation {
        code: "STUB_SqlTabIndentation",
        name: "stub-sql_tab_indentation",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
