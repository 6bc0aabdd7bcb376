//! The catalog at a revision: every upgrade step from base to the target, applied in the
//! order Alembic would run them; and the catalog before each revision, for checks that
//! look at one revision at a time.

use retort_catalog::{ApplyContext, Catalog};
use retort_graph::{GraphError, StepKind};
use retort_ir::{Diagnostic, RevisionFile};
use serde::{Deserialize, Serialize};

use crate::Project;

/// The schema after upgrading an empty database to a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemaAt {
    /// The catalog.
    pub catalog: Catalog,
    /// The revisions applied, in order.
    pub applied: Vec<String>,
    /// What went wrong applying them, located in their files.
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    /// The dialect to assume: `sqlalchemy.url`'s, else SQLAlchemy's generic `default`.
    pub fn default_dialect(&self) -> String {
        self.layout
            .url_dialect()
            .unwrap_or_else(|| "default".to_owned())
    }

    /// Upgrades an empty catalog to `target` (`heads`, `head`, an id, `label@head`, …)
    /// for `dialect`, running each revision's `upgrade()` ops as online mode would.
    pub fn schema_at(&self, target: &str, dialect: &str) -> Result<SchemaAt, GraphError> {
        let walk = self.graph.upgrade(&[], target)?;
        let ctx = ApplyContext::new(dialect);
        let mut catalog = Catalog::new();
        let mut applied = Vec::new();
        let mut diagnostics = Vec::new();
        for step in walk.steps.iter().filter(|s| s.kind == StepKind::Upgrade) {
            let Some(id) = &step.revision else { continue };
            let Some(revision) = self.revision(id) else {
                continue;
            };
            diagnostics.extend(upgrade(&mut catalog, revision, &ctx));
            applied.push(id.clone());
        }
        Ok(SchemaAt {
            catalog,
            applied,
            diagnostics,
        })
    }

    /// The schema just before and just after `revision`'s own `upgrade()`: everything it
    /// stands on (both branches of a merge, its dependencies) applied first. What the
    /// revision changed is `before.catalog.diff(&after.catalog)`.
    pub fn schema_step(
        &self,
        revision: &str,
        dialect: &str,
    ) -> Result<(SchemaAt, SchemaAt), GraphError> {
        let walk = self.graph.upgrade(&[], revision)?;
        let ctx = ApplyContext::new(dialect);
        let steps: Vec<&str> = walk
            .steps
            .iter()
            .filter(|s| s.kind == StepKind::Upgrade)
            .filter_map(|s| s.revision.as_deref())
            .collect();
        // Upgrading an empty database to a revision runs its ancestors first, so its own
        // step is the last one.
        let (own, ancestors) = match steps.split_last() {
            Some((own, ancestors)) => (Some(*own), ancestors),
            None => (None, &steps[..]),
        };
        let mut before = SchemaAt {
            catalog: Catalog::new(),
            applied: Vec::new(),
            diagnostics: Vec::new(),
        };
        for id in ancestors {
            if let Some(r) = self.revision(id) {
                before
                    .diagnostics
                    .extend(upgrade(&mut before.catalog, r, &ctx));
                before.applied.push((*id).to_owned());
            }
        }
        let mut after = SchemaAt {
            catalog: before.catalog.clone(),
            applied: before.applied.clone(),
            diagnostics: Vec::new(),
        };
        if let Some(r) = own.and_then(|id| self.revision(id)) {
            after.diagnostics = upgrade(&mut after.catalog, r, &ctx);
            after.applied.push(own.unwrap_or_default().to_owned());
        }
        Ok((before, after))
    }

    /// The catalog before each revision's `upgrade()`: what upgrading an empty database
    /// to the revision's `down_revision` (and `depends_on`) leaves. At a merge that is
    /// the first branch's schema plus what the other branches did since they forked
    /// (replayed, so a column one branch dropped is gone too).
    ///
    /// Calls `visit(index, &catalog, replayed)` once per revision (`index` into
    /// [`revisions`](Self::revisions)), parents first
    /// ([`RevisionGraph::states_before`](retort_graph::RevisionGraph::states_before)),
    /// then applies the revision's `upgrade()`. `replayed` is what replaying the other
    /// branches (at a merge) or the dependencies onto the first parent's schema reported
    /// beyond what those revisions reported on their own branch, located in their files:
    /// where branches that each work alone fail together. Returns, per revision index,
    /// what applying its `upgrade()` reported (located in its file).
    ///
    /// A visitor rather than a `Vec<Catalog>`: the catalogs of a long history do not all
    /// fit in memory at once, and a linear history needs no copy at all.
    pub fn catalogs_before(
        &self,
        ctx: &ApplyContext,
        visit: impl FnMut(usize, &Catalog, &[Diagnostic]),
    ) -> Vec<Vec<Diagnostic>> {
        self.walk_catalogs(ctx, None, visit)
    }

    /// [`catalogs_before`](Self::catalogs_before) again after an edit, visiting only the
    /// revisions `changed` names (by revision index) and starting from the states
    /// `memo` kept of the walk before, which it then keeps of this one.
    ///
    /// `memo` must come from walks of this same graph with this same `ctx` (a fresh
    /// one on the first call: then every revision is walked), `changed` must hold every
    /// revision that reads differently since, and everything above them (their
    /// descendants, through `down_revision` and `depends_on`): a revision left out
    /// stands only on revisions that read as they did, so its catalog and what its
    /// `upgrade()` reports are as they were. Returns what [`catalogs_before`]
    /// returns.
    ///
    /// The memo holds a catalog per revision (tables are shared between them).
    ///
    /// [`catalogs_before`]: Self::catalogs_before
    pub fn catalogs_before_again(
        &self,
        ctx: &ApplyContext,
        changed: &[bool],
        memo: &mut WalkMemo,
        visit: impl FnMut(usize, &Catalog, &[Diagnostic]),
    ) -> Vec<Vec<Diagnostic>> {
        let nodes = self.graph.revisions().len();
        if memo.after.len() != nodes {
            // Nothing kept of this graph: walk it all.
            *memo = WalkMemo {
                after: vec![None; nodes],
                applied: vec![Vec::new(); nodes],
            };
            return self.walk_catalogs(ctx, Some((None, memo)), visit);
        }
        self.walk_catalogs(ctx, Some((Some(changed), memo)), visit)
    }

    fn walk_catalogs(
        &self,
        ctx: &ApplyContext,
        mut memo: Option<(Option<&[bool]>, &mut WalkMemo)>,
        mut visit: impl FnMut(usize, &Catalog, &[Diagnostic]),
    ) -> Vec<Vec<Diagnostic>> {
        let nodes = self.graph.revisions();
        let plan = self.graph.states_before();
        let mut diagnostics = vec![Vec::new(); self.revisions.len()];
        // Whether a node is walked again (rather than taken from the memo).
        let walked = |node: usize, memo: &Option<(Option<&[bool]>, &mut WalkMemo)>| match memo {
            Some((Some(changed), _)) => {
                changed.get(nodes[node].file_index).copied().unwrap_or(true)
            }
            _ => true,
        };
        // How many walked revisions still start from each one's state after.
        let mut uses = vec![0usize; nodes.len()];
        for step in &plan {
            if let Some(p) = step.start_after.filter(|_| walked(step.revision, &memo)) {
                uses[p] += 1;
            }
        }
        let mut after: Vec<Option<Catalog>> = vec![None; nodes.len()];
        for step in &plan {
            let index = nodes[step.revision].file_index;
            if !walked(step.revision, &memo) {
                if let (Some((_, memo)), Some(slot)) = (&memo, diagnostics.get_mut(index)) {
                    slot.clone_from(&memo.applied[step.revision]);
                }
                continue;
            }
            let mut catalog = match step.start_after {
                // A revision left out of this walk: its state as the last walk left it.
                Some(p) if !walked(p, &memo) => {
                    memo.as_ref().and_then(|(_, memo)| memo.after[p].clone())
                }
                Some(p) => {
                    uses[p] -= 1;
                    if uses[p] == 0 {
                        after[p].take()
                    } else {
                        after[p].clone()
                    }
                }
                None => None,
            }
            .unwrap_or_default();
            let mut replayed = Vec::new();
            for &r in &step.replay {
                let index = nodes[r].file_index;
                if let Some(revision) = self.revisions.get(index) {
                    for d in upgrade(&mut catalog, revision, ctx) {
                        // What the revision reports on its own branch is reported there.
                        if !diagnostics[index].contains(&d) {
                            replayed.push(d);
                        }
                    }
                }
            }
            let Some(revision) = self.revisions.get(index) else {
                continue;
            };
            visit(index, &catalog, &replayed);
            diagnostics[index] = upgrade(&mut catalog, revision, ctx);
            if let Some((_, memo)) = &mut memo {
                memo.after[step.revision] = Some(catalog.clone());
                memo.applied[step.revision].clone_from(&diagnostics[index]);
            }
            if uses[step.revision] > 0 {
                after[step.revision] = Some(catalog);
            }
        }
        diagnostics
    }
}

