//! Walks: the steps `alembic upgrade`, `downgrade` and `stamp` take from a database's
//! `alembic_version` rows, and what each step does to those rows. A port of
//! `ScriptDirectory._upgrade_revs / _downgrade_revs / _stamp_revs` and of
//! `alembic.runtime.migration`'s `RevisionStep`, `StampStep` and `HeadMaintainer`.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::engine::{is_revision, Res};
use crate::error::{Catch, GraphError, Ident, RevErr, RevResult};
use crate::graph::RevisionGraph;

/// What kind of step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Runs a revision's `upgrade()`.
    Upgrade,
    /// Runs a revision's `downgrade()`.
    Downgrade,
    /// `alembic stamp`: moves the version rows without running anything.
    Stamp,
}

/// One statement on the `alembic_version` table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "op")]
pub enum VersionChange {
    /// `INSERT INTO alembic_version (version_num) VALUES ('<version>')`.
    Insert {
        /// The row inserted.
        version: String,
    },
    /// `DELETE FROM alembic_version WHERE version_num = '<version>'`.
    Delete {
        /// The row deleted.
        version: String,
    },
    /// `UPDATE alembic_version SET version_num='<to>' WHERE version_num = '<from>'`.
    Update {
        /// The row's old value.
        from: String,
        /// Its new value.
        to: String,
    },
}

/// Which case of `HeadMaintainer.update_to_step` a step took.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadChange {
    /// A branch ends: its row is deleted (downgrade of a base, or to a version another
    /// branch still implies).
    DeleteBranch,
    /// A new branch starts: a row is inserted.
    CreateBranch,
    /// Several heads become one: rows deleted, one updated.
    Merge,
    /// One head becomes several: rows inserted, one updated.
    Unmerge,
    /// One row is updated.
    Update,
}

/// One step of a walk, in the order Alembic runs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationStep {
    /// Upgrade, downgrade or stamp.
    pub kind: StepKind,
    /// The revision whose `upgrade()` / `downgrade()` runs (`None` for a stamp).
    pub revision: Option<String>,
    /// The versions the step starts from, as Alembic's log prints them
    /// (`from_revisions_no_deps`: for an upgrade, the `down_revision` tuple).
    pub from_revisions: Vec<String>,
    /// The versions it ends at (`to_revisions_no_deps`).
    pub to_revisions: Vec<String>,
    /// The revision's `doc` (empty for a stamp).
    pub doc: String,
    /// Which case of the version-table update applied.
    pub head_change: HeadChange,
    /// The statements on `alembic_version`, in the order Alembic runs them.
    pub version_changes: Vec<VersionChange>,
    /// The rows before the step.
    pub heads_before: Vec<String>,
    /// The rows after the step.
    pub heads_after: Vec<String>,
}

impl MigrationStep {
    /// `MigrationStep.name`: `upgrade`, `downgrade` or `stamp_revision`.
    pub fn name(&self) -> &'static str {
        match self.kind {
            StepKind::Upgrade => "upgrade",
            StepKind::Downgrade => "downgrade",
            StepKind::Stamp => "stamp_revision",
        }
    }

    /// `MigrationStep.short_log`: `upgrade aaa111 -> bbb222` (`--sql` prints it after
    /// `-- Running `).
    pub fn short_log(&self) -> String {
        format!(
            "{} {} -> {}",
            self.name(),
            self.from_revisions.join(", "),
            self.to_revisions.join(", ")
        )
    }

    /// `str(step)`: `upgrade  -> aaa111, base rev` (Alembic logs `Running <this>`).
    pub fn log_message(&self) -> String {
        if self.doc.is_empty() {
            self.short_log()
        } else {
            format!("{}, {}", self.short_log(), self.doc)
        }
    }

    /// The whole log line: `Running upgrade  -> aaa111, base rev`.
    pub fn running_message(&self) -> String {
        format!("Running {}", self.log_message())
    }
}

