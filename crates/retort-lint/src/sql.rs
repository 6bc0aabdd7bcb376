//! SQL inside `op.execute(...)` / `sa.text(...)`: split into statements, parsed with
//! `sqlparser`, with positions mapped back into the Python string literal.

use retort_ir::{ExecuteSql, Op, OpKind, TextRange};
use sqlparser::ast::Statement;
use sqlparser::dialect::{Dialect, GenericDialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, TokenWithLocation, Tokenizer};

/// SQL longer than this is not parsed (a data dump in a migration): no SQL rule runs on it.
const MAX_SQL_BYTES: usize = 256 * 1024;

/// Statements `sqlparser` 0.52 does not parse although PostgreSQL / MySQL accept them;
/// a parse error on one of these is not reported as a syntax error.
const UNSUPPORTED_STARTS: &[&str] = &[
    "DO",
    "CREATE OR REPLACE FUNCTION",
    "CREATE FUNCTION",
    "CREATE OR REPLACE PROCEDURE",
    "CREATE PROCEDURE",
    "CREATE TRIGGER",
    "CREATE OR REPLACE TRIGGER",
    "CREATE CONSTRAINT TRIGGER",
    "CREATE RULE",
    "CREATE OR REPLACE RULE",
    "CREATE POLICY",
    "ALTER POLICY",
    "CREATE AGGREGATE",
    "CREATE OPERATOR",
    "CREATE DOMAIN",
    "ALTER DOMAIN",
    "ALTER TYPE",
    "ALTER EXTENSION",
    "ALTER FUNCTION",
    "ALTER SEQUENCE",
    "ALTER INDEX",
    "ALTER MATERIALIZED VIEW",
    "ALTER DEFAULT PRIVILEGES",
    "CREATE PUBLICATION",
    "CREATE SUBSCRIPTION",
    "CREATE TEXT SEARCH",
    "CREATE COLLATION",
    "CREATE CAST",
    "CREATE EVENT",
    "DROP TRIGGER",
    "DROP POLICY",
    "DROP RULE",
    "DROP DOMAIN",
    "DROP AGGREGATE",
    "DROP OPERATOR",
    "REFRESH MATERIALIZED VIEW",
    "REINDEX",
    "CLUSTER",
    "VACUUM",
    "ANALYZE",
    "LOCK",
    "NOTIFY",
    "SECURITY LABEL",
    "DELIMITER",
];

/// Where an SQL problem is, as byte offsets into the SQL text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SqlError {
    /// The parser's message, without its position.
    pub message: String,
    /// Byte offset in the SQL.
    pub offset: usize,
}

/// A token with its byte span in the SQL text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SpannedToken {
    pub token: Token,
    pub start: usize,
    pub end: usize,
}

/// One statement of an `op.execute` string.
#[derive(Debug, Clone)]
pub(crate) struct SqlStatement {
    /// Byte span in the SQL text (without the `;`).
    pub start: usize,
    pub end: usize,
    /// Its tokens (whitespace and comments included).
    pub tokens: Vec<SpannedToken>,
    /// The parsed statement, or why it did not parse.
    pub parsed: Result<Statement, SqlError>,
    /// The statement starts with something `sqlparser` is known not to support.
    pub unsupported: bool,
}

