//! [`Engine`]: the logical catalog and the GlueSQL database, kept in step by running
//! each op on both.

use std::collections::{HashMap, HashSet};

use gluesql_core::ast::ColumnDef;
use gluesql_core::data::Value as GValue;
use retort_catalog::{ApplyContext, Catalog, NamingConvention, QualifiedName};
use retort_ir::{Diagnostic, Op, OpKind, Severity, TextRange};
use serde::{Deserialize, Serialize};

use crate::codes;
use crate::db::{Database, DbError};
use crate::enforce::{self, first_duplicate};
use crate::enum_type::Transaction;
use crate::physical::{design, physical_name, Design, Rule};
use crate::sample;
use crate::types;
use crate::volatile::Sequences;
use crate::Dialect;

/// How the engine runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngineOptions {
    /// The database whose behaviour is imitated.
    pub dialect: Dialect,
    /// The naming convention `op.*` objects get (`target_metadata`'s, when `env.py` has one).
    pub naming_convention: NamingConvention,
    /// How many sample rows each table holds before each upgrade step.
    pub rows_per_table: usize,
}

impl Default for EngineOptions {
    fn default() -> Self {
        Self {
            dialect: Dialect::Postgresql,
            naming_convention: NamingConvention::default(),
            rows_per_table: 3,
        }
    }
}

/// The database at one moment: the logical catalog (the truth about the schema) and
/// GlueSQL holding the rows.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) options: EngineOptions,
    pub(crate) ctx: ApplyContext,
    pub(crate) catalog: Catalog,
    pub(crate) db: Database,
    /// What GlueSQL and the engine hold per GlueSQL table.
    pub(crate) designs: HashMap<String, Design>,
    /// Sample rows generated so far per GlueSQL table (the next sample is `seq + 1`).
    pub(crate) seq: HashMap<String, u64>,
    /// Notes already given (unenforceable constraints, unevaluated defaults).
    pub(crate) noted: HashSet<String>,
    /// The transaction in progress (enum labels added in it).
    pub(crate) txn: Transaction,
    /// Sequences, by name (`nextval`, `setval`).
    pub(crate) sequences: Sequences,
    /// The last step not run (a file and why): a failure after it may not happen on a
    /// real database.
    pub(crate) unfollowed: Option<(String, String)>,
}

/// Where the ops being run come from, for diagnostics.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    /// The revision file.
    pub path: &'a str,
}

impl Engine {
    /// An empty database.
    pub fn new(options: EngineOptions) -> Self {
        let mut ctx = ApplyContext::new(options.dialect.name());
        ctx.naming_convention = options.naming_convention.clone();
        Self {
            options,
            ctx,
            catalog: Catalog::new(),
            db: Database::default(),
            designs: HashMap::new(),
            seq: HashMap::new(),
            noted: HashSet::new(),
            txn: Transaction::default(),
            sequences: Sequences::new(),
            unfollowed: None,
        }
    }

    /// The options.
    pub fn options(&self) -> &EngineOptions {
        &self.options
    }

    /// The logical catalog.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The dialect imitated.
    pub fn dialect(&self) -> Dialect {
        self.options.dialect
    }

    /// Runs ops in order; stops at the first one the database rejects. Returns the
    /// diagnostics and whether every op ran.
    pub fn run_ops(&mut self, ops: &[Op], path: &str) -> (Vec<Diagnostic>, bool) {
        let mut out = Vec::new();
        let origin = Origin { path };
        for op in ops {
            if !self.apply_op(op, origin, &mut out) {
                return (out, false);
            }
        }
        (out, true)
    }

    pub(crate) fn apply_op(
        &mut self,
        op: &Op,
        origin: Origin<'_>,
        out: &mut Vec<Diagnostic>,
    ) -> bool {
        match &op.kind {
            // A condition on the database's tables is decided by the tables it has now.
            OpKind::Conditional { .. } => {
                let dialect = self.dialect().name();
                let ops = Op::resolve_with(std::slice::from_ref(op), dialect, false, &self.catalog);
                ops.iter().all(|o| self.apply_op(o, origin, out))
            }
            // `autocommit_block()` commits the transaction, runs each statement on its
            // own, and begins another.
            OpKind::AutocommitBlock { ops } => {
                self.commit();
                ops.iter().all(|o| {
                    let ok = self.apply_op(o, origin, out);
                    self.commit();
                    ok
                })
            }
            OpKind::Opaque { reason, .. } => {
                self.catalog.apply(op, &self.ctx);
                self.unfollowed = Some((origin.path.to_owned(), reason.clone()));
                out.push(
                    Diagnostic::info(
                        codes::OPAQUE_STEP,
                        format!("not run in the in-browser engine: {reason}"),
                    )
                    .with_path(origin.path)
                    .with_range(op.range)
                    .with_help("Retort cannot evaluate this step statically; the database may differ from here on."),
                );
                true
            }
            OpKind::Execute { sql } => self.execute_sql(op, sql, origin, out),
            OpKind::BulkInsert { .. } => self.bulk_insert(op, origin, out),
            _ => self.schema_op(op, origin, out),
        }
    }

