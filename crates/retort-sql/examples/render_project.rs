//! Renders `upgrade …` / `downgrade … --sql` for a linear fixture project, as the
//! benchmark runs it until `retort upgrade --sql` is wired into the CLI:
//!
//! ```sh
//! cargo run --release -p retort-sql --example render_project -- <project> upgrade head --sql
//! ```
//!
//! Reads the project like the golden tests (alembic.ini's `sqlalchemy.url` picks the
//! dialect), writes the SQL to stdout and Alembic's log lines and any diagnostic to
//! stderr.

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use retort_sql::{dialect_for_name, render_migration};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((dir, command)) = args.split_first() else {
        eprintln!("usage: render_project <project> upgrade|downgrade <range> --sql");
        return ExitCode::from(2);
    };
    let dir = Path::new(dir);
    let started = std::time::Instant::now();
    let project = common::load_project(dir);
    let loaded = started.elapsed();
    let dialect_name = project
        .layout
        .url_dialect()
        .unwrap_or_else(|| "default".to_owned());
    let Some(dialect) = dialect_for_name(&dialect_name) else {
        eprintln!("unknown dialect {dialect_name}");
        return ExitCode::from(2);
    };
    let command = command.join(" ");
    let Some((plan, catalog)) = common::plan(&project.revisions, &command, &dialect_name) else {
        eprintln!("cannot plan `{command}` (linear histories only)");
        return ExitCode::from(2);
    };
    let options = common::options_from_env(
        &std::fs::read_to_string(dir.join("migrations/env.py")).unwrap_or_default(),
    );
    let planned = started.elapsed();
    let script = render_migration(dialect, &plan, &catalog, &options);
    if std::env::var_os("RENDER_TIMINGS").is_some() {
        eprintln!(
            "load+parse {loaded:?}, plan {:?}, render {:?}",
            planned - loaded,
            started.elapsed() - planned
        );
    }
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(script.stdout.as_bytes());
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(script.stderr.as_bytes());
    for d in &script.diagnostics {
        let _ = writeln!(
            err,
            "{}: [{}] {}",
            d.path.as_deref().unwrap_or("?"),
            d.code,
            d.message
        );
    }
    ExitCode::SUCCESS
}
