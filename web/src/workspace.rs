//! Changes to the workspace's files, as pure functions the reducer calls.

use crate::protocol::{Workspace, WorkspaceFile};

/// Where new revision files go when the project does not say.
pub const DEFAULT_VERSIONS_DIR: &str = "migrations/versions";

/// Longest path accepted.
const MAX_PATH: usize = 512;

/// A workspace path from what the user typed: `/`-separated, no leading `/`,
/// no `.` or `..` segments, no empty segments. `Err` says what is wrong.
pub fn clean_path(path: &str) -> Result<String, String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.trim().split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let cleaned = parts.join("/");
    if cleaned.is_empty() {
        return Err("A file needs a name.".to_owned());
    }
    if cleaned.len() > MAX_PATH {
        return Err(format!("A path is at most {MAX_PATH} bytes long."));
    }
    if cleaned.chars().any(char::is_control) {
        return Err("A path cannot contain control characters.".to_owned());
    }
    Ok(cleaned)
}

impl Workspace {
    /// Adds `file`, replacing the file at the same path.
    pub fn put(&mut self, file: WorkspaceFile) {
        match self.files.iter_mut().find(|f| f.path == file.path) {
            Some(existing) => existing.text = file.text,
            None => {
                self.files.push(file);
                self.sort();
            }
        }
    }

    /// Renames `from` to `to` (a cleaned path). `Err` when `to` is taken or
    /// `from` is missing.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), String> {
        if from == to {
            return Ok(());
        }
        if self.file(to).is_some() {
            return Err(format!("{to} already exists."));
        }
        let Some(file) = self.files.iter_mut().find(|f| f.path == from) else {
            return Err(format!("{from} does not exist."));
        };
        file.path = to.to_owned();
        self.sort();
        Ok(())
    }

    /// Removes the file at `path`; whether there was one.
    pub fn remove(&mut self, path: &str) -> bool {
        let before = self.files.len();
        self.files.retain(|f| f.path != path);
        self.files.len() != before
    }

    /// Sets the text of the file at `path`; whether it exists.
    pub fn edit(&mut self, path: &str, text: String) -> bool {
        match self.files.iter_mut().find(|f| f.path == path) {
            Some(file) => {
                file.text = text;
                true
            }
            None => false,
        }
    }

    /// Directories first, then files, each by name: the order of the file tree.
    pub fn sort(&mut self) {
        self.files
            .sort_by(|a, b| tree_key(&a.path).cmp(&tree_key(&b.path)));
    }

    /// A path in `dir` named like `stem`, not yet taken (`stem_2.py`, …).
    pub fn free_path(&self, dir: &str, stem: &str, extension: &str) -> String {
        let join = |name: String| {
            if dir.is_empty() {
                name
            } else {
                format!("{dir}/{name}")
            }
        };
        let mut path = join(format!("{stem}{extension}"));
        let mut n = 2;
        while self.file(&path).is_some() {
            path = join(format!("{stem}_{n}{extension}"));
            n += 1;
        }
        path
    }
}

/// Sort key putting a directory's sub-directories before its files.
fn tree_key(path: &str) -> Vec<(bool, &str)> {
    let parts: Vec<&str> = path.split('/').collect();
    let last = parts.len() - 1;
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| (i == last, part))
        .collect()
}

/// A file name for pasted revision text: `<revision>_<slug of its message>.py`,
/// or `pasted.py` when it declares no revision.
pub fn name_for_pasted(text: &str) -> String {
    let revision = declared_revision(text);
    let message = text
        .trim_start()
        .strip_prefix("\"\"\"")
        .and_then(|rest| rest.lines().next())
        .map(slug)
        .unwrap_or_default();
    match (revision, message.is_empty()) {
        (Some(revision), false) => format!("{revision}_{message}"),
        (Some(revision), true) => revision,
        (None, _) => "pasted".to_owned(),
    }
}

/// The id a top-level `revision = '…'` (or `revision: str = '…'`) line
/// declares: a quick look to place a loaded file, not the analysis.
pub fn declared_revision(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let rest = line.strip_prefix("revision")?.trim_start();
        let rest = rest.strip_prefix(": str").unwrap_or(rest).trim_start();
        let value = rest.strip_prefix('=')?.trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        (!value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .then(|| value.to_owned())
    })
}

/// Where loose files go: a revision file (a `.py` declaring `revision`)
/// picked on its own joins the versions directory; anything else, or
/// anything with a folder in its path, keeps its path.
pub fn place_loose(path: &str, text: &str, versions_dir: &str) -> String {
    if !path.contains('/') && path.ends_with(".py") && declared_revision(text).is_some() {
        format!("{versions_dir}/{path}")
    } else {
        path.to_owned()
    }
}

/// `add user email` → `add_user_email`, as Alembic names revision files.
fn slug(message: &str) -> String {
    let words: Vec<String> = message
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let out: String = words.join("_").chars().take(40).collect();
    out.trim_end_matches('_').to_owned()
}
