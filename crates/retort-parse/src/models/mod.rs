//! SQLAlchemy models → tables, read statically.
//!
//! [`parse_models`] reads one Python module of models and returns the tables SQLAlchemy
//! would put on the `MetaData`: declarative classes (classic `Column(...)`, 2.0
//! `Mapped[...]` with or without `mapped_column(...)`, `__tablename__`,
//! `__table_args__` in tuple and dict forms, `__table__`), mixins and abstract bases
//! (their columns copied to each mapped subclass, after the class's own), single-table
//! inheritance (subclass columns added to the parent's table), `Table("name",
//! metadata, …)`, `MetaData(naming_convention=…)`, `registry(type_annotation_map=…)`,
//! `Annotated[...]` aliases, Python `enum.Enum` classes and `Literal[...]`, and SQLModel
//! `table=True` classes. `relationship()` and other ORM-only attributes are ignored.
//!
//! Types come from annotations as SQLAlchemy resolves them (see [`ModelOptions`]).
//! What cannot be known statically — a type from a third-party package, a base class
//! from another module — is a diagnostic at its line; such a column keeps no type
//! (SQLAlchemy's `NullType`), which autogenerate does not compare.

mod annotation;
mod sqlmodel;

use std::collections::HashMap;

use retort_ir::{
    Autoincrement, Column, Constraint, Diagnostic, Index, IndexElement, Op, OpKind, SqlType,
    TableDef, TextRange, Value,
};
use ruff_python_ast::{self as ast, Expr, PySourceType, Stmt};
use ruff_python_parser::{parse_expression, parse_unchecked_source};
use serde::{Deserialize, Serialize};

use self::annotation::{enum_type, resolve, Ann};
use self::sqlmodel::FieldDecl;
use crate::eval::{is_docstring, range_of, Evaluator, Frame};
use crate::obj::Obj;
use crate::schema;
use crate::ModuleResolver;

/// How deep alias and annotation resolution may recurse.
const MAX_DEPTH: usize = 24;

/// Which SQLAlchemy resolves the annotations: the default type for `float` changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SqlAlchemyVersion {
    /// SQLAlchemy 2.0: `float` → `Float`.
    V2_0,
    /// SQLAlchemy 2.1: `float` → `Double`.
    #[default]
    V2_1,
}

/// What reading models depends on besides the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ModelOptions {
    /// The SQLAlchemy whose annotation rules apply.
    pub sqlalchemy: SqlAlchemyVersion,
}

/// A `MetaData` collection the models put tables on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelMetadata {
    /// How the file names it: `metadata`, `Base.metadata`, `SQLModel.metadata`.
    pub name: String,
    /// `naming_convention=` as key / template pairs; `None` for SQLAlchemy's default.
    pub naming_convention: Option<Vec<(String, String)>>,
    /// Defined in another module (an imported declarative base): its naming convention
    /// is not known from this file.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
}

/// One table the models define.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelTable {
    /// Table name.
    pub name: String,
    /// `schema=`.
    pub schema: Option<String>,
    /// Columns in table order (a mapped class's own, then its mixins', then those of
    /// single-table-inheritance subclasses).
    pub columns: Vec<Column>,
    /// Table-level constraints (`__table_args__`, `Table(...)` items).
    pub constraints: Vec<Constraint>,
    /// `Index(...)` objects of the table.
    pub indexes: Vec<Index>,
    /// `comment=`.
    pub comment: Option<String>,
    /// Dialect keyword arguments (`mysql_engine`, `sqlite_autoincrement`, …).
    pub kwargs: Vec<(String, Value)>,
    /// The mapped class, or `None` for a `Table(...)`.
    pub class_name: Option<String>,
    /// Index into [`ModelFile::metadata`].
    pub metadata: usize,
    /// Where the class or `Table(...)` is written.
    pub range: TextRange,
}

impl ModelTable {
    /// The `op.create_table(...)` that creates this table.
    pub fn create_table_op(&self) -> Op {
        Op {
            kind: OpKind::CreateTable {
                table: self.name.clone(),
                schema: self.schema.clone(),
                columns: self.columns.clone(),
                constraints: self.constraints.clone(),
                indexes: self.indexes.clone(),
                comment: self.comment.clone(),
                if_not_exists: false,
                kwargs: self.kwargs.clone(),
            },
            range: self.range,
        }
    }

    /// The table as an IR [`TableDef`].
    pub fn table_def(&self) -> TableDef {
        TableDef {
            name: self.name.clone(),
            schema: self.schema.clone(),
            columns: self.columns.clone(),
            constraints: self.constraints.clone(),
            indexes: self.indexes.clone(),
        }
    }
}

/// A module of models, read statically.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFile {
    /// Path as the user gave it.
    pub path: String,
    /// The `MetaData` collections, in the order they appear.
    pub metadata: Vec<ModelMetadata>,
    /// Tables in definition order.
    pub tables: Vec<ModelTable>,
    /// What could not be read, with lines.
    pub diagnostics: Vec<Diagnostic>,
}

impl ModelFile {
    /// The naming convention of the first `MetaData` that has tables (or of the first
    /// one declared, for a module that only declares the base).
    pub fn naming_convention(&self) -> Option<&[(String, String)]> {
        let with_tables = self
            .tables
            .first()
            .and_then(|t| self.metadata.get(t.metadata));
        with_tables
            .or_else(|| self.metadata.iter().find(|m| !m.external))
            .and_then(|m| m.naming_convention.as_deref())
    }
}

/// Reads a module of SQLAlchemy models with SQLAlchemy 2.1's rules. Never fails.
pub fn parse_models(path: &str, source: &str, resolver: &dyn ModuleResolver) -> ModelFile {
    parse_models_with(path, source, resolver, ModelOptions::default())
}

/// Reads a module of SQLAlchemy models. Never fails: see [`ModelFile::diagnostics`].
pub fn parse_models_with(
    path: &str,
    source: &str,
    resolver: &dyn ModuleResolver,
    options: ModelOptions,
) -> ModelFile {
    parse_model_modules(&[(path, source)], resolver, options)
        .pop()
        .unwrap_or_else(|| ModelFile {
            path: path.to_owned(),
            metadata: Vec::new(),
            tables: Vec::new(),
            diagnostics: Vec::new(),
        })
}

/// The dotted module name of a workspace path: `app/models/user.py` → `app.models.user`,
/// `app/models/__init__.py` → `app.models`.
fn module_name(path: &str) -> String {
    let stem = path.strip_suffix(".py").unwrap_or(path);
    let stem = stem.strip_suffix("/__init__").unwrap_or(stem);
    stem.trim_start_matches("./").replace('/', ".")
}

/// The modules a module imports (`from m import …`, `import m`), relative ones resolved.
fn imported_modules(module: &str, body: &[Stmt]) -> Vec<String> {
    let mut out = Vec::new();
    for stmt in body {
        match stmt {
            Stmt::ImportFrom(imp) => {
                let written = imp
                    .module
                    .as_ref()
                    .map(|m| m.to_string())
                    .unwrap_or_default();
                if imp.level > 0 {
                    let mut parts: Vec<&str> = module.split('.').collect();
                    for _ in 0..imp.level {
                        parts.pop();
                    }
                    let mut base = parts.join(".");
                    if !written.is_empty() {
                        if !base.is_empty() {
                            base.push('.');
                        }
                        base.push_str(&written);
                    }
                    out.push(base);
                } else {
                    out.push(written);
                }
            }
            Stmt::Import(imp) => out.extend(imp.names.iter().map(|a| a.name.to_string())),
            Stmt::If(s) => {
                out.extend(imported_modules(module, &s.body));
                for clause in &s.elif_else_clauses {
                    out.extend(imported_modules(module, &clause.body));
                }
            }
            Stmt::Try(t) => out.extend(imported_modules(module, &t.body)),
            _ => {}
        }
    }
    out
}

/// What an Alembic `env.py` says about the models, statically.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EnvModels {
    /// The source text of `target_metadata = …`, when assigned; `None` when not.
    pub target_metadata: Option<String>,
    /// `target_metadata = None`: autogenerate cannot run.
    pub target_is_none: bool,
    /// Every module `env.py` imports (relative imports kept as written), in order.
    pub imports: Vec<String>,
}

/// Reads `env.py` for its `target_metadata` and imports (where the models are).
pub fn env_models(source: &str) -> EnvModels {
    let parsed = parse_unchecked_source(source, PySourceType::Python);
    let body = &parsed.syntax().body;
    let mut out = EnvModels {
        imports: imported_modules("", body),
        ..EnvModels::default()
    };
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
        if matches!(target, Expr::Name(n) if n.id.as_str() == "target_metadata") {
            let range = range_of(value);
            out.target_metadata = source
                .get(range.start as usize..range.end as usize)
                .map(str::to_owned);
            out.target_is_none = matches!(value, Expr::NoneLiteral(_));
        }
    }
    out.imports.retain(|m| !m.is_empty());
    out
}

