//! SQLAlchemy constructors evaluated statically: types, `Column`, constraints,
//! `Index`, `table()` / `Table()`, `text()`, `func.*`.

use retort_ir::{
    Autoincrement, Column, Computed, Constraint, ConstraintKind, ForeignKeyRef, Identity, Index,
    IndexElement, SqlType, TableDef, TextRange, TypeDialect, Value,
};

use crate::eval::{CallArgs, Evaluator};
use crate::obj::Obj;

/// SQLAlchemy names that start with a capital letter but are not column types.
const NOT_TYPES: &[&str] = &[
    "Column",
    "Table",
    "MetaData",
    "ForeignKey",
    "ForeignKeyConstraint",
    "PrimaryKeyConstraint",
    "UniqueConstraint",
    "CheckConstraint",
    "Index",
    "Identity",
    "Computed",
    "Sequence",
    "DDL",
    "DefaultClause",
    "FetchedValue",
    "ExcludeConstraint",
    "DefaultClause",
    "Constraint",
];

/// Splits a dotted path into where a SQLAlchemy object comes from and its name.
/// `None` for paths outside SQLAlchemy.
pub(crate) fn sqlalchemy_name(path: &str) -> Option<(TypeDialect, &str)> {
    let rest = path.strip_prefix("sqlalchemy.")?;
    let name = rest.rsplit('.').next().unwrap_or(rest);
    let dialect = match rest.strip_prefix("dialects.") {
        Some(d) if d.starts_with("postgresql") => TypeDialect::Postgresql,
        Some(d) if d.starts_with("mysql") || d.starts_with("mariadb") => TypeDialect::Mysql,
        Some(d) if d.starts_with("sqlite") => TypeDialect::Sqlite,
        Some(d) => TypeDialect::Custom(format!("sqlalchemy.dialects.{d}")),
        None => TypeDialect::Generic,
    };
    Some((dialect, name))
}

fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase()) && !NOT_TYPES.contains(&name)
}

/// A type named by a path without a call (`sa.Integer`), or a custom class from the application.
pub(crate) fn type_from_path(path: &str) -> Option<SqlType> {
    let (dialect, name) = match sqlalchemy_name(path) {
        Some((dialect, name)) => (dialect, name),
        None => {
            let name = path.rsplit('.').next().unwrap_or(path);
            (TypeDialect::Custom(path.to_owned()), name)
        }
    };
    if !is_type_name(name) {
        return None;
    }
    Some(SqlType {
        name: name.to_owned(),
        dialect,
        args: Vec::new(),
        kwargs: Vec::new(),
        variants: Vec::new(),
    })
}

/// An object in a type position (`Column("x", <here>)`, `type_=<here>`).
pub(crate) fn as_type(obj: &Obj) -> Option<SqlType> {
    match obj {
        Obj::Value(Value::Type(t)) => Some((**t).clone()),
        Obj::Path(p) => type_from_path(p),
        Obj::Unknown(text) => {
            // A type from somewhere Retort cannot see (`MyType()`): compared by name only.
            let name = text.split('(').next().unwrap_or(text).trim();
            let short = name.rsplit('.').next().unwrap_or(name);
            is_type_name(short).then(|| SqlType {
                name: short.to_owned(),
                dialect: TypeDialect::Custom(name.to_owned()),
                args: Vec::new(),
                kwargs: Vec::new(),
                variants: Vec::new(),
            })
        }
        _ => None,
    }
}

/// Lowers an argument of a type or a default to a value, turning type classes into types.
pub(crate) fn arg_value(obj: &Obj) -> Value {
    match obj {
        Obj::Path(p) => type_from_path(p)
            .map_or_else(|| Value::Unknown(p.clone()), |t| Value::Type(Box::new(t))),
        Obj::List(items) => Value::List(items.iter().map(arg_value).collect()),
        other => other.clone().into_value(),
    }
}

