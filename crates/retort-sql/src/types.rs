//! SQLAlchemy's type compiler: a column type as DDL text for a dialect.
//!
//! A type is looked up by module and class name in [`CLASSES`], which records what
//! SQLAlchemy needs to compile it: the `__visit_name__` it dispatches on, its
//! positional parameters, and the generic classes it is an instance of. Compilation
//! dispatches on the visit name through [`Dialect::visit_type`], falling back to
//! [`generic_visit`] (`GenericTypeCompiler`), exactly as the Python compilers do.

use retort_ir::{SqlType, TypeDialect, Value};

use crate::error::{RenderError, Rendered};
use crate::{ident, Dialect};

/// Where a type class lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    /// `sqlalchemy.types`.
    Generic,
    /// `sqlalchemy.dialects.postgresql`.
    Postgresql,
    /// `sqlalchemy.dialects.mysql`.
    Mysql,
    /// `sqlalchemy.dialects.sqlite`.
    Sqlite,
}

/// What SQLAlchemy knows about a type class.
#[derive(Debug)]
pub struct Class {
    /// The module.
    pub module: Module,
    /// The class name.
    pub name: &'static str,
    /// `__visit_name__`.
    pub visit: &'static str,
    /// Positional parameters of `__init__`, in order (`*enums` types have none).
    pub params: &'static [&'static str],
    /// The generic classes it is an instance of (`isinstance` checks), its affinity first.
    pub isa: &'static [&'static str],
}

macro_rules! class {
    ($m:ident, $name:literal, $visit:literal, [$($p:literal),*], [$($i:literal),*]) => {
        Class { module: Module::$m, name: $name, visit: $visit, params: &[$($p),*], isa: &[$($i),*] }
    };
}

