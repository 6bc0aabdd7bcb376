//! Alembic's text for revisions and its read-only commands: `Script.log_entry`,
//! `Script._head_only`, and `alembic history / heads / branches / show / current`.

use serde::{Deserialize, Serialize};

use crate::engine::Res;
use crate::error::{Catch, GraphError, Ident, RevErr, RevResult};
use crate::graph::{Revision, RevisionGraph};
use crate::python::splitlines;

/// `Script._format_down_revision()`.
pub(crate) fn format_down_revision(rev: &Revision) -> String {
    if rev.has_down_revision() {
        rev.down_revisions.join(", ")
    } else {
        "<base>".to_owned()
    }
}

/// `Script.log_entry`: the block `history -v`, `show` and `heads -v` print.
pub(crate) fn log_entry(rev: &Revision, current: bool) -> String {
    let mut entry = format!(
        "Rev: {}{}{}{}{}\n",
        rev.id,
        if rev.is_head() { " (head)" } else { "" },
        if rev.is_branch_point() {
            " (branchpoint)"
        } else {
            ""
        },
        if rev.is_merge_point() {
            " (mergepoint)"
        } else {
            ""
        },
        if current { " (current)" } else { "" },
    );
    if rev.is_merge_point() {
        entry.push_str(&format!("Merges: {}\n", format_down_revision(rev)));
    } else {
        entry.push_str(&format!("Parent: {}\n", format_down_revision(rev)));
    }
    if !rev.dependencies.is_empty() {
        entry.push_str(&format!(
            "Also depends on: {}\n",
            rev.dependencies.join(", ")
        ));
    }
    if rev.is_branch_point() {
        entry.push_str(&format!("Branches into: {}\n", rev.children.join(", ")));
    }
    if !rev.branch_labels.is_empty() {
        entry.push_str(&format!("Branch names: {}\n", rev.branch_labels.join(", ")));
    }
    entry.push_str(&format!("Path: {}\n", rev.path));
    let body: Vec<String> = splitlines(&rev.longdoc)
        .iter()
        .map(|line| format!("    {line}"))
        .collect();
    entry.push_str(&format!("\n{}\n", body.join("\n")));
    entry
}

/// The arguments of `Script._head_only` / `Script.cmd_format`.
#[derive(Debug, Clone, Copy, Default)]
struct Format {
    verbose: bool,
    include_branches: bool,
    include_doc: bool,
    include_parents: bool,
    tree_indicators: bool,
    current: bool,
}

/// `Script.cmd_format(...)`.
fn cmd_format(rev: &Revision, f: Format) -> String {
    if f.verbose {
        return log_entry(rev, f.current);
    }
    let mut text = rev.id.clone();
    if f.include_parents {
        text = if rev.dependencies.is_empty() {
            format!("{} -> {text}", format_down_revision(rev))
        } else {
            format!(
                "{} ({}) -> {text}",
                format_down_revision(rev),
                rev.dependencies.join(", ")
            )
        };
    }
    if f.include_branches && !rev.branch_labels.is_empty() {
        text.push_str(&format!(" ({})", rev.branch_labels.join(", ")));
    }
    // `head_indicators` is always true where Alembic calls this.
    if rev.is_real_head() {
        text.push_str(" (head)");
    }
    if rev.is_effective_head() {
        text.push_str(" (effective head)");
    }
    if f.current {
        text.push_str(" (current)");
    }
    if f.tree_indicators {
        if rev.is_branch_point() {
            text.push_str(" (branchpoint)");
        }
        if rev.is_merge_point() {
            text.push_str(" (mergepoint)");
        }
    }
    if f.include_doc {
        text.push_str(&format!(", {}", rev.doc));
    }
    text
}

/// How `alembic history` was invoked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryOptions {
    /// `-r/--rev-range`, as typed (`base:head`, `abc:`, `:current`, `-1:` …).
    pub rev_range: Option<String>,
    /// `-v/--verbose`.
    pub verbose: bool,
    /// `-i/--indicate-current`.
    pub indicate_current: bool,
}

impl RevisionGraph {
    /// The error a command meets when Alembic cannot load this history at all: the first
    /// fatal problem, raised where `ScriptDirectory` catches revision errors (`caught`)
    /// or where nothing does (`alembic heads`).
    fn load_failure(&self, caught: bool) -> Option<GraphError> {
        if self.lenient {
            return None;
        }
        let problem = self.problems.iter().find(|p| p.is_fatal())?;
        let exception = problem.exception.clone().unwrap_or_default();
        let (class, message) = exception
            .split_once(": ")
            .unwrap_or((exception.as_str(), ""));
        if caught && class.starts_with("alembic.script.revision.") {
            Some(GraphError::failed(message))
        } else {
            Some(GraphError::crashed(class, message))
        }
    }

