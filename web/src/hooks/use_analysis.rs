use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::protocol::{
    ConsoleLine, ConsoleResult, ReportMerger, Request, Response, Stream, Workspace, WorkspaceUpdate,
};
use crate::service::{WorkerClient, WORKER_SCRIPT};
use crate::state::{Action, AppState, Panel, WorkerStatus};

/// How long typing must pause before the workspace is analysed again.
pub const DEBOUNCE_MS: u32 = 200;

/// What components may ask of the worker.
#[derive(Clone, PartialEq)]
pub struct AnalysisHandle {
    /// Run a console line.
    pub console: Callback<String>,
    /// Analyse now, without waiting for the debounce (Ctrl+Enter).
    pub run: Callback<()>,
}

/// Spawns the analysis worker and keeps it fed: the latest workspace once
/// typing pauses (one request in flight at most; see [`crate::state::Analysis`]),
/// and the schema the schema panel shows.
#[hook]
pub fn use_analysis(state: &UseReducerHandle<AppState>) -> AnalysisHandle {
    let client: Rc<RefCell<Option<WorkerClient<Request>>>> = use_mut_ref(|| None);
    // The workspace the worker holds (the last one sent to it).
    let sent_workspace: Rc<RefCell<Option<Workspace>>> = use_mut_ref(|| None);

    {
        let client = client.clone();
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let on_response = dispatch.to_callback().reform(Action::Worker);
            let mut merger = ReportMerger::default();
            let unwire = move |message| merger.unwire(message);
            match WorkerClient::spawn(WORKER_SCRIPT, unwire, on_response) {
                Ok(spawned) => *client.borrow_mut() = Some(spawned),
                Err(message) => dispatch.dispatch(Action::WorkerFailed(message)),
            }
            move || drop(client.borrow_mut().take())
        });
    }

    // The debounce: the latest edit becomes due once typing pauses.
    {
        let dispatch = state.dispatcher();
        let seq = state.analysis.edit_seq;
        let pending = seq > state.analysis.due_seq;
        use_effect_with((seq, pending), move |&(seq, pending)| {
            let timeout = pending
                .then(|| Timeout::new(DEBOUNCE_MS, move || dispatch.dispatch(Action::Due(seq))));
            move || drop(timeout)
        });
    }

    // Send the workspace when it is due and the worker is free.
    {
        let client = client.clone();
        let dispatch = state.dispatcher();
        let ready = state.worker == WorkerStatus::Ready;
        let send = ready && state.analysis.should_send();
        let seq = state.analysis.edit_seq;
        let workspace = state.workspace.clone();
        let base = sent_workspace.clone();
        use_effect_with((send, seq), move |&(send, seq)| {
            if send {
                // The worker keeps the last workspace: send what changed since.
                let request = match base.borrow().as_ref() {
                    Some(before) => Request::Update {
                        seq,
                        update: WorkspaceUpdate::between(before, &workspace),
                    },
                    None => Request::Analyse {
                        seq,
                        workspace: workspace.clone(),
                    },
                };
                if send_request(&client, &dispatch, &request) {
                    *base.borrow_mut() = Some(workspace);
                }
                dispatch.dispatch(Action::Sent(seq));
            }
        });
    }

    // The schema panel's revision, again after each new report.
    {
        let client = client.clone();
        let dispatch = state.dispatcher();
        let wanted = (state.panel == Panel::Schema)
            .then(|| state.schema_revision.clone())
            .flatten();
        let report_seq = state.current_report().map(|r| r.seq);
        use_effect_with((wanted, report_seq), move |(wanted, report_seq)| {
            if let (Some(revision), Some(id)) = (wanted, report_seq) {
                let request = Request::Schema {
                    id: *id,
                    revision: revision.clone(),
                };
                send_request(&client, &dispatch, &request);
            }
        });
    }

    let console = {
        let client = client.clone();
        let dispatch = state.dispatcher();
        let rows = state.console.version_rows.clone();
        let id = state.console.next_id;
        let ready = state.worker == WorkerStatus::Ready;
        Callback::from(move |line: String| {
            dispatch.dispatch(Action::ConsoleSubmitted(line.clone()));
            if !ready {
                dispatch.dispatch(Action::Worker(Response::Console(ConsoleResult {
                    id,
                    lines: vec![
                        ConsoleLine::new(Stream::Input, format!("$ {line}")),
                        ConsoleLine::new(
                            Stream::Note,
                            "The analysis worker is still starting; try again in a moment.",
                        ),
                    ],
                    version_rows: None,
                    clear: false,
                })));
                return;
            }
            let request = Request::Console {
                id,
                line,
                version_rows: rows.clone(),
            };
            send_request(&client, &dispatch, &request);
        })
    };
    // Everything typed so far is due (`Due` stops at the latest edit); made once,
    // so that the components given it do not render again at every keystroke.
    let run = {
        let dispatch = state.dispatcher();
        use_memo((), move |()| {
            dispatch.to_callback().reform(|()| Action::Due(u64::MAX))
        })
    };
    AnalysisHandle {
        console,
        run: (*run).clone(),
    }
}

/// Sends a request; whether it reached the worker.
fn send_request(
    client: &Rc<RefCell<Option<WorkerClient<Request>>>>,
    dispatch: &UseReducerDispatcher<AppState>,
    request: &Request,
) -> bool {
    let sent = match client.borrow().as_ref() {
        Some(client) => client.send(request),
        None => Err("the analysis worker is not running".to_owned()),
    };
    match sent {
        Ok(()) => true,
        Err(message) => {
            dispatch.dispatch(Action::WorkerFailed(message));
            false
        }
    }
}
