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

/// Applies every revision's `upgrade()` ops in dependency order (a revision after all
/// of its `down_revision`s; ties in load order), on `dialect`, with `target_metadata`'s
/// naming convention — what `alembic upgrade heads` leaves in the database.
pub fn head_catalog(
    revisions: &[RevisionFile],
    dialect: &str,
    convention: &NamingConvention,
) -> HeadCatalog {
    let ids: Vec<Option<&str>> = revisions.iter().map(|r| r.revision.as_deref()).collect();
    let known = |id: &str| ids.contains(&Some(id));
    let mut done: Vec<String> = Vec::new();
    let mut order: Vec<usize> = Vec::new();
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
            if let Some(id) = revisions.get(i).and_then(|r| r.revision.clone()) {
                done.push(id);
            }
        }
        pending.retain(|i| !ready.contains(i));
        order.extend(ready);
    }
    let ctx = ApplyContext {
        naming_convention: convention.clone(),
        ..ApplyContext::new(dialect)
    };
    let mut catalog = Catalog::new();
    let mut diagnostics = Vec::new();
    let mut applied = Vec::new();
    for &i in &order {
        let Some(rev) = revisions.get(i) else {
            continue;
        };
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
    let heads = revisions
        .iter()
        .filter_map(|r| r.revision.clone())
        .filter(|id| !revisions.iter().any(|r| r.down_revisions.contains(id)))
        .collect();
    HeadCatalog {
        catalog,
        applied,
        heads,
        diagnostics,
    }
}
