//! The revision graph as the history rules see it: plain data, so that it can be
//! filled from `retort-graph` by a thin adapter, or built here from the revision files.

use std::collections::{BTreeSet, HashMap, HashSet};

use retort_ir::RevisionFile;
use serde::{Deserialize, Serialize};

/// One revision of the graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryNode {
    /// The revision id.
    pub revision: String,
    /// The file it comes from.
    pub path: String,
    /// `down_revision` ids.
    pub parents: Vec<String>,
    /// Revisions whose `down_revision` names this one, in load order.
    pub children: Vec<String>,
    /// `depends_on` ids.
    pub dependencies: Vec<String>,
    /// `branch_labels`.
    pub branch_labels: Vec<String>,
    /// `Create Date:` of the docstring, as written.
    pub create_date: Option<String>,
}

/// What is wrong with the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryProblemKind {
    /// Revisions that revise each other (or themselves).
    Cycle,
    /// Revisions whose `depends_on` form a cycle.
    DependencyCycle,
    /// A `down_revision` or `depends_on` naming a revision that is not there.
    MissingParent,
    /// Two files with the same revision id.
    DuplicateId,
    /// A branch label used twice, or equal to a revision id.
    BranchLabelCollision,
}

/// A problem of the graph, with Alembic's text for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryProblem {
    /// What kind.
    pub kind: HistoryProblemKind,
    /// The files it is reported on.
    pub paths: Vec<String>,
    /// The revisions involved.
    pub revisions: Vec<String>,
    /// For a missing parent or label collision: the id or label at fault.
    pub subject: Option<String>,
    /// What Alembic says.
    pub message: String,
}

/// The revision graph.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// Every revision, in load order; a duplicated id appears once per file.
    pub nodes: Vec<HistoryNode>,
    /// Head revision ids, in load order.
    pub heads: Vec<String>,
    /// Paths in topological order (parents first); revisions in or after a cycle last.
    pub order: Vec<String>,
    /// What is wrong with the graph.
    pub problems: Vec<HistoryProblem>,
}

impl History {
    /// The node of `revision` (the last file with that id, as Alembic keeps it).
    pub fn node(&self, revision: &str) -> Option<&HistoryNode> {
        self.nodes.iter().rev().find(|n| n.revision == revision)
    }

    /// The node read from `path`.
    pub fn node_at(&self, path: &str) -> Option<&HistoryNode> {
        self.nodes.iter().find(|n| n.path == path)
    }

