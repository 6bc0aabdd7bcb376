use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct AutogenerateLeftoverComments {
        code: "STUB_AutogenerateLeftoverComments",
        name: "stub-autogenerate_leftover_comments",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
