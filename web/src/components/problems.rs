use std::rc::Rc;

use retort_ir::Severity;
use yew::prelude::*;

use crate::components::editor::severity_name;
use crate::protocol::Problem;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    /// Every problem of the workspace, `None` before the first analysis.
    pub problems: Option<Rc<Vec<Problem>>>,
    /// The list describes an older workspace (an analysis is due).
    #[prop_or_default]
    pub stale: bool,
    /// Open a file at a 1-based line.
    pub on_reveal: Callback<(String, u32)>,
}

/// Every diagnostic and finding; a click shows it in the editor.
#[function_component]
pub fn Problems(props: &ProblemsProps) -> Html {
    let Some(problems) = &props.problems else {
        return html! {
            <div class="problems" data-testid="problems"><p class="empty-note">{ "Analysing…" }</p></div>
        };
    };
    let count = |s: Severity| problems.iter().filter(|p| p.severity == s).count();
    let counted =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let summary = format!(
        "{}, {}, {}",
        counted(count(Severity::Error), "error", "errors"),
        counted(count(Severity::Warning), "warning", "warnings"),
        counted(count(Severity::Info), "note", "notes")
    );
    let rows = problems
        .iter()
        .map(|p| html! { <li>{ problem_row(p, &props.on_reveal) }</li> });
    html! {
        <div class={classes!("problems", props.stale.then_some("stale"))} data-testid="problems">
            <p class="problems-summary">
                { summary }
                if props.stale { <span class="muted">{ " · out of date, analysing…" }</span> }
            </p>
            if problems.is_empty() {
                <p class="empty-note">{ "No problems found." }</p>
            } else {
                <ul class="problem-list">{ for rows }</ul>
            }
        </div>
    }
}

/// One problem as a button that shows it in the editor: severity, code,
/// message, file and position (the problems panel, and the engine's panels).
pub fn problem_row(p: &Problem, on_reveal: &Callback<(String, u32)>) -> Html {
    // The file's name and the position; the whole path on hover.
    let name = p
        .path
        .as_deref()
        .map_or("project", |path| path.rsplit('/').next().unwrap_or(path))
        .to_owned();
    let position = p
        .start
        .map(|s| format!(":{}:{}", s.line, s.column))
        .unwrap_or_default();
    let full = p.path.clone().unwrap_or_default();
    let line = p.start.map_or(1, |s| s.line);
    let onclick = p
        .path
        .clone()
        .map(|path| on_reveal.reform(move |_: MouseEvent| (path.clone(), line)));
    let severity = severity_name(p.severity);
    html! {
        <button class={classes!("problem", format!("sev-{severity}"))} {onclick}
            data-code={p.code.clone()} data-path={full.clone()} data-line={line.to_string()}
            disabled={p.path.is_none()} title={p.help.clone().unwrap_or_default()}>
            <span class="problem-severity" aria-label={severity}>{ severity_icon(p.severity) }</span>
            <span class="problem-code">{ p.code.clone() }</span>
            <span class="problem-message">{ p.message.clone() }</span>
            <span class="problem-location" title={full}>
                <span class="location-file">{ name }</span>
                <span class="location-position">{ position }</span>
            </span>
        </button>
    }
}

pub fn severity_icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "✖",
        Severity::Warning => "▲",
        Severity::Info => "ℹ",
    }
}
