use crate::history::HistoryProblemKind;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that no two files declare the same `revision`.
    ///
    /// ## Why is this bad?
    /// Alembic warns *Revision a1111 is present more than once* and keeps only the last
    /// file it loads: the other migration silently never runs. It happens when a file
    /// is copied to start a new migration.
    ///
    /// ## Example
    /// ```python
    /// # 1a_create_users.py and 1a_copy.py both say:
    /// revision = "1a"
    /// ```
    ///
    /// ## Use instead
    /// Give the copy a fresh id (`alembic revision` generates one) and point its
    /// `down_revision` at the latest revision.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct DuplicateRevisionId {
        code: "HIS004",
        name: "duplicate-revision-id",
        group: History,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let path = cx.file.path.clone();
    let problems: Vec<_> = cx
        .history
        .problems_at(&path, HistoryProblemKind::DuplicateId)
        .cloned()
        .collect();
    for p in problems {
        let others: Vec<&str> = p
            .paths
            .iter()
            .filter(|q| **q != path)
            .map(String::as_str)
            .collect();
        cx.report(
            cx.file_range(),
            format!(
                "{} (also in {}): Alembic keeps only the last file it loads, so one of these migrations never runs.",
                p.message,
                others.join(", ")
            ),
            "Give one of the files a new revision id.",
        );
    }
}
