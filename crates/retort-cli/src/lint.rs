//! `retort lint` and `retort rule`: the rule engine over the loaded project, and the
//! rules' documentation.

use std::io::Write;
use std::path::Path;

use clap::{Args, ValueEnum};
use retort_analysis::{Project, SourceFile};
use retort_ir::{LineIndex, Severity};
use retort_lint::{
    apply_fixes, docs, lint_on_threads, render_github, render_sarif, render_text, write_json,
    Applicability, Config, ConfigError, Rule, Sources,
};

/// Output formats of `retort lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Source lines with carets, as ruff prints them.
    Text,
    /// A JSON array of findings.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other viewers).
    Sarif,
    /// GitHub Actions workflow annotations.
    Github,
}

/// The severity at which `retort lint` fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warning,
    /// Any finding.
    Info,
}

/// `retort lint` options.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files or directories to report on (default: the whole project). The whole
    /// history is always read, so graph and schema rules see every revision.
    pub paths: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Rules to run, replacing the configured selection: codes, names, groups, code
    /// prefixes or ALL (comma-separated or repeated).
    #[arg(long)]
    pub select: Vec<String>,
    /// Rules not to run (comma-separated or repeated).
    #[arg(long)]
    pub ignore: Vec<String>,
    /// Exit with 1 when a finding at or above this severity remains (default: the
    /// configuration's `fail-on`, else warning).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Apply safe fixes to the files.
    #[arg(long)]
    pub fix: bool,
    /// With --fix, apply unsafe fixes too.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Target database: postgresql, sqlite, mysql, mariadb (overrides the configuration).
    #[arg(long)]
    pub dialect: Option<String>,
    /// PostgreSQL major version (overrides the configuration).
    #[arg(long)]
    pub postgres_version: Option<u32>,
}

/// `retort rule` options.
#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule, by code or name.
    pub rule: Option<String>,
    /// Same as giving the rule as an argument.
    #[arg(long)]
    pub explain: Option<String>,
    /// List every rule.
    #[arg(long)]
    pub list: bool,
    /// Print the whole rules reference (docs/rules.md).
    #[arg(long)]
    pub markdown: bool,
}

