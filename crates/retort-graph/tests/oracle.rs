//! Compares the graph crate with real Alembic 1.20.1 over tests/fixtures/projects/.
//!
//! tests/oracle/regen.sh ran every line of each project's commands.txt through the
//! real `alembic` CLI and stored stdout / stderr / exit code under tests/goldens/. Here
//! the same projects are read (with a small test-only reader of the four revision
//! variables and the docstring; the real front end lives in another crate) and every
//! command is answered by this crate:
//!
//! - `history`, `heads`, `branches`, `show`: standard output byte for byte, or the
//!   `FAILED:` line, or the traceback's last line; and the exit code;
//! - `upgrade … --sql`, `downgrade … --sql`: the `-- Running …` comments, the
//!   `CREATE TABLE alembic_version` and every statement on `alembic_version` in order,
//!   and the `Running …` log lines;
//! - for every command, the `UserWarning`s Alembic printed while loading.
//!
//! Where Alembic's output depends on a Python set's order, the goldens hold every
//! outcome seen under several hash seeds (`.altN`); matching any of them passes.

use std::fs;
use std::path::{Path, PathBuf};

use retort_graph::{
    alembic_file_order, branches, downgrade_command, heads, history, show, upgrade_command,
    GraphError, HistoryOptions, RevisionGraph, RevisionNode, VersionChange, Walk,
};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

// ---------------------------------------------------------------------------------
// A test-only reader of revision files: enough Python for the fixtures, no more.

/// A Python literal on the right of `revision`, `down_revision`, … in the fixtures.
fn parse_literal(text: &str) -> Vec<String> {
    let text = text.trim();
    if text == "None" {
        return Vec::new();
    }
    let inner = if (text.starts_with('(') && text.ends_with(')'))
        || (text.starts_with('[') && text.ends_with(']'))
    {
        &text[1..text.len() - 1]
    } else {
        text
    };
    inner
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_matches(|c| c == '\'' || c == '"').to_owned())
        .collect()
}

/// The value of a top-level `name = …` or `name: type = …` line.
fn assignment<'a>(source: &'a str, name: &str) -> Option<&'a str> {
    source.lines().find_map(|line| {
        let rest = line.strip_prefix(name)?;
        let rest = rest.trim_start();
        let rest = match rest.strip_prefix(':') {
            Some(annotated) => &annotated[annotated.find('=')?..],
            None => rest,
        };
        rest.strip_prefix('=').map(str::trim)
    })
}

fn docstring(source: &str) -> String {
    let trimmed = source.trim_start();
    for quote in ["\"\"\"", "'''"] {
        if let Some(rest) = trimmed.strip_prefix(quote) {
            if let Some(end) = rest.find(quote) {
                return rest[..end].to_owned();
            }
        }
    }
    String::new()
}

fn read_node(source: &str, path: String, file_index: usize) -> RevisionNode {
    let longdoc = docstring(source).trim().to_owned();
    let doc = longdoc.split("\n\n").next().unwrap_or_default().to_owned();
    let list = |name| {
        assignment(source, name)
            .map(parse_literal)
            .unwrap_or_default()
    };
    RevisionNode {
        id: list("revision").into_iter().next().unwrap_or_default(),
        down_revisions: list("down_revision"),
        branch_labels: list("branch_labels"),
        depends_on: list("depends_on"),
        path,
        longdoc,
        doc,
        file_index,
    }
}

fn list_files(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if entry.path().is_dir() {
            list_files(&entry.path(), &rel, out);
        } else {
            out.push(rel);
        }
    }
}

fn load_project(dir: &Path) -> RevisionGraph {
    let ini = fs::read_to_string(dir.join("alembic.ini")).expect("alembic.ini");
    let recursive = ini
        .lines()
        .any(|l| l.replace(' ', "") == "recursive_version_locations=true");
    let versions = dir.join("migrations/versions");
    let mut files = Vec::new();
    list_files(&versions, "", &mut files);
    let nodes = alembic_file_order(&files, recursive)
        .into_iter()
        .map(|i| {
            let source = fs::read_to_string(versions.join(&files[i])).expect("revision file");
            read_node(
                &source,
                format!("<project>/migrations/versions/{}", files[i]),
                i,
            )
        })
        .collect();
    RevisionGraph::build(nodes).0
}

// ---------------------------------------------------------------------------------
// Running a command the way the `alembic` CLI would, and what to compare.

/// What Alembic printed, reduced to what this crate is responsible for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    exit: i32,
    /// Standard output (for `--sql` walks: only the lines about steps and the version
    /// table); empty for a crash.
    stdout: String,
    /// `UserWarning` texts, then (for `--sql` walks) the `Running …` log lines, then
    /// the traceback's last line for a crash.
    stderr: Vec<String>,
}

