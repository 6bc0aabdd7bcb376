//! The root component.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::components::{Editor, StatusLine};
use crate::protocol::Request;
use crate::state::{Action, AppState};
use crate::worker_client::WorkerClient;

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(AppState::default);
    let worker: Rc<RefCell<Option<WorkerClient>>> = use_mut_ref(|| None);

    {
        let worker = worker.clone();
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let on_response = dispatch.to_callback().reform(Action::Worker);
            match WorkerClient::spawn(on_response) {
                Ok(client) => *worker.borrow_mut() = Some(client),
                Err(message) => dispatch.dispatch(Action::WorkerFailed(message)),
            }
            move || drop(worker.borrow_mut().take())
        });
    }

    {
        let dispatch = state.dispatcher();
        let deps = (state.source.clone(), state.worker_ready);
        use_effect_with(deps, move |(source, ready)| {
            if *ready {
                if let Some(client) = worker.borrow().as_ref() {
                    let request = Request::Analyse {
                        source: source.clone(),
                    };
                    match client.send(&request) {
                        Ok(()) => dispatch.dispatch(Action::Sent),
                        Err(message) => dispatch.dispatch(Action::WorkerFailed(message)),
                    }
                }
            }
        });
    }

    let on_edit = state.dispatcher().to_callback().reform(Action::Edit);
    html! {
        <main class="app">
            <header class="app-header"><h1>{ "Retort" }</h1></header>
            <Editor source={AttrValue::from(state.source.clone())} {on_edit} />
            <StatusLine status={state.worker.clone()} />
        </main>
    }
}
