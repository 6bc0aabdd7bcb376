//! `upgrade`, `downgrade`, `stamp` and `current` against the engine, printing what
//! Alembic prints. The walks (target resolution, order, `alembic_version` statements)
//! come from `retort-graph`; the engine runs each step's ops and statements.

use retort_graph::{
    downgrade_command, stamp_command, upgrade_command, GraphError, MigrationStep, StepKind, Walk,
};
use retort_ir::{Diagnostic, Severity};
use serde::{Deserialize, Serialize};

use crate::codes;
use crate::engine::Engine;
use crate::history::History;
use crate::version;

/// What a command printed and found.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CommandReport {
    /// Alembic's log lines (stderr): `INFO  [alembic.runtime.migration] …`.
    pub log: Vec<String>,
    /// What the command prints on stdout (`current`).
    pub output: Vec<String>,
    /// What went wrong in the migrations, and notes, at their ops.
    pub diagnostics: Vec<Diagnostic>,
    /// Alembic's `FAILED:` message for a bad argument or a failed step.
    pub error: Option<String>,
}

impl CommandReport {
    /// Whether the command succeeded.
    pub fn ok(&self) -> bool {
        self.error.is_none()
            && !self
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error)
    }

    fn fail(&mut self, message: String) {
        self.log
            .push(format!("ERROR [alembic.util.messaging] {message}"));
        self.error = Some(message);
    }

    fn graph_error(&mut self, e: &GraphError) {
        if e.is_crash() {
            self.error = Some(format!(
                "Alembic would crash here with: {}",
                e.alembic_line()
            ));
        } else {
            self.fail(e.message.clone());
        }
    }
}

/// `INFO  [alembic.runtime.migration] Running upgrade a -> b, doc`.
pub fn step_line(step: &MigrationStep) -> String {
    format!(
        "INFO  [alembic.runtime.migration] {}",
        step.running_message()
    )
}

impl Engine {
    /// The rows of `alembic_version` (the current heads), in table order.
    pub fn heads(&self) -> Vec<String> {
        version::rows(&self.db)
    }

    /// Runs one step of a walk: the revision's `upgrade()` or `downgrade()` ops (none
    /// for a stamp), then the step's `alembic_version` statements. Returns diagnostics
    /// and whether it succeeded; on failure the engine is left where the step stopped.
    pub fn run_step(&mut self, history: &History, step: &MigrationStep) -> (Vec<Diagnostic>, bool) {
        let revision = step.revision.as_deref().and_then(|id| history.get(id));
        let (mut diagnostics, ok) = match (step.kind, revision) {
            (StepKind::Upgrade, Some(r)) => self.run_ops(&r.upgrade, &r.path),
            (StepKind::Downgrade, Some(r)) => self.run_ops(&r.downgrade, &r.path),
            _ => (Vec::new(), true),
        };
        if !ok {
            return (diagnostics, false);
        }
        let done = version::ensure(&mut self.db)
            .and_then(|()| version::apply(&mut self.db, &step.version_changes));
        if let Err(e) = done {
            let mut d = Diagnostic::error(codes::MIGRATION_FAILED, e);
            if let Some(r) = revision {
                d = d.with_path(&r.path);
            }
            diagnostics.push(d);
            return (diagnostics, false);
        }
        (diagnostics, true)
    }

    /// Runs one step as a command of its own, in its own transaction (the stairway's
    /// steps, as pytest-alembic runs them).
    pub(crate) fn run_step_committed(
        &mut self,
        history: &History,
        step: &MigrationStep,
    ) -> (Vec<Diagnostic>, bool) {
        let done = self.run_step(history, step);
        self.commit();
        done
    }

    /// Sample rows before the upgrade step of `revision`: notes located at its `upgrade()`.
    pub(crate) fn seed_for(&mut self, history: &History, revision: &str) -> Vec<Diagnostic> {
        let notes = self.seed();
        let Some(r) = history.get(revision) else {
            return Vec::new();
        };
        notes
            .into_iter()
            .map(|n| {
                let mut d = Diagnostic::info(codes::SAMPLE_DATA, n).with_path(&r.path);
                if let Some((range, _)) = r.upgrade_fn {
                    d = d.with_range(range);
                }
                d
            })
            .collect()
    }

    /// Runs a walk. A failed step undoes the command (transactional DDL: PostgreSQL) or
    /// the step (the others), and stops.
    fn run_walk(&mut self, history: &History, walk: &Walk, report: &mut CommandReport) {
        for warning in &walk.warnings {
            report.log.push(format!("UserWarning: {warning}"));
        }
        let transactional = self.dialect().transactional_ddl();
        let before_command = transactional.then(|| self.clone());
        for step in &walk.steps {
            if step.kind == StepKind::Upgrade {
                if let Some(id) = &step.revision {
                    let notes = self.seed_for(history, id);
                    report.diagnostics.extend(notes);
                }
            }
            let before_step = (!transactional).then(|| self.clone());
            report.log.push(step_line(step));
            let (diagnostics, ok) = self.run_step(history, step);
            report.diagnostics.extend(diagnostics);
            if !ok {
                let message = report
                    .diagnostics
                    .iter()
                    .rev()
                    .find(|d| d.severity == Severity::Error)
                    .map_or_else(|| "the step failed".to_owned(), |d| d.message.clone());
                report.fail(message);
                if let Some(before) = before_command.or(before_step) {
                    *self = before;
                }
                return;
            }
        }
        self.commit();
    }

    /// `alembic upgrade TARGET`.
    pub fn upgrade(&mut self, history: &History, target: &str) -> CommandReport {
        let mut report = self.open_context();
        match upgrade_command(history.graph(), &self.heads(), target, false) {
            Ok(walk) => self.run_walk(history, &walk, &mut report),
            Err(e) => report.graph_error(&e),
        }
        report
    }

    /// `alembic downgrade TARGET`.
    pub fn downgrade(&mut self, history: &History, target: &str) -> CommandReport {
        let mut report = self.open_context();
        match downgrade_command(history.graph(), &self.heads(), target, false) {
            Ok(walk) => self.run_walk(history, &walk, &mut report),
            Err(e) => report.graph_error(&e),
        }
        report
    }

    /// `alembic stamp TARGET… [--purge]`.
    pub fn stamp(&mut self, history: &History, targets: &[String], purge: bool) -> CommandReport {
        let mut report = self.open_context();
        let walk = match stamp_command(history.graph(), &self.heads(), targets, false, purge) {
            Ok(walk) => walk,
            Err(e) => {
                report.graph_error(&e);
                return report;
            }
        };
        let purged = version::ensure(&mut self.db).and_then(|()| {
            if purge {
                version::purge(&mut self.db)
            } else {
                Ok(())
            }
        });
        if let Err(e) = purged {
            report.fail(e);
            return report;
        }
        self.run_walk(history, &walk, &mut report);
        report
    }

    /// `alembic current`: one line per head, with Alembic's markers.
    pub fn current(&self, history: &History) -> CommandReport {
        let mut report = self.open_context();
        match retort_graph::current(history.graph(), &self.heads(), false, false) {
            Ok(text) => report.output = text.lines().map(str::to_owned).collect(),
            Err(e) => report.graph_error(&e),
        }
        report
    }

    fn open_context(&self) -> CommandReport {
        CommandReport {
            log: self
                .dialect()
                .context_lines()
                .iter()
                .map(|l| (*l).to_owned())
                .collect(),
            ..CommandReport::default()
        }
    }
}
