//! `Catalog::apply`, op by op: ops in, the rendered catalog and diagnostics out (insta).

mod common;

use common::*;
use retort_catalog::ApplyContext;
use retort_ir::{Autoincrement, Op, Recreate, SqlType, TypeDialect, Value};

/// Applies `ops` in order from an empty catalog and snapshots diagnostics and catalog.
fn check(snapshot: &str, ctx: &ApplyContext, mut ops: Vec<Op>) {
    let (catalog, diagnostics) = run(&mut ops, ctx);
    let out = format!(
        "--- diagnostics\n{}--- catalog\n{}",
        render_diagnostics(&diagnostics),
        catalog.render_text()
    );
    insta::assert_snapshot!(snapshot, out);
}

fn users() -> Op {
    table(
        "users",
        vec![
            col("id", int()).pk(),
            col("email", string(255)).nullable(false),
            col("name", string(50)),
        ],
    )
    .op()
}

#[test]
fn create_table_column_shorthands() {
    check(
        "create_table_column_shorthands",
        &ctx("postgresql"),
        vec![
            users(),
            table(
                "posts",
                vec![
                    col("id", int()).pk().autoincrement(Autoincrement::Yes),
                    col("user_id", int()).fk_named("users.id", "fk_posts_user", "CASCADE"),
                    untyped("parent_id").fk("posts.id"),
                    col("slug", string(80)).unique(),
                    col("title", string(200)).index(),
                    col("code", string(10)).index().unique(),
                    col("score", int())
                        .check("score >= 0", None)
                        .server_default(s("0")),
                    col("created", ty("DateTime"))
                        .server_default(Value::Func {
                            name: "now".into(),
                            args: vec![],
                        })
                        .comment("creation time"),
                    col("seq", ty("BigInteger")).identity(),
                    col("total", int()).computed("score * 2"),
                    col("pk_nullable", int()).nullable(true),
                ],
            )
            .comment("blog posts")
            .kwarg("mysql_engine", s("InnoDB"))
            .op(),
        ],
    );
}

#[test]
fn create_table_explicit_constraints() {
    check(
        "create_table_explicit_constraints",
        &ctx("postgresql"),
        vec![
            users(),
            table(
                "memberships",
                vec![
                    col("user_id", int()).pk(),
                    col("org_id", int()),
                    col("role", string(20)),
                    col("role", text()),
                ],
            )
            .constraint(pk(Some("pk_memberships"), &["user_id", "org_id"]))
            .constraint(unique(Some("uq_member_role"), &["user_id", "role"]))
            .constraint(fk(Some("fk_member_user"), &["user_id"], "users", &["id"]))
            .constraint(ck(Some("ck_role"), "role IN ('admin', 'member')"))
            .constraint(unique(Some("uq_member_role"), &["org_id"]))
            .constraint(unique(None, &["missing"]))
            .constraint(fk(None, &["org_id"], "orgs", &["id"]))
            .index(index(
                Some("ix_member_lower_role"),
                "memberships",
                &["lower(role)"],
            ))
            .index(index(Some("ix_bad"), "memberships", &["nope"]))
            .op(),
            // A PrimaryKeyConstraint without columns takes the primary_key=True ones.
            table(
                "tags",
                vec![col("id", int()).pk(), col("label", string(20))],
            )
            .constraint(pk(Some("pk_tags"), &[]))
            .op(),
        ],
    );
}

#[test]
fn create_table_errors() {
    check(
        "create_table_errors",
        &ctx("postgresql"),
        vec![
            users(),
            users(),
            table("users", vec![col("other", int())])
                .if_not_exists()
                .op(),
            table("ghost_refs", vec![col("user_id", int()).fk("users.name")])
                .constraint(fk(None, &["user_id"], "users", &["nope"]))
                .op(),
            table("badfk", vec![col("a", int()).fk("nodot")])
                .constraint(fk(None, &["a"], "users", &["id", "email"]))
                .op(),
        ],
    );
}

