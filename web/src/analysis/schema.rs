//! The schema panel's data: the catalog at a revision and what the revision changed.

use retort_analysis::catalog::Catalog;
use retort_analysis::Project;

use crate::protocol::{SchemaView, TableView};

pub fn view(id: u64, project: Option<&Project>, revision: &str, dialect: &str) -> SchemaView {
    let mut view = SchemaView {
        id,
        revision: revision.to_owned(),
        applied: Vec::new(),
        tables: Vec::new(),
        enums: Vec::new(),
        changes: Vec::new(),
        notes: Vec::new(),
    };
    let Some(project) = project else {
        view.notes
            .push("No workspace has been analysed yet.".to_owned());
        return view;
    };
    let (before, after) = match project.schema_step(revision, dialect) {
        Ok(step) => step,
        Err(e) => {
            view.notes.push(e.alembic_line());
            return view;
        }
    };
    let changes = before.catalog.diff(&after.catalog);
    let changed: Vec<String> = changes
        .iter()
        .filter_map(|c| c.table())
        .map(|t| t.to_string())
        .collect();
    view.changes = changes
        .iter()
        .filter(|c| c.applies_to(dialect))
        .map(|c| c.describe())
        .collect();
    for table in after.catalog.tables() {
        let mut one = Catalog::new();
        one.insert_table(table.clone());
        let text = one.render_text();
        let name = table.key().to_string();
        view.tables.push(TableView {
            changed: changed.contains(&name),
            lines: text
                .lines()
                .skip(1)
                .map(|l| l.trim_start().to_owned())
                .collect(),
            name,
        });
    }
    view.enums = after
        .catalog
        .render_text()
        .lines()
        .filter(|l| l.starts_with("enum ") || l.starts_with("uncertain "))
        .map(str::to_owned)
        .collect();
    view.notes = before
        .diagnostics
        .iter()
        .chain(&after.diagnostics)
        .map(|d| match &d.path {
            Some(path) => format!("{path}: {} [{}]", d.message, d.code),
            None => format!("{} [{}]", d.message, d.code),
        })
        .collect();
    view.applied = after.applied;
    view
}
