use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for imports of the application's own code (the packages listed in
    /// `first-party`, and relative imports) in revision files.
    ///
    /// ## Why is this bad?
    /// A migration is a snapshot of the schema change at one point in time; the
    /// application keeps changing. When the imported model, enum or helper is renamed
    /// or changed, old migrations break or silently do something else, and fresh
    /// databases can no longer be built from the history.
    ///
    /// ## Example
    /// ```python
    /// from app.models import UserStatus
    ///
    /// def upgrade():
    ///     op.add_column("users", sa.Column("status", sa.Enum(UserStatus)))
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     op.add_column("users", sa.Column("status", sa.Enum("active", "banned", name="userstatus")))
    /// ```
    ///
    /// ## Fix safety
    /// No fix: copy the values the migration needs into it.
    pub struct AppImportInMigration {
        code: "HYG003",
        name: "app-import-in-migration",
        group: Hygiene,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let first_party = &cx.settings.first_party;
    let mut out = Vec::new();
    let mut reported = Vec::new();
    for import in &cx.python().imports {
        let top = import.module.split('.').next().unwrap_or("");
        let app = import.level > 0 || (!top.is_empty() && first_party.iter().any(|p| p == top));
        if app && !reported.contains(&import.stmt_range) {
            reported.push(import.stmt_range);
            let module = format!("{}{}", ".".repeat(import.level as usize), import.module);
            out.push((import.stmt_range, module));
        }
    }
    for (range, module) in out {
        cx.report(
            range,
            format!("This migration imports application code (`{module}`): when that code changes, this migration breaks or changes meaning."),
            "Copy the values the migration needs (names, enum labels, table definitions with `sa.table()`) into the migration.",
        );
    }
}
