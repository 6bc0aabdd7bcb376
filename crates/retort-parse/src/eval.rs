//! Static evaluation of Python expressions: literals, module constants, string
//! building, imports, helper functions, and the SQLAlchemy / Alembic objects
//! migrations pass around.

use rustc_hash::FxHashMap;

use retort_ir::{Cond, Name, TextRange, Value};
use ruff_python_ast::{self as ast, CmpOp, Expr, Number, Operator, Stmt, UnaryOp};
use ruff_text_size::Ranged;

use crate::obj::{FnRef, Obj};
use crate::schema;
use crate::ModuleResolver;

/// How deep helper inlining and name resolution may go, so recursive helpers terminate.
const MAX_DEPTH: usize = 16;

pub(crate) fn range_of(node: &impl Ranged) -> TextRange {
    let r = node.range();
    TextRange::new(r.start().to_u32(), r.end().to_u32())
}

/// Evaluated call arguments.
#[derive(Debug, Default)]
pub(crate) struct CallArgs {
    pub(crate) positional: Vec<(Obj, TextRange)>,
    pub(crate) keywords: Vec<(String, Obj, TextRange)>,
    /// `*args` / `**kwargs` that could not be expanded.
    pub(crate) unexpanded: Option<TextRange>,
}

/// The dialect names SQLAlchemy URLs start with (`postgresql+psycopg://…`).
const URL_SCHEMES: &[&str] = &[
    "postgresql",
    "mysql",
    "mariadb",
    "sqlite",
    "mssql",
    "oracle",
];

impl CallArgs {
    pub(crate) fn kw(&self, name: &str) -> Option<&Obj> {
        self.keywords
            .iter()
            .find(|(k, _, _)| k == name)
            .map(|(_, v, _)| v)
    }

    /// The argument at `position`, or the keyword `name`.
    pub(crate) fn arg(&self, position: usize, name: &str) -> Option<&Obj> {
        self.kw(name)
            .or_else(|| self.positional.get(position).map(|(o, _)| o))
    }

    pub(crate) fn str_arg(&self, position: usize, name: &str) -> Option<String> {
        self.arg(position, name)
            .and_then(Obj::as_str)
            .map(str::to_owned)
    }

    pub(crate) fn bool_kw(&self, name: &str) -> Option<bool> {
        self.kw(name).and_then(Obj::as_bool)
    }

    /// Keyword arguments not in `known`, lowered to values.
    pub(crate) fn other_kwargs(&self, known: &[&str]) -> Vec<(String, Value)> {
        self.keywords
            .iter()
            .filter(|(k, _, _)| !known.contains(&k.as_str()))
            .map(|(k, v, _)| (k.clone(), v.clone().into_value()))
            .collect()
    }
}

/// A frame of local bindings: module level, or one (inlined) function call.
#[derive(Debug, Default, Clone)]
pub(crate) struct Frame {
    // Fx rather than SipHash: names are looked up for every expression of every file,
    // and they come from the file being read, not from an adversary.
    pub(crate) locals: FxHashMap<String, Obj>,
}

