use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct PreferOpOverRawDdl {
        code: "STUB_PreferOpOverRawDdl",
        name: "stub-prefer_op_over_raw_ddl",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
