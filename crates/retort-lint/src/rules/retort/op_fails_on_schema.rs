use retort_ir::{Diagnostic, Severity};

use crate::finding::Finding;
use crate::registry::Rule;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Applies each revision's `upgrade()` to the schema as the revisions before it left
    /// it, and reports the operations the database would reject: a table, column, index
    /// or constraint that does not exist, a name already taken, a second primary key, a
    /// foreign key to nothing.
    ///
    /// ## Why is this bad?
    /// The migration fails when it runs, usually in the middle of a deploy, leaving the
    /// database at the previous revision (or, without transactional DDL, half-migrated).
    ///
    /// ## Example
    /// ```python
    /// # an earlier revision created "users" with no "nickname" column
    /// def upgrade():
    ///     op.drop_column("users", "nickname")
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     op.drop_column("users", "nick_name")
    /// ```
    ///
    /// ## Fix safety
    /// No fix. After a step Retort could not follow (an opaque step), these findings are
    /// not reported, since that step may explain them.
    pub struct OpFailsOnSchema {
        code: "RT004",
        name: "op-fails-on-schema",
        group: Retort,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

/// Computed by the engine after the other rules: it needs the catalog as this revision
/// changes it (see `engine.rs`).
pub(crate) fn check(_cx: &mut Checker<'_>) {}

/// The findings for what applying the revision's `upgrade()` reported.
pub(crate) fn findings(path: &str, diagnostics: &[Diagnostic]) -> Vec<Finding> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| d.code != retort_catalog::codes::OP_NOT_FOLLOWED)
        .map(|d| {
            let range = d.range.unwrap_or_else(|| TextRange::empty(0));
            let mut f = Finding::new(
                Rule::OpFailsOnSchema,
                path,
                range,
                format!("{} ({})", d.message, d.code),
            );
            f.help = d.help.clone();
            f
        })
        .collect()
}