/// The evaluator over one module.
pub(crate) struct Evaluator<'a> {
    pub(crate) source: &'a str,
    pub(crate) functions: Vec<&'a ast::StmtFunctionDef>,
    pub(crate) globals: Frame,
    pub(crate) frames: Vec<Frame>,
    pub(crate) resolver: &'a dyn ModuleResolver,
    pub(crate) depth: usize,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(source: &'a str, resolver: &'a dyn ModuleResolver) -> Self {
        Self {
            source,
            functions: Vec::new(),
            globals: Frame::default(),
            frames: Vec::new(),
            resolver,
            depth: 0,
        }
    }

    /// The source text of a node, shortened for messages.
    pub(crate) fn text(&self, node: &impl Ranged) -> String {
        let r = node.range();
        let text = self
            .source
            .get(r.start().to_usize()..r.end().to_usize())
            .unwrap_or("");
        shorten(text)
    }

    pub(crate) fn bind(&mut self, name: &str, value: Obj) {
        match self.frames.last_mut() {
            Some(frame) => frame.locals.insert(name.to_owned(), value),
            None => self.globals.locals.insert(name.to_owned(), value),
        };
    }

    fn lookup(&self, name: &str) -> Option<Obj> {
        if let Some(frame) = self.frames.last() {
            if let Some(v) = frame.locals.get(name) {
                return Some(v.clone());
            }
        }
        self.globals.locals.get(name).cloned()
    }

    /// Binds `target = value`, unpacking tuples.
    pub(crate) fn assign(&mut self, target: &Expr, value: Obj) {
        match target {
            Expr::Name(n) => self.bind(n.id.as_str(), value),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let items = value.items();
                if items.len() == elts.len() && !matches!(value, Obj::Unknown(_)) {
                    for (t, v) in elts.iter().zip(items) {
                        self.assign(t, v);
                    }
                } else {
                    for t in elts {
                        let unknown = Obj::Unknown(self.text(t));
                        self.assign(t, unknown);
                    }
                }
            }
            _ => {}
        }
    }

    /// Records an import statement's bindings.
    pub(crate) fn import(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Import(imp) => {
                for alias in &imp.names {
                    let full = alias.name.as_str();
                    match &alias.asname {
                        Some(asname) => self.bind(asname.as_str(), Obj::Path(full.to_owned())),
                        None => {
                            let first = full.split('.').next().unwrap_or(full);
                            self.bind(first, Obj::Path(first.to_owned()));
                        }
                    }
                }
            }
            Stmt::ImportFrom(imp) => {
                let module = imp.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                for alias in &imp.names {
                    let name = alias.name.as_str();
                    if name == "*" {
                        continue;
                    }
                    let bound = alias.asname.as_ref().map_or(name, |a| a.as_str());
                    let full = if module.is_empty() {
                        name.to_owned()
                    } else {
                        format!("{module}.{name}")
                    };
                    let value = if imp.level == 0 && !self.resolver.is_module(&full) {
                        match self.resolver.constant(module, name) {
                            Some(v) => Obj::Value(v),
                            None => Obj::Path(full),
                        }
                    } else {
                        Obj::Path(full)
                    };
                    self.bind(bound, value);
                }
            }
            _ => {}
        }
    }

    /// Evaluates an expression.
    pub(crate) fn eval(&mut self, expr: &Expr) -> Obj {
        if self.depth > MAX_DEPTH {
            return Obj::Unknown(self.text(expr));
        }
        self.depth += 1;
        let result = self.eval_inner(expr);
        self.depth -= 1;
        result
    }

    fn eval_inner(&mut self, expr: &Expr) -> Obj {
        let unknown = |this: &Self| Obj::Unknown(this.text(expr));
        match expr {
            Expr::StringLiteral(s) => Obj::str(s.value.to_str()),
            Expr::BytesLiteral(b) => {
                let bytes: Vec<u8> = b
                    .value
                    .iter()
                    .flat_map(|part| part.value.iter().copied())
                    .collect();
                Obj::str(String::from_utf8_lossy(&bytes).into_owned())
            }
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => i
                    .as_i64()
                    .map_or_else(|| unknown(self), |i| Obj::Value(Value::Int(i))),
                Number::Float(f) => Obj::Value(Value::Float(*f)),
                Number::Complex { .. } => unknown(self),
            },
            Expr::BooleanLiteral(b) => Obj::Value(Value::Bool(b.value)),
            Expr::NoneLiteral(_) => Obj::Value(Value::None),
            Expr::EllipsisLiteral(_) => unknown(self),
            Expr::Tuple(ast::ExprTuple { elts, .. })
            | Expr::List(ast::ExprList { elts, .. })
            | Expr::Set(ast::ExprSet { elts, .. }) => {
                let mut items = Vec::with_capacity(elts.len());
                for e in elts {
                    if let Expr::Starred(star) = e {
                        match self.eval(&star.value) {
                            Obj::Unknown(_) => return unknown(self),
                            v => items.extend(v.items()),
                        }
                    } else {
                        items.push(self.eval(e));
                    }
                }
                list(items)
            }
            Expr::Dict(d) => {
                let mut items = Vec::new();
                for item in &d.items {
                    let Some(key) = &item.key else {
                        return unknown(self);
                    };
                    let k = self.eval(key).into_value();
                    let v = self.eval(&item.value).into_value();
                    items.push((k, v));
                }
                Obj::Value(Value::Dict(items))
            }
            Expr::FString(f) => self.eval_fstring(f).unwrap_or_else(|| unknown(self)),
            Expr::Name(n) => match self.lookup(n.id.as_str()) {
                Some(v) => v,
                None => match n.id.as_str() {
                    "True" => Obj::Value(Value::Bool(true)),
                    "False" => Obj::Value(Value::Bool(false)),
                    "None" => Obj::Value(Value::None),
                    name @ ("str" | "int" | "len" | "print" | "range" | "list" | "tuple"
                    | "sorted" | "reversed" | "enumerate" | "zip") => {
                        Obj::Path(format!("builtins.{name}"))
                    }
                    _ => match self
                        .functions
                        .iter()
                        .position(|f| f.name.as_str() == n.id.as_str())
                    {
                        Some(i) => Obj::Function(FnRef(i)),
                        None => unknown(self),
                    },
                },
            },
            Expr::Attribute(a) => {
                let base = self.eval(&a.value);
                self.attribute(base, a.attr.as_str())
                    .unwrap_or_else(|| unknown(self))
            }
            Expr::Call(call) => self.call(call),
            Expr::BinOp(b) => {
                let left = self.eval(&b.left);
                let right = self.eval(&b.right);
                binop(left, b.op, right).unwrap_or_else(|| unknown(self))
            }
            Expr::UnaryOp(u) => {
                let operand = self.eval(&u.operand);
                match (u.op, operand) {
                    (UnaryOp::Not, Obj::Cond(c)) => Obj::Cond(Cond::Not(Box::new(c))),
                    (UnaryOp::Not, Obj::Value(Value::Bool(b))) => Obj::Value(Value::Bool(!b)),
                    (UnaryOp::USub, Obj::Value(Value::Int(i))) => Obj::Value(Value::Int(-i)),
                    (UnaryOp::USub, Obj::Value(Value::Float(f))) => Obj::Value(Value::Float(-f)),
                    _ => unknown(self),
                }
            }
            Expr::BoolOp(b) => {
                let values: Vec<Obj> = b.values.iter().map(|v| self.eval(v)).collect();
                boolop(b.op, values).unwrap_or_else(|| unknown(self))
            }
            Expr::Compare(c) => self.compare(c).unwrap_or_else(|| unknown(self)),
            Expr::If(e) => match self.eval(&e.test) {
                Obj::Value(Value::Bool(true)) => self.eval(&e.body),
                Obj::Value(Value::Bool(false)) => self.eval(&e.orelse),
                _ => unknown(self),
            },
            Expr::Subscript(s) => {
                let base = self.eval(&s.value);
                let index = self.eval(&s.slice);
                subscript(&base, &index).unwrap_or_else(|| unknown(self))
            }
            Expr::ListComp(lc) => self.column_names(lc).unwrap_or_else(|| unknown(self)),
            _ => unknown(self),
        }
    }

    /// `[c["name"] for c in inspector.get_columns("t")]` (or `c.get("name")`): the
    /// table's column names, known when a database is at hand.
    fn column_names(&mut self, lc: &ast::ExprListComp) -> Option<Obj> {
        let [generator] = lc.generators.as_slice() else {
            return None;
        };
        if !generator.ifs.is_empty() || generator.is_async {
            return None;
        }
        let Expr::Name(target) = &generator.target else {
            return None;
        };
        let Obj::Columns {
            table,
            schema,
            inspected_at,
        } = self.eval(&generator.iter)
        else {
            return None;
        };
        let var = target.id.as_str();
        let is_var = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == var);
        let is_name_key =
            |e: &Expr| matches!(e, Expr::StringLiteral(s) if s.value.to_str() == "name");
        let reads_name = match &*lc.elt {
            Expr::Subscript(s) => is_var(&s.value) && is_name_key(&s.slice),
            Expr::Call(c) => {
                matches!(&*c.func, Expr::Attribute(a) if a.attr.as_str() == "get" && is_var(&a.value))
                    && matches!(&*c.arguments.args, [key] if is_name_key(key))
                    && c.arguments.keywords.is_empty()
            }
            _ => false,
        };
        reads_name.then_some(Obj::ColumnNames {
            table,
            schema,
            inspected_at,
        })
    }

    fn eval_fstring(&mut self, f: &ast::ExprFString) -> Option<Obj> {
        let mut out = String::new();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(lit) => out.push_str(&lit.value),
                ast::FStringPart::FString(fs) => {
                    for element in &fs.elements {
                        match element {
                            ast::InterpolatedStringElement::Literal(lit) => {
                                out.push_str(&lit.value)
                            }
                            ast::InterpolatedStringElement::Interpolation(i) => {
                                if i.format_spec.is_some() || i.debug_text.is_some() {
                                    return None;
                                }
                                let value = self.eval(&i.expression);
                                out.push_str(&py_str(&value)?);
                            }
                        }
                    }
                }
            }
        }
        Some(Obj::str(out))
    }

    fn attribute(&mut self, base: Obj, attr: &str) -> Option<Obj> {
        Some(match (base, attr) {
            (Obj::Path(p), _) => {
                if self.resolver.is_module(&p) {
                    if let Some(v) = self.resolver.constant(&p, attr) {
                        return Some(Obj::Value(v));
                    }
                }
                Obj::Path(format!("{p}.{attr}"))
            }
            (Obj::Bind, "dialect") | (Obj::Context, "dialect") => Obj::Dialect,
            (Obj::Bind, "engine" | "connection") | (Obj::Context, "bind" | "connection") => {
                Obj::Bind
            }
            (Obj::Bind, "name") | (Obj::Dialect, "name") => Obj::DialectName,
            (Obj::Bind, "url") => Obj::Url,
            (Obj::Table(t), "c") => Obj::Table(t),
            (Obj::Table(t), col) => Obj::str(format!("{}.{col}", t.name)),
            (Obj::Value(Value::Type(t)), _) if attr == "impl" => Obj::Value(Value::Type(t)),
            _ => return None,
        })
    }

    fn compare(&mut self, c: &ast::ExprCompare) -> Option<Obj> {
        let [op] = &*c.ops else { return None };
        let [right] = &*c.comparators else {
            return None;
        };
        let left = self.eval(&c.left);
        let right = self.eval(right);
        let dialect_cond =
            |names: Vec<String>, negate: bool| cond_obj(Cond::DialectIn(names), !negate);
        match (op, &left, &right) {
            (CmpOp::Eq | CmpOp::NotEq, Obj::DialectName, other)
            | (CmpOp::Eq | CmpOp::NotEq, other, Obj::DialectName) => {
                let name = other.as_str()?.to_owned();
                Some(dialect_cond(vec![name], *op == CmpOp::NotEq))
            }
            (CmpOp::In | CmpOp::NotIn, Obj::DialectName, other) => {
                let names = other.as_str_list()?;
                Some(dialect_cond(names, *op == CmpOp::NotIn))
            }
            // `url.startswith("sqlite") is False`
            (
                CmpOp::Eq | CmpOp::NotEq | CmpOp::Is | CmpOp::IsNot,
                Obj::Cond(cond),
                Obj::Value(Value::Bool(b)),
            )
            | (
                CmpOp::Eq | CmpOp::NotEq | CmpOp::Is | CmpOp::IsNot,
                Obj::Value(Value::Bool(b)),
                Obj::Cond(cond),
            ) => {
                let holds = *b == matches!(op, CmpOp::Eq | CmpOp::Is);
                Some(cond_obj(cond.clone(), holds))
            }
            (CmpOp::Eq | CmpOp::NotEq | CmpOp::Is | CmpOp::IsNot, Obj::Value(a), Obj::Value(b)) => {
                let equal = a == b;
                Some(Obj::Value(Value::Bool(
                    equal == matches!(op, CmpOp::Eq | CmpOp::Is),
                )))
            }
            (
                CmpOp::In | CmpOp::NotIn,
                Obj::Value(Value::Str(table)),
                Obj::TableNames {
                    schema,
                    inspected_at,
                },
            ) => {
                let cond = Cond::TableExists {
                    table: table.clone(),
                    schema: schema.clone(),
                    inspected_at: *inspected_at,
                };
                Some(cond_obj(cond, *op == CmpOp::In))
            }
            (
                CmpOp::In | CmpOp::NotIn,
                Obj::Value(Value::Str(column)),
                Obj::ColumnNames {
                    table,
                    schema,
                    inspected_at,
                },
            ) => {
                let cond = Cond::ColumnExists {
                    table: table.clone(),
                    column: column.clone(),
                    schema: schema.clone(),
                    inspected_at: *inspected_at,
                };
                Some(cond_obj(cond, *op == CmpOp::In))
            }
            (CmpOp::In | CmpOp::NotIn, Obj::Value(a), Obj::Value(b)) => {
                let found = match b {
                    Value::List(items) => items.contains(a),
                    Value::Str(s) => a.as_str().is_some_and(|a| s.contains(a)),
                    Value::Dict(items) => items.iter().any(|(k, _)| k == a),
                    _ => return None,
                };
                Some(Obj::Value(Value::Bool(found == (*op == CmpOp::In))))
            }
            _ => None,
        }
    }

    /// Evaluates a call expression (not an `op.*` operation: those are statements).
    pub(crate) fn call(&mut self, call: &ast::ExprCall) -> Obj {
        let range = range_of(call);
        let unknown = |this: &Self| Obj::Unknown(this.text(call));
        // Methods on values: `"...".format(...)`, `t.with_variant(...)`.
        if let Expr::Attribute(attr) = &*call.func {
            let base = self.eval(&attr.value);
            let method = attr.attr.as_str();
            if !matches!(base, Obj::Path(_)) {
                let args = self.args(&call.arguments);
                return self
                    .method(base, method, args)
                    .unwrap_or_else(|| unknown(self));
            }
        }
        let func = self.eval(&call.func);
        let args = self.args(&call.arguments);
        match func {
            Obj::Path(path) => self
                .call_path(&path, args, range)
                .unwrap_or_else(|| unknown(self)),
            Obj::Function(f) => self
                .inline_expr_function(f, args)
                .unwrap_or_else(|| unknown(self)),
            _ => unknown(self),
        }
    }

    pub(crate) fn args(&mut self, arguments: &ast::Arguments) -> CallArgs {
        let mut out = CallArgs::default();
        for arg in &arguments.args {
            if let Expr::Starred(star) = arg {
                match self.eval(&star.value) {
                    Obj::Unknown(_) => out.unexpanded = Some(range_of(arg)),
                    v => out
                        .positional
                        .extend(v.items().into_iter().map(|o| (o, range_of(arg)))),
                }
            } else {
                let value = self.eval(arg);
                out.positional.push((value, range_of(arg)));
            }
        }
        for kw in &arguments.keywords {
            match &kw.arg {
                Some(name) => {
                    let value = self.eval(&kw.value);
                    out.keywords
                        .push((name.as_str().to_owned(), value, range_of(kw)));
                }
                None => match self.eval(&kw.value) {
                    Obj::Value(Value::Dict(items)) => {
                        for (k, v) in items {
                            if let Value::Str(k) = k {
                                out.keywords.push((k, Obj::Value(v), range_of(kw)));
                            }
                        }
                    }
                    _ => out.unexpanded = Some(range_of(kw)),
                },
            }
        }
        out
    }

    fn method(&mut self, base: Obj, method: &str, args: CallArgs) -> Option<Obj> {
        match (&base, method) {
            (Obj::Value(Value::Str(s)), "format") => {
                let positional: Vec<Obj> = args.positional.iter().map(|(o, _)| o.clone()).collect();
                format_str(s, &positional, &args.keywords).map(Obj::str)
            }
            (Obj::Value(Value::Str(s)), "join") => {
                let items = args.positional.first()?.0.items();
                let parts: Option<Vec<String>> = items
                    .iter()
                    .map(|o| o.as_str().map(str::to_owned))
                    .collect();
                Some(Obj::str(parts?.join(s)))
            }
            (Obj::Value(Value::Str(s)), "upper") => Some(Obj::str(s.to_uppercase())),
            (Obj::Value(Value::Str(s)), "lower") => Some(Obj::str(s.to_lowercase())),
            (Obj::Value(Value::Str(s)), "strip") => Some(Obj::str(s.trim())),
            (Obj::Value(Value::Str(s)), "replace") => {
                let from = args.positional.first()?.0.as_str()?;
                let to = args.positional.get(1)?.0.as_str()?;
                Some(Obj::str(s.replace(from, to)))
            }
            (Obj::Value(Value::Str(s)), "startswith") => Some(Obj::Value(Value::Bool(
                s.starts_with(args.positional.first()?.0.as_str()?),
            ))),
            // `str(bind.engine.url).startswith("postgres")`: the URL's scheme is the
            // dialect name (then `+driver`), so the dialects whose names start so.
            (Obj::Url, "startswith") => {
                let prefix = args.positional.first()?.0.as_str()?.to_owned();
                let names = URL_SCHEMES
                    .iter()
                    .filter(|d| d.starts_with(&prefix))
                    .map(|d| (*d).to_owned())
                    .collect();
                Some(Obj::Cond(Cond::DialectIn(names)))
            }
            (Obj::Value(Value::Type(t)), "with_variant") => {
                let variant = args.positional.first()?.0.as_type()?.clone();
                let mut t = t.clone();
                for (dialect, _) in args.positional.iter().skip(1) {
                    for name in dialect.as_str_list().unwrap_or_default() {
                        t.variants.push((name, variant.clone()));
                    }
                }
                Some(Obj::Value(Value::Type(t)))
            }
            (Obj::Value(Value::Type(_)), "evaluates_none" | "copy") => Some(base),
            (Obj::Path(_), _) => None,
            (Obj::BatchOp, "f") => {
                let name = args.positional.first()?.0.as_str()?.to_owned();
                Some(Obj::FinalName(Name {
                    text: name,
                    is_final: true,
                }))
            }
            (Obj::Context, "get_context") | (Obj::Context, "migration_context") => {
                Some(Obj::Context)
            }
            (Obj::Bind, "get_bind") | (Obj::Context, "get_bind") => Some(Obj::Bind),
            (Obj::Inspector(at), "get_table_names") => Some(Obj::TableNames {
                schema: schema_arg(&args, 0)?,
                inspected_at: *at,
            }),
            (Obj::Inspector(at), "get_columns") => Some(Obj::Columns {
                table: args.arg(0, "table_name")?.as_str()?.to_owned(),
                schema: schema_arg(&args, 1)?,
                inspected_at: *at,
            }),
            (Obj::Inspector(at), "has_table") => Some(Obj::Cond(Cond::TableExists {
                table: args.arg(0, "table_name")?.as_str()?.to_owned(),
                schema: schema_arg(&args, 1)?,
                inspected_at: *at,
            })),
            (Obj::Context, "is_offline_mode") => Some(Obj::Cond(Cond::OfflineMode)),
            (Obj::Table(t), "delete") => Some(Obj::Statement(format!("DELETE FROM {}", t.name))),
            (Obj::Table(t), "update") => Some(Obj::Statement(format!("UPDATE {}", t.name))),
            (Obj::Table(t), "insert") => Some(Obj::Statement(format!("INSERT INTO {}", t.name))),
            (Obj::Statement(sql), "values") => core_values(sql, &args).map(Obj::Statement),
            (Obj::Statement(sql), "where") => {
                let [(Obj::Value(Value::Text(cond)), _)] = args.positional.as_slice() else {
                    return None;
                };
                Some(Obj::Statement(format!("{sql} WHERE {cond}")))
            }
            _ => None,
        }
    }

    fn call_path(&mut self, path: &str, args: CallArgs, range: TextRange) -> Option<Obj> {
        match path {
            "alembic.op.f" | "alembic.op.Operations.f" => {
                let name = args.positional.first()?.0.as_str()?.to_owned();
                Some(Obj::FinalName(Name {
                    text: name,
                    is_final: true,
                }))
            }
            "alembic.op.inline_literal" => {
                let value = args.positional.first()?.0.clone().into_value();
                Some(Obj::Value(Value::InlineLiteral(Box::new(value))))
            }
            "alembic.op.get_bind" | "alembic.context.get_bind" => Some(Obj::Bind),
            "sqlalchemy.inspect"
            | "sqlalchemy.inspection.inspect"
            | "sqlalchemy.Inspector.from_engine"
            | "sqlalchemy.engine.Inspector.from_engine"
            | "sqlalchemy.engine.reflection.Inspector.from_engine" => {
                match args.positional.first()?.0 {
                    Obj::Bind => Some(Obj::Inspector(range)),
                    _ => None,
                }
            }
            "alembic.op.get_context" | "alembic.context.get_context" => Some(Obj::Context),
            "alembic.context.is_offline_mode" => Some(Obj::Cond(Cond::OfflineMode)),
            "builtins.str" => match &args.positional.first()?.0 {
                Obj::Url => Some(Obj::Url),
                other => py_str(other).map(Obj::str),
            },
            "builtins.int" => match &args.positional.first()?.0 {
                Obj::Value(Value::Int(i)) => Some(Obj::Value(Value::Int(*i))),
                Obj::Value(Value::Str(s)) => {
                    s.trim().parse().ok().map(|i| Obj::Value(Value::Int(i)))
                }
                _ => None,
            },
            "builtins.len" => match &args.positional.first()?.0 {
                Obj::Value(Value::Str(s)) => Some(Obj::Value(Value::Int(s.chars().count() as i64))),
                o @ (Obj::List(_) | Obj::Value(Value::List(_))) => {
                    Some(Obj::Value(Value::Int(o.items().len() as i64)))
                }
                _ => None,
            },
            "builtins.range" => {
                let ints: Option<Vec<i64>> = args
                    .positional
                    .iter()
                    .map(|(o, _)| match o {
                        Obj::Value(Value::Int(i)) => Some(*i),
                        _ => None,
                    })
                    .collect();
                let (start, stop) = match ints?.as_slice() {
                    [stop] => (0, *stop),
                    [start, stop] => (*start, *stop),
                    _ => return None,
                };
                if stop - start > 10_000 {
                    return None;
                }
                Some(Obj::Value(Value::List(
                    (start..stop).map(Value::Int).collect(),
                )))
            }
            "builtins.enumerate" => {
                let items = args.positional.first()?.0.items();
                Some(list(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, o)| list(vec![Obj::Value(Value::Int(i as i64)), o]))
                        .collect(),
                ))
            }
            "builtins.zip" => {
                let columns: Vec<Vec<Obj>> =
                    args.positional.iter().map(|(o, _)| o.items()).collect();
                let len = columns.iter().map(Vec::len).min().unwrap_or(0);
                Some(list(
                    (0..len)
                        .map(|i| list(columns.iter().map(|c| c[i].clone()).collect()))
                        .collect(),
                ))
            }
            "builtins.list" | "builtins.tuple" | "builtins.sorted" => {
                let mut items = args.positional.first()?.0.items();
                if path == "builtins.sorted" {
                    let mut strs: Vec<String> = items
                        .iter()
                        .map(|o| o.as_str().map(str::to_owned))
                        .collect::<Option<_>>()?;
                    strs.sort();
                    items = strs.into_iter().map(Obj::str).collect();
                }
                Some(list(items))
            }
            _ => schema::construct(self, path, args, range),
        }
    }

    /// Inlines a helper whose body returns an expression (`def col(name): return sa.Column(name, …)`).
    fn inline_expr_function(&mut self, f: FnRef, args: CallArgs) -> Option<Obj> {
        let def = *self.functions.get(f.0)?;
        let body: Vec<&Stmt> = def.body.iter().filter(|s| !is_docstring(s)).collect();
        let [Stmt::Return(ret)] = body.as_slice() else {
            return None;
        };
        let value = ret.value.as_ref()?;
        let frame = self.bind_params(def, &args);
        self.frames.push(frame);
        let result = self.eval(value);
        self.frames.pop();
        Some(result)
    }

    /// A frame with the function's parameters bound to the call's arguments (defaults evaluated here).
    pub(crate) fn bind_params(&mut self, def: &ast::StmtFunctionDef, args: &CallArgs) -> Frame {
        let mut frame = Frame::default();
        let params = &def.parameters;
        let positional: Vec<&ast::ParameterWithDefault> = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .collect();
        for (i, p) in positional.iter().enumerate() {
            let name = p.parameter.name.as_str();
            let value = args
                .kw(name)
                .cloned()
                .or_else(|| args.positional.get(i).map(|(o, _)| o.clone()))
                .or_else(|| p.default.as_ref().map(|d| self.eval(d)))
                .unwrap_or_else(|| Obj::Unknown(name.to_owned()));
            frame.locals.insert(name.to_owned(), value);
        }
        for p in &params.kwonlyargs {
            let name = p.parameter.name.as_str();
            let value = args
                .kw(name)
                .cloned()
                .or_else(|| p.default.as_ref().map(|d| self.eval(d)))
                .unwrap_or_else(|| Obj::Unknown(name.to_owned()));
            frame.locals.insert(name.to_owned(), value);
        }
        if let Some(vararg) = &params.vararg {
            let rest: Vec<Obj> = args
                .positional
                .iter()
                .skip(positional.len())
                .map(|(o, _)| o.clone())
                .collect();
            frame
                .locals
                .insert(vararg.name.as_str().to_owned(), list(rest));
        }
        frame
    }
}

