use crate::history::HistoryProblemKind;
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
    let file = cx.file;
    let problems: Vec<_> = cx
        .history
        .problems_at(&file.path, HistoryProblemKind::Cycle)
        .chain(
            cx.history
                .problems_at(&file.path, HistoryProblemKind::DependencyCycle),
        )
        .cloned()
        .collect();
    for p in problems {
        let range = if p.kind == HistoryProblemKind::DependencyCycle {
            file.depends_on_range.or(file.down_revision_range)
        } else {
            file.down_revision_range
        }
        .unwrap_or_else(|| cx.file_range());
        cx.report(
            range,
            format!(
                "{}: every Alembic command fails on this history.",
                p.message
            ),
            "Break the cycle: one of these revisions must revise an earlier one (or be a base).",
        );
    }
}