/// Reads a set of model modules (`(path, source)` pairs) as one program: a module sees
/// the declarative bases, mixins, enums, `MetaData`s and registries of the modules it
/// imports, which are read first. Every returned file shares the same
/// [`ModelFile::metadata`] list. Never fails.
pub fn parse_model_modules(
    modules: &[(&str, &str)],
    resolver: &dyn ModuleResolver,
    options: ModelOptions,
) -> Vec<ModelFile> {
    let parsed: Vec<_> = modules
        .iter()
        .map(|(_, source)| parse_unchecked_source(source, PySourceType::Python))
        .collect();
    let names: Vec<String> = modules.iter().map(|(p, _)| module_name(p)).collect();
    let matches = |imported: &str, name: &str| {
        !imported.is_empty()
            && (name == imported
                || name.ends_with(&format!(".{imported}"))
                || imported.ends_with(&format!(".{name}")))
    };
    let deps: Vec<Vec<usize>> = parsed
        .iter()
        .zip(&names)
        .enumerate()
        .map(|(i, (p, name))| {
            let imported = imported_modules(name, &p.syntax().body);
            names
                .iter()
                .enumerate()
                .filter(|(j, other)| *j != i && imported.iter().any(|m| matches(m, other)))
                .map(|(j, _)| j)
                .collect()
        })
        .collect();
    // Dependencies first; ties (and cycles) in the given order.
    let mut order: Vec<usize> = Vec::new();
    let mut pending: Vec<usize> = (0..modules.len()).collect();
    while let Some(&first) = pending.first() {
        let ready: Vec<usize> = pending
            .iter()
            .copied()
            .filter(|&i| {
                deps.get(i)
                    .is_none_or(|d| d.iter().all(|d| order.contains(d)))
            })
            .collect();
        let ready = if ready.is_empty() { vec![first] } else { ready };
        pending.retain(|i| !ready.contains(i));
        order.extend(ready);
    }

    let mut shared = Shared::default();
    let mut results: Vec<Option<(Vec<ModelTable>, Vec<Diagnostic>)>> =
        (0..modules.len()).map(|_| None).collect();
    for i in order {
        let (Some((path, source)), Some(parsed), Some(name)) =
            (modules.get(i), parsed.get(i), names.get(i))
        else {
            continue;
        };
        let mut walker = Walker::new(source, resolver, options, name, shared);
        for error in parsed.errors() {
            let range = TextRange::new(
                error.location.start().to_u32(),
                error.location.end().to_u32(),
            );
            walker.diagnostics.push(
                Diagnostic::error("syntax-error", format!("SyntaxError: {}", error.error))
                    .with_range(range)
                    .with_help("Fix the Python syntax; SQLAlchemy cannot import this module. Retort read what it could."),
            );
        }
        walker.block(&parsed.syntax().body);
        walker.attach_module_indexes();
        let (next, tables, diagnostics) = walker.into_shared();
        shared = next;
        if let Some(slot) = results.get_mut(i) {
            *slot = Some((
                tables,
                diagnostics
                    .into_iter()
                    .map(|d| d.with_path(*path))
                    .collect(),
            ));
        }
    }
    modules
        .iter()
        .zip(results)
        .map(|((path, _), r)| {
            let (tables, diagnostics) = r.unwrap_or_default();
            ModelFile {
                path: (*path).to_owned(),
                metadata: shared.metadata.clone(),
                tables,
                diagnostics,
            }
        })
        .collect()
}

/// A `registry`: its type map and its `MetaData`.
#[derive(Debug, Clone)]
struct Registry {
    type_map: Vec<(String, SqlType)>,
    metadata: usize,
}

/// Module-level objects the evaluator has no form for.
#[derive(Debug, Clone, Copy)]
enum Sym {
    MetaData(usize),
    Registry(usize),
    /// A declarative base made by `declarative_base()` / `registry.generate_base()`.
    Base(usize),
}

/// What a class is.
#[derive(Debug, Clone)]
enum Kind {
    /// An `enum.Enum` subclass and its member names.
    Enum(Vec<String>),
    /// A declarative base (`DeclarativeBase` subclass) and its registry.
    Base(usize),
    /// A mapped class (or an `__abstract__` one: no table) and its registry.
    Mapped {
        registry: usize,
        table: Option<usize>,
    },
    /// A SQLModel class; `table` when `table=True`.
    SqlModel { table: Option<usize> },
    /// A mapped class of another module of the set: its table is not this file's.
    MappedElsewhere { registry: usize },
    /// Anything else: a mixin.
    Plain,
}

/// How a mapped attribute is declared.
#[derive(Debug, Clone)]
enum DeclValue {
    /// `x = Column(...)`: used as is, the annotation is not consulted.
    Classic(Box<Column>),
    /// `x: Mapped[T] = mapped_column(...)` or `x: Mapped[T]`.
    Mapped(Option<Box<Column>>),
    /// SQLModel `x: T = Field(...)` / `x: T`.
    Field(Box<FieldDecl>),
}

/// One column attribute of a class body.
#[derive(Debug, Clone)]
struct Decl {
    attr: String,
    ann: Option<Ann>,
    value: DeclValue,
    range: TextRange,
}

#[derive(Debug, Clone)]
struct ClassInfo {
    kind: Kind,
    /// Local classes among the bases, in order.
    bases: Vec<String>,
    decls: Vec<Decl>,
    table_args: Option<Obj>,
    tablename: Option<TableName>,
}

/// What a model-level expression evaluates to.
enum MVal {
    /// A column; `true` for `mapped_column()`.
    Column(Box<Column>, bool),
    /// `relationship()` and other attributes that make no column.
    Skip,
    Field(Box<FieldDecl>),
    MetaData(usize),
    Registry(usize),
    Base(usize),
    Table(Box<ModelTable>),
    Obj(Obj),
}

struct Walker<'a> {
    ev: Evaluator<'a>,
    options: ModelOptions,
    classes: HashMap<String, ClassInfo>,
    /// Module-level assignments, for aliases (`str50 = Annotated[str, 50]`) and maps.
    exprs: HashMap<String, &'a Expr>,
    syms: HashMap<String, Sym>,
    registries: Vec<Registry>,
    metadata: Vec<ModelMetadata>,
    tables: Vec<ModelTable>,
    /// `Index(...)` written at module level, attached to their table at the end.
    module_indexes: Vec<(Index, TextRange)>,
    /// The registry of classes whose declarative base is imported from elsewhere.
    external_registry: Option<usize>,
    /// The registry of SQLModel table classes.
    sqlmodel_registry: Option<usize>,
    diagnostics: Vec<Diagnostic>,
    depth: usize,
    /// This module's dotted name (for relative imports and exports).
    module: String,
    /// Classes and objects of the modules read before this one.
    exports: Vec<Export>,
}

/// A class or model-level object a module defines, for the modules that import it.
#[derive(Debug, Clone)]
struct Export {
    module: String,
    name: String,
    item: ExportItem,
}

#[derive(Debug, Clone)]
enum ExportItem {
    Class(Box<ClassInfo>),
    Sym(Sym),
}

/// What the modules of a set share: registries, `MetaData`s and their exports.
#[derive(Debug, Default)]
struct Shared {
    registries: Vec<Registry>,
    metadata: Vec<ModelMetadata>,
    external_registry: Option<usize>,
    sqlmodel_registry: Option<usize>,
    exports: Vec<Export>,
}

/// Paths of the declarative base classes.
const DECLARATIVE_BASES: &[&str] = &[
    "sqlalchemy.orm.DeclarativeBase",
    "sqlalchemy.orm.DeclarativeBaseNoMeta",
    "sqlalchemy.orm.decl_api.DeclarativeBase",
    "sqlalchemy.orm.decl_api.DeclarativeBaseNoMeta",
];

/// Paths of `enum` base classes.
const ENUM_BASES: &[&str] = &[
    "enum.Enum",
    "enum.IntEnum",
    "enum.StrEnum",
    "enum.Flag",
    "enum.IntFlag",
];

/// `mapped_column()` / `Column()` keywords that never reach DDL.
const ORM_ONLY_KWARGS: &[&str] = &[
    "init",
    "repr",
    "default_factory",
    "compare",
    "kw_only",
    "hash",
    "dataclass_metadata",
    "deferred",
    "deferred_group",
    "deferred_raiseload",
    "use_existing_column",
    "insert_default",
    "sort_order",
    "active_history",
    "doc",
    "info",
    "key",
    "quote",
    "system",
    "onupdate",
    "server_onupdate",
    "insert_sentinel",
    "_omit_from_statements",
];

/// Python builtins that are types.
const BUILTIN_TYPES: &[&str] = &[
    "int",
    "str",
    "float",
    "bool",
    "bytes",
    "bytearray",
    "list",
    "dict",
    "set",
    "frozenset",
    "tuple",
    "object",
];

/// Whether `key` is a dialect-specific keyword (`postgresql_using`, `mysql_engine`).
fn is_dialect_kwarg(key: &str) -> bool {
    const DIALECTS: &[&str] = &[
        "postgresql_",
        "mysql_",
        "mariadb_",
        "sqlite_",
        "mssql_",
        "oracle_",
    ];
    DIALECTS.iter().any(|d| key.starts_with(d))
}

