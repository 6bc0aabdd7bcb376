//! Messages between the page and its two workers.
//!
//! They cross the worker boundary as JSON text ([`crate::service::encode`]), so
//! they are plain serialisable data. The page sends the analysis worker the whole
//! [`Workspace`] once, then what changed ([`WorkspaceUpdate`]); it answers with a
//! [`Report`] on the workspace as it then is (crossing as a [`ReportUpdate`]), and
//! keeps the loaded project for the console and schema requests that follow.
//! The engine worker ([`EngineRequest`], [`EngineResponse`]) is started the first
//! time something needs it: the in-tab database, offline SQL, round trips and the
//! models.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::rc::Rc;

use retort_analysis::{LoadOptions, Project, ReadCache, SourceFile, SqlCommand};
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
    /// The PostgreSQL major version the rules assume, when the user chose one
    /// (otherwise the project's `[tool.retort]` or the default).
    #[serde(default)]
    pub postgres_version: Option<u32>,
    /// Rules the user turned on (`true`) or off, by code, over the project's
    /// configuration.
    #[serde(default)]
    pub rules: BTreeMap<String, bool>,
}

/// The PostgreSQL major versions the lint settings offer.
pub const POSTGRES_VERSIONS: [u32; 9] = [9, 10, 11, 12, 13, 14, 15, 16, 17];

impl Default for Settings {
    fn default() -> Self {
        Self {
            dialect: DIALECTS[0].to_owned(),
            postgres_version: None,
            rules: BTreeMap::new(),
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
        Project::load(self.source_files(), &Self::LOAD_OPTIONS)
    }

    /// [`Workspace::load`], reading again only the files that changed since the
    /// loads `reads` remembers.
    pub fn load_cached(&self, reads: &mut ReadCache) -> Project {
        Project::load_cached(self.source_files(), &Self::LOAD_OPTIONS, reads)
    }

    const LOAD_OPTIONS: LoadOptions = LoadOptions {
        config: None,
        versions: Vec::new(),
        recursive: false,
        threads: 1,
    };

    fn source_files(&self) -> Vec<SourceFile> {
        self.files
            .iter()
            .map(|f| SourceFile::new(&f.path, &f.text))
            .collect()
    }
}

/// A workspace as the difference from another one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceUpdate {
    pub settings: Settings,
    /// Every path, in order.
    pub paths: Vec<String>,
    /// The files that are new or whose text changed.
    pub changed: Vec<WorkspaceFile>,
}

impl WorkspaceUpdate {
    /// What turns `before` into `after`.
    pub fn between(before: &Workspace, after: &Workspace) -> Self {
        let old: std::collections::HashMap<&str, &str> = before
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.text.as_str()))
            .collect();
        Self {
            settings: after.settings.clone(),
            paths: after.files.iter().map(|f| f.path.clone()).collect(),
            changed: after
                .files
                .iter()
                .filter(|f| old.get(f.path.as_str()) != Some(&f.text.as_str()))
                .cloned()
                .collect(),
        }
    }

    /// The workspace `before` becomes; `before` is taken apart for its texts. An
    /// update naming a file that neither side has is refused.
    pub fn apply(self, before: Workspace) -> Result<Workspace, String> {
        let mut texts: std::collections::HashMap<String, String> =
            before.files.into_iter().map(|f| (f.path, f.text)).collect();
        texts.extend(self.changed.into_iter().map(|f| (f.path, f.text)));
        let files = self
            .paths
            .into_iter()
            .map(|path| match texts.remove(&path) {
                Some(text) => Ok(WorkspaceFile { path, text }),
                None => Err(format!(
                    "the worker has no text for {path}; reload the page"
                )),
            })
            .collect::<Result<_, _>>()?;
        Ok(Workspace {
            files,
            settings: self.settings,
        })
    }
}

/// What the page asks of the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Load and lint this workspace; `seq` comes back in the report so that the
    /// page can drop an answer to a workspace it no longer shows.
    Analyse { seq: u64, workspace: Workspace },
    /// [`Request::Analyse`] for the workspace the last `Analyse` or `Update`
    /// sent, changed by `update`: typing in one file of a large project sends
    /// that file, not the project.
    Update { seq: u64, update: WorkspaceUpdate },
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

/// A [`Response`] as it crosses from the worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    Response(Response),
    /// [`Response::Analysed`]: the report without its problems, and what changed
    /// in them since the report before ([`ReportDiffer`], [`ReportMerger`]).
    Report {
        report: Box<Report>,
        update: ReportUpdate,
    },
}

/// A report as the difference from the report before: most edits change the
/// problems of one file and leave the graph, `alembic history` and the rules as
/// they were, and a large project has thousands of problems and revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportUpdate {
    /// The `seq` of the report this one builds on; `None`: nothing is kept.
    pub base: Option<u64>,
    /// Files (`None`: the project's own problems) whose problems differ from
    /// `base`'s; every other file's are as in `base`.
    pub changed: Vec<Option<String>>,
    /// The problems of the `changed` files, in report order.
    pub fresh: Vec<Problem>,
    /// The graph, the history and the rules are as in `base` (and were left
    /// out of this report).
    pub same_parts: bool,
}

/// What a report shares with the report before, most of the time.
#[derive(Debug, Clone, PartialEq)]
struct ReportParts {
    graph: Rc<GraphView>,
    history: CommandText,
    rules: Rc<Vec<RuleState>>,
}