fn sanitize(command: &str) -> String {
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

fn is_walk(args: &[&str]) -> bool {
    matches!(args.first(), Some(&"upgrade") | Some(&"downgrade"))
}

fn reduce_golden(args: &[&str], stdout: &str, stderr: &str, exit: i32) -> Outcome {
    let mut lines: Vec<String> = stderr
        .lines()
        .filter_map(|l| l.split_once("UserWarning: ").map(|(_, w)| w.to_owned()))
        .collect();
    if is_walk(args) {
        lines.extend(
            stderr
                .lines()
                .filter_map(|l| l.strip_prefix("INFO  [alembic.runtime.migration] "))
                .filter(|l| l.starts_with("Running "))
                .map(str::to_owned),
        );
    }
    if exit == 1 {
        lines.push(stderr.lines().last().unwrap_or_default().to_owned());
        return Outcome {
            exit,
            stdout: String::new(),
            stderr: lines,
        };
    }
    let stdout = if is_walk(args) && exit == 0 {
        stdout
            .lines()
            .filter(|l| {
                l.starts_with("-- Running ")
                    || l.starts_with("CREATE TABLE alembic_version")
                    || l.starts_with("INSERT INTO alembic_version")
                    || l.starts_with("UPDATE alembic_version")
                    || l.starts_with("DELETE FROM alembic_version")
            })
            .map(|l| format!("{l}\n"))
            .collect()
    } else {
        stdout.to_owned()
    };
    Outcome {
        exit,
        stdout,
        stderr: lines,
    }
}

fn render_walk(walk: &Walk) -> (String, Vec<String>) {
    let mut stdout = String::new();
    let mut log = Vec::new();
    for step in &walk.steps {
        if step.heads_before.is_empty() {
            stdout.push_str("CREATE TABLE alembic_version (\n");
        }
        stdout.push_str(&format!("-- Running {}\n", step.short_log()));
        log.push(step.running_message());
        for change in &step.version_changes {
            stdout.push_str(&match change {
                VersionChange::Insert { version } => {
                    format!("INSERT INTO alembic_version (version_num) VALUES ('{version}') RETURNING version_num;\n")
                }
                VersionChange::Update { from, to } => format!(
                    "UPDATE alembic_version SET version_num='{to}' WHERE alembic_version.version_num = '{from}';\n"
                ),
                VersionChange::Delete { version } => {
                    format!("DELETE FROM alembic_version WHERE alembic_version.version_num = '{version}';\n")
                }
            });
        }
    }
    (stdout, log)
}

fn flag(args: &[&str], names: &[&str]) -> bool {
    args.iter().any(|a| names.contains(a))
}

fn option(args: &[&str], short: &str, long: &str) -> Option<String> {
    for (i, arg) in args.iter().enumerate() {
        for name in [short, long] {
            if *arg == name {
                return args.get(i + 1).map(|s| (*s).to_owned());
            }
            if let Some(value) = arg.strip_prefix(&format!("{name}=")) {
                return Some(value.to_owned());
            }
        }
    }
    None
}

fn positional<'a>(args: &[&'a str]) -> Option<&'a str> {
    args[1..]
        .iter()
        .copied()
        .find(|a| !a.starts_with("--") && !a.starts_with("-v"))
}

fn ours(graph: &RevisionGraph, args: &[&str]) -> Outcome {
    let mut warnings = graph.load_warnings();
    let result: Result<(String, Vec<String>), GraphError> = match args[0] {
        "history" => history(
            graph,
            &HistoryOptions {
                rev_range: option(args, "-r", "--rev-range"),
                verbose: flag(args, &["-v", "--verbose"]),
                indicate_current: flag(args, &["-i", "--indicate-current"]),
            },
            &[],
        )
        .map(|s| (s, Vec::new())),
        "heads" => heads(
            graph,
            flag(args, &["-v", "--verbose"]),
            flag(args, &["--resolve-dependencies"]),
        )
        .map(|s| (s, Vec::new())),
        "branches" => branches(graph, flag(args, &["-v", "--verbose"])).map(|s| (s, Vec::new())),
        "show" => show(graph, args[1], &[]).map(|s| (s, Vec::new())),
        "upgrade" | "downgrade" => {
            let revision = positional(args).expect("a revision argument");
            let sql = flag(args, &["--sql"]);
            let walk = if args[0] == "upgrade" {
                upgrade_command(graph, &[], revision, sql)
            } else {
                downgrade_command(graph, &[], revision, sql)
            };
            walk.map(|w| {
                let (stdout, log) = render_walk(&w);
                let mut lines = w.warnings.clone();
                lines.extend(log);
                (stdout, lines)
            })
        }
        other => panic!("no runner for `alembic {other}`"),
    };
    match result {
        Ok((stdout, lines)) => {
            warnings.extend(lines);
            Outcome {
                exit: 0,
                stdout,
                stderr: warnings,
            }
        }
        Err(err) if err.is_crash() => {
            warnings.push(err.alembic_line());
            Outcome {
                exit: 1,
                stdout: String::new(),
                stderr: warnings,
            }
        }
        Err(err) => Outcome {
            exit: 255,
            stdout: format!("{}\n", err.alembic_line()),
            stderr: warnings,
        },
    }
}