/// `retort rule`.
pub fn rule(args: &RuleArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> u8 {
    if args.list {
        let _ = write!(stdout, "{}", docs::rule_list());
        return 0;
    }
    if args.markdown {
        let _ = write!(stdout, "{}", docs::rules_markdown());
        return 0;
    }
    let Some(name) = args.rule.as_deref().or(args.explain.as_deref()) else {
        let _ = writeln!(
            stderr,
            "retort rule: name a rule (code or name), or use --list"
        );
        return 2;
    };
    match Rule::from_code_or_name(name) {
        Some(rule) => {
            let _ = write!(stdout, "{}", docs::rule_markdown(rule));
            0
        }
        None => {
            let _ = writeln!(
                stderr,
                "retort rule: unknown rule `{name}`; `retort rule --list` lists them"
            );
            2
        }
    }
}

/// The configuration of the project: `retort.toml`, else `[tool.retort]` of
/// `pyproject.toml`, at the root of what was loaded.
fn read_config(files: &[SourceFile], root: &str) -> Result<Option<Config>, Vec<ConfigError>> {
    let at = |name: &str| {
        let path = if root.is_empty() {
            name.to_owned()
        } else {
            format!("{}/{name}", root.trim_end_matches('/'))
        };
        files.iter().find(|f| f.path == path)
    };
    if let Some(f) = at("retort.toml") {
        return Config::from_retort_toml(&f.path, &f.text).map(Some);
    }
    if let Some(f) = at("pyproject.toml") {
        return Config::from_pyproject(&f.path, &f.text);
    }
    Ok(None)
}

/// Top-level packages of the application: directories at the root with an
/// `__init__.py`, other than the ones holding revisions.
fn first_party(project: &Project, root: &str) -> Vec<String> {
    let prefix = if root.is_empty() {
        String::new()
    } else {
        format!("{}/", root.trim_end_matches('/'))
    };
    let mut out: Vec<String> = project
        .files
        .iter()
        .filter_map(|f| f.path.strip_prefix(&prefix))
        .filter_map(|p| p.strip_suffix("/__init__.py"))
        .filter(|p| !p.contains('/'))
        .filter(|p| {
            !project
                .revisions
                .iter()
                .any(|r| r.path.starts_with(&format!("{prefix}{p}/")))
        })
        .map(str::to_owned)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The threads `retort lint` uses: the machine's, as for loading.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn print_config_errors(errors: &[ConfigError], files: &[SourceFile], stderr: &mut dyn Write) {
    for e in errors {
        let location = match (e.range, files.iter().find(|f| f.path == e.path)) {
            (Some(r), Some(f)) => {
                let lc = LineIndex::new(&f.text).line_col(&f.text, r.start);
                format!("{}:{}:{}", e.path, lc.line, lc.column)
            }
            _ => e.path.clone(),
        };
        let _ = writeln!(stderr, "{location}: error[invalid-config] {}", e.message);
    }
}

/// `retort lint`. Exit codes: 0 clean, 1 findings at or above `--fail-on`, 2 usage or
/// configuration errors. What loading the project reports is among the findings
/// (`project-problem` and the rules that cover it); `load` prints what it could not
/// read on the writer it is given.
pub fn lint_cmd(
    args: &LintArgs,
    mut load: impl FnMut(&mut dyn Write) -> Project,
    root: &str,
    cwd: &Path,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let mut project = load(stderr);
    let mut config = match read_config(&project.files, root) {
        Ok(c) => c.unwrap_or_default(),
        Err(errors) => {
            print_config_errors(&errors, &project.files, stderr);
            return 2;
        }
    };
    let unknown = config.select(&args.select, &args.ignore);
    if !unknown.is_empty() {
        let _ = writeln!(
            stderr,
            "retort lint: unknown rule or selector: {}; `retort rule --list` lists them",
            unknown.join(", ")
        );
        return 2;
    }
    if let Some(dialect) = &args.dialect {
        let keep = config.settings.clone();
        config.settings = retort_lint::Settings::for_dialect(dialect);
        config.settings.postgres_version = keep.postgres_version;
        config.settings.naming_convention = keep.naming_convention;
        config.settings.first_party = keep.first_party;
        config.settings.transaction_per_migration = keep.transaction_per_migration;
    }
    if let Some(v) = args.postgres_version {
        config.settings.postgres_version = v;
    }
    if config.settings.first_party.is_empty() {
        config.settings.first_party = first_party(&project, root);
    }
    if let Some(f) = args.fail_on {
        config.fail_on = match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        };
    }
    let wanted: Vec<String> = args
        .paths
        .iter()
        .map(|p| retort_analysis::workspace::normalize_path(p))
        .collect();
    let selected = |path: &str| {
        wanted.is_empty()
            || wanted
                .iter()
                .any(|w| path == w || path.starts_with(&format!("{w}/")) || w == ".")
    };

    let mut findings = lint_on_threads(&project, &config, threads());
    if args.fix {
        let applicability = if args.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        let mut total = 0;
        for _ in 0..10 {
            let mut changed = 0;
            for revision in &project.revisions {
                if !selected(&revision.path) {
                    continue;
                }
                let Some(source) = project.source_of(&revision.path) else {
                    continue;
                };
                let (fixed, n) = apply_fixes(source, &revision.path, &findings, applicability);
                if n > 0 {
                    if let Err(e) = std::fs::write(cwd.join(&revision.path), &fixed) {
                        let _ = writeln!(stderr, "retort: {}: cannot write: {e}", revision.path);
                        return 2;
                    }
                    changed += n;
                }
            }
            if changed == 0 {
                break;
            }
            total += changed;
            // The notes were printed on the first load.
            project = load(&mut std::io::sink());
            findings = lint_on_threads(&project, &config, threads());
        }
        if total > 0 {
            let _ = writeln!(
                stderr,
                "Fixed {total} problem{}.",
                if total == 1 { "" } else { "s" }
            );
        }
    }
    findings.retain(|f| selected(&f.path));
    let sources = Sources::new(
        project
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.text.as_str())),
    );
    // Standard output is line-buffered; findings run to megabytes.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
    let _ = match args.format {
        Format::Text => out.write_all(render_text(&findings, &sources).as_bytes()),
        Format::Json => write_json(&findings, &sources, &mut out, threads()),
        Format::Sarif => {
            out.write_all(render_sarif(&findings, &sources, env!("CARGO_PKG_VERSION")).as_bytes())
        }
        Format::Github => out.write_all(render_github(&findings, &sources).as_bytes()),
    };
    let _ = out.flush();
    let code = u8::from(findings.iter().any(|f| f.severity >= config.fail_on));
    // The command is the process's last: its memory goes back to the system when it
    // exits. Freeing the parsed history and the findings object by object would cost
    // about 5 ms of a 2,000-file run's 80 (BENCHMARKS.md), for nothing.
    std::mem::forget((project, findings));
    code
}
