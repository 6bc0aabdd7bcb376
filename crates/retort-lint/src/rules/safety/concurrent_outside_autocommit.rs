use sqlparser::keywords::Keyword;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that `CREATE INDEX CONCURRENTLY` / `DROP INDEX CONCURRENTLY`
    /// (`postgresql_concurrently=True`, or in `op.execute`) run inside
    /// `with op.get_context().autocommit_block():` when migrations run in a transaction.
    ///
    /// ## Why is this bad?
    /// PostgreSQL refuses: *CREATE INDEX CONCURRENTLY cannot run inside a transaction
    /// block*. Alembic runs every migration in a transaction on PostgreSQL, so the
    /// migration fails on the first deploy.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.create_index("ix_users_email", "users", ["email"], postgresql_concurrently=True)
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     with op.get_context().autocommit_block():
    ///         op.create_index("ix_users_email", "users", ["email"], postgresql_concurrently=True)
    /// ```
    ///
    /// ## Fix safety
    /// No fix. Not reported when `assume-in-transaction` is off.
    pub struct ConcurrentOutsideAutocommit {
        code: "SAF002",
        name: "concurrent-outside-autocommit",
        group: Safety,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    if !cx.postgresql() || !cx.settings.assume_in_transaction {
        return;
    }
    let mut out = Vec::new();
    for ops in [&cx.upgrade, &cx.downgrade] {
        visit(ops, &mut |op, scope| {
            let concurrent = match &op.kind {
                OpKind::CreateIndex(i) => i.concurrently,
                OpKind::DropIndex { concurrently, .. } => *concurrently,
                _ => false,
            };
            if concurrent && !scope.autocommit {
                out.push(op.range);
            }
        });
    }
    for snippet in cx.sql().iter().filter(|s| !s.in_autocommit) {
        for stmt in &snippet.statements {
            if stmt.has_keyword(Keyword::CONCURRENTLY) {
                let (s, e) = stmt.head_span();
                out.push(snippet.source_range(s, e));
            }
        }
    }
    for range in out {
        cx.report(
            range,
            "CONCURRENTLY cannot run inside a transaction block, and Alembic runs this migration in one: PostgreSQL rejects it.",
            "Move the operation into `with op.get_context().autocommit_block():`.",
        );
    }
}
