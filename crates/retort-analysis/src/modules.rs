//! Python modules of the workspace, for constants migrations import from the application.

use std::cell::RefCell;
use std::collections::HashMap;

use retort_ir::Value;
use retort_parse::{module_constants, ModuleResolver};

use crate::workspace::SourceFile;

/// Resolves dotted module names to loaded files (`app.db.cli` → `…/app/db/cli.py` or
/// `…/app/db/cli/__init__.py`) and evaluates their top-level constants once, lazily.
pub struct WorkspaceModules<'a> {
    files: &'a [SourceFile],
    cache: RefCell<HashMap<String, Option<Vec<(String, Value)>>>>,
    /// `find` results by module: every revision asks about the same few imports.
    found: RefCell<HashMap<String, Option<&'a SourceFile>>>,
}

impl<'a> WorkspaceModules<'a> {
    /// A resolver over the loaded files.
    pub fn new(files: &'a [SourceFile]) -> Self {
        Self {
            files,
            cache: RefCell::new(HashMap::new()),
            found: RefCell::new(HashMap::new()),
        }
    }

    fn find(&self, module: &str) -> Option<&'a SourceFile> {
        if let Some(found) = self.found.borrow().get(module) {
            return *found;
        }
        let found = self.search(module);
        self.found.borrow_mut().insert(module.to_owned(), found);
        found
    }

    fn search(&self, module: &str) -> Option<&'a SourceFile> {
        if module.is_empty() || !module.split('.').all(|p| !p.is_empty()) {
            return None;
        }
        let rel = module.replace('.', "/");
        let candidates = [format!("{rel}.py"), format!("{rel}/__init__.py")];
        let suffixes = candidates.clone().map(|c| format!("/{c}"));
        self.files
            .iter()
            .filter(|f| {
                candidates
                    .iter()
                    .zip(&suffixes)
                    .any(|(c, s)| f.path == *c || f.path.ends_with(s.as_str()))
            })
            .min_by_key(|f| f.path.len())
    }
}

impl ModuleResolver for WorkspaceModules<'_> {
    fn is_module(&self, module: &str) -> bool {
        self.find(module).is_some()
    }

    fn constant(&self, module: &str, name: &str) -> Option<Value> {
        let mut cache = self.cache.borrow_mut();
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
