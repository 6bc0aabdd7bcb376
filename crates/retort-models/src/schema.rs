//! The models' side: the tables of the models' `MetaData` as a [`Catalog`], built by
//! applying one `create_table` per table with the `MetaData`'s naming convention, in
//! `MetaData.sorted_tables` order.

use std::collections::{HashMap, HashSet};

use retort_catalog::{ApplyContext, Catalog, NamingConvention, QualifiedName};
use retort_ir::{ConstraintKind, Diagnostic, SqlType, Value};
use retort_parse::{ModelFile, ModelTable};
use serde::{Deserialize, Serialize};

/// The schema the models define.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSchema {
    /// The tables, as SQLAlchemy's `Table()` would build them.
    pub catalog: Catalog,
    /// Table keys in `MetaData.sorted_tables` order (dependencies first, then by name).
    pub sorted: Vec<QualifiedName>,
    /// Constraint and index names SQLAlchemy marks `conv()` — produced by the naming
    /// convention or written with `op.f()` — which autogenerate renders as `op.f('…')`.
    pub conv_names: Vec<(QualifiedName, String)>,
    /// The naming convention of the models' `MetaData`.
    pub naming_convention: NamingConvention,
    /// Client-side `default=` values of the models' columns (they never reach DDL, but
    /// `repr()` of a column shows them): table, column, value.
    pub client_defaults: Vec<(QualifiedName, String, Value)>,
    /// Problems building the tables (a duplicate table, a naming convention error, …).
    pub diagnostics: Vec<Diagnostic>,
}

impl ModelSchema {
    /// Builds the schema of one or more model modules for `dialect`.
    pub fn build(files: &[ModelFile], dialect: &str) -> ModelSchema {
        let mut diagnostics = Vec::new();
        let mut convention: Option<(&str, &[(String, String)])> = None;
        for file in files {
            if let Some(pairs) = file.naming_convention() {
                match convention {
                    None => convention = Some((&file.path, pairs)),
                    Some((first, have)) if have != pairs => diagnostics.push(
                        Diagnostic::warning(
                            "conflicting-naming-conventions",
                            format!("{} and {first} declare different naming conventions; Retort uses the one of {first}", file.path),
                        )
                        .with_path(&file.path)
                        .with_help("Keep one MetaData for the models that Alembic's env.py passes as target_metadata."),
                    ),
                    Some(_) => {}
                }
            }
        }
        let naming_convention = convention
            .map(|(_, pairs)| NamingConvention::from_pairs(pairs))
            .unwrap_or_default();

        let mut tables: Vec<(&ModelFile, ModelTable)> = files
            .iter()
            .flat_map(|f| f.tables.iter().map(move |t| (f, t.clone())))
            .collect();
        fill_foreign_key_types(&mut tables);
        let order = sorted_tables(tables.iter().map(|(_, t)| t));

        let ctx = ApplyContext {
            naming_convention: naming_convention.clone(),
            ..ApplyContext::new(dialect)
        };
        let mut catalog = Catalog::new();
        for &i in &order {
            let Some((file, table)) = tables.get(i) else {
                continue;
            };
            for d in catalog.apply(&table.create_table_op(), &ctx) {
                // A foreign key to a table outside the models is allowed in SQLAlchemy.
                if d.code == retort_catalog::codes::FOREIGN_KEY_TARGET_NOT_FOUND {
                    continue;
                }
                diagnostics.push(d.with_path(&file.path));
            }
        }
        let sorted = order
            .iter()
            .filter_map(|&i| tables.get(i))
            .map(|(_, t)| QualifiedName::new(t.schema.as_deref(), &t.name))
            .fold(Vec::new(), |mut acc: Vec<QualifiedName>, k| {
                if !acc.contains(&k) {
                    acc.push(k);
                }
                acc
            });
        let conv_names = conv_names(&catalog, tables.iter().map(|(_, t)| t), &naming_convention);
        let client_defaults = tables
            .iter()
            .flat_map(|(_, t)| {
                let key = QualifiedName::new(t.schema.as_deref(), &t.name);
                t.columns.iter().filter_map(move |c| {
                    c.default.clone().map(|v| (key.clone(), c.name.clone(), v))
                })
            })
            .collect();
        ModelSchema {
            catalog,
            sorted,
            conv_names,
            naming_convention,
            client_defaults,
            diagnostics,
        }
    }

    /// Whether `name` on `table` is a `conv()` name (rendered `op.f('…')`).
    pub fn is_conv(&self, table: &QualifiedName, name: &str) -> bool {
        self.conv_names.iter().any(|(t, n)| t == table && n == name)
    }
}

