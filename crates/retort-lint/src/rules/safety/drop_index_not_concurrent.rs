use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct DropIndexNotConcurrent {
        code: "STUB_DropIndexNotConcurrent",
        name: "stub-drop_index_not_concurrent",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
