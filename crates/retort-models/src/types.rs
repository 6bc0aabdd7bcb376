//! Types as autogenerate sees them: compiled to DDL by the dialect's type compiler,
//! reflected back from the database, compared by Alembic's `DefaultImpl.compare_type`
//! (tokens of the compiled DDL; arguments only when both sides have them), and
//! printed with `repr()` or rendered as Python.

use retort_ir::{SqlType, TypeDialect, Value};

/// The dialects whose type compilers and reflection Retort follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgresql,
    Mysql,
    /// SQLAlchemy's default dialect (no database chosen).
    Default,
}

impl Dialect {
    pub(crate) fn from_name(name: &str) -> Self {
        match name {
            "sqlite" => Dialect::Sqlite,
            "postgresql" | "postgres" => Dialect::Postgresql,
            "mysql" | "mariadb" => Dialect::Mysql,
            _ => Dialect::Default,
        }
    }

    /// `dialect.supports_comments`.
    pub(crate) fn supports_comments(self) -> bool {
        matches!(self, Dialect::Postgresql | Dialect::Mysql)
    }
}

fn int_arg(t: &SqlType, position: usize, name: &str) -> Option<i64> {
    match t.arg(position, name) {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}

fn str_arg<'t>(t: &'t SqlType, position: usize, name: &str) -> Option<&'t str> {
    t.arg(position, name).and_then(Value::as_str)
}

fn with_length(base: &str, t: &SqlType) -> String {
    let mut out = match int_arg(t, 0, "length") {
        Some(n) => format!("{base}({n})"),
        None => base.to_owned(),
    };
    if let Some(c) = str_arg(t, 1, "collation") {
        out.push_str(&format!(" COLLATE {c}"));
    }
    out
}

fn precision_scale(base: &str, t: &SqlType) -> String {
    match (int_arg(t, 0, "precision"), int_arg(t, 1, "scale")) {
        (Some(p), Some(s)) => format!("{base}({p}, {s})"),
        (Some(p), None) => format!("{base}({p})"),
        _ => base.to_owned(),
    }
}

fn timezone(t: &SqlType) -> bool {
    t.kwarg("timezone").and_then(Value::as_bool) == Some(true)
}

/// The enum labels, when they are plain strings.
fn enum_labels(t: &SqlType) -> Vec<&str> {
    t.args.iter().filter_map(Value::as_str).collect()
}

/// The DDL `dialect` (a SQLAlchemy dialect name) writes for a type, as
/// [`compile`] gives it: what the database holds, so two declarations of the same
/// database type (`sqlmodel`'s `AutoString()` and `String()`) compile alike.
pub fn compile_type(t: &SqlType, dialect: &str) -> Option<String> {
    compile(t, Dialect::from_name(dialect))
}

