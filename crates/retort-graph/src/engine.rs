//! A port of `alembic.script.revision.RevisionMap`'s traversal and resolution methods.
//!
//! Each function names the Python method it ports and follows it statement by
//! statement, so that results, orders and error texts match. Where Python iterates a
//! `set` (an order that changes from run to run), the port uses revision map order and
//! says so.

use std::cell::Cell;
use std::collections::HashSet;

use crate::error::{Ident, RevErr, RevResult};
use crate::graph::RevisionGraph;
use crate::python::{match_relative, PyInt};

thread_local! {
    /// How deep `get_revisions` / `_walk` calls are nested on this thread.
    static WALK_DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// Which neighbours a traversal follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Edges {
    /// `_normalized_down_revisions`.
    NormalizedDown,
    /// `_versioned_down_revisions`.
    VersionedDown,
    /// `_all_down_revisions`.
    AllDown,
    /// `nextrev`.
    NextRev,
    /// `_all_nextrev`.
    AllNextRev,
}

/// One element of what Alembic's resolution returns: a `Revision`, the string
/// `"base"` (from walking down past a base), or `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Res {
    Rev(usize),
    Base,
    Nil,
}

/// What `_walk` starts from: a string to resolve, or an already resolved value.
#[derive(Debug, Clone)]
pub(crate) enum Start {
    Str(String),
    Res(Res),
}

/// A target of `_shares_lineage` / `filter_for_lineage`: an id or a revision.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    Id(String),
    Res(Res),
}

/// Runs `f` one level deeper in the mutual recursion of `get_revisions` and `_walk`.
///
/// Resolving an id that looks like `-N` walks from the heads, which resolves ids
/// again. In a history Alembic accepts this ends after a level or two (ids cannot
/// contain `-`); in one it refuses (an id `-1` that is also a head) Python recurses
/// until `RecursionError`, and so does this port, at a much smaller depth.
fn nested<T>(f: impl FnOnce() -> RevResult<T>) -> RevResult<T> {
    let depth = WALK_DEPTH.with(|d| {
        d.set(d.get() + 1);
        d.get()
    });
    let result = if depth > 16 {
        Err(RevErr::Crash {
            exception: "RecursionError".to_owned(),
            message: "maximum recursion depth exceeded".to_owned(),
        })
    } else {
        f()
    };
    WALK_DEPTH.with(|d| d.set(d.get() - 1));
    result
}

/// `is_revision(x)`: asserts.
pub(crate) fn is_revision(res: Res) -> RevResult<usize> {
    match res {
        Res::Rev(i) => Ok(i),
        _ => Err(RevErr::assertion()),
    }
}

fn revisions_of(items: &[Res]) -> RevResult<Vec<usize>> {
    items.iter().map(|&r| is_revision(r)).collect()
}

fn dedupe_res(items: Vec<Res>) -> Vec<Res> {
    let mut seen = HashSet::new();
    items.into_iter().filter(|r| seen.insert(*r)).collect()
}

impl RevisionGraph {
    /// `revision_map[key]` (or the id-only copy `rev_map`).
    pub(crate) fn lookup(&self, key: &str, ids_only: bool) -> Option<usize> {
        let position = self.map.position(key)?;
        if ids_only && position >= self.id_keys {
            return None;
        }
        Some(self.map.entries()[position].1)
    }

    /// `_iterate_related_revisions`.
    ///
    /// Alembic looks each neighbour id up in the map as it goes and can meet a missing
    /// key or a label where an id should be; the built graph has repaired both (and
    /// reported them), so the neighbours are precomputed indices.
    pub(crate) fn iterate_related(
        &self,
        targets: &[usize],
        edges: Edges,
        check: bool,
    ) -> RevResult<Vec<usize>> {
        let mut seen = vec![false; self.revisions.len()];
        let mut out = Vec::new();
        let mut todo: Vec<usize> = Vec::new();
        for &target in targets {
            todo.push(target);
            let mut per_target: HashSet<usize> = HashSet::new();
            while let Some(rev) = todo.pop() {
                if check {
                    per_target.insert(rev);
                }
                if seen[rev] {
                    continue;
                }
                seen[rev] = true;
                todo.extend_from_slice(self.neighbours[rev].get(edges));
                out.push(rev);
            }
            if check {
                let overlaps: Vec<&str> = targets
                    .iter()
                    .filter(|&&t| t != target && per_target.contains(&t))
                    .map(|&t| self.revisions[t].id.as_str())
                    .collect();
                if !overlaps.is_empty() {
                    return Err(RevErr::revision(format!(
                        "Requested revision {} overlaps with other requested revisions {}",
                        self.revisions[target].id,
                        overlaps.join(", ")
                    )));
                }
            }
        }
        Ok(out)
    }

    /// `_get_ancestor_nodes(targets, include_dependencies=…, check=…)`.
    pub(crate) fn ancestors(
        &self,
        targets: &[Res],
        include_dependencies: bool,
        check: bool,
    ) -> RevResult<Vec<usize>> {
        let edges = if include_dependencies {
            Edges::NormalizedDown
        } else {
            Edges::VersionedDown
        };
        self.iterate_related(&revisions_of(targets)?, edges, check)
    }

