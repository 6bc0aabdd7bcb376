//! Configuration: `[tool.retort]` in `pyproject.toml`, or `retort.toml`. An unknown key,
//! rule or value is an error with its location.

use retort_ir::{Diagnostic, Severity, TextRange};
use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::registry::{Rule, RuleSet, Selector};
use crate::settings::Settings;

/// Rules ignored for files matching a glob.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerFileIgnore {
    /// The glob (`*`, `**`, `?`); without a `/` it matches the file name.
    pub pattern: String,
    /// The rules ignored.
    #[serde(skip)]
    pub rules: RuleSet,
}

/// The lint configuration, resolved: which rules run, at which severity, with which
/// settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Database and run settings.
    pub settings: Settings,
    /// The rules that run.
    pub rules: RuleSet,
    /// Severity overrides.
    pub severities: Vec<(Rule, Severity)>,
    /// Per-file ignores.
    pub per_file_ignores: Vec<PerFileIgnore>,
    /// Findings at or above this severity make `retort lint` exit with 1.
    pub fail_on: Severity,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            settings: Settings::default(),
            rules: RuleSet::default_enabled(),
            severities: Vec::new(),
            per_file_ignores: Vec::new(),
            fail_on: Severity::Warning,
        }
    }
}

/// A configuration error, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigError {
    /// The configuration file.
    pub path: String,
    /// Where in it.
    pub range: Option<TextRange>,
    /// What is wrong and what to do.
    pub message: String,
}

impl ConfigError {
    /// As a diagnostic (code `invalid-config`).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut d = Diagnostic::error("invalid-config", self.message.clone()).with_path(&self.path);
        d.range = self.range;
        d
    }
}

/// The keys of `[tool.retort]`.
const KEYS: &[&str] = &[
    "select",
    "extend-select",
    "ignore",
    "severity",
    "per-file-ignores",
    "dialect",
    "postgres-version",
    "transaction-per-migration",
    "assume-in-transaction",
    "naming-convention",
    "first-party",
    "fail-on",
];

const DIALECTS: &[&str] = &[
    "postgresql",
    "sqlite",
    "mysql",
    "mariadb",
    "mssql",
    "oracle",
];

fn span_of<T>(s: &Spanned<T>) -> TextRange {
    let r = s.span();
    TextRange::new(r.start as u32, r.end as u32)
}

impl Config {
    /// Reads `[tool.retort]` of a `pyproject.toml`; `Ok(None)` when there is none.
    pub fn from_pyproject(path: &str, text: &str) -> Result<Option<Config>, Vec<ConfigError>> {
        let root = parse_toml(path, text)?;
        let tool = root.get_ref().get("tool").map(|t| t.get_ref());
        let Some(DeValue::Table(tool)) = tool else {
            return Ok(None);
        };
        match tool.get("retort").map(|t| t.get_ref()) {
            Some(DeValue::Table(table)) => Config::from_table(path, table).map(Some),
            Some(_) => Err(vec![ConfigError {
                path: path.to_owned(),
                range: tool.get_key_value("retort").map(|(k, _)| span_of(k)),
                message: "`tool.retort` must be a table".to_owned(),
            }]),
            None => Ok(None),
        }
    }

    /// Reads a `retort.toml` (the keys of `[tool.retort]` at its top level).
    pub fn from_retort_toml(path: &str, text: &str) -> Result<Config, Vec<ConfigError>> {
        let root = parse_toml(path, text)?;
        Config::from_table(path, root.get_ref())
    }

