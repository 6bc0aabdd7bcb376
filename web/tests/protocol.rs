//! The worker protocol and everything the worker computes, in a real browser
//! (`wasm-bindgen-test-runner` in headless Chromium), without a worker: the
//! [`Session`] is what the worker runs.
#![cfg(target_arch = "wasm32")]

use retort_ir::Severity;
use retort_web::analysis::Session;
use retort_web::command_line::CommandLine;
use retort_web::examples::{self, EXAMPLES};
use retort_web::protocol::{
    CommandText, ConsoleResult, FromWorker, Origin, Report, ReportDiffer, ReportMerger, Request,
    Response, Settings, Stream, Workspace, WorkspaceFile, WorkspaceUpdate,
};
use retort_web::service::{decode, encode};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod common;

use common::printed;

wasm_bindgen_test_configure!(run_in_browser);

fn clock() -> f64 {
    0.0
}

fn example(name: &str) -> Workspace {
    examples::by_name(name)
        .expect("a built-in example")
        .workspace()
}

fn analyse(session: &mut Session, seq: u64, workspace: Workspace) -> Report {
    match session.handle(Request::Analyse { seq, workspace }, &clock) {
        Response::Analysed(report) => *report,
        other => panic!("expected a report, got {other:?}"),
    }
}

fn console(session: &mut Session, line: &str, rows: &[String]) -> ConsoleResult {
    let request = Request::Console {
        id: 7,
        line: line.to_owned(),
        version_rows: rows.to_vec(),
    };
    match session.handle(request, &clock) {
        Response::Console(result) => result,
        other => panic!("expected console output, got {other:?}"),
    }
}

#[wasm_bindgen_test]
fn the_linear_example_is_clean_and_its_history_is_alembics() {
    let report = analyse(&mut Session::default(), 3, example("linear"));
    assert_eq!(report.seq, 3);
    assert_eq!(report.revisions, 3);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.version_locations, vec!["migrations/versions"]);
    assert_eq!(
        report.history,
        CommandText::Ok(
            "2b3c4d5e6f70 -> 3c4d5e6f7081 (head), add account display name\n\
             1a2b3c4d5e6f -> 2b3c4d5e6f70, create order\n\
             <base> -> 1a2b3c4d5e6f, create account\n"
                .to_owned()
        )
    );
    assert_eq!(report.graph.heads, vec!["3c4d5e6f7081"]);
}

#[wasm_bindgen_test]
fn findings_carry_path_range_and_line() {
    let report = analyse(&mut Session::default(), 1, example("lint_problems"));
    let path = "migrations/versions/8e7d6c5b4a3f_customer_tier.py";
    let finding = report
        .problems
        .iter()
        .find(|p| p.code == "SAF008")
        .expect("add-not-null-without-default");
    assert_eq!(finding.origin, Origin::Lint);
    assert_eq!(
        finding.name.as_deref(),
        Some("add-not-null-without-default")
    );
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.path.as_deref(), Some(path));
    let start = finding.start.expect("a line");
    assert_eq!((start.line, start.column), (24, 31));
    let text = &examples::by_name("lint_problems").expect("example").files;
    let source = text.iter().find(|(p, _)| *p == path).expect("the file").1;
    let range = finding.range.expect("a range");
    assert!(source[range.start as usize..range.end as usize].contains("nullable=False"));
    let codes: Vec<&str> = report.problems.iter().map(|p| p.code.as_str()).collect();
    for code in ["HYG002", "SAF001", "SQL002", "HYG005", "SAF016"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
}

#[wasm_bindgen_test]
fn the_branched_example_has_two_heads_and_a_merge() {
    let report = analyse(&mut Session::default(), 1, example("branches"));
    assert_eq!(report.graph.heads, vec!["e5f6a1b2c3d4", "f6a1b2c3d4e5"]);
    let merge = report
        .graph
        .nodes
        .iter()
        .find(|n| n.is_merge)
        .expect("a merge");
    assert_eq!(merge.parents, vec!["b2c3d4e5f6a1", "c3d4e5f6a1b2"]);
    assert!(report.problems.iter().any(|p| p.code == "HIS001"));
}