    /// A failure at `range`: the database's error. After a step Retort could not
    /// follow, the database may lack what that step did on a real one, and the
    /// failure says so.
    pub(crate) fn fail(
        &self,
        message: impl Into<String>,
        range: TextRange,
        origin: Origin<'_>,
        out: &mut Vec<Diagnostic>,
    ) {
        let mut failure = Diagnostic::error(codes::MIGRATION_FAILED, message)
            .with_path(origin.path)
            .with_range(range);
        let unfollowed = match (&self.unfollowed, self.catalog.uncertain()) {
            (Some((path, reason)), _) => Some(format!("{path}: {reason}")),
            (None, Some(uncertain)) => Some(uncertain.reason.clone()),
            (None, None) => None,
        };
        if let Some(step) = unfollowed {
            failure = failure.with_help(format!(
                "An earlier step was not run ({step}): on a real database it may have made \
                 what this one needs. Check that step before trusting this failure."
            ));
        }
        out.push(failure);
    }

    /// A note given once per key.
    pub(crate) fn note(
        &mut self,
        key: String,
        message: String,
        range: TextRange,
        origin: Origin<'_>,
        out: &mut Vec<Diagnostic>,
    ) {
        if self.noted.insert(key) {
            out.push(
                Diagnostic::info(codes::NOT_ENFORCED, message)
                    .with_path(origin.path)
                    .with_range(range),
            );
        }
    }

    /// Applies a schema op to the catalog, then makes GlueSQL follow.
    pub(crate) fn schema_op(
        &mut self,
        op: &Op,
        origin: Origin<'_>,
        out: &mut Vec<Diagnostic>,
    ) -> bool {
        let mut keys = op_tables(op);
        let renames = column_renames(op);
        let diagnostics = self.catalog.apply(op, &self.ctx);
        if let Some(error) = diagnostics.iter().find(|d| d.severity == Severity::Error) {
            let mut d = error.clone();
            d.path.get_or_insert_with(|| origin.path.to_owned());
            out.push(d);
            return false;
        }
        // Keys the op made without a name get the database's, once: a downgrade's
        // `create_primary_key("users_pkey", …)` then restores PostgreSQL's unnamed key.
        for key in &keys {
            self.catalog
                .name_unnamed_constraints(key, self.options.dialect.name());
        }
        if let OpKind::RenameTable { old, new, schema } = &op.kind {
            let old_key = QualifiedName::new(schema.as_deref(), old);
            let new_key = QualifiedName::new(schema.as_deref(), new);
            let (from, to) = (physical_name(&old_key), physical_name(&new_key));
            if from != to && self.db.schema(&from).is_some() {
                if let Err(e) = self.db.rename_table(&from, &to) {
                    self.fail(e.message(), op.range, origin, out);
                    return false;
                }
                if let Some(d) = self.designs.remove(&from) {
                    self.designs.insert(to, d);
                }
            }
        }
        // Tables whose foreign keys refer to a changed table may need another design.
        let referring: Vec<QualifiedName> = self
            .catalog
            .tables()
            .filter(|t| {
                t.foreign_keys.iter().any(|fk| keys.contains(&fk.ref_key()))
                    && !keys.contains(&t.key())
            })
            .map(|t| t.key())
            .collect();
        keys.extend(referring);
        for key in &keys {
            let table_renames: Vec<(String, String)> = renames
                .iter()
                .filter(|(k, _, _)| k == key)
                .map(|(_, o, n)| (o.clone(), n.clone()))
                .collect();
            if let Err(message) = self.sync_table(key, &table_renames) {
                self.fail(message, op.range, origin, out);
                return false;
            }
            self.report_design_notes(key, op.range, origin, out);
        }
        for key in &keys {
            let name = physical_name(key);
            let Some(d) = self.designs.get(&name) else {
                continue;
            };
            let dialect = self.dialect();
            let checked = enforce::check_table(&mut self.db, d, &self.designs, dialect, false);
            for (k, m) in checked.unchecked {
                self.note(k, m, op.range, origin, out);
            }
            if let Some(v) = checked.violation {
                self.fail(v, op.range, origin, out);
                return false;
            }
        }
        if let Some(d) = self.unsafe_new_label(op.range, origin) {
            out.push(d);
            return false;
        }
        true
    }

