//! The one place the worker calls the lint engine (on the worker's one thread).

use retort_analysis::Project;
use retort_ir::Diagnostic;
use retort_lint::{Config, ConfigError, Finding, LintMemo, Rule, Settings};

use crate::protocol::{self, RuleState};

/// What linting a workspace gives the report.
pub struct Linted {
    pub findings: Vec<Finding>,
    /// Errors in the project's lint configuration, as diagnostics.
    pub config_errors: Vec<Diagnostic>,
    /// Every rule, and whether it ran.
    pub rules: Vec<RuleState>,
    pub postgres_version: u32,
}

/// Lints every revision of `project` with the configuration of the workspace's
/// root `retort.toml` or `pyproject.toml` `[tool.retort]`, if any, then the
/// user's settings over it: the dialect, the PostgreSQL version, rules turned
/// on or off. A configuration that does not parse is replaced by the defaults,
/// and its errors come back as diagnostics. `reread` names the revision files
/// read again since the last call with `memo`: only what they can change is
/// linted again.
pub fn lint_project(
    project: &Project,
    chosen: &protocol::Settings,
    reread: &[String],
    memo: &mut LintMemo,
) -> Linted {
    let (config, errors) = match read_config(project) {
        Ok(config) => (config.unwrap_or_default(), Vec::new()),
        Err(errors) => (Config::default(), errors),
    };
    let mut config = config;
    let keep = config.settings.clone();
    config.settings = Settings {
        postgres_version: chosen.postgres_version.unwrap_or(keep.postgres_version),
        naming_convention: keep.naming_convention,
        first_party: keep.first_party,
        transaction_per_migration: keep.transaction_per_migration,
        ..Settings::for_dialect(&chosen.dialect)
    };
    for (code, &on) in &chosen.rules {
        // A code from an older build's rule list that no longer exists is ignored.
        if let Some(rule) = Rule::from_code_or_name(code) {
            if on {
                config.rules.insert(rule);
            } else {
                config.rules.remove(rule);
            }
        }
    }
    let rules = Rule::ALL
        .iter()
        .map(|&rule| {
            let meta = rule.meta();
            RuleState {
                code: meta.code.to_owned(),
                name: meta.name.to_owned(),
                group: meta.group.name().to_owned(),
                summary: meta.summary(),
                opt_in: meta.opt_in,
                enabled: config.rules.contains(rule),
            }
        })
        .collect();
    Linted {
        findings: memo.lint(
            project,
            &config,
            &reread.iter().map(String::as_str).collect::<Vec<_>>(),
        ),
        config_errors: errors.iter().map(ConfigError::to_diagnostic).collect(),
        rules,
        postgres_version: config.settings.postgres_version,
    }
}

fn read_config(project: &Project) -> Result<Option<Config>, Vec<ConfigError>> {
    let root = |name: &str| project.files.iter().find(|f| f.path == name);
    if let Some(f) = root("retort.toml") {
        return Config::from_retort_toml(&f.path, &f.text).map(Some);
    }
    match root("pyproject.toml") {
        Some(f) => Config::from_pyproject(&f.path, &f.text),
        None => Ok(None),
    }
}