#[wasm_bindgen_test]
fn broken_python_becomes_a_located_problem() {
    let workspace = Workspace {
        files: vec![WorkspaceFile::new(
            "versions/abc_broken.py",
            "revision = 'abc'\ndown_revision = None\n\ndef upgrade():\n    op.add_column('t', sa.Column('x', sa.Integer())\n",
        )],
        settings: Settings::default(),
    };
    let report = analyse(&mut Session::default(), 1, workspace);
    let problem = report
        .problems
        .iter()
        .find(|p| p.code == "RT003")
        .expect("a syntax error");
    assert_eq!(problem.severity, Severity::Error);
    assert_eq!(problem.path.as_deref(), Some("versions/abc_broken.py"));
    assert!(problem.message.starts_with("SyntaxError"), "{problem:?}");
    assert_eq!(problem.start.map(|s| s.line), Some(6), "{problem:?}");
}

#[wasm_bindgen_test]
fn the_dialect_setting_reaches_the_rules() {
    let mut workspace = example("lint_problems");
    workspace.files.push(WorkspaceFile::new(
        "migrations/versions/7d6c5b4a3f2e_widen_email.py",
        "from alembic import op\nimport sqlalchemy as sa\n\nrevision = '7d6c5b4a3f2e'\ndown_revision = '8e7d6c5b4a3f'\n\n\ndef upgrade():\n    op.alter_column('customer', 'email', type_=sa.String(length=320), existing_type=sa.String(length=255))\n\n\ndef downgrade():\n    op.alter_column('customer', 'email', type_=sa.String(length=255), existing_type=sa.String(length=320))\n",
    ));
    let on_postgres = analyse(&mut Session::default(), 1, workspace.clone());
    workspace.settings.dialect = "sqlite".to_owned();
    let on_sqlite = analyse(&mut Session::default(), 2, workspace);
    assert_eq!(on_sqlite.dialect, "sqlite");
    let has = |r: &Report, code: &str| r.problems.iter().any(|p| p.code == code);
    // CONCURRENTLY is PostgreSQL's; ALTER outside batch mode is SQLite's problem.
    assert!(has(&on_postgres, "SAF001") && !has(&on_sqlite, "SAF001"));
    assert!(!has(&on_postgres, "POR001") && has(&on_sqlite, "POR001"));
}

#[wasm_bindgen_test]
fn every_example_loads_without_internal_errors() {
    for example in EXAMPLES {
        let report = analyse(&mut Session::default(), 1, example.workspace());
        assert!(report.revisions >= 2, "{}", example.name);
        assert!(
            !report.problems.iter().any(|p| p.code == "internal-error"),
            "{}",
            example.name
        );
        assert!(
            example.workspace().file(example.open).is_some(),
            "{}",
            example.name
        );
    }
}

#[wasm_bindgen_test]
fn requests_and_reports_survive_the_trip_through_js_values() {
    let request = Request::Analyse {
        seq: 9,
        workspace: example("branches"),
    };
    let back: Request = decode(&encode(&request).expect("serialisable")).expect("deserialisable");
    assert_eq!(back, request);

    let response = Session::default().handle(request, &clock);
    let back: Response = decode(&encode(&response).expect("serialisable")).expect("deserialisable");
    assert_eq!(back, response);
    assert!(decode::<Request>(&wasm_bindgen::JsValue::from_str("{}")).is_err());
}

/// The page sends what changed since the last workspace; the worker puts it
/// back together and answers as if it had the whole workspace.
#[wasm_bindgen_test]
fn an_update_is_answered_as_the_whole_workspace_would_be() {
    let before = example("lint_problems");
    let mut after = before.clone();
    after.files[1].text.push_str("\nimport os\n");
    after.files.remove(0);
    after.files.push(WorkspaceFile::new("notes.txt", "new"));
    after.settings.dialect = "mysql".to_owned();
    let update = WorkspaceUpdate::between(&before, &after);
    assert_eq!(
        update
            .changed
            .iter()
            .map(|f| f.path.as_str())
            .collect::<Vec<_>>(),
        vec![after.files[0].path.as_str(), "notes.txt"]
    );
    assert_eq!(update.clone().apply(before.clone()), Ok(after.clone()));
    assert!(
        update.clone().apply(Workspace::default()).is_err(),
        "nothing to take the rest from"
    );

    let mut session = Session::default();
    analyse(&mut session, 1, before);
    let updated = match session.handle(Request::Update { seq: 2, update }, &clock) {
        Response::Analysed(report) => *report,
        other => panic!("expected a report, got {other:?}"),
    };
    assert_eq!(updated, analyse(&mut Session::default(), 2, after));
}

