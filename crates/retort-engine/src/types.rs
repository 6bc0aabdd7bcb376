//! SQLAlchemy / dialect types to the types GlueSQL stores, and the value rules GlueSQL
//! cannot check that the declared type implies (string length, enum labels).
//!
//! The declared type stays in the catalog; this is only how the rows are held.

use gluesql_core::ast::DataType;
use retort_ir::{SqlType, TypeDialect, Value};

use crate::Dialect;

/// A rule on values the engine checks itself after each write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ValueRule {
    /// `VARCHAR(n)`: at most `length` characters.
    MaxLength {
        /// The limit.
        length: i64,
        /// The type as the database names it in messages (`character varying`).
        type_name: &'static str,
    },
    /// A native enum: one of `labels`.
    Labels {
        /// The enum type's name, for messages.
        name: String,
        /// The allowed values.
        labels: Vec<String>,
    },
    /// `NUMERIC(precision, scale)`: values are rounded to `scale` digits after the
    /// point, and must then have at most `precision - scale` digits before it.
    Numeric {
        /// Significant digits in all.
        precision: u32,
        /// Digits after the point.
        scale: u32,
    },
}

/// How a column of a declared type is held in GlueSQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Physical {
    /// GlueSQL's type.
    pub data_type: DataType,
    /// What the engine checks on top.
    pub rule: Option<ValueRule>,
}

/// The type of `type_` for `dialect`: a `with_variant(..., dialect)` wins over the base type.
pub(crate) fn effective(type_: &SqlType, dialect: Dialect) -> &SqlType {
    type_
        .variants
        .iter()
        .find(|(d, _)| d == dialect.name())
        .map_or(type_, |(_, t)| t)
}

/// GlueSQL's type for a declared type (`None`: not known, held as text).
pub(crate) fn physical(type_: Option<&SqlType>, dialect: Dialect) -> Physical {
    let Some(type_) = type_ else {
        return Physical {
            data_type: DataType::Text,
            rule: None,
        };
    };
    let type_ = effective(type_, dialect);
    let narrow = dialect.has_narrow_integers();
    let name = type_.name.as_str();
    let custom = matches!(type_.dialect, TypeDialect::Custom(_));
    let text = |rule| Physical {
        data_type: DataType::Text,
        rule,
    };
    let plain = |data_type| Physical {
        data_type,
        rule: None,
    };
    if custom {
        return text(None);
    }
    match name {
        "Integer" | "INTEGER" | "INT" | "MEDIUMINT" | "SERIAL" => plain(if narrow {
            DataType::Int32
        } else {
            DataType::Int
        }),
        "SmallInteger" | "SMALLINT" | "SMALLSERIAL" => plain(if narrow {
            DataType::Int16
        } else {
            DataType::Int
        }),
        "TINYINT" => plain(if narrow {
            DataType::Int8
        } else {
            DataType::Int
        }),
        "BigInteger" | "BIGINT" | "BIGSERIAL" => plain(DataType::Int),
        "Boolean" | "BOOLEAN" | "BOOL" => plain(DataType::Boolean),
        "Float" | "FLOAT" | "REAL" | "Double" | "DOUBLE" | "DOUBLE_PRECISION" => {
            plain(DataType::Float)
        }
        "Numeric" | "NUMERIC" | "DECIMAL" => Physical {
            data_type: DataType::Decimal,
            rule: numeric_rule(type_, dialect),
        },
        "MONEY" => plain(DataType::Decimal),
        "Date" | "DATE" => plain(DataType::Date),
        "DateTime" | "DATETIME" | "TIMESTAMP" => plain(DataType::Timestamp),
        "Time" | "TIME" => plain(DataType::Time),
        "Interval" | "INTERVAL" => plain(DataType::Interval),
        "LargeBinary" | "BLOB" | "BYTEA" | "BINARY" | "VARBINARY" | "LONGBLOB" | "MEDIUMBLOB"
        | "TINYBLOB" | "PickleType" => plain(DataType::Bytea),
        "Uuid" | "UUID" => plain(DataType::Uuid),
        "INET" => plain(DataType::Inet),
        "ARRAY" => plain(DataType::List),
        "String" | "Unicode" | "VARCHAR" | "NVARCHAR" => {
            text(length_rule(type_, dialect, "character varying"))
        }
        "CHAR" | "NCHAR" => text(length_rule(type_, dialect, "character")),
        "Enum" | "ENUM" => text(enum_rule(type_, dialect)),
        _ => text(None),
    }
}