/// `.values(k=v, ...)` on an `UPDATE t` / `INSERT INTO t` statement built with Core.
fn core_values(sql: &str, args: &CallArgs) -> Option<String> {
    let literals: Option<Vec<(String, String)>> = args
        .keywords
        .iter()
        .map(|(k, v, _)| Some((k.clone(), sql_literal(v)?)))
        .collect();
    let literals = literals?;
    if literals.is_empty() || !args.positional.is_empty() {
        return None;
    }
    if sql.starts_with("UPDATE ") && !sql.contains(" SET ") {
        let sets: Vec<String> = literals.iter().map(|(k, v)| format!("{k}={v}")).collect();
        Some(format!("{sql} SET {}", sets.join(", ")))
    } else if sql.starts_with("INSERT INTO ") && !sql.contains(" VALUES ") {
        let (names, values): (Vec<String>, Vec<String>) = literals.into_iter().unzip();
        Some(format!(
            "{sql} ({}) VALUES ({})",
            names.join(", "),
            values.join(", ")
        ))
    } else {
        None
    }
}

/// A value as a generic SQL literal, for Core statements.
fn sql_literal(value: &Obj) -> Option<String> {
    Some(match value {
        Obj::Value(Value::Str(s)) => format!("'{}'", s.replace('\'', "''")),
        Obj::Value(Value::Int(i)) => i.to_string(),
        Obj::Value(Value::Float(f)) => f.to_string(),
        Obj::Value(Value::Bool(b)) => {
            if *b {
                "true".into()
            } else {
                "false".into()
            }
        }
        Obj::Value(Value::None) => "NULL".into(),
        Obj::Value(Value::Text(t)) => t.clone(),
        _ => return None,
    })
}

