//! Python modules of the workspace, for constants migrations import from the application.

use std::collections::HashMap;
use std::sync::Mutex;

use retort_ir::Value;
use retort_parse::{module_constants, ModuleResolver};

use crate::workspace::SourceFile;

/// A module's top-level constants, by name.
type Constants = Vec<(String, Value)>;

/// Resolves dotted module names to loaded files (`app.db.cli` → `…/app/db/cli.py` or
/// `…/app/db/cli/__init__.py`) and evaluates their top-level constants once, lazily.
pub struct WorkspaceModules<'a> {
    files: &'a [SourceFile],
    /// Every dotted name a `.py` file can be imported as (each path suffix), to the file
    /// with the shortest path: built once, so a lookup is a hash probe.
    by_module: HashMap<String, usize>,
    cache: Mutex<HashMap<String, Option<Constants>>>,
}

impl<'a> WorkspaceModules<'a> {
    /// A resolver over the loaded files.
    pub fn new(files: &'a [SourceFile]) -> Self {
        let mut by_module: HashMap<String, usize> = HashMap::new();
        for (index, file) in files.iter().enumerate() {
            let Some(stem) = file.path.strip_suffix(".py") else {
                continue;
            };
            let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
            let parts: Vec<&str> = stem.split('/').collect();
            for start in 0..parts.len() {
                let name = parts[start..].join(".");
                let better = by_module
                    .get(&name)
                    .is_none_or(|&other| files[other].path.len() > file.path.len());
                if better {
                    by_module.insert(name, index);
                }
            }
        }
        Self {
            files,
            by_module,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The file `module` (dotted) resolves to.
    pub(crate) fn find(&self, module: &str) -> Option<&'a SourceFile> {
        self.by_module.get(module).map(|&i| &self.files[i])
    }
}

impl ModuleResolver for WorkspaceModules<'_> {
    fn is_module(&self, module: &str) -> bool {
        self.find(module).is_some()
    }

    fn constant(&self, module: &str, name: &str) -> Option<Value> {
        // A poisoned lock only means another thread panicked mid-insert; the map is still usable.
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let constants = cache
            .entry(module.to_owned())
            .or_insert_with(|| self.find(module).map(|f| module_constants(&f.text)));
        constants
            .as_ref()?
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_by_suffix() {
        let files = vec![
            SourceFile::new("src/app/db/migration/cli.py", "EXPAND = 'expand'\n"),
            SourceFile::new("src/app/__init__.py", "NAME = 'app'\n"),
        ];
        let m = WorkspaceModules::new(&files);
        assert!(m.is_module("app.db.migration.cli"));
        assert_eq!(
            m.constant("app.db.migration.cli", "EXPAND"),
            Some(Value::Str("expand".into()))
        );
        assert_eq!(m.constant("app", "NAME"), Some(Value::Str("app".into())));
        assert!(!m.is_module("other"));
        assert_eq!(m.constant("other", "X"), None);
    }
}
