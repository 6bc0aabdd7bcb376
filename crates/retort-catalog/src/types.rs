//! SQLAlchemy types: normalised for comparison and printed the way `repr()` prints them.

use retort_ir::{SqlType, TypeDialect, Value};

/// A constructor parameter of a known type, with its default when it has a simple one.
struct Param {
    name: &'static str,
    default: Option<Default>,
}

#[derive(Clone, Copy)]
enum Default {
    None,
    Bool(bool),
}

const fn p(name: &'static str) -> Param {
    Param {
        name,
        default: Some(Default::None),
    }
}

const fn b(name: &'static str, value: bool) -> Param {
    Param {
        name,
        default: Some(Default::Bool(value)),
    }
}

const fn req(name: &'static str) -> Param {
    Param {
        name,
        default: None,
    }
}

const STRING: &[Param] = &[p("length"), p("collation")];
const BINARY: &[Param] = &[p("length")];
const NUMERIC: &[Param] = &[
    p("precision"),
    p("scale"),
    p("decimal_return_scale"),
    b("asdecimal", true),
];
const FLOAT: &[Param] = &[
    p("precision"),
    b("asdecimal", false),
    p("decimal_return_scale"),
];
const DATETIME: &[Param] = &[b("timezone", false)];
const INTERVAL: &[Param] = &[b("native", true), p("second_precision"), p("day_precision")];
const BOOLEAN: &[Param] = &[b("create_constraint", false), p("name")];
const ARRAY: &[Param] = &[
    req("item_type"),
    b("as_tuple", false),
    p("dimensions"),
    b("zero_indexes", false),
];
const UUID: &[Param] = &[b("as_uuid", true), b("native_uuid", true)];
const JSON: &[Param] = &[b("none_as_null", false)];
const PG_TIME: &[Param] = &[b("timezone", false), p("precision")];
const PG_JSONB: &[Param] = &[b("none_as_null", false), p("astext_type")];
const PG_INTERVAL: &[Param] = &[p("precision"), p("fields")];
const PG_BIT: &[Param] = &[p("length"), b("varying", false)];
const MY_INTEGER: &[Param] = &[p("display_width")];
const MY_NUMERIC: &[Param] = &[p("precision"), p("scale")];
const MY_TIME: &[Param] = &[b("timezone", false), p("fsp")];
const NONE: &[Param] = &[];

/// The positional parameters of `type_`'s constructor, when Retort knows them. `None`
/// for types taking `*args` (`Enum`) or unknown ones: their arguments stay as written.
fn signature(type_: &SqlType) -> Option<&'static [Param]> {
    let name = type_.name.as_str();
    match &type_.dialect {
        TypeDialect::Postgresql => match name {
            "TIMESTAMP" | "TIME" => return Some(PG_TIME),
            "JSONB" | "JSON" => return Some(PG_JSONB),
            "INTERVAL" => return Some(PG_INTERVAL),
            "BIT" => return Some(PG_BIT),
            "UUID" => return Some(&UUID[..1]),
            "ENUM" => return None,
            _ => {}
        },
        TypeDialect::Mysql => match name {
            "INTEGER" | "BIGINT" | "SMALLINT" | "TINYINT" | "MEDIUMINT" => return Some(MY_INTEGER),
            "DECIMAL" | "NUMERIC" | "FLOAT" | "DOUBLE" | "REAL" => return Some(MY_NUMERIC),
            "DATETIME" | "TIMESTAMP" | "TIME" => return Some(MY_TIME),
            "ENUM" | "SET" => return None,
            _ => {}
        },
        TypeDialect::Custom(_) => return None,
        TypeDialect::Generic | TypeDialect::Sqlite => {}
    }
    Some(match name {
        "String" | "Text" | "Unicode" | "UnicodeText" | "VARCHAR" | "CHAR" | "NVARCHAR"
        | "NCHAR" | "TEXT" | "CLOB" => STRING,
        "LargeBinary" | "BINARY" | "VARBINARY" | "BLOB" => BINARY,
        "Numeric" | "NUMERIC" | "DECIMAL" => NUMERIC,
        "Float" | "FLOAT" | "REAL" | "Double" | "DOUBLE" | "DOUBLE_PRECISION" => FLOAT,
        "DateTime" | "DATETIME" | "TIMESTAMP" | "Time" | "TIME" => DATETIME,
        "Interval" => INTERVAL,
        "Boolean" | "BOOLEAN" => BOOLEAN,
        "ARRAY" => ARRAY,
        "Uuid" => UUID,
        "UUID" => &UUID[..1],
        "JSON" => JSON,
        "Integer" | "INTEGER" | "INT" | "BigInteger" | "BIGINT" | "SmallInteger" | "SMALLINT"
        | "Date" | "DATE" => NONE,
        _ => return None,
    })
}

