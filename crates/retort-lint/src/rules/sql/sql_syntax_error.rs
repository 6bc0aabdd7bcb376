use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Parses the SQL of `op.execute("...")` / `sa.text("...")` for the configured
    /// dialect and reports syntax errors at their position in the string.
    /// Statements the parser does not support (`DO` blocks, `CREATE FUNCTION`,
    /// `ALTER TYPE`, triggers, policies, …) are not reported.
    ///
    /// ## Why is this bad?
    /// The database rejects the statement when the migration runs, after the
    /// operations before it. Nothing else checks SQL inside Python strings.
    ///
    /// ## Example
    /// ```python
    /// op.execute("UPDATE users SET active = true WHERE")
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// op.execute("UPDATE users SET active = true WHERE active IS NULL")
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct SqlSyntaxError {
        code: "SQL001",
        name: "sql-syntax-error",
        group: Sql,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut out = Vec::new();
    for snippet in cx.sql().iter().filter(|s| s.is_text) {
        if let Some(e) = &snippet.token_error {
            out.push((
                snippet.source_range(e.offset, e.offset + 1),
                e.message.clone(),
            ));
            continue;
        }
        for stmt in &snippet.statements {
            if stmt.unsupported {
                continue;
            }
            if let Err(e) = &stmt.parsed {
                let end = (e.offset + 1).min(snippet.sql.len()).max(e.offset);
                out.push((snippet.source_range(e.offset, end), e.message.clone()));
            }
        }
    }
    for (range, message) in out {
        cx.report(
            range,
            format!("SQL syntax error ({}): {message}", cx.settings.dialect),
            "Fix the SQL; the database would reject it when the migration runs.",
        );
    }
}