    /// `_get_descendant_nodes(targets, include_dependencies=…, check=…)`.
    pub(crate) fn descendants(
        &self,
        targets: &[Res],
        include_dependencies: bool,
        check: bool,
    ) -> RevResult<Vec<usize>> {
        let edges = if include_dependencies {
            Edges::AllNextRev
        } else {
            Edges::NextRev
        };
        self.iterate_related(&revisions_of(targets)?, edges, check)
    }

    /// `_resolve_revision_number(id_)` for a string or `None`.
    pub(crate) fn resolve_revision_number(
        &self,
        id: Option<&str>,
    ) -> RevResult<(Vec<String>, Option<String>)> {
        let (branch_label, id) = match id {
            Some(text) if text.contains('@') => {
                let (label, rest) = text.split_once('@').unwrap_or((text, ""));
                (Some(label.to_owned()), Some(rest))
            }
            other => (None, other),
        };
        let label = branch_label.as_deref().filter(|l| !l.is_empty());
        match id {
            Some("heads") => match label {
                Some(label) => {
                    let targets: Vec<Target> = self.heads.iter().cloned().map(Target::Id).collect();
                    let filtered = self.filter_for_lineage(&targets, Some(label), false)?;
                    Ok((
                        filtered.into_iter().map(|t| self.target_id(&t)).collect(),
                        branch_label,
                    ))
                }
                None => Ok((self.real_heads.clone(), branch_label)),
            },
            Some("head") => {
                let head = self.get_current_head(label)?;
                Ok((head.into_iter().collect(), branch_label))
            }
            Some("base") | None => Ok((Vec::new(), branch_label)),
            Some(other) => Ok((vec![other.to_owned()], branch_label)),
        }
    }

    fn target_id(&self, target: &Target) -> String {
        match target {
            Target::Id(id) => id.clone(),
            Target::Res(Res::Rev(i)) => self.revisions[*i].id.clone(),
            Target::Res(Res::Base) => "base".to_owned(),
            Target::Res(Res::Nil) => String::new(),
        }
    }

    /// `get_current_head(branch_label)`.
    pub(crate) fn get_current_head(&self, branch_label: Option<&str>) -> RevResult<Option<String>> {
        let mut current: Vec<String> = self.heads.clone();
        if let Some(label) = branch_label.filter(|l| !l.is_empty()) {
            let targets: Vec<Target> = current.iter().cloned().map(Target::Id).collect();
            current = self
                .filter_for_lineage(&targets, Some(label), false)?
                .iter()
                .map(|t| self.target_id(t))
                .collect();
        }
        if current.len() > 1 {
            let argument = match branch_label.filter(|l| !l.is_empty()) {
                Some(label) => format!("{label}@head"),
                None => "head".to_owned(),
            };
            return Err(RevErr::MultipleHeads {
                heads: current,
                argument: Ident::Str(argument),
            });
        }
        Ok(current.into_iter().next())
    }

    /// `get_revisions(id_)` for a string or `None`.
    pub(crate) fn get_revisions(&self, id: Option<&str>) -> RevResult<Vec<Res>> {
        nested(|| self.get_revisions_inner(id))
    }

    fn get_revisions_inner(&self, id: Option<&str>) -> RevResult<Vec<Res>> {
        let (resolved, branch_label) = self.resolve_revision_number(id)?;
        if let [only] = resolved.as_slice() {
            if let Some(rint) = PyInt::parse(only) {
                if rint.is_negative() {
                    let mut select_heads = self.get_revisions(Some("heads"))?;
                    if let Some(label) = &branch_label {
                        let mut kept = Vec::new();
                        for head in select_heads {
                            let idx = is_revision(head)?;
                            if self.revisions[idx].branch_labels.contains(label) {
                                kept.push(head);
                            }
                        }
                        select_heads = kept;
                    }
                    return select_heads
                        .into_iter()
                        .map(|head| self.walk(Start::Res(head), rint.steps(), None, true))
                        .collect();
                }
            }
        }
        resolved
            .iter()
            .map(|rev_id| {
                self.revision_for_ident(Some(rev_id), branch_label.as_deref())
                    .map(|r| r.map_or(Res::Nil, Res::Rev))
            })
            .collect()
    }

    /// `get_revisions(tuple)`: the concatenation over the elements.
    pub(crate) fn get_revisions_many(&self, ids: &[Option<String>]) -> RevResult<Vec<Res>> {
        let mut out = Vec::new();
        for id in ids {
            out.extend(self.get_revisions(id.as_deref())?);
        }
        Ok(out)
    }

    /// `get_revisions(value)` for any `_RevisionIdentifierType`.
    pub(crate) fn get_revisions_ident(&self, id: &Ident) -> RevResult<Vec<Res>> {
        match id {
            Ident::Nil => self.get_revisions(None),
            Ident::Str(s) => self.get_revisions(Some(s)),
            Ident::Tuple(items) => self.get_revisions_many(items),
        }
    }