fn is_default(value: &Value, default: Default) -> bool {
    match default {
        Default::None => matches!(value, Value::None),
        Default::Bool(b) => value.as_bool() == Some(b),
    }
}

/// `type_` with positional arguments of known constructors turned into keywords,
/// keywords equal to their default dropped, and nested types normalised too, so that
/// `String(50)` and `String(length=50)` compare equal, as SQLAlchemy's objects do.
pub(crate) fn normalize(type_: &SqlType) -> SqlType {
    let mut args: Vec<Value> = type_.args.iter().map(normalize_value).collect();
    let mut kwargs: Vec<(String, Value)> = type_
        .kwargs
        .iter()
        .map(|(k, v)| (k.clone(), normalize_value(v)))
        .collect();
    if let Some(params) = signature(type_) {
        if args.len() <= params.len() {
            let positional = std::mem::take(&mut args);
            let mut named: Vec<(String, Value)> = Vec::new();
            for (param, value) in params.iter().zip(positional) {
                named.push((param.name.to_owned(), value));
            }
            // Keywords follow the signature order, unknown ones after in source order.
            for (k, v) in kwargs.drain(..) {
                if !named.iter().any(|(n, _)| *n == k) {
                    named.push((k, v));
                }
            }
            let rank = |k: &str| {
                params
                    .iter()
                    .position(|p| p.name == k)
                    .unwrap_or(params.len())
            };
            named.sort_by_key(|(k, _)| rank(k));
            named.retain(|(k, v)| {
                !params
                    .iter()
                    .any(|p| p.name == k && p.default.is_some_and(|d| is_default(v, d)))
            });
            // Required parameters print positionally in `repr()`; keep them there.
            for param in params.iter().filter(|p| p.default.is_none()) {
                if let Some(at) = named.iter().position(|(k, _)| k == param.name) {
                    args.push(named.remove(at).1);
                }
            }
            kwargs = named;
        }
    }
    SqlType {
        name: type_.name.clone(),
        dialect: type_.dialect.clone(),
        args,
        kwargs,
        variants: type_
            .variants
            .iter()
            .map(|(d, t)| (d.clone(), normalize(t)))
            .collect(),
    }
}

fn normalize_value(value: &Value) -> Value {
    match value {
        Value::Type(t) => Value::Type(Box::new(normalize(t))),
        Value::List(items) => Value::List(items.iter().map(normalize_value).collect()),
        other => other.clone(),
    }
}

