use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct MysqlVarcharWithoutLength {
        code: "STUB_MysqlVarcharWithoutLength",
        name: "stub-mysql_varchar_without_length",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
