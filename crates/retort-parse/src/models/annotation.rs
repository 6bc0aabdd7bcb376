//! Python type annotations of mapped attributes, and the SQLAlchemy type each one
//! resolves to, as `registry._resolve_type` does: the registry's
//! `type_annotation_map` first, then SQLAlchemy's default map.

use retort_ir::{Column, SqlType, Value};

use super::SqlAlchemyVersion;

/// A Python type annotation, as far as it can be known statically. `Mapped[...]` is
/// already stripped.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ann {
    /// `Optional[T]`, `T | None`, `Union[T, None]`.
    Optional(Box<Ann>),
    /// A Python class by its canonical dotted path: `builtins.int`, `datetime.datetime`,
    /// `decimal.Decimal`, `uuid.UUID`, or a third-party one.
    Python(String),
    /// An `enum.Enum` subclass of the file, with its member names.
    Enum {
        /// Class name.
        name: String,
        /// Member names, in order.
        members: Vec<String>,
    },
    /// `Literal["a", "b"]`.
    Literal(Vec<String>),
    /// `Annotated[T, extras...]`, written inline or through an alias.
    Annotated {
        /// Structural key, equal for equal `Annotated` objects (map lookups).
        key: String,
        /// `T`.
        inner: Box<Ann>,
        /// The extras' source text (nested `Annotated` flatten into one list).
        extras: Vec<String>,
        /// A `mapped_column(...)` among the extras, merged into the attribute's.
        column: Option<Box<Column>>,
    },
    /// `list[...]`, `set[...]`, a mapped class: what `relationship()` maps.
    Relationship(String),
    /// A union of several non-`None` types (SQLAlchemy needs it in the type map).
    Union(Vec<Ann>),
    /// Something Retort cannot resolve; the source text.
    Unknown(String),
}

