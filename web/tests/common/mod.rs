//! Helpers of the worker tests.
#![allow(dead_code)]

use retort_web::protocol::{ConsoleResult, Stream};

/// What a console result printed on `stream`, one line each.
pub fn printed(result: &ConsoleResult, stream: Stream) -> String {
    result
        .lines
        .iter()
        .filter(|l| l.stream == stream)
        .map(|l| format!("{}\n", l.text))
        .collect()
}

/// A workspace whose `alembic.ini` names a `script_location` that does not exist
/// (the `no_script_location` fixture project).
pub fn no_script_location() -> retort_web::protocol::Workspace {
    retort_web::protocol::Workspace {
        files: vec![retort_web::protocol::WorkspaceFile::new(
            "alembic.ini",
            include_str!("../../../tests/fixtures/projects/no_script_location/alembic.ini"),
        )],
        ..Default::default()
    }
}

/// What real Alembic printed on stdout for `command` on the `no_script_location`
/// fixture project (tests/oracle/regen.sh).
pub fn refused_golden(command: &str) -> &'static str {
    match command {
        "history" => include_str!("../../../tests/goldens/no_script_location/history.stdout"),
        "heads" => include_str!("../../../tests/goldens/no_script_location/heads.stdout"),
        "branches" => include_str!("../../../tests/goldens/no_script_location/branches.stdout"),
        "show head" => include_str!("../../../tests/goldens/no_script_location/show_head.stdout"),
        "current" => include_str!("../../../tests/goldens/no_script_location/current.stdout"),
        "upgrade head" => {
            include_str!("../../../tests/goldens/no_script_location/upgrade_head.stdout")
        }
        "upgrade head --sql" => {
            include_str!("../../../tests/goldens/no_script_location/upgrade_head_--sql.stdout")
        }
        other => panic!("no golden for `{other}`"),
    }
}
