use yew::prelude::*;

/// SQL per dialect: needs offline SQL rendering, which has not landed yet.
#[function_component]
pub fn SqlPanel() -> Html {
    html! {
        <div class="sql">
            <pre class="sql-output" data-testid="sql-output">{ "Not available yet: offline SQL (retort-sql) has not landed in this build.\nThis panel will show the SQL each step emits for the chosen dialect (`alembic upgrade --sql`). Nothing is shown rather than invented SQL." }</pre>
        </div>
    }
}
