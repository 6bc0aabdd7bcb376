//! The intermediate representation every Retort check reads.
//!
//! A revision file becomes a [`RevisionFile`]: its identifiers, its docstring, and
//! its `upgrade()` / `downgrade()` bodies as lists of [`Op`] values, each carrying the
//! byte [`TextRange`] of the Python call it came from. Everything here is plain,
//! serialisable data: the web worker sends it as is.
//!
//! Architecture Invariant: this crate depends on nothing but `serde`; it does no IO
//! and knows no parser, database or UI.

mod diagnostic;
mod op;
pub mod python;
mod python_facts;
mod range;
mod revision;
mod value;

pub use diagnostic::{Diagnostic, Severity};
pub use op::{
    AlterColumn, Autoincrement, Column, Computed, Cond, Constraint, ConstraintKind, EmptyDatabase,
    ExecuteSql, ForeignKeyRef, Identity, Index, IndexElement, Inspect, Name, Op, OpKind, Recreate,
    TableDef,
};
pub use python_facts::{CallSite, ClassDef, ImportBinding, PythonFacts};
pub use range::{LineCol, LineIndex, TextRange};
pub use revision::{BodyKind, DocHeader, MigrationFn, RevisionFile};
pub use value::{SqlType, TypeDialect, Value};