impl ReportParts {
    fn take(report: &mut Report) -> Self {
        Self {
            graph: std::mem::take(&mut report.graph),
            history: std::mem::replace(&mut report.history, CommandText::Ok(String::new())),
            rules: std::mem::take(&mut report.rules),
        }
    }

    fn put(self, report: &mut Report) {
        report.graph = self.graph;
        report.history = self.history;
        report.rules = self.rules;
    }
}

/// The last report that crossed (its `seq`, problems and shared parts), on
/// either side.
type Crossed = (u64, Rc<Vec<Problem>>, ReportParts);

/// The worker's side of [`ReportUpdate`]s: remembers the report it sent.
#[derive(Debug, Default)]
pub struct ReportDiffer {
    last: Option<Crossed>,
}

impl ReportDiffer {
    /// The response as it crosses to the page: a report's problems become an update.
    pub fn wire(&mut self, response: Response) -> FromWorker {
        let Response::Analysed(mut report) = response else {
            return FromWorker::Response(response);
        };
        let problems = std::mem::take(&mut report.problems);
        let parts = ReportParts::take(&mut report);
        let (base, before, parts_before) = match &self.last {
            Some((seq, before, parts)) => (Some(*seq), &before[..], Some(parts)),
            None => (None, &[][..], None),
        };
        let same_parts = parts_before == Some(&parts);
        if !same_parts {
            parts.clone().put(&mut report);
        }
        // Both lists are in report order: walk their files side by side.
        let mut changed = Vec::new();
        let mut fresh = Vec::new();
        let (mut old, mut new) = (by_file(before).peekable(), by_file(&problems).peekable());
        while old.peek().is_some() || new.peek().is_some() {
            let order = match (old.peek(), new.peek()) {
                (_, None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some(o), Some(n)) => o[0].path.cmp(&n[0].path),
            };
            let (was, now) = match order {
                Ordering::Less => (old.next(), None),
                Ordering::Greater => (None, new.next()),
                Ordering::Equal => (old.next(), new.next()),
            };
            if was == now {
                continue;
            }
            if let Some(run) = now.or(was) {
                changed.push(run[0].path.clone());
            }
            fresh.extend_from_slice(now.unwrap_or_default());
        }
        drop((old, new));
        self.last = Some((report.seq, problems, parts));
        FromWorker::Report {
            report,
            update: ReportUpdate {
                base,
                changed,
                fresh,
                same_parts,
            },
        }
    }
}

/// Runs of problems of one file each, in order; never an empty one.
fn by_file(problems: &[Problem]) -> impl Iterator<Item = &[Problem]> {
    problems.chunk_by(|a, b| a.path == b.path)
}

/// The page's side of [`ReportUpdate`]s: remembers the report it received.
#[derive(Debug, Default)]
pub struct ReportMerger {
    last: Option<Crossed>,
}

impl ReportMerger {
    /// The response as the worker computed it: an update becomes the report's problems.
    pub fn unwire(&mut self, message: FromWorker) -> Response {
        let (mut report, update) = match message {
            FromWorker::Response(response) => return response,
            FromWorker::Report { report, update } => (report, update),
        };
        let (before, parts_before) = match (&self.last, update.base) {
            (_, None) => (&[][..], None),
            (Some((seq, before, parts)), Some(base)) if *seq == base => (&before[..], Some(parts)),
            _ => return lost_track(),
        };
        let changed: std::collections::HashSet<Option<&str>> =
            update.changed.iter().map(Option::as_deref).collect();
        let mut kept = by_file(before)
            .filter(|run| !changed.contains(&run[0].path.as_deref()))
            .peekable();
        let mut fresh = update.fresh.into_iter().peekable();
        // Both sides are in report order (by path) and share no path: merge them.
        let mut problems = Vec::with_capacity(before.len() + fresh.len());
        loop {
            let take_kept = match (kept.peek(), fresh.peek()) {
                (Some(k), Some(f)) => k[0].path <= f.path,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            if take_kept {
                problems.extend_from_slice(kept.next().unwrap_or_default());
            } else {
                problems.extend(fresh.next());
            }
        }
        drop(kept);
        report.problems = Rc::new(problems);
        if update.same_parts {
            match parts_before {
                Some(parts) => parts.clone().put(&mut report),
                None => return lost_track(),
            }
        }
        let parts = ReportParts {
            graph: report.graph.clone(),
            history: report.history.clone(),
            rules: report.rules.clone(),
        };
        self.last = Some((report.seq, report.problems.clone(), parts));
        Response::Analysed(report)
    }
}

/// The page missed a report an update builds on (a bug, or a worker restarted
/// behind the page's back).
fn lost_track() -> Response {
    Response::Failed {
        message: "lost track of the worker's reports; reload the page".to_owned(),
    }
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
    /// By path (the project's own first); each file's diagnostics by position,
    /// then its lint findings by position.
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
    /// Every lint rule and whether it ran on this workspace.
    pub rules: Rc<Vec<RuleState>>,
    /// The PostgreSQL major version the rules assumed.
    pub postgres_version: u32,
}

/// A lint rule as the settings panel lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleState {
    pub code: String,
    pub name: String,
    /// Its group's name (`safety`, `history`, …).
    pub group: String,
    /// What it does, on one line.
    pub summary: String,
    /// Off unless selected.
    pub opt_in: bool,
    /// Whether it ran: the project's configuration, then the user's choice.
    pub enabled: bool,
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