/// Every type class Retort can compile.
pub(crate) static CLASSES: &[Class] = &[
    // sqlalchemy.types
    class!(Generic, "Integer", "integer", [], ["Integer"]),
    class!(
        Generic,
        "SmallInteger",
        "small_integer",
        [],
        ["Integer", "SmallInteger"]
    ),
    class!(
        Generic,
        "BigInteger",
        "big_integer",
        [],
        ["Integer", "BigInteger"]
    ),
    class!(Generic, "INTEGER", "INTEGER", [], ["Integer"]),
    class!(Generic, "INT", "INTEGER", [], ["Integer"]),
    class!(
        Generic,
        "SMALLINT",
        "SMALLINT",
        [],
        ["Integer", "SmallInteger"]
    ),
    class!(Generic, "BIGINT", "BIGINT", [], ["Integer", "BigInteger"]),
    class!(
        Generic,
        "Numeric",
        "numeric",
        ["precision", "scale"],
        ["Numeric"]
    ),
    class!(
        Generic,
        "NUMERIC",
        "NUMERIC",
        ["precision", "scale"],
        ["Numeric"]
    ),
    class!(
        Generic,
        "DECIMAL",
        "DECIMAL",
        ["precision", "scale"],
        ["Numeric"]
    ),
    class!(
        Generic,
        "Float",
        "float",
        ["precision"],
        ["Float", "Numeric"]
    ),
    class!(
        Generic,
        "FLOAT",
        "FLOAT",
        ["precision"],
        ["Float", "Numeric"]
    ),
    class!(Generic, "REAL", "REAL", ["precision"], ["Float", "Numeric"]),
    class!(
        Generic,
        "Double",
        "double",
        ["precision"],
        ["Float", "Numeric"]
    ),
    class!(
        Generic,
        "DOUBLE",
        "DOUBLE",
        ["precision"],
        ["Float", "Numeric"]
    ),
    class!(
        Generic,
        "DOUBLE_PRECISION",
        "DOUBLE_PRECISION",
        ["precision"],
        ["Float", "Numeric"]
    ),
    class!(
        Generic,
        "String",
        "string",
        ["length", "collation", "collation_schema"],
        ["String"]
    ),
    class!(
        Generic,
        "Text",
        "text",
        ["length", "collation", "collation_schema"],
        ["String", "Text"]
    ),
    class!(
        Generic,
        "Unicode",
        "unicode",
        ["length", "collation", "collation_schema"],
        ["String", "Unicode"]
    ),
    class!(
        Generic,
        "UnicodeText",
        "unicode_text",
        ["length", "collation", "collation_schema"],
        ["String", "Text", "UnicodeText"]
    ),
    class!(
        Generic,
        "VARCHAR",
        "VARCHAR",
        ["length", "collation", "collation_schema"],
        ["String"]
    ),
    class!(
        Generic,
        "CHAR",
        "CHAR",
        ["length", "collation", "collation_schema"],
        ["String"]
    ),
    class!(
        Generic,
        "NCHAR",
        "NCHAR",
        ["length", "collation", "collation_schema"],
        ["String", "Unicode"]
    ),
    class!(
        Generic,
        "NVARCHAR",
        "NVARCHAR",
        ["length", "collation", "collation_schema"],
        ["String", "Unicode"]
    ),
    class!(
        Generic,
        "TEXT",
        "TEXT",
        ["length", "collation", "collation_schema"],
        ["String", "Text"]
    ),
    class!(
        Generic,
        "CLOB",
        "CLOB",
        ["length", "collation", "collation_schema"],
        ["String", "Text"]
    ),
    class!(
        Generic,
        "Enum",
        "enum",
        [],
        ["String", "Enum", "SchemaType"]
    ),
    class!(
        Generic,
        "Boolean",
        "boolean",
        ["create_constraint", "name"],
        ["Boolean", "SchemaType"]
    ),
    class!(
        Generic,
        "BOOLEAN",
        "BOOLEAN",
        ["create_constraint", "name"],
        ["Boolean", "SchemaType"]
    ),
    class!(Generic, "Date", "date", [], ["Date"]),
    class!(Generic, "DATE", "DATE", [], ["Date"]),
    class!(Generic, "DateTime", "datetime", ["timezone"], ["DateTime"]),
    class!(Generic, "DATETIME", "DATETIME", ["timezone"], ["DateTime"]),
    class!(
        Generic,
        "TIMESTAMP",
        "TIMESTAMP",
        ["timezone"],
        ["DateTime", "TIMESTAMP"]
    ),
    class!(Generic, "Time", "time", ["timezone"], ["Time"]),
    class!(Generic, "TIME", "TIME", ["timezone"], ["Time"]),
    class!(
        Generic,
        "Interval",
        "type_decorator",
        ["native", "second_precision", "day_precision"],
        ["Interval", "TypeDecorator"]
    ),
    class!(
        Generic,
        "LargeBinary",
        "large_binary",
        ["length"],
        ["_Binary", "LargeBinary"]
    ),
    class!(
        Generic,
        "BLOB",
        "BLOB",
        ["length"],
        ["_Binary", "LargeBinary"]
    ),
    class!(Generic, "BINARY", "BINARY", ["length"], ["_Binary"]),
    class!(Generic, "VARBINARY", "VARBINARY", ["length"], ["_Binary"]),
    class!(
        Generic,
        "PickleType",
        "type_decorator",
        ["protocol"],
        ["_Binary", "PickleType", "TypeDecorator"]
    ),
    class!(Generic, "JSON", "JSON", ["none_as_null"], ["JSON"]),
    class!(
        Generic,
        "Uuid",
        "uuid",
        ["as_uuid", "native_uuid"],
        ["Uuid"]
    ),
    class!(Generic, "UUID", "UUID", ["as_uuid"], ["Uuid"]),
    class!(
        Generic,
        "ARRAY",
        "ARRAY",
        ["item_type", "as_tuple", "dimensions", "zero_indexes"],
        ["ARRAY", "SchemaEventTarget"]
    ),
    class!(Generic, "NullType", "null", [], ["NullType"]),
    // sqlalchemy.dialects.postgresql
    class!(
        Postgresql,
        "ARRAY",
        "ARRAY",
        ["item_type", "as_tuple", "dimensions", "zero_indexes"],
        ["ARRAY", "SchemaEventTarget"]
    ),
    class!(Postgresql, "BIT", "BIT", ["length", "varying"], ["BIT"]),
    class!(
        Postgresql,
        "BYTEA",
        "BYTEA",
        ["length"],
        ["_Binary", "LargeBinary"]
    ),
    class!(Postgresql, "CIDR", "CIDR", [], ["CIDR"]),
    class!(
        Postgresql,
        "CITEXT",
        "CITEXT",
        ["length", "collation", "collation_schema"],
        ["String", "Text"]
    ),
    class!(
        Postgresql,
        "DOMAIN",
        "DOMAIN",
        ["name", "data_type"],
        ["DOMAIN", "SchemaType"]
    ),
    class!(
        Postgresql,
        "ENUM",
        "enum",
        [],
        ["String", "Enum", "SchemaType", "NamedType"]
    ),
    class!(Postgresql, "HSTORE", "HSTORE", ["text_type"], ["HSTORE"]),
    class!(Postgresql, "INET", "INET", [], ["INET"]),
    class!(
        Postgresql,
        "INTERVAL",
        "INTERVAL",
        ["precision", "fields"],
        ["Interval"]
    ),
    class!(
        Postgresql,
        "JSON",
        "JSON",
        ["none_as_null", "astext_type"],
        ["JSON"]
    ),
    class!(
        Postgresql,
        "JSONB",
        "JSONB",
        ["none_as_null", "astext_type"],
        ["JSON"]
    ),
    class!(Postgresql, "JSONPATH", "JSONPATH", [], ["JSONPATH"]),
    class!(Postgresql, "MACADDR", "MACADDR", [], ["MACADDR"]),
    class!(Postgresql, "MACADDR8", "MACADDR8", [], ["MACADDR8"]),
    class!(Postgresql, "MONEY", "MONEY", [], ["MONEY"]),
    class!(Postgresql, "OID", "OID", [], ["OID"]),
    class!(Postgresql, "REGCLASS", "REGCLASS", [], ["REGCLASS"]),
    class!(Postgresql, "REGCONFIG", "REGCONFIG", [], ["REGCONFIG"]),
    class!(
        Postgresql,
        "TIME",
        "TIME",
        ["timezone", "precision"],
        ["Time"]
    ),
    class!(
        Postgresql,
        "TIMESTAMP",
        "TIMESTAMP",
        ["timezone", "precision"],
        ["DateTime", "TIMESTAMP"]
    ),
    class!(Postgresql, "TSQUERY", "TSQUERY", [], ["TSQUERY"]),
    class!(Postgresql, "TSVECTOR", "TSVECTOR", [], ["TSVECTOR"]),
    class!(Postgresql, "INT4RANGE", "INT4RANGE", [], ["AbstractRange"]),
    class!(Postgresql, "INT8RANGE", "INT8RANGE", [], ["AbstractRange"]),
    class!(Postgresql, "NUMRANGE", "NUMRANGE", [], ["AbstractRange"]),
    class!(Postgresql, "DATERANGE", "DATERANGE", [], ["AbstractRange"]),
    class!(Postgresql, "TSRANGE", "TSRANGE", [], ["AbstractRange"]),
    class!(Postgresql, "TSTZRANGE", "TSTZRANGE", [], ["AbstractRange"]),
    class!(
        Postgresql,
        "INT4MULTIRANGE",
        "INT4MULTIRANGE",
        [],
        ["AbstractRange"]
    ),
    class!(
        Postgresql,
        "INT8MULTIRANGE",
        "INT8MULTIRANGE",
        [],
        ["AbstractRange"]
    ),
    class!(
        Postgresql,
        "NUMMULTIRANGE",
        "NUMMULTIRANGE",
        [],
        ["AbstractRange"]
    ),
    class!(
        Postgresql,
        "DATEMULTIRANGE",
        "DATEMULTIRANGE",
        [],
        ["AbstractRange"]
    ),
    class!(
        Postgresql,
        "TSMULTIRANGE",
        "TSMULTIRANGE",
        [],
        ["AbstractRange"]
    ),
    class!(
        Postgresql,
        "TSTZMULTIRANGE",
        "TSTZMULTIRANGE",
        [],
        ["AbstractRange"]
    ),
    // sqlalchemy.dialects.mysql
    class!(
        Mysql,
        "BIGINT",
        "BIGINT",
        ["display_width"],
        ["Integer", "BigInteger", "MySQLNumeric"]
    ),
    class!(
        Mysql,
        "INTEGER",
        "INTEGER",
        ["display_width"],
        ["Integer", "MySQLNumeric"]
    ),
    class!(
        Mysql,
        "MEDIUMINT",
        "MEDIUMINT",
        ["display_width"],
        ["Integer", "MySQLNumeric"]
    ),
    class!(
        Mysql,
        "SMALLINT",
        "SMALLINT",
        ["display_width"],
        ["Integer", "SmallInteger", "MySQLNumeric"]
    ),
    class!(
        Mysql,
        "TINYINT",
        "TINYINT",
        ["display_width"],
        ["Integer", "MySQLNumeric"]
    ),
    class!(Mysql, "BIT", "BIT", ["length"], ["BIT"]),
    class!(Mysql, "CHAR", "CHAR", ["length"], ["String", "MySQLString"]),
    class!(
        Mysql,
        "NCHAR",
        "NCHAR",
        ["length"],
        ["String", "Unicode", "MySQLString"]
    ),
    class!(
        Mysql,
        "NVARCHAR",
        "NVARCHAR",
        ["length"],
        ["String", "Unicode", "MySQLString"]
    ),
    class!(
        Mysql,
        "VARCHAR",
        "VARCHAR",
        ["length"],
        ["String", "MySQLString"]
    ),
    class!(
        Mysql,
        "TEXT",
        "TEXT",
        ["length"],
        ["String", "Text", "MySQLString"]
    ),
    class!(
        Mysql,
        "TINYTEXT",
        "TINYTEXT",
        [],
        ["String", "Text", "MySQLString"]
    ),
    class!(
        Mysql,
        "MEDIUMTEXT",
        "MEDIUMTEXT",
        [],
        ["String", "Text", "MySQLString"]
    ),
    class!(
        Mysql,
        "LONGTEXT",
        "LONGTEXT",
        [],
        ["String", "Text", "MySQLString"]
    ),
    class!(
        Mysql,
        "DATETIME",
        "DATETIME",
        ["timezone", "fsp"],
        ["DateTime"]
    ),
    class!(Mysql, "TIME", "TIME", ["timezone", "fsp"], ["Time"]),
    class!(
        Mysql,
        "TIMESTAMP",
        "TIMESTAMP",
        ["timezone", "fsp"],
        ["DateTime", "TIMESTAMP"]
    ),
    class!(
        Mysql,
        "DECIMAL",
        "DECIMAL",
        ["precision", "scale"],
        ["Numeric", "MySQLNumeric"]
    ),
    class!(
        Mysql,
        "NUMERIC",
        "NUMERIC",
        ["precision", "scale"],
        ["Numeric", "MySQLNumeric"]
    ),
    class!(
        Mysql,
        "DOUBLE",
        "DOUBLE",
        ["precision", "scale"],
        ["Float", "Numeric", "MySQLNumeric"]
    ),
    class!(
        Mysql,
        "FLOAT",
        "FLOAT",
        ["precision", "scale"],
        ["Float", "Numeric", "MySQLNumeric"]
    ),
    class!(
        Mysql,
        "REAL",
        "REAL",
        ["precision", "scale"],
        ["Float", "Numeric", "MySQLNumeric"]
    ),
    class!(
        Mysql,
        "ENUM",
        "ENUM",
        [],
        ["ENUM", "String", "Enum", "SchemaType", "MySQLString"]
    ),
    class!(Mysql, "SET", "SET", [], ["String", "MySQLString"]),
    class!(Mysql, "JSON", "JSON", ["none_as_null"], ["JSON"]),
    class!(Mysql, "TINYBLOB", "TINYBLOB", ["length"], ["_Binary"]),
    class!(Mysql, "MEDIUMBLOB", "MEDIUMBLOB", ["length"], ["_Binary"]),
    class!(Mysql, "LONGBLOB", "LONGBLOB", ["length"], ["_Binary"]),
    class!(Mysql, "YEAR", "YEAR", ["display_width"], ["YEAR"]),
    // sqlalchemy.dialects.sqlite
    class!(Sqlite, "DATE", "date", [], ["Date"]),
    class!(Sqlite, "DATETIME", "datetime", [], ["DateTime"]),
    class!(Sqlite, "TIME", "time", [], ["Time"]),
    class!(Sqlite, "JSON", "JSON", ["none_as_null"], ["JSON"]),
    class!(Sqlite, "JSONB", "JSONB", ["none_as_null"], ["JSON"]),
];

