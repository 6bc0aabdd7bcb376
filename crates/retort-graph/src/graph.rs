//! The revision map: Alembic's `RevisionMap._revision_map`, built from plain nodes.

use std::collections::{BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use crate::problem::{AlembicReaction, GraphProblem, ProblemKind};
use crate::RevisionNode;

/// One revision of the graph: a node as Alembic's `Script` sees it once the map is built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// `revision`.
    pub id: String,
    /// `down_revision` as the graph uses it. Equal to `declared_down_revisions` unless
    /// the graph has problems: a parent that is missing or is the revision itself is
    /// left out (so an orphan shows as a base), and a branch label is replaced by the
    /// revision it names.
    pub down_revisions: Vec<String>,
    /// `down_revision` as written.
    pub declared_down_revisions: Vec<String>,
    /// `depends_on` as the graph uses it (as written, less entries that are missing or
    /// are the revision itself).
    pub dependencies: Vec<String>,
    /// `depends_on` resolved to revision ids (branch labels replaced): Alembic's
    /// `_resolved_dependencies`.
    pub resolved_dependencies: Vec<String>,
    /// The resolved dependencies that are not already dependencies of an ancestor:
    /// Alembic's `_normalized_resolved_dependencies` (in `depends_on` order; Alembic's
    /// own order here is that of a Python set).
    pub normalized_dependencies: Vec<String>,
    /// `branch_labels` as written.
    pub own_branch_labels: Vec<String>,
    /// The branch labels that apply to this revision, inherited along its branch as
    /// Alembic does (`RevisionMap._add_branches`), sorted.
    pub branch_labels: Vec<String>,
    /// Revisions whose `down_revision` names this one (Alembic's `nextrev`), in
    /// revision map order.
    pub children: Vec<String>,
    /// `children` plus revisions that depend on this one (Alembic's `_all_nextrev`).
    pub all_children: Vec<String>,
    /// The path `Path:` lines print.
    pub path: String,
    /// `Script.longdoc`.
    pub longdoc: String,
    /// `Script.doc`.
    pub doc: String,
    /// The node's `file_index`.
    pub file_index: usize,
}

impl Revision {
    /// `is_head`: no revision names this one in its `down_revision`.
    pub fn is_head(&self) -> bool {
        self.children.is_empty()
    }

    /// `_is_real_head`: nothing names this one, not even in `depends_on`.
    pub fn is_real_head(&self) -> bool {
        self.all_children.is_empty()
    }

    /// A head that another revision depends on: Alembic's `(effective head)`.
    pub fn is_effective_head(&self) -> bool {
        self.is_head() && !self.is_real_head()
    }

    /// `is_base`: `down_revision` is `None`.
    pub fn is_base(&self) -> bool {
        self.down_revisions.is_empty()
    }

    /// `_is_real_base`: no `down_revision` and no `depends_on`.
    pub fn is_real_base(&self) -> bool {
        self.down_revisions.is_empty() && self.dependencies.is_empty()
    }

    /// `is_branch_point`: more than one child.
    pub fn is_branch_point(&self) -> bool {
        self.children.len() > 1
    }

    /// `_is_real_branch_point`: more than one child or dependent.
    pub fn is_real_branch_point(&self) -> bool {
        self.all_children.len() > 1
    }

    /// `is_merge_point`: more than one `down_revision`.
    pub fn is_merge_point(&self) -> bool {
        self.down_revisions.len() > 1
    }

    /// `_all_down_revisions`: `down_revision` then resolved dependencies, deduplicated.
    pub fn all_down_revisions(&self) -> Vec<String> {
        dedupe(
            self.down_revisions
                .iter()
                .chain(&self.resolved_dependencies),
        )
    }

    /// `_normalized_down_revisions`: `down_revision` then normalized dependencies.
    pub fn normalized_down_revisions(&self) -> Vec<String> {
        dedupe(
            self.down_revisions
                .iter()
                .chain(&self.normalized_dependencies),
        )
    }