/// What a walk of the catalogs left at each revision, for the next walk to start
/// from: see [`Project::catalogs_before_again`].
#[derive(Debug, Clone, Default)]
pub struct WalkMemo {
    /// By graph node: the catalog after its `upgrade()`.
    after: Vec<Option<Catalog>>,
    /// By graph node: what applying its `upgrade()` reported.
    applied: Vec<Vec<Diagnostic>>,
}

/// Applies a revision's `upgrade()` (online) to `catalog`; diagnostics carry its path.
fn upgrade(catalog: &mut Catalog, revision: &RevisionFile, ctx: &ApplyContext) -> Vec<Diagnostic> {
    let Some(upgrade) = &revision.upgrade else {
        return Vec::new();
    };
    let mut diagnostics = catalog.apply_all(&upgrade.ops, ctx);
    for d in &mut diagnostics {
        d.path.get_or_insert_with(|| revision.path.clone());
    }
    diagnostics
}

#[cfg(test)]
mod tests {
    use retort_catalog::ApplyContext;

    use crate::{LoadOptions, Project, SourceFile};

    #[test]
    fn schema_follows_the_walk() {
        let files = vec![
            SourceFile::new(
                "v/a.py",
                "from alembic import op\nimport sqlalchemy as sa\nrevision = 'a'\ndown_revision = None\ndef upgrade():\n    op.create_table('users', sa.Column('id', sa.Integer, primary_key=True))\n",
            ),
            SourceFile::new(
                "v/b.py",
                "from alembic import op\nimport sqlalchemy as sa\nrevision = 'b'\ndown_revision = 'a'\ndef upgrade():\n    op.add_column('users', sa.Column('email', sa.String(100)))\n    op.drop_column('users', 'nope')\n",
            ),
        ];
        let p = Project::load(
            files,
            &LoadOptions {
                versions: vec!["v".into()],
                ..LoadOptions::default()
            },
        );
        let at_a = p.schema_at("a", "postgresql").expect("a resolves");
        assert_eq!(at_a.applied, vec!["a"]);
        assert!(at_a
            .catalog
            .table(None, "users")
            .is_some_and(|t| t.column("email").is_none()));
        let head = p.schema_at("heads", "postgresql").expect("heads resolves");
        assert_eq!(head.applied, vec!["a", "b"]);
        assert!(head
            .catalog
            .table(None, "users")
            .is_some_and(|t| t.column("email").is_some()));
        let d = &head.diagnostics[0];
        assert_eq!(
            (d.code.as_str(), d.path.as_deref()),
            ("column-not-found", Some("v/b.py"))
        );
        assert!(p.schema_at("zzzz", "postgresql").is_err());
    }

