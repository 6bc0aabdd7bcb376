//! What GlueSQL 0.20 (memory storage) does and does not do, measured. The engine is
//! built around these facts (see `src/physical.rs` and `src/db.rs`); if an upgrade of
//! GlueSQL changes one, this test says which.
//!
//! Each line is `SQL => ok` or `SQL => err <part of the message>`; the statements of a
//! block run in order on one database.
#![cfg(not(target_arch = "wasm32"))]

use gluesql_core::prelude::Glue;
use gluesql_memory_storage::MemoryStorage;

fn check(script: &str) {
    let mut glue = Glue::new(MemoryStorage::default());
    let mut failures = Vec::new();
    for line in script.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let Some((sql, expected)) = line.rsplit_once(" => ") else {
            failures.push(format!("malformed line: {line}"));
            continue;
        };
        let got = glue.execute(sql);
        match (expected.strip_prefix("err "), &got) {
            (None, Ok(_)) if expected == "ok" => {}
            (Some(part), Err(e)) if e.to_string().contains(part) => {}
            _ => failures.push(format!("{sql}\n  expected: {expected}\n  got: {got:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn types_gluesql_lacks() {
    check(
        "
        CREATE TABLE a (x VARCHAR(10)) => err unsupported data type: VARCHAR(10)
        CREATE TABLE a (x BIGINT) => err unsupported data type: BIGINT
        CREATE TABLE a (x SMALLINT) => err unsupported data type: SMALLINT
        CREATE TABLE a (x NUMERIC(10,2)) => err unsupported data type: NUMERIC(10,2)
        CREATE TABLE a (x JSON) => err unsupported data type: JSON
        CREATE TABLE a (x TIMESTAMPTZ) => err unsupported data type: TIMESTAMPTZ
        CREATE TABLE a (x TIMESTAMP WITH TIME ZONE) => err unsupported data type
        CREATE TABLE b (a INT32 PRIMARY KEY, s INT16, f FLOAT, d DATE, ts TIMESTAMP, u UUID, bo BOOLEAN, de DECIMAL, t TEXT, by BYTEA, i INTERVAL, tm TIME, l LIST, m MAP, n INET) => ok
        INSERT INTO b (a, s) VALUES (2147483648, 1) => err failed to parse number \"2147483648\" to INT32
        INSERT INTO b (a, s) VALUES (1, 40000) => err failed to parse number \"40000\" to INT16
        INSERT INTO b (a, d, ts, u, tm) VALUES (1, '2024-01-02', '2024-01-02 03:04:05', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '10:00:00') => ok
        INSERT INTO b (a, d) VALUES (2, 'notadate') => err failed to parse text \"notadate\" to DATE
        INSERT INTO b (a, s) VALUES (3, '7') => err failed to parse text \"7\" to INT16
        INSERT INTO b (a, t) VALUES (3, 9) => err failed to parse number \"9\" to TEXT
        ",
    );
}

#[test]
fn keys_and_constraints() {
    check(
        "
        CREATE TABLE a (x INT, y INT, PRIMARY KEY (x, y)) => err unsupported constraint: PRIMARY KEY (x, y)
        CREATE TABLE a (x INT, UNIQUE (x)) => err unsupported constraint: UNIQUE (x)
        CREATE TABLE a (x INT CHECK (x > 0)) => err unsupported column option: CHECK (x > 0)
        CREATE TABLE a (x FLOAT UNIQUE) => err is unsupported for unique constraint
        CREATE TABLE t (a INT PRIMARY KEY, b TEXT UNIQUE, c INT NOT NULL DEFAULT 5) => ok
        INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y') => ok
        INSERT INTO t (a, b) VALUES (3, 'x') => err duplicate entry 'x' for unique column 'b'
        INSERT INTO t (a, b) VALUES (1, 'z') => err duplicate entry '1' for unique column 'a'
        INSERT INTO t (a, b) VALUES (NULL, 'w') => err null value on not null field
        INSERT INTO t (a, b) VALUES (4, NULL), (5, NULL) => ok
        UPDATE t SET a = 10 WHERE a = 1 => err update on primary key is not supported
        CREATE INDEX ix_b ON t (b) => err [MemoryStorage] index is not supported
        CREATE UNIQUE INDEX ux_b ON t (b) => err unsupported CREATE INDEX option: UNIQUE
        INSERT INTO t (a, b) VALUES (6, 'q') RETURNING a => err unsupported INSERT option: RETURNING
        ",
    );
}

#[test]
fn alter_table() {
    check(
        "
        CREATE TABLE t (a INT PRIMARY KEY, c INT) => ok
        ALTER TABLE t ALTER COLUMN c SET NOT NULL => err unsupported alter table operation
        ALTER TABLE t ALTER COLUMN c TYPE TEXT => err unsupported alter table operation
        ALTER TABLE t ADD CONSTRAINT uq UNIQUE (c) => err unsupported alter table operation
        ALTER TABLE t DROP CONSTRAINT uq => err unsupported alter table operation
        ALTER TABLE t ADD COLUMN d INT NOT NULL => err Default value is required
        INSERT INTO t VALUES (1, 1), (2, 2) => ok
        ALTER TABLE t ADD COLUMN d INT NOT NULL => err Default value is required
        ALTER TABLE t ADD COLUMN e TEXT UNIQUE DEFAULT 'same' => ok
        SELECT * FROM t WHERE e = 'same' => ok
        ALTER TABLE t DROP COLUMN a => ok
        ",
    );
    // ADD COLUMN … UNIQUE with a default on two rows: both rows hold 'same'.
    let mut glue = Glue::new(MemoryStorage::default());
    glue.execute("CREATE TABLE t (a INT PRIMARY KEY)").ok();
    glue.execute("INSERT INTO t VALUES (1), (2)").ok();
    glue.execute("ALTER TABLE t ADD COLUMN e TEXT UNIQUE DEFAULT 'same'")
        .ok();
    let dupes = glue.storage.items["t"]
        .rows
        .values()
        .filter(|r| r.get(1) == Some(&gluesql_core::data::Value::Str("same".into())))
        .count();
    assert_eq!(dupes, 2, "GlueSQL does not check uniqueness in ADD COLUMN");
}

#[test]
fn foreign_keys() {
    check(
        "
        CREATE TABLE p (a INT PRIMARY KEY, b TEXT UNIQUE, c INT) => ok
        INSERT INTO p VALUES (1, 'x', 1), (2, 'y', 2) => ok
        CREATE TABLE c0 (id INT PRIMARY KEY, p_id INT REFERENCES p(a)) => err unsupported column option: REFERENCES
        CREATE TABLE c1 (id INT PRIMARY KEY, p_id INT, FOREIGN KEY (p_id) REFERENCES p(a) ON DELETE CASCADE) => err unsupported constraint: CASCADE
        CREATE TABLE c2 (id INT PRIMARY KEY, b TEXT, FOREIGN KEY (b) REFERENCES p(b)) => err is not unique, cannot be used as foreign key
        CREATE TABLE c3 (id INT PRIMARY KEY, p_id INT8, FOREIGN KEY (p_id) REFERENCES p(a)) => err does not match referenced column
        CREATE TABLE c (id INT PRIMARY KEY, p_id INT, FOREIGN KEY (p_id) REFERENCES p(a)) => ok
        INSERT INTO c VALUES (1, 1) => ok
        INSERT INTO c VALUES (2, 99) => err cannot find referenced value on p.a with value \"99\"
        INSERT INTO c VALUES (3, NULL) => ok
        DELETE FROM p WHERE a = 1 => err referencing column exists: c.p_id
        DROP TABLE p => err cannot drop table 'p' due to referencing tables
        ALTER TABLE p RENAME COLUMN a TO aa => err cannot drop column 'p.a' referenced by
        ALTER TABLE c RENAME COLUMN p_id TO pid => err cannot drop column 'c.p_id' referencing with
        ALTER TABLE p DROP COLUMN a => err cannot drop column 'p.a' referenced by
        ALTER TABLE p RENAME TO p2 => ok
        INSERT INTO c VALUES (4, 2) => err cannot find referenced value on p.a with value \"2\"
        ",
    );
    // A composite FOREIGN KEY is accepted and silently keeps its first column only.
    let mut glue = Glue::new(MemoryStorage::default());
    glue.execute("CREATE TABLE p (a INT PRIMARY KEY, b INT)")
        .ok();
    glue.execute("CREATE TABLE c (x INT, y INT, FOREIGN KEY (x, y) REFERENCES p (a, b))")
        .ok();
    let fks = &glue.storage.items["c"].schema.foreign_keys;
    assert_eq!(fks.len(), 1);
    assert_eq!(fks[0].referencing_column_name, "x");
    // DROP TABLE … CASCADE drops the referring foreign keys, and with them every row of
    // the referring tables (memory storage's insert_schema replaces the item).
    let mut glue = Glue::new(MemoryStorage::default());
    for sql in [
        "CREATE TABLE p (id INT PRIMARY KEY)",
        "CREATE TABLE q (id INT PRIMARY KEY, p_id INT, FOREIGN KEY (p_id) REFERENCES p (id))",
        "INSERT INTO p VALUES (1)",
        "INSERT INTO q VALUES (1, 1)",
        "DROP TABLE p CASCADE",
    ] {
        glue.execute(sql).ok();
    }
    assert!(glue.storage.items["q"].rows.is_empty());
}

#[test]
fn copying_rows_between_tables() {
    check(
        "
        CREATE TABLE n (id INT PRIMARY KEY, v TEXT) => ok
        INSERT INTO n VALUES (1, 'a'), (2, NULL) => ok
        CREATE TABLE m (id INT PRIMARY KEY, v TEXT NOT NULL) => ok
        INSERT INTO m SELECT id, v FROM n => err null value on not null field
        CREATE TABLE k (id INT32 PRIMARY KEY, v INT) => ok
        INSERT INTO k SELECT id, v FROM n WHERE id = 1 => err incompatible data type
        INSERT INTO k SELECT CAST(id AS INT32), CAST(v AS INT) FROM n WHERE id = 1 => err failed to convert value
        SELECT COUNT(*) FROM n WHERE NOT (length(v) > 0) => ok
        CREATE TABLE \"s.t\" (\"id\" INT) => ok
        ",
    );
}
