use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `print(...)` in revision files.
    ///
    /// ## Why is this bad?
    /// Output goes to stdout, which with `alembic upgrade --sql` is the SQL script
    /// itself: the printed text corrupts it. Elsewhere it bypasses the logging
    /// configuration of `alembic.ini`.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     print("adding age")
    ///     op.add_column("users", sa.Column("age", sa.Integer()))
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// log = logging.getLogger("alembic.runtime.migration")
    ///
    /// def upgrade():
    ///     log.info("adding age")
    ///     op.add_column("users", sa.Column("age", sa.Integer()))
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct PrintCall {
        code: "HYG005",
        name: "print-call",
        group: Hygiene,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let python = cx.python();
    if !python.is_builtin("print") {
        return;
    }
    let ranges: Vec<TextRange> = python
        .calls
        .iter()
        .filter(|c| c.callee == "print")
        .map(|c| c.range)
        .collect();
    for range in ranges {
        cx.report(
            range,
            "`print()` in a migration writes to stdout, which is the SQL script itself under `alembic upgrade --sql`.",
            "Log with `logging.getLogger(\"alembic.runtime.migration\")` instead.",
        );
    }
}
