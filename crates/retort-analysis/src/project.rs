//! Loading a project: discovery, then every revision file through the front end.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use retort_graph::{ProblemKind, RevisionGraph, RevisionNode};
use retort_ir::{Diagnostic, RevisionFile, TextRange, Value};
use retort_parse::{parse_revision, ModuleResolver};
use serde::{Deserialize, Serialize};

use crate::discover::{self, Layout};
use crate::modules::WorkspaceModules;
use crate::workspace::{file_name, normalize_path, SourceFile};

/// How to find the revisions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadOptions {
    /// The config file to use (`-c`), a workspace path.
    pub config: Option<String>,
    /// Version directories given explicitly (`--versions`); they replace discovery.
    pub versions: Vec<String>,
    /// Walk version directories recursively (`--recursive`).
    pub recursive: bool,
    /// Threads to read revision files on (0 or 1: the calling thread only). The caller
    /// decides: the CLI passes the machine's parallelism, the web worker 1.
    #[serde(default)]
    pub threads: usize,
}

/// A loaded project: the files, the layout, and each revision file read statically.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Every loaded file.
    pub files: Vec<SourceFile>,
    /// Where the revisions were found.
    pub layout: Layout,
    /// The revision files, in the order Alembic loads them.
    pub revisions: Vec<RevisionFile>,
    /// The revision graph; its problems are also in `diagnostics`.
    pub graph: RevisionGraph,
    /// Problems with the project as a whole (config, files without a revision, the graph).
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    /// What Alembic's commands print before reading any revision when they refuse the
    /// project (a `script_location` that does not exist): the `FAILED: …` line, which
    /// they print on stdout and exit 255 with.
    pub fn alembic_refusal(&self) -> Option<String> {
        self.diagnostics
            .iter()
            .find(|d| d.code == crate::discover::SCRIPT_LOCATION_NOT_FOUND)
            .map(|d| format!("FAILED: {}", d.message))
    }

    /// Discovers and reads the revisions. Never fails: problems are diagnostics.
    pub fn load(files: Vec<SourceFile>, options: &LoadOptions) -> Project {
        Self::load_inner(files, options, None)
    }

    /// [`Project::load`], reading again only the revision files that changed since the
    /// loads `cache` remembers: a file whose text, and every workspace module its
    /// reading looked up, are as they were is not parsed again. Gives the same project
    /// as `load`; reads on the calling thread. For an editor reloading after each
    /// keystroke (the web worker).
    pub fn load_cached(
        files: Vec<SourceFile>,
        options: &LoadOptions,
        cache: &mut ReadCache,
    ) -> Project {
        Self::load_inner(files, options, Some(cache))
    }

    fn load_inner(
        files: Vec<SourceFile>,
        options: &LoadOptions,
        cache: Option<&mut ReadCache>,
    ) -> Project {
        let mut diagnostics = Vec::new();
        let mut layout = if options.versions.is_empty() {
            discover::discover(&files, options.config.as_deref(), &mut diagnostics)
        } else {
            Layout {
                version_locations: options.versions.iter().map(|v| normalize_path(v)).collect(),
                ..Layout::default()
            }
        };
        layout.recursive |= options.recursive;
        let order = discover::revision_files(&layout, &files);
        let modules = WorkspaceModules::new(&files);
        let read = |index: usize| read_revision(&files[index], &modules, layout.folder_mode);
        let parsed: Vec<Option<Result<RevisionFile, Option<Diagnostic>>>> = match cache {
            Some(cache) => cache
                .read_all(&files, &order, &modules, layout.folder_mode)
                .into_iter()
                .map(Some)
                .collect(),
            None => map_on_threads(order.len(), options.threads, |k| read(order[k])),
        };
        let mut revisions = Vec::with_capacity(parsed.len());
        for (result, &index) in parsed.into_iter().zip(&order) {
            match result {
                Some(Ok(revision)) => revisions.push(revision),
                Some(Err(Some(diagnostic))) => diagnostics.push(diagnostic),
                Some(Err(None)) => {}
                // A panic in the front end is a bug; the file still gets a diagnostic.
                None => diagnostics.push(
                    Diagnostic::error(
                        "internal-error",
                        "Retort failed while reading this file; please report it",
                    )
                    .with_path(&files[index].path),
                ),
            }
        }
        let (graph, problems) = RevisionGraph::build(
            revisions
                .iter()
                .enumerate()
                .map(|(i, r)| node(i, r))
                .collect(),
        );
        for problem in &problems {
            let mut diagnostic = problem.to_diagnostic();
            if let Some(revision) = problem.file_indices.first().and_then(|&i| revisions.get(i)) {
                diagnostic.path = Some(revision.path.clone());
                diagnostic.range = problem_range(problem.kind, revision);
            }
            diagnostics.push(diagnostic);
        }
        Project {
            files,
            layout,
            revisions,
            graph,
            diagnostics,
        }
    }

    /// The revision file whose id is `id`.
    /// Looked up through the graph's index (the file Alembic's map keeps for a duplicated
    /// id), so walking a long history stays linear.
    pub fn revision(&self, id: &str) -> Option<&RevisionFile> {
        self.revisions.get(self.graph.get(id)?.file_index)
    }

    /// The source text of a revision's file.
    pub fn source_of(&self, path: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.text.as_str())
    }
}

