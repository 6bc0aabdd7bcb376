use retort_ir::ImportBinding;

use crate::python::whole_line_range;
use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for imports a revision file never uses.
    ///
    /// ## Why is this bad?
    /// Every import runs when Alembic loads the versions directory, for every command:
    /// an unused import of application code can break `alembic upgrade` when that code
    /// changes, for nothing. The template's `import sqlalchemy as sa` in an empty
    /// migration is the harmless, common case.
    ///
    /// ## Example
    /// ```python
    /// import os
    /// from alembic import op
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// from alembic import op
    /// ```
    ///
    /// ## Fix safety
    /// The fix removes the import (the whole statement when nothing of it is used); it
    /// is safe for module-level imports, the only ones it is offered for.
    pub struct UnusedImport {
        code: "HYG002",
        name: "unused-import",
        group: Hygiene,
        severity: Warning,
        opt_in: false,
        fix: Sometimes,
    }
}

fn removal(cx: &Checker<'_>, import: &ImportBinding, unused_siblings: &[TextRange]) -> Option<Fix> {
    if !import.module_level {
        return None;
    }
    let title = format!("Remove unused import `{}`", import.binding);
    if import.siblings.iter().all(|s| unused_siblings.contains(s)) {
        let line = whole_line_range(cx.source, import.stmt_range)?;
        return Some(Fix::safe(title, vec![Edit::delete(line)]));
    }
    let position = import
        .siblings
        .iter()
        .position(|s| *s == import.alias_range)?;
    let range = if position + 1 < import.siblings.len() {
        TextRange::new(
            import.alias_range.start,
            import.siblings[position + 1].start,
        )
    } else {
        TextRange::new(
            import.siblings.get(position.checked_sub(1)?)?.end,
            import.alias_range.end,
        )
    };
    Some(Fix::safe(title, vec![Edit::delete(range)]))
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let python = cx.python();
    let unused: Vec<&ImportBinding> = python
        .imports
        .iter()
        .filter(|i| i.module != "__future__" && !python.used_names.contains(&i.binding))
        .filter(|i| !i.in_block)
        .collect();
    let unused_ranges: Vec<TextRange> = unused.iter().map(|i| i.alias_range).collect();
    let mut out = Vec::new();
    for (n, import) in unused.iter().enumerate() {
        // One fix per statement when the whole statement goes, so fixes do not overlap.
        let whole = import.siblings.iter().all(|s| unused_ranges.contains(s));
        let first_of_stmt = unused[..n]
            .iter()
            .all(|o| o.stmt_range != import.stmt_range);
        let fix = if whole && !first_of_stmt {
            None
        } else {
            removal(cx, import, &unused_ranges)
        };
        let what = match &import.member {
            Some(m) => format!("{}.{m}", import.module),
            None => import.module.clone(),
        };
        out.push((
            import.alias_range,
            format!("`{what}` is imported but never used."),
            fix,
        ));
    }
    for (range, message, fix) in out {
        cx.report_fix(range, message, "Remove the import.", fix);
    }
}
