//! SQL expressions from evaluated Python values, as SQLAlchemy's statement compiler
//! renders them with `literal_binds=True`: string literals, `sa.text()`, `sa.func.*`,
//! `sa.true()`, and typed literals for `bulk_insert`.

use retort_ir::{SqlType, Value};

use crate::error::{RenderError, Rendered};
use crate::ident;
use crate::types::{self, TypeView};
use crate::Dialect;

/// A Python `str` as a SQL string literal: quotes doubled, and backslashes doubled
/// where the dialect treats them as escapes (MySQL).
pub(crate) fn string_literal(d: &dyn Dialect, s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' if d.backslash_escapes() => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Python's `repr(float)` / `str(float)`: the shortest round-trip digits, in exponent
/// form below 1e-4 and from 1e16 on.
pub(crate) fn python_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0.0" } else { "0.0" }.to_owned();
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..16).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    let plain = format!("{f}");
    if plain.contains('.') {
        plain
    } else {
        format!("{plain}.0")
    }
}

/// `sa.text(sql)` compiled with no bound values: `\:` unescaped; a `:name` bind
/// parameter has nothing to render.
pub(crate) fn text(sql: &str) -> Rendered {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1) == Some(&':') {
            out.push(':');
            i += 2;
            continue;
        }
        if c == ':' {
            let prev_ok = i == 0 || !(chars[i - 1] == ':' || is_word(chars[i - 1]));
            let mut j = i + 1;
            while j < chars.len() && is_word(chars[j]) {
                j += 1;
            }
            if prev_ok && j > i + 1 && chars.get(j) != Some(&':') {
                let name: String = chars[i + 1..j].iter().collect();
                return Err(RenderError::compile(format!(
                    "Bind parameter '{name}' without a renderable value not allowed here."
                )));
            }
        }
        out.push(c);
        i += 1;
    }
    Ok(out)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `render_default_string`: a server default (`server_default="x"`, `sa.text(...)`,
/// `sa.func.now()`).
pub(crate) fn server_default(d: &dyn Dialect, v: &Value) -> Rendered {
    match v {
        Value::Str(s) => Ok(string_literal(d, s)),
        Value::Text(_) | Value::Func { .. } | Value::Keyword(_) | Value::InlineLiteral(_) => {
            expression(d, v)
        }
        Value::Unknown(src) => Err(RenderError::unknown(format!(
            "the server default `{src}` is not known statically"
        ))),
        other => Err(RenderError::new(
            crate::ErrorKind::Argument,
            format!(
                "Argument 'arg' is expected to be one of type '<class 'str'>' or \
                 '<class 'sqlalchemy.sql.expression.ClauseElement'>' or \
                 '<class 'sqlalchemy.sql.expression.TextClause'>', got '{}'",
                python_type_name(other)
            ),
        )),
    }
}

fn python_type_name(v: &Value) -> &'static str {
    match v {
        Value::None => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Int(_) => "<class 'int'>",
        Value::Float(_) => "<class 'float'>",
        Value::Str(_) => "<class 'str'>",
        Value::List(_) => "<class 'list'>",
        Value::Dict(_) => "<class 'dict'>",
        _ => "<class 'object'>",
    }
}

/// A value used as a SQL expression with literal binds: a plain Python value becomes a
/// literal of the type SQLAlchemy infers from it.
pub(crate) fn expression(d: &dyn Dialect, v: &Value) -> Rendered {
    match v {
        Value::None => Ok("NULL".to_owned()),
        Value::Bool(b) => Ok(d.boolean_literal(*b).to_owned()),
        Value::Int(i) => Ok(i.to_string()),
        Value::Float(f) => Ok(python_float(*f)),
        Value::Str(s) => Ok(string_literal(d, s)),
        Value::Text(sql) => text(sql),
        Value::Func { name, args } => function(d, name, args),
        Value::Keyword(k) => match k.to_ascii_lowercase().as_str() {
            "true" => Ok(d.boolean_literal(true).to_owned()),
            "false" => Ok(d.boolean_literal(false).to_owned()),
            "null" => Ok("NULL".to_owned()),
            other => Ok(other.to_uppercase()),
        },
        Value::InlineLiteral(inner) => expression(d, inner),
        Value::Unknown(src) => Err(RenderError::unknown(format!(
            "`{src}` is not known statically"
        ))),
        Value::List(_) | Value::Dict(_) | Value::Type(_) => Err(RenderError::unknown(
            "a list, dict or type cannot be rendered as a SQL expression",
        )),
    }
}

