//! Fixture revision files in, a readable rendering of the extracted IR out (insta snapshots).

use std::fmt::Write;

use retort_ir::{LineIndex, Op, OpKind, RevisionFile, Value};
use retort_parse::{module_constants, parse_revision, ModuleResolver};

/// Stands in for `app/db/migration/cli.py` being among the loaded files.
struct CliModule(Vec<(String, Value)>);

impl ModuleResolver for CliModule {
    fn is_module(&self, module: &str) -> bool {
        module == "app.db.migration.cli"
    }

    fn constant(&self, module: &str, name: &str) -> Option<Value> {
        (module == "app.db.migration.cli").then(|| {
            self.0
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })?
    }
}

/// Plain `bool` fields whose `false` is the default, left out of snapshots.
const DEFAULT_FALSE: &[&str] = &[
    "primary_key",
    "if_exists",
    "if_not_exists",
    "concurrently",
    "is_final",
    "use_alter",
    "always",
];

/// Compact JSON: defaults (null, false, empty lists, "auto") and nested ranges are left out.
fn compact<T: serde::Serialize>(value: &T) -> String {
    fn prune(v: serde_json::Value) -> Option<serde_json::Value> {
        use serde_json::Value as J;
        match v {
            J::Null => None,
            J::Array(a) if a.is_empty() => None,
            J::String(s) if s == "auto" => None,
            J::Array(a) => Some(J::Array(
                a.into_iter().map(|v| prune(v).unwrap_or(J::Null)).collect(),
            )),
            J::Object(o) => Some(J::Object(
                o.into_iter()
                    .filter(|(k, v)| {
                        k != "range"
                            && !(DEFAULT_FALSE.contains(&k.as_str()) && *v == J::Bool(false))
                    })
                    .filter_map(|(k, v)| prune(v).map(|v| (k, v)))
                    .collect(),
            )),
            other => Some(other),
        }
    }
    serde_json::to_value(value)
        .ok()
        .and_then(prune)
        .map(|v| v.to_string())
        .unwrap_or_default()
}

fn render(file: &RevisionFile, source: &str) -> String {
    let index = LineIndex::new(source);
    let at = |offset: u32| {
        let lc = index.line_col(source, offset);
        format!("{}:{}", lc.line, lc.column)
    };
    let mut out = String::new();
    let _ = writeln!(out, "revision: {:?}", file.revision);
    let _ = writeln!(out, "down_revisions: {:?}", file.down_revisions);
    let _ = writeln!(out, "branch_labels: {:?}", file.branch_labels);
    let _ = writeln!(out, "depends_on: {:?}", file.depends_on);
    let _ = writeln!(out, "doc: {:?}", file.doc());
    let _ = writeln!(out, "header: {:?}", file.header);
    let functions = file
        .upgrade
        .iter()
        .chain(&file.downgrade)
        .chain(&file.engine_functions);
    for f in functions {
        let _ = writeln!(
            out,
            "def {} @{} ({:?}):",
            f.name,
            at(f.name_range.start),
            f.body
        );
        fn ops(out: &mut String, list: &[Op], depth: usize, at: &dyn Fn(u32) -> String) {
            for op in list {
                let pad = "  ".repeat(depth);
                match &op.kind {
                    OpKind::Batch { ops: inner, .. } | OpKind::AutocommitBlock { ops: inner } => {
                        let mut head = op.kind.clone();
                        if let OpKind::Batch { ops, .. } | OpKind::AutocommitBlock { ops } =
                            &mut head
                        {
                            ops.clear();
                        }
                        let _ = writeln!(out, "{pad}  {} {}", at(op.range.start), compact(&head));
                        ops(out, inner, depth + 2, at);
                    }
                    OpKind::Conditional {
                        cond,
                        then,
                        otherwise,
                    } => {
                        let _ = writeln!(out, "{pad}  {} if {}", at(op.range.start), compact(cond));
                        ops(out, then, depth + 2, at);
                        let _ = writeln!(out, "{pad}  else");
                        ops(out, otherwise, depth + 2, at);
                    }
                    kind => {
                        let _ = writeln!(out, "{pad}  {} {}", at(op.range.start), compact(kind));
                    }
                }
            }
        }
        ops(&mut out, &f.ops, 0, &at);
    }
    for d in &file.diagnostics {
        let where_ = d.range.map(|r| at(r.start)).unwrap_or_default();
        let _ = writeln!(
            out,
            "{:?} {} @{}: {}",
            d.severity, d.code, where_, d.message
        );
    }
    out
}

fn check(name: &str) {
    let path = format!("{}/tests/fixtures/{name}.py", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let resolver = CliModule(module_constants(
        "EXPAND_BRANCH = 'expand'\nCONTRACT_BRANCH = 'contract'\n",
    ));
    let file = parse_revision(&format!("versions/{name}.py"), &source, &resolver);
    insta::assert_snapshot!(name, render(&file, &source));
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check(stringify!($name)); })*
    };
}

fixtures!(
    template_untyped,
    template_typed,
    template_multidb,
    ops_tables,
    ops_columns,
    ops_constraints,
    ops_batch,
    ops_misc,
    static_eval,
    static_eval_url,
    static_eval_inspector,
    static_eval_early_return,
    opaque,
    broken_syntax,
    no_revision,
);
