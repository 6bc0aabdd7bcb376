use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks the `Revision ID:` and `Revises:` lines of the docstring against
    /// `revision` and `down_revision`.
    ///
    /// ## Why is this bad?
    /// `alembic history --verbose` and reviewers read the docstring; after a rebase
    /// (`down_revision` changed by hand) or a copied file, it tells the wrong story.
    ///
    /// ## Example
    /// ```python
    /// """add email
    ///
    /// Revision ID: 2b
    /// Revises: 1a
    /// """
    /// revision = "2b"
    /// down_revision = "1c"
    /// ```
    ///
    /// ## Use instead
    /// ```python
    /// """add email
    ///
    /// Revision ID: 2b
    /// Revises: 1c
    /// """
    /// revision = "2b"
    /// down_revision = "1c"
    /// ```
    ///
    /// ## Fix safety
    /// The fix rewrites the docstring line to match the code. It is safe: the
    /// docstring does not change what the migration does.
    pub struct DocstringHeaderMismatch {
        code: "HIS007",
        name: "docstring-header-mismatch",
        group: History,
        severity: Warning,
        opt_in: false,
        fix: Always,
    }
}

/// The range of the value after `label` on its line inside the docstring.
fn value_range(cx: &Checker<'_>, label: &str) -> Option<TextRange> {
    let doc = cx.file.docstring_range?;
    let text = cx.text(doc);
    let at = text.find(label)?;
    let start = at + label.len();
    let line_end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    let value = &text[start..line_end];
    let lead = value.len() - value.trim_start().len();
    let trimmed = value.trim();
    // A one-line docstring ends with its quotes on the same line.
    let trimmed = trimmed.trim_end_matches(['"', '\'']).trim_end();
    let s = doc.start + (start + lead) as u32;
    Some(TextRange::new(s, s + trimmed.len() as u32))
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let file = cx.file;
    let Some(revision) = file.revision.as_deref() else {
        return;
    };
    if let Some(claimed) = file.header.revision_id.as_deref() {
        if claimed.trim() != revision {
            if let Some(range) = value_range(cx, "Revision ID:") {
                cx.report_fix(
                    range,
                    format!(
                        "The docstring says `Revision ID: {}` but `revision` is `{revision}`.",
                        claimed.trim()
                    ),
                    "Make the docstring header match the code.",
                    Some(Fix::safe(
                        format!("Set `Revision ID:` to `{revision}`"),
                        vec![Edit::replace(range, revision)],
                    )),
                );
            }
        }
    }
    if let Some(claimed) = file.header.revises.as_deref() {
        // `Revises: None` says what an empty `Revises:` says (hand-written headers,
        // squashed histories).
        let written: Vec<&str> = claimed
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty() && *s != "None")
            .collect();
        let actual: Vec<&str> = file.down_revisions.iter().map(String::as_str).collect();
        let mut a = written.clone();
        let mut b = actual.clone();
        a.sort_unstable();
        b.sort_unstable();
        if a != b && file.down_revision_range.is_some() {
            if let Some(range) = value_range(cx, "Revises:") {
                let value = actual.join(", ");
                cx.report_fix(
                    range,
                    format!(
                        "The docstring says `Revises: {}` but `down_revision` is {}.",
                        written.join(", "),
                        if actual.is_empty() {
                            "None".to_owned()
                        } else {
                            format!("`{value}`")
                        }
                    ),
                    "Make the docstring header match the code (after a rebase, update both).",
                    Some(Fix::safe(
                        format!("Set `Revises:` to `{value}`"),
                        vec![Edit::replace(range, value.clone())],
                    )),
                );
            }
        }
    }
}
