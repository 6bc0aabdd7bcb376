//! The engine worker's protocol and what it computes, in a real browser
//! (`wasm-bindgen-test-runner` in headless Chromium), without a worker: the
//! [`EngineSession`] is what the engine worker runs. Texts Alembic prints are
//! checked against `shared/reference/alembic/` transcripts where one covers them.
#![cfg(target_arch = "wasm32")]

use retort_analysis::SqlCommand;
use retort_web::engine::EngineSession;
use retort_web::examples;
use retort_web::protocol::{
    ConsoleResult, DatabaseState, DriftView, EngineRequest, EngineResponse, RoundTripView,
    SqlQuery, SqlView, StepOutcome, Stream, Workspace, WorkspaceFile,
};
use retort_web::service::{decode, encode};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod common;

use common::printed;

wasm_bindgen_test_configure!(run_in_browser);

const HEAD: &str = "3c4d5e6f7081";

fn example(name: &str) -> Workspace {
    examples::by_name(name)
        .expect("a built-in example")
        .workspace()
}

/// Every answer to one request.
fn ask(session: &mut EngineSession, request: EngineRequest) -> Vec<EngineResponse> {
    let mut out = Vec::new();
    session.handle(request, &mut |r| out.push(r));
    out
}

/// A session on `workspace` with an empty database (epoch 1).
fn session(workspace: Workspace) -> EngineSession {
    let mut session = EngineSession::default();
    let dialect = workspace.settings.dialect.clone();
    assert!(ask(&mut session, EngineRequest::Workspace { seq: 1, workspace }).is_empty());
    let opened = ask(
        &mut session,
        EngineRequest::Open {
            epoch: 1,
            dialect,
            snapshot: None,
        },
    );
    assert!(
        matches!(&opened[..], [EngineResponse::Database(d)] if d.heads.is_empty() && d.epoch == 1)
    );
    session
}

/// A console line's output, and the database state that followed it, if any.
fn run(session: &mut EngineSession, line: &str) -> (ConsoleResult, Option<DatabaseState>) {
    let mut answers = ask(
        session,
        EngineRequest::Console {
            id: 5,
            line: line.to_owned(),
        },
    )
    .into_iter();
    let Some(EngineResponse::Console(result)) = answers.next() else {
        panic!("expected console output for {line}");
    };
    let database = match answers.next() {
        Some(EngineResponse::Database(state)) => Some(state),
        None => None,
        other => panic!("unexpected {other:?}"),
    };
    (result, database)
}

/// A `script_location` that does not exist: the engine's commands print what
/// Alembic prints and leave the database alone.
#[wasm_bindgen_test]
fn engine_commands_refuse_a_missing_script_location_as_alembic_does() {
    let mut session = session(common::no_script_location());
    for command in ["upgrade head", "upgrade head --sql", "current"] {
        let (result, database) = run(&mut session, command);
        assert_eq!(
            printed(&result, Stream::Stdout),
            common::refused_golden(command),
            "{command}"
        );
        assert_eq!(database, None, "{command}");
    }
}

