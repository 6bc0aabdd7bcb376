//! `retort check` and `retort revision --autogenerate` end to end (disk in, disk out)
//! against real Alembic 1.20.1 on every model fixture (`tests/fixtures/models/<case>/`,
//! goldens by `tests/oracle/models_goldens.sh`):
//! - `check`: stderr and the exit code exactly as `alembic check` (Retort adds its
//!   readable diff on stdout, and no diagnostics are expected for these fixtures);
//! - `revision --autogenerate -m autogen --rev-id ffffffffffff`: what it prints, and the
//!   file it writes, exactly as Alembic (except `Create Date:`).

use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/models")
}

/// A throwaway Alembic-shaped project for a fixture: alembic.ini, migrations/versions, models.py.
fn project(case: &str) -> PathBuf {
    project_for(case, "golden")
}

/// A project for one test (tests run in parallel: each has its own directory).
fn project_for(case: &str, test: &str) -> PathBuf {
    let src = fixtures().join(case);
    let dir = std::env::temp_dir().join(format!(
        "retort-models-cli-{case}-{test}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let versions = dir.join("migrations/versions");
    std::fs::create_dir_all(&versions).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("alembic.ini"),
        "[alembic]\nscript_location = migrations\nsqlalchemy.url = sqlite:///db.sqlite\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(src.join("models.py"), dir.join("models.py")).unwrap_or_else(|e| panic!("{e}"));
    copy_tree(&src.join("app"), &dir.join("app"));
    if let Ok(entries) = std::fs::read_dir(src.join("versions")) {
        for e in entries.filter_map(Result::ok) {
            std::fs::copy(e.path(), versions.join(e.file_name())).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    dir
}

/// Copies a package of model modules, when the fixture has one.
fn copy_tree(from: &Path, to: &Path) {
    let Ok(entries) = std::fs::read_dir(from) else {
        return;
    };
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for e in entries.filter_map(Result::ok) {
        if e.path().is_dir() {
            copy_tree(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

fn run(dir: &Path, args: &[&str]) -> (String, String, u8) {
    let mut argv = vec!["retort".to_owned()];
    argv.extend(args.iter().map(|s| (*s).to_owned()));
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = retort_cli::run(&argv, dir, &mut out, &mut err);
    (
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
        code,
    )
}

/// `# oracle:` options of the fixture as CLI flags.
fn flags(case: &str) -> Vec<&'static str> {
    let text = std::fs::read_to_string(fixtures().join(case).join("models.py")).unwrap_or_default();
    let mut out = vec!["--models", "models.py"];
    if fixtures().join(case).join("app").is_dir() {
        out.push("app");
    }
    if text.contains("# oracle: compare_server_default=True") {
        out.push("--compare-server-default");
    }
    if text.contains("checkconstraint_byname") {
        out.push("--check-constraints");
    }
    if text.contains("# oracle: render_as_batch=True") {
        out.push("--render-as-batch");
    }
    out
}

fn expected(case: &str, file: &str) -> String {
    std::fs::read_to_string(fixtures().join(case).join("expected").join(file))
        .unwrap_or_else(|e| panic!("{case}/{file}: {e}; run tests/oracle/models_goldens.sh"))
}

fn golden(case: &str) {
    let dir = project(case);
    let mut args = vec!["check"];
    args.extend(flags(case));
    let (stdout, stderr, code) = run(&dir, &args);
    let verdict = if code == 0 {
        stdout
            .lines()
            .next()
            .map(|l| format!("{l}\n"))
            .unwrap_or_default()
    } else {
        String::new()
    };
    let got = format!("{stderr}{verdict}[exit code: {code}]\n");
    assert_eq!(got, expected(case, "check.txt"), "{case}: retort check");

    let mut args = vec![
        "revision",
        "--autogenerate",
        "-m",
        "autogen",
        "--rev-id",
        "ffffffffffff",
    ];
    args.extend(flags(case));
    let (stdout, stderr, code) = run(&dir, &args);
    let written = dir.join("migrations/versions/ffffffffffff_autogen.py");
    let shown = written.canonicalize().unwrap_or(written.clone());
    let got = format!("{stderr}{stdout}[exit code: {code}]\n").replace(
        &shown.display().to_string(),
        "<scratch>/proj/migrations/versions/ffffffffffff_autogen.py",
    );
    assert_eq!(
        got,
        expected(case, "revision.txt"),
        "{case}: retort revision --autogenerate"
    );
    let text = std::fs::read_to_string(&written).unwrap_or_default();
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("Create Date: ") {
                "Create Date: <date>"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    assert_eq!(
        text,
        expected(case, "revision.py"),
        "{case}: the written revision"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

macro_rules! goldens {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { golden(stringify!($name)); })*
    };
}

goldens!(
    clean,
    dirty,
    server_default,
    classic,
    table_metadata,
    mixins,
    annotations,
    sqlmodel,
    checks,
    removed,
    multifile,
    batch,
    batch_convention
);

#[test]
fn models_come_from_env_py() {
    let dir = project_for("multifile", "env");
    std::fs::write(
        dir.join("migrations/env.py"),
        "from alembic import context\nfrom app.db.base import Base\nimport app.models  # noqa\n\ntarget_metadata = Base.metadata\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (_, stderr, code) = run(&dir, &["check"]);
    assert_eq!(
        format!("{stderr}[exit code: {code}]\n"),
        expected("multifile", "check.txt")
    );
    std::fs::write(dir.join("migrations/env.py"), "target_metadata = None\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, stderr, code) = run(&dir, &["check"]);
    assert_eq!(code, 255);
    assert!(
        stderr.ends_with("FAILED: Can't proceed with --autogenerate option; environment script migrations/env.py does not provide a MetaData object or sequence of objects to the context.\n"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
