use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct SqliteAlterOutsideBatch {
        code: "STUB_SqliteAlterOutsideBatch",
        name: "stub-sqlite_alter_outside_batch",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
