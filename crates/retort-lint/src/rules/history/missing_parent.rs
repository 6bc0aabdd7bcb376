use crate::history::HistoryProblemKind;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that every revision named in `down_revision` and `depends_on` exists.
    ///
    /// ## Why is this bad?
    /// Alembic warns *Revision X referenced from Y is not present* and treats the
    /// revision as a base of its own: `upgrade head` then either fails or runs the
    /// revision against a schema it was not written for. It usually means a file was
    /// deleted, or a merge lost a revision.
    ///
    /// ## Example
    /// ```python
    /// revision = "b1111"
    /// down_revision = "zzzz9999"  # no such revision
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// revision = "b1111"
    /// down_revision = "a1111"
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct MissingParent {
        code: "HIS002",
        name: "missing-parent",
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
        .problems_at(&file.path, HistoryProblemKind::MissingParent)
        .cloned()
        .collect();
    for p in problems {
        let subject = p.subject.clone().unwrap_or_default();
        let in_depends =
            file.depends_on.contains(&subject) && !file.down_revisions.contains(&subject);
        let range = if in_depends {
            file.depends_on_range
        } else {
            file.down_revision_range
        }
        .unwrap_or_else(|| cx.file_range());
        cx.report(
            range,
            format!("{}: Alembic cannot place this revision in the history.", p.message),
            "Point `down_revision` at an existing revision (`alembic history` lists them), or restore the missing file.",
        );
    }
}
