//! The root component: the layout, and the glue between the state, the
//! components and the browser (drops, pastes, share links, downloads).

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, DragEvent, HtmlElement};
use yew::prelude::*;

use crate::command_line::CommandLine;
use crate::components::{
    Console, DriftPanel, Editor, FileTree, GraphPanel, LintSettings, ProblemCounts, Problems,
    RoundTripPanel, SchemaPanel, ShareDialog, SqlPanel, StatusLine, Tabs, Toolbar,
};
use crate::examples;
use crate::export;
use crate::files::{self, Loaded};
use crate::hooks::{restore, use_analysis, use_engine, use_persistence};
use crate::protocol::{SqlQuery, WorkspaceFile};
use crate::service::register_service_worker;
use crate::share::{self, Snapshot};
use crate::state::{Action, AppState, Dock, Panel, RoundTripStatus, Theme, WorkerStatus};
use crate::workspace::{name_for_pasted, place_loose, DEFAULT_VERSIONS_DIR};

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Start from this snapshot rather than what the browser saved (tests).
    #[prop_or_default]
    pub snapshot: Option<Snapshot>,
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let initial = props.snapshot.clone();
    let state = use_reducer(move || match initial {
        Some(snapshot) => AppState::new(snapshot, Theme::Dark),
        None => {
            let restored = restore();
            let mut state = match restored.snapshot {
                Some(snapshot) => AppState::new(snapshot, restored.theme),
                None => AppState {
                    theme: restored.theme,
                    ..AppState::default()
                },
            };
            state.notice = restored.notice;
            if let Some(saved) = restored.database {
                state.restore_database(saved.dialect, saved.heads, saved.snapshot);
            }
            state
        }
    });
    let analysis = use_analysis(&state);
    let engine = use_engine(&state);
    use_persistence(&state);
    let dragging = use_state(|| false);
    let share_link = use_state(|| None::<(String, bool)>);

    let dispatch = state.dispatcher();
    let to = {
        let dispatch = dispatch.clone();
        use_memo((), move |()| Dispatchers::new(&dispatch))
    };
    let versions_dir: Option<String> = state
        .analysis
        .report
        .as_ref()
        .and_then(|r| r.version_locations.first().cloned());

    // Pasting text anywhere but in a field adds it as a new revision file.
    {
        let dispatch = dispatch.clone();
        let versions_dir = versions_dir.clone();
        let workspace_paths: Vec<String> = state
            .workspace
            .files
            .iter()
            .map(|f| f.path.clone())
            .collect();
        use_effect_with((versions_dir, workspace_paths), move |(dir, paths)| {
            let dir = dir
                .clone()
                .unwrap_or_else(|| DEFAULT_VERSIONS_DIR.to_owned());
            let paths = paths.clone();
            let document = gloo::utils::document();
            // Not passive: a paste it takes is not also typed anywhere.
            let options = EventListenerOptions::enable_prevent_default();
            let listener =
                EventListener::new_with_options(&document, "paste", options, move |event| {
                    let Some(event) = event.dyn_ref::<ClipboardEvent>() else {
                        return;
                    };
                    let in_field = event
                        .target()
                        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
                        .is_some_and(|el| {
                            matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT")
                        });
                    if in_field {
                        return;
                    }
                    let Some(text) = event.clipboard_data().and_then(|d| d.get_data("text").ok())
                    else {
                        return;
                    };
                    if text.trim().is_empty() {
                        return;
                    }
                    event.prevent_default();
                    let stem = name_for_pasted(&text);
                    let mut path = format!("{dir}/{stem}.py");
                    let mut n = 2;
                    while paths.contains(&path) {
                        path = format!("{dir}/{stem}_{n}.py");
                        n += 1;
                    }
                    dispatch.dispatch(Action::Load {
                        files: vec![WorkspaceFile::new(path, files::normalize_newlines(text))],
                        replace: false,
                    });
                });
            move || drop(listener)
        });
    }

    let on_loaded = {
        let dispatch = dispatch.clone();
        let versions_dir = versions_dir
            .clone()
            .unwrap_or_else(|| DEFAULT_VERSIONS_DIR.to_owned());
        Callback::from(move |mut loaded: Loaded| {
            if !loaded.folder {
                for file in &mut loaded.files {
                    file.path = place_loose(&file.path, &file.text, &versions_dir);
                }
            }
            let notice = loaded.notice();
            if loaded.files.is_empty() {
                dispatch.dispatch(Action::Notice(Some(notice.unwrap_or_else(|| {
                    "Nothing to load: no Python, ini or toml files.".to_owned()
                }))));
                return;
            }
            dispatch.dispatch(Action::Load {
                files: loaded.files,
                replace: loaded.folder,
            });
            if notice.is_some() {
                dispatch.dispatch(Action::Notice(notice));
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            // Only when the pointer leaves the window, not a child.
            if event.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let dragging = dragging.clone();
        let on_loaded = on_loaded.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            let Some(transfer) = event.data_transfer() else {
                return;
            };
            let dropped = files::take_drop(&transfer);
            let on_loaded = on_loaded.clone();
            wasm_bindgen_futures::spawn_local(async move {
                on_loaded.emit(files::read_drop(dropped).await);
            });
        })
    };

    let on_example = {
        let dispatch = dispatch.clone();
        Callback::from(move |name: String| {
            if let Some(example) = examples::by_name(&name) {
                dispatch.dispatch(Action::Replace(Snapshot {
                    workspace: example.workspace(),
                    open: Some(example.open.to_owned()),
                }));
            }
        })
    };
    let on_share = {
        let state = state.clone();
        let share_link = share_link.clone();
        Callback::from(move |()| {
            let location = gloo::utils::window().location();
            let origin = location.origin().unwrap_or_default();
            let path = location.pathname().unwrap_or_else(|_| "/".to_owned());
            let link = format!("{origin}{path}#{}", share::encode(&state.snapshot()));
            share_link.set(Some((link.clone(), false)));
            let share_link = share_link.clone();
            let clipboard = gloo::utils::window().navigator().clipboard();
            wasm_bindgen_futures::spawn_local(async move {
                let copied = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&link))
                    .await
                    .is_ok();
                if copied {
                    share_link.set(Some((link, true)));
                }
            });
        })
    };
    let on_export = {
        let state = state.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |()| {
            let files = state
                .workspace
                .files
                .iter()
                .map(|f| (f.path.as_str(), f.text.as_bytes()));
            let archive = export::zip(files);
            if files::download("retort-workspace.zip", &archive, "application/zip").is_err() {
                dispatch.dispatch(Action::Notice(Some(
                    "The download could not start.".to_owned(),
                )));
            }
        })
    };

    // For the benchmarks: when the first analysis reached the page.
    {
        let first = state.current_report().is_some();
        use_effect_with(first, |&first| {
            if first {
                if let Some(performance) = gloo::utils::window().performance() {
                    if performance
                        .get_entries_by_name("retort:first-analysis")
                        .length()
                        == 0
                    {
                        let _ = performance.mark("retort:first-analysis");
                    }
                }
            }
        });
    }
    // The service worker caches the whole app, the engine worker included, once
    // the first view is done (or the analysis worker could not start).
    {
        let settled = state.current_report().is_some()
            || matches!(state.worker, WorkerStatus::Unavailable(_));
        use_effect_with(settled, |&settled| {
            if settled {
                register_service_worker();
            }
        });
    }
    // Console lines go to the worker that runs them.
    let on_console = {
        let analysis = analysis.console.clone();
        let engine = engine.console.clone();
        Callback::from(move |line: String| {
            if CommandLine::parse(&line).runs_in_engine() {
                engine.emit(line);
            } else {
                analysis.emit(line);
            }
        })
    };

    // What the panels show: the last report, marked stale while the workspace
    // has changed since.
    let report = state.analysis.report.clone();
    let stale = !state.analysis.current;
    let open_path = state.open.clone();
    let problems = report.as_ref().map(|r| r.problems.clone());
    let open_problems = use_memo((problems.clone(), open_path.clone()), |(problems, open)| {
        Rc::new(
            problems
                .iter()
                .flat_map(|p| p.iter())
                .filter(|p| p.path.is_some() && p.path == *open)
                .cloned()
                .collect::<Vec<_>>(),
        )
    });
    let counts = use_memo(problems.clone(), |problems| {
        let mut counts = ProblemCounts::new();
        for p in problems.iter().flat_map(|p| p.iter()) {
            if let Some(path) = &p.path {
                let entry = counts.entry(path.clone()).or_insert((p.severity, 0));
                entry.0 = entry.0.max(p.severity);
                entry.1 += 1;
            }
        }
        Rc::new(counts)
    });
    // Typing changes no path: the file tree is not rendered again for it.
    let paths = use_memo(
        state
            .workspace
            .files
            .iter()
            .map(|f| f.path.clone())
            .collect::<Vec<String>>(),
        |paths| Rc::new(paths.clone()),
    );

    let on_reveal = &to.reveal;
    let on_open = &to.open;
    let editor = match state.open_file() {
        Some(file) => html! {
            <Editor
                path={AttrValue::from(file.path.clone())}
                text={AttrValue::from(file.text.clone())}
                problems={(*open_problems).clone()}
                {stale}
                reveal={state.reveal.clone()}
                on_edit={to.edit.clone()}
                on_run={analysis.run.clone()}
            />
        },
        None => html! {
            <div class="editor-empty">
                <p>{ "No file open. Pick an example, open files or a folder, drop them on the page, or paste a revision file anywhere outside a text field." }</p>
            </div>
        },
    };
    let open_summary = match (state.open.as_deref(), open_problems.len()) {
        (Some(path), 0) => {
            html! { <span class="pane-title" title={path.to_owned()}>{ path.to_owned() }</span> }
        }
        (Some(path), n) => html! { <>
            <span class="pane-title" title={path.to_owned()}>{ path.to_owned() }</span>
            <span class="muted">{ format!(" · {n} result{}", if n == 1 { "" } else { "s" }) }</span>
        </> },
        (None, _) => html! { <span class="pane-title">{ "No file" }</span> },
    };

    let graph = report.as_ref().map(|r| r.graph.clone());
    let panel_body = match state.panel {
        Panel::Graph => html! {
            <GraphPanel graph={graph.clone()} open={open_path.clone().map(AttrValue::from)}
                current={state.console.version_rows.clone()} on_open={on_open.clone()} />
        },
        Panel::Schema => {
            let selected = state
                .schema_revision
                .clone()
                .or_else(|| default_schema_revision(&graph, &open_path));
            html! {
                <SchemaPanel graph={graph.clone()} revision={selected.map(AttrValue::from)}
                    schema={state.schema.clone()} on_select={to.schema_for.clone()} />
            }
        }
        Panel::Sql => html! {
            <SqlPanel query={state.sql.query.clone()}
                dialect={AttrValue::from(state.workspace.settings.dialect.clone())}
                view={state.sql.view.clone()} engine={state.engine.clone()}
                stale={state.sql.view.as_ref().is_some_and(|v| v.seq != state.analysis.edit_seq)}
                on_query={to.sql_query.clone()}
                on_dialect={to.dialect.clone()}
                on_reveal={on_reveal.clone()}
                on_notice={to.notice.clone()} />
        },
        Panel::RoundTrip => {
            let stale = match &state.roundtrip.status {
                RoundTripStatus::Done(view) => view.seq != state.analysis.edit_seq,
                _ => false,
            };
            html! {
                <RoundTripPanel roundtrip={state.roundtrip.clone()} engine={state.engine.clone()} {stale}
                    on_run={engine.run_roundtrip.clone()} on_cancel={engine.cancel_roundtrip.clone()}
                    on_rows={to.roundtrip_rows.clone()}
                    on_reveal={on_reveal.clone()} />
            }
        }
        Panel::Drift => html! {
            <DriftPanel drift={state.drift.clone()} engine={state.engine.clone()}
                stale={state.drift.view.as_ref().is_some_and(|v| v.seq != state.analysis.edit_seq)}
                on_create={engine.create_revision.clone()} on_reveal={on_reveal.clone()} />
        },
        Panel::Lint => html! {
            <LintSettings rules={report.as_ref().map(|r| r.rules.clone())}
                postgres_version={report.as_ref().map(|r| r.postgres_version)}
                settings={state.workspace.settings.clone()}
                on_postgres_version={to.postgres_version.clone()}
                on_rule={to.rule.clone()}
                on_reset={to.reset_lint.clone()} />
        },
    };
    // The schema panel opens on a head until the user picks a revision.
    {
        let dispatch = dispatch.clone();
        let wanted = (state.panel == Panel::Schema && state.schema_revision.is_none())
            .then(|| default_schema_revision(&graph, &open_path))
            .flatten();
        use_effect_with(wanted, move |wanted| {
            if let Some(head) = wanted {
                dispatch.dispatch(Action::SchemaFor(head.clone()));
            }
        });
    }
    let dock_body = match state.dock {
        Dock::Problems => html! {
            <Problems problems={problems.clone()} {stale} on_reveal={on_reveal.clone()} />
        },
        Dock::Console => html! {
            <Console lines={state.console.lines.clone()} recall={state.console.recall.clone()}
                version_rows={state.console.version_rows.clone()} on_submit={on_console} />
        },
    };
    let problem_count = problems.as_ref().map_or(0, |p| p.len());

    html! {
        <div class="app" data-theme={state.theme.name()} {ondragover} {ondragleave} {ondrop}>
            <Toolbar
                dialect={AttrValue::from(state.workspace.settings.dialect.clone())}
                theme={state.theme}
                {on_example}
                on_load={on_loaded}
                on_dialect={to.dialect.clone()}
                on_run={analysis.run.clone()}
                {on_share}
                {on_export}
                on_theme={to.theme.clone()}
            />
            if let Some((link, copied)) = &*share_link {
                <ShareDialog link={AttrValue::from(link.clone())} copied={*copied}
                    on_close={{ let share_link = share_link.clone(); Callback::from(move |()| share_link.set(None)) }} />
            }
            <div class="workbench">
                <aside class="sidebar">
                    <FileTree
                        paths={(*paths).clone()}
                        open={open_path.clone().map(AttrValue::from)}
                        counts={(*counts).clone()}
                        versions_dir={versions_dir.map(AttrValue::from)}
                        on_open={on_open.clone()}
                        on_new={to.new_file.clone()}
                        on_rename={to.rename.clone()}
                        on_delete={to.delete.clone()}
                    />
                </aside>
                <main class="center">
                    <section class="editor-pane" aria-label="Editor">
                        <div class="pane-header">{ open_summary }</div>
                        { editor }
                    </section>
                    <section class="dock" aria-label="Problems and console">
                        <Tabs<Dock>
                            tabs={vec![
                                (Dock::Problems, if problem_count == 0 { "Problems" } else { "Problems •" }, "tab-problems"),
                                (Dock::Console, "Console", "tab-console"),
                            ]}
                            active={state.dock}
                            on_select={to.show_dock.clone()}>
                            { dock_body }
                        </Tabs<Dock>>
                    </section>
                </main>
                <aside class="side-panel" aria-label="Revision graph, schema, SQL, round trip, models, lint settings">
                    <Tabs<Panel>
                        tabs={vec![
                            (Panel::Graph, "Graph", "tab-graph"),
                            (Panel::Schema, "Schema", "tab-schema"),
                            (Panel::Sql, "SQL", "tab-sql"),
                            (Panel::RoundTrip, "Round trip", "tab-roundtrip"),
                            (Panel::Drift, "Models", "tab-drift"),
                            (Panel::Lint, "Lint", "tab-lint"),
                        ]}
                        active={state.panel}
                        on_select={to.show_panel.clone()}>
                        { panel_body }
                    </Tabs<Panel>>
                </aside>
            </div>
            <StatusLine
                worker={state.worker.clone()}
                busy={state.analysis.in_flight || state.analysis.edit_seq > state.analysis.due_seq || state.analysis.should_send()}
                last={report.as_ref().map(|r| (r.files, r.revisions, r.elapsed_ms))}
                notice={state.notice.clone().map(AttrValue::from)}
                on_dismiss={to.dismiss.clone()}
            />
            if *dragging {
                <div class="drop-overlay" aria-hidden="true"><p>{ "Drop files or a project folder" }</p></div>
            }
        </div>
    }
}

