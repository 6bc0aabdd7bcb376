//! Rendering never panics: every revision file of the repository's fixtures, and
//! thousands of random mutations of them, rendered for every dialect in both directions,
//! with and without the schema they expect.

use std::fs;
use std::path::{Path, PathBuf};

use retort_catalog::{ApplyContext, Catalog};
use retort_parse::{parse_revision, NoModules};
use retort_sql::{dialect_for_name, render_ops, RenderOptions};

fn python_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for path in entries.flatten().map(|e| e.path()) {
        if path.is_dir() {
            python_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "py") && !path.ends_with("env.py") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    python_files(&root.join("crates/retort-parse/tests/fixtures"), &mut files);
    python_files(&root.join("tests/fixtures/sql"), &mut files);
    files.sort();
    files
        .iter()
        .filter_map(|f| fs::read(f).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

fn render_everything(source: &str) {
    let file = parse_revision("x.py", source, &NoModules);
    for dialect in ["postgresql", "sqlite", "mysql", "default"] {
        let Some(d) = dialect_for_name(dialect) else {
            continue;
        };
        let options = RenderOptions::default();
        let empty = Catalog::new();
        let mut after = Catalog::new();
        if let Some(up) = &file.upgrade {
            let _ = render_ops(d, &up.ops, &empty, &options);
            let _ = after.apply_all(&up.ops, &ApplyContext::new(dialect));
        }
        if let Some(down) = &file.downgrade {
            let _ = render_ops(d, &down.ops, &after, &options);
            let _ = render_ops(d, &down.ops, &empty, &options);
        }
    }
}

#[test]
fn fixtures_render_without_panicking() {
    let all = sources();
    assert!(all.len() > 20, "fixtures not found");
    for source in &all {
        render_everything(source);
    }
}

#[test]
fn mutated_fixtures_render_without_panicking() {
    let all = sources();
    // xorshift: deterministic, no dependency; the seed is printed by the assertion.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let snippets = [
        "None",
        "'",
        "\"",
        ")",
        "(",
        ",",
        "sa.Integer()",
        "primary_key=True",
        "0",
        "-1",
        "nullable=False",
        "sa.text('x')",
        "unique=True",
        "index=True",
        "type_=sa.String(3)",
        "server_default=None",
        "\n",
        "op.f('')",
        "''",
        "sa.Enum()",
        "1e400",
        "schema='s'",
    ];
    for _ in 0..1500 {
        let base = &all[(next() as usize) % all.len()];
        let mut text: Vec<char> = base.chars().collect();
        for _ in 0..(1 + next() % 4) {
            if text.is_empty() {
                break;
            }
            let at = (next() as usize) % text.len();
            match next() % 3 {
                0 => {
                    let end = (at + 1 + (next() as usize) % 12).min(text.len());
                    text.drain(at..end);
                }
                1 => {
                    let s = snippets[(next() as usize) % snippets.len()];
                    for (i, c) in s.chars().enumerate() {
                        text.insert(at + i, c);
                    }
                }
                _ => {
                    let other = &all[(next() as usize) % all.len()];
                    let other: Vec<char> = other.chars().collect();
                    if !other.is_empty() {
                        let from = (next() as usize) % other.len();
                        let end = (from + 40).min(other.len());
                        for (i, c) in other[from..end].iter().enumerate() {
                            text.insert(at + i, *c);
                        }
                    }
                }
            }
        }
        let text: String = text.into_iter().collect();
        render_everything(&text);
    }
}