fn length_rule(type_: &SqlType, dialect: Dialect, type_name: &'static str) -> Option<ValueRule> {
    if !dialect.enforces_string_length() {
        return None;
    }
    let length = type_.arg(0, "length").and_then(Value::as_int)?;
    Some(ValueRule::MaxLength { length, type_name })
}

/// `NUMERIC(p, s)` as the database enforces it; a type without a precision takes the
/// dialect's (MySQL: `DECIMAL(10, 0)`; PostgreSQL: unconstrained).
fn numeric_rule(type_: &SqlType, dialect: Dialect) -> Option<ValueRule> {
    if !dialect.enforces_numeric_precision() {
        return None;
    }
    let precision = type_.arg(0, "precision").and_then(Value::as_int);
    let (precision, scale) = match precision {
        Some(p) => (
            p,
            type_.arg(1, "scale").and_then(Value::as_int).unwrap_or(0),
        ),
        None => dialect.default_numeric_precision()?,
    };
    let (precision, scale) = (u32::try_from(precision).ok()?, u32::try_from(scale).ok()?);
    (precision > 0 && scale <= precision).then_some(ValueRule::Numeric { precision, scale })
}

fn enum_rule(type_: &SqlType, dialect: Dialect) -> Option<ValueRule> {
    let native = type_.kwarg("native_enum").and_then(Value::as_bool) != Some(false);
    let constraint = type_.kwarg("create_constraint").and_then(Value::as_bool) == Some(true);
    if !(native && dialect.enforces_enum_labels() || constraint) {
        return None;
    }
    let labels = type_
        .args
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect::<Option<Vec<_>>>()?;
    if labels.is_empty() {
        return None;
    }
    let name = match type_.kwarg("name") {
        Some(Value::Str(n)) => n.clone(),
        _ => "enum".to_owned(),
    };
    Some(ValueRule::Labels { name, labels })
}

/// Whether GlueSQL holds integers in `data_type`.
pub(crate) fn is_integer(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int
            | DataType::Int128
            | DataType::Uint8
            | DataType::Uint16
            | DataType::Uint32
            | DataType::Uint64
            | DataType::Uint128
    )
}

/// GlueSQL's spelling of a type in DDL.
pub(crate) fn sql_name(data_type: &DataType) -> String {
    data_type.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str, args: Vec<Value>) -> SqlType {
        SqlType {
            args,
            ..SqlType::generic(name)
        }
    }

    #[test]
    fn maps_declared_types_per_dialect() {
        let pg = Dialect::Postgresql;
        let lite = Dialect::Sqlite;
        assert_eq!(
            physical(Some(&t("Integer", vec![])), pg).data_type,
            DataType::Int32
        );
        assert_eq!(
            physical(Some(&t("Integer", vec![])), lite).data_type,
            DataType::Int
        );
        assert_eq!(
            physical(Some(&t("BigInteger", vec![])), pg).data_type,
            DataType::Int
        );
        assert_eq!(
            physical(Some(&t("String", vec![Value::Int(5)])), pg).rule,
            Some(ValueRule::MaxLength {
                length: 5,
                type_name: "character varying"
            })
        );
        assert_eq!(
            physical(Some(&t("String", vec![Value::Int(5)])), lite).rule,
            None
        );
        assert_eq!(
            physical(Some(&t("JSONB", vec![])), pg).data_type,
            DataType::Text
        );
        assert_eq!(physical(None, pg).data_type, DataType::Text);
    }
}
