//! Custom hooks: the two workers and persistence.

mod use_analysis;
mod use_engine;
mod use_persistence;

pub use use_analysis::{use_analysis, AnalysisHandle, DEBOUNCE_MS};
pub use use_engine::{use_engine, EngineHandle};
pub use use_persistence::{restore, use_persistence, Restored, SavedDatabase};
