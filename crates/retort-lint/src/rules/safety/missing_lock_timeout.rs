use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct MissingLockTimeout {
        code: "STUB_MissingLockTimeout",
        name: "stub-missing_lock_timeout",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