/// A list object: a plain value list when every item is a value.
pub(crate) fn list(items: Vec<Obj>) -> Obj {
    if items.iter().all(|o| matches!(o, Obj::Value(_))) {
        Obj::Value(Value::List(
            items.into_iter().map(Obj::into_value).collect(),
        ))
    } else {
        Obj::List(items)
    }
}

pub(crate) fn is_docstring(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Expr(e) if matches!(&*e.value, Expr::StringLiteral(_)))
}

/// `str(value)` for the values whose Python string form is certain.
fn py_str(value: &Obj) -> Option<String> {
    Some(match value {
        Obj::Value(Value::Str(s)) => s.clone(),
        Obj::Value(Value::Int(i)) => i.to_string(),
        Obj::Value(Value::Bool(b)) => {
            if *b {
                "True".into()
            } else {
                "False".into()
            }
        }
        Obj::Value(Value::None) => "None".into(),
        Obj::FinalName(n) => n.text.clone(),
        _ => return None,
    })
}

/// `repr(value)` for strings and numbers.
fn py_repr(value: &Obj) -> Option<String> {
    match value {
        Obj::Value(Value::Str(s)) => Some(retort_ir::python::repr_str(s)),
        other => py_str(other),
    }
}

fn binop(left: Obj, op: Operator, right: Obj) -> Option<Obj> {
    use Value::{Int, List, Str};
    Some(match (left, op, right) {
        (Obj::Value(Str(a)), Operator::Add, Obj::Value(Str(b))) => Obj::str(a + &b),
        (Obj::Value(List(mut a)), Operator::Add, Obj::Value(List(b))) => {
            a.extend(b);
            Obj::Value(List(a))
        }
        (
            a @ (Obj::List(_) | Obj::Value(List(_))),
            Operator::Add,
            b @ (Obj::List(_) | Obj::Value(List(_))),
        ) => {
            let mut items = a.items();
            items.extend(b.items());
            list(items)
        }
        (Obj::Value(Int(a)), Operator::Add, Obj::Value(Int(b))) => {
            Obj::Value(Int(a.checked_add(b)?))
        }
        (Obj::Value(Int(a)), Operator::Sub, Obj::Value(Int(b))) => {
            Obj::Value(Int(a.checked_sub(b)?))
        }
        (Obj::Value(Int(a)), Operator::Mult, Obj::Value(Int(b))) => {
            Obj::Value(Int(a.checked_mul(b)?))
        }
        (Obj::Value(Str(s)), Operator::Mult, Obj::Value(Int(n))) if (0..=10_000).contains(&n) => {
            Obj::str(s.repeat(n as usize))
        }
        (Obj::Value(Str(fmt)), Operator::Mod, args) => {
            let args = match args {
                Obj::Value(List(items)) => items.into_iter().map(Obj::Value).collect(),
                Obj::List(items) => items,
                other => vec![other],
            };
            Obj::str(percent_format(&fmt, &args)?)
        }
        _ => return None,
    })
}

