use serde::{Deserialize, Serialize};

/// A statically evaluated Python value, as far as Retort can know it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Value {
    /// `None`.
    None,
    /// `True` / `False`.
    Bool(bool),
    /// An integer that fits in 64 bits.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (str or bytes decoded lossily).
    Str(String),
    /// A tuple or list.
    List(Vec<Value>),
    /// A dict, in source order.
    Dict(Vec<(Value, Value)>),
    /// A SQLAlchemy type (`sa.String(50)`).
    Type(Box<SqlType>),
    /// `sa.text("…")`, `sa.literal_column("…")`: SQL text used verbatim.
    Text(String),
    /// `sa.func.now()`, `sa.func.gen_random_uuid()`: a SQL function call; args rendered as SQL.
    Func {
        /// Function name, e.g. `now`.
        name: String,
        /// Arguments, already evaluated.
        args: Vec<Value>,
    },
    /// `sa.true()` / `sa.false()`, `sa.null()`: SQL keywords.
    Keyword(String),
    /// `op.inline_literal(v)`: a value rendered as a SQL literal.
    InlineLiteral(Box<Value>),
    /// A name Retort cannot resolve (an import from the application, a class): kept as source text.
    Unknown(String),
}

impl Value {
    /// The string, when the value is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, when the value is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The integer, when the value is one.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The type, when the value is one.
    pub fn as_type(&self) -> Option<&SqlType> {
        match self {
            Value::Type(t) => Some(t),
            _ => None,
        }
    }

    /// The items of a list or tuple; a single value is a one-item list
    /// (Alembic's `util.to_tuple`), `None` an empty one.
    pub fn to_list(&self) -> Vec<&Value> {
        match self {
            Value::List(items) => items.iter().collect(),
            Value::None => Vec::new(),
            other => vec![other],
        }
    }

    /// Whether the value was fully evaluated (contains no [`Value::Unknown`]).
    pub fn is_known(&self) -> bool {
        match self {
            Value::Unknown(_) => false,
            Value::List(items) => items.iter().all(Value::is_known),
            Value::Dict(items) => items.iter().all(|(k, v)| k.is_known() && v.is_known()),
            Value::Func { args, .. } => args.iter().all(Value::is_known),
            Value::InlineLiteral(v) => v.is_known(),
            Value::Type(t) => t.args.iter().all(Value::is_known),
            _ => true,
        }
    }
}

/// Which module a type came from: generic SQLAlchemy types and dialect-specific ones render differently.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeDialect {
    /// `sqlalchemy` / `sa.` / `sqlalchemy.types`.
    Generic,
    /// `sqlalchemy.dialects.postgresql`.
    Postgresql,
    /// `sqlalchemy.dialects.mysql`.
    Mysql,
    /// `sqlalchemy.dialects.sqlite`.
    Sqlite,
    /// A type from elsewhere (the application, a third-party package), by its dotted source name.
    Custom(String),
}

/// A SQLAlchemy column type with its arguments, e.g. `sa.Numeric(10, 2)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SqlType {
    /// The class name as SQLAlchemy spells it: `String`, `VARCHAR`, `JSONB`, `Enum`.
    pub name: String,
    /// Where the class comes from.
    pub dialect: TypeDialect,
    /// Positional arguments (`String(50)` → `[Int(50)]`, `Enum('a', 'b')` → the labels,
    /// `ARRAY(Integer())` → `[Type(Integer)]`).
    pub args: Vec<Value>,
    /// Keyword arguments in source order (`timezone=True`, `name='x'`, `create_type=False`).
    pub kwargs: Vec<(String, Value)>,
    /// `.with_variant(OtherType, "dialect")` pairs, in source order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<(String, SqlType)>,
}

impl SqlType {
    /// A generic type without arguments, e.g. `SqlType::generic("Integer")`.
    pub fn generic(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            dialect: TypeDialect::Generic,
            args: Vec::new(),
            kwargs: Vec::new(),
            variants: Vec::new(),
        }
    }

    /// A keyword argument's value.
    pub fn kwarg(&self, name: &str) -> Option<&Value> {
        self.kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// The first positional argument or the keyword one, for types like `String(length)`.
    pub fn arg(&self, position: usize, name: &str) -> Option<&Value> {
        self.kwarg(name).or_else(|| self.args.get(position))
    }
}