    /// Python truthiness of `down_revision` (a scalar `""` is false).
    pub(crate) fn has_down_revision(&self) -> bool {
        match self.down_revisions.as_slice() {
            [] => false,
            [only] => !only.is_empty(),
            _ => true,
        }
    }
}

fn dedupe<'a>(items: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut seen = HashSet::new();
    items.filter(|s| seen.insert(s.as_str())).cloned().collect()
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_owned());
    }
}

/// Alembic's `_revision_map` dict: revision ids in load order (a duplicate keeps the
/// first position and the last value), then branch labels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<(String, usize)>", into = "Vec<(String, usize)>")]
pub(crate) struct RevMap {
    entries: Vec<(String, usize)>,
    // Fx rather than SipHash: ids are hashed on every lookup of every walk.
    position: rustc_hash::FxHashMap<String, usize>,
}

impl From<Vec<(String, usize)>> for RevMap {
    fn from(entries: Vec<(String, usize)>) -> RevMap {
        let mut map = RevMap::default();
        for (key, value) in entries {
            map.insert(&key, value);
        }
        map
    }
}

impl From<RevMap> for Vec<(String, usize)> {
    fn from(map: RevMap) -> Vec<(String, usize)> {
        map.entries
    }
}

impl RevMap {
    pub(crate) fn get(&self, key: &str) -> Option<usize> {
        self.position.get(key).map(|&p| self.entries[p].1)
    }

    /// Position of `key` in insertion order.
    pub(crate) fn position(&self, key: &str) -> Option<usize> {
        self.position.get(key).copied()
    }

    fn insert(&mut self, key: &str, value: usize) {
        match self.position.get(key) {
            Some(&p) => self.entries[p].1 = value,
            None => {
                self.position.insert(key.to_owned(), self.entries.len());
                self.entries.push((key.to_owned(), value));
            }
        }
    }

    pub(crate) fn entries(&self) -> &[(String, usize)] {
        &self.entries
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// Alembic's revision graph (`RevisionMap`), built once from plain nodes, then queried.
///
/// Building never fails: what Alembic would warn about or refuse becomes a
/// [`GraphProblem`], and the graph is repaired as little as possible so that it can
/// still be drawn and queried (see [`Revision::down_revisions`]). The query methods on
/// this type answer from that repaired graph; the Alembic commands
/// ([`history`](crate::history), [`RevisionGraph::upgrade`], …) first fail the way
/// Alembic fails when the graph has a fatal problem, unless [`lenient`](Self::lenient)
/// was asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionGraph {
    pub(crate) revisions: Vec<Revision>,
    pub(crate) map: RevMap,
    /// How many leading `map` entries are revision ids (Alembic's `rev_map` copy).
    pub(crate) id_keys: usize,
    pub(crate) heads: Vec<String>,
    pub(crate) real_heads: Vec<String>,
    pub(crate) bases: Vec<String>,
    pub(crate) real_bases: Vec<String>,
    pub(crate) problems: Vec<GraphProblem>,
    pub(crate) lenient: bool,
    pub(crate) neighbours: Vec<Neighbours>,
}

/// A revision's neighbours as indices of the revisions Alembic's map returns for their
/// ids, one list per kind of edge a traversal follows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Neighbours {
    normalized_down: Vec<usize>,
    versioned_down: Vec<usize>,
    all_down: Vec<usize>,
    next: Vec<usize>,
    all_next: Vec<usize>,
}

impl Neighbours {
    pub(crate) fn get(&self, edges: crate::engine::Edges) -> &[usize] {
        use crate::engine::Edges;
        match edges {
            Edges::NormalizedDown => &self.normalized_down,
            Edges::VersionedDown => &self.versioned_down,
            Edges::AllDown => &self.all_down,
            Edges::NextRev => &self.next,
            Edges::AllNextRev => &self.all_next,
        }
    }
}

struct Problems<'a> {
    /// Each node's `(file_index, path)`.
    nodes: &'a [(usize, String)],
    list: Vec<GraphProblem>,
}

