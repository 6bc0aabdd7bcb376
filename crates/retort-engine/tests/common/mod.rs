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
