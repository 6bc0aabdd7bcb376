use retort_catalog::codes;
use retort_ir::{Diagnostic, LineIndex, RevisionFile, Severity};

use crate::checker::op_at;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks, at each merge revision, that the branches it joins do not create the same
    /// thing: the same table, the same column of a table, the same index or constraint
    /// name. Each branch upgrades fine on its own; together they cannot.
    ///
    /// ## Why is this bad?
    /// `alembic upgrade head` runs both branches before the merge, one after the other,
    /// and the second `add_column` of the same column fails (*column "email" of relation
    /// "users" already exists*), half-way through a deploy. Neither branch shows the
    /// problem in review or in its own tests: it appears only once they are merged.
    ///
    /// Branches where a side also drops or renames what it created are not reported:
    /// whether those fail depends on which branch Alembic runs first.
    ///
    /// ## Example
    /// ```python
    /// # 1a_email.py (down_revision = "0a")
    /// def upgrade():
    ///     op.add_column("users", sa.Column("email", sa.String(255)))
    ///
    /// # 2b_contact.py (down_revision = "0a")
    /// def upgrade():
    ///     op.add_column("users", sa.Column("email", sa.String(320)))
    ///
    /// # 3c_merge.py
    /// down_revision = ("1a", "2b")
    /// ```
    ///
    /// ## Use instead
    /// Keep the column in one branch, and drop the other branch's `add_column` (or
    /// rename its column), before the merge is released.
    ///
    /// ## Fix safety
    /// No fix: which branch keeps the change is a decision.
    pub struct ConflictingBranches {
        code: "HIS011",
        name: "conflicting-branches",
        group: History,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

/// The catalog's codes for "that name is taken".
const TAKEN: &[&str] = &[
    codes::TABLE_EXISTS,
    codes::COLUMN_EXISTS,
    codes::INDEX_EXISTS,
    codes::CONSTRAINT_EXISTS,
];

/// Something an op creates under a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Created<'a> {
    Table(Option<&'a str>, &'a str),
    Column(Option<&'a str>, &'a str, &'a str),
    Index(&'a str),
    Constraint(&'a str, &'a str),
}

impl Created<'_> {
    fn describe(self) -> String {
        match self {
            Created::Table(schema, table) => {
                format!("create table `{}`", table_label(schema, table))
            }
            Created::Column(schema, table, column) => {
                format!("add column `{}.{column}`", table_label(schema, table))
            }
            Created::Index(name) => format!("create index `{name}`"),
            Created::Constraint(table, name) => format!("create constraint `{name}` on `{table}`"),
        }
    }
}

/// What `op` creates under a name.
fn created(op: &Op) -> Option<Created<'_>> {
    match &op.kind {
        OpKind::CreateTable { table, schema, .. } => Some(Created::Table(schema.as_deref(), table)),
        OpKind::RenameTable { new, schema, .. } => Some(Created::Table(schema.as_deref(), new)),
        OpKind::AddColumn {
            table,
            schema,
            column,
            ..
        } => Some(Created::Column(schema.as_deref(), table, &column.name)),
        OpKind::AlterColumn(a) => a
            .new_column_name
            .as_deref()
            .map(|new| Created::Column(a.schema.as_deref(), &a.table, new)),
        OpKind::CreateIndex(i) => i.name.as_ref().map(|n| Created::Index(&n.text)),
        OpKind::AddConstraint {
            table, constraint, ..
        } => constraint
            .name
            .as_ref()
            .map(|n| Created::Constraint(table, &n.text)),
        OpKind::CreateExcludeConstraint { name, table, .. } => {
            name.as_ref().map(|n| Created::Constraint(table, &n.text))
        }
        _ => None,
    }
}

/// Whether `op` removes `what` (drops or renames it away).
fn removes(op: &Op, what: Created<'_>) -> bool {
    let table_gone = |schema: Option<&str>, table: &str| match &op.kind {
        OpKind::DropTable {
            table: t,
            schema: s,
            ..
        } => t == table && s.as_deref() == schema,
        OpKind::RenameTable { old, schema: s, .. } => old == table && s.as_deref() == schema,
        _ => false,
    };
    match what {
        Created::Table(schema, table) => table_gone(schema, table),
        Created::Column(schema, table, column) => {
            table_gone(schema, table)
                || match &op.kind {
                    OpKind::DropColumn {
                        table: t,
                        column: c,
                        schema: s,
                        ..
                    } => t == table && c == column && s.as_deref() == schema,
                    OpKind::AlterColumn(a) => {
                        a.table == table
                            && a.column == column
                            && a.schema.as_deref() == schema
                            && a.new_column_name.is_some()
                    }
                    _ => false,
                }
        }
        Created::Index(name) => {
            matches!(&op.kind, OpKind::DropIndex { name: n, .. } if n.text == name)
        }
        Created::Constraint(table, name) => {
            table_gone(None, table)
                || matches!(&op.kind, OpKind::DropConstraint { name: Some(n), table: t, .. } if n.text == name && t == table)
        }
    }
}

