//! The page's state: one [`Reducible`] struct changed only through [`Action`]s.

use std::rc::Rc;

use yew::Reducible;

use crate::examples::EXAMPLES;
use crate::protocol::Workspace;
use crate::protocol::{
    ConsoleLine, ConsoleResult, DatabaseState, DriftView, EngineResponse, Report, Response,
    RoundTripStep, RoundTripView, SchemaView, SqlQuery, SqlView, Stream, WorkspaceFile,
};
use crate::share::Snapshot;
use crate::workspace::clean_path;

/// The panels beside the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Graph,
    Schema,
    Sql,
    RoundTrip,
    /// Model drift: the models against the migrations.
    Drift,
    /// Lint settings: the PostgreSQL version, rules on and off.
    Lint,
}

/// The panels under the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dock {
    Problems,
    Console,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Dark => "dark",
            Theme::Light => "light",
        }
    }

    pub fn from_name(name: &str) -> Option<Theme> {
        match name {
            "dark" => Some(Theme::Dark),
            "light" => Some(Theme::Light),
            _ => None,
        }
    }
}

/// Where the analysis worker stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerStatus {
    /// Spawned, its wasm still loading.
    Starting,
    /// Takes requests.
    Ready,
    /// Could not be started, or failed; the message says why.
    Unavailable(String),
}

/// Where the engine worker stands. It is started the first time something
/// needs it (the SQL panel, a round trip, a database command, the models).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum EngineStatus {
    /// Not started (or terminated: a cancelled round trip, a failure); the next
    /// request starts it.
    #[default]
    Idle,
    /// Spawned, its wasm still loading.
    Starting,
    /// Takes requests.
    Ready,
    /// Could not be started; the message says why.
    Unavailable(String),
}

/// The in-tab database, as the page keeps it between the engine worker's
/// answers: saved with the workspace, restored into a new engine worker.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Database {
    /// Bumped when the page replaces the database (another workspace, another
    /// dialect); the engine's answers about an older one are dropped.
    pub epoch: u64,
    /// The dialect it imitates; empty until it exists.
    pub dialect: String,
    /// The engine's snapshot (JSON); `None` for an empty database.
    pub snapshot: Option<Rc<str>>,
    /// Bumped at every change, so that it is saved.
    pub revision: u64,
}

/// The SQL panel: what it asks for and the last answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SqlPanel {
    pub query: SqlQuery,
    /// The request whose answer is shown.
    pub requested: u64,
    pub view: Option<Rc<SqlView>>,
}

/// Where the round trip stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RoundTripStatus {
    #[default]
    Idle,
    /// Request `id` is running.
    Running {
        id: u64,
    },
    Done(Rc<RoundTripView>),
    /// The user stopped it after `done` revisions.
    Cancelled,
    Failed(String),
}

/// The round-trip panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundTrip {
    /// Sample rows per table.
    pub rows: usize,
    pub status: RoundTripStatus,
    /// The revisions done so far (all of them once done); shared, since the
    /// state is copied at every action.
    pub steps: Rc<Vec<RoundTripStep>>,
    /// Revisions in the run.
    pub total: usize,
}

impl Default for RoundTrip {
    fn default() -> Self {
        Self {
            rows: 3,
            status: RoundTripStatus::Idle,
            steps: Rc::default(),
            total: 0,
        }
    }
}

/// The model drift panel.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    pub requested: u64,
    pub view: Option<Rc<DriftView>>,
    /// A revision is being generated.
    pub creating: bool,
}

/// Which version of the workspace has been analysed, is being analysed, is due.
///
/// Every change to the workspace bumps `edit_seq`. While analyses are quick
/// (the last took less than [`QUICK_ANALYSIS_MS`]) the edit is due at once;
/// otherwise once the user pauses ([`crate::hooks::use_analysis`]'s debounce) or
/// asks (Ctrl+Enter), `due_seq` catches up, and the latest workspace is sent if nothing is in flight: at
/// most one analysis runs at a time, and a report for a workspace that has
/// changed since is dropped (latest wins).
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub edit_seq: u64,
    pub due_seq: u64,
    pub sent_seq: u64,
    pub in_flight: bool,
    /// The report on the workspace as it is (or as it was at the last report).
    pub report: Option<Rc<Report>>,
    /// Whether `report` is about the workspace as it is now.
    pub current: bool,
    /// Reports dropped because the workspace had changed.
    pub dropped: u64,
    /// How long the worker took on the last workspace it analysed, in milliseconds.
    pub last_elapsed_ms: Option<f64>,
}