/// The steps from one database state to a destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Walk {
    /// The steps, in order.
    pub steps: Vec<MigrationStep>,
    /// `UserWarning`s Alembic prints on the way (e.g. `downgrade -1 from multiple heads
    /// is ambiguous; …`).
    pub warnings: Vec<String>,
    /// The `alembic_version` rows the walk starts from.
    pub heads_before: Vec<String>,
    /// The rows once every step ran.
    pub heads_after: Vec<String>,
}

/// A step before it is applied: `RevisionStep` or `StampStep`.
enum Pending {
    Revision {
        idx: usize,
        is_upgrade: bool,
    },
    Stamp {
        from: Vec<String>,
        to: Vec<String>,
        is_upgrade: bool,
        branch_move: bool,
    },
}

/// `HeadMaintainer`: the version rows, as an ordered set.
struct HeadMaintainer {
    heads: Vec<String>,
}

fn crash_key(key: &str) -> GraphError {
    RevErr::key_error(key).into_graph_error()
}

fn assertion() -> GraphError {
    RevErr::assertion().into_graph_error()
}

impl HeadMaintainer {
    fn contains(&self, version: &str) -> bool {
        self.heads.iter().any(|h| h == version)
    }

    fn insert(&mut self, version: &str, out: &mut Vec<VersionChange>) -> Result<(), GraphError> {
        if self.contains(version) {
            return Err(assertion());
        }
        self.heads.push(version.to_owned());
        out.push(VersionChange::Insert {
            version: version.to_owned(),
        });
        Ok(())
    }

    fn delete(&mut self, version: &str, out: &mut Vec<VersionChange>) -> Result<(), GraphError> {
        let position = self
            .heads
            .iter()
            .position(|h| h == version)
            .ok_or_else(|| crash_key(version))?;
        self.heads.remove(position);
        out.push(VersionChange::Delete {
            version: version.to_owned(),
        });
        Ok(())
    }

    fn update(
        &mut self,
        from: &str,
        to: &str,
        out: &mut Vec<VersionChange>,
    ) -> Result<(), GraphError> {
        if self.contains(to) {
            return Err(assertion());
        }
        let position = self
            .heads
            .iter()
            .position(|h| h == from)
            .ok_or_else(|| crash_key(from))?;
        self.heads[position] = to.to_owned();
        out.push(VersionChange::Update {
            from: from.to_owned(),
            to: to.to_owned(),
        });
        Ok(())
    }

    fn set(&self) -> HashSet<String> {
        self.heads.iter().cloned().collect()
    }
}

impl RevisionGraph {
    fn step_from_revisions(&self, step: &Pending) -> Vec<String> {
        match step {
            Pending::Revision {
                idx,
                is_upgrade: true,
            } => self.revisions[*idx].normalized_down_revisions(),
            Pending::Revision {
                idx,
                is_upgrade: false,
            } => vec![self.revisions[*idx].id.clone()],
            Pending::Stamp { from, .. } => from.clone(),
        }
    }

    /// Marks the ancestors (with dependencies) of `get_revisions(ids)`, by index.
    fn ancestor_mask(&self, ids: &[String]) -> RevResult<Vec<bool>> {
        let ids: Vec<Option<String>> = ids.iter().cloned().map(Some).collect();
        let revs = self.get_revisions_many(&ids)?;
        let mut mask = vec![false; self.revisions.len()];
        for i in self.ancestors(&revs, true, false)? {
            mask[i] = true;
        }
        Ok(mask)
    }

    /// Whether the revision with id `id` is marked in `mask`.
    fn marked(&self, mask: &[bool], id: &str) -> bool {
        self.lookup(id, false).is_some_and(|i| mask[i])
    }

