//! `retort upgrade / downgrade / current / stamp / roundtrip`, driven in-process on the
//! engine's fixture histories.

use std::path::{Path, PathBuf};

fn fixture(case: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../retort-engine/tests/fixtures")
        .join(case)
        .to_string_lossy()
        .into_owned()
}

/// Runs `retort args…` in `cwd`; returns (exit code, stdout, stderr).
fn retort(cwd: &Path, args: &[&str]) -> (u8, String, String) {
    let mut argv = vec!["retort".to_owned()];
    argv.extend(args.iter().map(|a| (*a).to_owned()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = retort_cli::run(&argv, cwd, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("retort-cli-engine-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn commands_on_a_database_file() {
    let dir = scratch("db");
    let project = fixture("good_linear");
    let (code, _, err) = retort(
        &dir,
        &["--dir", &project, "upgrade", "head", "--db", "app.db.json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.ends_with(
        "INFO  [alembic.runtime.migration] Running upgrade c3 -> d4, rename name to full_name\n"
    ));
    let (code, out, _) = retort(&dir, &["--dir", &project, "current", "--db", "app.db.json"]);
    assert_eq!((code, out.as_str()), (0, "d4 (head)\n"));
    let (code, _, err) = retort(
        &dir,
        &["--dir", &project, "downgrade", "-1", "--db", "app.db.json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.ends_with(
        "INFO  [alembic.runtime.migration] Running downgrade d4 -> c3, rename name to full_name\n"
    ));
    let (_, out, _) = retort(&dir, &["--dir", &project, "current", "--db", "app.db.json"]);
    assert_eq!(out, "c3\n");
    let (code, _, err) = retort(
        &dir,
        &["--dir", &project, "stamp", "base", "--db", "app.db.json"],
    );
    assert_eq!(code, 0);
    assert!(err.ends_with("Running stamp_revision c3 -> \n"), "{err}");
    let (_, out, _) = retort(&dir, &["--dir", &project, "current", "--db", "app.db.json"]);
    assert_eq!(out, "");
    let (code, _, err) = retort(&dir, &["--dir", &project, "upgrade", "zzzz"]);
    assert_eq!(code, 255);
    assert!(
        err.ends_with("FAILED: Can't locate revision identified by 'zzzz'\n"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failing_migration_exits_1_and_names_the_line() {
    let dir = scratch("fail");
    let (code, _, err) = retort(
        &dir,
        &[
            "--dir",
            &fixture("data_unique_index"),
            "upgrade",
            "head",
            "--dialect",
            "sqlite",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("data_unique_index/b2.py:14:5: error[migration-failed] UNIQUE constraint failed: codes.code"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn roundtrip_text_and_json() {
    let dir = scratch("roundtrip");
    let (code, out, _) = retort(&dir, &["--dir", &fixture("good_linear"), "roundtrip"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "4 revisions: 4 passed, 0 failed, 0 irreversible, 0 upgraded only, 0 not run\n"
        )
    );
    let (code, out, _) = retort(
        &dir,
        &[
            "--dir",
            &fixture("wrong_column"),
            "roundtrip",
            "--format",
            "json",
            "--rows",
            "1",
        ],
    );
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let first = &json["findings"][0];
    assert_eq!(first["code"], "roundtrip-schema");
    assert_eq!(first["line"], 18);
    assert_eq!(json["steps"][1]["outcome"], "failed");
    let _ = std::fs::remove_dir_all(&dir);
}