    fn report_design_notes(
        &mut self,
        key: &QualifiedName,
        range: TextRange,
        origin: Origin<'_>,
        out: &mut Vec<Diagnostic>,
    ) {
        let name = physical_name(key);
        let Some(d) = self.designs.get(&name) else {
            return;
        };
        let notes: Vec<(String, String)> = d
            .unsupported_defaults
            .iter()
            .map(|(c, v)| {
                (
                    format!("default:{name}.{c}"),
                    format!("server default {v} of {name}.{c} is not evaluated in the in-browser engine; rows written without a value get NULL"),
                )
            })
            .collect();
        for (k, m) in notes {
            self.note(k, m, range, origin, out);
        }
    }

    /// Makes GlueSQL hold what the catalog says about `key`: create, drop, or change the
    /// table (natively when GlueSQL can, else by move and copy). `renames` are the
    /// columns renamed by the op, old to new.
    pub(crate) fn sync_table(
        &mut self,
        key: &QualifiedName,
        renames: &[(String, String)],
    ) -> Result<(), String> {
        let name = physical_name(key);
        let dialect = self.dialect();
        let desired = self
            .catalog
            .table(key.schema.as_deref(), &key.name)
            .map(|t| design(&self.catalog, t, dialect));
        let actual = self.db.schema(&name).cloned();
        match (desired, actual) {
            (None, None) => {
                self.designs.remove(&name);
            }
            (None, Some(_)) => {
                if self.db.drop_table(&name).is_err() {
                    // Referenced by a table that stays: the database allowed it (the
                    // catalog would have refused otherwise), so the reference dangles.
                    self.db.forget_references_to(&name);
                    self.db
                        .drop_table(&name)
                        .map_err(|e| e.message().to_owned())?;
                }
                self.designs.remove(&name);
                self.seq.remove(&name);
            }
            (Some(d), None) => {
                self.db.create(&d).map_err(|e| e.message().to_owned())?;
                self.designs.insert(name, d);
            }
            (Some(d), Some(actual)) => {
                let current = actual.column_defs.clone().unwrap_or_default();
                if current == d.columns && same_fks(&actual.foreign_keys, &d.foreign_keys) {
                    self.designs.insert(name, d);
                    return Ok(());
                }
                let sources = sources(&d, &current, renames);
                let fills = self.explain(key, &d, &current, &sources)?;
                self.change_table(
                    &name,
                    &d,
                    &current,
                    &actual.foreign_keys,
                    &Sources {
                        columns: &sources,
                        renames,
                        fills: &fills,
                    },
                )?;
                self.designs.insert(name, d);
            }
        }
        Ok(())
    }

