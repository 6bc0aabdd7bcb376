//! The graph's public queries: plain answers for drawing and checking the graph, and
//! Alembic's target resolution with Alembic's error texts.

use serde::{Deserialize, Serialize};

use crate::engine::{Res, Start};
use crate::error::{Catch, GraphError, Ident, RevErr};
use crate::graph::{Revision, RevisionGraph};
use crate::problem::{GraphProblem, ProblemKind};

/// One element of what a revision argument resolves to (Alembic's `get_revisions`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Resolved {
    /// A revision.
    Revision(String),
    /// Below the first revision (walking down past a base gives Alembic's `"base"`).
    Base,
    /// Nothing (a relative walk that went past the end gives Alembic's `None`).
    Nothing,
}

impl RevisionGraph {
    fn to_resolved(&self, res: Res) -> Resolved {
        match res {
            Res::Rev(i) => Resolved::Revision(self.revisions[i].id.clone()),
            Res::Base => Resolved::Base,
            Res::Nil => Resolved::Nothing,
        }
    }

    /// Makes the Alembic commands answer from the repaired graph instead of failing as
    /// Alembic does when the graph has a fatal problem (for a playground that still
    /// wants to show something).
    #[must_use]
    pub fn lenient(mut self, lenient: bool) -> RevisionGraph {
        self.lenient = lenient;
        self
    }

    /// Every revision, one per node, in load order (duplicated ids included).
    pub fn revisions(&self) -> &[Revision] {
        &self.revisions
    }

    /// The revision with exactly this id (for a duplicated id, the later file, as
    /// Alembic's map holds it).
    pub fn get(&self, id: &str) -> Option<&Revision> {
        self.lookup(id, true).map(|i| &self.revisions[i])
    }

    /// The revision a branch label names (the revision that declares it).
    pub fn branch_label_revision(&self, label: &str) -> Option<&Revision> {
        let position = self.map.position(label)?;
        (position >= self.id_keys).then(|| &self.revisions[self.map.entries()[position].1])
    }

    /// The problems found while building, in the order Alembic meets them.
    pub fn problems(&self) -> &[GraphProblem] {
        &self.problems
    }

    /// The problem Alembic stops at when it loads this history, if any.
    pub fn alembic_failure(&self) -> Option<&GraphProblem> {
        self.problems.iter().find(|p| p.is_fatal())
    }