#[wasm_bindgen_test]
fn upgrade_head_runs_the_migrations_and_current_shows_the_head() {
    let mut session = session(example("linear"));
    let (up, database) = run(&mut session, "alembic upgrade head");
    assert_eq!(
        printed(&up, Stream::Stderr),
        "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.\n\
         INFO  [alembic.runtime.migration] Will assume transactional DDL.\n\
         INFO  [alembic.runtime.migration] Running upgrade  -> 1a2b3c4d5e6f, create account\n\
         INFO  [alembic.runtime.migration] Running upgrade 1a2b3c4d5e6f -> 2b3c4d5e6f70, create order\n\
         INFO  [alembic.runtime.migration] Running upgrade 2b3c4d5e6f70 -> 3c4d5e6f7081, add account display name\n"
    );
    assert_eq!(printed(&up, Stream::Stdout), "");
    assert_eq!(up.version_rows, Some(vec![HEAD.to_owned()]));
    let database = database.expect("the database changed");
    assert_eq!(
        (database.epoch, database.heads.clone()),
        (1, vec![HEAD.to_owned()])
    );
    assert_eq!(database.dialect, "postgresql");

    let (current, unchanged) = run(&mut session, "current");
    assert!(unchanged.is_none(), "current changes nothing");
    assert_eq!(printed(&current, Stream::Stdout), "3c4d5e6f7081 (head)\n");
    let (verbose, _) = run(&mut session, "alembic current -v");
    let stdout = printed(&verbose, Stream::Stdout);
    assert!(
        stdout.starts_with(
            "Current revision(s) for postgresql://localhost/shop:\nRev: 3c4d5e6f7081 (head)\nParent: 2b3c4d5e6f70\n"
        ),
        "{stdout}"
    );

    // A reload: a new worker restored from the saved snapshot.
    let mut restored = EngineSession::default();
    ask(
        &mut restored,
        EngineRequest::Workspace {
            seq: 7,
            workspace: example("linear"),
        },
    );
    let opened = ask(
        &mut restored,
        EngineRequest::Open {
            epoch: 3,
            dialect: "postgresql".to_owned(),
            snapshot: Some(database.snapshot.clone()),
        },
    );
    let [EngineResponse::Database(state)] = &opened[..] else {
        panic!("{opened:?}")
    };
    assert_eq!(
        (state.epoch, state.heads.clone(), state.note.clone()),
        (3, vec![HEAD.to_owned()], None)
    );
    let (current, _) = run(&mut restored, "alembic current");
    assert_eq!(printed(&current, Stream::Stdout), "3c4d5e6f7081 (head)\n");
    // The tables came back too: downgrading drops them for real.
    let (down, _) = run(&mut restored, "alembic downgrade base");
    assert_eq!(down.version_rows, Some(Vec::new()), "{:?}", down.lines);
}

#[wasm_bindgen_test]
fn a_damaged_snapshot_starts_an_empty_database_and_says_so() {
    let mut session = EngineSession::default();
    let opened = ask(
        &mut session,
        EngineRequest::Open {
            epoch: 2,
            dialect: "sqlite".to_owned(),
            snapshot: Some("{\"format\": 99}".to_owned()),
        },
    );
    let [EngineResponse::Database(state)] = &opened[..] else {
        panic!("{opened:?}")
    };
    assert_eq!(state.dialect, "sqlite");
    assert!(state.heads.is_empty());
    assert!(
        state
            .note
            .as_deref()
            .is_some_and(|n| n.contains("starts empty")),
        "{state:?}"
    );
}

#[wasm_bindgen_test]
fn downgrade_stamp_and_alembics_failures() {
    let mut session = session(example("linear"));
    run(&mut session, "upgrade head");
    let (down, _) = run(&mut session, "alembic downgrade -1");
    assert_eq!(down.version_rows, Some(vec!["2b3c4d5e6f70".to_owned()]));
    assert!(printed(&down, Stream::Stderr)
        .ends_with("Running downgrade 3c4d5e6f7081 -> 2b3c4d5e6f70, add account display name\n"));
    // As 06_online_upgrade_downgrade_stamp_sqlite.txt prints it (on PostgreSQL here).
    let (failed, _) = run(&mut session, "alembic downgrade -5");
    assert_eq!(
        printed(&failed, Stream::Stdout),
        "FAILED: Relative revision -5 didn't produce 5 migrations\n"
    );
    assert!(printed(&failed, Stream::Stderr).ends_with(
        "ERROR [alembic.util.messaging] Relative revision -5 didn't produce 5 migrations\n"
    ));
    assert_eq!(failed.version_rows, Some(vec!["2b3c4d5e6f70".to_owned()]));
    let (stamp, database) = run(&mut session, "alembic stamp base");
    assert_eq!(stamp.version_rows, Some(Vec::new()));
    assert!(database.is_some_and(|d| d.heads.is_empty()));
    let (stamped, _) = run(&mut session, "stamp head --purge");
    assert_eq!(stamped.version_rows, Some(vec![HEAD.to_owned()]));
}