    fn from_table(path: &str, table: &DeTable<'_>) -> Result<Config, Vec<ConfigError>> {
        let mut errors = Vec::new();
        let mut err = |range: TextRange, message: String| {
            errors.push(ConfigError {
                path: path.to_owned(),
                range: Some(range),
                message,
            });
        };
        let mut config = Config::default();
        let mut select: Option<RuleSet> = None;
        let mut extend = RuleSet::empty();
        let mut ignore = RuleSet::empty();
        let mut dialect_set = false;
        let mut assume_set = None;
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            let at = span_of(value);
            match name {
                "select" | "extend-select" | "ignore" => {
                    let Some(items) = strings(value) else {
                        err(
                            at,
                            format!(
                                "`{name}` must be a list of rule codes, names, groups or prefixes"
                            ),
                        );
                        continue;
                    };
                    let mut set = RuleSet::empty();
                    for (text, range) in items {
                        match Selector::parse(&text) {
                            Some(sel) if name == "ignore" => sel
                                .rules_including_opt_in()
                                .iter()
                                .for_each(|r| set.insert(r)),
                            Some(sel) => sel.rules().iter().for_each(|r| set.insert(r)),
                            None => err(range, unknown_rule(&text)),
                        }
                    }
                    match name {
                        "select" => select = Some(set),
                        "extend-select" => extend = set,
                        _ => ignore = set,
                    }
                }
                "severity" => {
                    let DeValue::Table(t) = value.get_ref() else {
                        err(at, "`severity` must be a table of rule = \"error\" | \"warning\" | \"info\"".to_owned());
                        continue;
                    };
                    for (k, v) in t.iter() {
                        let Some(rule) = Rule::from_code_or_name(k.get_ref()) else {
                            err(span_of(k), unknown_rule(k.get_ref()));
                            continue;
                        };
                        match string(v).and_then(|s| parse_severity(&s)) {
                            Some(sev) => config.severities.push((rule, sev)),
                            None => err(
                                span_of(v),
                                "a severity is \"error\", \"warning\" or \"info\"".to_owned(),
                            ),
                        }
                    }
                }
                "per-file-ignores" => {
                    let DeValue::Table(t) = value.get_ref() else {
                        err(
                            at,
                            "`per-file-ignores` must be a table of glob = [rules]".to_owned(),
                        );
                        continue;
                    };
                    for (k, v) in t.iter() {
                        let Some(items) = strings(v) else {
                            err(
                                span_of(v),
                                "per-file ignores are a list of rules".to_owned(),
                            );
                            continue;
                        };
                        let mut rules = RuleSet::empty();
                        for (text, range) in items {
                            match Selector::parse(&text) {
                                Some(sel) => sel
                                    .rules_including_opt_in()
                                    .iter()
                                    .for_each(|r| rules.insert(r)),
                                None => err(range, unknown_rule(&text)),
                            }
                        }
                        config.per_file_ignores.push(PerFileIgnore {
                            pattern: k.get_ref().to_string(),
                            rules,
                        });
                    }
                }
                "dialect" => match string(value) {
                    Some(d) if DIALECTS.contains(&d.as_str()) => {
                        let keep = config.settings.clone();
                        config.settings = Settings::for_dialect(&d);
                        config.settings.postgres_version = keep.postgres_version;
                        config.settings.naming_convention = keep.naming_convention;
                        config.settings.first_party = keep.first_party;
                        config.settings.transaction_per_migration = keep.transaction_per_migration;
                        dialect_set = true;
                    }
                    _ => err(at, format!("`dialect` is one of {}", DIALECTS.join(", "))),
                },
                "postgres-version" => match value.get_ref() {
                    DeValue::Integer(i) if i.radix() == 10 => match i.as_str().parse::<u32>() {
                        Ok(v) if (9..=30).contains(&v) => config.settings.postgres_version = v,
                        _ => err(
                            at,
                            "`postgres-version` is a major version, e.g. 16".to_owned(),
                        ),
                    },
                    DeValue::String(s) => {
                        match s.split('.').next().and_then(|m| m.parse::<u32>().ok()) {
                            Some(v) if (9..=30).contains(&v) => {
                                config.settings.postgres_version = v
                            }
                            _ => err(
                                at,
                                "`postgres-version` is a major version, e.g. 16".to_owned(),
                            ),
                        }
                    }
                    _ => err(
                        at,
                        "`postgres-version` is a major version, e.g. 16".to_owned(),
                    ),
                },
                "transaction-per-migration" => match value.get_ref() {
                    DeValue::Boolean(b) => config.settings.transaction_per_migration = *b,
                    _ => err(at, format!("`{name}` must be true or false")),
                },
                "assume-in-transaction" => match value.get_ref() {
                    DeValue::Boolean(b) => assume_set = Some(*b),
                    _ => err(at, format!("`{name}` must be true or false")),
                },
                "naming-convention" => {
                    let DeValue::Table(t) = value.get_ref() else {
                        err(at, "`naming-convention` must be a table like { ix = \"ix_%(column_0_label)s\" }".to_owned());
                        continue;
                    };
                    let mut pairs = Vec::new();
                    for (k, v) in t.iter() {
                        match string(v) {
                            Some(template) => pairs.push((k.get_ref().to_string(), template)),
                            None => err(
                                span_of(v),
                                "a naming convention template is a string".to_owned(),
                            ),
                        }
                    }
                    config.settings.naming_convention = Some(pairs);
                }
                "first-party" => match strings(value) {
                    Some(items) => {
                        config.settings.first_party = items.into_iter().map(|(s, _)| s).collect()
                    }
                    None => err(
                        at,
                        "`first-party` must be a list of package names".to_owned(),
                    ),
                },
                "fail-on" => match string(value).and_then(|s| parse_severity(&s)) {
                    Some(sev) => config.fail_on = sev,
                    None => err(
                        at,
                        "`fail-on` is \"error\", \"warning\" or \"info\"".to_owned(),
                    ),
                },
                other => err(
                    span_of(key),
                    format!(
                        "unknown key `{other}` in the Retort configuration; known keys: {}",
                        KEYS.join(", ")
                    ),
                ),
            }
        }
        let _ = dialect_set;
        errors.sort_by_key(|e| e.range.map(|r| r.start));
        if let Some(b) = assume_set {
            config.settings.assume_in_transaction = b;
        }
        let mut rules = select.unwrap_or_else(RuleSet::default_enabled);
        extend.iter().for_each(|r| rules.insert(r));
        ignore.iter().for_each(|r| rules.remove(r));
        config.rules = rules;
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }

    /// Applies `--select` (replaces the selection when not empty) and `--ignore`.
    /// Returns the selectors that name nothing.
    pub fn select(&mut self, select: &[String], ignore: &[String]) -> Vec<String> {
        let mut unknown = Vec::new();
        if !select.is_empty() {
            let mut set = RuleSet::empty();
            for s in select
                .iter()
                .flat_map(|s| s.split(','))
                .filter(|s| !s.trim().is_empty())
            {
                match Selector::parse(s) {
                    Some(sel) => sel.rules().iter().for_each(|r| set.insert(r)),
                    None => unknown.push(s.trim().to_owned()),
                }
            }
            self.rules = set;
        }
        for s in ignore
            .iter()
            .flat_map(|s| s.split(','))
            .filter(|s| !s.trim().is_empty())
        {
            match Selector::parse(s) {
                Some(sel) => sel
                    .rules_including_opt_in()
                    .iter()
                    .for_each(|r| self.rules.remove(r)),
                None => unknown.push(s.trim().to_owned()),
            }
        }
        unknown
    }

    /// The rules that run on `path`.
    pub fn rules_for(&self, path: &str) -> RuleSet {
        let mut rules = self.rules;
        for ignore in &self.per_file_ignores {
            if glob_match(&ignore.pattern, path) {
                ignore.rules.iter().for_each(|r| rules.remove(r));
            }
        }
        rules
    }

    /// The severity of `rule`'s findings.
    pub fn severity(&self, rule: Rule) -> Severity {
        self.configured_severity(rule)
            .unwrap_or(rule.meta().severity)
    }

    /// The severity configured for `rule`'s findings, if one is.
    pub fn configured_severity(&self, rule: Rule) -> Option<Severity> {
        self.severities
            .iter()
            .rev()
            .find(|(r, _)| *r == rule)
            .map(|(_, s)| *s)
    }
}