#[wasm_bindgen_test]
fn console_prints_what_the_graph_renders() {
    let mut session = Session::default();
    let report = analyse(&mut session, 1, example("linear"));
    let result = console(&mut session, "alembic history", &[]);
    assert_eq!(result.id, 7);
    assert_eq!(result.lines[0].text, "$ alembic history");
    let CommandText::Ok(history) = &report.history else {
        panic!("history fails")
    };
    assert_eq!(printed(&result, Stream::Stdout), *history);
    assert_eq!(printed(&result, Stream::Stderr), "");

    let heads = console(&mut session, "heads", &[]);
    assert_eq!(printed(&heads, Stream::Stdout), "3c4d5e6f7081 (head)\n");
    let verbose = console(&mut session, "alembic history -v", &[]);
    assert!(printed(&verbose, Stream::Stdout)
        .starts_with("Rev: 3c4d5e6f7081 (head)\nParent: 2b3c4d5e6f70\n"));
    let show = console(&mut session, "alembic show 2b3c", &[]);
    assert!(printed(&show, Stream::Stdout).starts_with("Rev: 2b3c4d5e6f70\n"));
}

#[wasm_bindgen_test]
fn lines_are_routed_to_the_worker_that_runs_them() {
    let engine = |line: &str| CommandLine::parse(line).runs_in_engine();
    for line in [
        "alembic upgrade head",
        "upgrade head --sql",
        "alembic downgrade 'head:base' --sql",
        "stamp base --purge",
        "alembic current -v",
        "check",
    ] {
        assert!(engine(line), "{line}");
    }
    for line in [
        "alembic history -i",
        "heads",
        "show current",
        "help",
        "clear",
        "",
        "alembic",
    ] {
        assert!(!engine(line), "{line}");
    }
    let parsed = CommandLine::parse("alembic downgrade \"head:base\" --sql -x");
    assert_eq!(parsed.command.as_deref(), Some("downgrade"));
    assert_eq!(parsed.options.positional, vec!["head:base"]);
    assert!(parsed.options.sql);
    assert_eq!(parsed.options.unknown, vec!["-x"]);
    assert_eq!(
        CommandLine::parse("downgrade -1").options.positional,
        vec!["-1"]
    );

    // The analysis worker leaves them to the engine worker.
    let mut session = Session::default();
    analyse(&mut session, 1, example("linear"));
    let result = console(&mut session, "alembic upgrade head", &[]);
    assert_eq!(result.version_rows, None);
    assert!(printed(&result, Stream::Note).contains("engine worker"));
}

#[wasm_bindgen_test]
fn history_marks_the_databases_current_revision() {
    let mut session = Session::default();
    analyse(&mut session, 1, example("linear"));
    let result = console(
        &mut session,
        "alembic history --indicate-current",
        &["3c4d5e6f7081".to_owned()],
    );
    // As 06_online_upgrade_downgrade_stamp_sqlite.txt prints it.
    assert!(printed(&result, Stream::Stdout)
        .starts_with("2b3c4d5e6f70 -> 3c4d5e6f7081 (head) (current), add account display name\n"));
    assert_eq!(
        printed(&result, Stream::Stderr),
        "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.\n\
         INFO  [alembic.runtime.migration] Will assume transactional DDL.\n"
    );
}

#[wasm_bindgen_test]
fn the_schema_view_shows_what_a_revision_changed() {
    let mut session = Session::default();
    analyse(&mut session, 1, example("linear"));
    let request = Request::Schema {
        id: 1,
        revision: "3c4d5e6f7081".to_owned(),
    };
    let Response::Schema(view) = session.handle(request, &clock) else {
        panic!("expected a schema view")
    };
    assert_eq!(
        view.applied,
        vec!["1a2b3c4d5e6f", "2b3c4d5e6f70", "3c4d5e6f7081"]
    );
    let names: Vec<&str> = view.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["account", "order"]);
    assert!(view.tables[0].changed && !view.tables[1].changed);
    assert_eq!(view.changes.len(), 1, "{:?}", view.changes);
    assert!(
        view.changes[0].contains("display_name"),
        "{:?}",
        view.changes
    );
    assert!(view.tables[0]
        .lines
        .iter()
        .any(|l| l.starts_with("display_name String(length=80) NULL")));
}

