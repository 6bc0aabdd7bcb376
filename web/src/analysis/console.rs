//! The console: `alembic …` command lines run against the last analysed project
//! and the in-tab database, which for now is only its `alembic_version` rows.
//!
//! Every text Alembic would print comes from `retort-graph` (history, heads,
//! branches, show, current, the walks' `Running upgrade …` lines, errors worded as
//! Alembic words them). What Retort adds is marked [`Stream::Note`], never passed
//! off as Alembic's.

use retort_analysis::graph::{self, GraphError, GraphErrorKind, HistoryOptions, Walk};
use retort_analysis::Project;

use crate::protocol::{ConsoleLine, ConsoleResult, Stream};

const LOGGER: &str = "INFO  [alembic.runtime.migration]";

/// What the console says where the SQL renderer would be needed.
pub const SQL_NOT_AVAILABLE: &str =
    "--sql: not available yet. Offline SQL (retort-sql) has not landed in this build, so no SQL is shown rather than invented SQL.";

/// What the console says after a walk, while there is no engine.
pub const DDL_NOT_EXECUTED: &str =
    "DDL not executed: the in-tab SQL engine (retort-engine) is not available yet. Only the alembic_version rows were updated";

const HELP: &[&str] = &[
    "Commands (run against the workspace and the in-tab alembic_version rows):",
    "  alembic history [-v] [-i] [-r RANGE]   alembic heads [-v] [--resolve-dependencies]",
    "  alembic branches [-v]                  alembic show REV",
    "  alembic current [-v] [--check-heads]",
    "  alembic upgrade TARGET [--sql]         alembic downgrade TARGET [--sql]",
    "  alembic stamp REV... [--purge] [--sql]",
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
    let mut out = Output {
        lines: vec![ConsoleLine::new(
            Stream::Input,
            format!("$ {}", line.trim()),
        )],
        rows: None,
        clear: false,
    };
    let words = split_words(line);
    let mut args: &[String] = &words;
    if args.first().map(String::as_str) == Some("alembic") {
        args = &args[1..];
    }
    match args.first().map(String::as_str) {
        None if words.is_empty() => out.lines.clear(),
        None => out.note("usage: alembic COMMAND …; `help` lists the commands"),
        Some("clear") => {
            out.lines.clear();
            out.clear = true;
        }
        Some("help" | "--help" | "-h") => HELP.iter().for_each(|l| out.note(l)),
        Some(command) => match project {
            None => out.note("The workspace has not been analysed yet; try again in a moment."),
            Some(project) => {
                let context = Context {
                    project,
                    dialect,
                    rows,
                };
                context.command(command, &args[1..], &mut out);
            }
        },
    }
    ConsoleResult {
        id,
        lines: out.lines,
        version_rows: out.rows,
        clear: out.clear,
    }
}

struct Output {
    lines: Vec<ConsoleLine>,
    rows: Option<Vec<String>>,
    clear: bool,
}

impl Output {
    fn push(&mut self, stream: Stream, text: &str) {
        // Alembic's texts end with a newline; the console shows lines.
        for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
            self.lines.push(ConsoleLine::new(stream, line));
        }
    }

    fn stdout(&mut self, text: &str) {
        if !text.is_empty() {
            self.push(Stream::Stdout, text);
        }
    }

    fn stderr(&mut self, text: &str) {
        self.push(Stream::Stderr, text);
    }

    fn note(&mut self, text: &str) {
        self.push(Stream::Note, text);
    }
}

/// The parsed options of one command.
#[derive(Default)]
struct Options {
    verbose: bool,
    sql: bool,
    purge: bool,
    indicate_current: bool,
    resolve_dependencies: bool,
    check_heads: bool,
    rev_range: Option<String>,
    positional: Vec<String>,
    unknown: Vec<String>,
}

