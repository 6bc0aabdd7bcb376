//! The Python-level facts of a file ([`PythonFacts`]): comments, imports, names read,
//! calls and classes, collected from the same parse as the ops.

use retort_ir::{CallSite, ClassDef, ImportBinding, PythonFacts, TextRange};
use ruff_python_ast::token::{TokenKind, Tokens};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, ExprContext, Stmt};
use ruff_text_size::Ranged;

fn range(node: &impl Ranged) -> TextRange {
    let r = node.range();
    TextRange::new(r.start().to_u32(), r.end().to_u32())
}

/// Collects the facts of a parsed module.
pub(crate) fn collect(tokens: &Tokens, body: &[Stmt]) -> PythonFacts {
    let mut facts = PythonFacts::default();
    for token in tokens.iter() {
        if token.kind() == TokenKind::Comment {
            facts.comments.push(range(token));
        }
    }
    let mut collector = Collector {
        module: &mut facts,
        used: Vec::new(),
        defined: Vec::new(),
        depth: 0,
        block: 0,
    };
    collector.visit_body(body);
    let Collector { used, defined, .. } = collector;
    facts.used_names = sorted_set(used);
    facts.defined_names = sorted_set(defined);
    facts
}

/// The names as a set, built in one pass: names repeat a lot in a file, and inserting
/// each into the tree as it is met compared strings far more often than sorting does.
fn sorted_set(mut names: Vec<&str>) -> std::collections::BTreeSet<String> {
    names.sort_unstable();
    names.dedup();
    names.into_iter().map(str::to_owned).collect()
}

/// Dotted text of `a.b.c` / `a` (`f()` for a call in the chain); `None` for anything else.
fn dotted(expr: &Expr) -> Option<String> {
    // One buffer for the whole chain: this runs on every call of every file.
    fn push(expr: &Expr, out: &mut String) -> bool {
        match expr {
            Expr::Name(n) => {
                out.push_str(n.id.as_str());
                true
            }
            Expr::Attribute(a) => {
                let ok = push(&a.value, out);
                out.push('.');
                out.push_str(a.attr.as_str());
                ok
            }
            Expr::Call(c) => {
                let ok = push(&c.func, out);
                out.push_str("()");
                ok
            }
            _ => false,
        }
    }
    let mut out = String::new();
    push(expr, &mut out).then_some(out)
}

struct Collector<'m, 'a> {
    module: &'m mut PythonFacts,
    /// `PythonFacts::used_names`, with repeats, until the walk is over.
    used: Vec<&'a str>,
    /// `PythonFacts::defined_names`, likewise.
    defined: Vec<&'a str>,
    /// Function / class nesting.
    depth: u32,
    /// Nesting in `if` / `try` / `with` / loops.
    block: u32,
}

impl Collector<'_, '_> {
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

impl<'a> Visitor<'a> for Collector<'_, 'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(_) | Stmt::ImportFrom(_) => self.record_import(stmt),
            Stmt::FunctionDef(f) => {
                self.defined.push(f.name.as_str());
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
                self.defined.push(c.name.as_str());
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
                        self.defined.push(n.id.as_str());
                        if n.id.as_str() == "__all__" {
                            if let Expr::List(l) = &*a.value {
                                for e in &l.elts {
                                    if let Expr::StringLiteral(s) = e {
                                        self.used.push(s.value.to_str());
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
                    self.used.push(n.id.as_str());
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
            Expr::StringLiteral(s) => {
                // String annotations (`"sa.Column"`) use the names they mention.
                let text = s.value.to_str();
                if text.len() < 200 && text.contains('.') {
                    let parts = text.split(|c: char| !(c.is_alphanumeric() || c == '_'));
                    self.used.extend(parts.filter(|part| !part.is_empty()));
                }
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{parse_revision, NoModules};

    #[test]
    fn facts_come_from_the_same_parse() {
        let source = "import os.path, sys  # keep\nfrom app.models import User as U\nif TYPE_CHECKING:\n    from x import y\n__all__ = ['z']\nclass M(Base):\n    __tablename__ = 't'\ndef upgrade():\n    print(os.path.join('a'))\n    sa.orm.Session()\n";
        let facts = parse_revision("v/a.py", source, &NoModules).python;
        assert_eq!(facts.comments.len(), 1);
        let imports: Vec<(&str, Option<&str>, &str, bool, bool)> = facts
            .imports
            .iter()
            .map(|i| {
                (
                    i.module.as_str(),
                    i.member.as_deref(),
                    i.binding.as_str(),
                    i.module_level,
                    i.in_block,
                )
            })
            .collect();
        assert_eq!(
            imports,
            [
                ("os.path", None, "os", true, false),
                ("sys", None, "sys", true, false),
                ("app.models", Some("User"), "U", true, false),
                ("x", Some("y"), "y", false, true),
            ]
        );
        assert_eq!(facts.imports[0].siblings.len(), 2);
        let calls: Vec<&str> = facts.calls.iter().map(|c| c.callee.as_str()).collect();
        assert_eq!(calls, ["print", "os.path.join", "sa.orm.Session"]);
        assert!(facts.used_names.contains("os") && facts.used_names.contains("z"));
        assert!(!facts.used_names.contains("sys"));
        assert_eq!(facts.classes.len(), 1);
        assert!(facts.classes[0].mapped && facts.classes[0].bases == ["Base"]);
        assert!(!facts.is_builtin("M") && facts.is_builtin("print"));
    }
}
