//! Messages between the page and the analysis worker.
//!
//! They cross the worker boundary as JS values through `serde-wasm-bindgen`, so
//! they are plain serialisable data. The page sends the whole [`Workspace`]; the
//! worker answers with a [`Report`] it computed from nothing else, and keeps the
//! loaded project for the console and schema requests that follow.

use std::collections::BTreeMap;
use std::rc::Rc;

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
