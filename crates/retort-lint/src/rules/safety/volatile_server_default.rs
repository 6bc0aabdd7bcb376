use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct VolatileServerDefault {
        code: "STUB_VolatileServerDefault",
        name: "stub-volatile_server_default",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