fn parse_options(args: &[String]) -> Options {
    let mut options = Options::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "-v" | "--verbose" => options.verbose = true,
            "--sql" => options.sql = true,
            "--purge" => options.purge = true,
            "-i" | "--indicate-current" => options.indicate_current = true,
            "--resolve-dependencies" => options.resolve_dependencies = true,
            "--check-heads" => options.check_heads = true,
            "-r" | "--rev-range" => options.rev_range = iter.next().cloned(),
            other => {
                if let Some(range) = other
                    .strip_prefix("--rev-range=")
                    .or_else(|| other.strip_prefix("-r"))
                {
                    options.rev_range = Some(range.to_owned());
                } else if other.starts_with("--")
                    || (other.starts_with('-')
                        && !other[1..].starts_with(|c: char| c.is_ascii_digit()))
                {
                    options.unknown.push(other.to_owned());
                } else {
                    options.positional.push(other.to_owned());
                }
            }
        }
    }
    options
}

struct Context<'a> {
    project: &'a Project,
    dialect: &'a str,
    rows: &'a [String],
}

impl Context<'_> {
    fn command(&self, command: &str, args: &[String], out: &mut Output) {
        let options = parse_options(args);
        if !options.unknown.is_empty() {
            out.note(&format!(
                "alembic {command}: unrecognized arguments: {}",
                options.unknown.join(" ")
            ));
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
            "current" => {
                self.connect(out);
                let result = graph::current(graph, self.rows, options.verbose, options.check_heads);
                if options.verbose && result.is_ok() {
                    let url = self
                        .project
                        .layout
                        .sqlalchemy_url
                        .as_deref()
                        .unwrap_or("the in-tab database");
                    out.stdout(&format!("Current revision(s) for {url}:"));
                }
                self.print(result, true, out);
            }
            "upgrade" | "downgrade" => {
                let [target] = options.positional.as_slice() else {
                    out.note(&format!("usage: alembic {command} TARGET [--sql]"));
                    return;
                };
                if options.sql {
                    out.note(SQL_NOT_AVAILABLE);
                    return;
                }
                self.connect(out);
                let walk = if command == "upgrade" {
                    graph::upgrade_command(graph, self.rows, target, false)
                } else {
                    graph::downgrade_command(graph, self.rows, target, false)
                };
                self.walked(walk, out);
            }
            "stamp" => {
                if options.positional.is_empty() {
                    out.note("usage: alembic stamp REVISION... [--purge] [--sql]");
                    return;
                }
                if options.sql {
                    out.note(SQL_NOT_AVAILABLE);
                    return;
                }
                self.connect(out);
                let walk = graph::stamp_command(
                    graph,
                    self.rows,
                    &options.positional,
                    false,
                    options.purge,
                );
                self.walked(walk, out);
            }
            "check" | "revision" | "merge" | "init" | "edit" | "ensure_version"
            | "list_templates" => {
                out.note(&format!(
                    "alembic {command}: not available yet in the console."
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

    fn walked(&self, walk: Result<Walk, GraphError>, out: &mut Output) {
        match walk {
            Ok(walk) => {
                for warning in &walk.warnings {
                    out.stderr(&format!("UserWarning: {warning}"));
                }
                for step in &walk.steps {
                    out.stderr(&format!("{LOGGER} {}", step.running_message()));
                }
                let rows = if walk.heads_after.is_empty() {
                    "(none)".to_owned()
                } else {
                    walk.heads_after.join(", ")
                };
                out.note(&format!("{DDL_NOT_EXECUTED}; alembic_version: {rows}."));
                out.rows = Some(walk.heads_after);
            }
            Err(e) => fail(&e, true, out),
        }
    }
}

/// How Alembic ends on an error: `FAILED:` (after an `ERROR` log line when env.py
/// ran), or a traceback whose last line is the exception.
fn fail(error: &GraphError, ran_env: bool, out: &mut Output) {
    out.stdout(&error.partial_stdout);
    match error.kind {
        GraphErrorKind::Failed => {
            if ran_env {
                out.stderr(&format!(
                    "ERROR [alembic.util.messaging] {}",
                    error.message()
                ));
            }
            out.stdout(&error.alembic_line());
        }
        GraphErrorKind::Crashed { .. } => {
            out.note("Alembic stops here with a traceback; its last line:");
            out.stderr(&error.alembic_line());
        }
    }
}

/// Words of a command line, with `'…'` and `"…"` quoting as a shell does.
fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}