/// Evaluates a call to a SQLAlchemy (or application) constructor.
pub(crate) fn construct(
    ev: &mut Evaluator<'_>,
    path: &str,
    args: CallArgs,
    range: TextRange,
) -> Option<Obj> {
    let _ = ev;
    let Some((dialect, name)) = sqlalchemy_name(path) else {
        // An application class called like a type: `GUID()`, `sqlalchemy_utils.UUIDType(binary=False)`.
        let mut t = type_from_path(path)?;
        fill_type_args(&mut t, &args);
        return Some(Obj::Value(Value::Type(Box::new(t))));
    };
    if path.starts_with("sqlalchemy.func.") || path.contains(".func.") {
        let args = args.positional.iter().map(|(o, _)| arg_value(o)).collect();
        return Some(Obj::Value(Value::Func {
            name: name.to_owned(),
            args,
        }));
    }
    Some(match name {
        "text" | "literal_column" => Obj::Value(Value::Text(args.str_arg(0, "text")?)),
        "true" | "false" | "null" => Obj::Value(Value::Keyword(name.to_owned())),
        "literal" => Obj::Value(Value::InlineLiteral(Box::new(
            args.arg(0, "value")?.clone().into_value(),
        ))),
        "Column" => Obj::Column(Box::new(column(&args, range))),
        "column" => {
            let name = args.str_arg(0, "text")?;
            let type_ = args.arg(1, "type_").and_then(as_type);
            Obj::Column(Box::new(Column::new(name, type_, range)))
        }
        "table" | "Table" => Obj::Table(Box::new(table(name == "Table", &args)?)),
        "MetaData" => Obj::Value(
            args.kw("naming_convention")
                .cloned()
                .map_or(Value::None, Obj::into_value),
        ),
        "ForeignKey" => Obj::ForeignKey(foreign_key(&args)?),
        "PrimaryKeyConstraint" | "UniqueConstraint" => {
            let kind = if name == "UniqueConstraint" {
                ConstraintKind::Unique
            } else {
                ConstraintKind::PrimaryKey
            };
            let columns = column_names(args.positional.iter().map(|(o, _)| o));
            let mut c =
                Constraint::new(kind, args.kw("name").and_then(Obj::as_name), columns, range);
            c.deferrable = args.bool_kw("deferrable");
            c.initially = args
                .kw("initially")
                .and_then(Obj::as_str)
                .map(str::to_owned);
            c.kwargs = args.other_kwargs(&["name", "deferrable", "initially"]);
            Obj::Constraint(Box::new(c))
        }
        "ForeignKeyConstraint" => {
            let columns = column_names(args.arg(0, "columns")?.items().iter());
            let refs = args.arg(1, "refcolumns")?.as_str_list()?;
            let mut c = Constraint::new(
                ConstraintKind::ForeignKey,
                args.kw("name").and_then(Obj::as_name),
                columns,
                range,
            );
            let mut ref_table = None;
            for r in &refs {
                let fk = ForeignKeyRef {
                    target: r.clone(),
                    name: None,
                    ondelete: None,
                    onupdate: None,
                    deferrable: None,
                    initially: None,
                    match_: None,
                    use_alter: false,
                };
                let (schema, table, col) = fk.split_target();
                c.ref_schema = schema.map(str::to_owned);
                ref_table = Some(table.to_owned());
                c.ref_columns.push(col.to_owned());
            }
            c.ref_table = ref_table;
            c.ondelete = args.kw("ondelete").and_then(Obj::as_str).map(str::to_owned);
            c.onupdate = args.kw("onupdate").and_then(Obj::as_str).map(str::to_owned);
            c.match_ = args.kw("match").and_then(Obj::as_str).map(str::to_owned);
            c.deferrable = args.bool_kw("deferrable");
            c.initially = args
                .kw("initially")
                .and_then(Obj::as_str)
                .map(str::to_owned);
            c.kwargs = args.other_kwargs(&[
                "name",
                "ondelete",
                "onupdate",
                "match",
                "deferrable",
                "initially",
                "columns",
                "refcolumns",
            ]);
            Obj::Constraint(Box::new(c))
        }
        "CheckConstraint" => {
            let mut c = Constraint::new(
                ConstraintKind::Check,
                args.kw("name").and_then(Obj::as_name),
                Vec::new(),
                range,
            );
            c.sqltext = Some(sql_text(args.arg(0, "sqltext")?));
            c.deferrable = args.bool_kw("deferrable");
            c.initially = args
                .kw("initially")
                .and_then(Obj::as_str)
                .map(str::to_owned);
            c.kwargs = args.other_kwargs(&["name", "sqltext", "deferrable", "initially"]);
            Obj::Constraint(Box::new(c))
        }
        "Index" => {
            let name = args.positional.first().and_then(|(o, _)| o.as_name());
            let elements = index_elements(args.positional.iter().skip(1).map(|(o, _)| o));
            Obj::Index(Box::new(index(name, String::new(), elements, &args)))
        }
        "Identity" => Obj::Identity(Identity {
            always: args.bool_kw("always").unwrap_or(false),
            on_null: args.bool_kw("on_null"),
            options: args.other_kwargs(&["always", "on_null"]),
        }),
        "Computed" => Obj::Computed(Computed {
            sqltext: sql_text(args.arg(0, "sqltext")?),
            persisted: args.bool_kw("persisted"),
        }),
        _ if is_type_name(name) => {
            let mut t = SqlType {
                name: name.to_owned(),
                dialect,
                args: Vec::new(),
                kwargs: Vec::new(),
                variants: Vec::new(),
            };
            fill_type_args(&mut t, &args);
            Obj::Value(Value::Type(Box::new(t)))
        }
        _ => return None,
    })
}

