use sqlparser::ast::{SelectItem, SetExpr, Statement};

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `SELECT *` in migration SQL (including `INSERT … SELECT *`).
    ///
    /// ## Why is this bad?
    /// The columns `*` stands for depend on the schema when the migration runs, not when
    /// it was written: a later revision that adds a column changes what this one
    /// copies, or makes `INSERT … SELECT *` fail on a column count mismatch.
    ///
    /// ## Example
    /// ```python
    /// op.execute("INSERT INTO users_archive SELECT * FROM users")
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// op.execute("INSERT INTO users_archive (id, email) SELECT id, email FROM users")
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct SelectStar {
        code: "SQL004",
        name: "select-star",
        group: Sql,
        severity: Info,
        opt_in: false,
        fix: None,
    }
}

fn has_star(body: &SetExpr) -> bool {
    match body {
        SetExpr::Select(s) => s.projection.iter().any(|p| {
            matches!(
                p,
                SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..)
            )
        }),
        SetExpr::Query(q) => has_star(&q.body),
        SetExpr::SetOperation { left, right, .. } => has_star(left) || has_star(right),
        _ => false,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut out = Vec::new();
    for snippet in cx.sql().iter().filter(|s| s.is_text) {
        for stmt in &snippet.statements {
            let star = match &stmt.parsed {
                Ok(Statement::Query(q)) => has_star(&q.body),
                Ok(Statement::Insert(i)) => i.source.as_ref().is_some_and(|q| has_star(&q.body)),
                _ => false,
            };
            if star {
                let (s, e) = stmt.head_span();
                out.push(snippet.source_range(s, e));
            }
        }
    }
    for range in out {
        cx.report(
            range,
            "`SELECT *` depends on the columns the table has when the migration runs, not when it was written.",
            "List the columns explicitly.",
        );
    }
}