/// Whether an op of `files` removes `what`.
fn removed_in(files: &[&RevisionFile], what: Created<'_>) -> bool {
    files.iter().any(|file| {
        let mut gone = false;
        let ops = file.upgrade.as_ref().map_or(&[][..], |f| &f.ops[..]);
        visit(ops, &mut |op, _| gone |= removes(op, what));
        gone
    })
}

/// What the innermost op of `upgrade()` at `offset` creates.
fn created_at(file: &RevisionFile, offset: u32) -> Option<Created<'_>> {
    let ops = file.upgrade.as_ref().map_or(&[][..], |f| &f.ops[..]);
    op_at(ops, offset).and_then(created)
}

/// The op among `files` (nearest first) that creates `what`: `path:line`.
fn creator(cx: &Checker<'_>, files: &[&RevisionFile], what: Created<'_>) -> Option<String> {
    for file in files {
        let mut at = None;
        let ops = file.upgrade.as_ref().map_or(&[][..], |f| &f.ops[..]);
        visit(ops, &mut |op, _| {
            if at.is_none() && created(op) == Some(what) {
                at = Some(op.range.start);
            }
        });
        if let Some(offset) = at {
            let source = cx.project.source_of(&file.path).unwrap_or("");
            let line = LineIndex::new(source).line_col(source, offset).line;
            return Some(format!("{}:{line}", file.path));
        }
    }
    None
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let conflicts: Vec<&Diagnostic> = cx
        .catalog_replay
        .iter()
        .filter(|d| d.severity == Severity::Error && TAKEN.contains(&d.code.as_str()))
        .collect();
    if conflicts.is_empty() {
        return;
    }
    // The two sides: the first parent's ancestors that the other parents (and
    // dependencies) do not have, whose schema the others are replayed onto; and theirs.
    let graph = cx.graph();
    let file = cx.file;
    let Some((first, others)) = file.down_revisions.split_first() else {
        return;
    };
    let first_side = graph.ancestors_of(first, true);
    let other_side: Vec<String> = others
        .iter()
        .chain(&file.depends_on)
        .flat_map(|id| graph.ancestors_of(id, true))
        .collect();
    let only = |side: &[String], not: &[String]| -> Vec<&RevisionFile> {
        let not: std::collections::HashSet<&String> = not.iter().collect();
        side.iter()
            .filter(|id| !not.contains(id))
            .filter_map(|id| cx.project.revision(id))
            .collect()
    };
    let ours = only(&first_side, &other_side);
    let theirs = only(&other_side, &first_side);
    let at = file.down_revision_range.unwrap_or_else(|| cx.file_range());
    for d in conflicts {
        let (Some(path), Some(range)) = (d.path.as_deref(), d.range) else {
            continue;
        };
        let Some(replayed) = cx.project.revisions.iter().find(|r| r.path == path) else {
            continue;
        };
        let source = cx.project.source_of(path).unwrap_or("");
        let line = LineIndex::new(source).line_col(source, range.start).line;
        let what = created_at(replayed, range.start);
        // A side that also drops what it created fails or not depending on which branch
        // Alembic runs first: not reported.
        if what.is_some_and(|w| removed_in(&ours, w) || removed_in(&theirs, w)) {
            continue;
        }
        let other = what.and_then(|w| creator(cx, &ours, w));
        let message = match (what, other) {
            (Some(what), Some(other)) => format!(
                "The branches joined here both {}: {path}:{line} and {other}. Each upgrades alone; past this merge the second fails: {}",
                what.describe(),
                d.message
            ),
            _ => format!(
                "The branches joined here conflict: {path}:{line} fails once the other branch has run: {}",
                d.message
            ),
        };
        cx.report(
            at,
            message,
            "Keep the change in one branch only (remove or rename it in the other) before releasing the merge.",
        );
    }
}
