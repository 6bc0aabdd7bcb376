//! The analysis façade: a workspace of files in, plain serialisable results out.
//!
//! This is what the CLI and the web worker call. It ties the crates together:
//! discovery → front end → revision graph → catalog per revision → offline SQL.
//!
//! Architecture Invariant: no IO. The caller reads files (the CLI from disk, the web
//! app from the user's drop) and hands over [`SourceFile`]s.

pub mod discover;
mod models;
mod modules;
mod project;
mod schema;
mod sql;
pub mod workspace;

pub use discover::Layout;
pub use models::{
    GeneratedRevision, ModelCheckOptions, ModelOptions, ModelReport, SqlAlchemyVersion,
};
pub use modules::WorkspaceModules;
pub use project::{problem_range, LoadOptions, Project, ReadCache};
pub use retort_catalog as catalog;
pub use retort_graph as graph;
pub use retort_models;
pub use retort_sql;
pub use schema::{SchemaAt, WalkMemo};
pub use sql::{OfflineSqlError, SqlCommand};
pub use workspace::{render_diagnostic, SourceFile};
