//! SQLModel `table=True` classes: `Field(...)` and annotations → columns, as
//! `sqlmodel.main.get_column_from_field` builds them (SQLModel 0.0.50).

use retort_ir::{Column, ForeignKeyRef, SqlType, TextRange, TypeDialect, Value};
use ruff_python_ast as ast;

use super::annotation::{enum_type, Ann};
use super::Walker;
use crate::obj::Obj;
use crate::schema;

/// What `Field(...)` says, unevaluated where SQLModel leaves things `Undefined`.
#[derive(Debug, Clone, Default)]
pub(crate) struct FieldDecl {
    /// `sa_column=Column(...)`: used as is.
    pub sa_column: Option<Box<Column>>,
    /// `sa_type=`.
    pub sa_type: Option<SqlType>,
    pub primary_key: Option<bool>,
    pub nullable: Option<bool>,
    pub index: Option<bool>,
    pub unique: Option<bool>,
    pub foreign_key: Option<String>,
    pub ondelete: Option<String>,
    pub max_length: Option<i64>,
    pub max_digits: Option<Value>,
    pub decimal_places: Option<Value>,
    /// `default=` (or the plain default value of the attribute).
    pub default: Option<Value>,
    /// `sa_column_kwargs=`.
    pub column_kwargs: Vec<(String, Value)>,
    /// `sa_column_args=` items.
    pub column_args: Vec<Obj>,
}

impl FieldDecl {
    /// A field written `x: T = value`.
    pub(crate) fn with_default(default: Option<Value>) -> Self {
        Self {
            default: default.filter(|v| !matches!(v, Value::None)),
            ..Self::default()
        }
    }
}

/// Reads `Field(...)`.
pub(crate) fn field(walker: &mut Walker<'_>, call: &ast::ExprCall) -> FieldDecl {
    let args = walker.ev.args(&call.arguments);
    let mut f = FieldDecl::default();
    if let Some((first, _)) = args.positional.first() {
        f.default = match first {
            Obj::Value(Value::None) => None,
            other => Some(other.clone().into_value()),
        };
    }
    for (key, value, _) in &args.keywords {
        match key.as_str() {
            "sa_column" => {
                if let Obj::Column(c) = value {
                    f.sa_column = Some(c.clone());
                }
            }
            "sa_type" => f.sa_type = schema::as_type(value),
            "primary_key" => f.primary_key = value.as_bool(),
            "nullable" => f.nullable = value.as_bool(),
            "index" => f.index = value.as_bool(),
            "unique" => f.unique = value.as_bool(),
            "foreign_key" => f.foreign_key = value.as_str().map(str::to_owned),
            "ondelete" => f.ondelete = value.as_str().map(str::to_owned),
            "max_length" => {
                if let Obj::Value(Value::Int(n)) = value {
                    f.max_length = Some(*n);
                }
            }
            "max_digits" => f.max_digits = Some(value.clone().into_value()),
            "decimal_places" => f.decimal_places = Some(value.clone().into_value()),
            "default" => {
                f.default = (!value.is_none()).then(|| value.clone().into_value());
            }
            "sa_column_kwargs" => {
                if let Obj::Value(Value::Dict(items)) = value {
                    for (k, v) in items {
                        if let Value::Str(k) = k {
                            f.column_kwargs.push((k.clone(), v.clone()));
                        }
                    }
                }
            }
            "sa_column_args" => f.column_args = value.items(),
            _ => {}
        }
    }
    f
}

fn custom(name: &str) -> SqlType {
    SqlType {
        name: name.to_owned(),
        dialect: TypeDialect::Custom(format!("sqlmodel.sql.sqltypes.{name}")),
        args: Vec::new(),
        kwargs: Vec::new(),
        variants: Vec::new(),
    }
}