impl Problems<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: ProblemKind,
        reaction: AlembicReaction,
        message: String,
        detail: String,
        revisions: Vec<String>,
        indices: &[usize],
        exception: Option<String>,
    ) {
        let file_indices = indices.iter().map(|&i| self.nodes[i].0).collect();
        let path = indices.first().map(|&i| self.nodes[i].1.clone());
        self.list.push(GraphProblem {
            kind,
            message,
            detail,
            revisions,
            file_indices,
            path,
            reaction,
            exception,
        });
    }
}

fn revision_error(class: &str, message: &str) -> Option<String> {
    Some(format!("alembic.script.revision.{class}: {message}"))
}

impl RevisionGraph {
    /// Builds the graph from nodes given in Alembic's load order, as
    /// `RevisionMap._revision_map` does, and lists its problems in the order Alembic
    /// meets them. Never panics, never fails.
    pub fn build(nodes: Vec<RevisionNode>) -> (RevisionGraph, Vec<GraphProblem>) {
        let mut revisions: Vec<Revision> = nodes
            .into_iter()
            .map(|node| Revision {
                id: node.id,
                down_revisions: node.down_revisions.clone(),
                declared_down_revisions: node.down_revisions,
                dependencies: node.depends_on,
                resolved_dependencies: Vec::new(),
                normalized_dependencies: Vec::new(),
                branch_labels: node
                    .branch_labels
                    .iter()
                    .cloned()
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                own_branch_labels: node.branch_labels,
                children: Vec::new(),
                all_children: Vec::new(),
                path: node.path,
                longdoc: node.longdoc,
                doc: node.doc,
                file_index: node.file_index,
            })
            .collect();
        // What problems need of the nodes as given (not the whole revisions: docstrings).
        let snapshot: Vec<(usize, String)> = revisions
            .iter()
            .map(|r| (r.file_index, r.path.clone()))
            .collect();
        let mut problems = Problems {
            nodes: &snapshot,
            list: Vec::new(),
        };
        let mut map = RevMap::default();

        // `Revision.__init__` for each file, then its place in the map.
        for idx in 0..revisions.len() {
            let rev = &mut revisions[idx];
            let id = rev.id.clone();
            if rev.has_down_revision() && rev.down_revisions.contains(&id) {
                let message = format!("Self-loop is detected in revisions ({id})");
                problems.push(
                    ProblemKind::SelfLoop,
                    AlembicReaction::Refuses,
                    message.clone(),
                    format!("{}: revision {id} names itself in down_revision; name the revision it follows instead.", rev.path),
                    vec![id.clone()],
                    &[idx],
                    revision_error("LoopDetected", &message),
                );
                rev.down_revisions.retain(|d| d != &id);
            }
            if rev.dependencies.contains(&id) {
                let message = format!("Dependency self-loop is detected in revisions ({id})");
                problems.push(
                    ProblemKind::DependencySelfLoop,
                    AlembicReaction::Refuses,
                    message.clone(),
                    format!(
                        "{}: revision {id} names itself in depends_on; remove it from depends_on.",
                        rev.path
                    ),
                    vec![id.clone()],
                    &[idx],
                    revision_error("DependencyLoopDetected", &message),
                );
                rev.dependencies.retain(|d| d != &id);
            }
            let illegal: BTreeSet<char> = id
                .chars()
                .filter(|c| matches!(c, '@' | '-' | '+' | ':'))
                .collect();
            if !illegal.is_empty() {
                let chars: Vec<String> = illegal.iter().map(char::to_string).collect();
                let message = format!(
                    "Character(s) '{}' not allowed in revision identifier '{id}'",
                    chars.join(", ")
                );
                problems.push(
                    ProblemKind::IllegalCharacters,
                    AlembicReaction::Refuses,
                    message.clone(),
                    format!(
                        "{}: revision id '{id}' contains {}; Alembic does not allow '@', '-', '+' or ':' in revision ids.",
                        rev.path,
                        chars.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ")
                    ),
                    vec![id.clone()],
                    &[idx],
                    revision_error("RevisionError", &message),
                );
            }
            if let Some(first) = map.get(&id) {
                problems.push(
                    ProblemKind::DuplicateRevision,
                    AlembicReaction::Warns,
                    format!("Revision {id} is present more than once"),
                    format!(
                        "{}: revision {id} is also defined in {}; Alembic uses this file's and keeps the other only as an extra head. Give one of them a new revision id.",
                        snapshot[idx].1, snapshot[first].1
                    ),
                    vec![id.clone()],
                    &[idx, first],
                    None,
                );
            }
            map.insert(&id, idx);
        }
        let id_keys = map.len();
        let mut is_head = vec![true; revisions.len()];
        let mut is_real_head = vec![true; revisions.len()];
        let labelled: Vec<usize> = (0..revisions.len())
            .filter(|&i| !revisions[i].own_branch_labels.is_empty())
            .collect();

        // `_map_branch_labels`.
        for &idx in &labelled {
            for label in revisions[idx].own_branch_labels.clone() {
                if let Some(other) = map.get(&label) {
                    let id = &revisions[idx].id;
                    let other_id = &revisions[other].id;
                    let message = format!("Branch name '{label}' in revision {id} already used by revision {other_id}");
                    let what = if map.position(&label).is_some_and(|p| p < id_keys) {
                        "the id of"
                    } else {
                        "a branch label of"
                    };
                    problems.push(
                        ProblemKind::DuplicateBranchLabel,
                        AlembicReaction::Refuses,
                        message.clone(),
                        format!(
                            "{}: branch label '{label}' of revision {id} is already {what} revision {other_id} ({}); choose another label.",
                            revisions[idx].path, revisions[other].path
                        ),
                        vec![id.clone(), other_id.clone()],
                        &[idx, other],
                        revision_error("RevisionError", &message),
                    );
                    continue;
                }
                map.insert(&label, idx);
            }
        }

        // `_add_depends_on`.
        for idx in 0..revisions.len() {
            let mut resolved = Vec::new();
            let mut kept = Vec::new();
            for dep in revisions[idx].dependencies.clone() {
                match map.get(&dep) {
                    Some(target) => {
                        resolved.push(revisions[target].id.clone());
                        kept.push(dep);
                    }
                    None => {
                        let id = &revisions[idx].id;
                        problems.push(
                            ProblemKind::MissingDependency,
                            AlembicReaction::Crashes,
                            format!("Dependency {dep} of revision {id} is not present"),
                            format!(
                                "{}: depends_on of revision {id} names '{dep}', which is neither a revision nor a branch label of this history; Alembic crashes with KeyError. Fix or remove the entry.",
                                revisions[idx].path
                            ),
                            vec![id.clone()],
                            &[idx],
                            Some(format!("KeyError: {}", crate::python::repr_str(&dep))),
                        );
                    }
                }
            }
            revisions[idx].dependencies = kept;
            revisions[idx].resolved_dependencies = resolved;
        }

        // Link each revision to what it names, in map order (labels revisit revisions).
        let mut reported: HashSet<(usize, String)> = HashSet::new();
        let mut missing: Vec<(usize, String)> = Vec::new();
        let mut relabelled: Vec<(usize, String, usize)> = Vec::new();
        for (_, idx) in map.entries().to_vec() {
            for downrev in revisions[idx].all_down_revisions() {
                let Some(parent) = map.get(&downrev) else {
                    if reported.insert((idx, downrev.clone())) {
                        let id = &revisions[idx].id;
                        problems.push(
                            ProblemKind::MissingParent,
                            AlembicReaction::Crashes,
                            format!("Revision {downrev} referenced from {} is not present", script_str(&revisions[idx])),
                            format!(
                                "{}: down_revision of revision {id} names {downrev}, which is not in this history; add the missing revision file or correct down_revision.",
                                revisions[idx].path
                            ),
                            vec![id.clone(), downrev.clone()],
                            &[idx],
                            Some(format!("KeyError: {}", crate::python::repr_str(&downrev))),
                        );
                        missing.push((idx, downrev));
                    }
                    continue;
                };
                let child_id = revisions[idx].id.clone();
                let versioned = revisions[idx].down_revisions.contains(&downrev);
                let parent_rev = &mut revisions[parent];
                push_unique(&mut parent_rev.all_children, &child_id);
                if versioned && parent_rev.id != downrev && reported.insert((idx, downrev.clone()))
                {
                    relabelled.push((idx, downrev.clone(), parent));
                }
                if revisions[idx]
                    .down_revisions
                    .contains(&revisions[parent].id)
                {
                    push_unique(&mut revisions[parent].children, &child_id);
                }
                if versioned {
                    is_head[parent] = false;
                }
                is_real_head[parent] = false;
            }
        }
        for (idx, downrev) in missing {
            revisions[idx].down_revisions.retain(|d| d != &downrev);
        }
        for (idx, label, parent) in relabelled {
            let id = revisions[idx].id.clone();
            let parent_id = revisions[parent].id.clone();
            problems.push(
                ProblemKind::DownRevisionIsBranchLabel,
                AlembicReaction::Crashes,
                format!("Revision {id} names branch label '{label}' in down_revision"),
                format!(
                    "{}: down_revision of revision {id} names the branch label '{label}'; Alembic needs the revision id there ({parent_id}).",
                    revisions[idx].path
                ),
                vec![id.clone(), parent_id.clone()],
                &[idx, parent],
                Some(format!("KeyError: {}", crate::python::repr_str(&label))),
            );
            for d in &mut revisions[idx].down_revisions {
                if *d == label {
                    d.clone_from(&parent_id);
                }
            }
            revisions[idx].down_revisions = dedupe(revisions[idx].down_revisions.iter());
            push_unique(&mut revisions[parent].children, &id);
        }

        let mut graph = RevisionGraph {
            revisions,
            map,
            id_keys,
            ..RevisionGraph::default()
        };
        let bases: Vec<usize> = (0..graph.revisions.len())
            .filter(|&i| graph.revisions[i].is_base())
            .collect();
        let real_bases: Vec<usize> = (0..graph.revisions.len())
            .filter(|&i| graph.revisions[i].is_real_base())
            .collect();
        let heads: Vec<usize> = (0..graph.revisions.len()).filter(|&i| is_head[i]).collect();
        let real_heads: Vec<usize> = (0..graph.revisions.len())
            .filter(|&i| is_real_head[i])
            .collect();

        graph.compute_neighbours();
        graph.normalize_depends_on();
        graph.compute_neighbours();
        graph.detect_cycles(&mut problems, &heads, &bases, &real_heads, &real_bases);
        graph.heads = heads
            .iter()
            .map(|&i| graph.revisions[i].id.clone())
            .collect();
        graph.real_heads = real_heads
            .iter()
            .map(|&i| graph.revisions[i].id.clone())
            .collect();
        graph.bases = bases
            .iter()
            .map(|&i| graph.revisions[i].id.clone())
            .collect();
        graph.real_bases = real_bases
            .iter()
            .map(|&i| graph.revisions[i].id.clone())
            .collect();
        graph.add_branches(&labelled);

        graph.problems = problems.list;
        let problems = graph.problems.clone();
        (graph, problems)
    }