/// SQLAlchemy's ANSI functions: rendered upper case, without parentheses when called
/// without arguments (`FUNCTIONS` in `sql/compiler.py`).
const ANSI_FUNCTIONS: &[(&str, &str)] = &[
    ("coalesce", "coalesce"),
    ("current_date", "CURRENT_DATE"),
    ("current_time", "CURRENT_TIME"),
    ("current_timestamp", "CURRENT_TIMESTAMP"),
    ("current_user", "CURRENT_USER"),
    ("localtime", "LOCALTIME"),
    ("localtimestamp", "LOCALTIMESTAMP"),
    ("random", "random"),
    ("sysdate", "sysdate"),
    ("session_user", "SESSION_USER"),
    ("user", "USER"),
    ("cube", "CUBE"),
    ("rollup", "ROLLUP"),
    ("grouping_sets", "GROUPING SETS"),
];

/// Functions SQLAlchemy registers by (case-insensitive) name; the instance keeps the
/// registered, lower-case name.
const REGISTERED: &[&str] = &[
    "aggregate_strings",
    "array_agg",
    "char_length",
    "coalesce",
    "concat",
    "count",
    "cube",
    "cume_dist",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "dense_rank",
    "grouping_sets",
    "localtime",
    "localtimestamp",
    "max",
    "min",
    "mode",
    "now",
    "percent_rank",
    "percentile_cont",
    "percentile_disc",
    "pow",
    "random",
    "rank",
    "rollup",
    "session_user",
    "sum",
    "sysdate",
    "user",
];

/// `sa.func.<name>(*args)` as `visit_function` renders it.
pub(crate) fn function(d: &dyn Dialect, name: &str, args: &[Value]) -> Rendered {
    let lower = name.to_lowercase();
    let registered = REGISTERED.contains(&lower.as_str());
    let name = if registered { lower.as_str() } else { name };
    let rendered_args = args
        .iter()
        .map(|a| expression(d, a))
        .collect::<Rendered<Vec<_>>>()?;
    if let Some(special) = d.function_override(name, &rendered_args) {
        return Ok(special);
    }
    if registered && name == "count" && args.is_empty() {
        return Ok("count(*)".to_owned());
    }
    let argspec = format!("({})", rendered_args.join(", "));
    if registered {
        if let Some((_, ansi)) = ANSI_FUNCTIONS.iter().find(|(n, _)| *n == name) {
            return Ok(if args.is_empty() {
                (*ansi).to_owned()
            } else {
                format!("{ansi}{argspec}")
            });
        }
    }
    let mut parts: Vec<String> = Vec::new();
    let mut tokens: Vec<&str> = name.split('.').collect();
    let last = tokens.pop().unwrap_or("");
    for package in tokens {
        parts.push(ident::quote_function_name(d, package));
    }
    parts.push(format!("{}{argspec}", ident::quote_function_name(d, last)));
    Ok(parts.join("."))
}

