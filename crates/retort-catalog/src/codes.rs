//! The stable codes of the diagnostics [`Catalog::apply`](crate::Catalog::apply) reports.
//!
//! Errors are what the database (or SQLAlchemy) would reject; once the catalog is
//! [uncertain](crate::Catalog::uncertain) they are reported as warnings, since the step
//! Retort could not follow may explain them.

/// A table the op needs does not exist.
pub const TABLE_NOT_FOUND: &str = "table-not-found";
/// `create_table` / `rename_table` to a name a table already has.
pub const TABLE_EXISTS: &str = "table-exists";
/// A column the op needs does not exist.
pub const COLUMN_NOT_FOUND: &str = "column-not-found";
/// `add_column` / a rename to a name a column already has.
pub const COLUMN_EXISTS: &str = "column-exists";
/// The same column name twice in one `create_table`.
pub const DUPLICATE_COLUMN: &str = "duplicate-column";
/// An index the op drops does not exist.
pub const INDEX_NOT_FOUND: &str = "index-not-found";
/// An index name already used in the schema.
pub const INDEX_EXISTS: &str = "index-exists";
/// An index left without a name (no name and no `ix` naming convention).
pub const INDEX_NAME_REQUIRED: &str = "index-name-required";
/// `drop_index` names a table the index is not on (MySQL needs the right one).
pub const INDEX_TABLE_MISMATCH: &str = "index-table-mismatch";
/// A constraint the op drops does not exist.
pub const CONSTRAINT_NOT_FOUND: &str = "constraint-not-found";
/// A constraint name already used on the table.
pub const CONSTRAINT_EXISTS: &str = "constraint-exists";
/// `drop_constraint(None, …)`: Alembic cannot drop an unnamed constraint.
pub const CONSTRAINT_NAME_REQUIRED: &str = "constraint-name-required";
/// `drop_constraint(type_=…)` names another kind than the constraint has.
pub const CONSTRAINT_KIND_MISMATCH: &str = "constraint-kind-mismatch";
/// A second primary key on a table that has one.
pub const PRIMARY_KEY_EXISTS: &str = "primary-key-exists";
/// `primary_key=True` columns and a `PrimaryKeyConstraint` disagree.
pub const PRIMARY_KEY_MISMATCH: &str = "primary-key-mismatch";
/// `alter_column(nullable=True)` on a primary key column.
pub const PRIMARY_KEY_NULLABLE: &str = "primary-key-nullable";
/// `add_column` with `primary_key=True`: Alembic adds no PRIMARY KEY constraint.
pub const ADD_COLUMN_PRIMARY_KEY: &str = "add-column-primary-key";
/// A foreign key to a table or column that does not exist.
pub const FOREIGN_KEY_TARGET_NOT_FOUND: &str = "foreign-key-target-not-found";
/// A foreign key to columns without a primary key or unique constraint on them.
pub const FOREIGN_KEY_TARGET_NOT_UNIQUE: &str = "foreign-key-target-not-unique";
/// A foreign key SQLAlchemy cannot build (bad target, column counts differ).
pub const INVALID_FOREIGN_KEY: &str = "invalid-foreign-key";
/// Dropping something other objects depend on (foreign keys, computed columns).
pub const DEPENDENT_OBJECTS: &str = "dependent-objects";
/// `create_table` on PostgreSQL creates an enum type that already exists.
pub const ENUM_TYPE_EXISTS: &str = "enum-type-exists";
/// `add_column` / `alter_column` with an enum type that nothing created.
pub const ENUM_TYPE_NOT_CREATED: &str = "enum-type-not-created";
/// A native enum without a name on PostgreSQL.
pub const ENUM_NAME_REQUIRED: &str = "enum-name-required";
/// A naming convention that cannot name the object.
pub const NAMING_CONVENTION_ERROR: &str = "naming-convention-error";
/// `batch_alter_table(partial_reordering=…)` that cannot be satisfied.
pub const INVALID_PARTIAL_REORDERING: &str = "invalid-partial-reordering";
/// Adding or dropping a constraint on SQLite outside batch mode: Alembic raises
/// `NotImplementedError`.
pub const SQLITE_ALTER_CONSTRAINT: &str = "sqlite-alter-constraint";
/// An opaque step: the catalog may be incomplete from here on.
pub const OP_NOT_FOLLOWED: &str = "op-not-followed";
