use serde::{Deserialize, Serialize};

use crate::{SqlType, TextRange, Value};

/// A constraint or index name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Name {
    /// The name.
    pub text: String,
    /// Wrapped in `op.f()`: final, no naming convention applies.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_final: bool,
}

impl Name {
    /// A plain name.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            is_final: false,
        }
    }
}

/// One Alembic operation (`op.add_column(...)`) with the range of its call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Op {
    /// What it does.
    pub kind: OpKind,
    /// The source range of the call expression (the statement for compound ops).
    pub range: TextRange,
}

/// `sa.Column(...)` or a column built in `op.add_column`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Column name.
    pub name: String,
    /// The type; `None` when omitted (allowed with a `ForeignKey`, which then gives it).
    pub type_: Option<SqlType>,
    /// `nullable=` when given explicitly; SQLAlchemy's default is `not primary_key`.
    pub nullable: Option<bool>,
    /// `primary_key=True`.
    pub primary_key: bool,
    /// `server_default=`.
    pub server_default: Option<Value>,
    /// `default=` (client side: never reaches DDL), kept as evaluated.
    pub default: Option<Value>,
    /// `unique=`.
    pub unique: Option<bool>,
    /// `index=`.
    pub index: Option<bool>,
    /// `comment=`.
    pub comment: Option<String>,
    /// `autoincrement=`.
    pub autoincrement: Autoincrement,
    /// `sa.ForeignKey(...)` arguments.
    pub foreign_keys: Vec<ForeignKeyRef>,
    /// `sa.Identity(...)`.
    pub identity: Option<Identity>,
    /// `sa.Computed(...)`.
    pub computed: Option<Computed>,
    /// Inline `sa.CheckConstraint(...)` arguments of the column.
    pub checks: Vec<Constraint>,
    /// Other keyword arguments (`postgresql_…`, `mysql_…`, `info`, …), evaluated.
    pub kwargs: Vec<(String, Value)>,
    /// Where the column is written.
    pub range: TextRange,
}

impl Column {
    /// A column with a type and SQLAlchemy's defaults for everything else.
    pub fn new(name: impl Into<String>, type_: Option<SqlType>, range: TextRange) -> Self {
        Self {
            name: name.into(),
            type_,
            nullable: None,
            primary_key: false,
            server_default: None,
            default: None,
            unique: None,
            index: None,
            comment: None,
            autoincrement: Autoincrement::Auto,
            foreign_keys: Vec::new(),
            identity: None,
            computed: None,
            checks: Vec::new(),
            kwargs: Vec::new(),
            range,
        }
    }

    /// Nullability as SQLAlchemy decides it: explicit, else not nullable for primary keys.
    pub fn is_nullable(&self) -> bool {
        self.nullable.unwrap_or(!self.primary_key)
    }
}

/// `autoincrement=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Autoincrement {
    /// Not given (`"auto"`).
    #[default]
    Auto,
    /// `True`.
    Yes,
    /// `False`.
    No,
    /// `"ignore_fk"`.
    IgnoreFk,
}

/// `sa.ForeignKey("table.col", ondelete=…)` on a column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKeyRef {
    /// The target as written, `[schema.]table.column`.
    pub target: String,
    /// `name=`.
    pub name: Option<Name>,
    /// `ondelete=`.
    pub ondelete: Option<String>,
    /// `onupdate=`.
    pub onupdate: Option<String>,
    /// `deferrable=`.
    pub deferrable: Option<bool>,
    /// `initially=`.
    pub initially: Option<String>,
    /// `match=`.
    pub match_: Option<String>,
    /// `use_alter=`.
    pub use_alter: bool,
}

impl ForeignKeyRef {
    /// Splits the target into (schema, table, column).
    pub fn split_target(&self) -> (Option<&str>, &str, &str) {
        let mut parts = self.target.rsplitn(3, '.');
        let column = parts.next().unwrap_or("");
        let table = parts.next().unwrap_or("");
        let schema = parts.next();
        (schema, table, column)
    }
}

/// `sa.Identity(...)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    /// `always=`.
    pub always: bool,
    /// `on_null=`.
    pub on_null: Option<bool>,
    /// `start=`, `increment=`, `minvalue=`, … in source order.
    pub options: Vec<(String, Value)>,
}

/// `sa.Computed("expr", persisted=…)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Computed {
    /// The SQL expression.
    pub sqltext: String,
    /// `persisted=`.
    pub persisted: Option<bool>,
}

