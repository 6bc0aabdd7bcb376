//! The page's only way to the analysis worker: it spawns it, sends it
//! [`Request`]s and hands every [`Response`] to a callback.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::Callback;

use std::cell::RefCell;

use crate::protocol::{ReportMerger, Request, Response};

/// The script Trunk generates for the `worker` binary (`data-loader-shim`).
pub const WORKER_SCRIPT: &str = "./worker_loader.js";

/// A running worker; dropping it terminates the worker.
pub struct WorkerClient {
    worker: Worker,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(ErrorEvent)>,
}

impl WorkerClient {
    /// Starts the worker. Every answer, or a description of what went wrong,
    /// is passed to `on_response`.
    pub fn spawn(on_response: Callback<Response>) -> Result<Self, String> {
        let worker = Worker::new(WORKER_SCRIPT)
            .map_err(|error| format!("cannot start {WORKER_SCRIPT}: {error:?}"))?;

        let on_message = {
            let on_response = on_response.clone();
            let merger = RefCell::new(ReportMerger::default());
            Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                mark("retort:received");
                let response = match decode(&event.data()) {
                    Ok(message) => merger.borrow_mut().unwire(message),
                    Err(error) => Response::Failed {
                        message: format!("unreadable answer from the worker: {error}"),
                    },
                };
                mark("retort:decoded");
                on_response.emit(response);
            })
        };
        let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |event: ErrorEvent| {
            on_response.emit(Response::Failed {
                message: format!("worker error: {}", event.message()),
            });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));

        Ok(Self {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends one request; its answer arrives through the `on_response` callback.
    pub fn send(&self, request: &Request) -> Result<(), String> {
        let value = encode(request)?;
        self.worker
            .post_message(&value)
            .map_err(|error| format!("cannot reach the worker: {error:?}"))?;
        mark("retort:sent");
        Ok(())
    }
}

/// A message as it crosses to or from a worker: JSON text. One string is
/// copied between the threads at once, where a tree of JS objects (thousands of
/// findings, hundreds of files) costs a call per field to build, to clone and
/// to read back.
pub fn encode<T: serde::Serialize>(message: &T) -> Result<JsValue, String> {
    serde_json::to_string(message)
        .map(|text| JsValue::from_str(&text))
        .map_err(|error| error.to_string())
}

/// A message [`encode`]d on the other side.
pub fn decode<T: serde::de::DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let text = value.as_string().ok_or("not a text message")?;
    serde_json::from_str(&text).map_err(|error| error.to_string())
}

/// A performance mark, for `bench/web.mjs` to split a round trip to the worker
/// into its steps.
fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

impl Drop for WorkerClient {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
