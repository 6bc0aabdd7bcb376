//! Alembic commands against the engine: logs, findings at their lines, the database after.
#![cfg(not(target_arch = "wasm32"))]
mod common;

use common::{fixture_project, project, render};
use retort_engine::{Engine, EngineOptions};

const USERS: &str = r#""""create users

Revision ID: a1
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
    )


def downgrade():
    op.drop_table("users")
"#;

const AGE: &str = r#""""add age

Revision ID: b2
Revises: a1
"""
from alembic import op
import sqlalchemy as sa

revision = "b2"
down_revision = "a1"


def upgrade():
    op.add_column("users", sa.Column("age", sa.Integer(), nullable=False))


def downgrade():
    op.drop_column("users", "age")
"#;

#[test]
fn not_null_column_on_populated_table_fails_at_the_op() {
    let (p, h) = project(&[("a1.py", USERS), ("b2.py", AGE)]);
    let mut engine = Engine::new(EngineOptions::default());
    let report = engine.upgrade(&h, "head");
    assert_eq!(
        report.log,
        vec![
            "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.",
            "INFO  [alembic.runtime.migration] Will assume transactional DDL.",
            "INFO  [alembic.runtime.migration] Running upgrade  -> a1, create users",
            "INFO  [alembic.runtime.migration] Running upgrade a1 -> b2, add age",
            "ERROR [alembic.util.messaging] column \"age\" of relation \"users\" contains null values",
        ]
    );
    assert_eq!(
        render(&p, &report.diagnostics),
        vec!["b2.py:14: Error migration-failed: column \"age\" of relation \"users\" contains null values"]
    );
    // Transactional DDL: the whole command rolled back.
    assert!(engine.heads().is_empty());
}

/// A table created under a condition Retort cannot evaluate (a setting of the
/// application) is not created in the engine; the failure it causes later says an
/// earlier step was not run, and which.
#[test]
fn a_failure_after_an_unfollowed_step_says_so() {
    const GUARDED: &str = r#"from alembic import op
import sqlalchemy as sa
from app import settings

revision = "a1"
down_revision = None


def upgrade():
    if settings.CREATE_USERS:
        op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("users")
"#;
    const UPDATE: &str = r#"from alembic import op

revision = "b2"
down_revision = "a1"


def upgrade():
    op.execute("UPDATE users SET id = 1")


def downgrade():
    pass
"#;
    let (p, h) = project(&[("a1.py", GUARDED), ("b2.py", UPDATE)]);
    let mut engine = Engine::new(EngineOptions::default());
    let report = engine.upgrade(&h, "head");
    let failure = report
        .diagnostics
        .iter()
        .find(|d| d.code == "migration-failed")
        .unwrap_or_else(|| panic!("{:?}", render(&p, &report.diagnostics)));
    assert_eq!(
        render(&p, std::slice::from_ref(failure)),
        ["b2.py:8: Error migration-failed: relation \"users\" does not exist (in: UPDATE \"users\" SET id = 1)"]
    );
    let help = failure.help.as_deref().unwrap_or_default();
    assert!(
        help.starts_with(
            "An earlier step was not run (versions/a1.py: condition `settings.CREATE_USERS`"
        ),
        "{help}"
    );

    // Without the unfollowed step, no such caveat.
    let (p, h) = project(&[("a1.py", USERS), ("b2.py", AGE)]);
    let report = Engine::new(EngineOptions::default()).upgrade(&h, "head");
    let failure = report
        .diagnostics
        .iter()
        .find(|d| d.code == "migration-failed")
        .unwrap_or_else(|| panic!("{:?}", render(&p, &report.diagnostics)));
    assert_eq!(failure.help, None);
}

/// Tables and columns created only if the database lacks them (`"t" not in
/// inspector.get_table_names()`, `inspector.has_table("t")`, `"c" not in [c["name"] for
/// c in inspector.get_columns("t")]`, as Airflow's revisions do) are decided by the
/// engine's own tables, up and down.
#[test]
fn inspector_guards_are_decided_by_the_database() {
    let (p, h) = fixture_project("inspector_guard");
    let mut engine = Engine::new(EngineOptions::default());
    let report = engine.upgrade(&h, "head");
    assert!(report.ok(), "{:?}", render(&p, &report.diagnostics));
    assert_eq!(engine.heads(), ["c3"]);
    let has_email = |engine: &Engine| {
        engine
            .catalog()
            .table(None, "users")
            .is_some_and(|t| t.column("email").is_some())
    };
    assert!(has_email(&engine));
    let report = engine.downgrade(&h, "b2");
    assert!(report.ok(), "{:?}", render(&p, &report.diagnostics));
    assert!(
        !has_email(&engine),
        "the column guard of the downgrade holds"
    );
    let report = engine.downgrade(&h, "base");
    assert!(report.ok(), "{:?}", render(&p, &report.diagnostics));
    assert!(engine.catalog().table(None, "users").is_none());
    // Already there (table and column): the guards skip the create and the add.
    let (p, h) = fixture_project("inspector_guard_existing");
    let mut engine = Engine::new(EngineOptions::default());
    let report = engine.upgrade(&h, "head");
    assert!(report.ok(), "{:?}", render(&p, &report.diagnostics));
    assert!(has_email(&engine));
}

#[test]
fn upgrade_head_shows_schema_and_rows() {
    let (p, h) = fixture_project("good_linear");
    let mut engine = Engine::new(EngineOptions::default());
    let report = engine.upgrade(&h, "head");
    assert!(report.ok(), "{:?}", render(&p, &report.diagnostics));
    insta::assert_snapshot!(engine.physical_schema());
}

/// `upgrade head` on a fixture: the log, the findings and the database after.
fn upgrade_text(case: &str, dialect: retort_engine::Dialect) -> String {
    let (case, target) = case.split_once('@').unwrap_or((case, "head"));
    let (p, h) = fixture_project(case);
    let mut engine = Engine::new(EngineOptions {
        dialect,
        ..EngineOptions::default()
    });
    let report = engine.upgrade(&h, target);
    let mut out = report.log.join("\n");
    out.push('\n');
    for line in render(&p, &report.diagnostics) {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&engine.physical_schema());
    out
}

#[test]
fn data_behaves_as_a_database_would() {
    use retort_engine::Dialect::{Mysql, Postgresql, Sqlite};
    for (case, dialect) in [
        ("data_unique_index", Postgresql),
        ("data_unique_index", Sqlite),
        ("data_foreign_key", Postgresql),
        ("data_foreign_key", Sqlite),
        ("data_migration", Postgresql),
        ("data_migration@b2", Postgresql),
        ("data_cascade", Postgresql),
        ("data_cascade", Sqlite),
        ("data_too_long", Postgresql),
        ("data_too_long", Sqlite),
        ("raw_sql@b2", Postgresql),
        ("raw_sql", Postgresql),
        // NOT NULL without a default on a table with rows: MySQL's implicit defaults.
        ("data_mysql_implicit@b2", Mysql),
        ("data_mysql_implicit", Mysql),
        ("data_mysql_implicit", Postgresql),
        ("data_mysql_implicit", Sqlite),
        // NUMERIC(p, s): rounded to the scale, too many digits refused.
        ("data_numeric@b2", Postgresql),
        ("data_numeric@b2", Mysql),
        ("data_numeric@b2", Sqlite),
        ("data_numeric", Postgresql),
        ("data_numeric", Mysql),
        ("data_numeric", Sqlite),
        // A label added by ALTER TYPE is usable: here the type was created in the same
        // transaction (one `upgrade head` from an empty database).
        ("enum_add_value", Postgresql),
        // Declaring the column with one label more does not change PostgreSQL's type;
        // on MySQL the column's ENUM is redefined.
        ("enum_alter_column", Postgresql),
        ("enum_alter_column", Mysql),
    ] {
        let name = format!("{}_{}", case.replace('@', "_at_"), dialect.name());
        insta::assert_snapshot!(name, upgrade_text(case, dialect));
    }
}

#[test]
fn snapshot_round_trips_through_json() {
    let (_, h) = fixture_project("good_linear");
    let mut engine = Engine::new(EngineOptions::default());
    assert!(engine.upgrade(&h, "b2").ok());
    let json = serde_json::to_string(&engine.snapshot()).expect("serialises");
    let snapshot: retort_engine::Snapshot = serde_json::from_str(&json).expect("deserialises");
    let mut restored = Engine::restore(snapshot).expect("same format");
    assert_eq!(restored.physical_schema(), engine.physical_schema());
    assert_eq!(restored.heads(), vec!["b2".to_owned()]);
    // The restored engine carries on where the first one stopped.
    let report = restored.upgrade(&h, "head");
    assert!(report.ok(), "{:?}", report.diagnostics);
    assert_eq!(restored.heads(), vec!["d4".to_owned()]);
    let report = restored.downgrade(&h, "base");
    assert!(report.ok(), "{:?}", report.diagnostics);
    assert_eq!(
        restored.physical_schema(),
        "CREATE TABLE \"alembic_version\" (\"version_num\" TEXT NOT NULL);\n"
    );
}

/// The 08a / 08b transcripts (shared/reference/alembic): branches, then the merge.
#[test]
fn branches_and_merge_as_alembic_runs_them() {
    let (_, h) = fixture_project("branchy");
    let mut engine = Engine::new(EngineOptions {
        dialect: retort_engine::Dialect::Sqlite,
        ..EngineOptions::default()
    });
    let running = |r: &retort_engine::CommandReport| -> Vec<String> {
        r.log.iter().skip(2).cloned().collect()
    };
    let report = engine.upgrade(&h, "bbb222");
    assert!(report.ok());
    let report = engine.upgrade(&h, "ccc333");
    assert_eq!(
        running(&report),
        vec!["INFO  [alembic.runtime.migration] Running upgrade aaa111 -> ccc333, branch two"]
    );
    let mut heads = engine.heads();
    heads.sort();
    assert_eq!(heads, vec!["bbb222", "ccc333"]);
    let report = engine.upgrade(&h, "head");
    assert_eq!(
        running(&report),
        vec!["INFO  [alembic.runtime.migration] Running upgrade bbb222, ccc333 -> ddd444, merge branches"]
    );
    assert_eq!(engine.heads(), vec!["ddd444"]);
    assert_eq!(
        engine.current(&h).output,
        vec!["ddd444 (head) (mergepoint)"]
    );
    let report = engine.downgrade(&h, "-1");
    assert_eq!(report.error.as_deref(), Some("Ambiguous walk"));
    let report = engine.downgrade(&h, "aaa111");
    assert_eq!(
        running(&report),
        vec![
            "INFO  [alembic.runtime.migration] Running downgrade ddd444 -> bbb222, ccc333, merge branches",
            "INFO  [alembic.runtime.migration] Running downgrade bbb222 -> aaa111, branch one",
            "INFO  [alembic.runtime.migration] Running downgrade ccc333 -> aaa111, branch two",
        ]
    );
    assert_eq!(engine.heads(), vec!["aaa111"]);
    assert_eq!(engine.current(&h).output, vec!["aaa111 (branchpoint)"]);
    let report = engine.stamp(&h, &["heads".to_owned()], true);
    assert!(report.ok(), "{report:?}");
    assert_eq!(engine.heads(), vec!["ddd444"]);
}

/// PostgreSQL: a label `ALTER TYPE … ADD VALUE` adds inside a transaction cannot be used
/// before the transaction commits (unless the type is as new as the transaction); Alembic
/// runs one `upgrade` command in one transaction, and `autocommit_block()` commits.
#[test]
fn an_enum_label_added_in_the_transaction_cannot_be_used_before_it_commits() {
    let (p, h) = fixture_project("enum_add_value");
    let mut engine = Engine::new(EngineOptions::default());
    assert!(engine.upgrade(&h, "a1").ok());
    // b2 adds the label and c3 uses it in the same transaction: refused, all rolled back.
    let report = engine.upgrade(&h, "head");
    assert_eq!(
        render(&p, &report.diagnostics),
        vec!["c3.py:14: Error migration-failed: unsafe use of new value \"archived\" of enum type status"]
    );
    assert_eq!(engine.heads(), vec!["a1".to_owned()]);
    // One command per revision: committed in between, the label is usable.
    assert!(engine.upgrade(&h, "b2").ok());
    let report = engine.upgrade(&h, "c3");
    assert!(report.ok(), "{:?}", render(&p, &report.diagnostics));
    // Adding it again fails as PostgreSQL does.
    let mut again = Engine::new(EngineOptions::default());
    assert!(again.upgrade(&h, "b2").ok());
    let report = again.downgrade(&h, "a1");
    assert!(report.ok(), "{:?}", render(&p, &report.diagnostics));
    assert!(again.upgrade(&h, "b2").ok());
}
