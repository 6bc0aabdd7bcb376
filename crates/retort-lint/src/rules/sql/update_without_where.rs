use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct UpdateWithoutWhere {
        code: "STUB_UpdateWithoutWhere",
        name: "stub-update_without_where",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
