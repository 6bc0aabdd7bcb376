//! Text helpers for the rules that edit Python source: line bounds and whole-line
//! deletions. The Python-level facts themselves (comments, imports, names, calls,
//! classes) come from the front end, in `RevisionFile::python`.

use retort_ir::TextRange;

/// The first non-whitespace offset of the line holding `offset`, and whether only
/// whitespace precedes `offset` on it.
pub(crate) fn line_bounds(source: &str, range: TextRange) -> (usize, usize) {
    let start = (range.start as usize).min(source.len());
    let end = (range.end as usize).min(source.len()).max(start);
    let line_start = source[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = source[end..]
        .find('\n')
        .map_or(source.len(), |i| end + i + 1);
    (line_start, line_end)
}

/// The range that deletes `range` with its whole line(s), when nothing else but
/// whitespace or a comment shares them; `None` otherwise.
pub(crate) fn whole_line_range(source: &str, range: TextRange) -> Option<TextRange> {
    let (line_start, line_end) = line_bounds(source, range);
    let before = source.get(line_start..range.start as usize)?;
    let after = source.get(range.end as usize..line_end)?;
    let after = after.trim_end_matches(['\n', '\r']);
    if before.trim().is_empty() && (after.trim().is_empty() || after.trim_start().starts_with('#'))
    {
        Some(TextRange::new(line_start as u32, line_end as u32))
    } else {
        None
    }
}
