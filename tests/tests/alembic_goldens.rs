//! `retort history / heads / branches / show` against real Alembic 1.20.1.
//!
//! Every fixture project under `tests/fixtures/projects/` lists its commands in
//! `commands.txt`; `tests/oracle/regen.sh` ran each through real Alembic and stored
//! stdout, stderr and the exit code under `tests/goldens/<project>/`. Where Alembic's
//! output depends on Python's hash seed, the oracle kept every variant it saw as
//! `<stem>.altN.*`: matching any of them is faithful. This test runs the same commands
//! through the whole Retort pipeline (discovery, the Python front end, the graph) and
//! compares stdout byte for byte, and the exit code.

use std::path::{Path, PathBuf};

/// The commands this test covers; `upgrade` / `downgrade --sql` goldens belong to the SQL tests.
const GRAPH_COMMANDS: &[&str] = &["history", "heads", "branches", "show"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The oracle's file-name stem for a command: characters outside `[A-Za-z0-9._@+-]` become `_`.
fn sanitize(command: &str) -> String {
    command
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._@+-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The golden outcomes of one command: (stdout, exit code) for the main run and each variant.
fn goldens(project: &str, command: &str) -> Vec<(String, u8)> {
    let dir = root().join("goldens").join(project);
    let stem = sanitize(command);
    let mut out = Vec::new();
    for suffix in std::iter::once(String::new()).chain((1..100).map(|n| format!(".alt{n}"))) {
        let stdout = dir.join(format!("{stem}{suffix}.stdout"));
        let Ok(text) = std::fs::read_to_string(&stdout) else {
            if suffix.is_empty() {
                panic!(
                    "no golden {} for `{command}`: run tests/oracle/regen.sh",
                    stdout.display()
                );
            }
            break;
        };
        let exit =
            std::fs::read_to_string(dir.join(format!("{stem}{suffix}.exit"))).unwrap_or_default();
        let exit: i32 = exit.trim().parse().unwrap_or(-1);
        out.push((text, u8::try_from(exit.rem_euclid(256)).unwrap_or(u8::MAX)));
    }
    out
}

/// Alembic keeps a revision's branch labels in a Python set, so a revision with several
/// prints them in an order that changes from run to run (and the oracle saw only some of
/// the combinations): labels are compared as sets, here only.
fn normalize_labels(text: &str, label_sets: &[Vec<String>]) -> String {
    let mut text = text.to_owned();
    for labels in label_sets {
        let mut sorted = labels.clone();
        sorted.sort();
        for order in permutations(labels) {
            text = text.replace(&order.join(", "), &sorted.join(", "));
        }
    }
    text
}

fn permutations(items: &[String]) -> Vec<Vec<String>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut tail in permutations(&rest) {
            tail.insert(0, first.clone());
            out.push(tail);
        }
    }
    out
}

/// The label sets of revisions with more than one branch label.
fn multi_label_sets(project: &Path) -> Vec<Vec<String>> {
    let mut files = Vec::new();
    collect(project, project, &mut files);
    let loaded = retort_analysis::Project::load(files, &retort_analysis::LoadOptions::default());
    loaded
        .graph
        .revisions()
        .iter()
        .map(|r| r.branch_labels.clone())
        .filter(|labels| labels.len() > 1)
        .collect()
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<retort_analysis::SourceFile>) {
    for entry in std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, out);
        } else if let (Ok(rel), Ok(bytes)) = (path.strip_prefix(root), std::fs::read(&path)) {
            out.push(retort_analysis::SourceFile::from_bytes(
                rel.to_string_lossy(),
                &bytes,
            ));
        }
    }
}

#[test]
fn graph_commands_match_real_alembic() {
    let projects_dir = root().join("fixtures").join("projects");
    let mut projects: Vec<PathBuf> = std::fs::read_dir(&projects_dir)
        .expect("fixture projects")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("commands.txt").exists())
        .collect();
    projects.sort();
    let mut compared = 0;
    let mut failures = Vec::new();
    for project in &projects {
        let name = project
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let commands = std::fs::read_to_string(project.join("commands.txt")).unwrap_or_default();
        let label_sets = multi_label_sets(project);
        for command in commands
            .lines()
            .map(str::trim)
            .filter(|c| !c.is_empty() && !c.starts_with('#'))
        {
            let words: Vec<&str> = command.split_whitespace().collect();
            if !GRAPH_COMMANDS.contains(&words[0]) || words.contains(&"--sql") {
                continue;
            }
            let dir = project.to_string_lossy().into_owned();
            let mut args = vec!["retort".to_owned(), "--dir".to_owned(), dir.clone()];
            args.extend(words.iter().map(|w| (*w).to_owned()));
            let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
            let code = retort_cli::run(&args, &root(), &mut stdout, &mut stderr);
            let stdout = String::from_utf8_lossy(&stdout).replace(&dir, "<project>");
            let expected = goldens(&name, command);
            compared += 1;
            let ours = normalize_labels(&stdout, &label_sets);
            if !expected
                .iter()
                .any(|(out, exit)| normalize_labels(out, &label_sets) == ours && *exit == code)
            {
                let (want, want_code) = &expected[0];
                failures.push(format!(
                    "{name}: `{command}`\n--- alembic (exit {want_code})\n{want}--- retort (exit {code})\n{stdout}--- retort stderr\n{}",
                    String::from_utf8_lossy(&stderr)
                ));
            }
        }
    }
    assert!(
        compared > 200,
        "only {compared} commands compared: are the fixtures there?"
    );
    assert!(
        failures.is_empty(),
        "{} of {compared} commands differ from Alembic:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{compared} graph commands byte-identical to Alembic 1.20.1");
}