/// The worker keeps one session and re-reads only what an edit changed: every
/// report must still be the report a fresh session gives for the same workspace.
#[wasm_bindgen_test]
fn reports_after_edits_are_the_reports_of_a_fresh_session() {
    let mut workspace = example("lint_problems");
    let mut session = Session::default();
    let edits: Vec<fn(&mut Workspace)> = vec![
        |_| {},
        // An unused import in the first revision file.
        |w| {
            let file = w
                .files
                .iter_mut()
                .find(|f| f.path.ends_with(".py") && f.text.contains("revision"))
                .expect("a revision");
            file.text.insert_str(0, "import os\n");
        },
        // A syntax error in it.
        |w| {
            let file = w
                .files
                .iter_mut()
                .find(|f| f.text.starts_with("import os\n"))
                .expect("the edited file");
            file.text.push_str("\ndef broken(:\n");
        },
        // Another dialect.
        |w| w.settings.dialect = "sqlite".to_owned(),
        // A file removed.
        |w| {
            w.files.pop();
        },
    ];
    for (seq, edit) in edits.iter().enumerate() {
        edit(&mut workspace);
        let seq = seq as u64 + 1;
        let incremental = analyse(&mut session, seq, workspace.clone());
        let fresh = analyse(&mut Session::default(), seq, workspace.clone());
        assert_eq!(incremental, fresh, "after edit {seq}");
    }
}

/// The lint settings panel's choices reach the rules, over the project's
/// configuration, and the report lists every rule with whether it ran.
#[wasm_bindgen_test]
fn lint_settings_turn_rules_on_and_off_and_set_the_postgres_version() {
    let mut workspace = example("lint_problems");
    workspace.files.push(WorkspaceFile::new(
        "migrations/versions/7d6c5b4a3f2e_plan.py",
        "from alembic import op\nimport sqlalchemy as sa\n\nrevision = '7d6c5b4a3f2e'\ndown_revision = '8e7d6c5b4a3f'\n\n\ndef upgrade():\n    op.add_column('customer', sa.Column('plan', sa.String(length=20), server_default='basic', nullable=False))\n\n\ndef downgrade():\n    op.drop_column('customer', 'plan')\n",
    ));
    let has = |r: &Report, code: &str| r.problems.iter().any(|p| p.code == code);
    let enabled = |r: &Report, code: &str| {
        r.rules
            .iter()
            .find(|rule| rule.code == code)
            .expect("every rule is listed")
            .enabled
    };
    let default = analyse(&mut Session::default(), 1, workspace.clone());
    assert!(has(&default, "HYG002") && enabled(&default, "HYG002"));
    assert!(
        !has(&default, "SAF013") && !enabled(&default, "SAF013"),
        "opt-in"
    );
    assert!(
        !has(&default, "SAF009"),
        "a constant default is cheap since PostgreSQL 11"
    );
    assert_eq!(default.rules.len(), retort_lint::Rule::ALL.len());

    workspace.settings.rules.insert("HYG002".to_owned(), false);
    workspace
        .settings
        .rules
        .insert("missing-lock-timeout".to_owned(), true);
    workspace.settings.postgres_version = Some(10);
    let chosen = analyse(&mut Session::default(), 2, workspace);
    assert!(!has(&chosen, "HYG002") && !enabled(&chosen, "HYG002"));
    assert!(has(&chosen, "SAF013") && enabled(&chosen, "SAF013"));
    assert!(
        has(&chosen, "SAF009"),
        "before PostgreSQL 11 any default rewrites the table"
    );
    assert_eq!(chosen.postgres_version, 10);
}

/// Reports cross from the worker as updates of the report before; the page puts
/// back exactly the report the worker computed, and an edit of one file sends
/// that file's problems only.
#[wasm_bindgen_test]
fn reports_cross_as_updates_and_come_back_whole() {
    let mut workspace = example("lint_problems");
    let mut session = Session::default();
    let mut differ = ReportDiffer::default();
    let mut merger = ReportMerger::default();
    let edited = workspace
        .files
        .iter()
        .position(|f| f.path.ends_with("_customer_tier.py"))
        .expect("a revision with findings");
    for seq in 1..=4 {
        if seq > 1 {
            workspace.files[edited].text.push_str("\nimport os\n");
        }
        let response = session.handle(
            Request::Analyse {
                seq,
                workspace: workspace.clone(),
            },
            &clock,
        );
        let path = workspace.files[edited].path.clone();
        let Response::Analysed(report) = &response else {
            panic!("a report")
        };
        assert!(report
            .problems
            .iter()
            .any(|p| p.path.as_ref() == Some(&path)));
        let wired = differ.wire(response.clone());
        if let FromWorker::Report { update, .. } = &wired {
            assert_eq!(update.base, (seq > 1).then(|| seq - 1));
            assert_eq!(update.same_parts, seq > 1, "an import changes no graph");
            if seq > 1 {
                assert_eq!(
                    update.changed,
                    [Some(path.clone())],
                    "only the edited file's problems changed"
                );
                assert!(update
                    .fresh
                    .iter()
                    .all(|p| p.path.as_deref() == Some(workspace.files[edited].path.as_str())));
            }
        } else {
            panic!("a report crosses as an update");
        }
        let crossed: FromWorker = decode(&encode(&wired).expect("encodes")).expect("decodes");
        assert_eq!(merger.unwire(crossed), response, "report {seq}");
    }
    // A page that missed the report before cannot rebuild the next one: it says so.
    let response = session.handle(Request::Analyse { seq: 5, workspace }, &clock);
    assert!(matches!(
        ReportMerger::default().unwire(differ.wire(response)),
        Response::Failed { .. }
    ));
}