    /// Changes the GlueSQL table `name` from `current` to `d`.
    fn change_table(
        &mut self,
        name: &str,
        d: &Design,
        current: &[ColumnDef],
        current_fks: &[gluesql_core::ast::ForeignKey],
        from: &Sources<'_>,
    ) -> Result<(), String> {
        let Sources {
            columns: sources,
            renames,
            fills,
        } = *from;
        let fks_same = same_fks(current_fks, &d.foreign_keys);
        // Columns added at the end.
        if fks_same
            && renames.is_empty()
            && fills.is_empty()
            && d.columns.len() > current.len()
            && d.columns[..current.len()] == *current
            && d.columns[current.len()..]
                .iter()
                .all(|c| c.nullable || c.default.is_some())
        {
            let saved = self.db.save(&[name.to_owned()]);
            let added = d.columns[current.len()..]
                .iter()
                .try_for_each(|c| self.db.add_column(name, c));
            if added.is_ok() {
                return Ok(());
            }
            self.db.restore(saved);
        }
        // One column dropped.
        if renames.is_empty() && current.len() == d.columns.len() + 1 {
            let dropped: Vec<&ColumnDef> = current
                .iter()
                .filter(|c| d.column(&c.name).is_none())
                .collect();
            if let [gone] = dropped.as_slice() {
                let rest: Vec<ColumnDef> = current
                    .iter()
                    .filter(|c| c.name != gone.name)
                    .cloned()
                    .collect();
                let own: Vec<gluesql_core::ast::ForeignKey> = current_fks
                    .iter()
                    .filter(|fk| fk.referencing_column_name != gone.name)
                    .cloned()
                    .collect();
                if rest == d.columns
                    && own.len() == current_fks.len()
                    && same_fks(&own, &d.foreign_keys)
                {
                    let saved = self.db.save(&[name.to_owned()]);
                    if self.db.drop_column(name, &gone.name).is_ok() {
                        return Ok(());
                    }
                    self.db.restore(saved);
                }
            }
        }
        // Columns renamed.
        if !renames.is_empty() && current.len() == d.columns.len() {
            let renamed: Vec<ColumnDef> = current
                .iter()
                .map(|c| {
                    let mut c = c.clone();
                    if let Some((_, new)) = renames.iter().find(|(o, _)| *o == c.name) {
                        c.name = new.clone();
                    }
                    c
                })
                .collect();
            let no_fk = !current_fks.iter().any(|fk| {
                renames
                    .iter()
                    .any(|(o, _)| *o == fk.referencing_column_name)
            });
            if renamed == d.columns && fks_same && no_fk {
                let saved = self.db.save_all();
                let done = renames
                    .iter()
                    .try_for_each(|(o, n)| self.db.rename_column(name, o, n));
                if done.is_ok() {
                    return Ok(());
                }
                self.db.restore(saved);
            }
        }
        let saved = self.db.save_all();
        let mut copy = d.clone();
        let self_fks: Vec<gluesql_core::ast::ForeignKey> = d
            .foreign_keys
            .iter()
            .filter(|fk| fk.referenced_table_name == d.name)
            .cloned()
            .collect();
        copy.foreign_keys
            .retain(|fk| fk.referenced_table_name != d.name);
        match self.db.rebuild(name, &copy, sources, fills) {
            Ok(()) => {
                if !self_fks.is_empty() {
                    self.db.set_foreign_keys(&d.name, d.foreign_keys.clone());
                }
                Ok(())
            }
            Err(e) => {
                self.db.restore(saved);
                let m = match e {
                    DbError::Failed(m) | DbError::Unsupported(m) => m,
                };
                Err(conversion_failure(&m)
                    .map_or(m, |(value, to)| self.dialect().cannot_convert(&value, &to)))
            }
        }
    }