/// Re-exports of generic classes under the dialect modules.
const GENERIC_REEXPORTS: &[&str] = &[
    "BIGINT",
    "BINARY",
    "BLOB",
    "BOOLEAN",
    "CHAR",
    "DATE",
    "DATETIME",
    "DECIMAL",
    "DOUBLE",
    "DOUBLE_PRECISION",
    "FLOAT",
    "INTEGER",
    "NCHAR",
    "NUMERIC",
    "NVARCHAR",
    "REAL",
    "SMALLINT",
    "TEXT",
    "TIME",
    "TIMESTAMP",
    "UUID",
    "VARBINARY",
    "VARCHAR",
];

fn find(module: Module, name: &str) -> Option<&'static Class> {
    CLASSES
        .iter()
        .find(|c| c.module == module && c.name == name)
        .or_else(|| {
            (module != Module::Generic && GENERIC_REEXPORTS.contains(&name))
                .then(|| find(Module::Generic, name))
                .flatten()
        })
}

/// A type resolved for a dialect: its `with_variant` applied and its class known.
#[derive(Debug, Clone, Copy)]
pub struct TypeView<'a> {
    /// The class.
    pub class: &'static Class,
    /// The type as written.
    pub ty: &'a SqlType,
}

/// How a value is rendered as a literal of a type (`literal_processor`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LiteralFamily {
    /// `String` and its subclasses: quoted.
    String,
    /// `Enum`: quoted, and only its labels.
    Enum(Vec<String>),
    /// `Integer`: `str(int(value))`.
    Integer,
    /// `Numeric` / `Float`: `str(value)` once it parses as a decimal.
    Numeric,
    /// `Boolean`: the dialect's true / false.
    Boolean,
    /// A processor that only takes values Retort has no literal for (dates, bytes,
    /// arrays, UUIDs): every value fails.
    Failing,
    /// No literal processor at all (`JSON`, `NullType`).
    None,
}

