use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for codes in `# retort: ignore[…]` comments that suppress nothing: the
    /// rule ran and reported nothing on the lines the comment covers.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real problem of that kind on the line. It also
    /// tells reviewers a risk was accepted where there is none.
    ///
    /// ## Example
    /// ```python
    /// op.add_column("users", sa.Column("age", sa.Integer()))  # retort: ignore[drop-column]
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// op.add_column("users", sa.Column("age", sa.Integer()))
    /// ```
    ///
    /// ## Fix safety
    /// The fix removes the code from the comment (the whole comment when it was the only
    /// one) and is safe: the code suppressed nothing.
    pub struct UnusedSuppression {
        code: "RT002",
        name: "unused-suppression",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: Always,
    }
}

/// Reported by the engine once every other rule has run (see `suppress.rs`).
pub(crate) fn check(_cx: &mut Checker<'_>) {}
