//! `retort`: Alembic's graph commands, byte-identical, plus static inspection.
//!
//! The binary is a thin `main` over [`run`], which tests call in-process.

mod engine_cmd;
mod load;

use std::io::Write;
use std::path::Path;

use clap::{Args, Parser, Subcommand};
use retort_analysis::{LoadOptions, Project, SourceFile};
use retort_ir::{Diagnostic, LineIndex};

use crate::engine_cmd::{EngineArgs, EngineCommand, Format};
use crate::load::{load_dir, load_file, Loaded};

/// Static analysis and a playground for Alembic migrations.
#[derive(Debug, Parser)]
#[command(name = "retort", version, about)]
struct Cli {
    #[command(flatten)]
    location: Location,
    #[command(subcommand)]
    command: Command,
}

/// Where the project is.
#[derive(Debug, Args)]
struct Location {
    /// The alembic.ini to read (default: ./alembic.ini, else pyproject.toml, else the folder).
    #[arg(short = 'c', long = "config", global = true)]
    config: Option<String>,
    /// A project root (with alembic.ini or pyproject.toml) or a folder of revision files.
    #[arg(long = "dir", global = true)]
    dir: Option<String>,
    /// A versions directory; repeat for several. Replaces the configured locations.
    #[arg(long = "versions", global = true)]
    versions: Vec<String>,
    /// Look for revision files in sub-directories of the versions directories too.
    #[arg(long, global = true)]
    recursive: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the extracted IR (ops with ranges, opaque steps, diagnostics) as JSON.
    Inspect {
        /// Revision files to read on their own (default: the project's revisions).
        files: Vec<String>,
    },
    /// Upgrade to a later version, running the migrations in the in-memory engine.
    Upgrade {
        /// The target: `head`, `heads`, a revision, `+N`, `label@head`.
        #[arg(allow_hyphen_values = true)]
        revision: String,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Revert to a previous version, running the migrations in the in-memory engine.
    Downgrade {
        /// The target: `base`, a revision, `-N`.
        #[arg(allow_hyphen_values = true)]
        revision: String,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Display the current revision(s) of the engine's database.
    Current {
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// Set the version table to revision(s) without running any migration.
    Stamp {
        /// The revisions (`head`, `base`, ids).
        #[arg(required = true)]
        revisions: Vec<String>,
        /// Delete every version row first.
        #[arg(long)]
        purge: bool,
        #[command(flatten)]
        engine: EngineArgs,
    },
    /// The stairway: every revision up, down and up again, the database compared each time.
    Roundtrip {
        /// Round-trip only this revision and those after it.
        #[arg(long)]
        from: Option<String>,
        /// Report downgrades that do nothing as info, not errors.
        #[arg(long)]
        allow_irreversible: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        #[command(flatten)]
        engine: EngineArgs,
    },
}

/// Runs `retort` with `args` (program name first) in the directory `cwd`, writing what the
/// command prints; returns the exit code.
pub fn run(args: &[String], cwd: &Path, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            let _ = if e.use_stderr() {
                write!(stderr, "{text}")
            } else {
                write!(stdout, "{text}")
            };
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    execute(cli, cwd, stdout, stderr)
}

/// Reads the project the options point at.
fn load_project(location: &Location, cwd: &Path, stderr: &mut dyn Write) -> Project {
    let mut loaded = Loaded::default();
    let mut options = LoadOptions {
        config: None,
        versions: location.versions.clone(),
        recursive: location.recursive,
    };
    match (&location.dir, &location.config) {
        (Some(dir), _) => load_dir(&cwd.join(dir), dir, &mut loaded),
        (None, Some(config)) => {
            load_dir(cwd, "", &mut loaded);
            let normalized = retort_analysis::workspace::normalize_path(config);
            if !loaded.files.iter().any(|f| f.path == normalized) {
                load_file(&cwd.join(config), &normalized, &mut loaded);
            }
            options.config = Some(normalized);
        }
        (None, None) => load_dir(cwd, "", &mut loaded),
    }
    for note in &loaded.notes {
        let _ = writeln!(stderr, "retort: {note}");
    }
    Project::load(loaded.files, &options)
}

fn execute(cli: Cli, cwd: &Path, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    let (command, engine) = match cli.command {
        Command::Inspect { files } => return inspect(&cli.location, &files, cwd, stdout, stderr),
        Command::Roundtrip {
            from,
            allow_irreversible,
            format,
            engine,
        } => {
            let project = load_project(&cli.location, cwd, stderr);
            print_diagnostics(&project, stderr);
            return engine_cmd::run_roundtrip(
                &engine,
                from,
                allow_irreversible,
                format,
                &project,
                stdout,
                stderr,
            );
        }
        Command::Upgrade { revision, engine } => (EngineCommand::Upgrade(revision), engine),
        Command::Downgrade { revision, engine } => (EngineCommand::Downgrade(revision), engine),
        Command::Current { engine } => (EngineCommand::Current, engine),
        Command::Stamp {
            revisions,
            purge,
            engine,
        } => (EngineCommand::Stamp(revisions, purge), engine),
    };
    let project = load_project(&cli.location, cwd, stderr);
    engine_cmd::run_command(command, &engine, &project, cwd, stdout, stderr)
}

/// `retort inspect`: the IR as JSON.
fn inspect(
    location: &Location,
    files: &[String],
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let project = if files.is_empty() {
        load_project(location, cwd, stderr)
    } else {
        let mut loaded = Loaded::default();
        for f in files {
            load_file(&cwd.join(f), f, &mut loaded);
        }
        for note in &loaded.notes {
            let _ = writeln!(stderr, "retort: {note}");
        }
        let versions = loaded
            .files
            .iter()
            .map(|f| retort_analysis::workspace::parent(&f.path).to_owned())
            .collect();
        let paths: Vec<String> = loaded.files.iter().map(|f| f.path.clone()).collect();
        let mut project = Project::load(
            loaded.files,
            &LoadOptions {
                versions,
                ..LoadOptions::default()
            },
        );
        project.revisions.retain(|r| paths.contains(&r.path));
        project
    };
    let json = serde_json::json!({
        "layout": project.layout,
        "revisions": project.revisions,
        "diagnostics": project.diagnostics,
    });
    let _ = writeln!(
        stdout,
        "{}",
        serde_json::to_string_pretty(&json).unwrap_or_default()
    );
    print_diagnostics(&project, stderr);
    0
}

/// `path:line:col: severity[code] message` for every diagnostic of the project.
fn print_diagnostics(project: &Project, stderr: &mut dyn Write) {
    let all = project
        .diagnostics
        .iter()
        .chain(project.revisions.iter().flat_map(|r| r.diagnostics.iter()));
    for d in all {
        let _ = writeln!(stderr, "{}", render_diagnostic(d, &project.files));
    }
}

fn render_diagnostic(d: &Diagnostic, files: &[SourceFile]) -> String {
    let severity = format!("{:?}", d.severity).to_lowercase();
    let location = match (&d.path, d.range) {
        (Some(path), Some(range)) => {
            let text = files
                .iter()
                .find(|f| &f.path == path)
                .map_or("", |f| f.text.as_str());
            let lc = LineIndex::new(text).line_col(text, range.start);
            format!("{path}:{}:{}: ", lc.line, lc.column)
        }
        (Some(path), None) => format!("{path}: "),
        _ => String::new(),
    };
    let help = d
        .help
        .as_deref()
        .map(|h| format!("\n  help: {h}"))
        .unwrap_or_default();
    format!("{location}{severity}[{}] {}{help}", d.code, d.message)
}
