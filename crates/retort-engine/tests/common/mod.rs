//! Fixture projects: revision files in, a history out.
#![allow(dead_code)]

use retort_analysis::{LoadOptions, Project, SourceFile};
use retort_engine::History;
use retort_ir::{Diagnostic, LineIndex};

/// A project of `(file name, source)` revision files under `versions/`.
pub fn project(files: &[(&str, &str)]) -> (Project, History) {
    let files: Vec<SourceFile> = files
        .iter()
        .map(|(name, text)| SourceFile::new(format!("versions/{name}"), *text))
        .collect();
    let project = Project::load(
        files,
        &LoadOptions {
            versions: vec!["versions".to_owned()],
            ..LoadOptions::default()
        },
    );
    let history = History::new(&project.revisions, project.graph.clone());
    (project, history)
}

/// `file:line: code: message` for each diagnostic, as the tests compare them.
pub fn render(project: &Project, diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            let line = match (&d.path, d.range) {
                (Some(path), Some(range)) => {
                    let text = project.source_of(path).unwrap_or("");
                    format!(":{}", LineIndex::new(text).line_col(text, range.start).line)
                }
                _ => String::new(),
            };
            format!(
                "{}{line}: {:?} {}: {}",
                d.path
                    .as_deref()
                    .unwrap_or("")
                    .trim_start_matches("versions/"),
                d.severity,
                d.code,
                d.message
            )
        })
        .collect()
}

/// The fixture history `tests/fixtures/<case>/` (its `.py` files, by name).
#[cfg(not(target_arch = "wasm32"))]
pub fn fixture_project(case: &str) -> (Project, History) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(case);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "py"))
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    project(&borrowed)
}
