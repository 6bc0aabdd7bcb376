//! Small constructors for IR ops, so tests read like the migrations they stand for.
#![allow(dead_code)]

use retort_catalog::{ApplyContext, Catalog, Diagnostic, NamingConvention};
use retort_ir::{
    AlterColumn, Autoincrement, Column, Computed, Cond, Constraint, ConstraintKind, ExecuteSql,
    ForeignKeyRef, Identity, Index, IndexElement, Name, Op, OpKind, Recreate, SqlType, TableDef,
    TextRange, TypeDialect, Value,
};

pub fn op(kind: OpKind) -> Op {
    Op {
        kind,
        range: TextRange::default(),
    }
}

// ---- types and values

pub fn ty(name: &str) -> SqlType {
    SqlType::generic(name)
}

pub fn int() -> SqlType {
    ty("Integer")
}

pub fn string(len: i64) -> SqlType {
    SqlType {
        args: vec![Value::Int(len)],
        ..ty("String")
    }
}

pub fn text() -> SqlType {
    ty("Text")
}

pub fn with_kw(mut t: SqlType, k: &str, v: Value) -> SqlType {
    t.kwargs.push((k.to_owned(), v));
    t
}

pub fn s(v: &str) -> Value {
    Value::Str(v.to_owned())
}

/// `sa.Enum(*labels, name=name)`.
pub fn enum_(name: &str, labels: &[&str]) -> SqlType {
    SqlType {
        args: labels.iter().map(|l| s(l)).collect(),
        kwargs: vec![("name".to_owned(), s(name))],
        ..ty("Enum")
    }
}

/// `postgresql.ENUM(*labels, name=name, create_type=False)`.
pub fn pg_enum_existing(name: &str) -> SqlType {
    SqlType {
        dialect: TypeDialect::Postgresql,
        kwargs: vec![
            ("name".to_owned(), s(name)),
            ("create_type".to_owned(), Value::Bool(false)),
        ],
        ..ty("ENUM")
    }
}

pub fn name(text: &str) -> Name {
    Name::new(text)
}

/// `op.f(text)`.
pub fn f(text: &str) -> Name {
    Name {
        text: text.to_owned(),
        is_final: true,
    }
}

// ---- columns

#[derive(Debug, Clone)]
pub struct Col(pub Column);

pub fn col(n: &str, t: SqlType) -> Col {
    Col(Column::new(n, Some(t), TextRange::default()))
}

pub fn untyped(n: &str) -> Col {
    Col(Column::new(n, None, TextRange::default()))
}

impl Col {
    pub fn pk(mut self) -> Self {
        self.0.primary_key = true;
        self
    }
    pub fn nullable(mut self, v: bool) -> Self {
        self.0.nullable = Some(v);
        self
    }
    pub fn unique(mut self) -> Self {
        self.0.unique = Some(true);
        self
    }
    pub fn index(mut self) -> Self {
        self.0.index = Some(true);
        self
    }
    pub fn fk(mut self, target: &str) -> Self {
        self.0.foreign_keys.push(ForeignKeyRef {
            target: target.to_owned(),
            name: None,
            ondelete: None,
            onupdate: None,
            deferrable: None,
            initially: None,
            match_: None,
            use_alter: false,
        });
        self
    }
    pub fn fk_named(mut self, target: &str, n: &str, ondelete: &str) -> Self {
        self = self.fk(target);
        if let Some(fk) = self.0.foreign_keys.last_mut() {
            fk.name = Some(name(n));
            fk.ondelete = Some(ondelete.to_owned());
        }
        self
    }
    pub fn server_default(mut self, v: Value) -> Self {
        self.0.server_default = Some(v);
        self
    }
    pub fn comment(mut self, c: &str) -> Self {
        self.0.comment = Some(c.to_owned());
        self
    }
    pub fn autoincrement(mut self, a: Autoincrement) -> Self {
        self.0.autoincrement = a;
        self
    }
    pub fn identity(mut self) -> Self {
        self.0.identity = Some(Identity {
            always: true,
            on_null: None,
            options: vec![("start".to_owned(), Value::Int(1))],
        });
        self
    }
    pub fn computed(mut self, sql: &str) -> Self {
        self.0.computed = Some(Computed {
            sqltext: sql.to_owned(),
            persisted: Some(true),
        });
        self
    }
    pub fn check(mut self, sql: &str, n: Option<&str>) -> Self {
        self.0.checks.push(ck(n, sql));
        self
    }
}

// ---- constraints