fn fill_type_args(t: &mut SqlType, args: &CallArgs) {
    t.args = args.positional.iter().map(|(o, _)| arg_value(o)).collect();
    t.kwargs = args
        .keywords
        .iter()
        .map(|(k, v, _)| (k.clone(), arg_value(v)))
        .collect();
}

/// SQL text of a CHECK condition, a computed expression or a `where`: a string, `sa.text`,
/// or (for Python expressions like `sa.column("x") > 0`) the source text.
pub(crate) fn sql_text(obj: &Obj) -> String {
    match obj {
        Obj::Value(Value::Str(s) | Value::Text(s)) => s.clone(),
        other => other.describe(),
    }
}

fn column_names<'o>(objs: impl Iterator<Item = &'o Obj>) -> Vec<String> {
    objs.filter_map(|o| match o {
        Obj::Column(c) => Some(c.name.clone()),
        other => other.as_str().map(str::to_owned),
    })
    .collect()
}

pub(crate) fn index_elements<'o>(objs: impl Iterator<Item = &'o Obj>) -> Vec<IndexElement> {
    objs.flat_map(|o| o.items())
        .map(|o| match o {
            Obj::Value(Value::Str(s)) => IndexElement::Column(s),
            Obj::Column(c) => IndexElement::Column(c.name),
            Obj::Value(Value::Text(s)) => IndexElement::Expression(s),
            Obj::Value(Value::Func { name, args }) => {
                IndexElement::Expression(render_func(&name, &args))
            }
            other => IndexElement::Expression(other.describe()),
        })
        .collect()
}

