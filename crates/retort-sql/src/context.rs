//! Alembic's `MigrationContext.run_migrations` in offline (`--sql`) mode: the log
//! lines, `BEGIN` / `COMMIT`, the version table, `-- Running …` and each step's ops.

use retort_catalog::{ApplyContext, Catalog, NamingConvention};
use retort_ir::{Diagnostic, Op, OpKind, SqlType, TextRange};
use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, RenderError};
use crate::ident;
use crate::ops::{OpError, OpRenderer, Sink};
use crate::schema::{ColumnObj, PrimaryKeyObj, TableObj};
use crate::{codes, ddl, Dialect};

/// Which way a step goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// `upgrade()`.
    Upgrade,
    /// `downgrade()`.
    Downgrade,
}

impl Direction {
    /// `upgrade` / `downgrade`, as the log prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Upgrade => "upgrade",
            Direction::Downgrade => "downgrade",
        }
    }
}

/// One change to the `alembic_version` table after a step (Alembic's `HeadMaintainer`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum VersionChange {
    /// `INSERT` a new head.
    Insert {
        /// The version inserted.
        version: String,
    },
    /// `DELETE` a head.
    Delete {
        /// The version deleted.
        version: String,
    },
    /// `UPDATE` one head to another.
    Update {
        /// The row's current version.
        from: String,
        /// Its new version.
        to: String,
    },
}

/// One migration step: a revision's `upgrade()` or `downgrade()`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MigrationStep {
    /// The revision id.
    pub revision: String,
    /// Upgrade or downgrade.
    pub direction: Direction,
    /// `from_revisions_no_deps`: the down revisions for an upgrade, the revision for a
    /// downgrade.
    pub from_revisions: Vec<String>,
    /// `to_revisions_no_deps`.
    pub to_revisions: Vec<String>,
    /// The revision's `doc` (first paragraph of its docstring), for the log line.
    pub doc: String,
    /// The revision file's path, for diagnostics.
    pub path: String,
    /// The migration function's ops, as parsed (conditionals are resolved here).
    pub ops: Vec<Op>,
    /// What happens to `alembic_version` after the ops, in order.
    pub version_changes: Vec<VersionChange>,
}

impl MigrationStep {
    /// `MigrationStep.short_log`: `upgrade a -> b`.
    pub fn short_log(&self) -> String {
        format!(
            "{} {} -> {}",
            self.direction.as_str(),
            self.from_revisions.join(", "),
            self.to_revisions.join(", ")
        )
    }

    /// `str(step)`: the short log and the doc.
    pub fn log(&self) -> String {
        if self.doc.is_empty() {
            self.short_log()
        } else {
            format!("{}, {}", self.short_log(), self.doc)
        }
    }
}

/// The steps of one `alembic upgrade/downgrade --sql` run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MigrationPlan {
    /// The rows of `alembic_version` before the first step (the range's start); empty
    /// when starting from base, which makes Alembic emit `CREATE TABLE alembic_version`.
    pub start_heads: Vec<String>,
    /// The steps, in order.
    pub steps: Vec<MigrationStep>,
}

/// The `context.configure(...)` options that shape the output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenderOptions {
    /// `transaction_per_migration=True`: `BEGIN` / `COMMIT` around each step.
    pub transaction_per_migration: bool,
    /// `version_table=` (default `alembic_version`).
    pub version_table: String,
    /// `version_table_schema=`.
    pub version_table_schema: Option<String>,
    /// `version_table_pk=` (default True).
    pub version_table_pk: bool,
    /// `transactional_ddl=` when `env.py` overrides the dialect's.
    pub transactional_ddl: Option<bool>,
    /// The naming convention of `target_metadata` (SQLAlchemy's default otherwise).
    pub naming_convention: NamingConvention,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            transaction_per_migration: false,
            version_table: "alembic_version".to_owned(),
            version_table_schema: None,
            version_table_pk: true,
            transactional_ddl: None,
            naming_convention: NamingConvention::default(),
        }
    }
}

/// What `alembic … --sql` prints.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlScript {
    /// Standard output: the SQL.
    pub stdout: String,
    /// Standard error: Alembic's `INFO` log lines.
    pub stderr: String,
    /// Ops Alembic would fail on, or Retort cannot render; each at its op.
    pub diagnostics: Vec<Diagnostic>,
}

const LOGGER: &str = "INFO  [alembic.runtime.migration] ";