    /// `get_revision(id_)`.
    pub(crate) fn get_revision(&self, id: Option<&str>) -> RevResult<Option<usize>> {
        let (resolved, branch_label) = self.resolve_revision_number(id)?;
        if resolved.len() > 1 {
            return Err(RevErr::MultipleHeads {
                heads: resolved,
                argument: id.map_or(Ident::Nil, Ident::str),
            });
        }
        self.revision_for_ident(
            resolved.first().map(String::as_str),
            branch_label.as_deref(),
        )
    }

    /// `_resolve_branch(branch_label)`.
    pub(crate) fn resolve_branch(&self, branch_label: &str) -> RevResult<usize> {
        if let Some(idx) = self.lookup(branch_label, false) {
            return Ok(idx);
        }
        match self.revision_for_ident(Some(branch_label), None) {
            Ok(Some(idx)) => Ok(idx),
            Ok(None) => Err(RevErr::assertion()),
            Err(RevErr::Resolution { .. }) => Err(RevErr::Resolution {
                message: format!("No such branch: '{branch_label}'"),
                argument: branch_label.to_owned(),
            }),
            Err(other) => Err(other),
        }
    }

    /// `_revision_for_ident(resolved_id, check_branch)`; `None` for `resolved_id` is
    /// Python's `None` / `()`.
    pub(crate) fn revision_for_ident(
        &self,
        resolved_id: Option<&str>,
        check_branch: Option<&str>,
    ) -> RevResult<Option<usize>> {
        let check_branch = check_branch.filter(|b| !b.is_empty());
        let branch_rev = match check_branch {
            Some(branch) => Some(self.resolve_branch(branch)?),
            None => None,
        };
        let Some(resolved_id) = resolved_id else {
            return Ok(None);
        };
        let revision = match self.lookup(resolved_id, false) {
            Some(idx) => idx,
            None => {
                let mut revs: Vec<String> = self
                    .map
                    .entries()
                    .iter()
                    .map(|(key, _)| key)
                    .filter(|key| key.chars().count() > 3 && key.starts_with(resolved_id))
                    .cloned()
                    .collect();
                if branch_rev.is_some() {
                    let targets: Vec<Target> = revs.into_iter().map(Target::Id).collect();
                    revs = self
                        .filter_for_lineage(&targets, check_branch, false)?
                        .iter()
                        .map(|t| self.target_id(t))
                        .collect();
                }
                match revs.as_slice() {
                    [] => {
                        let hint = if resolved_id.chars().count() < 4 {
                            "; please ensure at least four characters are present for partial revision identifier matches"
                        } else {
                            ""
                        };
                        return Err(RevErr::Resolution {
                            message: format!("No such revision or branch '{resolved_id}'{hint}"),
                            argument: resolved_id.to_owned(),
                        });
                    }
                    [only] => self
                        .lookup(only, false)
                        .ok_or_else(|| RevErr::key_error(only))?,
                    many => {
                        let shown: Vec<String> =
                            many.iter().take(3).map(|r| format!("'{r}'")).collect();
                        return Err(RevErr::Resolution {
                            message: format!(
                                "Multiple revisions start with '{resolved_id}': {}...",
                                shown.join(", ")
                            ),
                            argument: resolved_id.to_owned(),
                        });
                    }
                }
            }
        };
        if let (Some(branch), Some(branch_rev)) = (check_branch, branch_rev) {
            let revision_id = self.revisions[revision].id.clone();
            let against = [Target::Id(self.revisions[branch_rev].id.clone())];
            if !self.shares_lineage(&Target::Id(revision_id.clone()), &against, false)? {
                return Err(RevErr::Resolution {
                    message: format!("Revision {revision_id} is not a member of branch '{branch}'"),
                    argument: resolved_id.to_owned(),
                });
            }
        }
        Ok(Some(revision))
    }

    /// `filter_for_lineage(targets, check_against, include_dependencies)`.
    pub(crate) fn filter_for_lineage(
        &self,
        targets: &[Target],
        check_against: Option<&str>,
        include_dependencies: bool,
    ) -> RevResult<Vec<Target>> {
        let (ids, branch_label) = self.resolve_revision_number(check_against)?;
        let mut shares: Vec<Target> = Vec::new();
        if let Some(label) = branch_label.filter(|l| !l.is_empty()) {
            shares.push(Target::Id(label));
        }
        shares.extend(ids.into_iter().map(Target::Id));
        let mut out = Vec::new();
        for target in targets {
            if self.shares_lineage(target, &shares, include_dependencies)? {
                out.push(target.clone());
            }
        }
        Ok(out)
    }

    /// `filter_for_lineage` over resolved values.
    pub(crate) fn filter_res_for_lineage(
        &self,
        targets: &[Res],
        check_against: Option<&str>,
        include_dependencies: bool,
    ) -> RevResult<Vec<Res>> {
        let targets: Vec<Target> = targets.iter().map(|&r| Target::Res(r)).collect();
        Ok(self
            .filter_for_lineage(&targets, check_against, include_dependencies)?
            .into_iter()
            .filter_map(|t| match t {
                Target::Res(r) => Some(r),
                Target::Id(_) => None,
            })
            .collect())
    }

