//! One component per file.

pub mod editor;
pub mod status_line;

pub use editor::Editor;
pub use status_line::StatusLine;
