//! The revisions the engine runs: each revision's ops (from the front end), and the
//! revision graph (`retort-graph`) that resolves targets, orders walks and says what
//! each step does to `alembic_version`.

use std::collections::{HashMap, HashSet};

use retort_graph::{RevisionGraph, StepKind};
use retort_ir::{BodyKind, Op, RevisionFile, TextRange};
use serde::{Deserialize, Serialize};

/// One revision's code, as the engine runs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    /// `revision`.
    pub id: String,
    /// `down_revision`: empty for a base, several for a merge.
    pub down_revisions: Vec<String>,
    /// The file.
    pub path: String,
    /// `upgrade()`'s ops.
    pub upgrade: Vec<Op>,
    /// `downgrade()`'s ops.
    pub downgrade: Vec<Op>,
    /// `def upgrade` name range and body kind, when there is an `upgrade()`.
    pub upgrade_fn: Option<(TextRange, BodyKind)>,
    /// `def downgrade` name range and body kind, when there is a `downgrade()`.
    pub downgrade_fn: Option<(TextRange, BodyKind)>,
}

impl Revision {
    /// The revision of a file read by the front end; `None` without a `revision` id.
    pub fn from_file(file: &RevisionFile) -> Option<Self> {
        let id = file.revision.clone()?;
        Some(Self {
            id,
            down_revisions: file.down_revisions.clone(),
            path: file.path.clone(),
            upgrade: file
                .upgrade
                .as_ref()
                .map(|f| f.ops.clone())
                .unwrap_or_default(),
            downgrade: file
                .downgrade
                .as_ref()
                .map(|f| f.ops.clone())
                .unwrap_or_default(),
            upgrade_fn: file.upgrade.as_ref().map(|f| (f.name_range, f.body)),
            downgrade_fn: file.downgrade.as_ref().map(|f| (f.name_range, f.body)),
        })
    }
}

/// The revisions' code and their graph.
#[derive(Debug, Clone)]
pub struct History {
    revisions: Vec<Revision>,
    index: HashMap<String, usize>,
    graph: RevisionGraph,
}

impl History {
    /// The history of the files the front end read, over the graph built from them
    /// (`Project::graph`). A later file with an id already seen is ignored, as the
    /// graph ignores it.
    pub fn new(files: &[RevisionFile], graph: RevisionGraph) -> Self {
        let mut revisions: Vec<Revision> = Vec::with_capacity(files.len());
        let mut index = HashMap::new();
        for r in files.iter().filter_map(Revision::from_file) {
            if index.contains_key(&r.id) {
                continue;
            }
            index.insert(r.id.clone(), revisions.len());
            revisions.push(r);
        }
        Self {
            revisions,
            index,
            graph,
        }
    }

    /// The revision graph.
    pub fn graph(&self) -> &RevisionGraph {
        &self.graph
    }

    /// The revision `id`.
    pub fn get(&self, id: &str) -> Option<&Revision> {
        self.index.get(id).map(|&i| &self.revisions[i])
    }

    /// Every revision, parents first: the order `alembic upgrade heads` runs them from
    /// an empty database; when the graph cannot walk (it has problems), a topological
    /// order of the files, parents first.
    pub fn in_order(&self) -> Vec<&Revision> {
        if let Ok(walk) = self.graph.upgrade(&[], "heads") {
            let ids: Vec<&Revision> = walk
                .steps
                .iter()
                .filter(|s| s.kind == StepKind::Upgrade)
                .filter_map(|s| s.revision.as_deref())
                .filter_map(|id| self.get(id))
                .collect();
            if ids.len() == self.revisions.len() {
                return ids;
            }
        }
        self.topological()
    }

    fn topological(&self) -> Vec<&Revision> {
        let mut done: HashSet<usize> = HashSet::new();
        let mut out = Vec::with_capacity(self.revisions.len());
        for start in 0..self.revisions.len() {
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            let mut active: HashSet<usize> = HashSet::new();
            while let Some((node, next)) = stack.pop() {
                if done.contains(&node) {
                    continue;
                }
                active.insert(node);
                let parents: Vec<usize> = self.revisions[node]
                    .down_revisions
                    .iter()
                    .filter_map(|p| self.index.get(p).copied())
                    .collect();
                match parents.get(next) {
                    Some(&p) => {
                        stack.push((node, next + 1));
                        if !done.contains(&p) && !active.contains(&p) {
                            stack.push((p, 0));
                        }
                    }
                    None => {
                        active.remove(&node);
                        done.insert(node);
                        out.push(&self.revisions[node]);
                    }
                }
            }
        }
        out
    }

    /// `id` and the revisions after it (its descendants, dependencies included).
    pub fn from_revision(&self, id: &str) -> HashSet<String> {
        let mut out: HashSet<String> = self.graph.descendants_of(id, true).into_iter().collect();
        out.insert(id.to_owned());
        out
    }
}