/// The last component of a dotted path.
fn last(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

impl<'a> Walker<'a> {
    fn new(
        source: &'a str,
        resolver: &'a dyn ModuleResolver,
        options: ModelOptions,
        module: &str,
        shared: Shared,
    ) -> Self {
        Self {
            ev: Evaluator::new(source, resolver),
            options,
            classes: HashMap::new(),
            exprs: HashMap::new(),
            syms: HashMap::new(),
            registries: shared.registries,
            metadata: shared.metadata,
            tables: Vec::new(),
            module_indexes: Vec::new(),
            external_registry: shared.external_registry,
            sqlmodel_registry: shared.sqlmodel_registry,
            diagnostics: Vec::new(),
            depth: 0,
            module: module.to_owned(),
            exports: shared.exports,
        }
    }

    /// Hands the shared state on, with this module's classes and objects exported.
    fn into_shared(mut self) -> (Shared, Vec<ModelTable>, Vec<Diagnostic>) {
        let module = self.module.clone();
        for (name, mut info) in std::mem::take(&mut self.classes) {
            info.kind = match info.kind {
                Kind::Mapped {
                    registry,
                    table: Some(_),
                } => Kind::MappedElsewhere { registry },
                Kind::SqlModel { table: Some(_) } => Kind::MappedElsewhere {
                    registry: self.sqlmodel_registry.unwrap_or(0),
                },
                other => other,
            };
            self.exports.push(Export {
                module: module.clone(),
                name,
                item: ExportItem::Class(Box::new(info)),
            });
        }
        for (name, sym) in std::mem::take(&mut self.syms) {
            self.exports.push(Export {
                module: module.clone(),
                name,
                item: ExportItem::Sym(sym),
            });
        }
        (
            Shared {
                registries: self.registries,
                metadata: self.metadata,
                external_registry: self.external_registry,
                sqlmodel_registry: self.sqlmodel_registry,
                exports: self.exports,
            },
            self.tables,
            self.diagnostics,
        )
    }

    /// `from m import n [as a]` of a class or object another module of the set defines.
    fn bind_imports(&mut self, stmt: &Stmt) {
        let Stmt::ImportFrom(imp) = stmt else { return };
        let written = imp.module.as_ref().map(|m| m.as_str()).unwrap_or("");
        let module = if imp.level > 0 {
            let mut parts: Vec<&str> = self.module.split('.').collect();
            for _ in 0..imp.level {
                parts.pop();
            }
            let mut base = parts.join(".");
            if !written.is_empty() {
                if !base.is_empty() {
                    base.push('.');
                }
                base.push_str(written);
            }
            base
        } else {
            written.to_owned()
        };
        if module.is_empty() {
            return;
        }
        for alias in &imp.names {
            let name = alias.name.as_str();
            let bound = alias.asname.as_ref().map_or(name, |a| a.as_str());
            let found = self.exports.iter().rev().find(|e| {
                e.name == name
                    && (e.module == module
                        || e.module.ends_with(&format!(".{module}"))
                        || module.ends_with(&format!(".{}", e.module)))
            });
            match found.map(|e| e.item.clone()) {
                Some(ExportItem::Class(info)) => {
                    self.classes.insert(bound.to_owned(), *info);
                }
                Some(ExportItem::Sym(sym)) => {
                    self.syms.insert(bound.to_owned(), sym);
                }
                None => {}
            }
        }
    }

    fn warn(&mut self, code: &str, range: TextRange, message: String, help: &str) {
        self.diagnostics.push(
            Diagnostic::warning(code, message)
                .with_range(range)
                .with_help(help),
        );
    }

    fn new_metadata(&mut self, name: &str, convention: Option<Vec<(String, String)>>) -> usize {
        self.metadata.push(ModelMetadata {
            name: name.to_owned(),
            naming_convention: convention,
            external: false,
        });
        self.metadata.len() - 1
    }

    fn new_registry(&mut self, metadata: usize, type_map: Vec<(String, SqlType)>) -> usize {
        self.registries.push(Registry { type_map, metadata });
        self.registries.len() - 1
    }

    fn external_registry(&mut self) -> usize {
        if let Some(r) = self.external_registry {
            return r;
        }
        self.metadata.push(ModelMetadata {
            name: "(imported base).metadata".to_owned(),
            naming_convention: None,
            external: true,
        });
        let md = self.metadata.len() - 1;
        let r = self.new_registry(md, Vec::new());
        self.external_registry = Some(r);
        r
    }

    // ---- module level -------------------------------------------------------------

    fn block(&mut self, body: &'a [Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    fn stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(_) | Stmt::ImportFrom(_) => {
                self.ev.import(stmt);
                self.bind_imports(stmt);
            }
            Stmt::Assign(a) => {
                for target in &a.targets {
                    if let Expr::Name(n) = target {
                        self.exprs.insert(n.id.to_string(), &a.value);
                    }
                }
                if let [target] = a.targets.as_slice() {
                    if self.metadata_assignment(target, &a.value) {
                        return;
                    }
                }
                let value = self.value(&a.value);
                for target in &a.targets {
                    self.assign(target, &value, range_of(stmt));
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    if let Expr::Name(n) = &*a.target {
                        self.exprs.insert(n.id.to_string(), v);
                    }
                    let value = self.value(v);
                    self.assign(&a.target, &value, range_of(stmt));
                }
            }
            Stmt::TypeAlias(t) => {
                if let Expr::Name(n) = &*t.name {
                    self.exprs.insert(n.id.to_string(), &t.value);
                }
            }
            Stmt::Expr(e) => {
                if let MVal::Obj(Obj::Index(index)) = self.value(&e.value) {
                    self.module_indexes.push((*index, range_of(stmt)));
                }
            }
            Stmt::FunctionDef(f) => {
                self.ev.globals.locals.remove(f.name.as_str());
                self.ev
                    .functions
                    .retain(|g| g.name.as_str() != f.name.as_str());
                self.ev.functions.push(f);
            }
            Stmt::ClassDef(c) => self.class(c),
            Stmt::If(s) => {
                // `if TYPE_CHECKING:` and version guards: every branch.
                self.block(&s.body);
                for clause in &s.elif_else_clauses {
                    self.block(&clause.body);
                }
            }
            Stmt::Try(t) => {
                self.block(&t.body);
                for handler in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    self.block(&h.body);
                }
                self.block(&t.orelse);
                self.block(&t.finalbody);
            }
            _ => {}
        }
    }

    /// `Base.metadata = MetaData(...)`, `SQLModel.metadata.naming_convention = {...}`.
    fn metadata_assignment(&mut self, target: &Expr, value: &Expr) -> bool {
        let Expr::Attribute(attr) = target else {
            return false;
        };
        let (owner, setting_convention) = match (&*attr.value, attr.attr.as_str()) {
            (Expr::Attribute(inner), "naming_convention") if inner.attr.as_str() == "metadata" => {
                (&*inner.value, true)
            }
            (owner, "metadata") => (owner, false),
            _ => return false,
        };
        let Some(md) = self.metadata_of(owner) else {
            return false;
        };
        if setting_convention {
            let obj = self.ev.eval(value);
            let convention = convention_pairs(&obj.into_value());
            if let Some(m) = self.metadata.get_mut(md) {
                m.naming_convention = convention;
            }
        } else if let MVal::MetaData(new) = self.value(value) {
            let convention = self
                .metadata
                .get(new)
                .and_then(|m| m.naming_convention.clone());
            if let Some(m) = self.metadata.get_mut(md) {
                m.naming_convention = convention;
            }
        }
        true
    }

    /// The `MetaData` of `Base` / `SQLModel` / a registry named by `owner`.
    fn metadata_of(&mut self, owner: &Expr) -> Option<usize> {
        if let Expr::Name(n) = owner {
            let name = n.id.as_str();
            match self.syms.get(name).copied() {
                Some(Sym::Base(r) | Sym::Registry(r)) => {
                    return self.registries.get(r).map(|r| r.metadata)
                }
                Some(Sym::MetaData(m)) => return Some(m),
                None => {}
            }
            if let Some(ClassInfo {
                kind:
                    Kind::Base(r)
                    | Kind::Mapped { registry: r, .. }
                    | Kind::MappedElsewhere { registry: r },
                ..
            }) = self.classes.get(name)
            {
                let r = *r;
                return self.registries.get(r).map(|r| r.metadata);
            }
        }
        match self.ev.eval(owner) {
            Obj::Path(p) if p == "sqlmodel.SQLModel" || p == "sqlmodel.main.SQLModel" => {
                let r = self.sqlmodel_registry();
                self.registries.get(r).map(|r| r.metadata)
            }
            _ => None,
        }
    }

    fn sqlmodel_registry(&mut self) -> usize {
        if let Some(r) = self.sqlmodel_registry {
            return r;
        }
        let md = self.new_metadata("SQLModel.metadata", None);
        let r = self.new_registry(md, Vec::new());
        self.sqlmodel_registry = Some(r);
        r
    }

    fn assign(&mut self, target: &Expr, value: &MVal, range: TextRange) {
        let Expr::Name(n) = target else {
            if let MVal::Obj(obj) = value {
                self.ev.assign(target, obj.clone());
            }
            return;
        };
        let name = n.id.as_str();
        self.syms.remove(name);
        match value {
            MVal::MetaData(m) => {
                if let Some(md) = self.metadata.get_mut(*m) {
                    if md.name.is_empty() {
                        md.name = name.to_owned();
                    }
                }
                self.syms.insert(name.to_owned(), Sym::MetaData(*m));
            }
            MVal::Registry(r) => {
                self.syms.insert(name.to_owned(), Sym::Registry(*r));
            }
            MVal::Base(r) => {
                self.syms.insert(name.to_owned(), Sym::Base(*r));
            }
            MVal::Table(table) => {
                let mut table = (**table).clone();
                table.range = range;
                self.ev.bind(name, Obj::Table(Box::new(table.table_def())));
                self.tables.push(table);
            }
            MVal::Obj(obj) => self.ev.bind(name, obj.clone()),
            MVal::Column(c, _) => self.ev.bind(name, Obj::Column(c.clone())),
            MVal::Skip | MVal::Field(_) => self.ev.bind(name, Obj::Unknown(name.to_owned())),
        }
    }

    /// Module-level `Index("ix", User.name)` / `Index("ix", users.c.name)`: attached to the
    /// table its columns name.
    fn attach_module_indexes(&mut self) {
        let names: Vec<String> = self.tables.iter().map(|t| t.name.clone()).collect();
        for (mut index, range) in std::mem::take(&mut self.module_indexes) {
            let mut table: Option<String> = None;
            let mut ok = true;
            for element in &mut index.elements {
                match element {
                    IndexElement::Column(c) => match c.split_once('.') {
                        Some((t, col)) if table.as_deref().is_none_or(|have| have == t) => {
                            table = Some(t.to_owned());
                            *c = col.to_owned();
                        }
                        _ => ok = false,
                    },
                    // `func.lower(users.c.email)` evaluates its column to the string
                    // 'users.email': make it the column again.
                    IndexElement::Expression(sql) => {
                        for t in &names {
                            let quoted = format!("'{t}.");
                            while let Some(at) = sql.find(&quoted) {
                                let rest = &sql[at + quoted.len()..];
                                let Some(end) = rest.find('\'') else { break };
                                let col = rest[..end].to_owned();
                                sql.replace_range(at..at + quoted.len() + end + 1, &col);
                                if table.as_deref().is_some_and(|have| have != t) {
                                    ok = false;
                                }
                                table = Some(t.clone());
                            }
                        }
                    }
                }
            }
            let target = table
                .filter(|_| ok)
                .and_then(|t| self.tables.iter_mut().find(|m| m.name == t));
            match target {
                Some(t) => {
                    index.table = t.name.clone();
                    t.indexes.push(index);
                }
                None => self.warn(
                    "unattached-index",
                    range,
                    "this Index names no column of a known table; Retort cannot tell which table it is on".to_owned(),
                    "Write the columns as `Model.column` or `table.c.column`, or put the Index in __table_args__.",
                ),
            }
        }
    }

    // ---- expressions ---------------------------------------------------------------

    /// Evaluates an expression that may build a model-level object.
    fn value(&mut self, expr: &Expr) -> MVal {
        if let Expr::Name(n) = expr {
            match self.syms.get(n.id.as_str()).copied() {
                Some(Sym::MetaData(m)) => return MVal::MetaData(m),
                Some(Sym::Registry(r)) => return MVal::Registry(r),
                Some(Sym::Base(r)) => return MVal::Base(r),
                None => {}
            }
        }
        let Expr::Call(call) = expr else {
            return MVal::Obj(self.ev.eval(expr));
        };
        if let Expr::Attribute(a) = &*call.func {
            if let Expr::Name(n) = &*a.value {
                if let Some(Sym::Registry(r)) = self.syms.get(n.id.as_str()).copied() {
                    if a.attr.as_str() == "generate_base" {
                        return MVal::Base(r);
                    }
                }
            }
        }
        let Obj::Path(path) = self.ev.eval(&call.func) else {
            return MVal::Obj(self.ev.eval(expr));
        };
        let is_sa = path.starts_with("sqlalchemy.");
        let is_sqlmodel = path.starts_with("sqlmodel.");
        let range = range_of(call);
        match last(&path) {
            "mapped_column" if is_sa => MVal::Column(Box::new(self.mapped_column(call)), true),
            "Column" if is_sa => match self.ev.eval(expr) {
                Obj::Column(c) => MVal::Column(c, false),
                other => MVal::Obj(other),
            },
            "deferred" | "column_property" if is_sa => match call.arguments.args.first() {
                Some(first) => match self.value(first) {
                    col @ MVal::Column(..) => col,
                    _ => MVal::Skip,
                },
                None => MVal::Skip,
            },
            "relationship" | "backref" | "synonym" | "composite" | "query_expression"
            | "dynamic_loader" | "association_proxy" | "column_property" | "hybrid_property"
            | "write_only" => MVal::Skip,
            "MetaData" if is_sa => {
                let args = self.ev.args(&call.arguments);
                let convention = args
                    .kw("naming_convention")
                    .and_then(|o| convention_pairs(&o.clone().into_value()));
                if args.kw("schema").is_some() {
                    self.warn(
                        "unsupported-model-construct",
                        range,
                        "MetaData(schema=...) is not applied to the tables by Retort".to_owned(),
                        "Give the schema on each table (__table_args__ = {\"schema\": ...}).",
                    );
                }
                MVal::MetaData(self.new_metadata("", convention))
            }
            "registry" if is_sa => MVal::Registry(self.registry_call(call, "registry.metadata")),
            "declarative_base" if is_sa => MVal::Base(self.registry_call(call, "Base.metadata")),
            "Table" if is_sa => match self.table_call(call) {
                Some(t) => MVal::Table(Box::new(t)),
                None => MVal::Obj(Obj::Unknown(self.ev.text(expr))),
            },
            "Field" if is_sqlmodel => MVal::Field(Box::new(sqlmodel::field(self, call))),
            "Relationship" if is_sqlmodel => MVal::Skip,
            _ => MVal::Obj(self.ev.eval(expr)),
        }
    }

    /// `registry(metadata=…, type_annotation_map=…)` / `declarative_base(...)`.
    fn registry_call(&mut self, call: &ast::ExprCall, metadata_name: &str) -> usize {
        let mut metadata = None;
        let mut type_map = Vec::new();
        for kw in &call.arguments.keywords {
            match kw.arg.as_ref().map(|a| a.as_str()) {
                Some("metadata") => {
                    if let MVal::MetaData(m) = self.value(&kw.value) {
                        metadata = Some(m);
                    }
                }
                Some("type_annotation_map") => type_map = self.type_map(&kw.value),
                _ => {}
            }
        }
        let md = match metadata {
            Some(m) => {
                if let Some(meta) = self.metadata.get_mut(m).filter(|meta| meta.name.is_empty()) {
                    meta.name = metadata_name.to_owned();
                }
                m
            }
            None => self.new_metadata(metadata_name, None),
        };
        self.new_registry(md, type_map)
    }

    /// A `type_annotation_map` dict: annotation keys → SQLAlchemy types.
    fn type_map(&mut self, expr: &Expr) -> Vec<(String, SqlType)> {
        let expr = self.deref_name(expr);
        let Expr::Dict(d) = expr else {
            self.warn(
                "unresolved-model-value",
                range_of(expr),
                format!(
                    "the type_annotation_map `{}` cannot be read statically",
                    self.ev.text(expr)
                ),
                "Write the map as a dict literal in the models module.",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in &d.items {
            let Some(key) = &item.key else { continue };
            let ann = self.ann(key);
            let value = self.ev.eval(&item.value);
            match schema::as_type(&value) {
                Some(mut t) => {
                    self.fix_enum(&mut t);
                    out.push((ann.key(), t));
                }
                None => self.warn(
                    "unresolved-type",
                    range_of(&item.value),
                    format!(
                        "`{}` in type_annotation_map is not a type Retort knows",
                        self.ev.text(&item.value)
                    ),
                    "Columns annotated with this key will have no type to compare.",
                ),
            }
        }
        out
    }

    /// A module-level name bound to an expression, followed (for aliases and maps).
    fn deref_name<'e>(&self, expr: &'e Expr) -> &'e Expr
    where
        'a: 'e,
    {
        let mut expr = expr;
        for _ in 0..MAX_DEPTH {
            let Expr::Name(n) = expr else { break };
            match self.exprs.get(n.id.as_str()) {
                Some(next) => expr = next,
                None => break,
            }
        }
        expr
    }

    /// `mapped_column(...)`: `Column`'s arguments without the ORM-only ones.
    fn mapped_column(&mut self, call: &ast::ExprCall) -> Column {
        let args = self.ev.args(&call.arguments);
        let mut col = schema::column(&args, range_of(call));
        if col.default.is_none() {
            if let Some(v) = args.kw("insert_default") {
                col.default = (!v.is_none()).then(|| schema::arg_value(v));
            }
        }
        col.kwargs
            .retain(|(k, _)| !ORM_ONLY_KWARGS.contains(&k.as_str()));
        col
    }

    /// `Table("name", metadata, *items, schema=, comment=, **dialect_kw)`.
    fn table_call(&mut self, call: &ast::ExprCall) -> Option<ModelTable> {
        let metadata = match call.arguments.args.get(1) {
            Some(Expr::Name(n)) => match self.syms.get(n.id.as_str()).copied() {
                Some(Sym::MetaData(m)) => Some(m),
                _ => None,
            },
            Some(attr @ Expr::Attribute(a)) if a.attr.as_str() == "metadata" => {
                let _ = attr;
                self.metadata_of(&a.value)
            }
            _ => None,
        };
        let args = self.ev.args(&call.arguments);
        let def = schema::table(true, &args)?;
        let metadata = match metadata {
            Some(m) => m,
            None => match self.metadata.iter().position(|m| !m.external) {
                Some(m) => m,
                None => self.new_metadata("metadata", None),
            },
        };
        let mut table = ModelTable {
            name: def.name,
            schema: def.schema,
            columns: def.columns,
            constraints: def.constraints,
            indexes: def.indexes,
            comment: args.kw("comment").and_then(Obj::as_str).map(str::to_owned),
            kwargs: args
                .keywords
                .iter()
                .filter(|(k, _, _)| is_dialect_kwarg(k))
                .map(|(k, v, _)| (k.clone(), v.clone().into_value()))
                .collect(),
            class_name: None,
            metadata,
            range: range_of(call),
        };
        for c in &mut table.columns {
            c.kwargs.retain(|(k, _)| is_dialect_kwarg(k));
            if let Some(t) = &mut c.type_ {
                self.fix_enum(t);
            }
        }
        Some(table)
    }

    // ---- annotations ---------------------------------------------------------------

    /// The canonical dotted path a type expression names.
    fn type_path(&mut self, expr: &Expr) -> Option<String> {
        let path = match self.ev.eval(expr) {
            Obj::Path(p) => p,
            _ => match expr {
                Expr::Name(n) if BUILTIN_TYPES.contains(&n.id.as_str()) => {
                    format!("builtins.{}", n.id.as_str())
                }
                _ => return None,
            },
        };
        let path = match path.strip_prefix("typing_extensions.") {
            Some(rest) => format!("typing.{rest}"),
            None => path,
        };
        Some(match path.as_str() {
            "collections.abc.Sequence" | "collections.abc.Set" | "collections.abc.Mapping" => {
                format!("typing.{}", last(&path))
            }
            _ => path,
        })
    }

    /// A mapped attribute's annotation: whether it is `Mapped[...]`, and the type inside.
    fn attribute_annotation(&mut self, expr: &Expr) -> (AttrAnn, Option<Ann>) {
        if let Expr::StringLiteral(s) = expr {
            return match parse_expression(s.value.to_str()) {
                Ok(parsed) => self.attribute_annotation(parsed.expr()),
                Err(_) => (
                    AttrAnn::Plain,
                    Some(Ann::Unknown(s.value.to_str().to_owned())),
                ),
            };
        }
        if let Expr::Subscript(sub) = expr {
            if let Some(head) = self.type_path(&sub.value) {
                match last(&head) {
                    "Mapped" if head.starts_with("sqlalchemy.") => {
                        return (AttrAnn::Mapped, Some(self.ann(&sub.slice)))
                    }
                    "WriteOnlyMapped" | "DynamicMapped" => return (AttrAnn::Relationship, None),
                    "ClassVar" => return (AttrAnn::ClassVar, None),
                    _ => {}
                }
            }
        }
        if let Some(head) = self.type_path(expr) {
            if last(&head) == "ClassVar" {
                return (AttrAnn::ClassVar, None);
            }
        }
        (AttrAnn::Plain, Some(self.ann(expr)))
    }

    /// A type annotation.
    fn ann(&mut self, expr: &Expr) -> Ann {
        if self.depth > MAX_DEPTH {
            return Ann::Unknown(self.ev.text(expr));
        }
        self.depth += 1;
        let out = self.ann_inner(expr);
        self.depth -= 1;
        out
    }

    fn ann_inner(&mut self, expr: &Expr) -> Ann {
        match expr {
            Expr::StringLiteral(s) => match parse_expression(s.value.to_str()) {
                Ok(parsed) => self.ann(parsed.expr()),
                Err(_) => Ann::Unknown(s.value.to_str().to_owned()),
            },
            Expr::NoneLiteral(_) => Ann::Python("builtins.NoneType".to_owned()),
            Expr::BinOp(b) if b.op == ast::Operator::BitOr => {
                let mut items = Vec::new();
                self.flatten_union(expr, &mut items);
                union(items)
            }
            Expr::Subscript(sub) => {
                let items: Vec<&Expr> = match &*sub.slice {
                    Expr::Tuple(t) => t.elts.iter().collect(),
                    other => vec![other],
                };
                let Some(head) = self.type_path(&sub.value) else {
                    return Ann::Unknown(self.ev.text(expr));
                };
                match head.as_str() {
                    "typing.Optional" => match items.first() {
                        Some(inner) => Ann::Optional(Box::new(self.ann(inner))),
                        None => Ann::Unknown(self.ev.text(expr)),
                    },
                    "typing.Union" => {
                        let items = items.iter().map(|e| self.ann(e)).collect();
                        union(items)
                    }
                    "typing.Annotated" => {
                        let Some((first, extras)) = items.split_first() else {
                            return Ann::Unknown(self.ev.text(expr));
                        };
                        let mut inner = self.ann(first);
                        let mut column = None;
                        let mut texts = Vec::new();
                        // `Annotated[Annotated[T, a], b]` is `Annotated[T, a, b]`.
                        if let Ann::Annotated {
                            inner: nested,
                            extras: nested_extras,
                            column: nested_column,
                            ..
                        } = inner
                        {
                            texts = nested_extras;
                            column = nested_column;
                            inner = *nested;
                        }
                        for extra in extras {
                            texts.push(self.ev.text(*extra));
                            if let MVal::Column(c, _) = self.value(extra) {
                                column.get_or_insert(c);
                            }
                        }
                        Ann::Annotated {
                            key: format!("Annotated[{}, {}]", inner.key(), texts.join(", ")),
                            inner: Box::new(inner),
                            extras: texts,
                            column,
                        }
                    }
                    "typing.Literal" => {
                        let mut values = Vec::new();
                        for item in items {
                            match self.ev.eval(item) {
                                Obj::Value(Value::Str(s)) => values.push(s),
                                _ => return Ann::Unknown(self.ev.text(expr)),
                            }
                        }
                        Ann::Literal(values)
                    }
                    p if p.starts_with("sqlalchemy.") && last(p) == "Mapped" => match items.first()
                    {
                        Some(inner) => self.ann(inner),
                        None => Ann::Unknown(self.ev.text(expr)),
                    },
                    "builtins.list" | "builtins.set" | "builtins.dict" | "builtins.frozenset"
                    | "builtins.tuple" | "typing.List" | "typing.Set" | "typing.Dict"
                    | "typing.FrozenSet" | "typing.Tuple" | "typing.Sequence"
                    | "typing.Mapping" | "typing.Collection" | "typing.Iterable" => {
                        Ann::Relationship(self.ev.text(expr))
                    }
                    _ => Ann::Unknown(self.ev.text(expr)),
                }
            }
            Expr::Name(n) => {
                let name = n.id.as_str();
                if let Some(info) = self.classes.get(name) {
                    return match &info.kind {
                        Kind::Enum(members) => Ann::Enum {
                            name: name.to_owned(),
                            members: members.clone(),
                        },
                        _ => Ann::Relationship(name.to_owned()),
                    };
                }
                if let Some(aliased) = self.exprs.get(name).copied() {
                    if looks_like_type(aliased) {
                        return self.ann(aliased);
                    }
                }
                match self.type_path(expr) {
                    Some(p) => Ann::Python(p),
                    None => Ann::Unknown(name.to_owned()),
                }
            }
            Expr::Attribute(_) => match self.type_path(expr) {
                Some(p) => Ann::Python(p),
                None => Ann::Unknown(self.ev.text(expr)),
            },
            _ => Ann::Unknown(self.ev.text(expr)),
        }
    }

    fn flatten_union(&mut self, expr: &Expr, out: &mut Vec<Ann>) {
        match expr {
            Expr::BinOp(b) if b.op == ast::Operator::BitOr => {
                self.flatten_union(&b.left, out);
                self.flatten_union(&b.right, out);
            }
            other => out.push(self.ann(other)),
        }
    }

    /// `sa.Enum(PyEnum)` → the member names and `name=` SQLAlchemy derives.
    fn fix_enum(&self, t: &mut SqlType) {
        let class = match t.args.first() {
            Some(Value::Unknown(name)) if t.args.len() == 1 => name.clone(),
            _ => {
                for arg in &mut t.args {
                    if let Value::Type(inner) = arg {
                        self.fix_enum(inner);
                    }
                }
                return;
            }
        };
        let Some(ClassInfo {
            kind: Kind::Enum(members),
            ..
        }) = self.classes.get(&class)
        else {
            return;
        };
        let fixed = enum_type(&class, members, None);
        t.args = fixed.args;
        if t.kwarg("name").is_none() {
            t.kwargs
                .insert(0, ("name".to_owned(), Value::Str(class.to_lowercase())));
        }
    }

    // ---- classes -------------------------------------------------------------------

    fn class(&mut self, def: &'a ast::StmtClassDef) {
        let name = def.name.as_str().to_owned();
        let range = range_of(def);
        let mut local_bases = Vec::new();
        let mut paths = Vec::new();
        let mut sym_base = None;
        let mut table_kw = false;
        if let Some(arguments) = &def.arguments {
            for arg in &arguments.args {
                if let Expr::Name(n) = arg {
                    if self.classes.contains_key(n.id.as_str()) {
                        local_bases.push(n.id.to_string());
                        continue;
                    }
                    if let Some(Sym::Base(r)) = self.syms.get(n.id.as_str()).copied() {
                        sym_base = Some(r);
                        continue;
                    }
                }
                match self.ev.eval(arg) {
                    Obj::Path(p) => paths.push(p),
                    other => paths.push(other.describe()),
                }
            }
            for kw in &arguments.keywords {
                if kw.arg.as_ref().is_some_and(|a| a.as_str() == "table") {
                    table_kw = self.ev.eval(&kw.value).as_bool() == Some(true);
                }
            }
        }
        let mut decorated_registry = None;
        let mut decorated_base = false;
        for d in &def.decorator_list {
            let func = match &d.expression {
                Expr::Call(c) => &*c.func,
                other => other,
            };
            if let Expr::Attribute(a) = func {
                if let Expr::Name(n) = &*a.value {
                    if let Some(Sym::Registry(r)) = self.syms.get(n.id.as_str()).copied() {
                        match a.attr.as_str() {
                            "mapped" | "mapped_as_dataclass" => decorated_registry = Some(r),
                            "as_declarative_base" => {
                                decorated_registry = Some(r);
                                decorated_base = true;
                            }
                            _ => {}
                        }
                    }
                }
            }
            if let Obj::Path(p) = self.ev.eval(func) {
                if last(&p) == "as_declarative" && p.starts_with("sqlalchemy.") {
                    decorated_base = true;
                }
            }
        }

        let is_enum = paths.iter().any(|p| ENUM_BASES.contains(&p.as_str()))
            || local_bases
                .iter()
                .any(|b| matches!(self.classes.get(b).map(|c| &c.kind), Some(Kind::Enum(_))));
        if is_enum {
            let members = enum_members(&def.body);
            self.classes.insert(
                name,
                ClassInfo {
                    kind: Kind::Enum(members),
                    bases: local_bases,
                    decls: Vec::new(),
                    table_args: None,
                    tablename: None,
                },
            );
            return;
        }

        let is_sqlmodel = paths
            .iter()
            .any(|p| p == "sqlmodel.SQLModel" || p == "sqlmodel.main.SQLModel")
            || local_bases.iter().any(|b| {
                matches!(
                    self.classes.get(b).map(|c| &c.kind),
                    Some(Kind::SqlModel { .. })
                )
            });
        let body = self.scan_body(&name, def, is_sqlmodel);

        let is_base = decorated_base
            || paths
                .iter()
                .any(|p| DECLARATIVE_BASES.contains(&p.as_str()));
        let kind = if is_base {
            let md = match body.metadata {
                Some(m) => m,
                None => self.new_metadata(&format!("{name}.metadata"), None),
            };
            let r = match (body.registry, decorated_registry) {
                (Some(r), _) | (None, Some(r)) => {
                    if let Some(reg) = self.registries.get_mut(r) {
                        if body.metadata.is_some() {
                            reg.metadata = md;
                        }
                        reg.type_map.extend(body.type_map.clone());
                    }
                    r
                }
                (None, None) => self.new_registry(md, body.type_map.clone()),
            };
            Kind::Base(r)
        } else if is_sqlmodel {
            let table = if table_kw {
                Some(self.sqlmodel_table(&name, &local_bases, &body, range))
            } else {
                None
            };
            Kind::SqlModel { table }
        } else {
            let registry = decorated_registry
                .or(sym_base)
                .or_else(|| self.registry_of_bases(&local_bases));
            let imported_base = paths.iter().any(|p| {
                !p.starts_with("typing.") && p != "object" && !p.starts_with("sqlalchemy.")
            });
            let has_table = body.tablename.is_some()
                || body.table.is_some()
                || self.inherited_tablename(&local_bases).is_some();
            let registry = match registry {
                Some(r) => Some(r),
                None if imported_base && has_table && !body.abstract_ => {
                    let r = self.external_registry();
                    self.warn(
                        "imported-declarative-base",
                        range_of(&def.name),
                        format!(
                            "class {name} derives from {}, defined in another module: Retort assumes it is a declarative base",
                            paths.join(", ")
                        ),
                        "Load the module that defines the base too, so its MetaData and type_annotation_map are known.",
                    );
                    Some(r)
                }
                None => None,
            };
            match registry {
                None => Kind::Plain,
                Some(r) if body.abstract_ => Kind::Mapped {
                    registry: r,
                    table: None,
                },
                Some(r) => {
                    let table = self.mapped_table(&name, &local_bases, &body, r, range);
                    Kind::Mapped { registry: r, table }
                }
            }
        };
        if let Kind::Mapped { table: Some(t), .. } | Kind::SqlModel { table: Some(t) } = &kind {
            if let Some(table) = self.tables.get(*t) {
                let def = table.table_def();
                self.ev.globals.locals.insert(
                    name.clone(),
                    Obj::Table(Box::new(TableDef {
                        columns: Vec::new(),
                        constraints: Vec::new(),
                        indexes: Vec::new(),
                        ..def
                    })),
                );
            }
        }
        self.classes.insert(
            name,
            ClassInfo {
                kind,
                bases: local_bases,
                decls: body.decls,
                table_args: body.table_args,
                tablename: body.tablename,
            },
        );
    }

    /// The registry a class gets from its local bases.
    fn registry_of_bases(&self, bases: &[String]) -> Option<usize> {
        for b in bases {
            match self.classes.get(b).map(|c| (&c.kind, &c.bases)) {
                Some((
                    Kind::Base(r)
                    | Kind::Mapped { registry: r, .. }
                    | Kind::MappedElsewhere { registry: r },
                    _,
                )) => return Some(*r),
                Some((_, inner)) => {
                    if let Some(r) = self.registry_of_bases(inner) {
                        return Some(r);
                    }
                }
                None => {}
            }
        }
        None
    }

    /// Local classes after the class in (an approximation of) its MRO: depth first,
    /// left to right, each once.
    fn mro(&self, bases: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut stack: Vec<String> = bases.iter().rev().cloned().collect();
        let mut guard = 0;
        while let Some(b) = stack.pop() {
            guard += 1;
            if guard > 1000 {
                break;
            }
            if out.contains(&b) {
                continue;
            }
            if let Some(info) = self.classes.get(&b) {
                stack.extend(info.bases.iter().rev().cloned());
            }
            out.push(b);
        }
        out
    }

    /// A `__tablename__` a mixin provides (`declared_attr` on a mixin).
    fn inherited_tablename(&self, bases: &[String]) -> Option<TableName> {
        self.mro(bases).into_iter().find_map(|b| {
            let info = self.classes.get(&b)?;
            match info.kind {
                Kind::Plain | Kind::Mapped { table: None, .. } => info.tablename.clone(),
                _ => None,
            }
        })
    }

    /// The nearest mapped ancestor with a table (single-table inheritance).
    fn mapped_ancestor(&self, bases: &[String]) -> Option<usize> {
        self.mro(bases)
            .into_iter()
            .find_map(|b| match self.classes.get(&b)?.kind {
                Kind::Mapped { table: Some(t), .. } | Kind::SqlModel { table: Some(t) } => Some(t),
                _ => None,
            })
    }

    /// Column declarations of mixins and abstract bases, not behind a mapped ancestor.
    fn mixin_decls(&self, bases: &[String]) -> (Vec<Decl>, Option<Obj>) {
        let mut decls: Vec<Decl> = Vec::new();
        let mut table_args = None;
        let mut seen: Vec<String> = Vec::new();
        let mut stack: Vec<String> = bases.iter().rev().cloned().collect();
        while let Some(b) = stack.pop() {
            if seen.contains(&b) || seen.len() > 1000 {
                continue;
            }
            seen.push(b.clone());
            let Some(info) = self.classes.get(&b) else {
                continue;
            };
            match info.kind {
                Kind::Plain | Kind::Mapped { table: None, .. } | Kind::SqlModel { table: None } => {
                    for d in &info.decls {
                        if !decls.iter().any(|have| have.attr == d.attr) {
                            decls.push(d.clone());
                        }
                    }
                    if table_args.is_none() {
                        table_args = info.table_args.clone();
                    }
                    stack.extend(info.bases.iter().rev().cloned());
                }
                _ => {}
            }
        }
        (decls, table_args)
    }

    fn mapped_table(
        &mut self,
        name: &str,
        bases: &[String],
        body: &Body,
        registry: usize,
        range: TextRange,
    ) -> Option<usize> {
        let metadata = self.registries.get(registry).map_or(0, |r| r.metadata);
        if let Some(table) = &body.table {
            let mut table = (**table).clone();
            table.class_name = Some(name.to_owned());
            table.metadata = metadata;
            table.range = range;
            self.tables.push(table);
            return Some(self.tables.len() - 1);
        }
        let tablename = body
            .tablename
            .clone()
            .or_else(|| self.inherited_tablename(bases));
        let type_map = self
            .registries
            .get(registry)
            .map(|r| r.type_map.clone())
            .unwrap_or_default();
        let Some(tablename) = tablename.map(|t| t.for_class(name)) else {
            // Single-table inheritance: the columns go on the parent's table.
            let Some(parent) = self.mapped_ancestor(bases) else {
                let elsewhere = self.mro(bases).iter().any(|b| {
                    matches!(
                        self.classes.get(b).map(|c| &c.kind),
                        Some(Kind::MappedElsewhere { .. })
                    )
                });
                if elsewhere {
                    self.warn(
                        "unsupported-model-construct",
                        range,
                        format!("class {name} inherits a mapped class of another module without a table of its own (single-table inheritance): Retort does not add its columns to that table"),
                        "Declare single-table-inheritance subclasses in the module of their parent.",
                    );
                    return None;
                }
                self.warn(
                    "no-table",
                    range,
                    format!("class {name} is mapped but has no __tablename__ or __table__, and no mapped parent"),
                    "Add __tablename__, or __abstract__ = True for a base that is not mapped.",
                );
                return None;
            };
            let columns = self.resolve_decls(&body.decls, &type_map);
            if let Some(table) = self.tables.get_mut(parent) {
                for c in columns {
                    if !table.columns.iter().any(|have| have.name == c.name) {
                        table.columns.push(c);
                    }
                }
            }
            return Some(parent);
        };
        let (mixin_decls, mixin_args) = self.mixin_decls(bases);
        let mut decls = body.decls.clone();
        for d in mixin_decls {
            if !decls.iter().any(|have| have.attr == d.attr) {
                decls.push(d);
            }
        }
        let columns = self.resolve_decls(&decls, &type_map);
        let mut table = ModelTable {
            name: tablename,
            schema: None,
            columns,
            constraints: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            kwargs: Vec::new(),
            class_name: Some(name.to_owned()),
            metadata,
            range,
        };
        if let Some(args) = body.table_args.clone().or(mixin_args) {
            self.apply_table_args(&mut table, &args, range);
        }
        self.tables.push(table);
        Some(self.tables.len() - 1)
    }

    /// `__table_args__`: constraints, indexes and a trailing dict of table keywords.
    fn apply_table_args(&mut self, table: &mut ModelTable, args: &Obj, range: TextRange) {
        let items = match args {
            Obj::Value(Value::Dict(_)) => vec![args.clone()],
            other => other.items(),
        };
        for item in items {
            match item {
                Obj::Constraint(c) => table.constraints.push(*c),
                Obj::Index(mut i) => {
                    i.table = table.name.clone();
                    table.indexes.push(*i);
                }
                Obj::Value(Value::Dict(pairs)) => {
                    for (k, v) in pairs {
                        let Value::Str(k) = k else { continue };
                        match k.as_str() {
                            "schema" => table.schema = v.as_str().map(str::to_owned),
                            "comment" => table.comment = v.as_str().map(str::to_owned),
                            "extend_existing" | "keep_existing" | "info" | "quote"
                            | "implicit_returning" => {}
                            k if is_dialect_kwarg(k) => table.kwargs.push((k.to_owned(), v)),
                            _ => {}
                        }
                    }
                }
                other => self.warn(
                    "unresolved-model-value",
                    range,
                    format!("an item of __table_args__ of {} ({}) cannot be read statically", table.name, other.describe()),
                    "Write __table_args__ as a tuple of constraints and indexes, optionally ending with a dict.",
                ),
            }
        }
    }

    fn resolve_decls(&mut self, decls: &[Decl], type_map: &[(String, SqlType)]) -> Vec<Column> {
        decls
            .iter()
            .filter_map(|d| self.resolve_decl(d, type_map))
            .collect()
    }

    /// The column a declaration maps to, with the annotation applied.
    fn resolve_decl(&mut self, decl: &Decl, type_map: &[(String, SqlType)]) -> Option<Column> {
        let mut col = match &decl.value {
            DeclValue::Classic(c) => (**c).clone(),
            DeclValue::Mapped(c) => {
                let mut col = c
                    .as_deref()
                    .cloned()
                    .unwrap_or_else(|| Column::new(decl.attr.clone(), None, decl.range));
                if let Some(ann) = &decl.ann {
                    let r = resolve(ann, type_map, self.options.sqlalchemy);
                    if r.relationship {
                        if c.is_none() {
                            self.warn(
                                "unresolved-type",
                                decl.range,
                                format!("`{}` is annotated with a collection or a mapped class but has no relationship()", decl.attr),
                                "Assign relationship() to it; SQLAlchemy cannot map it as a column.",
                            );
                        }
                        return None;
                    }
                    if let Some(extra) = &r.column {
                        merge_column(&mut col, extra);
                    }
                    if col.type_.is_none() {
                        col.type_ = r.type_;
                        if col.type_.is_none() && col.foreign_keys.is_empty() {
                            let why = r.unresolved.unwrap_or_default();
                            self.warn(
                                "unresolved-type",
                                decl.range,
                                format!("column `{}`: {why}; its type is not compared", decl.attr),
                                "Give the type explicitly (mapped_column(sa.String(...))) or add the annotation to type_annotation_map.",
                            );
                        }
                    }
                    if col.nullable.is_none() {
                        col.nullable = Some(r.optional);
                    }
                }
                col
            }
            DeclValue::Field(f) => {
                sqlmodel::column(self, &decl.attr, decl.ann.as_ref(), f, decl.range)?
            }
        };
        if col.name.is_empty() {
            col.name = decl.attr.clone();
        }
        col.kwargs.retain(|(k, _)| is_dialect_kwarg(k));
        if let Some(t) = &mut col.type_ {
            self.fix_enum(t);
            // SQLModel's own types are known (they are TypeDecorators over String / DateTime).
            let opaque = match &t.dialect {
                retort_ir::TypeDialect::Custom(p) if !p.starts_with("sqlmodel.sql.sqltypes.") => {
                    Some(p.clone())
                }
                _ => None,
            };
            if let Some(path) = opaque {
                self.diagnostics.push(
                    Diagnostic::info(
                        "opaque-type",
                        format!("column `{}` has the type {path}, which Retort cannot see: it is compared by name only", col.name),
                    )
                    .with_range(decl.range),
                );
            }
        }
        Some(col)
    }

    /// Reads a class body: column attributes, `__tablename__`, `__table_args__`, and a
    /// base's `metadata` / `type_annotation_map` / `registry`.
    fn scan_body(&mut self, class: &str, def: &'a ast::StmtClassDef, sqlmodel: bool) -> Body {
        let mut body = Body::default();
        self.ev.frames.push(Frame::default());
        for stmt in &def.body {
            match stmt {
                Stmt::Assign(a) => {
                    let [Expr::Name(target)] = a.targets.as_slice() else {
                        continue;
                    };
                    self.class_attr(
                        class,
                        target.id.as_str(),
                        None,
                        Some(&a.value),
                        range_of(stmt),
                        sqlmodel,
                        &mut body,
                    );
                }
                Stmt::AnnAssign(a) => {
                    let Expr::Name(target) = &*a.target else {
                        continue;
                    };
                    self.class_attr(
                        class,
                        target.id.as_str(),
                        Some(&a.annotation),
                        a.value.as_deref(),
                        range_of(stmt),
                        sqlmodel,
                        &mut body,
                    );
                }
                Stmt::FunctionDef(f) => self.declared_attr(class, f, &mut body),
                _ => {}
            }
        }
        self.ev.frames.pop();
        body
    }

    #[allow(clippy::too_many_arguments)]
    fn class_attr(
        &mut self,
        class: &str,
        attr: &str,
        annotation: Option<&Expr>,
        value: Option<&Expr>,
        range: TextRange,
        sqlmodel: bool,
        body: &mut Body,
    ) {
        match attr {
            "__tablename__" => {
                if let Some(v) = value {
                    match self.ev.eval(v) {
                        Obj::Value(Value::Str(s)) => body.tablename = Some(TableName::Literal(s)),
                        Obj::Value(Value::None) => {}
                        _ => self.warn(
                            "unresolved-model-value",
                            range,
                            format!("__tablename__ of {class} cannot be evaluated statically"),
                            "Write it as a string literal.",
                        ),
                    }
                }
                return;
            }
            "__table_args__" => {
                if let Some(v) = value {
                    body.table_args = Some(self.ev.eval(v));
                }
                return;
            }
            "__abstract__" => {
                body.abstract_ = value.is_some_and(|v| self.ev.eval(v).as_bool() == Some(true));
                return;
            }
            "__table__" => {
                if let Some(v) = value {
                    if let MVal::Table(t) = self.value(v) {
                        body.table = Some(t);
                    }
                }
                return;
            }
            "metadata" => {
                if let Some(v) = value {
                    if let MVal::MetaData(m) = self.value(v) {
                        if let Some(md) = self.metadata.get_mut(m) {
                            md.name = format!("{class}.metadata");
                        }
                        body.metadata = Some(m);
                    }
                }
                return;
            }
            "type_annotation_map" => {
                if let Some(v) = value {
                    body.type_map = self.type_map(v);
                }
                return;
            }
            "registry" => {
                if let Some(v) = value {
                    if let MVal::Registry(r) = self.value(v) {
                        body.registry = Some(r);
                    }
                }
                return;
            }
            a if a.starts_with("__") && a.ends_with("__") => return,
            _ => {}
        }
        let (kind, ann) = match annotation {
            Some(a) => self.attribute_annotation(a),
            None => (AttrAnn::None, None),
        };
        if matches!(kind, AttrAnn::ClassVar | AttrAnn::Relationship) {
            return;
        }
        let decl_value = match value.map(|v| self.value(v)) {
            Some(MVal::Column(c, true)) => Some(DeclValue::Mapped(Some(c))),
            Some(MVal::Column(c, false)) => Some(DeclValue::Classic(c)),
            Some(MVal::Field(f)) if sqlmodel => Some(DeclValue::Field(f)),
            Some(MVal::Skip) => None,
            Some(other) if sqlmodel && annotation.is_some() => {
                let default = match other {
                    MVal::Obj(o) => Some(o.into_value()),
                    _ => None,
                };
                Some(DeclValue::Field(Box::new(FieldDecl::with_default(default))))
            }
            Some(_) => None,
            None if sqlmodel && annotation.is_some() => Some(DeclValue::Field(Box::default())),
            None if matches!(kind, AttrAnn::Mapped) => Some(DeclValue::Mapped(None)),
            None => None,
        };
        let Some(decl_value) = decl_value else { return };
        let bound = match &decl_value {
            DeclValue::Classic(c) | DeclValue::Mapped(Some(c)) => {
                let mut c = (**c).clone();
                if c.name.is_empty() {
                    c.name = attr.to_owned();
                }
                Obj::Column(Box::new(c))
            }
            _ => Obj::Column(Box::new(Column::new(attr, None, range))),
        };
        self.ev.bind(attr, bound);
        body.decls.retain(|d| d.attr != attr);
        body.decls.push(Decl {
            attr: attr.to_owned(),
            ann,
            value: decl_value,
            range,
        });
    }

    /// `@declared_attr def x(cls): return mapped_column(...)`, `__tablename__`, `__table_args__`.
    fn declared_attr(&mut self, class: &str, f: &'a ast::StmtFunctionDef, body: &mut Body) {
        let is_declared = f.decorator_list.iter().any(|d| {
            let text = self.ev.text(&d.expression);
            text.contains("declared_attr") || text.ends_with("classproperty")
        });
        if !is_declared {
            return;
        }
        let statements: Vec<&Stmt> = f.body.iter().filter(|s| !is_docstring(s)).collect();
        let [Stmt::Return(ast::StmtReturn {
            value: Some(ret), ..
        })] = statements.as_slice()
        else {
            self.warn(
                "unresolved-model-value",
                range_of(&f.name),
                format!("declared_attr `{}` of {class} is not a single `return`: Retort cannot evaluate it", f.name.as_str()),
                "Keep declared_attr functions to one return statement.",
            );
            return;
        };
        let attr = f.name.as_str();
        match attr {
            "__tablename__" => {
                let text = self.ev.text(&**ret);
                body.tablename = match text.as_str() {
                    "cls.__name__.lower()" => Some(TableName::ClassName { lower: true }),
                    "cls.__name__" => Some(TableName::ClassName { lower: false }),
                    _ => match self.ev.eval(ret) {
                        Obj::Value(Value::Str(s)) => Some(TableName::Literal(s)),
                        _ => {
                            self.warn(
                                "unresolved-model-value",
                                range_of(&**ret),
                                format!("__tablename__ of {class} (`{text}`) cannot be evaluated statically"),
                                "Write __tablename__ as a string literal in each mapped class.",
                            );
                            None
                        }
                    },
                };
            }
            "__table_args__" => body.table_args = Some(self.ev.eval(ret)),
            "__mapper_args__" => {}
            _ => {
                let annotation = f.returns.as_deref();
                self.class_attr(class, attr, annotation, Some(ret), range_of(f), false, body);
            }
        }
    }

    fn sqlmodel_table(
        &mut self,
        name: &str,
        bases: &[String],
        body: &Body,
        range: TextRange,
    ) -> usize {
        let registry = self.sqlmodel_registry();
        let metadata = self.registries.get(registry).map_or(0, |r| r.metadata);
        // Pydantic field order: the bases' fields (farthest first), then the class's
        // own; a redefined field keeps its first position.
        let mut decls: Vec<Decl> = Vec::new();
        let mut mixin_args = None;
        let lineage: Vec<String> = self.mro(bases).into_iter().rev().collect();
        for b in &lineage {
            let Some(info) = self.classes.get(b) else {
                continue;
            };
            if let Kind::SqlModel { table: Some(_) } = info.kind {
                continue;
            }
            if info.table_args.is_some() {
                mixin_args = info.table_args.clone();
            }
            for d in &info.decls {
                match decls.iter_mut().find(|have| have.attr == d.attr) {
                    Some(slot) => *slot = d.clone(),
                    None => decls.push(d.clone()),
                }
            }
        }
        for d in &body.decls {
            match decls.iter_mut().find(|have| have.attr == d.attr) {
                Some(slot) => *slot = d.clone(),
                None => decls.push(d.clone()),
            }
        }
        let columns = self.resolve_decls(&decls, &[]);
        let mut table = ModelTable {
            name: body
                .tablename
                .as_ref()
                .map_or_else(|| name.to_lowercase(), |t| t.for_class(name)),
            schema: None,
            columns,
            constraints: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            kwargs: Vec::new(),
            class_name: Some(name.to_owned()),
            metadata,
            range,
        };
        if let Some(args) = body.table_args.clone().or(mixin_args) {
            self.apply_table_args(&mut table, &args, range);
        }
        self.tables.push(table);
        self.tables.len() - 1
    }
}