/// `type_compiler.process(type_)`: the DDL a dialect writes for a type; `None` when
/// Retort does not know how this type compiles (a custom type) or the dialect cannot.
pub(crate) fn compile(t: &SqlType, dialect: Dialect) -> Option<String> {
    if let Some((_, variant)) = t
        .variants
        .iter()
        .find(|(d, _)| Dialect::from_name(d) == dialect)
    {
        return compile(variant, dialect);
    }
    let pg = dialect == Dialect::Postgresql;
    let my = dialect == Dialect::Mysql;
    let name = t.name.as_str();
    if let TypeDialect::Custom(path) = &t.dialect {
        // SQLModel's types are TypeDecorators over known types.
        return match path.as_str() {
            "sqlmodel.sql.sqltypes.AutoString" => {
                let mut s = SqlType::generic("String");
                s.kwargs = t.kwargs.clone();
                if my && int_arg(t, 0, "length").is_none() {
                    s.kwargs.push(("length".to_owned(), Value::Int(255)));
                }
                compile(&s, dialect)
            }
            "sqlmodel.sql.sqltypes.UTCDateTime" => {
                let mut s = SqlType::generic("DateTime");
                s.kwargs.push(("timezone".to_owned(), Value::Bool(true)));
                compile(&s, dialect)
            }
            _ => None,
        };
    }
    Some(match name {
        "Integer" | "INTEGER" | "INT" => "INTEGER".to_owned(),
        "BigInteger" | "BIGINT" => "BIGINT".to_owned(),
        "SmallInteger" | "SMALLINT" => "SMALLINT".to_owned(),
        "String" | "Unicode" | "VARCHAR" => {
            if my && int_arg(t, 0, "length").is_none() {
                return None;
            }
            with_length("VARCHAR", t)
        }
        "NVARCHAR" => with_length(if my { "NATIONAL VARCHAR" } else { "NVARCHAR" }, t),
        "CHAR" => with_length("CHAR", t),
        "NCHAR" => with_length(if my { "NATIONAL CHAR" } else { "NCHAR" }, t),
        "Text" | "UnicodeText" | "TEXT" => with_length("TEXT", t),
        "CLOB" => "CLOB".to_owned(),
        "Boolean" | "BOOLEAN" => if my { "BOOL" } else { "BOOLEAN" }.to_owned(),
        "Float" | "FLOAT" => {
            if dialect == Dialect::Sqlite {
                "FLOAT".to_owned()
            } else {
                precision_scale("FLOAT", t)
            }
        }
        "Double" => if pg { "DOUBLE PRECISION" } else { "DOUBLE" }.to_owned(),
        "DOUBLE" => "DOUBLE".to_owned(),
        "DOUBLE_PRECISION" => "DOUBLE PRECISION".to_owned(),
        "REAL" => "REAL".to_owned(),
        "Numeric" | "NUMERIC" => precision_scale("NUMERIC", t),
        "DECIMAL" => precision_scale("DECIMAL", t),
        "Date" | "DATE" => "DATE".to_owned(),
        "DateTime" => match dialect {
            Dialect::Postgresql if timezone(t) => "TIMESTAMP WITH TIME ZONE".to_owned(),
            Dialect::Postgresql => "TIMESTAMP WITHOUT TIME ZONE".to_owned(),
            _ => "DATETIME".to_owned(),
        },
        "DATETIME" => "DATETIME".to_owned(),
        "TIMESTAMP" => match dialect {
            Dialect::Postgresql if timezone(t) => "TIMESTAMP WITH TIME ZONE".to_owned(),
            Dialect::Postgresql => "TIMESTAMP WITHOUT TIME ZONE".to_owned(),
            _ => "TIMESTAMP".to_owned(),
        },
        "Time" | "TIME" => match dialect {
            Dialect::Postgresql if timezone(t) => "TIME WITH TIME ZONE".to_owned(),
            Dialect::Postgresql => "TIME WITHOUT TIME ZONE".to_owned(),
            _ => "TIME".to_owned(),
        },
        "Interval" => if pg { "INTERVAL" } else { "DATETIME" }.to_owned(),
        "INTERVAL" if pg => "INTERVAL".to_owned(),
        "LargeBinary" => match dialect {
            Dialect::Postgresql => "BYTEA".to_owned(),
            Dialect::Mysql => with_length("BLOB", t),
            _ => "BLOB".to_owned(),
        },
        "BLOB" => "BLOB".to_owned(),
        "BYTEA" if pg => "BYTEA".to_owned(),
        "BINARY" => with_length("BINARY", t),
        "VARBINARY" => with_length("VARBINARY", t),
        "Uuid" => if pg { "UUID" } else { "CHAR(32)" }.to_owned(),
        "UUID" => "UUID".to_owned(),
        "JSON" => "JSON".to_owned(),
        "JSONB" if dialect != Dialect::Mysql => "JSONB".to_owned(),
        "Enum" | "ENUM" => {
            let labels = enum_labels(t);
            let native = t.kwarg("native_enum").and_then(Value::as_bool) != Some(false);
            let name = t.kwarg("name").and_then(Value::as_str);
            if native && pg && t.dialect != TypeDialect::Mysql {
                name?.to_owned()
            } else if native && my {
                format!(
                    "ENUM({})",
                    labels
                        .iter()
                        .map(|l| format!("'{}'", l.replace('\'', "''")))
                        .collect::<Vec<_>>()
                        .join(",")
                )
            } else {
                let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as i64;
                let length = int_arg(t, usize::MAX, "length").unwrap_or(0).max(longest);
                format!("VARCHAR({length})")
            }
        }
        "ARRAY" if pg => {
            let item = t.args.first().and_then(Value::as_type)?;
            format!("{}[]", compile(item, dialect)?)
        }
        _ if pg && t.dialect == TypeDialect::Postgresql => name.to_uppercase(),
        _ if my && t.dialect == TypeDialect::Mysql => name.to_uppercase(),
        _ => return None,
    })
}

/// Python's `int(...)` of each run of digits in the parenthesised part.
fn digit_args(args: &str) -> Vec<i64> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in args.chars() {
        if c.is_ascii_digit() {
            current.push(c);
        } else if !current.is_empty() {
            out.extend(current.parse::<i64>().ok());
            current.clear();
        }
    }
    out.extend(current.parse::<i64>().ok());
    out
}

