//! The model front end against SQLAlchemy itself: for every fixture, the tables Retort
//! reads from models.py are compared with `expected/metadata.json`, the dump real
//! SQLAlchemy 2.1.9 makes of the same `MetaData` (tests/oracle/models_goldens.sh).
//! Compared: table order (`sorted_tables`), columns (name, `repr()` of the type,
//! nullability, primary key, string server defaults, comments), constraints (kind,
//! name, columns) and indexes (name, columns, unique).

mod common;

use std::path::{Path, PathBuf};

use retort_models::{sqlalchemy_type_repr, ModelSchema};
use serde_json::{json, Value as J};

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/models");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.join("expected/metadata.json").exists());
    out.sort();
    out
}

fn ours(case: &Path) -> J {
    let files = common::model_files(case);
    let schema = ModelSchema::build(&files, "sqlite");
    let mut tables = Vec::new();
    for key in &schema.sorted {
        let Some(t) = schema.catalog.table(key.schema.as_deref(), &key.name) else {
            continue;
        };
        let pk: Vec<String> = t
            .primary_key
            .as_ref()
            .map(|p| p.columns.clone())
            .unwrap_or_default();
        let columns: Vec<J> = t
            .columns
            .iter()
            .map(|c| {
                json!({
                    "name": c.name,
                    "type": c.type_.as_ref().map_or_else(|| "NullType()".to_owned(), sqlalchemy_type_repr),
                    "nullable": c.nullable,
                    "primary_key": pk.contains(&c.name),
                    "server_default": match &c.server_default {
                        Some(retort_ir::Value::Str(s)) => J::String(format!("'{s}'")),
                        _ => J::Null,
                    },
                    "comment": c.comment,
                })
            })
            .collect();
        let mut constraints: Vec<J> = Vec::new();
        if let Some(p) = &t.primary_key {
            constraints.push(
                json!({"kind": "PrimaryKeyConstraint", "name": p.name, "columns": p.columns}),
            );
        }
        for u in &t.uniques {
            constraints
                .push(json!({"kind": "UniqueConstraint", "name": u.name, "columns": u.columns}));
        }
        for f in &t.foreign_keys {
            constraints.push(
                json!({"kind": "ForeignKeyConstraint", "name": f.name, "columns": f.columns}),
            );
        }
        // A CHECK written on a column belongs to the column, not `Table.constraints`.
        for c in t.checks.iter().filter(|c| c.column.is_none()) {
            constraints.push(json!({"kind": "CheckConstraint", "name": c.name, "columns": []}));
        }
        sort_constraints(&mut constraints);
        let mut indexes: Vec<J> = t
            .indexes
            .iter()
            .map(|i| {
                json!({
                    "name": i.name,
                    "columns": i.elements.iter().map(|e| match e {
                        retort_ir::IndexElement::Column(c) => c.clone(),
                        retort_ir::IndexElement::Expression(_) => "<expression>".to_owned(),
                    }).collect::<Vec<_>>(),
                    "unique": i.unique,
                })
            })
            .collect();
        indexes.sort_by_key(|i| i["name"].as_str().unwrap_or("").to_owned());
        tables.push(json!({
            "name": t.name,
            "schema": t.schema,
            "comment": t.comment,
            "columns": columns,
            "constraints": constraints,
            "indexes": indexes,
        }));
    }
    J::Array(tables)
}

fn sort_constraints(list: &mut [J]) {
    list.sort_by_key(|k| {
        (
            k["kind"].as_str().unwrap_or("").to_owned(),
            k["name"].as_str().unwrap_or("").to_owned(),
            k["columns"].to_string(),
        )
    });
}

/// SQLAlchemy's dump, with what Retort does not model statically taken out: the
/// columns of CHECK constraints and non-string server defaults.
fn theirs(case: &Path) -> J {
    let text = std::fs::read_to_string(case.join("expected/metadata.json")).unwrap_or_default();
    let dump: J = serde_json::from_str(&text).unwrap_or(J::Null);
    let mut tables = dump["tables"].as_array().cloned().unwrap_or_default();
    for t in &mut tables {
        if let Some(cols) = t["columns"].as_array_mut() {
            for c in cols {
                let sd = c["server_default"].as_str().map(str::to_owned);
                c["server_default"] = match sd {
                    Some(s) if s.starts_with('\'') => J::String(s),
                    _ => J::Null,
                };
            }
        }
        if let Some(cs) = t["constraints"].as_array_mut() {
            for c in cs.iter_mut() {
                if c["kind"] == "CheckConstraint" {
                    c["columns"] = json!([]);
                }
            }
            sort_constraints(cs);
        }
    }
    J::Array(tables)
}

#[test]
fn models_read_as_sqlalchemy_builds_them() {
    let mut failures = Vec::new();
    for case in cases() {
        let (a, b) = (ours(&case), theirs(&case));
        if a != b {
            let name = case
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let pa = serde_json::to_string_pretty(&a).unwrap_or_default();
            let pb = serde_json::to_string_pretty(&b).unwrap_or_default();
            let first = pa
                .lines()
                .zip(pb.lines())
                .enumerate()
                .find(|(_, (x, y))| x != y)
                .map(|(i, (x, y))| {
                    let ctx = |t: &str| t.lines().skip(i.saturating_sub(4)).take(8).collect::<Vec<_>>().join("\n");
                    format!("line {i}: retort {x} / sqlalchemy {y}\n--- retort:\n{}\n--- sqlalchemy:\n{}", ctx(&pa), ctx(&pb))
                })
                .unwrap_or_else(|| "lengths differ".to_owned());
            failures.push(format!("{name}: {first}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