/// `__tablename__`: a string, or a `declared_attr` deriving it from the class name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum TableName {
    /// `__tablename__ = "users"`.
    Literal(String),
    /// `return cls.__name__` / `return cls.__name__.lower()`.
    ClassName { lower: bool },
}

impl TableName {
    fn for_class(&self, class: &str) -> String {
        match self {
            TableName::Literal(s) => s.clone(),
            TableName::ClassName { lower: true } => class.to_lowercase(),
            TableName::ClassName { lower: false } => class.to_owned(),
        }
    }
}

/// How an attribute is annotated.
enum AttrAnn {
    /// No annotation.
    None,
    /// `Mapped[...]`.
    Mapped,
    /// `ClassVar[...]`: not mapped.
    ClassVar,
    /// `WriteOnlyMapped[...]` / `DynamicMapped[...]`: a relationship.
    Relationship,
    /// A plain annotation (SQLModel fields, or unmapped).
    Plain,
}

/// What a class body declares.
#[derive(Default)]
struct Body {
    decls: Vec<Decl>,
    tablename: Option<TableName>,
    table_args: Option<Obj>,
    table: Option<Box<ModelTable>>,
    abstract_: bool,
    metadata: Option<usize>,
    registry: Option<usize>,
    type_map: Vec<(String, SqlType)>,
}