    /// `RevisionStep._unmerge_to_revisions(heads)` (in `to_revisions` order; Alembic's
    /// is a set's).
    fn unmerge_to_revisions(&self, idx: usize, heads: &HashSet<String>) -> RevResult<Vec<String>> {
        let id = &self.revisions[idx].id;
        let to_revisions = self.revisions[idx].normalized_down_revisions();
        let other_heads: Vec<String> = heads.iter().filter(|h| *h != id).cloned().collect();
        if other_heads.is_empty() && to_revisions.len() == 1 {
            // A revision is never among its own ancestors "other than itself".
            return Ok(to_revisions);
        }
        let ancestors = if other_heads.is_empty() {
            let mut mask = vec![false; self.revisions.len()];
            for to in &to_revisions {
                let revs = self.get_revisions(Some(to))?;
                for r in self.ancestors(&revs, true, false)? {
                    if &self.revisions[r].id != to {
                        mask[r] = true;
                    }
                }
            }
            mask
        } else {
            self.ancestor_mask(&other_heads)?
        };
        Ok(to_revisions
            .into_iter()
            .filter(|t| !self.marked(&ancestors, t))
            .collect())
    }

    /// `HeadMaintainer.update_to_step(step)`.
    fn update_to_step(
        &self,
        heads: &mut HeadMaintainer,
        step: &Pending,
    ) -> Result<(HeadChange, Vec<VersionChange>), GraphError> {
        let mut out = Vec::new();
        let set = heads.set();
        let graph_err = |e: RevErr| e.into_graph_error();
        match step {
            Pending::Revision { idx, is_upgrade } => {
                let rev = &self.revisions[*idx];
                let downrevs = rev.normalized_down_revisions();
                let in_heads = set.contains(&rev.id);
                let should_delete = !is_upgrade
                    && in_heads
                    && (downrevs.is_empty()
                        || self
                            .unmerge_to_revisions(*idx, &set)
                            .map_err(graph_err)?
                            .is_empty());
                if should_delete {
                    heads.delete(&rev.id, &mut out)?;
                    return Ok((HeadChange::DeleteBranch, out));
                }
                if *is_upgrade && (downrevs.is_empty() || !downrevs.iter().any(|d| set.contains(d)))
                {
                    heads.insert(&rev.id, &mut out)?;
                    return Ok((HeadChange::CreateBranch, out));
                }
                if *is_upgrade
                    && downrevs.len() > 1
                    && downrevs.iter().filter(|d| set.contains(*d)).count() > 1
                {
                    // `merge_branch_idents`.
                    let from_revisions = self.step_from_revisions(step);
                    let other_heads: Vec<String> = set
                        .iter()
                        .filter(|h| !from_revisions.contains(h))
                        .cloned()
                        .collect();
                    let from: Vec<String> = if other_heads.is_empty() {
                        from_revisions
                    } else {
                        let ancestors = self.ancestor_mask(&other_heads).map_err(graph_err)?;
                        from_revisions
                            .into_iter()
                            .filter(|f| !self.marked(&ancestors, f))
                            .collect()
                    };
                    let Some((update_from, delete)) = from.split_last() else {
                        return Err(GraphError::crashed("IndexError", "list index out of range"));
                    };
                    for del in delete {
                        heads.delete(del, &mut out)?;
                    }
                    heads.update(update_from, &rev.id, &mut out)?;
                    return Ok((HeadChange::Merge, out));
                }
                if !is_upgrade && in_heads && downrevs.len() > 1 {
                    let to = self.unmerge_to_revisions(*idx, &set).map_err(graph_err)?;
                    let Some((update_to, insert)) = to.split_last() else {
                        return Err(GraphError::crashed(
                            "IndexError",
                            "tuple index out of range",
                        ));
                    };
                    for ins in insert {
                        heads.insert(ins, &mut out)?;
                    }
                    heads.update(&rev.id, update_to, &mut out)?;
                    return Ok((HeadChange::Unmerge, out));
                }
                // `update_version_num`.
                let down_revision = if downrevs.len() == 1 {
                    downrevs[0].clone()
                } else {
                    let present: Vec<&String> =
                        downrevs.iter().filter(|d| set.contains(*d)).collect();
                    let [only] = present.as_slice() else {
                        return Err(GraphError::crashed(
                            "AssertionError",
                            "Can't do an UPDATE because downrevision is ambiguous",
                        ));
                    };
                    (*only).clone()
                };
                if *is_upgrade {
                    heads.update(&down_revision, &rev.id, &mut out)?;
                } else {
                    heads.update(&rev.id, &down_revision, &mut out)?;
                }
                Ok((HeadChange::Update, out))
            }
            Pending::Stamp {
                from,
                to,
                is_upgrade,
                branch_move,
            } => {
                if !is_upgrade && *branch_move {
                    let [only] = from.as_slice() else {
                        return Err(assertion());
                    };
                    heads.delete(only, &mut out)?;
                    return Ok((HeadChange::DeleteBranch, out));
                }
                let create = *is_upgrade
                    && (*branch_move || from.iter().any(|f| !set.contains(f)))
                    && to.iter().any(|t| !set.contains(t));
                if create {
                    let [only] = to.as_slice() else {
                        return Err(assertion());
                    };
                    heads.insert(only, &mut out)?;
                    return Ok((HeadChange::CreateBranch, out));
                }
                if from.len() > 1 {
                    let (update_from, delete) = from.split_last().ok_or_else(assertion)?;
                    let update_to = to.first().ok_or_else(|| {
                        GraphError::crashed("IndexError", "tuple index out of range")
                    })?;
                    for del in delete {
                        heads.delete(del, &mut out)?;
                    }
                    heads.update(update_from, update_to, &mut out)?;
                    return Ok((HeadChange::Merge, out));
                }
                if to.len() > 1 {
                    let (update_to, insert) = to.split_last().ok_or_else(assertion)?;
                    let update_from = from.first().ok_or_else(|| {
                        GraphError::crashed("IndexError", "tuple index out of range")
                    })?;
                    for ins in insert {
                        heads.insert(ins, &mut out)?;
                    }
                    heads.update(update_from, update_to, &mut out)?;
                    return Ok((HeadChange::Unmerge, out));
                }
                let ([from], [to]) = (from.as_slice(), to.as_slice()) else {
                    return Err(assertion());
                };
                heads.update(from, to, &mut out)?;
                Ok((HeadChange::Update, out))
            }
        }
    }

