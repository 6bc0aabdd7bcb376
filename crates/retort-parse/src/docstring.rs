//! The header Alembic's template writes into a revision's docstring.

use retort_ir::DocHeader;

/// Reads `Revision ID:`, `Revises:` and `Create Date:` lines from a docstring.
pub fn parse_header(doc: &str) -> DocHeader {
    let mut header = DocHeader::default();
    for line in doc.lines() {
        let line = line.trim();
        let field = |prefix: &str| line.strip_prefix(prefix).map(|v| v.trim().to_owned());
        if let Some(v) = field("Revision ID:") {
            header.revision_id = Some(v);
        } else if let Some(v) = field("Revises:") {
            header.revises = Some(v);
        } else if let Some(v) = field("Create Date:") {
            header.create_date = Some(v);
        }
    }
    header
}
