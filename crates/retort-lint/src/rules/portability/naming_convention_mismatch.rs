use retort_catalog::{ApplyContext, Catalog, NamingConvention, Table};
use retort_ir::{ConstraintKind, Name};

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// With a naming convention configured (`naming-convention` in `[tool.retort]`,
    /// as on `target_metadata`), checks that explicit index and constraint names are
    /// the names the convention gives.
    ///
    /// ## Why is this bad?
    /// The models name the object by the convention; the database has the hand-written
    /// name. `alembic check` and autogenerate then see a difference on every run, and
    /// a later `drop_constraint` by the convention's name fails.
    ///
    /// ## Example
    /// ```python
    /// # naming-convention = { ix = "ix_%(column_0_label)s" }
    /// op.create_index("users_email_idx", "users", ["email"])
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// op.create_index(op.f("ix_users_email"), "users", ["email"])
    /// ```
    ///
    /// ## Fix safety
    /// The fix renames to the convention's name; unsafe, since code or later
    /// migrations may use the old name.
    pub struct NamingConventionMismatch {
        code: "POR005",
        name: "naming-convention-mismatch",
        group: Portability,
        severity: Warning,
        opt_in: false,
        fix: Sometimes,
    }
}

/// The name the convention gives `op` with its name removed, computed by applying it
/// to a scratch catalog holding just its table (so the catalog's naming logic is the one
/// used everywhere).
fn conventional_name(cx: &Checker<'_>, op: &Op, ctx: &ApplyContext) -> Option<String> {
    let mut unnamed = op.clone();
    let (schema, table) = match &mut unnamed.kind {
        OpKind::CreateIndex(index) => {
            index.name = None;
            (None, index.table.clone())
        }
        OpKind::AddConstraint {
            table,
            schema,
            constraint,
        } => {
            if matches!(constraint.kind, ConstraintKind::Check) {
                return None;
            }
            constraint.name = None;
            (schema.clone(), table.clone())
        }
        _ => return None,
    };
    let mut scratch = Catalog::new();
    let mut base = cx
        .catalog
        .table(schema.as_deref(), &table)
        .cloned()
        .unwrap_or_else(|| Table::new(schema.as_deref(), &table));
    base.indexes.clear();
    base.uniques.clear();
    base.foreign_keys.clear();
    base.primary_key = None;
    let columns: Vec<String> = match &op.kind {
        OpKind::CreateIndex(i) => i
            .elements
            .iter()
            .filter_map(|e| match e {
                retort_ir::IndexElement::Column(c) => Some(c.clone()),
                retort_ir::IndexElement::Expression(_) => None,
            })
            .collect(),
        OpKind::AddConstraint { constraint, .. } => constraint.columns.clone(),
        _ => Vec::new(),
    };
    for c in columns {
        if base.column(&c).is_none() {
            base.columns.push(retort_catalog::CatalogColumn {
                name: c,
                type_: None,
                nullable: true,
                server_default: None,
                comment: None,
                autoincrement: retort_ir::Autoincrement::Auto,
                identity: None,
                computed: None,
            });
        }
    }
    scratch.insert_table(base);
    if let OpKind::AddConstraint { constraint, .. } = &op.kind {
        if let Some(r) = &constraint.ref_table {
            let mut target = Table::new(constraint.ref_schema.as_deref(), r);
            for c in &constraint.ref_columns {
                target.columns.push(retort_catalog::CatalogColumn {
                    name: c.clone(),
                    type_: None,
                    nullable: false,
                    server_default: None,
                    comment: None,
                    autoincrement: retort_ir::Autoincrement::Auto,
                    identity: None,
                    computed: None,
                });
            }
            target.primary_key = Some(retort_catalog::PrimaryKey {
                name: None,
                columns: constraint.ref_columns.clone(),
            });
            scratch.insert_table(target);
        }
    }
    let _ = scratch.apply(&unnamed, ctx);
    let t = scratch.table(schema.as_deref(), &table)?;
    match &op.kind {
        OpKind::CreateIndex(_) => t.indexes.first()?.name.clone(),
        OpKind::AddConstraint { .. } => t
            .constraints()
            .into_iter()
            .find_map(|c| c.name().map(str::to_owned)),
        _ => None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let Some(pairs) = cx.settings.naming_convention.as_deref() else {
        return;
    };
    let ctx = ApplyContext {
        naming_convention: NamingConvention::from_pairs(pairs),
        ..ApplyContext::new(cx.settings.dialect.clone())
    };
    let mut out = Vec::new();
    visit(&cx.upgrade, &mut |op, _| {
        let name: Option<&Name> = match &op.kind {
            OpKind::CreateIndex(i) => i.name.as_ref(),
            OpKind::AddConstraint { constraint, .. } => constraint.name.as_ref(),
            _ => None,
        };
        let Some(name) = name else { return };
        let Some(expected) = conventional_name(cx, op, &ctx) else {
            return;
        };
        if expected != name.text {
            out.push((op.range, name.text.clone(), expected));
        }
    });
    for (range, actual, expected) in out {
        let text = cx.text(range);
        let fix = [format!("\"{actual}\""), format!("'{actual}'")]
            .iter()
            .find_map(|quoted| text.find(quoted.as_str()).map(|i| (i, quoted.len())))
            .map(|(i, len)| {
                let start = range.start + i as u32;
                Fix::unsafe_(
                    format!("Rename to `{expected}`"),
                    vec![Edit::replace(
                        TextRange::new(start, start + len as u32),
                        format!("op.f(\"{expected}\")"),
                    )],
                )
            });
        cx.report_fix(
            range,
            format!("`{actual}` is not the name the naming convention gives (`{expected}`): autogenerate will see a difference on every run."),
            format!("Use `op.f(\"{expected}\")`."),
            fix,
        );
    }
}
