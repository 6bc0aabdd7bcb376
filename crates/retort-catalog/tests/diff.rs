//! `Catalog::diff` and serialisation: two op sequences in, the changes out (insta).

mod common;

use common::*;
use retort_catalog::{ApplyContext, Catalog};
use retort_ir::{Op, SqlType, Value};

/// Diffs the catalog `before` ops build against the one `before` then `step` build.
fn check(snapshot: &str, ctx: &ApplyContext, before: Vec<Op>, step: Vec<Op>) {
    let mut ops = before.clone();
    let (old, diagnostics) = run(&mut ops, ctx);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let mut new = old.clone();
    let mut step = step;
    number(&mut step);
    let diagnostics = new.apply_all(&step, ctx);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(old.diff(&old).is_empty());
    assert!(new.diff(&new).is_empty());
    let out: String = old
        .diff(&new)
        .iter()
        .map(|c| format!("{}\n", c.describe()))
        .collect();
    insta::assert_snapshot!(snapshot, out);
}

fn base() -> Vec<Op> {
    vec![
        table(
            "users",
            vec![
                col("id", int()).pk(),
                col("email", string(255)).unique(),
                col("name", string(50)).index(),
                col("bio", text()),
            ],
        )
        .comment("people")
        .op(),
        table(
            "posts",
            vec![
                col("id", int()).pk(),
                col("user_id", int()).fk("users.id"),
                col("title", string(100)),
            ],
        )
        .constraint(ck(Some("ck_title"), "title <> ''"))
        .op(),
    ]
}

#[test]
fn tables_added_and_removed() {
    check(
        "tables",
        &ctx("postgresql"),
        base(),
        vec![
            drop_table("posts"),
            table("tags", vec![col("id", int()).pk()]).op(),
            table("moved", vec![col("id", int())]).op(),
            rename_table("moved", "renamed"),
        ],
    );
}

#[test]
fn table_attributes() {
    check(
        "table_attributes",
        &ctx("postgresql"),
        base(),
        vec![
            table_comment("users", "humans"),
            drop_table_comment("users"),
            table_comment("posts", "articles"),
        ],
    );
}

#[test]
fn columns() {
    check(
        "columns",
        &ctx("postgresql"),
        base(),
        vec![
            add_column("users", col("age", int())),
            drop_column("users", "bio"),
            alter("users", "name", |a| {
                a.type_ = Some(string(80));
                a.nullable = Some(false);
                a.server_default = Some(Some(Value::Str("anon".into())));
                a.comment = Some(Some("shown".into()));
                a.autoincrement = Some(false);
            }),
            // A string(100) written with a keyword is the same type: no change.
            alter("posts", "title", |a| {
                a.type_ = Some(SqlType {
                    kwargs: vec![("length".into(), Value::Int(100))],
                    ..ty("String")
                });
            }),
        ],
    );
}

#[test]
fn column_order() {
    // Dropping a column and adding it back puts it last: a real difference in the
    // database (`SELECT *`), reported apart from everything else.
    check(
        "column_order",
        &ctx("postgresql"),
        base(),
        vec![
            drop_column("users", "email"),
            add_column("users", col("email", string(255))),
        ],
    );
}

#[test]
fn constraints() {
    check(
        "constraints",
        &ctx("postgresql"),
        base(),
        vec![
            drop_constraint(Some("posts_user_id_fkey"), "posts", Some("foreignkey")),
            drop_constraint(Some("users_pkey"), "users", Some("primary")),
            add_constraint("users", pk(Some("pk_users"), &["id"])),
            add_constraint("users", unique(Some("uq_bio"), &["bio"])),
            drop_constraint(Some("ck_title"), "posts", Some("check")),
            add_constraint("posts", ck(Some("ck_title"), "length(title) > 2")),
            add_constraint(
                "posts",
                fk(Some("fk_posts_user"), &["user_id"], "users", &["id"]),
            ),
            exclude("ex_title", "posts", &[("title", "=")], None),
        ],
    );
}

#[test]
fn indexes() {
    check(
        "indexes",
        &ctx("postgresql"),
        base(),
        vec![
            drop_index("ix_users_name", Some("users")),
            create_index(unique_index(Some("ix_users_name"), "users", &["name"])),
            create_index(index(Some("ix_posts_title"), "posts", &["title"])),
        ],
    );
}

