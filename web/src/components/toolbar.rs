use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::examples::EXAMPLES;
use crate::files::{self, Loaded};
use crate::protocol::DIALECTS;
use crate::state::Theme;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub dialect: AttrValue,
    pub theme: Theme,
    pub on_example: Callback<String>,
    /// Files read from a picker.
    pub on_load: Callback<Loaded>,
    pub on_dialect: Callback<String>,
    pub on_run: Callback<()>,
    pub on_share: Callback<()>,
    pub on_export: Callback<()>,
    pub on_theme: Callback<Theme>,
}

/// The bar at the top: examples, opening files, the dialect, run, share,
/// export and the theme.
#[function_component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let examples = EXAMPLES.iter().map(|example| {
        let onclick = props.on_example.reform({
            let name = example.name.to_owned();
            move |_: MouseEvent| name.clone()
        });
        html! {
            <button class="chip" data-testid="example" data-name={example.name}
                title={example.description} {onclick}>{ example.title }</button>
        }
    });
    let on_pick = {
        let on_load = props.on_load.clone();
        Callback::from(move |event: Event| {
            let input = event.target_unchecked_into::<HtmlInputElement>();
            let Some(list) = input.files() else { return };
            let on_load = on_load.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = files::read_file_list(list).await;
                // Picking the same files again must fire `change` again.
                input.set_value("");
                on_load.emit(loaded);
            });
        })
    };
    let on_dialect = props
        .on_dialect
        .reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value());
    let next_theme = match props.theme {
        Theme::Dark => Theme::Light,
        Theme::Light => Theme::Dark,
    };
    let on_theme = props.on_theme.reform(move |_: MouseEvent| next_theme);
    let on_run = props.on_run.reform(|_: MouseEvent| ());
    let on_share = props.on_share.reform(|_: MouseEvent| ());
    let on_export = props.on_export.reform(|_: MouseEvent| ());
    html! {
        <header class="toolbar">
            <h1 class="brand" title="Retort: an offline playground for Alembic migrations">{ "Retort" }</h1>
            <div class="toolbar-group" role="group" aria-label="Examples">
                <span class="toolbar-label">{ "Examples" }</span>
                { for examples }
            </div>
            <div class="toolbar-group">
                <label class="button" title="Open revision files, alembic.ini, models…">
                    { "Open files" }
                    <input type="file" multiple=true class="visually-hidden" data-testid="open-files"
                        accept=".py,.ini,.toml,.cfg,.mako,.txt,.sql" onchange={on_pick.clone()} />
                </label>
                <label class="button" title="Open a project folder (or drop it on the page)">
                    { "Open folder" }
                    <input type="file" webkitdirectory=true multiple=true class="visually-hidden"
                        data-testid="open-folder" onchange={on_pick} />
                </label>
            </div>
            <div class="toolbar-spacer"></div>
            <div class="toolbar-group">
                <label class="field inline" title="Target database: dialect conditionals and dialect-aware rules follow it">
                    <span>{ "Dialect" }</span>
                    <select data-testid="dialect" onchange={on_dialect}>
                        { for DIALECTS.iter().map(|d| html! {
                            <option value={*d} selected={*d == props.dialect.as_str()}>{ *d }</option>
                        }) }
                    </select>
                </label>
                <button class="button primary" data-testid="run" title="Analyse now (Ctrl+Enter)" onclick={on_run}>{ "Run" }</button>
                <button class="button" data-testid="share" title="A link carrying this workspace (nothing is uploaded)" onclick={on_share}>{ "Share" }</button>
                <button class="button" data-testid="export" title="Download the workspace as a .zip" onclick={on_export}>{ "Export" }</button>
                <button class="button icon" data-testid="theme" title={format!("Switch to the {} theme", next_theme.name())}
                    aria-label="Switch theme" onclick={on_theme}>
                    { if props.theme == Theme::Dark { "☀" } else { "☾" } }
                </button>
            </div>
        </header>
    }
}
