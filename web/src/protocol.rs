//! Messages between the page and its two workers.
//!
//! They cross the worker boundary as JS values through `serde-wasm-bindgen`, so
//! they are plain serialisable data. The page sends the analysis worker the whole
//! [`Workspace`]; it answers with a [`Report`] it computed from nothing else, and
//! keeps the loaded project for the console and schema requests that follow.
//! The engine worker ([`EngineRequest`], [`EngineResponse`]) is started the first
//! time something needs it: the in-tab database, offline SQL, round trips and the
//! models.

use std::rc::Rc;

use retort_analysis::{LoadOptions, Project, SourceFile, SqlCommand};
use retort_ir::{LineCol, Severity, TextRange};
use serde::{Deserialize, Serialize};

/// One file the user loaded or wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceFile {
    /// `/`-separated, relative to the workspace root.
    pub path: String,
    pub text: String,
}

impl WorkspaceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
        }
    }
}

/// The databases the playground can target.
pub const DIALECTS: [&str; 3] = ["postgresql", "sqlite", "mysql"];

/// What the user chose beside the files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// One of [`DIALECTS`]: dialect conditionals in migrations are resolved for
    /// it, and dialect-aware lint rules follow it.
    pub dialect: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            dialect: DIALECTS[0].to_owned(),
        }
    }
}

/// Everything an analysis depends on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub files: Vec<WorkspaceFile>,
    #[serde(default)]
    pub settings: Settings,
}

impl Workspace {
    pub fn file(&self, path: &str) -> Option<&WorkspaceFile> {
        self.files.iter().find(|f| f.path == path)
    }

    /// The project the analysis façade reads from these files, on a worker's one
    /// thread (workers only: the page never links the front end).
    pub fn load(&self) -> Project {
        let files: Vec<SourceFile> = self
            .files
            .iter()
            .map(|f| SourceFile::new(&f.path, &f.text))
            .collect();
        let options = LoadOptions {
            threads: 1,
            ..LoadOptions::default()
        };
        Project::load(files, &options)
    }
}

/// What the page asks of the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Load and lint this workspace; `seq` comes back in the report so that the
    /// page can drop an answer to a workspace it no longer shows.
    Analyse { seq: u64, workspace: Workspace },
    /// Run one console line (`alembic history`, `upgrade head`, …) against the
    /// last analysed workspace and a database whose `alembic_version` rows are
    /// `version_rows`.
    Console {
        id: u64,
        line: String,
        version_rows: Vec<String>,
    },
    /// The schema after upgrading an empty database to `revision`, and what
    /// that revision changed.
    Schema { id: u64, revision: String },
}

/// What the worker sends back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker has loaded and takes requests from now on.
    Ready,
    /// The answer to [`Request::Analyse`].
    Analysed(Box<Report>),
    /// The answer to [`Request::Console`].
    Console(ConsoleResult),
    /// The answer to [`Request::Schema`].
    Schema(Box<SchemaView>),
    /// The worker could not understand a request.
    Failed { message: String },
}

/// Where a problem comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Reading the project: discovery, the Python front end, the revision graph.
    Analysis,
    /// A lint rule.
    Lint,
    /// Running the migrations (the engine), rendering SQL, comparing models.
    Engine,
}

/// One diagnostic or lint finding, located for the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub origin: Origin,
    /// Stable code: a diagnostic's kebab-case code, or a rule's code (`SAF001`).
    pub code: String,
    /// The rule's kebab-case name, for lint findings.
    pub name: Option<String>,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The file, when the problem is in one.
    pub path: Option<String>,
    /// Byte range in that file.
    pub range: Option<TextRange>,
    /// 1-based line and column (in characters) of the range's ends.
    pub start: Option<LineCol>,
    pub end: Option<LineCol>,
}

/// One revision as the graph panel draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphNode {
    pub id: String,
    pub path: String,
    /// The docstring's first line.
    pub doc: String,
    /// `down_revision` as the graph uses it (missing parents left out).
    pub parents: Vec<String>,
    /// `depends_on`, resolved to revision ids.
    pub dependencies: Vec<String>,
    /// Branch labels declared on this revision.
    pub labels: Vec<String>,
    pub is_head: bool,
    pub is_base: bool,
    pub is_branch_point: bool,
    pub is_merge: bool,
}

/// The revision graph as data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphView {
    /// In Alembic's load order.
    pub nodes: Vec<GraphNode>,
    pub heads: Vec<String>,
    pub bases: Vec<String>,
}

/// What a command printed, or how it failed, as Alembic words it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommandText {
    Ok(String),
    /// `FAILED: …` or the traceback's last line.
    Failed(String),
}

