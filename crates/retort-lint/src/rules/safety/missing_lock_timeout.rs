use super::locking_table;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that a revision that locks an existing table first sets `lock_timeout`
    /// (`op.execute("SET lock_timeout = '5s'")`), on PostgreSQL. Opt-in: projects often
    /// set it once for every migration in `env.py`.
    ///
    /// ## Why is this bad?
    /// An `ALTER TABLE` waits for its lock behind any long-running query, and every
    /// query on the table then queues behind the `ALTER TABLE`: a one-millisecond
    /// change takes the application down. With `lock_timeout` the migration fails fast
    /// and can be retried.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.add_column("users", sa.Column("age", sa.Integer()))
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     op.execute("SET lock_timeout = '5s'")
    ///     op.add_column("users", sa.Column("age", sa.Integer()))
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct MissingLockTimeout {
        code: "SAF013",
        name: "missing-lock-timeout",
        group: Safety,
        severity: Warning,
        opt_in: true,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    if !cx.postgresql() {
        return;
    }
    let mut timeout_at: Option<u32> = None;
    let mut first: Option<(TextRange, String)> = None;
    visit(&cx.upgrade, &mut |op, _| {
        if let OpKind::Execute { sql } = &op.kind {
            if sql.sql().to_ascii_lowercase().contains("lock_timeout") && timeout_at.is_none() {
                timeout_at = Some(op.range.start);
            }
        }
        if first.is_none() {
            if let Some((_, table)) = locking_table(cx, op) {
                first = Some((op.range, table.to_owned()));
            }
        }
    });
    let Some((range, table)) = first else { return };
    if timeout_at.is_some_and(|t| t < range.start) {
        return;
    }
    cx.report(
        range,
        format!("This locks the existing table `{table}` with no `lock_timeout` set: waiting for the lock, it blocks every query on the table."),
        "Start `upgrade()` with `op.execute(\"SET lock_timeout = '5s'\")`, or set it for all migrations in env.py.",
    );
}
