use std::collections::HashSet;

use retort_ir::{BodyKind, ConstraintKind, IndexElement};

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that `downgrade()` removes objects in the reverse order `upgrade()`
    /// created them, where one depends on the other: an index or constraint before the
    /// column or table it is on, a table before the table it refers to.
    ///
    /// ## Why is this bad?
    /// The downgrade fails half-way: dropping a column drops its indexes with it, so
    /// the later `drop_index` fails with *index does not exist*; dropping a referenced
    /// table fails while a foreign key still points at it.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.add_column("users", sa.Column("email", sa.String(200)))
    ///     op.create_index("ix_users_email", "users", ["email"])
    ///
    /// def downgrade():
    ///     op.drop_column("users", "email")
    ///     op.drop_index("ix_users_email", table_name="users")
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def downgrade():
    ///     op.drop_index("ix_users_email", table_name="users")
    ///     op.drop_column("users", "email")
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct DowngradeOrder {
        code: "REV005",
        name: "downgrade-order",
        group: Reversibility,
        severity: Error,
        opt_in: false,
        fix: None,
    }
}

/// Something `upgrade()` created.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Created {
    Table(String),
    Column(String, String),
    Index(String),
    Constraint(String),
}

/// What a created object needs to exist: the objects it is on or refers to.
struct Creation {
    what: Created,
    label: String,
    needs: Vec<Need>,
}

/// One object a created object needs, and the named foreign key the need goes through
/// (dropping that constraint first removes the need).
struct Need {
    what: Created,
    through: Option<String>,
}

impl Need {
    fn on(what: Created) -> Self {
        Self {
            what,
            through: None,
        }
    }
}

fn creations(ops: &[Op]) -> Vec<Creation> {
    let mut out = Vec::new();
    visit(ops, &mut |op, _| match &op.kind {
        OpKind::CreateTable {
            table,
            columns,
            constraints,
            ..
        } => {
            // `use_alter=True` foreign keys are not part of the table: the
            // `create_foreign_key` that adds them is its own creation.
            let needs: Vec<Need> = columns
                .iter()
                .flat_map(|c| {
                    c.foreign_keys.iter().filter(|fk| !fk.use_alter).map(|fk| {
                        (
                            fk.split_target().1.to_owned(),
                            fk.name.as_ref().map(|n| n.text.clone()),
                        )
                    })
                })
                .chain(
                    constraints
                        .iter()
                        .filter(|c| c.kind == ConstraintKind::ForeignKey)
                        .filter(|c| !kwarg_true(&c.kwargs, "use_alter"))
                        .filter_map(|c| {
                            Some((
                                c.ref_table.clone()?,
                                c.name.as_ref().map(|n| n.text.clone()),
                            ))
                        }),
                )
                .filter(|(t, _)| t != table)
                .map(|(t, through)| Need {
                    what: Created::Table(t),
                    through,
                })
                .collect();
            out.push(Creation {
                what: Created::Table(table.clone()),
                label: format!("drop_table('{table}')"),
                needs,
            });
        }
        OpKind::AddColumn { table, column, .. } => out.push(Creation {
            what: Created::Column(table.clone(), column.name.clone()),
            label: format!("drop_column('{table}', '{}')", column.name),
            needs: vec![Need::on(Created::Table(table.clone()))],
        }),
        OpKind::CreateIndex(index) => {
            let Some(name) = &index.name else { return };
            let mut needs = vec![Need::on(Created::Table(index.table.clone()))];
            needs.extend(index.elements.iter().filter_map(|e| match e {
                IndexElement::Column(c) => {
                    Some(Need::on(Created::Column(index.table.clone(), c.clone())))
                }
                IndexElement::Expression(_) => None,
            }));
            out.push(Creation {
                what: Created::Index(name.text.clone()),
                label: format!("drop_index('{}')", name.text),
                needs,
            });
        }
        OpKind::AddConstraint {
            table, constraint, ..
        } => {
            let Some(name) = &constraint.name else { return };
            let mut needs = vec![Need::on(Created::Table(table.clone()))];
            needs.extend(
                constraint
                    .columns
                    .iter()
                    .map(|c| Need::on(Created::Column(table.clone(), c.clone()))),
            );
            if let Some(r) = &constraint.ref_table {
                needs.push(Need::on(Created::Table(r.clone())));
            }
            out.push(Creation {
                what: Created::Constraint(name.text.clone()),
                label: format!("drop_constraint('{}')", name.text),
                needs,
            });
        }
        _ => {}
    });
    out
}

/// Where `downgrade()` removes each kind of object, in order.
fn removals(ops: &[Op]) -> Vec<(Created, TextRange, String)> {
    let mut out = Vec::new();
    visit(ops, &mut |op, _| {
        let item = match &op.kind {
            OpKind::DropTable { table, .. } => Some((
                Created::Table(table.clone()),
                format!("drop_table('{table}')"),
            )),
            OpKind::DropColumn { table, column, .. } => Some((
                Created::Column(table.clone(), column.clone()),
                format!("drop_column('{table}', '{column}')"),
            )),
            OpKind::DropIndex { name, .. } => Some((
                Created::Index(name.text.clone()),
                format!("drop_index('{}')", name.text),
            )),
            OpKind::DropConstraint {
                name: Some(name), ..
            } => Some((
                Created::Constraint(name.text.clone()),
                format!("drop_constraint('{}')", name.text),
            )),
            _ => None,
        };
        if let Some((what, label)) = item {
            out.push((what, op.range, label));
        }
    });
    out
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    if cx
        .file
        .downgrade
        .as_ref()
        .is_none_or(|d| d.body != BodyKind::Ops)
    {
        return;
    }
    let created = creations(&cx.upgrade);
    let removed = removals(&cx.downgrade);
    let position = |what: &Created| removed.iter().position(|(w, _, _)| w == what);
    let mut reported: HashSet<usize> = HashSet::new();
    let mut out = Vec::new();
    for dependent in &created {
        let Some(dependent_at) = position(&dependent.what) else {
            continue;
        };
        for need in &dependent.needs {
            // Only what this revision created has a removal to order.
            if !created.iter().any(|c| c.what == need.what) {
                continue;
            }
            let Some(need_at) = position(&need.what) else {
                continue;
            };
            // The foreign key it goes through is dropped first: no need left.
            let released = need.through.as_ref().is_some_and(|name| {
                position(&Created::Constraint(name.clone())).is_some_and(|at| at < need_at)
            });
            if released {
                continue;
            }
            if need_at < dependent_at && reported.insert(need_at) {
                let (_, range, label) = &removed[need_at];
                out.push((
                    *range,
                    format!(
                        "`{label}` runs before `{}`, which depends on it: the downgrade fails half-way.",
                        dependent.label
                    ),
                    format!("Move `{}` before `{label}` (undo in the reverse order of `upgrade()`).", dependent.label),
                ));
            }
        }
    }
    for (range, message, help) in out {
        cx.report(range, message, help);
    }
}