    /// `_normalize_depends_on`.
    fn normalize_depends_on(&mut self) {
        for idx in 0..self.revisions.len() {
            if self.revisions[idx].resolved_dependencies.is_empty() {
                continue;
            }
            let mut dropped: HashSet<String> = HashSet::new();
            for ancestor in self.related(&[idx], crate::engine::Edges::VersionedDown) {
                if ancestor != idx {
                    dropped.extend(
                        self.revisions[ancestor]
                            .resolved_dependencies
                            .iter()
                            .cloned(),
                    );
                }
            }
            let rev = &self.revisions[idx];
            let normalized = dedupe(
                rev.resolved_dependencies
                    .iter()
                    .filter(|d| !dropped.contains(*d)),
            );
            self.revisions[idx].normalized_dependencies = normalized;
        }
    }

    /// `_detect_cycles`, reporting instead of raising.
    fn detect_cycles(
        &self,
        problems: &mut Problems<'_>,
        heads: &[usize],
        bases: &[usize],
        real_heads: &[usize],
        real_bases: &[usize],
    ) {
        use crate::engine::Edges;
        if self.id_keys == 0 {
            return;
        }
        let all_ids: Vec<String> = self.map.entries()[..self.id_keys]
            .iter()
            .map(|(k, _)| k.clone())
            .collect();
        let passes = [
            (
                ProblemKind::Cycle,
                "Cycle",
                "CycleDetected",
                heads,
                bases,
                Edges::VersionedDown,
                Edges::NextRev,
                "down_revision",
            ),
            (
                ProblemKind::DependencyCycle,
                "Dependency cycle",
                "DependencyCycleDetected",
                real_heads,
                real_bases,
                Edges::AllDown,
                Edges::AllNextRev,
                "down_revision and depends_on",
            ),
        ];
        // Alembic checks dependencies only once the plain pass is clean, so revisions
        // already in a reported cycle are not reported again.
        let mut reported: HashSet<String> = HashSet::new();
        for (kind, label, class, tops, bottoms, down, up, through) in passes {
            let deleted: Vec<String> = if tops.is_empty() || bottoms.is_empty() {
                all_ids.clone()
            } else {
                // Which ids a walk reaches (Alembic compares ids: reaching either file of
                // a duplicated id counts), as a mask over map entries.
                let reached = |from: &[usize], edges| {
                    let mut mask = vec![false; self.id_keys];
                    for i in self.related(from, edges) {
                        if let Some(p) = self.map.position(&self.revisions[i].id) {
                            if let Some(m) = mask.get_mut(p) {
                                *m = true;
                            }
                        }
                    }
                    mask
                };
                let from_top = reached(tops, down);
                let from_bottom = reached(bottoms, up);
                let mut deleted: Vec<String> = all_ids
                    .iter()
                    .enumerate()
                    .filter(|(p, _)| !(from_top[*p] && from_bottom[*p]))
                    .map(|(_, id)| id.clone())
                    .collect();
                deleted.sort();
                deleted
            };
            let deleted: Vec<String> = deleted
                .into_iter()
                .filter(|id| !reported.contains(id))
                .collect();
            if deleted.is_empty() {
                continue;
            }
            reported.extend(deleted.iter().cloned());
            let message = format!("{label} is detected in revisions ({})", deleted.join(", "));
            let indices: Vec<usize> = deleted.iter().filter_map(|id| self.map.get(id)).collect();
            let files: Vec<&str> = indices
                .iter()
                .map(|&i| self.revisions[i].path.as_str())
                .collect();
            problems.push(
                kind,
                AlembicReaction::Refuses,
                message.clone(),
                format!(
                    "Revisions {} ({}) are not all between a base and a head through {through}: they form a cycle or hang off one. Break the cycle.",
                    deleted.join(", "),
                    files.join(", ")
                ),
                deleted.clone(),
                &indices,
                revision_error(class, &message),
            );
        }
    }

