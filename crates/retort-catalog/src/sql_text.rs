//! Column references inside SQL fragments (CHECK conditions, index expressions, WHERE
//! clauses, computed columns): found and renamed the way PostgreSQL follows them,
//! because it stores these expressions parsed, not as text.

/// An identifier that may name a column: not a function name, not a type after `::`,
/// not a qualifier before `.`.
struct ColumnRef {
    start: usize,
    end: usize,
    text: String,
    quoted: bool,
}

/// Words that are never column references in the expressions we read.
const RESERVED: &[&str] = &[
    "all", "and", "any", "array", "as", "asc", "between", "both", "case", "cast", "collate",
    "desc", "distinct", "else", "end", "escape", "exists", "false", "from", "ilike", "in",
    "interval", "is", "isnull", "like", "not", "notnull", "null", "nulls", "or", "similar", "some",
    "then", "true", "when", "first", "last",
];

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// The column-like identifiers of `sql`.
fn column_refs(sql: &str) -> Vec<ColumnRef> {
    let chars: Vec<(usize, char)> = sql.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(sql.len(), |&(o, _)| o);
    let mut refs = Vec::new();
    let mut i = 0;
    while let Some(c) = at(i) {
        if c == '\'' {
            // A string literal; `''` escapes a quote.
            i += 1;
            while let Some(c) = at(i) {
                i += 1;
                if c == '\'' {
                    if at(i) == Some('\'') {
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
        } else if c == '-' && at(i + 1) == Some('-') {
            while let Some(c) = at(i) {
                if c == '\n' {
                    break;
                }
                i += 1;
            }
        } else if c == '/' && at(i + 1) == Some('*') {
            i += 2;
            while let Some(c) = at(i) {
                i += 1;
                if c == '*' && at(i) == Some('/') {
                    i += 1;
                    break;
                }
            }
        } else if c.is_ascii_digit() {
            while at(i).is_some_and(is_ident_char) {
                i += 1;
            }
        } else if c == '"' || is_ident_start(c) {
            let start = i;
            let (text, quoted) = if c == '"' {
                let mut text = String::new();
                i += 1;
                while let Some(c) = at(i) {
                    i += 1;
                    if c == '"' {
                        if at(i) == Some('"') {
                            text.push('"');
                            i += 1;
                        } else {
                            break;
                        }
                    } else {
                        text.push(c);
                    }
                }
                (text, true)
            } else {
                while at(i).is_some_and(is_ident_char) {
                    i += 1;
                }
                (sql[offset(start)..offset(i)].to_owned(), false)
            };
            let end = i;
            let mut next = i;
            while at(next).is_some_and(char::is_whitespace) {
                next += 1;
            }
            let before = start.checked_sub(1).and_then(at);
            let before2 = start.checked_sub(2).and_then(at);
            let is_call = at(next) == Some('(');
            let is_qualifier = at(next) == Some('.');
            let is_cast = before == Some(':') && before2 == Some(':');
            let is_reserved = !quoted && RESERVED.contains(&text.to_ascii_lowercase().as_str());
            if !is_call && !is_qualifier && !is_cast && !is_reserved {
                refs.push(ColumnRef {
                    start: offset(start),
                    end: offset(end),
                    text,
                    quoted,
                });
            }
        } else {
            i += 1;
        }
    }
    refs
}

/// Whether the identifier token names `column` (unquoted identifiers fold to lower case).
fn names(r: &ColumnRef, column: &str) -> bool {
    if r.quoted {
        r.text == column
    } else {
        r.text.to_lowercase() == column
    }
}

/// Whether `sql` mentions `column`.
pub(crate) fn references(sql: &str, column: &str) -> bool {
    column_refs(sql).iter().any(|r| names(r, column))
}

/// The distinct columns among `candidates` that `sql` mentions, in `candidates` order.
pub(crate) fn referenced<'a>(sql: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let refs = column_refs(sql);
    candidates
        .filter(|c| refs.iter().any(|r| names(r, c)))
        .collect()
}

/// `sql` with every reference to `old` replaced by `new` (quoted when it needs to be).
pub(crate) fn rename(sql: &str, old: &str, new: &str) -> String {
    let refs = column_refs(sql);
    if !refs.iter().any(|r| names(r, old)) {
        return sql.to_owned();
    }
    let plain = new.chars().next().is_some_and(is_ident_start)
        && new
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
    let replacement = if plain {
        new.to_owned()
    } else {
        format!("\"{}\"", new.replace('"', "\"\""))
    };
    let mut out = String::with_capacity(sql.len());
    let mut last = 0;
    for r in refs.iter().filter(|r| names(r, old)) {
        out.push_str(&sql[last..r.start]);
        out.push_str(&replacement);
        last = r.end;
    }
    out.push_str(&sql[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_columns() {
        assert!(references("price > 0", "price"));
        assert!(references("lower(email) <> ''", "email"));
        assert!(!references("lower(email) <> 'price'", "price"));
        assert!(!references("lower(x)", "lower"));
        assert!(references("t.qty >= 1", "qty"));
        assert!(!references("t.qty >= 1", "t"));
        assert!(!references("x::text = ''", "text"));
        assert!(references("\"Qty\" > 1 AND qty2 < 3", "Qty"));
        assert!(!references("QTY > 1", "Qty"));
        assert!(references("QTY > 1", "qty"));
        assert!(!references("a > 1 -- b", "b"));
        assert!(!references("1e10 > a", "e10"));
        assert_eq!(
            referenced("a > b AND a < 3", ["a", "b", "c"].into_iter()),
            vec!["a", "b"]
        );
    }

    #[test]
    fn renames_columns() {
        assert_eq!(
            rename("price > 0 AND price < 9", "price", "cost"),
            "cost > 0 AND cost < 9"
        );
        assert_eq!(
            rename("price > 'price'", "price", "Cost"),
            "\"Cost\" > 'price'"
        );
        assert_eq!(rename("lower(name)", "lower", "x"), "lower(name)");
        assert_eq!(rename("", "a", "b"), "");
        assert_eq!(rename("é > 1 AND a", "a", "b"), "é > 1 AND b");
    }
}
