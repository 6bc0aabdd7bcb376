//! The console lines that need the engine worker: `upgrade` / `downgrade` /
//! `stamp` / `current` against the in-tab database (`retort-engine`), their
//! `--sql` forms (offline SQL) and `check` (the models).
//!
//! Alembic's texts come from the crates: the engine's log lines and `FAILED:`
//! messages ([`CommandReport`]), the graph's `current`, the SQL renderer's script,
//! the model check's output. What went wrong in a migration is the engine's
//! diagnostic at its op, printed as the `retort` CLI prints it.

use retort_analysis::graph;
use retort_analysis::render_diagnostic;
use retort_analysis::SqlCommand;
use retort_engine::{CommandReport, Engine};
use retort_ir::Diagnostic;

use super::{drift, sql, Loaded};
use crate::command_line::CommandLine;
use crate::console_output::{fail, Output};
use crate::protocol::{ConsoleResult, SqlQuery};

/// Runs one line; the result, and whether the database changed.
pub fn run(id: u64, line: &str, loaded: &Loaded, engine: &mut Engine) -> (ConsoleResult, bool) {
    let mut out = Output::echo(line);
    let parsed = CommandLine::parse(line);
    let command = parsed.command.as_deref().unwrap_or_default();
    let options = &parsed.options;
    if !options.unknown.is_empty() {
        out.note(&format!(
            "alembic {command}: unrecognized arguments: {}",
            options.unknown.join(" ")
        ));
        return (out.result(id), false);
    }
    if let Some(failed) = loaded.project.alembic_refusal() {
        out.stdout(&failed);
        return (out.result(id), false);
    }
    let history = &loaded.history;
    let mut changed = false;
    match command {
        "upgrade" | "downgrade" => {
            let [target] = options.positional.as_slice() else {
                out.note(&format!("usage: alembic {command} TARGET [--sql]"));
                return (out.result(id), false);
            };
            if options.sql {
                offline_sql(command, target, loaded, &mut out);
            } else {
                let report = if command == "upgrade" {
                    engine.upgrade(history, target)
                } else {
                    engine.downgrade(history, target)
                };
                print(&report, loaded, &mut out);
                out.rows = Some(engine.heads());
                changed = true;
            }
        }
        "stamp" => {
            if options.positional.is_empty() {
                out.note("usage: alembic stamp REVISION... [--purge]");
            } else if options.sql {
                out.note("alembic stamp --sql: Retort renders the offline SQL of upgrade and downgrade only.");
            } else {
                let report = engine.stamp(history, &options.positional, options.purge);
                print(&report, loaded, &mut out);
                out.rows = Some(engine.heads());
                changed = true;
            }
        }
        "current" => {
            for line in engine.dialect().context_lines() {
                out.stderr(line);
            }
            let heads = engine.heads();
            match graph::current(
                history.graph(),
                &heads,
                options.verbose,
                options.check_heads,
            ) {
                Ok(text) => {
                    if options.verbose {
                        let url = loaded
                            .project
                            .layout
                            .sqlalchemy_url
                            .as_deref()
                            .unwrap_or("the in-tab database");
                        out.stdout(&format!("Current revision(s) for {url}:"));
                    }
                    out.stdout(&text);
                }
                Err(e) => fail(&e, true, &mut out),
            }
            out.rows = Some(heads);
        }
        "check" => {
            let view = drift::view(id, loaded);
            out.stderr(&view.stderr);
            out.stdout(&view.stdout);
            out.stdout(&view.diff);
            if let Some(note) = view.note.as_deref().filter(|_| view.has_models()) {
                out.note(note);
            }
        }
        other => out.note(&format!(
            "alembic {other}: the engine worker runs upgrade, downgrade, stamp, current and check"
        )),
    }
    (out.result(id), changed)
}

/// `alembic upgrade|downgrade TARGET --sql`: the SQL panel's text.
fn offline_sql(command: &str, target: &str, loaded: &Loaded, out: &mut Output) {
    let query = SqlQuery {
        command: if command == "upgrade" {
            SqlCommand::Upgrade
        } else {
            SqlCommand::Downgrade
        },
        from: String::new(),
        to: target.to_owned(),
    };
    let (view, diagnostics) = sql::render(0, loaded, &query);
    out.stderr(&view.stderr);
    out.stdout(&view.stdout);
    for d in &diagnostics {
        out.stderr(&render(d, loaded));
    }
}

/// A command's report as the `retort` CLI prints it: the log, the engine's
/// diagnostics, the output, `FAILED:`.
fn print(report: &CommandReport, loaded: &Loaded, out: &mut Output) {
    for line in &report.log {
        out.stderr(line);
    }
    for d in &report.diagnostics {
        out.stderr(&render(d, loaded));
    }
    for line in &report.output {
        out.stdout(line);
    }
    if let Some(error) = &report.error {
        out.stdout(&format!("FAILED: {error}"));
    }
}

fn render(d: &Diagnostic, loaded: &Loaded) -> String {
    render_diagnostic(d, &loaded.project.files)
}