/// `get_sqlalchemy_type` for an annotation with `Optional` and `Annotated` removed.
fn sqlmodel_type(ann: &Ann, f: &FieldDecl) -> Result<SqlType, String> {
    match ann {
        Ann::Optional(inner) => sqlmodel_type(inner, f),
        Ann::Annotated { inner, .. } => sqlmodel_type(inner, f),
        Ann::Enum { name, members } => Ok(enum_type(name, members, None)),
        Ann::Python(path) => Ok(match path.as_str() {
            "builtins.str"
            | "pathlib.Path"
            | "pydantic.EmailStr"
            | "pydantic.networks.EmailStr"
            | "ipaddress.IPv4Address"
            | "ipaddress.IPv4Network"
            | "ipaddress.IPv6Address"
            | "ipaddress.IPv6Network" => {
                let mut t = custom("AutoString");
                if let Some(n) = f.max_length.filter(|n| *n > 0) {
                    t.kwargs.push(("length".to_owned(), Value::Int(n)));
                }
                t
            }
            "builtins.float" => SqlType::generic("Float"),
            "builtins.bool" => SqlType::generic("Boolean"),
            "builtins.int" => SqlType::generic("Integer"),
            "datetime.datetime" | "pydantic.AwareDatetime" => custom("UTCDateTime"),
            "pydantic.NaiveDatetime" => SqlType::generic("DateTime"),
            "datetime.date" => SqlType::generic("Date"),
            "datetime.timedelta" => SqlType::generic("Interval"),
            "datetime.time" => SqlType::generic("Time"),
            "builtins.bytes" => SqlType::generic("LargeBinary"),
            "decimal.Decimal" => {
                let mut t = SqlType::generic("Numeric");
                for (k, v) in [("precision", &f.max_digits), ("scale", &f.decimal_places)] {
                    if let Some(v) = v.clone().filter(|v| !matches!(v, Value::None)) {
                        t.kwargs.push((k.to_owned(), v));
                    }
                }
                t
            }
            "uuid.UUID" => SqlType::generic("Uuid"),
            other => return Err(format!("{other} has no matching SQLAlchemy type")),
        }),
        Ann::Literal(_) | Ann::Union(_) | Ann::Unknown(_) => {
            Err(format!("{} has no matching SQLAlchemy type", ann.key()))
        }
        Ann::Relationship(_) => Err("a relationship needs Relationship()".to_owned()),
    }
}

/// The column SQLModel makes for a field; `None` for a relationship annotation.
pub(crate) fn column(
    walker: &mut Walker<'_>,
    attr: &str,
    ann: Option<&Ann>,
    f: &FieldDecl,
    range: TextRange,
) -> Option<Column> {
    if let Some(c) = &f.sa_column {
        let mut c = (**c).clone();
        if c.name.is_empty() {
            c.name = attr.to_owned();
        }
        return Some(c);
    }
    let ann = ann?;
    if matches!(ann, Ann::Relationship(_)) {
        return None;
    }
    let type_ = match &f.sa_type {
        Some(t) => Some(t.clone()),
        None => match sqlmodel_type(ann, f) {
            Ok(t) => Some(t),
            Err(why) => {
                walker.warn(
                    "unresolved-type",
                    range,
                    format!("field `{attr}`: {why}; its type is not compared"),
                    "Pass sa_type= to Field(), or use a type SQLModel maps.",
                );
                None
            }
        },
    };
    let primary_key = f.primary_key.unwrap_or(false);
    let optional = matches!(ann, Ann::Optional(_))
        || matches!(ann, Ann::Annotated { inner, .. } if matches!(**inner, Ann::Optional(_)));
    let mut nullable = !primary_key && f.nullable.unwrap_or(optional);
    if let Some(n) = f.nullable {
        nullable = n;
    }
    let mut col = Column::new(attr, type_, range);
    col.primary_key = primary_key;
    col.nullable = Some(nullable);
    col.index = Some(f.index.unwrap_or(false));
    col.unique = Some(f.unique.unwrap_or(false));
    col.default = f.default.clone();
    if let Some(target) = &f.foreign_key {
        col.foreign_keys.push(ForeignKeyRef {
            target: target.clone(),
            name: None,
            ondelete: f.ondelete.clone(),
            onupdate: None,
            deferrable: None,
            initially: None,
            match_: None,
            use_alter: false,
        });
    }
    for item in &f.column_args {
        match item {
            Obj::ForeignKey(fk) => col.foreign_keys.push(fk.clone()),
            Obj::Constraint(c) => col.checks.push((**c).clone()),
            _ => {}
        }
    }
    for (k, v) in &f.column_kwargs {
        match k.as_str() {
            "server_default" => col.server_default = Some(v.clone()),
            "comment" => col.comment = v.as_str().map(str::to_owned),
            "nullable" => col.nullable = v.as_bool(),
            "unique" => col.unique = v.as_bool(),
            "index" => col.index = v.as_bool(),
            _ => col.kwargs.push((k.clone(), v.clone())),
        }
    }
    Some(col)
}
