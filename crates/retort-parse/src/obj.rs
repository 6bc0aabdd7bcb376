//! What an expression evaluates to, statically.

use retort_ir::{Column, Cond, Constraint, Index, Name, SqlType, TableDef, TextRange, Value};

/// A function defined in the module (a migration helper), kept for inlining.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FnRef(pub(crate) usize);

/// The static value of an expression: richer than [`Value`] because migrations pass
/// SQLAlchemy objects around (columns, tables, the bind, the batch operations object).
#[derive(Debug, Clone)]
pub(crate) enum Obj {
    /// A plain value.
    Value(Value),
    /// `op.f("name")`.
    FinalName(Name),
    /// A condition on the dialect or mode, e.g. the result of `bind.dialect.name == "sqlite"`.
    Cond(Cond),
    /// The dialect name of the bind, whose value depends on the dialect chosen later.
    DialectName,
    /// An imported module or object, by dotted path (`sqlalchemy`, `alembic.op`).
    Path(String),
    /// `op.get_bind()`, a connection.
    Bind,
    /// `bind.engine.url` (or its `str()`): the database URL, whose scheme is the dialect
    /// chosen later (`url.startswith("mysql")` is a dialect condition).
    Url,
    /// `op.get_context()` / `context.get_context()`, the migration context.
    Context,
    /// `bind.dialect`, `context.dialect`.
    Dialect,
    /// `sa.inspect(bind)` / `Inspector.from_engine(bind)`: the database's inspector,
    /// made at this range.
    Inspector(TextRange),
    /// `inspector.get_table_names(schema=…)`: the database's tables, known only when a
    /// database is at hand (`"t" in tables` is a [`Cond::TableExists`]).
    TableNames {
        schema: Option<String>,
        inspected_at: TextRange,
    },
    /// `inspector.get_columns("t", schema=…)`: the table's columns, as dicts.
    Columns {
        table: String,
        schema: Option<String>,
        inspected_at: TextRange,
    },
    /// `[c["name"] for c in inspector.get_columns("t")]`: the table's column names
    /// (`"c" in names` is a [`Cond::ColumnExists`]).
    ColumnNames {
        table: String,
        schema: Option<String>,
        inspected_at: TextRange,
    },
    /// The `batch_op` of a `with op.batch_alter_table(...)` block.
    BatchOp,
    /// `sa.Column(...)`.
    Column(Box<Column>),
    /// A table-level constraint.
    Constraint(Box<Constraint>),
    /// `sa.Index(...)`.
    Index(Box<Index>),
    /// `sa.table(...)` / `sa.Table(...)`.
    Table(Box<TableDef>),
    /// `sa.Identity(...)`.
    Identity(retort_ir::Identity),
    /// `sa.Computed(...)`.
    Computed(retort_ir::Computed),
    /// `sa.ForeignKey(...)`.
    ForeignKey(retort_ir::ForeignKeyRef),
    /// A tuple or list of objects that are not all plain values.
    List(Vec<Obj>),
    /// A helper function defined in the module.
    Function(FnRef),
    /// A SQL statement built with Core (`sa.update(t).values(...)`) rendered as generic SQL.
    Statement(String),
    /// Something Retort cannot know; the text says what it was.
    Unknown(String),
}

impl Obj {
    pub(crate) fn str(s: impl Into<String>) -> Self {
        Obj::Value(Value::Str(s.into()))
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Obj::Value(Value::Str(s)) => Some(s),
            Obj::FinalName(n) => Some(&n.text),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Obj::Value(Value::Bool(b)) => Some(*b),
            // Python truthiness: Alembic renders a reflected SQLite index as `unique=1`.
            Obj::Value(Value::Int(i)) => Some(*i != 0),
            _ => None,
        }
    }

    pub(crate) fn is_none(&self) -> bool {
        matches!(self, Obj::Value(Value::None))
    }

    /// A name argument: a string, `op.f(...)`, or `None`.
    pub(crate) fn as_name(&self) -> Option<Name> {
        match self {
            Obj::Value(Value::Str(s)) => Some(Name::new(s.clone())),
            Obj::FinalName(n) => Some(n.clone()),
            _ => None,
        }
    }

    pub(crate) fn as_type(&self) -> Option<&SqlType> {
        match self {
            Obj::Value(Value::Type(t)) => Some(t),
            _ => None,
        }
    }

    /// The items of a tuple / list, or the object itself as a one-item list (Alembic's `to_tuple`).
    pub(crate) fn items(&self) -> Vec<Obj> {
        match self {
            Obj::List(items) => items.clone(),
            Obj::Value(Value::List(items)) => items.iter().cloned().map(Obj::Value).collect(),
            Obj::Value(Value::None) => Vec::new(),
            other => vec![other.clone()],
        }
    }

    /// A list of strings, for column lists and identifiers; `None` when any item is not a string.
    pub(crate) fn as_str_list(&self) -> Option<Vec<String>> {
        self.items()
            .iter()
            .map(|o| o.as_str().map(str::to_owned))
            .collect()
    }

    /// Lowers to a plain value; objects with no value form become [`Value::Unknown`].
    pub(crate) fn into_value(self) -> Value {
        match self {
            Obj::Value(v) => v,
            Obj::FinalName(n) => Value::Str(n.text),
            Obj::List(items) => Value::List(items.into_iter().map(Obj::into_value).collect()),
            Obj::Statement(sql) => Value::Text(sql),
            Obj::Unknown(text) => Value::Unknown(text),
            other => Value::Unknown(other.describe()),
        }
    }

    /// A short description for messages.
    pub(crate) fn describe(&self) -> String {
        match self {
            Obj::Value(v) => format!("{v:?}"),
            Obj::FinalName(n) => format!("op.f({:?})", n.text),
            Obj::Cond(_) => "a condition".into(),
            Obj::DialectName => "the dialect name".into(),
            Obj::Path(p) => p.clone(),
            Obj::Bind => "the connection".into(),
            Obj::Url => "the database URL".into(),
            Obj::Context => "the migration context".into(),
            Obj::Dialect => "the dialect".into(),
            Obj::Inspector(_) => "the database inspector".into(),
            Obj::TableNames { .. } => "the database's table names".into(),
            Obj::Columns { table, .. } => format!("the columns of {table:?}"),
            Obj::ColumnNames { table, .. } => format!("the column names of {table:?}"),
            Obj::BatchOp => "batch_op".into(),
            Obj::Column(c) => format!("Column({:?})", c.name),
            Obj::Constraint(_) => "a constraint".into(),
            Obj::Index(_) => "an index".into(),
            Obj::Table(t) => format!("table({:?})", t.name),
            Obj::Identity(_) => "Identity()".into(),
            Obj::Computed(_) => "Computed()".into(),
            Obj::ForeignKey(fk) => format!("ForeignKey({:?})", fk.target),
            Obj::List(_) => "a list".into(),
            Obj::Function(_) => "a function".into(),
            Obj::Statement(sql) => sql.clone(),
            Obj::Unknown(text) => text.clone(),
        }
    }
}
