use std::rc::Rc;

use gloo::events::EventListener;
use retort_ir::Severity;
use web_sys::Element;
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
    html! {
        <div class={classes!("problems", props.stale.then_some("stale"))} data-testid="problems">
            <p class="problems-summary">
                { summary }
                if props.stale { <span class="muted">{ " · out of date, analysing…" }</span> }
            </p>
            if problems.is_empty() {
                <p class="empty-note">{ "No problems found." }</p>
            } else {
                <ProblemList problems={problems.clone()} on_reveal={props.on_reveal.clone()} />
            }
        </div>
    }
}

/// The height of one row, in CSS pixels (`.problem` in style.css).
pub const ROW_PX: u32 = 22;
/// Rows rendered above and below the visible ones.
const OVERSCAN: u32 = 10;

#[derive(Properties, PartialEq)]
struct ProblemListProps {
    problems: Rc<Vec<Problem>>,
    on_reveal: Callback<(String, u32)>,
}

/// The rows, apart from the summary so that marking results out of date while
/// the user types does not render them again. Only the rows in view (and a few
/// around them) are in the page: a large project has thousands of findings, and
/// rendering them all on every report would make each keystroke's results late.
#[function_component]
fn ProblemList(props: &ProblemListProps) -> Html {
    let scroller = use_node_ref();
    // (scroll offset, visible height) of the list, in pixels.
    let view = use_state(|| (0, 0));
    {
        let scroller = scroller.clone();
        let view = view.clone();
        // Measured once in the page, and again whenever the window (and with it
        // the dock) changes size.
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(element) = scroller.cast::<Element>() {
                    view.set((
                        element.scroll_top().max(0) as u32,
                        element.client_height().max(0) as u32,
                    ));
                }
            };
            measure();
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| measure());
            move || drop(listener)
        });
    }
    let onscroll = {
        let view = view.clone();
        Callback::from(move |event: Event| {
            let element: Element = event.target_unchecked_into();
            view.set((
                element.scroll_top().max(0) as u32,
                element.client_height().max(0) as u32,
            ));
        })
    };
    let problems = &props.problems;
    let (top, height) = *view;
    // Before the list has a size, as many rows as a tall screen shows.
    let height = if height == 0 { 1200 } else { height };
    let first = (top / ROW_PX).saturating_sub(OVERSCAN) as usize;
    let shown = (height / ROW_PX + 2 * OVERSCAN + 1) as usize;
    let rows = problems
        .iter()
        .skip(first)
        .take(shown)
        .map(|p| html! { <li>{ problem_row(p, &props.on_reveal) }</li> });
    // The list keeps the height of every row, so the scroll bar is right.
    let style = format!(
        "height: {}px; padding-top: {}px",
        problems.len() as u32 * ROW_PX,
        first as u32 * ROW_PX
    );
    html! {
        <div class="problem-scroll" ref={scroller} {onscroll}>
            <ul class="problem-list" {style} aria-rowcount={problems.len().to_string()}>{ for rows }</ul>
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
    let title = match &p.help {
        Some(help) => format!("{}\n{help}", p.message),
        None => p.message.clone(),
    };
    html! {
        <button class={classes!("problem", format!("sev-{severity}"))} {onclick}
            data-code={p.code.clone()} data-path={full.clone()} data-line={line.to_string()}
            disabled={p.path.is_none()} {title}>
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