    /// `(revision, down_revision, upgrade body)` → the tables and columns each revision
    /// sees before its `upgrade()`, in visiting order.
    fn before_each(revisions: &[(&str, &str, &str)]) -> Vec<String> {
        let files = revisions
            .iter()
            .map(|(id, down, body)| {
                SourceFile::new(
                    format!("v/{id}.py"),
                    format!("from alembic import op\nimport sqlalchemy as sa\nrevision = '{id}'\ndown_revision = {down}\ndef upgrade():\n    {body}\n"),
                )
            })
            .collect();
        let p = Project::load(
            files,
            &LoadOptions {
                versions: vec!["v".into()],
                ..LoadOptions::default()
            },
        );
        let mut seen = Vec::new();
        let diagnostics =
            p.catalogs_before(&ApplyContext::new("postgresql"), |i, catalog, replayed| {
                let tables: Vec<String> = catalog
                    .tables()
                    .map(|t| {
                        let columns: Vec<&str> =
                            t.columns.iter().map(|c| c.name.as_str()).collect();
                        format!("{}({})", t.name, columns.join(","))
                    })
                    .collect();
                let id = p.revisions[i].revision.as_deref().unwrap_or("?");
                seen.push(format!("{id}: {}", tables.join(" ")));
                for d in replayed {
                    let path = d.path.as_deref().unwrap_or("?");
                    seen.push(format!("{id} replays {path}: {}", d.code));
                }
            });
        for (i, list) in diagnostics.iter().enumerate() {
            for d in list {
                seen.push(format!("{} reports {}", p.revisions[i].path, d.code));
            }
        }
        seen
    }