/// The answer to [`Request::Analyse`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub seq: u64,
    pub dialect: String,
    /// Diagnostics first, then lint findings; each group by path and position.
    pub problems: Rc<Vec<Problem>>,
    pub graph: Rc<GraphView>,
    /// `alembic history`.
    pub history: CommandText,
    /// Where the revisions were looked for.
    pub version_locations: Vec<String>,
    pub files: usize,
    pub revisions: usize,
    /// Time the worker spent, in milliseconds.
    pub elapsed_ms: f64,
}

impl Report {
    /// Problems located in `path`.
    pub fn problems_in<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Problem> + 'a {
        self.problems
            .iter()
            .filter(move |p| p.path.as_deref() == Some(path))
    }
}

/// How a console line is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stream {
    /// What the user typed.
    Input,
    /// Standard output.
    Stdout,
    /// Standard error (Alembic's log lines, `FAILED:`).
    Stderr,
    /// Retort's own remarks, not Alembic's.
    Note,
}

/// One line of console output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleLine {
    pub stream: Stream,
    pub text: String,
}

impl ConsoleLine {
    pub fn new(stream: Stream, text: impl Into<String>) -> Self {
        Self {
            stream,
            text: text.into(),
        }
    }
}

/// The answer to [`Request::Console`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleResult {
    pub id: u64,
    pub lines: Vec<ConsoleLine>,
    /// The `alembic_version` rows after the command, when it changed them.
    pub version_rows: Option<Vec<String>>,
    /// Clear the console first (`clear`).
    pub clear: bool,
}

/// One table at a revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableView {
    pub name: String,
    /// Columns, keys, indexes, one per line, as `retort schema` prints them.
    pub lines: Vec<String>,
    /// Whether the revision changed this table.
    pub changed: bool,
}

/// The answer to [`Request::Schema`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaView {
    pub id: u64,
    pub revision: String,
    /// The revisions upgraded through, in order.
    pub applied: Vec<String>,
    pub tables: Vec<TableView>,
    /// Enum types, `retort schema` lines.
    pub enums: Vec<String>,
    /// What the revision changed, compared with its parents' schema.
    pub changes: Vec<String>,
    /// Problems met applying the ops, or why there is no schema.
    pub notes: Vec<String>,
}

/// What the page asks of the engine worker. Requests run in the order sent; each
/// is about the last [`EngineRequest::Workspace`] before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EngineRequest {
    /// The workspace of edit `seq`: sent before a request when the worker has an
    /// older one.
    Workspace { seq: u64, workspace: Workspace },
    /// Start from this database: a snapshot saved in the browser (the engine's
    /// JSON), or an empty database imitating `dialect`. `epoch` comes back with
    /// every [`DatabaseState`], so that the page drops states of a database it
    /// has since replaced.
    Open {
        epoch: u64,
        dialect: String,
        snapshot: Option<String>,
    },
    /// An `alembic upgrade | downgrade | stamp | current | check` line.
    Console { id: u64, line: String },
    /// The SQL panel: `alembic upgrade|downgrade RANGE --sql`.
    Sql { id: u64, query: SqlQuery },
    /// The stairway on a fresh database with `rows` sample rows per table.
    RoundTrip { id: u64, rows: usize },
    /// `alembic check`: the models against the migrations at heads.
    Drift { id: u64 },
    /// The revision `alembic revision --autogenerate -m MESSAGE` writes. The id
    /// and the date come from the page: the analysis has no clock.
    CreateRevision {
        id: u64,
        message: String,
        rev_id: String,
        create_date: String,
    },
}

/// What the engine worker sends back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum EngineResponse {
    /// The worker has loaded and takes requests from now on.
    Ready,
    /// The answer to [`EngineRequest::Console`].
    Console(ConsoleResult),
    /// The database after [`EngineRequest::Open`] or a command that changed it.
    Database(DatabaseState),
    /// The answer to [`EngineRequest::Sql`].
    Sql(Box<SqlView>),
    /// One revision of a round trip, as soon as it ran.
    RoundTripStep {
        id: u64,
        /// Revisions done, this one included, of `total`.
        done: usize,
        total: usize,
        step: RoundTripStep,
    },
    /// The whole round trip.
    RoundTrip(Box<RoundTripView>),
    /// The answer to [`EngineRequest::Drift`].
    Drift(Box<DriftView>),
    /// The answer to [`EngineRequest::CreateRevision`].
    Created(Box<CreatedRevision>),
    /// The worker could not understand a request, or failed.
    Failed { message: String },
}

