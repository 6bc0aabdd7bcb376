//! Rules about the revision graph and the identifiers of revision files.

pub mod branch_label_collision;
pub mod conflicting_branches;
pub mod docstring_header_mismatch;
pub mod down_revision_not_latest;
pub mod duplicate_revision_id;
pub mod empty_migration;
pub mod filename_revision_mismatch;
pub mod illegal_revision_id;
pub mod missing_parent;
pub mod multiple_heads;
pub mod revision_cycle;
