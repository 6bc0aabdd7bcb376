use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct SqlKeywordCase {
        code: "STUB_SqlKeywordCase",
        name: "stub-sql_keyword_case",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
