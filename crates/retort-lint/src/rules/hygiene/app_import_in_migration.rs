use crate::rules::prelude::*;

declare_rule! {
    /// STUB
    pub struct AppImportInMigration {
        code: "STUB_AppImportInMigration",
        name: "stub-app_import_in_migration",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(_cx: &mut Checker<'_>) {}