/// Renders a migration run offline, as Alembic's `upgrade … --sql` /
/// `downgrade … --sql` prints it for `dialect`. `catalog` is the schema before the
/// first step (batch mode reads table definitions from it).
pub fn render_migration(
    dialect: &dyn Dialect,
    plan: &MigrationPlan,
    catalog: &Catalog,
    options: &RenderOptions,
) -> SqlScript {
    let mut run = Run {
        d: dialect,
        options,
        sink: Sink::default(),
        stderr: String::new(),
        diagnostics: Vec::new(),
        catalog: catalog.clone(),
        created_types: Vec::new(),
        transactional: options
            .transactional_ddl
            .unwrap_or_else(|| dialect.transactional_ddl()),
    };
    run.log(&format!("Context impl {}.", dialect.impl_class()));
    run.log("Generating static SQL");
    run.log(&format!(
        "Will assume {} DDL.",
        if run.transactional {
            "transactional"
        } else {
            "non-transactional"
        }
    ));
    let outer = run.transactional && !options.transaction_per_migration;
    let per_step = run.transactional && options.transaction_per_migration;
    if outer {
        run.sink.raw("BEGIN;");
    }
    let mut heads: Vec<String> = plan.start_heads.clone();
    for step in &plan.steps {
        if per_step {
            run.sink.raw("BEGIN;");
        }
        if heads.is_empty() {
            run.create_version_table();
        }
        run.log(&format!("Running {}", step.log()));
        run.sink.raw(&format!("-- Running {}", step.short_log()));
        run.report_inspection(&step.ops, step);
        let ops = Op::resolve(&step.ops, dialect.name(), true);
        for op in &ops {
            run.op(op, step);
        }
        for change in &step.version_changes {
            run.version_change(change, &mut heads);
        }
        if per_step {
            run.sink.raw("COMMIT;");
        }
    }
    if outer {
        run.sink.raw("COMMIT;");
    }
    SqlScript {
        stdout: run.sink.out,
        stderr: run.stderr,
        diagnostics: run.diagnostics,
    }
}

/// Renders ops on their own (no framing), as the statements Alembic emits for them.
pub fn render_ops(
    dialect: &dyn Dialect,
    ops: &[Op],
    catalog: &Catalog,
    options: &RenderOptions,
) -> SqlScript {
    let step = MigrationStep {
        revision: String::new(),
        direction: Direction::Upgrade,
        from_revisions: Vec::new(),
        to_revisions: Vec::new(),
        doc: String::new(),
        path: String::new(),
        ops: Vec::new(),
        version_changes: Vec::new(),
    };
    let mut run = Run {
        d: dialect,
        options,
        sink: Sink::default(),
        stderr: String::new(),
        diagnostics: Vec::new(),
        catalog: catalog.clone(),
        created_types: Vec::new(),
        transactional: options
            .transactional_ddl
            .unwrap_or_else(|| dialect.transactional_ddl()),
    };
    for op in &Op::resolve(ops, dialect.name(), true) {
        run.op(op, &step);
    }
    SqlScript {
        stdout: run.sink.out,
        stderr: run.stderr,
        diagnostics: run.diagnostics,
    }
}

struct Run<'a> {
    d: &'a dyn Dialect,
    options: &'a RenderOptions,
    sink: Sink,
    stderr: String,
    diagnostics: Vec<Diagnostic>,
    catalog: Catalog,
    created_types: Vec<(Option<String>, String)>,
    transactional: bool,
}

