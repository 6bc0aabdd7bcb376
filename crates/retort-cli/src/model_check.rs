//! `retort check` and `retort revision`: the models against the migrations, printed as
//! `alembic check` / `alembic revision --autogenerate` print it.

use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::Args;
use retort_analysis::retort_models::{log_header, CompareOptions};
use retort_analysis::{
    ModelCheckOptions, ModelOptions, ModelReport, Project, SourceFile, SqlAlchemyVersion,
};
use retort_ir::Diagnostic;

use crate::load::{load_dir, load_file, Loaded};

/// How to compare (what `env.py`'s `context.configure(...)` says for Alembic).
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// SQLAlchemy model modules, or directories of them (default: the modules env.py
    /// imports, when it sets target_metadata).
    #[arg(long = "models", num_args = 1..)]
    pub models: Vec<String>,
    /// The database dialect (default: sqlalchemy.url's, else sqlite).
    #[arg(long)]
    pub dialect: Option<String>,
    /// Compare server defaults too (`compare_server_default=True`).
    #[arg(long = "compare-server-default")]
    pub compare_server_default: bool,
    /// Do not compare types (`compare_type=False`).
    #[arg(long = "no-compare-type")]
    pub no_compare_type: bool,
    /// Compare named CHECK constraints (the `alembic.ext.checkconstraint_byname` plugin).
    #[arg(long = "check-constraints")]
    pub check_constraints: bool,
    /// Render each table's operations in `with op.batch_alter_table(...)` blocks
    /// (`render_as_batch=True`, what SQLite projects use).
    #[arg(long = "render-as-batch")]
    pub render_as_batch: bool,
    /// Resolve annotations as this SQLAlchemy does (`float` is `Float` in 2.0, `Double` in 2.1).
    #[arg(long = "sqlalchemy", default_value = "2.1", value_parser = ["2.0", "2.1"])]
    pub sqlalchemy: String,
}

/// The model modules the options name: workspace files under the given paths, or files
/// read from disk when the project does not hold them.
fn model_sources(
    project: &Project,
    paths: &[String],
    cwd: &Path,
    stderr: &mut dyn Write,
) -> Vec<SourceFile> {
    let mut out: Vec<SourceFile> = Vec::new();
    for raw in paths {
        let path = retort_analysis::workspace::normalize_path(raw);
        let prefix = format!("{path}/");
        let in_project: Vec<&SourceFile> = project
            .files
            .iter()
            .filter(|f| f.path.ends_with(".py") && (f.path == path || f.path.starts_with(&prefix)))
            .collect();
        if !in_project.is_empty() {
            out.extend(in_project.into_iter().cloned());
            continue;
        }
        let mut loaded = Loaded::default();
        let disk = cwd.join(raw);
        if disk.is_dir() {
            load_dir(&disk, &path, &mut loaded);
        } else {
            load_file(&disk, &path, &mut loaded);
        }
        for note in &loaded.notes {
            let _ = writeln!(stderr, "retort: {note}");
        }
        out.extend(loaded.files.into_iter().filter(|f| f.path.ends_with(".py")));
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    out
}

fn options(project: &Project, args: &CompareArgs) -> ModelCheckOptions {
    let dialect = args
        .dialect
        .clone()
        .or_else(|| project.layout.url_dialect())
        .unwrap_or_else(|| "sqlite".to_owned());
    ModelCheckOptions {
        compare: CompareOptions {
            dialect,
            compare_type: !args.no_compare_type,
            compare_server_default: args.compare_server_default,
            check_constraints: args.check_constraints,
        },
        models: ModelOptions {
            sqlalchemy: if args.sqlalchemy == "2.0" {
                SqlAlchemyVersion::V2_0
            } else {
                SqlAlchemyVersion::V2_1
            },
        },
        render_as_batch: args.render_as_batch,
    }
}

/// Runs the comparison; `Err` is the exit code after an error was printed.
fn report(
    project: &Project,
    args: &CompareArgs,
    cwd: &Path,
    stderr: &mut dyn Write,
    render: &dyn Fn(&Diagnostic, &[SourceFile]) -> String,
) -> Result<ModelReport, u8> {
    let sources = if args.models.is_empty() {
        match project.models_from_env() {
            Ok(s) => s,
            Err(message) => {
                let opts = options(project, args);
                let _ = write!(
                    stderr,
                    "{}ERROR [alembic.util.messaging] {message}\nFAILED: {message}\n",
                    log_header(&opts.compare.dialect, opts.compare.check_constraints)
                );
                return Err(255);
            }
        }
    } else {
        model_sources(project, &args.models, cwd, stderr)
    };
    if sources.is_empty() {
        let _ = writeln!(
            stderr,
            "FAILED: no Python files at {}; pass the module(s) defining the models with --models.",
            args.models.join(", ")
        );
        return Err(255);
    }
    match project.check_models(&sources, &options(project, args)) {
        Ok(r) => {
            let mut files = project.files.clone();
            files.extend(sources);
            for d in &r.check.diagnostics {
                let _ = writeln!(stderr, "{}", render(d, &files));
            }
            Ok(r)
        }
        Err(e) => {
            let _ = writeln!(stderr, "{}", e.alembic_line());
            Err(u8::try_from(e.exit_code()).unwrap_or(255))
        }
    }
}

/// `retort check`.
pub fn check(
    project: &Project,
    args: &CompareArgs,
    json: bool,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    render: &dyn Fn(&Diagnostic, &[SourceFile]) -> String,
) -> u8 {
    let r = match report(project, args, cwd, stderr, render) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if json {
        let _ = writeln!(
            stdout,
            "{}",
            serde_json::to_string_pretty(&r).unwrap_or_default()
        );
        return r.output.exit_code;
    }
    let _ = write!(stderr, "{}", r.output.stderr);
    let _ = write!(stdout, "{}", r.output.stdout);
    if !r.diff.is_empty() {
        let _ = write!(stdout, "{}", r.diff);
    }
    r.output.exit_code
}

/// `alembic revision [--autogenerate] -m MESSAGE [--rev-id ID]`.
pub struct RevisionArgs<'a> {
    pub message: Option<&'a str>,
    pub autogenerate: bool,
    pub rev_id: Option<&'a str>,
}