#[wasm_bindgen_test]
fn a_migration_the_database_rejects_fails_at_its_op() {
    let mut session = session(example("lint_problems"));
    let (up, _) = run(&mut session, "alembic upgrade head");
    let stderr = printed(&up, Stream::Stderr);
    assert!(
        stderr.contains(
            "migrations/versions/8e7d6c5b4a3f_customer_tier.py:24:5: error[migration-failed] column \"tier\" of relation \"customer\" contains null values"
        ),
        "{stderr}"
    );
    assert_eq!(
        printed(&up, Stream::Stdout),
        "FAILED: column \"tier\" of relation \"customer\" contains null values\n"
    );
}

#[wasm_bindgen_test]
fn the_branched_example_refuses_upgrade_head_and_walks_heads() {
    let mut session = session(example("branches"));
    let (head, _) = run(&mut session, "upgrade head");
    assert!(
        printed(&head, Stream::Stdout).starts_with("FAILED: Multiple head revisions are present"),
        "{:?}",
        head.lines
    );
    let (heads, _) = run(&mut session, "upgrade heads");
    let mut rows = heads.version_rows.expect("rows");
    rows.sort();
    assert_eq!(rows, vec!["e5f6a1b2c3d4", "f6a1b2c3d4e5"]);
}

fn sql(session: &mut EngineSession, query: SqlQuery) -> SqlView {
    match &ask(session, EngineRequest::Sql { id: 9, query })[..] {
        [EngineResponse::Sql(view)] => (**view).clone(),
        other => panic!("expected SQL, got {other:?}"),
    }
}

#[wasm_bindgen_test]
fn the_sql_panel_renders_alembics_offline_sql() {
    let mut session = session(example("linear"));
    let view = sql(&mut session, SqlQuery::default());
    assert_eq!((view.id, view.seq), (9, 1));
    assert_eq!(view.command, "alembic upgrade head --sql");
    assert!(!view.failed && view.problems.is_empty());
    // PostgreSQL: transactional DDL, as 05b_offline_sql_postgresql_stdout_only.sql begins.
    assert!(
        view.stdout
            .starts_with("BEGIN;\n\nCREATE TABLE alembic_version ("),
        "{}",
        view.stdout
    );
    assert!(view
        .stdout
        .contains("-- Running upgrade 2b3c4d5e6f70 -> 3c4d5e6f7081\n"));
    assert!(view.stdout.ends_with("COMMIT;\n\n"), "{}", view.stdout);
    assert!(view
        .stderr
        .starts_with("INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.\n"));

    let down = sql(&mut session, SqlQuery::new(SqlCommand::Downgrade));
    assert_eq!(down.command, "alembic downgrade head:base --sql");
    assert!(
        down.stdout.contains("DROP TABLE account;"),
        "{}",
        down.stdout
    );

    // Alembic's own refusal, as 06b_misc_command_errors.txt words it.
    let refused = sql(
        &mut session,
        SqlQuery {
            command: SqlCommand::Downgrade,
            from: String::new(),
            to: "base".to_owned(),
        },
    );
    assert!(refused.failed);
    assert_eq!(
        refused.stdout,
        "FAILED: downgrade with --sql requires <fromrev>:<torev>\n"
    );

    // The same text in the console.
    let (console, database) = run(&mut session, "alembic upgrade head --sql");
    assert!(database.is_none(), "offline SQL touches no database");
    assert_eq!(printed(&console, Stream::Stdout), view.stdout);
}