fn render_func(name: &str, args: &[Value]) -> String {
    let args: Vec<String> = args
        .iter()
        .map(|a| match a {
            Value::Str(s) => format!("'{}'", s.replace('\'', "''")),
            Value::Text(s) | Value::Unknown(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Func { name, args } => render_func(name, args),
            other => format!("{other:?}"),
        })
        .collect();
    format!("{name}({})", args.join(", "))
}

/// An index from `sa.Index` or `op.create_index` arguments.
pub(crate) fn index(
    name: Option<retort_ir::Name>,
    table: String,
    elements: Vec<IndexElement>,
    args: &CallArgs,
) -> Index {
    let where_ = args
        .kw("postgresql_where")
        .or_else(|| args.kw("sqlite_where"))
        .map(sql_text);
    Index {
        name,
        table,
        elements,
        unique: args.bool_kw("unique").unwrap_or(false),
        where_,
        using: args
            .kw("postgresql_using")
            .and_then(Obj::as_str)
            .map(str::to_owned),
        concurrently: args.bool_kw("postgresql_concurrently").unwrap_or(false),
        if_not_exists: args.bool_kw("if_not_exists").unwrap_or(false),
        kwargs: args.other_kwargs(&[
            "unique",
            "postgresql_where",
            "sqlite_where",
            "postgresql_using",
            "postgresql_concurrently",
            "if_not_exists",
            "table_name",
            "index_name",
            "columns",
        ]),
    }
}

fn foreign_key(args: &CallArgs) -> Option<ForeignKeyRef> {
    let target = match args.arg(0, "column")? {
        Obj::Column(c) => c.name.clone(),
        other => other.as_str()?.to_owned(),
    };
    Some(ForeignKeyRef {
        target,
        name: args.kw("name").and_then(Obj::as_name),
        ondelete: args.kw("ondelete").and_then(Obj::as_str).map(str::to_owned),
        onupdate: args.kw("onupdate").and_then(Obj::as_str).map(str::to_owned),
        deferrable: args.bool_kw("deferrable"),
        initially: args
            .kw("initially")
            .and_then(Obj::as_str)
            .map(str::to_owned),
        match_: args.kw("match").and_then(Obj::as_str).map(str::to_owned),
        use_alter: args.bool_kw("use_alter").unwrap_or(false),
    })
}

/// `sa.Column(name, type, *items, **kw)`.
pub(crate) fn column(args: &CallArgs, range: TextRange) -> Column {
    let mut positional = args.positional.iter().map(|(o, _)| o).peekable();
    let name = match positional.peek() {
        Some(o) if o.as_str().is_some() => positional
            .next()
            .and_then(Obj::as_str)
            .unwrap_or_default()
            .to_owned(),
        _ => args
            .kw("name")
            .and_then(Obj::as_str)
            .unwrap_or_default()
            .to_owned(),
    };
    let mut col = Column::new(name, args.kw("type_").and_then(as_type), range);
    for item in positional {
        match item {
            Obj::ForeignKey(fk) => col.foreign_keys.push(fk.clone()),
            Obj::Constraint(c) => col.checks.push((**c).clone()),
            Obj::Identity(i) => col.identity = Some(i.clone()),
            Obj::Computed(c) => col.computed = Some(c.clone()),
            other if col.type_.is_none() => col.type_ = as_type(other),
            _ => {}
        }
    }
    for (key, value, _) in &args.keywords {
        match key.as_str() {
            "name" | "type_" => {}
            "nullable" => col.nullable = value.as_bool(),
            "primary_key" => col.primary_key = value.as_bool().unwrap_or(false),
            "server_default" => col.server_default = (!value.is_none()).then(|| arg_value(value)),
            "default" => col.default = (!value.is_none()).then(|| arg_value(value)),
            "unique" => col.unique = value.as_bool(),
            "index" => col.index = value.as_bool(),
            "comment" => col.comment = value.as_str().map(str::to_owned),
            "autoincrement" => {
                col.autoincrement = match value {
                    Obj::Value(Value::Bool(true)) => Autoincrement::Yes,
                    Obj::Value(Value::Bool(false)) => Autoincrement::No,
                    Obj::Value(Value::Str(s)) if s == "ignore_fk" => Autoincrement::IgnoreFk,
                    _ => Autoincrement::Auto,
                }
            }
            _ => col.kwargs.push((key.clone(), arg_value(value))),
        }
    }
    col
}

/// `sa.table(name, *columns, schema=)` or `sa.Table(name, metadata, *items, schema=)`.
pub(crate) fn table(with_metadata: bool, args: &CallArgs) -> Option<TableDef> {
    let name = args.str_arg(0, "name")?;
    let skip = if with_metadata { 2 } else { 1 };
    let mut def = TableDef {
        name,
        schema: args.kw("schema").and_then(Obj::as_str).map(str::to_owned),
        columns: Vec::new(),
        constraints: Vec::new(),
        indexes: Vec::new(),
    };
    for (item, _) in args.positional.iter().skip(skip) {
        match item {
            Obj::Column(c) => def.columns.push((**c).clone()),
            Obj::Constraint(c) => def.constraints.push((**c).clone()),
            Obj::Index(i) => {
                let mut i = (**i).clone();
                i.table = def.name.clone();
                def.indexes.push(i);
            }
            _ => {}
        }
    }
    Some(def)
}
