//! Fixture loading shared by the integration tests: a fixture is a `.py` file (one
//! revision) or a directory of them (a project), with `# expect: CODE` markers on the
//! lines that must be reported and an optional `# retort-test: key=value, …` header.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use retort_analysis::{LoadOptions, Project, SourceFile};
use retort_ir::LineIndex;
use retort_lint::{lint, Config, Finding, Rule, RuleSet, Settings};

/// One case: its files (path, source), in load order.
pub struct Case {
    pub name: String,
    pub files: Vec<(String, String)>,
}

/// The fixture root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The cases of one rule's fixture directory.
pub fn cases(dir: &Path) -> Vec<Case> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    let mut out = Vec::new();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(&path)
                .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
                .unwrap_or_default();
            files.sort();
            let files = files
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "py"))
                .map(|p| {
                    let file = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    (
                        format!("{name}/{file}"),
                        std::fs::read_to_string(&p).unwrap_or_default(),
                    )
                })
                .collect();
            out.push(Case { name, files });
        } else if name.ends_with(".py") {
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            out.push(Case {
                name: name.clone(),
                files: vec![(name, source)],
            });
        }
    }
    out
}

/// Settings and extra selectors from `# retort-test:` headers.
pub fn config_for(case: &Case, rule: Option<Rule>) -> Config {
    let mut config = Config::default();
    let mut settings = Settings::default();
    let mut select: Vec<String> = rule.map(|r| vec![r.name().to_owned()]).unwrap_or_default();
    for (_, source) in &case.files {
        for line in source.lines() {
            let Some(rest) = line.trim().strip_prefix("# retort-test:") else {
                continue;
            };
            for pair in rest.split(',') {
                let Some((k, v)) = pair.split_once('=') else {
                    continue;
                };
                let v = v.trim();
                match k.trim() {
                    "dialect" => {
                        let keep = settings.clone();
                        settings = Settings::for_dialect(v);
                        settings.postgres_version = keep.postgres_version;
                    }
                    "postgres-version" => settings.postgres_version = v.parse().unwrap_or(16),
                    "transaction-per-migration" => settings.transaction_per_migration = v == "true",
                    "assume-in-transaction" => settings.assume_in_transaction = v == "true",
                    "first-party" => {
                        settings.first_party = v.split(' ').map(str::to_owned).collect()
                    }
                    "naming-convention" => {
                        settings.naming_convention = Some(
                            v.split(' ')
                                .filter_map(|p| p.split_once(':'))
                                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                                .collect(),
                        )
                    }
                    "select" => select.extend(v.split(' ').map(str::to_owned)),
                    _ => {}
                }
            }
        }
    }
    config.settings = settings;
    if rule.is_some() {
        config.rules = RuleSet::empty();
        config.select(&select, &[]);
    }
    config
}

/// Loads a case as a project (its folder is the versions folder) and lints it.
pub fn run(case: &Case, config: &Config) -> (Project, Vec<Finding>) {
    let folder = case
        .files
        .first()
        .and_then(|(p, _)| p.rsplit_once('/'))
        .map_or("", |(dir, _)| dir);
    let project = Project::load(
        case.files
            .iter()
            .map(|(p, s)| SourceFile::new(p.as_str(), s.as_str()))
            .collect(),
        &LoadOptions {
            versions: vec![folder.to_owned()],
            ..LoadOptions::default()
        },
    );
    let findings = lint(&project, config);
    (project, findings)
}

/// `(path, 1-based line, code)` of every `# expect: CODE[@LINE]` marker.
pub fn expectations(case: &Case) -> Vec<(String, u32, String)> {
    let mut out = Vec::new();
    for (path, source) in &case.files {
        for (i, line) in source.lines().enumerate() {
            let Some(at) = line.find("# expect:") else {
                continue;
            };
            for item in line[at + "# expect:".len()..].split(',') {
                let item = item.trim();
                if item.is_empty() {
                    continue;
                }
                let (code, line_no) = match item.split_once('@') {
                    Some((c, n)) => (c.trim(), n.trim().parse().unwrap_or(0)),
                    None => (item, i as u32 + 1),
                };
                out.push((path.clone(), line_no, code.to_owned()));
            }
        }
    }
    out.sort();
    out
}

/// `(path, 1-based line, code)` of findings.
pub fn located(case: &Case, findings: &[Finding]) -> Vec<(String, u32, String)> {
    let mut out: Vec<_> = findings
        .iter()
        .map(|f| {
            let source = case
                .files
                .iter()
                .find(|(p, _)| *p == f.path)
                .map_or("", |(_, s)| s.as_str());
            let line = LineIndex::new(source).line_col(source, f.range.start).line;
            (f.path.clone(), line, f.code.clone())
        })
        .collect();
    out.sort();
    out
}
