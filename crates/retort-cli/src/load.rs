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
/// with its path below `root`, so paths print as the user gave them. Files are read on
/// the machine's cores; what is read and noted comes out in walk order all the same.
pub fn load_dir(root: &Path, prefix: &str, loaded: &mut Loaded) {
    let items = walk(root, prefix);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let read = |part: &[Item]| {
        let mut out = Loaded::default();
        let mut buffer = Vec::with_capacity(1 << 16);
        for item in part {
            match item {
                Item::File(disk, path) => read_file(disk, path, &mut out, &mut buffer),
                Item::Note(note) => out.notes.push(note.clone()),
            }
        }
        out
    };
    let parts: Vec<Loaded> = if threads > 1 && items.len() > 64 {
        let chunk = items.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = items
                .chunks(chunk)
                .map(|part| scope.spawn(move || read(part)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    } else {
        vec![read(&items)]
    };
    for part in parts {
        loaded.files.extend(part.files);
        loaded.notes.extend(part.notes);
    }
}

/// A file to read, or something to tell the user, in walk order.
enum Item {
    File(PathBuf, String),
    Note(String),
}

/// The files `load_dir` reads, in order: each directory's entries sorted by name.
fn walk(root: &Path, prefix: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut files = 0;
    let mut stack: Vec<(PathBuf, String)> =
        vec![(root.to_path_buf(), prefix.trim_end_matches('/').to_owned())];
    while let Some((dir, rel)) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                items.push(Item::Note(format!(
                    "{}: cannot read directory: {e}",
                    dir.display()
                )));
                continue;
            }
        };
        // Each name read once: `sort_by_key(file_name)` would build two per comparison.
        let mut entries: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| (e.file_name(), e))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, entry) in entries {
            let name = name.to_string_lossy().into_owned();
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
                if files >= MAX_FILES {
                    items.push(Item::Note(format!(
                        "more than {MAX_FILES} files under {}: the rest were not read",
                        root.display()
                    )));
                    return items;
                }
                files += 1;
                items.push(Item::File(entry.path(), path));
            }
        }
    }
    items
}

/// Reads one file.
pub fn load_file(disk: &Path, path: &str, loaded: &mut Loaded) {
    read_file(disk, path, loaded, &mut Vec::new());
}

/// Reads one file through `buffer` (kept between files): one open and reads until the
/// end, no stat, since a history has thousands of small files; the size is asked only of
/// a file past the limit.
fn read_file(disk: &Path, path: &str, loaded: &mut Loaded, buffer: &mut Vec<u8>) {
    use std::io::Read;
    let mut read = || -> std::io::Result<Result<Vec<u8>, u64>> {
        let mut file = std::fs::File::open(disk)?;
        buffer.clear();
        (&mut file).take(MAX_FILE_BYTES + 1).read_to_end(buffer)?;
        if buffer.len() as u64 > MAX_FILE_BYTES {
            return Ok(Err(file.metadata()?.len()));
        }
        Ok(Ok(buffer.as_slice().to_vec()))
    };
    match read() {
        Ok(Ok(bytes)) => loaded.files.push(SourceFile::from_vec(path, bytes)),
        Ok(Err(len)) => loaded.notes.push(format!(
            "{path}: {len} bytes, larger than {MAX_FILE_BYTES}: not read"
        )),
        Err(e) => loaded.notes.push(format!("{path}: {e}")),
    }
}
