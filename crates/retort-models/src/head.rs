//! The migrations' schema at head: every revision's upgrade applied, parents first.

use retort_catalog::{ApplyContext, Catalog, NamingConvention};
use retort_ir::{Diagnostic, Op, RevisionFile};
use serde::{Deserialize, Serialize};

/// The catalog at head and how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadCatalog {
    /// The schema after every upgrade.
    pub catalog: Catalog,
    /// The revision ids, in the order they were applied.
    pub applied: Vec<String>,
    /// The heads (revisions no other revision revises).
    pub heads: Vec<String>,
    /// What went wrong applying the ops.
    pub diagnostics: Vec<Diagnostic>,
}

/// The revisions in an order an upgrade runs them: each after all of its
/// `down_revision`s, ties in load order. (The CLI and the web app take the order from
/// the revision graph's walk to `heads`; this is for callers without a graph.)
pub fn upgrade_order(revisions: &[RevisionFile]) -> Vec<&RevisionFile> {
    let ids: Vec<Option<&str>> = revisions.iter().map(|r| r.revision.as_deref()).collect();
    let known = |id: &str| ids.contains(&Some(id));
    let mut done: Vec<String> = Vec::new();
    let mut order: Vec<&RevisionFile> = Vec::new();
    let mut pending: Vec<usize> = (0..revisions.len()).collect();
    while !pending.is_empty() {
        let ready: Vec<usize> = pending
            .iter()
            .copied()
            .filter(|&i| {
                revisions.get(i).is_some_and(|r| {
                    r.down_revisions
                        .iter()
                        .all(|d| done.contains(d) || !known(d))
                })
            })
            .collect();
        // A cycle: apply the rest in load order.
        let ready = if ready.is_empty() {
            pending.clone()
        } else {
            ready
        };
        for &i in &ready {
            if let Some(r) = revisions.get(i) {
                done.extend(r.revision.clone());
                order.push(r);
            }
        }
        pending.retain(|i| !ready.contains(i));
    }
    order
}

/// Applies the revisions' `upgrade()` ops in the given order, on `dialect` (online
/// mode), with `target_metadata`'s naming convention — what `alembic upgrade heads`
/// leaves in the database.
pub fn head_catalog(
    ordered: &[&RevisionFile],
    dialect: &str,
    convention: &NamingConvention,
) -> HeadCatalog {
    let ctx = ApplyContext {
        naming_convention: convention.clone(),
        ..ApplyContext::new(dialect)
    };
    let mut catalog = Catalog::new();
    let mut diagnostics = Vec::new();
    let mut applied = Vec::new();
    for rev in ordered {
        let ops: Vec<Op> = rev
            .upgrade
            .as_ref()
            .map(|f| Op::resolve(&f.ops, dialect, false))
            .unwrap_or_default();
        for d in catalog.apply_all(&ops, &ctx) {
            diagnostics.push(d.with_path(&rev.path));
        }
        if let Some(id) = &rev.revision {
            applied.push(id.clone());
        }
    }
    let heads = ordered
        .iter()
        .filter_map(|r| r.revision.clone())
        .filter(|id| !ordered.iter().any(|r| r.down_revisions.contains(id)))
        .collect();
    HeadCatalog {
        catalog,
        applied,
        heads,
        diagnostics,
    }
}
