//! Every rule against its fixtures: `tests/fixtures/<rule-name>/` holds cases that
//! must be reported (lines marked `# expect: CODE`) and cases that must not (no
//! markers, named `ok*`). The rendered findings of each rule are an insta snapshot,
//! and every fix is applied, re-parsed and re-linted until stable.

mod common;

use std::fmt::Write;

use common::{cases, config_for, expectations, located, root, run, Case};
use retort_lint::{apply_fixes, render_text, Applicability, Rule, Sources};
use ruff_python_ast::PySourceType;
use ruff_python_parser::parse_unchecked_source;

/// Applies every fix (safe and unsafe) until nothing changes; checks the result parses
/// and that the fixes converge. Returns the fixed sources that changed.
fn fix_until_stable(case: &Case, rule: Rule) -> Vec<(String, String)> {
    let mut current = Case {
        name: case.name.clone(),
        files: case.files.clone(),
    };
    let config = config_for(case, Some(rule));
    for _ in 0..10 {
        let (_, findings) = run(&current, &config);
        let mut changed = false;
        for (path, source) in &mut current.files {
            let (fixed, n) = apply_fixes(source, path, &findings, Applicability::Unsafe);
            if n > 0 {
                assert!(
                    !parse_unchecked_source(&fixed, PySourceType::Python).has_syntax_errors()
                        || parse_unchecked_source(source, PySourceType::Python).has_syntax_errors(),
                    "{}: fixing {path} produced invalid Python:\n{fixed}",
                    rule.name()
                );
                *source = fixed;
                changed = true;
            }
        }
        if !changed {
            return current
                .files
                .into_iter()
                .zip(&case.files)
                .filter(|((_, a), (_, b))| a != b)
                .map(|(f, _)| f)
                .collect();
        }
    }
    panic!(
        "{}: fixes for {} did not converge in 10 passes",
        rule.name(),
        case.name
    );
}

#[test]
fn every_rule_has_fixtures_that_flag_and_that_pass() {
    let mut missing = Vec::new();
    for rule in Rule::ALL {
        let dir = root().join(rule.name());
        let cases = cases(&dir);
        let flags = cases.iter().any(|c| !expectations(c).is_empty());
        let passes = cases.iter().any(|c| c.name.starts_with("ok"));
        if !flags || !passes {
            missing.push(format!("{} (flag: {flags}, pass: {passes})", rule.name()));
        }
    }
    assert!(missing.is_empty(), "rules without fixtures: {missing:#?}");
}

#[test]
fn fixtures() {
    let mut failures = Vec::new();
    for rule in Rule::ALL {
        let dir = root().join(rule.name());
        if !dir.exists() {
            continue;
        }
        let mut snapshot = String::new();
        for case in cases(&dir) {
            let config = config_for(&case, Some(*rule));
            let (_, findings) = run(&case, &config);
            let expected = expectations(&case);
            let actual = located(&case, &findings);
            if expected != actual {
                failures.push(format!(
                    "{} / {}:\n  expected {expected:?}\n  actual   {actual:?}",
                    rule.name(),
                    case.name
                ));
            }
            if findings.is_empty() {
                continue;
            }
            let sources = Sources::new(case.files.iter().map(|(p, s)| (p.as_str(), s.as_str())));
            let _ = writeln!(snapshot, "--- {} ---", case.name);
            snapshot.push_str(&render_text(&findings, &sources));
            for (path, fixed) in fix_until_stable(&case, *rule) {
                let _ = writeln!(snapshot, "--- fixed {path} ---\n{fixed}");
            }
        }
        if !snapshot.is_empty() {
            insta::assert_snapshot!(rule.name(), snapshot);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `Rule::reads_catalog` decides which rules run during the catalog walk; a rule that
/// reads the catalog but is not listed would see an empty one.
#[test]
fn reads_catalog_lists_exactly_the_rules_that_read_it() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    for rule in Rule::ALL {
        let meta = rule.meta();
        let file = src
            .join(meta.group.name())
            .join(format!("{}.rs", meta.name.replace('-', "_")));
        let code =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(
            code.contains(".catalog"),
            rule.reads_catalog(),
            "{}: reads the catalog? fix Rule::reads_catalog",
            meta.name
        );
    }
}

/// Threads change how fast, never what: every fixture, every rule, 1 and 3 threads.
#[test]
fn threads_do_not_change_findings() {
    for entry in std::fs::read_dir(root()).expect("fixtures").flatten() {
        for case in cases(&entry.path()) {
            let mut config = config_for(&case, None);
            config.rules = retort_lint::RuleSet::all();
            let (project, one) = run(&case, &config);
            let three = retort_lint::lint_on_threads(&project, &config, 3);
            assert_eq!(one, three, "{}", case.name);
        }
    }
}
