//! The revisions the engine runs, their order, and the walks between sets of heads.
//!
//! A small, plain-data stand-in for `retort-graph`'s revision map (target resolution
//! for `head`, `heads`, `base`, ids and unique prefixes, `label@head`, relative `±N`)
//! so that the engine runs on its own; the walks produce [`MigrationStep`]s, the only
//! thing the engine needs.

use std::collections::{BTreeSet, HashMap, HashSet};

use retort_ir::{BodyKind, Op, RevisionFile, TextRange};
use serde::{Deserialize, Serialize};

/// One revision as the engine runs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    /// `revision`.
    pub id: String,
    /// `down_revision`: empty for a base, several for a merge.
    pub down_revisions: Vec<String>,
    /// `depends_on`.
    pub depends_on: Vec<String>,
    /// `branch_labels`.
    pub branch_labels: Vec<String>,
    /// The first line of the docstring (Alembic's `doc`).
    pub doc: String,
    /// The file.
    pub path: String,
    /// `upgrade()`'s ops.
    pub upgrade: Vec<Op>,
    /// `downgrade()`'s ops.
    pub downgrade: Vec<Op>,
    /// `def upgrade` / `def downgrade` name ranges and bodies, when present.
    pub upgrade_fn: Option<(TextRange, BodyKind)>,
    /// See `upgrade_fn`.
    pub downgrade_fn: Option<(TextRange, BodyKind)>,
}

