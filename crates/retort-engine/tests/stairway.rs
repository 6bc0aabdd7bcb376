//! The stairway over fixture histories (`tests/fixtures/<case>/`): each case's
//! findings and per-revision outcomes, as a snapshot.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{fixture_project, render};
use retort_engine::{stairway, Dialect, EngineOptions, StairwayOptions};

fn run(case: &str, dialect: Dialect, options: &StairwayOptions) -> String {
    let (p, h) = fixture_project(case);
    let engine = EngineOptions {
        dialect,
        ..EngineOptions::default()
    };
    let report = stairway(&h, &engine, options);
    let mut out = String::new();
    for step in &report.steps {
        out.push_str(&format!("{} {:?}\n", step.revision, step.outcome));
    }
    for line in render(&p, &report.diagnostics) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn check(case: &str, dialect: Dialect) {
    let out = run(case, dialect, &StairwayOptions::default());
    insta::assert_snapshot!(format!("{case}_{}", dialect.name()), out);
}

#[test]
fn good_linear() {
    check("good_linear", Dialect::Postgresql);
    check("good_linear", Dialect::Sqlite);
}

#[test]
fn downgrade_leaves_the_index_it_should_drop() {
    check("leaves_index", Dialect::Postgresql);
}

#[test]
fn downgrade_drops_the_wrong_column() {
    check("wrong_column", Dialect::Postgresql);
}

#[test]
fn downgrade_restores_a_column_with_another_type() {
    check("wrong_type", Dialect::Postgresql);
}

/// The same, with the application's type on one side: Retort cannot tell what it
/// compiles to, so the step passes with a note saying so, not a failure.
#[test]
fn a_column_restored_with_an_application_type_is_a_note() {
    check("app_type", Dialect::Postgresql);
}

#[test]
fn downgrade_restores_a_column_with_another_nullability() {
    check("wrong_nullability", Dialect::Postgresql);
}

#[test]
fn downgrade_loses_the_data_of_a_renamed_column() {
    check("renamed_data_lost", Dialect::Postgresql);
}

#[test]
fn downgrade_forgets_to_drop_an_enum_type() {
    check("forgets_enum", Dialect::Postgresql);
    check("drops_enum", Dialect::Postgresql);
    // SQLite has no enum types: nothing to forget.
    check("forgets_enum", Dialect::Sqlite);
}

#[test]
fn irreversible_downgrades() {
    check("irreversible", Dialect::Postgresql);
    let allowed = run(
        "irreversible",
        Dialect::Postgresql,
        &StairwayOptions {
            allow_irreversible: true,
            ..StairwayOptions::default()
        },
    );
    insta::assert_snapshot!("irreversible_allowed", allowed);
}

#[test]
fn branches_and_merges() {
    check("branches", Dialect::Postgresql);
    check("branches_wrong", Dialect::Postgresql);
}

#[test]
fn from_a_revision() {
    let out = run(
        "branches_wrong",
        Dialect::Postgresql,
        &StairwayOptions {
            from: Some("merge4".to_owned()),
            ..StairwayOptions::default()
        },
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_failing_upgrade_stops_the_stairway() {
    check("data_not_null", Dialect::Postgresql);
    check("data_not_null", Dialect::Sqlite);
}

#[test]
fn data_the_upgrade_destroys_is_a_warning() {
    check("dropped_data", Dialect::Postgresql);
}

#[test]
fn raw_sql_composite_keys_and_schemas() {
    check("raw_sql", Dialect::Postgresql);
}

#[test]
fn numeric_scale_lost_by_the_upgrade() {
    check("numeric_scale", Dialect::Postgresql);
    // SQLite keeps every digit whatever the declared scale.
    check("numeric_scale", Dialect::Sqlite);
}

#[test]
fn enum_label_added_and_removed_by_rebuilding_the_type() {
    check("enum_add_value", Dialect::Postgresql);
}

#[test]
fn enum_label_left_behind_by_the_downgrade() {
    check("enum_add_value_kept", Dialect::Postgresql);
}

#[test]
fn names_that_need_quoting() {
    check("quoted_names", Dialect::Postgresql);
    check("quoted_names", Dialect::Sqlite);
}

#[test]
fn an_upgrade_that_only_reads_needs_no_downgrade() {
    check("read_only_upgrade", Dialect::Postgresql);
}

#[test]
fn uuids_generated_by_the_database_row_by_row() {
    // The same UUIDs on the second upgrade: the round trip passes.
    check("uuid_backfill", Dialect::Postgresql);
    // Keys replaced by UUIDs, numbered again from a sequence by the downgrade: the
    // original integers are data the upgrade destroyed.
    check("uuid_keys", Dialect::Postgresql);
}

#[test]
fn types_compared_as_the_database_holds_them() {
    check("sqlmodel_types", Dialect::Postgresql);
}

#[test]
fn unnamed_keys_compared_under_the_names_the_database_gives_them() {
    check("default_names", Dialect::Postgresql);
}

#[test]
fn a_downgrade_that_does_nothing_after_steps_the_engine_cannot_follow_is_a_warning() {
    check("opaque_upgrade", Dialect::Postgresql);
}

#[test]
fn keys_keep_the_names_the_database_gave_them() {
    // MySQL numbers unnamed foreign keys when they are made; files_ibfk_2 stays.
    check("mysql_key_names", Dialect::Mysql);
}
