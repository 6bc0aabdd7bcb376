//! The analysis worker: answers [`retort_web::protocol::Request`]s with
//! [`retort_web::analysis::Session`] off the main thread, so that typing in the
//! editor never waits for an analysis.

use retort_web::analysis::Session;
use retort_web::protocol::{FromWorker, ReportDiffer, Response};
use retort_web::service::{decode, encode};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let session = RefCell::new(Session::default());
    let differ = RefCell::new(ReportDiffer::default());
    let now = || js_sys::Date::now();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let response = match decode(&event.data()) {
            Ok(request) => session.borrow_mut().handle(request, &now),
            Err(error) => Response::Failed {
                message: format!("the worker could not read the request: {error}"),
            },
        };
        post(&reply_scope, &differ.borrow_mut().wire(response));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    // Messages sent before this point were dropped (no handler yet): the page
    // waits for `Ready` before sending any.
    post(&scope, &FromWorker::Response(Response::Ready));
}

fn post(scope: &DedicatedWorkerGlobalScope, response: &FromWorker) {
    let sent = encode(response)
        .map_err(|error| JsValue::from_str(&error))
        .and_then(|value| scope.post_message(&value));
    if let Err(error) = sent {
        web_sys::console::error_1(&error);
    }
}