fn boolop(op: ast::BoolOp, values: Vec<Obj>) -> Option<Obj> {
    let is_and = op == ast::BoolOp::And;
    let mut conds = Vec::new();
    for v in values {
        match v {
            Obj::Cond(c) => conds.push(c),
            Obj::Value(Value::Bool(b)) => {
                if b != is_and {
                    // `x or True`, `x and False`: decided.
                    return Some(Obj::Value(Value::Bool(b)));
                }
            }
            _ => return None,
        }
    }
    Some(match conds.len() {
        0 => Obj::Value(Value::Bool(is_and)),
        1 => Obj::Cond(conds.remove(0)),
        _ if is_and => Obj::Cond(Cond::And(conds)),
        _ => Obj::Cond(Cond::Or(conds)),
    })
}

fn subscript(base: &Obj, index: &Obj) -> Option<Obj> {
    match (base, index) {
        (Obj::Value(Value::List(items)), Obj::Value(Value::Int(i))) => {
            let i = if *i < 0 { items.len() as i64 + i } else { *i };
            items.get(usize::try_from(i).ok()?).cloned().map(Obj::Value)
        }
        (Obj::List(items), Obj::Value(Value::Int(i))) => {
            let i = if *i < 0 { items.len() as i64 + i } else { *i };
            items.get(usize::try_from(i).ok()?).cloned()
        }
        (Obj::Value(Value::Dict(items)), Obj::Value(key)) => items
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| Obj::Value(v.clone())),
        (Obj::Table(t), Obj::Value(Value::Str(col))) => Some(Obj::str(format!("{}.{col}", t.name))),
        _ => None,
    }
}