/// What kind of table constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstraintKind {
    /// `PRIMARY KEY`.
    PrimaryKey,
    /// `UNIQUE`.
    Unique,
    /// `FOREIGN KEY`.
    ForeignKey,
    /// `CHECK`.
    Check,
}

impl ConstraintKind {
    /// The `type_` argument of `op.drop_constraint`: `primary`, `unique`, `foreignkey`, `check`.
    pub fn from_drop_type(type_: &str) -> Option<Self> {
        match type_ {
            "primary" => Some(Self::PrimaryKey),
            "unique" => Some(Self::Unique),
            "foreignkey" => Some(Self::ForeignKey),
            "check" => Some(Self::Check),
            _ => None,
        }
    }
}

/// A table-level constraint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Constraint {
    /// Which kind.
    pub kind: ConstraintKind,
    /// `name=`, when given.
    pub name: Option<Name>,
    /// Local columns (empty for a CHECK).
    pub columns: Vec<String>,
    /// For a foreign key: the referred table.
    pub ref_table: Option<String>,
    /// For a foreign key: the referred schema.
    pub ref_schema: Option<String>,
    /// For a foreign key: the referred columns.
    pub ref_columns: Vec<String>,
    /// For a foreign key: `ondelete=`.
    pub ondelete: Option<String>,
    /// For a foreign key: `onupdate=`.
    pub onupdate: Option<String>,
    /// For a foreign key: `match=`.
    pub match_: Option<String>,
    /// For a CHECK: its SQL text.
    pub sqltext: Option<String>,
    /// `deferrable=`.
    pub deferrable: Option<bool>,
    /// `initially=`.
    pub initially: Option<String>,
    /// Other keyword arguments (`postgresql_not_valid`, `use_alter`, …).
    pub kwargs: Vec<(String, Value)>,
    /// Where it is written.
    pub range: TextRange,
}

impl Constraint {
    /// A constraint of `kind` over `columns`, with nothing else set.
    pub fn new(
        kind: ConstraintKind,
        name: Option<Name>,
        columns: Vec<String>,
        range: TextRange,
    ) -> Self {
        Self {
            kind,
            name,
            columns,
            ref_table: None,
            ref_schema: None,
            ref_columns: Vec::new(),
            ondelete: None,
            onupdate: None,
            match_: None,
            sqltext: None,
            deferrable: None,
            initially: None,
            kwargs: Vec::new(),
            range,
        }
    }
}

/// One element of an index: a column name or an SQL expression (`sa.text("lower(email)")`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum IndexElement {
    /// A column.
    Column(String),
    /// An expression, as SQL text.
    Expression(String),
}

/// An index, from `op.create_index` or `sa.Index` in `create_table`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    /// Name; `None` only where SQLAlchemy would fail.
    pub name: Option<Name>,
    /// Table the index is on.
    pub table: String,
    /// Columns and expressions, in order.
    pub elements: Vec<IndexElement>,
    /// `unique=`.
    pub unique: bool,
    /// `postgresql_where=` / `sqlite_where=`, as SQL text.
    pub where_: Option<String>,
    /// `postgresql_using=`.
    pub using: Option<String>,
    /// `postgresql_concurrently=`.
    pub concurrently: bool,
    /// `if_not_exists=`.
    pub if_not_exists: bool,
    /// Other keyword arguments (`postgresql_include`, `mysql_length`, …).
    pub kwargs: Vec<(String, Value)>,
}

/// `recreate=` of `batch_alter_table`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recreate {
    /// `"auto"` (the default): recreate on SQLite when needed.
    #[default]
    Auto,
    /// `"always"`.
    Always,
    /// `"never"`.
    Never,
}

/// A table definition given inline, e.g. `copy_from=sa.Table(...)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableDef {
    /// Table name.
    pub name: String,
    /// Schema.
    pub schema: Option<String>,
    /// Columns.
    pub columns: Vec<Column>,
    /// Table-level constraints.
    pub constraints: Vec<Constraint>,
    /// Indexes.
    pub indexes: Vec<Index>,
}

/// The SQL of `op.execute(...)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExecuteSql {
    /// A string or `sa.text(...)` whose text is known.
    Text {
        /// The SQL.
        sql: String,
        /// Range of the string literal in the source when the SQL is one plain literal
        /// (no concatenation, no f-string), so positions inside it map back.
        literal: Option<TextRange>,
    },
    /// A statically known Core construct (`sa.table(...).update().values(...)`), described in SQL.
    Core {
        /// Rendered generic SQL.
        sql: String,
    },
}