    /// Runs `HeadMaintainer` over the steps, as `MigrationContext.run_migrations` does.
    fn apply(
        &self,
        current_heads: &[String],
        pending: Vec<Pending>,
        warnings: Vec<String>,
    ) -> Result<Walk, GraphError> {
        let mut heads = HeadMaintainer { heads: Vec::new() };
        for h in current_heads {
            if !heads.contains(h) {
                heads.heads.push(h.clone());
            }
        }
        let heads_before = heads.heads.clone();
        let mut steps = Vec::new();
        for step in pending {
            let before = heads.heads.clone();
            let (head_change, version_changes) = self.update_to_step(&mut heads, &step)?;
            let (kind, revision, from_revisions, to_revisions, doc) = match &step {
                Pending::Revision { idx, is_upgrade } => {
                    let rev = &self.revisions[*idx];
                    if *is_upgrade {
                        (
                            StepKind::Upgrade,
                            Some(rev.id.clone()),
                            rev.down_revisions.clone(),
                            vec![rev.id.clone()],
                            rev.doc.clone(),
                        )
                    } else {
                        (
                            StepKind::Downgrade,
                            Some(rev.id.clone()),
                            vec![rev.id.clone()],
                            rev.down_revisions.clone(),
                            rev.doc.clone(),
                        )
                    }
                }
                Pending::Stamp { from, to, .. } => (
                    StepKind::Stamp,
                    None,
                    from.clone(),
                    to.clone(),
                    String::new(),
                ),
            };
            steps.push(MigrationStep {
                kind,
                revision,
                from_revisions,
                to_revisions,
                doc,
                head_change,
                version_changes,
                heads_before: before,
                heads_after: heads.heads.clone(),
            });
        }
        Ok(Walk {
            steps,
            warnings,
            heads_before,
            heads_after: heads.heads,
        })
    }

