use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports what stops Python or Alembic from importing a revision file: syntax
    /// errors, bytes that are not UTF-8, and revision identifiers (`revision`,
    /// `down_revision`, …) that are not literals.
    ///
    /// ## Why is this bad?
    /// Alembic imports every file of the versions directory to build the revision map:
    /// one broken file stops every command, `alembic upgrade` included. Retort reads the
    /// rest of the file as well as it can, but its other findings may be incomplete.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.add_column("users", sa.Column("age", sa.Integer())
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     op.add_column("users", sa.Column("age", sa.Integer()))
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct InvalidPython {
        code: "RT003",
        name: "invalid-python",
        group: Retort,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

/// The codes of the front end's diagnostics this rule reports.
pub(crate) const CODES: &[&str] = &["syntax-error", "not-utf8", "unresolved-identifier"];

pub(crate) fn check(cx: &mut Checker<'_>) {
    let file = cx.file;
    for d in &file.diagnostics {
        if !CODES.contains(&d.code.as_str()) {
            continue;
        }
        let range = d.range.unwrap_or_else(|| TextRange::empty(0));
        let help = d
            .help
            .clone()
            .unwrap_or_else(|| "Fix the file so that Python can import it.".to_owned());
        cx.report(range, d.message.clone(), help);
    }
}