/// Fills what the attribute's `mapped_column()` leaves unset from an `Annotated` one.
fn merge_column(col: &mut Column, extra: &Column) {
    if col.type_.is_none() {
        col.type_ = extra.type_.clone();
    }
    if col.nullable.is_none() {
        col.nullable = extra.nullable;
    }
    col.primary_key |= extra.primary_key;
    if col.server_default.is_none() {
        col.server_default = extra.server_default.clone();
    }
    if col.default.is_none() {
        col.default = extra.default.clone();
    }
    if col.unique.is_none() {
        col.unique = extra.unique;
    }
    if col.index.is_none() {
        col.index = extra.index;
    }
    if col.comment.is_none() {
        col.comment = extra.comment.clone();
    }
    if col.autoincrement == Autoincrement::Auto {
        col.autoincrement = extra.autoincrement;
    }
    if col.foreign_keys.is_empty() {
        col.foreign_keys = extra.foreign_keys.clone();
    }
    if col.identity.is_none() {
        col.identity = extra.identity.clone();
    }
    if col.computed.is_none() {
        col.computed = extra.computed.clone();
    }
    col.checks.extend(extra.checks.iter().cloned());
    for (k, v) in &extra.kwargs {
        if !col.kwargs.iter().any(|(have, _)| have == k) {
            col.kwargs.push((k.clone(), v.clone()));
        }
    }
}

