//! What the worker computes: the analysis of a workspace, console commands and
//! schema views, as plain [`crate::protocol`] data.
//!
//! Pure functions of their input (the clock is passed in), so the wasm tests call
//! them directly, without a worker.

mod console;
mod graph_view;
mod lint;
mod schema;

use std::collections::HashMap;
use std::rc::Rc;

use retort_analysis::graph::{self, HistoryOptions};
use retort_analysis::{Project, ReadCache};
use retort_ir::{Diagnostic, LineIndex, TextRange};
use retort_lint::LintMemo;

use crate::protocol::{CommandText, Origin, Problem, Report, Request, Response, Workspace};

pub use console::run as run_console;

/// The worker's memory between requests: the last workspace it analysed, and
/// how each of its files read.
#[derive(Default)]
pub struct Session {
    project: Option<Project>,
    dialect: String,
    /// The files as last read: an edit re-reads only what it changed.
    reads: ReadCache,
    /// The last findings: an edit lints again only what it can have changed.
    lints: LintMemo,
    /// The workspace last analysed, which [`Request::Update`]s change.
    workspace: Workspace,
}

impl Session {
    /// Answers one request. `now` gives milliseconds (for the report's timing).
    pub fn handle(&mut self, request: Request, now: &dyn Fn() -> f64) -> Response {
        match request {
            Request::Update { seq, update } => {
                match update.apply(std::mem::take(&mut self.workspace)) {
                    Ok(workspace) => self.handle(Request::Analyse { seq, workspace }, now),
                    Err(message) => Response::Failed { message },
                }
            }
            Request::Analyse { seq, workspace } => {
                let start = now();
                if let Some(previous) = self.project.take() {
                    self.reads.recycle(previous);
                }
                let (mut report, project) =
                    analyse(seq, &workspace, &mut self.reads, &mut self.lints);
                report.elapsed_ms = now() - start;
                self.project = Some(project);
                self.dialect = workspace.settings.dialect.clone();
                self.workspace = workspace;
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
/// Files that read the same as in the loads `reads` remembers are not parsed
/// again, and only what they change is linted again (`lints`).
pub fn analyse(
    seq: u64,
    workspace: &Workspace,
    reads: &mut ReadCache,
    lints: &mut LintMemo,
) -> (Report, Project) {
    let project = workspace.load_cached(reads);
    let dialect = workspace.settings.dialect.as_str();
    let lint::Linted {
        findings,
        config_errors,
        rules,
        postgres_version,
    } = lint::lint_project(&project, &workspace.settings, reads.reread(), lints);

    let mut lines = Lines::new(&project);
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
            problems.push(located(&mut lines, d));
        }
    }
    problems.sort_by(|a, b| (&a.path, a.range).cmp(&(&b.path, b.range)));
    problems.extend(findings.iter().map(|f| {
        let (start, end) = lines.locate(Some(&f.path), Some(f.range));
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
    // Each file's problems together (the project's own first): its diagnostics,
    // then its findings. Reports cross to the page file by file.
    problems.sort_by(|a, b| a.path.cmp(&b.path));

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
        rules: Rc::new(rules),
        postgres_version,
    };
    (report, project)
}

/// A diagnostic located for the page.
pub(crate) fn from_diagnostic(project: &Project, d: &Diagnostic) -> Problem {
    located(&mut Lines::new(project), d)
}

fn located(lines: &mut Lines<'_>, d: &Diagnostic) -> Problem {
    let (start, end) = lines.locate(d.path.as_deref(), d.range);
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

/// Lines and columns of ranges in the project's files; rendering is the only
/// place they exist. Each file is indexed once, however many results it has.
struct Lines<'p> {
    texts: HashMap<&'p str, &'p str>,
    indexed: HashMap<&'p str, LineIndex>,
}

impl<'p> Lines<'p> {
    fn new(project: &'p Project) -> Self {
        Self {
            texts: project
                .files
                .iter()
                .map(|f| (f.path.as_str(), f.text.as_str()))
                .collect(),
            indexed: HashMap::new(),
        }
    }

    fn locate(
        &mut self,
        path: Option<&str>,
        range: Option<TextRange>,
    ) -> (Option<retort_ir::LineCol>, Option<retort_ir::LineCol>) {
        let (Some(path), Some(range)) = (path, range) else {
            return (None, None);
        };
        let Some((&path, &text)) = self.texts.get_key_value(path) else {
            return (None, None);
        };
        let index = self
            .indexed
            .entry(path)
            .or_insert_with(|| LineIndex::new(text));
        (
            Some(index.line_col(text, range.start)),
            Some(index.line_col(text, range.end)),
        )
    }
}
