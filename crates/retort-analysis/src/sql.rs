//! Offline SQL for a project: `alembic upgrade … --sql` / `alembic downgrade … --sql`.
//! The graph walks the revisions and keeps `alembic_version`; retort-sql renders each
//! step's ops around that, starting from the schema the range starts at.

use retort_catalog::{ApplyContext, Catalog};
use retort_graph::{GraphError, StepKind, Walk};
use retort_ir::{Diagnostic, Op};
use retort_sql::{
    dialect_for_name, render_migration, Direction, MigrationPlan, MigrationStep, RenderOptions,
    SqlScript, VersionChange,
};
use serde::{Deserialize, Serialize};

use crate::workspace::join;
use crate::Project;

/// `upgrade` or `downgrade`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SqlCommand {
    /// `alembic upgrade <revision> --sql`.
    Upgrade,
    /// `alembic downgrade <from>:<to> --sql`.
    Downgrade,
}

/// Why an offline run stopped, with what Alembic had logged by then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfflineSqlError {
    /// The graph error (`FAILED: …` or a crash).
    pub error: GraphError,
    /// Alembic's standard error before it: the `INFO` lines of the migration context
    /// when env.py had already run, then the `ERROR` line of a failure; empty when the
    /// command failed before env.py (e.g. `downgrade -1 --sql`).
    pub stderr: String,
}

impl Project {
    /// Renders `alembic <command> <revision> --sql` for `dialect` (a SQLAlchemy dialect
    /// name; an unknown one renders as the generic dialect), with the `context.configure`
    /// options env.py sets (see [`Project::render_options`]).
    pub fn offline_sql(
        &self,
        command: SqlCommand,
        revision: &str,
        dialect: &str,
    ) -> Result<SqlScript, OfflineSqlError> {
        let d = dialect_for_name(dialect).unwrap_or(&retort_sql::Generic);
        let options = self.render_options();
        let walk = match command {
            SqlCommand::Upgrade => retort_graph::upgrade_command(&self.graph, &[], revision, true),
            SqlCommand::Downgrade => {
                retort_graph::downgrade_command(&self.graph, &[], revision, true)
            }
        };
        let walk = walk.map_err(|error| {
            // These fail in alembic/command.py, before env.py configures logging.
            let before_env = error.message.starts_with("downgrade with --sql requires")
                || (error.is_crash() && error.message.starts_with("too many values"));
            let mut stderr = String::new();
            if !before_env {
                let empty =
                    render_migration(d, &MigrationPlan::default(), &Catalog::new(), &options);
                stderr = empty.stderr;
                if !error.is_crash() {
                    stderr.push_str(&format!(
                        "ERROR [alembic.util.messaging] {}\n",
                        error.message
                    ));
                }
            }
            OfflineSqlError { error, stderr }
        })?;
        let catalog = self.catalog_at_heads(&walk.heads_before, d.name());
        let plan = self.plan(&walk);
        Ok(render_migration(d, &plan, &catalog, &options))
    }

    /// The steps of a walk with each revision's ops.
    fn plan(&self, walk: &Walk) -> MigrationPlan {
        let steps = walk
            .steps
            .iter()
            .filter_map(|s| {
                let direction = match s.kind {
                    StepKind::Upgrade => Direction::Upgrade,
                    StepKind::Downgrade => Direction::Downgrade,
                    StepKind::Stamp => return None,
                };
                let id = s.revision.clone()?;
                let file = self.revision(&id);
                let function = file.and_then(|f| match direction {
                    Direction::Upgrade => f.upgrade.as_ref(),
                    Direction::Downgrade => f.downgrade.as_ref(),
                });
                Some(MigrationStep {
                    revision: id,
                    direction,
                    from_revisions: s.from_revisions.clone(),
                    to_revisions: s.to_revisions.clone(),
                    doc: s.doc.clone(),
                    path: file.map(|f| f.path.clone()).unwrap_or_default(),
                    ops: function.map(|f| f.ops.clone()).unwrap_or_default(),
                    version_changes: s
                        .version_changes
                        .iter()
                        .map(|c| match c {
                            retort_graph::VersionChange::Insert { version } => {
                                VersionChange::Insert {
                                    version: version.clone(),
                                }
                            }
                            retort_graph::VersionChange::Delete { version } => {
                                VersionChange::Delete {
                                    version: version.clone(),
                                }
                            }
                            retort_graph::VersionChange::Update { from, to } => {
                                VersionChange::Update {
                                    from: from.clone(),
                                    to: to.clone(),
                                }
                            }
                        })
                        .collect(),
                })
            })
            .collect();
        MigrationPlan {
            start_heads: walk.heads_before.clone(),
            steps,
        }
    }

    /// The schema of a database at `heads` (upgraded from empty, head by head), as the
    /// offline run assumes it.
    fn catalog_at_heads(&self, heads: &[String], dialect: &str) -> Catalog {
        let mut catalog = Catalog::new();
        let ctx = ApplyContext {
            offline: true,
            ..ApplyContext::new(dialect)
        };
        let mut current: Vec<String> = Vec::new();
        for head in heads {
            let Ok(walk) = self.graph.upgrade(&current, head) else {
                continue;
            };
            for step in walk.steps.iter().filter(|s| s.kind == StepKind::Upgrade) {
                let upgrade = step
                    .revision
                    .as_deref()
                    .and_then(|id| self.revision(id))
                    .and_then(|f| f.upgrade.as_ref());
                if let Some(f) = upgrade {
                    let _: Vec<Diagnostic> =
                        catalog.apply_all(&Op::resolve(&f.ops, dialect, true), &ctx);
                }
            }
            current = walk.heads_after;
        }
        catalog
    }

    /// The `context.configure(...)` options of the project's env.py that shape offline
    /// SQL (`transaction_per_migration`, `version_table`, `version_table_schema`,
    /// `version_table_pk`, `transactional_ddl`), read from literal `key=value`
    /// arguments; Alembic's defaults for the rest.
    pub fn render_options(&self) -> RenderOptions {
        let mut options = RenderOptions::default();
        let Some(location) = &self.layout.script_location else {
            return options;
        };
        let Some(env) = self.source_of(&join(location, "env.py")) else {
            return options;
        };
        let literal = |key: &str| -> Option<String> {
            let at = env.find(&format!("{key}="))?;
            let value = env[at + key.len() + 1..]
                .split([',', '\n', ')'])
                .next()?
                .trim();
            Some(value.trim_matches(|c| c == '"' || c == '\'').to_owned())
        };
        if let Some(v) = literal("transaction_per_migration") {
            options.transaction_per_migration = v == "True";
        }
        if let Some(v) = literal("version_table") {
            options.version_table = v;
        }
        if let Some(v) = literal("version_table_schema") {
            options.version_table_schema = Some(v);
        }
        if let Some(v) = literal("version_table_pk") {
            options.version_table_pk = v != "False";
        }
        if let Some(v) = literal("transactional_ddl") {
            options.transactional_ddl = Some(v == "True");
        }
        options
    }
}