/// `T1 | T2 | None` → `Optional[T]`, or a union.
fn union(items: Vec<Ann>) -> Ann {
    let none = Ann::Python("builtins.NoneType".to_owned());
    let optional = items.contains(&none);
    let mut rest: Vec<Ann> = items.into_iter().filter(|a| *a != none).collect();
    let inner = if rest.len() == 1 {
        rest.remove(0)
    } else {
        Ann::Union(rest)
    };
    if optional {
        Ann::Optional(Box::new(inner))
    } else {
        inner
    }
}

/// Whether a module-level value looks like a type alias (`Annotated[...]`, `Optional[...]`, a union).
fn looks_like_type(expr: &Expr) -> bool {
    match expr {
        Expr::Subscript(_) => true,
        Expr::BinOp(b) => b.op == ast::Operator::BitOr,
        _ => false,
    }
}

/// A naming convention dict's pairs; class keys (`UniqueConstraint: …`) become their short keys.
fn convention_pairs(value: &Value) -> Option<Vec<(String, String)>> {
    let Value::Dict(items) = value else {
        return None;
    };
    let mut out = Vec::new();
    for (k, v) in items {
        let key = match k {
            Value::Str(s) => s.clone(),
            Value::Unknown(path) => convention_key(last(path)),
            Value::Type(t) => convention_key(&t.name),
            _ => continue,
        };
        if let Value::Str(template) = v {
            out.push((key, template.clone()));
        }
    }
    Some(out)
}

/// The short key of a naming convention keyed by a class.
fn convention_key(class: &str) -> String {
    match class {
        "Index" => "ix",
        "UniqueConstraint" => "uq",
        "PrimaryKeyConstraint" => "pk",
        "ForeignKeyConstraint" => "fk",
        "CheckConstraint" => "ck",
        other => other,
    }
    .to_owned()
}

/// The member names of an `enum.Enum` class body.
fn enum_members(body: &[Stmt]) -> Vec<String> {
    let mut out = Vec::new();
    for stmt in body {
        let targets: Vec<&Expr> = match stmt {
            Stmt::Assign(a) => a.targets.iter().collect(),
            Stmt::AnnAssign(a) if a.value.is_some() => vec![&*a.target],
            _ => continue,
        };
        for t in targets {
            if let Expr::Name(n) = t {
                let name = n.id.as_str();
                if !name.starts_with('_') && !out.iter().any(|m| m == name) {
                    out.push(name.to_owned());
                }
            }
        }
    }
    out
}
