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
    /// The `.py` files by the last dotted part of the name they can be imported as
    /// (`cli` for `…/app/db/cli.py`), with that importable path (`…/app/db/cli`).
    /// Building it allocates nothing: it is built on every load, before any file is
    /// parsed, and a history has thousands of files.
    by_last_part: rustc_hash::FxHashMap<&'a str, Vec<(&'a str, usize)>>,
    cache: Mutex<HashMap<String, Option<Constants>>>,
}

impl<'a> WorkspaceModules<'a> {
    /// A resolver over the loaded files.
    pub fn new(files: &'a [SourceFile]) -> Self {
        let mut by_last_part = rustc_hash::FxHashMap::<&'a str, Vec<(&'a str, usize)>>::default();
        for (index, file) in files.iter().enumerate() {
            let Some(stem) = file.path.strip_suffix(".py") else {
                continue;
            };
            let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
            let last = stem.rsplit(['/', '.']).next().unwrap_or(stem);
            by_last_part.entry(last).or_default().push((stem, index));
        }
        Self {
            files,
            by_last_part,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The file `module` imports: among the files whose path ends with the module's
    /// parts (at a directory boundary), the one with the shortest path, the first loaded
    /// on a tie.
    pub(crate) fn find(&self, module: &str) -> Option<&'a SourceFile> {
        let last = module.rsplit('.').next().unwrap_or(module);
        let candidates = self.by_last_part.get(last)?;
        candidates
            .iter()
            .filter(|(stem, _)| imports_as(stem, module))
            .map(|&(_, index)| &self.files[index])
            .reduce(|best, file| {
                if file.path.len() < best.path.len() {
                    file
                } else {
                    best
                }
            })
    }
}

/// Whether the file at `stem` (its path without `.py` or `/__init__.py`) can be imported
/// as `module`: the module's dotted parts are the last parts of the path.
fn imports_as(stem: &str, module: &str) -> bool {
    let Some(boundary) = stem.len().checked_sub(module.len()) else {
        return false;
    };
    let (head, tail) = stem.split_at_checked(boundary).unwrap_or((stem, ""));
    (head.is_empty() || head.ends_with('/'))
        && tail
            .bytes()
            .zip(module.bytes())
            .all(|(p, m)| p == m || (p == b'/' && m == b'.'))
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
        assert!(
            !m.is_module("pp.db.migration.cli"),
            "only whole directory names"
        );
        assert!(
            !m.is_module("db.migration"),
            "a directory without __init__.py"
        );
        assert_eq!(m.constant("other", "X"), None);
    }

    #[test]
    fn the_shortest_path_wins_then_the_first_loaded() {
        let files = vec![
            SourceFile::new("lib/x/settings.py", "A = 1\n"),
            SourceFile::new("y/settings.py", "A = 2\n"),
            SourceFile::new("z/settings/__init__.py", "A = 3\n"),
            SourceFile::new("w/settings.py", "A = 4\n"),
        ];
        let m = WorkspaceModules::new(&files);
        assert_eq!(m.constant("settings", "A"), Some(Value::Int(2)));
        assert_eq!(m.constant("x.settings", "A"), Some(Value::Int(1)));
        assert_eq!(m.constant("z.settings", "A"), Some(Value::Int(3)));
    }
}
