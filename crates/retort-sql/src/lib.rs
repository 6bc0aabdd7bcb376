//! Offline SQL: what `alembic upgrade … --sql` and `alembic downgrade … --sql` print,
//! rendered from Retort's IR for PostgreSQL, SQLite, MySQL and SQLAlchemy's generic
//! dialect, byte for byte.
//!
//! The layers mirror Alembic's and SQLAlchemy's:
//! - [`Dialect`]: one trait of capabilities and rendering hooks (sqlparser-rs style),
//!   whose defaults are SQLAlchemy's generic compilers and Alembic's `DefaultImpl`;
//!   [`PostgreSql`], [`Sqlite`], [`MySql`] override what differs.
//! - types, DDL and expressions: SQLAlchemy's type, DDL and statement compilers.
//! - ops: Alembic's `toimpl` and impl methods, op by op, including batch mode's
//!   move-and-copy with the table definition taken from the [`Catalog`].
//! - [`render_migration`]: the migration context around the ops — log lines,
//!   `BEGIN` / `COMMIT`, the `alembic_version` table, `-- Running …` comments.
//!
//! Where Alembic raises instead of rendering, the op becomes a [`Diagnostic`] with
//! Alembic's message and rendering carries on.
//!
//! Architecture Invariant: no IO, no panics on any input; everything returned is plain
//! serialisable data.
//!
//! [`Catalog`]: retort_catalog::Catalog
//! [`Diagnostic`]: retort_ir::Diagnostic

mod alter;
mod batch;
pub mod codes;
mod context;
mod ddl;
pub mod dialect;
mod error;
mod expr;
mod ident;
mod ops;
pub mod schema;
pub mod types;

pub use alter::AlterColumnSpec;
pub use batch::BatchCall;
pub use context::{
    render_migration, render_ops, Direction, MigrationPlan, MigrationStep, RenderOptions,
    SqlScript, VersionChange,
};
pub use ddl::DropConstraintSpec;
pub use dialect::{dialect_for_name, Dialect, Generic, MySql, PostgreSql, Sqlite};
pub use error::{ErrorKind, RenderError, Rendered};