#[test]
fn foreign_keys_to_missing_tables_are_warnings_on_sqlite() {
    check(
        "fk_missing_table_sqlite",
        &ctx("sqlite"),
        vec![table("posts", vec![col("user_id", int()).fk("users.id")]).op()],
    );
}

/// `use_alter=True` foreign keys are left out of CREATE TABLE where the database can
/// ALTER: the target may come later in the migration, and `create_foreign_key` adds the
/// constraint (prefect's initial migration does this). SQLite keeps them inline.
#[test]
fn use_alter_foreign_keys_wait_for_create_foreign_key() {
    let mut later = fk(Some("fk_run_state"), &["state_id"], "run_state", &["id"]);
    later.kwargs.push(("use_alter".into(), Value::Bool(true)));
    let ops = || {
        vec![
            table("run", vec![col("id", int()).pk(), col("state_id", int())])
                .constraint(later.clone())
                .op(),
            table("run_state", vec![col("id", int()).pk()]).op(),
            add_constraint(
                "run",
                fk(Some("fk_run_state"), &["state_id"], "run_state", &["id"]),
            ),
        ]
    };
    let (catalog, diagnostics) = run(&mut ops(), &ctx("postgresql"));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let run_table = catalog.table(None, "run").expect("run");
    assert_eq!(run_table.foreign_keys.len(), 1);
    let (_, diagnostics) = run(&mut ops(), &ctx("sqlite"));
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"constraint-exists"), "{codes:?}");
}

/// The catalog does not follow SQL: `op.execute` with DDL on what it tracks makes it
/// uncertain (what fails after it is a warning), other SQL leaves it as it was.
#[test]
fn raw_ddl_makes_the_catalog_uncertain() {
    let uncertain_after = |sql: &str| {
        let mut ops = vec![
            table("block_data", vec![col("id", int()).pk()]).op(),
            execute(sql),
            drop_column("block", "id"),
        ];
        let (catalog, diagnostics) = run(&mut ops, &ctx("postgresql"));
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == retort_ir::Severity::Error)
            .count();
        (catalog.uncertain().is_some(), errors)
    };
    for ddl in [
        "\n        ALTER TABLE block_data\n        RENAME TO block;\n        ",
        "-- rename\nalter table block_data rename to block",
        "/* x */ CREATE UNIQUE INDEX ix ON block_data (id)",
        "UPDATE block_data SET id = 1; DROP TABLE block_data",
        "DO $$ BEGIN EXECUTE 'ALTER TABLE block_data RENAME TO block'; END $$",
    ] {
        assert_eq!(uncertain_after(ddl), (true, 0), "{ddl}");
    }
    for not_ddl in [
        "UPDATE block_data SET id = 1",
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE OR REPLACE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql",
        "DOUBLE",
    ] {
        assert_eq!(uncertain_after(not_ddl), (false, 1), "{not_ddl}");
    }
}

#[test]
fn naming_convention_from_target_metadata() {
    let ctx = ctx_with_convention("postgresql", DOCS_CONVENTION);
    check(
        "naming_convention",
        &ctx,
        vec![
            table(
                "users",
                vec![
                    col("id", int()).pk(),
                    col("email", string(255)).unique(),
                    col("name", string(50)).index(),
                ],
            )
            .constraint(ck(Some("positive_id"), "id > 0"))
            .op(),
            table(
                "posts",
                vec![col("id", int()).pk(), col("user_id", int()).fk("users.id")],
            )
            // op.f(): used verbatim.
            .constraint(final_name(ck(Some("ck_posts_custom"), "id < 100")))
            .op(),
            // %(constraint_name)s needs a name.
            add_constraint("posts", ck(None, "id <> 5")),
            add_constraint("posts", unique(None, &["user_id"])),
            create_index(index(None, "posts", &["user_id", "id"])),
            // The convention also names what drop_constraint drops.
            drop_constraint(Some("positive_id"), "users", Some("check")),
            drop_constraint(Some("uq_posts_user_id"), "posts", Some("unique")),
        ],
    );
}

