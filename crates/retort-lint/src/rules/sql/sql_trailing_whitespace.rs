use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct SqlTrailingWhitespace {
        code: "STUB_SqlTrailingWhitespace",
        name: "stub-sql_trailing_whitespace",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