/// SQLite's `_resolve_type_affinity`: the type reflection gives for a declared type;
/// `None` for `NullType` (a `BLOB`-affinity or empty declaration).
pub(crate) fn reflect_sqlite(ddl: &str) -> Option<SqlType> {
    let split = ddl
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ' '))
        .unwrap_or(ddl.len());
    let coltype = &ddl[..split];
    let rest = &ddl[split..];
    let args = rest
        .strip_prefix('(')
        .and_then(|r| r.find(')').map(|end| &r[..end]));
    let known = match coltype {
        "BIGINT" => Some("BIGINT"),
        "BLOB" => Some("BLOB"),
        "BOOL" | "BOOLEAN" => Some("BOOLEAN"),
        "CHAR" => Some("CHAR"),
        "DATE" | "DATE_CHAR" => Some("DATE"),
        "DATETIME" | "DATETIME_CHAR" => Some("DATETIME"),
        "DOUBLE" => Some("DOUBLE"),
        "DECIMAL" => Some("DECIMAL"),
        "FLOAT" => Some("FLOAT"),
        "INT" | "INTEGER" => Some("INTEGER"),
        "JSON" => Some("JSON"),
        "JSONB" => Some("JSONB"),
        "NUMERIC" => Some("NUMERIC"),
        "REAL" => Some("REAL"),
        "SMALLINT" => Some("SMALLINT"),
        "TEXT" => Some("TEXT"),
        "TIME" | "TIME_CHAR" => Some("TIME"),
        "TIMESTAMP" => Some("TIMESTAMP"),
        "VARCHAR" => Some("VARCHAR"),
        "NVARCHAR" => Some("NVARCHAR"),
        "NCHAR" => Some("NCHAR"),
        _ => None,
    };
    let name = match known {
        Some(n) => n,
        None if coltype.contains("INT") => "INTEGER",
        None if coltype.contains("CHAR")
            || coltype.contains("CLOB")
            || coltype.contains("TEXT") =>
        {
            "TEXT"
        }
        None if coltype.contains("BLOB") || coltype.trim().is_empty() => return None,
        None if coltype.contains("REAL")
            || coltype.contains("FLOA")
            || coltype.contains("DOUB") =>
        {
            "REAL"
        }
        None => "NUMERIC",
    };
    let mut t = SqlType::generic(name);
    if matches!(name, "JSON" | "JSONB") {
        t.dialect = TypeDialect::Sqlite;
    }
    let ints = args.map(digit_args).unwrap_or_default();
    let params: &[&str] = match name {
        "VARCHAR" | "CHAR" | "NVARCHAR" | "NCHAR" | "TEXT" => &["length", "collation"],
        "NUMERIC" | "DECIMAL" => &["precision", "scale", "decimal_return_scale"],
        "FLOAT" | "REAL" | "DOUBLE" => &["precision", "asdecimal", "decimal_return_scale"],
        "BLOB" => &["length"],
        _ => &[],
    };
    if ints.len() > params.len() {
        // SQLAlchemy warns "Could not instantiate type" and uses no arguments.
        return Some(t);
    }
    for (p, v) in params.iter().zip(ints) {
        t.kwargs.push(((*p).to_owned(), Value::Int(v)));
    }
    Some(t)
}

/// The type reflection gives for a column whose declared type is `t`; `Err` keeps the
/// type as written when Retort cannot compile it (a custom type).
pub(crate) fn reflect(t: &SqlType, dialect: Dialect) -> Result<Option<SqlType>, ()> {
    match dialect {
        Dialect::Sqlite => match compile(t, dialect) {
            Some(ddl) => Ok(reflect_sqlite(&ddl)),
            None => Err(()),
        },
        // Reflection on other databases is not modelled: the declared type stands in.
        _ => Err(()),
    }
}

/// `DefaultImpl._tokenize_column_type`.
#[derive(Debug, PartialEq)]
struct Params {
    token0: String,
    tokens: Vec<String>,
    args: Vec<String>,
}

