//! Files from the user's machine: the file pickers and dropped files or
//! folders (walked through `webkitGetAsEntry` directory entries); and files to
//! it: downloads.
//!
//! Nothing is uploaded anywhere: files are read into the workspace in memory.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, DataTransfer, File, FileList, FileSystemDirectoryEntry, FileSystemEntry,
    FileSystemFileEntry, HtmlAnchorElement, Url,
};

use crate::protocol::WorkspaceFile;
use crate::workspace::clean_path;

/// Largest file read; bigger ones are skipped with a note.
pub const MAX_FILE_BYTES: f64 = 4.0 * 1024.0 * 1024.0;
/// Most files read from one drop or pick.
pub const MAX_FILES: usize = 20_000;
/// Directories never walked into.
const SKIPPED_DIRS: &[&str] = &[
    ".git",
    "__pycache__",
    "node_modules",
    ".venv",
    "venv",
    ".tox",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "target",
    "dist",
    "build",
];
/// Only these files are read from a folder: what Alembic, SQLAlchemy and
/// Retort look at.
const EXTENSIONS: &[&str] = &[
    ".py", ".ini", ".toml", ".cfg", ".mako", ".md", ".txt", ".sql",
];

/// What a read produced: the files, and what was skipped and why.
#[derive(Debug, Default)]
pub struct Loaded {
    pub files: Vec<WorkspaceFile>,
    pub skipped: Vec<String>,
    /// A folder was opened: a project, which replaces the workspace (loose
    /// files are added to it).
    pub folder: bool,
}

impl Loaded {
    /// A sentence about what was skipped, if anything was.
    pub fn notice(&self) -> Option<String> {
        match self.skipped.len() {
            0 => None,
            1..=3 => Some(format!("Skipped: {}.", self.skipped.join("; "))),
            n => Some(format!(
                "Skipped {n} files ({}; …).",
                self.skipped[..3].join("; ")
            )),
        }
    }

    async fn read(&mut self, file: &File, path: &str) {
        if self.files.len() >= MAX_FILES {
            self.skipped
                .push(format!("{path} (more than {MAX_FILES} files)"));
            return;
        }
        let path = match clean_path(path) {
            Ok(path) => path,
            Err(message) => {
                self.skipped.push(format!("{path} ({message})"));
                return;
            }
        };
        if file.size() > MAX_FILE_BYTES {
            self.skipped.push(format!(
                "{path} (larger than {} MB)",
                MAX_FILE_BYTES / 1048576.0
            ));
            return;
        }
        match JsFuture::from(file.text()).await {
            Ok(text) => {
                let text = text.as_string().unwrap_or_default();
                self.files
                    .push(WorkspaceFile::new(path, normalize_newlines(text)));
            }
            Err(_) => self.skipped.push(format!("{path} (could not be read)")),
        }
    }
}

/// Line ends as the editor keeps them: a textarea turns `\r\n` and `\r` into
/// `\n`, and the analysis must see the text the editor shows.
pub fn normalize_newlines(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

fn wanted(name: &str) -> bool {
    EXTENSIONS.iter().any(|e| name.ends_with(e))
}

/// The files of an `<input type=file>` (a folder picker gives relative paths).
pub async fn read_file_list(list: FileList) -> Loaded {
    let from_folder = (0..list.length())
        .filter_map(|i| list.get(i))
        .any(|f| !relative_path(&f).is_empty());
    let mut loaded = Loaded {
        folder: from_folder,
        ..Loaded::default()
    };
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        let relative = relative_path(&file);
        let path = if relative.is_empty() {
            file.name()
        } else {
            relative
        };
        if from_folder && (!wanted(&path) || path.split('/').any(|p| SKIPPED_DIRS.contains(&p))) {
            continue;
        }
        loaded.read(&file, &path).await;
    }
    loaded
}

