use retort_ir::{Constraint, ConstraintKind};

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for foreign key, unique and CHECK constraints created without a name
    /// when no naming convention (`naming-convention` in the configuration, from
    /// `target_metadata`) names them.
    ///
    /// ## Why is this bad?
    /// The database invents the name, and each database invents a different one. A
    /// later `drop_constraint` needs the name: it works on one database and fails on
    /// another, and autogenerate renders *drop_constraint(None, …)*, which fails
    /// everywhere.
    ///
    /// ## Example
    /// ```python
    /// op.create_table(
    ///     "posts",
    ///     sa.Column("user_id", sa.Integer()),
    ///     sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
    /// )
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// op.create_table(
    ///     "posts",
    ///     sa.Column("user_id", sa.Integer()),
    ///     sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_posts_user_id_users"),
    /// )
    /// ```
    /// or set `MetaData(naming_convention=...)` on `target_metadata` and tell Retort
    /// with `naming-convention` in `[tool.retort]`.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct UnnamedConstraint {
        code: "POR004",
        name: "unnamed-constraint",
        group: Portability,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

fn convention_key(kind: ConstraintKind) -> &'static str {
    match kind {
        ConstraintKind::ForeignKey => "fk",
        ConstraintKind::Unique => "uq",
        ConstraintKind::Check => "ck",
        ConstraintKind::PrimaryKey => "pk",
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let named_by = |kind: ConstraintKind| {
        cx.settings
            .naming_convention
            .as_ref()
            .is_some_and(|c| c.iter().any(|(k, _)| k == convention_key(kind)))
    };
    let mut out = Vec::new();
    let check_constraint = |c: &Constraint, table: &str, out: &mut Vec<(TextRange, String)>| {
        if c.kind != ConstraintKind::PrimaryKey && c.name.is_none() && !named_by(c.kind) {
            let what = match c.kind {
                ConstraintKind::ForeignKey => "foreign key",
                ConstraintKind::Unique => "unique constraint",
                _ => "CHECK constraint",
            };
            out.push((c.range, format!("This {what} on `{table}` has no name: each database invents a different one, so dropping it later is not portable.")));
        }
    };
    visit(&cx.upgrade, &mut |op, _| match &op.kind {
        OpKind::CreateTable {
            table,
            constraints,
            columns,
            ..
        } => {
            constraints
                .iter()
                .for_each(|c| check_constraint(c, table, &mut out));
            for col in columns {
                col.checks
                    .iter()
                    .for_each(|c| check_constraint(c, table, &mut out));
                if col.foreign_keys.iter().any(|fk| fk.name.is_none())
                    && !named_by(ConstraintKind::ForeignKey)
                {
                    out.push((col.range, format!("The foreign key of `{table}.{}` has no name: each database invents a different one, so dropping it later is not portable.", col.name)));
                }
            }
        }
        OpKind::AddConstraint {
            table, constraint, ..
        } => check_constraint(constraint, table, &mut out),
        _ => {}
    });
    for (range, message) in out {
        cx.report(
            range,
            message,
            "Name it (`name=\"fk_posts_user_id_users\"`), or configure a naming convention on `target_metadata` and in `[tool.retort] naming-convention`.",
        );
    }
}
