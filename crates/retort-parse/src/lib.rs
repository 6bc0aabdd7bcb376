//! Python front end: Alembic revision files → Retort's IR.
//!
//! Parsing never fails: [`parse_revision`] always returns a [`RevisionFile`] (its ops,
//! and the Python-level facts the lint's hygiene rules read, from one parse), with
//! whatever could be extracted and a diagnostic for everything that could not —
//! syntax errors with the parser's message, and every step that cannot be evaluated
//! statically as an `OpKind::Opaque` at its line.
//!
//! Architecture Invariant: no IO. Other modules of the workspace (for constants
//! imported by a migration) are reached only through the [`ModuleResolver`] the
//! caller passes.

mod docstring;
mod eval;
pub mod models;
mod obj;
mod ops;
mod python;
mod schema;

use retort_ir::{BodyKind, Diagnostic, MigrationFn, RevisionFile, TextRange, Value};
use ruff_python_ast::{self as ast, Expr, PySourceType, Stmt};
use ruff_python_parser::parse_unchecked_source;

use crate::eval::{is_docstring, range_of, Evaluator};
use crate::obj::Obj;
use crate::ops::{Extractor, Flow};

pub use docstring::parse_header;
pub use models::{
    env_models, parse_model_modules, parse_models, parse_models_with, EnvModels, ModelFile,
    ModelMetadata, ModelOptions, ModelTable, SqlAlchemyVersion,
};

/// Gives access to other Python modules of the loaded workspace, for constants a
/// migration imports (`from app.db.migration import cli` → `cli.EXPAND_BRANCH`).
pub trait ModuleResolver {
    /// Whether `module` (dotted) is a module among the loaded files.
    fn is_module(&self, module: &str) -> bool;
    /// The statically known value of `name` at the top level of `module`.
    fn constant(&self, module: &str, name: &str) -> Option<Value>;
}

/// A resolver for a file read on its own: no other modules.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoModules;

impl ModuleResolver for NoModules {
    fn is_module(&self, _module: &str) -> bool {
        false
    }

    fn constant(&self, _module: &str, _name: &str) -> Option<Value> {
        None
    }
}