/// `webkitRelativePath`: the path under the picked folder, `""` for a file
/// picked on its own.
fn relative_path(file: &File) -> String {
    js_sys::Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// What a drop holds, taken while the drop event runs (its item list is
/// emptied as soon as the handler returns).
pub struct Dropped {
    entries: Vec<FileSystemEntry>,
    files: Vec<File>,
}

/// Takes the entries (files and folders) out of a drop event's data.
pub fn take_drop(transfer: &DataTransfer) -> Dropped {
    let items = transfer.items();
    let mut dropped = Dropped {
        entries: Vec::new(),
        files: Vec::new(),
    };
    for i in 0..items.length() {
        let Some(item) = items.get(i) else { continue };
        if item.kind() != "file" {
            continue;
        }
        match item.webkit_get_as_entry() {
            Ok(Some(entry)) => dropped.entries.push(entry),
            _ => {
                if let Ok(Some(file)) = item.get_as_file() {
                    dropped.files.push(file);
                }
            }
        }
    }
    if dropped.entries.is_empty() && dropped.files.is_empty() {
        if let Some(list) = transfer.files() {
            dropped
                .files
                .extend((0..list.length()).filter_map(|i| list.get(i)));
        }
    }
    dropped
}

/// Reads the files and folders of a drop. A folder is walked; its own name
/// becomes the first path component, as a folder picker gives it.
pub async fn read_drop(dropped: Dropped) -> Loaded {
    let mut loaded = Loaded::default();
    for file in dropped.files {
        let name = file.name();
        loaded.read(&file, &name).await;
    }
    let mut stack: Vec<FileSystemEntry> = dropped.entries;
    while let Some(entry) = stack.pop() {
        let path = entry.full_path();
        let path = path.trim_start_matches('/').to_owned();
        if entry.is_directory() {
            loaded.folder = true;
            if SKIPPED_DIRS.contains(&entry.name().as_str()) {
                continue;
            }
            let dir: FileSystemDirectoryEntry = entry.unchecked_into();
            match read_directory(&dir).await {
                Ok(children) => stack.extend(children.into_iter().rev()),
                Err(()) => loaded
                    .skipped
                    .push(format!("{path}/ (could not be listed)")),
            }
        } else if entry.is_file() {
            if !wanted(&path) {
                continue;
            }
            let file_entry: FileSystemFileEntry = entry.unchecked_into();
            match file_of(&file_entry).await {
                Ok(file) => loaded.read(&file, &path).await,
                Err(()) => loaded.skipped.push(format!("{path} (could not be read)")),
            }
        }
    }
    loaded
}

/// Every entry of a directory: `readEntries` gives them in batches until an
/// empty one.
async fn read_directory(dir: &FileSystemDirectoryEntry) -> Result<Vec<FileSystemEntry>, ()> {
    let reader = dir.create_reader();
    let mut all = Vec::new();
    loop {
        let batch = Promise::new(&mut |resolve, reject| {
            if let Err(error) = reader.read_entries_with_callback_and_callback(&resolve, &reject) {
                let _ = reject.call1(&JsValue::NULL, &error);
            }
        });
        let batch: Array = JsFuture::from(batch)
            .await
            .map_err(|_| ())?
            .unchecked_into();
        if batch.length() == 0 {
            break;
        }
        all.extend(batch.iter().map(JsCast::unchecked_into::<FileSystemEntry>));
        if all.len() > MAX_FILES {
            break;
        }
    }
    Ok(all)
}

async fn file_of(entry: &FileSystemFileEntry) -> Result<File, ()> {
    let file = Promise::new(&mut |resolve, reject| {
        entry.file_with_callback_and_callback(&resolve, &reject);
    });
    JsFuture::from(file)
        .await
        .map(JsCast::unchecked_into)
        .map_err(|_| ())
}

/// Offers `bytes` as a download called `name`.
pub fn download(name: &str, bytes: &[u8], mime: &str) -> Result<(), JsValue> {
    let parts = Array::of1(&js_sys::Uint8Array::from(bytes).into());
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let anchor: HtmlAnchorElement = gloo::utils::document()
        .create_element("a")?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    Url::revoke_object_url(&url)?;
    Ok(())
}