    fn target_revision(&self, target: &Target) -> RevResult<Option<usize>> {
        match target {
            Target::Res(Res::Rev(i)) => Ok(Some(*i)),
            Target::Res(Res::Nil) => self.revision_for_ident(None, None),
            Target::Res(Res::Base) => self.revision_for_ident(Some("base"), None),
            Target::Id(id) => self.revision_for_ident(Some(id), None),
        }
    }

    /// `_shares_lineage(target, test_against_revs, include_dependencies)`.
    pub(crate) fn shares_lineage(
        &self,
        target: &Target,
        test_against: &[Target],
        include_dependencies: bool,
    ) -> RevResult<bool> {
        if test_against.is_empty() {
            return Ok(true);
        }
        let resolved_target = self
            .target_revision(target)?
            .ok_or_else(RevErr::assertion)?;
        let mut against: HashSet<usize> = HashSet::new();
        for t in test_against {
            if let Some(idx) = self.target_revision(t)? {
                against.insert(idx);
            }
        }
        let lineage = self
            .descendants(&[Res::Rev(resolved_target)], include_dependencies, false)?
            .into_iter()
            .chain(self.ancestors(&[Res::Rev(resolved_target)], include_dependencies, false)?);
        let mut lineage = lineage;
        Ok(lineage.any(|idx| against.contains(&idx)))
    }

    /// `_walk(start, steps, branch_label, no_overwalk)`.
    pub(crate) fn walk(
        &self,
        start: Start,
        steps: i64,
        branch_label: Option<&str>,
        no_overwalk: bool,
    ) -> RevResult<Res> {
        nested(|| self.walk_inner(start, steps, branch_label, no_overwalk))
    }

    fn walk_inner(
        &self,
        start: Start,
        steps: i64,
        branch_label: Option<&str>,
        no_overwalk: bool,
    ) -> RevResult<Res> {
        let mut initial = match start {
            Start::Str(s) => self.get_revision(Some(&s))?.map_or(Res::Nil, Res::Rev),
            Start::Res(r) => r,
        };
        let branch_label = branch_label.filter(|l| !l.is_empty());
        // On a graph without cycles every walk ends within `len + 2` steps; a lenient
        // graph with a cycle could go round forever, so stop there as if overwalked.
        let limit = (self.revisions.len() as u64).saturating_add(2);
        for taken in 0..steps.unsigned_abs() {
            if taken > limit {
                return Ok(if no_overwalk { Res::Nil } else { initial });
            }
            let children: Vec<Res> = if steps > 0 {
                let ids: Vec<Option<String>> = match initial {
                    Res::Base => return Err(RevErr::assertion()),
                    Res::Nil => self.bases.iter().cloned().map(Some).collect(),
                    Res::Rev(i) => self.revisions[i]
                        .children
                        .iter()
                        .cloned()
                        .map(Some)
                        .collect(),
                };
                let walk_up = self.get_revisions_many(&ids)?;
                for &r in &walk_up {
                    is_revision(r)?;
                }
                match branch_label {
                    Some(label) => self.filter_res_for_lineage(&walk_up, Some(label), false)?,
                    None => walk_up,
                }
            } else {
                match initial {
                    Res::Base => Vec::new(),
                    Res::Nil => {
                        let ids: Vec<Option<String>> =
                            self.heads.iter().cloned().map(Some).collect();
                        let found = self.get_revisions_many(&ids)?;
                        if found.is_empty() {
                            vec![Res::Base]
                        } else {
                            found
                        }
                    }
                    Res::Rev(i) => {
                        let found = self.get_down_revision(i)?;
                        if found.is_empty() {
                            vec![Res::Base]
                        } else {
                            found
                        }
                    }
                }
            };
            match children.as_slice() {
                [] => return Ok(if no_overwalk { Res::Nil } else { initial }),
                [only] => initial = *only,
                _ => return Err(RevErr::revision("Ambiguous walk")),
            }
        }
        Ok(initial)
    }

    /// `get_revisions(rev.down_revision)`: a scalar, a tuple or `None`.
    fn get_down_revision(&self, idx: usize) -> RevResult<Vec<Res>> {
        match self.revisions[idx].down_revisions.as_slice() {
            [] => self.get_revisions(None),
            [only] => self.get_revisions(Some(only)),
            many => self.get_revisions_many(&many.iter().cloned().map(Some).collect::<Vec<_>>()),
        }
    }

    /// `_get_all_current(id_)`: the given revisions and their ancestors, reduced to the
    /// ones with no descendant among them (in revision map order; Alembic returns a set).
    pub(crate) fn get_all_current(&self, ids: &[Option<String>]) -> RevResult<Vec<Res>> {
        let mut top: Vec<Res> = dedupe_res(self.get_revisions_many(ids)?);
        let ancestors = self.ancestors(&top, true, false)?;
        top.extend(ancestors.into_iter().map(Res::Rev));
        let top = dedupe_res(top);
        self.filter_into_branch_heads(top)
    }

