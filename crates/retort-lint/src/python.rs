//! What the hygiene rules and suppression comments need from the Python source that the
//! IR does not keep: comments, imports, name uses, calls and class definitions. Read with
//! `ruff_python_parser`, which never fails.

use std::collections::HashSet;

use retort_ir::TextRange;
use ruff_python_ast::token::TokenKind;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ExprContext, PySourceType, Stmt};
use ruff_python_parser::parse_unchecked_source;
use ruff_text_size::Ranged;

fn range(node: &impl Ranged) -> TextRange {
    let r = node.range();
    TextRange::new(r.start().to_u32(), r.end().to_u32())
}

/// One name bound by an import statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImportBinding {
    /// The module imported from (`sqlalchemy.orm` for `from sqlalchemy.orm import Session`,
    /// `os.path` for `import os.path`), without leading dots.
    pub module: String,
    /// Relative import level (`from . import x` is 1).
    pub level: u32,
    /// For a from-import: the imported name.
    pub member: Option<String>,
    /// The local name it binds (`os` for `import os.path`).
    pub binding: String,
    /// The alias (`x as y`) range.
    pub alias_range: TextRange,
    /// The whole import statement.
    pub stmt_range: TextRange,
    /// Ranges of every alias of the statement, in order.
    pub siblings: Vec<TextRange>,
    /// The statement is at module level (not in a function, class or block).
    pub module_level: bool,
    /// Inside `if TYPE_CHECKING:` / `try:` or another block.
    pub in_block: bool,
}

/// A call expression of interest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CallSite {
    /// The callee as dotted source text (`print`, `sa.orm.Session`, `session.query`).
    pub callee: String,
    /// The call.
    pub range: TextRange,
}

/// A class definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClassDef {
    /// The class name.
    pub name: String,
    /// The name's range.
    pub name_range: TextRange,
    /// Base classes as dotted source text.
    pub bases: Vec<String>,
    /// Assigns `__tablename__` or `__table__` in its body, or annotates with `Mapped[...]`.
    pub mapped: bool,
}

/// The facts, for one file.
#[derive(Debug, Clone, Default)]
pub(crate) struct PythonModule {
    /// Comment tokens (the `#` included).
    pub comments: Vec<TextRange>,
    /// Every import binding.
    pub imports: Vec<ImportBinding>,
    /// Names read anywhere (`Name` loads, attribute roots, `__all__` strings).
    pub used_names: HashSet<String>,
    /// Calls, in source order.
    pub calls: Vec<CallSite>,
    /// Class definitions.
    pub classes: Vec<ClassDef>,
    /// Names assigned or defined at module level or in functions (shadowing builtins).
    pub defined_names: HashSet<String>,
}

impl PythonModule {
    /// Parses `source`.
    pub fn parse(source: &str) -> Self {
        let parsed = parse_unchecked_source(source, PySourceType::Python);
        let mut module = PythonModule::default();
        for token in parsed.tokens().iter() {
            if token.kind() == TokenKind::Comment {
                module.comments.push(range(token));
            }
        }
        let mut collector = Collector {
            module: &mut module,
            depth: 0,
            block: 0,
        };
        collector.visit_body(&parsed.syntax().body);
        module
    }

    /// Whether `name` is the builtin (not rebound in the file).
    pub fn is_builtin(&self, name: &str) -> bool {
        !self.defined_names.contains(name) && !self.imports.iter().any(|i| i.binding == name)
    }
}

/// Dotted text of `a.b.c` / `a`; `None` for anything else.
pub(crate) fn dotted(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(format!("{}.{}", dotted(&a.value)?, a.attr.as_str())),
        Expr::Call(c) => Some(format!("{}()", dotted(&c.func)?)),
        _ => None,
    }
}

struct Collector<'m> {
    module: &'m mut PythonModule,
    /// Function / class nesting.
    depth: u32,
    /// Nesting in `if` / `try` / `with` / loops.
    block: u32,
}

impl Collector<'_> {
    fn record_import(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Import(s) => {
                let siblings: Vec<TextRange> = s.names.iter().map(range).collect();
                for alias in &s.names {
                    let module = alias.name.as_str().to_owned();
                    let binding = match &alias.asname {
                        Some(a) => a.as_str().to_owned(),
                        None => module.split('.').next().unwrap_or("").to_owned(),
                    };
                    self.module.imports.push(ImportBinding {
                        module,
                        level: 0,
                        member: None,
                        binding,
                        alias_range: range(alias),
                        stmt_range: range(s),
                        siblings: siblings.clone(),
                        module_level: self.depth == 0 && self.block == 0,
                        in_block: self.block > 0,
                    });
                }
            }
            Stmt::ImportFrom(s) => {
                let siblings: Vec<TextRange> = s.names.iter().map(range).collect();
                let module = s
                    .module
                    .as_ref()
                    .map(|m| m.as_str().to_owned())
                    .unwrap_or_default();
                for alias in &s.names {
                    if alias.name.as_str() == "*" {
                        continue;
                    }
                    let binding = alias
                        .asname
                        .as_ref()
                        .unwrap_or(&alias.name)
                        .as_str()
                        .to_owned();
                    self.module.imports.push(ImportBinding {
                        module: module.clone(),
                        level: s.level,
                        member: Some(alias.name.as_str().to_owned()),
                        binding,
                        alias_range: range(alias),
                        stmt_range: range(s),
                        siblings: siblings.clone(),
                        module_level: self.depth == 0 && self.block == 0,
                        in_block: self.block > 0,
                    });
                }
            }
            _ => {}
        }
    }
}