    #[test]
    fn a_merge_sees_what_every_branch_did() {
        let seen = before_each(&[
            (
                "a",
                "None",
                "op.create_table('t', sa.Column('id', sa.Integer), sa.Column('old', sa.Integer))",
            ),
            ("b", "'a'", "op.add_column('t', sa.Column('x', sa.Integer))"),
            ("c", "'a'", "op.drop_column('t', 'old')"),
            ("m", "('b', 'c')", "op.drop_column('t', 'x')"),
            (
                "n",
                "'m'",
                "op.add_column('t', sa.Column('old', sa.Integer))",
            ),
        ]);
        assert_eq!(
            seen,
            [
                "a: ",
                "b: t(id,old)",
                "c: t(id,old)",
                "m: t(id,x)",
                "n: t(id)",
            ]
        );
    }

    #[test]
    fn branches_that_fail_only_together_fail_in_the_replay() {
        let seen = before_each(&[
            (
                "a",
                "None",
                "op.create_table('t', sa.Column('id', sa.Integer))",
            ),
            ("b", "'a'", "op.add_column('t', sa.Column('x', sa.Integer))"),
            ("c", "'a'", "op.add_column('t', sa.Column('x', sa.Integer))"),
            ("m", "('b', 'c')", "pass"),
        ]);
        assert_eq!(
            seen,
            [
                "a: ",
                "b: t(id)",
                "c: t(id)",
                "m: t(id,x)",
                "m replays v/c.py: column-exists",
            ]
        );
    }

    #[test]
    fn what_fails_on_a_branch_is_not_reported_again_at_the_merge() {
        // Whichever branch comes first at the merge.
        for merge in ["('b', 'c')", "('c', 'b')"] {
            let seen = before_each(&[
                (
                    "a",
                    "None",
                    "op.create_table('t', sa.Column('id', sa.Integer))",
                ),
                ("b", "'a'", "op.drop_column('t', 'nope')"),
                ("c", "'a'", "pass"),
                ("m", merge, "pass"),
            ]);
            assert_eq!(
                seen.last().map(String::as_str),
                Some("v/b.py reports column-not-found"),
                "{merge}"
            );
            assert!(!seen.iter().any(|s| s.contains("replays")), "{seen:?}");
        }
    }

    #[test]
    fn what_fails_is_reported_once_where_it_fails() {
        let seen = before_each(&[
            (
                "a",
                "None",
                "op.create_table('t', sa.Column('id', sa.Integer))",
            ),
            ("b", "'a'", "op.drop_column('t', 'nope')"),
            ("c", "'a'", "pass"),
            ("m", "('b', 'c')", "pass"),
        ]);
        assert_eq!(
            seen,
            [
                "a: ",
                "b: t(id)",
                "c: t(id)",
                "m: t(id)",
                "v/b.py reports column-not-found"
            ]
        );
    }
}