impl ExecuteSql {
    /// The SQL text.
    pub fn sql(&self) -> &str {
        match self {
            ExecuteSql::Text { sql, .. } | ExecuteSql::Core { sql } => sql,
        }
    }
}

/// A condition the ops depend on, evaluated when a dialect and mode are chosen (and,
/// for [`Cond::TableExists`], against a database).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Cond {
    /// The bind's dialect name is one of these (`op.get_bind().dialect.name == "postgresql"`).
    DialectIn(Vec<String>),
    /// `context.is_offline_mode()`.
    OfflineMode,
    /// The database has this table: `"t" in inspector.get_table_names()`,
    /// `inspector.has_table("t")`, the inspector made from the bind (`sa.inspect(bind)`).
    TableExists {
        /// Table name.
        table: String,
        /// `schema=`.
        schema: Option<String>,
        /// Where the inspector was made: offline (`--sql`), where there is no
        /// database to inspect, Alembic fails there.
        inspected_at: TextRange,
    },
    /// The table has this column: `"c" in [c["name"] for c in inspector.get_columns("t")]`.
    ColumnExists {
        /// Table name.
        table: String,
        /// Column name.
        column: String,
        /// `schema=`.
        schema: Option<String>,
        /// Where the inspector was made.
        inspected_at: TextRange,
    },
    /// Negation.
    Not(Box<Cond>),
    /// All hold.
    And(Vec<Cond>),
    /// One holds.
    Or(Vec<Cond>),
}

/// What a condition may ask of the database ([`Cond::TableExists`],
/// [`Cond::ColumnExists`]); the logical catalog answers it.
pub trait Inspect {
    /// Whether the table exists.
    fn has_table(&self, schema: Option<&str>, table: &str) -> bool;
    /// Whether the table exists and has the column.
    fn has_column(&self, schema: Option<&str>, table: &str, column: &str) -> bool;
}

/// A database without tables: how conditions on the database are decided where there
/// is none (a rule reading one file, the models' comparison).
#[derive(Debug, Clone, Copy, Default)]
pub struct EmptyDatabase;

impl Inspect for EmptyDatabase {
    fn has_table(&self, _: Option<&str>, _: &str) -> bool {
        false
    }

    fn has_column(&self, _: Option<&str>, _: &str, _: &str) -> bool {
        false
    }
}

impl Cond {
    /// Evaluates the condition for a dialect name and offline / online mode, on an
    /// empty database ([`EmptyDatabase`]). See [`Cond::eval_with`].
    pub fn eval(&self, dialect: &str, offline: bool) -> bool {
        self.eval_with(dialect, offline, &EmptyDatabase)
    }

    /// Evaluates the condition for a dialect name and mode, on the database `db`.
    pub fn eval_with(&self, dialect: &str, offline: bool, db: &dyn Inspect) -> bool {
        match self {
            Cond::DialectIn(names) => names.iter().any(|n| n == dialect),
            Cond::OfflineMode => offline,
            Cond::TableExists { table, schema, .. } => db.has_table(schema.as_deref(), table),
            Cond::ColumnExists {
                table,
                column,
                schema,
                ..
            } => db.has_column(schema.as_deref(), table, column),
            Cond::Not(c) => !c.eval_with(dialect, offline, db),
            Cond::And(cs) => cs.iter().all(|c| c.eval_with(dialect, offline, db)),
            Cond::Or(cs) => cs.iter().any(|c| c.eval_with(dialect, offline, db)),
        }
    }

    /// Where the condition inspects the database, if it does (the first place).
    pub fn inspected_at(&self) -> Option<TextRange> {
        match self {
            Cond::DialectIn(_) | Cond::OfflineMode => None,
            Cond::TableExists { inspected_at, .. } | Cond::ColumnExists { inspected_at, .. } => {
                Some(*inspected_at)
            }
            Cond::Not(c) => c.inspected_at(),
            Cond::And(cs) | Cond::Or(cs) => cs.iter().find_map(Cond::inspected_at),
        }
    }
}

