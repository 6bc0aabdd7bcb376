use yew::prelude::*;

use crate::state::WorkerStatus;

#[derive(Properties, PartialEq)]
pub struct StatusLineProps {
    pub status: WorkerStatus,
}

/// One line under the editor saying what the analysis worker is doing.
#[function_component]
pub fn StatusLine(props: &StatusLineProps) -> Html {
    let text = match &props.status {
        WorkerStatus::Starting => "Starting the analysis worker…".to_owned(),
        WorkerStatus::Analysing => "Analysing…".to_owned(),
        WorkerStatus::Analysed { lines, bytes } => {
            format!("Analysed in the worker: {lines} lines, {bytes} bytes.")
        }
        WorkerStatus::Unavailable(message) => format!("Analysis unavailable: {message}"),
    };
    html! { <p class="status" data-testid="status" role="status">{ text }</p> }
}
