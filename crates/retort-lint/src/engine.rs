//! Running the rules over a project: revisions in graph order, each with the catalog
//! as it is before the revision (from `retort-analysis`), then suppressions and
//! configured severities.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use retort_analysis::{Project, WalkMemo};
use retort_catalog::{ApplyContext, Catalog, NamingConvention};
use retort_ir::{Diagnostic, LineIndex, RevisionFile};

use crate::checker::Checker;
use crate::config::Config;
use crate::finding::Finding;
use crate::registry::{Rule, RuleSet};
use crate::rules::retort::op_fails_on_schema::{self, LazyCreatedTables};
use crate::rules::retort::project_problem;
use crate::suppress;

/// Lints every revision file of a loaded project on the calling thread; findings come
/// back sorted by path, then position. See [`lint_on_threads`].
pub fn lint(project: &Project, config: &Config) -> Vec<Finding> {
    lint_on_threads(project, config, 1)
}

/// Lints every revision file of a loaded project, on up to `threads` threads (0 or 1:
/// the calling thread only); findings come back sorted by path, then position, the
/// same whatever the number of threads.
///
/// The revision graph, its problems and the catalog before each revision come from the
/// project (`retort-graph`, [`Project::catalogs_before`]). The rules that read the
/// catalog ([`Rule::reads_catalog`]) run during that walk, in graph order; every other
/// rule sees one file at a time, so those run on any thread, file by file, alongside
/// the walk. Never panics: a file that cannot be followed yields fewer findings, not
/// an error.
pub fn lint_on_threads(project: &Project, config: &Config, threads: usize) -> Vec<Finding> {
    lint_selected(project, config, threads, None, None)
}

/// [`lint_on_threads`] for the revisions `selected` (by index into the project's
/// revisions; `None`: all). The others get no findings; what loading the project
/// reported is always reported. They are still walked for the catalogs before the
/// selected ones, unless `walk_memo` holds the last walk of this graph and
/// configuration (then only the selected ones are, and `selected` must hold the
/// descendants of each revision it holds: see [`Project::catalogs_before_again`]).
pub(crate) fn lint_selected(
    project: &Project,
    config: &Config,
    threads: usize,
    selected: Option<&[bool]>,
    walk_memo: Option<&mut WalkMemo>,
) -> Vec<Finding> {
    let is_selected =
        |index: usize| selected.is_none_or(|s| s.get(index).copied().unwrap_or(false));
    let count = project.revisions.len();
    let sources: HashMap<&str, &str> = project
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    let source_of = |index: usize| {
        project
            .revisions
            .get(index)
            .and_then(|r| sources.get(r.path.as_str()).copied())
            .unwrap_or("")
    };
    let enabled: Vec<RuleSet> = project
        .revisions
        .iter()
        .map(|r| config.rules_for(&r.path))
        .collect();

    // Files are handed out one at a time: costs vary a lot from file to file.
    let next = AtomicUsize::new(0);
    let file_rules = || {
        let empty = Catalog::new();
        let mut out = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            if index >= count {
                return out;
            }
            if !is_selected(index) {
                continue;
            }
            let source = source_of(index);
            let mut checker = Checker::new(project, index, source, &empty, &config.settings);
            let mut ran = RuleSet::empty();
            for rule in enabled[index].iter() {
                if rule.reads_catalog()
                    || matches!(
                        rule,
                        Rule::InvalidSuppression | Rule::UnusedSuppression | Rule::OpFailsOnSchema
                    )
                {
                    continue;
                }
                checker.run(rule);
                ran.insert(rule);
            }
            let findings = std::mem::take(&mut checker.findings);
            out.push((index, Pending { findings, ran }));
        }
    };
    let walk = || {
        let ctx = ApplyContext {
            naming_convention: config
                .settings
                .naming_convention
                .as_deref()
                .map(NamingConvention::from_pairs)
                .unwrap_or_default(),
            ..ApplyContext::new(config.settings.dialect.clone())
        };
        let mut found: Vec<Vec<Finding>> = vec![Vec::new(); count];
        let visit = |index: usize, catalog: &Catalog, replayed: &[Diagnostic]| {
            let rules = enabled[index].iter().filter(|r| r.reads_catalog());
            let mut rules = rules.peekable();
            if rules.peek().is_none() || !is_selected(index) {
                return;
            }
            let mut checker =
                Checker::new(project, index, source_of(index), catalog, &config.settings);
            checker.catalog_replay = replayed;
            for rule in rules {
                checker.run(rule);
            }
            found[index] = std::mem::take(&mut checker.findings);
        };
        let applied = match (walk_memo, selected) {
            (Some(memo), Some(selected)) => {
                project.catalogs_before_again(&ctx, selected, memo, visit)
            }
            (Some(memo), None) => {
                let all = vec![true; count];
                project.catalogs_before_again(&ctx, &all, memo, visit)
            }
            (None, _) => project.catalogs_before(&ctx, visit),
        };
        (found, applied)
    };

    let (per_file, (from_walk, applied)) = if threads <= 1 {
        (file_rules(), walk())
    } else {
        std::thread::scope(|scope| {
            // The walk is sequential; its thread joins the file rules when it is done.
            let walker = scope.spawn(|| {
                let walked = walk();
                (walked, file_rules())
            });
            let helpers: Vec<_> = (2..threads).map(|_| scope.spawn(file_rules)).collect();
            let mut per_file = file_rules();
            for helper in helpers {
                per_file.extend(
                    helper
                        .join()
                        .unwrap_or_else(|e| std::panic::resume_unwind(e)),
                );
            }
            let (walked, more) = walker
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            per_file.extend(more);
            (per_file, walked)
        })
    };

    let mut pending: Vec<Option<Pending>> = vec![None; count];
    for (index, state) in per_file {
        pending[index] = Some(state);
    }
    let created = LazyCreatedTables::new(project);
    let waiting: Vec<_> = pending
        .into_iter()
        .zip(from_walk)
        .zip(applied)
        .enumerate()
        .filter_map(|(index, ((state, walked), diagnostics))| {
            Some((index, state?, walked, diagnostics))
        })
        .collect();
    // Files are finished on the cores too: on one thread this was a serial tail of the
    // run (suppressions, `op-fails-on-schema`), with the other cores idle.
    let mut per_file: Vec<(&str, Vec<Finding>)> = map_in_parts(
        waiting,
        threads,
        |(index, mut state, walked, diagnostics)| {
            state.findings.extend(walked);
            for rule in enabled[index].iter().filter(|r| r.reads_catalog()) {
                state.ran.insert(rule);
            }
            let revision = &project.revisions[index];
            let found = finish(
                revision,
                source_of(index),
                state,
                enabled[index],
                &diagnostics,
                config,
                &created,
            );
            (revision.path.as_str(), found)
        },
    );
    // What loading the project reported outside the revision files' own diagnostics
    // (configuration, files that are not revisions), when no other rule reports it.
    for d in &project.diagnostics {
        let path = d.path.as_deref().unwrap_or("");
        if !config.rules_for(path).contains(Rule::ProjectProblem) {
            continue;
        }
        if let Some(f) = project_problem::finding(path, d) {
            let mut found = vec![f];
            configure_severities(&mut found, config);
            per_file.push((path, found));
        }
    }
    in_report_order(per_file)
}