    /// `_filter_into_branch_heads(targets)`.
    fn filter_into_branch_heads(&self, targets: Vec<Res>) -> RevResult<Vec<Res>> {
        let mut kept: Vec<Res> = targets.clone();
        for rev in targets {
            // `assert rev`, then `_get_descendant_nodes([rev])` asserts it is a revision.
            let idx = is_revision(rev)?;
            let below: HashSet<usize> = self
                .descendants(&[rev], false, false)?
                .into_iter()
                .collect();
            if kept
                .iter()
                .any(|r| matches!(r, Res::Rev(j) if *j != idx && below.contains(j)))
            {
                kept.retain(|r| *r != rev);
            }
        }
        kept.sort_by_key(|r| match r {
            Res::Rev(i) => self
                .map
                .position(&self.revisions[*i].id)
                .unwrap_or(usize::MAX),
            _ => usize::MAX,
        });
        Ok(kept)
    }

    /// `_topological_sort(revisions, heads)`.
    pub(crate) fn topological_sort(
        &self,
        revisions: &HashSet<usize>,
        heads: &[Res],
    ) -> RevResult<Vec<String>> {
        // Python works on id strings; here each id is the index its map entry holds.
        let canonical = |idx: usize| self.lookup(&self.revisions[idx].id, false).unwrap_or(idx);
        let get_ancestors = |idx: usize| -> RevResult<Vec<bool>> {
            let mut mask = vec![false; self.revisions.len()];
            for i in self.ancestors(&[Res::Rev(idx)], true, false)? {
                mask[canonical(i)] = true;
            }
            Ok(mask)
        };
        let mut todo: HashSet<usize> = revisions.iter().map(|&i| canonical(i)).collect();
        let mut current_heads: Vec<usize> = Vec::new();
        for &head in heads {
            let Res::Rev(idx) = head else {
                return Err(RevErr::Crash {
                    exception: "AttributeError".to_owned(),
                    message: "'NoneType' object has no attribute 'revision'".to_owned(),
                });
            };
            let idx = canonical(idx);
            if todo.contains(&idx) && !current_heads.contains(&idx) {
                current_heads.push(idx);
            }
        }
        current_heads.sort_by_key(|&i| {
            self.map
                .position(&self.revisions[i].id)
                .unwrap_or(usize::MAX)
        });
        let mut ancestors_by_idx: Vec<Vec<bool>> = current_heads
            .iter()
            .map(|&h| get_ancestors(h))
            .collect::<RevResult<_>>()?;

        let mut output = Vec::new();
        let mut current = 0usize;
        // Python loops until the heads run out; on a graph with a cycle (only reachable
        // in a lenient graph) it could switch between heads forever. Switching more
        // times in a row than there are heads means exactly that, so emit instead.
        let mut switches = 0usize;
        while !current_heads.is_empty() {
            let candidate = current_heads[current];
            let switch_to = if switches < current_heads.len() {
                ancestors_by_idx
                    .iter()
                    .enumerate()
                    .position(|(i, ancestors)| i != current && ancestors[candidate])
            } else {
                None
            };
            if let Some(next) = switch_to {
                current = next;
                switches += 1;
                continue;
            }
            switches = 0;
            if todo.remove(&candidate) {
                output.push(self.revisions[candidate].id.clone());
            }
            let candidate_rev = &self.revisions[candidate];
            let heads_to_add: Vec<usize> = self.neighbours[candidate]
                .get(Edges::NormalizedDown)
                .iter()
                .copied()
                .filter(|r| todo.contains(r) && !current_heads.contains(r))
                .collect();
            if heads_to_add.is_empty() {
                current_heads.remove(current);
                ancestors_by_idx.remove(current);
                current = current.saturating_sub(1);
            } else if candidate_rev.normalized_dependencies.is_empty()
                && candidate_rev.down_revisions.len() == 1
            {
                current_heads[current] = heads_to_add[0];
                ancestors_by_idx[current][candidate] = false;
            } else {
                current_heads[current] = heads_to_add[0];
                ancestors_by_idx[current] = get_ancestors(heads_to_add[0])?;
                for &head in &heads_to_add[1..] {
                    current_heads.push(head);
                    ancestors_by_idx.push(get_ancestors(head)?);
                }
            }
        }
        if !todo.is_empty() {
            if !self.has_fatal_problems() {
                return Err(RevErr::assertion());
            }
            let mut rest: Vec<usize> = todo.into_iter().collect();
            rest.sort_by_key(|&i| {
                self.map
                    .position(&self.revisions[i].id)
                    .unwrap_or(usize::MAX)
            });
            output.extend(rest.into_iter().map(|i| self.revisions[i].id.clone()));
        }
        Ok(output)
    }