impl<'a> TypeView<'a> {
    /// The type as compiled for `d`: a `with_variant` for the dialect replaces it.
    /// `None` for a type from outside SQLAlchemy.
    pub fn resolve(d: &dyn Dialect, ty: &'a SqlType) -> Option<TypeView<'a>> {
        let ty = ty
            .variants
            .iter()
            .find(|(name, _)| name == d.name())
            .map_or(ty, |(_, v)| v);
        Self::of(ty)
    }

    /// The type's class, without variants.
    pub fn of(ty: &'a SqlType) -> Option<TypeView<'a>> {
        let module = match &ty.dialect {
            TypeDialect::Generic => Module::Generic,
            TypeDialect::Postgresql => Module::Postgresql,
            TypeDialect::Mysql => Module::Mysql,
            TypeDialect::Sqlite => Module::Sqlite,
            TypeDialect::Custom(_) => return None,
        };
        find(module, &ty.name).map(|class| TypeView { class, ty })
    }

    /// `isinstance(type_, <generic class>)`.
    pub fn is(&self, generic: &str) -> bool {
        self.class.isa.contains(&generic)
    }

    /// `type_._type_affinity`, by generic class name.
    pub fn affinity(&self) -> &'static str {
        match self.class.isa.first().copied() {
            Some("Enum") | Some("MySQLString") => "String",
            Some(a) => a,
            None => self.class.name,
        }
    }

    /// A parameter by name, positional or keyword.
    pub fn param(&self, name: &str) -> Option<&'a Value> {
        if let Some(v) = self.ty.kwarg(name) {
            return Some(v);
        }
        let pos = self.class.params.iter().position(|p| *p == name)?;
        self.ty.args.get(pos)
    }

