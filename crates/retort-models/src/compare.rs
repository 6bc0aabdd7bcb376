//! Autogenerate's compare (`alembic/autogenerate/compare/*`, Alembic 1.20): the models'
//! schema against the database's, as a list of operations and the log lines Alembic
//! writes while finding them.
//!
//! The database side is the catalog at head as the dialect would reflect it (see
//! [`reflect_catalog`]): types compiled and read back, server defaults as the stored
//! SQL text, no comments on SQLite.

use retort_catalog::{
    Catalog, CatalogColumn, CatalogIndex, CheckConstraint, ConstraintDef, ForeignKey,
    QualifiedName, Table, UniqueConstraint,
};
use retort_ir::{Autoincrement, IndexElement, Value};
use serde::{Deserialize, Serialize};

use crate::ops::{AlterColumnOp, AutogenOp, OpGroup};
use crate::repr::{py_str, py_tuple, type_py_repr};
use crate::schema::ModelSchema;
use crate::types::{self, Dialect};

/// How to compare, as `context.configure(...)` in `env.py` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompareOptions {
    /// The database dialect (`sqlite`, `postgresql`, `mysql`).
    pub dialect: String,
    /// `compare_type=` (Alembic's default: `True`).
    pub compare_type: bool,
    /// `compare_server_default=` (default `False`).
    pub compare_server_default: bool,
    /// The opt-in `alembic.ext.checkconstraint_byname` plugin: named CHECK constraints.
    pub check_constraints: bool,
}

impl Default for CompareOptions {
    fn default() -> Self {
        Self {
            dialect: "sqlite".to_owned(),
            compare_type: true,
            compare_server_default: false,
            check_constraints: false,
        }
    }
}

/// One line autogenerate logs, or a Python warning it emits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogRecord {
    /// The logger, e.g. `alembic.autogenerate.compare.tables`; for a warning, the
    /// `file:line` that issues it.
    pub logger: String,
    /// The message.
    pub message: String,
    /// A `UserWarning` (printed by Python's `warnings`), not an `INFO` log line.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub warning: bool,
}

/// What autogenerate finds: the upgrade operations and the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The dialect compared for.
    pub dialect: String,
    /// Whether the opt-in check constraint plugin ran.
    pub check_constraints: bool,
    /// `UpgradeOps.ops`.
    pub upgrade: Vec<OpGroup>,
    /// The `Detected …` lines, in the order Alembic logs them.
    pub log: Vec<LogRecord>,
    /// The models' client-side column defaults (for `repr()` of model columns).
    pub client_defaults: Vec<(QualifiedName, String, Value)>,
}

impl Comparison {
    /// No operation: `alembic check` passes.
    pub fn is_empty(&self) -> bool {
        self.upgrade.iter().all(|g| g.ops().next().is_none())
    }

    /// The downgrade operations (`reverse_into`).
    pub fn downgrade(&self) -> Vec<OpGroup> {
        crate::ops::reverse_groups(&self.upgrade)
    }
}

const TABLES: &str = "alembic.autogenerate.compare.tables";
const CONSTRAINTS: &str = "alembic.autogenerate.compare.constraints";
const TYPES: &str = "alembic.autogenerate.compare.types";
const DEFAULTS: &str = "alembic.autogenerate.compare.server_defaults";
const COMMENTS: &str = "alembic.autogenerate.compare.comments";
const CHECKS: &str = "alembic.ext.checkconstraint_byname";

/// The Alembic impl class for a dialect (for the server default message).
fn impl_class(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "alembic.ddl.sqlite.SQLiteImpl",
        Dialect::Postgresql => "alembic.ddl.postgresql.PostgresqlImpl",
        Dialect::Mysql => "alembic.ddl.mysql.MySQLImpl",
        Dialect::Default => "alembic.ddl.impl.DefaultImpl",
    }
}

/// The database as `dialect` reflects the catalog at head.
pub fn reflect_catalog(head: &Catalog, dialect: &str) -> Catalog {
    let d = Dialect::from_name(dialect);
    let mut out = Catalog::new();
    for table in head.tables() {
        if table.name == "alembic_version" {
            continue;
        }
        let mut t = table.clone();
        for c in &mut t.columns {
            if let Some(ty) = &c.type_ {
                if let Ok(reflected) = types::reflect(ty, d) {
                    c.type_ = reflected;
                }
            }
            c.server_default = c
                .server_default
                .as_ref()
                .map(|v| Value::Text(stored_default(v, d)));
            if !d.supports_comments() {
                c.comment = None;
            }
        }
        if !d.supports_comments() {
            t.comment = None;
        }
        out.insert_table(t);
    }
    out
}

/// The SQL text a database stores for a server default (what reflection returns).
fn stored_default(value: &Value, dialect: Dialect) -> String {
    let text = match value {
        Value::Str(s) => format!("'{}'", s.replace('\'', "''")),
        other => default_sql(other, dialect),
    };
    if dialect == Dialect::Sqlite && sqlite_unparenthesized_expr(&text) {
        format!("({text})")
    } else {
        text
    }
}

