//! The page in a real browser: run by `wasm-bindgen-test-runner` in headless
//! Chromium (`make test`, or `cargo test -p retort-web --target wasm32-unknown-unknown`).
//! The state machine, the pure helpers and the components, rendered.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use retort_ir::{LineCol, Severity, TextRange};
use retort_web::app::AppProps;
use retort_web::components::editor::EditorProps;
use retort_web::components::graph_panel::GraphPanelProps;
use retort_web::components::lint_settings::LintSettingsProps;
use retort_web::components::{Editor, GraphPanel, LintSettings};
use retort_web::examples;
use retort_web::export::{crc32, zip};
use retort_web::highlight::{tokens, Kind};
use retort_web::protocol::{
    CommandText, CreatedRevision, DatabaseState, EngineResponse, GraphNode, GraphView, Origin,
    Problem, Report, Response, RoundTripStep, RuleState, Settings, StepOutcome, Workspace,
    WorkspaceFile,
};
use retort_web::share::{self, Snapshot};
use retort_web::state::{Action, AppState, EngineStatus, RoundTripStatus, QUICK_ANALYSIS_MS};
use retort_web::workspace::{clean_path, name_for_pasted};
use retort_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::{Callback, Reducible};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let root = gloo::utils::document()
        .create_element("div")
        .expect("a div");
    gloo::utils::body()
        .append_child(&root)
        .expect("the div in the body");
    root
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).expect("a valid selector");
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn snapshot(files: Vec<WorkspaceFile>, open: &str) -> Snapshot {
    Snapshot {
        workspace: Workspace {
            files,
            settings: Settings::default(),
        },
        open: Some(open.to_owned()),
    }
}

fn report(seq: u64) -> Report {
    Report {
        seq,
        dialect: "postgresql".to_owned(),
        problems: Rc::new(Vec::new()),
        graph: Rc::new(GraphView::default()),
        history: CommandText::Ok(String::new()),
        version_locations: Vec::new(),
        files: 1,
        revisions: 0,
        elapsed_ms: 1.0,
        rules: Rc::new(Vec::new()),
        postgres_version: 16,
    }
}

fn reduce(state: Rc<AppState>, action: Action) -> Rc<AppState> {
    state.reduce(action)
}

#[wasm_bindgen_test]
async fn the_app_opens_the_first_revision_of_the_first_example() {
    let root = mount();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps::default()).render();
    yew::scheduler::flush().await;
    let editor: HtmlTextAreaElement = one(&root, "[data-testid=editor]").unchecked_into();
    assert!(editor.value().contains("revision: str = '"));
    assert_eq!(one(&root, "h1").text_content().as_deref(), Some("Retort"));
    let names: Vec<String> = all(&root, "[data-testid=example]")
        .iter()
        .filter_map(|e| e.get_attribute("data-name"))
        .collect();
    assert_eq!(
        names,
        vec!["linear", "branches", "broken_downgrade", "lint_problems"]
    );
    assert!(root
        .query_selector("[data-testid=open-files][type=file][multiple]")
        .expect("selector")
        .is_some());
    for hook in ["problems", "graph", "share", "dialect", "status"] {
        assert!(
            root.query_selector(&format!("[data-testid={hook}]"))
                .expect("selector")
                .is_some(),
            "no {hook}"
        );
    }
}

#[wasm_bindgen_test]
async fn hostile_file_names_and_contents_render_as_text() {
    let payload = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
    let path = format!("versions/{payload}.py");
    let root = mount();
    let props = AppProps {
        snapshot: Some(snapshot(
            vec![WorkspaceFile::new(
                path.clone(),
                format!("revision = 'a'\n# {payload}\n"),
            )],
            &path,
        )),
    };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    assert!(all(&root, "img").is_empty(), "an <img> was created");
    assert!(all(&root, "script").is_empty(), "a <script> was created");
    // The payload's `</script>` has a `/`: the tree shows a directory
    // `<img src=x …><script>window.__xss=2<` holding `script>.py`.
    assert!(all(&root, "[data-testid=file]")
        .iter()
        .any(|f| f.get_attribute("data-path").as_deref() == Some(path.as_str())));
    let tree = one(&root, ".file-tree").text_content().unwrap_or_default();
    assert!(
        tree.contains("<img src=x onerror=\"window.__xss=1\">"),
        "{tree}"
    );
    assert!(one(&root, ".highlight")
        .text_content()
        .unwrap_or_default()
        .contains("<script>"));
    assert!(js_sys::Reflect::get(&js_sys::global(), &"__xss".into())
        .expect("a global")
        .is_undefined());
}

