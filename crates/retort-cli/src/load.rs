//! Reading the user's files from disk into a workspace — the only IO the analysis sees.

use std::path::{Path, PathBuf};

use retort_analysis::SourceFile;

/// Directories never worth walking.
const SKIP_DIRS: &[&str] = &[
    "node_modules",
    "__pycache__",
    "site-packages",
    "target",
    "venv",
    ".venv",
    "env",
    "dist",
    "build",
];
/// The most files one load reads.
const MAX_FILES: usize = 20_000;
/// Larger files are listed with a note instead of read.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// What was read, and what was passed over.
#[derive(Debug, Default)]
pub struct Loaded {
    pub files: Vec<SourceFile>,
    pub notes: Vec<String>,
}

fn wanted(name: &str) -> bool {
    name.ends_with(".py")
        || name == "alembic.ini"
        || name.ends_with(".ini")
        || name == "pyproject.toml"
        || name == "retort.toml"
}

/// Reads the Python, ini and toml files under `root`; each file's path is `prefix` joined
/// with its path below `root`, so paths print as the user gave them.
pub fn load_dir(root: &Path, prefix: &str, loaded: &mut Loaded) {
    let mut stack: Vec<(PathBuf, String)> =
        vec![(root.to_path_buf(), prefix.trim_end_matches('/').to_owned())];
    while let Some((dir, rel)) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                loaded
                    .notes
                    .push(format!("{}: cannot read directory: {e}", dir.display()));
                continue;
            }
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if !name.starts_with('.') && !SKIP_DIRS.contains(&name.as_str()) {
                    stack.push((entry.path(), path));
                }
            } else if kind.is_file() && wanted(&name) {
                if loaded.files.len() >= MAX_FILES {
                    loaded.notes.push(format!(
                        "more than {MAX_FILES} files under {}: the rest were not read",
                        root.display()
                    ));
                    return;
                }
                load_file(&entry.path(), &path, loaded);
            }
        }
    }
}

/// Reads one file.
pub fn load_file(disk: &Path, path: &str, loaded: &mut Loaded) {
    match std::fs::metadata(disk) {
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            loaded.notes.push(format!(
                "{path}: {} bytes, larger than {MAX_FILE_BYTES}: not read",
                meta.len()
            ));
            return;
        }
        Err(e) => {
            loaded.notes.push(format!("{path}: {e}"));
            return;
        }
        Ok(_) => {}
    }
    match std::fs::read(disk) {
        Ok(bytes) => loaded.files.push(SourceFile::from_vec(path, bytes)),
        Err(e) => loaded.notes.push(format!("{path}: {e}")),
    }
}