    fn int_param(&self, name: &str) -> Option<i64> {
        self.param(name).and_then(Value::as_int)
    }

    fn bool_param(&self, name: &str) -> Option<bool> {
        match self.param(name)? {
            Value::Bool(b) => Some(*b),
            Value::None => None,
            Value::Int(i) => Some(*i != 0),
            _ => None,
        }
    }

    fn str_param(&self, name: &str) -> Option<&'a str> {
        self.param(name).and_then(Value::as_str)
    }

    /// Enum labels, when statically known (`None` for an enum class argument).
    pub fn enum_labels(&self) -> Option<Vec<String>> {
        let mut out = Vec::new();
        for arg in &self.ty.args {
            match arg {
                Value::Str(s) => out.push(s.clone()),
                Value::List(items) => {
                    for item in items {
                        out.push(item.as_str()?.to_owned());
                    }
                }
                _ => return None,
            }
        }
        Some(out)
    }

    /// `Enum(name=…)`, or the lower-cased name of a Python enum class argument.
    pub fn enum_name(&self) -> Option<String> {
        if let Some(v) = self.ty.kwarg("name") {
            return v.as_str().map(str::to_owned);
        }
        match self.ty.args.first() {
            Some(Value::Unknown(src)) if self.ty.args.len() == 1 => src
                .rsplit('.')
                .next()
                .map(|s| s.trim_end_matches("()").to_lowercase()),
            _ => None,
        }
    }

    /// `Enum(schema=…)`.
    pub fn enum_schema(&self) -> Option<&'a str> {
        self.str_param("schema")
    }

    /// Whether an `Enum` is native (`native_enum=True`, the default).
    pub fn native_enum(&self) -> bool {
        self.class.module == Module::Postgresql || self.bool_param("native_enum").unwrap_or(true)
    }

    /// `create_constraint=` of `Boolean` / `Enum` (default False).
    pub fn create_constraint(&self) -> bool {
        self.bool_param("create_constraint").unwrap_or(false)
    }

    /// `create_type=` of PostgreSQL named types (default True).
    pub fn create_type(&self) -> bool {
        self.bool_param("create_type").unwrap_or(true)
    }

    /// The `name=` of a `Boolean` / `Enum`, naming its CHECK constraint.
    pub fn type_name(&self) -> Option<String> {
        if self.is("Enum") {
            self.enum_name()
        } else {
            self.str_param("name").map(str::to_owned)
        }
    }

    /// The VARCHAR length a non-native `Enum` gets: `length=` or its longest label.
    /// `Err` when the labels are not known statically.
    pub fn string_length(&self) -> Rendered<Option<i64>> {
        if self.is("Enum") {
            if let Some(len) = self.int_param("length") {
                return Ok(Some(len));
            }
            let labels = self.enum_labels().ok_or_else(|| {
                RenderError::unknown(format!(
                    "the labels of `{}` are not known statically",
                    self.ty.name
                ))
            })?;
            return Ok(Some(
                labels
                    .iter()
                    .map(|l| l.chars().count() as i64)
                    .max()
                    .unwrap_or(0),
            ));
        }
        Ok(self.int_param("length"))
    }

    /// `native_uuid=` of `Uuid` (default True).
    pub fn native_uuid(&self) -> bool {
        self.bool_param("native_uuid").unwrap_or(true)
    }

    /// `timezone=`.
    pub fn timezone(&self) -> bool {
        self.bool_param("timezone").unwrap_or(false)
    }

    /// The item type of an ARRAY.
    pub fn item_type(&self) -> Option<&'a SqlType> {
        self.param("item_type").and_then(Value::as_type)
    }

    /// How `literal_processor` renders values of this type.
    pub(crate) fn literal_family(&self) -> LiteralFamily {
        if self.is("Enum") {
            return match self.enum_labels() {
                Some(labels) => LiteralFamily::Enum(labels),
                None => LiteralFamily::String,
            };
        }
        match self.affinity() {
            "String" => LiteralFamily::String,
            "Integer" => LiteralFamily::Integer,
            "Numeric" | "Float" => LiteralFamily::Numeric,
            "Boolean" => LiteralFamily::Boolean,
            "JSON" | "NullType" => LiteralFamily::None,
            _ => LiteralFamily::Failing,
        }
    }

    /// `str(type_)` as SQLAlchemy prints a type in messages (its default-dialect DDL).
    pub fn display(&self) -> String {
        let generic = crate::dialect::Generic;
        compile_view(&generic, self).unwrap_or_else(|_| self.class.name.to_uppercase())
    }
}