/// An analysis this quick answers before the next keystroke would: edits are
/// sent without waiting for typing to pause. Slower ones are debounced, so that
/// the worker does not spend its time on states the user has already typed past.
pub const QUICK_ANALYSIS_MS: f64 = 250.0;

impl Analysis {
    /// Whether the latest due workspace should be sent now.
    pub fn should_send(&self) -> bool {
        !self.in_flight && self.due_seq > self.sent_seq
    }
}

impl Default for Analysis {
    fn default() -> Self {
        Self {
            edit_seq: 1,
            due_seq: 1,
            sent_seq: 0,
            in_flight: false,
            report: None,
            current: false,
            dropped: 0,
            last_elapsed_ms: None,
        }
    }
}

/// The console's lines, what was typed, and the in-tab database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Console {
    pub lines: Vec<ConsoleLine>,
    /// Lines typed, oldest first (↑/↓).
    pub recall: Vec<String>,
    /// The in-tab database's `alembic_version` rows.
    pub version_rows: Vec<String>,
    pub next_id: u64,
}

/// Most console lines kept.
const MAX_CONSOLE_LINES: usize = 5_000;

/// A request to show a line of a file in the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reveal {
    pub path: String,
    pub line: u32,
    /// Changes on every request, so that revealing the same line twice works.
    pub nonce: u64,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub workspace: Workspace,
    /// The file in the editor.
    pub open: Option<String>,
    pub analysis: Analysis,
    pub worker: WorkerStatus,
    pub console: Console,
    /// The revision the schema panel shows, and what the worker said about it.
    pub schema_revision: Option<String>,
    pub schema: Option<Rc<SchemaView>>,
    pub panel: Panel,
    pub dock: Dock,
    pub theme: Theme,
    pub reveal: Option<Reveal>,
    /// A message for the user (errors loading files, a link copied, …).
    pub notice: Option<String>,
    pub engine: EngineStatus,
    pub database: Database,
    pub sql: SqlPanel,
    pub roundtrip: RoundTrip,
    pub drift: Drift,
}

impl Default for AppState {
    fn default() -> Self {
        let example = &EXAMPLES[0];
        Self::new(
            Snapshot {
                workspace: example.workspace(),
                open: Some(example.open.to_owned()),
            },
            Theme::Dark,
        )
    }
}

impl AppState {
    pub fn new(snapshot: Snapshot, theme: Theme) -> Self {
        let mut state = Self {
            workspace: snapshot.workspace,
            open: snapshot.open,
            analysis: Analysis::default(),
            worker: WorkerStatus::Starting,
            console: Console::default(),
            schema_revision: None,
            schema: None,
            panel: Panel::Graph,
            dock: Dock::Problems,
            theme,
            reveal: None,
            notice: None,
            engine: EngineStatus::Idle,
            database: Database::default(),
            sql: SqlPanel::default(),
            roundtrip: RoundTrip::default(),
            drift: Drift::default(),
        };
        state.workspace.sort();
        state.fix_open();
        state
    }

