//! The physical database in text: GlueSQL's tables, the constraints the engine
//! enforces on top, and the rows.

use gluesql_core::ast::ToSql;

use crate::engine::Engine;
use crate::physical::{Design, OnDelete, Rule};
use crate::types::ValueRule;

fn rule_text(rule: &Rule) -> String {
    match rule {
        Rule::Unique {
            name,
            columns,
            where_,
        } => format!(
            "UNIQUE {}({}){}",
            name.as_deref().map(|n| format!("{n} ")).unwrap_or_default(),
            columns.join(", "),
            where_
                .as_deref()
                .map(|w| format!(" WHERE {w}"))
                .unwrap_or_default()
        ),
        Rule::Check { name, sql } => format!(
            "CHECK {}({sql})",
            name.as_deref().map(|n| format!("{n} ")).unwrap_or_default()
        ),
        Rule::ForeignKey {
            name,
            columns,
            ref_table,
            ref_columns,
            on_delete,
        } => format!(
            "FOREIGN KEY {}({}) REFERENCES {ref_table} ({}){}",
            name.as_deref().map(|n| format!("{n} ")).unwrap_or_default(),
            columns.join(", "),
            ref_columns.join(", "),
            match on_delete {
                OnDelete::Restrict => "",
                OnDelete::Cascade => " ON DELETE CASCADE",
                OnDelete::SetNull => " ON DELETE SET NULL",
            }
        ),
        Rule::Value { column, rule } => match rule {
            ValueRule::MaxLength { length, .. } => format!("LENGTH({column}) <= {length}"),
            ValueRule::Labels { name, labels } => {
                format!("{column} IN {name} ({})", labels.join(", "))
            }
            ValueRule::Numeric { precision, scale } => {
                format!("{column} NUMERIC({precision}, {scale}): rounded to {scale} places")
            }
        },
    }
}

impl Engine {
    /// The GlueSQL tables (as GlueSQL's DDL), what the engine enforces on each, and
    /// their rows, sorted by table name.
    pub fn physical_schema(&self) -> String {
        let mut out = String::new();
        for name in self.db.table_names() {
            let Some(schema) = self.db.schema(&name) else {
                continue;
            };
            out.push_str(&schema.to_ddl());
            out.push('\n');
            if let Some(Design { rules, .. }) = self.designs.get(&name) {
                for rule in rules {
                    out.push_str(&format!(
                        "  -- enforced by the engine: {}\n",
                        rule_text(rule)
                    ));
                }
            }
            for row in self.db.rows(&name) {
                let cells: Vec<String> = row.iter().map(ToSql::to_sql).collect();
                out.push_str(&format!("  ({})\n", cells.join(", ")));
            }
        }
        out
    }

    /// The rows of a GlueSQL table, each value as SQL (`'alice'`, `NULL`, `3`).
    pub fn rows(&self, table: &str) -> Vec<Vec<String>> {
        self.db
            .rows(table)
            .map(|r| r.iter().map(ToSql::to_sql).collect())
            .collect()
    }
}
