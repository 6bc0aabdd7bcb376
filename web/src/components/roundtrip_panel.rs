use yew::prelude::*;

/// The round-trip timeline (upgrade, downgrade, upgrade again for every
/// revision): needs the in-tab engine, which has not landed yet.
#[function_component]
pub fn RoundTripPanel() -> Html {
    html! {
        <div class="roundtrip">
            <button class="button" data-testid="run-roundtrip" disabled=true
                title="Needs the in-tab SQL engine (retort-engine), not in this build yet">
                { "Run round trip" }
            </button>
            <p class="status-note" data-testid="roundtrip-status">
                { "Not available yet: round trips run on the in-tab SQL engine (retort-engine), which has not landed in this build." }
            </p>
        </div>
    }
}
