use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that each branch label is used once, and is not also a revision id.
    ///
    /// ## Why is this bad?
    /// Alembic refuses to load the history: *Branch name 'lbl' in revision a1111
    /// already used by revision b1111*.
    ///
    /// ## Example
    /// ```python
    /// revision = "a1111"
    /// branch_labels = ("billing",)
    /// # and another file also has branch_labels = ("billing",)
    /// ```
    ///
    /// ## Use instead
    /// Label only the first revision of a branch; later revisions inherit the label.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct BranchLabelCollision {
        code: "HIS005",
        name: "branch-label-collision",
        group: History,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    for p in cx.graph_problems(true) {
        cx.report(
            cx.problem_range(p),
            format!("{}: Alembic refuses to load the history.", p.message),
            "Use a label once: only the first revision of a branch carries it.",
        );
    }
}