/// `op.alter_column(...)` arguments. `Option<Option<…>>` fields: `None` = not given,
/// `Some(None)` = given as `None` (e.g. `server_default=None` drops the default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlterColumn {
    /// Table.
    pub table: String,
    /// Column.
    pub column: String,
    /// Schema.
    pub schema: Option<String>,
    /// `nullable=`.
    pub nullable: Option<bool>,
    /// `type_=`.
    pub type_: Option<SqlType>,
    /// `server_default=`.
    pub server_default: Option<Option<Value>>,
    /// `new_column_name=`.
    pub new_column_name: Option<String>,
    /// `comment=`.
    pub comment: Option<Option<String>>,
    /// `autoincrement=`.
    pub autoincrement: Option<bool>,
    /// `existing_type=`.
    pub existing_type: Option<SqlType>,
    /// `existing_nullable=`.
    pub existing_nullable: Option<bool>,
    /// `existing_server_default=`.
    pub existing_server_default: Option<Option<Value>>,
    /// `existing_comment=`.
    pub existing_comment: Option<Option<String>>,
    /// `existing_autoincrement=`.
    pub existing_autoincrement: Option<bool>,
    /// `postgresql_using=`.
    pub postgresql_using: Option<String>,
    /// Other keyword arguments.
    pub kwargs: Vec<(String, Value)>,
}

/// Every operation of Alembic's `op.*` API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum OpKind {
    /// `op.create_table(name, *columns_and_constraints, **kw)`.
    CreateTable {
        /// Table name.
        table: String,
        /// `schema=`.
        schema: Option<String>,
        /// Columns in order.
        columns: Vec<Column>,
        /// Table-level constraints in order.
        constraints: Vec<Constraint>,
        /// `sa.Index` objects given to the table.
        indexes: Vec<Index>,
        /// `comment=`.
        comment: Option<String>,
        /// `if_not_exists=`.
        if_not_exists: bool,
        /// Other keyword arguments (`mysql_engine`, `postgresql_partition_by`, …).
        kwargs: Vec<(String, Value)>,
    },
    /// `op.drop_table(name)`.
    DropTable {
        /// Table name.
        table: String,
        /// `schema=`.
        schema: Option<String>,
        /// `if_exists=`.
        if_exists: bool,
    },
    /// `op.rename_table(old, new)`.
    RenameTable {
        /// Old name.
        old: String,
        /// New name.
        new: String,
        /// `schema=`.
        schema: Option<String>,
    },
    /// `op.add_column(table, column)`.
    AddColumn {
        /// Table.
        table: String,
        /// The new column.
        column: Column,
        /// `schema=`.
        schema: Option<String>,
        /// `if_not_exists=`.
        if_not_exists: bool,
    },
    /// `op.drop_column(table, column)`.
    DropColumn {
        /// Table.
        table: String,
        /// Column.
        column: String,
        /// `schema=`.
        schema: Option<String>,
        /// `if_exists=`.
        if_exists: bool,
        /// Other keyword arguments (`mssql_drop_default`, …).
        kwargs: Vec<(String, Value)>,
    },
    /// `op.alter_column(...)`.
    AlterColumn(Box<AlterColumn>),
    /// `op.create_index(...)`.
    CreateIndex(Index),
    /// `op.drop_index(name, table_name=…)`.
    DropIndex {
        /// Index name.
        name: Name,
        /// `table_name=`.
        table: Option<String>,
        /// `schema=`.
        schema: Option<String>,
        /// `if_exists=`.
        if_exists: bool,
        /// `postgresql_concurrently=`.
        concurrently: bool,
        /// Other keyword arguments.
        kwargs: Vec<(String, Value)>,
    },
    /// `op.create_primary_key`, `op.create_unique_constraint`, `op.create_foreign_key`,
    /// `op.create_check_constraint`.
    AddConstraint {
        /// Table the constraint is on (the source table of a foreign key).
        table: String,
        /// `schema=` (`source_schema=` for a foreign key).
        schema: Option<String>,
        /// The constraint.
        constraint: Constraint,
    },
    /// `op.create_exclude_constraint(name, table, *elements, where=, using=)`.
    CreateExcludeConstraint {
        /// Constraint name.
        name: Option<Name>,
        /// Table.
        table: String,
        /// `(expression, operator)` pairs.
        elements: Vec<(String, String)>,
        /// `where=`.
        where_: Option<String>,
        /// `using=`.
        using: Option<String>,
        /// `schema=`.
        schema: Option<String>,
    },
    /// `op.drop_constraint(name, table, type_=…)`.
    DropConstraint {
        /// Name; `None` when written `None`, which Alembic cannot render.
        name: Option<Name>,
        /// Table.
        table: String,
        /// `type_=`.
        kind: Option<ConstraintKind>,
        /// `schema=`.
        schema: Option<String>,
        /// `if_exists=`.
        if_exists: bool,
    },
    /// `op.create_table_comment(table, comment)`.
    CreateTableComment {
        /// Table.
        table: String,
        /// New comment.
        comment: String,
        /// `existing_comment=`.
        existing_comment: Option<String>,
        /// `schema=`.
        schema: Option<String>,
    },
    /// `op.drop_table_comment(table)`.
    DropTableComment {
        /// Table.
        table: String,
        /// `existing_comment=`.
        existing_comment: Option<String>,
        /// `schema=`.
        schema: Option<String>,
    },
    /// `op.bulk_insert(table, rows)`.
    BulkInsert {
        /// Table name (from `sa.table(...)` / `sa.Table(...)`).
        table: String,
        /// Schema.
        schema: Option<String>,
        /// Columns declared on the table object, with their types when given.
        columns: Vec<(String, Option<SqlType>)>,
        /// Rows as (column, value) pairs in source order.
        rows: Vec<Vec<(String, Value)>>,
        /// `multiinsert=`.
        multiinsert: bool,
    },
    /// `op.execute(sql)`.
    Execute {
        /// The SQL.
        sql: ExecuteSql,
    },
    /// `with op.batch_alter_table(table, ...) as batch_op:` and the ops inside it.
    Batch {
        /// Table.
        table: String,
        /// `schema=`.
        schema: Option<String>,
        /// `recreate=`.
        recreate: Recreate,
        /// `copy_from=`.
        copy_from: Option<Box<TableDef>>,
        /// `table_args=` constraints.
        table_args: Vec<Constraint>,
        /// `naming_convention=` as key / template pairs.
        naming_convention: Vec<(String, String)>,
        /// `partial_reordering=` as lists of column names.
        partial_reordering: Vec<Vec<String>>,
        /// The `batch_op.*` operations, each with `table` already set to the batch table.
        ops: Vec<Op>,
    },
    /// `with op.get_context().autocommit_block():` and the ops inside it.
    AutocommitBlock {
        /// The ops run outside the transaction.
        ops: Vec<Op>,
    },
    /// Ops that run only when a condition on the dialect or mode holds.
    Conditional {
        /// The condition.
        cond: Cond,
        /// Ops when it holds.
        then: Vec<Op>,
        /// Ops when it does not.
        otherwise: Vec<Op>,
    },
    /// `sa.Enum(..., name=…).create(op.get_bind())` (or `postgresql.ENUM`, …): a named
    /// type created on its own; PostgreSQL's `CREATE TYPE`, nothing elsewhere.
    CreateType {
        /// The type.
        type_: SqlType,
        /// `checkfirst=` (SQLAlchemy's default: True).
        checkfirst: bool,
    },
    /// `sa.Enum(name=…).drop(op.get_bind())`: a named type dropped on its own;
    /// PostgreSQL's `DROP TYPE`, nothing elsewhere.
    DropType {
        /// The type.
        type_: SqlType,
        /// `checkfirst=` (SQLAlchemy's default: True).
        checkfirst: bool,
    },
    /// A step Retort cannot evaluate statically: reported, never dropped.
    Opaque {
        /// Why it could not be followed.
        reason: String,
        /// The source text of the step (shortened).
        source: String,
    },
}

