//! What the engine worker computes: the in-tab database (`retort-engine` in
//! GlueSQL), offline SQL (`retort-sql`), the stairway round trip and the models
//! against the migrations (`retort-models`), as plain [`crate::protocol`] data.
//!
//! A second worker, started the first time the user needs one of these, so that
//! GlueSQL, the SQL renderer and the model comparison stay out of what the first
//! view loads (BENCHMARKS.md, "What the app transfers"). It reads the workspace
//! itself (`Project::load`), so it needs nothing from the analysis worker.
//! Pure functions of their input, like [`crate::analysis`]: the wasm tests call
//! [`EngineSession`] directly, without a worker.

mod console;
mod drift;
mod roundtrip;
mod sql;

use retort_analysis::Project;
use retort_engine::{Dialect, Engine, EngineOptions, History, Snapshot};
use retort_ir::Diagnostic;

use crate::analysis::from_diagnostic;
use crate::protocol::{DatabaseState, EngineRequest, EngineResponse, Origin, Problem, Workspace};

/// The workspace as the engine worker reads it.
pub(crate) struct Loaded {
    pub seq: u64,
    pub dialect: String,
    pub project: Project,
    pub history: History,
}

impl Loaded {
    fn new(seq: u64, workspace: &Workspace) -> Loaded {
        let project = workspace.load();
        let history = History::new(&project.revisions, project.graph.clone());
        Loaded {
            seq,
            dialect: workspace.settings.dialect.clone(),
            project,
            history,
        }
    }

    /// A diagnostic located for the page.
    pub fn problem(&self, d: &Diagnostic) -> Problem {
        Problem {
            origin: Origin::Engine,
            ..from_diagnostic(&self.project, d)
        }
    }
}

/// The engine worker's memory: the workspace and the in-tab database.
#[derive(Default)]
pub struct EngineSession {
    /// The last workspace sent, read when a request needs it.
    pending: Option<(u64, Workspace)>,
    loaded: Option<Loaded>,
    database: Option<Engine>,
    epoch: u64,
}

impl EngineSession {
    /// Answers one request; `emit` is called once per answer (a round trip
    /// answers once per revision, then with the whole report).
    pub fn handle(&mut self, request: EngineRequest, emit: &mut dyn FnMut(EngineResponse)) {
        match request {
            EngineRequest::Workspace { seq, workspace } => self.pending = Some((seq, workspace)),
            EngineRequest::Open {
                epoch,
                dialect,
                snapshot,
            } => {
                let (engine, note) = open(&dialect, snapshot.as_deref());
                self.database = Some(engine);
                self.epoch = epoch;
                emit(EngineResponse::Database(self.database_state(note)));
            }
            EngineRequest::Console { id, line } => {
                let loaded = load(&mut self.pending, &mut self.loaded);
                let dialect = loaded.dialect.clone();
                let engine = self.database.get_or_insert_with(|| open(&dialect, None).0);
                let (result, changed) = console::run(id, &line, loaded, engine);
                emit(EngineResponse::Console(result));
                if changed {
                    emit(EngineResponse::Database(self.database_state(None)));
                }
            }
            EngineRequest::Sql { id, query } => {
                emit(EngineResponse::Sql(Box::new(sql::view(
                    id,
                    self.load(),
                    &query,
                ))));
            }
            EngineRequest::RoundTrip { id, rows } => roundtrip::run(id, self.load(), rows, emit),
            EngineRequest::Drift { id } => {
                emit(EngineResponse::Drift(Box::new(drift::view(
                    id,
                    self.load(),
                ))));
            }
            EngineRequest::CreateRevision {
                id,
                message,
                rev_id,
                create_date,
            } => {
                let created = drift::create(id, self.load(), &message, &rev_id, &create_date);
                emit(EngineResponse::Created(Box::new(created)));
            }
        }
    }

    fn load(&mut self) -> &Loaded {
        load(&mut self.pending, &mut self.loaded)
    }

    fn database_state(&self, note: Option<String>) -> DatabaseState {
        let (dialect, heads, snapshot) = match &self.database {
            Some(engine) => (
                engine.dialect().name().to_owned(),
                engine.heads(),
                serde_json::to_string(&engine.snapshot()).unwrap_or_default(),
            ),
            None => (String::new(), Vec::new(), String::new()),
        };
        DatabaseState {
            epoch: self.epoch,
            dialect,
            heads,
            snapshot,
            note,
        }
    }
}

/// The workspace last sent (an empty one before any), read once.
fn load<'a>(pending: &mut Option<(u64, Workspace)>, loaded: &'a mut Option<Loaded>) -> &'a Loaded {
    if let Some((seq, workspace)) = pending.take() {
        *loaded = Some(Loaded::new(seq, &workspace));
    }
    loaded.get_or_insert_with(|| Loaded::new(0, &Workspace::default()))
}

/// The database a snapshot describes, or an empty one imitating `dialect` (with
/// why, when the snapshot could not be read).
fn open(dialect: &str, snapshot: Option<&str>) -> (Engine, Option<String>) {
    let fresh = || {
        Engine::new(EngineOptions {
            dialect: Dialect::from_name(dialect).unwrap_or(Dialect::Postgresql),
            ..EngineOptions::default()
        })
    };
    let Some(text) = snapshot else {
        return (fresh(), None);
    };
    let restored = serde_json::from_str::<Snapshot>(text)
        .map_err(|e| e.to_string())
        .and_then(Engine::restore);
    match restored {
        Ok(engine) => (engine, None),
        Err(e) => (
            fresh(),
            Some(format!(
                "The saved in-tab database could not be read ({e}); it starts empty."
            )),
        ),
    }
}