    /// `_parse_downgrade_target(current_revisions, target, assert_relative_length)`.
    pub(crate) fn parse_downgrade_target(
        &self,
        current_revisions: &Ident,
        target: Option<&str>,
        assert_relative_length: bool,
        warnings: &mut Vec<String>,
    ) -> RevResult<(Option<String>, Res)> {
        let Some(target) = target else {
            return Ok((None, Res::Nil));
        };
        if let Some(m) = match_relative(target) {
            let rel_int = PyInt::parse(&m.relative).ok_or_else(RevErr::assertion)?;
            let relative = m.relative.clone();
            let mut branch_label = m.branch_label.clone();
            let didnt_produce = || {
                RevErr::revision(format!(
                    "Relative revision {relative} didn't produce {} migrations",
                    rel_int.abs_text()
                ))
            };
            if !rel_int.is_negative() {
                let Some(symbol) = m.symbol else {
                    return Err(didnt_produce());
                };
                let rev = self.walk(
                    Start::Str(symbol),
                    rel_int.steps(),
                    branch_label.as_deref(),
                    assert_relative_length,
                )?;
                if rev == Res::Nil {
                    return Err(RevErr::revision("Walked too far"));
                }
                return Ok((branch_label, rev));
            }
            let relative_revision = m.symbol.is_none();
            let mut symbol: Option<String> = m.symbol.clone();
            if relative_revision {
                if let Some(label) = branch_label.clone().filter(|l| !l.is_empty()) {
                    let cr_tuple = current_revisions.to_tuple().ok_or_else(|| RevErr::Crash {
                        exception: "TypeError".to_owned(),
                        message: "'NoneType' object is not iterable".to_owned(),
                    })?;
                    let targets: Vec<Target> = cr_tuple
                        .iter()
                        .map(|c| c.clone().map_or(Target::Res(Res::Nil), Target::Id))
                        .collect();
                    let mut symbol_list: Vec<Option<String>> = self
                        .filter_for_lineage(&targets, Some(&label), false)?
                        .iter()
                        .map(|t| match t {
                            Target::Id(id) => Some(id.clone()),
                            Target::Res(Res::Rev(i)) => Some(self.revisions[*i].id.clone()),
                            Target::Res(_) => None,
                        })
                        .collect();
                    if symbol_list.is_empty() {
                        let all_current = self.get_all_current(&cr_tuple)?;
                        symbol_list = self
                            .filter_res_for_lineage(&all_current, Some(&label), false)?
                            .iter()
                            .map(|r| match r {
                                Res::Rev(i) => Some(self.revisions[*i].id.clone()),
                                _ => None,
                            })
                            .collect();
                    }
                    if symbol_list.len() != 1 {
                        return Err(RevErr::assertion());
                    }
                    symbol = symbol_list.remove(0);
                } else {
                    let current = current_revisions.to_tuple().unwrap_or_default();
                    if current.is_empty() {
                        return Err(didnt_produce());
                    }
                    let distinct: HashSet<&Option<String>> = current.iter().collect();
                    if distinct.len() > 1 {
                        warnings.push(
                            "downgrade -1 from multiple heads is ambiguous; this usage will be disallowed in a future release."
                                .to_owned(),
                        );
                    }
                    symbol = current[0].clone();
                    branch_label = symbol.clone();
                }
            }
            let symbol_text = symbol.clone().unwrap_or_else(|| "None".to_owned());
            let start = match &branch_label {
                None => self.get_revision(symbol.as_deref())?,
                Some(label) => self.get_revision(Some(&format!("{label}@{symbol_text}")))?,
            };
            let rev = self.walk(
                Start::Res(start.map_or(Res::Nil, Res::Rev)),
                rel_int.steps(),
                None,
                assert_relative_length,
            )?;
            if rev == Res::Nil {
                return Err(if relative_revision {
                    didnt_produce()
                } else {
                    RevErr::revision("Walked too far")
                });
            }
            return Ok((branch_label, rev));
        }
        let (label, symbol) = match target.rfind('@') {
            Some(at) => (
                Some(target[..at].to_owned()).filter(|l| !l.is_empty()),
                &target[at + 1..],
            ),
            None => (None, target),
        };
        let rev = self.get_revision(Some(symbol))?;
        Ok((label, rev.map_or(Res::Nil, Res::Rev)))
    }

