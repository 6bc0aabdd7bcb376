//! The app in a real browser: run by `wasm-bindgen-test-runner` in headless
//! Chromium (`make test`, or `cargo test -p retort-web --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use retort_web::protocol::{answer, Request, Response};
use retort_web::{examples, App};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn render_app() -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("a div");
    gloo::utils::body()
        .append_child(&root)
        .expect("the div in the body");
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

#[wasm_bindgen_test]
async fn the_editor_shows_the_example_revision() {
    let root = render_app().await;
    let editor: HtmlTextAreaElement = root
        .query_selector("[data-testid=editor]")
        .expect("a valid selector")
        .expect("the editor")
        .dyn_into()
        .expect("a textarea");
    assert_eq!(editor.value(), examples::CREATE_ACCOUNT);
    assert!(editor.value().contains("revision: str = '1a2b3c4d5e6f'"));
}

#[wasm_bindgen_test]
async fn the_page_has_a_header_and_a_status_line() {
    let root = render_app().await;
    let header = root
        .query_selector("h1")
        .expect("a valid selector")
        .expect("h1");
    assert_eq!(header.text_content().as_deref(), Some("Retort"));
    assert!(root
        .query_selector("[data-testid=status]")
        .expect("a valid selector")
        .is_some());
}

#[wasm_bindgen_test]
fn the_worker_answer_measures_the_source() {
    let request = Request::Analyse {
        source: "a\nbé\n".to_owned(),
    };
    assert_eq!(answer(&request), Response::Analysed { lines: 2, bytes: 6 });
}

#[wasm_bindgen_test]
fn requests_survive_the_trip_through_js_values() {
    let request = Request::Analyse {
        source: examples::CREATE_ACCOUNT.to_owned(),
    };
    let value = serde_wasm_bindgen::to_value(&request).expect("serialisable");
    let back: Request = serde_wasm_bindgen::from_value(value).expect("deserialisable");
    assert_eq!(back, request);
}