impl Ann {
    /// The key this annotation has in a `type_annotation_map` (Python hashing equality).
    pub(crate) fn key(&self) -> String {
        match self {
            Ann::Optional(inner) => format!("typing.Optional[{}]", inner.key()),
            Ann::Python(path) => path.clone(),
            Ann::Enum { name, .. } => format!("class:{name}"),
            Ann::Literal(values) => format!("typing.Literal[{}]", values.join(", ")),
            Ann::Annotated { key, .. } => key.clone(),
            Ann::Relationship(text) | Ann::Unknown(text) => text.clone(),
            Ann::Union(items) => format!(
                "typing.Union[{}]",
                items.iter().map(Ann::key).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

/// What an annotation resolves to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolved {
    /// The SQLAlchemy type, when one was found.
    pub type_: Option<SqlType>,
    /// The annotation says `None` is allowed.
    pub optional: bool,
    /// `mapped_column()` arguments carried by an `Annotated` alias.
    pub column: Option<Column>,
    /// Why no type was found (for a diagnostic).
    pub unresolved: Option<String>,
    /// The annotation is a relationship's (a collection or a mapped class).
    pub relationship: bool,
}

/// SQLAlchemy's default `_type_map` (`sqlalchemy/sql/sqltypes.py`).
fn default_type(path: &str, version: SqlAlchemyVersion) -> Option<SqlType> {
    let name = match path {
        "builtins.int" => "Integer",
        "builtins.float" => match version {
            SqlAlchemyVersion::V2_0 => "Float",
            SqlAlchemyVersion::V2_1 => "Double",
        },
        "builtins.bool" => "Boolean",
        "uuid.UUID" => "Uuid",
        "decimal.Decimal" => "Numeric",
        "datetime.date" => "Date",
        "datetime.datetime" => "DateTime",
        "datetime.time" => "Time",
        "datetime.timedelta" => "Interval",
        "builtins.bytes" => "LargeBinary",
        "builtins.str" => "String",
        _ => return None,
    };
    Some(SqlType::generic(name))
}

/// `Enum(PythonEnumClass)`: labels are the member names, the type name the class
/// name lowercased; `template` carries settings from a type map entry (`native_enum=`).
pub(crate) fn enum_type(name: &str, members: &[String], template: Option<&SqlType>) -> SqlType {
    let mut t = SqlType::generic("Enum");
    t.args = members.iter().map(|m| Value::Str(m.clone())).collect();
    t.kwargs
        .push(("name".to_owned(), Value::Str(name.to_lowercase())));
    if let Some(template) = template {
        for (k, v) in &template.kwargs {
            if k != "name" && !t.kwargs.iter().any(|(have, _)| have == k) {
                t.kwargs.push((k.clone(), v.clone()));
            }
        }
        t.dialect = template.dialect.clone();
        t.name = template.name.clone();
    }
    t
}

/// `Enum` for `Literal["a", "b"]`: non-native, unnamed.
fn literal_type(values: &[String]) -> SqlType {
    let mut t = SqlType::generic("Enum");
    t.args = values.iter().map(|v| Value::Str(v.clone())).collect();
    t.kwargs
        .push(("native_enum".to_owned(), Value::Bool(false)));
    t
}

/// Resolves an annotation against a registry's `type_annotation_map`.
pub(crate) fn resolve(
    ann: &Ann,
    type_map: &[(String, SqlType)],
    version: SqlAlchemyVersion,
) -> Resolved {
    let mut out = Resolved::default();
    resolve_into(ann, type_map, version, &mut out);
    out
}

fn lookup<'m>(type_map: &'m [(String, SqlType)], key: &str) -> Option<&'m SqlType> {
    type_map.iter().find(|(k, _)| k == key).map(|(_, t)| t)
}

fn resolve_into(
    ann: &Ann,
    type_map: &[(String, SqlType)],
    version: SqlAlchemyVersion,
    out: &mut Resolved,
) {
    match ann {
        Ann::Optional(inner) => {
            out.optional = true;
            resolve_into(inner, type_map, version, out);
        }
        Ann::Annotated {
            key, inner, column, ..
        } => {
            if out.column.is_none() {
                out.column = column.as_deref().cloned();
            }
            if let Some(t) = lookup(type_map, key) {
                out.type_ = Some(t.clone());
                // The inner type still says whether `None` is allowed.
                if matches!(**inner, Ann::Optional(_)) {
                    out.optional = true;
                }
                return;
            }
            resolve_into(inner, type_map, version, out);
        }
        Ann::Python(path) => {
            out.type_ = lookup(type_map, path)
                .cloned()
                .or_else(|| default_type(path, version));
            if out.type_.is_none() {
                out.unresolved = Some(format!(
                    "Could not locate SQLAlchemy Core type for Python type {path}"
                ));
            }
        }
        Ann::Enum { name, members } => {
            out.type_ = Some(match lookup(type_map, &ann.key()) {
                Some(t) if t.name == "Enum" && t.args.is_empty() => {
                    enum_type(name, members, Some(t))
                }
                Some(t) => t.clone(),
                None => enum_type(name, members, lookup(type_map, "enum.Enum")),
            });
        }
        Ann::Literal(values) => {
            out.type_ = Some(
                lookup(type_map, &ann.key())
                    .or_else(|| lookup(type_map, "typing.Literal"))
                    .cloned()
                    .map(|mut t| {
                        if t.name == "Enum" && t.args.is_empty() {
                            t.args = values.iter().map(|v| Value::Str(v.clone())).collect();
                            if !t.kwargs.iter().any(|(k, _)| k == "native_enum") {
                                t.kwargs
                                    .push(("native_enum".to_owned(), Value::Bool(false)));
                            }
                        }
                        t
                    })
                    .unwrap_or_else(|| literal_type(values)),
            );
        }
        Ann::Union(items) => {
            out.type_ = lookup(type_map, &ann.key()).cloned();
            if out.type_.is_none() {
                out.unresolved = Some(format!(
                    "the union {} needs an entry in type_annotation_map",
                    items.iter().map(Ann::key).collect::<Vec<_>>().join(" | ")
                ));
            }
        }
        Ann::Relationship(_) => out.relationship = true,
        Ann::Unknown(text) => {
            out.type_ = lookup(type_map, text).cloned();
            if out.type_.is_none() {
                out.unresolved = Some(format!(
                    "the annotation `{text}` cannot be resolved statically"
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn py(p: &str) -> Ann {
        Ann::Python(p.to_owned())
    }

    #[test]
    fn resolves_like_sqlalchemy() {
        let v = SqlAlchemyVersion::V2_1;
        let r = resolve(&Ann::Optional(Box::new(py("builtins.float"))), &[], v);
        assert!(r.optional);
        assert_eq!(r.type_.map(|t| t.name), Some("Double".to_owned()));
        let r = resolve(&py("builtins.float"), &[], SqlAlchemyVersion::V2_0);
        assert_eq!(r.type_.map(|t| t.name), Some("Float".to_owned()));
        let mut s30 = SqlType::generic("String");
        s30.args.push(Value::Int(30));
        let map = vec![("Annotated[builtins.str, 30]".to_owned(), s30.clone())];
        let alias = Ann::Annotated {
            key: "Annotated[builtins.str, 30]".to_owned(),
            inner: Box::new(py("builtins.str")),
            extras: vec!["30".to_owned()],
            column: None,
        };
        assert_eq!(resolve(&alias, &map, v).type_, Some(s30));
        let e = resolve(
            &Ann::Enum {
                name: "Color".into(),
                members: vec!["RED".into()],
            },
            &[],
            v,
        );
        assert_eq!(
            e.type_.map(|t| t.kwargs),
            Some(vec![("name".to_owned(), Value::Str("color".into()))])
        );
        let u = resolve(&py("pydantic.EmailStr"), &[], v);
        assert!(u.type_.is_none() && u.unresolved.is_some());
    }
}
