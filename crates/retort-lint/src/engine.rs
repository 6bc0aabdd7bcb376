//! Running the rules over a project: revisions in graph order, each with the catalog
//! as it is before the revision (from `retort-analysis`), then suppressions and
//! configured severities.

use std::collections::HashMap;

use retort_analysis::Project;
use retort_catalog::{ApplyContext, NamingConvention};
use retort_ir::LineIndex;

use crate::checker::Checker;
use crate::config::Config;
use crate::finding::Finding;
use crate::python::PythonModule;
use crate::registry::{Rule, RuleSet};
use crate::rules::retort::op_fails_on_schema;
use crate::suppress;

/// Lints every revision file of a loaded project; findings come back sorted by path,
/// then position.
///
/// The revision graph, its problems and the catalog before each revision come from the
/// project (`retort-graph`, [`Project::catalogs_before`]). Never panics: a file that
/// cannot be followed yields fewer findings, not an error.
pub fn lint(project: &Project, config: &Config) -> Vec<Finding> {
    let ctx = ApplyContext {
        naming_convention: config
            .settings
            .naming_convention
            .as_deref()
            .map(NamingConvention::from_pairs)
            .unwrap_or_default(),
        ..ApplyContext::new(config.settings.dialect.clone())
    };
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

    // The rules that look at one revision run while the catalog before it is at hand;
    // what applying its `upgrade()` reports, and suppressions, come after.
    let mut pending: Vec<Option<Pending>> = vec![None; project.revisions.len()];
    let applied = project.catalogs_before(&ctx, |index, catalog| {
        let source = source_of(index);
        let enabled = config.rules_for(&project.revisions[index].path);
        let mut checker = Checker::new(project, index, source, catalog, &config.settings);
        let mut ran = RuleSet::empty();
        for rule in enabled.iter() {
            if matches!(
                rule,
                Rule::InvalidSuppression | Rule::UnusedSuppression | Rule::OpFailsOnSchema
            ) {
                continue;
            }
            checker.run(rule);
            ran.insert(rule);
        }
        let findings = std::mem::take(&mut checker.findings);
        // Only files with suppression comments need the Python facts again.
        let python = checker.take_python().filter(|_| source.contains("retort:"));
        pending[index] = Some(Pending {
            findings,
            python,
            ran,
            enabled,
        });
    });

    let mut findings = Vec::new();
    for (index, (state, diagnostics)) in pending.into_iter().zip(applied).enumerate() {
        let Some(state) = state else { continue };
        let revision = &project.revisions[index];
        findings.extend(finish(
            &revision.path,
            source_of(index),
            state,
            &diagnostics,
            config,
        ));
    }
    findings.sort_by(|a, b| {
        (a.path.as_str(), a.range.start, a.range.end, a.code.as_str()).cmp(&(
            b.path.as_str(),
            b.range.start,
            b.range.end,
            b.code.as_str(),
        ))
    });
    findings
}

/// What the rules found in one file, waiting for the catalog's verdict.
#[derive(Clone)]
struct Pending {
    findings: Vec<Finding>,
    python: Option<PythonModule>,
    ran: RuleSet,
    enabled: RuleSet,
}

/// Adds what applying the file's `upgrade()` reported, applies suppressions and the
/// configured severities.
fn finish(
    path: &str,
    source: &str,
    state: Pending,
    diagnostics: &[retort_ir::Diagnostic],
    config: &Config,
) -> Vec<Finding> {
    let Pending {
        mut findings,
        python,
        mut ran,
        enabled,
    } = state;
    if enabled.contains(Rule::OpFailsOnSchema) {
        findings.extend(op_fails_on_schema::findings(path, diagnostics));
        ran.insert(Rule::OpFailsOnSchema);
    }
    if source.contains("retort:") {
        let python = python.unwrap_or_else(|| PythonModule::parse(source));
        let index = LineIndex::new(source);
        let mut suppressions = suppress::parse(source, &python.comments, &index);
        findings = suppress::apply(findings, &mut suppressions, &index);
        findings.extend(suppress::check(path, source, &suppressions, ran, enabled));
    }
    for f in &mut findings {
        f.severity = config.severity(f.rule);
    }
    findings
}
