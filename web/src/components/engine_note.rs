use yew::prelude::*;

use crate::state::EngineStatus;

#[derive(Properties, PartialEq)]
pub struct EngineNoteProps {
    pub engine: EngineStatus,
    /// What the panel is waiting for once the worker runs.
    pub doing: AttrValue,
}

/// What a panel that waits on the engine worker says meanwhile.
#[function_component]
pub fn EngineNote(props: &EngineNoteProps) -> Html {
    let text = match &props.engine {
        EngineStatus::Idle | EngineStatus::Starting => {
            "Starting the engine worker (GlueSQL, offline SQL, models)…".to_owned()
        }
        EngineStatus::Ready => props.doing.to_string(),
        EngineStatus::Unavailable(message) => {
            format!("The engine worker is unavailable: {message}")
        }
    };
    html! { <p class="empty-note" data-testid="engine-note">{ text }</p> }
}
