//! The engine worker: answers [`retort_web::protocol::EngineRequest`]s with
//! [`retort_web::engine::EngineSession`]. The page starts it the first time it
//! needs the in-tab database, offline SQL, a round trip or the models, so that
//! none of them weighs on the first view; a round trip is cancelled by
//! terminating it.

use retort_web::engine::EngineSession;
use retort_web::protocol::EngineResponse;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let session = RefCell::new(EngineSession::default());
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let mut emit = |response: EngineResponse| post(&reply_scope, &response);
        match serde_wasm_bindgen::from_value(event.data()) {
            Ok(request) => session.borrow_mut().handle(request, &mut emit),
            Err(error) => emit(EngineResponse::Failed {
                message: format!("the engine worker could not read the request: {error}"),
            }),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker does.
    on_message.forget();
    // Messages sent before this point were dropped (no handler yet): the page
    // waits for `Ready` before sending any.
    post(&scope, &EngineResponse::Ready);
}

fn post(scope: &DedicatedWorkerGlobalScope, response: &EngineResponse) {
    let sent = serde_wasm_bindgen::to_value(response)
        .map_err(JsValue::from)
        .and_then(|value| scope.post_message(&value));
    if let Err(error) = sent {
        web_sys::console::error_1(&error);
    }
}
