use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `ALTER TYPE … ADD VALUE` outside `autocommit_block()` on PostgreSQL,
    /// when migrations run in a transaction.
    ///
    /// ## Why is this bad?
    /// Before PostgreSQL 12 it fails: *ALTER TYPE … ADD cannot run inside a transaction
    /// block*. From 12 it runs, but the new value cannot be used until the transaction
    /// commits: with Alembic's default (one transaction for the whole `upgrade`), a
    /// later revision that uses it fails with *unsafe use of new value*.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.execute("ALTER TYPE mood ADD VALUE 'happy'")
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     with op.get_context().autocommit_block():
    ///         op.execute("ALTER TYPE mood ADD VALUE 'happy'")
    /// ```
    ///
    /// ## Fix safety
    /// No fix. From PostgreSQL 12 with `transaction-per-migration` on, not reported.
    pub struct EnumAddValueInTransaction {
        code: "SAF012",
        name: "enum-add-value-in-transaction",
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
    let old = cx.settings.postgres_version < 12;
    if !old && cx.settings.transaction_per_migration {
        return;
    }
    let mut out = Vec::new();
    for snippet in cx
        .sql()
        .iter()
        .filter(|s| !s.in_autocommit && !s.in_downgrade)
    {
        for stmt in &snippet.statements {
            let words = stmt.leading_words(6);
            if words.starts_with("ALTER TYPE") && words.contains(" ADD VALUE") {
                let (s, e) = stmt.head_span();
                out.push(snippet.source_range(s, e));
            }
        }
    }
    for range in out {
        cx.report(
            range,
            if old {
                "`ALTER TYPE … ADD VALUE` cannot run inside a transaction block before PostgreSQL 12, and Alembic runs this migration in one."
            } else {
                "`ALTER TYPE … ADD VALUE` inside the migration transaction: the new value cannot be used until it commits, and Alembic commits once at the end of the whole upgrade."
            },
            "Run it inside `with op.get_context().autocommit_block():`.",
        );
    }
}
