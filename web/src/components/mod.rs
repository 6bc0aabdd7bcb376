//! One component per file.

pub mod console;
pub mod drift_panel;
pub mod editor;
pub mod engine_note;
pub mod file_tree;
pub mod graph_panel;
pub mod lint_settings;
pub mod problems;
pub mod roundtrip_panel;
pub mod schema_panel;
pub mod share_dialog;
pub mod sql_panel;
pub mod status_line;
pub mod tabs;
pub mod toolbar;

pub use console::Console;
pub use drift_panel::DriftPanel;
pub use editor::Editor;
pub use engine_note::EngineNote;
pub use file_tree::{FileTree, ProblemCounts};
pub use graph_panel::GraphPanel;
pub use lint_settings::LintSettings;
pub use problems::Problems;
pub use roundtrip_panel::RoundTripPanel;
pub use schema_panel::SchemaPanel;
pub use share_dialog::ShareDialog;
pub use sql_panel::SqlPanel;
pub use status_line::StatusLine;
pub use tabs::Tabs;
pub use toolbar::Toolbar;
