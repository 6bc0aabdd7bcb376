use gloo::events::EventListener;
use gloo::storage::{LocalStorage, Storage};
use gloo::timers::callback::Timeout;
use serde::{Deserialize, Serialize};
use yew::prelude::*;

use crate::share::{self, Snapshot};
use crate::state::{AppState, Theme};

/// `localStorage` key of the workspace.
pub const WORKSPACE_KEY: &str = "retort.workspace.v1";
/// `localStorage` key of the in-tab database.
pub const DATABASE_KEY: &str = "retort.database.v1";
/// `localStorage` key of the theme.
pub const THEME_KEY: &str = "retort.theme";
/// How long after the last change the workspace is saved.
const SAVE_DELAY_MS: u32 = 300;

/// The in-tab database as saved: the engine's snapshot, which only the engine
/// worker reads, with what the page shows of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedDatabase {
    pub dialect: String,
    /// The `alembic_version` rows.
    pub heads: Vec<String>,
    pub snapshot: String,
}

/// What the page starts from.
pub struct Restored {
    pub snapshot: Option<Snapshot>,
    /// The database saved with the workspace (not with a share link's).
    pub database: Option<SavedDatabase>,
    pub theme: Theme,
    /// Why a share link could not be opened.
    pub notice: Option<String>,
}

/// The workspace of a share link in the URL (which is then taken out of the
/// address bar, so that a reload shows the saved workspace), else the one saved
/// in this browser; the theme saved, else the system's.
pub fn restore() -> Restored {
    let mut notice = None;
    let mut snapshot = None;
    let window = gloo::utils::window();
    if let Ok(hash) = window.location().hash() {
        match share::decode(&hash) {
            Ok(Some(shared)) => {
                snapshot = Some(shared);
                if let Ok(history) = window.history() {
                    let path = window.location().pathname().unwrap_or_else(|_| "/".into());
                    let _ = history.replace_state_with_url(
                        &wasm_bindgen::JsValue::NULL,
                        "",
                        Some(&path),
                    );
                }
            }
            Ok(None) => {}
            Err(message) => notice = Some(message),
        }
    }
    let mut database = None;
    if snapshot.is_none() {
        snapshot = LocalStorage::raw()
            .get_item(WORKSPACE_KEY)
            .ok()
            .flatten()
            .and_then(|text| share::from_json(&text));
        database = LocalStorage::raw()
            .get_item(DATABASE_KEY)
            .ok()
            .flatten()
            .and_then(|text| serde_json::from_str(&text).ok());
    }
    let theme = LocalStorage::raw()
        .get_item(THEME_KEY)
        .ok()
        .flatten()
        .and_then(|name| Theme::from_name(&name))
        .unwrap_or_else(|| {
            let light = window
                .match_media("(prefers-color-scheme: light)")
                .ok()
                .flatten()
                .is_some_and(|m| m.matches());
            if light {
                Theme::Light
            } else {
                Theme::Dark
            }
        });
    Restored {
        snapshot,
        database,
        theme,
        notice,
    }
}

/// Saves the workspace shortly after it stops changing, and at once when the
/// page is hidden or closed; saves the theme.
#[hook]
pub fn use_persistence(state: &UseReducerHandle<AppState>) {
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();

    {
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let window = gloo::utils::window();
            let listener = EventListener::new(&window, "pagehide", move |_| save(&latest.borrow()));
            move || drop(listener)
        });
    }

    // The database after each command: it is small, and a reload must find it.
    {
        let latest = latest.clone();
        use_effect_with(state.database.revision, move |_| {
            save_database(&latest.borrow());
        });
    }
    let deps = (state.analysis.edit_seq, state.open.clone());
    use_effect_with(deps, move |_| {
        let timeout = Timeout::new(SAVE_DELAY_MS, move || save(&latest.borrow()));
        move || drop(timeout)
    });
    use_effect_with(state.theme, |theme| {
        let _ = LocalStorage::raw().set_item(THEME_KEY, theme.name());
    });
}

fn save_database(state: &AppState) {
    let storage = LocalStorage::raw();
    let Some(snapshot) = &state.database.snapshot else {
        let _ = storage.remove_item(DATABASE_KEY);
        return;
    };
    let saved = SavedDatabase {
        dialect: state.database.dialect.clone(),
        heads: state.console.version_rows.clone(),
        snapshot: snapshot.to_string(),
    };
    let Ok(text) = serde_json::to_string(&saved) else {
        return;
    };
    if let Err(error) = storage.set_item(DATABASE_KEY, &text) {
        web_sys::console::warn_2(
            &"Retort: the in-tab database could not be saved".into(),
            &error,
        );
    }
}

fn save(state: &AppState) {
    let text = share::to_json(&state.snapshot());
    if let Err(error) = LocalStorage::raw().set_item(WORKSPACE_KEY, &text) {
        web_sys::console::warn_2(&"Retort: the workspace could not be saved".into(), &error);
    }
}
