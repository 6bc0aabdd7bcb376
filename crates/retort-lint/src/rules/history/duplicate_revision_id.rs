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
    for p in cx.graph_problems(false) {
        let others: Vec<&str> = p
            .file_indices
            .iter()
            .filter(|&&i| i != cx.index)
            .filter_map(|&i| cx.project.revisions.get(i))
            .map(|r| r.path.as_str())
            .collect();
        cx.report(
            cx.problem_range(p),
            format!(
                "{} (also in {}): Alembic keeps only the last file it loads, so one of these migrations never runs.",
                p.message,
                others.join(", ")
            ),
            "Give one of the files a new revision id.",
        );
    }
}
