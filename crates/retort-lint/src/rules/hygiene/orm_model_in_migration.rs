use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for ORM use in revision files: mapped classes (`__tablename__`,
    /// `Mapped[...]`, `declarative_base()`), `Session` / `sessionmaker`, and
    /// `session.query(...)`.
    ///
    /// ## Why is this bad?
    /// ORM classes describe the schema as the *current* code sees it, not as it is at
    /// this revision: a data migration through them breaks as soon as a later revision
    /// adds a column the class maps. Core constructs (`sa.table()`, `sa.column()`) with
    /// just the columns needed stay valid.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     session = Session(bind=op.get_bind())
    ///     for user in session.query(User):
    ///         user.active = True
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// users = sa.table("users", sa.column("active", sa.Boolean()))
    ///
    /// def upgrade():
    ///     op.execute(users.update().values(active=True))
    /// ```
    ///
    /// ## Fix safety
    /// No fix.
    pub struct OrmModelInMigration {
        code: "HYG004",
        name: "orm-model-in-migration",
        group: Hygiene,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

const SESSION_CALLS: &[&str] = &[
    "Session",
    "sessionmaker",
    "scoped_session",
    "declarative_base",
];

pub(crate) fn check(cx: &mut Checker<'_>) {
    let python = cx.python();
    let mut out = Vec::new();
    for class in &python.classes {
        let orm_base = class.bases.iter().any(|b| {
            let last = b.rsplit('.').next().unwrap_or(b);
            matches!(
                last,
                "Base" | "DeclarativeBase" | "Model" | "declarative_base()"
            )
        });
        if class.mapped || orm_base {
            out.push((
                class.name_range,
                format!("`{}` is an ORM model defined in a migration.", class.name),
            ));
        }
    }
    for call in &python.calls {
        let last = call.callee.rsplit('.').next().unwrap_or(&call.callee);
        if SESSION_CALLS.contains(&last) {
            out.push((
                call.range,
                format!(
                    "`{}(...)`: ORM sessions in migrations tie them to the current models.",
                    call.callee
                ),
            ));
        } else if last == "query" && call.callee.contains('.') {
            out.push((
                call.range,
                format!("`{}(...)` queries through the ORM.", call.callee),
            ));
        }
    }
    for (range, message) in out {
        cx.report(
            range,
            format!("{message} The models change after this revision; the migration must not."),
            "Use Core constructs with just the columns needed (`sa.table(\"users\", sa.column(\"id\"))`) or plain SQL.",
        );
    }
}