    /// Problems reported on `path`.
    pub fn problems_at<'a>(
        &'a self,
        path: &'a str,
        kind: HistoryProblemKind,
    ) -> impl Iterator<Item = &'a HistoryProblem> + 'a {
        self.problems
            .iter()
            .filter(move |p| p.kind == kind && p.paths.iter().any(|q| q == path))
    }

    /// Every revision reachable from `revision` through children (itself excluded).
    pub fn descendants(&self, revision: &str) -> HashSet<String> {
        let mut seen = HashSet::new();
        let mut stack = vec![revision.to_owned()];
        while let Some(id) = stack.pop() {
            if let Some(node) = self.node(&id) {
                for child in &node.children {
                    if seen.insert(child.clone()) {
                        stack.push(child.clone());
                    }
                }
            }
        }
        seen.remove(revision);
        seen
    }

    /// Builds the graph from revision files in load order, with Alembic's checks and
    /// messages. Files without a revision id are left out.
    pub fn from_revisions(files: &[RevisionFile]) -> History {
        let mut nodes: Vec<HistoryNode> = files
            .iter()
            .filter_map(|f| {
                Some(HistoryNode {
                    revision: f.revision.clone()?,
                    path: f.path.clone(),
                    parents: f.down_revisions.clone(),
                    children: Vec::new(),
                    dependencies: f.depends_on.clone(),
                    branch_labels: f.branch_labels.clone(),
                    create_date: f.header.create_date.clone(),
                })
            })
            .collect();
        let mut problems = Vec::new();

        // Duplicates: Alembic warns and keeps the last file.
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut dup_paths: HashMap<String, Vec<String>> = HashMap::new();
        for (i, node) in nodes.iter().enumerate() {
            if let Some(prev) = by_id.insert(node.revision.clone(), i) {
                let paths = dup_paths.entry(node.revision.clone()).or_default();
                if paths.is_empty() {
                    paths.push(nodes[prev].path.clone());
                }
                paths.push(node.path.clone());
            }
        }
        let mut dup_ids: Vec<_> = dup_paths.into_iter().collect();
        dup_ids.sort();
        for (id, paths) in dup_ids {
            problems.push(HistoryProblem {
                kind: HistoryProblemKind::DuplicateId,
                paths,
                revisions: vec![id.clone()],
                subject: Some(id.clone()),
                message: format!("Revision {id} is present more than once"),
            });
        }

        // Branch labels: unique among labels and revision ids.
        let mut labels: HashMap<String, String> = HashMap::new();
        for node in &nodes {
            for label in &node.branch_labels {
                let other = labels
                    .get(label.as_str())
                    .cloned()
                    .or_else(|| by_id.get(label).map(|i| nodes[*i].revision.clone()));
                if let Some(other) = other {
                    problems.push(HistoryProblem {
                        kind: HistoryProblemKind::BranchLabelCollision,
                        paths: vec![node.path.clone()],
                        revisions: vec![node.revision.clone(), other.clone()],
                        subject: Some(label.clone()),
                        message: format!(
                            "Branch name '{label}' in revision {} already used by revision {other}",
                            node.revision
                        ),
                    });
                } else {
                    labels.insert(label.clone(), node.revision.clone());
                }
            }
        }

        // Children, only over the nodes Alembic keeps (the last of duplicates).
        let kept: Vec<usize> = {
            let mut v: Vec<usize> = by_id.values().copied().collect();
            v.sort_unstable();
            v
        };
        let mut children: HashMap<String, Vec<String>> = HashMap::new();
        for &i in &kept {
            for parent in &nodes[i].parents {
                children
                    .entry(parent.clone())
                    .or_default()
                    .push(nodes[i].revision.clone());
            }
        }
        for node in &mut nodes {
            node.children = children.get(&node.revision).cloned().unwrap_or_default();
        }

        // Missing parents and dependencies.
        for &i in &kept {
            let node = &nodes[i];
            for missing in node
                .parents
                .iter()
                .chain(&node.dependencies)
                .filter(|p| !by_id.contains_key(*p) && !labels.contains_key(p.as_str()))
            {
                problems.push(HistoryProblem {
                    kind: HistoryProblemKind::MissingParent,
                    paths: vec![node.path.clone()],
                    revisions: vec![node.revision.clone()],
                    subject: Some(missing.clone()),
                    message: format!(
                        "Revision {missing} referenced from {} is not present",
                        describe(node, files)
                    ),
                });
            }
        }

        // Cycles over down_revision, then over depends_on.
        let index_of = |id: &str| by_id.get(id).copied();
        let cycles = strongly_connected(&kept, |i| {
            nodes[i]
                .parents
                .iter()
                .filter_map(|p| index_of(p))
                .collect()
        });
        let mut in_cycle: HashSet<usize> = HashSet::new();
        for scc in &cycles {
            let self_loop = scc.len() == 1;
            let ids: BTreeSet<&str> = scc.iter().map(|&i| nodes[i].revision.as_str()).collect();
            let list = ids.iter().copied().collect::<Vec<_>>().join(", ");
            problems.push(HistoryProblem {
                kind: HistoryProblemKind::Cycle,
                paths: scc.iter().map(|&i| nodes[i].path.clone()).collect(),
                revisions: ids.iter().map(|s| (*s).to_owned()).collect(),
                subject: None,
                message: if self_loop {
                    format!("Self-loop is detected in revisions ({list})")
                } else {
                    format!("Cycle is detected in revisions ({list})")
                },
            });
            in_cycle.extend(scc.iter().copied());
        }
        let dependency_cycles = strongly_connected(&kept, |i| {
            nodes[i]
                .parents
                .iter()
                .chain(&nodes[i].dependencies)
                .filter_map(|p| index_of(p))
                .collect()
        });
        for scc in dependency_cycles {
            if scc.iter().all(|i| in_cycle.contains(i)) {
                continue;
            }
            let ids: BTreeSet<&str> = scc.iter().map(|&i| nodes[i].revision.as_str()).collect();
            let list = ids.iter().copied().collect::<Vec<_>>().join(", ");
            problems.push(HistoryProblem {
                kind: HistoryProblemKind::DependencyCycle,
                paths: scc.iter().map(|&i| nodes[i].path.clone()).collect(),
                revisions: ids.iter().map(|s| (*s).to_owned()).collect(),
                subject: None,
                message: if scc.len() == 1 {
                    format!("Dependency self-loop is detected in revisions ({list})")
                } else {
                    format!("Dependency cycle is detected in revisions ({list})")
                },
            });
            in_cycle.extend(scc.iter().copied());
        }

        let heads = kept
            .iter()
            .filter(|&&i| nodes[i].children.is_empty() && !in_cycle.contains(&i))
            .map(|&i| nodes[i].revision.clone())
            .collect();

        // Topological order (Kahn), ties in load order; what is left over goes last.
        let mut remaining: HashMap<usize, usize> = kept
            .iter()
            .map(|&i| {
                let known = nodes[i]
                    .parents
                    .iter()
                    .filter(|p| index_of(p).is_some())
                    .count();
                (i, known)
            })
            .collect();
        let mut ready: BTreeSet<usize> = remaining
            .iter()
            .filter(|(_, n)| **n == 0)
            .map(|(i, _)| *i)
            .collect();
        let mut order = Vec::with_capacity(nodes.len());
        let mut placed: HashSet<usize> = HashSet::new();
        while let Some(i) = ready.pop_first() {
            placed.insert(i);
            order.push(nodes[i].path.clone());
            for child in &nodes[i].children {
                if let Some(c) = index_of(child) {
                    if let Some(n) = remaining.get_mut(&c) {
                        *n = n.saturating_sub(
                            nodes[c]
                                .parents
                                .iter()
                                .filter(|p| **p == nodes[i].revision)
                                .count(),
                        );
                        if *n == 0 && !placed.contains(&c) {
                            ready.insert(c);
                        }
                    }
                }
            }
        }
        for (i, node) in nodes.iter().enumerate() {
            if !placed.contains(&i) {
                order.push(node.path.clone());
            }
        }

        History {
            nodes,
            heads,
            order,
            problems,
        }
    }
}