    /// The database's error for a table change the rows cannot take, checked before
    /// changing anything: NULLs under a new NOT NULL, duplicates under a new key.
    /// Otherwise the values new NOT NULL columns without a default take in the rows
    /// there are (MySQL's implicit defaults), as `(column, literal)`.
    fn explain(
        &self,
        key: &QualifiedName,
        d: &Design,
        current: &[ColumnDef],
        sources: &[(String, String)],
    ) -> Result<Vec<(String, String)>, String> {
        let name = d.name.as_str();
        let rows = self.db.row_count(name);
        if rows == 0 {
            return Ok(Vec::new());
        }
        let dialect = self.dialect();
        let mut fills = Vec::new();
        let source_at = |new: &str| -> Option<usize> {
            let (_, old) = sources.iter().find(|(n, _)| n == new)?;
            current.iter().position(|c| c.name == *old)
        };
        for c in &d.columns {
            if c.nullable {
                continue;
            }
            match source_at(&c.name) {
                Some(at)
                    if self
                        .db
                        .rows(name)
                        .any(|r| r.get(at).is_none_or(GValue::is_null)) =>
                {
                    return Err(match dialect {
                        Dialect::Sqlite => dialect.not_null_violation(name, &c.name),
                        _ => dialect.not_null_without_default(name, &c.name),
                    });
                }
                Some(_) => {}
                None if c.default.is_none() => {
                    let rule = d.rules.iter().find_map(|r| match r {
                        Rule::Value { column, rule } if *column == c.name => Some(rule),
                        _ => None,
                    });
                    let json = self
                        .catalog
                        .table(key.schema.as_deref(), &key.name)
                        .and_then(|t| t.column(&c.name))
                        .and_then(|col| col.type_.as_ref())
                        .is_some_and(|t| {
                            matches!(types::effective(t, dialect).name.as_str(), "JSON" | "JSONB")
                        });
                    match dialect.implicit_default(&c.data_type, rule, json, &c.name) {
                        Some(Ok(value)) => fills.push((c.name.clone(), value)),
                        Some(Err(message)) => return Err(message),
                        None => return Err(dialect.not_null_without_default(name, &c.name)),
                    }
                }
                None => {}
            }
        }
        for c in d.columns.iter().filter(|c| c.unique.is_some()) {
            let Some(at) = source_at(&c.name) else {
                continue;
            };
            let dup = first_duplicate(self.db.rows(name).map(|r| r.get(at).into_iter().collect()));
            if let Some(dup) = dup {
                return Err(dialect.unique_violation(
                    name,
                    None,
                    std::slice::from_ref(&c.name),
                    &dup,
                    false,
                ));
            }
        }
        for fk in &d.foreign_keys {
            let Some(at) = source_at(&fk.referencing_column_name) else {
                continue;
            };
            if fk.referenced_table_name == name {
                continue;
            }
            let Some(parent) = self.designs.get(&fk.referenced_table_name) else {
                continue;
            };
            let Some(pat) = parent
                .columns
                .iter()
                .position(|c| c.name == fk.referenced_column_name)
            else {
                continue;
            };
            let present: HashSet<&GValue> = self
                .db
                .rows(&fk.referenced_table_name)
                .filter_map(|r| r.get(pat))
                .collect();
            let missing = self
                .db
                .rows(name)
                .filter_map(|r| r.get(at))
                .find(|v| !v.is_null() && !present.contains(v));
            if let Some(v) = missing {
                return Err(dialect.foreign_key_violation(
                    name,
                    Some(&fk.name),
                    std::slice::from_ref(&fk.referencing_column_name),
                    &enforce::value_text(v),
                    &fk.referenced_table_name,
                ));
            }
        }
        Ok(fills)
    }

    /// Tops every table up to `rows_per_table` sample rows. Returns notes on tables
    /// that could not be filled.
    pub fn seed(&mut self) -> Vec<String> {
        let k = self.options.rows_per_table;
        let mut notes = Vec::new();
        let order: Vec<QualifiedName> = sample::dependency_order(&self.catalog)
            .into_iter()
            .map(|t| t.key())
            .collect();
        for key in order {
            let name = physical_name(&key);
            let have = self.db.row_count(&name);
            if have >= k {
                continue;
            }
            let (Some(table), Some(d)) = (
                self.catalog
                    .table(key.schema.as_deref(), &key.name)
                    .cloned(),
                self.designs.get(&name).cloned(),
            ) else {
                continue;
            };
            let wanted = k - have;
            let mut inserted = 0;
            let mut last_error = String::new();
            let attempts = wanted * 8 + 8;
            for attempt in 0..attempts {
                if inserted == wanted {
                    break;
                }
                let n = {
                    let seq = self.seq.entry(name.clone()).or_insert(0);
                    *seq += 1;
                    *seq
                };
                let sparse = attempt >= attempts / 2;
                let parent_rows = |parent: &str| -> Vec<(Vec<String>, Vec<GValue>)> {
                    let Some(pd) = self.designs.get(parent) else {
                        return Vec::new();
                    };
                    let names: Vec<String> = pd.columns.iter().map(|c| c.name.clone()).collect();
                    self.db
                        .rows(parent)
                        .map(|r| (names.clone(), r.clone()))
                        .collect()
                };
                let Some(row) = sample::row(&table, &d, n, sparse, &parent_rows) else {
                    last_error = "a NOT NULL foreign key refers to a table without rows".to_owned();
                    break;
                };
                let saved = self.db.save(std::slice::from_ref(&name));
                if let Err(e) = self.db.execute(&sample::insert_sql(&name, &row)) {
                    last_error = e.message().to_owned();
                    self.db.restore(saved);
                    continue;
                }
                let dialect = self.dialect();
                let checked = enforce::check_table(&mut self.db, &d, &self.designs, dialect, true);
                if let Some(v) = checked.violation {
                    last_error = v;
                    self.db.restore(saved);
                    continue;
                }
                inserted += 1;
            }
            if inserted < wanted {
                notes.push(format!(
                    "could only generate {} of {k} sample rows for table {name}: {last_error}",
                    have + inserted
                ));
            }
        }
        notes
    }
}

