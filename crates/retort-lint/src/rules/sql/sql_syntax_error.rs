use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct SqlSyntaxError {
        code: "STUB_SqlSyntaxError",
        name: "stub-sql_syntax_error",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
