//! `retort lint` / `retort rule` in-process: exit codes and output formats.

use std::path::Path;

fn retort(args: &[&str]) -> (u8, String, String) {
    let cwd = Path::new(env!("CARGO_MANIFEST_DIR")).join("../retort-lint/tests/fixtures");
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