impl Op {
    /// [`Op::resolve`] without the copy when there is nothing to resolve (no conditional
    /// anywhere, the common case).
    pub fn resolve_borrowed<'a>(
        ops: &'a [Op],
        dialect: &str,
        offline: bool,
    ) -> std::borrow::Cow<'a, [Op]> {
        fn has_conditional(ops: &[Op]) -> bool {
            ops.iter().any(|op| match &op.kind {
                OpKind::Conditional { .. } => true,
                OpKind::Batch { ops, .. } | OpKind::AutocommitBlock { ops } => has_conditional(ops),
                _ => false,
            })
        }
        if has_conditional(ops) {
            std::borrow::Cow::Owned(Op::resolve(ops, dialect, offline))
        } else {
            std::borrow::Cow::Borrowed(ops)
        }
    }

    /// The ops that run for `dialect` in online or offline mode: conditionals resolved
    /// (as on an empty database where they inspect it: [`Cond::eval`]), everything else
    /// (including batch blocks) kept as is.
    pub fn resolve(ops: &[Op], dialect: &str, offline: bool) -> Vec<Op> {
        Op::resolve_with(ops, dialect, offline, &EmptyDatabase)
    }

    /// [`Op::resolve`] on the database `db` ([`Cond::eval_with`]).
    pub fn resolve_with(ops: &[Op], dialect: &str, offline: bool, db: &dyn Inspect) -> Vec<Op> {
        let mut out = Vec::with_capacity(ops.len());
        for op in ops {
            match &op.kind {
                OpKind::Conditional {
                    cond,
                    then,
                    otherwise,
                } => {
                    let branch = if cond.eval_with(dialect, offline, db) {
                        then
                    } else {
                        otherwise
                    };
                    out.extend(Op::resolve_with(branch, dialect, offline, db));
                }
                OpKind::Batch { .. } | OpKind::AutocommitBlock { .. } => {
                    let mut op = op.clone();
                    if let OpKind::Batch { ops, .. } | OpKind::AutocommitBlock { ops } =
                        &mut op.kind
                    {
                        *ops = Op::resolve_with(ops, dialect, offline, db);
                    }
                    out.push(op);
                }
                _ => out.push(op.clone()),
            }
        }
        out
    }

    /// The `op.*` method name this op came from, for messages.
    pub fn method_name(&self) -> &'static str {
        match &self.kind {
            OpKind::CreateTable { .. } => "create_table",
            OpKind::DropTable { .. } => "drop_table",
            OpKind::RenameTable { .. } => "rename_table",
            OpKind::AddColumn { .. } => "add_column",
            OpKind::DropColumn { .. } => "drop_column",
            OpKind::AlterColumn(_) => "alter_column",
            OpKind::CreateIndex(_) => "create_index",
            OpKind::DropIndex { .. } => "drop_index",
            OpKind::AddConstraint { constraint, .. } => match constraint.kind {
                ConstraintKind::PrimaryKey => "create_primary_key",
                ConstraintKind::Unique => "create_unique_constraint",
                ConstraintKind::ForeignKey => "create_foreign_key",
                ConstraintKind::Check => "create_check_constraint",
            },
            OpKind::CreateExcludeConstraint { .. } => "create_exclude_constraint",
            OpKind::DropConstraint { .. } => "drop_constraint",
            OpKind::CreateTableComment { .. } => "create_table_comment",
            OpKind::DropTableComment { .. } => "drop_table_comment",
            OpKind::BulkInsert { .. } => "bulk_insert",
            OpKind::Execute { .. } => "execute",
            OpKind::Batch { .. } => "batch_alter_table",
            OpKind::AutocommitBlock { .. } => "autocommit_block",
            OpKind::Conditional { .. } => "if",
            OpKind::CreateType { .. } => "create_type",
            OpKind::DropType { .. } => "drop_type",
            OpKind::Opaque { .. } => "opaque",
        }
    }

    /// Calls `f` on this op and every op nested in it (batch, autocommit, both branches of conditionals).
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Op)) {
        f(self);
        match &self.kind {
            OpKind::Batch { ops, .. } | OpKind::AutocommitBlock { ops } => {
                ops.iter().for_each(|op| op.walk(f))
            }
            OpKind::Conditional {
                then, otherwise, ..
            } => {
                then.iter().chain(otherwise).for_each(|op| op.walk(f));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    fn op(kind: OpKind) -> Op {
        Op {
            kind,
            range: TextRange::empty(0),
        }
    }

    fn drop_table(table: &str) -> Op {
        op(OpKind::DropTable {
            table: table.to_owned(),
            schema: None,
            if_exists: false,
        })
    }

    #[test]
    fn resolve_borrows_unless_a_conditional_is_nested_somewhere() {
        let plain = vec![op(OpKind::AutocommitBlock {
            ops: vec![drop_table("a")],
        })];
        assert!(matches!(
            Op::resolve_borrowed(&plain, "postgresql", false),
            Cow::Borrowed(_)
        ));
        let nested = vec![op(OpKind::AutocommitBlock {
            ops: vec![op(OpKind::Conditional {
                cond: Cond::DialectIn(vec!["postgresql".to_owned()]),
                then: vec![drop_table("pg")],
                otherwise: vec![drop_table("other")],
            })],
        })];
        let resolved = Op::resolve_borrowed(&nested, "sqlite", false);
        assert!(matches!(resolved, Cow::Owned(_)));
        assert_eq!(resolved.as_ref(), Op::resolve(&nested, "sqlite", false));
        assert_eq!(
            resolved.as_ref(),
            [op(OpKind::AutocommitBlock {
                ops: vec![drop_table("other")]
            })]
        );
    }
}
