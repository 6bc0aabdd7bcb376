use std::collections::HashSet;
use std::sync::OnceLock;

use retort_analysis::Project;
use retort_catalog::codes;
use retort_ir::{Diagnostic, RevisionFile, Severity};

use crate::checker::{op_at, op_table};

use crate::finding::Finding;
use crate::registry::Rule;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Applies each revision's `upgrade()` to the schema as the revisions before it left
    /// it, and reports the operations the database would reject: a table, column, index
    /// or constraint that does not exist, a name already taken, a second primary key, a
    /// foreign key to nothing.
    ///
    /// ## Why is this bad?
    /// The migration fails when it runs, usually in the middle of a deploy, leaving the
    /// database at the previous revision (or, without transactional DDL, half-migrated).
    ///
    /// ## Example
    /// ```python
    /// # an earlier revision created "users" with no "nickname" column
    /// def upgrade():
    ///     op.drop_column("users", "nickname")
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     op.drop_column("users", "nick_name")
    /// ```
    ///
    /// ## Fix safety
    /// No fix. After a step Retort could not follow (an opaque step, DDL in
    /// `op.execute`), these findings are not reported, since that step may explain them;
    /// nor are those about a table no revision creates, which the history takes to exist
    /// already (made by `metadata.create_all()` or before Alembic).
    pub struct OpFailsOnSchema {
        code: "RT004",
        name: "op-fails-on-schema",
        group: Retort,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

/// Computed by the engine after the other rules: it needs the catalog as this revision
/// changes it (see `engine.rs`).
pub(crate) fn check(_cx: &mut Checker<'_>) {}

/// The tables some revision of the history creates (`create_table`, `rename_table` to
/// it). A table no revision creates existed before the history began, made another way
/// (`metadata.create_all()`, an older tool), as `Checker::is_existing_table` takes it:
/// what fails only because the catalog lacks such a table is not reported.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct CreatedTables(HashSet<(Option<String>, String)>);

/// [`CreatedTables`] of a project, built on first use: only a table missing from the
/// catalog needs them.
pub(crate) struct LazyCreatedTables<'a> {
    project: &'a Project,
    tables: OnceLock<CreatedTables>,
}

impl<'a> LazyCreatedTables<'a> {
    pub(crate) fn new(project: &'a Project) -> Self {
        Self {
            project,
            tables: OnceLock::new(),
        }
    }

    fn get(&self) -> &CreatedTables {
        self.tables.get_or_init(|| CreatedTables::of(self.project))
    }
}

impl CreatedTables {
    /// Every table the upgrades of `project` create.
    pub(crate) fn of(project: &Project) -> Self {
        let mut set = HashSet::new();
        for revision in &project.revisions {
            let ops = revision.upgrade.as_ref().map_or(&[][..], |f| &f.ops[..]);
            visit(ops, &mut |op, _| match &op.kind {
                OpKind::CreateTable { table, schema, .. }
                | OpKind::RenameTable {
                    new: table, schema, ..
                } => {
                    set.insert((schema.clone(), table.clone()));
                }
                _ => {}
            });
        }
        Self(set)
    }

    fn contains(&self, schema: Option<&str>, table: &str) -> bool {
        self.0
            .contains(&(schema.map(str::to_owned), table.to_owned()))
    }

    /// Whether `d` fails only for want of a table no revision creates.
    fn explains(&self, file: &RevisionFile, d: &Diagnostic) -> bool {
        let Some(range) = d.range else {
            return false;
        };
        let ops = file.upgrade.as_ref().map_or(&[][..], |f| &f.ops[..]);
        let Some(op) = op_at(ops, range.start) else {
            return false;
        };
        let never_created = |schema: Option<&str>, table: &str| !self.contains(schema, table);
        match d.code.as_str() {
            codes::TABLE_NOT_FOUND => op_table(op).is_some_and(|(s, t)| never_created(s, t)),
            codes::INDEX_NOT_FOUND => matches!(
                &op.kind,
                OpKind::DropIndex { table: Some(t), schema, .. } if never_created(schema.as_deref(), t)
            ),
            codes::FOREIGN_KEY_TARGET_NOT_FOUND => {
                referenced_tables(op).any(|(s, t)| never_created(s, t))
            }
            _ => false,
        }
    }
}

/// The tables the foreign keys of `op` refer to.
fn referenced_tables(op: &Op) -> impl Iterator<Item = (Option<&str>, &str)> {
    let (columns, constraints): (&[retort_ir::Column], &[retort_ir::Constraint]) = match &op.kind {
        OpKind::CreateTable {
            columns,
            constraints,
            ..
        } => (columns, constraints),
        OpKind::AddColumn { column, .. } => (std::slice::from_ref(column), &[]),
        OpKind::AddConstraint { constraint, .. } => (&[], std::slice::from_ref(constraint)),
        _ => (&[], &[]),
    };
    let from_columns = columns.iter().flat_map(|c| &c.foreign_keys).map(|fk| {
        let (schema, table, _) = fk.split_target();
        (schema, table)
    });
    let from_constraints = constraints
        .iter()
        .filter_map(|c| Some((c.ref_schema.as_deref(), c.ref_table.as_deref()?)));
    from_columns.chain(from_constraints)
}

/// The findings for what applying the revision's `upgrade()` reported.
pub(crate) fn findings(
    file: &RevisionFile,
    diagnostics: &[Diagnostic],
    created: &LazyCreatedTables<'_>,
) -> Vec<Finding> {
    let path = file.path.as_str();
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| d.code != codes::OP_NOT_FOLLOWED)
        .filter(|d| {
            !matches!(
                d.code.as_str(),
                codes::TABLE_NOT_FOUND
                    | codes::INDEX_NOT_FOUND
                    | codes::FOREIGN_KEY_TARGET_NOT_FOUND
            ) || !created.get().explains(file, d)
        })
        .map(|d| {
            let range = d.range.unwrap_or_else(|| TextRange::empty(0));
            let mut f = Finding::new(
                Rule::OpFailsOnSchema,
                path,
                range,
                format!("{} ({})", d.message, d.code),
            );
            f.help = d.help.clone();
            f
        })
        .collect()
}
