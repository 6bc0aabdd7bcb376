use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TabsProps<T: PartialEq + Clone + 'static> {
    /// (value, label, test id) of each tab.
    pub tabs: Vec<(T, &'static str, &'static str)>,
    pub active: T,
    pub on_select: Callback<T>,
    #[prop_or_default]
    pub children: Html,
}

/// A tab strip with the active tab's contents under it.
#[function_component]
pub fn Tabs<T: PartialEq + Clone + 'static>(props: &TabsProps<T>) -> Html {
    let buttons = props.tabs.iter().map(|(value, label, testid)| {
        let active = *value == props.active;
        let onclick = props.on_select.reform({
            let value = value.clone();
            move |_: MouseEvent| value.clone()
        });
        html! {
            <button role="tab" class={classes!("tab", active.then_some("active"))}
                aria-selected={active.to_string()} data-testid={*testid} {onclick}>{ *label }</button>
        }
    });
    html! {
        <div class="tabs">
            <div class="tab-strip" role="tablist">{ for buttons }</div>
            <div class="tab-body" role="tabpanel">{ props.children.clone() }</div>
        </div>
    }
}
