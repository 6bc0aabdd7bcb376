use super::has_ops;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that a revision whose `upgrade()` does something defines `downgrade()`.
    ///
    /// ## Why is this bad?
    /// `alembic downgrade` fails on it with an `AttributeError`, so a bad deploy cannot
    /// be rolled back past this revision, and stairway tests (upgrade, downgrade,
    /// upgrade) cannot run.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.add_column("users", sa.Column("age", sa.Integer()))
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     op.add_column("users", sa.Column("age", sa.Integer()))
    ///
    /// def downgrade():
    ///     op.drop_column("users", "age")
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct MissingDowngrade {
        code: "REV001",
        name: "missing-downgrade",
        group: Reversibility,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let file = cx.file;
    if file.downgrade.is_some() || !has_ops(&file.upgrade) {
        return;
    }
    if let Some(upgrade) = &file.upgrade {
        cx.report(
            upgrade.name_range,
            "This revision has no `downgrade()`: `alembic downgrade` fails on it.",
            "Define `downgrade()` undoing what `upgrade()` does (or raising if it cannot be undone).",
        );
    }
}
