//! Random op sequences over a small name space: applying never panics, the catalog
//! stays internally consistent, `diff(a, a)` is empty and serialisation round-trips.

mod common;

use std::collections::HashSet;

use common::*;
use proptest::prelude::*;
use retort_catalog::{ApplyContext, Catalog};
use retort_ir::{IndexElement, Op, Recreate, Value};

const TABLES: &[&str] = &["a", "b", "c"];
const COLUMNS: &[&str] = &["x", "y", "z"];
const NAMES: &[&str] = &["k1", "k2", "ix_a_x", "a_pkey", "a_x_key", "uq_a_x"];

fn pick(items: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(items)
}

fn column() -> impl Strategy<Value = Col> {
    (
        pick(COLUMNS),
        any::<[bool; 5]>(),
        pick(TABLES),
        pick(COLUMNS),
    )
        .prop_map(|(name, [pk, unique, index, fk, nullable], ft, fc)| {
            let mut c = col(name, int());
            if pk {
                c = c.pk();
            }
            if unique {
                c = c.unique();
            }
            if index {
                c = c.index();
            }
            if fk {
                c = c.fk(&format!("{ft}.{fc}"));
            }
            if nullable {
                c = c.nullable(true);
            }
            c
        })
}

fn columns() -> impl Strategy<Value = Vec<&'static str>> {
    proptest::sample::subsequence(COLUMNS, 1..=2)
}

fn simple_op() -> impl Strategy<Value = Op> {
    let name = || proptest::option::of(pick(NAMES));
    prop_oneof![
        (
            pick(TABLES),
            proptest::collection::vec(column(), 0..4),
            any::<bool>()
        )
            .prop_map(|(t, cols, schema)| {
                let mut ct = table(t, cols);
                if schema {
                    ct = ct.schema("s");
                }
                ct.op()
            }),
        pick(TABLES).prop_map(drop_table),
        pick(TABLES).prop_map(drop_table_if_exists),
        (pick(TABLES), pick(TABLES)).prop_map(|(a, b)| rename_table(a, b)),
        (pick(TABLES), column()).prop_map(|(t, c)| add_column(t, c)),
        (pick(TABLES), pick(COLUMNS)).prop_map(|(t, c)| drop_column(t, c)),
        (pick(TABLES), pick(COLUMNS), pick(COLUMNS)).prop_map(|(t, a, b)| rename_column(t, a, b)),
        (pick(TABLES), pick(COLUMNS), any::<bool>()).prop_map(|(t, c, n)| alter(t, c, |a| {
            a.nullable = Some(n);
            a.type_ = Some(string(10));
            a.server_default = Some(if n {
                None
            } else {
                Some(Value::Str("0".into()))
            });
        })),
        (name(), pick(TABLES), columns(), any::<bool>()).prop_map(|(n, t, cs, u)| {
            let mut i = index(n, t, &cs);
            i.unique = u;
            create_index(i)
        }),
        (pick(NAMES), proptest::option::of(pick(TABLES))).prop_map(|(n, t)| drop_index(n, t)),
        (pick(TABLES), name(), columns()).prop_map(|(t, n, cs)| add_constraint(t, pk(n, &cs))),
        (pick(TABLES), name(), columns()).prop_map(|(t, n, cs)| add_constraint(t, unique(n, &cs))),
        (
            pick(TABLES),
            name(),
            pick(COLUMNS),
            pick(TABLES),
            pick(COLUMNS)
        )
            .prop_map(|(t, n, c, rt, rc)| add_constraint(t, fk(n, &[c], rt, &[rc]))),
        (pick(TABLES), name(), pick(COLUMNS))
            .prop_map(|(t, n, c)| add_constraint(t, ck(n, &format!("{c} > 0")))),
        (
            name(),
            pick(TABLES),
            proptest::option::of(pick(&["primary", "unique", "foreignkey", "check"]))
        )
            .prop_map(|(n, t, k)| drop_constraint(n, t, k)),
        (pick(NAMES), pick(TABLES), pick(COLUMNS)).prop_map(|(n, t, c)| exclude(
            n,
            t,
            &[(c, "=")],
            None
        )),
        pick(TABLES).prop_map(|t| table_comment(t, "c")),
        pick(TABLES).prop_map(drop_table_comment),
        (pick(TABLES), pick(COLUMNS)).prop_map(|(t, c)| bulk_insert(t, &[&[(c, Value::Int(1))]])),
        Just(execute("DROP TABLE a")),
        Just(opaque("cannot follow")),
    ]
}

