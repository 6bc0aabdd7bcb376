use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct MysqlAlterWithoutExistingType {
        code: "STUB_MysqlAlterWithoutExistingType",
        name: "stub-mysql_alter_without_existing_type",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