/// `f` over `items`, in order, on up to `threads` threads (the calling thread one of
/// them; 0 or 1: no other), each taking an equal share of consecutive items.
fn map_in_parts<T: Send, R: Send>(
    mut items: Vec<T>,
    threads: usize,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.into_iter().map(f).collect();
    }
    let share = items.len().div_ceil(threads);
    let mut parts = Vec::with_capacity(threads);
    while items.len() > share {
        let rest = items.split_off(share);
        parts.push(std::mem::replace(&mut items, rest));
    }
    parts.push(items);
    let f = &f;
    std::thread::scope(|scope| {
        let mut parts = parts.into_iter();
        let first = parts.next().unwrap_or_default();
        let others: Vec<_> = parts
            .map(|part| scope.spawn(move || part.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut out: Vec<R> = first.into_iter().map(f).collect();
        for other in others {
            out.extend(
                other
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        out
    })
}

/// Findings come with their rule's default severity (or, for `project-problem`, the
/// severity of what was found); a configured severity replaces it.
fn configure_severities(findings: &mut [Finding], config: &Config) {
    for f in findings {
        if let Some(severity) = config.configured_severity(f.rule) {
            f.severity = severity;
        }
    }
}

/// The findings sorted by path, then position, then code: each file's sorted on its
/// own and the files put in order, rather than one sort of every finding by path (a
/// long history has ~10,000 findings, most of them in files whose paths share a long
/// prefix). Findings of the same file in several groups are merged.
fn in_report_order(mut per_file: Vec<(&str, Vec<Finding>)>) -> Vec<Finding> {
    per_file.sort_by(|a, b| a.0.cmp(b.0));
    let total = per_file.iter().map(|(_, f)| f.len()).sum();
    let mut findings: Vec<Finding> = Vec::with_capacity(total);
    let mut file_start = 0;
    let mut current = None;
    for (path, found) in per_file {
        if current != Some(path) {
            sort_file(&mut findings[file_start..]);
            file_start = findings.len();
            current = Some(path);
        }
        findings.extend(found);
    }
    sort_file(&mut findings[file_start..]);
    findings
}

/// Findings in report order (see [`in_report_order`]), whatever order they are in.
pub(crate) fn sort(findings: Vec<Finding>) -> Vec<Finding> {
    let mut by_path: HashMap<String, Vec<Finding>> = HashMap::new();
    for f in findings {
        by_path.entry(f.path.clone()).or_default().push(f);
    }
    in_report_order(
        by_path
            .iter_mut()
            .map(|(path, found)| (path.as_str(), std::mem::take(found)))
            .collect(),
    )
}

/// One file's findings by position, then code (stable: a rule's order is kept).
fn sort_file(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.range.start, a.range.end, a.code.as_str()).cmp(&(
            b.range.start,
            b.range.end,
            b.code.as_str(),
        ))
    });
}

/// What the rules found in one file, waiting for the catalog's verdict.
#[derive(Clone)]
struct Pending {
    findings: Vec<Finding>,
    ran: RuleSet,
}

/// Adds what applying the file's `upgrade()` reported, applies suppressions and the
/// configured severities.
fn finish(
    revision: &RevisionFile,
    source: &str,
    state: Pending,
    enabled: RuleSet,
    diagnostics: &[Diagnostic],
    config: &Config,
    created: &LazyCreatedTables<'_>,
) -> Vec<Finding> {
    let Pending {
        mut findings,
        mut ran,
    } = state;
    let path = revision.path.as_str();
    if enabled.contains(Rule::OpFailsOnSchema) {
        findings.extend(op_fails_on_schema::findings(revision, diagnostics, created));
        ran.insert(Rule::OpFailsOnSchema);
    }
    if source.contains("retort:") {
        let index = LineIndex::new(source);
        let mut suppressions = suppress::parse(source, &revision.python.comments, &index);
        findings = suppress::apply(findings, &mut suppressions, &index);
        findings.extend(suppress::check(path, source, &suppressions, ran, enabled));
    }
    configure_severities(&mut findings, config);
    findings
}
