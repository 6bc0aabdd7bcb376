//! Alembic's revision graph: heads, bases, branches, merges, target resolution and walks.
//!
//! A faithful port of Alembic 1.20.1's `RevisionMap` (`alembic/script/revision.py`), the
//! parts of `Script` / `ScriptDirectory` that print revisions (`alembic/script/base.py`),
//! the read-only commands of `alembic/command.py`, and the version-table bookkeeping of
//! `alembic/runtime/migration.py`:
//!
//! - [`RevisionGraph::build`] takes [`RevisionNode`]s in Alembic's load order
//!   ([`alembic_file_order`]) and returns the graph with its [`GraphProblem`]s;
//! - queries ([`RevisionGraph::heads`], [`RevisionGraph::resolve`], …) answer from the
//!   graph, repaired where it had problems;
//! - commands ([`history`], [`heads`], [`branches`], [`show`], [`current`],
//!   [`RevisionGraph::upgrade`], [`RevisionGraph::downgrade`], [`RevisionGraph::stamp`])
//!   return what Alembic prints, or a [`GraphError`] worded as Alembic words it.
//!
//! Where Alembic's output depends on the iteration order of a Python `set` (which
//! changes from run to run with hash randomisation), this crate uses revision map
//! order: the order files were loaded. Every such place says so.
//!
//! Codemap: `graph` builds the map (`_revision_map`) and its problems; `before` plans
//! the state before each revision (for the catalog per revision); `engine` ports
//! the traversals and resolution (`_iterate_related_revisions`, `_topological_sort`,
//! `get_revisions`, `_walk`, `_parse_*_target`, `_collect_*_revisions`); `steps` the
//! walks and `HeadMaintainer`; `render` the commands' text; `query` the public
//! questions; `python` the bits of Python behaviour the text depends on.
//!
//! Tested against real Alembic: `tests/oracle.rs` replays every command of the fixture
//! projects in `tests/fixtures/projects/` against the goldens `tests/oracle/regen.sh`
//! recorded; `tests/transcripts.rs` replays the database-backed transcripts.
//!
//! Architecture Invariant: this crate does no IO and never panics on any input; every
//! problem is a value.

#![warn(missing_docs)]

mod before;
mod engine;
mod error;
mod file_order;
mod graph;
mod node;
mod problem;
mod python;
mod query;
mod render;
mod steps;

pub use before::StateBefore;
pub use error::{GraphError, GraphErrorKind};
pub use file_order::alembic_file_order;
pub use graph::{Revision, RevisionGraph};
pub use node::RevisionNode;
pub use problem::{AlembicReaction, GraphProblem, ProblemKind};
pub use query::Resolved;
pub use render::{branches, current, heads, history, show, HistoryOptions};
pub use steps::{
    downgrade_command, stamp_command, upgrade_command, HeadChange, MigrationStep, StepKind,
    VersionChange, Walk,
};
