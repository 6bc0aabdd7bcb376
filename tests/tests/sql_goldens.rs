//! `retort upgrade / downgrade … --sql` against real Alembic 1.20.1, end to end through
//! the CLI: every `--sql` command of every fixture project (the graph's projects, whose
//! walks cross branches, merges and dependencies, and retort-sql's `sql_*` projects).
//!
//! Where Alembic succeeds, stdout (modulo the statements Alembic emits in Python-set
//! order, see `canonical`), stderr and the exit code must match. Where Alembic fails
//! before rendering (a graph error), all three must match too. Where it fails while
//! rendering an op, Retort reports the same message as a diagnostic and carries on: its
//! stdout must start with Alembic's, and its exit code is 1. Where Alembic cannot render
//! batch mode offline (it needs a database to reflect), Retort renders from its catalog.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

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

/// The output with what Alembic emits in Python-set order sorted: runs of
/// `CREATE [UNIQUE] INDEX`, batch mode's table constraints after the primary key and
/// the `DROP CONSTRAINT`s just before its temporary table.
fn canonical(sql: &str) -> String {
    let mut blocks: Vec<String> = sql
        .split("\n\n")
        .map(|b| {
            if !is_batch_create(b) {
                return b.to_owned();
            }
            let lines: Vec<&str> = b.lines().collect();
            let is_constraint = |l: &str| {
                let l = l.trim_start();
                ["CONSTRAINT ", "UNIQUE ", "CHECK ", "FOREIGN KEY"]
                    .iter()
                    .any(|p| l.starts_with(p))
            };
            let Some(first) = lines.iter().position(|l| is_constraint(l)) else {
                return b.to_owned();
            };
            let end = lines.len() - 1;
            let mut items: Vec<String> = lines[first..end]
                .iter()
                .map(|l| l.trim_end_matches(", ").to_owned())
                .collect();
            items.sort();
            let n = items.len();
            let mut out: Vec<String> = lines[..first].iter().map(|l| (*l).to_owned()).collect();
            for (i, item) in items.into_iter().enumerate() {
                out.push(if i + 1 < n { format!("{item}, ") } else { item });
            }
            out.extend(lines[end..].iter().map(|l| (*l).to_owned()));
            out.join("\n")
        })
        .collect();
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
    let mut out: Vec<String> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for b in blocks {
        if b.starts_with("CREATE INDEX ") || b.starts_with("CREATE UNIQUE INDEX ") {
            run.push(b);
            continue;
        }
        run.sort();
        out.append(&mut run);
        out.push(b);
    }
    run.sort();
    out.append(&mut run);
    out.join("\n\n")
}

#[test]
fn offline_sql_matches_real_alembic() {
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
        for command in commands
            .lines()
            .map(str::trim)
            .filter(|c| !c.is_empty() && !c.starts_with('#'))
        {
            let words: Vec<&str> = command.split_whitespace().collect();
            if !matches!(words.first(), Some(&"upgrade" | &"downgrade"))
                || !words.contains(&"--sql")
            {
                continue;
            }
            let dir = project.to_string_lossy().into_owned();
            let mut args = vec!["retort".to_owned(), "--dir".to_owned(), dir.clone()];
            args.extend(words.iter().map(|w| (*w).to_owned()));
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let code = retort_cli::run(&args, &root(), &mut out, &mut err);
            let out = String::from_utf8_lossy(&out).replace(&dir, "<project>");
            let err = String::from_utf8_lossy(&err).replace(&dir, "<project>");
            compared += 1;
            // The oracle keeps every outcome it saw under other hash seeds as `.altN`.
            let mut problems = Vec::new();
            for suffix in std::iter::once(String::new()).chain((1..50).map(|n| format!(".alt{n}")))
            {
                let golden = root()
                    .join("goldens")
                    .join(&name)
                    .join(format!("{}{suffix}", sanitize(command)));
                let read =
                    |ext: &str| std::fs::read_to_string(format!("{}.{ext}", golden.display()));
                let (Ok(want_out), Ok(want_err), Ok(want_exit)) =
                    (read("stdout"), read("stderr"), read("exit"))
                else {
                    break;
                };
                let want_exit: i32 = want_exit.trim().parse().unwrap_or(-1);
                match compare(&out, &err, code, &want_out, &want_err, want_exit) {
                    Ok(()) => {
                        problems.clear();
                        break;
                    }
                    Err(why) => problems.push(format!(
                        "{name}: `{command}`: {why}\n--- alembic{suffix} (exit {want_exit})\n{}\n--- stderr\n{}\n--- retort (exit {code})\n{}\n--- stderr\n{}",
                        tail(&want_out),
                        tail(&want_err),
                        tail(&out),
                        tail(&err)
                    )),
                }
            }
            if let Some(first) = problems.into_iter().next() {
                failures.push(first);
            }
        }
    }
    assert!(
        compared > 200,
        "only {compared} --sql commands compared: are the fixtures there?"
    );
    assert!(
        failures.is_empty(),
        "{} of {compared} --sql commands differ from Alembic:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    println!("{compared} --sql commands match Alembic 1.20.1");
}

/// Standard error without Python's `UserWarning`s (Alembic's, with the venv's path and
/// the source line) and Retort's `retort: warning:` lines, which say the same in
/// Retort's words (the graph commands print them so too).
fn without_warnings(err: &str) -> String {
    let mut out = Vec::new();
    let mut skip_source = false;
    for line in err.lines() {
        if skip_source && line.starts_with("  ") {
            skip_source = false;
            continue;
        }
        skip_source = false;
        if line.contains(": UserWarning: ") {
            skip_source = true;
            continue;
        }
        if line.starts_with("retort: warning: ") {
            continue;
        }
        out.push(line);
    }
    out.join("\n")
}

/// Whether Retort's outcome is faithful to one of Alembic's.
fn compare(
    out: &str,
    err: &str,
    code: u8,
    want_out: &str,
    want_err: &str,
    want_exit: i32,
) -> Result<(), String> {
    let (err, want_err) = (&without_warnings(err), &without_warnings(want_err));
    if want_exit == 0 {
        if canonical(out) != canonical(want_out) {
            return Err("stdout differs".into());
        }
        if err != want_err {
            return Err("stderr differs".into());
        }
        if code != 0 {
            return Err("exit code differs".into());
        }
        return Ok(());
    }
    if code == 255 || (want_exit == 1 && code == 1 && out.is_empty()) {
        // Failed before rendering: the graph's error, as Alembic prints it.
        if out != want_out || (code == 255 && err != want_err) || i32::from(code) != want_exit {
            return Err("failure differs".into());
        }
        return Ok(());
    }
    let alembic = match want_out.rfind("FAILED: ") {
        Some(p) => &want_out[..p],
        None => want_out,
    };
    let needs_reflection =
        want_err.contains("requires a live database connection with which to reflect");
    if !canonical(out).starts_with(canonical(alembic).trim_end()) {
        return Err("stdout does not start with Alembic's".into());
    }
    let reported = err.lines().any(|l| {
        l.contains("[sql-alembic-error]")
            && l.split("] ").nth(1).is_some_and(|m| want_err.contains(m))
    });
    if !needs_reflection && !reported {
        return Err("no diagnostic with Alembic's message".into());
    }
    Ok(())
}

/// The last lines of a text, for failure messages.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(25)..].join("\n")
}
