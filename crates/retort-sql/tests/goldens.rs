//! Byte-for-byte comparison with real Alembic: every `tests/fixtures/projects/sql_*`
//! project, every command of its `commands.txt`, against `tests/goldens/<project>/`
//! (written by `tests/oracle/sql_goldens.py`).
//!
//! Where Alembic fails (exit code not 0), its standard output must be a prefix of
//! Retort's (Retort carries on) and one of Retort's diagnostics must carry the message
//! Alembic ended with. Narrow the run with `SQL_GOLDEN=<substring of project name>`.

mod common;

use std::fs;

use common::{canonical, diff, load_project, options_from_env, plan, root, sanitize};
use retort_sql::{dialect_for_name, render_migration};

#[test]
fn fixture_projects_match_alembic() {
    let filter = std::env::var("SQL_GOLDEN").unwrap_or_default();
    let projects_dir = root().join("tests/fixtures/projects");
    let mut projects: Vec<_> = fs::read_dir(&projects_dir)
        .expect("tests/fixtures/projects")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("sql_") && n.contains(filter.as_str()))
        })
        .collect();
    projects.sort();
    assert!(!projects.is_empty(), "no sql_* fixture projects");
    let mut failures = Vec::new();
    let mut checked = 0;
    for project_dir in projects {
        let name = project_dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let project = load_project(&project_dir);
        let dialect_name = project
            .layout
            .url_dialect()
            .unwrap_or_else(|| "default".to_owned());
        let dialect = dialect_for_name(&dialect_name).expect("known dialect");
        let commands = fs::read_to_string(project_dir.join("commands.txt")).unwrap_or_default();
        let options = options_from_env(
            &fs::read_to_string(project_dir.join("migrations/env.py")).unwrap_or_default(),
        );
        for command in commands
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let golden = root()
                .join("tests/goldens")
                .join(&name)
                .join(sanitize(command));
            let read =
                |ext: &str| fs::read_to_string(golden.with_extension(ext)).unwrap_or_default();
            let (stdout, stderr, exit) = (read("stdout"), read("stderr"), read("exit"));
            let Some((plan, catalog)) = plan(&project.revisions, command, &dialect_name) else {
                failures.push(format!(
                    "{name}: `{command}`: the test cannot plan this command"
                ));
                continue;
            };
            checked += 1;
            let script = render_migration(dialect, &plan, &catalog, &options);
            if exit.trim() == "0" {
                if canonical(&script.stdout) != canonical(&stdout) {
                    failures.push(format!(
                        "{name}: `{command}` stdout differs\n{}",
                        diff(&canonical(&stdout), &canonical(&script.stdout))
                    ));
                } else if script.stderr != stderr {
                    failures.push(format!(
                        "{name}: `{command}` stderr differs\n{}",
                        diff(&stderr, &script.stderr)
                    ));
                } else if !script.diagnostics.is_empty() {
                    failures.push(format!(
                        "{name}: `{command}` unexpected diagnostics {:?}",
                        script.diagnostics
                    ));
                }
            } else {
                // A CommandError ends with `FAILED: <message>` on standard output.
                let stdout = match stdout.rfind("FAILED: ") {
                    Some(p) if stdout[p..].trim_end().lines().count() == 1 => {
                        stdout[..p].to_owned()
                    }
                    _ => stdout,
                };
                // Retort renders batch mode from its catalog where Alembic needs a
                // database to reflect: there it carries on without an error.
                let needs_reflection =
                    stderr.contains("requires a live database connection with which to reflect");
                let ours = canonical(&script.stdout);
                if !ours.starts_with(canonical(&stdout).trim_end()) {
                    failures.push(format!(
                        "{name}: `{command}` (Alembic fails) stdout is not a prefix\n{}",
                        diff(&stdout, &script.stdout)
                    ));
                } else if !needs_reflection
                    && !script
                        .diagnostics
                        .iter()
                        .any(|d| stderr.contains(&d.message))
                {
                    failures.push(format!(
                        "{name}: `{command}` (Alembic fails) no diagnostic with Alembic's message; ours: {:?}\nAlembic's stderr ends: {}",
                        script.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>(),
                        stderr.lines().rev().take(2).collect::<Vec<_>>().join(" / ")
                    ));
                }
            }
        }
    }
    eprintln!("{checked} commands compared with Alembic's output");
    assert!(
        failures.is_empty(),
        "{} of {checked} commands differ from Alembic:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
