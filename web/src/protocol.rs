//! Messages between the page and the analysis worker.
//!
//! They cross the worker boundary as JS values through `serde-wasm-bindgen`,
//! so they are plain serialisable data.

use serde::{Deserialize, Serialize};

/// What the page asks of the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Analyse the source of one revision file.
    Analyse { source: String },
}

/// What the worker sends back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Response {
    /// The worker has loaded and takes requests from now on.
    Ready,
    /// The analysis of the last [`Request::Analyse`].
    Analysed { lines: usize, bytes: usize },
    /// The worker could not understand a request.
    Failed { message: String },
}

/// The worker's answer to one request.
///
/// For now it only measures the source; the analysis crates plug in here.
pub fn answer(request: &Request) -> Response {
    match request {
        Request::Analyse { source } => Response::Analysed {
            lines: source.lines().count(),
            bytes: source.len(),
        },
    }
}