fn any_op() -> impl Strategy<Value = Op> {
    simple_op().prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            (
                pick(TABLES),
                proptest::collection::vec(inner.clone(), 0..4),
                any::<bool>(),
                proptest::option::of(proptest::collection::vec(column(), 1..3)),
                proptest::option::of(columns()),
            )
                .prop_map(|(t, ops, always, copy_from, reorder)| {
                    let mut b = batch(t, ops)
                        .naming_convention(&[("uq", "uq_%(table_name)s_%(column_0_name)s")]);
                    if always {
                        b = b.recreate(Recreate::Always);
                    }
                    if let Some(cols) = copy_from {
                        b = b.copy_from(table(t, cols).def());
                    }
                    if let Some(order) = reorder {
                        b = b.reorder(&order);
                    }
                    b.op()
                }),
            proptest::collection::vec(inner.clone(), 0..3).prop_map(autocommit),
            (
                proptest::collection::vec(inner.clone(), 0..3),
                proptest::collection::vec(inner, 0..3)
            )
                .prop_map(|(then, otherwise)| if_dialect(
                    "postgresql",
                    then,
                    otherwise
                )),
        ]
    })
}

fn context() -> impl Strategy<Value = ApplyContext> {
    (
        pick(&["postgresql", "sqlite", "mysql", "default"]),
        any::<bool>(),
    )
        .prop_map(|(dialect, docs)| {
            if docs {
                ctx_with_convention(dialect, DOCS_CONVENTION)
            } else {
                ctx(dialect)
            }
        })
}

/// What must hold whatever the ops: local references resolve, names are unique.
fn assert_consistent(catalog: &Catalog) {
    let mut index_names: HashSet<(Option<String>, String)> = HashSet::new();
    for table in catalog.tables() {
        let has = |c: &String| table.column(c).is_some();
        let mut seen = HashSet::new();
        for c in &table.columns {
            assert!(
                seen.insert(&c.name),
                "duplicate column {} in {}",
                c.name,
                table.name
            );
        }
        if let Some(pk) = &table.primary_key {
            assert!(pk.columns.iter().all(has), "{table:?}");
        }
        assert!(
            table.uniques.iter().all(|u| u.columns.iter().all(has)),
            "{table:?}"
        );
        assert!(
            table.foreign_keys.iter().all(|f| f.columns.iter().all(has)),
            "{table:?}"
        );
        for index in &table.indexes {
            assert!(index.table == table.name, "{table:?}");
            for e in &index.elements {
                if let IndexElement::Column(c) = e {
                    assert!(has(c), "{table:?}");
                }
            }
            let name = index.name.clone().expect("indexes are named");
            assert!(
                index_names.insert((table.schema.clone(), name)),
                "duplicate index name in {table:?}"
            );
        }
        let mut names = HashSet::new();
        for name in table.constraint_names() {
            assert!(
                names.insert(name),
                "duplicate constraint {name} in {table:?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn applying_random_ops_is_total_and_consistent(
        ctx in context(),
        ops in proptest::collection::vec(any_op(), 0..25),
    ) {
        let mut ops = ops;
        number(&mut ops);
        let mut catalog = Catalog::new();
        let mut previous = catalog.clone();
        for op in &ops {
            let diagnostics = catalog.apply(op, &ctx);
            for d in &diagnostics {
                prop_assert!(!d.code.is_empty() && d.range.is_some());
            }
            assert_consistent(&catalog);
            prop_assert!(catalog.diff(&catalog.clone()).is_empty());
            // Every change has its mirror image the other way round.
            prop_assert_eq!(previous.diff(&catalog).len(), catalog.diff(&previous).len());
            previous = catalog.clone();
        }
        let _ = catalog.render_text();
        let json = serde_json::to_string(&catalog).expect("serialises");
        let back: Catalog = serde_json::from_str(&json).expect("deserialises");
        prop_assert_eq!(&back, &catalog);
        prop_assert!(back.diff(&catalog).is_empty());
    }
}