#[test]
fn naming_convention_tokens() {
    let ctx = ctx_with_convention(
        "postgresql",
        &[
            ("ix", "ix_%(column_0_N_name)s"),
            ("uq", "uq_%(table_name)s_%(column_0N_name)s"),
            (
                "fk",
                "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s_%(referred_column_0_name)s",
            ),
            ("pk", "pk_%(column_0_key)s"),
            ("ck", "ck_%(nope)s"),
        ],
    );
    check(
        "naming_convention_tokens",
        &ctx,
        vec![
            table(
                "orgs",
                vec![col("id", int()).pk(), col("region", string(2)).pk()],
            )
            .op(),
            table(
                "teams",
                vec![
                    col("org_id", int()),
                    col("org_region", string(2)),
                    col("name", string(20)),
                ],
            )
            .constraint(fk(
                None,
                &["org_id", "org_region"],
                "orgs",
                &["id", "region"],
            ))
            .constraint(unique(None, &["org_id", "name"]))
            .constraint(ck(None, "name <> ''"))
            .index(index(None, "teams", &["name", "org_id"]))
            .op(),
        ],
    );
}

#[test]
fn schema_qualified_tables() {
    check(
        "schema_qualified_tables",
        &ctx("postgresql"),
        vec![
            table("users", vec![col("id", int()).pk()]).op(),
            table(
                "users",
                vec![col("id", int()).pk(), col("name", string(50)).index()],
            )
            .schema("auth")
            .op(),
            table(
                "sessions",
                vec![
                    col("id", int()).pk(),
                    col("user_id", int()).fk("auth.users.id"),
                ],
            )
            .schema("auth")
            .op(),
            // No schema: the default-schema `users`, which exists too.
            drop_table("users"),
        ],
    );
}

#[test]
fn drop_table_keeps_dependents_dangling() {
    check(
        "drop_table",
        &ctx("postgresql"),
        vec![
            users(),
            table(
                "posts",
                vec![
                    col("id", int()).pk(),
                    col("user_id", int()).fk("users.id").index(),
                ],
            )
            .op(),
            // Referenced by posts: PostgreSQL refuses; the catalog drops it anyway.
            drop_table("users"),
            drop_table("users"),
            drop_table_if_exists("users"),
            drop_table("posts"),
            // The index went with posts, so its name is free again.
            table("again", vec![col("x", int())]).op(),
            create_index(index(Some("ix_posts_user_id"), "again", &["x"])),
        ],
    );
}

#[test]
fn drop_table_referenced_on_sqlite_is_a_warning() {
    check(
        "drop_table_referenced_sqlite",
        &ctx("sqlite"),
        vec![
            users(),
            table("posts", vec![col("user_id", int()).fk("users.id")]).op(),
            drop_table("users"),
        ],
    );
}

#[test]
fn rename_table_moves_references() {
    check(
        "rename_table",
        &ctx("postgresql"),
        vec![
            table("first", vec![col("id", int()).pk()]).op(),
            users(),
            table(
                "posts",
                vec![
                    col("id", int()).pk(),
                    col("user_id", int()).fk("users.id").index(),
                ],
            )
            .op(),
            rename_table("users", "accounts"),
            rename_table("posts", "articles"),
            rename_table("missing", "x"),
            rename_table("first", "accounts"),
            rename_table("first", "first"),
        ],
    );
}

#[test]
fn add_column_with_shorthands() {
    check(
        "add_column",
        &ctx("postgresql"),
        vec![
            users(),
            table("posts", vec![col("id", int()).pk()]).op(),
            add_column(
                "posts",
                col("user_id", int())
                    .fk("users.id")
                    .index()
                    .nullable(false)
                    .server_default(s("1")),
            ),
            add_column("posts", col("slug", string(20)).unique()),
            add_column(
                "posts",
                col("rating", int()).check("rating <= 5", Some("ck_rating")),
            ),
            add_column("posts", col("org_id", int()).fk("orgs.id")),
            add_column("posts", col("slug", text())),
            add_column_if_not_exists("posts", col("slug", text())),
            add_column("missing", col("x", int())),
            add_column("posts", col("alt_id", int()).pk()),
            // index=True names the index ix_<table>_<column>: taken by another table here.
            table("other", vec![col("x", int())]).op(),
            create_index(index(Some("ix_posts_flag"), "other", &["x"])),
            add_column("posts", col("flag", int()).index()),
        ],
    );
}

