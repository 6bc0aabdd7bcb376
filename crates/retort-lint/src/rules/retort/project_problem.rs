use retort_graph::ProblemKind;
use retort_ir::Diagnostic;

use crate::finding::Finding;
use crate::registry::Rule;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports what loading the project found that no other rule reports: an
    /// `alembic.ini` without `script_location` (or a `-c` file that does not exist), a
    /// `pyproject.toml` that is not valid TOML, a file in the versions directory with no
    /// revision id, an argument of an op that cannot be read statically, an `upgrade()`
    /// or `downgrade()` that raises after running some operations.
    ///
    /// ## Why is this bad?
    /// What stops Alembic from loading the project stops every command (`FAILED: No
    /// 'script_location' key found in configuration.`); what Retort cannot follow makes
    /// its other findings incomplete. Without this rule they would not show up in
    /// `retort lint` at all.
    ///
    /// ## Example
    /// ```python
    /// # migrations/versions/helpers.py, beside the revision files
    /// def add_audit_columns(table):
    ///     ...
    /// ```
    ///
    /// ## Use instead
    /// Move the helper out of the versions directory (Alembic imports every `.py` file
    /// there as a revision), or give the file a `revision`.
    ///
    /// ## Fix safety
    /// No fix. Findings keep the severity of what was found (an error when Alembic
    /// fails, a warning when Retort could not follow something), unless configured.
    pub struct ProjectProblem {
        code: "RT006",
        name: "project-problem",
        group: Retort,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

/// Whether another rule reports diagnostics with this code (every kind of graph problem
/// has its rule: [`Rule::for_graph_problem`]).
fn reported_elsewhere(code: &str) -> bool {
    crate::rules::retort::invalid_python::CODES.contains(&code)
        || ProblemKind::ALL.iter().any(|kind| kind.code() == code)
}

/// The finding for a diagnostic of the project, if no other rule reports it.
pub(crate) fn finding(path: &str, d: &Diagnostic) -> Option<Finding> {
    if reported_elsewhere(&d.code) {
        return None;
    }
    let (_, range) = Finding::place_of(d);
    let mut f = Finding::new(
        Rule::ProjectProblem,
        path,
        range,
        format!("{} ({})", d.message, d.code),
    );
    f.severity = d.severity;
    f.help = Some(d.help.clone().unwrap_or_else(|| {
        "Fix the file or the configuration so that Alembic and Retort can read it.".to_owned()
    }));
    Some(f)
}

/// What loading the file itself reported; the project's own diagnostics (configuration,
/// files that are not revisions) are reported by the engine, which sees them all.
pub(crate) fn check(cx: &mut Checker<'_>) {
    let path = cx.file.path.as_str();
    let found: Vec<Finding> = cx
        .file
        .diagnostics
        .iter()
        .filter_map(|d| finding(path, d))
        .collect();
    cx.findings.extend(found);
}