/// SQLiteImpl._guess_if_default_is_unparenthesized_sql_expr.
fn sqlite_unparenthesized_expr(expr: &str) -> bool {
    let single_digit =
        expr.chars().count() == 1 && expr.chars().all(|c| c.is_ascii_digit() || c == '.');
    let quoted = expr.len() >= 3 && expr.starts_with('\'') && expr.ends_with('\'');
    let parenthesized = expr.len() >= 3 && expr.starts_with('(') && expr.ends_with(')');
    !(expr.is_empty() || single_digit || quoted || parenthesized)
}

/// A server default compiled to SQL (literal binds) for `dialect`.
fn default_sql(value: &Value, dialect: Dialect) -> String {
    match value {
        Value::Str(s) => s.clone(),
        Value::Text(t) | Value::Unknown(t) => t.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => {
            if dialect == Dialect::Sqlite {
                if *b { "1" } else { "0" }.to_owned()
            } else {
                if *b { "true" } else { "false" }.to_owned()
            }
        }
        Value::Keyword(k) => match (k.as_str(), dialect) {
            ("true", Dialect::Sqlite) => "1".to_owned(),
            ("false", Dialect::Sqlite) => "0".to_owned(),
            (k, _) => k.to_uppercase(),
        },
        Value::Func { name, args } => {
            let lower = name.to_lowercase();
            match (lower.as_str(), dialect) {
                ("now" | "current_timestamp", Dialect::Sqlite) => "CURRENT_TIMESTAMP".to_owned(),
                ("current_timestamp" | "current_date" | "current_time" | "localtimestamp", _) => {
                    lower.to_uppercase()
                }
                _ => format!(
                    "{name}({})",
                    args.iter()
                        .map(|a| match a {
                            Value::Str(s) => format!("'{}'", s.replace('\'', "''")),
                            other => default_sql(other, dialect),
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        other => crate::repr::value_py_repr(other),
    }
}

/// A server default as the dialect compiles it for rendering (`sa.text('…')`), SQLite's
/// parentheses around expressions included.
pub(crate) fn default_sql_for(value: &Value, dialect: Dialect) -> String {
    let sql = default_sql(value, dialect);
    if dialect == Dialect::Sqlite && sqlite_unparenthesized_expr(&sql) {
        format!("({sql})")
    } else {
        sql
    }
}

/// `_render_server_default_for_compare`: a string default as is, an expression compiled.
fn metadata_default_text(value: &Value, dialect: Dialect) -> String {
    match value {
        Value::Str(s) => s.clone(),
        // SQLite's DDL wraps function defaults in parentheses; compiling does not,
        // and the SQLite comparison strips them.
        other => default_sql(other, dialect),
    }
}

/// `SQLiteImpl.compare_server_default` normalisation.
fn sqlite_strip(text: &str) -> String {
    let mut t = text.to_owned();
    if t.len() >= 3 && t.starts_with('(') && t.ends_with(')') {
        t = t[1..t.len() - 1].to_owned();
    }
    let inner = t.strip_prefix('"').unwrap_or(&t);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    if inner.len() >= 3 && inner.starts_with('\'') && inner.ends_with('\'') {
        return inner[1..inner.len() - 1].to_owned();
    }
    t
}

/// A default's SQL as the value it denotes: `'x'::character varying`, `('x')` and `x`
/// are the same literal.
fn literal_value(text: &str) -> String {
    let mut t = text.trim().to_owned();
    if let Some(at) = t.rfind("::") {
        if t[at + 2..]
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '_')
        {
            t.truncate(at);
        }
    }
    sqlite_strip(&t)
}

struct Comparer<'a> {
    models: &'a ModelSchema,
    opts: &'a CompareOptions,
    dialect: Dialect,
    log: Vec<LogRecord>,
}

/// Compares the models with the catalog at head, as `alembic check` does.
pub fn compare(models: &ModelSchema, head: &Catalog, opts: &CompareOptions) -> Comparison {
    let dialect = Dialect::from_name(&opts.dialect);
    let conn = reflect_catalog(head, &opts.dialect);
    let mut c = Comparer {
        models,
        opts,
        dialect,
        log: Vec::new(),
    };
    let upgrade = c.tables(&conn);
    Comparison {
        dialect: opts.dialect.clone(),
        check_constraints: opts.check_constraints,
        upgrade,
        log: c.log,
        client_defaults: models.client_defaults.clone(),
    }
}

fn display_name(key: &QualifiedName) -> String {
    key.to_string()
}

impl Comparer<'_> {
    fn info(&mut self, logger: &str, message: String) {
        self.log.push(LogRecord {
            logger: logger.to_owned(),
            message,
            warning: false,
        });
    }

    fn warn(&mut self, location: &str, message: String) {
        self.log.push(LogRecord {
            logger: location.to_owned(),
            message,
            warning: true,
        });
    }

    fn model_conv_names(&self, table: &Table) -> Vec<String> {
        let key = table.key();
        self.models
            .conv_names
            .iter()
            .filter(|(t, _)| *t == key)
            .map(|(_, n)| n.clone())
            .collect()
    }

    fn model_conv(&self, table: &Table, name: Option<&str>) -> bool {
        name.is_some_and(|n| self.models.is_conv(&table.key(), n))
    }

    /// `_compare_tables`.
    fn tables(&mut self, conn: &Catalog) -> Vec<OpGroup> {
        let mut out = Vec::new();
        let models = &self.models.catalog;
        for key in &self.models.sorted {
            let Some(table) = models.table(key.schema.as_deref(), &key.name) else {
                continue;
            };
            if conn.table(key.schema.as_deref(), &key.name).is_some() {
                continue;
            }
            out.push(OpGroup::Op {
                op: Box::new(AutogenOp::AddTable {
                    table: Box::new(table.clone()),
                    conv_names: self.model_conv_names(table),
                }),
            });
            self.info(
                TABLES,
                format!("Detected added table {}", py_str(&display_name(key))),
            );
            let ops = self.table_ops(None, Some(table));
            if !ops.is_empty() {
                out.push(OpGroup::ModifyTable {
                    schema: key.schema.clone(),
                    table: key.name.clone(),
                    ops,
                });
            }
        }
        let mut removed: Vec<&Table> = conn
            .tables()
            .filter(|t| models.table(t.schema.as_deref(), &t.name).is_none())
            .collect();
        removed.sort_by(|a, b| (&a.schema, &a.name).cmp(&(&b.schema, &b.name)));
        for table in removed {
            let ops = self.table_ops(Some(table), None);
            if !ops.is_empty() {
                out.push(OpGroup::ModifyTable {
                    schema: table.schema.clone(),
                    table: table.name.clone(),
                    ops,
                });
            }
            out.push(OpGroup::Op {
                op: Box::new(AutogenOp::RemoveTable {
                    table: Box::new(table.clone()),
                    conv_names: all_names(table),
                }),
            });
            self.info(
                TABLES,
                format!(
                    "Detected removed table {}",
                    py_str(&display_name(&table.key()))
                ),
            );
        }
        let mut existing: Vec<(&Table, &Table)> = models
            .tables()
            .filter_map(|m| conn.table(m.schema.as_deref(), &m.name).map(|c| (c, m)))
            .collect();
        existing.sort_by(|a, b| {
            (a.1.schema.as_deref().unwrap_or(""), &a.1.name)
                .cmp(&(b.1.schema.as_deref().unwrap_or(""), &b.1.name))
        });
        for (conn_t, model_t) in existing {
            let ops = self.existing_table(conn_t, model_t);
            if !ops.is_empty() {
                out.push(OpGroup::ModifyTable {
                    schema: model_t.schema.clone(),
                    table: model_t.name.clone(),
                    ops,
                });
            }
        }
        out
    }

    /// `_compare_columns` around the table comparators.
    fn existing_table(&mut self, conn: &Table, model: &Table) -> Vec<AutogenOp> {
        let name = display_name(&model.key());
        let mut ops = Vec::new();
        for col in &model.columns {
            if conn.column(&col.name).is_none() {
                ops.push(AutogenOp::AddColumn {
                    schema: model.schema.clone(),
                    table: model.name.clone(),
                    column: col.clone(),
                    references: references(model, &col.name),
                });
                self.info(
                    TABLES,
                    format!("Detected added column '{name}.{}'", col.name),
                );
            }
        }
        for col in &model.columns {
            let Some(conn_col) = conn.column(&col.name) else {
                continue;
            };
            let alter = self.column(model, conn_col, col);
            if alter.has_changes() {
                ops.push(AutogenOp::AlterColumn(Box::new(alter)));
            }
        }
        ops.extend(self.table_ops(Some(conn), Some(model)));
        for col in &conn.columns {
            if model.column(&col.name).is_none() {
                ops.push(AutogenOp::RemoveColumn {
                    schema: model.schema.clone(),
                    table: model.name.clone(),
                    column: col.clone(),
                    references: references(conn, &col.name),
                });
                self.info(
                    TABLES,
                    format!("Detected removed column '{name}.{}'", col.name),
                );
            }
        }
        ops
    }

    /// The "column" comparators, in dispatch order (FIRST, MEDIUM, LAST priorities;
    /// a STOP ends its subgroup).
    fn column(
        &mut self,
        table: &Table,
        conn: &CatalogColumn,
        model: &CatalogColumn,
    ) -> AlterColumnOp {
        let tname = &table.name;
        let cname = &model.name;
        let mut alter = AlterColumnOp::new(table.schema.as_deref(), tname, cname);
        let mut types_stopped = false;
        let mut defaults_stopped = false;
        let mut comments_stopped = false;

        // FIRST: _user_compare_type, _user_compare_server_default.
        let mut types_comparable = false;
        if self.opts.compare_type {
            types_comparable = self.type_setup(&mut alter, tname, conn, model);
        } else {
            types_stopped = true;
        }
        if conn.server_default.is_some() || model.server_default.is_some() {
            alter.existing_server_default = conn.server_default.clone();
            if !self.opts.compare_server_default {
                defaults_stopped = true;
            }
        }

        // MEDIUM: _compare_nullable, computed / identity defaults, autoincrement, comments.
        alter.existing_nullable = Some(conn.nullable);
        if conn.nullable != model.nullable {
            let identity = model.identity.is_some() && conn.identity.is_some();
            let computed = model.computed.is_some() && conn.computed.is_some();
            if identity || computed {
                self.info(
                    CONSTRAINTS,
                    format!("Ignoring nullable change on identity column '{tname}.{cname}'"),
                );
            } else {
                alter.modify_nullable = Some(model.nullable);
                self.info(
                    CONSTRAINTS,
                    format!(
                        "Detected {} on column '{tname}.{cname}'",
                        if model.nullable { "NULL" } else { "NOT NULL" }
                    ),
                );
            }
        }
        if !defaults_stopped {
            // A computed column's default cannot be altered: Alembic warns and stops.
            if conn.computed.is_some() || model.computed.is_some() {
                defaults_stopped = true;
            }
        }
        if !defaults_stopped {
            if is_autoincrement_column(table, model) || model.autoincrement == Autoincrement::Yes {
                alter.autoincrement = Some(true);
            } else if model.autoincrement == Autoincrement::No {
                alter.autoincrement = Some(false);
            }
        }
        if self.dialect.supports_comments() && !comments_stopped {
            let md = model.comment.clone().filter(|c| !c.is_empty());
            let cn = conn.comment.clone().filter(|c| !c.is_empty());
            if md.is_some() || cn.is_some() {
                alter.existing_comment = cn.clone();
                if md != cn {
                    alter.modify_comment = Some(md);
                    self.info(
                        COMMENTS,
                        format!("Detected column comment '{tname}.{cname}'"),
                    );
                    comments_stopped = true;
                }
            }
        }
        let _ = comments_stopped;

        // LAST: _dialect_impl_compare_type, _dialect_impl_compare_server_default.
        if !types_stopped {
            let comparable = self.type_setup(&mut alter, tname, conn, model) && types_comparable;
            if comparable {
                if let (Some(ct), Some(mt)) = (&conn.type_, &model.type_) {
                    if types::types_differ(ct, mt, self.dialect) == Some(true) {
                        alter.modify_type = Some(mt.clone());
                        self.info(
                            TYPES,
                            format!(
                                "Detected type change from {} to {} on '{tname}.{cname}'",
                                type_py_repr(ct),
                                type_py_repr(mt)
                            ),
                        );
                    }
                }
            }
        }
        if !defaults_stopped && (conn.server_default.is_some() || model.server_default.is_some()) {
            alter.existing_server_default = conn.server_default.clone();
            let rendered_md = model
                .server_default
                .as_ref()
                .map(|v| metadata_default_text(v, self.dialect));
            let rendered_conn = conn.server_default.as_ref().map(|v| match v {
                Value::Text(t) => t.clone(),
                other => default_sql(other, self.dialect),
            });
            let differ = match self.dialect {
                Dialect::Sqlite => {
                    rendered_md.as_deref().map(sqlite_strip)
                        != rendered_conn.as_deref().map(sqlite_strip)
                }
                // PostgresqlImpl asks the server whether the two values are equal; Retort
                // compares them as literals (casts, parentheses and quotes removed).
                Dialect::Postgresql | Dialect::Mysql | Dialect::Default => {
                    rendered_md.as_deref().map(literal_value)
                        != rendered_conn.as_deref().map(literal_value)
                }
            };
            if differ {
                alter.modify_server_default = Some(model.server_default.clone());
                self.info(
                    DEFAULTS,
                    format!(
                        "Dialect impl <{} object at 0x...> detected server default on column '{tname}.{cname}'",
                        impl_class(self.dialect)
                    ),
                );
            }
        }
        alter
    }

    /// `_compare_type_setup`: records the existing type; whether both sides have one.
    fn type_setup(
        &mut self,
        alter: &mut AlterColumnOp,
        tname: &str,
        conn: &CatalogColumn,
        model: &CatalogColumn,
    ) -> bool {
        alter.existing_type = Some(conn.type_.clone());
        if conn.type_.is_none() {
            self.info(
                TYPES,
                format!(
                    "Couldn't determine database type for column '{tname}.{}'",
                    conn.name
                ),
            );
            return false;
        }
        if model.type_.is_none() {
            self.info(
                TYPES,
                format!(
                    "Column '{tname}.{}' has no type within the model; can't compare",
                    model.name
                ),
            );
            return false;
        }
        true
    }

    /// The "table" comparators: indexes and uniques, foreign keys, comments, checks.
    fn table_ops(&mut self, conn: Option<&Table>, model: Option<&Table>) -> Vec<AutogenOp> {
        let mut ops = Vec::new();
        self.indexes_and_uniques(conn, model, &mut ops);
        if let (Some(c), Some(m)) = (conn, model) {
            self.foreign_keys(c, m, &mut ops);
            self.table_comment(c, m, &mut ops);
            if self.opts.check_constraints {
                self.checks(c, m, &mut ops);
            }
        }
        ops
    }

    /// `_compare_indexes_and_uniques`.
    fn indexes_and_uniques(
        &mut self,
        conn: Option<&Table>,
        model: Option<&Table>,
        ops: &mut Vec<AutogenOp>,
    ) {
        let is_create = conn.is_none();
        let is_drop = model.is_none();
        let Some(table) = model.or(conn) else { return };
        let tname = table.name.clone();
        let schema = table.schema.clone();

        let mut md_uniques: Vec<Sig> = Vec::new();
        let mut md_indexes: Vec<Sig> = Vec::new();
        if let Some(m) = model {
            for u in &m.uniques {
                md_uniques.push(Sig::unique(u, self.model_conv(m, u.name.as_deref()), true));
            }
            for i in &m.indexes {
                md_indexes.push(Sig::index(
                    i,
                    self.model_conv(m, i.name.as_deref()),
                    m,
                    true,
                ));
            }
        }
        let mut conn_uniques: Vec<Sig> = Vec::new();
        let mut conn_indexes: Vec<Sig> = Vec::new();
        if let Some(c) = conn {
            if !is_drop {
                conn_uniques = c
                    .uniques
                    .iter()
                    .map(|u| Sig::unique(u, true, false))
                    .collect();
            }
            conn_indexes = c
                .indexes
                .iter()
                .map(|i| Sig::index(i, true, c, false))
                .collect();
        }
        // SQLiteImpl: expression indexes cannot be reflected, so they are not compared.
        if self.dialect == Dialect::Sqlite {
            let conn_names: Vec<Option<String>> =
                conn_indexes.iter().map(|s| s.name.clone()).collect();
            let mut skipped = Vec::new();
            md_indexes.retain(|s| {
                let expression = s.columns.iter().any(Option::is_none);
                let keep = !expression || conn_names.contains(&s.name);
                if !keep {
                    skipped.push(s.name.clone());
                }
                keep
            });
            for name in skipped {
                self.warn(
                    "<site-packages>/alembic/ddl/impl.py:859",
                    format!(
                        "autogenerate skipping metadata-specified expression-based index {}; dialect 'sqlite' under SQLAlchemy 2.1.9 can't reflect these indexes so they can't be compared",
                        py_opt_str(name.as_deref())
                    ),
                );
            }
        }
        let supports_unique_constraints = true;

        let named_md: Vec<&Sig> = md_uniques
            .iter()
            .chain(&md_indexes)
            .filter(|s| s.name.is_some())
            .collect();
        let md_name = |n: &str| {
            named_md
                .iter()
                .find(|s| s.name.as_deref() == Some(n))
                .copied()
        };
        let conn_all: Vec<&Sig> = conn_uniques
            .iter()
            .chain(&conn_indexes)
            .filter(|s| s.name.is_some())
            .collect();
        let conn_name = |n: &str| {
            conn_all
                .iter()
                .rev()
                .find(|s| s.name.as_deref() == Some(n))
                .copied()
        };
        let unnamed_md_uniques: Vec<&Sig> =
            md_uniques.iter().filter(|s| s.name.is_none()).collect();
        let doubled = |n: &str| {
            conn_uniques.iter().any(|s| s.name.as_deref() == Some(n))
                && conn_indexes.iter().any(|s| s.name.as_deref() == Some(n))
        };

        let mut names_md: Vec<String> = named_md.iter().filter_map(|s| s.name.clone()).collect();
        names_md.sort();
        names_md.dedup();
        let mut names_conn: Vec<String> = conn_all.iter().filter_map(|s| s.name.clone()).collect();
        names_conn.sort();
        names_conn.dedup();

        let mut added: Vec<Sig> = Vec::new();
        let mut removed: Vec<Sig> = Vec::new();
        let mut events: Vec<Event> = Vec::new();

        for name in names_conn.iter().filter(|n| !names_md.contains(n)) {
            let Some(conn_obj) = conn_name(name) else {
                continue;
            };
            if conn_obj.is_unique_constraint
                && unnamed_md_uniques
                    .iter()
                    .any(|u| u.unnamed() == conn_obj.unnamed())
            {
                continue;
            }
            if doubled(name) {
                let uq = conn_uniques
                    .iter()
                    .find(|s| s.name.as_deref() == Some(name));
                let ix = conn_indexes
                    .iter()
                    .find(|s| s.name.as_deref() == Some(name));
                if let (Some(uq), Some(ix)) = (uq, ix) {
                    if md_indexes.iter().all(|m| m.unnamed() != ix.unnamed())
                        && !md_uniques.iter().any(|m| m.unnamed() == uq.unnamed())
                    {
                        events.push(Event::Removed(uq.clone()));
                        events.push(Event::Removed(ix.clone()));
                    }
                }
                continue;
            }
            events.push(Event::Removed(conn_obj.clone()));
        }
        for name in names_md.iter().filter(|n| names_conn.contains(n)) {
            let Some(md_obj) = md_name(name) else {
                continue;
            };
            let conn_obj = if doubled(name) {
                if md_obj.is_unique_constraint {
                    conn_uniques
                        .iter()
                        .find(|s| s.name.as_deref() == Some(name))
                } else {
                    conn_indexes
                        .iter()
                        .find(|s| s.name.as_deref() == Some(name))
                }
            } else {
                conn_name(name)
            };
            let Some(conn_obj) = conn_obj else { continue };
            if conn_obj.is_unique_constraint != md_obj.is_unique_constraint {
                events.push(Event::Removed(conn_obj.clone()));
                events.push(Event::Added(md_obj.clone()));
                continue;
            }
            let mut msg = Vec::new();
            if md_obj.is_unique_constraint {
                if md_obj.unnamed() != conn_obj.unnamed() {
                    msg.push(format!(
                        "expression {} to {}",
                        py_tuple(&conn_obj.sorted_columns()),
                        py_tuple(&md_obj.sorted_columns())
                    ));
                }
            } else {
                if md_obj.unique != conn_obj.unique {
                    msg.push(format!(
                        "unique={} to unique={}",
                        py_bool(conn_obj.unique),
                        py_bool(md_obj.unique)
                    ));
                }
                if md_obj.plain_columns() != conn_obj.plain_columns() {
                    msg.push(format!(
                        "expression {} to {}",
                        py_tuple(&conn_obj.plain_columns()),
                        py_tuple(&md_obj.plain_columns())
                    ));
                }
            }
            if !msg.is_empty() {
                events.push(Event::Changed(
                    Box::new((conn_obj.clone(), md_obj.clone())),
                    msg.join(", "),
                ));
            }
        }
        for name in names_md.iter().filter(|n| !names_conn.contains(n)) {
            if let Some(md_obj) = md_name(name) {
                events.push(Event::Added(md_obj.clone()));
            }
        }
        for u in &unnamed_md_uniques {
            if !conn_uniques.iter().any(|c| c.unnamed() == u.unnamed()) {
                events.push(Event::Added((*u).clone()));
            }
        }

        for e in events {
            match e {
                Event::Added(sig) => {
                    if sig.is_unique_constraint {
                        if !supports_unique_constraints || is_create || is_drop {
                            continue;
                        }
                        self.info(
                            CONSTRAINTS,
                            format!(
                                "Detected added unique constraint {} on '{}'",
                                py_opt_str(sig.name.as_deref()),
                                py_tuple(&sig.plain_columns())
                            ),
                        );
                    } else {
                        self.info(
                            CONSTRAINTS,
                            format!(
                                "Detected added index {} on '{}'",
                                py_opt_str(sig.name.as_deref()),
                                py_tuple(&sig.plain_columns())
                            ),
                        );
                    }
                    added.push(sig.clone());
                    ops.push(sig.add_op(&schema, &tname));
                }
                Event::Removed(sig) => {
                    if sig.is_unique_constraint {
                        if is_create || is_drop {
                            continue;
                        }
                        self.info(
                            CONSTRAINTS,
                            format!(
                                "Detected removed unique constraint {} on {}",
                                py_opt_str(sig.name.as_deref()),
                                py_str(&tname)
                            ),
                        );
                    } else {
                        if sig.unique && !supports_unique_constraints {
                            continue;
                        }
                        self.info(
                            CONSTRAINTS,
                            format!(
                                "Detected removed index {} on {}",
                                py_opt_str(sig.name.as_deref()),
                                py_str(&tname)
                            ),
                        );
                    }
                    removed.push(sig.clone());
                    ops.push(sig.remove_op(&schema, &tname));
                }
                Event::Changed(pair, msg) => {
                    let (old, new) = *pair;
                    let what = if old.is_unique_constraint {
                        "unique constraint"
                    } else {
                        "index"
                    };
                    self.info(
                        CONSTRAINTS,
                        format!(
                            "Detected changed {what} {} on {}: {msg}",
                            py_opt_str(old.name.as_deref()),
                            py_str(&tname)
                        ),
                    );
                    ops.push(old.remove_op(&schema, &tname));
                    ops.push(new.add_op(&schema, &tname));
                }
            }
        }
    }

    /// `_compare_foreign_keys` (existing tables only).
    fn foreign_keys(&mut self, conn: &Table, model: &Table, ops: &mut Vec<AutogenOp>) {
        let sig = |fk: &ForeignKey, table: &Table| {
            let norm = |v: &Option<String>| {
                v.as_ref()
                    .map(|s| s.to_lowercase())
                    .filter(|s| s != "no action")
            };
            let deferrable = if fk
                .initially
                .as_deref()
                .is_some_and(|i| i.eq_ignore_ascii_case("deferred"))
            {
                "initially_deferrable"
            } else if fk.deferrable == Some(true) {
                "deferrable"
            } else {
                "not deferrable"
            };
            (
                table.schema.clone(),
                table.name.clone(),
                fk.columns.clone(),
                fk.ref_schema.clone(),
                fk.ref_table.clone(),
                fk.ref_columns.clone(),
                norm(&fk.onupdate),
                norm(&fk.ondelete),
                deferrable,
            )
        };
        let conn_sigs: Vec<_> = conn
            .foreign_keys
            .iter()
            .map(|fk| (sig(fk, conn), fk))
            .collect();
        let md_sigs: Vec<_> = model
            .foreign_keys
            .iter()
            .map(|fk| (sig(fk, model), fk))
            .collect();
        let describe = |fk: &ForeignKey, table: &Table| {
            format!(
                "({})({}) on table {}{}",
                fk.columns.join(", "),
                fk.ref_columns.join(", "),
                table
                    .schema
                    .as_deref()
                    .map(|s| format!("{s}."))
                    .unwrap_or_default(),
                table.name
            )
        };
        for (s, fk) in &conn_sigs {
            if md_sigs.iter().any(|(m, _)| m == s) {
                continue;
            }
            ops.push(AutogenOp::RemoveConstraint {
                schema: conn.schema.clone(),
                table: conn.name.clone(),
                constraint: ConstraintDef::ForeignKey((*fk).clone()),
                conv: fk.name.is_some(),
            });
            self.info(
                CONSTRAINTS,
                format!("Detected removed foreign key {}", describe(fk, conn)),
            );
        }
        for (s, fk) in &md_sigs {
            if conn_sigs.iter().any(|(c, _)| c == s) {
                continue;
            }
            ops.push(AutogenOp::AddConstraint {
                schema: model.schema.clone(),
                table: model.name.clone(),
                constraint: ConstraintDef::ForeignKey((*fk).clone()),
                conv: self.model_conv(model, fk.name.as_deref()),
            });
            self.info(
                CONSTRAINTS,
                format!("Detected added foreign key {}", describe(fk, model)),
            );
        }
    }

    /// `_compare_table_comment`.
    fn table_comment(&mut self, conn: &Table, model: &Table, ops: &mut Vec<AutogenOp>) {
        if !self.dialect.supports_comments() {
            return;
        }
        let cn = conn.comment.clone().filter(|c| !c.is_empty());
        let md = model.comment.clone().filter(|c| !c.is_empty());
        match (&md, &cn) {
            (None, None) => {}
            (None, Some(_)) => ops.push(AutogenOp::RemoveTableComment {
                schema: model.schema.clone(),
                table: model.name.clone(),
                existing: cn,
            }),
            (Some(m), _) if md != cn => ops.push(AutogenOp::AddTableComment {
                schema: model.schema.clone(),
                table: model.name.clone(),
                comment: m.clone(),
                existing: cn,
            }),
            _ => {}
        }
    }

    /// `alembic.ext.checkconstraint_byname`: named CHECK constraints, by name.
    fn checks(&mut self, conn: &Table, model: &Table, ops: &mut Vec<AutogenOp>) {
        let named = |checks: &[CheckConstraint]| -> Vec<(String, CheckConstraint)> {
            let mut v: Vec<(String, CheckConstraint)> = checks
                .iter()
                .filter_map(|c| c.name.clone().map(|n| (n, c.clone())))
                .collect();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        };
        let conn_named = named(&conn.checks);
        let md_named = named(&model.checks);
        for (name, c) in &conn_named {
            if md_named.iter().any(|(n, _)| n == name) {
                continue;
            }
            ops.push(AutogenOp::RemoveConstraint {
                schema: conn.schema.clone(),
                table: conn.name.clone(),
                constraint: ConstraintDef::Check(c.clone()),
                conv: true,
            });
            self.info(
                CHECKS,
                format!(
                    "Detected removed check constraint {} on table {}",
                    py_str(name),
                    py_str(&conn.name)
                ),
            );
        }
        for (name, c) in &md_named {
            if conn_named.iter().any(|(n, _)| n == name) {
                continue;
            }
            ops.push(AutogenOp::AddConstraint {
                schema: model.schema.clone(),
                table: model.name.clone(),
                constraint: ConstraintDef::Check(c.clone()),
                conv: self.model_conv(model, Some(name)),
            });
            self.info(
                CHECKS,
                format!(
                    "Detected added check constraint {} on table {}",
                    py_str(name),
                    py_str(&model.name)
                ),
            );
        }
    }
}

/// The `[schema.]table.column` targets of the foreign keys on `column`.
pub(crate) fn references(table: &Table, column: &str) -> Vec<String> {
    table
        .foreign_keys
        .iter()
        .filter_map(|fk| {
            let at = fk.columns.iter().position(|c| c == column)?;
            let ref_col = fk.ref_columns.get(at)?;
            Some(match &fk.ref_schema {
                Some(s) => format!("{s}.{}.{ref_col}", fk.ref_table),
                None => format!("{}.{ref_col}", fk.ref_table),
            })
        })
        .collect()
}

/// Every constraint and index name of a reflected table (all `conv()`).
fn all_names(table: &Table) -> Vec<String> {
    table
        .constraint_names()
        .map(str::to_owned)
        .chain(table.indexes.iter().filter_map(|i| i.name.clone()))
        .collect()
}

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

fn py_opt_str(s: Option<&str>) -> String {
    s.map_or_else(|| "None".to_owned(), py_str)
}

/// `Table._autoincrement_column` is `column`.
fn is_autoincrement_column(table: &Table, column: &CatalogColumn) -> bool {
    let Some(pk) = &table.primary_key else {
        return false;
    };
    let [only] = pk.columns.as_slice() else {
        return false;
    };
    if *only != column.name {
        return false;
    }
    match column.autoincrement {
        Autoincrement::Yes => true,
        Autoincrement::No => false,
        Autoincrement::Auto | Autoincrement::IgnoreFk => {
            let integer = column
                .type_
                .as_ref()
                .is_some_and(types::is_integer_or_numeric);
            let has_fk = table
                .foreign_keys
                .iter()
                .any(|fk| fk.columns.contains(&column.name));
            integer
                && column.server_default.is_none()
                && (!has_fk || column.autoincrement == Autoincrement::IgnoreFk)
        }
    }
}

/// `_constraint_sig` for unique constraints and indexes.
#[derive(Debug, Clone)]
struct Sig {
    is_unique_constraint: bool,
    name: Option<String>,
    unique: bool,
    /// Column names; `None` for an expression element.
    columns: Vec<Option<String>>,
    conv: bool,
    unique_def: Option<UniqueConstraint>,
    index_def: Option<CatalogIndex>,
    /// The table's columns the index covers (for `repr()`).
    table_columns: Vec<CatalogColumn>,
    /// From the models (not the database).
    metadata: bool,
}

enum Event {
    Added(Sig),
    Removed(Sig),
    Changed(Box<(Sig, Sig)>, String),
}

impl Sig {
    fn unique(u: &UniqueConstraint, conv: bool, metadata: bool) -> Sig {
        Sig {
            is_unique_constraint: true,
            name: u.name.clone(),
            unique: true,
            columns: u.columns.iter().cloned().map(Some).collect(),
            conv,
            unique_def: Some(u.clone()),
            index_def: None,
            table_columns: Vec::new(),
            metadata,
        }
    }

    fn index(i: &CatalogIndex, conv: bool, table: &Table, metadata: bool) -> Sig {
        Sig {
            is_unique_constraint: false,
            name: i.name.clone(),
            unique: i.unique,
            columns: i
                .elements
                .iter()
                .map(|e| match e {
                    IndexElement::Column(c) => Some(c.clone()),
                    IndexElement::Expression(_) => None,
                })
                .collect(),
            conv,
            unique_def: None,
            index_def: Some(i.clone()),
            table_columns: i
                .elements
                .iter()
                .filter_map(|e| match e {
                    IndexElement::Column(c) => table.column(c).cloned(),
                    IndexElement::Expression(_) => None,
                })
                .collect(),
            metadata,
        }
    }

    fn plain_columns(&self) -> Vec<String> {
        self.columns.iter().flatten().cloned().collect()
    }

    fn sorted_columns(&self) -> Vec<String> {
        let mut c = self.plain_columns();
        c.sort();
        c
    }

    /// `.unnamed`: sorted columns for uniques, `(unique, *columns)` for indexes.
    fn unnamed(&self) -> (bool, Vec<Option<String>>) {
        if self.is_unique_constraint {
            (true, self.sorted_columns().into_iter().map(Some).collect())
        } else {
            (self.unique, self.columns.clone())
        }
    }

    fn add_op(&self, schema: &Option<String>, table: &str) -> AutogenOp {
        match (&self.unique_def, &self.index_def) {
            (Some(u), _) => AutogenOp::AddConstraint {
                schema: schema.clone(),
                table: table.to_owned(),
                constraint: ConstraintDef::Unique(u.clone()),
                conv: self.conv,
            },
            (None, Some(i)) => AutogenOp::AddIndex {
                schema: schema.clone(),
                index: i.clone(),
                columns: self.table_columns.clone(),
                reflected: !self.metadata,
                conv: self.conv,
            },
            (None, None) => AutogenOp::AddIndex {
                schema: schema.clone(),
                index: CatalogIndex {
                    name: self.name.clone(),
                    table: table.to_owned(),
                    elements: Vec::new(),
                    unique: self.unique,
                    where_: None,
                    using: None,
                    kwargs: Vec::new(),
                },
                columns: Vec::new(),
                reflected: !self.metadata,
                conv: self.conv,
            },
        }
    }

    fn remove_op(&self, schema: &Option<String>, table: &str) -> AutogenOp {
        match self.add_op(schema, table) {
            AutogenOp::AddConstraint {
                schema,
                table,
                constraint,
                conv,
            } => AutogenOp::RemoveConstraint {
                schema,
                table,
                constraint,
                conv,
            },
            AutogenOp::AddIndex {
                schema,
                index,
                columns,
                reflected,
                conv,
            } => AutogenOp::RemoveIndex {
                schema,
                index,
                columns,
                reflected,
                conv,
            },
            other => other,
        }
    }
}
