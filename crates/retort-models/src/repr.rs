//! Python `repr()` and source rendering of the values autogenerate prints.

use retort_catalog::{type_repr, value_repr};
use retort_ir::{SqlType, TypeDialect, Value};

/// Python's `repr()` of a `str`.
pub(crate) fn py_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr()` of a tuple of strings: `('a',)`, `('a', 'b')`, `()`.
pub(crate) fn py_tuple(items: &[String]) -> String {
    match items {
        [] => "()".to_owned(),
        [one] => format!("({},)", py_str(one)),
        many => format!(
            "({})",
            many.iter()
                .map(|s| py_str(s))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Python's `repr()` of a list of strings.
pub(crate) fn py_list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| py_str(s))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// A value's `repr()`.
pub(crate) fn value_py_repr(value: &Value) -> String {
    value_repr(value)
}

/// `repr(type_)` as SQLAlchemy prints it: the class name and its non-default arguments,
/// no module (`VARCHAR(length=50)`, `Enum('a', 'b', name='x')`).
pub fn type_py_repr(t: &SqlType) -> String {
    let bare = SqlType {
        dialect: TypeDialect::Generic,
        variants: Vec::new(),
        ..t.clone()
    };
    let mut out = type_repr(&bare);
    for (dialect, variant) in &t.variants {
        out.push_str(&format!(
            ".with_variant({}, {})",
            type_py_repr(variant),
            py_str(dialect)
        ));
    }
    out
}

/// Autogenerate's `_repr_type`: `sa.String(length=50)`, `postgresql.JSONB()`,
/// `app.types.GUID()`; dialect modules are added to `imports`.
pub(crate) fn render_type(t: &SqlType, imports: &mut Vec<String>) -> String {
    let base = render_type_without_variants(t, imports);
    let mut variants: Vec<&(String, SqlType)> = t.variants.iter().collect();
    variants.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = base;
    for (dialect, variant) in variants {
        out.push_str(&format!(
            ".with_variant({}, {})",
            render_type_without_variants(variant, imports),
            py_str(dialect)
        ));
    }
    out
}

fn render_type_without_variants(t: &SqlType, imports: &mut Vec<String>) -> String {
    let repr = render_args(t, imports);
    let dialect_module = |name: &str, imports: &mut Vec<String>| {
        let line = format!("from sqlalchemy.dialects import {name}");
        if !imports.contains(&line) {
            imports.push(line);
        }
        format!("{name}.{repr}")
    };
    match &t.dialect {
        TypeDialect::Generic => format!("sa.{repr}"),
        TypeDialect::Postgresql => dialect_module("postgresql", imports),
        TypeDialect::Mysql => dialect_module("mysql", imports),
        TypeDialect::Sqlite => dialect_module("sqlite", imports),
        TypeDialect::Custom(path) => match path.strip_prefix("sqlalchemy.dialects.") {
            Some(rest) => {
                let module = rest.split('.').next().unwrap_or(rest).to_owned();
                dialect_module(&module, imports)
            }
            None => {
                let module = path
                    .strip_suffix(t.name.as_str())
                    .map(|m| m.trim_end_matches('.'))
                    .filter(|m| !m.is_empty())
                    .unwrap_or(path.as_str());
                if module == path.as_str() && !path.contains('.') {
                    repr
                } else {
                    format!("{module}.{repr}")
                }
            }
        },
    }
}

/// `Name(args)` with nested types rendered as source (`sa.ARRAY(sa.Integer())`).
fn render_args(t: &SqlType, imports: &mut Vec<String>) -> String {
    let arg = |v: &Value, imports: &mut Vec<String>| match v {
        Value::Type(inner) => render_type(inner, imports),
        other => value_repr(other),
    };
    let mut parts: Vec<String> = t.args.iter().map(|a| arg(a, imports)).collect();
    for (k, v) in &t.kwargs {
        parts.push(format!("{k}={}", arg(v, imports)));
    }
    format!("{}({})", t.name, parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs() {
        assert_eq!(py_str("it's"), "\"it's\"");
        assert_eq!(py_tuple(&["body".to_owned()]), "('body',)");
        let mut t = SqlType::generic("VARCHAR");
        t.kwargs.push(("length".to_owned(), Value::Int(50)));
        assert_eq!(type_py_repr(&t), "VARCHAR(length=50)");
        let mut imports = Vec::new();
        assert_eq!(render_type(&t, &mut imports), "sa.VARCHAR(length=50)");
        let mut auto = SqlType::generic("AutoString");
        auto.dialect = TypeDialect::Custom("sqlmodel.sql.sqltypes.AutoString".to_owned());
        assert_eq!(
            render_type(&auto, &mut imports),
            "sqlmodel.sql.sqltypes.AutoString()"
        );
        assert_eq!(type_py_repr(&auto), "AutoString()");
        assert!(imports.is_empty());
    }
}