pub fn constraint(kind: ConstraintKind, n: Option<&str>, cols: &[&str]) -> Constraint {
    Constraint::new(
        kind,
        n.map(name),
        cols.iter().map(|c| (*c).to_owned()).collect(),
        TextRange::default(),
    )
}

pub fn pk(n: Option<&str>, cols: &[&str]) -> Constraint {
    constraint(ConstraintKind::PrimaryKey, n, cols)
}

pub fn unique(n: Option<&str>, cols: &[&str]) -> Constraint {
    constraint(ConstraintKind::Unique, n, cols)
}

pub fn fk(n: Option<&str>, cols: &[&str], ref_table: &str, ref_cols: &[&str]) -> Constraint {
    let mut c = constraint(ConstraintKind::ForeignKey, n, cols);
    c.ref_table = Some(ref_table.to_owned());
    c.ref_columns = ref_cols.iter().map(|c| (*c).to_owned()).collect();
    c
}

pub fn ck(n: Option<&str>, sql: &str) -> Constraint {
    let mut c = constraint(ConstraintKind::Check, n, &[]);
    c.sqltext = Some(sql.to_owned());
    c
}

pub fn final_name(mut c: Constraint) -> Constraint {
    if let Some(n) = &mut c.name {
        n.is_final = true;
    }
    c
}

// ---- indexes

pub fn index(n: Option<&str>, table: &str, cols: &[&str]) -> Index {
    Index {
        name: n.map(name),
        table: table.to_owned(),
        elements: cols
            .iter()
            .map(|c| {
                if c.contains('(') || c.contains(' ') {
                    IndexElement::Expression((*c).to_owned())
                } else {
                    IndexElement::Column((*c).to_owned())
                }
            })
            .collect(),
        unique: false,
        where_: None,
        using: None,
        concurrently: false,
        if_not_exists: false,
        kwargs: Vec::new(),
    }
}

pub fn unique_index(n: Option<&str>, table: &str, cols: &[&str]) -> Index {
    Index {
        unique: true,
        ..index(n, table, cols)
    }
}

// ---- ops

pub struct CreateTable {
    pub table: String,
    pub schema: Option<String>,
    pub columns: Vec<Column>,
    pub constraints: Vec<Constraint>,
    pub indexes: Vec<Index>,
    pub comment: Option<String>,
    pub if_not_exists: bool,
    pub kwargs: Vec<(String, Value)>,
}

pub fn table(n: &str, columns: Vec<Col>) -> CreateTable {
    CreateTable {
        table: n.to_owned(),
        schema: None,
        columns: columns.into_iter().map(|c| c.0).collect(),
        constraints: Vec::new(),
        indexes: Vec::new(),
        comment: None,
        if_not_exists: false,
        kwargs: Vec::new(),
    }
}

impl CreateTable {
    pub fn schema(mut self, s: &str) -> Self {
        self.schema = Some(s.to_owned());
        self
    }
    pub fn constraint(mut self, c: Constraint) -> Self {
        self.constraints.push(c);
        self
    }
    pub fn index(mut self, i: Index) -> Self {
        self.indexes.push(i);
        self
    }
    pub fn comment(mut self, c: &str) -> Self {
        self.comment = Some(c.to_owned());
        self
    }
    pub fn kwarg(mut self, k: &str, v: Value) -> Self {
        self.kwargs.push((k.to_owned(), v));
        self
    }
    pub fn if_not_exists(mut self) -> Self {
        self.if_not_exists = true;
        self
    }
    pub fn def(self) -> TableDef {
        TableDef {
            name: self.table,
            schema: self.schema,
            columns: self.columns,
            constraints: self.constraints,
            indexes: self.indexes,
        }
    }
    pub fn op(self) -> Op {
        op(OpKind::CreateTable {
            table: self.table,
            schema: self.schema,
            columns: self.columns,
            constraints: self.constraints,
            indexes: self.indexes,
            comment: self.comment,
            if_not_exists: self.if_not_exists,
            kwargs: self.kwargs,
        })
    }
}

pub fn drop_table(t: &str) -> Op {
    op(OpKind::DropTable {
        table: t.to_owned(),
        schema: None,
        if_exists: false,
    })
}

pub fn drop_table_if_exists(t: &str) -> Op {
    op(OpKind::DropTable {
        table: t.to_owned(),
        schema: None,
        if_exists: true,
    })
}

pub fn rename_table(old: &str, new: &str) -> Op {
    op(OpKind::RenameTable {
        old: old.to_owned(),
        new: new.to_owned(),
        schema: None,
    })
}

