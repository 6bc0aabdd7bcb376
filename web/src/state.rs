//! The page's state: one [`Reducible`] struct changed only through [`Action`]s.

use std::rc::Rc;

use yew::Reducible;

use crate::examples;
use crate::protocol::Response;

/// Where the analysis worker stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerStatus {
    /// Spawned, its wasm still loading.
    Starting,
    /// A request is on its way.
    Analysing,
    /// The answer to the latest request.
    Analysed { lines: usize, bytes: usize },
    /// The worker could not be started or failed; the message says why.
    Unavailable(String),
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppState {
    /// The text in the editor.
    pub source: String,
    /// Whether the worker has said it is ready for requests.
    pub worker_ready: bool,
    pub worker: WorkerStatus,
}

impl Default for AppState {
    fn default() -> Self {
        Self {
            source: examples::CREATE_ACCOUNT.to_owned(),
            worker_ready: false,
            worker: WorkerStatus::Starting,
        }
    }
}

/// Every change the page can make to its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The user edited the source.
    Edit(String),
    /// A request was sent to the worker.
    Sent,
    /// The worker answered.
    Worker(Response),
    /// The worker could not be reached.
    WorkerFailed(String),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(source) => next.source = source,
            Action::Sent => next.worker = WorkerStatus::Analysing,
            Action::Worker(Response::Ready) => next.worker_ready = true,
            Action::Worker(Response::Analysed { lines, bytes }) => {
                next.worker = WorkerStatus::Analysed { lines, bytes };
            }
            Action::Worker(Response::Failed { message }) | Action::WorkerFailed(message) => {
                next.worker = WorkerStatus::Unavailable(message);
            }
        }
        Rc::new(next)
    }
}