    /// `_add_branches`: labels spread to descendants, and down to ancestors until a
    /// branch point or merge point.
    ///
    /// A label near the base reaches every later revision, so the labels are handled as
    /// ranks in the sorted list of every label while they spread (sorted rank lists
    /// merge without comparing strings), and written back as strings once.
    fn add_branches(&mut self, labelled: &[usize]) {
        if labelled.is_empty() {
            return;
        }
        let mut names: Vec<&str> = self
            .revisions
            .iter()
            .flat_map(|r| r.branch_labels.iter().map(String::as_str))
            .collect();
        names.sort_unstable();
        names.dedup();
        let names: Vec<String> = names.into_iter().map(str::to_owned).collect();
        let rank = |label: &String| names.binary_search(label).unwrap_or(0) as u32;
        let mut ranks: Vec<Vec<u32>> = self
            .revisions
            .iter()
            .map(|r| r.branch_labels.iter().map(rank).collect())
            .collect();
        let mut changed = vec![false; self.revisions.len()];
        let mut spread = |ranks: &mut Vec<Vec<u32>>, node: usize, labels: &[u32]| {
            let into = &mut ranks[node];
            for &label in labels {
                if let Err(at) = into.binary_search(&label) {
                    into.insert(at, label);
                    changed[node] = true;
                }
            }
        };
        for &idx in labelled {
            let labels = ranks[idx].clone();
            let descendants = self.related(&[idx], crate::engine::Edges::NextRev);
            for &node in &descendants {
                spread(&mut ranks, node, &labels);
            }
            // Alembic walks down from the last descendant its traversal yields; with more
            // than one leaf every such walk stops at a branch point above `idx`, so which
            // leaf is last does not change the outcome.
            let Some(&last) = descendants.last() else {
                continue;
            };
            let mut parent = last;
            let mut visited = HashSet::new();
            while visited.insert(parent)
                && !self.revisions[parent].is_real_branch_point()
                && !self.revisions[parent].is_merge_point()
            {
                spread(&mut ranks, parent, &labels);
                if !self.revisions[parent].has_down_revision() {
                    break;
                }
                match self.map.get(&self.revisions[parent].down_revisions[0]) {
                    Some(next) => parent = next,
                    None => break,
                }
            }
        }
        for (node, ranks) in ranks.into_iter().enumerate() {
            if changed[node] {
                self.revisions[node].branch_labels =
                    ranks.iter().map(|&r| names[r as usize].clone()).collect();
            }
        }
    }