#[wasm_bindgen_test]
async fn the_editor_marks_results_on_their_lines() {
    let text = "a = 1\nop.add_column('t', x)\n\nb = 2\n";
    let start = text.find("op.add").expect("the call") as u32;
    let problem = |code: &str, severity, range: TextRange, line| Problem {
        origin: Origin::Lint,
        code: code.to_owned(),
        name: Some("a-rule".to_owned()),
        severity,
        message: format!("{code} says <b>no</b>"),
        help: Some("Do this instead.".to_owned()),
        path: Some("v.py".to_owned()),
        range: Some(range),
        start: Some(LineCol { line, column: 1 }),
        end: None,
    };
    let props = EditorProps {
        path: "v.py".into(),
        text: text.into(),
        problems: Rc::new(vec![
            problem(
                "SAF008",
                Severity::Error,
                TextRange::new(start, start + 21),
                2,
            ),
            problem(
                "HYG005",
                Severity::Warning,
                TextRange::empty(text.len() as u32 - 2),
                4,
            ),
        ]),
        stale: false,
        reveal: None,
        on_edit: Callback::noop(),
        on_run: Callback::noop(),
    };
    let root = mount();
    yew::Renderer::<Editor>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    let marks: Vec<(String, String)> = all(&root, "[data-testid=diagnostic]")
        .iter()
        .map(|d| {
            (
                d.get_attribute("data-line").unwrap_or_default(),
                d.get_attribute("data-code").unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        marks,
        vec![
            ("2".to_owned(), "SAF008".to_owned()),
            ("4".to_owned(), "HYG005".to_owned())
        ]
    );
    let underlined = all(&root, ".ul-error");
    assert_eq!(
        underlined
            .iter()
            .filter_map(|e| e.text_content())
            .collect::<String>(),
        "op.add_column('t', x)"
    );
    assert_eq!(
        all(&root, ".ul-warning").len(),
        1,
        "an empty range marks one character"
    );
    assert_eq!(all(&root, ".gutter-line.sev-error").len(), 1);
    assert!(all(&root, "b").is_empty(), "messages are text");
    let editor: HtmlTextAreaElement = one(&root, "[data-testid=editor]").unchecked_into();
    assert_eq!(editor.value(), text);
}

#[wasm_bindgen_test]
async fn the_graph_marks_heads_bases_merges_and_the_current_revision() {
    let node = |id: &str, parents: &[&str], head: bool| GraphNode {
        id: id.to_owned(),
        path: format!("v/{id}.py"),
        doc: format!("doc of {id}"),
        parents: parents.iter().map(|p| (*p).to_owned()).collect(),
        dependencies: Vec::new(),
        labels: Vec::new(),
        is_head: head,
        is_base: parents.is_empty(),
        is_branch_point: id == "a",
        is_merge: parents.len() > 1,
    };
    let graph = GraphView {
        nodes: vec![
            node("a", &[], false),
            node("b", &["a"], false),
            node("c", &["a"], false),
            node("d", &["b", "c"], false),
            node("e", &["d"], true),
            node("f", &["d"], true),
        ],
        heads: vec!["e".to_owned(), "f".to_owned()],
        bases: vec!["a".to_owned()],
    };
    let root = mount();
    let props = GraphPanelProps {
        graph: Some(Rc::new(graph)),
        open: None,
        current: vec!["d".to_owned()],
        on_open: Callback::noop(),
    };
    yew::Renderer::<GraphPanel>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    assert_eq!(all(&root, "[data-testid=graph-node]").len(), 6);
    assert_eq!(all(&root, "[data-head=true]").len(), 2);
    assert_eq!(all(&root, ".node.merge").len(), 1);
    assert_eq!(all(&root, ".node.base").len(), 1);
    assert_eq!(all(&root, ".edge").len(), 6);
    let caption = one(&root, "[data-testid=graph-caption]")
        .text_content()
        .unwrap_or_default();
    assert!(caption.contains("2 heads (e, f)"), "{caption}");
    assert!(caption.ends_with("in-tab database at d"), "{caption}");
    let current = all(&root, "[data-current=true]");
    assert_eq!(current.len(), 1);
    assert_eq!(
        current[0].get_attribute("data-revision").as_deref(),
        Some("d")
    );
    assert!(current[0]
        .text_content()
        .unwrap_or_default()
        .contains("(current)"));
}

#[wasm_bindgen_test]
fn edits_are_due_at_once_while_analyses_are_quick() {
    let answered = |elapsed_ms: f64| {
        let state = reduce(Rc::new(AppState::default()), Action::Sent(1));
        let mut answer = report(1);
        answer.elapsed_ms = elapsed_ms;
        let state = reduce(state, Action::Worker(Response::Analysed(Box::new(answer))));
        reduce(state, Action::Edit("revision = 'x'\n".to_owned()))
    };
    let quick = answered(QUICK_ANALYSIS_MS - 1.0);
    assert!(quick.analysis.should_send(), "sent without a debounce");
    let slow = answered(QUICK_ANALYSIS_MS + 1.0);
    assert!(!slow.analysis.should_send(), "debounced");
    assert!(reduce(slow, Action::Due(2)).analysis.should_send());
}

#[wasm_bindgen_test]
fn a_report_for_an_older_workspace_is_dropped() {
    let state = Rc::new(AppState::default());
    assert!(state.analysis.should_send());
    let state = reduce(state, Action::Sent(1));
    assert!(
        !state.analysis.should_send(),
        "one request in flight at most"
    );
    let state = reduce(state, Action::Edit("revision = 'x'\n".to_owned()));
    assert_eq!(state.analysis.edit_seq, 2);
    let state = reduce(
        state,
        Action::Worker(Response::Analysed(Box::new(report(1)))),
    );
    assert!(
        state.analysis.report.is_none(),
        "the stale report is dropped"
    );
    assert_eq!(state.analysis.dropped, 1);
    assert!(!state.analysis.should_send(), "not before the debounce");
    let state = reduce(state, Action::Due(2));
    assert!(state.analysis.should_send());
    let state = reduce(state, Action::Sent(2));
    let state = reduce(
        state,
        Action::Worker(Response::Analysed(Box::new(report(2)))),
    );
    assert!(state.current_report().is_some_and(|r| r.seq == 2));
}

#[wasm_bindgen_test]
fn files_are_created_renamed_and_deleted() {
    let state = Rc::new(AppState::new(
        snapshot(
            vec![WorkspaceFile::new("m/versions/a.py", "x")],
            "m/versions/a.py",
        ),
        retort_web::state::Theme::Dark,
    ));
    let state = reduce(
        state,
        Action::NewFile("m/versions/../versions/b.py".to_owned()),
    );
    assert_eq!(state.open.as_deref(), Some("m/versions/b.py"));
    let state = reduce(state, Action::NewFile("m/versions/b.py".to_owned()));
    assert_eq!(
        state.notice.as_deref(),
        Some("m/versions/b.py already exists.")
    );
    let state = reduce(
        state,
        Action::Rename {
            from: "m/versions/b.py".to_owned(),
            to: "m/versions/a.py".to_owned(),
        },
    );
    assert_eq!(
        state.notice.as_deref(),
        Some("m/versions/a.py already exists.")
    );
    let state = reduce(
        state,
        Action::Rename {
            from: "m/versions/b.py".to_owned(),
            to: "m/c.py".to_owned(),
        },
    );
    let paths: Vec<&str> = state
        .workspace
        .files
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(
        paths,
        vec!["m/versions/a.py", "m/c.py"],
        "directories first"
    );
    assert_eq!(state.open.as_deref(), Some("m/c.py"));
    let seq = state.analysis.edit_seq;
    let state = reduce(state, Action::Delete("m/c.py".to_owned()));
    assert_eq!(state.open.as_deref(), Some("m/versions/a.py"));
    assert_eq!(state.analysis.edit_seq, seq + 1);
}

#[wasm_bindgen_test]
fn paths_are_cleaned() {
    assert_eq!(clean_path(" /a//b/./c.py ").as_deref(), Ok("a/b/c.py"));
    assert_eq!(clean_path("a\\b.py").as_deref(), Ok("a/b.py"));
    assert_eq!(clean_path("../../x.py").as_deref(), Ok("x.py"));
    assert!(clean_path("  /  ").is_err());
    assert!(clean_path("a\u{0}b").is_err());
}

#[wasm_bindgen_test]
fn pasted_revisions_are_named_as_alembic_names_them() {
    assert_eq!(
        name_for_pasted(
            "\"\"\"add user email\n\nRevision ID: 1f2e\n\"\"\"\nrevision: str = '1f2e3d4c5b6a'\n"
        ),
        "1f2e3d4c5b6a_add_user_email"
    );
    assert_eq!(name_for_pasted("revision = \"abc\"\n"), "abc");
    assert_eq!(name_for_pasted("print('hi')\n"), "pasted");
}

#[wasm_bindgen_test]
fn share_links_round_trip_and_refuse_bombs() {
    let example = examples::by_name("branches").expect("example");
    let shot = Snapshot {
        workspace: example.workspace(),
        open: Some(example.open.to_owned()),
    };
    let fragment = share::encode(&shot);
    assert!(fragment.starts_with(share::FRAGMENT_KEY));
    assert!(fragment.len() < 12_000, "{} bytes", fragment.len());
    assert_eq!(share::decode(&format!("#{fragment}")), Ok(Some(shot)));
    assert_eq!(share::decode("#section-2"), Ok(None));
    assert!(share::decode("#w1=!!!").is_err());
    assert!(share::decode("#w1=AAAA").is_err());
    // 64 MB of zeros deflate to a few kilobytes: refused, not inflated.
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 64 << 20], 9);
    use base64::Engine;
    let link = format!(
        "w1={}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bomb)
    );
    assert!(link.len() < 200_000);
    let refused = share::decode(&link).expect_err("a bomb is refused");
    assert!(refused.contains("more than"), "{refused}");
}

