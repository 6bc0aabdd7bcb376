use std::rc::Rc;

use retort_analysis::SqlCommand;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::problems::problem_row;
use crate::components::EngineNote;
use crate::files;
use crate::protocol::{SqlQuery, SqlView, DIALECTS};
use crate::state::EngineStatus;

#[derive(Properties, PartialEq)]
pub struct SqlPanelProps {
    pub query: SqlQuery,
    /// The workspace's dialect.
    pub dialect: AttrValue,
    pub view: Option<Rc<SqlView>>,
    pub engine: EngineStatus,
    /// The view is about an older version of the workspace.
    pub stale: bool,
    pub on_query: Callback<SqlQuery>,
    pub on_dialect: Callback<String>,
    pub on_reveal: Callback<(String, u32)>,
    pub on_notice: Callback<Option<String>>,
}

/// The SQL an upgrade or a downgrade emits for a dialect: what
/// `alembic upgrade|downgrade RANGE --sql` prints (the `retort` CLI's text),
/// with copy and download.
#[function_component]
pub fn SqlPanel(props: &SqlPanelProps) -> Html {
    let query = &props.query;
    let on_command = {
        let on_query = props.on_query.clone();
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            let command = if value == "downgrade" {
                SqlCommand::Downgrade
            } else {
                SqlCommand::Upgrade
            };
            on_query.emit(SqlQuery::new(command));
        })
    };
    // What is being typed into the range: renders meanwhile (an answer, the
    // engine starting) must not put the old value back. It is asked for on
    // Enter or when the field loses focus.
    let draft = use_state(|| (query.from.clone(), query.to.clone()));
    {
        let draft = draft.clone();
        use_effect_with(query.clone(), move |query| {
            draft.set((query.from.clone(), query.to.clone()));
        });
    }
    let typed = |to: bool| {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            let value = event.target_unchecked_into::<HtmlInputElement>().value();
            let (from, old_to) = (*draft).clone();
            draft.set(if to { (from, value) } else { (value, old_to) });
        })
    };
    let commit = {
        let on_query = props.on_query.clone();
        let query = query.clone();
        let draft = draft.clone();
        Callback::from(move |_: Event| {
            let (from, to) = (*draft).clone();
            if (&from, &to) != (&query.from, &query.to) {
                on_query.emit(SqlQuery {
                    from,
                    to,
                    ..query.clone()
                });
            }
        })
    };
    let on_dialect = props
        .on_dialect
        .reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value());
    let on_copy = {
        let view = props.view.clone();
        let on_notice = props.on_notice.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(view) = view.clone() else { return };
            let clipboard = gloo::utils::window().navigator().clipboard();
            let on_notice = on_notice.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let copied =
                    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&view.stdout))
                        .await
                        .is_ok();
                on_notice.emit(Some(if copied {
                    "Copied the SQL.".to_owned()
                } else {
                    "The browser did not let the page copy; select the text instead.".to_owned()
                }));
            });
        })
    };
    let on_download = {
        let view = props.view.clone();
        let on_notice = props.on_notice.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(view) = &view else { return };
            let name = format!(
                "{}_{}.sql",
                view.command
                    .trim_start_matches("alembic ")
                    .trim_end_matches(" --sql")
                    .replace([' ', ':'], "_"),
                view.dialect
            );
            if files::download(&name, view.stdout.as_bytes(), "application/sql").is_err() {
                on_notice.emit(Some("The download could not start.".to_owned()));
            }
        })
    };
    let is_upgrade = query.command == SqlCommand::Upgrade;
    let body = match &props.view {
        None => html! { <EngineNote engine={props.engine.clone()} doing="Rendering the SQL…" /> },
        Some(view) => html! {
            <>
                <p class="muted small sql-command-line">
                    <code>{ format!("{} ", view.command) }</code>
                    { format!("· {}", view.dialect) }
                    if props.stale { { " · out of date, rendering…" } }
                </p>
                if !view.problems.is_empty() {
                    <ul class="problem-list engine-problems" data-testid="sql-problems">
                        { for view.problems.iter().map(|p| html! { <li>{ problem_row(p, &props.on_reveal) }</li> }) }
                    </ul>
                }
                <pre class={classes!("sql-output", props.stale.then_some("stale"), view.failed.then_some("failed"))}
                    data-testid="sql-output" data-dialect={view.dialect.clone()}
                    data-command={view.command.clone()} data-stale={props.stale.to_string()}>{ view.stdout.clone() }</pre>
                if !view.stderr.is_empty() {
                    <details class="sql-log">
                        <summary>{ "Alembic's log (standard error)" }</summary>
                        <pre data-testid="sql-log">{ view.stderr.clone() }</pre>
                    </details>
                }
            </>
        },
    };
    html! {
        <div class="sql" data-testid="sql">
            <div class="panel-controls">
                <label class="field inline" title="The workspace's dialect (the same setting as the toolbar's)">
                    <span>{ "Dialect" }</span>
                    <select data-testid="sql-dialect" onchange={on_dialect}>
                        { for DIALECTS.iter().map(|d| html! {
                            <option value={*d} selected={*d == props.dialect.as_str()}>{ *d }</option>
                        }) }
                    </select>
                </label>
                <label class="field inline">
                    <span>{ "Command" }</span>
                    <select data-testid="sql-command" onchange={on_command}>
                        <option value="upgrade" selected={is_upgrade}>{ "upgrade" }</option>
                        <option value="downgrade" selected={!is_upgrade}>{ "downgrade" }</option>
                    </select>
                </label>
                <label class="field inline" title="Where the range starts; empty: from the start (an upgrade without a range)">
                    <span>{ "From" }</span>
                    <input type="text" class="range-input" data-testid="sql-from" spellcheck="false"
                        value={draft.0.clone()} placeholder={if is_upgrade { "base" } else { "head" }}
                        oninput={typed(false)} onchange={commit.clone()} />
                </label>
                <label class="field inline">
                    <span>{ "To" }</span>
                    <input type="text" class="range-input" data-testid="sql-to" spellcheck="false"
                        value={draft.1.clone()} oninput={typed(true)} onchange={commit} />
                </label>
                <button class="button" data-testid="sql-copy" disabled={props.view.is_none()} onclick={on_copy}>{ "Copy" }</button>
                <button class="button" data-testid="sql-download" disabled={props.view.is_none()} onclick={on_download}>{ "Download" }</button>
            </div>
            { body }
        </div>
    }
}