    /// What is saved and shared.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            workspace: self.workspace.clone(),
            open: self.open.clone(),
        }
    }

    /// The text of the open file.
    pub fn open_file(&self) -> Option<&WorkspaceFile> {
        self.open.as_deref().and_then(|p| self.workspace.file(p))
    }

    /// The report, if it describes the workspace as it is.
    pub fn current_report(&self) -> Option<&Rc<Report>> {
        self.analysis
            .report
            .as_ref()
            .filter(|_| self.analysis.current)
    }

    /// Keeps `open` on an existing file: the first revision file otherwise.
    fn fix_open(&mut self) {
        if self.open_file().is_some() {
            return;
        }
        let files = &self.workspace.files;
        self.open = files
            .iter()
            .find(|f| f.path.contains("versions/") && f.path.ends_with(".py"))
            .or_else(|| files.iter().find(|f| f.path.ends_with(".py")))
            .or_else(|| files.first())
            .map(|f| f.path.clone());
    }

    fn changed(&mut self) {
        self.analysis.edit_seq += 1;
        self.analysis.current = false;
        if self
            .analysis
            .last_elapsed_ms
            .is_some_and(|ms| ms < QUICK_ANALYSIS_MS)
        {
            self.analysis.due_seq = self.analysis.edit_seq;
        }
    }

    /// A setting changed: analyse again at once (no typing to wait for).
    fn settings_changed(&mut self) {
        self.changed();
        self.analysis.due_seq = self.analysis.edit_seq;
    }

    fn reveal(&mut self, path: String, line: u32) {
        let nonce = self.reveal.as_ref().map_or(1, |r| r.nonce + 1);
        self.open = Some(path.clone());
        self.reveal = Some(Reveal { path, line, nonce });
    }

    /// A new workspace: the workers, the theme, what was typed in the console and
    /// the analysis bookkeeping carry over; the in-tab database starts empty.
    fn replaced(&self, snapshot: Snapshot) -> AppState {
        let mut next = AppState::new(snapshot, self.theme);
        next.worker = self.worker.clone();
        next.engine = self.engine.clone();
        next.database = self.database.clone();
        next.reset_database();
        next.roundtrip.rows = self.roundtrip.rows;
        next.sql.query = self.sql.query.clone();
        next.console = Console {
            recall: self.console.recall.clone(),
            next_id: self.console.next_id,
            ..Console::default()
        };
        next.console_note("New workspace: the in-tab database is empty again.");
        next.panel = self.panel;
        next.dock = self.dock;
        let edit_seq = self.analysis.edit_seq + 1;
        next.analysis = Analysis {
            edit_seq,
            due_seq: edit_seq,
            sent_seq: self.analysis.sent_seq,
            in_flight: self.analysis.in_flight,
            report: None,
            current: false,
            dropped: self.analysis.dropped,
            last_elapsed_ms: self.analysis.last_elapsed_ms,
        };
        next
    }

    fn console_note(&mut self, text: impl Into<String>) {
        self.console
            .lines
            .push(ConsoleLine::new(Stream::Note, text));
    }

    fn console_answer(&mut self, result: ConsoleResult) {
        if result.clear {
            self.console.lines.clear();
        }
        self.console.lines.extend(result.lines);
        let excess = self.console.lines.len().saturating_sub(MAX_CONSOLE_LINES);
        self.console.lines.drain(..excess);
        if let Some(rows) = result.version_rows {
            self.console.version_rows = rows;
        }
    }

    /// The database saved in the browser, when it imitates the workspace's dialect.
    pub fn restore_database(&mut self, dialect: String, heads: Vec<String>, snapshot: String) {
        if dialect == self.workspace.settings.dialect {
            self.database.dialect = dialect;
            self.database.snapshot = Some(Rc::from(snapshot));
            self.console.version_rows = heads;
        }
    }

    /// An empty database from now on; the engine's answers about the old one
    /// are dropped, and the round trip starts over.
    fn reset_database(&mut self) {
        self.database.epoch += 1;
        self.database.revision += 1;
        self.database.snapshot = None;
        self.database.dialect = self.workspace.settings.dialect.clone();
        self.console.version_rows.clear();
        self.roundtrip = RoundTrip {
            rows: self.roundtrip.rows,
            ..RoundTrip::default()
        };
    }

    fn database_changed(&mut self, state: DatabaseState) {
        if state.epoch != self.database.epoch {
            return;
        }
        if let Some(note) = state.note {
            self.console_note(note);
        }
        self.database.dialect = state.dialect;
        self.database.snapshot = Some(Rc::from(state.snapshot));
        self.database.revision += 1;
        self.console.version_rows = state.heads;
    }

    fn engine_answered(&mut self, response: EngineResponse) {
        match response {
            EngineResponse::Ready => self.engine = EngineStatus::Ready,
            EngineResponse::Console(result) => self.console_answer(result),
            EngineResponse::Database(state) => self.database_changed(state),
            EngineResponse::Sql(view) => {
                if view.id == self.sql.requested {
                    self.sql.view = Some(Rc::new(*view));
                }
            }
            EngineResponse::RoundTripStep {
                id,
                done,
                total,
                step,
            } => self.roundtrip_progress(id, done, total, vec![step]),
            EngineResponse::RoundTrip(view) => {
                if self.roundtrip.status == (RoundTripStatus::Running { id: view.id }) {
                    self.roundtrip.steps = Rc::new(view.steps.clone());
                    self.roundtrip.total = view.steps.len();
                    self.roundtrip.status = RoundTripStatus::Done(Rc::new(*view));
                }
            }
            EngineResponse::Drift(view) => {
                if view.id == self.drift.requested {
                    self.drift.view = Some(Rc::new(*view));
                }
            }
            EngineResponse::Created(created) => {
                self.drift.creating = false;
                match created.file {
                    Ok(file) => {
                        let path = file.path.clone();
                        self.workspace.put(file);
                        self.open = Some(path.clone());
                        self.changed();
                        let warnings = if created.warnings.is_empty() {
                            String::new()
                        } else {
                            format!(" Alembic warns: {}", created.warnings.join("; "))
                        };
                        self.notice = Some(format!("Created {path}.{warnings}"));
                    }
                    Err(message) => {
                        self.notice = Some(format!("No revision created: {message}"));
                    }
                }
            }
            EngineResponse::Failed { message } => self.engine_failed(message),
        }
    }

    /// Revisions `done - steps.len() + 1 ..= done` of round trip `id`.
    fn roundtrip_progress(
        &mut self,
        id: u64,
        done: usize,
        total: usize,
        steps: Vec<RoundTripStep>,
    ) {
        if self.roundtrip.status != (RoundTripStatus::Running { id }) {
            return;
        }
        let list = Rc::make_mut(&mut self.roundtrip.steps);
        list.truncate(done.saturating_sub(steps.len()));
        list.extend(steps);
        self.roundtrip.total = total;
    }

    /// The engine worker failed (and was terminated): what was running stops.
    fn engine_failed(&mut self, message: String) {
        if matches!(self.roundtrip.status, RoundTripStatus::Running { .. }) {
            self.roundtrip.status = RoundTripStatus::Failed(message.clone());
        }
        self.drift.creating = false;
        if !matches!(self.engine, EngineStatus::Unavailable(_)) {
            self.engine = EngineStatus::Idle;
        }
        self.notice = Some(format!("The engine worker failed: {message}"));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Every change the page can make to its state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The user edited the open file.
    Edit(String),
    /// Show this file in the editor.
    Open(String),
    /// Show this line of this file (1-based).
    Reveal {
        path: String,
        line: u32,
    },
    /// Create an empty file at the path the user typed.
    NewFile(String),
    Rename {
        from: String,
        to: String,
    },
    Delete(String),
    /// Files loaded by a picker, a drop or a paste: added to the workspace
    /// (a file at the same path is replaced), or, for a folder, replacing it.
    Load {
        files: Vec<WorkspaceFile>,
        replace: bool,
    },
    /// A whole new workspace (an example, a share link).
    Replace(Snapshot),
    SetDialect(String),
    /// The PostgreSQL version the rules assume; `None`: the project's.
    SetPostgresVersion(Option<u32>),
    /// A rule turned on or off; `None`: as the project configures it.
    SetRule(String, Option<bool>),
    /// Back to the project's lint configuration.
    ResetLintSettings,
    /// The debounce after the edit `seq` ran out, or the user asked for a run.
    Due(u64),
    /// The workspace of `seq` was sent to the worker.
    Sent(u64),
    /// The worker answered.
    Worker(Response),
    /// The worker could not be reached.
    WorkerFailed(String),
    /// A console line was submitted (the hook sends it).
    ConsoleSubmitted(String),
    /// Show the schema at this revision.
    SchemaFor(String),
    ShowPanel(Panel),
    ShowDock(Dock),
    SetTheme(Theme),
    Notice(Option<String>),
    /// The engine worker was spawned.
    EngineStarting,
    /// The engine worker could not be started.
    EngineUnavailable(String),
    /// The engine worker answered.
    Engine(EngineResponse),
    /// The SQL panel's range or direction changed.
    SetSqlQuery(SqlQuery),
    /// The SQL panel asked for request `id`.
    SqlRequested(u64),
    /// The drift panel asked for request `id`.
    DriftRequested(u64),
    /// "Create revision" was pressed.
    CreatingRevision,
    SetRoundTripRows(usize),
    /// Round trip `id` was sent.
    RoundTripStarted(u64),
    /// Revisions of round trip `id` that ran since the last progress, up to
    /// `done` of `total` (the page shows them in batches).
    RoundTripProgress {
        id: u64,
        done: usize,
        total: usize,
        steps: Vec<RoundTripStep>,
    },
    /// The user stopped the round trip; its worker was terminated.
    RoundTripCancelled,
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(text) => {
                let Some(path) = next.open.clone() else {
                    return self;
                };
                if next.workspace.edit(&path, text) {
                    next.changed();
                }
            }
            Action::Open(path) => {
                if next.workspace.file(&path).is_some() {
                    next.open = Some(path);
                    // The schema panel follows the open revision again.
                    next.schema_revision = None;
                }
            }
            Action::Reveal { path, line } => {
                if next.workspace.file(&path).is_some() {
                    next.reveal(path, line);
                }
            }
            Action::NewFile(path) => match clean_path(&path) {
                Ok(path) if next.workspace.file(&path).is_some() => {
                    next.notice = Some(format!("{path} already exists."));
                }
                Ok(path) => {
                    next.workspace.put(WorkspaceFile::new(path.clone(), ""));
                    next.open = Some(path);
                    next.notice = None;
                    next.changed();
                }
                Err(message) => next.notice = Some(message),
            },
            Action::Rename { from, to } => {
                match clean_path(&to).and_then(|to| next.workspace.rename(&from, &to).map(|()| to))
                {
                    Ok(to) => {
                        if next.open.as_deref() == Some(from.as_str()) {
                            next.open = Some(to);
                        }
                        next.notice = None;
                        next.changed();
                    }
                    Err(message) => next.notice = Some(message),
                }
            }
            Action::Delete(path) => {
                if next.workspace.remove(&path) {
                    next.fix_open();
                    next.changed();
                }
            }
            Action::Load {
                files,
                replace: true,
            } if !files.is_empty() => {
                let count = files.len();
                let snapshot = Snapshot {
                    workspace: Workspace {
                        files,
                        settings: next.workspace.settings.clone(),
                    },
                    open: None,
                };
                next = next.replaced(snapshot);
                next.notice = Some(format!(
                    "Opened a project of {count} file{}.",
                    plural(count)
                ));
            }
            Action::Load { files, .. } => {
                if files.is_empty() {
                    return self;
                }
                let first = files
                    .iter()
                    .find(|f| f.path.ends_with(".py"))
                    .or(files.first());
                let open = first.map(|f| f.path.clone());
                let count = files.len();
                for file in files {
                    next.workspace.put(file);
                }
                next.open = open.or(next.open);
                next.fix_open();
                next.notice = Some(format!("Loaded {count} file{}.", plural(count)));
                next.changed();
            }
            Action::Replace(snapshot) => next = next.replaced(snapshot),
            Action::SetDialect(dialect) => {
                if next.workspace.settings.dialect != dialect {
                    next.workspace.settings.dialect = dialect;
                    next.settings_changed();
                    if next.database.snapshot.is_some() {
                        next.console_note(format!(
                            "The dialect is now {}: the in-tab database, which imitated {}, is empty again.",
                            next.workspace.settings.dialect, next.database.dialect
                        ));
                    }
                    next.reset_database();
                }
            }
            Action::SetPostgresVersion(version) => {
                if next.workspace.settings.postgres_version != version {
                    next.workspace.settings.postgres_version = version;
                    next.settings_changed();
                }
            }
            Action::SetRule(code, on) => {
                let rules = &mut next.workspace.settings.rules;
                let before = match on {
                    Some(on) => rules.insert(code, on),
                    None => rules.remove(&code),
                };
                if before != on {
                    next.settings_changed();
                }
            }
            Action::ResetLintSettings => {
                let settings = &mut next.workspace.settings;
                if settings.postgres_version.is_some() || !settings.rules.is_empty() {
                    settings.postgres_version = None;
                    settings.rules.clear();
                    next.settings_changed();
                }
            }
            Action::Due(seq) => {
                let seq = seq.min(next.analysis.edit_seq);
                if seq <= next.analysis.due_seq {
                    return self;
                }
                next.analysis.due_seq = seq;
            }
            Action::Sent(seq) => {
                next.analysis.sent_seq = seq;
                next.analysis.in_flight = true;
            }
            Action::Worker(response) => match response {
                Response::Ready => next.worker = WorkerStatus::Ready,
                Response::Analysed(report) => {
                    next.analysis.in_flight = false;
                    next.analysis.last_elapsed_ms = Some(report.elapsed_ms);
                    if report.seq == next.analysis.edit_seq {
                        next.analysis.report = Some(Rc::new(*report));
                        next.analysis.current = true;
                    } else {
                        next.analysis.dropped += 1;
                    }
                }
                Response::Console(result) => next.console_answer(result),
                Response::Schema(view) => {
                    if next.schema_revision.as_deref() == Some(view.revision.as_str()) {
                        next.schema = Some(Rc::new(*view));
                    }
                }
                Response::Failed { message } => {
                    next.analysis.in_flight = false;
                    next.notice = Some(format!("The analysis worker failed: {message}"));
                }
            },
            Action::WorkerFailed(message) => {
                next.analysis.in_flight = false;
                next.worker = WorkerStatus::Unavailable(message);
            }
            Action::ConsoleSubmitted(line) => {
                next.console.next_id += 1;
                if !line.trim().is_empty() && next.console.recall.last() != Some(&line) {
                    next.console.recall.push(line);
                }
            }
            Action::SchemaFor(revision) => {
                if next.schema_revision.as_deref() != Some(revision.as_str()) {
                    next.schema_revision = Some(revision);
                    next.schema = None;
                }
            }
            Action::ShowPanel(panel) => next.panel = panel,
            Action::ShowDock(dock) => next.dock = dock,
            Action::SetTheme(theme) => next.theme = theme,
            Action::Notice(notice) => next.notice = notice,
            Action::EngineStarting => next.engine = EngineStatus::Starting,
            Action::EngineUnavailable(message) => {
                next.engine = EngineStatus::Unavailable(message.clone());
                next.engine_failed(message);
            }
            Action::Engine(response) => next.engine_answered(response),
            Action::SetSqlQuery(query) => next.sql.query = query,
            Action::SqlRequested(id) => next.sql.requested = id,
            Action::DriftRequested(id) => next.drift.requested = id,
            Action::CreatingRevision => next.drift.creating = true,
            Action::SetRoundTripRows(rows) => next.roundtrip.rows = rows,
            Action::RoundTripStarted(id) => {
                next.roundtrip.status = RoundTripStatus::Running { id };
                next.roundtrip.steps = Rc::default();
                next.roundtrip.total = 0;
            }
            Action::RoundTripProgress {
                id,
                done,
                total,
                steps,
            } => next.roundtrip_progress(id, done, total, steps),
            Action::RoundTripCancelled => {
                if matches!(next.roundtrip.status, RoundTripStatus::Running { .. }) {
                    next.roundtrip.status = RoundTripStatus::Cancelled;
                }
                // Its worker was terminated; the next request starts another.
                next.engine = EngineStatus::Idle;
                next.drift.creating = false;
            }
        }
        Rc::new(next)
    }
}
