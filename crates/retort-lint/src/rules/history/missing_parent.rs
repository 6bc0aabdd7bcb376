use crate::rules::prelude::*;
use retort_graph::ProblemKind;

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
    let problems = cx.graph_problems(true);
    for p in problems {
        cx.report(
            cx.problem_range(p),
            format!("{}: Alembic cannot place this revision in the history.", p.message),
            match p.kind {
                ProblemKind::MissingDependency => "Name an existing revision or branch label in `depends_on`, or remove the entry.",
                ProblemKind::DownRevisionIsBranchLabel => "Name the labelled revision's id in `down_revision`: Alembic resolves branch labels only in `depends_on` and commands.",
                _ => "Point `down_revision` at an existing revision (`alembic history` lists them), or restore the missing file.",
            },
        );
    }
}
