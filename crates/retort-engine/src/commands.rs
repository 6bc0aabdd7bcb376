//! `upgrade`, `downgrade`, `stamp` and `current` against the engine, printing what
//! Alembic prints.

use retort_ir::{Diagnostic, Severity};
use serde::{Deserialize, Serialize};

use crate::codes;
use crate::engine::Engine;
use crate::history::{Direction, History, MigrationStep};
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
}

/// `Running upgrade a -> b, doc` as Alembic logs it.
pub fn step_line(history: &History, step: &MigrationStep) -> String {
    let Some(r) = history.get(&step.revision) else {
        return String::new();
    };
    let (name, from, to) = match step.direction {
        Direction::Up => ("upgrade", r.down_revisions.join(", "), r.id.clone()),
        Direction::Down => ("downgrade", r.id.clone(), r.down_revisions.join(", ")),
    };
    let text = if r.doc.is_empty() {
        format!("{name} {from} -> {to}")
    } else {
        format!("{name} {from} -> {to}, {}", r.doc)
    };
    format!("INFO  [alembic.runtime.migration] Running {text}")
}

/// A relative argument `+N` / `-N`.
fn relative(target: &str) -> Option<(bool, usize)> {
    let (up, digits) = if let Some(d) = target.strip_prefix('+') {
        (true, d)
    } else if let Some(d) = target.strip_prefix('-') {
        (false, d)
    } else {
        return None;
    };
    digits.parse().ok().map(|n| (up, n))
}

impl Engine {
    /// The rows of `alembic_version` (the current heads), in table order.
    pub fn heads(&self) -> Vec<String> {
        version::rows(&self.db)
    }

    /// Runs one step: its ops, then the version table. Returns diagnostics and whether
    /// it succeeded; on failure the engine is left where the step stopped.
    pub fn run_step(&mut self, history: &History, step: &MigrationStep) -> (Vec<Diagnostic>, bool) {
        let Some(r) = history.get(&step.revision) else {
            return (Vec::new(), false);
        };
        let ops = match step.direction {
            Direction::Up => &r.upgrade,
            Direction::Down => &r.downgrade,
        };
        let (mut diagnostics, ok) = self.run_ops(ops, &r.path);
        if !ok {
            return (diagnostics, false);
        }
        if let Err(e) = version::ensure(&mut self.db)
            .and_then(|()| version::update_to_step(&mut self.db, history, step))
        {
            diagnostics.push(Diagnostic::error(codes::MIGRATION_FAILED, e).with_path(&r.path));
            return (diagnostics, false);
        }
        (diagnostics, true)
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

    fn run_steps(
        &mut self,
        history: &History,
        steps: &[MigrationStep],
        report: &mut CommandReport,
    ) {
        let transactional = self.dialect().context_lines()[1].contains(" transactional");
        let before_command = transactional.then(|| self.clone());
        for step in steps {
            if step.direction == Direction::Up {
                let notes = self.seed_for(history, &step.revision);
                report.diagnostics.extend(notes);
            }
            let before_step = (!transactional).then(|| self.clone());
            report.log.push(step_line(history, step));
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
    }

    /// `alembic upgrade TARGET`.
    pub fn upgrade(&mut self, history: &History, target: &str) -> CommandReport {
        let mut report = self.open_context();
        if target.contains(':') {
            report.fail("Range revision not allowed".to_owned());
            return report;
        }
        let current = self.heads();
        let targets = match relative(target) {
            Some((true, n)) => history.relative_up(&current, n),
            Some((false, n)) => Err(format!(
                "Relative revision -{n} didn't produce {n} migrations"
            )),
            None => history.resolve(target),
        };
        let targets = match targets {
            Ok(t) => t,
            Err(e) => {
                report.fail(e);
                return report;
            }
        };
        let steps = history.upgrade_steps(&current, &targets);
        self.run_steps(history, &steps, &mut report);
        report
    }

    /// `alembic downgrade TARGET`.
    pub fn downgrade(&mut self, history: &History, target: &str) -> CommandReport {
        let mut report = self.open_context();
        if target.contains(':') {
            report.fail("Range revision not allowed".to_owned());
            return report;
        }
        let current = self.heads();
        let targets = match relative(target) {
            Some((false, n)) => history.relative_down(&current, n),
            Some((true, n)) => Err(format!(
                "Relative revision +{n} didn't produce {n} migrations"
            )),
            None => history.resolve(target),
        };
        let targets = match targets {
            Ok(t) => t,
            Err(e) => {
                report.fail(e);
                return report;
            }
        };
        let applied = history.ancestors_inclusive(&current);
        if targets.iter().any(|t| !applied.contains(t)) {
            report.fail(format!(
                "Destination {target} is not a valid downgrade target from current head(s)"
            ));
            return report;
        }
        let steps = history.downgrade_steps(&current, &targets);
        self.run_steps(history, &steps, &mut report);
        report
    }

    /// `alembic stamp TARGET… [--purge]`.
    pub fn stamp(&mut self, history: &History, targets: &[String], purge: bool) -> CommandReport {
        let mut report = self.open_context();
        let mut ids = Vec::new();
        for t in targets {
            match history.resolve(t) {
                Ok(r) => ids.extend(r),
                Err(e) => {
                    report.fail(e);
                    return report;
                }
            }
        }
        let result = version::ensure(&mut self.db)
            .and_then(|()| version::stamp(&mut self.db, history, &ids, purge));
        match result {
            Ok(lines) => {
                for (from, to) in lines {
                    report.log.push(format!(
                        "INFO  [alembic.runtime.migration] Running stamp_revision {from} -> {to}"
                    ));
                }
            }
            Err(e) => report.fail(e),
        }
        report
    }

    /// `alembic current`: one line per head, with Alembic's markers.
    pub fn current(&self, history: &History) -> CommandReport {
        let mut report = self.open_context();
        let mut heads = self.heads();
        heads.sort();
        let script_heads = history.heads();
        for h in heads {
            let mut line = h.clone();
            if script_heads.contains(&h) {
                let depended = history.in_order().any(|r| r.depends_on.contains(&h));
                line.push_str(if depended {
                    " (effective head)"
                } else {
                    " (head)"
                });
            }
            let children = history
                .in_order()
                .filter(|r| r.down_revisions.contains(&h))
                .count();
            if children > 1 {
                line.push_str(" (branchpoint)");
            }
            if history.get(&h).is_some_and(|r| r.down_revisions.len() > 1) {
                line.push_str(" (mergepoint)");
            }
            report.output.push(line);
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