#[test]
fn drop_column_cascades_like_postgresql() {
    check(
        "drop_column_cascade",
        &ctx("postgresql"),
        vec![
            table(
                "items",
                vec![
                    col("id", int()).pk(),
                    col("sku", string(20)),
                    col("warehouse", int()),
                    col("qty", int()).check("qty >= 0", None),
                    col("price", int()),
                    col("parent_sku", string(20)),
                    col("doubled", int()).computed("price * 2"),
                ],
            )
            .constraint(unique(Some("uq_sku_warehouse"), &["sku", "warehouse"]))
            .constraint(ck(Some("ck_price"), "price > 0 AND qty < 1000"))
            .constraint(fk(
                Some("fk_parent"),
                &["parent_sku", "warehouse"],
                "items",
                &["sku", "warehouse"],
            ))
            .index(index(Some("ix_wh"), "items", &["warehouse", "id"]))
            .index(index(Some("ix_lower_sku"), "items", &["lower(sku)"]))
            .op(),
            op_partial_index(),
            exclude("ex_wh", "items", &[("warehouse", "=")], None),
            table(
                "orders",
                vec![
                    col("id", int()).pk(),
                    col("sku", string(20)),
                    col("warehouse", int()),
                ],
            )
            .constraint(fk(
                Some("fk_order_item"),
                &["sku", "warehouse"],
                "items",
                &["sku", "warehouse"],
            ))
            .op(),
            // Dropping `warehouse` takes uq_sku_warehouse, fk_parent, ix_wh, the partial
            // index and ex_wh with it; fk_order_item on orders depends on it.
            drop_column("items", "warehouse"),
            drop_column("items", "qty"),
            drop_column("items", "price"),
            drop_column("items", "id"),
            drop_column("items", "nope"),
            drop_column_if_exists("items", "nope"),
            drop_column("missing", "x"),
        ],
    );
}

fn op_partial_index() -> Op {
    let mut i = index(Some("ix_active_sku"), "items", &["sku"]);
    i.where_ = Some("warehouse IS NOT NULL".to_owned());
    create_index(i)
}

#[test]
fn alter_column_attributes() {
    check(
        "alter_column",
        &ctx("postgresql"),
        vec![
            users(),
            alter("users", "name", |a| {
                a.nullable = Some(false);
                a.type_ = Some(SqlType {
                    kwargs: vec![("length".into(), Value::Int(100))],
                    ..ty("String")
                });
                a.server_default = Some(Some(Value::Text("'anon'".into())));
                a.comment = Some(Some("display name".into()));
                a.autoincrement = Some(false);
            }),
            alter("users", "name", |a| {
                a.server_default = Some(None);
                a.comment = Some(None);
                a.nullable = Some(true);
            }),
            alter("users", "id", |a| a.nullable = Some(true)),
            alter("users", "nope", |a| a.nullable = Some(true)),
            alter("missing", "x", |a| a.nullable = Some(true)),
            alter("users", "name", |a| {
                a.new_column_name = Some("email".into());
                a.nullable = Some(false);
            }),
        ],
    );
}

#[test]
fn rename_column_follows_references() {
    check(
        "rename_column",
        &ctx("postgresql"),
        vec![
            table(
                "users",
                vec![
                    col("id", int()).pk(),
                    col("email", string(255)).unique().index(),
                    col("boss_id", int()).fk("users.id"),
                    col("email_len", int()).computed("length(email)"),
                ],
            )
            .constraint(ck(
                Some("ck_email"),
                "email LIKE '%@%' AND email <> 'email'",
            ))
            .index(index(Some("ix_lower_email"), "users", &["lower(email)"]))
            .op(),
            table(
                "posts",
                vec![
                    col("id", int()).pk(),
                    col("author_id", int()).fk("users.id"),
                ],
            )
            .op(),
            exclude(
                "ex_email",
                "users",
                &[("email", "=")],
                Some("email IS NOT NULL"),
            ),
            rename_column("users", "email", "Mail"),
            rename_column("users", "id", "user_id"),
        ],
    );
}