    /// One revision's `upgrade()` (`is_upgrade`) or `downgrade()` from a database whose
    /// `alembic_version` rows are `current_heads`, with the version-table updates
    /// `HeadMaintainer` makes: the step a stairway takes (up to a revision, then down to
    /// its parents), which no destination argument names for a merge.
    pub fn revision_step(
        &self,
        current_heads: &[String],
        revision: &str,
        is_upgrade: bool,
    ) -> Result<Walk, GraphError> {
        self.check_loadable(true)?;
        let idx = self
            .revisions
            .iter()
            .position(|r| r.id == revision)
            .ok_or_else(|| {
                GraphError::failed(format!("Can't locate revision identified by '{revision}'"))
            })?;
        self.apply(
            current_heads,
            vec![Pending::Revision { idx, is_upgrade }],
            Vec::new(),
        )
    }

    /// `alembic upgrade <destination>` from a database whose `alembic_version` rows are
    /// `current_heads`: `ScriptDirectory._upgrade_revs`, then the version-table updates.
    pub fn upgrade(&self, current_heads: &[String], destination: &str) -> Result<Walk, GraphError> {
        self.check_loadable(true)?;
        let catch = Catch {
            ancestor: Some(
                "Destination %(end)s is not a valid upgrade target from current head(s)",
            ),
            end: Some(Ident::str(destination)),
            ..Catch::default()
        };
        let mut warnings = Vec::new();
        let revs = self
            .iterate_revisions(
                &Ident::str(destination),
                &Ident::tuple(current_heads),
                true,
                false,
                true,
                false,
                &mut warnings,
            )
            .map_err(|e| catch.apply(e).into_graph_error())?;
        let pending = revs
            .into_iter()
            .rev()
            .map(|idx| Pending::Revision {
                idx,
                is_upgrade: true,
            })
            .collect();
        self.apply(current_heads, pending, warnings)
    }

    /// `alembic downgrade <destination>` from a database whose `alembic_version` rows
    /// are `current_heads`: `ScriptDirectory._downgrade_revs`, then the version-table
    /// updates.
    pub fn downgrade(
        &self,
        current_heads: &[String],
        destination: &str,
    ) -> Result<Walk, GraphError> {
        self.check_loadable(true)?;
        let catch = Catch {
            ancestor: Some(
                "Destination %(end)s is not a valid downgrade target from current head(s)",
            ),
            end: Some(Ident::str(destination)),
            ..Catch::default()
        };
        let mut warnings = Vec::new();
        let revs = self
            .iterate_revisions(
                &Ident::tuple(current_heads),
                &Ident::str(destination),
                false,
                false,
                true,
                true,
                &mut warnings,
            )
            .map_err(|e| catch.apply(e).into_graph_error())?;
        let pending = revs
            .into_iter()
            .map(|idx| Pending::Revision {
                idx,
                is_upgrade: false,
            })
            .collect();
        self.apply(current_heads, pending, warnings)
    }

    /// `alembic stamp <revisions…>` from a database whose rows are `current_heads`
    /// (`ScriptDirectory._stamp_revs`); with `purge`, the table is emptied first.
    pub fn stamp(
        &self,
        current_heads: &[String],
        revisions: &[String],
        purge: bool,
    ) -> Result<Walk, GraphError> {
        self.check_loadable(true)?;
        let heads: Vec<String> = if purge {
            Vec::new()
        } else {
            current_heads.to_vec()
        };
        let pending = self
            .stamp_revs(revisions, &heads)
            .map_err(RevErr::into_graph_error)?;
        self.apply(&heads, pending, Vec::new())
    }

