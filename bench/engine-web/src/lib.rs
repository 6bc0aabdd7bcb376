//! `retort roundtrip` in the browser, for the benchmark that compares it with real
//! Alembic (bench/roundtrip.sh, bench/roundtrip_web.mjs).
//!
//! One function: the project's files in, the stairway's outcome counts out. It does
//! what the CLI's `roundtrip` does after reading the files — discovery, parsing, the
//! graph, the stairway — with the same options, on the browser's main thread; the
//! caller times it.

use retort_analysis::{LoadOptions, Project, SourceFile};
use retort_engine::{stairway, Dialect, EngineOptions, History, Outcome, StairwayOptions};
use retort_ir::Severity;
use wasm_bindgen::prelude::*;

/// Runs the stairway over the project whose files are `files_json` (a JSON array of
/// `[path, text]` pairs, as `bench/roundtrip_web.mjs` sends them), imitating `dialect`
/// with `rows` sample rows per table. Returns a JSON object: the number of revisions,
/// how many passed / failed / were irreversible / not run, and the errors found — or
/// `{"error": …}` when the files cannot be read.
#[wasm_bindgen]
pub fn roundtrip(files_json: &str, dialect: &str, rows: usize) -> String {
    let pairs: Vec<(String, String)> = match serde_json::from_str(files_json) {
        Ok(pairs) => pairs,
        Err(e) => return serde_json::json!({ "error": e.to_string() }).to_string(),
    };
    let Some(dialect) = Dialect::from_name(dialect) else {
        return serde_json::json!({ "error": format!("unknown dialect {dialect}") }).to_string();
    };
    let files = pairs
        .into_iter()
        .map(|(path, text)| SourceFile::new(path, text))
        .collect();
    let project = Project::load(
        files,
        &LoadOptions {
            threads: 1,
            ..LoadOptions::default()
        },
    );
    let history = History::new(&project.revisions, project.graph.clone());
    let options = EngineOptions {
        dialect,
        rows_per_table: rows,
        ..EngineOptions::default()
    };
    let report = stairway(&history, &options, &StairwayOptions::default());
    let count = |o: Outcome| report.steps.iter().filter(|s| s.outcome == o).count();
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.path.as_deref().unwrap_or(""), d.message))
        .collect();
    serde_json::json!({
        "revisions": report.steps.len(),
        "passed": count(Outcome::Passed),
        "failed": count(Outcome::Failed),
        "irreversible": count(Outcome::Irreversible),
        "not_run": count(Outcome::NotRun),
        "errors": errors,
    })
    .to_string()
}
