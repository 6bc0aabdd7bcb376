use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that revision ids contain none of the characters Alembic rejects: `@`,
    /// `-`, `+` and `:`.
    ///
    /// ## Why is this bad?
    /// Those characters mean something in Alembic's revision syntax (`branch@head`,
    /// `head-1`, `ae10+2`, `base:head`), so Alembic refuses to load a revision whose
    /// id holds one: every command fails with *Character(s) '-' not allowed in revision
    /// identifier 'add-users'*. It happens when a revision file is written by hand or a
    /// hand-picked id (`--rev-id`) is used.
    ///
    /// ## Example
    /// ```python
    /// revision = "add-users"
    /// down_revision = None
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// revision = "add_users"
    /// down_revision = None
    /// ```
    ///
    /// ## Fix safety
    /// No fix: the revisions that name this id in `down_revision` or `depends_on` must
    /// change with it.
    pub struct IllegalRevisionId {
        code: "HIS010",
        name: "illegal-revision-id",
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
            format!("{}: Alembic refuses to load this history.", p.message),
            "Use letters, digits and underscores only (`alembic revision` makes 12 hex digits), and rename the id where other revisions name it.",
        );
    }
}
