use retort_ir::Value;

use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for `add_column` on an existing table with a server default that forces
    /// PostgreSQL to rewrite the table: a volatile default (`gen_random_uuid()`,
    /// `random()`, `clock_timestamp()`, `nextval(…)`), or, before PostgreSQL 11, any
    /// default.
    ///
    /// ## Why is this bad?
    /// Since PostgreSQL 11 a constant (or stable, like `now()`) default is stored in the
    /// catalog and the column is added instantly. A volatile default must be computed
    /// per row: the table is rewritten under an `ACCESS EXCLUSIVE` lock.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.add_column(
    ///         "users", sa.Column("token", sa.Uuid(), server_default=sa.text("gen_random_uuid()"))
    ///     )
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     op.add_column("users", sa.Column("token", sa.Uuid()))
    ///     op.alter_column("users", "token", server_default=sa.text("gen_random_uuid()"))
    ///     # then backfill existing rows in batches
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct VolatileServerDefault {
        code: "SAF009",
        name: "volatile-server-default",
        group: Safety,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

const VOLATILE: &[&str] = &[
    "random",
    "gen_random_uuid",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "uuidv4",
    "uuidv7",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "setval",
    "txid_current",
];

/// The volatile function a default calls, if any.
fn volatile(value: &Value) -> Option<String> {
    match value {
        Value::Func { name, args } => {
            let lower = name.to_ascii_lowercase();
            if VOLATILE.contains(&lower.as_str()) {
                Some(format!("{lower}()"))
            } else {
                args.iter().find_map(volatile)
            }
        }
        Value::Text(sql) => {
            let lower = sql.to_ascii_lowercase();
            VOLATILE.iter().find_map(|f| {
                let at = lower.find(f)?;
                let before = lower[..at].chars().last();
                let after = lower[at + f.len()..].trim_start();
                (after.starts_with('(') && !before.is_some_and(|c| c.is_alphanumeric() || c == '_'))
                    .then(|| format!("{f}()"))
            })
        }
        _ => None,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    if !cx.postgresql() {
        return;
    }
    let old = cx.settings.postgres_version < 11;
    let mut out = Vec::new();
    visit(&cx.upgrade, &mut |op, _| {
        if let OpKind::AddColumn {
            table,
            schema,
            column,
            ..
        } = &op.kind
        {
            let Some(default) = &column.server_default else {
                return;
            };
            if !cx.is_existing_table(schema.as_deref(), table, op.range) {
                return;
            }
            let message = match volatile(default) {
                Some(f) => format!("The server default `{f}` of `{table}.{}` is volatile: PostgreSQL rewrites the whole table under an exclusive lock to fill it.", column.name),
                None if old => format!("Before PostgreSQL 11, adding `{table}.{}` with a server default rewrites the whole table under an exclusive lock.", column.name),
                None => return,
            };
            out.push((column.range, message));
        }
    });
    for (range, message) in out {
        cx.report(
            range,
            message,
            "Add the column without the default, set the default with `alter_column`, then backfill existing rows in batches.",
        );
    }
}
