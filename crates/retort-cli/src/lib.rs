//! `retort`: Alembic's graph commands, byte-identical, plus static inspection.
//!
//! The binary is a thin `main` over [`run`], which tests call in-process.

mod lint;
mod load;

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use retort_analysis::{LoadOptions, Project, SourceFile};
use retort_ir::{Diagnostic, LineIndex};

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
    /// Lint the project's migrations: history, reversibility, safety, portability,
    /// hygiene and SQL rules. Exit code 0 when clean, 1 on findings, 2 on errors.
    Lint(lint::LintArgs),
    /// Explain a lint rule (`retort rule SAF001`), or list them (`--list`).
    Rule(lint::RuleArgs),
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
    match &cli.command {
        Command::Lint(args) => {
            let root = cli.location.dir.clone().unwrap_or_default();
            return lint::lint_cmd(
                args,
                || load_project(&cli.location, cwd, &mut std::io::sink()),
                &root,
                cwd,
                stdout,
                stderr,
            );
        }
        Command::Rule(args) => return lint::rule(args, stdout, stderr),
        Command::Inspect { .. } => {}
    }
    match execute(cli, cwd, stdout, stderr) {
        ExitCode::SUCCESS => 0,
        _ => 255,
    }
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

fn execute(cli: Cli, cwd: &Path, stdout: &mut dyn Write, stderr: &mut dyn Write) -> ExitCode {
    match cli.command {
        Command::Lint(_) | Command::Rule(_) => ExitCode::SUCCESS,
        Command::Inspect { files } => {
            let project = if files.is_empty() {
                load_project(&cli.location, cwd, stderr)
            } else {
                let mut loaded = Loaded::default();
                for f in &files {
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
            ExitCode::SUCCESS
        }
    }
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
