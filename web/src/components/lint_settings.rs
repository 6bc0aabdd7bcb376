use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::protocol::{RuleState, Settings, POSTGRES_VERSIONS};

#[derive(Properties, PartialEq)]
pub struct LintSettingsProps {
    /// Every rule and whether it ran, from the last report.
    pub rules: Option<Rc<Vec<RuleState>>>,
    /// The PostgreSQL version the last report's rules assumed.
    pub postgres_version: Option<u32>,
    /// What the user chose over the project's configuration.
    pub settings: Settings,
    pub on_postgres_version: Callback<Option<u32>>,
    /// A rule turned on or off (`Some`), or back to the project's configuration.
    pub on_rule: Callback<(String, Option<bool>)>,
    pub on_reset: Callback<()>,
}

/// The PostgreSQL version the rules assume and which rules run, over what the
/// project's `[tool.retort]` configures.
#[function_component]
pub fn LintSettings(props: &LintSettingsProps) -> Html {
    let filter = use_state(String::new);
    let Some(rules) = &props.rules else {
        return html! { <div class="lint-settings"><p class="empty-note">{ "Analysing…" }</p></div> };
    };
    let chosen = &props.settings;
    let on_version = props.on_postgres_version.reform(|event: Event| {
        event
            .target_unchecked_into::<HtmlSelectElement>()
            .value()
            .parse()
            .ok()
    });
    let versions = POSTGRES_VERSIONS.iter().map(|&v| {
        html! { <option value={v.to_string()} selected={chosen.postgres_version == Some(v)}>{ v }</option> }
    });
    let project_version = match (chosen.postgres_version, props.postgres_version) {
        (None, Some(v)) => format!("the project's ({v})"),
        _ => "the project's".to_owned(),
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |event: InputEvent| {
            filter.set(event.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let needle = filter.to_lowercase();
    let shown: Vec<&RuleState> = rules
        .iter()
        .filter(|r| {
            needle.is_empty()
                || [&r.code, &r.name, &r.group, &r.summary]
                    .iter()
                    .any(|s| s.to_lowercase().contains(&needle))
        })
        .collect();
    let mut groups: Vec<&str> = Vec::new();
    for rule in &shown {
        if !groups.contains(&rule.group.as_str()) {
            groups.push(&rule.group);
        }
    }
    let group = |name: &str| {
        let items = shown.iter().filter(|r| r.group == name).map(|rule| {
            let overridden = chosen.rules.contains_key(&rule.code);
            let code = rule.code.clone();
            let enabled = rule.enabled;
            // Toggling a rule the user changed returns it to the project's setting.
            let onchange = props
                .on_rule
                .reform(move |_: Event| (code.clone(), (!overridden).then_some(!enabled)));
            html! {
                <li class={classes!("rule", overridden.then_some("changed"))}>
                    <label title={rule.summary.clone()}>
                        <input type="checkbox" checked={rule.enabled} {onchange}
                            data-testid="rule-toggle" data-code={rule.code.clone()} />
                        <code>{ &rule.code }</code>
                        <span class="rule-name">{ &rule.name }</span>
                        if rule.opt_in { <span class="badge">{ "opt-in" }</span> }
                        if overridden { <span class="badge">{ "changed" }</span> }
                        <span class="rule-summary muted">{ &rule.summary }</span>
                    </label>
                </li>
            }
        });
        html! {
            <section class="rule-group">
                <h3>{ name.to_owned() }</h3>
                <ul>{ for items }</ul>
            </section>
        }
    };
    let on = rules.iter().filter(|r| r.enabled).count();
    let changed = chosen.postgres_version.is_some() || !chosen.rules.is_empty();
    let on_reset = props.on_reset.reform(|_: MouseEvent| ());
    html! {
        <div class="lint-settings" data-testid="lint-settings">
            <div class="settings-bar">
                <label class="field inline" title="Rules that depend on the server version follow it (e.g. defaults rewrite the table before PostgreSQL 11)">
                    { "PostgreSQL" }
                    <select data-testid="postgres-version" onchange={on_version}>
                        <option value="" selected={chosen.postgres_version.is_none()}>{ project_version }</option>
                        { for versions }
                    </select>
                </label>
                <span class="muted" data-testid="rules-on">{ format!("{on} of {} rules on", rules.len()) }</span>
                <button class="button" data-testid="reset-rules" disabled={!changed} onclick={on_reset}
                    title="Forget the choices made here: the project's [tool.retort] and the defaults apply">
                    { "Reset" }
                </button>
            </div>
            <input class="rule-filter" type="search" placeholder="Filter rules by code, name or text"
                aria-label="Filter rules" value={(*filter).clone()} oninput={on_filter} />
            <p class="muted settings-note">{ "The dialect is chosen in the toolbar. Choices here are saved with the workspace and carried by share links; a project's pyproject.toml [tool.retort] or retort.toml applies first." }</p>
            { for groups.iter().map(|g| group(g)) }
            if shown.is_empty() { <p class="empty-note">{ "No rule matches." }</p> }
        </div>
    }
}
