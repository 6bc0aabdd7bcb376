use std::collections::BTreeSet;

use crate::history::History;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that the history has one head, or that every head is on its own labelled
    /// branch. Reported on each head revision.
    ///
    /// ## Why is this bad?
    /// With two unlabelled heads, `alembic upgrade head` fails: *Multiple head
    /// revisions are present for given argument 'head'; please specify a specific target
    /// revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all
    /// heads*. It usually means two branches of the code each added a migration.
    ///
    /// ## Example
    /// ```python
    /// # 2b_add_email.py
    /// revision = "2b"
    /// down_revision = "1a"
    /// # 3c_add_phone.py
    /// revision = "3c"
    /// down_revision = "1a"
    /// ```
    ///
    /// ## Use instead
    /// Merge the heads with `alembic merge heads -m "merge"`, or rebase one revision
    /// onto the other (`down_revision = "2b"` in `3c_add_phone.py`).
    ///
    /// ## Fix safety
    /// No fix: which order the revisions should run in is the author's decision.
    pub struct MultipleHeads {
        code: "HIS001",
        name: "multiple-heads",
        group: History,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

/// The branch labels of `revision` and its ancestors.
fn lineage_labels(history: &History, revision: &str) -> BTreeSet<String> {
    let mut labels = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut stack = vec![revision.to_owned()];
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some(node) = history.node(&id) {
            labels.extend(node.branch_labels.iter().cloned());
            stack.extend(node.parents.iter().cloned());
        }
    }
    labels
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let history = cx.history;
    let Some(id) = cx.file.revision.as_deref() else {
        return;
    };
    if history.heads.len() < 2 || !history.heads.iter().any(|h| h == id) {
        return;
    }
    if history.node(id).is_some_and(|n| n.path != cx.file.path) {
        return;
    }
    let mine = lineage_labels(history, id);
    let twins: Vec<&String> = history
        .heads
        .iter()
        .filter(|h| *h != id && lineage_labels(history, h) == mine)
        .collect();
    if twins.is_empty() {
        return;
    }
    let others = twins
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    cx.report(
        cx.file_range(),
        format!(
            "Revision `{id}` is one of {} heads (also {others}): `alembic upgrade head` fails with \"Multiple head revisions are present for given argument 'head'\".",
            history.heads.len()
        ),
        "Merge the heads with `alembic merge heads`, or set this revision's `down_revision` to the other head.",
    );
}