#[test]
fn create_and_drop_index() {
    check(
        "indexes",
        &ctx("postgresql"),
        vec![
            users(),
            table("posts", vec![col("id", int()).pk(), col("title", text())]).op(),
            create_index(index(Some("ix_name"), "users", &["name"])),
            create_index(unique_index(Some("uq_ix_email"), "users", &["email"])),
            // Index names are unique in the schema, not per table.
            create_index(index(Some("ix_name"), "posts", &["title"])),
            create_index({
                let mut i = index(Some("ix_name"), "posts", &["title"]);
                i.if_not_exists = true;
                i
            }),
            create_index(index(Some("ix_nope"), "users", &["nope"])),
            create_index(index(Some("ix_x"), "missing", &["x"])),
            create_index({
                let mut i = index(
                    Some("ix_title_gin"),
                    "posts",
                    &["to_tsvector('english', title)"],
                );
                i.using = Some("gin".into());
                i.kwargs.push((
                    "postgresql_with".into(),
                    Value::Dict(vec![(s("fastupdate"), s("off"))]),
                ));
                i
            }),
            drop_index("ix_name", Some("posts")),
            drop_index("ix_name", Some("users")),
            drop_index("ix_name", None),
            drop_index_if_exists("ix_name", None),
        ],
    );
}

#[test]
fn index_without_name_and_without_ix_convention() {
    let ctx = ctx_with_convention(
        "postgresql",
        &[("uq", "uq_%(table_name)s_%(column_0_name)s")],
    );
    check(
        "index_without_name",
        &ctx,
        vec![
            table(
                "users",
                vec![col("id", int()).pk(), col("name", text()).index()],
            )
            .op(),
            create_index(index(None, "users", &["name"])),
        ],
    );
}

#[test]
fn add_constraint_kinds() {
    check(
        "add_constraint",
        &ctx("postgresql"),
        vec![
            table(
                "users",
                vec![
                    col("id", int()),
                    col("email", string(255)),
                    col("team", int()),
                ],
            )
            .op(),
            table("teams", vec![col("id", int()), col("code", string(5))]).op(),
            // Adding a primary key makes its columns NOT NULL.
            add_constraint("users", pk(Some("pk_users"), &["id"])),
            add_constraint("users", pk(Some("pk_users_again"), &["email"])),
            add_constraint("users", unique(Some("uq_email"), &["email"])),
            add_constraint("users", unique(Some("uq_email"), &["team"])),
            add_constraint("users", fk(Some("fk_team"), &["team"], "teams", &["id"])),
            add_constraint(
                "users",
                fk(Some("fk_team_code"), &["team"], "teams", &["code"]),
            ),
            add_constraint("users", fk(Some("fk_x"), &["team"], "nowhere", &["id"])),
            add_constraint("users", ck(Some("ck_email"), "email <> ''")),
            add_constraint("users", unique(Some("uq_nope"), &["nope"])),
            add_constraint("missing", unique(Some("uq_x"), &["x"])),
        ],
    );
}

#[test]
fn drop_constraint_by_name() {
    check(
        "drop_constraint",
        &ctx("postgresql"),
        vec![
            table(
                "users",
                vec![
                    col("id", int()).pk(),
                    col("email", string(255)),
                    col("team", int()),
                ],
            )
            .constraint(unique(Some("uq_email"), &["email"]))
            .constraint(ck(Some("ck_team"), "team > 0"))
            .op(),
            table(
                "posts",
                vec![col("id", int()).pk(), col("author_email", string(255))],
            )
            .constraint(fk(
                Some("fk_author"),
                &["author_email"],
                "users",
                &["email"],
            ))
            .op(),
            // posts.fk_author needs uq_email.
            drop_constraint(Some("uq_email"), "users", Some("unique")),
            drop_constraint(Some("ck_team"), "users", Some("unique")),
            drop_constraint(Some("fk_author"), "posts", Some("foreignkey")),
            drop_constraint(Some("ck_team"), "users", Some("check")),
            drop_constraint_if_exists("ck_team", "users"),
            drop_constraint(None, "users", Some("unique")),
            drop_constraint(Some("x"), "missing", None),
        ],
    );
}