/// `retort revision`: writes the revision file into the first version location.
pub fn revision(
    project: &Project,
    rev: &RevisionArgs<'_>,
    args: &CompareArgs,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    render: &dyn Fn(&Diagnostic, &[SourceFile]) -> String,
) -> u8 {
    let Some(dir) = project.new_revision_dir() else {
        let _ = writeln!(
            stderr,
            "FAILED: no versions directory: give the project with --dir, -c alembic.ini or --versions."
        );
        return 255;
    };
    let rev_id = rev.rev_id.map_or_else(new_rev_id, str::to_owned);
    let message = rev.message.unwrap_or("");
    let generated = if rev.autogenerate {
        let r = match report(project, args, cwd, stderr, render) {
            Ok(r) => r,
            Err(code) => return code,
        };
        // The log lines `alembic check` prints, without its verdict.
        let log: String = r
            .output
            .stderr
            .lines()
            .filter(|l| !l.starts_with("ERROR ") && !l.starts_with("FAILED:"))
            .map(|l| format!("{l}\n"))
            .collect();
        let _ = write!(stderr, "{log}");
        let g = project.autogenerate_revision(&r, message, &rev_id, &create_date());
        // Python's warnings filter prints a warning once per location.
        let mut seen: Vec<&String> = Vec::new();
        for w in &g.warnings {
            if seen.contains(&w) {
                continue;
            }
            seen.push(w);
            let _ = writeln!(
                stderr,
                "<site-packages>/alembic/autogenerate/render.py:488: UserWarning: {w}\n  util.warn("
            );
        }
        g
    } else {
        project.empty_revision(message, &rev_id, &create_date())
    };
    let relative = if dir.is_empty() {
        generated.file_name.clone()
    } else {
        format!("{dir}/{}", generated.file_name)
    };
    let target = cwd.join(&relative);
    if target.exists() {
        let _ = writeln!(stderr, "FAILED: {} already exists", target.display());
        return 255;
    }
    match std::fs::write(&target, generated.text.as_bytes()) {
        Ok(()) => {
            let shown = target.canonicalize().unwrap_or(target);
            let _ = writeln!(stdout, "Generating {} ...  done", shown.display());
            0
        }
        Err(e) => {
            let _ = writeln!(stderr, "FAILED: {}: {e}", target.display());
            255
        }
    }
}

/// A new revision id: 12 hex digits, as `uuid.uuid4().hex[-12:]`.
fn new_rev_id() -> String {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    format!("{:012x}", hasher.finish() & 0xffff_ffff_ffff)
}

/// `str(datetime.now())` (in UTC: Retort does not read the local time zone).
fn create_date() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = now.as_secs();
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{:06}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        now.subsec_micros()
    )
}
