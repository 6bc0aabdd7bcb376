use wasm_bindgen::JsValue;

fn main() {
    register_service_worker();
    yew::Renderer::<retort_web::App>::new().render();
}

/// The service worker (`sw.js`) caches the app so that it opens offline after
/// the first visit.
fn register_service_worker() {
    let navigator = gloo::utils::window().navigator();
    let has_service_worker =
        js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if has_service_worker {
        let _ = navigator.service_worker().register("./sw.js");
    }
}
