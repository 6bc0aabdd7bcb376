//! What a rule sees: the revision, its source, the graph, the catalog before the
//! revision, the settings; and where it reports.

use std::borrow::Cow;
use std::cell::OnceCell;

use retort_analysis::Project;
use retort_catalog::Catalog;
use retort_graph::{GraphProblem, Revision, RevisionGraph};
use retort_ir::{Diagnostic, Op, OpKind, RevisionFile, TextRange};

use crate::finding::{Finding, Fix};
use crate::registry::Rule;
use crate::settings::Settings;
use crate::sql::{self, SqlSnippet};

/// Where an op sits: in a batch block, in an autocommit block.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Scope<'a> {
    /// The enclosing `batch_alter_table` op.
    pub batch: Option<&'a Op>,
    /// Inside `autocommit_block()`.
    pub autocommit: bool,
}

/// Calls `f` on every op and every op nested in batch / autocommit blocks and both
/// branches of conditionals, with the scope it runs in.
pub(crate) fn visit<'a>(ops: &'a [Op], f: &mut impl FnMut(&'a Op, Scope<'a>)) {
    fn go<'a>(ops: &'a [Op], scope: Scope<'a>, f: &mut impl FnMut(&'a Op, Scope<'a>)) {
        for op in ops {
            f(op, scope);
            match &op.kind {
                OpKind::Batch { ops, .. } => go(
                    ops,
                    Scope {
                        batch: Some(op),
                        ..scope
                    },
                    f,
                ),
                OpKind::AutocommitBlock { ops } => go(
                    ops,
                    Scope {
                        autocommit: true,
                        ..scope
                    },
                    f,
                ),
                OpKind::Conditional {
                    then, otherwise, ..
                } => {
                    go(then, scope, f);
                    go(otherwise, scope, f);
                }
                _ => {}
            }
        }
    }
    go(ops, Scope::default(), f);
}

/// The innermost op among `ops` (batch and autocommit blocks, conditionals) whose range
/// holds `offset`: where a diagnostic of the catalog points.
pub(crate) fn op_at(ops: &[Op], offset: u32) -> Option<&Op> {
    let mut found = None;
    visit(ops, &mut |op, _| {
        if op.range.start <= offset && offset < op.range.end.max(op.range.start + 1) {
            found = Some(op);
        }
    });
    found
}

/// The (schema, table) an op works on, for the ops that work on one table.
pub(crate) fn op_table(op: &Op) -> Option<(Option<&str>, &str)> {
    match &op.kind {
        OpKind::CreateTable { table, schema, .. }
        | OpKind::DropTable { table, schema, .. }
        | OpKind::AddColumn { table, schema, .. }
        | OpKind::DropColumn { table, schema, .. }
        | OpKind::AddConstraint { table, schema, .. }
        | OpKind::CreateExcludeConstraint { table, schema, .. }
        | OpKind::DropConstraint { table, schema, .. }
        | OpKind::CreateTableComment { table, schema, .. }
        | OpKind::DropTableComment { table, schema, .. }
        | OpKind::BulkInsert { table, schema, .. }
        | OpKind::Batch { table, schema, .. } => Some((schema.as_deref(), table)),
        OpKind::RenameTable { old, schema, .. } => Some((schema.as_deref(), old)),
        OpKind::AlterColumn(a) => Some((a.schema.as_deref(), &a.table)),
        OpKind::CreateIndex(i) => Some((None, &i.table)),
        OpKind::DropIndex {
            table: Some(table),
            schema,
            ..
        } => Some((schema.as_deref(), table)),
        _ => None,
    }
}

/// The context of one revision file, and the findings reported on it.
pub struct Checker<'a> {
    /// The revision.
    pub(crate) file: &'a RevisionFile,
    /// Its index in the project's `revisions` (and the graph's `file_index`).
    pub(crate) index: usize,
    /// Its source text.
    pub(crate) source: &'a str,
    /// The whole project: every revision and the graph.
    pub(crate) project: &'a Project,
    /// The schema before this revision's `upgrade()`.
    pub(crate) catalog: &'a Catalog,
    /// What replaying the other branches of a merge (or the dependencies) onto the first
    /// parent's schema reported, beyond what they reported on their own branch
    /// ([`Project::catalogs_before`]); empty outside the catalog walk.
    pub(crate) catalog_replay: &'a [Diagnostic],
    /// Settings.
    pub(crate) settings: &'a Settings,
    /// `upgrade()` ops, conditionals resolved for the dialect (online).
    pub(crate) upgrade: Cow<'a, [Op]>,
    /// `downgrade()` ops, conditionals resolved for the dialect (online).
    pub(crate) downgrade: Cow<'a, [Op]>,
    sql: OnceCell<Vec<SqlSnippet>>,
    rule: Rule,
    pub(crate) findings: Vec<Finding>,
}

