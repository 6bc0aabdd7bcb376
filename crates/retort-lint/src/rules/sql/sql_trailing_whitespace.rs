use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for trailing whitespace on the lines of multi-line SQL strings
    /// (sqlfluff's LT01). Opt-in.
    ///
    /// ## Why is this bad?
    /// Invisible, noisy in diffs, and editors strip it unpredictably.
    ///
    /// ## Example
    /// ```python
    /// op.execute("""
    ///     UPDATE users
    ///     SET active = true
    /// """)
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// op.execute("""
    ///     UPDATE users
    ///     SET active = true
    /// """)
    /// ```
    ///
    /// ## Fix safety
    /// The fix deletes the whitespace; safe, SQL ignores it.
    pub struct SqlTrailingWhitespace {
        code: "SQL102",
        name: "sql-trailing-whitespace",
        group: Sql,
        severity: Info,
        opt_in: true,
        fix: Sometimes,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut out = Vec::new();
    for snippet in cx.sql().iter().filter(|s| s.is_text && s.is_mapped()) {
        let sql = &snippet.sql;
        let mut offset = 0;
        for line in sql.split_inclusive('\n') {
            let body = line.strip_suffix('\n').unwrap_or(line);
            let trimmed = body.trim_end_matches([' ', '\t']);
            if trimmed.len() < body.len() && line.ends_with('\n') {
                let range = snippet.source_range(offset + trimmed.len(), offset + body.len());
                out.push(range);
            }
            offset += line.len();
        }
    }
    for range in out {
        cx.report_fix(
            range,
            "Trailing whitespace in SQL.",
            "Delete it.",
            Some(Fix::safe(
                "Delete trailing whitespace",
                vec![Edit::delete(range)],
            )),
        );
    }
}
