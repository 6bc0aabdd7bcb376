use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct AddSerialPrimaryKey {
        code: "STUB_AddSerialPrimaryKey",
        name: "stub-add_serial_primary_key",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
