//! The logical schema catalog at each revision, updated by applying IR ops.
//!
//! A [`Catalog`] is Retort's model of the database schema at one revision: tables with
//! their columns (SQLAlchemy types, nullability, server defaults, comments), primary,
//! unique and foreign keys, CHECK and EXCLUDE constraints, indexes, PostgreSQL enum
//! types and table comments. [`Catalog::apply`] updates it with one IR [`Op`] the way
//! Alembic and SQLAlchemy would (column shorthands expanded as `Table()` does, names
//! from the [`NamingConvention`] in force, dependent objects following renames and
//! drops as PostgreSQL's do) and reports every op that cannot apply as a
//! [`Diagnostic`] with a stable code from [`codes`]. [`Catalog::diff`] lists the
//! structural differences between two catalogs; [`Catalog::render_text`] prints one.
//!
//! # Modelling choices
//!
//! - **Shorthands** expand as SQLAlchemy's `Table()` does: `primary_key=True` columns form
//!   the primary key in column order (a `PrimaryKeyConstraint` with columns wins, with a
//!   warning when they disagree); primary key columns are NOT NULL unless `nullable=`
//!   says otherwise; `unique=True` is an unnamed unique constraint, `index=True` an index
//!   (unique when `unique=True` too, and then no constraint); each `sa.ForeignKey` is a
//!   one-column foreign key; inline checks are checks that remember their column.
//! - **Names** come from [`ApplyContext::naming_convention`]: Alembic's `op.*` objects
//!   live on a `MetaData` carrying `target_metadata`'s convention, or SQLAlchemy's
//!   default (`ix` only). `op.f()` names are verbatim; a template with
//!   `%(constraint_name)s` applies to named objects too, including what
//!   `drop_constraint` / `drop_index` name. Unnamed constraints stay `name: None`; when
//!   dropped by name they are found by the name the dialect gave them (PostgreSQL
//!   `<table>_pkey`, `<table>_<cols>_key`, …; MySQL `PRIMARY`, …) or by a batch
//!   `naming_convention=`.
//! - **Cascades** follow PostgreSQL: dropping a column drops the keys, checks, indexes
//!   (also expression and partial ones) and exclude constraints involving it; renaming a
//!   column rewrites them, computed columns and foreign keys pointing at it; renaming a
//!   table moves the foreign keys pointing at it. Objects in *other* places that depend
//!   on what is dropped are reported (`dependent-objects`) and left dangling, as SQLite
//!   leaves them.
//! - **Enum types** (`enums`) are what Alembic leaves in a PostgreSQL database:
//!   `create_table` creates the named enums of its columns (unless `create_type=False`);
//!   `add_column` and `alter_column` create none; `drop_table` drops none (Alembic's
//!   `drop_table` builds a table without columns, so no `DROP TYPE` is emitted). The data
//!   is kept for every dialect; [`SchemaChange::applies_to`] tells whether it matters.
//! - **Errors**: see [`Catalog::apply`]. After an opaque step the catalog is
//!   [uncertain](Catalog::uncertain) and its errors are reported as warnings.
//!
//! Architecture Invariant: this crate does no IO and never panics on any input; a
//! wrong op is a diagnostic, and the catalog stays usable after it.
//!
//! [`Op`]: retort_ir::Op

mod apply;
mod build;
pub mod codes;
mod diff;
mod enums;
mod model;
mod naming;
mod render;
mod sql_text;
mod types;

pub use apply::{schema_ddl, ApplyContext};
pub use diff::{ColumnChange, SchemaChange};
pub use enums::enum_type_key;
pub use model::{
    Catalog, CatalogColumn, CatalogIndex, CheckConstraint, ConstraintDef, EnumType,
    ExcludeConstraint, ForeignKey, PrimaryKey, QualifiedName, Table, Uncertainty, UniqueConstraint,
};
pub use naming::{ConventionKind, NamingConvention, NamingSubject};
pub use retort_ir::Diagnostic;
pub use types::{type_repr, value_repr};