#[wasm_bindgen_test]
fn exported_zips_are_well_formed() {
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    let archive = zip([("a/b.py", &b"x = 1\n"[..]), ("c.ini", &b""[..])]);
    assert_eq!(&archive[..4], b"PK\x03\x04");
    let end = archive.len() - 22;
    assert_eq!(&archive[end..end + 4], b"PK\x05\x06");
    assert_eq!(
        u16::from_le_bytes([archive[end + 10], archive[end + 11]]),
        2
    );
}

#[wasm_bindgen_test]
fn python_is_coloured() {
    let text = "@decorator\ndef upgrade() -> None:\n    \"\"\"doc\nstring\"\"\"\n    op.drop_column('t', 'c')  # gone\n    x = 1_000 + 2.5e-3\n    f\"{x}\"\n";
    let kinds: Vec<(&str, Kind)> = tokens(text)
        .into_iter()
        .map(|t| (&text[t.start..t.end], t.kind))
        .collect();
    for expected in [
        ("@decorator", Kind::Decorator),
        ("def", Kind::Keyword),
        ("upgrade", Kind::Definition),
        ("None", Kind::Constant),
        ("\"\"\"doc\nstring\"\"\"", Kind::String),
        ("drop_column", Kind::Call),
        ("'t'", Kind::String),
        ("# gone", Kind::Comment),
        ("1_000", Kind::Number),
        ("2.5e-3", Kind::Number),
        ("f\"{x}\"", Kind::String),
    ] {
        assert!(kinds.contains(&expected), "{expected:?} not in {kinds:?}");
    }
    // Never panics on odd input.
    for odd in ["\"unterminated", "'''", "é = 'ü'  # ñ", "@", "0x", "\\"] {
        let _ = tokens(odd);
    }
}