/// Compiles a type for a dialect (`dialect.type_compiler.process(type_)`).
pub(crate) fn compile(d: &dyn Dialect, ty: &SqlType) -> Rendered {
    let view = TypeView::resolve(d, ty).ok_or_else(|| unknown_type(ty))?;
    compile_view(d, &view)
}

pub(crate) fn unknown_type(ty: &SqlType) -> RenderError {
    let name = match &ty.dialect {
        TypeDialect::Custom(path) => path.clone(),
        _ => ty.name.clone(),
    };
    RenderError::unknown(format!(
        "the type `{name}` is not one of SQLAlchemy's; Retort cannot tell what DDL it compiles to"
    ))
}

/// Compiles a resolved type.
pub(crate) fn compile_view(d: &dyn Dialect, t: &TypeView<'_>) -> Rendered {
    visit(d, t.class.visit, t)
}

/// `self.visit_<name>(type_)`: the dialect's override, else the generic compiler.
pub(crate) fn visit(d: &dyn Dialect, name: &str, t: &TypeView<'_>) -> Rendered {
    match d.visit_type(name, t) {
        Some(r) => r,
        None => generic_visit(d, name, t),
    }
}

/// `UnsupportedCompilationError`.
pub(crate) fn unsupported(d: &dyn Dialect, t: &TypeView<'_>) -> RenderError {
    RenderError::compile(format!(
        "Compiler <{}> can't render element of type {}",
        d.type_compiler_class(),
        t.class.name
    ))
}

