use retort_ir::BodyKind;

use super::has_ops;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports revisions whose `downgrade()` raises instead of undoing the upgrade.
    ///
    /// ## Why is this bad?
    /// It is honest (better than `pass`), but it makes the revision a one-way door:
    /// no rollback past it, and stairway tests stop there. Worth a conscious decision.
    ///
    /// ## Example
    /// ```python
    /// def downgrade():
    ///     raise NotImplementedError()
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def downgrade():
    ///     op.drop_column("users", "age")
    /// ```
    ///
    /// ## Fix safety
    /// No fix. Suppress the finding where the migration is irreversible on purpose.
    pub struct DowngradeRaises {
        code: "REV003",
        name: "downgrade-raises",
        group: Reversibility,
        severity: Info,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let file = cx.file;
    let Some(downgrade) = &file.downgrade else {
        return;
    };
    if downgrade.body != BodyKind::Raises || !has_ops(&file.upgrade) {
        return;
    }
    cx.report(
        downgrade.name_range,
        "`downgrade()` raises: this revision cannot be rolled back, and stairway tests stop here.",
        "Write the downgrade if the change can be undone; otherwise suppress this finding to record the decision.",
    );
}
