//! The SQL panel and `alembic upgrade|downgrade … --sql`: what the `retort` CLI
//! prints for the same range and dialect (`Project::offline_sql`).

use retort_ir::{Diagnostic, Severity};

use super::Loaded;
use crate::protocol::{SqlQuery, SqlView};

/// `alembic <verb> <range> --sql` for the workspace's dialect. `stdout` is what
/// `retort <verb> <range> --sql --dialect D` writes on standard output.
pub fn view(id: u64, loaded: &Loaded, query: &SqlQuery) -> SqlView {
    render(id, loaded, query).0
}

/// [`view`], and the diagnostics its problems come from.
pub fn render(id: u64, loaded: &Loaded, query: &SqlQuery) -> (SqlView, Vec<Diagnostic>) {
    let revision = query.revision();
    let mut view = SqlView {
        id,
        seq: loaded.seq,
        dialect: loaded.dialect.clone(),
        command: format!("alembic {} {revision} --sql", query.verb()),
        stdout: String::new(),
        stderr: String::new(),
        problems: Vec::new(),
        failed: false,
    };
    let mut diagnostics = Vec::new();
    let project = &loaded.project;
    match project.offline_sql(query.command, &revision, &loaded.dialect) {
        Ok(script) => {
            view.failed = script
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error);
            view.problems = script
                .diagnostics
                .iter()
                .map(|d| loaded.problem(d))
                .collect();
            view.stdout = script.stdout;
            view.stderr = script.stderr;
            diagnostics = script.diagnostics;
        }
        Err(e) => {
            view.failed = true;
            view.stderr = e.stderr;
            view.stdout = e.error.partial_stdout.clone();
            if e.error.is_crash() {
                view.stderr.push_str(&format!(
                    "Alembic would crash here with: {}\n",
                    e.error.alembic_line()
                ));
            } else {
                view.stdout
                    .push_str(&format!("{}\n", e.error.alembic_line()));
            }
        }
    }
    (view, diagnostics)
}
