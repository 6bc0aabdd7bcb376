//! `retort lint` / `retort rule` in-process: exit codes and output formats.

use std::path::Path;

fn retort(args: &[&str]) -> (u8, String, String) {
    retort_in("../retort-lint/tests/fixtures", args)
}

/// `retort ARGS` run in `dir` (relative to this crate).
fn retort_in(dir: &str, args: &[&str]) -> (u8, String, String) {
    let cwd = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let args: Vec<String> = std::iter::once("retort")
        .chain(args.iter().copied())
        .map(str::to_owned)
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = retort_cli::run(&args, &cwd, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

#[test]
fn lint_exit_codes_and_formats() {
    let flag = "op-fails-on-schema/flag";
    let (code, out, _) = retort(&["--dir", flag, "lint", "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    let findings: serde_json::Value = serde_json::from_str(&out).expect("json");
    let codes: Vec<&str> = findings
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(codes.contains(&"RT004"), "{codes:?}");

    let (code, out, _) = retort(&[
        "--dir",
        "op-fails-on-schema/ok",
        "lint",
        "--select",
        "RT004",
    ]);
    assert_eq!((code, out.as_str()), (0, "All checks passed!\n"));

    let (code, _, _) = retort(&[
        "--dir",
        flag,
        "lint",
        "--select",
        "RT004",
        "--fail-on",
        "error",
    ]);
    assert_eq!(code, 1);

    let (code, _, err) = retort(&["--dir", flag, "lint", "--select", "no-such-rule"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-rule"), "{err}");

    let (code, out, _) = retort(&[
        "--dir", flag, "lint", "--select", "RT004", "--format", "github",
    ]);
    assert_eq!(code, 1);
    assert!(out.starts_with("::error title=RT004"), "{out}");

    let (_, out, _) = retort(&["--dir", flag, "lint", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&out).expect("sarif json");
    assert_eq!(sarif["version"], "2.1.0");
}

#[test]
fn rule_docs() {
    let (code, out, _) = retort(&["rule", "SAF001"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("# index-not-concurrent (SAF001)"), "{out}");
    assert!(out.contains("### Why is this bad?"));
    let (code, out, _) = retort(&["rule", "--explain", "drop-column"]);
    assert_eq!(code, 0);
    assert!(out.contains("SAF016"));
    let (code, out, _) = retort(&["rule", "--list"]);
    assert_eq!(code, 0);
    assert!(out.lines().count() >= 40);
    let (code, _, _) = retort(&["rule", "nope"]);
    assert_eq!(code, 2);
}

/// What loading the project reports is in every output format, at its file and line,
/// and counts for the exit code: a syntax error (RT003), a missing parent (HIS002), a
/// file that is not a revision (RT006), a configuration without `script_location`.
#[test]
fn lint_reports_what_loading_the_project_found() {
    let history = "tests/projects/broken-history";
    let expected = [
        ("migrations/versions/b1_second.py", 15, "RT003"),
        ("migrations/versions/c1_third.py", 11, "HIS002"),
        ("migrations/versions/helpers.py", 1, "RT006"),
    ];
    let (code, out, err) = retort_in(history, &["lint", "--format", "json"]);
    assert_eq!(code, 1, "{out}{err}");
    let findings: serde_json::Value = serde_json::from_str(&out).expect("json");
    let rows: Vec<(String, u64, String)> = findings
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or("").to_owned(),
                f["location"]["line"].as_u64().unwrap_or(0),
                f["code"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    for (path, line, code) in expected {
        assert!(
            rows.contains(&(path.to_owned(), line, code.to_owned())),
            "{path}:{line} {code} missing from {rows:?}"
        );
    }

    let (code, out, _) = retort_in(history, &["lint"]);
    assert_eq!(code, 1);
    for (path, line, code) in expected {
        assert!(
            out.contains(&format!("{path}:{line}:")),
            "{path}:{line} {code}:\n{out}"
        );
    }
    let (_, out, _) = retort_in(history, &["lint", "--format", "github"]);
    for (path, line, code) in expected {
        let at = format!("::error title={code} ");
        let line_of = out.lines().find(|l| l.starts_with(&at) && l.contains(path));
        assert!(
            line_of.is_some_and(|l| l.contains(&format!(",line={line},"))),
            "{code} {path}:{line}:\n{out}"
        );
    }
    let (_, out, _) = retort_in(history, &["lint", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&out).expect("sarif");
    let results = sarif["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (path, line, code) in expected {
        assert!(
            results.iter().any(|r| r["ruleId"] == code
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == path
                && r["locations"][0]["physicalLocation"]["region"]["startLine"] == line),
            "{code} {path}:{line} not in SARIF"
        );
    }
    // Errors fail even with --fail-on error; ignoring the rules that report them passes.
    let (code, _, _) = retort_in(history, &["lint", "--fail-on", "error"]);
    assert_eq!(code, 1);
    let (code, out, _) = retort_in(
        history,
        &[
            "lint",
            "--select",
            "RT003,HIS002,RT006",
            "--ignore",
            "RT003,HIS002,RT006",
        ],
    );
    assert_eq!((code, out.as_str()), (0, "All checks passed!\n"));

    let (code, out, _) = retort_in("tests/projects/no-script-location", &["lint"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("alembic.ini:1:1: RT006 No 'script_location' key found in configuration."),
        "{out}"
    );
    let (code, out, _) = retort_in(history, &["-c", "nowhere.ini", "lint"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("nowhere.ini:1:1: RT006 No config file 'nowhere.ini' found")),
        "{out}"
    );
}
