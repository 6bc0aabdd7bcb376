//! Both ends of the channel to a worker: the page's ([`WorkerClient`]: it
//! spawns one, sends it requests and hands every answer to a callback) and the
//! worker's ([`serve`]); and the service worker's registration.

use std::cell::RefCell;
use std::marker::PhantomData;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, ErrorEvent, MessageEvent, Worker};
use yew::Callback;

use crate::protocol::{EngineResponse, FromWorker, Response};

/// The script Trunk generates for the `worker` binary (`data-loader-shim`).
pub const WORKER_SCRIPT: &str = "./worker_loader.js";
/// The script Trunk generates for the `engine-worker` binary.
pub const ENGINE_WORKER_SCRIPT: &str = "./engine-worker_loader.js";

/// An answer from a worker, or what went wrong reaching it.
pub trait Answer: DeserializeOwned + 'static {
    fn failed(message: String) -> Self;
}

impl Answer for Response {
    fn failed(message: String) -> Self {
        Response::Failed { message }
    }
}

impl Answer for FromWorker {
    fn failed(message: String) -> Self {
        FromWorker::Response(Response::Failed { message })
    }
}

impl Answer for EngineResponse {
    fn failed(message: String) -> Self {
        EngineResponse::Failed { message }
    }
}

/// A running worker taking `Req`s; dropping it terminates the worker.
pub struct WorkerClient<Req> {
    worker: Worker,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(ErrorEvent)>,
    _request: PhantomData<Req>,
}

impl<Req: Serialize> WorkerClient<Req> {
    /// Starts the worker of `script`. Every message it posts (a `Wire`) goes
    /// through `unwire` (which may remember what it saw: reports cross as
    /// updates of the one before), and the answer, or a description of what
    /// went wrong, is passed to `on_response`.
    pub fn spawn<Wire: Answer, Resp: 'static>(
        script: &str,
        unwire: impl FnMut(Wire) -> Resp + 'static,
        on_response: Callback<Resp>,
    ) -> Result<Self, String> {
        let worker =
            Worker::new(script).map_err(|error| format!("cannot start {script}: {error:?}"))?;
        let unwire = Rc::new(RefCell::new(unwire));

        let on_message = {
            let on_response = on_response.clone();
            let unwire = unwire.clone();
            Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                mark("retort:received");
                let message = decode(&event.data()).unwrap_or_else(|error| {
                    Wire::failed(format!("unreadable answer from the worker: {error}"))
                });
                let response = (unwire.borrow_mut())(message);
                mark("retort:decoded");
                on_response.emit(response);
            })
        };
        let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |event: ErrorEvent| {
            let failed = Wire::failed(format!("worker error: {}", event.message()));
            on_response.emit((unwire.borrow_mut())(failed));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));

        Ok(Self {
            worker,
            _on_message: on_message,
            _on_error: on_error,
            _request: PhantomData,
        })
    }

    /// Sends one request; its answer arrives through the `on_response` callback.
    pub fn send(&self, request: &Req) -> Result<(), String> {
        let value = encode(request)?;
        self.worker
            .post_message(&value)
            .map_err(|error| format!("cannot reach the worker: {error:?}"))?;
        mark("retort:sent");
        Ok(())
    }
}

impl<Req> Drop for WorkerClient<Req> {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Runs in a worker: each request is read and passed to `handle` with a
/// function that posts an answer back (any number of them). `ready` is posted
/// first: messages sent before the handler was set were dropped, so the page
/// waits for it before sending any.
pub fn serve<Req, Resp, Handle>(ready: Resp, handle: Handle)
where
    Req: DeserializeOwned,
    Resp: Answer + Serialize,
    Handle: FnMut(Req, &mut dyn FnMut(Resp)) + 'static,
{
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let handle = std::cell::RefCell::new(handle);
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let mut emit = |response: Resp| post(&reply_scope, &response);
        match decode(&event.data()) {
            Ok(request) => (handle.borrow_mut())(request, &mut emit),
            Err(error) => emit(Resp::failed(format!(
                "the worker could not read the request: {error}"
            ))),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    post(&scope, &ready);
}

fn post<T: Serialize>(scope: &DedicatedWorkerGlobalScope, message: &T) {
    let sent = encode(message)
        .map_err(|error| JsValue::from_str(&error))
        .and_then(|value| scope.post_message(&value));
    if let Err(error) = sent {
        web_sys::console::error_1(&error);
    }
}

/// A message as it crosses to or from a worker: JSON text. One string is
/// copied between the threads at once, where a tree of JS objects (thousands of
/// findings, hundreds of files) costs a call per field to build, to clone and
/// to read back.
pub fn encode<T: Serialize>(message: &T) -> Result<JsValue, String> {
    serde_json::to_string(message)
        .map(|text| JsValue::from_str(&text))
        .map_err(|error| error.to_string())
}

/// A message [`encode`]d on the other side.
pub fn decode<T: DeserializeOwned>(value: &JsValue) -> Result<T, String> {
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

/// The service worker (`sw.js`) caches every file of the app, the engine
/// worker's included, so that it opens offline after the first visit. The page
/// registers it once the first analysis is shown: its downloads never compete
/// with the first view's.
pub fn register_service_worker() {
    let navigator = gloo::utils::window().navigator();
    let has_service_worker =
        js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if has_service_worker {
        let _ = navigator.service_worker().register("./sw.js");
    }
}
