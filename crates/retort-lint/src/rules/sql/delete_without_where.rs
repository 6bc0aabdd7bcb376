use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct DeleteWithoutWhere {
        code: "STUB_DeleteWithoutWhere",
        name: "stub-delete_without_where",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