/// The callbacks that only dispatch an action, made once: a component given a
/// new (if equal) callback at every render of the app would render again with
/// it, the file tree and the graph (hundreds of entries) at every keystroke.
struct Dispatchers {
    edit: Callback<String>,
    open: Callback<String>,
    reveal: Callback<(String, u32)>,
    new_file: Callback<String>,
    rename: Callback<(String, String)>,
    delete: Callback<String>,
    dialect: Callback<String>,
    theme: Callback<Theme>,
    notice: Callback<Option<String>>,
    dismiss: Callback<()>,
    show_dock: Callback<Dock>,
    show_panel: Callback<Panel>,
    schema_for: Callback<String>,
    sql_query: Callback<SqlQuery>,
    roundtrip_rows: Callback<usize>,
    postgres_version: Callback<Option<u32>>,
    rule: Callback<(String, Option<bool>)>,
    reset_lint: Callback<()>,
}

impl Dispatchers {
    fn new(dispatch: &UseReducerDispatcher<AppState>) -> Self {
        fn to<T: 'static>(
            dispatch: &UseReducerDispatcher<AppState>,
            action: fn(T) -> Action,
        ) -> Callback<T> {
            dispatch.to_callback().reform(action)
        }
        Self {
            edit: to(dispatch, Action::Edit),
            open: to(dispatch, Action::Open),
            reveal: dispatch
                .to_callback()
                .reform(|(path, line): (String, u32)| Action::Reveal { path, line }),
            new_file: to(dispatch, Action::NewFile),
            rename: dispatch
                .to_callback()
                .reform(|(from, to)| Action::Rename { from, to }),
            delete: to(dispatch, Action::Delete),
            dialect: to(dispatch, Action::SetDialect),
            theme: to(dispatch, Action::SetTheme),
            notice: to(dispatch, Action::Notice),
            dismiss: dispatch.to_callback().reform(|()| Action::Notice(None)),
            show_dock: to(dispatch, Action::ShowDock),
            show_panel: to(dispatch, Action::ShowPanel),
            schema_for: to(dispatch, Action::SchemaFor),
            sql_query: to(dispatch, Action::SetSqlQuery),
            roundtrip_rows: to(dispatch, Action::SetRoundTripRows),
            postgres_version: to(dispatch, Action::SetPostgresVersion),
            rule: dispatch
                .to_callback()
                .reform(|(code, on)| Action::SetRule(code, on)),
            reset_lint: dispatch
                .to_callback()
                .reform(|()| Action::ResetLintSettings),
        }
    }
}

/// What the schema panel shows until a revision is picked: the open file's
/// revision, else the first head.
fn default_schema_revision(
    graph: &Option<Rc<crate::protocol::GraphView>>,
    open: &Option<String>,
) -> Option<String> {
    let graph = graph.as_ref()?;
    graph
        .nodes
        .iter()
        .find(|n| Some(&n.path) == open.as_ref())
        .map(|n| n.id.clone())
        .or_else(|| graph.heads.first().cloned())
}
