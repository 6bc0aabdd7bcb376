//! Models against migrations, with Alembic's autogenerate semantics.
//!
//! - [`ModelSchema::build`] turns model modules (read by `retort_parse::parse_models`)
//!   into the tables SQLAlchemy's `MetaData` would hold.
//! - [`head_catalog`] applies every revision's upgrade to get the schema at head.
//! - [`compare`] is autogenerate's compare (Alembic 1.20): the upgrade operations and
//!   the `Detected …` log lines, with the database seen as the dialect reflects it.
//! - [`check_output`] prints what `alembic check` prints; [`render_revision`] writes the
//!   revision file `alembic revision --autogenerate` writes.
//!
//! Everything returned is plain serialisable data, for the CLI and the web drift panel.
//!
//! Architecture Invariant: no IO, no clock, no randomness: the caller passes the
//! revision id and the date a rendered revision carries.

mod compare;
mod head;
mod ops;
mod render;
mod repr;
mod schema;
mod text;
mod to_ir;
mod types;

pub use compare::{compare, reflect_catalog, CompareOptions, Comparison, LogRecord};
pub use head::{head_catalog, upgrade_order, HeadCatalog};
pub use ops::{reverse_groups, AlterColumnOp, AutogenOp, OpGroup};
pub use render::{render_empty_revision, render_ops, render_revision, RevisionTemplate};
pub use repr::type_py_repr as sqlalchemy_type_repr;
pub use schema::ModelSchema;
pub use text::{check_output, describe_op, diffs_repr, log_header, readable_diff, CheckOutput};
pub use to_ir::{to_ir, to_ir_ops};
pub use types::compile_type;

use retort_ir::{Diagnostic, RevisionFile};
use retort_parse::ModelFile;
use serde::{Deserialize, Serialize};

/// Everything a model check finds: the two schemas, what differs, and the problems
/// met on the way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelCheck {
    /// The models' schema.
    pub models: ModelSchema,
    /// The migrations' schema at head.
    pub head: HeadCatalog,
    /// Autogenerate's comparison.
    pub comparison: Comparison,
    /// Diagnostics of the model modules and of building both schemas.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the models' schema and the migrations' head, and compares them. `revisions`
/// are in upgrade order (see [`upgrade_order`]).
pub fn check(
    models: &[ModelFile],
    revisions: &[&RevisionFile],
    options: &CompareOptions,
) -> ModelCheck {
    let schema = ModelSchema::build(models, &options.dialect);
    let head = head_catalog(revisions, &options.dialect, &schema.naming_convention);
    let comparison = compare(&schema, &head.catalog, options);
    let diagnostics = models
        .iter()
        .flat_map(|m| m.diagnostics.iter().cloned())
        .chain(schema.diagnostics.iter().cloned())
        .chain(head.diagnostics.iter().cloned())
        .collect();
    ModelCheck {
        models: schema,
        head,
        comparison,
        diagnostics,
    }
}
