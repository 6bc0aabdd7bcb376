use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for a revision that revises a revision which already had another child
    /// when it was written, so that the history forks and no merge joins the two lines
    /// again. Reported on the later of the two (by `Create Date`, else load order);
    /// labelled branches are left alone.
    ///
    /// ## Why is this bad?
    /// Two developers each ran `alembic revision` on the same head. Both migrations work
    /// alone, but the history now has two heads, and their order on a database is
    /// undefined.
    ///
    /// ## Example
    /// ```python
    /// # 2b_add_email.py: down_revision = "1a"   (written first)
    /// # 3c_add_phone.py:
    /// revision = "3c"
    /// down_revision = "1a"
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// revision = "3c"
    /// down_revision = "2b"
    /// ```
    ///
    /// ## Fix safety
    /// The fix points `down_revision` at the head of the other line. It is unsafe: it
    /// changes the order migrations run in, which the author must confirm.
    pub struct DownRevisionNotLatest {
        code: "HIS009",
        name: "down-revision-not-latest",
        group: History,
        severity: Warning,
        opt_in: false,
        fix: Sometimes,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let graph = cx.graph();
    let file = cx.file;
    let (Some(id), [parent]) = (file.revision.as_deref(), file.down_revisions.as_slice()) else {
        return;
    };
    if !file.branch_labels.is_empty() {
        return;
    }
    let Some(parent_node) = graph.get(parent) else {
        return;
    };
    if parent_node.children.len() < 2 {
        return;
    }
    // Which of two revisions was written later: `Create Date`, else load order.
    let key = |rev: &str| {
        let node = graph.get(rev);
        (
            node.and_then(|n| cx.file_of(n))
                .and_then(|f| f.header.create_date.clone())
                .unwrap_or_default(),
            node.map_or(usize::MAX, |n| n.file_index),
        )
    };
    // The revisions below `rev` (itself excluded), as a mask over the graph's revisions.
    let below = |rev: &str| -> Vec<bool> {
        let mut mask = vec![false; graph.revisions().len()];
        if let Some(index) = graph.index_of(rev) {
            for i in graph.descendant_indices(index, false) {
                mask[i] = i != index;
            }
        }
        mask
    };
    // Walked only when a sibling is a candidate: most revisions have none.
    let mut mine: Option<Vec<bool>> = None;
    for sibling in &parent_node.children {
        if sibling == id {
            continue;
        }
        if graph
            .get(sibling)
            .is_some_and(|n| !n.own_branch_labels.is_empty())
        {
            continue;
        }
        // Only the later of the two is at fault.
        if key(sibling) > key(id) {
            continue;
        }
        let theirs = below(sibling);
        let mine = mine.get_or_insert_with(|| below(id));
        if mine.iter().zip(&theirs).any(|(a, b)| *a && *b) {
            continue; // a merge joins the two lines
        }
        let mut heads: Vec<&String> = graph
            .heads()
            .iter()
            .filter(|h| *h == sibling || graph.index_of(h).is_some_and(|i| theirs[i]))
            .collect();
        heads.dedup();
        let fix = match (heads.as_slice(), file.down_revision_range) {
            ([head], Some(range)) => {
                let text = cx.text(range);
                let quote = if text.starts_with('\'') { '\'' } else { '"' };
                (text.starts_with(['"', '\'']) && text.len() == parent.len() + 2).then(|| {
                    Fix::unsafe_(
                        format!("Revise `{head}` instead"),
                        vec![Edit::replace(range, format!("{quote}{head}{quote}"))],
                    )
                })
            }
            _ => None,
        };
        cx.report_fix(
            file.down_revision_range.unwrap_or_else(|| cx.file_range()),
            format!(
                "`down_revision = \"{parent}\"` is not the latest revision: `{sibling}` already revises `{parent}`, so the history forks and no merge joins it."
            ),
            match heads.first() {
                Some(head) => format!("Set `down_revision` to `{head}` (the head of the other line), or merge the heads with `alembic merge heads`."),
                None => "Rebase this revision onto the latest one, or merge the heads with `alembic merge heads`.".to_owned(),
            },
            fix,
        );
        return;
    }
}
