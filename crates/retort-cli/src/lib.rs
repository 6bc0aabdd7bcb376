//! `retort`: Alembic's graph commands and offline SQL, byte-identical, plus static inspection.
//!
//! The binary is a thin `main` over [`run`], which tests call in-process.

mod engine_cmd;
mod lint;
mod load;
mod model_check;

use std::io::Write;
use std::path::Path;

use clap::{Args, Parser, Subcommand};
use retort_analysis::graph::{self, GraphError, HistoryOptions};
use retort_analysis::{render_diagnostic, LoadOptions, Project, SqlCommand};

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
    /// List changeset scripts in chronological order (as `alembic history`).
    History {
        /// Specify a revision range; format is [start]:[end].
        #[arg(short = 'r', long = "rev-range", allow_hyphen_values = true)]
        rev_range: Option<String>,
        /// Use more verbose output.
        #[arg(short = 'v', long)]
        verbose: bool,
        /// Indicate the current revision (no database here: nothing is current).
        #[arg(short = 'i', long = "indicate-current")]
        indicate_current: bool,
    },
    /// Show current available heads in the script directory (as `alembic heads`).
    Heads {
        /// Use more verbose output.
        #[arg(short = 'v', long)]
        verbose: bool,
        /// Treat dependency versions as down revisions.
        #[arg(long = "resolve-dependencies")]
        resolve_dependencies: bool,
    },
    /// Show current branch points (as `alembic branches`).
    Branches {
        /// Use more verbose output.
        #[arg(short = 'v', long)]
        verbose: bool,
    },
    /// Show the revision(s) denoted by the given symbol (as `alembic show`).
    Show {
        /// The revision: an id, a prefix, `head`, `base`, `label@head`, `-1`, …
        #[arg(allow_hyphen_values = true)]
        rev: String,
    },
    /// Print the schema (the logical catalog) after upgrading an empty database to REV.
    Schema {
        /// Target revision (default: heads).
        #[arg(default_value = "heads", allow_hyphen_values = true)]
        rev: String,
        /// Dialect whose semantics apply (default: from sqlalchemy.url, else generic).
        #[arg(long)]
        dialect: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Compare SQLAlchemy models with the migrations at heads (as `alembic check`); the
    /// differences follow on stdout, one per line.
    Check {
        #[command(flatten)]
        compare: model_check::CompareArgs,
        /// Print the whole comparison as JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// Create a new revision file (as `alembic revision`); `--autogenerate` fills it
    /// from the differences between the models and the migrations.
    Revision {
        /// Message string to use with the revision.
        #[arg(short = 'm', long = "message")]
        message: Option<String>,
        /// Populate the revision with candidate operations from the models (--models).
        #[arg(long)]
        autogenerate: bool,
        /// Specify a hardcoded revision id instead of generating one.
        #[arg(long = "rev-id")]
        rev_id: Option<String>,
        #[command(flatten)]
        compare: model_check::CompareArgs,
    },
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
    /// Upgrade to a later version: run the migrations in the in-memory engine, or with
    /// `--sql` print their SQL as `alembic upgrade REVISION --sql` does.
    Upgrade(MigrateArgs),
    /// Revert to a previous version: run the downgrades in the in-memory engine, or with
    /// `--sql` print the SQL of `FROM:TO` as `alembic downgrade FROM:TO --sql` does.
    Downgrade(MigrateArgs),
    /// Display the current revision(s) of the engine's database.
    Current {
        #[command(flatten)]
        engine: engine_cmd::EngineArgs,
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
        engine: engine_cmd::EngineArgs,
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
        format: engine_cmd::Format,
        #[command(flatten)]
        engine: engine_cmd::EngineArgs,
    },
}

/// `upgrade` / `downgrade` arguments.
#[derive(Debug, Args)]
struct MigrateArgs {
    /// The target: `head`, `heads`, an id, `+N` / `-N`, `label@head`; `FROM:TO` with `--sql`.
    #[arg(allow_hyphen_values = true)]
    revision: String,
    /// Don't run anything: dump the SQL to standard output, as Alembic's offline mode.
    #[arg(long)]
    sql: bool,
    /// Arbitrary 'tag' name (accepted for Alembic compatibility; unused).
    #[arg(long)]
    tag: Option<String>,
    #[command(flatten)]
    engine: engine_cmd::EngineArgs,
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

/// Prints a graph command's output, or its error as Alembic does: `FAILED: …` on stdout
/// (exit 255) or, where Alembic crashes with a traceback, Retort's explanation on stderr
/// (exit 1).
fn graph_output(
    project: &Project,
    result: Result<String, GraphError>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    for warning in project.graph.load_warnings() {
        let _ = writeln!(stderr, "retort: warning: {warning}");
    }
    match result {
        Ok(text) => {
            let _ = write!(stdout, "{text}");
            0
        }
        Err(e) if e.is_crash() => {
            let _ = write!(stdout, "{}", e.partial_stdout);
            let fatal = project
                .diagnostics
                .iter()
                .filter(|d| d.severity == retort_ir::Severity::Error);
            for d in fatal {
                let _ = writeln!(stderr, "{}", render_diagnostic(d, &project.files));
            }
            let _ = writeln!(
                stderr,
                "Alembic would crash here with: {}",
                e.alembic_line()
            );
            1
        }
        Err(e) => {
            let _ = write!(stdout, "{}", e.partial_stdout);
            let _ = writeln!(stdout, "{}", e.alembic_line());
            255
        }
    }
}

/// Reads the project the options point at.
fn load_project(location: &Location, cwd: &Path, stderr: &mut dyn Write) -> Project {
    let mut loaded = Loaded::default();
    let mut options = LoadOptions {
        config: None,
        versions: location.versions.clone(),
        recursive: location.recursive,
        threads: std::thread::available_parallelism().map_or(1, usize::from),
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
    match cli.command {
        Command::Lint(args) => {
            let root = cli.location.dir.clone().unwrap_or_default();
            let location = &cli.location;
            lint::lint_cmd(
                &args,
                |stderr| load_project(location, cwd, stderr),
                &root,
                cwd,
                stdout,
                stderr,
            )
        }
        Command::Rule(args) => lint::rule(&args, stdout, stderr),
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
            0
        }
        command => {
            let project = load_project(&cli.location, cwd, stderr);
            match project.alembic_refusal() {
                Some(failed) => {
                    let _ = writeln!(stdout, "{failed}");
                    255
                }
                None => run_alembic_command(command, &project, cwd, stdout, stderr),
            }
        }
    }
}

/// The commands that read the project as Alembic's do, once it is loaded and Alembic
/// would not refuse it.
fn run_alembic_command(
    command: Command,
    project: &Project,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    use engine_cmd::EngineCommand;
    match command {
        Command::Upgrade(args) if args.sql => {
            offline_sql(project, SqlCommand::Upgrade, args, stdout, stderr)
        }
        Command::Downgrade(args) if args.sql => {
            offline_sql(project, SqlCommand::Downgrade, args, stdout, stderr)
        }
        Command::Upgrade(args) => {
            let command = EngineCommand::Upgrade(args.revision);
            engine_cmd::run_command(command, &args.engine, project, cwd, stdout, stderr)
        }
        Command::Downgrade(args) => {
            let command = EngineCommand::Downgrade(args.revision);
            engine_cmd::run_command(command, &args.engine, project, cwd, stdout, stderr)
        }
        Command::Current { engine } => engine_cmd::run_command(
            EngineCommand::Current,
            &engine,
            project,
            cwd,
            stdout,
            stderr,
        ),
        Command::Stamp {
            revisions,
            purge,
            engine,
        } => {
            let command = EngineCommand::Stamp(revisions, purge);
            engine_cmd::run_command(command, &engine, project, cwd, stdout, stderr)
        }
        Command::Roundtrip {
            from,
            allow_irreversible,
            format,
            engine,
        } => engine_cmd::run_roundtrip(
            &engine,
            from,
            allow_irreversible,
            format,
            project,
            stdout,
            stderr,
        ),
        Command::History {
            rev_range,
            verbose,
            indicate_current,
        } => {
            let options = HistoryOptions {
                rev_range,
                verbose,
                indicate_current,
            };
            let result = graph::history(&project.graph, &options, &[]);
            graph_output(project, result, stdout, stderr)
        }
        Command::Heads {
            verbose,
            resolve_dependencies,
        } => {
            let result = graph::heads(&project.graph, verbose, resolve_dependencies);
            graph_output(project, result, stdout, stderr)
        }
        Command::Branches { verbose } => {
            let result = graph::branches(&project.graph, verbose);
            graph_output(project, result, stdout, stderr)
        }
        Command::Show { rev } => {
            let result = graph::show(&project.graph, &rev, &[]);
            graph_output(project, result, stdout, stderr)
        }
        Command::Schema { rev, dialect, json } => {
            let dialect = dialect.unwrap_or_else(|| project.default_dialect());
            let result = project.schema_at(&rev, &dialect).map(|schema| {
                for d in &schema.diagnostics {
                    let _ = writeln!(stderr, "{}", render_diagnostic(d, &project.files));
                }
                if json {
                    format!(
                        "{}\n",
                        serde_json::to_string_pretty(&schema.catalog).unwrap_or_default()
                    )
                } else {
                    schema.catalog.render_text()
                }
            });
            graph_output(project, result, stdout, stderr)
        }
        Command::Check { compare, json } => model_check::check(
            project,
            &compare,
            json,
            cwd,
            stdout,
            stderr,
            &render_diagnostic,
        ),
        Command::Revision {
            message,
            autogenerate,
            rev_id,
            compare,
        } => {
            let rev = model_check::RevisionArgs {
                message: message.as_deref(),
                autogenerate,
                rev_id: rev_id.as_deref(),
            };
            model_check::revision(
                project,
                &rev,
                &compare,
                cwd,
                stdout,
                stderr,
                &render_diagnostic,
            )
        }
        // Retort's own commands: `execute` runs them without this function.
        Command::Lint(_) | Command::Rule(_) | Command::Inspect { .. } => {
            let _ = writeln!(stderr, "retort: this command does not run here");
            2
        }
    }
}

/// `upgrade` / `downgrade --sql`: Alembic's offline SQL on stdout, its log on stderr,
/// then what Alembic would fail on (Retort carries on past it) as diagnostics.
fn offline_sql(
    project: &Project,
    command: SqlCommand,
    args: MigrateArgs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let dialect = match args.engine.dialect {
        Some(d) => d.name().to_owned(),
        None => project.default_dialect(),
    };
    match project.offline_sql(command, &args.revision, &dialect) {
        Ok(script) => {
            let _ = write!(stdout, "{}", script.stdout);
            let _ = write!(stderr, "{}", script.stderr);
            for d in &script.diagnostics {
                let _ = writeln!(stderr, "{}", render_diagnostic(d, &project.files));
            }
            u8::from(
                script
                    .diagnostics
                    .iter()
                    .any(|d| d.severity == retort_ir::Severity::Error),
            )
        }
        Err(e) => {
            let _ = write!(stderr, "{}", e.stderr);
            graph_output(project, Err(e.error), stdout, stderr)
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
