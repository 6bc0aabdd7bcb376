use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct IndexNotConcurrent {
        code: "STUB_IndexNotConcurrent",
        name: "stub-index_not_concurrent",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