/// Python's `%` formatting for `%s`, `%r`, `%d`, `%i` and `%%`.
fn percent_format(fmt: &str, args: &[Obj]) -> Option<String> {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '%' => out.push('%'),
            's' => out.push_str(&py_str(args.next()?)?),
            'r' => out.push_str(&py_repr(args.next()?)?),
            'd' | 'i' => match args.next()? {
                Obj::Value(Value::Int(i)) => out.push_str(&i.to_string()),
                _ => return None,
            },
            _ => return None,
        }
    }
    if args.next().is_some() {
        return None;
    }
    Some(out)
}

/// `str.format` with `{}`, `{0}`, `{name}` and `{{` / `}}`.
fn format_str(
    fmt: &str,
    positional: &[Obj],
    keywords: &[(String, Obj, TextRange)],
) -> Option<String> {
    let mut out = String::new();
    let mut auto = 0;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut field = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    field.push(c);
                }
                if field.contains([':', '!', '.', '[']) {
                    return None;
                }
                let value = if field.is_empty() {
                    auto += 1;
                    positional.get(auto - 1)?
                } else if let Ok(i) = field.parse::<usize>() {
                    positional.get(i)?
                } else {
                    keywords
                        .iter()
                        .find(|(k, _, _)| *k == field)
                        .map(|(_, v, _)| v)?
                };
                out.push_str(&py_str(value)?);
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// Shortens source text for a message: one line, at most 80 characters.
pub(crate) fn shorten(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 80 {
        let cut: String = one_line.chars().take(77).collect();
        format!("{cut}...")
    } else {
        one_line
    }
}

