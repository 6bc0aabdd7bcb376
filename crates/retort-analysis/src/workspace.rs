//! The files a user loaded: paths and text, nothing read from disk here.

use retort_ir::{Diagnostic, LineIndex};
use serde::{Deserialize, Serialize};

/// One loaded file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    /// Path as the user gave it, `/`-separated, relative to where they loaded from.
    pub path: String,
    /// Contents; invalid UTF-8 was replaced (see `not_utf8`).
    pub text: String,
    /// The bytes were not valid UTF-8.
    #[serde(default)]
    pub not_utf8: bool,
}

impl SourceFile {
    /// A file from text.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            path: normalize_path(&path.into()),
            text: text.into(),
            not_utf8: false,
        }
    }

    /// A file from raw bytes: invalid UTF-8 is replaced and remembered, never an error.
    pub fn from_bytes(path: impl Into<String>, bytes: &[u8]) -> Self {
        Self::from_vec(path, bytes.to_vec())
    }

    /// [`SourceFile::from_bytes`] taking the bytes: valid UTF-8 is not copied.
    pub fn from_vec(path: impl Into<String>, bytes: Vec<u8>) -> Self {
        let (text, not_utf8) = match String::from_utf8(bytes) {
            Ok(text) => (text, false),
            Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), true),
        };
        Self {
            path: normalize_path(&path.into()),
            text,
            not_utf8,
        }
    }

    /// The file name (last path component).
    pub fn file_name(&self) -> &str {
        file_name(&self.path)
    }
}

/// The last component of a `/`-separated path.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The directory part of a `/`-separated path (`""` for a bare name).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..i],
        None => "",
    }
}

/// `\` → `/`, no `./` segments, no doubled or trailing slashes, `..` folded where it can be.
pub fn normalize_path(path: &str) -> String {
    // Most paths (every file a directory walk finds) are normal already.
    let normal = !path.contains('\\')
        && path
            .split('/')
            .enumerate()
            .all(|(i, part)| (i == 0 || !part.is_empty()) && part != "." && part != "..");
    if normal {
        return path.to_owned();
    }
    let path = path.replace('\\', "/");
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Joins a directory and a relative path (an absolute `rel` wins).
pub fn join(dir: &str, rel: &str) -> String {
    if rel.starts_with('/') || dir.is_empty() {
        normalize_path(rel)
    } else {
        normalize_path(&format!("{dir}/{rel}"))
    }
}

/// `path:line:col: severity[code] message`, then `  help: …` on the next line when the
/// diagnostic has help: how the CLI and the web console print a diagnostic.
pub fn render_diagnostic(d: &Diagnostic, files: &[SourceFile]) -> String {
    let severity = format!("{:?}", d.severity).to_lowercase();
    let location = match (&d.path, d.range) {
        (Some(path), Some(range)) => {
            let text = files
                .iter()
                .find(|f| &f.path == path)
                .map_or("", |f| f.text.as_str());
            let lc = LineIndex::new(text).line_col(text, range.start);
            format!("{path}:{}:{}: ", lc.line, lc.column)
        }
        (Some(path), None) => format!("{path}: "),
        _ => String::new(),
    };
    let help = d
        .help
        .as_deref()
        .map(|h| format!("\n  help: {h}"))
        .unwrap_or_default();
    format!("{location}{severity}[{}] {}{help}", d.code, d.message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(normalize_path("./a\\b//c/"), "a/b/c");
        assert_eq!(normalize_path("a/../b"), "b");
        assert_eq!(normalize_path("../a"), "../a");
        assert_eq!(normalize_path("/x/./y"), "/x/y");
        for normal in ["", "a", "/x/y", "v/a.py", "_x/.hidden.py"] {
            assert_eq!(normalize_path(normal), normal);
        }
        for odd in ["a/", "a//b", "a/./b", "a\\b"] {
            assert_ne!(normalize_path(odd), odd);
        }
        assert_eq!(
            join("proj", "migrations/versions"),
            "proj/migrations/versions"
        );
        assert_eq!(join("", "m"), "m");
        assert_eq!(parent("a/b.py"), "a");
        assert_eq!(file_name("a/b.py"), "b.py");
    }

    #[test]
    fn bad_bytes_are_kept_as_data() {
        let f = SourceFile::from_bytes("x.py", b"revision = '\xff'\n");
        assert!(f.not_utf8);
        assert!(f.text.contains('\u{fffd}'));
    }
}