/// Revision files as the last loads read them, by path (see [`Project::load_cached`]).
///
/// A loaded project owns its revision files; give it back with
/// [`ReadCache::recycle`] once it is no longer needed, and the next load takes
/// the unchanged files from it instead of copying them.
#[derive(Debug, Default)]
pub struct ReadCache {
    entries: HashMap<String, CachedRead>,
    /// The files the last load read (rather than reused), in load order.
    reread: Vec<String>,
}

/// One file's reading, and what it depended on.
#[derive(Debug)]
struct CachedRead {
    text: String,
    not_utf8: bool,
    folder_mode: bool,
    lookups: Lookups,
    outcome: Outcome,
}

/// Each module the front end looked up, and the file (path, text) it resolved to.
type Lookups = Vec<(String, Option<(String, String)>)>;

/// What reading a file gave.
#[derive(Debug)]
enum Outcome {
    /// A revision file; `None` while a loaded project holds it.
    Revision(Option<Box<RevisionFile>>),
    /// Not a revision, with Alembic's error if it should have been one.
    NotARevision(Option<Diagnostic>),
}

impl ReadCache {
    /// The paths of the files the last load read again: new, changed, or depending
    /// on a module that changed. The other revision files read as before.
    pub fn reread(&self) -> &[String] {
        &self.reread
    }

    /// Takes back the revision files of a project loaded through this cache.
    pub fn recycle(&mut self, project: Project) {
        for revision in project.revisions {
            if let Some(CachedRead {
                outcome: Outcome::Revision(slot @ None),
                ..
            }) = self.entries.get_mut(&revision.path)
            {
                *slot = Some(Box::new(revision));
            }
        }
    }

    /// Reads the files at `order`, reusing what is unchanged; forgets files no longer read.
    fn read_all(
        &mut self,
        files: &[SourceFile],
        order: &[usize],
        modules: &WorkspaceModules<'_>,
        folder_mode: bool,
    ) -> Vec<Result<RevisionFile, Option<Diagnostic>>> {
        let mut entries = HashMap::with_capacity(order.len());
        self.reread.clear();
        let parsed = order
            .iter()
            .map(|&index| {
                let file = &files[index];
                let kept = self.entries.remove(&file.path).and_then(|mut entry| {
                    if !entry.still_valid(file, modules, folder_mode) {
                        return None;
                    }
                    let result = match &mut entry.outcome {
                        // Lent to a project that was not recycled: read it again.
                        Outcome::Revision(slot) => Ok(*slot.take()?),
                        Outcome::NotARevision(error) => Err(error.clone()),
                    };
                    Some((entry, result))
                });
                let (entry, result) = kept.unwrap_or_else(|| {
                    self.reread.push(file.path.clone());
                    let recording = Recording {
                        modules,
                        lookups: RefCell::new(Vec::new()),
                    };
                    let result = read_revision(file, &recording, folder_mode);
                    let entry = CachedRead {
                        text: file.text.clone(),
                        not_utf8: file.not_utf8,
                        folder_mode,
                        lookups: recording.lookups.into_inner(),
                        outcome: match &result {
                            Ok(_) => Outcome::Revision(None),
                            Err(error) => Outcome::NotARevision(error.clone()),
                        },
                    };
                    (entry, result)
                });
                entries.insert(file.path.clone(), entry);
                result
            })
            .collect();
        self.entries = entries;
        parsed
    }
}

impl CachedRead {
    fn still_valid(
        &self,
        file: &SourceFile,
        modules: &WorkspaceModules<'_>,
        folder_mode: bool,
    ) -> bool {
        self.text == file.text
            && self.not_utf8 == file.not_utf8
            && self.folder_mode == folder_mode
            && self.lookups.iter().all(|(module, seen)| {
                resolved(modules, module) == seen.as_ref().map(|(p, t)| (p.as_str(), t.as_str()))
            })
    }
}

fn resolved<'a>(modules: &WorkspaceModules<'a>, module: &str) -> Option<(&'a str, &'a str)> {
    modules
        .find(module)
        .map(|f| (f.path.as_str(), f.text.as_str()))
}

/// A resolver that remembers which modules a reading looked up.
struct Recording<'m, 'a> {
    modules: &'m WorkspaceModules<'a>,
    lookups: RefCell<Lookups>,
}

