//! Retort's rule engine: Alembic-native lint rules over the IR, the revision graph and
//! the schema catalog before each revision.
//!
//! [`lint`] runs the enabled rules of a [`Config`] over a loaded
//! [`Project`](retort_analysis::Project) — its revision files, its revision graph
//! (`retort-graph`) and the catalog before each revision — and returns
//! [`Finding`]s: values with a code, a message, a byte range, a severity and maybe a
//! [`Fix`]. Rendering ([`render_text`], [`render_json`], [`render_sarif`],
//! [`render_github`]) and fixing ([`apply_fixes`]) are separate steps. Every rule lives
//! in its own module under [`rules`], with its documentation in its doc comment; the
//! [`Rule`] registry lists them all, and [`docs`] renders their documentation.
//!
//! Architecture Invariant: no IO and no panics on any input. The caller reads files
//! and configuration; a file that cannot be followed yields fewer findings, never an
//! error.

mod checker;
mod config;
pub mod docs;
mod engine;
mod finding;
mod fix;
mod incremental;
mod python;
mod registry;
mod render;
pub mod rules;
mod settings;
mod sql;
mod suppress;

pub use checker::Checker;
pub use config::{glob_match, Config, ConfigError, PerFileIgnore};
pub use engine::{lint, lint_on_threads};
pub use finding::{Applicability, Edit, Finding, Fix};
pub use fix::apply_fixes;
pub use incremental::LintMemo;
pub use registry::{FixAvailability, Group, Rule, RuleMeta, RuleSet, Selector};
pub use render::{
    render_github, render_json, render_sarif, render_text, summary, write_json, Sources,
};
pub use settings::{Settings, DEFAULT_POSTGRES_VERSION};
