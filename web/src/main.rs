fn main() {
    yew::Renderer::<retort_web::App>::new().render();
}