impl Recording<'_, '_> {
    fn note(&self, module: &str) {
        let mut lookups = self.lookups.borrow_mut();
        if !lookups.iter().any(|(m, _)| m == module) {
            let seen = resolved(self.modules, module).map(|(p, t)| (p.to_owned(), t.to_owned()));
            lookups.push((module.to_owned(), seen));
        }
    }
}

impl ModuleResolver for Recording<'_, '_> {
    fn is_module(&self, module: &str) -> bool {
        self.note(module);
        self.modules.is_module(module)
    }

    fn constant(&self, module: &str, name: &str) -> Option<Value> {
        self.note(module);
        self.modules.constant(module, name)
    }
}

/// `f(0)`, …, `f(n - 1)` in order, computed on up to `threads` threads (0 or 1: the
/// calling thread). Positions are handed out a few at a time, since files differ a lot
/// in cost; a position whose thread panicked is `None`.
fn map_on_threads<R: Send>(
    n: usize,
    threads: usize,
    f: impl Fn(usize) -> R + Sync,
) -> Vec<Option<R>> {
    const BATCH: usize = 8;
    if threads <= 1 || n <= 64 {
        return (0..n).map(|k| Some(f(k))).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut out = Vec::new();
        loop {
            let start = next.fetch_add(BATCH, Ordering::Relaxed);
            if start >= n {
                return out;
            }
            for k in start..(start + BATCH).min(n) {
                out.push((k, f(k)));
            }
        }
    };
    let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(n).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
        for handle in handles {
            for (k, result) in handle.join().unwrap_or_default() {
                slots[k] = Some(result);
            }
        }
    });
    slots
}

/// Reads one revision file; `Err` when it has no revision id (with Alembic's error, except
/// in folder mode where such a file is simply not a revision).
fn read_revision(
    file: &SourceFile,
    modules: &dyn ModuleResolver,
    folder_mode: bool,
) -> Result<RevisionFile, Option<Diagnostic>> {
    let mut revision = parse_revision(&file.path, &file.text, modules);
    if file.not_utf8 {
        revision.diagnostics.insert(
            0,
            Diagnostic::error(
                "not-utf8",
                "the file is not valid UTF-8; Python refuses to import it",
            )
            .with_help("Save the file as UTF-8 (invalid bytes are shown as \u{fffd})."),
        );
    }
    if revision.revision.is_none() {
        // Alembic's legacy rule: a file named `<hex>.py` takes its id from its name.
        let name = file_name(&file.path);
        let stem = name.trim_end_matches(".py");
        if !stem.is_empty()
            && stem
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        {
            revision.revision = Some(stem.to_owned());
        } else if folder_mode {
            return Err(None);
        } else {
            return Err(Some(
                Diagnostic::error(
                    "no-revision",
                    format!(
                        "Could not determine revision id from filename {name}. Be sure the 'revision' variable is declared inside the script (please see 'Upgrading from Alembic 0.1 to 0.2' in the documentation)."
                    ),
                )
                .with_path(&file.path)
                .with_help("Add `revision = \"<id>\"` at the top level, or move the file out of the versions directory."),
            ));
        }
    }
    for d in &mut revision.diagnostics {
        d.path.get_or_insert_with(|| file.path.clone());
    }
    Ok(revision)
}

/// Where in a revision file a graph problem of `kind` points: the `down_revision`,
/// `depends_on`, `branch_labels` or `revision` value at fault.
pub fn problem_range(kind: ProblemKind, revision: &RevisionFile) -> Option<TextRange> {
    match kind {
        ProblemKind::MissingParent
        | ProblemKind::Cycle
        | ProblemKind::SelfLoop
        | ProblemKind::DownRevisionIsBranchLabel => revision.down_revision_range,
        // A revision in a dependency cycle may be in it through `down_revision` alone.
        ProblemKind::MissingDependency
        | ProblemKind::DependencyCycle
        | ProblemKind::DependencySelfLoop => {
            revision.depends_on_range.or(revision.down_revision_range)
        }
        ProblemKind::DuplicateBranchLabel => revision.branch_labels_range,
        ProblemKind::DuplicateRevision | ProblemKind::IllegalCharacters => revision.revision_range,
    }
}

