use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that following `down_revision` (and `depends_on`) never leads back to the
    /// same revision.
    ///
    /// ## Why is this bad?
    /// Every Alembic command fails: *Cycle is detected in revisions (a1111, b1111)*.
    ///
    /// ## Example
    /// ```python
    /// # a1111.py
    /// revision = "a1111"
    /// down_revision = "b1111"
    /// # b1111.py
    /// revision = "b1111"
    /// down_revision = "a1111"
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// # a1111.py
    /// revision = "a1111"
    /// down_revision = None
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct RevisionCycle {
        code: "HIS003",
        name: "revision-cycle",
        group: History,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let problems = cx.graph_problems(false);
    for p in problems {
        cx.report(
            cx.problem_range(p),
            format!(
                "{}: every Alembic command fails on this history.",
                p.message
            ),
            "Break the cycle: one of these revisions must revise an earlier one (or be a base).",
        );
    }
}
