//! `op.execute` and `op.bulk_insert`.

use retort_ir::{Diagnostic, ExecuteSql, Op};

use crate::engine::{Engine, Origin};

impl Engine {
    pub(crate) fn execute_sql(&mut self, _op: &Op, _sql: &ExecuteSql, _origin: Origin<'_>, _out: &mut Vec<Diagnostic>) -> bool {
        true
    }

    pub(crate) fn bulk_insert(&mut self, _op: &Op, _origin: Origin<'_>, _out: &mut Vec<Diagnostic>) -> bool {
        true
    }
}