#[wasm_bindgen_test]
fn the_round_trip_reports_each_revision_as_it_runs() {
    let mut session = session(example("broken_downgrade"));
    let answers = ask(&mut session, EngineRequest::RoundTrip { id: 4, rows: 3 });
    assert_eq!(answers.len(), 4, "one per revision, then the report");
    for (i, answer) in answers[..3].iter().enumerate() {
        let EngineResponse::RoundTripStep {
            id, done, total, ..
        } = answer
        else {
            panic!("{answer:?}")
        };
        assert_eq!((*id, *done, *total), (4, i + 1, 3));
    }
    let EngineResponse::RoundTrip(view) = &answers[3] else {
        panic!("{:?}", answers[3])
    };
    let view: &RoundTripView = view;
    assert!(!view.ok);
    assert_eq!(
        view.summary,
        "3 revisions: 1 passed, 1 failed, 1 irreversible, 0 upgraded only, 0 not run"
    );
    let outcomes: Vec<(&str, StepOutcome)> = view
        .steps
        .iter()
        .map(|s| (s.revision.as_str(), s.outcome))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            ("0a1b2c3d4e5f", StepOutcome::Passed),
            ("1b2c3d4e5f60", StepOutcome::Failed),
            ("2c3d4e5f6071", StepOutcome::Irreversible),
        ]
    );
    // The broken downgrade, at its op: line 30 drops an index that never existed.
    let failed = &view.steps[1];
    assert_eq!(
        failed.path,
        "migrations/versions/1b2c3d4e5f60_add_post_status.py"
    );
    let problem = failed
        .problems
        .iter()
        .find(|p| p.code == "index-not-found")
        .expect("the missing index");
    assert_eq!(problem.path.as_deref(), Some(failed.path.as_str()));
    assert_eq!(problem.start.map(|s| (s.line, s.column)), Some((30, 5)));
    assert_eq!(
        problem.message,
        "op.drop_index: there is no index 'ix_post_state' on table 'post'"
    );
    assert!(view.steps[2]
        .problems
        .iter()
        .any(|p| p.code == "irreversible-downgrade"));
}

fn drift(session: &mut EngineSession) -> DriftView {
    match &ask(session, EngineRequest::Drift { id: 3 })[..] {
        [EngineResponse::Drift(view)] => (**view).clone(),
        other => panic!("expected a drift view, got {other:?}"),
    }
}

#[wasm_bindgen_test]
fn the_models_are_checked_and_a_revision_is_generated_for_the_difference() {
    let mut workspace = example("linear");
    let mut session = session(workspace.clone());
    let clean = drift(&mut session);
    assert_eq!(clean.models, vec!["app/models.py"]);
    assert_eq!(clean.exit_code, 0);
    // As 07a_check_clean.txt ends.
    assert_eq!(clean.stdout, "No new upgrade operations detected.\n");

    let models = workspace
        .files
        .iter_mut()
        .find(|f| f.path == "app/models.py")
        .expect("the models");
    models.text = models.text.replace(
        "    display_name: Mapped[str | None] = mapped_column(sa.String(80))\n",
        "    display_name: Mapped[str | None] = mapped_column(sa.String(80))\n    nickname: Mapped[str | None] = mapped_column(sa.String(40))\n",
    );
    ask(&mut session, EngineRequest::Workspace { seq: 2, workspace });
    let dirty = drift(&mut session);
    assert_eq!((dirty.seq, dirty.exit_code), (2, 255));
    assert!(
        dirty.stderr.contains("FAILED: New upgrade operations detected: [('add_column', None, 'account', Column('nickname', String(length=40), table=<account>))]"),
        "{}",
        dirty.stderr
    );
    assert_eq!(dirty.diff.lines().count(), 1, "{}", dirty.diff);

    let created = ask(
        &mut session,
        EngineRequest::CreateRevision {
            id: 8,
            message: "add account nickname".to_owned(),
            rev_id: "ab12cd34ef56".to_owned(),
            create_date: "2026-11-25 14:00:00.000000".to_owned(),
        },
    );
    let [EngineResponse::Created(created)] = &created[..] else {
        panic!("{created:?}")
    };
    let file = created.file.clone().expect("a revision file");
    assert_eq!(
        file.path,
        "migrations/versions/ab12cd34ef56_add_account_nickname.py"
    );
    assert!(file
        .text
        .contains("Create Date: 2026-11-25 14:00:00.000000"));
    assert!(
        file.text
            .contains("down_revision: Union[str, Sequence[str], None] = '3c4d5e6f7081'"),
        "{}",
        file.text
    );
    assert!(
        file.text.contains(
            "op.add_column('account', sa.Column('nickname', sa.String(length=40), nullable=True))"
        ),
        "{}",
        file.text
    );
}

