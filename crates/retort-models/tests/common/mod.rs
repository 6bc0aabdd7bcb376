//! Helpers shared by the fixture tests.

use std::path::Path;

use retort_parse::{parse_model_modules, ModelFile, NoModules};

/// The fixture's model modules: models.py and every module of its packages.
pub fn model_sources(dir: &Path) -> Vec<(String, String)> {
    fn walk(root: &Path, rel: &str, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
            return;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if e.path().is_dir() {
                if !matches!(name.as_str(), "versions" | "expected" | "__pycache__") {
                    walk(root, &path, out);
                }
            } else if name.ends_with(".py") {
                out.push((path, std::fs::read_to_string(e.path()).unwrap_or_default()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out);
    out
}

/// The fixture's model modules, read as one set.
pub fn model_files(dir: &Path) -> Vec<ModelFile> {
    let sources = model_sources(dir);
    let pairs: Vec<(&str, &str)> = sources
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    parse_model_modules(&pairs, &NoModules, Default::default())
}