    /// `_parse_upgrade_target(current_revisions, target, assert_relative_length)`.
    pub(crate) fn parse_upgrade_target(
        &self,
        current_revisions: &Ident,
        target: &Ident,
        assert_relative_length: bool,
    ) -> RevResult<Vec<Res>> {
        let matched = match target {
            Ident::Str(s) => match_relative(s),
            _ => None,
        };
        let Some(m) = matched else {
            return self.get_revisions_ident(target);
        };
        let current_tuple = current_revisions.to_tuple();
        let relative = PyInt::parse(&m.relative).ok_or_else(RevErr::assertion)?;
        let branch_label = m.branch_label.clone().filter(|l| !l.is_empty());
        if relative.is_positive() {
            let Some(symbol) = m.symbol.clone() else {
                let current_tuple = match current_tuple {
                    Some(t) if !t.is_empty() => t,
                    _ => vec![None],
                };
                let mut start_revs: Vec<Start> = current_tuple
                    .iter()
                    .map(|c| c.clone().map_or(Start::Res(Res::Nil), Start::Str))
                    .collect();
                if let Some(label) = &branch_label {
                    let current = self.get_revisions_many(&current_tuple)?;
                    let on_branch = self.filter_res_for_lineage(&current, Some(label), false)?;
                    start_revs = on_branch.iter().map(|&r| Start::Res(r)).collect();
                    if start_revs.is_empty() {
                        let ancestors: Vec<Res> = self
                            .ancestors(&current, true, false)?
                            .into_iter()
                            .map(Res::Rev)
                            .collect();
                        let active = self.filter_res_for_lineage(&ancestors, Some(label), false)?;
                        let active = revisions_of(&active)?;
                        let below: HashSet<String> = active
                            .iter()
                            .flat_map(|&i| self.revisions[i].normalized_down_revisions())
                            .collect();
                        let mut tips: Vec<String> = Vec::new();
                        for &i in &active {
                            let id = &self.revisions[i].id;
                            if !below.contains(id) && !tips.contains(id) {
                                tips.push(id.clone());
                            }
                        }
                        start_revs = tips.into_iter().map(Start::Str).collect();
                        if start_revs.is_empty() {
                            start_revs = vec![Start::Res(Res::Nil)];
                        }
                    }
                }
                if start_revs.len() > 1 {
                    return Err(RevErr::revision(
                        "Ambiguous upgrade from multiple current revisions",
                    ));
                }
                let start = start_revs.remove(0);
                let rev = self.walk(
                    start,
                    relative.steps(),
                    branch_label.as_deref(),
                    assert_relative_length,
                )?;
                if rev == Res::Nil {
                    return Err(RevErr::revision(format!(
                        "Relative revision {} didn't produce {} migrations",
                        m.relative,
                        relative.abs_text()
                    )));
                }
                return Ok(vec![rev]);
            };
            let start = self.get_revision(Some(&symbol))?.map_or(Res::Nil, Res::Rev);
            return Ok(vec![self.walk(
                Start::Res(start),
                relative.steps(),
                branch_label.as_deref(),
                assert_relative_length,
            )?]);
        }
        let Some(symbol) = m.symbol.clone() else {
            return Err(RevErr::revision(format!(
                "Relative revision {relative} didn't produce {} migrations",
                relative.abs_text()
            )));
        };
        let start = match &m.branch_label {
            None => self.get_revision(Some(&symbol))?,
            Some(label) => self.get_revision(Some(&format!("{label}@{symbol}")))?,
        };
        Ok(vec![self.walk(
            Start::Res(start.map_or(Res::Nil, Res::Rev)),
            relative.steps(),
            None,
            assert_relative_length,
        )?])
    }