impl<'a> Checker<'a> {
    /// The checker of `project.revisions[index]`; `index` must be in range.
    pub(crate) fn new(
        project: &'a Project,
        index: usize,
        source: &'a str,
        catalog: &'a Catalog,
        settings: &'a Settings,
    ) -> Self {
        let file = &project.revisions[index];
        let resolve = |f: &'a Option<retort_ir::MigrationFn>| match f {
            Some(f) => Op::resolve_borrowed(&f.ops, &settings.dialect, false),
            None => Cow::Borrowed(&[][..]),
        };
        Self {
            upgrade: resolve(&file.upgrade),
            downgrade: resolve(&file.downgrade),
            file,
            index,
            source,
            project,
            catalog,
            catalog_replay: &[],
            settings,
            sql: OnceCell::new(),
            rule: Rule::ALL[0],
            findings: Vec::new(),
        }
    }

    /// The revision graph.
    pub(crate) fn graph(&self) -> &'a RevisionGraph {
        &self.project.graph
    }

    /// This file's node in the graph.
    pub(crate) fn node(&self) -> Option<&'a Revision> {
        let nodes = self.graph().revisions();
        // The façade builds one node per revision file, in the same order.
        nodes
            .get(self.index)
            .filter(|r| r.file_index == self.index)
            .or_else(|| nodes.iter().find(|r| r.file_index == self.index))
    }

    /// The revision file of a graph node.
    pub(crate) fn file_of(&self, node: &Revision) -> Option<&'a RevisionFile> {
        self.project.revisions.get(node.file_index)
    }

    /// The graph's problems the running rule reports ([`Rule::for_graph_problem`]) that
    /// involve this file (`first_only`: only those where this file is the one to fix).
    pub(crate) fn graph_problems(&self, first_only: bool) -> Vec<&'a GraphProblem> {
        self.graph()
            .problems()
            .iter()
            .filter(|p| Rule::for_graph_problem(p.kind) == self.rule)
            .filter(|p| {
                if first_only {
                    p.file_indices.first() == Some(&self.index)
                } else {
                    p.file_indices.contains(&self.index)
                }
            })
            .collect()
    }

    /// Runs one rule.
    pub(crate) fn run(&mut self, rule: Rule) {
        self.rule = rule;
        rule.check(self);
    }

    /// The Python-level facts of the file (from the front end's parse).
    pub(crate) fn python(&self) -> &'a retort_ir::PythonFacts {
        &self.file.python
    }

    /// Every `op.execute` of `upgrade()` then `downgrade()`, parsed (on first use).
    pub(crate) fn sql(&self) -> &[SqlSnippet] {
        self.sql.get_or_init(|| {
            let mut out = Vec::new();
            sql::collect(
                &self.upgrade,
                self.source,
                &self.settings.dialect,
                false,
                &mut out,
            );
            sql::collect(
                &self.downgrade,
                self.source,
                &self.settings.dialect,
                true,
                &mut out,
            );
            out
        })
    }

    /// Reports a finding of the running rule.
    pub(crate) fn report(
        &mut self,
        range: TextRange,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let finding = Finding::new(self.rule, &self.file.path, range, message).with_help(help);
        self.findings.push(finding);
    }

    /// Reports a finding of the running rule with a fix.
    pub(crate) fn report_fix(
        &mut self,
        range: TextRange,
        message: impl Into<String>,
        help: impl Into<String>,
        fix: Option<Fix>,
    ) {
        let mut finding = Finding::new(self.rule, &self.file.path, range, message).with_help(help);
        finding.fix = fix;
        self.findings.push(finding);
    }

    /// The source text of `range`.
    pub(crate) fn text(&self, range: TextRange) -> &'a str {
        self.source
            .get(range.start as usize..range.end as usize)
            .unwrap_or("")
    }

    /// Where to report something about the whole file: the `revision = …` value, else
    /// the start of the file.
    pub(crate) fn file_range(&self) -> TextRange {
        self.file
            .revision_range
            .unwrap_or_else(|| TextRange::empty(0))
    }

    /// Where a graph problem stands in this file (the value it is about), else
    /// [`file_range`](Self::file_range).
    pub(crate) fn problem_range(&self, problem: &GraphProblem) -> TextRange {
        retort_analysis::problem_range(problem.kind, self.file).unwrap_or_else(|| self.file_range())
    }

    /// Whether `table` existed before the op at `at`: not created (or renamed into) by
    /// an earlier op of this revision's `upgrade()`. Tables no revision created are taken
    /// to exist: the history may start from a database made another way.
    pub(crate) fn is_existing_table(
        &self,
        schema: Option<&str>,
        table: &str,
        at: TextRange,
    ) -> bool {
        let mut created = false;
        visit(&self.upgrade, &mut |op, _| {
            if op.range.start >= at.start {
                return;
            }
            match &op.kind {
                OpKind::CreateTable {
                    table: t,
                    schema: s,
                    ..
                } if t == table && s.as_deref() == schema => created = true,
                OpKind::RenameTable { new, schema: s, .. }
                    if new == table && s.as_deref() == schema =>
                {
                    created = true
                }
                _ => {}
            }
        });
        !created
    }

    /// Whether the target is PostgreSQL.
    pub(crate) fn postgresql(&self) -> bool {
        self.settings.is_postgresql()
    }
}
