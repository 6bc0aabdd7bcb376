use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct ColumnTypeChange {
        code: "STUB_ColumnTypeChange",
        name: "stub-column_type_change",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