/// `_render_string_type`.
pub(crate) fn string_type(d: &dyn Dialect, name: &str, t: &TypeView<'_>) -> Rendered {
    let mut text = name.to_owned();
    if let Some(len) = t.string_length()? {
        if len != 0 {
            text.push_str(&format!("({len})"));
        }
    }
    if let Some(collation) = t.str_param("collation") {
        text.push_str(" COLLATE ");
        if let Some(schema) = t.str_param("collation_schema") {
            text.push_str(&ident::quote(d, schema));
            text.push('.');
        }
        text.push_str(&ident::quote(d, collation));
    }
    Ok(text)
}

fn precision_scale(name: &str, t: &TypeView<'_>) -> String {
    match (t.int_param("precision"), t.int_param("scale")) {
        (None, _) => name.to_owned(),
        (Some(p), None) => format!("{name}({p})"),
        (Some(p), Some(s)) => format!("{name}({p}, {s})"),
    }
}

/// `GenericTypeCompiler`.
pub(crate) fn generic_visit(d: &dyn Dialect, name: &str, t: &TypeView<'_>) -> Rendered {
    Ok(match name {
        "integer" => return visit(d, "INTEGER", t),
        "small_integer" => return visit(d, "SMALLINT", t),
        "big_integer" => return visit(d, "BIGINT", t),
        "INTEGER" => "INTEGER".to_owned(),
        "SMALLINT" => "SMALLINT".to_owned(),
        "BIGINT" => "BIGINT".to_owned(),
        "numeric" => return visit(d, "NUMERIC", t),
        "NUMERIC" => precision_scale("NUMERIC", t),
        "DECIMAL" => precision_scale("DECIMAL", t),
        "float" => return visit(d, "FLOAT", t),
        "FLOAT" => "FLOAT".to_owned(),
        "real" => return visit(d, "REAL", t),
        "REAL" => "REAL".to_owned(),
        "double" => return visit(d, "DOUBLE", t),
        "DOUBLE" => "DOUBLE".to_owned(),
        "DOUBLE_PRECISION" => "DOUBLE PRECISION".to_owned(),
        "string" | "unicode" | "enum" => return visit(d, "VARCHAR", t),
        "text" | "unicode_text" => return visit(d, "TEXT", t),
        "VARCHAR" => return string_type(d, "VARCHAR", t),
        "CHAR" => return string_type(d, "CHAR", t),
        "NCHAR" => return string_type(d, "NCHAR", t),
        "NVARCHAR" => return string_type(d, "NVARCHAR", t),
        "TEXT" => return string_type(d, "TEXT", t),
        "CLOB" => "CLOB".to_owned(),
        "boolean" => return visit(d, "BOOLEAN", t),
        "BOOLEAN" => "BOOLEAN".to_owned(),
        "date" => return visit(d, "DATE", t),
        "DATE" => "DATE".to_owned(),
        "datetime" => return visit(d, "DATETIME", t),
        "DATETIME" => "DATETIME".to_owned(),
        "TIMESTAMP" => "TIMESTAMP".to_owned(),
        "time" => return visit(d, "TIME", t),
        "TIME" => "TIME".to_owned(),
        "large_binary" => return visit(d, "BLOB", t),
        "BLOB" => "BLOB".to_owned(),
        "BINARY" => match t.int_param("length") {
            Some(n) if n != 0 => format!("BINARY({n})"),
            _ => "BINARY".to_owned(),
        },
        "VARBINARY" => match t.int_param("length") {
            Some(n) if n != 0 => format!("VARBINARY({n})"),
            _ => "VARBINARY".to_owned(),
        },
        "uuid" => {
            if t.native_uuid() && d.supports_native_uuid() {
                return visit(d, "UUID", t);
            }
            "CHAR(32)".to_owned()
        }
        "UUID" => "UUID".to_owned(),
        "type_decorator" => return type_decorator_impl(d, t),
        "null" => return Err(RenderError::compile(
            "Can't generate DDL for NullType(); did you forget to specify a type on this Column?",
        )),
        _ => return Err(unsupported(d, t)),
    })
}