#[test]
fn drop_unnamed_constraints_by_their_postgresql_names() {
    check(
        "drop_constraint_postgresql_names",
        &ctx("postgresql"),
        vec![
            table(
                "orders",
                vec![
                    col("id", int()).pk(),
                    col("code", string(10)).unique(),
                    col("qty", int()).check("qty > 0", None),
                    col("a", int()),
                    col("b", int()),
                    col("customer_id", int()).fk("orders.id"),
                ],
            )
            .constraint(ck(None, "a < b"))
            .op(),
            drop_constraint(Some("orders_pkey"), "orders", Some("primary")),
            drop_constraint(Some("orders_code_key"), "orders", Some("unique")),
            drop_constraint(Some("orders_qty_check"), "orders", Some("check")),
            drop_constraint(Some("orders_check"), "orders", Some("check")),
            drop_constraint(
                Some("orders_customer_id_fkey"),
                "orders",
                Some("foreignkey"),
            ),
        ],
    );
}

#[test]
fn drop_unnamed_constraints_by_their_mysql_names() {
    check(
        "drop_constraint_mysql_names",
        &ctx("mysql"),
        vec![
            table(
                "orders",
                vec![
                    col("id", int()).pk(),
                    col("code", string(10)).unique(),
                    col("customer_id", int()).fk("orders.id"),
                ],
            )
            .op(),
            drop_constraint(Some("orders_ibfk_1"), "orders", Some("foreignkey")),
            drop_constraint(Some("code"), "orders", Some("unique")),
            drop_constraint(Some("PRIMARY"), "orders", Some("primary")),
        ],
    );
}

#[test]
fn exclude_constraints() {
    check(
        "exclude_constraints",
        &ctx("postgresql"),
        vec![
            table(
                "bookings",
                vec![col("room", int()), col("during", ty("TSRANGE"))],
            )
            .op(),
            exclude(
                "ex_overlap",
                "bookings",
                &[("room", "="), ("during", "&&")],
                Some("room > 0"),
            ),
            exclude("ex_overlap", "bookings", &[("room", "=")], None),
            exclude("ex_x", "missing", &[("a", "=")], None),
            drop_constraint(Some("ex_overlap"), "bookings", None),
        ],
    );
}

#[test]
fn table_comments() {
    check(
        "table_comments",
        &ctx("postgresql"),
        vec![
            users(),
            table_comment("users", "people who log in"),
            table_comment("users", "it's replaced"),
            drop_table_comment("missing"),
            table("posts", vec![col("id", int())])
                .comment("to drop")
                .op(),
            drop_table_comment("posts"),
        ],
    );
}

#[test]
fn bulk_insert_and_execute_change_no_schema() {
    check(
        "bulk_insert_execute",
        &ctx("postgresql"),
        vec![
            users(),
            bulk_insert(
                "users",
                &[
                    &[("id", Value::Int(1)), ("email", s("a@x"))],
                    &[("id", Value::Int(2)), ("nick", s("b"))],
                ],
            ),
            bulk_insert("missing", &[&[("id", Value::Int(1))]]),
            execute("CREATE TABLE raw (id int)"),
            execute("UPDATE users SET name = 'x'"),
        ],
    );
}

#[test]
fn batch_alter_table() {
    check(
        "batch",
        &ctx("sqlite"),
        vec![
            users(),
            batch(
                "users",
                vec![
                    add_column("users", col("age", int())),
                    alter("users", "name", |a| a.nullable = Some(false)),
                    create_index(index(Some("ix_users_age"), "users", &["age"])),
                    drop_column("users", "email"),
                    drop_column("users", "missing"),
                ],
            )
            .op(),
            batch("missing", vec![add_column("missing", col("x", int()))]).op(),
        ],
    );
}

