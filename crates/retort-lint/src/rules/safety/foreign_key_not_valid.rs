use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct ForeignKeyNotValid {
        code: "STUB_ForeignKeyNotValid",
        name: "stub-foreign_key_not_valid",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
