//! The Retort playground: a Yew single-page app compiled to WebAssembly.
//!
//! Two binaries are built from this crate by Trunk: `retort-web` (the page)
//! and `worker` (the analysis worker). They talk through the messages in
//! [`protocol`]; the page reaches the worker only through [`worker_client`].

pub mod app;
pub mod components;
pub mod examples;
pub mod protocol;
pub mod state;
pub mod worker_client;

pub use app::App;
