//! Migration function bodies → `Op`s: `op.*` calls, batch blocks, autocommit blocks,
//! dialect conditionals, loops over literal lists and inlined helper functions.

use retort_ir::{
    AlterColumn, Constraint, ConstraintKind, Diagnostic, ExecuteSql, Name, Op, OpKind, Recreate,
    TableDef, TextRange, Value,
};
use ruff_python_ast::{self as ast, Expr, Stmt};

use crate::eval::{is_docstring, range_of, CallArgs, Evaluator};
use crate::obj::Obj;
use crate::schema::{self, as_type, sql_text};

/// The most ops one function may expand to (loops and helpers multiply them).
const MAX_OPS: usize = 50_000;

/// How a block of statements ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Normal,
    Return,
    Raise,
    Break,
    Continue,
}

/// The table a `batch_op` refers to.
#[derive(Debug, Clone)]
struct BatchTarget {
    table: String,
    schema: Option<String>,
}

pub(crate) struct Extractor<'a, 'e> {
    pub(crate) ev: &'e mut Evaluator<'a>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    batch: Option<BatchTarget>,
    inlining: Vec<usize>,
    op_count: usize,
    /// Set by a conditional `if` one branch of which leaves the function (`return`,
    /// `raise`) and the other goes on: `Some(true)` when `then` leaves. The statements
    /// after it run on the other branch only (`if bind.dialect.name != "mssql": return`).
    guard: Option<bool>,
}

fn opaque(reason: impl Into<String>, source: String, range: TextRange) -> Op {
    Op {
        kind: OpKind::Opaque {
            reason: reason.into(),
            source,
        },
        range,
    }
}

impl<'a, 'e> Extractor<'a, 'e> {
    pub(crate) fn new(ev: &'e mut Evaluator<'a>) -> Self {
        Self {
            ev,
            diagnostics: Vec::new(),
            batch: None,
            inlining: Vec::new(),
            op_count: 0,
            guard: None,
        }
    }

    /// Walks statements, appending ops.
    pub(crate) fn block(&mut self, stmts: &[Stmt], out: &mut Vec<Op>) -> Flow {
        for (index, stmt) in stmts.iter().enumerate() {
            if self.op_count > MAX_OPS {
                out.push(opaque(
                    format!("more than {MAX_OPS} operations: the rest of this function was not expanded"),
                    self.ev.text(stmt),
                    range_of(stmt),
                ));
                return Flow::Return;
            }
            let flow = self.stmt(stmt, out);
            if let Some(then_leaves) = self.guard.take() {
                // The rest of the block runs where the `if` did not leave.
                let mut rest = Vec::new();
                self.block(&stmts[index + 1..], &mut rest);
                match out.last_mut().map(|op| &mut op.kind) {
                    Some(OpKind::Conditional {
                        then, otherwise, ..
                    }) => {
                        if then_leaves {
                            otherwise.extend(rest);
                        } else {
                            then.extend(rest);
                        }
                    }
                    _ => out.extend(rest),
                }
                return Flow::Normal;
            }
            if flow != Flow::Normal {
                return flow;
            }
        }
        Flow::Normal
    }

    fn push(&mut self, out: &mut Vec<Op>, op: Op) {
        self.op_count += 1;
        out.push(op);
    }

