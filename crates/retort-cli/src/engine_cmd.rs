//! `upgrade`, `downgrade`, `current`, `stamp` and `roundtrip`: the migrations run in the
//! in-memory engine.
//!
//! The CLI keeps no database between invocations by itself: each command starts from
//! an empty database at base, unless `--db FILE` names a snapshot file, which is read
//! first (when it exists) and written back after the command.

use std::io::Write;
use std::path::Path;

use clap::{Args, ValueEnum};
use retort_analysis::Project;
use retort_engine::{
    stairway, CommandReport, Dialect, Engine, EngineOptions, History, Snapshot, StairwayOptions,
};
use retort_ir::{Diagnostic, LineIndex, Severity};

/// The database the engine imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    /// PostgreSQL.
    Postgresql,
    /// SQLite.
    Sqlite,
    /// MySQL.
    Mysql,
}

impl DialectArg {
    /// SQLAlchemy's name for the dialect.
    pub fn name(self) -> &'static str {
        match self {
            DialectArg::Postgresql => "postgresql",
            DialectArg::Sqlite => "sqlite",
            DialectArg::Mysql => "mysql",
        }
    }
}

impl From<DialectArg> for Dialect {
    fn from(d: DialectArg) -> Self {
        match d {
            DialectArg::Postgresql => Dialect::Postgresql,
            DialectArg::Sqlite => Dialect::Sqlite,
            DialectArg::Mysql => Dialect::Mysql,
        }
    }
}

/// Options shared by the engine commands.
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// A database snapshot file (JSON): read before the command when it exists, written
    /// after it. Without it, each command starts from an empty database.
    #[arg(long)]
    pub db: Option<String>,
    /// The database the engine imitates (default: the dialect of `sqlalchemy.url`
    /// when it is one of these, else postgresql).
    #[arg(long, value_enum)]
    pub dialect: Option<DialectArg>,
    /// Sample rows per table before each upgrade step.
    #[arg(long, default_value_t = 3)]
    pub rows: usize,
    /// Print the physical schema (GlueSQL's tables, the engine's constraints, the rows)
    /// after the command.
    #[arg(long)]
    pub show_schema: bool,
}

/// Output formats of `roundtrip`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Findings as `path:line:col: severity[code] message`, then a summary.
    Text,
    /// One JSON document.
    Json,
}

/// What an engine command is asked.
#[derive(Debug)]
pub enum EngineCommand {
    /// `upgrade TARGET`.
    Upgrade(String),
    /// `downgrade TARGET`.
    Downgrade(String),
    /// `current`.
    Current,
    /// `stamp REV… [--purge]`.
    Stamp(Vec<String>, bool),
}

fn options(args: &EngineArgs, project: &Project) -> EngineOptions {
    let dialect = match args.dialect {
        Some(d) => d.into(),
        None => Dialect::from_name(&project.default_dialect()).unwrap_or(Dialect::Postgresql),
    };
    EngineOptions {
        dialect,
        rows_per_table: args.rows,
        ..EngineOptions::default()
    }
}

/// The engine for a command: from the `--db` file when it exists.
fn open(
    args: &EngineArgs,
    project: &Project,
    cwd: &Path,
    stderr: &mut dyn Write,
) -> Option<Engine> {
    let Some(db) = &args.db else {
        return Some(Engine::new(options(args, project)));
    };
    let path = cwd.join(db);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Some(Engine::new(options(args, project)));
    };
    let restored = serde_json::from_str::<Snapshot>(&text)
        .map_err(|e| e.to_string())
        .and_then(Engine::restore);
    match restored {
        Ok(engine) => Some(engine),
        Err(e) => {
            let _ = writeln!(stderr, "retort: cannot read the database file {db}: {e}");
            None
        }
    }
}

fn save(engine: &Engine, args: &EngineArgs, cwd: &Path, stderr: &mut dyn Write) -> bool {
    let Some(db) = &args.db else { return true };
    let json = match serde_json::to_string(&engine.snapshot()) {
        Ok(j) => j,
        Err(e) => {
            let _ = writeln!(stderr, "retort: cannot write the database file {db}: {e}");
            return false;
        }
    };
    if let Err(e) = std::fs::write(cwd.join(db), json) {
        let _ = writeln!(stderr, "retort: cannot write the database file {db}: {e}");
        return false;
    }
    true
}

fn render(d: &Diagnostic, project: &Project) -> String {
    retort_analysis::render_diagnostic(d, &project.files)
}

/// Runs an engine command; returns the exit code: 0, 1 when a migration failed, 255
/// for what Alembic reports as `FAILED:` (a bad target).
pub fn run_command(
    command: EngineCommand,
    args: &EngineArgs,
    project: &Project,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let history = History::new(&project.revisions, project.graph.clone());
    let Some(mut engine) = open(args, project, cwd, stderr) else {
        return 1;
    };
    let report: CommandReport = match &command {
        EngineCommand::Upgrade(target) => engine.upgrade(&history, target),
        EngineCommand::Downgrade(target) => engine.downgrade(&history, target),
        EngineCommand::Current => engine.current(&history),
        EngineCommand::Stamp(targets, purge) => engine.stamp(&history, targets, *purge),
    };
    for line in &report.log {
        let _ = writeln!(stderr, "{line}");
    }
    for d in &report.diagnostics {
        let _ = writeln!(stderr, "{}", render(d, project));
    }
    for line in &report.output {
        let _ = writeln!(stdout, "{line}");
    }
    if let Some(error) = &report.error {
        let _ = writeln!(stderr, "FAILED: {error}");
    }
    if args.show_schema {
        let _ = write!(stdout, "{}", engine.physical_schema());
    }
    let migration_failed = report
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    let saved = !matches!(command, EngineCommand::Current) && save(&engine, args, cwd, stderr);
    match (&report.error, migration_failed) {
        (_, true) => 1,
        (Some(_), false) => 255,
        (None, false)
            if saved || matches!(command, EngineCommand::Current) || args.db.is_none() =>
        {
            0
        }
        _ => 1,
    }
}

/// `retort roundtrip`: the stairway; exit code 1 when a revision fails.
#[allow(clippy::too_many_arguments)]
pub fn run_roundtrip(
    args: &EngineArgs,
    from: Option<String>,
    allow_irreversible: bool,
    format: Format,
    project: &Project,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let history = History::new(&project.revisions, project.graph.clone());
    let report = stairway(
        &history,
        &options(args, project),
        &StairwayOptions {
            from,
            allow_irreversible,
        },
    );
    match format {
        Format::Text => {
            for d in &report.diagnostics {
                let _ = writeln!(stdout, "{}", render(d, project));
            }
            let _ = writeln!(stdout, "{}", report.summary());
        }
        Format::Json => {
            let findings: Vec<serde_json::Value> = report
                .diagnostics
                .iter()
                .map(|d| {
                    let (line, column) = match (&d.path, d.range) {
                        (Some(path), Some(range)) => {
                            let text = project.source_of(path).unwrap_or("");
                            let lc = LineIndex::new(text).line_col(text, range.start);
                            (Some(lc.line), Some(lc.column))
                        }
                        _ => (None, None),
                    };
                    serde_json::json!({
                        "code": d.code,
                        "severity": d.severity,
                        "message": d.message,
                        "path": d.path,
                        "line": line,
                        "column": column,
                        "help": d.help,
                    })
                })
                .collect();
            let json = serde_json::json!({
                "steps": report.steps,
                "findings": findings,
            });
            let _ = writeln!(
                stdout,
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
    }
    let _ = stderr;
    if report.ok() {
        0
    } else {
        1
    }
}