    /// Every revision reachable from `targets` along `edges`, each once, in Alembic's
    /// traversal order.
    pub(crate) fn related(&self, targets: &[usize], edges: crate::engine::Edges) -> Vec<usize> {
        self.iterate_related(targets, edges, false)
            .unwrap_or_default()
    }

    /// Resolves every revision's neighbour ids to indices (see [`Neighbours`]).
    fn compute_neighbours(&mut self) {
        let lookup = |id: &String| self.lookup(id, false);
        // `Revision::all_down_revisions` and `normalized_down_revisions` deduplicate by
        // id; distinct ids are distinct map entries, so deduplicating the indices gives
        // the same lists without building them as strings first.
        let union = |a: &[String], b: &[String]| -> Vec<usize> {
            let mut out = Vec::with_capacity(a.len() + b.len());
            for i in a.iter().chain(b).filter_map(lookup) {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
            out
        };
        let each = |ids: &[String]| -> Vec<usize> { ids.iter().filter_map(lookup).collect() };
        let neighbours = self
            .revisions
            .iter()
            .map(|rev| Neighbours {
                normalized_down: union(&rev.down_revisions, &rev.normalized_dependencies),
                versioned_down: each(&rev.down_revisions),
                all_down: union(&rev.down_revisions, &rev.resolved_dependencies),
                next: each(&rev.children),
                all_next: each(&rev.all_children),
            })
            .collect();
        self.neighbours = neighbours;
    }
}

/// `str(script)`: `Script.__str__` (used in Alembic's missing-parent warning).
pub(crate) fn script_str(rev: &Revision) -> String {
    format!(
        "{} -> {}{}{}{}, {}",
        crate::render::format_down_revision(rev),
        rev.id,
        if rev.is_head() { " (head)" } else { "" },
        if rev.is_branch_point() {
            " (branchpoint)"
        } else {
            ""
        },
        if rev.is_merge_point() {
            " (mergepoint)"
        } else {
            ""
        },
        rev.doc
    )
}
