//! Running the rules over a project: revisions in graph order, each with the catalog
//! as it is before the revision, then suppressions and configured severities.

use std::collections::HashMap;

use retort_catalog::{ApplyContext, Catalog, NamingConvention, Table};
use retort_ir::{LineIndex, RevisionFile};

use crate::checker::Checker;
use crate::config::Config;
use crate::finding::Finding;
use crate::history::History;
use crate::python::PythonModule;
use crate::registry::{Rule, RuleSet};
use crate::rules::retort::op_fails_on_schema;
use crate::suppress;

/// A revision file and its source text.
#[derive(Debug, Clone, Copy)]
pub struct LintFile<'a> {
    /// The file as the front end read it.
    pub revision: &'a RevisionFile,
    /// Its source text (ranges in `revision` index into it).
    pub source: &'a str,
}

/// Lints every file; findings come back sorted by path, then position.
///
/// `history` is the revision graph of the files (see [`History::from_revisions`]).
/// Never panics: a file that cannot be followed yields fewer findings, not an error.
pub fn lint(files: &[LintFile<'_>], history: &History, config: &Config) -> Vec<Finding> {
    let ctx = ApplyContext {
        naming_convention: config
            .settings
            .naming_convention
            .as_deref()
            .map(NamingConvention::from_pairs)
            .unwrap_or_default(),
        ..ApplyContext::new(config.settings.dialect.clone())
    };
    let by_path: HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.revision.path.as_str(), i))
        .collect();
    let mut order: Vec<usize> = history
        .order
        .iter()
        .filter_map(|p| by_path.get(p.as_str()).copied())
        .collect();
    let mut seen = vec![false; files.len()];
    order.retain(|&i| !std::mem::replace(&mut seen[i], true));
    order.extend((0..files.len()).filter(|&i| !seen[i]));

    // Catalogs after each revision, kept until every child has taken its copy.
    let mut after: HashMap<String, (Catalog, usize)> = HashMap::new();
    let mut findings = Vec::new();
    for i in order {
        let file = files[i];
        let revision = file.revision;
        let mut catalog = before(revision, &mut after);
        findings.extend(lint_one(file, history, &mut catalog, &ctx, config));
        if let Some(id) = &revision.revision {
            let children = history.node(id).map_or(0, |n| n.children.len());
            if children > 0 {
                after.insert(id.clone(), (catalog, children));
            }
        }
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

/// The catalog before `revision`: its parent's catalog after it (a merge takes the
/// first parent's and adds the tables only other parents have).
fn before(revision: &RevisionFile, after: &mut HashMap<String, (Catalog, usize)>) -> Catalog {
    let mut catalog: Option<Catalog> = None;
    for parent in &revision.down_revisions {
        let Some((cat, remaining)) = after.get_mut(parent) else {
            continue;
        };
        *remaining = remaining.saturating_sub(1);
        let taken = if *remaining == 0 {
            after.remove(parent).map(|(c, _)| c)
        } else {
            Some(cat.clone())
        };
        let Some(taken) = taken else { continue };
        match &mut catalog {
            None => catalog = Some(taken),
            Some(into) => {
                for table in taken.tables() {
                    match into.table(table.schema.as_deref(), &table.name) {
                        None => {
                            into.insert_table(table.clone());
                        }
                        Some(mine) => {
                            let merged = merge_table(mine, table);
                            into.insert_table(merged);
                        }
                    }
                }
                for e in taken.enums() {
                    if into.enum_type(e.schema.as_deref(), &e.name).is_none() {
                        into.insert_enum(e.clone());
                    }
                }
            }
        }
    }
    catalog.unwrap_or_default()
}

/// Lints one file given the catalog before it; leaves the catalog as it is after the
/// file's `upgrade()`.
fn lint_one(
    file: LintFile<'_>,
    history: &History,
    catalog: &mut Catalog,
    ctx: &ApplyContext,
    config: &Config,
) -> Vec<Finding> {
    let enabled = config.rules_for(&file.revision.path);
    let mut ran = RuleSet::empty();
    let (mut findings, python) = {
        let mut checker = Checker::new(
            file.revision,
            file.source,
            history,
            catalog,
            &config.settings,
        );
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
        (std::mem::take(&mut checker.findings), checker.take_python())
    };
    let diagnostics = file
        .revision
        .upgrade
        .as_ref()
        .map(|f| catalog.apply_all(&f.ops, ctx))
        .unwrap_or_default();
    if enabled.contains(Rule::OpFailsOnSchema) {
        findings.extend(op_fails_on_schema::findings(
            &file.revision.path,
            &diagnostics,
        ));
        ran.insert(Rule::OpFailsOnSchema);
    }
    if file.source.contains("retort:") {
        let python = python.unwrap_or_else(|| PythonModule::parse(file.source));
        let index = LineIndex::new(file.source);
        let mut suppressions = suppress::parse(file.source, &python.comments, &index);
        findings = suppress::apply(findings, &mut suppressions, &index);
        findings.extend(suppress::check(
            &file.revision.path,
            file.source,
            &suppressions,
            ran,
            enabled,
        ));
    }
    for f in &mut findings {
        f.severity = config.severity(f.rule);
    }
    findings
}

/// Two branches' versions of one table at a merge: what either branch added is kept.
/// (Without the common ancestor a drop on one branch cannot be told from an addition on
/// the other; additions are by far the common case.)
fn merge_table(mine: &Table, theirs: &Table) -> Table {
    let mut out = mine.clone();
    for c in &theirs.columns {
        if out.column(&c.name).is_none() {
            out.columns.push(c.clone());
        }
    }
    for i in &theirs.indexes {
        if !out
            .indexes
            .iter()
            .any(|o| o.name == i.name && o.elements == i.elements)
        {
            out.indexes.push(i.clone());
        }
    }
    for u in &theirs.uniques {
        if !out
            .uniques
            .iter()
            .any(|o| o.name == u.name && o.columns == u.columns)
        {
            out.uniques.push(u.clone());
        }
    }
    for f in &theirs.foreign_keys {
        if !out
            .foreign_keys
            .iter()
            .any(|o| o.name == f.name && o.columns == f.columns)
        {
            out.foreign_keys.push(f.clone());
        }
    }
    for c in &theirs.checks {
        if !out
            .checks
            .iter()
            .any(|o| o.name == c.name && o.sqltext == c.sqltext)
        {
            out.checks.push(c.clone());
        }
    }
    if out.primary_key.is_none() {
        out.primary_key = theirs.primary_key.clone();
    }
    out
}
