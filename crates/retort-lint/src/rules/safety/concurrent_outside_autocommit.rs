use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct ConcurrentOutsideAutocommit {
        code: "STUB_ConcurrentOutsideAutocommit",
        name: "stub-concurrent_outside_autocommit",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