impl Run<'_> {
    fn log(&mut self, message: &str) {
        self.stderr.push_str(LOGGER);
        self.stderr.push_str(message);
        self.stderr.push('\n');
    }

    fn op(&mut self, op: &Op, step: &MigrationStep) {
        if let OpKind::AutocommitBlock { ops } = &op.kind {
            if self.transactional {
                self.sink.raw("COMMIT;");
            }
            for inner in ops {
                self.op(inner, step);
            }
            if self.transactional {
                self.sink.raw("BEGIN;");
            }
            return;
        }
        let mut errors = Vec::new();
        {
            let mut renderer = OpRenderer {
                d: self.d,
                convention: &self.options.naming_convention,
                created_types: &mut self.created_types,
                catalog: &self.catalog,
            };
            renderer.render(op, &mut self.sink, &mut errors);
        }
        for e in errors {
            self.report(e, op, step);
        }
        let ctx = ApplyContext {
            dialect: self.d.name().to_owned(),
            offline: true,
            naming_convention: self.options.naming_convention.clone(),
        };
        let _ = self.catalog.apply(op, &ctx);
    }

    /// Offline there is no database to inspect: Alembic fails where a step makes an
    /// inspector (`sa.inspect(op.get_bind())`). Reported at the first such place; the
    /// step's conditions are then decided as on an empty database.
    fn report_inspection(&mut self, ops: &[Op], step: &MigrationStep) {
        fn first(ops: &[Op]) -> Option<(&Op, TextRange)> {
            ops.iter().find_map(|op| match &op.kind {
                OpKind::Conditional {
                    cond,
                    then,
                    otherwise,
                } => cond
                    .inspected_at()
                    .map(|at| (op, at))
                    .or_else(|| first(then))
                    .or_else(|| first(otherwise)),
                OpKind::Batch { ops, .. } | OpKind::AutocommitBlock { ops } => first(ops),
                _ => None,
            })
        }
        if let Some((op, at)) = first(ops) {
            let error = RenderError::new(
                ErrorKind::NoInspection,
                "No inspection system is available for object of type <class 'sqlalchemy.engine.mock.MockConnection'>",
            );
            self.report(OpError { error, range: at }, op, step);
        }
    }

    fn report(&mut self, e: OpError, op: &Op, step: &MigrationStep) {
        let OpError { error, range } = e;
        let method = find_op(op, range).map_or("?", Op::method_name);
        let diagnostic = if error.kind == ErrorKind::Unknown {
            self.sink.raw(&format!(
                "-- retort: `op.{method}` not rendered: {}",
                one_line(&error.message)
            ));
            Diagnostic::warning(codes::SQL_NOT_RENDERED, error.message).with_help(
                "Alembic would render SQL here that Retort cannot know statically; the output is incomplete",
            )
        } else {
            Diagnostic::error(codes::SQL_ALEMBIC_ERROR, error.message).with_help(format!(
                "`alembic {} --sql` stops here with {}; Retort reports it and carries on",
                step.direction.as_str(),
                error.kind.python_name()
            ))
        };
        let mut diagnostic = diagnostic.with_range(range);
        if !step.path.is_empty() {
            diagnostic = diagnostic.with_path(step.path.clone());
        }
        self.diagnostics.push(diagnostic);
    }

    fn version_table(&self) -> String {
        ident::table(
            self.d,
            &self.options.version_table,
            self.options.version_table_schema.as_deref(),
        )
    }

    fn create_version_table(&mut self) {
        let mut t = TableObj::new(
            &self.options.version_table,
            self.options.version_table_schema.as_deref(),
        );
        let mut string32 = SqlType::generic("String");
        string32.args.push(retort_ir::Value::Int(32));
        t.columns.push(ColumnObj {
            name: "version_num".to_owned(),
            type_: Some(string32),
            nullable: false,
            primary_key: self.options.version_table_pk,
            server_default: None,
            has_client_default: false,
            autoincrement: retort_ir::Autoincrement::Auto,
            identity: None,
            computed: None,
            comment: None,
            checks: Vec::new(),
            has_foreign_key: false,
            kwargs: Vec::new(),
        });
        if self.options.version_table_pk {
            t.primary_key = PrimaryKeyObj {
                name: Some(format!("{}_pkc", self.options.version_table)),
                columns: vec!["version_num".to_owned()],
                ..PrimaryKeyObj::default()
            };
        }
        match ddl::create_table(self.d, &t, false) {
            Ok(sql) => self.sink.statement(&sql),
            Err(e) => self
                .diagnostics
                .push(Diagnostic::error(codes::SQL_ALEMBIC_ERROR, e.message)),
        }
    }

    fn version_change(&mut self, change: &VersionChange, heads: &mut Vec<String>) {
        let table = self.version_table();
        let sql = match change {
            VersionChange::Insert { version } => {
                heads.push(version.clone());
                let mut sql = format!("INSERT INTO {table} (version_num) VALUES ('{version}')");
                if self.d.insert_returning() {
                    sql.push_str(" RETURNING ");
                    sql.push_str(&self.d.returning_column(&table, "version_num"));
                }
                sql
            }
            VersionChange::Delete { version } => {
                heads.retain(|h| h != version);
                format!("DELETE FROM {table} WHERE {table}.version_num = '{version}'")
            }
            VersionChange::Update { from, to } => {
                heads.retain(|h| h != from);
                heads.push(to.clone());
                format!(
                    "UPDATE {table} SET version_num='{to}' WHERE {table}.version_num = '{from}'"
                )
            }
        };
        self.sink.statement(&sql);
    }
}

/// The op (or op nested in it) at `range`.
fn find_op(op: &Op, range: retort_ir::TextRange) -> Option<&Op> {
    let mut found = None;
    op.walk(&mut |o| {
        if o.range == range && found.is_none() {
            found = Some(o);
        }
    });
    found
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