impl Revision {
    /// The revision of a file read by the front end; `None` without a `revision` id.
    pub fn from_file(file: &RevisionFile) -> Option<Self> {
        let id = file.revision.clone()?;
        Some(Self {
            id,
            down_revisions: file.down_revisions.clone(),
            depends_on: file.depends_on.clone(),
            branch_labels: file.branch_labels.clone(),
            doc: file.doc(),
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

/// Up or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// `upgrade()`.
    Up,
    /// `downgrade()`.
    Down,
}

/// Running one revision's `upgrade()` or `downgrade()`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MigrationStep {
    /// The revision.
    pub revision: String,
    /// Which function.
    pub direction: Direction,
}

/// Every revision, by id, with parents and children.
#[derive(Debug, Clone, Default)]
pub struct History {
    revisions: Vec<Revision>,
    index: HashMap<String, usize>,
    /// Revisions in an order where parents (and dependencies) come first.
    order: Vec<usize>,
}

impl History {
    /// The history of `revisions` (later duplicates of an id are ignored; parents that do
    /// not exist are ignored: the graph checks report them).
    pub fn new(revisions: Vec<Revision>) -> Self {
        let mut kept: Vec<Revision> = Vec::with_capacity(revisions.len());
        let mut index = HashMap::new();
        for r in revisions {
            if index.contains_key(&r.id) {
                continue;
            }
            index.insert(r.id.clone(), kept.len());
            kept.push(r);
        }
        let mut history = Self {
            revisions: kept,
            index,
            order: Vec::new(),
        };
        history.order = history.topological();
        history
    }

    /// The history of the files the front end read.
    pub fn from_files(files: &[RevisionFile]) -> Self {
        Self::new(files.iter().filter_map(Revision::from_file).collect())
    }

    /// The revision `id`.
    pub fn get(&self, id: &str) -> Option<&Revision> {
        self.index.get(id).map(|&i| &self.revisions[i])
    }

    /// Every revision, parents first (merges after all their parents; cycles broken).
    pub fn in_order(&self) -> impl Iterator<Item = &Revision> {
        self.order.iter().map(|&i| &self.revisions[i])
    }

    /// Parents plus dependencies that exist.
    fn all_parents(&self, r: &Revision) -> Vec<usize> {
        r.down_revisions
            .iter()
            .chain(&r.depends_on)
            .filter_map(|p| self.index.get(p).copied())
            .collect()
    }

    fn topological(&self) -> Vec<usize> {
        let n = self.revisions.len();
        let mut state = vec![0u8; n];
        let mut out = Vec::with_capacity(n);
        for start in 0..n {
            if state[start] != 0 {
                continue;
            }
            // Iterative DFS: post-order gives parents before children.
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            state[start] = 1;
            while let Some((node, next)) = stack.pop() {
                let parents = self.all_parents(&self.revisions[node]);
                if next < parents.len() {
                    stack.push((node, next + 1));
                    let p = parents[next];
                    if state[p] == 0 {
                        state[p] = 1;
                        stack.push((p, 0));
                    }
                } else {
                    state[node] = 2;
                    out.push(node);
                }
            }
        }
        out
    }

    /// The heads: revisions nothing else revises (dependencies do not count).
    pub fn heads(&self) -> Vec<String> {
        let mut has_child = HashSet::new();
        for r in &self.revisions {
            for p in &r.down_revisions {
                has_child.insert(p.as_str());
            }
        }
        self.in_order()
            .filter(|r| !has_child.contains(r.id.as_str()))
            .map(|r| r.id.clone())
            .collect()
    }

    /// `id` and everything it needs (parents and dependencies), transitively.
    pub fn ancestors_inclusive(&self, ids: &[String]) -> HashSet<String> {
        let mut seen = HashSet::new();
        let mut todo: Vec<&str> = ids.iter().map(String::as_str).collect();
        while let Some(id) = todo.pop() {
            if !seen.insert(id.to_owned()) {
                continue;
            }
            if let Some(r) = self.get(id) {
                for p in r.down_revisions.iter().chain(&r.depends_on) {
                    todo.push(p);
                }
            }
        }
        seen
    }

    /// Alembic's `_normalized_down_revisions`: parents and dependencies, without the
    /// dependencies a parent already implies.
    pub fn normalized_down_revisions(&self, r: &Revision) -> Vec<String> {
        let mut out: Vec<String> = r.down_revisions.clone();
        let implied = self.ancestors_inclusive(&r.down_revisions);
        for d in &r.depends_on {
            if !implied.contains(d) && !out.contains(d) {
                out.push(d.clone());
            }
        }
        // A dependency implied by another dependency goes too.
        let snapshot = out.clone();
        out.retain(|d| {
            !snapshot.iter().any(|other| {
                other != d
                    && self
                        .ancestors_inclusive(std::slice::from_ref(other))
                        .contains(d)
            })
        });
        out
    }

    /// Resolves a revision argument to revision ids: `head`, `heads`, `base`, an id or a
    /// unique prefix, `label@head`, `label@base`, `label`. Errors carry Alembic's text.
    pub fn resolve(&self, target: &str) -> Result<Vec<String>, String> {
        match target {
            "base" => return Ok(Vec::new()),
            "heads" => return Ok(self.heads()),
            "head" => {
                let heads = self.heads();
                return if heads.len() > 1 {
                    Err("Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads".to_owned())
                } else {
                    Ok(heads)
                };
            }
            _ => {}
        }
        if let Some((branch, rest)) = target.split_once('@') {
            let members = self.branch_members(branch)?;
            return match rest {
                "head" => {
                    let heads: Vec<String> = self
                        .heads()
                        .into_iter()
                        .filter(|h| members.contains(h))
                        .collect();
                    Ok(heads)
                }
                "base" => Ok(Vec::new()),
                _ => self.resolve(rest),
            };
        }
        if let Some(r) = self.get(target) {
            return Ok(vec![r.id.clone()]);
        }
        if let Some(r) = self
            .revisions
            .iter()
            .find(|r| r.branch_labels.iter().any(|l| l == target))
        {
            return Ok(vec![r.id.clone()]);
        }
        let matches: Vec<&Revision> = if target.len() >= 4 {
            self.revisions
                .iter()
                .filter(|r| r.id.starts_with(target))
                .collect()
        } else {
            Vec::new()
        };
        match matches.as_slice() {
            [one] => Ok(vec![one.id.clone()]),
            [] => Err(format!("Can't locate revision identified by '{target}'")),
            many => Err(format!(
                "Multiple revisions start with '{target}': {}",
                many.iter()
                    .map(|r| r.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// The revisions on the branch `label` (or of the revision `label`): its labelled
    /// revision's ancestors and descendants.
    fn branch_members(&self, label: &str) -> Result<HashSet<String>, String> {
        let root = self
            .revisions
            .iter()
            .find(|r| r.branch_labels.iter().any(|l| l == label))
            .map(|r| r.id.clone())
            .or_else(|| self.resolve(label).ok().and_then(|v| v.into_iter().next()))
            .ok_or_else(|| format!("Can't locate revision identified by '{label}'"))?;
        let mut out = self.ancestors_inclusive(std::slice::from_ref(&root));
        out.extend(self.descendants_inclusive(&root));
        Ok(out)
    }

    fn descendants_inclusive(&self, id: &str) -> HashSet<String> {
        let mut out: HashSet<String> = HashSet::new();
        out.insert(id.to_owned());
        for r in self.in_order() {
            if r.down_revisions
                .iter()
                .chain(&r.depends_on)
                .any(|p| out.contains(p))
            {
                out.insert(r.id.clone());
            }
        }
        out
    }

    /// The steps from `current` heads up to `targets`, parents first.
    pub fn upgrade_steps(&self, current: &[String], targets: &[String]) -> Vec<MigrationStep> {
        let applied = self.ancestors_inclusive(current);
        let needed = self.ancestors_inclusive(targets);
        self.in_order()
            .filter(|r| needed.contains(&r.id) && !applied.contains(&r.id))
            .map(|r| MigrationStep {
                revision: r.id.clone(),
                direction: Direction::Up,
            })
            .collect()
    }

    /// The steps from `current` heads down to `targets` (`[]` for base), children first.
    pub fn downgrade_steps(&self, current: &[String], targets: &[String]) -> Vec<MigrationStep> {
        let applied = self.ancestors_inclusive(current);
        let keep = self.ancestors_inclusive(targets);
        let mut out: Vec<MigrationStep> = self
            .in_order()
            .filter(|r| applied.contains(&r.id) && !keep.contains(&r.id))
            .map(|r| MigrationStep {
                revision: r.id.clone(),
                direction: Direction::Down,
            })
            .collect();
        out.reverse();
        out
    }

    /// `-N` from `current`: the target N steps down a single line of history.
    pub fn relative_down(&self, current: &[String], n: usize) -> Result<Vec<String>, String> {
        let fail = || format!("Relative revision -{n} didn't produce {n} migrations");
        let mut at: Vec<String> = current.to_vec();
        for _ in 0..n {
            let [one] = at.as_slice() else {
                return Err(fail());
            };
            let r = self.get(one).ok_or_else(fail)?;
            at = r.down_revisions.clone();
            if at.len() > 1 {
                return Err("Ambiguous walk".to_owned());
            }
        }
        if at.is_empty() && current.is_empty() {
            return Err(fail());
        }
        Ok(at)
    }

    /// `+N` from `current`: the target N steps up a single line of history.
    pub fn relative_up(&self, current: &[String], n: usize) -> Result<Vec<String>, String> {
        let fail = || format!("Relative revision +{n} didn't produce {n} migrations");
        let mut at: BTreeSet<String> = current.iter().cloned().collect();
        for _ in 0..n {
            let children: Vec<&Revision> = self
                .in_order()
                .filter(|r| {
                    if at.is_empty() {
                        r.down_revisions.is_empty()
                    } else {
                        r.down_revisions.iter().any(|p| at.contains(p))
                    }
                })
                .collect();
            let [child] = children.as_slice() else {
                return Err(fail());
            };
            at = std::iter::once(child.id.clone()).collect();
        }
        Ok(at.into_iter().collect())
    }
}
