use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct AddNotNullWithoutDefault {
        code: "STUB_AddNotNullWithoutDefault",
        name: "stub-add_not_null_without_default",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
