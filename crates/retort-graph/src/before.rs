//! How to reach the database state just before each revision from the states already
//! reached: the plan a caller (the catalog per revision, a stairway) follows to visit
//! every revision once, without replaying the whole history for each.

use serde::{Deserialize, Serialize};

use crate::engine::{Edges, Res};
use crate::graph::RevisionGraph;

/// The state before one revision's `upgrade()`: what upgrading an empty database to
/// the revision's `down_revision` and `depends_on` leaves.
///
/// Indices are into [`RevisionGraph::revisions`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateBefore {
    /// The revision.
    pub revision: usize,
    /// Start from the state after this revision (the first `down_revision`, already
    /// visited), or from an empty database.
    pub start_after: Option<usize>,
    /// Then upgrade these revisions, in this order: the ancestors (through
    /// `down_revision` and `depends_on`) that `start_after` does not include — the other
    /// branches of a merge, what `depends_on` brings in. Empty on a linear history.
    pub replay: Vec<usize>,
}

impl RevisionGraph {
    /// Every revision once, each after the revisions it names in `down_revision` and
    /// `depends_on` (ties in load order); revisions in or hanging off a cycle come last,
    /// in load order. Linear in the size of the graph.
    pub fn parents_first(&self) -> Vec<usize> {
        let n = self.revisions.len();
        let parents = |i: usize| {
            self.neighbours
                .get(i)
                .map_or(&[][..], |nb| nb.get(Edges::AllDown))
        };
        let mut waiting: Vec<usize> = (0..n).map(|i| parents(i).len()).collect();
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in 0..n {
            for &p in parents(i) {
                if let Some(list) = dependents.get_mut(p) {
                    list.push(i);
                }
            }
        }
        let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<usize>> = (0..n)
            .filter(|&i| waiting[i] == 0)
            .map(std::cmp::Reverse)
            .collect();
        let mut placed = vec![false; n];
        let mut order = Vec::with_capacity(n);
        while let Some(std::cmp::Reverse(i)) = ready.pop() {
            if std::mem::replace(&mut placed[i], true) {
                continue;
            }
            order.push(i);
            for &d in &dependents[i] {
                waiting[d] = waiting[d].saturating_sub(1);
                if waiting[d] == 0 && !placed[d] {
                    ready.push(std::cmp::Reverse(d));
                }
            }
        }
        order.extend((0..n).filter(|&i| !placed[i]));
        order
    }

    /// For every revision, in [`parents_first`](Self::parents_first) order, how to reach
    /// the state before it: start from its first parent's state after (visited earlier),
    /// then replay what its other parents and dependencies add.
    ///
    /// Following the plan applies each revision once, plus, at each merge, the other
    /// branches since they forked (and, at a revision with `depends_on`, the dependency's
    /// ancestors the first parent lacks). A history with a cycle still gets a plan: a
    /// revision whose parent comes later starts from an empty database.
    pub fn states_before(&self) -> Vec<StateBefore> {
        let order = self.parents_first();
        let mut position = vec![usize::MAX; self.revisions.len()];
        for (at, &i) in order.iter().enumerate() {
            position[i] = at;
        }
        let mut plan = Vec::with_capacity(order.len());
        for &r in &order {
            let neighbours = self.neighbours.get(r);
            let first = neighbours
                .and_then(|nb| nb.get(Edges::VersionedDown).first().copied())
                .filter(|&p| position[p] < position[r]);
            let everything = neighbours.map_or(0, |nb| nb.get(Edges::AllDown).len());
            let linear = everything == usize::from(first.is_some());
            let replay = if linear {
                Vec::new()
            } else {
                let mut have = vec![false; self.revisions.len()];
                if let Some(p) = first {
                    for a in self
                        .ancestors(&[Res::Rev(p)], true, false)
                        .unwrap_or_default()
                    {
                        have[a] = true;
                    }
                }
                let mut replay: Vec<usize> = self
                    .ancestors(&[Res::Rev(r)], true, false)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|&a| a != r && !have[a])
                    .collect();
                replay.sort_by_key(|&a| position[a]);
                replay
            };
            plan.push(StateBefore {
                revision: r,
                start_after: first,
                replay,
            });
        }
        plan
    }
}
