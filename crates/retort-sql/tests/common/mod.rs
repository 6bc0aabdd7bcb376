//! Test support: fixture projects from disk, linear migration plans, golden comparison.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use retort_analysis::{LoadOptions, Project, SourceFile};
use retort_catalog::{ApplyContext, Catalog};
use retort_ir::RevisionFile;
use retort_sql::{Direction, MigrationPlan, MigrationStep, RenderOptions, VersionChange};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repository root")
}

fn walk(dir: &Path, base: &Path, out: &mut Vec<SourceFile>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, base, out);
        } else if let Ok(bytes) = fs::read(&path) {
            let rel = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push(SourceFile::from_bytes(rel, &bytes));
        }
    }
}

/// Loads a fixture project directory.
pub fn load_project(dir: &Path) -> Project {
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    Project::load(files, &LoadOptions::default())
}

/// The revisions of a linear history, base first.
pub fn linear(revisions: &[RevisionFile]) -> Vec<&RevisionFile> {
    let mut children: std::collections::HashMap<&str, &RevisionFile> =
        std::collections::HashMap::new();
    let mut base = None;
    for r in revisions {
        match r.down_revisions.as_slice() {
            [] => base = base.or(Some(r)),
            [down] => {
                children.entry(down.as_str()).or_insert(r);
            }
            _ => {}
        }
    }
    let mut chain: Vec<&RevisionFile> = Vec::new();
    let mut next = base;
    while let Some(r) = next {
        if chain.len() > revisions.len() {
            break;
        }
        chain.push(r);
        next = r
            .revision
            .as_deref()
            .and_then(|id| children.get(id).copied());
    }
    chain
}

fn position(chain: &[&RevisionFile], id: &str) -> Option<usize> {
    match id {
        "base" => Some(0),
        "head" | "heads" => Some(chain.len()),
        id => chain
            .iter()
            .position(|r| r.revision.as_deref().is_some_and(|rev| rev.starts_with(id)))
            .map(|p| p + 1),
    }
}

fn step(r: &RevisionFile, direction: Direction) -> MigrationStep {
    let rev = r.revision.clone().unwrap_or_default();
    let down = r.down_revisions.clone();
    let function = match direction {
        Direction::Upgrade => &r.upgrade,
        Direction::Downgrade => &r.downgrade,
    };
    let (from_revisions, to_revisions, version_changes) = match direction {
        Direction::Upgrade => {
            let change = match down.first() {
                None => VersionChange::Insert {
                    version: rev.clone(),
                },
                Some(d) => VersionChange::Update {
                    from: d.clone(),
                    to: rev.clone(),
                },
            };
            (down.clone(), vec![rev.clone()], vec![change])
        }
        Direction::Downgrade => {
            let change = match down.first() {
                None => VersionChange::Delete {
                    version: rev.clone(),
                },
                Some(d) => VersionChange::Update {
                    from: rev.clone(),
                    to: d.clone(),
                },
            };
            (vec![rev.clone()], down.clone(), vec![change])
        }
    };
    MigrationStep {
        revision: rev,
        direction,
        from_revisions,
        to_revisions,
        doc: r.doc(),
        path: r.path.clone(),
        ops: function.as_ref().map(|f| f.ops.clone()).unwrap_or_default(),
        version_changes,
    }
}

/// The plan and starting catalog of `upgrade …` / `downgrade …` over a linear history;
/// `None` for commands this helper does not understand.
pub fn plan(
    revisions: &[RevisionFile],
    command: &str,
    dialect: &str,
) -> Option<(MigrationPlan, Catalog)> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let chain = linear(revisions);
    let (verb, target) = match words.as_slice() {
        [verb, target, "--sql"] => (*verb, *target),
        _ => return None,
    };
    let (from, to) = match target.split_once(':') {
        Some((a, b)) => (position(&chain, a)?, position(&chain, b)?),
        None if verb == "upgrade" => (0, position(&chain, target)?),
        None => return None,
    };
    let ctx = ApplyContext {
        dialect: dialect.to_owned(),
        offline: true,
        ..ApplyContext::new(dialect)
    };
    let mut catalog = Catalog::new();
    for r in &chain[..from] {
        if let Some(f) = &r.upgrade {
            let ops = retort_ir::Op::resolve(&f.ops, dialect, true);
            let _ = catalog.apply_all(&ops, &ctx);
        }
    }
    let mut plan = MigrationPlan::default();
    if from > 0 {
        plan.start_heads = vec![chain[from - 1].revision.clone().unwrap_or_default()];
    }
    match verb {
        "upgrade" => {
            for r in &chain[from..to.max(from)] {
                plan.steps.push(step(r, Direction::Upgrade));
            }
        }
        "downgrade" => {
            for r in chain[to.min(from)..from].iter().rev() {
                plan.steps.push(step(r, Direction::Downgrade));
            }
        }
        _ => return None,
    }
    Some((plan, catalog))
}

