//! Applying fixes to a source text.

use crate::finding::{Applicability, Finding};

/// Applies the fixes of `findings` (those of `path`) that are at most as risky as
/// `applicability` (`Safe`: safe fixes only; `Unsafe`: both). Overlapping fixes are
/// skipped (the next lint pass offers them again). Returns the new text and how many
/// fixes were applied.
pub fn apply_fixes(
    source: &str,
    path: &str,
    findings: &[Finding],
    applicability: Applicability,
) -> (String, usize) {
    let mut fixes: Vec<_> = findings
        .iter()
        .filter(|f| f.path == path)
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| fix.applicability <= applicability && !fix.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.range().map(|r| (r.start, r.end)));
    let mut out = String::with_capacity(source.len());
    let mut cursor = 0usize;
    let mut applied = 0;
    for fix in fixes {
        let valid = fix.edits.iter().all(|e| {
            let (s, t) = (e.range.start as usize, e.range.end as usize);
            s >= cursor
                && t <= source.len()
                && source.is_char_boundary(s)
                && source.is_char_boundary(t)
        }) && fix
            .edits
            .windows(2)
            .all(|w| w[0].range.end <= w[1].range.start);
        if !valid {
            continue;
        }
        for edit in &fix.edits {
            out.push_str(&source[cursor..edit.range.start as usize]);
            out.push_str(&edit.content);
            cursor = edit.range.end as usize;
        }
        applied += 1;
    }
    out.push_str(&source[cursor.min(source.len())..]);
    (out, applied)
}
