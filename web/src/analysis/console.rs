//! The console's graph commands: `alembic history`, `heads`, `branches`, `show`
//! run against the last analysed project, with the in-tab database's
//! `alembic_version` rows for `--indicate-current` and `current` ranges. What
//! needs the database itself, offline SQL or the models runs in the engine
//! worker (`crate::engine::console`); the page routes each line
//! ([`CommandLine::runs_in_engine`]).
//!
//! Every text Alembic would print comes from `retort-graph` (history, heads,
//! branches, show, errors worded as Alembic words them). What Retort adds is
//! marked [`Stream::Note`], never passed off as Alembic's.

use retort_analysis::graph::{self, GraphError, HistoryOptions};
use retort_analysis::Project;

use crate::command_line::CommandLine;
use crate::console_output::{fail, Output};
use crate::protocol::ConsoleResult;

const LOGGER: &str = "INFO  [alembic.runtime.migration]";

const HELP: &[&str] = &[
    "Commands (run against the workspace and the in-tab database):",
    "  alembic history [-v] [-i] [-r RANGE]   alembic heads [-v] [--resolve-dependencies]",
    "  alembic branches [-v]                  alembic show REV",
    "  alembic current [-v] [--check-heads]   alembic check",
    "  alembic upgrade TARGET [--sql]         alembic downgrade TARGET [--sql]",
    "  alembic stamp REV... [--purge]",
    "  clear                                  help",
    "The `alembic` prefix is optional. ↑/↓ recall earlier lines.",
];

/// Runs one console line.
pub fn run(
    id: u64,
    line: &str,
    project: Option<&Project>,
    dialect: &str,
    rows: &[String],
) -> ConsoleResult {
    let mut out = Output::echo(line);
    let parsed = CommandLine::parse(line);
    match parsed.command.as_deref() {
        None if parsed.words.is_empty() => out.lines.clear(),
        None => out.note("usage: alembic COMMAND …; `help` lists the commands"),
        Some("clear") => {
            out.lines.clear();
            out.clear = true;
        }
        Some("help" | "--help" | "-h") => HELP.iter().for_each(|l| out.note(l)),
        Some(_) if parsed.runs_in_engine() => {
            out.note("This command runs in the engine worker; the page sends it there.");
        }
        Some(command) => match project {
            None => out.note("The workspace has not been analysed yet; try again in a moment."),
            Some(project) => {
                let context = Context {
                    project,
                    dialect,
                    rows,
                };
                context.command(command, &parsed, &mut out);
            }
        },
    }
    out.result(id)
}

struct Context<'a> {
    project: &'a Project,
    dialect: &'a str,
    rows: &'a [String],
}

impl Context<'_> {
    fn command(&self, command: &str, parsed: &CommandLine, out: &mut Output) {
        let options = &parsed.options;
        if !options.unknown.is_empty() {
            out.note(&format!(
                "alembic {command}: unrecognized arguments: {}",
                options.unknown.join(" ")
            ));
            return;
        }
        let reads_scripts = matches!(command, "history" | "heads" | "branches" | "show");
        if let Some(failed) = self.project.alembic_refusal().filter(|_| reads_scripts) {
            out.stdout(&failed);
            return;
        }
        let graph = &self.project.graph;
        match command {
            "history" => {
                let history = HistoryOptions {
                    rev_range: options.rev_range.clone(),
                    verbose: options.verbose,
                    indicate_current: options.indicate_current,
                };
                let runs_env = options.indicate_current
                    || options
                        .rev_range
                        .as_deref()
                        .is_some_and(|r| r.split(':').any(|p| p.trim() == "current"));
                if runs_env {
                    self.connect(out);
                }
                self.print(graph::history(graph, &history, self.rows), runs_env, out);
            }
            "heads" => self.print(
                graph::heads(graph, options.verbose, options.resolve_dependencies),
                false,
                out,
            ),
            "branches" => self.print(graph::branches(graph, options.verbose), false, out),
            "show" => {
                let [rev] = options.positional.as_slice() else {
                    out.note("usage: alembic show REV");
                    return;
                };
                let runs_env = rev == "current";
                if runs_env {
                    self.connect(out);
                }
                self.print(graph::show(graph, rev, self.rows), runs_env, out);
            }
            "revision" | "merge" | "init" | "edit" | "ensure_version" | "list_templates" => {
                out.note(&format!(
                    "alembic {command}: the console does not run it. The Models panel's \"Create revision\" writes the revision `alembic revision --autogenerate` would."
                ));
            }
            other => out.note(&format!(
                "alembic: unknown command `{other}`; `help` lists the commands the console runs"
            )),
        }
    }

    /// The log lines of connecting to the database (`env.py` running online).
    fn connect(&self, out: &mut Output) {
        let (implementation, transactional) = match self.dialect {
            "postgresql" => ("PostgresqlImpl", true),
            "mysql" => ("MySQLImpl", false),
            _ => ("SQLiteImpl", false),
        };
        out.stderr(&format!("{LOGGER} Context impl {implementation}."));
        out.stderr(&format!(
            "{LOGGER} Will assume {}transactional DDL.",
            if transactional { "" } else { "non-" }
        ));
    }

    fn print(&self, result: Result<String, GraphError>, ran_env: bool, out: &mut Output) {
        match result {
            Ok(text) => out.stdout(&text),
            Err(e) => fail(&e, ran_env, out),
        }
    }
}