    /// `_collect_downgrade_revisions(upper, lower, inclusive, implicit_base, assert_relative_length)`.
    pub(crate) fn collect_downgrade_revisions(
        &self,
        upper: &Ident,
        lower: Option<&str>,
        inclusive: bool,
        implicit_base: bool,
        assert_relative_length: bool,
        warnings: &mut Vec<String>,
    ) -> RevResult<(HashSet<usize>, Vec<Res>)> {
        let (branch_label, target) =
            self.parse_downgrade_target(upper, lower, assert_relative_length, warnings)?;
        let target = match target {
            Res::Base | Res::Nil => None,
            Res::Rev(i) => Some(i),
        };
        let mut roots: Vec<usize> = match target {
            None => self
                .map
                .entries()
                .iter()
                .map(|&(_, idx)| idx)
                .filter(|&idx| self.revisions[idx].down_revisions.is_empty())
                .collect(),
            Some(t) if inclusive => vec![t],
            Some(t) => {
                let ids: Vec<Option<String>> = self.revisions[t]
                    .children
                    .iter()
                    .cloned()
                    .map(Some)
                    .collect();
                revisions_of(&self.get_revisions_many(&ids)?)?
            }
        };
        if let Some(label) = branch_label.as_deref().filter(|l| !l.is_empty()) {
            if roots.len() > 1 {
                let branch = self.resolve_branch(label)?;
                let ancestors: HashSet<String> = self
                    .ancestors(&[Res::Rev(branch)], false, false)?
                    .into_iter()
                    .map(|i| self.revisions[i].id.clone())
                    .collect();
                let mut ids: Vec<Option<String>> = Vec::new();
                for &r in &roots {
                    let id = Some(self.revisions[r].id.clone());
                    if ancestors.contains(&self.revisions[r].id) && !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                roots = revisions_of(&self.get_revisions_many(&ids)?)?;
                if roots.is_empty() {
                    return Err(RevErr::revision(
                        "Not a valid downgrade target from current heads",
                    ));
                }
            }
        }
        let heads = self.get_revisions_ident(upper)?;
        let root_res: Vec<Res> = roots.iter().map(|&r| Res::Rev(r)).collect();
        let mut downgrade: HashSet<usize> = self
            .descendants(&root_res, true, false)?
            .into_iter()
            .collect();
        let active: HashSet<usize> = self.ancestors(&heads, true, false)?.into_iter().collect();
        downgrade.retain(|r| active.contains(r));
        if implicit_base {
            let below_roots: HashSet<usize> = self
                .ancestors(&root_res, true, false)?
                .into_iter()
                .collect();
            downgrade.extend(active.iter().filter(|r| !below_roots.contains(r)));
        }
        if let Some(t) = target {
            if downgrade.is_empty() && !heads.contains(&Res::Rev(t)) {
                return Err(RevErr::RangeNotAncestor {
                    lower: Ident::str("Nothing to drop"),
                    upper: upper.clone(),
                });
            }
        }
        Ok((downgrade, heads))
    }

    /// `_collect_upgrade_revisions(upper, lower, inclusive, implicit_base, assert_relative_length)`.
    pub(crate) fn collect_upgrade_revisions(
        &self,
        upper: &Ident,
        lower: &Ident,
        inclusive: bool,
        implicit_base: bool,
        assert_relative_length: bool,
        warnings: &mut Vec<String>,
    ) -> RevResult<(HashSet<usize>, Vec<Res>)> {
        let mut targets: Vec<usize> =
            revisions_of(&self.parse_upgrade_target(lower, upper, assert_relative_length)?)?;
        if let Ident::Str(lower_text) = lower {
            if let Some((branch, _)) = lower_text.split_once('@') {
                let mut branch = branch.to_owned();
                if let Some(branch_rev) = self.get_revision(Some(&branch))? {
                    if self.revisions[branch_rev].id == branch {
                        let labels = &self.revisions[branch_rev].branch_labels;
                        if labels.len() != 1 {
                            return Err(RevErr::assertion());
                        }
                        branch = labels[0].clone();
                    }
                }
                let mut kept = Vec::new();
                for t in targets {
                    if self.revisions[t].branch_labels.contains(&branch) && !kept.contains(&t) {
                        kept.push(t);
                    }
                }
                targets = kept;
            }
        }
        let target_res: Vec<Res> = targets.iter().map(|&t| Res::Rev(t)).collect();
        let mut required: HashSet<usize> = self
            .ancestors(&target_res, true, true)?
            .into_iter()
            .collect();
        required.extend(targets.iter().copied());

        let mut lower = lower.clone();
        let mut current = self.get_revisions_ident(&lower)?;
        if !implicit_base
            && current.iter().any(|r| match r {
                Res::Nil => false,
                Res::Base => true,
                Res::Rev(i) => !required.contains(i),
            })
        {
            return Err(RevErr::RangeNotAncestor {
                lower,
                upper: upper.clone(),
            });
        }
        if current.first() == Some(&Res::Nil) {
            let Ident::Str(lower_text) = &lower else {
                return Err(RevErr::assertion());
            };
            let (_, rev) = self.parse_downgrade_target(
                upper,
                Some(lower_text),
                assert_relative_length,
                warnings,
            )?;
            match rev {
                Res::Nil => return Err(RevErr::assertion()),
                Res::Base => {
                    current = Vec::new();
                    lower = Ident::Nil;
                }
                Res::Rev(i) => {
                    current = vec![rev];
                    lower = Ident::Str(self.revisions[i].id.clone());
                }
            }
        }
        let mut current_set: HashSet<usize> =
            self.ancestors(&current, true, true)?.into_iter().collect();
        current_set.extend(revisions_of(&current)?);
        let mut needs: HashSet<usize> = required.difference(&current_set).copied().collect();
        if inclusive {
            needs.extend(revisions_of(&self.get_revisions_ident(&lower)?)?);
        }
        if !current.is_empty() && !implicit_base {
            let below: HashSet<usize> = self
                .descendants(&current, false, true)?
                .into_iter()
                .collect();
            needs.retain(|n| below.contains(n));
        }
        Ok((needs, target_res))
    }

    /// `iterate_revisions(upper, lower, implicit_base, inclusive, assert_relative_length,
    /// select_for_downgrade)`: revision indices in the order Alembic yields them.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn iterate_revisions(
        &self,
        upper: &Ident,
        lower: &Ident,
        implicit_base: bool,
        inclusive: bool,
        assert_relative_length: bool,
        select_for_downgrade: bool,
        warnings: &mut Vec<String>,
    ) -> RevResult<Vec<usize>> {
        let (revisions, heads) = if select_for_downgrade {
            let lower = match lower {
                Ident::Nil => None,
                Ident::Str(s) => Some(s.as_str()),
                Ident::Tuple(_) => return Err(RevErr::assertion()),
            };
            self.collect_downgrade_revisions(
                upper,
                lower,
                inclusive,
                implicit_base,
                assert_relative_length,
                warnings,
            )?
        } else {
            self.collect_upgrade_revisions(
                upper,
                lower,
                inclusive,
                implicit_base,
                assert_relative_length,
                warnings,
            )?
        };
        let mut out = Vec::new();
        for id in self.topological_sort(&revisions, &heads)? {
            let idx = self
                .get_revision(Some(&id))?
                .ok_or_else(RevErr::assertion)?;
            out.push(idx);
        }
        Ok(out)
    }

    /// Whether any problem makes Alembic refuse this history.
    pub(crate) fn has_fatal_problems(&self) -> bool {
        self.problems.iter().any(|p| p.is_fatal())
    }
}