    pub(crate) fn check_loadable(&self, caught: bool) -> Result<(), GraphError> {
        self.load_failure(caught).map_or(Ok(()), Err)
    }

    /// `ScriptDirectory.walk_revisions(base, head)`.
    fn walk_revisions(&self, base: &Ident, head: &Ident) -> RevResult<Vec<usize>> {
        let catch = Catch {
            start: Some(base.clone()),
            end: Some(head.clone()),
            ..Catch::default()
        };
        self.iterate_revisions(head, base, false, true, false, false, &mut Vec::new())
            .map_err(|e| catch.apply(e))
    }

    /// `ScriptDirectory.get_revisions(id_)`, errors worded by `_catch_revision_errors()`.
    fn script_get_revisions(&self, id: &Ident) -> RevResult<Vec<Res>> {
        self.get_revisions_ident(id)
            .map_err(|e| Catch::default().apply(e))
    }
}

fn rev_of(graph: &RevisionGraph, res: Res) -> Result<&Revision, GraphError> {
    match res {
        Res::Rev(i) => Ok(&graph.revisions[i]),
        Res::Nil => Err(GraphError::crashed(
            "AttributeError",
            "'NoneType' object has no attribute 'log_entry'",
        )),
        Res::Base => Err(GraphError::crashed(
            "AttributeError",
            "'str' object has no attribute 'log_entry'",
        )),
    }
}

/// `alembic history [-r RANGE] [-v] [-i]`: standard output, byte for byte.
///
/// `current_heads` is the database's `alembic_version` rows; it is read only when the
/// range names `current` or `indicate_current` is set (as Alembic runs `env.py` only
/// then).
pub fn history(
    graph: &RevisionGraph,
    options: &HistoryOptions,
    current_heads: &[String],
) -> Result<String, GraphError> {
    let (base, head) = match &options.rev_range {
        Some(range) => {
            if !range.contains(':') {
                return Err(GraphError::failed(
                    "History range requires [start]:[end], [start]:, or :[end]",
                ));
            }
            let parts: Vec<&str> = range
                .trim_matches(crate::python::is_py_whitespace)
                .split(':')
                .collect();
            match parts.as_slice() {
                [base, head] => (Some((*base).to_owned()), Some((*head).to_owned())),
                _ => {
                    return Err(GraphError::crashed(
                        "ValueError",
                        "too many values to unpack (expected 2)",
                    ))
                }
            }
        }
        None => (None, None),
    };
    graph.check_loadable(true)?;
    let as_ident = |s: &Option<String>| match s.as_deref() {
        None | Some("") => None,
        Some(text) => Some(Ident::str(text)),
    };
    let mut base = as_ident(&base);
    let mut head = as_ident(&head);
    let mut currents: Vec<String> = Vec::new();
    let is_current = |i: &Option<Ident>| *i == Some(Ident::str("current"));
    if is_current(&base) || is_current(&head) || options.indicate_current {
        let rev = Ident::tuple(current_heads);
        currents = current_heads.to_vec();
        let rev = if rev.truthy() { Some(rev) } else { None };
        if is_current(&head) {
            head = rev;
        } else if is_current(&base) {
            base = rev;
        }
    }
    let base = base.unwrap_or_else(|| Ident::str("base"));
    let head = head.unwrap_or_else(|| Ident::str("heads"));
    let revisions = graph
        .walk_revisions(&base, &head)
        .map_err(RevErr::into_graph_error)?;
    let mut out = String::new();
    for idx in revisions {
        let rev = &graph.revisions[idx];
        let current = options.indicate_current && currents.contains(&rev.id);
        let format = Format {
            verbose: options.verbose,
            include_branches: true,
            include_doc: true,
            include_parents: true,
            tree_indicators: true,
            current,
        };
        out.push_str(&cmd_format(rev, format));
        out.push('\n');
    }
    Ok(out)
}

