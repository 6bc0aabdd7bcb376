use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::Token;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that SQL keywords in `op.execute` strings are capitalised consistently
    /// (sqlfluff's CP01, "consistent" policy: the first keyword sets the case). Opt-in.
    ///
    /// ## Why is this bad?
    /// Mixed case makes hand-written SQL harder to read and review; a consistent style
    /// makes the structure of a statement visible at a glance.
    ///
    /// ## Example
    /// ```python
    /// op.execute("UPDATE users set active = true WHERE id = 1")
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// op.execute("UPDATE users SET active = true WHERE id = 1")
    /// ```
    ///
    /// ## Fix safety
    /// The fix changes the keyword's case inside the string literal; safe, SQL keywords
    /// are case-insensitive. Offered only when the literal maps to the source exactly.
    pub struct SqlKeywordCase {
        code: "SQL101",
        name: "sql-keyword-case",
        group: Sql,
        severity: Info,
        opt_in: true,
        fix: Sometimes,
    }
}

/// The keywords checked: words that are keywords wherever they appear. Other words
/// `sqlparser` knows as keywords (`ACTIVE`, `NAME`, …) are often column names.
const CHECKED: &[Keyword] = &[
    Keyword::SELECT,
    Keyword::FROM,
    Keyword::WHERE,
    Keyword::UPDATE,
    Keyword::SET,
    Keyword::DELETE,
    Keyword::INSERT,
    Keyword::INTO,
    Keyword::VALUES,
    Keyword::AND,
    Keyword::OR,
    Keyword::NOT,
    Keyword::IS,
    Keyword::IN,
    Keyword::ON,
    Keyword::JOIN,
    Keyword::LEFT,
    Keyword::INNER,
    Keyword::OUTER,
    Keyword::GROUP,
    Keyword::BY,
    Keyword::ORDER,
    Keyword::HAVING,
    Keyword::LIMIT,
    Keyword::AS,
    Keyword::CREATE,
    Keyword::TABLE,
    Keyword::INDEX,
    Keyword::ALTER,
    Keyword::ADD,
    Keyword::DROP,
    Keyword::COLUMN,
    Keyword::CONSTRAINT,
    Keyword::PRIMARY,
    Keyword::FOREIGN,
    Keyword::REFERENCES,
    Keyword::UNIQUE,
    Keyword::CHECK,
    Keyword::DEFAULT,
    Keyword::CASE,
    Keyword::WHEN,
    Keyword::THEN,
    Keyword::ELSE,
    Keyword::END,
    Keyword::DISTINCT,
    Keyword::UNION,
    Keyword::EXISTS,
    Keyword::BETWEEN,
    Keyword::LIKE,
    Keyword::RETURNING,
    Keyword::WITH,
    Keyword::CASCADE,
    Keyword::TRUNCATE,
    Keyword::RENAME,
    Keyword::USING,
];

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut out = Vec::new();
    for snippet in cx.sql().iter().filter(|s| s.is_text) {
        let mut upper: Option<bool> = None;
        for stmt in &snippet.statements {
            for t in &stmt.tokens {
                let Token::Word(w) = &t.token else { continue };
                if w.quote_style.is_some()
                    || !CHECKED.contains(&w.keyword)
                    || !w.value.chars().any(|c| c.is_alphabetic())
                {
                    continue;
                }
                let is_upper = w.value == w.value.to_ascii_uppercase();
                let is_lower = w.value == w.value.to_ascii_lowercase();
                match upper {
                    None if is_upper || is_lower => upper = Some(is_upper),
                    Some(u) if (u && !is_upper) || (!u && !is_lower) => {
                        let fixed = if u {
                            w.value.to_ascii_uppercase()
                        } else {
                            w.value.to_ascii_lowercase()
                        };
                        let range = snippet.source_range(t.start, t.end);
                        let fix = snippet.is_mapped().then(|| {
                            Fix::safe(
                                format!("Write `{fixed}`"),
                                vec![Edit::replace(range, fixed.clone())],
                            )
                        });
                        out.push((range, w.value.clone(), fixed, fix));
                    }
                    _ => {}
                }
            }
        }
    }
    for (range, found, expected, fix) in out {
        cx.report_fix(
            range,
            format!("SQL keyword `{found}` is not capitalised like the others (`{expected}`)."),
            "Use one case for all keywords.",
            fix,
        );
    }
}
