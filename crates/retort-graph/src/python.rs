//! The few pieces of Python behaviour Alembic's text depends on: `int()`, `repr()` of a
//! string, `%s` of a tuple, `str.splitlines()`, and the `_relative_destination` regex.

/// A Python `int` parsed from a string, kept exact however large.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PyInt {
    negative: bool,
    /// Decimal digits without sign or leading zeros; `"0"` for zero.
    digits: String,
}

impl PyInt {
    /// `int(text)`, or `None` where Python raises `ValueError`.
    ///
    /// Accepts what CPython accepts for ASCII input: surrounding whitespace, one sign,
    /// digits with single underscores between them.
    pub(crate) fn parse(text: &str) -> Option<PyInt> {
        let body = text.trim_matches(is_py_whitespace);
        let (negative, unsigned) = match body.as_bytes().first() {
            Some(b'-') => (true, &body[1..]),
            Some(b'+') => (false, &body[1..]),
            _ => (false, body),
        };
        if unsigned.is_empty() || unsigned.starts_with('_') || unsigned.ends_with('_') {
            return None;
        }
        let mut digits = String::with_capacity(unsigned.len());
        let mut previous_underscore = false;
        for c in unsigned.chars() {
            if c == '_' {
                if previous_underscore {
                    return None;
                }
                previous_underscore = true;
                continue;
            }
            if !c.is_ascii_digit() {
                return None;
            }
            previous_underscore = false;
            digits.push(c);
        }
        let trimmed = digits.trim_start_matches('0');
        let digits = if trimmed.is_empty() {
            "0".to_owned()
        } else {
            trimmed.to_owned()
        };
        let negative = negative && digits != "0";
        Some(PyInt { negative, digits })
    }

    /// `value < 0`.
    pub(crate) fn is_negative(&self) -> bool {
        self.negative
    }

    /// `value > 0`.
    pub(crate) fn is_positive(&self) -> bool {
        !self.negative && self.digits != "0"
    }

    /// `"%d" % abs(value)`.
    pub(crate) fn abs_text(&self) -> &str {
        &self.digits
    }

    /// The number of steps `range(abs(value))` would take, saturated: walks stop at the
    /// ends of the graph long before any saturation matters.
    pub(crate) fn magnitude(&self) -> u64 {
        self.digits.parse().unwrap_or(u64::MAX)
    }

    /// The value as a signed step count, saturated.
    pub(crate) fn steps(&self) -> i64 {
        let m = i64::try_from(self.magnitude()).unwrap_or(i64::MAX);
        if self.negative {
            -m
        } else {
            m
        }
    }
}

impl std::fmt::Display for PyInt {
    /// `str(value)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.negative {
            write!(f, "-{}", self.digits)
        } else {
            f.write_str(&self.digits)
        }
    }
}

/// Python's `str.isspace()`.
pub(crate) fn is_py_whitespace(c: char) -> bool {
    matches!(c, '\u{1c}'..='\u{1f}') || c.is_whitespace()
}

/// `\w` of Python's `re` on `str` patterns.
fn is_word(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// What `_relative_destination.match(text)` captures: the `branch@` label, the symbol
/// before the sign, and the signed number, for `r"(?:(.+?)@)?(\w+)?((?:\+|-)\d+)"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RelativeMatch {
    pub branch_label: Option<String>,
    pub symbol: Option<String>,
    pub relative: String,
}

/// `_relative_destination.match(text)`: anchored at the start, not at the end.
pub(crate) fn match_relative(text: &str) -> Option<RelativeMatch> {
    let chars: Vec<char> = text.chars().collect();
    // `(?:(.+?)@)?` is greedy-optional around a lazy group: first every label length
    // from the shortest up (`.` does not cross a newline), then no label at all.
    for (at, &c) in chars.iter().enumerate() {
        if c == '\n' {
            break;
        }
        if c == '@' && at >= 1 {
            if let Some((symbol, relative)) = match_symbol_and_number(&chars, at + 1) {
                return Some(RelativeMatch {
                    branch_label: Some(chars[..at].iter().collect()),
                    symbol,
                    relative,
                });
            }
        }
    }
    match_symbol_and_number(&chars, 0).map(|(symbol, relative)| RelativeMatch {
        branch_label: None,
        symbol,
        relative,
    })
}

