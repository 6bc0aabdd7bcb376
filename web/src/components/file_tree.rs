use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

use retort_ir::Severity;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::workspace::DEFAULT_VERSIONS_DIR;

/// How many problems a file has, and the worst.
pub type ProblemCounts = BTreeMap<String, (Severity, usize)>;

#[derive(Properties, PartialEq)]
pub struct FileTreeProps {
    /// Workspace paths, in tree order.
    pub paths: Rc<Vec<String>>,
    pub open: Option<AttrValue>,
    pub counts: Rc<ProblemCounts>,
    /// Where new revision files go.
    #[prop_or_default]
    pub versions_dir: Option<AttrValue>,
    pub on_open: Callback<String>,
    pub on_new: Callback<String>,
    pub on_rename: Callback<(String, String)>,
    pub on_delete: Callback<String>,
}

#[derive(Clone, PartialEq)]
enum Naming {
    None,
    New,
    Rename(String),
}

/// The workspace's files as a tree, with new / rename / delete.
#[function_component]
pub fn FileTree(props: &FileTreeProps) -> Html {
    let collapsed = use_state(HashSet::<String>::new);
    let naming = use_state(|| Naming::None);
    let confirm_delete = use_state(|| false);
    let input = use_node_ref();

    {
        let input = input.clone();
        use_effect_with((*naming).clone(), move |naming| {
            if *naming != Naming::None {
                if let Some(el) = input.cast::<HtmlInputElement>() {
                    let _ = el.focus();
                    el.select();
                }
            }
        });
    }

    let open = props.open.as_ref().map(|p| p.to_string());
    let on_new_click = {
        let naming = naming.clone();
        Callback::from(move |_: MouseEvent| naming.set(Naming::New))
    };
    let on_rename_click = {
        let naming = naming.clone();
        let open = open.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(open) = &open {
                naming.set(Naming::Rename(open.clone()));
            }
        })
    };
    let on_delete_click = {
        let confirm = confirm_delete.clone();
        let on_delete = props.on_delete.clone();
        let open = open.clone();
        Callback::from(move |_: MouseEvent| {
            if *confirm {
                if let Some(open) = &open {
                    on_delete.emit(open.clone());
                }
                confirm.set(false);
            } else {
                confirm.set(true);
            }
        })
    };
    let on_delete_blur = {
        let confirm = confirm_delete.clone();
        Callback::from(move |_: FocusEvent| confirm.set(false))
    };
    let on_name_key = {
        let naming = naming.clone();
        let on_new = props.on_new.clone();
        let on_rename = props.on_rename.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Enter" => {
                let value = event.target_unchecked_into::<HtmlInputElement>().value();
                match &*naming {
                    Naming::New => on_new.emit(value),
                    Naming::Rename(from) => on_rename.emit((from.clone(), value)),
                    Naming::None => {}
                }
                naming.set(Naming::None);
            }
            "Escape" => naming.set(Naming::None),
            _ => {}
        })
    };
    let on_name_blur = {
        let naming = naming.clone();
        Callback::from(move |_: FocusEvent| naming.set(Naming::None))
    };

    let name_field = match &*naming {
        Naming::None => html! {},
        kind => {
            let (label, value) = match kind {
                Naming::Rename(from) => ("Rename to", from.clone()),
                _ => {
                    let dir = props
                        .versions_dir
                        .as_deref()
                        .unwrap_or(DEFAULT_VERSIONS_DIR);
                    ("New file", format!("{dir}/new_revision.py"))
                }
            };
            html! {
                <label class="name-field">
                    <span>{ label }</span>
                    <input ref={input.clone()} type="text" data-testid="file-name" value={value}
                        spellcheck="false" onkeydown={on_name_key} onblur={on_name_blur} />
                </label>
            }
        }
    };

    let mut rows: Vec<Html> = Vec::new();
    let mut previous: Vec<&str> = Vec::new();
    for path in props.paths.iter() {
        let parts: Vec<&str> = path.split('/').collect();
        let (name, dirs) = parts.split_last().map_or(("", &[][..]), |(n, d)| (*n, d));
        let common = previous
            .iter()
            .zip(dirs)
            .take_while(|(a, b)| a == b)
            .count();
        for depth in common..dirs.len() {
            let dir = dirs[..=depth].join("/");
            let hidden = is_hidden(&collapsed, &dirs[..depth]);
            if hidden {
                continue;
            }
            let is_collapsed = collapsed.contains(&dir);
            let toggle = {
                let collapsed = collapsed.clone();
                let dir = dir.clone();
                Callback::from(move |_: MouseEvent| {
                    let mut set = (*collapsed).clone();
                    if !set.remove(&dir) {
                        set.insert(dir.clone());
                    }
                    collapsed.set(set);
                })
            };
            rows.push(html! {
                <li key={format!("dir:{dir}")}>
                    <button class="tree-dir" style={format!("--depth:{depth}")} onclick={toggle}
                        aria-expanded={(!is_collapsed).to_string()} title={dir.clone()}>
                        <span class="twisty" aria-hidden="true">{ if is_collapsed { "▸" } else { "▾" } }</span>
                        { format!("{}/", dirs[depth]) }
                    </button>
                </li>
            });
        }
        previous = dirs.to_vec();
        if is_hidden(&collapsed, dirs) {
            continue;
        }
        let onclick = {
            let on_open = props.on_open.clone();
            let path = path.clone();
            Callback::from(move |_: MouseEvent| on_open.emit(path.clone()))
        };
        let active = open.as_deref() == Some(path.as_str());
        let badge = props.counts.get(path).map(|(severity, count)| {
            let class = match severity {
                Severity::Error => "badge sev-error",
                Severity::Warning => "badge sev-warning",
                Severity::Info => "badge sev-info",
            };
            html! { <span class={class} title={format!("{count} problem(s)")}>{ count }</span> }
        });
        rows.push(html! {
            <li key={format!("file:{path}")}>
                <button class={classes!("tree-file", active.then_some("active"))}
                    style={format!("--depth:{}", dirs.len())}
                    data-testid="file" data-path={path.clone()} title={path.clone()}
                    aria-current={active.then_some("true")} {onclick}>
                    <span class="file-name">{ name.to_owned() }</span>
                    { badge }
                </button>
            </li>
        });
    }

    html! {
        <nav class="file-tree" aria-label="Files">
            <div class="pane-header">
                <span class="pane-title">{ "Files" }</span>
                <span class="pane-actions">
                    <button class="icon-button" title="New file" aria-label="New file" data-testid="new-file" onclick={on_new_click}>{ "+" }</button>
                    <button class="icon-button" title="Rename the open file" aria-label="Rename the open file" data-testid="rename-file"
                        disabled={open.is_none()} onclick={on_rename_click}>{ "✎" }</button>
                    <button class={classes!("icon-button", confirm_delete.then_some("danger"))}
                        title="Delete the open file" aria-label="Delete the open file" data-testid="delete-file"
                        disabled={open.is_none()} onclick={on_delete_click} onblur={on_delete_blur}>
                        { if *confirm_delete { "Delete?" } else { "✕" } }
                    </button>
                </span>
            </div>
            { name_field }
            if props.paths.is_empty() {
                <p class="empty-note">{ "No files. Open files or a folder, drop them here, paste a revision, or pick an example." }</p>
            }
            <ul class="tree">{ rows }</ul>
        </nav>
    }
}

fn is_hidden(collapsed: &HashSet<String>, dirs: &[&str]) -> bool {
    (1..=dirs.len()).any(|n| collapsed.contains(&dirs[..n].join("/")))
}