#[test]
fn enums() {
    let mut old = Catalog::new();
    let ctx = ctx("postgresql");
    let mut ops = vec![
        table("a", vec![col("s", enum_("state", &["new"]))]).op(),
        table("b", vec![col("m", enum_("mood", &["ok"]))]).op(),
    ];
    number(&mut ops);
    assert!(old.apply_all(&ops, &ctx).is_empty());
    let mut new = Catalog::new();
    let mut ops = vec![
        table("a", vec![col("s", enum_("state", &["new", "old"]))]).op(),
        table("c", vec![col("k", enum_("kind", &["x"]))]).op(),
        table("b", vec![col("m", enum_("mood", &["ok"]))]).op(),
    ];
    number(&mut ops);
    assert!(new.apply_all(&ops, &ctx).is_empty());
    let changes = old.diff(&new);
    let out: String = changes
        .iter()
        .map(|c| {
            format!(
                "{} (sqlite: {})\n",
                c.describe(),
                if c.applies_to("sqlite") { "yes" } else { "no" }
            )
        })
        .collect();
    insta::assert_snapshot!("enums", out);
}

/// Diffs two catalogs built independently, for changes no single op makes.
fn check_pair(snapshot: &str, old: Vec<Op>, new: Vec<Op>) {
    let ctx = ctx("postgresql");
    let (mut a, mut b) = (old, new);
    let (old, d1) = run(&mut a, &ctx);
    let (new, d2) = run(&mut b, &ctx);
    assert!(d1.is_empty() && d2.is_empty(), "{d1:?} {d2:?}");
    let out: String = old
        .diff(&new)
        .iter()
        .map(|c| format!("{}\n", c.describe()))
        .collect();
    insta::assert_snapshot!(snapshot, out);
}

#[test]
fn independent_catalogs() {
    check_pair(
        "independent_catalogs",
        vec![table(
            "t",
            vec![
                col("id", int()).pk().identity(),
                col("total", int()).computed("id * 2"),
                col("e", enum_("old_enum", &["a"])),
            ],
        )
        .kwarg("postgresql_partition_by", s("RANGE (id)"))
        .index(index(Some("ix_t_total"), "t", &["total"]))
        .op()],
        vec![table(
            "t",
            vec![
                col("id", int()).pk(),
                col("total", int()).computed("id * 3"),
                col("e", text()),
            ],
        )
        .op()],
    );
}

#[test]
fn round_trip_of_a_step_is_empty() {
    // upgrade then downgrade: the catalog comes back, except the column order.
    let ctx = ctx("postgresql");
    let mut up = vec![
        add_column("users", col("age", int()).index()),
        rename_column("users", "bio", "about"),
        add_constraint("posts", unique(Some("uq_title"), &["title"])),
    ];
    let mut down = vec![
        drop_constraint(Some("uq_title"), "posts", Some("unique")),
        rename_column("users", "about", "bio"),
        drop_index("ix_users_age", Some("users")),
        drop_column("users", "age"),
    ];
    let mut ops = base();
    let (before, diagnostics) = run(&mut ops, &ctx);
    assert!(diagnostics.is_empty());
    let mut after = before.clone();
    number(&mut up);
    number(&mut down);
    assert!(after.apply_all(&up, &ctx).is_empty());
    assert!(!before.diff(&after).is_empty());
    assert!(after.apply_all(&down, &ctx).is_empty());
    assert_eq!(before.diff(&after), vec![]);
    assert_eq!(before, after);
}

#[test]
fn serde_round_trip() {
    let ctx = ctx_with_convention("postgresql", DOCS_CONVENTION);
    let mut ops = base();
    ops.push(
        table("e", vec![col("s", enum_("state", &["a"]))])
            .schema("x")
            .op(),
    );
    ops.push(exclude("ex", "posts", &[("title", "=")], Some("id > 0")));
    ops.push(opaque("not static"));
    let (catalog, _) = run(&mut ops, &ctx);
    let json = serde_json::to_string(&catalog).expect("serialises");
    let back: Catalog = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, catalog);
    assert!(back.diff(&catalog).is_empty());
    assert_eq!(back.render_text(), catalog.render_text());
    let tables: Vec<String> = back.tables().map(|t| t.key().to_string()).collect();
    assert_eq!(tables, ["users", "posts", "x.e"]);

    let changes = catalog.diff(&Catalog::new());
    let json = serde_json::to_string(&changes).expect("serialises");
    let back: Vec<retort_catalog::SchemaChange> =
        serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, changes);
}

#[test]
fn serialised_form() {
    let mut ops = vec![table(
        "t",
        vec![col("id", int()).pk(), col("s", enum_("state", &["a"]))],
    )
    .op()];
    let (catalog, _) = run(&mut ops, &ctx("postgresql"));
    let json = serde_json::to_string_pretty(&catalog).expect("serialises");
    insta::assert_snapshot!("serialised_form", json);
}
