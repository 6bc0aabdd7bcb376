//! `docs/rules.md` is generated from the rules' doc comments; this test fails when it
//! is stale. Regenerate with `UPDATE_RULES_DOC=1 cargo test -p retort-lint --test docs`.

use std::path::Path;

use retort_lint::{docs, Rule};

#[test]
fn rules_md_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let generated = docs::rules_markdown();
    if std::env::var_os("UPDATE_RULES_DOC").is_some() {
        std::fs::create_dir_all(path.parent().expect("docs dir")).expect("create docs/");
        std::fs::write(&path, &generated).expect("write docs/rules.md");
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "docs/rules.md is stale: run `UPDATE_RULES_DOC=1 cargo test -p retort-lint --test docs`"
    );
}

#[test]
fn every_rule_is_documented_in_ruff_shape() {
    let mut codes = std::collections::HashSet::new();
    let mut names = std::collections::HashSet::new();
    for rule in Rule::ALL {
        let meta = rule.meta();
        assert!(codes.insert(meta.code), "duplicate code {}", meta.code);
        assert!(names.insert(meta.name), "duplicate name {}", meta.name);
        assert!(
            meta.code.starts_with(meta.group.prefix()),
            "{} not in {}",
            meta.code,
            meta.group.prefix()
        );
        assert!(
            meta.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} is not kebab-case",
            meta.name
        );
        let doc = meta.doc_text();
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
            "## Fix safety",
        ] {
            assert!(doc.contains(section), "{}: missing `{section}`", meta.name);
        }
        assert!(!meta.summary().is_empty(), "{}", meta.name);
        // `cargo xtask new-rule` leaves TODOs: a scaffold is not a rule yet.
        assert!(
            !doc.contains("TODO"),
            "{}: write the documentation (TODO left)",
            meta.name
        );
    }
    assert!(Rule::ALL.len() >= 40);
}