/// Python's `sanitize` of run_oracle.py: the golden stem of a command.
pub fn sanitize(command: &str) -> String {
    command
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.@+".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// SQL output with what Alembic emits in the iteration order of a Python `set` of
/// objects (which varies from run to run) sorted: each run of consecutive
/// `CREATE [UNIQUE] INDEX` statements (a table's indexes), and the table constraints
/// of batch mode's `CREATE TABLE _alembic_tmp_…` after its primary key, and the
/// `DROP CONSTRAINT` statements just before it (PostgreSQL's `prep_table_for_batch`).
pub fn canonical(sql: &str) -> String {
    let blocks: Vec<String> = sql.split("\n\n").map(sort_batch_constraints).collect();
    let mut blocks = blocks;
    for i in 0..blocks.len() {
        if is_batch_create(&blocks[i]) {
            let start = (0..i)
                .rev()
                .take_while(|j| {
                    blocks[*j].starts_with("ALTER TABLE ")
                        && blocks[*j].contains(" DROP CONSTRAINT ")
                })
                .last()
                .unwrap_or(i);
            blocks[start..i].sort();
        }
    }
    let blocks: Vec<&str> = blocks.iter().map(String::as_str).collect();
    let mut out: Vec<String> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    let is_index =
        |b: &str| b.starts_with("CREATE INDEX ") || b.starts_with("CREATE UNIQUE INDEX ");
    for b in blocks {
        if is_index(b) {
            run.push(b.to_owned());
            continue;
        }
        run.sort();
        out.append(&mut run);
        out.push(b.to_owned());
    }
    run.sort();
    out.append(&mut run);
    out.join("\n\n")
}

/// A unified-ish diff of two texts, line by line, for failure messages.
pub fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    let first = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let from = first.saturating_sub(3);
    out.push_str(&format!("first difference at line {}\n", first + 1));
    for (i, line) in e.iter().enumerate().skip(from).take(12) {
        out.push_str(&format!("-{:4} {line:?}\n", i + 1));
    }
    for (i, line) in a.iter().enumerate().skip(from).take(12) {
        out.push_str(&format!("+{:4} {line:?}\n", i + 1));
    }
    out
}

/// Whether a statement creates batch mode's temporary table (its name quoted or not).
fn is_batch_create(block: &str) -> bool {
    [
        "CREATE TABLE _alembic_tmp_",
        "CREATE TABLE \"_alembic_tmp_",
        "CREATE TABLE `_alembic_tmp_",
    ]
    .iter()
    .any(|p| block.starts_with(p))
}

fn sort_batch_constraints(block: &str) -> String {
    if !is_batch_create(block) {
        return block.to_owned();
    }
    let lines: Vec<&str> = block.lines().collect();
    let is_constraint = |l: &str| {
        let l = l.trim_start();
        ["CONSTRAINT ", "UNIQUE ", "CHECK ", "FOREIGN KEY"]
            .iter()
            .any(|p| l.starts_with(p))
    };
    let Some(first) = lines.iter().position(|l| is_constraint(l)) else {
        return block.to_owned();
    };
    let end = lines.len() - 1; // the closing `);`
    let mut items: Vec<String> = lines[first..end]
        .iter()
        .map(|l| l.trim_end_matches(", ").to_owned())
        .collect();
    items.sort();
    let mut out: Vec<String> = lines[..first].iter().map(|l| (*l).to_owned()).collect();
    let n = items.len();
    for (i, item) in items.into_iter().enumerate() {
        out.push(if i + 1 < n { format!("{item}, ") } else { item });
    }
    out.extend(lines[end..].iter().map(|l| (*l).to_owned()));
    out.join("\n")
}

/// The `context.configure(...)` options of a fixture's env.py that shape `--sql` output,
/// read by plain text search (the fixtures write them one per line).
pub fn options_from_env(env_py: &str) -> RenderOptions {
    let mut options = RenderOptions::default();
    let value = |key: &str| -> Option<String> {
        let line = env_py
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{key}=")))?;
        let v = line
            .trim()
            .trim_start_matches(&format!("{key}="))
            .trim_end_matches(',');
        Some(v.trim_matches('"').trim_matches('\'').to_owned())
    };
    if let Some(v) = value("transaction_per_migration") {
        options.transaction_per_migration = v == "True";
    }
    if let Some(v) = value("version_table") {
        options.version_table = v;
    }
    if let Some(v) = value("version_table_schema") {
        options.version_table_schema = Some(v);
    }
    if let Some(v) = value("version_table_pk") {
        options.version_table_pk = v == "True";
    }
    if let Some(v) = value("transactional_ddl") {
        options.transactional_ddl = Some(v == "True");
    }
    options
}