#[test]
fn batch_copy_from_provides_the_table() {
    let def = table(
        "legacy",
        vec![
            col("id", int()).pk(),
            col("name", string(30)),
            col("kind", enum_("legacy_kind", &["a", "b"])),
        ],
    )
    .constraint(unique(None, &["name"]))
    .def();
    check(
        "batch_copy_from",
        &ctx("sqlite"),
        vec![batch(
            "legacy",
            vec![
                alter("legacy", "name", |a| {
                    a.new_column_name = Some("title".into())
                }),
                add_column("legacy", col("note", text())),
            ],
        )
        .copy_from(def)
        .op()],
    );
}

#[test]
fn batch_naming_convention_names_unnamed_constraints() {
    check(
        "batch_naming_convention",
        &ctx("sqlite"),
        vec![
            users(),
            table(
                "posts",
                vec![col("id", int()).pk(), col("user_id", int()).fk("users.id")],
            )
            .constraint(unique(None, &["user_id"]))
            .op(),
            batch(
                "posts",
                vec![
                    drop_constraint(Some("fk_posts_user_id_users"), "posts", Some("foreignkey")),
                    drop_constraint(Some("uq_posts_user_id"), "posts", Some("unique")),
                ],
            )
            .naming_convention(&[
                (
                    "fk",
                    "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
                ),
                ("uq", "uq_%(table_name)s_%(column_0_name)s"),
            ])
            .op(),
            // Outside the batch the convention no longer applies.
            drop_constraint(Some("uq_posts_user_id"), "posts", Some("unique")),
        ],
    );
}

#[test]
fn batch_partial_reordering() {
    let reorder = |dialect: &str, recreate: Recreate, snapshot: &str| {
        check(
            snapshot,
            &ctx(dialect),
            vec![
                table("t", vec![col("a", int()), col("b", int()), col("c", int())]).op(),
                batch("t", vec![alter("t", "b", |a| a.nullable = Some(false))])
                    .recreate(recreate)
                    .reorder(&["c", "a"])
                    .op(),
                batch("t", vec![add_column("t", col("d", int()))])
                    .recreate(Recreate::Always)
                    .reorder(&["a", "c"])
                    .reorder(&["c", "a"])
                    .op(),
            ],
        );
    };
    // SQLite recreates the table for alter_column: the columns are reordered.
    reorder("sqlite", Recreate::Auto, "batch_reorder_sqlite");
    // PostgreSQL alters in place: partial_reordering has no effect.
    reorder("postgresql", Recreate::Auto, "batch_reorder_postgresql");
}

#[test]
fn sqlite_cannot_alter_constraints_outside_batch() {
    check(
        "sqlite_alter_constraint",
        &ctx("sqlite"),
        vec![
            users(),
            table("posts", vec![col("id", int()).pk(), col("title", text())]).op(),
            add_constraint("posts", unique(Some("uq_title"), &["title"])),
            drop_constraint(Some("uq_title"), "posts", Some("unique")),
            add_column("posts", col("user_id", int()).fk("users.id")),
            // A plain column, an index: fine.
            add_column("posts", col("n", int()).index()),
            batch(
                "posts",
                vec![
                    add_constraint("posts", unique(Some("uq_title"), &["title"])),
                    drop_constraint(Some("uq_title"), "posts", Some("unique")),
                ],
            )
            .op(),
        ],
    );
}

#[test]
fn autocommit_block() {
    check(
        "autocommit_block",
        &ctx("postgresql"),
        vec![
            users(),
            autocommit(vec![
                create_index(index(Some("ix_users_name"), "users", &["name"])),
                drop_index("nope", Some("users")),
            ]),
        ],
    );
}

#[test]
fn conditionals_follow_the_dialect() {
    let ops = || {
        vec![
            users(),
            if_dialect(
                "postgresql",
                vec![create_index(index(Some("ix_pg"), "users", &["name"]))],
                vec![create_index(index(Some("ix_other"), "users", &["name"]))],
            ),
        ]
    };
    check("conditional_postgresql", &ctx("postgresql"), ops());
    check("conditional_sqlite", &ctx("sqlite"), ops());
}

