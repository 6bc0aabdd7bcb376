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

pub(crate) fn check(cx: &mut Checker<'_>) {
    let graph = cx.graph();
    let Some(node) = cx.node() else {
        return;
    };
    // Only the file Alembic keeps for an id; a duplicate is duplicate-revision-id's.
    if graph.get(&node.id).map(|r| r.file_index) != Some(cx.index) {
        return;
    }
    let mut heads: Vec<&str> = graph.heads().iter().map(String::as_str).collect();
    heads.dedup();
    if heads.len() < 2 || !heads.contains(&node.id.as_str()) {
        return;
    }
    // Heads on their own labelled branches are meant to be (`label@head`): the graph
    // gives each revision the labels of its branch.
    let twins: Vec<&str> = heads
        .iter()
        .copied()
        .filter(|h| *h != node.id)
        .filter(|h| {
            graph
                .get(h)
                .is_some_and(|r| r.branch_labels == node.branch_labels)
        })
        .collect();
    if twins.is_empty() {
        return;
    }
    cx.report(
        cx.file_range(),
        format!(
            "Revision `{}` is one of {} heads (also {}): `alembic upgrade head` fails with \"Multiple head revisions are present for given argument 'head'\".",
            node.id,
            heads.len(),
            twins.join(", ")
        ),
        "Merge the heads with `alembic merge heads`, or set this revision's `down_revision` to the other head.",
    );
}