fn tokenize(definition: &str) -> Option<Params> {
    let definition = definition.to_lowercase();
    let mut tokens: Vec<String> = Vec::new();
    let mut paren: Option<String> = None;
    let chars: Vec<char> = definition.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        if c.is_alphanumeric() || c == '_' || c == '-' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
        } else if c == '(' {
            // `\(.+?\)`: at least one character, up to the first `)` after it.
            match chars
                .get(i + 2..)
                .and_then(|rest| rest.iter().position(|c| *c == ')'))
            {
                Some(end) => {
                    paren = Some(chars[i..i + 3 + end].iter().collect());
                    i += 3 + end;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    let (token0, rest) = tokens.split_first()?;
    let mut args = Vec::new();
    if let Some(p) = paren {
        for term in p.split(['(', ')', ',']).filter(|s| !s.is_empty()) {
            if !term.contains('=') {
                args.push(term.trim().to_owned());
            }
        }
    }
    Some(Params {
        token0: token0.clone(),
        tokens: rest.to_vec(),
        args,
    })
}

/// `DefaultImpl.compare_type`: whether the compiled types differ. `None` when either
/// side cannot be compiled, in which case Retort compares the class names only.
pub(crate) fn types_differ(conn: &SqlType, model: &SqlType, dialect: Dialect) -> Option<bool> {
    let (Some(c), Some(m)) = (compile(conn, dialect), compile(model, dialect)) else {
        return match (&conn.dialect, &model.dialect) {
            (TypeDialect::Custom(_), _) | (_, TypeDialect::Custom(_)) => {
                if matches!(conn.dialect, TypeDialect::Custom(_))
                    && matches!(model.dialect, TypeDialect::Custom(_))
                {
                    Some(!conn.name.eq_ignore_ascii_case(&model.name))
                } else {
                    None
                }
            }
            _ => None,
        };
    };
    let (Some(ip), Some(mp)) = (tokenize(&c), tokenize(&m)) else {
        return Some(c != m);
    };
    let synonyms = [["numeric", "decimal"]];
    let types_match = ip.token0 == mp.token0 || {
        let all_i = std::iter::once(ip.token0.clone())
            .chain(ip.tokens.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ");
        let all_m = std::iter::once(mp.token0.clone())
            .chain(mp.tokens.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ");
        synonyms.iter().any(|batch| {
            (batch.contains(&all_i.as_str()) && batch.contains(&all_m.as_str()))
                || (batch.contains(&ip.token0.as_str()) && batch.contains(&mp.token0.as_str()))
        })
    };
    if !types_match {
        return Some(true);
    }
    if mp.tokens.len() == ip.tokens.len() && mp.tokens != ip.tokens {
        return Some(true);
    }
    if mp.args.len() == ip.args.len() && mp.args != ip.args {
        return Some(true);
    }
    Some(false)
}

/// Whether the type's affinity is integer or numeric (`_autoincrement_column` rules).
pub(crate) fn is_integer_or_numeric(t: &SqlType) -> bool {
    matches!(
        t.name.as_str(),
        "Integer"
            | "INTEGER"
            | "INT"
            | "BigInteger"
            | "BIGINT"
            | "SmallInteger"
            | "SMALLINT"
            | "Numeric"
            | "NUMERIC"
            | "DECIMAL"
            | "Float"
            | "FLOAT"
            | "Double"
            | "DOUBLE"
            | "DOUBLE_PRECISION"
            | "REAL"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(name: &str, kwargs: &[(&str, Value)]) -> SqlType {
        SqlType {
            kwargs: kwargs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            ..SqlType::generic(name)
        }
    }

    #[test]
    fn compiles_and_reflects_like_sqlite() {
        let s = Dialect::Sqlite;
        let varchar50 = ty("String", &[("length", Value::Int(50))]);
        assert_eq!(compile(&varchar50, s).as_deref(), Some("VARCHAR(50)"));
        assert_eq!(compile(&ty("Uuid", &[]), s).as_deref(), Some("CHAR(32)"));
        assert_eq!(
            compile(&ty("Interval", &[]), s).as_deref(),
            Some("DATETIME")
        );
        let reflected = reflect_sqlite("NUMERIC(10, 2)");
        assert_eq!(
            reflected.map(|t| t.kwargs),
            Some(vec![
                ("precision".to_owned(), Value::Int(10)),
                ("scale".to_owned(), Value::Int(2))
            ])
        );
        assert_eq!(
            reflect_sqlite("DOUBLE PRECISION").map(|t| t.name),
            Some("REAL".to_owned())
        );
        assert_eq!(reflect_sqlite("BLOB"), Some(SqlType::generic("BLOB")));
        assert_eq!(
            reflect_sqlite("WHATEVER"),
            Some(SqlType::generic("NUMERIC"))
        );
        assert_eq!(reflect_sqlite(""), None);
    }

    #[test]
    fn compare_type_only_compares_arguments_both_sides_have() {
        let s = Dialect::Sqlite;
        let v50 = ty("VARCHAR", &[("length", Value::Int(50))]);
        assert_eq!(types_differ(&v50, &ty("String", &[]), s), Some(false));
        assert_eq!(
            types_differ(&v50, &ty("String", &[("length", Value::Int(100))]), s),
            Some(true)
        );
        assert_eq!(
            types_differ(&ty("NUMERIC", &[]), &ty("DECIMAL", &[]), s),
            Some(false)
        );
        assert_eq!(
            types_differ(&ty("INTEGER", &[]), &ty("BigInteger", &[]), s),
            Some(true)
        );
        assert_eq!(
            types_differ(&ty("TEXT", &[]), &ty("Text", &[]), s),
            Some(false)
        );
        assert_eq!(
            tokenize("timestamp with time zone").map(|p| p.tokens.len()),
            Some(3)
        );
    }
}
