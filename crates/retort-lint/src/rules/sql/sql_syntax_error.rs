use sqlparser::tokenizer::Token;

use crate::rules::prelude::*;
use crate::sql::{SqlError, SqlStatement};

declare_rule! {
    /// ## What it does
    /// Parses the SQL of `op.execute("...")` / `sa.text("...")` for the configured
    /// dialect and reports the syntax errors that are certain, at their position in the
    /// string: a string, quoted name or comment left open, unbalanced parentheses, a
    /// statement that stops before it is complete, a statement that starts with no SQL
    /// keyword (`SELEC 1`).
    ///
    /// The parser (sqlparser) does not know every database's syntax: operator classes,
    /// `DROP INDEX CONCURRENTLY IF EXISTS`, `PRAGMA foreign_keys=OFF`, MySQL routines,
    /// `DO` blocks, … What it cannot read for another reason is not reported, since it
    /// may well be valid.
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
                if !certainly_broken(stmt, e) {
                    continue;
                }
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

/// Words a statement starts with in some SQL dialect or procedural block; a statement
/// starting with another word is not SQL anywhere.
const STATEMENT_STARTS: &[&str] = &[
    "ABORT",
    "ALTER",
    "ANALYSE",
    "ANALYZE",
    "ATTACH",
    "BEGIN",
    "CALL",
    "CHECKPOINT",
    "CLOSE",
    "CLUSTER",
    "COMMENT",
    "COMMIT",
    "COPY",
    "CREATE",
    "DEALLOCATE",
    "DECLARE",
    "DELETE",
    "DELIMITER",
    "DESCRIBE",
    "DETACH",
    "DISCARD",
    "DO",
    "DROP",
    "ELSE",
    "ELSEIF",
    "ELSIF",
    "END",
    "EXEC",
    "EXECUTE",
    "EXPLAIN",
    "FETCH",
    "FLUSH",
    "FOR",
    "GRANT",
    "HANDLER",
    "IF",
    "IMPORT",
    "INSERT",
    "ITERATE",
    "KILL",
    "LEAVE",
    "LISTEN",
    "LOAD",
    "LOCK",
    "LOOP",
    "MERGE",
    "MOVE",
    "NOTIFY",
    "OPEN",
    "OPTIMIZE",
    "PERFORM",
    "PRAGMA",
    "PREPARE",
    "RAISE",
    "REFRESH",
    "REINDEX",
    "RELEASE",
    "RENAME",
    "REPEAT",
    "REPLACE",
    "RESET",
    "RETURN",
    "REVOKE",
    "ROLLBACK",
    "SAVEPOINT",
    "SECURITY",
    "SELECT",
    "SET",
    "SHOW",
    "START",
    "TABLE",
    "TRUNCATE",
    "UNLISTEN",
    "UNLOCK",
    "UPDATE",
    "UPSERT",
    "USE",
    "VACUUM",
    "VALUES",
    "WHILE",
    "WITH",
];

/// Whether a statement the parser rejected is certainly invalid SQL, in any dialect:
/// its parentheses do not balance, it ends where more was needed, or its first word
/// starts no statement anywhere.
fn certainly_broken(stmt: &SqlStatement, e: &SqlError) -> bool {
    let depth = stmt.tokens.iter().try_fold(0i64, |depth, t| match t.token {
        Token::LParen => Some(depth + 1),
        Token::RParen if depth == 0 => None,
        Token::RParen => Some(depth - 1),
        _ => Some(depth),
    });
    if depth != Some(0) {
        return true;
    }
    if e.message.ends_with("found: EOF") {
        return true;
    }
    let first_word = stmt.leading_words(1);
    let (start, _) = stmt.head_span();
    e.offset == start && !first_word.is_empty() && !STATEMENT_STARTS.contains(&first_word.as_str())
}
