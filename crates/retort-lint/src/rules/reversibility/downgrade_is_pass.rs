use retort_ir::BodyKind;

use super::changes_schema;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for a `downgrade()` that is only `pass` while `upgrade()` changes the
    /// schema.
    ///
    /// ## Why is this bad?
    /// `alembic downgrade` reports success and moves the version back while the schema
    /// stays as it was upgraded: the next `upgrade` then fails on objects that already
    /// exist. A downgrade that cannot be written should say so by raising.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.create_table("tags", sa.Column("id", sa.Integer(), primary_key=True))
    ///
    /// def downgrade():
    ///     pass
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def downgrade():
    ///     op.drop_table("tags")
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct DowngradeIsPass {
        code: "REV002",
        name: "downgrade-is-pass",
        group: Reversibility,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let file = cx.file;
    let Some(downgrade) = &file.downgrade else {
        return;
    };
    if downgrade.body != BodyKind::Pass || !changes_schema(&file.upgrade) {
        return;
    }
    cx.report(
        downgrade.name_range,
        "`downgrade()` does nothing although `upgrade()` changes the schema: a downgrade would move the version back and leave the schema as upgraded.",
        "Undo the upgrade's operations in reverse order, or `raise NotImplementedError(...)` if it cannot be undone.",
    );
}
