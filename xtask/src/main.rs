//! `cargo xtask`: repository chores, std only.
//!
//! `cargo xtask new-rule NAME GROUP` adds a lint rule in one step: the rule module with
//! every documentation section, its `pub mod` line, its registry entry (the group's
//! next code) and a flagging and a passing fixture. The generated rule compiles and its
//! fixtures pass; the docs test fails until the `TODO`s in its documentation are
//! written, so a scaffold cannot be merged as is.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["new-rule", name, group] => new_rule(&root.join("crates/retort-lint"), name, group),
        _ => Err(
            "usage: cargo xtask new-rule NAME GROUP\n  NAME: kebab-case, e.g. drop-schema\n  GROUP: history, reversibility, safety, portability, hygiene, sql or retort"
                .to_owned(),
        ),
    };
    match result {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::from(2)
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// `drop-schema` → `DropSchema`.
fn camel(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// The quoted value after `key: ` in a rule module (`code: "SAF001"` → `SAF001`).
fn field<'a>(source: &'a str, key: &str) -> Option<&'a str> {
    let line = source
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with(&format!("{key}:")))?;
    Some(
        line[key.len() + 1..]
            .trim()
            .trim_end_matches(',')
            .trim_matches('"'),
    )
}

fn new_rule(lint: &Path, name: &str, group: &str) -> Result<String, String> {
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        || name.starts_with('-')
        || name.ends_with('-')
    {
        return Err(format!("`{name}` is not a kebab-case rule name"));
    }
    let module = name.replace('-', "_");
    let variant = camel(name);
    let group_dir = lint.join("src/rules").join(group);
    let rule_file = group_dir.join(format!("{module}.rs"));
    let fixtures = lint.join("tests/fixtures").join(name);
    let registry_path = lint.join("src/registry.rs");
    let registry = read(&registry_path)?;
    if rule_file.exists() || fixtures.exists() || registry.contains(&format!(" {variant} =>")) {
        return Err(format!("a rule `{name}` exists already"));
    }

    // The group's code prefix, enum variant and next code, from its existing rules.
    let entries = std::fs::read_dir(&group_dir).map_err(|_| {
        format!("no group `{group}` (a directory under crates/retort-lint/src/rules)")
    })?;
    let mut prefix = None;
    let mut group_variant = None;
    let mut last = 0u32;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("mod.rs") {
            continue;
        }
        let source = read(&path)?;
        let (Some(code), Some(variant)) = (field(&source, "code"), field(&source, "group")) else {
            continue;
        };
        let digits = code.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        prefix = Some(code[..code.len() - digits.len()].to_owned());
        group_variant = Some(variant.to_owned());
        last = last.max(digits.parse().unwrap_or(0));
    }
    let (Some(prefix), Some(group_variant)) = (prefix, group_variant) else {
        return Err(format!(
            "group `{group}` has no rule to take its code prefix from"
        ));
    };
    let code = format!("{prefix}{:03}", last + 1);

    write(
        &rule_file,
        &rule_module(&code, name, &variant, &group_variant),
    )?;

    // `pub mod` in the group's module, in order.
    let mod_path = group_dir.join("mod.rs");
    let mod_rs = read(&mod_path)?;
    let mut lines: Vec<String> = mod_rs.lines().map(str::to_owned).collect();
    let at = lines
        .iter()
        .position(|l| {
            l.starts_with("pub mod ") && l.as_str() > format!("pub mod {module};").as_str()
        })
        .or_else(|| {
            lines
                .iter()
                .rposition(|l| l.starts_with("pub mod "))
                .map(|i| i + 1)
        })
        .unwrap_or(lines.len());
    lines.insert(at, format!("pub mod {module};"));
    write(&mod_path, &(lines.join("\n") + "\n"))?;

    // The registry entry, after the group's last one (registry order is code order).
    let mut lines: Vec<String> = registry.lines().map(str::to_owned).collect();
    let marker = format!("=> {group}::");
    let at = lines
        .iter()
        .rposition(|l| l.contains(&marker))
        .map(|i| i + 1)
        .ok_or_else(|| format!("no `{marker}` entry in src/registry.rs"))?;
    lines.insert(at, format!("    {variant} => {group}::{module},"));
    write(&registry_path, &(lines.join("\n") + "\n"))?;

    write(
        &fixtures.join("flag.py"),
        &fixture(name, "flag", Some(&code)),
    )?;
    write(&fixtures.join("ok.py"), &fixture(name, "ok", None))?;

    let mut report = String::new();
    let _ = writeln!(report, "Added {code} {name} ({group}):");
    for path in [
        &rule_file,
        &mod_path,
        &registry_path,
        &fixtures.join("flag.py"),
        &fixtures.join("ok.py"),
    ] {
        let shown = path
            .strip_prefix(lint.parent().and_then(Path::parent).unwrap_or(lint))
            .unwrap_or(path);
        let _ = writeln!(report, "  {}", shown.display());
    }
    let _ = writeln!(
        report,
        "Next:\n  1. write the check and the documentation (every TODO) in the rule module;\n  2. make the fixtures say what it flags (`# expect: {code}` on each line) and what it leaves alone;\n  3. INSTA_UPDATE=always cargo test -p retort-lint --test rules, and read the new snapshot;\n  4. UPDATE_RULES_DOC=1 cargo test -p retort-lint --test docs (regenerates docs/rules.md)."
    );
    Ok(report)
}

fn rule_module(code: &str, name: &str, variant: &str, group_variant: &str) -> String {
    format!(
        r#"use crate::rules::prelude::*;

declare_rule! {{
    /// ## What it does
    /// TODO: what the rule checks, in one sentence (the summary `retort rule --list`
    /// shows).
    ///
    /// ## Why is this bad?
    /// TODO: what goes wrong on a real database, with Alembic's or the database's own
    /// words where there are some.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.execute("TODO")
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     pass  # TODO
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct {variant} {{
        code: "{code}",
        name: "{name}",
        group: {group_variant},
        severity: Warning,
        opt_in: false,
        fix: None,
    }}
}}

pub(crate) fn check(cx: &mut Checker<'_>) {{
    // TODO: the rule's logic. `visit` walks every op of `upgrade()`, batch and
    // autocommit blocks included; `cx.downgrade`, `cx.python()`, `cx.graph()` and
    // `cx.sql()` give the rest. (A rule that reads the catalog before the revision
    // must be listed in `Rule::reads_catalog`.)
    let mut found = Vec::new();
    visit(&cx.upgrade, &mut |op, _scope| {{
        if let OpKind::Execute {{ .. }} = &op.kind {{
            found.push(op.range);
        }}
    }});
    for range in found {{
        cx.report(
            range,
            "TODO: what is wrong here, in one sentence.",
            "TODO: what to write instead.",
        );
    }}
}}
"#
    )
}

fn fixture(name: &str, kind: &str, code: Option<&str>) -> String {
    let body = match code {
        Some(code) => format!("    op.execute(\"SELECT 1\")  # expect: {code}"),
        None => "    op.create_table(\"t\", sa.Column(\"id\", sa.Integer(), primary_key=True))"
            .to_owned(),
    };
    format!(
        "\"\"\"{name} {kind}\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = \"a1\"\ndown_revision = None\n\n\ndef upgrade():\n{body}\n\n\ndef downgrade():\n    pass\n"
    )
}