/// What the graph needs of a revision file.
fn node(file_index: usize, revision: &RevisionFile) -> RevisionNode {
    RevisionNode {
        id: revision.revision.clone().unwrap_or_default(),
        down_revisions: revision.down_revisions.clone(),
        branch_labels: revision.branch_labels.clone(),
        depends_on: revision.depends_on.clone(),
        path: revision.path.clone(),
        longdoc: revision.longdoc(),
        doc: revision.doc(),
        file_index,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_in_order_and_reports_missing_revision() {
        let files = vec![
            SourceFile::new("alembic.ini", "[alembic]\nscript_location = m\n"),
            SourceFile::new(
                "m/versions/b_second.py",
                "revision = 'b'\ndown_revision = 'a'\n",
            ),
            SourceFile::new(
                "m/versions/a_first.py",
                "revision = 'a'\ndown_revision = None\n",
            ),
            SourceFile::new("m/versions/foo.py", "x = 1\n"),
            SourceFile::new("m/versions/abc123.py", "down_revision = None\n"),
            SourceFile::from_bytes(
                "m/versions/c.py",
                b"revision = 'c'\ndown_revision = 'b'\n# \xff\n",
            ),
        ];
        let p = Project::load(files, &LoadOptions::default());
        let ids: Vec<_> = p
            .revisions
            .iter()
            .map(|r| r.revision.clone().unwrap_or_default())
            .collect();
        assert_eq!(ids, vec!["a", "abc123", "b", "c"]);
        assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
        assert!(p.diagnostics[0]
            .message
            .starts_with("Could not determine revision id from filename foo.py."));
        assert_eq!(p.revisions[3].diagnostics[0].code, "not-utf8");
    }
}

#[cfg(test)]
mod graph_tests {
    use super::*;

    #[test]
    fn graph_problems_point_at_the_line() {
        let files = vec![
            SourceFile::new("v/a.py", "revision = 'a1111'\ndown_revision = None\n"),
            SourceFile::new("v/b.py", "revision = 'b1111'\ndown_revision = 'zzzz9999'\n"),
        ];
        let p = Project::load(
            files,
            &LoadOptions {
                versions: vec!["v".into()],
                ..LoadOptions::default()
            },
        );
        let d = p
            .diagnostics
            .iter()
            .find(|d| d.code == "missing-parent")
            .expect("missing parent reported");
        assert_eq!(d.path.as_deref(), Some("v/b.py"));
        assert_eq!(d.range.map(|r| r.start), Some(35));
    }

    /// Each step is a workspace after an edit; a cached load must equal a fresh one.
    #[test]
    fn cached_loads_equal_fresh_loads_through_edits() {
        let ini = SourceFile::new("alembic.ini", "[alembic]\nscript_location = m\n");
        let helper =
            |label: &str| SourceFile::new("app/branches.py", format!("CORE = {label:?}\n"));
        let base = SourceFile::new(
            "m/versions/a.py",
            "from app.branches import CORE\nrevision = 'a'\ndown_revision = None\nbranch_labels = (CORE,)\n",
        );
        let next = |down: &str| {
            SourceFile::new(
                "m/versions/b.py",
                format!("revision = 'b'\ndown_revision = {down:?}\ndef upgrade():\n    op.add_column('t', sa.Column('x', sa.Integer()))\n"),
            )
        };
        let steps = vec![
            vec![ini.clone(), helper("core"), base.clone(), next("a")],
            // The edited file is read again.
            vec![ini.clone(), helper("core"), base.clone(), next("zzz")],
            // So is a file whose imported module changed.
            vec![ini.clone(), helper("kernel"), base.clone(), next("a")],
            // And one whose import no longer resolves.
            vec![ini.clone(), base.clone(), next("a")],
            // A file removed, then back.
            vec![ini.clone(), helper("core"), base.clone()],
            vec![ini.clone(), helper("core"), base.clone(), next("a")],
            // Folder mode: no alembic.ini, files without a revision are skipped.
            vec![helper("core"), base, next("a")],
        ];
        let mut cache = ReadCache::default();
        for (step, files) in steps.into_iter().enumerate() {
            let options = LoadOptions::default();
            let fresh = Project::load(files.clone(), &options);
            let cached = Project::load_cached(files, &options, &mut cache);
            assert_eq!(cached, fresh, "step {step}");
            // Projects given back or not, the next load is the same.
            if step % 2 == 0 {
                cache.recycle(cached);
            }
        }
        let labels = |p: &Project| p.revisions[0].branch_labels.clone();
        let mut cache = ReadCache::default();
        let first = Project::load_cached(
            vec![ini.clone(), helper("core")],
            &LoadOptions::default(),
            &mut cache,
        );
        assert!(first.revisions.is_empty());
        let files = |label| {
            vec![ini.clone(), helper(label), SourceFile::new("m/versions/a.py", "from app.branches import CORE\nrevision = 'a'\ndown_revision = None\nbranch_labels = (CORE,)\n")]
        };
        assert_eq!(
            labels(&Project::load_cached(
                files("core"),
                &LoadOptions::default(),
                &mut cache
            )),
            ["core"]
        );
        assert_eq!(
            labels(&Project::load_cached(
                files("kernel"),
                &LoadOptions::default(),
                &mut cache
            )),
            ["kernel"]
        );
    }
}