    /// `ScriptDirectory._stamp_revs(revision, heads)`.
    fn stamp_revs(&self, revision: &[String], heads: &[String]) -> RevResult<Vec<Pending>> {
        let default_catch = Catch::default();
        let catch = Catch {
            multiple_heads: Some(
                "Multiple heads are present; please specify a single target revision",
            ),
            ..Catch::default()
        };
        let script_get_revisions = |ids: &[String]| {
            self.get_revisions_ident(&Ident::tuple(ids))
                .map_err(|e| default_catch.apply(e))
        };
        let heads_revs = script_get_revisions(heads)?;
        let revision: Vec<String> = if revision.is_empty() {
            vec!["base".to_owned()]
        } else {
            revision.to_vec()
        };
        let mut filtered: Vec<usize> = Vec::new();
        for rev in &revision {
            if rev.is_empty() {
                continue;
            }
            let found = self
                .filter_res_for_lineage(&heads_revs, Some(rev), true)
                .map_err(|e| catch.apply(e))?;
            for r in found {
                let idx = is_revision(r)?;
                if !filtered.contains(&idx) {
                    filtered.push(idx);
                }
            }
        }
        let mut dests = script_get_revisions(&revision)?;
        if dests.is_empty() {
            dests.push(Res::Nil);
        }
        let mut steps = Vec::new();
        for dest in dests {
            let dest = match dest {
                Res::Nil => {
                    for &head in &filtered {
                        steps.push(Pending::Stamp {
                            from: vec![self.revisions[head].id.clone()],
                            to: Vec::new(),
                            is_upgrade: false,
                            branch_move: true,
                        });
                    }
                    continue;
                }
                Res::Base => {
                    return Err(RevErr::Crash {
                        exception: "AttributeError".to_owned(),
                        message: "'str' object has no attribute 'revision'".to_owned(),
                    })
                }
                Res::Rev(i) => i,
            };
            if filtered.contains(&dest) {
                continue;
            }
            let dest_id = self.revisions[dest].id.clone();
            let descendants: HashSet<usize> = self
                .descendants(&[Res::Rev(dest)], true, false)?
                .into_iter()
                .collect();
            let ancestors: HashSet<usize> = self
                .ancestors(&[Res::Rev(dest)], true, false)?
                .into_iter()
                .collect();
            let todo_heads: Vec<String> = filtered
                .iter()
                .map(|&h| self.revisions[h].id.clone())
                .collect();
            if filtered.iter().any(|h| descendants.contains(h)) {
                if filtered.iter().any(|h| ancestors.contains(h)) {
                    return Err(RevErr::assertion());
                }
                steps.push(Pending::Stamp {
                    from: todo_heads,
                    to: vec![dest_id],
                    is_upgrade: false,
                    branch_move: false,
                });
            } else if filtered.iter().any(|h| ancestors.contains(h)) {
                steps.push(Pending::Stamp {
                    from: todo_heads,
                    to: vec![dest_id],
                    is_upgrade: true,
                    branch_move: false,
                });
            } else {
                steps.push(Pending::Stamp {
                    from: Vec::new(),
                    to: vec![dest_id],
                    is_upgrade: true,
                    branch_move: true,
                });
            }
        }
        Ok(steps)
    }

    /// The heads an offline (`--sql`) run starts from, given the `<start>` of a
    /// `<start>:<end>` argument: `MigrationContext.get_current_heads` in `as_sql` mode
    /// (partial ids and symbols resolved; `base` or no start means none).
    pub fn offline_start_heads(
        &self,
        starting_rev: Option<&str>,
    ) -> Result<Vec<String>, GraphError> {
        match starting_rev {
            None | Some("base") => Ok(Vec::new()),
            Some(start) => {
                self.check_loadable(true)?;
                let found = self
                    .get_revision(Some(start))
                    .map_err(|e| Catch::default().apply(e).into_graph_error())?;
                match found {
                    Some(idx) => Ok(vec![self.revisions[idx].id.clone()]),
                    None => Err(GraphError::crashed(
                        "AttributeError",
                        "'NoneType' object has no attribute 'revision'",
                    )),
                }
            }
        }
    }
}