/// The in-tab database as the page keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseState {
    pub epoch: u64,
    /// The database it imitates.
    pub dialect: String,
    /// The `alembic_version` rows.
    pub heads: Vec<String>,
    /// The engine's snapshot (JSON), saved with the workspace; the page never
    /// reads it.
    pub snapshot: String,
    /// Why a saved database could not be restored.
    pub note: Option<String>,
}

/// What the SQL panel asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlQuery {
    pub command: SqlCommand,
    /// Where the range starts: empty for an upgrade from the start (no range).
    pub from: String,
    pub to: String,
}

impl SqlQuery {
    /// The defaults: `upgrade head`, or `downgrade head:base`.
    pub fn new(command: SqlCommand) -> SqlQuery {
        let (from, to) = match command {
            SqlCommand::Upgrade => ("", "head"),
            SqlCommand::Downgrade => ("head", "base"),
        };
        SqlQuery {
            command,
            from: from.to_owned(),
            to: to.to_owned(),
        }
    }

    /// The revision argument: `TO`, or `FROM:TO`.
    pub fn revision(&self) -> String {
        let (from, to) = (self.from.trim(), self.to.trim());
        if from.is_empty() {
            to.to_owned()
        } else {
            format!("{from}:{to}")
        }
    }

    /// `upgrade` or `downgrade`.
    pub fn verb(&self) -> &'static str {
        match self.command {
            SqlCommand::Upgrade => "upgrade",
            SqlCommand::Downgrade => "downgrade",
        }
    }
}

impl Default for SqlQuery {
    fn default() -> Self {
        SqlQuery::new(SqlCommand::Upgrade)
    }
}

/// The answer to [`EngineRequest::Sql`]: what `alembic … --sql` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlView {
    pub id: u64,
    /// The workspace edit it is about.
    pub seq: u64,
    pub dialect: String,
    /// `alembic upgrade head --sql`, as typed.
    pub command: String,
    /// Standard output: the SQL (and Alembic's `FAILED:` line).
    pub stdout: String,
    /// Standard error: Alembic's log lines.
    pub stderr: String,
    /// What Alembic would fail on, or Retort cannot render, at its op.
    pub problems: Vec<Problem>,
    /// Alembic would exit non-zero.
    pub failed: bool,
}

/// How one revision's round trip went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepOutcome {
    Passed,
    Failed,
    Irreversible,
    UpgradedOnly,
    NotRun,
}

impl StepOutcome {
    pub fn name(self) -> &'static str {
        match self {
            StepOutcome::Passed => "passed",
            StepOutcome::Failed => "failed",
            StepOutcome::Irreversible => "irreversible",
            StepOutcome::UpgradedOnly => "upgraded only",
            StepOutcome::NotRun => "not run",
        }
    }
}

/// One revision of the round trip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundTripStep {
    pub revision: String,
    pub path: String,
    pub outcome: StepOutcome,
    /// Alembic's log lines of the steps run.
    pub log: Vec<String>,
    /// What the engine found, each at the op responsible (a difference after the
    /// downgrade at the downgrade op that caused it).
    pub problems: Vec<Problem>,
}

/// The answer to [`EngineRequest::RoundTrip`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundTripView {
    pub id: u64,
    pub seq: u64,
    pub dialect: String,
    pub rows: usize,
    pub steps: Vec<RoundTripStep>,
    /// What concerns no revision (a history the stairway cannot walk).
    pub problems: Vec<Problem>,
    /// `N revisions: … passed, … failed, …`, as `retort roundtrip` ends.
    pub summary: String,
    pub ok: bool,
}

/// The answer to [`EngineRequest::Drift`]: `alembic check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftView {
    pub id: u64,
    pub seq: u64,
    pub dialect: String,
    /// The model modules read.
    pub models: Vec<String>,
    /// How they were found, or why there are none.
    pub note: Option<String>,
    /// What `alembic check` prints on standard error and standard output.
    pub stderr: String,
    pub stdout: String,
    /// One line per difference (empty when the models match).
    pub diff: String,
    /// 0 when nothing was detected.
    pub exit_code: u8,
    /// Problems reading the models.
    pub problems: Vec<Problem>,
}

impl DriftView {
    /// Whether there is something to compare.
    pub fn has_models(&self) -> bool {
        !self.models.is_empty()
    }
}

/// The answer to [`EngineRequest::CreateRevision`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedRevision {
    pub id: u64,
    /// The new file, or why there is none.
    pub file: Result<WorkspaceFile, String>,
    /// The `UserWarning`s Alembic prints while rendering.
    pub warnings: Vec<String>,
}