pub fn add_column(t: &str, c: Col) -> Op {
    op(OpKind::AddColumn {
        table: t.to_owned(),
        column: c.0,
        schema: None,
        if_not_exists: false,
    })
}

pub fn add_column_if_not_exists(t: &str, c: Col) -> Op {
    op(OpKind::AddColumn {
        table: t.to_owned(),
        column: c.0,
        schema: None,
        if_not_exists: true,
    })
}

pub fn drop_column(t: &str, c: &str) -> Op {
    op(OpKind::DropColumn {
        table: t.to_owned(),
        column: c.to_owned(),
        schema: None,
        if_exists: false,
        kwargs: Vec::new(),
    })
}

pub fn drop_column_if_exists(t: &str, c: &str) -> Op {
    op(OpKind::DropColumn {
        table: t.to_owned(),
        column: c.to_owned(),
        schema: None,
        if_exists: true,
        kwargs: Vec::new(),
    })
}

pub fn alter(t: &str, c: &str, f: impl FnOnce(&mut AlterColumn)) -> Op {
    let mut a = AlterColumn {
        table: t.to_owned(),
        column: c.to_owned(),
        schema: None,
        nullable: None,
        type_: None,
        server_default: None,
        new_column_name: None,
        comment: None,
        autoincrement: None,
        existing_type: None,
        existing_nullable: None,
        existing_server_default: None,
        existing_comment: None,
        existing_autoincrement: None,
        postgresql_using: None,
        kwargs: Vec::new(),
    };
    f(&mut a);
    op(OpKind::AlterColumn(Box::new(a)))
}

pub fn rename_column(t: &str, old: &str, new: &str) -> Op {
    alter(t, old, |a| a.new_column_name = Some(new.to_owned()))
}

pub fn create_index(i: Index) -> Op {
    op(OpKind::CreateIndex(i))
}

pub fn drop_index(n: &str, t: Option<&str>) -> Op {
    op(OpKind::DropIndex {
        name: name(n),
        table: t.map(str::to_owned),
        schema: None,
        if_exists: false,
        concurrently: false,
        kwargs: Vec::new(),
    })
}

pub fn drop_index_if_exists(n: &str, t: Option<&str>) -> Op {
    op(OpKind::DropIndex {
        name: name(n),
        table: t.map(str::to_owned),
        schema: None,
        if_exists: true,
        concurrently: false,
        kwargs: Vec::new(),
    })
}

pub fn add_constraint(t: &str, c: Constraint) -> Op {
    op(OpKind::AddConstraint {
        table: t.to_owned(),
        schema: None,
        constraint: c,
    })
}

/// `op.drop_constraint(name, table, type_=…)` (`type_` as Alembic spells it).
pub fn drop_constraint(n: Option<&str>, t: &str, type_: Option<&str>) -> Op {
    op(OpKind::DropConstraint {
        name: n.map(name),
        table: t.to_owned(),
        kind: type_.and_then(ConstraintKind::from_drop_type),
        schema: None,
        if_exists: false,
    })
}

pub fn drop_constraint_if_exists(n: &str, t: &str) -> Op {
    op(OpKind::DropConstraint {
        name: Some(name(n)),
        table: t.to_owned(),
        kind: None,
        schema: None,
        if_exists: true,
    })
}

pub fn exclude(n: &str, t: &str, elements: &[(&str, &str)], where_: Option<&str>) -> Op {
    op(OpKind::CreateExcludeConstraint {
        name: Some(name(n)),
        table: t.to_owned(),
        elements: elements
            .iter()
            .map(|(e, o)| ((*e).to_owned(), (*o).to_owned()))
            .collect(),
        where_: where_.map(str::to_owned),
        using: Some("gist".to_owned()),
        schema: None,
    })
}

pub fn table_comment(t: &str, c: &str) -> Op {
    op(OpKind::CreateTableComment {
        table: t.to_owned(),
        comment: c.to_owned(),
        existing_comment: None,
        schema: None,
    })
}

pub fn drop_table_comment(t: &str) -> Op {
    op(OpKind::DropTableComment {
        table: t.to_owned(),
        existing_comment: None,
        schema: None,
    })
}

pub fn bulk_insert(t: &str, rows: &[&[(&str, Value)]]) -> Op {
    op(OpKind::BulkInsert {
        table: t.to_owned(),
        schema: None,
        columns: Vec::new(),
        rows: rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|(k, v)| ((*k).to_owned(), v.clone()))
                    .collect()
            })
            .collect(),
        multiinsert: true,
    })
}

pub fn execute(sql: &str) -> Op {
    op(OpKind::Execute {
        sql: ExecuteSql::Text {
            sql: sql.to_owned(),
            literal: None,
        },
    })
}