/// The `<start>:<end>` split of Alembic's `upgrade`/`downgrade`/`stamp` argument
/// (`revision.split(":", 2)` unpacked into two names).
fn split_range(revision: &str) -> Result<(String, String), GraphError> {
    let parts: Vec<&str> = revision.splitn(3, ':').collect();
    match parts.as_slice() {
        [start, end] => Ok(((*start).to_owned(), (*end).to_owned())),
        _ => Err(GraphError::crashed(
            "ValueError",
            "too many values to unpack (expected 2)",
        )),
    }
}

/// `alembic upgrade REVISION [--sql]` as the command runs it: a `<start>:<end>` range
/// is only allowed with `sql` (then `db_heads` is ignored and the walk starts at
/// `<start>`).
pub fn upgrade_command(
    graph: &RevisionGraph,
    db_heads: &[String],
    revision: &str,
    sql: bool,
) -> Result<Walk, GraphError> {
    let (start, destination) = if revision.contains(':') {
        if !sql {
            return Err(GraphError::failed("Range revision not allowed"));
        }
        let (start, end) = split_range(revision)?;
        (Some(start), end)
    } else {
        (None, revision.to_owned())
    };
    let heads = if sql {
        graph.offline_start_heads(start.as_deref())?
    } else {
        db_heads.to_vec()
    };
    graph.upgrade(&heads, &destination)
}

/// `alembic downgrade REVISION [--sql]` as the command runs it: with `sql` the argument
/// must be `<start>:<end>`, without it a range is refused.
pub fn downgrade_command(
    graph: &RevisionGraph,
    db_heads: &[String],
    revision: &str,
    sql: bool,
) -> Result<Walk, GraphError> {
    let (start, destination) = if revision.contains(':') {
        if !sql {
            return Err(GraphError::failed("Range revision not allowed"));
        }
        let (start, end) = split_range(revision)?;
        (Some(start), end)
    } else if sql {
        return Err(GraphError::failed(
            "downgrade with --sql requires <fromrev>:<torev>",
        ));
    } else {
        (None, revision.to_owned())
    };
    let heads = if sql {
        graph.offline_start_heads(start.as_deref())?
    } else {
        db_heads.to_vec()
    };
    graph.downgrade(&heads, &destination)
}

/// `alembic stamp REVISIONS… [--sql] [--purge]` as the command runs it.
pub fn stamp_command(
    graph: &RevisionGraph,
    db_heads: &[String],
    revisions: &[String],
    sql: bool,
    purge: bool,
) -> Result<Walk, GraphError> {
    let mut destinations = Vec::new();
    let mut starting_rev: Option<String> = None;
    if sql {
        for revision in revisions {
            let mut revision = revision.clone();
            if revision.contains(':') {
                let (start, end) = split_range(&revision)?;
                revision = end;
                match &starting_rev {
                    None => starting_rev = Some(start),
                    Some(existing) if *existing != start => {
                        return Err(GraphError::failed(
                            "Stamp operation with --sql only supports a single starting revision at a time",
                        ))
                    }
                    Some(_) => {}
                }
            }
            destinations.push(revision);
        }
        if purge {
            return Err(GraphError::failed("Can't use --purge with --sql mode"));
        }
    } else {
        destinations = revisions.to_vec();
    }
    let heads = if sql {
        graph.offline_start_heads(starting_rev.as_deref())?
    } else {
        db_heads.to_vec()
    };
    graph.stamp(&heads, &destinations, purge)
}