#[wasm_bindgen_test]
fn lint_settings_are_kept_in_the_workspace_and_analysed_at_once() {
    let state = reduce(Rc::new(AppState::default()), Action::Sent(1));
    let state = reduce(
        state,
        Action::Worker(Response::Analysed(Box::new(report(1)))),
    );
    let state = reduce(state, Action::SetRule("HYG002".to_owned(), Some(false)));
    assert_eq!(state.workspace.settings.rules.get("HYG002"), Some(&false));
    assert_eq!(state.analysis.edit_seq, 2);
    assert!(
        state.analysis.should_send(),
        "a setting is analysed without a debounce"
    );
    let same = reduce(
        state.clone(),
        Action::SetRule("HYG002".to_owned(), Some(false)),
    );
    assert_eq!(same.analysis.edit_seq, 2, "no change, no analysis");
    let state = reduce(state, Action::SetPostgresVersion(Some(10)));
    assert_eq!(state.workspace.settings.postgres_version, Some(10));
    let state = reduce(state, Action::SetRule("HYG002".to_owned(), None));
    assert!(state.workspace.settings.rules.is_empty());
    let state = reduce(state, Action::ResetLintSettings);
    assert_eq!(state.workspace.settings, Settings::default());
    assert_eq!(state.analysis.edit_seq, 5);
}

