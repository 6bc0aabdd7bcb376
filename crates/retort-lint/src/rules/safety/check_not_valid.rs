use retort_ir::ConstraintKind;

use super::foreign_key_not_valid::not_valid;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for CHECK constraints added to an existing table without
    /// `postgresql_not_valid=True` (or `NOT VALID` in `op.execute`), on PostgreSQL.
    ///
    /// ## Why is this bad?
    /// Adding a CHECK constraint scans the whole table under an `ACCESS EXCLUSIVE`
    /// lock: no reads or writes until every row is checked. `NOT VALID` then `VALIDATE
    /// CONSTRAINT` splits this into an instant step and a scan that does not block.
    ///
    /// ## Example
    /// ```python
    /// def upgrade():
    ///     op.create_check_constraint("ck_users_age", "users", "age >= 0")
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// def upgrade():
    ///     op.create_check_constraint("ck_users_age", "users", "age >= 0", postgresql_not_valid=True)
    ///     op.execute("ALTER TABLE users VALIDATE CONSTRAINT ck_users_age")
    /// ```
    ///
    /// ## Fix safety
    /// The fix adds `postgresql_not_valid=True`; unsafe, since the constraint then
    /// needs a `VALIDATE CONSTRAINT`.
    pub struct CheckNotValid {
        code: "SAF005",
        name: "check-not-valid",
        group: Safety,
        severity: Warning,
        opt_in: false,
        fix: Sometimes,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    not_valid(cx, ConstraintKind::Check, "CHECK", "CHECK constraint");
}