/// Alembic's one-line description of a revision: `down -> rev (head), doc`.
fn describe(node: &HistoryNode, files: &[RevisionFile]) -> String {
    let parents = match node.parents.as_slice() {
        [] => "<base>".to_owned(),
        [one] => one.clone(),
        many => format!("({})", many.join(", ")),
    };
    let head = if node.children.is_empty() {
        " (head)"
    } else {
        ""
    };
    let doc = files
        .iter()
        .find(|f| f.path == node.path)
        .map(RevisionFile::doc)
        .unwrap_or_default();
    format!("{parents} -> {}{head}, {doc}", node.revision)
}

/// Tarjan's strongly connected components with more than one node, or a self-loop.
/// Iterative, so deep histories cannot overflow the stack.
fn strongly_connected(nodes: &[usize], edges: impl Fn(usize) -> Vec<usize>) -> Vec<Vec<usize>> {
    let mut index: HashMap<usize, usize> = HashMap::new();
    let mut low: HashMap<usize, usize> = HashMap::new();
    let mut on_stack: HashSet<usize> = HashSet::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut out = Vec::new();
    let mut counter = 0;
    for &root in nodes {
        if index.contains_key(&root) {
            continue;
        }
        let mut work: Vec<(usize, Vec<usize>, usize)> = vec![(root, edges(root), 0)];
        index.insert(root, counter);
        low.insert(root, counter);
        counter += 1;
        stack.push(root);
        on_stack.insert(root);
        while let Some((v, succ, pos)) = work.last_mut() {
            let v = *v;
            if *pos < succ.len() {
                let w = succ[*pos];
                *pos += 1;
                if let std::collections::hash_map::Entry::Vacant(slot) = index.entry(w) {
                    slot.insert(counter);
                    low.insert(w, counter);
                    counter += 1;
                    stack.push(w);
                    on_stack.insert(w);
                    work.push((w, edges(w), 0));
                } else if on_stack.contains(&w) {
                    let lw = index[&w].min(low[&v]);
                    low.insert(v, lw);
                }
            } else {
                work.pop();
                if let Some((parent, _, _)) = work.last() {
                    let lp = low[parent].min(low[&v]);
                    low.insert(*parent, lp);
                }
                if low[&v] == index[&v] {
                    let mut scc = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack.remove(&w);
                        scc.push(w);
                        if w == v {
                            break;
                        }
                    }
                    let self_loop = scc.len() == 1 && edges(v).contains(&v);
                    if scc.len() > 1 || self_loop {
                        scc.sort_unstable();
                        out.push(scc);
                    }
                }
            }
        }
    }
    out
}
