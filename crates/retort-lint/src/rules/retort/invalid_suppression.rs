use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks `# retort: ignore[…]` and `# retort: ignore-file[…]` comments for rule
    /// codes or names that do not exist, and for comments that name no rule.
    ///
    /// ## Why is this bad?
    /// A misspelt rule suppresses nothing: the finding it was meant to silence still
    /// shows, or worse, the author believes a problem was reviewed when the comment does
    /// nothing at all.
    ///
    /// ## Example
    /// ```python
    /// op.drop_column("users", "email")  # retort: ignore[drop-colum]
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// op.drop_column("users", "email")  # retort: ignore[drop-column]
    /// ```
    ///
    /// ## Fix safety
    /// No fix: Retort cannot know which rule was meant (it suggests the nearest name).
    pub struct InvalidSuppression {
        code: "RT001",
        name: "invalid-suppression",
        group: Retort,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

/// Reported by the engine once every other rule has run (see `suppress.rs`).
pub(crate) fn check(_cx: &mut Checker<'_>) {}
