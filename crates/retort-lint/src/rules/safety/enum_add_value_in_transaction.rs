use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct EnumAddValueInTransaction {
        code: "STUB_EnumAddValueInTransaction",
        name: "stub-enum_add_value_in_transaction",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