/// A value rendered as a literal of a column's type (`bulk_insert` with
/// `literal_binds`): `render_literal_value(value, type_)`.
pub(crate) fn typed_literal(d: &dyn Dialect, v: &Value, ty: Option<&SqlType>) -> Rendered {
    let v = match v {
        Value::InlineLiteral(inner) => inner.as_ref(),
        other => other,
    };
    match v {
        Value::None => return Ok("NULL".to_owned()),
        Value::Text(_) | Value::Func { .. } | Value::Keyword(_) => return expression(d, v),
        Value::Unknown(src) => {
            return Err(RenderError::unknown(format!(
                "`{src}` is not known statically"
            )))
        }
        _ => {}
    }
    let Some(ty) = ty else {
        return Err(not_renderable(v, "NULL"));
    };
    let view = TypeView::resolve(d, ty);
    let Some(view) = view else {
        return Err(RenderError::unknown(format!(
            "the type `{}` is not known statically",
            ty.name
        )));
    };
    let display = view.display();
    let fail = || could_not_render(v, &display);
    match (view.literal_family(), v) {
        (types::LiteralFamily::String, Value::Str(s)) => Ok(string_literal(d, s)),
        (types::LiteralFamily::String, _) => Err(fail()),
        (types::LiteralFamily::Enum(labels), Value::Str(s)) if labels.iter().any(|l| l == s) => {
            Ok(string_literal(d, s))
        }
        (types::LiteralFamily::Enum(_), _) => Err(fail()),
        (types::LiteralFamily::Integer, Value::Int(i)) => Ok(i.to_string()),
        (types::LiteralFamily::Integer, Value::Bool(b)) => Ok(i64::from(*b).to_string()),
        (types::LiteralFamily::Integer, Value::Float(f)) if f.is_finite() => {
            Ok((f.trunc() as i64).to_string())
        }
        (types::LiteralFamily::Integer, Value::Str(s)) => s
            .trim()
            .parse::<i64>()
            .map(|i| i.to_string())
            .map_err(|_| fail()),
        (types::LiteralFamily::Integer, _) => Err(fail()),
        (types::LiteralFamily::Numeric, Value::Int(i)) => Ok(i.to_string()),
        (types::LiteralFamily::Numeric, Value::Float(f)) => Ok(python_float(*f)),
        (types::LiteralFamily::Numeric, Value::Bool(b)) => {
            Ok(if *b { "True" } else { "False" }.to_owned())
        }
        (types::LiteralFamily::Numeric, _) => Err(fail()),
        (types::LiteralFamily::Boolean, Value::Bool(b)) => Ok(d.boolean_literal(*b).to_owned()),
        (types::LiteralFamily::Boolean, Value::Int(i)) if *i == 0 || *i == 1 => {
            Ok(d.boolean_literal(*i == 1).to_owned())
        }
        (types::LiteralFamily::Boolean, _) | (types::LiteralFamily::Failing, _) => Err(fail()),
        (types::LiteralFamily::None, _) => Err(not_renderable(v, &display)),
    }
}

fn could_not_render(v: &Value, type_name: &str) -> RenderError {
    RenderError::compile(format!(
        "Could not render literal value \"{}\" with datatype {type_name}; see parent stack trace for more detail.",
        repr_single_value(v)
    ))
}

/// `sql_util._repr_single_value`: the repr, its middle cut beyond 300 characters.
fn repr_single_value(v: &Value) -> String {
    let rep: Vec<char> = python_repr(v).chars().collect();
    const MAX: usize = 300;
    if rep.len() <= MAX {
        return rep.into_iter().collect();
    }
    let half = MAX / 2;
    format!(
        "{} ... ({} characters truncated) ... {}",
        rep[..half].iter().collect::<String>(),
        rep.len() - MAX,
        rep[rep.len() - half..].iter().collect::<String>()
    )
}

fn not_renderable(v: &Value, type_name: &str) -> RenderError {
    RenderError::compile(format!(
        "No literal value renderer is available for literal value \"{}\" with datatype {type_name}",
        repr_single_value(v)
    ))
}

/// Python's `repr()` of a plain value, for messages.
pub(crate) fn python_repr(v: &Value) -> String {
    match v {
        Value::None => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => python_float(*f),
        Value::Str(s) => python_str_repr(s),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(python_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Dict(items) => format!(
            "{{{}}}",
            items
                .iter()
                .map(|(k, v)| format!("{}: {}", python_repr(k), python_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Unknown(src) => src.clone(),
        other => format!("{other:?}"),
    }
}

/// Python's `repr(str)` (shared with the rest of Retort).
pub(crate) fn python_str_repr(s: &str) -> String {
    retort_ir::python::repr_str(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_python() {
        for (f, s) in [
            (1.5, "1.5"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-2.5e-7, "-2.5e-07"),
        ] {
            assert_eq!(python_float(f), s);
        }
    }

    #[test]
    fn text_rejects_bind_parameters() {
        assert_eq!(text("now()::date").as_deref(), Ok("now()::date"));
        assert_eq!(text("a \\:b").as_deref(), Ok("a :b"));
        assert!(text("x = :y").is_err());
        assert_eq!(text("'a:b'").as_deref(), Ok("'a:b'"));
    }
}