fn unknown_rule(text: &str) -> String {
    format!("unknown rule or selector `{text}`: use a code (SAF001), a name (drop-column), a group (safety), a code prefix (SAF) or ALL; `retort rule --list` lists them")
}

fn parse_severity(text: &str) -> Option<Severity> {
    match text {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

fn parse_toml<'i>(path: &str, text: &'i str) -> Result<Spanned<DeTable<'i>>, Vec<ConfigError>> {
    DeTable::parse(text).map_err(|e| {
        vec![ConfigError {
            path: path.to_owned(),
            range: e
                .span()
                .map(|r| TextRange::new(r.start as u32, r.end as u32)),
            message: format!("invalid TOML: {}", e.message()),
        }]
    })
}

fn string(value: &Spanned<DeValue<'_>>) -> Option<String> {
    match value.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        _ => None,
    }
}

fn strings(value: &Spanned<DeValue<'_>>) -> Option<Vec<(String, TextRange)>> {
    match value.get_ref() {
        DeValue::Array(items) => items
            .iter()
            .map(|v| string(v).map(|s| (s, span_of(v))))
            .collect(),
        _ => None,
    }
}

/// Glob matching for per-file ignores: `**` any path, `*` any name part, `?` one
/// character. A pattern without `/` matches the file name or any path suffix.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    /// Backtracking matcher; patterns are a few characters, paths a few segments.
    fn go(p: &[u8], s: &[u8], budget: &mut u32) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        if let Some(rest) = p.strip_prefix(b"**") {
            return match rest.strip_prefix(b"/") {
                Some(rest) => (0..=s.len())
                    .filter(|&i| i == 0 || s[i - 1] == b'/')
                    .any(|i| go(rest, &s[i..], budget)),
                None => (0..=s.len()).any(|i| go(rest, &s[i..], budget)),
            };
        }
        match p.first() {
            None => s.is_empty(),
            Some(b'*') => (0..=s.len())
                .take_while(|&i| i == 0 || s[i - 1] != b'/')
                .any(|i| go(&p[1..], &s[i..], budget)),
            Some(b'?') => s.first().is_some_and(|&c| c != b'/') && go(&p[1..], &s[1..], budget),
            Some(&c) => s.first() == Some(&c) && go(&p[1..], &s[1..], budget),
        }
    }
    let matches = |p: &str, s: &str| go(p.as_bytes(), s.as_bytes(), &mut 100_000);
    let pattern = pattern.trim_start_matches("./");
    if matches(pattern, path) {
        return true;
    }
    if !pattern.contains('/') {
        let name = path.rsplit('/').next().unwrap_or(path);
        return matches(pattern, name);
    }
    // A relative pattern also matches below a prefix the CLI added (`proj/...`).
    path.match_indices('/')
        .any(|(i, _)| matches(pattern, &path[i + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("*.py", "m/versions/a.py"));
        assert!(glob_match("m/versions/*.py", "m/versions/a.py"));
        assert!(!glob_match("m/*.py", "m/versions/a.py"));
        assert!(glob_match("m/**/*.py", "m/versions/a.py"));
        assert!(glob_match("**/a.py", "m/versions/a.py"));
        assert!(glob_match("versions/0?_*.py", "m/versions/01_x.py"));
        assert!(!glob_match("b.py", "m/versions/a.py"));
    }

    #[test]
    fn unknown_keys_and_rules_are_errors_with_locations() {
        let text = "[tool.retort]\nselect = [\"safety\", \"nope\"]\ncolour = 1\n";
        let errors = Config::from_pyproject("pyproject.toml", text).expect_err("invalid");
        let located: Vec<_> = errors
            .iter()
            .map(|e| {
                let r = e.range.unwrap_or_default();
                &text[r.start as usize..r.end as usize]
            })
            .collect();
        assert_eq!(located, vec!["\"nope\"", "colour"]);
    }

    #[test]
    fn selection() {
        let text = "select = [\"SAF\"]\nignore = [\"drop-column\"]\nextend-select = [\"HIS001\"]\n[severity]\nSAF001 = \"info\"\n";
        let config = Config::from_retort_toml("retort.toml", text).expect("valid");
        assert!(config.rules.contains(Rule::IndexNotConcurrent));
        assert!(!config.rules.contains(Rule::DropColumn));
        assert!(config.rules.contains(Rule::MultipleHeads));
        assert!(!config.rules.contains(Rule::MissingDowngrade));
        assert_eq!(config.severity(Rule::IndexNotConcurrent), Severity::Info);
    }
}