/// Where the columns of a changed table take their values from.
#[derive(Clone, Copy)]
struct Sources<'a> {
    /// For each new column, the old column its values come from.
    columns: &'a [(String, String)],
    /// Columns the op renames, old to new.
    renames: &'a [(String, String)],
    /// New columns without a source that take a value in the rows there are (MySQL's
    /// implicit defaults): column and literal.
    fills: &'a [(String, String)],
}

/// GlueSQL's `failed to convert value(Str("abc")) to data type(INT32)`: the value and
/// the type.
fn conversion_failure(message: &str) -> Option<(String, String)> {
    let (_, rest) = message.split_once("failed to convert value(")?;
    let (value, rest) = rest.split_once(") to data type(")?;
    let to = rest.split(')').next()?.to_owned();
    let value = value
        .strip_prefix("Str(\"")
        .and_then(|v| v.strip_suffix("\")"))
        .map_or_else(|| value.to_owned(), str::to_owned);
    Some((value, to))
}

/// Whether two lists of GlueSQL foreign keys are the same, in any order.
fn same_fks(a: &[gluesql_core::ast::ForeignKey], b: &[gluesql_core::ast::ForeignKey]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

/// For each new column, the old column its values come from.
fn sources(
    d: &Design,
    current: &[ColumnDef],
    renames: &[(String, String)],
) -> Vec<(String, String)> {
    d.columns
        .iter()
        .filter_map(|c| {
            let old = renames
                .iter()
                .find(|(_, n)| *n == c.name)
                .map_or_else(|| c.name.clone(), |(o, _)| o.clone());
            let renamed_away = renames.iter().any(|(o, n)| *o == c.name && *n != c.name)
                && !renames.iter().any(|(_, n)| *n == c.name);
            (!renamed_away && current.iter().any(|x| x.name == old)).then(|| (c.name.clone(), old))
        })
        .collect()
}

/// The tables an op changes, by catalog key.
pub(crate) fn op_tables(op: &Op) -> Vec<QualifiedName> {
    let q = |schema: &Option<String>, t: &str| QualifiedName::new(schema.as_deref(), t);
    match &op.kind {
        OpKind::CreateTable { table, schema, .. }
        | OpKind::DropTable { table, schema, .. }
        | OpKind::AddColumn { table, schema, .. }
        | OpKind::DropColumn { table, schema, .. }
        | OpKind::AddConstraint { table, schema, .. }
        | OpKind::CreateExcludeConstraint { table, schema, .. }
        | OpKind::DropConstraint { table, schema, .. }
        | OpKind::CreateTableComment { table, schema, .. }
        | OpKind::DropTableComment { table, schema, .. }
        | OpKind::BulkInsert { table, schema, .. }
        | OpKind::Batch { table, schema, .. } => vec![q(schema, table)],
        OpKind::RenameTable { new, schema, .. } => vec![q(schema, new)],
        OpKind::AlterColumn(a) => vec![q(&a.schema, &a.table)],
        OpKind::CreateIndex(index) => {
            let schema = index
                .kwargs
                .iter()
                .find(|(k, _)| k == "schema")
                .and_then(|(_, v)| v.as_str())
                .map(str::to_owned);
            vec![q(&schema, &index.table)]
        }
        OpKind::DropIndex { table, schema, .. } => table.iter().map(|t| q(schema, t)).collect(),
        OpKind::AutocommitBlock { ops } => ops.iter().flat_map(op_tables).collect(),
        OpKind::Conditional {
            then, otherwise, ..
        } => then.iter().chain(otherwise).flat_map(op_tables).collect(),
        // Named types live in the catalog only: GlueSQL has no types to create.
        OpKind::Execute { .. }
        | OpKind::Opaque { .. }
        | OpKind::CreateType { .. }
        | OpKind::DropType { .. } => Vec::new(),
    }
}

/// Columns an op renames: (table, old, new).
fn column_renames(op: &Op) -> Vec<(QualifiedName, String, String)> {
    let mut out = Vec::new();
    op.walk(&mut |o| {
        if let OpKind::AlterColumn(a) = &o.kind {
            if let Some(new) = &a.new_column_name {
                if *new != a.column {
                    out.push((
                        QualifiedName::new(a.schema.as_deref(), &a.table),
                        a.column.clone(),
                        new.clone(),
                    ));
                }
            }
        }
    });
    out
}
