use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The text shown.
    pub source: AttrValue,
    /// Called with the whole new text on every edit.
    pub on_edit: Callback<String>,
}

/// The revision file being edited.
#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let oninput = props
        .on_edit
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    html! {
        <textarea
            class="editor"
            data-testid="editor"
            aria-label="Revision file"
            spellcheck="false"
            value={props.source.clone()}
            {oninput}
        />
    }
}
