//! The Retort playground: a Yew single-page app compiled to WebAssembly.
//!
//! Two binaries are built from this crate by Trunk: `retort-web` (the page)
//! and `worker` (the analysis worker). They talk through the messages in
//! [`protocol`]; the page reaches the worker only through [`service`], and
//! everything the worker computes is in [`analysis`] (which the page's binary
//! never calls, so the Python front end is linked into the worker only).
//!
//! Codemap: [`state`] is the one reducer; [`hooks`] drive the worker and the
//! browser's storage; [`components`] are one per file; [`workspace`],
//! [`share`], [`export`] and [`highlight`] are pure functions of data;
//! [`files`] reads what the user opens or drops.

pub mod analysis;
pub mod app;
pub mod components;
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