/// `visit_type_decorator`: the decorator's implementation type for the dialect.
fn type_decorator_impl(d: &dyn Dialect, t: &TypeView<'_>) -> Rendered {
    let implementation = match t.class.name {
        "Interval" => "DateTime",
        "PickleType" => "LargeBinary",
        _ => return Err(unsupported(d, t)),
    };
    let ty = SqlType::generic(implementation);
    compile(d, &ty)
}

/// `Boolean` / `Enum` CHECK constraints (`_should_create_constraint`): the SQL text
/// of the constraint a column of this type gets, if any.
pub(crate) fn type_bound_check(d: &dyn Dialect, column: &str, t: &TypeView<'_>) -> Option<String> {
    if !t.create_constraint() {
        return None;
    }
    let col = ident::quote(d, column);
    if t.is("Boolean") {
        if d.supports_native_boolean() {
            return None;
        }
        return Some(format!("{col} IN (0, 1)"));
    }
    if t.is("Enum") {
        if t.native_enum() && d.supports_native_enum() {
            return None;
        }
        let labels = t.enum_labels()?;
        let items: Vec<String> = labels
            .iter()
            .map(|l| crate::expr::string_literal(d, l))
            .collect();
        return Some(format!("{col} IN ({})", items.join(", ")));
    }
    None
}
