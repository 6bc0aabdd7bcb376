use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks for tabs in the indentation of multi-line SQL strings (sqlfluff's LT02
    /// "spaces" policy). Opt-in.
    ///
    /// ## Why is this bad?
    /// Tabs render at different widths in editors, diffs and logs, so the indentation
    /// that shows a statement's structure falls apart.
    ///
    /// ## Example
    /// ```python
    /// op.execute("""
    /// UPDATE users
    /// \tSET active = true
    /// """)
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// op.execute("""
    /// UPDATE users
    ///     SET active = true
    /// """)
    /// ```
    ///
    /// ## Fix safety
    /// The fix replaces each indenting tab with four spaces; safe.
    pub struct SqlTabIndentation {
        code: "SQL103",
        name: "sql-tab-indentation",
        group: Sql,
        severity: Info,
        opt_in: true,
        fix: Sometimes,
    }
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let mut out = Vec::new();
    for snippet in cx.sql().iter().filter(|s| s.is_text && s.is_mapped()) {
        let mut offset = 0;
        for line in snippet.sql.split_inclusive('\n') {
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            if line[..indent].contains('\t') {
                let range = snippet.source_range(offset, offset + indent);
                let source_indent = cx.text(range);
                // The literal may spell a tab as `\t`: replace what the source has.
                let replaced = source_indent.replace("\\t", "    ").replace('\t', "    ");
                out.push((range, replaced));
            }
            offset += line.len();
        }
    }
    for (range, replaced) in out {
        cx.report_fix(
            range,
            "Tab in SQL indentation.",
            "Indent with spaces.",
            Some(Fix::safe(
                "Indent with spaces",
                vec![Edit::replace(range, replaced)],
            )),
        );
    }
}
