use std::collections::HashMap;

use super::locking_table;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for several lock-taking changes to the same existing table in one
    /// revision (reported from the second one on), on PostgreSQL.
    ///
    /// ## Why is this bad?
    /// The first `ALTER TABLE` takes an `ACCESS EXCLUSIVE` lock that is held until the
    /// transaction commits, at the end of the migration (of the whole upgrade, by
    /// default). Every later step, a slow one included, then runs with the table
    /// blocked.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.add_column("users", sa.Column("age", sa.Integer()))
    ///     op.create_index("ix_users_age", "users", ["age"])
    /// ```
    ///
    /// ## Use instead
    /// Put the slow step in its own revision (with `transaction_per_migration=True`),
    /// or order the steps so that the table is locked as briefly as possible.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct SeveralAltersSameTable {
        code: "SAF018",
        name: "several-alters-same-table",
        group: Safety,
        severity: Info,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    if !cx.postgresql() {
        return;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    visit(&cx.upgrade, &mut |op, _| {
        if matches!(op.kind, OpKind::Batch { .. }) {
            return;
        }
        if let Some((schema, table)) = locking_table(cx, op) {
            let key = table_label(schema, table);
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            if *n == 2 {
                out.push((op.range, key));
            }
        }
    });
    for (range, table) in out {
        cx.report(
            range,
            format!("Another change to `{table}` in the same transaction: the exclusive lock the first one took is held through this step until the migration commits."),
            "Split slow steps into their own revision, or keep the locked section short.",
        );
    }
}