/// Alembic keeps branch labels in a Python set, so a revision with several prints them
/// in an order that changes from run to run; compare them as sets (sorted), here only.
fn normalize_labels(graph: &RevisionGraph, mut outcome: Outcome) -> Outcome {
    for rev in graph.revisions() {
        if rev.branch_labels.len() < 2 {
            continue;
        }
        let sorted = rev.branch_labels.join(", ");
        for order in permutations(&rev.branch_labels) {
            let shown = order.join(", ");
            outcome.stdout = outcome
                .stdout
                .replace(&format!(" ({shown})"), &format!(" ({sorted})"))
                .replace(
                    &format!("Branch names: {shown}\n"),
                    &format!("Branch names: {sorted}\n"),
                );
        }
    }
    outcome
}

fn permutations(items: &[String]) -> Vec<Vec<String>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for (i, first) in items.iter().enumerate() {
        let mut rest = items.to_vec();
        rest.remove(i);
        for mut tail in permutations(&rest) {
            tail.insert(0, first.clone());
            out.push(tail);
        }
    }
    out
}

fn goldens(dir: &Path, stem: &str, args: &[&str]) -> Vec<Outcome> {
    let mut out = Vec::new();
    for n in 0.. {
        let suffix = if n == 0 {
            String::new()
        } else {
            format!(".alt{n}")
        };
        let read = |ext: &str| fs::read_to_string(dir.join(format!("{stem}{suffix}.{ext}")));
        let (Ok(stdout), Ok(stderr), Ok(exit)) = (read("stdout"), read("stderr"), read("exit"))
        else {
            break;
        };
        let exit: i32 = exit.trim().parse().expect("exit code");
        out.push(reduce_golden(args, &stdout, &stderr, exit));
    }
    out
}

/// Checks every command of one project; returns a report of the mismatches.
fn check_project(name: &str) -> Vec<String> {
    let root = workspace_root();
    let project = root.join("tests/fixtures/projects").join(name);
    let golden_dir = root.join("tests/goldens").join(name);
    let graph = load_project(&project);
    let commands = fs::read_to_string(project.join("commands.txt")).expect("commands.txt");
    let mut failures = Vec::new();
    for command in commands
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let args: Vec<&str> = command.split_whitespace().collect();
        let expected: Vec<Outcome> = goldens(&golden_dir, &sanitize(command), &args)
            .into_iter()
            .map(|o| normalize_labels(&graph, o))
            .collect();
        assert!(
            !expected.is_empty(),
            "{name}: no golden for `alembic {command}`; run tests/oracle/regen.sh"
        );
        let actual = normalize_labels(&graph, ours(&graph, &args));
        if !expected.contains(&actual) {
            failures.push(format!(
                "{name}: alembic {command}\n--- alembic (seed 0)\n{:#?}\n--- retort\n{:#?}\n",
                expected[0], actual
            ));
        }
    }
    failures
}

fn projects() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(workspace_root().join("tests/fixtures/projects"))
        .expect("fixture projects")
        .flatten()
        .filter(|e| e.path().join("commands.txt").is_file())
        // A project without migrations/versions tests discovery, not the graph (the
        // CLI's golden tests in tests/ run it through the whole pipeline).
        .filter(|e| e.path().join("migrations/versions").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // `sql_*` projects are retort-sql's: their ops make Alembic fail mid-walk on
        // purpose; tests/tests/sql_goldens.rs checks their walks with the SQL.
        .filter(|n| !n.starts_with("sql_"))
        .collect();
    names.sort();
    names
}

#[test]
fn every_golden_command_matches_real_alembic() {
    let names = projects();
    assert!(names.len() >= 12, "fixture projects are missing");
    let failures: Vec<String> = names.iter().flat_map(|n| check_project(n)).collect();
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
