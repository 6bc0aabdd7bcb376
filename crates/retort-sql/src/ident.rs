//! SQLAlchemy's `IdentifierPreparer`: when and how identifiers are quoted.

use crate::Dialect;

/// Whether SQLAlchemy quotes `value`: empty, a reserved word, an illegal first
/// character (a digit or `$`), a character outside `[A-Za-z0-9_$]`, or upper case.
pub(crate) fn requires_quotes(d: &dyn Dialect, value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return true;
    };
    let lower = value.to_lowercase();
    d.reserved_words().binary_search(&lower.as_str()).is_ok()
        || first.is_ascii_digit()
        || first == '$'
        || !legal_characters(value)
        || lower != value
}

/// `LEGAL_CHARACTERS = re.compile(r"^[A-Z0-9_$]+$", re.I)`.
fn legal_characters(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// `quote_identifier`: always quoted, the quote character doubled inside.
pub(crate) fn quote_identifier(d: &dyn Dialect, value: &str) -> String {
    let q = d.quote_char();
    let mut out = String::with_capacity(value.len() + 2);
    out.push(q);
    for c in value.chars() {
        if c == q {
            out.push(q);
        }
        out.push(c);
    }
    out.push(q);
    out
}

/// `IdentifierPreparer.quote`: quoted only when needed.
pub(crate) fn quote(d: &dyn Dialect, value: &str) -> String {
    if requires_quotes(d, value) {
        quote_identifier(d, value)
    } else {
        value.to_owned()
    }
}

/// A function name as `visit_function` renders it: quoted only for illegal characters.
pub(crate) fn quote_function_name(d: &dyn Dialect, value: &str) -> String {
    if value.is_empty() || !legal_characters(value) {
        quote_identifier(d, value)
    } else {
        value.to_owned()
    }
}

/// `format_table`: `schema.table`, each part quoted as needed (the schema as one name).
pub(crate) fn table(d: &dyn Dialect, name: &str, schema: Option<&str>) -> String {
    match schema {
        Some(s) if !s.is_empty() => format!("{}.{}", quote(d, s), quote(d, name)),
        _ => quote(d, name),
    }
}

/// Alembic's `format_table_name`: like [`table`] but a dotted schema is quoted part by part.
pub(crate) fn alembic_table(d: &dyn Dialect, name: &str, schema: Option<&str>) -> String {
    match schema {
        Some(s) if !s.is_empty() => {
            let parts: Vec<String> = s.split('.').map(|p| quote(d, p)).collect();
            format!("{}.{}", parts.join("."), quote(d, name))
        }
        _ => quote(d, name),
    }
}
