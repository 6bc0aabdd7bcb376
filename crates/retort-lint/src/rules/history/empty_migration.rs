use retort_ir::BodyKind;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for revisions whose `upgrade()` and `downgrade()` both do nothing. Merge
    /// revisions and labelled branch bases, which are empty by design, are not reported.
    ///
    /// ## Why is this bad?
    /// An empty revision is usually a `alembic revision --autogenerate` run that found
    /// nothing (the model change was not imported into `target_metadata`), committed by
    /// mistake. It adds a step to every deploy and hides the missing change.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     pass
    ///
    /// def downgrade():
    ///     pass
    /// ```
    ///
    /// ## Use instead
    /// Delete the file, or write the operations it was meant to hold.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct EmptyMigration {
        code: "HIS008",
        name: "empty-migration",
        group: History,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let file = cx.file;
    if file.down_revisions.len() > 1 || !file.branch_labels.is_empty() || file.revision.is_none() {
        return;
    }
    let Some(upgrade) = &file.upgrade else {
        return;
    };
    let empty = |f: &Option<retort_ir::MigrationFn>| {
        f.as_ref()
            .is_none_or(|f| f.body == BodyKind::Pass && f.ops.is_empty())
    };
    if upgrade.body == BodyKind::Pass
        && upgrade.ops.is_empty()
        && empty(&file.downgrade)
        && file.engine_functions.is_empty()
    {
        cx.report(
            upgrade.name_range,
            "This revision does nothing: `upgrade()` and `downgrade()` are empty.",
            "Delete the revision, or add the operations it was meant to hold (was the model imported into `target_metadata`?).",
        );
    }
}