#[wasm_bindgen_test]
fn without_models_the_check_says_what_alembic_says() {
    let mut session = session(example("broken_downgrade"));
    let view = drift(&mut session);
    assert!(!view.has_models());
    assert_eq!(view.exit_code, 255);
    // As 07h_check_no_target_metadata.txt ends.
    assert!(
        view.stderr.ends_with("FAILED: Can't proceed with --autogenerate option; environment script migrations/env.py does not provide a MetaData object or sequence of objects to the context.\n"),
        "{}",
        view.stderr
    );
    let created = ask(
        &mut session,
        EngineRequest::CreateRevision {
            id: 1,
            message: String::new(),
            rev_id: "000000000001".to_owned(),
            create_date: "2026-11-25 14:00:00.000000".to_owned(),
        },
    );
    let [EngineResponse::Created(created)] = &created[..] else {
        panic!("{created:?}")
    };
    assert!(created.file.is_err());
}

#[wasm_bindgen_test]
fn model_modules_are_found_without_env_py() {
    let workspace = Workspace {
        files: vec![
            WorkspaceFile::new(
                "models.py",
                "import sqlalchemy as sa\nfrom sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\nclass Base(DeclarativeBase):\n    pass\n\n\nclass Thing(Base):\n    __tablename__ = 'thing'\n\n    id: Mapped[int] = mapped_column(primary_key=True)\n",
            ),
            WorkspaceFile::new(
                "versions/a1_thing.py",
                "from alembic import op\nimport sqlalchemy as sa\n\nrevision = 'a1'\ndown_revision = None\n\n\ndef upgrade():\n    op.create_table('thing', sa.Column('id', sa.Integer(), nullable=False), sa.PrimaryKeyConstraint('id'))\n\n\ndef downgrade():\n    op.drop_table('thing')\n",
            ),
        ],
        settings: Default::default(),
    };
    let mut session = session(workspace);
    let view = drift(&mut session);
    assert_eq!(view.models, vec!["models.py"]);
    assert!(
        view.note
            .as_deref()
            .is_some_and(|n| n.contains("retort check --models models.py")),
        "{:?}",
        view.note
    );
    assert_eq!(view.exit_code, 0, "{} {}", view.stderr, view.diff);
}

#[wasm_bindgen_test]
fn engine_requests_and_answers_survive_the_trip_between_threads() {
    let request = EngineRequest::Sql {
        id: 2,
        query: SqlQuery::new(SqlCommand::Downgrade),
    };
    let back: EngineRequest =
        decode(&encode(&request).expect("serialisable")).expect("deserialisable");
    assert_eq!(back, request);

    let mut session = session(example("broken_downgrade"));
    let mut answers = ask(&mut session, EngineRequest::RoundTrip { id: 1, rows: 1 });
    answers.extend(ask(&mut session, request));
    answers.extend(ask(&mut session, EngineRequest::Drift { id: 3 }));
    for answer in answers {
        let back: EngineResponse =
            decode(&encode(&answer).expect("serialisable")).expect("deserialisable");
        assert_eq!(back, answer);
    }
}
