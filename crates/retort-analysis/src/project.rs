//! Loading a project: discovery, then every revision file through the front end.

use std::sync::atomic::{AtomicUsize, Ordering};

use retort_graph::{ProblemKind, RevisionGraph, RevisionNode};
use retort_ir::{Diagnostic, RevisionFile, TextRange};
use retort_parse::parse_revision;
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
    /// Discovers and reads the revisions. Never fails: problems are diagnostics.
    pub fn load(files: Vec<SourceFile>, options: &LoadOptions) -> Project {
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
        let parsed = map_on_threads(order.len(), options.threads, |k| read(order[k]));
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
    modules: &WorkspaceModules<'_>,
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
}