#[wasm_bindgen_test]
async fn the_lint_panel_toggles_rules_and_returns_changed_ones_to_the_config() {
    let rule = |code: &str, name: &str, enabled: bool| RuleState {
        code: code.to_owned(),
        name: name.to_owned(),
        group: "hygiene".to_owned(),
        summary: format!("what {name} checks"),
        opt_in: !enabled,
        enabled,
    };
    type Toggles = Rc<std::cell::RefCell<Vec<(String, Option<bool>)>>>;
    let toggled: Toggles = Rc::default();
    let mut settings = Settings::default();
    settings.rules.insert("HYG005".to_owned(), true);
    let props = LintSettingsProps {
        rules: Some(Rc::new(vec![
            rule("HYG002", "unused-import", true),
            rule("HYG005", "print-call", true),
        ])),
        postgres_version: Some(16),
        settings,
        on_postgres_version: Callback::noop(),
        on_rule: {
            let toggled = toggled.clone();
            Callback::from(move |t| toggled.borrow_mut().push(t))
        },
        on_reset: Callback::noop(),
    };
    let root = mount();
    yew::Renderer::<LintSettings>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    assert_eq!(all(&root, "[data-testid=rule-toggle]").len(), 2);
    assert_eq!(
        one(&root, "[data-testid=rules-on]")
            .text_content()
            .unwrap_or_default(),
        "2 of 2 rules on"
    );
    for code in ["HYG002", "HYG005"] {
        one(
            &root,
            &format!("[data-testid=rule-toggle][data-code={code}]"),
        )
        .unchecked_into::<HtmlElement>()
        .click();
    }
    assert_eq!(
        *toggled.borrow(),
        vec![
            ("HYG002".to_owned(), Some(false)),
            ("HYG005".to_owned(), None)
        ]
    );
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("the project's (16)") && text.contains("changed"),
        "{text}"
    );
}

fn step(revision: &str, outcome: StepOutcome) -> RoundTripStep {
    RoundTripStep {
        revision: revision.to_owned(),
        path: format!("v/{revision}.py"),
        outcome,
        log: Vec::new(),
        problems: Vec::new(),
    }
}

#[wasm_bindgen_test]
fn round_trip_progress_arrives_in_batches_and_a_cancelled_run_stays_cancelled() {
    let state = Rc::new(AppState::default());
    let state = reduce(state, Action::RoundTripStarted(7));
    assert_eq!(state.roundtrip.status, RoundTripStatus::Running { id: 7 });
    let state = reduce(
        state,
        Action::RoundTripProgress {
            id: 7,
            done: 2,
            total: 5,
            steps: vec![
                step("a", StepOutcome::Passed),
                step("b", StepOutcome::Failed),
            ],
        },
    );
    let state = reduce(
        state,
        Action::Engine(EngineResponse::RoundTripStep {
            id: 7,
            done: 3,
            total: 5,
            step: step("c", StepOutcome::Passed),
        }),
    );
    let revisions: Vec<&str> = state
        .roundtrip
        .steps
        .iter()
        .map(|s| s.revision.as_str())
        .collect();
    assert_eq!((revisions, state.roundtrip.total), (vec!["a", "b", "c"], 5));
    // An older run's progress is not this run's.
    let state = reduce(
        state,
        Action::RoundTripProgress {
            id: 6,
            done: 4,
            total: 9,
            steps: vec![step("x", StepOutcome::Passed)],
        },
    );
    assert_eq!(state.roundtrip.steps.len(), 3);
    let state = reduce(state, Action::RoundTripCancelled);
    assert_eq!(state.roundtrip.status, RoundTripStatus::Cancelled);
    assert_eq!(state.engine, EngineStatus::Idle, "its worker was stopped");
    // What the stopped worker had already sent changes nothing.
    let state = reduce(
        state,
        Action::RoundTripProgress {
            id: 7,
            done: 4,
            total: 5,
            steps: vec![step("d", StepOutcome::Passed)],
        },
    );
    assert_eq!(state.roundtrip.steps.len(), 3);
    assert_eq!(state.roundtrip.status, RoundTripStatus::Cancelled);
}

