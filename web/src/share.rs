//! Workspaces as text: the snapshot saved in the browser, and share links that
//! carry it deflated in the URL fragment (which browsers never send to a server).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::protocol::Workspace;

/// What is saved and shared: the files, the settings and the open file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub workspace: Workspace,
    #[serde(default)]
    pub open: Option<String>,
}

/// The fragment key of a share link: `#w1=<base64url(deflate(json))>`.
pub const FRAGMENT_KEY: &str = "w1=";

/// Longest fragment read, in bytes of base64 (about 3 MB deflated).
pub const MAX_FRAGMENT: usize = 4 << 20;

/// Most bytes a fragment may inflate to: a small link cannot become a huge
/// workspace (no decompression bomb).
pub const MAX_INFLATED: usize = 32 << 20;

/// The fragment (without `#`) of a link to `snapshot`.
pub fn encode(snapshot: &Snapshot) -> String {
    let json = serde_json::to_vec(snapshot).unwrap_or_default();
    let deflated = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{FRAGMENT_KEY}{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// The snapshot in a fragment (with or without `#`); `Ok(None)` when the
/// fragment is not a share link, `Err` when it is one but cannot be read.
pub fn decode(fragment: &str) -> Result<Option<Snapshot>, String> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(data) = fragment.strip_prefix(FRAGMENT_KEY) else {
        return Ok(None);
    };
    if data.len() > MAX_FRAGMENT {
        return Err(format!(
            "The share link is too long ({} bytes; at most {MAX_FRAGMENT}).",
            data.len()
        ));
    }
    let deflated = URL_SAFE_NO_PAD
        .decode(data.trim_end_matches('='))
        .map_err(|e| format!("The share link is damaged (not base64url: {e})."))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_INFLATED)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => format!(
                "The share link inflates to more than {} MB; it was not opened.",
                MAX_INFLATED >> 20
            ),
            _ => "The share link is damaged (not deflate data).".to_owned(),
        })?;
    serde_json::from_slice(&json)
        .map(Some)
        .map_err(|e| format!("The share link does not hold a workspace ({e})."))
}

/// The snapshot as saved in `localStorage`.
pub fn to_json(snapshot: &Snapshot) -> String {
    serde_json::to_string(snapshot).unwrap_or_default()
}

/// A snapshot read back from `localStorage`; `None` when it cannot be read.
pub fn from_json(text: &str) -> Option<Snapshot> {
    serde_json::from_str(text).ok()
}
