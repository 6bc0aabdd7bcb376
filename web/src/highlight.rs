//! Python tokens for highlighting, on the main thread so that colours follow
//! typing at once (the worker's answer comes only after a pause).
//!
//! A small tokenizer rather than ruff's lexer: see ARCHITECTURE.md (web) for
//! the size measurement behind that choice. It only colours; it never decides
//! anything the analysis reports.

/// What a run of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Keyword,
    /// `True`, `False`, `None`, `self`.
    Constant,
    Builtin,
    String,
    Number,
    Comment,
    Decorator,
    /// The name after `def` or `class`.
    Definition,
    /// A name followed by `(`.
    Call,
    Operator,
}

impl Kind {
    /// The CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Kind::Keyword => "tk-kw",
            Kind::Constant => "tk-const",
            Kind::Builtin => "tk-builtin",
            Kind::String => "tk-str",
            Kind::Number => "tk-num",
            Kind::Comment => "tk-comment",
            Kind::Decorator => "tk-deco",
            Kind::Definition => "tk-def",
            Kind::Call => "tk-call",
            Kind::Operator => "tk-op",
        }
    }
}

/// A coloured run: byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

const KEYWORDS: &[&str] = &[
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match",
    "case",
];
const CONSTANTS: &[&str] = &["True", "False", "None", "self", "cls"];
const BUILTINS: &[&str] = &[
    "print",
    "len",
    "str",
    "int",
    "float",
    "bool",
    "list",
    "dict",
    "set",
    "tuple",
    "range",
    "isinstance",
    "super",
    "open",
    "repr",
    "type",
    "Union",
    "Sequence",
    "Optional",
];

/// The coloured runs of `text`, in order; what is not covered is plain.
pub fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut after_def = false;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                out.push(Token {
                    start,
                    end: i,
                    kind: Kind::Comment,
                });
            }
            b'\'' | b'"' => {
                i = string_end(bytes, i);
                out.push(Token {
                    start,
                    end: i,
                    kind: Kind::String,
                });
            }
            b'0'..=b'9' => {
                i = number_end(bytes, i);
                out.push(Token {
                    start,
                    end: i,
                    kind: Kind::Number,
                });
            }
            b'.' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i = number_end(bytes, i + 1);
                out.push(Token {
                    start,
                    end: i,
                    kind: Kind::Number,
                });
            }
            b'@' if line_prefix_is_blank(bytes, i) => {
                i += 1;
                while i < bytes.len() && (is_name_byte(bytes[i]) || bytes[i] == b'.') {
                    i += 1;
                }
                out.push(Token {
                    start,
                    end: i,
                    kind: Kind::Decorator,
                });
            }
            _ if is_name_start(text, i) => {
                while i < bytes.len() && is_name_byte(bytes[i]) {
                    i += 1;
                }
                let word = &text[start..i];
                // String prefixes: r"…", b'…', f"…", rb"…", …
                if word.len() <= 2
                    && word.chars().all(|c| "rRbBuUfFtT".contains(c))
                    && matches!(bytes.get(i), Some(b'\'' | b'"'))
                {
                    i = string_end(bytes, i);
                    out.push(Token {
                        start,
                        end: i,
                        kind: Kind::String,
                    });
                    continue;
                }
                let kind = if after_def {
                    Some(Kind::Definition)
                } else if KEYWORDS.contains(&word) {
                    Some(Kind::Keyword)
                } else if CONSTANTS.contains(&word) {
                    Some(Kind::Constant)
                } else if next_non_space(bytes, i) == Some(b'(') {
                    Some(if BUILTINS.contains(&word) {
                        Kind::Builtin
                    } else {
                        Kind::Call
                    })
                } else if BUILTINS.contains(&word) {
                    Some(Kind::Builtin)
                } else {
                    None
                };
                after_def = matches!(word, "def" | "class");
                if let Some(kind) = kind {
                    out.push(Token {
                        start,
                        end: i,
                        kind,
                    });
                }
                continue;
            }
            b'=' | b'+' | b'-' | b'*' | b'/' | b'%' | b'<' | b'>' | b'!' | b'&' | b'|' | b'^'
            | b'~' | b'@' => {
                i += 1;
                out.push(Token {
                    start,
                    end: i,
                    kind: Kind::Operator,
                });
            }
            _ => {
                // Skip a whole character (text is UTF-8).
                i += utf8_len(c);
                if !c.is_ascii_whitespace() {
                    after_def = false;
                }
            }
        }
    }
    out
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

fn is_name_start(text: &str, i: usize) -> bool {
    text[i..]
        .chars()
        .next()
        .is_some_and(|c| c == '_' || c.is_alphabetic())
}

fn is_name_byte(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80
}

fn next_non_space(bytes: &[u8], mut i: usize) -> Option<u8> {
    while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
        i += 1;
    }
    bytes.get(i).copied()
}

fn line_prefix_is_blank(bytes: &[u8], i: usize) -> bool {
    bytes[..i]
        .iter()
        .rev()
        .take_while(|&&b| b != b'\n' && b != b'\r')
        .all(|&b| b == b' ' || b == b'\t')
}

/// The end of the string literal whose quote is at `i`: its closing quote, or
/// the line's end for an unterminated one-line string, or the text's end.
fn string_end(bytes: &[u8], i: usize) -> usize {
    let quote = bytes[i];
    let triple = bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote);
    let mut j = if triple { i + 3 } else { i + 1 };
    while j < bytes.len() {
        let b = bytes[j];
        if b == b'\\' {
            // Even in a raw string a backslash keeps the quote after it.
            j += 2;
            continue;
        }
        if !triple && (b == b'\n' || b == b'\r') {
            return j;
        }
        if b == quote {
            if !triple {
                return j + 1;
            }
            if bytes.get(j + 1) == Some(&quote) && bytes.get(j + 2) == Some(&quote) {
                return j + 3;
            }
        }
        j += 1;
    }
    bytes.len()
}

fn number_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        let b = bytes[i];
        let exponent_sign = (b == b'+' || b == b'-')
            && i > 0
            && matches!(bytes[i - 1], b'e' | b'E')
            && !matches!(bytes.get(i.wrapping_sub(2)), Some(b'x' | b'X'));
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || exponent_sign {
            i += 1;
        } else {
            break;
        }
    }
    i
}