impl SqlStatement {
    /// The first words of the statement, upper-cased, separated by single spaces.
    pub fn leading_words(&self, n: usize) -> String {
        self.tokens
            .iter()
            .filter_map(|t| match &t.token {
                Token::Word(w) => Some(w.value.to_ascii_uppercase()),
                Token::Whitespace(_) => None,
                _ => Some(String::new()),
            })
            .take(n)
            .take_while(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The first keyword tokens' span (for reporting on `DELETE`, `UPDATE`, …).
    pub fn head_span(&self) -> (usize, usize) {
        self.tokens
            .iter()
            .find(|t| matches!(t.token, Token::Word(_)))
            .map_or((self.start, self.end), |t| (t.start, t.end))
    }

    /// Whether a keyword appears anywhere among the tokens.
    pub fn has_keyword(&self, keyword: Keyword) -> bool {
        self.tokens
            .iter()
            .any(|t| matches!(&t.token, Token::Word(w) if w.keyword == keyword && w.quote_style.is_none()))
    }
}

/// The SQL of one `op.execute` call and what Retort made of it.
#[derive(Debug, Clone)]
pub(crate) struct SqlSnippet {
    /// The `op.execute(...)` call.
    pub op_range: TextRange,
    /// The SQL text.
    pub sql: String,
    /// Byte offset in the SQL → byte offset in the Python source (one entry more than the
    /// SQL has bytes), when the SQL is one plain literal whose decoding could be followed.
    map: Option<Vec<u32>>,
    /// In `with op.get_context().autocommit_block():`.
    pub in_autocommit: bool,
    /// In `downgrade()`.
    pub in_downgrade: bool,
    /// The statements; empty when the SQL is too long or does not tokenize.
    pub statements: Vec<SqlStatement>,
    /// A tokenizer error (an unterminated string, …).
    pub token_error: Option<SqlError>,
    /// Written by hand (`op.execute("…")`, `sa.text`), not a Core construct.
    pub is_text: bool,
}

impl SqlSnippet {
    /// The source range of `start..end` in the SQL: precise when the literal maps, the
    /// literal or the call otherwise.
    pub fn source_range(&self, start: usize, end: usize) -> TextRange {
        match &self.map {
            Some(map) => {
                let s = map.get(start).copied();
                let e = map.get(end).copied();
                match (s, e) {
                    (Some(s), Some(e)) => TextRange::new(s, e.max(s)),
                    _ => self.op_range,
                }
            }
            None => self.op_range,
        }
    }

    /// Whether positions inside the SQL map to the source (so edits inside it are possible).
    pub fn is_mapped(&self) -> bool {
        self.map.is_some()
    }
}

/// The `sqlparser` dialect for a SQLAlchemy dialect name.
fn dialect_for(name: &str) -> Box<dyn Dialect> {
    match name {
        "postgresql" => Box::new(PostgreSqlDialect {}),
        "sqlite" => Box::new(SQLiteDialect {}),
        "mysql" | "mariadb" => Box::new(MySqlDialect {}),
        _ => Box::new(GenericDialect {}),
    }
}

/// Collects every `op.execute` of a function's (resolved) ops.
pub(crate) fn collect(
    ops: &[Op],
    source: &str,
    dialect: &str,
    in_downgrade: bool,
    out: &mut Vec<SqlSnippet>,
) {
    fn walk(
        ops: &[Op],
        source: &str,
        dialect: &dyn Dialect,
        in_downgrade: bool,
        autocommit: bool,
        out: &mut Vec<SqlSnippet>,
    ) {
        for op in ops {
            match &op.kind {
                OpKind::Execute { sql } => out.push(snippet(
                    op.range,
                    sql,
                    source,
                    dialect,
                    in_downgrade,
                    autocommit,
                )),
                OpKind::AutocommitBlock { ops } => {
                    walk(ops, source, dialect, in_downgrade, true, out)
                }
                OpKind::Batch { ops, .. } => {
                    walk(ops, source, dialect, in_downgrade, autocommit, out)
                }
                OpKind::Conditional {
                    then, otherwise, ..
                } => {
                    walk(then, source, dialect, in_downgrade, autocommit, out);
                    walk(otherwise, source, dialect, in_downgrade, autocommit, out);
                }
                _ => {}
            }
        }
    }
    let dialect = dialect_for(dialect);
    walk(ops, source, dialect.as_ref(), in_downgrade, false, out);
}

fn snippet(
    op_range: TextRange,
    sql: &ExecuteSql,
    source: &str,
    dialect: &dyn Dialect,
    in_downgrade: bool,
    in_autocommit: bool,
) -> SqlSnippet {
    let (text, literal, is_text) = match sql {
        ExecuteSql::Text { sql, literal } => (sql.as_str(), *literal, true),
        ExecuteSql::Core { sql } => (sql.as_str(), None, false),
    };
    let map = literal.and_then(|r| literal_map(source, r, text));
    let mut out = SqlSnippet {
        op_range,
        sql: text.to_owned(),
        map,
        in_autocommit,
        in_downgrade,
        statements: Vec::new(),
        token_error: None,
        is_text,
    };
    if text.len() > MAX_SQL_BYTES {
        return out;
    }
    let lines = LineStarts::new(text);
    let tokens = match Tokenizer::new(dialect, text).tokenize_with_location() {
        Ok(tokens) => tokens,
        Err(e) => {
            out.token_error = Some(SqlError {
                message: e.message,
                offset: lines.offset(text, e.location.line, e.location.column),
            });
            return out;
        }
    };
    let starts: Vec<usize> = tokens
        .iter()
        .map(|t| lines.offset(text, t.location.line, t.location.column))
        .collect();
    // Each statement's tokens, with their positions in the whole text: the parser reads
    // them as they are rather than tokenizing the statement a second time.
    let mut current: Vec<SpannedToken> = Vec::new();
    let mut located: Vec<TokenWithLocation> = Vec::new();
    let flush = |current: &mut Vec<SpannedToken>,
                 located: &mut Vec<TokenWithLocation>,
                 out: &mut SqlSnippet| {
        let meaningful = current
            .iter()
            .any(|t| !matches!(t.token, Token::Whitespace(_)));
        if meaningful {
            let tokens = std::mem::take(current);
            let located = std::mem::take(located);
            out.statements
                .push(statement(tokens, located, text, &lines, dialect));
        } else {
            current.clear();
            located.clear();
        }
    };
    for (i, t) in tokens.into_iter().enumerate() {
        let start = starts.get(i).copied().unwrap_or(text.len());
        let end = starts.get(i + 1).copied().unwrap_or(text.len()).max(start);
        if t.token == Token::SemiColon {
            flush(&mut current, &mut located, &mut out);
            continue;
        }
        if t.token == Token::EOF {
            continue;
        }
        current.push(SpannedToken {
            token: t.token.clone(),
            start,
            end,
        });
        located.push(t);
    }
    flush(&mut current, &mut located, &mut out);
    out
}

fn statement(
    tokens: Vec<SpannedToken>,
    located: Vec<TokenWithLocation>,
    text: &str,
    lines: &LineStarts,
    dialect: &dyn Dialect,
) -> SqlStatement {
    let first = tokens
        .iter()
        .find(|t| !matches!(t.token, Token::Whitespace(_)));
    let last = tokens
        .iter()
        .rev()
        .find(|t| !matches!(t.token, Token::Whitespace(_)));
    let start = first.map_or(0, |t| t.start);
    let end = last.map_or(start, |t| t.end).max(start);
    let mut stmt = SqlStatement {
        start,
        end,
        tokens,
        parsed: Err(SqlError {
            message: String::new(),
            offset: start,
        }),
        unsupported: false,
    };
    let words = stmt.leading_words(5);
    stmt.unsupported = UNSUPPORTED_STARTS.iter().any(|u| {
        words
            .strip_prefix(u)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    });
    stmt.parsed = match Parser::new(dialect)
        .with_tokens_with_locations(located)
        .parse_statements()
    {
        Ok(mut statements) if statements.len() == 1 => Ok(statements.remove(0)),
        Ok(_) => Err(SqlError {
            message: "expected one statement".to_owned(),
            offset: start,
        }),
        Err(e) => {
            let error = e.to_string();
            let (message, offset) = split_position(&error)
                .map(|(m, line, col)| (m, lines.offset(text, line, col)))
                .unwrap_or((error.clone(), start));
            let message = message
                .trim_start_matches("sql parser error: ")
                .trim_start_matches("SQL parser error: ")
                .to_owned();
            // sqlparser gives no position for a premature end: point at the end.
            let offset = if message.ends_with("found: EOF") {
                end.saturating_sub(1).max(start)
            } else {
                offset
            };
            Err(SqlError { message, offset })
        }
    };
    stmt
}

/// `"… at Line: 3, Column: 7"` → (message, 3, 7).
fn split_position(text: &str) -> Option<(String, u64, u64)> {
    let at = text.rfind(" at Line: ")?;
    let rest = &text[at + " at Line: ".len()..];
    let (line, col) = rest.split_once(", Column: ")?;
    let line = line.trim().parse().ok()?;
    let col = col
        .trim()
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()?;
    Some((text[..at].to_owned(), line, col))
}

/// Byte offsets of line starts, to turn `sqlparser`'s (line, column) into offsets.
struct LineStarts {
    starts: Vec<usize>,
    /// Columns are bytes: no character to count.
    ascii: bool,
}

impl LineStarts {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            starts,
            ascii: text.is_ascii(),
        }
    }

