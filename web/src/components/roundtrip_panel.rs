use retort_ir::Severity;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::problems::problem_row;
use crate::protocol::StepOutcome;
use crate::state::{EngineStatus, RoundTrip, RoundTripStatus};

/// Most sample rows per table the panel offers.
pub const MAX_ROWS: usize = 50;

#[derive(Properties, PartialEq)]
pub struct RoundTripPanelProps {
    pub roundtrip: RoundTrip,
    pub engine: EngineStatus,
    /// The result is about an older version of the workspace.
    pub stale: bool,
    pub on_run: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_rows: Callback<usize>,
    pub on_reveal: Callback<(String, u32)>,
}

/// The stairway round trip: every revision up, down and up again on a fresh
/// in-tab database, as a timeline of revisions with each difference at the
/// downgrade op that caused it. It runs in the engine worker, revision by
/// revision, and can be cancelled.
#[function_component]
pub fn RoundTripPanel(props: &RoundTripPanelProps) -> Html {
    let roundtrip = &props.roundtrip;
    let running = matches!(roundtrip.status, RoundTripStatus::Running { .. });
    let done = roundtrip.steps.len();
    let (state, text) = match &roundtrip.status {
        RoundTripStatus::Idle => (
            "idle",
            format!(
                "Runs every revision up, down and up again on a fresh in-tab database with {} sample row{} per table, comparing the schema, the tables and the rows each time.",
                roundtrip.rows,
                if roundtrip.rows == 1 { "" } else { "s" }
            ),
        ),
        RoundTripStatus::Running { .. } if roundtrip.total == 0 => match &props.engine {
            EngineStatus::Ready => ("running", "Running…".to_owned()),
            _ => ("running", "Starting the engine worker…".to_owned()),
        },
        RoundTripStatus::Running { .. } => (
            "running",
            format!("Running: {done} of {} revisions…", roundtrip.total),
        ),
        RoundTripStatus::Done(view) => (
            if view.ok { "passed" } else { "failed" },
            format!(
                "{}{}{}",
                if view.ok { "Passed. " } else { "Failed. " },
                view.summary,
                if props.stale { " (before the last edits)" } else { "" }
            ),
        ),
        RoundTripStatus::Cancelled => (
            "cancelled",
            format!(
                "Cancelled after {done} of {} revisions: the engine worker was stopped and started again.",
                roundtrip.total
            ),
        ),
        RoundTripStatus::Failed(message) => ("failed", format!("The round trip stopped: {message}")),
    };
    // What is being typed: renders meanwhile must not put the old value back.
    let draft = use_state(|| roundtrip.rows.to_string());
    {
        let draft = draft.clone();
        use_effect_with(roundtrip.rows, move |rows| draft.set(rows.to_string()));
    }
    let on_typed = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            draft.set(event.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_rows = {
        let draft = draft.clone();
        props
            .on_rows
            .reform(move |_: Event| draft.trim().parse::<usize>().unwrap_or(0).min(MAX_ROWS))
    };
    let steps = roundtrip.steps.iter().map(|step| {
        let outcome = step.outcome.name();
        let marker = match step.outcome {
            StepOutcome::Passed => "✔",
            StepOutcome::Failed => "✖",
            StepOutcome::Irreversible => "⊘",
            StepOutcome::UpgradedOnly => "↑",
            StepOutcome::NotRun => "·",
        };
        let open = {
            let path = step.path.clone();
            props.on_reveal.reform(move |_: MouseEvent| (path.clone(), 1))
        };
        let notes = step
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Info)
            .count();
        let shown = step.problems.iter().filter(|p| p.severity != Severity::Info);
        html! {
            <li class={classes!("step", format!("outcome-{}", outcome.replace(' ', "-")))}
                data-testid="roundtrip-step" data-revision={step.revision.clone()} data-outcome={outcome}>
                <button class="step-head" title={format!("{}\n{}", step.path, step.log.join("\n"))} onclick={open}>
                    <span class="step-marker" aria-hidden="true">{ marker }</span>
                    <span class="step-revision">{ step.revision.clone() }</span>
                    <span class="step-outcome">{ outcome }</span>
                </button>
                <ul class="problem-list step-problems">
                    { for shown.map(|p| html! { <li data-testid="roundtrip-problem">{ problem_row(p, &props.on_reveal) }</li> }) }
                </ul>
                if notes > 0 {
                    <p class="muted small step-notes">{ format!("{notes} note{} on sample data", if notes == 1 { "" } else { "s" }) }</p>
                }
            </li>
        }
    });
    let general = match &roundtrip.status {
        RoundTripStatus::Done(view) => view.problems.clone(),
        _ => Vec::new(),
    };
    html! {
        <div class="roundtrip" data-testid="roundtrip">
            <div class="panel-controls">
                <button class="button primary" data-testid="run-roundtrip" disabled={running}
                    onclick={props.on_run.reform(|_: MouseEvent| ())}>{ "Run round trip" }</button>
                if running {
                    <button class="button" data-testid="cancel-roundtrip"
                        onclick={props.on_cancel.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                }
                <label class="field inline" title="Rows seeded into every table before each upgrade, so that what a populated database rejects is rejected here too">
                    <span>{ "Sample rows" }</span>
                    <input type="number" class="rows-input" data-testid="roundtrip-rows" min="0" max={MAX_ROWS.to_string()}
                        value={(*draft).clone()} disabled={running} oninput={on_typed} onchange={on_rows} />
                </label>
            </div>
            <p class={classes!("status-note", format!("state-{state}"))} data-testid="roundtrip-status" data-state={state}>{ text }</p>
            if running && roundtrip.total > 0 {
                <progress data-testid="roundtrip-progress" max={roundtrip.total.to_string()} value={done.to_string()}></progress>
            }
            if !general.is_empty() {
                <ul class="problem-list engine-problems">
                    { for general.iter().map(|p| html! { <li>{ problem_row(p, &props.on_reveal) }</li> }) }
                </ul>
            }
            <ol class={classes!("timeline", props.stale.then_some("stale"))} data-testid="roundtrip-timeline">{ for steps }</ol>
        </div>
    }
}