/// `repr(type_)`, with the dialect module as a prefix (`postgresql.JSONB()`), as
/// SQLAlchemy and Alembic's autogenerate print types: `String(length=50)`,
/// `Numeric(precision=10, scale=2)`, `Enum('a', 'b', name='x')`.
pub fn type_repr(type_: &SqlType) -> String {
    let mut out = match &type_.dialect {
        TypeDialect::Generic => String::new(),
        TypeDialect::Postgresql => "postgresql.".to_owned(),
        TypeDialect::Mysql => "mysql.".to_owned(),
        TypeDialect::Sqlite => "sqlite.".to_owned(),
        TypeDialect::Custom(path) => {
            if path.rsplit('.').next() == Some(type_.name.as_str()) {
                path.strip_suffix(type_.name.as_str())
                    .unwrap_or("")
                    .to_owned()
            } else {
                format!("{path}.")
            }
        }
    };
    out.push_str(&type_.name);
    out.push('(');
    let parts: Vec<String> = type_
        .args
        .iter()
        .map(value_repr)
        .chain(
            type_
                .kwargs
                .iter()
                .map(|(k, v)| format!("{k}={}", value_repr(v))),
        )
        .collect();
    out.push_str(&parts.join(", "));
    out.push(')');
    for (dialect, variant) in &type_.variants {
        out.push_str(&format!(
            ".with_variant({}, {})",
            type_repr(variant),
            str_repr(dialect)
        ));
    }
    out
}

/// A Python-ish `repr()` of an evaluated value.
pub fn value_repr(value: &Value) -> String {
    match value {
        Value::None => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => {
            if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e16 {
                format!("{f:.1}")
            } else {
                format!("{f}")
            }
        }
        Value::Str(s) => str_repr(s),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(value_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Dict(items) => format!(
            "{{{}}}",
            items
                .iter()
                .map(|(k, v)| format!("{}: {}", value_repr(k), value_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Type(t) => type_repr(t),
        Value::Text(s) => format!("text({})", str_repr(s)),
        Value::Func { name, args } => format!(
            "func.{name}({})",
            args.iter().map(value_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Keyword(k) => format!("{}()", k.to_lowercase()),
        Value::InlineLiteral(v) => format!("inline_literal({})", value_repr(v)),
        Value::Unknown(s) => s.clone(),
    }
}

pub(crate) use retort_ir::python::repr_str as str_repr;

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(name: &str, args: Vec<Value>, kwargs: Vec<(&str, Value)>) -> SqlType {
        SqlType {
            args,
            kwargs: kwargs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
            ..SqlType::generic(name)
        }
    }

    #[test]
    fn normalises_and_prints() {
        let check = |t: SqlType, expect: &str| assert_eq!(type_repr(&normalize(&t)), expect);
        check(
            ty("String", vec![Value::Int(50)], vec![]),
            "String(length=50)",
        );
        check(
            ty("String", vec![], vec![("length", Value::Int(50))]),
            "String(length=50)",
        );
        check(ty("Integer", vec![], vec![]), "Integer()");
        check(
            ty("Numeric", vec![Value::Int(10), Value::Int(2)], vec![]),
            "Numeric(precision=10, scale=2)",
        );
        check(
            ty("DateTime", vec![], vec![("timezone", Value::Bool(false))]),
            "DateTime()",
        );
        check(
            ty(
                "Enum",
                vec![Value::Str("a".into()), Value::Str("it's".into())],
                vec![("name", Value::Str("x".into()))],
            ),
            "Enum('a', \"it's\", name='x')",
        );
        check(
            ty(
                "ARRAY",
                vec![Value::Type(Box::new(ty(
                    "String",
                    vec![Value::Int(3)],
                    vec![],
                )))],
                vec![],
            ),
            "ARRAY(String(length=3))",
        );
        let mut jsonb = ty("JSONB", vec![], vec![]);
        jsonb.dialect = TypeDialect::Postgresql;
        let mut json = ty("JSON", vec![], vec![]);
        json.variants = vec![("postgresql".into(), jsonb)];
        check(
            json,
            "JSON().with_variant(postgresql.JSONB(), 'postgresql')",
        );
        let mut custom = ty("GUID", vec![], vec![]);
        custom.dialect = TypeDialect::Custom("app.types.GUID".into());
        check(custom, "app.types.GUID()");
        check(
            ty(
                "String",
                vec![Value::Int(1), Value::Int(2), Value::Int(3)],
                vec![],
            ),
            "String(1, 2, 3)",
        );
    }
}
