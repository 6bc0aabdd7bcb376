//! PostgreSQL named enum types carried by column types (`sa.Enum(..., name='x')`,
//! `postgresql.ENUM(...)`, also inside `ARRAY(...)` and `.with_variant(..., 'postgresql')`).

use retort_ir::{SqlType, TypeDialect, Value};

use crate::EnumType;

/// A named enum type as a column type describes it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EnumSpec {
    /// The type.
    pub enum_type: EnumType,
    /// Whether creating a table with this column creates the type (`create_type=`, no
    /// `metadata=`): SQLAlchemy's `before_create` event on PostgreSQL.
    pub created_with_table: bool,
}

/// What a column type means for PostgreSQL named enum types.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum EnumUse {
    /// A named type.
    Named(EnumSpec),
    /// A native enum without a name, which PostgreSQL cannot have.
    Unnamed,
}

/// The PostgreSQL enum type a column of `type_`, in a table of `table_schema`, holds
/// its values in (an `ARRAY` of enums: the items' type); `None` for any other type.
/// Its labels are the catalog's [`EnumType`] of that key, not the column's: `ALTER TYPE
/// … ADD VALUE` changes the type, and a column declared with other labels still takes
/// the type's.
pub fn enum_type_key(type_: &SqlType, table_schema: Option<&str>) -> Option<crate::QualifiedName> {
    enum_uses(type_, table_schema)
        .into_iter()
        .find_map(|usage| match usage {
            EnumUse::Named(spec) => Some(spec.enum_type.key()),
            EnumUse::Unnamed => None,
        })
}

/// The named enum types a column of `type_` uses on PostgreSQL, in a table of `table_schema`.
pub(crate) fn enum_uses(type_: &SqlType, table_schema: Option<&str>) -> Vec<EnumUse> {
    let mut out = Vec::new();
    collect(type_, table_schema, &mut out);
    out
}

fn collect(type_: &SqlType, table_schema: Option<&str>, out: &mut Vec<EnumUse>) {
    // On PostgreSQL a `with_variant(..., "postgresql")` replaces the base type.
    let type_ = type_
        .variants
        .iter()
        .find(|(dialect, _)| dialect == "postgresql")
        .map_or(type_, |(_, t)| t);
    let is_enum = match type_.dialect {
        TypeDialect::Generic => type_.name == "Enum",
        TypeDialect::Postgresql => type_.name == "ENUM",
        _ => false,
    };
    if type_.name == "ARRAY"
        && matches!(
            type_.dialect,
            TypeDialect::Generic | TypeDialect::Postgresql
        )
    {
        if let Some(Value::Type(item)) = type_.arg(0, "item_type") {
            collect(item, table_schema, out);
        }
        return;
    }
    if !is_enum || type_.kwarg("native_enum").and_then(Value::as_bool) == Some(false) {
        return;
    }
    let name = match type_.kwarg("name") {
        Some(Value::Str(name)) => Some(name.clone()),
        // `sa.Enum(MyEnum)`: SQLAlchemy names the type after the class, lower-cased.
        _ => match type_.args.as_slice() {
            [Value::Unknown(class)] => class.rsplit('.').next().map(str::to_lowercase),
            _ => None,
        },
    };
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        if type_.kwarg("name").is_none() {
            out.push(EnumUse::Unnamed);
        }
        return;
    };
    let labels = type_
        .args
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect::<Option<Vec<_>>>();
    let schema = match type_.kwarg("schema") {
        Some(Value::Str(s)) => Some(s.clone()),
        _ if type_.kwarg("inherit_schema").and_then(Value::as_bool) == Some(true) => {
            table_schema.map(str::to_owned)
        }
        _ => None,
    };
    let created_with_table = type_.kwarg("create_type").and_then(Value::as_bool) != Some(false)
        && type_.kwarg("metadata").is_none();
    out.push(EnumUse::Named(EnumSpec {
        enum_type: EnumType {
            name,
            schema,
            labels,
        },
        created_with_table,
    }));
}
