use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::protocol::{GraphView, SchemaView};

#[derive(Properties, PartialEq)]
pub struct SchemaPanelProps {
    pub graph: Option<Rc<GraphView>>,
    /// The revision shown.
    pub revision: Option<AttrValue>,
    pub schema: Option<Rc<SchemaView>>,
    pub on_select: Callback<String>,
}

/// The catalog after upgrading an empty database to a revision, and what that
/// revision changed.
#[function_component]
pub fn SchemaPanel(props: &SchemaPanelProps) -> Html {
    let Some(graph) = &props.graph else {
        return html! { <div class="schema"><p class="empty-note">{ "Analysing…" }</p></div> };
    };
    if graph.nodes.is_empty() {
        return html! { <div class="schema"><p class="empty-note">{ "No revisions." }</p></div> };
    }
    let onchange = props
        .on_select
        .reform(|event: Event| event.target_unchecked_into::<HtmlSelectElement>().value());
    let selected = props.revision.as_deref().unwrap_or_default();
    let options = graph.nodes.iter().rev().map(|node| {
        let label = format!(
            "{}{} — {}",
            node.id,
            if node.is_head { " (head)" } else { "" },
            node.doc
        );
        html! { <option value={node.id.clone()} selected={node.id == selected}>{ label }</option> }
    });
    let body = match &props.schema {
        None => html! { <p class="empty-note">{ "Computing…" }</p> },
        Some(view) => {
            let tables = view.tables.iter().map(|t| {
                html! {
                    <section class={classes!("table-card", t.changed.then_some("changed"))} data-testid="schema-table" data-table={t.name.clone()}>
                        <h4>{ t.name.clone() }{ if t.changed { " · changed" } else { "" } }</h4>
                        <ul>{ for t.lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                    </section>
                }
            });
            html! {
                <>
                    <h3 class="section-title">{ format!("What {} changed", view.revision) }</h3>
                    if view.changes.is_empty() {
                        <p class="muted">{ "No change to the schema." }</p>
                    } else {
                        <ul class="changes" data-testid="schema-changes">
                            { for view.changes.iter().map(|c| html! { <li>{ c.clone() }</li> }) }
                        </ul>
                    }
                    if !view.notes.is_empty() {
                        <ul class="notes">{ for view.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
                    }
                    <h3 class="section-title">{ format!("Schema at {} ({} table{})", view.revision, view.tables.len(), if view.tables.len() == 1 { "" } else { "s" }) }</h3>
                    if view.tables.is_empty() { <p class="muted">{ "(empty)" }</p> }
                    <div class="tables">{ for tables }</div>
                    if !view.enums.is_empty() {
                        <ul class="enums">{ for view.enums.iter().map(|e| html! { <li>{ e.clone() }</li> }) }</ul>
                    }
                    <p class="muted small">{ format!("Upgraded through: {}", if view.applied.is_empty() { "(nothing)".to_owned() } else { view.applied.join(" → ") }) }</p>
                </>
            }
        }
    };
    html! {
        <div class="schema" data-testid="schema">
            <label class="field">
                <span>{ "Revision" }</span>
                <select data-testid="schema-revision" {onchange}>{ for options }</select>
            </label>
            { body }
        </div>
    }
}