    /// 1-based line and column (in characters) → byte offset, clamped.
    fn offset(&self, text: &str, line: u64, column: u64) -> usize {
        let line = (line.max(1) - 1) as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let column = (column.max(1) - 1) as usize;
        if self.ascii {
            return start.saturating_add(column).min(text.len());
        }
        let rest = text.get(start..).unwrap_or("");
        rest.char_indices()
            .nth(column)
            .map_or(text.len(), |(i, _)| start + i)
    }
}

/// Maps each byte of the decoded literal to its source offset; `None` when the literal
/// is not a plain string or decodes to something else than `expected`.
pub(crate) fn literal_map(source: &str, literal: TextRange, expected: &str) -> Option<Vec<u32>> {
    let text = source.get(literal.start as usize..literal.end as usize)?;
    let prefix_len = text
        .find(['\'', '"'])
        .filter(|&i| text[..i].chars().all(|c| "rRuUbB".contains(c)))?;
    let raw = text[..prefix_len].contains(['r', 'R']);
    let rest = &text[prefix_len..];
    let quote = if rest.starts_with("'''") || rest.starts_with("\"\"\"") {
        &rest[..3]
    } else {
        &rest[..1]
    };
    let body_start = prefix_len + quote.len();
    let body_end = text.len().checked_sub(quote.len())?;
    // `ends_with`, not slicing at `body_end`: an unterminated literal can end inside a
    // multi-byte character.
    if body_end < body_start || !text.ends_with(quote) {
        return None;
    }
    let body = text.get(body_start..body_end)?;
    let base = literal.start as usize + body_start;
    let mut decoded = String::with_capacity(body.len());
    let mut map: Vec<u32> = Vec::with_capacity(body.len() + 1);
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = (base + i) as u32;
        if c == '\\' && !raw {
            let &(_, next) = chars.peek()?;
            chars.next();
            let simple = match next {
                '\\' => Some('\\'),
                '\'' => Some('\''),
                '"' => Some('"'),
                'n' => Some('\n'),
                't' => Some('\t'),
                'r' => Some('\r'),
                '\n' => None,
                _ => return None,
            };
            if let Some(ch) = simple {
                for _ in 0..ch.len_utf8() {
                    map.push(at);
                }
                decoded.push(ch);
            }
            continue;
        }
        for _ in 0..c.len_utf8() {
            map.push(at);
        }
        decoded.push(c);
    }
    map.push((base + body.len()) as u32);
    (decoded == expected).then_some(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_plain_and_escaped_literals() {
        let source = r#"op.execute("A\nB")"#;
        let map = literal_map(source, TextRange::new(11, 17), "A\nB").expect("maps");
        assert_eq!(map, vec![12, 13, 15, 16]);
        let source = "op.execute(r'x\\y')";
        assert!(literal_map(source, TextRange::new(11, 17), "x\\y").is_some());
        assert!(literal_map(source, TextRange::new(11, 17), "other").is_none());
        // Unterminated, ending inside a multi-byte character.
        let source = "op.execute(\"x = 'é";
        assert!(literal_map(source, TextRange::new(11, source.len() as u32), "x = 'é").is_none());
    }

    #[test]
    fn line_and_column_to_offset() {
        for text in ["SELECT 1\nFROM t", "SELECT 'é'\nFROM tà", "", "x\n"] {
            let fast = LineStarts::new(text);
            let slow = LineStarts {
                ascii: false,
                ..LineStarts::new(text)
            };
            for line in 0..4 {
                for column in 0..14 {
                    assert_eq!(
                        fast.offset(text, line, column),
                        slow.offset(text, line, column),
                        "{text:?} {line}:{column}"
                    );
                }
            }
        }
        let text = "SELECT 'é', x";
        assert_eq!(LineStarts::new(text).offset(text, 1, 12), 12);
    }

    #[test]
    fn positions_from_parser_errors() {
        assert_eq!(
            split_position(
                "sql parser error: Expected: end of statement, found: x at Line: 2, Column: 4"
            ),
            Some((
                "sql parser error: Expected: end of statement, found: x".to_owned(),
                2,
                4
            ))
        );
    }
}
