use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct OrmModelInMigration {
        code: "STUB_OrmModelInMigration",
        name: "stub-orm_model_in_migration",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