/// `cond` where it holds, else its negation (`not in`, `!=`, `is False`).
fn cond_obj(cond: Cond, holds: bool) -> Obj {
    Obj::Cond(if holds {
        cond
    } else {
        Cond::Not(Box::new(cond))
    })
}

/// The `schema=` of an inspector method (a keyword, or positional at `index`):
/// `Some(None)` when not given, `None` when it cannot be known.
fn schema_arg(args: &CallArgs, index: usize) -> Option<Option<String>> {
    match args.arg(index, "schema") {
        None | Some(Obj::Value(Value::None)) => Some(None),
        Some(other) => other.as_str().map(|s| Some(s.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_and_format() {
        let args = [Obj::str("users"), Obj::Value(Value::Int(3))];
        assert_eq!(
            percent_format("%s_%d%%", &args).as_deref(),
            Some("users_3%")
        );
        assert_eq!(percent_format("%s", &args), None, "too many arguments");
        assert_eq!(
            format_str(
                "{}_{name}",
                &args[..1],
                &[("name".into(), Obj::str("x"), TextRange::default())]
            )
            .as_deref(),
            Some("users_x")
        );
        assert_eq!(
            format_str("{{{0}}}", &args[..1], &[]).as_deref(),
            Some("{users}")
        );
        assert_eq!(format_str("{0:>4}", &args[..1], &[]), None);
    }
}