/// A `script_location` that does not exist: the console's graph commands print
/// what Alembic prints, not an empty history.
#[wasm_bindgen_test]
fn graph_commands_refuse_a_missing_script_location_as_alembic_does() {
    let mut session = Session::default();
    analyse(&mut session, 1, common::no_script_location());
    for command in ["history", "heads", "branches", "show head"] {
        let result = console(&mut session, command, &[]);
        assert_eq!(
            printed(&result, Stream::Stdout),
            common::refused_golden(command),
            "{command}"
        );
    }
}

/// Files whose problems went away, files removed and files added cross as
/// changed too, and the page rebuilds each report exactly.
#[wasm_bindgen_test]
fn fixed_removed_and_added_files_cross_as_changed() {
    // An unused import in every revision: each file has a problem of its own.
    let base = {
        let mut workspace = example("linear");
        for file in &mut workspace.files {
            if file.path.contains("/versions/") {
                file.text.push_str("\nimport os\n");
            }
        }
        workspace
    };
    let mut workspace = base.clone();
    let mut session = Session::default();
    let mut differ = ReportDiffer::default();
    let mut merger = ReportMerger::default();
    let with_problems = |report: &Report| -> Vec<String> {
        let mut paths: Vec<String> = report
            .problems
            .iter()
            .filter_map(|p| p.path.clone())
            .collect();
        paths.dedup();
        paths
    };
    let mut cross = |seq: u64, workspace: &Workspace| {
        let response = session.handle(
            Request::Analyse {
                seq,
                workspace: workspace.clone(),
            },
            &clock,
        );
        let wired = differ.wire(response.clone());
        let FromWorker::Report { update, .. } = &wired else {
            panic!("a report crosses as an update")
        };
        let changed = update.changed.clone();
        let crossed: FromWorker = decode(&encode(&wired).expect("encodes")).expect("decodes");
        assert_eq!(merger.unwire(crossed), response, "report {seq}");
        let Response::Analysed(report) = response else {
            panic!("a report")
        };
        (*report, changed)
    };
    let (first, _) = cross(1, &workspace);
    let paths = with_problems(&first);
    assert_eq!(paths.len(), 3, "{:?}", first.problems);

    // The first file's import is taken out: its problems go, the others' stay.
    let first_path = Some(paths[0].clone());
    let fixed = workspace
        .files
        .iter()
        .position(|f| f.path == paths[0])
        .expect("the file");
    workspace.files[fixed].text = workspace.files[fixed].text.replace("\nimport os\n", "\n");
    let (second, changed) = cross(2, &workspace);
    assert_eq!(changed, std::slice::from_ref(&first_path));
    assert_eq!(with_problems(&second), paths[1..]);

    // The head's file is deleted: its problems go with it.
    let last = Some(paths[2].clone());
    workspace.files.retain(|f| Some(&f.path) != last.as_ref());
    let (third, changed) = cross(3, &workspace);
    assert_eq!(changed, std::slice::from_ref(&last));
    assert_eq!(with_problems(&third), paths[1..2]);

    // Both come back: their problems are fresh again.
    let (fourth, changed) = cross(4, &base);
    assert_eq!(changed, [first_path, last]);
    assert_eq!(with_problems(&fourth), paths);
}

/// A problem loading the project that has no range (a file in versions/ without a
/// revision id) is reported once: lint's finding, not also the diagnostic.
#[wasm_bindgen_test]
fn a_load_problem_without_a_range_is_listed_once() {
    let mut workspace = example("linear");
    workspace.files.push(WorkspaceFile::new(
        "migrations/versions/notes.py",
        "x = 1\n",
    ));
    let report = analyse(&mut Session::default(), 1, workspace);
    let about: Vec<_> = report
        .problems
        .iter()
        .filter(|p| p.path.as_deref() == Some("migrations/versions/notes.py"))
        .collect();
    assert_eq!(about.len(), 1, "{about:?}");
    assert!(
        about[0].message.contains("Could not determine revision id"),
        "{about:?}"
    );
}
