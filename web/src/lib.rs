//! The Retort playground: a Yew single-page app compiled to WebAssembly.
//!
//! Three binaries are built from this crate by Trunk: `retort-web` (the page),
//! `worker` (the analysis worker, started with the page) and `engine-worker`
//! (the in-tab database, offline SQL, round trips and models, started the first
//! time one is needed). They talk through the messages in [`protocol`]; the page
//! reaches the workers only through [`service`]; what the workers compute is in
//! [`analysis`] and [`engine`], which the page's binary never calls, so the
//! Python front end, GlueSQL and the SQL renderer stay out of the page.
//!
//! Codemap: [`state`] is the one reducer; [`hooks`] drive the workers and the
//! browser's storage; [`components`] are one per file; [`workspace`],
//! [`share`], [`export`], [`highlight`] and [`command_line`] are pure functions
//! of data; [`files`] reads what the user opens or drops.

pub mod analysis;
pub mod app;
pub mod command_line;
pub mod components;
pub mod console_output;
pub mod engine;
pub mod examples;
pub mod export;
pub mod files;
pub mod highlight;
pub mod hooks;
pub mod protocol;
pub mod service;
pub mod share;
pub mod state;
pub mod workspace;

pub use app::App;
