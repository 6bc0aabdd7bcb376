//! The one place the worker calls the lint engine (on the worker's one thread).

use retort_analysis::Project;
use retort_ir::Diagnostic;
use retort_lint::{lint, Config, ConfigError, Finding, Settings};

/// Lints every revision of `project` for `dialect`, with the configuration of
/// the workspace's root `retort.toml` or `pyproject.toml` `[tool.retort]`, if any.
/// A configuration that does not parse is replaced by the defaults, and its
/// errors come back as diagnostics.
pub fn lint_project(project: &Project, dialect: &str) -> (Vec<Finding>, Vec<Diagnostic>) {
    let (config, errors) = match read_config(project) {
        Ok(config) => (config.unwrap_or_default(), Vec::new()),
        Err(errors) => (Config::default(), errors),
    };
    let mut config = config;
    let keep = config.settings.clone();
    config.settings = Settings {
        postgres_version: keep.postgres_version,
        naming_convention: keep.naming_convention,
        first_party: keep.first_party,
        transaction_per_migration: keep.transaction_per_migration,
        ..Settings::for_dialect(dialect)
    };
    let findings = lint(project, &config);
    (
        findings,
        errors.iter().map(ConfigError::to_diagnostic).collect(),
    )
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
