use web_sys::{Element, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::protocol::{ConsoleLine, Stream};

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub lines: Vec<ConsoleLine>,
    /// Lines typed before, oldest first.
    pub recall: Vec<String>,
    /// The in-tab database's `alembic_version` rows.
    pub version_rows: Vec<String>,
    pub on_submit: Callback<String>,
}

/// `alembic …` commands against the workspace and the in-tab database.
#[function_component]
pub fn Console(props: &ConsoleProps) -> Html {
    let input = use_node_ref();
    let output = use_node_ref();
    // Position in `recall` while browsing with ↑/↓; `None` when typing anew.
    let browsing = use_state(|| None::<usize>);

    {
        let output = output.clone();
        use_effect_with(props.lines.len(), move |_| {
            if let Some(el) = output.cast::<Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let onkeydown = {
        let on_submit = props.on_submit.clone();
        let recall = props.recall.clone();
        let browsing = browsing.clone();
        Callback::from(move |event: KeyboardEvent| {
            let field = event.target_unchecked_into::<HtmlInputElement>();
            match event.key().as_str() {
                "Enter" => {
                    event.prevent_default();
                    let line = field.value();
                    field.set_value("");
                    browsing.set(None);
                    on_submit.emit(line);
                }
                "ArrowUp" if !recall.is_empty() => {
                    event.prevent_default();
                    let at = browsing.map_or(recall.len() - 1, |i| i.saturating_sub(1));
                    field.set_value(&recall[at]);
                    browsing.set(Some(at));
                }
                "ArrowDown" => {
                    if let Some(i) = *browsing {
                        event.prevent_default();
                        if i + 1 < recall.len() {
                            field.set_value(&recall[i + 1]);
                            browsing.set(Some(i + 1));
                        } else {
                            field.set_value("");
                            browsing.set(None);
                        }
                    }
                }
                _ => {}
            }
        })
    };
    let focus_input = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            let selecting = gloo::utils::window()
                .get_selection()
                .ok()
                .flatten()
                .is_some_and(|s| !s.is_collapsed());
            if !selecting {
                if let Some(el) = input.cast::<HtmlInputElement>() {
                    let _ = el.focus();
                }
            }
        })
    };

    let rows = props.lines.iter().map(|line| {
        let class = match line.stream {
            Stream::Input => "out-input",
            Stream::Stdout if line.text.starts_with("FAILED:") => "out-failed",
            Stream::Stdout => "out-stdout",
            Stream::Stderr if line.text.starts_with("ERROR ") => "out-failed",
            Stream::Stderr => "out-stderr",
            Stream::Note => "out-note",
        };
        html! { <div class={classes!("console-line", class)}>{ line.text.clone() }</div> }
    });
    let rows_text = if props.version_rows.is_empty() {
        "alembic_version: (empty)".to_owned()
    } else {
        format!("alembic_version: {}", props.version_rows.join(", "))
    };
    html! {
        <div class="console" onclick={focus_input}>
            <div class="console-output" data-testid="console-output" ref={output} role="log" aria-live="polite">
                if props.lines.is_empty() {
                    <div class="console-line out-note">{ "Type an alembic command, e.g. `alembic history`, `alembic upgrade head`; `help` lists them." }</div>
                }
                { for rows }
            </div>
            <div class="console-prompt">
                <span class="prompt" aria-hidden="true">{ "$" }</span>
                <input ref={input} type="text" class="console-input" data-testid="console-input"
                    aria-label="Console command" spellcheck="false" autocomplete="off"
                    placeholder="alembic history" {onkeydown} />
                <span class="db-rows muted" data-testid="version-rows" title="The in-tab database (GlueSQL in the engine worker, saved with the workspace): its alembic_version rows">{ rows_text }</span>
            </div>
        </div>
    }
}
