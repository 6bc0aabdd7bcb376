//! No input makes the engine panic: every fixture project of the workspace (graph
//! problems, lint cases, front-end cases) run through upgrade, downgrade, stamp,
//! current and the stairway, in each dialect.
#![cfg(not(target_arch = "wasm32"))]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use retort_analysis::{LoadOptions, Project, SourceFile};
use retort_engine::{stairway, Dialect, Engine, EngineOptions, History, StairwayOptions};

/// Every directory under `root` (itself included) that holds `.py` files.
fn dirs_with_python(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let mut has_py = false;
    let mut children = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            children.push(p);
        } else if p.extension().is_some_and(|x| x == "py") {
            has_py = true;
        }
    }
    if has_py {
        out.push(root.to_path_buf());
    }
    children.sort();
    for c in children {
        dirs_with_python(&c, out);
    }
}

fn exercise(dir: &Path, dialect: Dialect) {
    let files: Vec<SourceFile> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "py"))
                .map(|e| {
                    SourceFile::from_bytes(
                        format!("v/{}", e.file_name().to_string_lossy()),
                        &std::fs::read(e.path()).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let project = Project::load(
        files,
        &LoadOptions {
            versions: vec!["v".to_owned()],
            ..LoadOptions::default()
        },
    );
    let history = History::new(&project.revisions, project.graph.clone());
    let options = EngineOptions {
        dialect,
        ..EngineOptions::default()
    };
    let _ = stairway(&history, &options, &StairwayOptions::default());
    let mut engine = Engine::new(options);
    for target in ["heads", "head", "+1", "base", "-1", "zzzz"] {
        let _ = engine.upgrade(&history, target);
        let _ = engine.current(&history);
        let _ = engine.downgrade(&history, target);
    }
    let _ = engine.stamp(&history, &["heads".to_owned()], false);
    let _ = engine.stamp(&history, &["base".to_owned()], true);
    let _ = engine.physical_schema();
    let _ = Engine::restore(engine.snapshot());
}

#[test]
fn fixture_projects_never_panic() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut dirs = Vec::new();
    for root in [
        "tests/fixtures/projects",
        "crates/retort-lint/tests/fixtures",
        "crates/retort-parse/tests/fixtures",
        "crates/retort-engine/tests/fixtures",
    ] {
        dirs_with_python(&workspace.join(root), &mut dirs);
    }
    assert!(dirs.len() > 50, "found only {} fixture folders", dirs.len());
    let mut panicked = Vec::new();
    for dir in &dirs {
        for dialect in [Dialect::Postgresql, Dialect::Sqlite, Dialect::Mysql] {
            if catch_unwind(AssertUnwindSafe(|| exercise(dir, dialect))).is_err() {
                panicked.push(format!("{} ({})", dir.display(), dialect.name()));
            }
        }
    }
    assert!(panicked.is_empty(), "panicked on:\n{}", panicked.join("\n"));
}
