use crate::rules::prelude::*;

declare_rule! {
    /// ## What it does
    /// Checks that a file name that carries a revision id (Alembic's default
    /// `%(rev)s_%(slug)s.py` template) carries the id the file declares.
    ///
    /// ## Why is this bad?
    /// People find revisions by file name. A file copied from another one and edited
    /// keeps the old id in its name, and reviewers read the wrong migration.
    ///
    /// ## Example
    /// ```python
    /// # file: 3f2a1b4c5d6e_add_email.py
    /// revision = "9b8c7d6e5f4a"
    /// ```
    ///
    /// ## Use instead
    /// Rename the file to `9b8c7d6e5f4a_add_email.py`.
    ///
    /// ## Fix safety
    /// No fix: renaming files is left to the author.
    pub struct FilenameRevisionMismatch {
        code: "HIS006",
        name: "filename-revision-mismatch",
        group: History,
        severity: Warning,
        opt_in: false,
        fix: None,
    }
}

/// A part of a file name that looks like a generated revision id.
fn looks_like_id(part: &str) -> bool {
    part.len() >= 8
        && part
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        && part.chars().any(|c| c.is_ascii_digit())
        && part.chars().any(|c| c.is_ascii_alphabetic())
}

pub(crate) fn check(cx: &mut Checker<'_>) {
    let Some(revision) = cx.file.revision.as_deref() else {
        return;
    };
    let name = cx.file.path.rsplit('/').next().unwrap_or(&cx.file.path);
    let stem = name.strip_suffix(".py").unwrap_or(name);
    if stem.contains(revision) {
        return;
    }
    let Some(claimed) = stem.split(['_', '-', '.']).find(|p| looks_like_id(p)) else {
        return;
    };
    cx.report(
        cx.file_range(),
        format!(
            "The file name `{name}` says revision `{claimed}`, but the file declares `{revision}`."
        ),
        format!("Rename the file to start with `{revision}_`, or fix `revision`."),
    );
}