impl<'a> Visitor<'a> for Collector<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(_) | Stmt::ImportFrom(_) => self.record_import(stmt),
            Stmt::FunctionDef(f) => {
                self.module.defined_names.insert(f.name.to_string());
                for decorator in &f.decorator_list {
                    self.visit_decorator(decorator);
                }
                self.depth += 1;
                self.visit_parameters(&f.parameters);
                if let Some(returns) = &f.returns {
                    self.visit_annotation(returns);
                }
                self.visit_body(&f.body);
                self.depth -= 1;
            }
            Stmt::ClassDef(c) => {
                self.module.defined_names.insert(c.name.to_string());
                let bases = c.bases().iter().filter_map(dotted).collect::<Vec<_>>();
                let mapped = c.body.iter().any(|s| match s {
                    Stmt::Assign(a) => a.targets.iter().any(|t| {
                        matches!(t, Expr::Name(n) if n.id.as_str() == "__tablename__" || n.id.as_str() == "__table__")
                    }),
                    Stmt::AnnAssign(a) => {
                        matches!(&*a.target, Expr::Name(n) if n.id.as_str() == "__tablename__")
                            || matches!(&*a.annotation, Expr::Subscript(sub) if dotted(&sub.value).is_some_and(|d| d.ends_with("Mapped")))
                    }
                    _ => false,
                });
                self.module.classes.push(ClassDef {
                    name: c.name.to_string(),
                    name_range: range(&c.name),
                    bases,
                    mapped,
                });
                self.depth += 1;
                visitor::walk_stmt(self, stmt);
                self.depth -= 1;
            }
            Stmt::If(_) | Stmt::Try(_) | Stmt::With(_) | Stmt::For(_) | Stmt::While(_) => {
                self.block += 1;
                visitor::walk_stmt(self, stmt);
                self.block -= 1;
            }
            Stmt::Assign(a) => {
                for target in &a.targets {
                    if let Expr::Name(n) = target {
                        self.module.defined_names.insert(n.id.to_string());
                        if n.id.as_str() == "__all__" {
                            if let Expr::List(l) = &*a.value {
                                for e in &l.elts {
                                    if let Expr::StringLiteral(s) = e {
                                        self.module.used_names.insert(s.value.to_str().to_owned());
                                    }
                                }
                            }
                        }
                    }
                }
                visitor::walk_stmt(self, stmt);
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(n) => {
                if n.ctx == ExprContext::Load || n.ctx == ExprContext::Del {
                    self.module.used_names.insert(n.id.to_string());
                }
            }
            Expr::Call(c) => {
                if let Some(callee) = dotted(&c.func) {
                    self.module.calls.push(CallSite {
                        callee,
                        range: range(c),
                    });
                }
                visitor::walk_expr(self, expr);
            }
            Expr::StringLiteral(s) if self.depth == 0 || s.value.to_str().contains('.') => {
                // String annotations (`"sa.Column"`) use the names they mention.
                let text = s.value.to_str();
                if text.len() < 200 {
                    for part in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                        if !part.is_empty() && text.contains('.') {
                            self.module.used_names.insert(part.to_owned());
                        }
                    }
                }
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// The first non-whitespace offset of the line holding `offset`, and whether only
/// whitespace precedes `offset` on it.
pub(crate) fn line_bounds(source: &str, range: TextRange) -> (usize, usize) {
    let start = (range.start as usize).min(source.len());
    let end = (range.end as usize).min(source.len()).max(start);
    let line_start = source[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = source[end..]
        .find('\n')
        .map_or(source.len(), |i| end + i + 1);
    (line_start, line_end)
}

/// The range that deletes `range` with its whole line(s), when nothing else but
/// whitespace or a comment shares them; `None` otherwise.
pub(crate) fn whole_line_range(source: &str, range: TextRange) -> Option<TextRange> {
    let (line_start, line_end) = line_bounds(source, range);
    let before = source.get(line_start..range.start as usize)?;
    let after = source.get(range.end as usize..line_end)?;
    let after = after.trim_end_matches(['\n', '\r']);
    if before.trim().is_empty() && (after.trim().is_empty() || after.trim_start().starts_with('#'))
    {
        Some(TextRange::new(line_start as u32, line_end as u32))
    } else {
        None
    }
}
