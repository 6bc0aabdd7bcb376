//! What the database being imitated does: which checks it makes, which messages it
//! prints, how wide its integers are.
//!
//! One value per dialect, with behaviour methods (the shape of sqlparser's `Dialect`),
//! so that the rest of the engine never compares dialect names.

use gluesql_core::ast::DataType;
use serde::{Deserialize, Serialize};

use crate::physical::literal;
use crate::types::{self, ValueRule};

/// The database whose behaviour the engine imitates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// PostgreSQL: strict types and lengths, enforced foreign keys, transactional DDL.
    Postgresql,
    /// SQLite: 64-bit integers everywhere, no length checks, foreign keys off by default
    /// (`PRAGMA foreign_keys` is off unless the application turns it on).
    Sqlite,
    /// MySQL (InnoDB, strict mode).
    Mysql,
}

impl Dialect {
    /// The dialect SQLAlchemy calls `name`; `None` for one the engine does not imitate.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "postgresql" | "postgres" => Some(Self::Postgresql),
            "sqlite" => Some(Self::Sqlite),
            "mysql" | "mariadb" => Some(Self::Mysql),
            _ => None,
        }
    }

    /// SQLAlchemy's dialect name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Postgresql => "postgresql",
            Self::Sqlite => "sqlite",
            Self::Mysql => "mysql",
        }
    }

    /// The lines Alembic logs when it opens a migration context.
    pub fn context_lines(self) -> [&'static str; 2] {
        match self {
            Self::Postgresql => [
                "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.",
                "INFO  [alembic.runtime.migration] Will assume transactional DDL.",
            ],
            Self::Sqlite => [
                "INFO  [alembic.runtime.migration] Context impl SQLiteImpl.",
                "INFO  [alembic.runtime.migration] Will assume non-transactional DDL.",
            ],
            Self::Mysql => [
                "INFO  [alembic.runtime.migration] Context impl MySQLImpl.",
                "INFO  [alembic.runtime.migration] Will assume non-transactional DDL.",
            ],
        }
    }

    /// Whether DDL runs in a transaction (a failed migration leaves nothing behind).
    pub fn transactional_ddl(self) -> bool {
        matches!(self, Self::Postgresql)
    }

    /// Whether foreign keys are checked on writes.
    pub fn enforces_foreign_keys(self) -> bool {
        !matches!(self, Self::Sqlite)
    }

    /// Whether `VARCHAR(n)` rejects longer values.
    pub fn enforces_string_length(self) -> bool {
        !matches!(self, Self::Sqlite)
    }

    /// Whether enums are named types of their own (`CREATE TYPE … AS ENUM`), whose
    /// labels `ALTER TYPE` changes: PostgreSQL's; MySQL's enums are column types.
    pub fn has_named_enum_types(self) -> bool {
        matches!(self, Self::Postgresql)
    }

    /// Whether a native enum column rejects values outside its labels.
    pub fn enforces_enum_labels(self) -> bool {
        !matches!(self, Self::Sqlite)
    }

    /// Whether `NUMERIC(p, s)` rounds values to its scale and refuses the ones with too
    /// many digits (SQLite keeps whatever it is given).
    pub fn enforces_numeric_precision(self) -> bool {
        !matches!(self, Self::Sqlite)
    }

    /// The precision and scale of a `NUMERIC` / `DECIMAL` written without them: MySQL's
    /// `DECIMAL(10, 0)`; `None` where it is unconstrained (PostgreSQL).
    pub fn default_numeric_precision(self) -> Option<(i64, i64)> {
        matches!(self, Self::Mysql).then_some((10, 0))
    }

    /// A value with more digits before the point than `NUMERIC(precision, scale)` allows.
    pub fn numeric_overflow(self, precision: u32, scale: u32, column: &str) -> String {
        match self {
            Self::Mysql => format!("Out of range value for column '{column}' at row 1"),
            _ => {
                let limit = match precision - scale.min(precision) {
                    0 => "1".to_owned(),
                    digits => format!("10^{digits}"),
                };
                format!(
                    "numeric field overflow (a field with precision {precision}, scale {scale} must round to an absolute value less than {limit})"
                )
            }
        }
    }

    /// Whether `INTEGER` is 32 bits wide (and `SMALLINT` 16).
    pub fn has_narrow_integers(self) -> bool {
        !matches!(self, Self::Sqlite)
    }

    /// `NOT NULL` without a default on a table with rows: the database's error.
    pub fn not_null_without_default(self, table: &str, column: &str) -> String {
        match self {
            Self::Postgresql => {
                format!("column \"{column}\" of relation \"{table}\" contains null values")
            }
            Self::Sqlite => "Cannot add a NOT NULL column with default value NULL".to_owned(),
            Self::Mysql => format!("Invalid use of NULL value (column `{column}` of `{table}`)"),
        }
    }

    /// What `ADD COLUMN … NOT NULL` without a default writes into the rows a table
    /// already has: `None` where the database refuses the statement instead
    /// (PostgreSQL, SQLite); on MySQL the type's implicit default as a GlueSQL literal
    /// (0, '', the first enum label, `00:00:00`; JSON `null`), or its error for the
    /// zero date, which its default strict mode (`NO_ZERO_DATE`) refuses.
    pub(crate) fn implicit_default(
        self,
        data_type: &DataType,
        rule: Option<&ValueRule>,
        json: bool,
        column: &str,
    ) -> Option<Result<String, String>> {
        if self != Self::Mysql {
            return None;
        }
        let zero_date = |kind: &str, zero: &str| {
            Err(format!(
                "Incorrect {kind} value: '{zero}' for column '{column}' at row 1"
            ))
        };
        Some(match (data_type, rule) {
            (_, Some(ValueRule::Labels { labels, .. })) if !labels.is_empty() => {
                Ok(literal(&labels[0]))
            }
            (DataType::Boolean, _) => Ok("FALSE".to_owned()),
            (DataType::Float32 | DataType::Float | DataType::Decimal, _) => Ok("0".to_owned()),
            (t, _) if types::is_integer(t) => Ok("0".to_owned()),
            (DataType::Text, _) if json => Ok(literal("null")),
            (DataType::Text, _) => Ok(literal("")),
            (DataType::Bytea, _) => Ok("X''".to_owned()),
            (DataType::Time, _) => Ok(literal("00:00:00")),
            (DataType::Date, _) => zero_date("date", "0000-00-00"),
            (DataType::Timestamp, _) => zero_date("datetime", "0000-00-00 00:00:00"),
            (other, _) => Err(format!(
                "the in-browser engine does not know MySQL's implicit value for a {other} column ({column}); give it a server_default"
            )),
        })
    }

    /// A NULL written into a NOT NULL column.
    pub fn not_null_violation(self, table: &str, column: &str) -> String {
        match self {
            Self::Postgresql => format!(
                "null value in column \"{column}\" of relation \"{table}\" violates not-null constraint"
            ),
            Self::Sqlite => format!("NOT NULL constraint failed: {table}.{column}"),
            Self::Mysql => format!("Column '{column}' cannot be null"),
        }
    }

    /// Two rows with the same key under a unique constraint or index: found when the
    /// key is created, or (`writing`) when a statement writes the second row.
    pub fn unique_violation(
        self,
        table: &str,
        name: Option<&str>,
        columns: &[String],
        value: &str,
        writing: bool,
    ) -> String {
        let name = name.unwrap_or("unique");
        match self {
            Self::Postgresql if writing => format!(
                "duplicate key value violates unique constraint \"{name}\": Key ({})=({value}) already exists",
                columns.join(", ")
            ),
            Self::Postgresql => format!(
                "could not create unique index \"{name}\": Key ({})=({value}) is duplicated",
                columns.join(", ")
            ),
            Self::Sqlite => format!(
                "UNIQUE constraint failed: {}",
                columns
                    .iter()
                    .map(|c| format!("{table}.{c}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Self::Mysql => format!("Duplicate entry '{value}' for key '{table}.{name}'"),
        }
    }

    /// A foreign key whose referenced row is missing.
    pub fn foreign_key_violation(
        self,
        table: &str,
        name: Option<&str>,
        columns: &[String],
        value: &str,
        ref_table: &str,
    ) -> String {
        match self {
            Self::Postgresql => format!(
                "insert or update on table \"{table}\" violates foreign key constraint \"{}\": Key ({})=({value}) is not present in table \"{ref_table}\"",
                name.unwrap_or("fkey"),
                columns.join(", ")
            ),
            Self::Sqlite => "FOREIGN KEY constraint failed".to_owned(),
            Self::Mysql => format!(
                "Cannot add or update a child row: a foreign key constraint fails (`{table}`, FOREIGN KEY ({}) REFERENCES `{ref_table}`)",
                columns.join(", ")
            ),
        }
    }

    /// A row deleted while others still refer to it.
    pub fn foreign_key_restrict(self, ref_table: &str, name: Option<&str>, table: &str) -> String {
        match self {
            Self::Postgresql => format!(
                "update or delete on table \"{ref_table}\" violates foreign key constraint \"{}\" on table \"{table}\"",
                name.unwrap_or("fkey")
            ),
            Self::Sqlite => "FOREIGN KEY constraint failed".to_owned(),
            Self::Mysql => format!(
                "Cannot delete or update a parent row: a foreign key constraint fails (`{table}` REFERENCES `{ref_table}`)"
            ),
        }
    }

    /// A row failing a CHECK constraint: found when the constraint is added, or
    /// (`writing`) when a statement writes the row.
    pub fn check_violation(self, table: &str, name: Option<&str>, writing: bool) -> String {
        match self {
            Self::Postgresql if writing => format!(
                "new row for relation \"{table}\" violates check constraint \"{}\"",
                name.unwrap_or("check")
            ),
            Self::Postgresql => format!(
                "check constraint \"{}\" of relation \"{table}\" is violated by some row",
                name.unwrap_or("check")
            ),
            Self::Sqlite => format!("CHECK constraint failed: {}", name.unwrap_or(table)),
            Self::Mysql => format!(
                "Check constraint '{}' is violated.",
                name.unwrap_or("check")
            ),
        }
    }

    /// A value that does not convert to a column's new type (GlueSQL type `to`).
    pub fn cannot_convert(self, value: &str, to: &str) -> String {
        let pg_type = match to {
            "INT8" | "INT16" => "smallint",
            "INT32" => "integer",
            "INT" | "INT128" => "bigint",
            "FLOAT" | "FLOAT32" => "double precision",
            "DECIMAL" => "numeric",
            "BOOLEAN" => "boolean",
            "DATE" => "date",
            "TIMESTAMP" => "timestamp without time zone",
            "TIME" => "time without time zone",
            "UUID" => "uuid",
            other => other,
        };
        match self {
            Self::Postgresql => format!("invalid input syntax for type {pg_type}: \"{value}\""),
            Self::Mysql => format!("Incorrect {pg_type} value: '{value}'"),
            Self::Sqlite => format!(
                "the in-browser engine cannot hold '{value}' in a {pg_type} column (SQLite would keep it as text)"
            ),
        }
    }

    /// A statement naming a table that does not exist.
    pub fn no_such_table(self, table: &str) -> String {
        match self {
            Self::Postgresql => format!("relation \"{table}\" does not exist"),
            Self::Sqlite => format!("no such table: {table}"),
            Self::Mysql => format!("Table '{table}' doesn't exist"),
        }
    }

    /// A string longer than its column allows.
    pub fn too_long(self, type_name: &str, length: i64, column: &str) -> String {
        match self {
            Self::Mysql => format!("Data too long for column '{column}' at row 1"),
            _ => format!("value too long for type {type_name}({length})"),
        }
    }

    /// A value outside an enum's labels.
    pub fn invalid_enum(self, enum_name: &str, value: &str, column: &str) -> String {
        match self {
            Self::Mysql => format!("Data truncated for column '{column}' at row 1"),
            _ => format!("invalid input value for enum {enum_name}: \"{value}\""),
        }
    }
}
