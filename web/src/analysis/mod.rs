//! What the worker computes: the analysis of a workspace, console commands and
//! schema views, as plain [`crate::protocol`] data.
//!
//! Pure functions of their input (the clock is passed in), so the wasm tests call
//! them directly, without a worker.

mod console;
mod graph_view;
mod lint;
mod schema;

use std::rc::Rc;

use retort_analysis::graph::{self, HistoryOptions};
use retort_analysis::Project;
use retort_ir::{Diagnostic, LineIndex, TextRange};

use crate::protocol::{CommandText, Origin, Problem, Report, Request, Response, Workspace};

pub use console::run as run_console;

/// The worker's memory between requests: the last workspace it analysed.
#[derive(Default)]
pub struct Session {
    project: Option<Project>,
    dialect: String,
}

impl Session {
    /// Answers one request. `now` gives milliseconds (for the report's timing).
    pub fn handle(&mut self, request: Request, now: &dyn Fn() -> f64) -> Response {
        match request {
            Request::Analyse { seq, workspace } => {
                let start = now();
                let (mut report, project) = analyse(seq, &workspace);
                report.elapsed_ms = now() - start;
                self.project = Some(project);
                self.dialect = workspace.settings.dialect;
                Response::Analysed(Box::new(report))
            }
            Request::Console {
                id,
                line,
                version_rows,
            } => Response::Console(console::run(
                id,
                &line,
                self.project.as_ref(),
                &self.dialect,
                &version_rows,
            )),
            Request::Schema { id, revision } => Response::Schema(Box::new(schema::view(
                id,
                self.project.as_ref(),
                &revision,
                &self.dialect,
            ))),
        }
    }
}

/// Loads and lints a workspace: the report, and the project for later requests.
pub fn analyse(seq: u64, workspace: &Workspace) -> (Report, Project) {
    let project = workspace.load();
    let dialect = workspace.settings.dialect.as_str();
    let (findings, config_errors) = lint::lint_project(&project, dialect);

    let mut problems: Vec<Problem> = Vec::new();
    let diagnostics = project
        .diagnostics
        .iter()
        .chain(project.revisions.iter().flat_map(|r| &r.diagnostics))
        .chain(&config_errors);
    for d in diagnostics {
        // Lint re-reports most of what the front end and the graph found (RT003,
        // HIS002, …) at the same place, with advice: keep the finding.
        let echoed = findings
            .iter()
            .any(|f| Some(f.path.as_str()) == d.path.as_deref() && Some(f.range) == d.range);
        if !echoed {
            problems.push(from_diagnostic(&project, d));
        }
    }
    problems.sort_by(|a, b| (&a.path, a.range).cmp(&(&b.path, b.range)));
    problems.extend(findings.iter().map(|f| {
        let (start, end) = locate(&project, Some(&f.path), Some(f.range));
        Problem {
            origin: Origin::Lint,
            code: f.code.clone(),
            name: Some(f.rule.name().to_owned()),
            severity: f.severity,
            message: f.message.clone(),
            help: f.help.clone(),
            path: Some(f.path.clone()),
            range: Some(f.range),
            start,
            end,
        }
    }));

    let history = match graph::history(&project.graph, &HistoryOptions::default(), &[]) {
        Ok(text) => CommandText::Ok(text),
        Err(e) => CommandText::Failed(e.alembic_line()),
    };
    let report = Report {
        seq,
        dialect: dialect.to_owned(),
        problems: Rc::new(problems),
        graph: Rc::new(graph_view::of(&project.graph)),
        history,
        version_locations: project.layout.version_locations.clone(),
        files: project.files.len(),
        revisions: project.revisions.len(),
        elapsed_ms: 0.0,
    };
    (report, project)
}

pub(crate) fn from_diagnostic(project: &Project, d: &Diagnostic) -> Problem {
    let (start, end) = locate(project, d.path.as_deref(), d.range);
    Problem {
        origin: Origin::Analysis,
        code: d.code.clone(),
        name: None,
        severity: d.severity,
        message: d.message.clone(),
        help: d.help.clone(),
        path: d.path.clone(),
        range: d.range,
        start,
        end,
    }
}

/// Lines and columns of a range; rendering is the only place they exist.
fn locate(
    project: &Project,
    path: Option<&str>,
    range: Option<TextRange>,
) -> (Option<retort_ir::LineCol>, Option<retort_ir::LineCol>) {
    let (Some(path), Some(range)) = (path, range) else {
        return (None, None);
    };
    let Some(text) = project.source_of(path) else {
        return (None, None);
    };
    let index = LineIndex::new(text);
    (
        Some(index.line_col(text, range.start)),
        Some(index.line_col(text, range.end)),
    )
}