/// `Column(ForeignKey("users.id"))` without a type takes the referred column's type.
fn fill_foreign_key_types(tables: &mut [(&ModelFile, ModelTable)]) {
    for _ in 0..4 {
        let types: HashMap<(String, String), SqlType> = tables
            .iter()
            .flat_map(|(_, t)| {
                t.columns.iter().filter_map(move |c| {
                    c.type_
                        .clone()
                        .map(|ty| ((t.name.clone(), c.name.clone()), ty))
                })
            })
            .collect();
        let mut changed = false;
        for (_, t) in tables.iter_mut() {
            for c in &mut t.columns {
                if c.type_.is_some() {
                    continue;
                }
                let Some(fk) = c.foreign_keys.first() else {
                    continue;
                };
                let (_, table, column) = fk.split_target();
                if let Some(ty) = types.get(&(table.to_owned(), column.to_owned())) {
                    c.type_ = Some(ty.clone());
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// SQLAlchemy's `sort_tables`: tables sorted by key, then layered so that a table comes
/// after those its foreign keys refer to (self references and unknown tables ignored).
fn sorted_tables<'t>(tables: impl Iterator<Item = &'t ModelTable>) -> Vec<usize> {
    let tables: Vec<&ModelTable> = tables.collect();
    let key = |t: &ModelTable| match &t.schema {
        Some(s) => format!("{s}.{}", t.name),
        None => t.name.clone(),
    };
    let mut todo: Vec<usize> = (0..tables.len()).collect();
    todo.sort_by_key(|&i| tables.get(i).map(|t| key(t)).unwrap_or_default());
    let index_of: HashMap<String, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let deps: Vec<HashSet<usize>> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut out = HashSet::new();
            let refs = t
                .columns
                .iter()
                .flat_map(|c| {
                    c.foreign_keys
                        .iter()
                        .map(|fk| fk.split_target().1.to_owned())
                })
                .chain(
                    t.constraints
                        .iter()
                        .filter(|c| c.kind == ConstraintKind::ForeignKey)
                        .filter_map(|c| c.ref_table.clone()),
                );
            for r in refs {
                if let Some(&j) = index_of.get(&r) {
                    if j != i {
                        out.insert(j);
                    }
                }
            }
            out
        })
        .collect();
    let mut done: HashSet<usize> = HashSet::new();
    let mut out = Vec::with_capacity(todo.len());
    while !todo.is_empty() {
        let layer: Vec<usize> = todo
            .iter()
            .copied()
            .filter(|&i| {
                deps.get(i)
                    .is_none_or(|d| d.iter().all(|j| done.contains(j)))
            })
            .collect();
        // A cycle: SQLAlchemy breaks it (the foreign keys become ALTERs); keep name order.
        let layer = if layer.is_empty() {
            todo.clone()
        } else {
            layer
        };
        for &i in &layer {
            done.insert(i);
        }
        todo.retain(|i| !done.contains(i));
        out.extend(layer);
    }
    out
}

/// Names that SQLAlchemy gives through the naming convention (or that are `op.f()`):
/// every name except those written explicitly where the convention for that kind does
/// not use `%(constraint_name)s`.
fn conv_names<'t>(
    catalog: &Catalog,
    tables: impl Iterator<Item = &'t ModelTable>,
    convention: &NamingConvention,
) -> Vec<(QualifiedName, String)> {
    let plain_kind = |key: &str| {
        convention
            .get(key)
            .is_none_or(|template| !template.contains("constraint_name"))
    };
    let mut plain: HashSet<(QualifiedName, String)> = HashSet::new();
    for t in tables {
        let q = QualifiedName::new(t.schema.as_deref(), &t.name);
        let mut add = |name: Option<&retort_ir::Name>, key: &str| {
            if let Some(n) = name {
                if !n.is_final && plain_kind(key) {
                    plain.insert((q.clone(), n.text.clone()));
                }
            }
        };
        for c in &t.constraints {
            let key = match c.kind {
                ConstraintKind::PrimaryKey => "pk",
                ConstraintKind::Unique => "uq",
                ConstraintKind::ForeignKey => "fk",
                ConstraintKind::Check => "ck",
            };
            add(c.name.as_ref(), key);
        }
        for col in &t.columns {
            for fk in &col.foreign_keys {
                add(fk.name.as_ref(), "fk");
            }
            for ck in &col.checks {
                add(ck.name.as_ref(), "ck");
            }
        }
        for i in &t.indexes {
            add(i.name.as_ref(), "ix");
        }
    }
    let mut out = Vec::new();
    for table in catalog.tables() {
        let q = table.key();
        let names = table
            .constraint_names()
            .map(str::to_owned)
            .chain(table.indexes.iter().filter_map(|i| i.name.clone()))
            .collect::<Vec<_>>();
        for n in names {
            if !plain.contains(&(q.clone(), n.clone())) {
                out.push((q.clone(), n));
            }
        }
    }
    out
}