pub struct Batch {
    pub table: String,
    pub recreate: Recreate,
    pub copy_from: Option<TableDef>,
    pub naming_convention: Vec<(String, String)>,
    pub partial_reordering: Vec<Vec<String>>,
    pub ops: Vec<Op>,
}

pub fn batch(t: &str, ops: Vec<Op>) -> Batch {
    Batch {
        table: t.to_owned(),
        recreate: Recreate::Auto,
        copy_from: None,
        naming_convention: Vec::new(),
        partial_reordering: Vec::new(),
        ops,
    }
}

impl Batch {
    pub fn recreate(mut self, r: Recreate) -> Self {
        self.recreate = r;
        self
    }
    pub fn copy_from(mut self, def: TableDef) -> Self {
        self.copy_from = Some(def);
        self
    }
    pub fn naming_convention(mut self, pairs: &[(&str, &str)]) -> Self {
        self.naming_convention = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        self
    }
    pub fn reorder(mut self, order: &[&str]) -> Self {
        self.partial_reordering
            .push(order.iter().map(|c| (*c).to_owned()).collect());
        self
    }
    pub fn op(self) -> Op {
        op(OpKind::Batch {
            table: self.table,
            schema: None,
            recreate: self.recreate,
            copy_from: self.copy_from.map(Box::new),
            table_args: Vec::new(),
            naming_convention: self.naming_convention,
            partial_reordering: self.partial_reordering,
            ops: self.ops,
        })
    }
}

pub fn autocommit(ops: Vec<Op>) -> Op {
    op(OpKind::AutocommitBlock { ops })
}

pub fn if_dialect(dialect: &str, then: Vec<Op>, otherwise: Vec<Op>) -> Op {
    op(OpKind::Conditional {
        cond: Cond::DialectIn(vec![dialect.to_owned()]),
        then,
        otherwise,
    })
}

pub fn opaque(reason: &str) -> Op {
    op(OpKind::Opaque {
        reason: reason.to_owned(),
        source: "session.query(User).all()".to_owned(),
    })
}

// ---- contexts

pub fn ctx(dialect: &str) -> ApplyContext {
    ApplyContext::new(dialect)
}

pub fn ctx_with_convention(dialect: &str, pairs: &[(&str, &str)]) -> ApplyContext {
    let mut c = ApplyContext::new(dialect);
    c.naming_convention = NamingConvention::from_pairs(
        &pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<Vec<_>>(),
    );
    c
}

/// The naming convention most projects copy from the SQLAlchemy docs.
pub const DOCS_CONVENTION: &[(&str, &str)] = &[
    ("ix", "ix_%(column_0_label)s"),
    ("uq", "uq_%(table_name)s_%(column_0_name)s"),
    ("ck", "ck_%(table_name)s_%(constraint_name)s"),
    (
        "fk",
        "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    ),
    ("pk", "pk_%(table_name)s"),
];

// ---- running

/// Gives every op a distinct range: top-level op `i` starts at `100 * (i + 1)`, the
/// `j`-th op nested in it at that plus `j + 1`.
pub fn number(ops: &mut [Op]) {
    for (i, op) in ops.iter_mut().enumerate() {
        let base = 100 * (i as u32 + 1);
        op.range = TextRange::new(base, base + 1);
        let nested: Vec<&mut Vec<Op>> = match &mut op.kind {
            OpKind::Batch { ops, .. } | OpKind::AutocommitBlock { ops } => vec![ops],
            OpKind::Conditional {
                then, otherwise, ..
            } => vec![then, otherwise],
            _ => vec![],
        };
        let mut j = 0;
        for list in nested {
            for inner in list.iter_mut() {
                j += 1;
                inner.range = TextRange::new(base + j, base + j + 1);
            }
        }
    }
}

pub fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let at = d.range.map(|r| r.start).unwrap_or_default();
        out.push_str(&format!(
            "@{at} {:?} {}: {}\n",
            d.severity, d.code, d.message
        ));
        if let Some(help) = &d.help {
            out.push_str(&format!("    help: {help}\n"));
        }
    }
    if out.is_empty() {
        out.push_str("(none)\n");
    }
    out
}

/// Applies `ops` to an empty catalog.
pub fn run(ops: &mut [Op], ctx: &ApplyContext) -> (Catalog, Vec<Diagnostic>) {
    number(ops);
    let mut catalog = Catalog::new();
    let diagnostics = catalog.apply_all(ops, ctx);
    (catalog, diagnostics)
}
