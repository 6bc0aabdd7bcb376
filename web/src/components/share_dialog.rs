use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareDialogProps {
    pub link: AttrValue,
    /// Whether the link was copied to the clipboard.
    pub copied: bool,
    pub on_close: Callback<()>,
}

/// The share link, selectable, with its size.
#[function_component]
pub fn ShareDialog(props: &ShareDialogProps) -> Html {
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with(props.link.clone(), move |_| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                el.select();
            }
        });
    }
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="share-dialog" role="dialog" aria-label="Share link">
            <p>
                { "Anyone opening this link sees this workspace; it travels inside the link (after #), so no server ever receives it." }
                { format!(" {} characters{}", props.link.len(), if props.copied { ", copied to the clipboard." } else { "." }) }
            </p>
            <input ref={input} type="text" readonly=true data-testid="share-link" value={props.link.clone()} />
            <button class="button" onclick={close}>{ "Close" }</button>
        </div>
    }
}