/// `(\w+)?((?:\+|-)\d+)` at `start`. A shorter `\w+` is always followed by another
/// word character, never a sign, so only the longest run can succeed.
fn match_symbol_and_number(chars: &[char], start: usize) -> Option<(Option<String>, String)> {
    let mut end = start;
    while end < chars.len() && is_word(chars[end]) {
        end += 1;
    }
    let sign = *chars.get(end)?;
    if sign != '+' && sign != '-' {
        return None;
    }
    let digits: String = chars[end + 1..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if digits.is_empty() {
        return None;
    }
    let symbol = (end > start).then(|| chars[start..end].iter().collect());
    Some((symbol, format!("{sign}{digits}")))
}

pub(crate) use retort_ir::python::repr_str;

/// `"%s" % (tuple_of_strings,)`: `('a', 'b')`, `('a',)`, `()`.
pub(crate) fn tuple_str(items: &[Option<String>]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|item| item.as_deref().map_or_else(|| "None".to_owned(), repr_str))
        .collect();
    match parts.len() {
        1 => format!("({},)", parts[0]),
        _ => format!("({})", parts.join(", ")),
    }
}

/// Python's `str.splitlines()`.
pub(crate) fn splitlines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let is_break = matches!(
            c,
            '\n' | '\r'
                | '\u{0b}'
                | '\u{0c}'
                | '\u{1c}'
                | '\u{1d}'
                | '\u{1e}'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        );
        if !is_break {
            continue;
        }
        lines.push(&text[start..i]);
        let mut next = i + c.len_utf8();
        if c == '\r' {
            if let Some(&(j, '\n')) = iter.peek() {
                iter.next();
                next = j + 1;
            }
        }
        start = next;
    }
    if start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(text: &str) -> Option<(Option<String>, Option<String>, String)> {
        match_relative(text).map(|m| (m.branch_label, m.symbol, m.relative))
    }

    fn some(
        label: Option<&str>,
        symbol: Option<&str>,
        relative: &str,
    ) -> Option<(Option<String>, Option<String>, String)> {
        Some((
            label.map(str::to_owned),
            symbol.map(str::to_owned),
            relative.to_owned(),
        ))
    }

    #[test]
    fn relative_destination_matches_like_python_re() {
        // Each expectation is what CPython's re gives for the same input.
        assert_eq!(rel("-1"), some(None, None, "-1"));
        assert_eq!(rel("+2"), some(None, None, "+2"));
        assert_eq!(rel("abc+1"), some(None, Some("abc"), "+1"));
        assert_eq!(rel("core@+1"), some(Some("core"), None, "+1"));
        assert_eq!(rel("core@abc-2"), some(Some("core"), Some("abc"), "-2"));
        assert_eq!(rel("a@b@+1"), some(Some("a@b"), None, "+1"));
        assert_eq!(rel("abc+1xyz"), some(None, Some("abc"), "+1"));
        assert_eq!(rel("head"), None);
        assert_eq!(rel("@-1"), None);
        assert_eq!(rel("a-b"), None);
        assert_eq!(rel("x@"), None);
    }

    #[test]
    fn python_int() {
        assert_eq!(
            PyInt::parse(" -01 ").map(|i| i.to_string()),
            Some("-1".into())
        );
        assert_eq!(PyInt::parse("+3").map(|i| i.steps()), Some(3));
        assert_eq!(PyInt::parse("1_000").map(|i| i.steps()), Some(1000));
        assert_eq!(PyInt::parse("-0").map(|i| i.is_negative()), Some(false));
        assert!(PyInt::parse("1__0").is_none());
        assert!(PyInt::parse("abc").is_none());
        assert!(PyInt::parse("").is_none());
        assert!(PyInt::parse("-").is_none());
    }

    #[test]
    fn reprs_and_lines() {
        assert_eq!(repr_str("zzzz9999"), "'zzzz9999'");
        assert_eq!(repr_str("it's"), "\"it's\"");
        assert_eq!(tuple_str(&[Some("a".into())]), "('a',)");
        assert_eq!(tuple_str(&[Some("a".into()), None]), "('a', None)");
        assert_eq!(tuple_str(&[]), "()");
        assert_eq!(splitlines("a\n\nb\r\nc\r"), vec!["a", "", "b", "c"]);
        assert_eq!(splitlines(""), Vec::<&str>::new());
    }
}
