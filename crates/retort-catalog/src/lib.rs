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

pub use apply::ApplyContext;
pub use diff::{ColumnChange, SchemaChange};
pub use model::{
    Catalog, CatalogColumn, CatalogIndex, CheckConstraint, ConstraintDef, EnumType,
    ExcludeConstraint, ForeignKey, PrimaryKey, QualifiedName, Table, Uncertainty, UniqueConstraint,
};
pub use naming::{ConventionKind, NamingConvention};
pub use retort_ir::Diagnostic;
pub use types::{type_repr, value_repr};