fn database(epoch: u64, heads: &[&str]) -> DatabaseState {
    DatabaseState {
        epoch,
        dialect: "postgresql".to_owned(),
        heads: heads.iter().map(|h| (*h).to_owned()).collect(),
        snapshot: format!("{{\"heads\": {heads:?}}}"),
        note: None,
    }
}

#[wasm_bindgen_test]
fn the_database_follows_the_engine_and_starts_over_with_a_new_workspace_or_dialect() {
    let state = Rc::new(AppState::default());
    let epoch = state.database.epoch;
    let state = reduce(
        state,
        Action::Engine(EngineResponse::Database(database(epoch, &["3c4d5e6f7081"]))),
    );
    assert_eq!(state.console.version_rows, vec!["3c4d5e6f7081"]);
    assert!(state.database.snapshot.is_some());
    let saved = state.database.revision;

    // Another dialect is another database.
    let state = reduce(state, Action::SetDialect("sqlite".to_owned()));
    assert!(state.database.snapshot.is_none());
    assert!(state.console.version_rows.is_empty());
    assert_eq!(state.database.dialect, "sqlite");
    assert!(state.database.epoch > epoch && state.database.revision > saved);
    // An answer about the old database, arriving late, is dropped.
    let state = reduce(
        state,
        Action::Engine(EngineResponse::Database(database(epoch, &["3c4d5e6f7081"]))),
    );
    assert!(state.console.version_rows.is_empty());

    let epoch = state.database.epoch;
    let state = reduce(
        state,
        Action::Engine(EngineResponse::Database(database(epoch, &["a"]))),
    );
    let example = examples::by_name("branches").expect("example");
    let state = reduce(
        state,
        Action::Replace(Snapshot {
            workspace: example.workspace(),
            open: None,
        }),
    );
    assert!(state.database.snapshot.is_none() && state.console.version_rows.is_empty());
    assert!(state.database.epoch > epoch);

    // A saved database comes back only for the dialect it imitates.
    let mut restored = AppState::default();
    restored.restore_database("sqlite".to_owned(), vec!["a".to_owned()], "{}".to_owned());
    assert!(restored.database.snapshot.is_none());
    restored.restore_database(
        "postgresql".to_owned(),
        vec!["a".to_owned()],
        "{}".to_owned(),
    );
    assert_eq!(restored.console.version_rows, vec!["a"]);
}

#[wasm_bindgen_test]
fn a_created_revision_joins_the_workspace_and_opens() {
    let state = Rc::new(AppState::default());
    let seq = state.analysis.edit_seq;
    let state = reduce(state, Action::CreatingRevision);
    assert!(state.drift.creating);
    let path = "migrations/versions/ab12cd34ef56_add_nickname.py";
    let state = reduce(
        state,
        Action::Engine(EngineResponse::Created(Box::new(CreatedRevision {
            id: 1,
            file: Ok(WorkspaceFile::new(path, "revision = 'ab12cd34ef56'\n")),
            warnings: Vec::new(),
        }))),
    );
    assert!(!state.drift.creating);
    assert_eq!(state.open.as_deref(), Some(path));
    assert!(state.workspace.file(path).is_some());
    assert_eq!(state.analysis.edit_seq, seq + 1);
    let state = reduce(
        state,
        Action::Engine(EngineResponse::Created(Box::new(CreatedRevision {
            id: 2,
            file: Err(format!("{path} already exists.")),
            warnings: Vec::new(),
        }))),
    );
    assert_eq!(
        state.notice.as_deref(),
        Some(
            "No revision created: migrations/versions/ab12cd34ef56_add_nickname.py already exists."
        )
    );
}