/// The top-level constants of a helper module (`CORE_BRANCH = "core"`), evaluated statically.
pub fn module_constants(source: &str) -> Vec<(String, Value)> {
    let parsed = parse_unchecked_source(source, PySourceType::Python);
    let mut ev = Evaluator::new(source, &NoModules);
    top_level(&mut ev, &parsed.syntax().body);
    let mut out: Vec<(String, Value)> = ev
        .globals
        .locals
        .into_iter()
        .filter_map(|(k, v)| match v {
            Obj::Value(v) if v.is_known() => Some((k, v)),
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Evaluates the module's top level: imports, constants and function definitions.
fn top_level<'a>(ev: &mut Evaluator<'a>, body: &'a [Stmt]) {
    for stmt in body {
        match stmt {
            Stmt::Import(_) | Stmt::ImportFrom(_) => ev.import(stmt),
            Stmt::Assign(a) => {
                let value = ev.eval(&a.value);
                for t in &a.targets {
                    ev.assign(t, value.clone());
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let value = ev.eval(v);
                    ev.assign(&a.target, value);
                }
            }
            Stmt::FunctionDef(f) => {
                ev.globals.locals.remove(f.name.as_str());
                ev.functions.retain(|g| g.name.as_str() != f.name.as_str());
                ev.functions.push(f);
            }
            Stmt::If(s) => {
                // `if TYPE_CHECKING:` and version guards: take the imports of every branch.
                top_level(ev, &s.body);
                for clause in &s.elif_else_clauses {
                    top_level(ev, &clause.body);
                }
            }
            Stmt::Try(t) => {
                top_level(ev, &t.body);
                for handler in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    top_level(ev, &h.body);
                }
            }
            _ => {}
        }
    }
}

/// Reads one revision file. Never fails: see [`RevisionFile::diagnostics`].
pub fn parse_revision(path: &str, source: &str, resolver: &dyn ModuleResolver) -> RevisionFile {
    let mut file = RevisionFile::new(path);
    let parsed = parse_unchecked_source(source, PySourceType::Python);
    for error in parsed.errors() {
        let range = TextRange::new(
            error.location.start().to_u32(),
            error.location.end().to_u32(),
        );
        file.diagnostics.push(
            Diagnostic::error("syntax-error", format!("SyntaxError: {}", error.error))
                .with_range(range)
                .with_help("Fix the Python syntax; Alembic cannot import this file. Retort extracted what it could."),
        );
    }
    let body = &parsed.syntax().body;
    file.python = python::collect(parsed.tokens(), body);

    if let Some(Stmt::Expr(e)) = body.first() {
        if let Expr::StringLiteral(s) = &*e.value {
            file.docstring = Some(s.value.to_str().to_owned());
            file.docstring_range = Some(range_of(s));
            file.header = parse_header(s.value.to_str());
        }
    }

    let mut ev = Evaluator::new(source, resolver);
    top_level(&mut ev, body);

    // The identifiers: the last assignment at top level wins, as in Python.
    for stmt in body {
        let (target, value) = match stmt {
            Stmt::Assign(a) if a.targets.len() == 1 => (&a.targets[0], &*a.value),
            Stmt::AnnAssign(ast::StmtAnnAssign {
                target,
                value: Some(value),
                ..
            }) => (&**target, &**value),
            _ => continue,
        };
        let Expr::Name(name) = target else { continue };
        let range = range_of(value);
        let name = name.id.as_str();
        if !matches!(
            name,
            "revision" | "down_revision" | "branch_labels" | "depends_on"
        ) {
            continue;
        }
        let evaluated = ev.eval(value);
        let strings = identifier_list(&evaluated);
        let Some(strings) = strings else {
            file.diagnostics.push(
                Diagnostic::error(
                    "unresolved-identifier",
                    format!("`{name}` is `{}`, which cannot be evaluated statically", ev.text(value)),
                )
                .with_range(range)
                .with_help(format!("Write `{name}` as a string literal (or a tuple of them), as Alembic's template does.")),
            );
            continue;
        };
        match name {
            "revision" => {
                file.revision = match evaluated {
                    Obj::Value(Value::Str(s)) => Some(s),
                    _ => {
                        file.diagnostics.push(
                            Diagnostic::error(
                                "unresolved-identifier",
                                "`revision` must be a string",
                            )
                            .with_range(range)
                            .with_help("Set `revision = \"<12 hex digits>\"`."),
                        );
                        None
                    }
                };
                file.revision_range = Some(range);
            }
            "down_revision" => {
                file.down_revisions = strings;
                file.down_revision_range = Some(range);
            }
            "branch_labels" => {
                file.branch_labels = strings;
                file.branch_labels_range = Some(range);
            }
            _ => {
                file.depends_on = strings;
                file.depends_on_range = Some(range);
            }
        }
    }

    let functions: Vec<&ast::StmtFunctionDef> = ev.functions.clone();
    for def in functions {
        let name = def.name.as_str();
        let is_engine_fn =
            (name.starts_with("upgrade_") || name.starts_with("downgrade_")) && name.len() > 9;
        if name != "upgrade" && name != "downgrade" && !is_engine_fn {
            continue;
        }
        let function = migration_fn(&mut ev, def, &mut file.diagnostics);
        match name {
            "upgrade" => file.upgrade = Some(function),
            "downgrade" => file.downgrade = Some(function),
            _ => file.engine_functions.push(function),
        }
    }
    file
}

/// A tuple, list, string or `None` of identifiers (Alembic's `util.to_tuple`).
fn identifier_list(value: &Obj) -> Option<Vec<String>> {
    match value {
        Obj::Value(Value::None) => Some(Vec::new()),
        Obj::Value(Value::Str(s)) => Some(vec![s.clone()]),
        other => other.as_str_list(),
    }
}

fn migration_fn<'a>(
    ev: &mut Evaluator<'a>,
    def: &'a ast::StmtFunctionDef,
    diagnostics: &mut Vec<Diagnostic>,
) -> MigrationFn {
    let meaningful: Vec<&Stmt> = def
        .body
        .iter()
        .filter(|s| !is_docstring(s) && !matches!(s, Stmt::Pass(_)))
        .filter(|s| !matches!(s, Stmt::Expr(e) if matches!(&*e.value, Expr::EllipsisLiteral(_))))
        .collect();
    let body = match meaningful.first() {
        None => BodyKind::Pass,
        Some(Stmt::Raise(_)) => BodyKind::Raises,
        Some(_) => BodyKind::Ops,
    };
    ev.frames.push(eval::Frame::default());
    let mut extractor = Extractor::new(ev);
    let mut ops = Vec::new();
    let flow = extractor.block(&def.body, &mut ops);
    diagnostics.append(&mut extractor.diagnostics);
    ev.frames.pop();
    if flow == Flow::Raise && body == BodyKind::Ops {
        diagnostics.push(
            Diagnostic::warning(
                "raises",
                format!(
                    "`{}()` raises after running some operations",
                    def.name.as_str()
                ),
            )
            .with_range(range_of(&def.name))
            .with_help("The operations before the `raise` run, then the migration fails, half done where DDL is not transactional: raise before any operation, or remove the `raise`."),
        );
    }
    MigrationFn {
        name: def.name.as_str().to_owned(),
        range: range_of(def),
        name_range: range_of(&def.name),
        body,
        ops,
    }
}