    /// The `UserWarning` texts Alembic prints (to standard error) when it loads this
    /// history, in order, up to where it stops.
    pub fn load_warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        for problem in &self.problems {
            match problem.kind {
                ProblemKind::DuplicateRevision => warnings.push(problem.message.clone()),
                ProblemKind::MissingParent => {
                    warnings.push(problem.message.clone());
                    break;
                }
                _ if problem.is_fatal() => break,
                _ => {}
            }
        }
        warnings
    }

    /// `RevisionMap.heads`: revisions nothing names in `down_revision`, in load order
    /// (an effective head, depended on by another revision, is included; a duplicated
    /// id can appear twice, as in Alembic).
    pub fn heads(&self) -> &[String] {
        &self.heads
    }

    /// `RevisionMap._real_heads`: revisions nothing names, not even in `depends_on`
    /// (what `upgrade heads` targets).
    pub fn real_heads(&self) -> &[String] {
        &self.real_heads
    }

    /// `RevisionMap.bases`: revisions with no `down_revision`, in load order.
    pub fn bases(&self) -> &[String] {
        &self.bases
    }

    /// `RevisionMap._real_bases`: bases that have no `depends_on` either.
    pub fn real_bases(&self) -> &[String] {
        &self.real_bases
    }

    fn in_map_order(&self, keep: impl Fn(&Revision) -> bool) -> Vec<&Revision> {
        self.map.entries()[..self.id_keys]
            .iter()
            .map(|&(_, i)| &self.revisions[i])
            .filter(|r| keep(r))
            .collect()
    }

    /// Revisions with more than one child, in revision map order.
    pub fn branch_points(&self) -> Vec<&Revision> {
        self.in_map_order(Revision::is_branch_point)
    }

    /// Revisions with more than one `down_revision`, in revision map order.
    pub fn merge_points(&self) -> Vec<&Revision> {
        self.in_map_order(Revision::is_merge_point)
    }

    /// Every id in revision map order (each id once).
    pub fn ids(&self) -> Vec<&str> {
        self.map.entries()[..self.id_keys]
            .iter()
            .map(|(k, _)| k.as_str())
            .collect()
    }

    /// The ids of `id` and all its ancestors (through `down_revision`, and through
    /// `depends_on` when `include_dependencies`), nearest first; empty for an unknown id.
    pub fn ancestors_of(&self, id: &str, include_dependencies: bool) -> Vec<String> {
        let Some(idx) = self.lookup(id, true) else {
            return Vec::new();
        };
        self.ancestors(&[Res::Rev(idx)], include_dependencies, false)
            .unwrap_or_default()
            .into_iter()
            .map(|i| self.revisions[i].id.clone())
            .collect()
    }

    /// The ids of `id` and all its descendants (through `down_revision`, and through
    /// `depends_on` when `include_dependencies`); empty for an unknown id.
    pub fn descendants_of(&self, id: &str, include_dependencies: bool) -> Vec<String> {
        let Some(idx) = self.index_of(id) else {
            return Vec::new();
        };
        self.descendant_indices(idx, include_dependencies)
            .into_iter()
            .map(|i| self.revisions[i].id.clone())
            .collect()
    }

    /// The index in [`revisions`](Self::revisions) of the revision with exactly this id
    /// (for a duplicated id, the later file's, as [`get`](Self::get) returns).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.lookup(id, true)
    }

    /// [`descendants_of`](Self::descendants_of) as indices into
    /// [`revisions`](Self::revisions), the revision at `index` first; empty when
    /// `index` is out of range.
    pub fn descendant_indices(&self, index: usize, include_dependencies: bool) -> Vec<usize> {
        if index >= self.revisions.len() {
            return Vec::new();
        }
        self.descendants(&[Res::Rev(index)], include_dependencies, false)
            .unwrap_or_default()
    }

    /// What a revision argument names, as `ScriptDirectory.get_revisions(arg)` resolves
    /// it: `head`, `heads` (the real heads), `base` (nothing), an id or branch label,
    /// a prefix, `label@head`, `label@heads`, `label@base`, `label@rev`, `-N` (down from
    /// each real head), `label@-N`.
    ///
    /// A prefix matches the ids and branch labels that start with it and are longer
    /// than three characters; it resolves when exactly one matches, whatever its own
    /// length (`3c` finds `3c4d5e6f7081`). Errors are Alembic's (`Can't locate revision
    /// identified by 'abcd'` when none or several match, multiple heads, …).
    pub fn resolve(&self, argument: &str) -> Result<Vec<Resolved>, GraphError> {
        self.check_loadable(true)?;
        self.get_revisions(Some(argument))
            .map(|found| found.into_iter().map(|r| self.to_resolved(r)).collect())
            .map_err(|e| Catch::default().apply(e).into_graph_error())
    }

    /// `ScriptDirectory.get_revision(arg)`: like [`resolve`](Self::resolve) for an
    /// argument that must name at most one revision.
    pub fn resolve_one(&self, argument: &str) -> Result<Option<String>, GraphError> {
        self.check_loadable(true)?;
        self.get_revision(Some(argument))
            .map(|found| found.map(|i| self.revisions[i].id.clone()))
            .map_err(|e| Catch::default().apply(e).into_graph_error())
    }

    /// `RevisionMap._walk`: `steps` up (positive) or down (negative) from `start` (an
    /// argument as for [`resolve_one`](Self::resolve_one); `None` starts below the
    /// bases when walking up, above the heads when walking down), optionally staying on
    /// `branch_label`'s branch when walking up.
    pub fn walk_from(
        &self,
        start: Option<&str>,
        steps: i64,
        branch_label: Option<&str>,
    ) -> Result<Resolved, GraphError> {
        self.check_loadable(true)?;
        let start = match start {
            Some(s) => Start::Str(s.to_owned()),
            None => Start::Res(Res::Nil),
        };
        self.walk(start, steps, branch_label, true)
            .map(|r| self.to_resolved(r))
            .map_err(|e| Catch::default().apply(e).into_graph_error())
    }

    /// The revisions `alembic upgrade <target>` aims at from a database at
    /// `current_heads` (`RevisionMap._parse_upgrade_target`): relative forms (`+N`,
    /// `label@+N`, `rev@+N`, `rev@-N`) count from the current heads or the named
    /// revision.
    pub fn upgrade_target(
        &self,
        current_heads: &[String],
        target: &str,
    ) -> Result<Vec<Resolved>, GraphError> {
        self.check_loadable(true)?;
        self.parse_upgrade_target(&Ident::tuple(current_heads), &Ident::str(target), true)
            .map(|found| found.into_iter().map(|r| self.to_resolved(r)).collect())
            .map_err(|e| Catch::default().apply(e).into_graph_error())
    }

    /// The branch label and revision `alembic downgrade <target>` aims at from a
    /// database at `current_heads` (`RevisionMap._parse_downgrade_target`): `-N` counts
    /// down from the (first) current head.
    pub fn downgrade_target(
        &self,
        current_heads: &[String],
        target: &str,
    ) -> Result<(Option<String>, Resolved), GraphError> {
        self.check_loadable(true)?;
        self.parse_downgrade_target(
            &Ident::tuple(current_heads),
            Some(target),
            true,
            &mut Vec::new(),
        )
        .map(|(label, r)| (label, self.to_resolved(r)))
        .map_err(|e| Catch::default().apply(e).into_graph_error())
    }

    /// `RevisionMap.iterate_revisions(upper, lower)` as `alembic history -r lower:upper`
    /// walks it: the revisions from `upper` down to `lower`, both included, newest
    /// first.
    pub fn revisions_between(&self, lower: &str, upper: &str) -> Result<Vec<String>, GraphError> {
        self.check_loadable(true)?;
        let catch = Catch {
            start: Some(Ident::str(lower)),
            end: Some(Ident::str(upper)),
            ..Catch::default()
        };
        self.iterate_revisions(
            &Ident::str(upper),
            &Ident::str(lower),
            false,
            true,
            false,
            false,
            &mut Vec::new(),
        )
        .map(|found| {
            found
                .into_iter()
                .map(|i| self.revisions[i].id.clone())
                .collect()
        })
        .map_err(|e: RevErr| catch.apply(e).into_graph_error())
    }
}