    fn stmt(&mut self, stmt: &Stmt, out: &mut Vec<Op>) -> Flow {
        let range = range_of(stmt);
        match stmt {
            Stmt::Expr(e) => {
                if is_docstring(stmt) || matches!(&*e.value, Expr::EllipsisLiteral(_)) {
                    return Flow::Normal;
                }
                match &*e.value {
                    Expr::Call(call) => {
                        self.call_stmt(call, out);
                    }
                    Expr::Await(a) => {
                        if let Expr::Call(call) = &*a.value {
                            self.call_stmt(call, out);
                        }
                    }
                    _ => {}
                }
                Flow::Normal
            }
            Stmt::Assign(a) => {
                let value = self.value_stmt(&a.value, out);
                for target in &a.targets {
                    self.ev.assign(target, value.clone());
                }
                Flow::Normal
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let value = self.value_stmt(v, out);
                    self.ev.assign(&a.target, value);
                }
                Flow::Normal
            }
            Stmt::AugAssign(a) => {
                let synthetic = ast::ExprBinOp {
                    node_index: Default::default(),
                    range: a.range,
                    left: a.target.clone(),
                    op: a.op,
                    right: a.value.clone(),
                };
                let value = self.ev.eval(&Expr::BinOp(synthetic));
                self.ev.assign(&a.target, value);
                Flow::Normal
            }
            Stmt::Pass(_) | Stmt::Global(_) | Stmt::Nonlocal(_) | Stmt::Assert(_) => Flow::Normal,
            Stmt::Import(_) | Stmt::ImportFrom(_) => {
                self.ev.import(stmt);
                Flow::Normal
            }
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => Flow::Normal,
            Stmt::Return(_) => Flow::Return,
            Stmt::Raise(_) => Flow::Raise,
            Stmt::Break(_) => Flow::Break,
            Stmt::Continue(_) => Flow::Continue,
            Stmt::If(s) => self.if_stmt(&s.test, &s.body, &s.elif_else_clauses, range, out),
            Stmt::For(f) => self.for_stmt(f, out),
            Stmt::With(w) => self.with_stmt(w, out),
            Stmt::Try(t) => {
                // The path without exceptions is the one a migration means to run.
                let flow = self.block(&t.body, out);
                if flow != Flow::Normal {
                    return flow;
                }
                let flow = self.block(&t.orelse, out);
                if flow != Flow::Normal {
                    return flow;
                }
                self.block(&t.finalbody, out)
            }
            _ => {
                let op = opaque(
                    "this statement cannot be evaluated statically",
                    self.ev.text(stmt),
                    range,
                );
                self.push(out, op);
                Flow::Normal
            }
        }
    }

    /// The value of an assignment's right-hand side, extracting the op it performs, if any.
    fn value_stmt(&mut self, value: &Expr, out: &mut Vec<Op>) -> Obj {
        if let Expr::Call(call) = value {
            if let Some(result) = self.call_stmt_value(call, out) {
                return result;
            }
        }
        // `rows = conn.execute(...).fetchall()`: the execute is an op.
        if let Expr::Call(outer) = value {
            if let Expr::Attribute(attr) = &*outer.func {
                if let Expr::Call(inner) = &*attr.value {
                    if self.call_stmt_value(inner, out).is_some() {
                        return Obj::Unknown(self.ev.text(value));
                    }
                }
            }
        }
        self.ev.eval(value)
    }

    fn call_stmt(&mut self, call: &ast::ExprCall, out: &mut Vec<Op>) {
        if self.call_stmt_value(call, out).is_some() {
            return;
        }
        let range = range_of(call);
        let func = self.ev.eval(&call.func);
        match func {
            Obj::Path(p) if is_harmless(&p) => {}
            Obj::Path(p) if p.starts_with("alembic.op.") || p.starts_with("alembic.context.") => {
                let method = p.rsplit('.').next().unwrap_or_default().to_owned();
                let op = opaque(
                    format!("`op.{method}` is not part of Alembic's op API that Retort follows"),
                    self.ev.text(call),
                    range,
                );
                self.push(out, op);
            }
            Obj::Unknown(text) if is_harmless_name(&text) => {}
            _ => {
                // Evaluate for side effects on nothing; report what cannot be followed.
                let value = self.ev.call(call);
                if let Obj::Unknown(_) = value {
                    let op = opaque(
                        format!(
                            "call to `{}` cannot be followed statically",
                            self.ev.text(&*call.func)
                        ),
                        self.ev.text(call),
                        range,
                    );
                    self.push(out, op);
                }
            }
        }
    }

    /// Handles calls that are operations; `None` when the call is not one.
    fn call_stmt_value(&mut self, call: &ast::ExprCall, out: &mut Vec<Op>) -> Option<Obj> {
        let range = range_of(call);
        match &*call.func {
            Expr::Attribute(attr) => {
                let base = self.ev.eval(&attr.value);
                let method = attr.attr.as_str();
                match base {
                    Obj::Path(p) if p == "alembic.op" => {
                        Some(self.op_method(method, call, None, out))
                    }
                    Obj::BatchOp => {
                        let target = self.batch.clone();
                        match target {
                            Some(t) => Some(self.op_method(method, call, Some(t), out)),
                            None => {
                                let op = opaque(
                                    "`batch_op` used outside its `with` block",
                                    self.ev.text(call),
                                    range,
                                );
                                self.push(out, op);
                                Some(Obj::Value(Value::None))
                            }
                        }
                    }
                    Obj::Bind | Obj::Context if matches!(method, "execute" | "exec_driver_sql") => {
                        let op = self.execute(call, range);
                        self.push(out, op);
                        Some(Obj::Unknown(self.ev.text(call)))
                    }
                    // `sa.Enum(..., name=…).create(op.get_bind())` / `.drop(...)`.
                    Obj::Value(Value::Type(type_)) if matches!(method, "create" | "drop") => {
                        let args = self.ev.args(&call.arguments);
                        if !matches!(args.arg(0, "bind"), Some(Obj::Bind)) {
                            return None;
                        }
                        let checkfirst = args.bool_kw("checkfirst").unwrap_or(true);
                        let type_ = *type_;
                        let kind = if method == "create" {
                            OpKind::CreateType { type_, checkfirst }
                        } else {
                            OpKind::DropType { type_, checkfirst }
                        };
                        self.push(out, Op { kind, range });
                        Some(Obj::Value(Value::None))
                    }
                    _ => None,
                }
            }
            Expr::Name(_) => match self.ev.eval(&call.func) {
                Obj::Function(f) => Some(self.inline(f.0, call, out)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Inlines a helper function defined in the same file.
    fn inline(&mut self, index: usize, call: &ast::ExprCall, out: &mut Vec<Op>) -> Obj {
        let range = range_of(call);
        let Some(def) = self.ev.functions.get(index).copied() else {
            return Obj::Value(Value::None);
        };
        if self.inlining.contains(&index) || self.inlining.len() > 8 {
            let op = opaque(
                "recursive helper call: not expanded",
                self.ev.text(call),
                range,
            );
            self.push(out, op);
            return Obj::Value(Value::None);
        }
        let args = self.ev.args(&call.arguments);
        let frame = self.ev.bind_params(def, &args);
        self.ev.frames.push(frame);
        self.inlining.push(index);
        let mut ops = Vec::new();
        let mut result = Obj::Value(Value::None);
        // A helper returning a value (`def col(): return sa.Column(...)`) is evaluated as an expression.
        let body: Vec<&Stmt> = def.body.iter().filter(|s| !is_docstring(s)).collect();
        if let [Stmt::Return(ast::StmtReturn { value: Some(v), .. })] = body.as_slice() {
            result = self.value_stmt(v, &mut ops);
        } else {
            let flow = self.block(&def.body, &mut ops);
            if flow == Flow::Raise {
                ops.push(opaque(
                    "the helper raises an exception",
                    self.ev.text(call),
                    range,
                ));
            }
        }
        self.inlining.pop();
        self.ev.frames.pop();
        // Ops from a helper point at the call site: that is the line in this revision that runs them.
        for mut op in ops {
            relocate(&mut op, range);
            self.push(out, op);
        }
        result
    }

    fn if_stmt(
        &mut self,
        test: &Expr,
        body: &[Stmt],
        clauses: &[ast::ElifElseClause],
        range: TextRange,
        out: &mut Vec<Op>,
    ) -> Flow {
        let cond = self.ev.eval(test);
        let else_branch = |this: &mut Self, out: &mut Vec<Op>| -> Flow {
            match clauses.split_first() {
                None => Flow::Normal,
                Some((first, rest)) => match &first.test {
                    None => this.block(&first.body, out),
                    Some(t) => this.if_stmt(t, &first.body, rest, range_of(first), out),
                },
            }
        };
        match cond {
            Obj::Value(Value::Bool(true)) => self.block(body, out),
            Obj::Value(Value::Bool(false) | Value::None) => else_branch(self, out),
            Obj::Value(Value::Str(s)) => {
                if s.is_empty() {
                    else_branch(self, out)
                } else {
                    self.block(body, out)
                }
            }
            Obj::Value(Value::List(items)) => {
                if items.is_empty() {
                    else_branch(self, out)
                } else {
                    self.block(body, out)
                }
            }
            Obj::Cond(cond) => {
                let mut then = Vec::new();
                let mut otherwise = Vec::new();
                let flow_then = self.block(body, &mut then);
                let flow_else = else_branch(self, &mut otherwise);
                let op = Op {
                    kind: OpKind::Conditional {
                        cond,
                        then,
                        otherwise,
                    },
                    range,
                };
                self.push(out, op);
                if flow_then != Flow::Normal && flow_then == flow_else {
                    return flow_then;
                }
                // An `elif` that leaves would guard the rest from inside this `if`'s
                // else branch; that nesting is not modelled: the rest stays unconditional.
                self.guard = None;
                let leaves = |flow: Flow| matches!(flow, Flow::Return | Flow::Raise);
                if leaves(flow_then) != leaves(flow_else)
                    && [flow_then, flow_else].contains(&Flow::Normal)
                {
                    self.guard = Some(leaves(flow_then));
                }
                Flow::Normal
            }
            _ => {
                let op = opaque(
                    format!("condition `{}` cannot be evaluated statically; the statements under it were not followed", self.ev.text(test)),
                    self.ev.text(test),
                    range,
                );
                self.push(out, op);
                Flow::Normal
            }
        }
    }

    fn for_stmt(&mut self, f: &ast::StmtFor, out: &mut Vec<Op>) -> Flow {
        let range = range_of(f);
        let iter = self.ev.eval(&f.iter);
        let items = match &iter {
            Obj::Value(Value::List(_)) | Obj::List(_) => iter.items(),
            Obj::Value(Value::Dict(items)) => {
                items.iter().map(|(k, _)| Obj::Value(k.clone())).collect()
            }
            Obj::Value(Value::Str(s)) => s.chars().map(|c| Obj::str(c.to_string())).collect(),
            _ => {
                let op = opaque(
                    format!(
                        "loop over `{}` cannot be unrolled statically",
                        self.ev.text(&*f.iter)
                    ),
                    self.ev.text(&*f.iter),
                    range,
                );
                self.push(out, op);
                return Flow::Normal;
            }
        };
        for item in items {
            self.ev.assign(&f.target, item);
            match self.block(&f.body, out) {
                Flow::Break => return Flow::Normal,
                Flow::Normal | Flow::Continue => {}
                other => return other,
            }
        }
        self.block(&f.orelse, out)
    }

    fn with_stmt(&mut self, w: &ast::StmtWith, out: &mut Vec<Op>) -> Flow {
        let range = range_of(w);
        let [item] = w.items.as_slice() else {
            return self.block(&w.body, out);
        };
        let Expr::Call(call) = &item.context_expr else {
            return self.block(&w.body, out);
        };
        let (base, method) = match &*call.func {
            Expr::Attribute(attr) => (self.ev.eval(&attr.value), attr.attr.as_str()),
            _ => (Obj::Value(Value::None), ""),
        };
        match (&base, method) {
            (Obj::Path(p), "batch_alter_table") if p == "alembic.op" => {
                self.batch(call, item, &w.body, range, out)
            }
            (Obj::Context, "autocommit_block") => {
                let mut ops = Vec::new();
                let flow = self.block(&w.body, &mut ops);
                let op = Op {
                    kind: OpKind::AutocommitBlock { ops },
                    range,
                };
                self.push(out, op);
                flow
            }
            _ => {
                if let Some(var) = &item.optional_vars {
                    let value = self.ev.eval(&item.context_expr);
                    let value = if matches!(base, Obj::Bind) {
                        Obj::Bind
                    } else {
                        value
                    };
                    self.ev.assign(var, value);
                }
                self.block(&w.body, out)
            }
        }
    }

    fn batch(
        &mut self,
        call: &ast::ExprCall,
        item: &ast::WithItem,
        body: &[Stmt],
        range: TextRange,
        out: &mut Vec<Op>,
    ) -> Flow {
        let args = self.ev.args(&call.arguments);
        let Some(table) = args.str_arg(0, "table_name") else {
            let op = opaque(
                "the table of `batch_alter_table` is not known statically",
                self.ev.text(call),
                range,
            );
            self.push(out, op);
            return Flow::Normal;
        };
        let schema = args.str_arg(1, "schema");
        let recreate = match args.str_arg(2, "recreate").as_deref() {
            Some("always") => Recreate::Always,
            Some("never") => Recreate::Never,
            _ => Recreate::Auto,
        };
        let copy_from = match args.arg(4, "copy_from") {
            Some(Obj::Table(t)) => Some(t.clone()),
            _ => None,
        };
        let table_args = args
            .arg(5, "table_args")
            .map(|o| {
                o.items()
                    .into_iter()
                    .filter_map(|o| {
                        if let Obj::Constraint(c) = o {
                            Some(*c)
                        } else {
                            None
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let naming_convention = match args.kw("naming_convention") {
            Some(Obj::Value(Value::Dict(items))) => items
                .iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v.as_str()?.to_owned())))
                .collect(),
            _ => Vec::new(),
        };
        let partial_reordering = args
            .arg(3, "partial_reordering")
            .map(|o| o.items().iter().filter_map(Obj::as_str_list).collect())
            .unwrap_or_default();
        if let Some(var) = &item.optional_vars {
            self.ev.assign(var, Obj::BatchOp);
        }
        let outer = self.batch.replace(BatchTarget {
            table: table.clone(),
            schema: schema.clone(),
        });
        let mut ops = Vec::new();
        let flow = self.block(body, &mut ops);
        self.batch = outer;
        let op = Op {
            kind: OpKind::Batch {
                table,
                schema,
                recreate,
                copy_from,
                table_args,
                naming_convention,
                partial_reordering,
                ops,
            },
            range,
        };
        self.push(out, op);
        flow
    }

    fn execute(&mut self, call: &ast::ExprCall, range: TextRange) -> Op {
        let Some(arg) = call.arguments.args.first().or_else(|| {
            call.arguments
                .keywords
                .iter()
                .find(|k| {
                    k.arg
                        .as_ref()
                        .is_some_and(|a| a.as_str() == "sqltext" || a.as_str() == "statement")
                })
                .map(|k| &k.value)
        }) else {
            return opaque("`execute` without SQL", self.ev.text(call), range);
        };
        let literal = |e: &Expr| match e {
            Expr::StringLiteral(s) if !s.value.is_implicit_concatenated() => Some(range_of(s)),
            _ => None,
        };
        let literal_range = match arg {
            Expr::Call(inner) => inner.arguments.args.first().and_then(literal),
            other => literal(other),
        };
        match self.ev.eval(arg) {
            Obj::Value(Value::Str(sql)) => Op {
                kind: OpKind::Execute {
                    sql: ExecuteSql::Text {
                        sql,
                        literal: literal_range,
                    },
                },
                range,
            },
            Obj::Value(Value::Text(sql)) => Op {
                kind: OpKind::Execute {
                    sql: ExecuteSql::Text {
                        sql,
                        literal: literal_range,
                    },
                },
                range,
            },
            Obj::Statement(sql) => Op {
                kind: OpKind::Execute {
                    sql: ExecuteSql::Core { sql },
                },
                range,
            },
            _ => opaque(
                format!("the SQL `{}` is not known statically", self.ev.text(arg)),
                self.ev.text(call),
                range,
            ),
        }
    }

    /// An `op.<method>(...)` or `batch_op.<method>(...)` call.
    fn op_method(
        &mut self,
        method: &str,
        call: &ast::ExprCall,
        batch: Option<BatchTarget>,
        out: &mut Vec<Op>,
    ) -> Obj {
        let range = range_of(call);
        match method {
            "f" | "inline_literal" | "get_bind" | "get_context" => return self.ev.call(call),
            "execute" => {
                let op = self.execute(call, range);
                self.push(out, op);
                return Obj::Value(Value::None);
            }
            "run_async" | "invoke" | "implementation_for" | "register_operation"
            | "batch_alter_table" => {
                let op = opaque(
                    format!("`op.{method}` runs code Retort cannot follow statically"),
                    self.ev.text(call),
                    range,
                );
                self.push(out, op);
                return Obj::Value(Value::None);
            }
            _ => {}
        }
        let args = self.ev.args(&call.arguments);
        if let Some(unexpanded) = args.unexpanded {
            let op = opaque(
                format!(
                    "arguments `{}` cannot be expanded statically",
                    self.ev.text(&call.arguments)
                ),
                self.ev.text(call),
                unexpanded.cover(range),
            );
            self.push(out, op);
            return Obj::Value(Value::None);
        }
        let p = Params {
            args: &args,
            batch: batch.as_ref(),
            method,
        };
        let result = self.build_op(&p, range);
        match result {
            Ok((kind, value)) => {
                self.push(out, Op { kind, range });
                value
            }
            Err(reason) => {
                let op = opaque(reason, self.ev.text(call), range);
                self.push(out, op);
                Obj::Value(Value::None)
            }
        }
    }

    fn build_op(&mut self, p: &Params<'_>, range: TextRange) -> Result<(OpKind, Obj), String> {
        let args = p.args;
        let method = p.method;
        let none = Obj::Value(Value::None);
        let kind = match method {
            "create_table" => {
                let table = p.table("table_name")?;
                let mut columns = Vec::new();
                let mut constraints = Vec::new();
                let mut indexes = Vec::new();
                for (item, item_range) in args.positional.iter().skip(1) {
                    match item {
                        Obj::Column(c) => columns.push((**c).clone()),
                        Obj::Constraint(c) => constraints.push((**c).clone()),
                        Obj::Index(i) => {
                            let mut i = (**i).clone();
                            i.table = table.clone();
                            indexes.push(i);
                        }
                        other => self.diagnostics.push(
                            Diagnostic::warning(
                                "unresolved-argument",
                                format!("argument `{}` of create_table cannot be evaluated statically; the table may lack a column or constraint", other.describe()),
                            )
                            .with_range(*item_range)
                            .with_help("Checks of this table only see the columns and constraints written in the migration itself; write them there to have them checked."),
                        ),
                    }
                }
                let schema = p.kw_str("schema");
                let comment = p.kw_str("comment");
                let def = TableDef {
                    name: table.clone(),
                    schema: schema.clone(),
                    columns: columns.clone(),
                    constraints: constraints.clone(),
                    indexes: indexes.clone(),
                };
                let kind = OpKind::CreateTable {
                    table,
                    schema,
                    columns,
                    constraints,
                    indexes,
                    comment,
                    if_not_exists: args.bool_kw("if_not_exists").unwrap_or(false),
                    kwargs: args.other_kwargs(&["schema", "comment", "if_not_exists"]),
                };
                return Ok((kind, Obj::Table(Box::new(def))));
            }
            "drop_table" => OpKind::DropTable {
                table: p.table("table_name")?,
                schema: p.kw_str("schema"),
                if_exists: args.bool_kw("if_exists").unwrap_or(false),
            },
            "rename_table" => OpKind::RenameTable {
                old: p.req_str("old_table_name")?,
                new: p.req_str("new_table_name")?,
                schema: p.kw_str("schema"),
            },
            "add_column" => {
                let column = match p.get("column") {
                    Some(Obj::Column(c)) => {
                        let mut c = (**c).clone();
                        for key in ["insert_before", "insert_after"] {
                            if let Some(v) = args.kw(key).and_then(Obj::as_str) {
                                c.kwargs.push((key.to_owned(), Value::Str(v.to_owned())));
                            }
                        }
                        c
                    }
                    _ => return Err("the column of `add_column` is not known statically".into()),
                };
                OpKind::AddColumn {
                    table: p.table("table_name")?,
                    column,
                    schema: p.schema(),
                    if_not_exists: args.bool_kw("if_not_exists").unwrap_or(false),
                }
            }
            "drop_column" => OpKind::DropColumn {
                table: p.table("table_name")?,
                column: p.req_str("column_name")?,
                schema: p.schema(),
                if_exists: args.bool_kw("if_exists").unwrap_or(false),
                kwargs: args.other_kwargs(&["schema", "if_exists", "table_name", "column_name"]),
            },
            "alter_column" => OpKind::AlterColumn(Box::new(AlterColumn {
                table: p.table("table_name")?,
                column: p.req_str("column_name")?,
                schema: p.schema(),
                nullable: args.kw("nullable").and_then(Obj::as_bool),
                type_: args.kw("type_").and_then(as_type),
                server_default: p.default_kw("server_default"),
                new_column_name: p.kw_str("new_column_name"),
                comment: p.comment_kw("comment"),
                autoincrement: args.kw("autoincrement").and_then(Obj::as_bool),
                existing_type: args.kw("existing_type").and_then(as_type),
                existing_nullable: args.kw("existing_nullable").and_then(Obj::as_bool),
                existing_server_default: p.default_kw("existing_server_default"),
                existing_comment: p.comment_kw("existing_comment"),
                existing_autoincrement: args.kw("existing_autoincrement").and_then(Obj::as_bool),
                postgresql_using: p.kw_str("postgresql_using"),
                kwargs: args.other_kwargs(&[
                    "table_name",
                    "column_name",
                    "schema",
                    "nullable",
                    "type_",
                    "server_default",
                    "new_column_name",
                    "comment",
                    "autoincrement",
                    "existing_type",
                    "existing_nullable",
                    "existing_server_default",
                    "existing_comment",
                    "existing_autoincrement",
                    "postgresql_using",
                    "insert_before",
                    "insert_after",
                ]),
            })),
            "create_index" => {
                let name = p.get("index_name").and_then(Obj::as_name);
                let table = p.table("table_name")?;
                let columns = p
                    .get("columns")
                    .ok_or("the columns of `create_index` are not known statically")?;
                let elements = schema::index_elements(std::iter::once(columns));
                OpKind::CreateIndex(schema::index(name, table, elements, args))
            }
            "drop_index" => OpKind::DropIndex {
                name: p
                    .get("index_name")
                    .and_then(Obj::as_name)
                    .ok_or("the name of `drop_index` is not known statically")?,
                table: match &p.batch {
                    Some(b) => Some(b.table.clone()),
                    None => p.get("table_name").and_then(Obj::as_str).map(str::to_owned),
                },
                schema: p.schema(),
                if_exists: args.bool_kw("if_exists").unwrap_or(false),
                concurrently: args.bool_kw("postgresql_concurrently").unwrap_or(false),
                kwargs: args.other_kwargs(&[
                    "index_name",
                    "table_name",
                    "schema",
                    "if_exists",
                    "postgresql_concurrently",
                ]),
            },
            "create_primary_key" | "create_unique_constraint" => {
                let kind = if method == "create_primary_key" {
                    ConstraintKind::PrimaryKey
                } else {
                    ConstraintKind::Unique
                };
                let name = p.name("constraint_name");
                let table = p.table("table_name")?;
                let columns = p
                    .get("columns")
                    .and_then(Obj::as_str_list)
                    .ok_or("the columns of the constraint are not known statically")?;
                let mut c = Constraint::new(kind, name, columns, range);
                c.deferrable = args.bool_kw("deferrable");
                c.initially = p.kw_str("initially");
                c.kwargs = args.other_kwargs(&[
                    "constraint_name",
                    "table_name",
                    "columns",
                    "schema",
                    "deferrable",
                    "initially",
                ]);
                OpKind::AddConstraint {
                    table,
                    schema: p.schema(),
                    constraint: c,
                }
            }
            "create_foreign_key" => {
                let name = p.name("constraint_name");
                let table = p.table("source_table")?;
                let referent = p.req_str("referent_table")?;
                let local = p
                    .get("local_cols")
                    .and_then(Obj::as_str_list)
                    .ok_or("the local columns are not known statically")?;
                let remote = p
                    .get("remote_cols")
                    .and_then(Obj::as_str_list)
                    .ok_or("the remote columns are not known statically")?;
                let mut c = Constraint::new(ConstraintKind::ForeignKey, name, local, range);
                c.ref_table = Some(referent);
                c.ref_schema = p.kw_str("referent_schema");
                c.ref_columns = remote;
                c.ondelete = p.kw_str("ondelete");
                c.onupdate = p.kw_str("onupdate");
                c.match_ = p.kw_str("match");
                c.deferrable = args.bool_kw("deferrable");
                c.initially = p.kw_str("initially");
                c.kwargs = args.other_kwargs(&[
                    "constraint_name",
                    "source_table",
                    "referent_table",
                    "local_cols",
                    "remote_cols",
                    "ondelete",
                    "onupdate",
                    "match",
                    "deferrable",
                    "initially",
                    "source_schema",
                    "referent_schema",
                ]);
                let schema = if p.batch.is_some() {
                    p.schema()
                } else {
                    p.kw_str("source_schema")
                };
                OpKind::AddConstraint {
                    table,
                    schema,
                    constraint: c,
                }
            }
            "create_check_constraint" => {
                let name = p.name("constraint_name");
                let table = p.table("table_name")?;
                let condition = p
                    .get("condition")
                    .ok_or("the condition is not known statically")?;
                let mut c = Constraint::new(ConstraintKind::Check, name, Vec::new(), range);
                c.sqltext = Some(sql_text(condition));
                c.kwargs =
                    args.other_kwargs(&["constraint_name", "table_name", "condition", "schema"]);
                OpKind::AddConstraint {
                    table,
                    schema: p.schema(),
                    constraint: c,
                }
            }
            "create_exclude_constraint" => {
                let name = p.name("constraint_name");
                let table = p.table("table_name")?;
                let skip = if p.batch.is_some() { 1 } else { 2 };
                let elements = args
                    .positional
                    .iter()
                    .skip(skip)
                    .filter_map(|(o, _)| {
                        let items = o.items();
                        let [e, op] = items.as_slice() else {
                            return None;
                        };
                        let e = match e {
                            Obj::Column(c) => c.name.clone(),
                            other => sql_text(other),
                        };
                        Some((e, op.as_str()?.to_owned()))
                    })
                    .collect();
                OpKind::CreateExcludeConstraint {
                    name,
                    table,
                    elements,
                    where_: args.kw("where").map(sql_text),
                    using: p.kw_str("using"),
                    schema: p.schema(),
                }
            }
            "drop_constraint" => {
                let type_ = p.get("type_").and_then(Obj::as_str).map(str::to_owned);
                OpKind::DropConstraint {
                    name: p.name("constraint_name"),
                    table: p.table("table_name")?,
                    kind: type_.as_deref().and_then(ConstraintKind::from_drop_type),
                    schema: p.schema(),
                    if_exists: args.bool_kw("if_exists").unwrap_or(false),
                }
            }
            "create_table_comment" => OpKind::CreateTableComment {
                table: p.table("table_name")?,
                comment: p.req_str("comment")?,
                existing_comment: p.kw_str("existing_comment"),
                schema: p.schema(),
            },
            "drop_table_comment" => OpKind::DropTableComment {
                table: p.table("table_name")?,
                existing_comment: p.kw_str("existing_comment"),
                schema: p.schema(),
            },
            "bulk_insert" => {
                let Some(Obj::Table(t)) = p.get("table") else {
                    return Err("the table of `bulk_insert` is not known statically".into());
                };
                let rows_obj = p
                    .get("rows")
                    .ok_or("the rows of `bulk_insert` are not known statically")?;
                let mut rows = Vec::new();
                for row in rows_obj.items() {
                    let Obj::Value(Value::Dict(items)) = row else {
                        return Err("the rows of `bulk_insert` are not known statically".into());
                    };
                    let row: Option<Vec<(String, Value)>> = items
                        .into_iter()
                        .map(|(k, v)| Some((k.as_str()?.to_owned(), v)))
                        .collect();
                    rows.push(row.ok_or("a row of `bulk_insert` has a key that is not a string")?);
                }
                OpKind::BulkInsert {
                    table: t.name.clone(),
                    schema: t.schema.clone(),
                    columns: t
                        .columns
                        .iter()
                        .map(|c| (c.name.clone(), c.type_.clone()))
                        .collect(),
                    rows,
                    multiinsert: args.bool_kw("multiinsert").unwrap_or(true),
                }
            }
            other => {
                return Err(format!(
                    "`{other}` is not an Alembic operation Retort knows"
                ))
            }
        };
        Ok((kind, none))
    }
}

/// Arguments of an `op.*` / `batch_op.*` call, addressed by Alembic's parameter names.
struct Params<'p> {
    args: &'p CallArgs,
    batch: Option<&'p BatchTarget>,
    method: &'p str,
}

/// Positional parameters of each `op.*` method, as Alembic 1.20 declares them.
fn signature(method: &str) -> &'static [&'static str] {
    match method {
        "create_table" | "drop_table" => &["table_name"],
        "rename_table" => &["old_table_name", "new_table_name"],
        "add_column" => &["table_name", "column"],
        "drop_column" | "alter_column" => &["table_name", "column_name"],
        "create_index" => &["index_name", "table_name", "columns"],
        "drop_index" => &["index_name", "table_name"],
        "create_primary_key" | "create_unique_constraint" => {
            &["constraint_name", "table_name", "columns"]
        }
        "create_foreign_key" => &[
            "constraint_name",
            "source_table",
            "referent_table",
            "local_cols",
            "remote_cols",
        ],
        "create_check_constraint" => &["constraint_name", "table_name", "condition"],
        "create_exclude_constraint" => &["constraint_name", "table_name"],
        "drop_constraint" => &["constraint_name", "table_name", "type_"],
        "create_table_comment" => &["table_name", "comment"],
        "drop_table_comment" => &["table_name"],
        "bulk_insert" => &["table", "rows"],
        _ => &[],
    }
}

impl Params<'_> {
    fn is_table_param(name: &str) -> bool {
        matches!(name, "table_name" | "source_table")
    }

    /// An argument by parameter name; in a batch the table parameter is absent.
    fn get(&self, name: &str) -> Option<&Obj> {
        let position = signature(self.method)
            .iter()
            .filter(|p| self.batch.is_none() || !Self::is_table_param(p))
            .position(|p| *p == name);
        match position {
            Some(i) => self.args.arg(i, name),
            None => self.args.kw(name),
        }
    }

    fn table(&self, name: &str) -> Result<String, String> {
        if let Some(b) = self.batch {
            return Ok(b.table.clone());
        }
        self.req_str(name)
    }

    fn req_str(&self, name: &str) -> Result<String, String> {
        self.get(name)
            .and_then(Obj::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("`{name}` of `{}` is not known statically", self.method))
    }

    fn kw_str(&self, name: &str) -> Option<String> {
        self.args.kw(name).and_then(Obj::as_str).map(str::to_owned)
    }

    fn name(&self, param: &str) -> Option<Name> {
        self.get(param).and_then(Obj::as_name)
    }

    fn schema(&self) -> Option<String> {
        match self.batch {
            Some(b) => b.schema.clone(),
            None => self.kw_str("schema"),
        }
    }

    /// `server_default=`: absent → `None`; `None` or `False` → `Some(None)`; else the value.
    fn default_kw(&self, name: &str) -> Option<Option<Value>> {
        let v = self.args.kw(name)?;
        Some(match v {
            Obj::Value(Value::None | Value::Bool(false)) if name == "server_default" => None,
            Obj::Value(Value::Bool(false)) => return None,
            Obj::Value(Value::None) => None,
            other => Some(other.clone().into_value()),
        })
    }

    /// `comment=`: absent or `False` → `None`; `None` → `Some(None)`.
    fn comment_kw(&self, name: &str) -> Option<Option<String>> {
        match self.args.kw(name)? {
            Obj::Value(Value::Bool(false)) => None,
            Obj::Value(Value::None) => Some(None),
            other => Some(other.as_str().map(str::to_owned)),
        }
    }
}

/// Moves an op (and the ops inside it) to `range`: used for ops produced by an inlined helper.
fn relocate(op: &mut Op, range: TextRange) {
    op.range = range;
    match &mut op.kind {
        OpKind::Batch { ops, .. } | OpKind::AutocommitBlock { ops } => {
            ops.iter_mut().for_each(|o| relocate(o, range))
        }
        OpKind::Conditional {
            then, otherwise, ..
        } => then
            .iter_mut()
            .chain(otherwise)
            .for_each(|o| relocate(o, range)),
        _ => {}
    }
}

/// Calls that never touch the database: output and logging.
fn is_harmless(path: &str) -> bool {
    path == "builtins.print"
        || path.starts_with("logging.")
        || path.starts_with("warnings.")
        || path.starts_with("alembic.context.config.")
}

fn is_harmless_name(text: &str) -> bool {
    let callee = text.split('(').next().unwrap_or(text);
    ["logger.", "log.", "LOG.", "LOGGER.", "_logger.", "print"]
        .iter()
        .any(|p| callee.starts_with(p))
}
