use yew::prelude::*;

use crate::state::WorkerStatus;

#[derive(Properties, PartialEq)]
pub struct StatusLineProps {
    pub worker: WorkerStatus,
    /// The analysis is due or running.
    pub busy: bool,
    /// Files, revisions and milliseconds of the last analysis.
    pub last: Option<(usize, usize, f64)>,
    pub notice: Option<AttrValue>,
    pub on_dismiss: Callback<()>,
}

/// One line at the bottom: what the analysis worker is doing, and notices.
#[function_component]
pub fn StatusLine(props: &StatusLineProps) -> Html {
    let text = match (&props.worker, props.busy, props.last) {
        (WorkerStatus::Unavailable(message), _, _) => format!("Analysis unavailable: {message}"),
        (WorkerStatus::Starting, _, _) => "Starting the analysis worker…".to_owned(),
        (WorkerStatus::Ready, true, _) => "Analysing…".to_owned(),
        (WorkerStatus::Ready, false, Some((files, revisions, ms))) => format!(
            "Analysed {files} file{}, {revisions} revision{} in {ms:.0} ms",
            if files == 1 { "" } else { "s" },
            if revisions == 1 { "" } else { "s" },
        ),
        (WorkerStatus::Ready, false, None) => "Ready".to_owned(),
    };
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <footer class="status-bar">
            <p class="status" data-testid="status" role="status">{ text }</p>
            if let Some(notice) = &props.notice {
                <p class="notice" data-testid="notice">
                    { notice.clone() }
                    <button class="link-button" aria-label="Dismiss" onclick={dismiss}>{ "×" }</button>
                </p>
            }
            <p class="status-right muted">{ "Local only: nothing you load leaves this tab" }</p>
        </footer>
    }
}