/// `alembic heads [-v] [--resolve-dependencies]`: standard output, byte for byte.
pub fn heads(
    graph: &RevisionGraph,
    verbose: bool,
    resolve_dependencies: bool,
) -> Result<String, GraphError> {
    let found = if resolve_dependencies {
        graph.check_loadable(true)?;
        graph.script_get_revisions(&Ident::str("heads"))
    } else {
        // `script.get_heads()` loads the map outside `_catch_revision_errors`.
        graph.check_loadable(false)?;
        graph.script_get_revisions(&Ident::tuple(&graph.heads))
    }
    .map_err(RevErr::into_graph_error)?;
    let mut out = String::new();
    for res in found {
        let rev = rev_of(graph, res)?;
        let format = Format {
            verbose,
            include_branches: true,
            ..Format::default()
        };
        out.push_str(&cmd_format(rev, format));
        out.push('\n');
    }
    Ok(out)
}

/// `alembic branches [-v]`: standard output, byte for byte (up to the order of a
/// branch point's children, which Alembic takes from a Python set; see
/// [`Revision::children`]).
pub fn branches(graph: &RevisionGraph, verbose: bool) -> Result<String, GraphError> {
    graph.check_loadable(true)?;
    let revisions = graph
        .walk_revisions(&Ident::str("base"), &Ident::str("heads"))
        .map_err(RevErr::into_graph_error)?;
    let mut out = String::new();
    for idx in revisions {
        let rev = &graph.revisions[idx];
        if !rev.is_branch_point() {
            continue;
        }
        let head = cmd_format(
            rev,
            Format {
                verbose,
                include_branches: true,
                tree_indicators: true,
                ..Format::default()
            },
        );
        let indent = " ".repeat(rev.id.chars().count());
        let mut lines = Vec::new();
        for child in &rev.children {
            let child_rev = graph
                .get_revision(Some(child))
                .map_err(|e| Catch::default().apply(e).into_graph_error())?
                .map(|i| &graph.revisions[i]);
            let Some(child_rev) = child_rev else {
                return Err(GraphError::crashed(
                    "AttributeError",
                    "'NoneType' object has no attribute 'cmd_format'",
                ));
            };
            let text = cmd_format(
                child_rev,
                Format {
                    include_branches: true,
                    include_doc: verbose,
                    tree_indicators: true,
                    ..Format::default()
                },
            );
            lines.push(format!("{indent} -> {text}"));
        }
        out.push_str(&format!("{head}\n{}\n\n", lines.join("\n")));
    }
    Ok(out)
}

/// `alembic show REV`: standard output, byte for byte. `REV` may be `current`, which
/// shows the revisions in `current_heads` (the database's rows).
pub fn show(
    graph: &RevisionGraph,
    rev: &str,
    current_heads: &[String],
) -> Result<String, GraphError> {
    graph.check_loadable(true)?;
    let id = if rev == "current" {
        Ident::tuple(current_heads)
    } else {
        Ident::str(rev)
    };
    let found = graph
        .script_get_revisions(&id)
        .map_err(RevErr::into_graph_error)?;
    let mut out = String::new();
    for res in found {
        match rev_of(graph, res) {
            Ok(rev) => out.push_str(&log_entry(rev, false)),
            Err(e) => return Err(e.after_output(out)),
        }
        out.push('\n');
    }
    Ok(out)
}

/// The revision lines of `alembic current [-v] [--check-heads]` for a database whose
/// `alembic_version` rows are `current_heads`, byte for byte.
///
/// With `verbose`, Alembic first prints `Current revision(s) for <url>:`, which the
/// caller adds (it knows the URL). Alembic prints these lines in the order of a Python
/// set; this gives them in revision map order.
pub fn current(
    graph: &RevisionGraph,
    current_heads: &[String],
    verbose: bool,
    check_heads: bool,
) -> Result<String, GraphError> {
    graph.check_loadable(true)?;
    if check_heads {
        let db: std::collections::HashSet<&String> = current_heads.iter().collect();
        let script: std::collections::HashSet<&String> = graph.heads.iter().collect();
        if db != script {
            return Err(GraphError::failed("Database is not on all head revisions"));
        }
    }
    let ids: Vec<Option<String>> = current_heads.iter().cloned().map(Some).collect();
    let found = graph
        .get_all_current(&ids)
        .map_err(|e| Catch::default().apply(e).into_graph_error())?;
    let mut out = String::new();
    for res in found {
        out.push_str(&cmd_format(
            rev_of(graph, res)?,
            Format {
                verbose,
                tree_indicators: true,
                ..Format::default()
            },
        ));
        out.push('\n');
    }
    Ok(out)
}