#[test]
fn opaque_steps_make_the_catalog_uncertain() {
    check(
        "opaque",
        &ctx("postgresql"),
        vec![
            users(),
            opaque("calls a function imported from the application"),
            // An error after an opaque step is only a warning: the step may explain it.
            drop_table("missing"),
            opaque("a second one"),
        ],
    );
}

/// SQLAlchemy creates a named enum type once per run (Alembic's `impl.memo`): a second
/// `create_table` with it in the same revision creates nothing, one in a later
/// revision (deployed as its own run) fails on PostgreSQL. Both checked against Alembic
/// 1.20.1's `upgrade --sql` (`head` from empty, and `a1:b1`).
#[test]
fn an_enum_type_is_created_once_per_run() {
    let ctx = ctx("postgresql");
    let mut first = vec![
        table("t1", vec![col("s", enum_("state_type", &["x", "y"]))]).op(),
        table("t2", vec![col("s", enum_("state_type", &["x", "y"]))]).op(),
    ];
    let (mut catalog, diagnostics) = run(&mut first, &ctx);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let second = [table("t3", vec![col("s", enum_("state_type", &["x", "y"]))]).op()];
    let diagnostics = catalog.apply_all(&second, &ctx);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["enum-type-exists"]);
}

#[test]
fn postgresql_enum_types() {
    let array_of_enum = SqlType {
        args: vec![Value::Type(Box::new(enum_("tag", &["x", "y"])))],
        ..ty("ARRAY")
    };
    let variant = SqlType {
        variants: vec![("postgresql".into(), enum_("pg_only", &["p"]))],
        ..string(10)
    };
    let from_class = SqlType {
        args: vec![Value::Unknown("models.Color".into())],
        ..ty("Enum")
    };
    let not_native = with_kw(enum_("nn", &["a"]), "native_enum", Value::Bool(false));
    let unnamed = SqlType {
        args: vec![s("a")],
        ..ty("Enum")
    };
    check(
        "enums_postgresql",
        &ctx("postgresql"),
        vec![
            table(
                "items",
                vec![
                    col("id", int()).pk(),
                    col("status", enum_("status", &["new", "done"])),
                    col("status2", enum_("status", &["new", "done"])),
                    col("tags", array_of_enum),
                    col("v", variant),
                    col("color", from_class),
                    col("flag", not_native),
                ],
            )
            .op(),
            // A second table with the same sa.Enum in the same run does not create the
            // type again (Alembic's impl.memo; checked with Alembic 1.20.1's --sql output).
            table(
                "others",
                vec![col("status", enum_("status", &["new", "done"]))],
            )
            .op(),
            // create_type=False reuses it.
            table("thirds", vec![col("status", pg_enum_existing("status"))]).op(),
            // op.drop_table leaves the types behind (Alembic emits no DROP TYPE).
            drop_table("items"),
            table(
                "items",
                vec![col("status", enum_("status", &["new", "done"]))],
            )
            .op(),
            // op.add_column does not create the type.
            add_column("thirds", col("mood", enum_("mood", &["ok"]))),
            add_column("thirds", col("status3", enum_("status", &["new", "done"]))),
            alter("thirds", "status", |a| {
                a.type_ = Some(enum_("state2", &["a"]))
            }),
            table("bad", vec![col("e", unnamed)]).op(),
        ],
    );
}

#[test]
fn enum_types_on_sqlite_are_data_without_diagnostics() {
    check(
        "enums_sqlite",
        &ctx("sqlite"),
        vec![
            table("a", vec![col("status", enum_("status", &["x"]))]).op(),
            table("b", vec![col("status", enum_("status", &["x"]))]).op(),
            add_column("b", col("mood", enum_("mood", &["ok"]))),
            table(
                "c",
                vec![col(
                    "x",
                    SqlType {
                        dialect: TypeDialect::Mysql,
                        ..enum_("my", &["q"])
                    },
                )],
            )
            .op(),
        ],
    );
}
