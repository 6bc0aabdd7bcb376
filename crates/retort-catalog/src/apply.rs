//! `Catalog::apply`: every IR op's effect on the catalog, with SQLAlchemy / Alembic
//! semantics, and a diagnostic for every op that cannot apply.

use std::collections::HashSet;
use std::sync::Arc;

use retort_ir::{
    AlterColumn, Autoincrement, Column, Constraint, ConstraintKind, Diagnostic, Index, Name, Op,
    OpKind, Recreate, Severity, SqlType, TableDef, TextRange, Value,
};
use serde::{Deserialize, Serialize};

use crate::build::{catalog_column, cols, q, Builder, Sink};
use crate::enums::{enum_uses, EnumUse};
use crate::naming::{pg_columns_addition, pg_object_name, ConventionKind, NamingSubject};
use crate::types::normalize;
use crate::{
    codes, sql_text, Catalog, CatalogIndex, ConstraintDef, ExcludeConstraint, NamingConvention,
    QualifiedName, Table,
};

/// What applying ops depends on besides the ops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyContext {
    /// The dialect name as SQLAlchemy spells it: `postgresql`, `sqlite`, `mysql`, …;
    /// `default` (SQLAlchemy's generic dialect) when none is chosen. It picks the branch
    /// of [`OpKind::Conditional`], the names databases give unnamed constraints (for
    /// `drop_constraint`), enum type checks (PostgreSQL) and how strict foreign key
    /// checks are (SQLite accepts dangling references in DDL).
    pub dialect: String,
    /// `alembic upgrade --sql` (offline mode), for conditionals on `is_offline_mode()`.
    pub offline: bool,
    /// The naming convention `op.*` objects get: `target_metadata.naming_convention`
    /// when `env.py` sets a `target_metadata` that has one, SQLAlchemy's default otherwise.
    pub naming_convention: NamingConvention,
}

impl Default for ApplyContext {
    fn default() -> Self {
        Self::new("default")
    }
}

impl ApplyContext {
    /// Online mode for `dialect`, with SQLAlchemy's default naming convention.
    pub fn new(dialect: impl Into<String>) -> Self {
        Self {
            dialect: dialect.into(),
            offline: false,
            naming_convention: NamingConvention::default(),
        }
    }

    fn is_postgresql(&self) -> bool {
        self.dialect == "postgresql"
    }

    /// SQLite accepts DDL whose references dangle; other databases reject it.
    fn reference_severity(&self) -> Severity {
        if self.dialect == "sqlite" {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}

impl Catalog {
    /// Applies one op, returning what went wrong.
    ///
    /// An op whose target is wrong (a missing table, column, index or constraint; a name
    /// already taken; a second primary key) has **no effect**, as the database would
    /// reject the statement. An op whose *references* are wrong (a foreign key to a
    /// missing table or to non-unique columns; dropping something other objects depend
    /// on) **is applied**, references kept as written, because its intent is clear and
    /// SQLite accepts it. Inside `create_table` and `add_column`, a constraint or index
    /// that cannot be built is skipped and the rest applied.
    pub fn apply(&mut self, op: &Op, ctx: &ApplyContext) -> Vec<Diagnostic> {
        self.apply_in_run(op, ctx, &mut HashSet::new())
    }

    /// Applies ops in order, as one run (one revision's `upgrade()`), returning every
    /// diagnostic.
    pub fn apply_all(&mut self, ops: &[Op], ctx: &ApplyContext) -> Vec<Diagnostic> {
        let mut run_types = HashSet::new();
        ops.iter()
            .flat_map(|op| self.apply_in_run(op, ctx, &mut run_types))
            .collect()
    }

    /// `apply`, within a run that has already created the named enum types in
    /// `run_types` through `create_table` (Alembic's `impl.memo`: SQLAlchemy creates a
    /// named type once per run, `_check_for_name_in_memos`).
    fn apply_in_run(
        &mut self,
        op: &Op,
        ctx: &ApplyContext,
        run_types: &mut HashSet<QualifiedName>,
    ) -> Vec<Diagnostic> {
        let mut applier = Applier {
            sink: Sink {
                out: Vec::new(),
                uncertain: self.uncertain.is_some(),
            },
            cat: self,
            ctx,
            batch: None,
            run_types,
        };
        applier.op(op);
        applier.sink.out
    }
}

/// The `batch_alter_table` block being applied.
struct BatchScope {
    /// `naming_convention=`: names the reflected table's unnamed constraints, so that
    /// `drop_constraint` can find them.
    convention: Option<NamingConvention>,
}

struct Applier<'a> {
    cat: &'a mut Catalog,
    ctx: &'a ApplyContext,
    batch: Option<BatchScope>,
    sink: Sink,
    /// The named enum types `create_table` created earlier in this run.
    run_types: &'a mut HashSet<QualifiedName>,
}

/// `'table'` or `'schema.table'`.
fn qt(key: &QualifiedName) -> String {
    format!("'{key}'")
}

impl Applier<'_> {
    fn method(&self, op: &Op) -> String {
        let prefix = if self.batch.is_some() {
            "batch_op"
        } else {
            "op"
        };
        format!("{prefix}.{}", op.method_name())
    }

    /// Alembic's SQLite implementation cannot add or drop constraints outside batch mode
    /// (`NotImplementedError`). The op's effect is kept, so later ops are checked
    /// against what was meant.
    fn sqlite_alter_constraint(&mut self, range: TextRange, method: &str) {
        if self.ctx.dialect != "sqlite" || self.batch.is_some() {
            return;
        }
        self.sink.error(
            codes::SQLITE_ALTER_CONSTRAINT,
            range,
            format!(
                "{method}: No support for ALTER of constraints in SQLite dialect. Please refer to the batch mode feature which allows for SQLite migrations using a copy-and-move strategy."
            ),
            "Run it inside `with op.batch_alter_table(...) as batch_op:` (Alembic raises NotImplementedError on SQLite).",
        );
    }

    fn table_missing(&mut self, key: &QualifiedName, range: TextRange, method: &str) {
        self.sink.error(
            codes::TABLE_NOT_FOUND,
            range,
            format!("{method}: table {} does not exist", qt(key)),
            "Create the table first, or fix the table name (and schema).",
        );
    }

    /// The table an op works on, reported when missing.
    fn existing(&mut self, key: &QualifiedName, range: TextRange, method: &str) -> bool {
        if self.cat.tables.contains_key(key) {
            true
        } else {
            self.table_missing(key, range, method);
            false
        }
    }

    fn op(&mut self, op: &Op) {
        let method = self.method(op);
        let range = op.range;
        match &op.kind {
            OpKind::CreateTable {
                table,
                schema,
                columns,
                constraints,
                indexes,
                comment,
                if_not_exists,
                kwargs,
            } => {
                let def = TableDef {
                    name: table.clone(),
                    schema: schema.clone(),
                    columns: columns.clone(),
                    constraints: constraints.clone(),
                    indexes: indexes.clone(),
                };
                self.create_table(&def, comment, *if_not_exists, kwargs, range, &method);
            }
            OpKind::DropTable {
                table,
                schema,
                if_exists,
            } => self.drop_table(
                &QualifiedName::new(schema.as_deref(), table),
                *if_exists,
                range,
                &method,
            ),
            OpKind::RenameTable { old, new, schema } => {
                self.rename_table(schema.as_deref(), old, new, range, &method);
            }
            OpKind::AddColumn {
                table,
                column,
                schema,
                if_not_exists,
            } => {
                let key = QualifiedName::new(schema.as_deref(), table);
                self.add_column(&key, column, *if_not_exists, range, &method);
            }
            OpKind::DropColumn {
                table,
                column,
                schema,
                if_exists,
                ..
            } => {
                let key = QualifiedName::new(schema.as_deref(), table);
                self.drop_column(&key, column, *if_exists, range, &method);
            }
            OpKind::AlterColumn(alter) => self.alter_column(alter, range, &method),
            OpKind::CreateIndex(index) => self.create_index(index, range, &method),
            OpKind::DropIndex {
                name,
                table,
                schema,
                if_exists,
                ..
            } => self.drop_index(
                name,
                table.as_deref(),
                schema.as_deref(),
                *if_exists,
                range,
                &method,
            ),
            OpKind::AddConstraint {
                table,
                schema,
                constraint,
            } => {
                let key = QualifiedName::new(schema.as_deref(), table);
                self.add_constraint(&key, constraint, range, &method);
            }
            OpKind::CreateExcludeConstraint {
                name,
                table,
                elements,
                where_,
                using,
                schema,
            } => {
                let key = QualifiedName::new(schema.as_deref(), table);
                let exclude = ExcludeConstraint {
                    name: name.as_ref().map(|n| n.text.clone()),
                    elements: elements.clone(),
                    where_: where_.clone(),
                    using: using.clone(),
                };
                if !self.existing(&key, range, &method) {
                    return;
                }
                let mut builder = Builder {
                    conv: &self.ctx.naming_convention,
                    sink: &mut self.sink,
                    range,
                    method,
                };
                if let Some(t) = self.cat.table_mut(&key) {
                    builder.attach_constraint(t, ConstraintDef::Exclude(exclude));
                }
            }
            OpKind::DropConstraint {
                name,
                table,
                kind,
                schema,
                if_exists,
            } => {
                let key = QualifiedName::new(schema.as_deref(), table);
                self.drop_constraint(&key, name.as_ref(), *kind, *if_exists, range, &method);
            }
            OpKind::CreateTableComment {
                table,
                comment,
                schema,
                ..
            } => {
                let key = QualifiedName::new(schema.as_deref(), table);
                if self.existing(&key, range, &method) {
                    if let Some(t) = self.cat.table_mut(&key) {
                        t.comment = Some(comment.clone());
                    }
                }
            }
            OpKind::DropTableComment { table, schema, .. } => {
                let key = QualifiedName::new(schema.as_deref(), table);
                if self.existing(&key, range, &method) {
                    if let Some(t) = self.cat.table_mut(&key) {
                        t.comment = None;
                    }
                }
            }
            OpKind::BulkInsert {
                table,
                schema,
                rows,
                ..
            } => self.bulk_insert(
                &QualifiedName::new(schema.as_deref(), table),
                rows,
                range,
                &method,
            ),
            // SQL run by `op.execute` is followed by the engine, not here.
            OpKind::Execute { sql } => {
                // The catalog does not follow SQL: DDL in it makes the catalog uncertain.
                if let Some(statement) = schema_ddl(sql.sql()) {
                    let reason = format!("op.execute runs DDL Retort does not follow: {statement}");
                    self.sink.out.push(
                        Diagnostic::info(codes::OP_NOT_FOLLOWED, format!("not followed: {reason}"))
                            .with_range(range)
                            .with_help("Write the change as op.* calls to have it checked; the schema shown from here on may differ from the database."),
                    );
                    self.cat.mark_uncertain(reason, range);
                    self.sink.uncertain = true;
                }
            }
            OpKind::Batch {
                table,
                schema,
                recreate,
                copy_from,
                naming_convention,
                partial_reordering,
                ops,
                ..
            } => {
                let key = QualifiedName::new(schema.as_deref(), table);
                self.batch(
                    &key,
                    *recreate,
                    copy_from.as_deref(),
                    naming_convention,
                    partial_reordering,
                    ops,
                    range,
                    &method,
                );
            }
            OpKind::AutocommitBlock { ops } => ops.iter().for_each(|op| self.op(op)),
            OpKind::CreateType { type_, checkfirst } => {
                self.create_type(type_, *checkfirst, range, &method)
            }
            OpKind::DropType { type_, checkfirst } => {
                self.drop_type(type_, *checkfirst, range, &method)
            }
            OpKind::Conditional {
                cond,
                then,
                otherwise,
            } => {
                let catalog: &Catalog = self.cat;
                let branch = if cond.eval_with(&self.ctx.dialect, self.ctx.offline, catalog) {
                    then
                } else {
                    otherwise
                };
                branch.iter().for_each(|op| self.op(op));
            }
            OpKind::Opaque { reason, .. } => {
                self.sink.out.push(
                    Diagnostic::info(codes::OP_NOT_FOLLOWED, format!("not followed: {reason}"))
                        .with_range(range)
                        .with_help(
                            "Retort cannot evaluate this step statically; the schema shown from here on may differ from the database.",
                        ),
                );
                self.cat.mark_uncertain(reason.clone(), range);
                self.sink.uncertain = true;
            }
        }
    }

    /// Builds a table as SQLAlchemy's `Table(name, MetaData(), *columns, *constraints)`.
    fn build_table(&mut self, def: &TableDef, range: TextRange, method: &str) -> Table {
        let cat: &Catalog = self.cat;
        let mut b = Builder {
            conv: &self.ctx.naming_convention,
            sink: &mut self.sink,
            range,
            method: method.to_owned(),
        };
        let mut table = Table::new(def.schema.as_deref(), &def.name);
        let mut columns: Vec<&Column> = Vec::new();
        for column in &def.columns {
            if table.column(&column.name).is_some() {
                b.sink.error(
                    codes::DUPLICATE_COLUMN,
                    range,
                    format!(
                        "{method}: column {} appears twice in table {}",
                        q(&column.name),
                        q(&def.name)
                    ),
                    "Remove or rename one of them; SQLAlchemy raises DuplicateColumnError.",
                );
                continue;
            }
            table.columns.push(catalog_column(column));
            columns.push(column);
        }

        // The primary key: `primary_key=True` columns in column order, unless a
        // PrimaryKeyConstraint lists its own columns (SQLAlchemy warns and uses those).
        let flagged: Vec<String> = columns
            .iter()
            .filter(|c| c.primary_key)
            .map(|c| c.name.clone())
            .collect();
        let explicit = def
            .constraints
            .iter()
            .rev()
            .find(|c| c.kind == ConstraintKind::PrimaryKey);
        let pk_constraint = match explicit {
            Some(c) if !c.columns.is_empty() => {
                let same = flagged.len() == c.columns.len()
                    && flagged.iter().all(|f| c.columns.contains(f));
                if !flagged.is_empty() && !same {
                    b.sink.warning(
                        codes::PRIMARY_KEY_MISMATCH,
                        range,
                        format!(
                            "{method}: table {} marks {} as primary_key=True but its PrimaryKeyConstraint lists {}; SQLAlchemy uses the constraint's columns",
                            q(&def.name),
                            cols(&flagged),
                            cols(&c.columns)
                        ),
                        "Make primary_key=True and the PrimaryKeyConstraint agree.",
                    );
                }
                Some(c.clone())
            }
            Some(c) if !flagged.is_empty() => {
                let mut c = c.clone();
                c.columns = flagged.clone();
                Some(c)
            }
            Some(_) => None,
            None if !flagged.is_empty() => Some(Constraint::new(
                ConstraintKind::PrimaryKey,
                None,
                flagged.clone(),
                range,
            )),
            None => None,
        };
        if let Some(pk) = pk_constraint.and_then(|c| b.primary_key(&table, &c)) {
            // Columns of a primary key are NOT NULL unless nullable= says otherwise.
            for name in &pk.columns {
                let explicit = columns
                    .iter()
                    .find(|c| &c.name == name)
                    .and_then(|c| c.nullable);
                if let Some(column) = table.column_mut(name) {
                    column.nullable = explicit.unwrap_or(false);
                }
            }
            table.primary_key = Some(pk);
        }

        let mut new_indexes = Vec::new();
        for column in &columns {
            let (constraints, indexes) = b.column_extras(&table, column);
            for c in constraints {
                b.attach_constraint(&mut table, c);
            }
            new_indexes.extend(indexes);
        }
        for c in def
            .constraints
            .iter()
            .filter(|c| c.kind != ConstraintKind::PrimaryKey)
        {
            if let Some(c) = b.constraint(&table, c) {
                b.attach_constraint(&mut table, c);
            }
        }
        for index in &def.indexes {
            if let Some(index) = b.index(&table, index) {
                new_indexes.push(index);
            }
        }
        let taken = |name: &str| index_holder(cat, def.schema.as_deref(), name);
        for index in new_indexes {
            b.attach_index(&mut table, index, &taken, false);
        }
        table
    }

    fn create_table(
        &mut self,
        def: &TableDef,
        comment: &Option<String>,
        if_not_exists: bool,
        kwargs: &[(String, Value)],
        range: TextRange,
        method: &str,
    ) {
        let key = QualifiedName::new(def.schema.as_deref(), &def.name);
        if self.cat.tables.contains_key(&key) {
            if !if_not_exists {
                self.sink.error(
                    codes::TABLE_EXISTS,
                    range,
                    format!("{method}: table {} already exists", qt(&key)),
                    "Drop it first, give the new table another name, or pass if_not_exists=True.",
                );
            }
            return;
        }
        // `use_alter=True` foreign keys are left out of CREATE TABLE where the database can
        // ALTER (every dialect but SQLite): they exist once `create_foreign_key` adds them.
        let without_alter;
        let def = if self.ctx.dialect != "sqlite" && has_use_alter(def) {
            without_alter = TableDef {
                columns: def
                    .columns
                    .iter()
                    .map(|c| Column {
                        foreign_keys: c
                            .foreign_keys
                            .iter()
                            .filter(|fk| !fk.use_alter)
                            .cloned()
                            .collect(),
                        ..c.clone()
                    })
                    .collect(),
                constraints: def
                    .constraints
                    .iter()
                    .filter(|c| !is_use_alter(c))
                    .cloned()
                    .collect(),
                ..def.clone()
            };
            &without_alter
        } else {
            def
        };
        let mut table = self.build_table(def, range, method);
        table.comment = comment.clone();
        table.kwargs = kwargs.to_vec();
        self.create_enums(&table, range, method);
        let fks = table.foreign_keys.clone();
        self.cat.tables.insert(key.clone(), Arc::new(table));
        self.check_fk_targets(&key, &fks, range, method);
    }

    /// SQLAlchemy's `before_create` on PostgreSQL: `CREATE TYPE` for the table's named
    /// enums (once per run: not again after an earlier `create_table` of the same run),
    /// unless `create_type=False` or the type has a `metadata=`.
    /// `<Enum>.create(bind)`: the named enum type, on PostgreSQL (other dialects have
    /// no such objects). With `checkfirst` (the default) an existing type is skipped.
    fn create_type(&mut self, type_: &SqlType, checkfirst: bool, range: TextRange, method: &str) {
        if !self.ctx.is_postgresql() {
            return;
        }
        for usage in enum_uses(type_, None) {
            let EnumUse::Named(spec) = usage else {
                continue;
            };
            let key = spec.enum_type.key();
            if !self.cat.enums.contains_key(&key) {
                self.cat.enums.insert(key, spec.enum_type);
            } else if !checkfirst {
                self.sink.error(
                    codes::ENUM_TYPE_EXISTS,
                    range,
                    format!(
                        "{method}: enum type {} already exists (PostgreSQL: type \"{}\" already exists)",
                        qt(&key),
                        key.name
                    ),
                    "Leave checkfirst at its default (True), or drop the type first.",
                );
            }
        }
    }

    /// `<Enum>.drop(bind)`: drops the named enum type on PostgreSQL. With `checkfirst`
    /// (the default) a missing type is skipped.
    fn drop_type(&mut self, type_: &SqlType, checkfirst: bool, range: TextRange, method: &str) {
        if !self.ctx.is_postgresql() {
            return;
        }
        for usage in enum_uses(type_, None) {
            let EnumUse::Named(spec) = usage else {
                continue;
            };
            let key = spec.enum_type.key();
            if self.cat.enums.shift_remove(&key).is_none() && !checkfirst {
                self.sink.error(
                    codes::ENUM_TYPE_NOT_CREATED,
                    range,
                    format!(
                        "{method}: enum type {} does not exist (PostgreSQL: type \"{}\" does not exist)",
                        qt(&key),
                        key.name
                    ),
                    "Drop only a type an earlier revision created, or pass checkfirst=True.",
                );
            }
        }
    }

    fn create_enums(&mut self, table: &Table, range: TextRange, method: &str) {
        let mut created = HashSet::new();
        for column in &table.columns {
            let Some(type_) = &column.type_ else { continue };
            for usage in enum_uses(type_, table.schema.as_deref()) {
                match usage {
                    EnumUse::Unnamed => {
                        if self.ctx.is_postgresql() {
                            self.sink.error(
                                codes::ENUM_NAME_REQUIRED,
                                range,
                                format!(
                                    "{method}: column {} of {} is a native enum without a name, which PostgreSQL cannot create",
                                    q(&column.name),
                                    q(&table.name)
                                ),
                                "Pass name='…' to the Enum (or native_enum=False).",
                            );
                        }
                    }
                    EnumUse::Named(spec) => {
                        if !spec.created_with_table {
                            continue;
                        }
                        let key = spec.enum_type.key();
                        if !created.insert(key.clone()) || !self.run_types.insert(key.clone()) {
                            continue;
                        }
                        if self.cat.enums.contains_key(&key) {
                            if self.ctx.is_postgresql() {
                                self.sink.error(
                                    codes::ENUM_TYPE_EXISTS,
                                    range,
                                    format!(
                                        "{method}: creating table {} creates enum type {}, which already exists (PostgreSQL: type \"{}\" already exists)",
                                        q(&table.name),
                                        qt(&key),
                                        key.name
                                    ),
                                    "Use postgresql.ENUM(..., create_type=False) for a type that exists, or drop the type where the table that created it is dropped (sa.Enum(name=...).drop(op.get_bind())).",
                                );
                            }
                            continue;
                        }
                        self.cat.enums.insert(key, spec.enum_type);
                    }
                }
            }
        }
    }

    /// `op.add_column` / `op.alter_column` do not create enum types (on PostgreSQL the
    /// statement fails when the type does not exist).
    fn check_enum_exists(
        &mut self,
        type_: &SqlType,
        schema: Option<&str>,
        range: TextRange,
        method: &str,
    ) {
        if !self.ctx.is_postgresql() {
            return;
        }
        for usage in enum_uses(type_, schema) {
            let EnumUse::Named(spec) = usage else {
                continue;
            };
            let key = spec.enum_type.key();
            if spec.created_with_table && !self.cat.enums.contains_key(&key) {
                self.sink.warning(
                    codes::ENUM_TYPE_NOT_CREATED,
                    range,
                    format!(
                        "{method} does not create enum type {}, and no earlier step created it (PostgreSQL: type \"{}\" does not exist)",
                        qt(&key),
                        key.name
                    ),
                    "Create the type first: sa.Enum(..., name='…').create(op.get_bind(), checkfirst=True), then use it with create_type=False.",
                );
            }
        }
    }

    /// Foreign keys of the table `key` whose targets are missing or not unique.
    fn check_fk_targets(
        &mut self,
        key: &QualifiedName,
        fks: &[crate::ForeignKey],
        range: TextRange,
        method: &str,
    ) {
        let severity = self.ctx.reference_severity();
        for fk in fks {
            let label = match &fk.name {
                Some(name) => format!("foreign key {}", q(name)),
                None => format!("the foreign key {}", cols(&fk.columns)),
            };
            let target_key = fk.ref_key();
            let Some(target) = self.cat.tables.get(&target_key) else {
                self.sink.push(
                    severity,
                    codes::FOREIGN_KEY_TARGET_NOT_FOUND,
                    range,
                    format!(
                        "{method}: {label} of {} refers to table {}, which does not exist",
                        qt(key),
                        qt(&target_key)
                    ),
                    "Create the referred table first, or fix the target.",
                );
                continue;
            };
            let missing: Vec<String> = fk
                .ref_columns
                .iter()
                .filter(|c| target.column(c).is_none())
                .cloned()
                .collect();
            if !missing.is_empty() {
                self.sink.push(
                    severity,
                    codes::FOREIGN_KEY_TARGET_NOT_FOUND,
                    range,
                    format!(
                        "{method}: {label} of {} refers to {} {}, which table {} does not have",
                        qt(key),
                        if missing.len() == 1 {
                            "column"
                        } else {
                            "columns"
                        },
                        missing.iter().map(|c| q(c)).collect::<Vec<_>>().join(", "),
                        qt(&target_key)
                    ),
                    "Refer to existing columns, or add them first.",
                );
                continue;
            }
            if !target.has_unique_key(&fk.ref_columns) {
                self.sink.push(
                    severity,
                    codes::FOREIGN_KEY_TARGET_NOT_UNIQUE,
                    range,
                    format!(
                        "{method}: {label} of {} refers to {} {}, which is not a primary key or unique",
                        qt(key),
                        qt(&target_key),
                        cols(&fk.ref_columns)
                    ),
                    "Refer to the primary key, or add a unique constraint on the referred columns first.",
                );
            }
        }
    }

    /// Foreign keys elsewhere that refer to `columns` of `key` (all columns when `None`).
    fn referring_fks(
        &self,
        key: &QualifiedName,
        columns: Option<&[String]>,
        exclude_own: bool,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for (k, t) in &self.cat.tables {
            if exclude_own && k == key {
                continue;
            }
            for fk in &t.foreign_keys {
                if fk.ref_key() != *key {
                    continue;
                }
                let hit = match columns {
                    None => true,
                    Some(cs) => fk.ref_columns.iter().any(|c| cs.contains(c)),
                };
                if hit {
                    out.push(match &fk.name {
                        Some(name) => format!("foreign key {} on {}", q(name), q(&t.name)),
                        None => format!("the foreign key {} on {}", cols(&fk.columns), q(&t.name)),
                    });
                }
            }
        }
        out
    }

    fn report_dependents(&mut self, dependents: &[String], what: String, range: TextRange) {
        if dependents.is_empty() {
            return;
        }
        let severity = self.ctx.reference_severity();
        self.sink.push(
            severity,
            codes::DEPENDENT_OBJECTS,
            range,
            format!(
                "{what}, but {} {} on it",
                dependents.join(", "),
                if dependents.len() == 1 { "depends" } else { "depend" }
            ),
            "Drop the dependent objects first (PostgreSQL and MySQL refuse; SQLite leaves them dangling, as the catalog does).",
        );
    }

    fn drop_table(&mut self, key: &QualifiedName, if_exists: bool, range: TextRange, method: &str) {
        if !self.cat.tables.contains_key(key) {
            if !if_exists {
                self.table_missing(key, range, method);
            }
            return;
        }
        let dependents = self.referring_fks(key, None, true);
        self.report_dependents(
            &dependents,
            format!("{method}: drops table {}", qt(key)),
            range,
        );
        // Alembic's drop_table builds a Table without columns, so no DROP TYPE is emitted
        // for its enum types: they stay in the database.
        self.cat.tables.shift_remove(key);
    }

    fn rename_table(
        &mut self,
        schema: Option<&str>,
        old: &str,
        new: &str,
        range: TextRange,
        method: &str,
    ) {
        let old_key = QualifiedName::new(schema, old);
        let new_key = QualifiedName::new(schema, new);
        if !self.existing(&old_key, range, method) {
            return;
        }
        if old_key == new_key {
            return;
        }
        if self.cat.tables.contains_key(&new_key) {
            self.sink.error(
                codes::TABLE_EXISTS,
                range,
                format!(
                    "{method}: cannot rename {} to {}: that table already exists",
                    qt(&old_key),
                    qt(&new_key)
                ),
                "Choose another name, or drop the other table first.",
            );
            return;
        }
        let Some((at, _, mut table)) = self.cat.tables.shift_remove_full(&old_key) else {
            return;
        };
        let renamed = Arc::make_mut(&mut table);
        renamed.name = new.to_owned();
        for index in &mut renamed.indexes {
            index.table = new.to_owned();
        }
        self.cat.tables.shift_insert(at, new_key, table);
        // Foreign keys follow the table, as they refer to it by identity in the database.
        for t in self.cat.tables.values_mut() {
            if !t.foreign_keys.iter().any(|fk| fk.ref_key() == old_key) {
                continue;
            }
            for fk in &mut Arc::make_mut(t).foreign_keys {
                if fk.ref_key() == old_key {
                    fk.ref_table = new.to_owned();
                }
            }
        }
    }

    fn add_column(
        &mut self,
        key: &QualifiedName,
        column: &Column,
        if_not_exists: bool,
        range: TextRange,
        method: &str,
    ) {
        if !self.existing(key, range, method) {
            return;
        }
        // The table is taken out while it changes, so that the rest of the catalog can
        // be read (index names are unique in the schema).
        let Some((at, taken_key, mut table)) = self.cat.tables.swap_remove_full(key) else {
            return;
        };
        let cat: &Catalog = self.cat;
        let mut b = Builder {
            conv: &self.ctx.naming_convention,
            sink: &mut self.sink,
            range,
            method: method.to_owned(),
        };
        let added = add_column_to(
            &mut b,
            cat,
            Arc::make_mut(&mut table),
            column,
            if_not_exists,
        );
        let (end, _) = self.cat.tables.insert_full(taken_key, table);
        self.cat.tables.swap_indices(at, end);
        let Some(constraints) = added else {
            return;
        };
        if constraints > 0 {
            self.sqlite_alter_constraint(range, method);
        }
        let fks: Vec<crate::ForeignKey> = self
            .cat
            .tables
            .get(key)
            .map(|t| {
                t.foreign_keys
                    .iter()
                    .filter(|fk| fk.columns.contains(&column.name))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        self.check_fk_targets(key, &fks, range, method);
        if let Some(type_) = &column.type_ {
            self.check_enum_exists(type_, key.schema.as_deref(), range, method);
        }
    }

    fn drop_column(
        &mut self,
        key: &QualifiedName,
        column: &str,
        if_exists: bool,
        range: TextRange,
        method: &str,
    ) {
        if !self.existing(key, range, method) {
            return;
        }
        let Some(table) = self.cat.tables.get(key) else {
            return;
        };
        if table.column(column).is_none() {
            if !if_exists {
                self.column_missing(key, column, range, method);
            }
            return;
        }
        let own = [column.to_owned()];
        let mut dependents: Vec<String> = self
            .referring_fks(key, Some(&own), false)
            .into_iter()
            .collect();
        // A self-referencing foreign key from this very column goes with it.
        if let Some(t) = self.cat.tables.get(key) {
            let own_fks: Vec<String> = t
                .foreign_keys
                .iter()
                .filter(|fk| fk.ref_key() == *key && fk.columns.iter().any(|c| c == column))
                .map(|fk| match &fk.name {
                    Some(name) => format!("foreign key {} on {}", q(name), q(&t.name)),
                    None => format!("the foreign key {} on {}", cols(&fk.columns), q(&t.name)),
                })
                .collect();
            dependents.retain(|d| !own_fks.contains(d));
            for c in &t.columns {
                if c.name != column
                    && c.computed
                        .as_ref()
                        .is_some_and(|g| sql_text::references(&g.sqltext, column))
                {
                    dependents.push(format!("computed column {}", q(&c.name)));
                }
            }
        }
        self.report_dependents(
            &dependents,
            format!("{method}: drops column {} of {}", q(column), qt(key)),
            range,
        );
        if let Some(table) = self.cat.table_mut(key) {
            drop_column_cascade(table, column);
        }
    }

    fn column_missing(
        &mut self,
        key: &QualifiedName,
        column: &str,
        range: TextRange,
        method: &str,
    ) {
        self.sink.error(
            codes::COLUMN_NOT_FOUND,
            range,
            format!("{method}: table {} has no column {}", qt(key), q(column)),
            "Fix the column name, or add the column first.",
        );
    }

    fn alter_column(&mut self, alter: &AlterColumn, range: TextRange, method: &str) {
        let key = QualifiedName::new(alter.schema.as_deref(), &alter.table);
        if !self.existing(&key, range, method) {
            return;
        }
        let Some(table) = self.cat.tables.get(&key) else {
            return;
        };
        if table.column(&alter.column).is_none() {
            self.column_missing(&key, &alter.column, range, method);
            return;
        }
        if let Some(new) = &alter.new_column_name {
            if *new != alter.column && table.column(new).is_some() {
                self.sink.error(
                    codes::COLUMN_EXISTS,
                    range,
                    format!(
                        "{method}: cannot rename column {} of {} to {}: that column already exists",
                        q(&alter.column),
                        qt(&key),
                        q(new)
                    ),
                    "Choose another name, or drop the other column first.",
                );
                return;
            }
        }
        let in_pk = table
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.columns.contains(&alter.column));
        if alter.nullable == Some(true) && in_pk {
            self.sink.error(
                codes::PRIMARY_KEY_NULLABLE,
                range,
                format!(
                    "{method}: column {} of {} is in the primary key and cannot be made nullable",
                    q(&alter.column),
                    qt(&key)
                ),
                "Drop the primary key first, or keep the column NOT NULL.",
            );
            return;
        }
        if let Some(type_) = &alter.type_ {
            self.check_enum_exists(type_, key.schema.as_deref(), range, method);
        }
        let Some(table) = self.cat.table_mut(&key) else {
            return;
        };
        if let Some(column) = table.column_mut(&alter.column) {
            if let Some(nullable) = alter.nullable {
                column.nullable = nullable;
            }
            if let Some(type_) = &alter.type_ {
                column.type_ = Some(normalize(type_));
            }
            if let Some(default) = &alter.server_default {
                column.server_default = default.clone();
            }
            if let Some(comment) = &alter.comment {
                column.comment = comment.clone();
            }
            if let Some(auto) = alter.autoincrement {
                column.autoincrement = if auto {
                    Autoincrement::Yes
                } else {
                    Autoincrement::No
                };
            }
        }
        if let Some(new) = &alter.new_column_name {
            if *new != alter.column {
                rename_column(self.cat, &key, &alter.column, new);
            }
        }
    }

    fn create_index(&mut self, index: &Index, range: TextRange, method: &str) {
        // The IR keeps the schema of create_index in its kwargs.
        let schema = index
            .kwargs
            .iter()
            .find(|(k, _)| k == "schema")
            .and_then(|(_, v)| v.as_str());
        let key = QualifiedName::new(schema, &index.table);
        if !self.existing(&key, range, method) {
            return;
        }
        let Some((at, taken_key, mut table)) = self.cat.tables.swap_remove_full(&key) else {
            return;
        };
        let cat: &Catalog = self.cat;
        let mut b = Builder {
            conv: &self.ctx.naming_convention,
            sink: &mut self.sink,
            range,
            method: method.to_owned(),
        };
        let mut ir = index.clone();
        ir.kwargs.retain(|(k, _)| k != "schema");
        if let Some(built) = b.index(&table, &ir) {
            let taken = |name: &str| index_holder(cat, key.schema.as_deref(), name);
            b.attach_index(
                Arc::make_mut(&mut table),
                built,
                &taken,
                index.if_not_exists,
            );
        }
        let (end, _) = self.cat.tables.insert_full(taken_key, table);
        self.cat.tables.swap_indices(at, end);
    }

    fn drop_index(
        &mut self,
        name: &Name,
        table: Option<&str>,
        schema: Option<&str>,
        if_exists: bool,
        range: TextRange,
        method: &str,
    ) {
        let subject = NamingSubject {
            schema,
            table: table.unwrap_or("no_table"),
            ..NamingSubject::default()
        };
        let resolved =
            match self
                .ctx
                .naming_convention
                .resolve(ConventionKind::Index, Some(name), &subject)
            {
                Ok(Some(n)) => n,
                Ok(None) => name.text.clone(),
                Err(message) => {
                    self.sink.error(
                        codes::NAMING_CONVENTION_ERROR,
                        range,
                        format!("{method}: cannot name the index to drop: {message}"),
                        "Name it with op.f('…') to bypass the convention.",
                    );
                    return;
                }
            };
        let wanted = table.map(|t| QualifiedName::new(schema, t));
        let holder = wanted
            .as_ref()
            .filter(|k| {
                self.cat
                    .tables
                    .get(*k)
                    .is_some_and(|t| t.index(&resolved).is_some())
            })
            .cloned()
            .or_else(|| {
                self.cat
                    .tables
                    .iter()
                    .find(|(k, t)| k.schema.as_deref() == schema && t.index(&resolved).is_some())
                    .map(|(k, _)| k.clone())
            });
        let Some(holder) = holder else {
            if !if_exists {
                let on = match &wanted {
                    Some(k) => format!(" on table {}", qt(k)),
                    None => String::new(),
                };
                self.sink.error(
                    codes::INDEX_NOT_FOUND,
                    range,
                    format!("{method}: there is no index {}{on}", q(&resolved)),
                    "Fix the index name, or drop it only where it was created.",
                );
            }
            return;
        };
        if let Some(wanted) = &wanted {
            if *wanted != holder {
                self.sink.warning(
                    codes::INDEX_TABLE_MISMATCH,
                    range,
                    format!(
                        "{method}: index {} is on table {}, not {}",
                        q(&resolved),
                        qt(&holder),
                        qt(wanted)
                    ),
                    "Pass the right table_name= (MySQL needs it).",
                );
            }
        }
        let Some(t) = self.cat.table_mut(&holder) else {
            return;
        };
        let Some(at) = t
            .indexes
            .iter()
            .position(|i| i.name.as_deref() == Some(resolved.as_str()))
        else {
            return;
        };
        let removed = t.indexes.remove(at);
        if removed.unique {
            let columns: Vec<String> = removed.column_names().map(str::to_owned).collect();
            self.unique_key_dropped(
                &holder,
                &columns,
                format!("{method}: drops unique index {}", q(&resolved)),
                range,
            );
        }
    }

    /// After a unique key over `columns` of `key` went away: foreign keys that relied on it.
    fn unique_key_dropped(
        &mut self,
        key: &QualifiedName,
        columns: &[String],
        what: String,
        range: TextRange,
    ) {
        let Some(table) = self.cat.tables.get(key) else {
            return;
        };
        if columns.is_empty() || table.has_unique_key(columns) {
            return;
        }
        let mut dependents = Vec::new();
        for t in self.cat.tables.values() {
            for fk in &t.foreign_keys {
                let same = fk.ref_columns.len() == columns.len()
                    && fk.ref_columns.iter().all(|c| columns.contains(c));
                if fk.ref_key() == *key && same {
                    dependents.push(match &fk.name {
                        Some(name) => format!("foreign key {} on {}", q(name), q(&t.name)),
                        None => format!("the foreign key {} on {}", cols(&fk.columns), q(&t.name)),
                    });
                }
            }
        }
        self.report_dependents(&dependents, what, range);
    }

    fn add_constraint(
        &mut self,
        key: &QualifiedName,
        constraint: &Constraint,
        range: TextRange,
        method: &str,
    ) {
        if !self.existing(key, range, method) {
            return;
        }
        let Some(table) = self.cat.table_mut(key) else {
            return;
        };
        let mut b = Builder {
            conv: &self.ctx.naming_convention,
            sink: &mut self.sink,
            range,
            method: method.to_owned(),
        };
        let Some(built) = b.constraint(table, constraint) else {
            return;
        };
        let fk = match &built {
            ConstraintDef::ForeignKey(fk) => Some(fk.clone()),
            _ => None,
        };
        let pk_columns = match &built {
            ConstraintDef::PrimaryKey(pk) => pk.columns.clone(),
            _ => Vec::new(),
        };
        if !b.attach_constraint(table, built) {
            return;
        }
        // Adding a primary key makes its columns NOT NULL (PostgreSQL, MySQL).
        for name in &pk_columns {
            if let Some(column) = table.column_mut(name) {
                column.nullable = false;
            }
        }
        self.sqlite_alter_constraint(range, method);
        if let Some(fk) = fk {
            self.check_fk_targets(key, &[fk], range, method);
        }
    }

    fn drop_constraint(
        &mut self,
        key: &QualifiedName,
        name: Option<&Name>,
        kind: Option<ConstraintKind>,
        if_exists: bool,
        range: TextRange,
        method: &str,
    ) {
        let Some(name) = name else {
            self.sink.error(
                codes::CONSTRAINT_NAME_REQUIRED,
                range,
                format!("{method}: the constraint to drop has no name"),
                "Alembic can only drop constraints by name: give the name the database has (see the naming convention, or the batch naming_convention= for SQLite).",
            );
            return;
        };
        if !self.existing(key, range, method) {
            return;
        }
        // Alembic builds the constraint to drop on a table of the op's MetaData, so the
        // naming convention applies to it too (only when it uses %(constraint_name)s).
        let conv_kind = kind.map(|k| match k {
            ConstraintKind::PrimaryKey => ConventionKind::PrimaryKey,
            ConstraintKind::Unique => ConventionKind::Unique,
            ConstraintKind::ForeignKey => ConventionKind::ForeignKey,
            ConstraintKind::Check => ConventionKind::Check,
        });
        let resolved = match conv_kind {
            Some(ck) => {
                let subject = NamingSubject {
                    schema: key.schema.as_deref(),
                    table: &key.name,
                    ref_table: (ck == ConventionKind::ForeignKey).then_some(""),
                    ..NamingSubject::default()
                };
                match self.ctx.naming_convention.resolve(ck, Some(name), &subject) {
                    Ok(n) => n.unwrap_or_else(|| name.text.clone()),
                    Err(message) => {
                        self.sink.error(
                            codes::NAMING_CONVENTION_ERROR,
                            range,
                            format!("{method}: cannot name the constraint to drop: {message}"),
                            "Name it with op.f('…') to bypass the convention.",
                        );
                        return;
                    }
                }
            }
            None => name.text.clone(),
        };
        let batch_conv = self.batch.as_ref().and_then(|b| b.convention.as_ref());
        let Some(table) = self.cat.tables.get(key) else {
            return;
        };
        let Some(slot) = locate_constraint(table, &resolved, &self.ctx.dialect, batch_conv) else {
            if !if_exists {
                self.sink.error(
                    codes::CONSTRAINT_NOT_FOUND,
                    range,
                    format!(
                        "{method}: table {} has no constraint named {}",
                        qt(key),
                        q(&resolved)
                    ),
                    "Use the name the constraint has in the database (unnamed constraints get the database's default name, or a batch naming_convention= name).",
                );
            }
            return;
        };
        if let Some(kind) = kind {
            if slot.kind() != Some(kind) {
                self.sink.warning(
                    codes::CONSTRAINT_KIND_MISMATCH,
                    range,
                    format!(
                        "{method}: {} on {} is a {}, not the type_ given",
                        q(&resolved),
                        qt(key),
                        slot.label()
                    ),
                    "Pass the right type_= (MySQL and batch mode need it).",
                );
            }
        }
        let Some(table) = self.cat.table_mut(key) else {
            return;
        };
        let removed = slot.remove(table);
        self.sqlite_alter_constraint(range, method);
        let unique_columns = match &removed {
            Some(ConstraintDef::PrimaryKey(pk)) => pk.columns.clone(),
            Some(ConstraintDef::Unique(u)) => u.columns.clone(),
            _ => Vec::new(),
        };
        self.unique_key_dropped(
            key,
            &unique_columns,
            format!("{method}: drops {}", q(&resolved)),
            range,
        );
    }

    fn bulk_insert(
        &mut self,
        key: &QualifiedName,
        rows: &[Vec<(String, Value)>],
        range: TextRange,
        method: &str,
    ) {
        if !self.existing(key, range, method) {
            return;
        }
        let Some(table) = self.cat.tables.get(key) else {
            return;
        };
        let mut missing: Vec<&str> = Vec::new();
        for (column, _) in rows.iter().flatten() {
            if table.column(column).is_none() && !missing.contains(&column.as_str()) {
                missing.push(column);
            }
        }
        for column in missing {
            self.column_missing(key, column, range, method);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn batch(
        &mut self,
        key: &QualifiedName,
        recreate: Recreate,
        copy_from: Option<&TableDef>,
        naming_convention: &[(String, String)],
        partial_reordering: &[Vec<String>],
        ops: &[Op],
        range: TextRange,
        method: &str,
    ) {
        if !self.cat.tables.contains_key(key) {
            match copy_from {
                // `copy_from=` stands for the table as it is in the database.
                Some(def) => {
                    let table = self.build_table(def, range, method);
                    for column in &table.columns {
                        let Some(type_) = &column.type_ else { continue };
                        for usage in enum_uses(type_, table.schema.as_deref()) {
                            if let EnumUse::Named(spec) = usage {
                                let enum_key = spec.enum_type.key();
                                self.cat.enums.entry(enum_key).or_insert(spec.enum_type);
                            }
                        }
                    }
                    self.cat.tables.insert(key.clone(), Arc::new(table));
                }
                None => {
                    self.sink.error(
                        codes::TABLE_NOT_FOUND,
                        range,
                        format!("{method}: table {} does not exist", qt(key)),
                        "Create the table first, fix the name, or pass copy_from= with its definition.",
                    );
                    return;
                }
            }
        }
        let scope = BatchScope {
            convention: (!naming_convention.is_empty())
                .then(|| NamingConvention::from_pairs(naming_convention)),
        };
        let outer = self.batch.replace(scope);
        for op in ops {
            self.op(op);
        }
        self.batch = outer;
        if !partial_reordering.is_empty() && self.batch_recreates(recreate, ops) {
            self.reorder(key, partial_reordering, range, method);
        }
    }

    /// Whether Alembic recreates the table for this batch (only then are columns
    /// reordered): `recreate="always"`, or `"auto"` on SQLite when an op needs it.
    fn batch_recreates(&self, recreate: Recreate, ops: &[Op]) -> bool {
        match recreate {
            Recreate::Always => true,
            Recreate::Never => false,
            Recreate::Auto => {
                self.ctx.dialect == "sqlite"
                    && ops.iter().any(|op| match &op.kind {
                        OpKind::AddColumn { column, .. } => {
                            matches!(
                                column.server_default,
                                Some(Value::Text(_) | Value::Func { .. } | Value::Keyword(_))
                            ) || column
                                .computed
                                .as_ref()
                                .is_some_and(|c| c.persisted == Some(true))
                        }
                        OpKind::CreateIndex(_) | OpKind::DropIndex { .. } => false,
                        _ => true,
                    })
            }
        }
    }

    /// `partial_reordering=`: SQLAlchemy's deterministic topological sort of the columns
    /// under the given orderings, starting from the current order.
    fn reorder(
        &mut self,
        key: &QualifiedName,
        orderings: &[Vec<String>],
        range: TextRange,
        method: &str,
    ) {
        let Some(table) = self.cat.table_mut(key) else {
            return;
        };
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for ordering in orderings {
            for w in ordering.windows(2) {
                if let [a, b] = w {
                    if a != b {
                        pairs.push((a, b));
                    }
                }
            }
        }
        let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
        let unknown: Vec<&str> = pairs
            .iter()
            .flat_map(|(a, b)| [*a, *b])
            .filter(|n| !names.iter().any(|c| c == n))
            .collect();
        if !unknown.is_empty() {
            self.sink.error(
                codes::INVALID_PARTIAL_REORDERING,
                range,
                format!(
                    "{method}: partial_reordering names unknown column {}",
                    q(unknown.first().copied().unwrap_or_default())
                ),
                "List only columns the table has after the batch.",
            );
            return;
        }
        let mut todo: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut order: Vec<&str> = Vec::new();
        while !todo.is_empty() {
            let ready: Vec<&str> = todo
                .iter()
                .copied()
                .filter(|n| !pairs.iter().any(|(p, c)| c == n && todo.contains(p)))
                .collect();
            if ready.is_empty() {
                self.sink.error(
                    codes::INVALID_PARTIAL_REORDERING,
                    range,
                    format!("{method}: partial_reordering orders columns in a cycle"),
                    "Make the orderings consistent.",
                );
                return;
            }
            todo.retain(|n| !ready.contains(n));
            order.extend(ready);
        }
        let mut columns = std::mem::take(&mut table.columns);
        let mut sorted = Vec::with_capacity(columns.len());
        for name in order {
            if let Some(at) = columns.iter().position(|c| c.name == name) {
                sorted.push(columns.remove(at));
            }
        }
        sorted.append(&mut columns);
        table.columns = sorted;
    }
}

/// The first statement of `sql` that changes what the catalog tracks (tables, columns,
/// indexes, constraints, enum types), shortened; `None` when there is none. Functions,
/// views, extensions, grants and data are not tracked.
pub fn schema_ddl(sql: &str) -> Option<String> {
    const CHANGES: &[&[&str]] = &[
        &["CREATE", "TABLE"],
        &["CREATE", "TEMP"],
        &["CREATE", "TEMPORARY"],
        &["CREATE", "UNLOGGED"],
        &["CREATE", "INDEX"],
        &["CREATE", "UNIQUE"],
        &["CREATE", "TYPE"],
        &["ALTER", "TABLE"],
        &["ALTER", "INDEX"],
        &["ALTER", "TYPE"],
        &["DROP", "TABLE"],
        &["DROP", "INDEX"],
        &["DROP", "TYPE"],
        &["RENAME", "TABLE"],
        &["DO"],
    ];
    sql.split(';').find_map(|statement| {
        let mut text = statement.trim_start();
        // Leading comments.
        loop {
            if let Some(rest) = text.strip_prefix("--") {
                text = rest.split_once('\n').map_or("", |(_, r)| r).trim_start();
            } else if let Some(rest) = text.strip_prefix("/*") {
                text = rest.split_once("*/").map_or("", |(_, r)| r).trim_start();
            } else {
                break;
            }
        }
        let words: Vec<String> = text
            .split_whitespace()
            .take(2)
            .map(str::to_ascii_uppercase)
            .collect();
        let ddl = CHANGES.iter().any(|pattern| {
            pattern.iter().zip(&words).all(|(p, w)| p == w) && words.len() >= pattern.len()
        });
        ddl.then(|| {
            let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
            match one_line.char_indices().nth(80) {
                Some((at, _)) => format!("{}…", &one_line[..at]),
                None => one_line,
            }
        })
    })
}

/// A `sa.ForeignKeyConstraint(..., use_alter=True)`.
fn is_use_alter(c: &Constraint) -> bool {
    c.kind == ConstraintKind::ForeignKey
        && c.kwargs
            .iter()
            .any(|(k, v)| k == "use_alter" && v.as_bool() == Some(true))
}

/// Whether a table definition has a `use_alter=True` foreign key.
fn has_use_alter(def: &TableDef) -> bool {
    def.constraints.iter().any(is_use_alter)
        || def
            .columns
            .iter()
            .any(|c| c.foreign_keys.iter().any(|fk| fk.use_alter))
}

/// The table of `schema` holding an index named `name`, if any.
fn index_holder(cat: &Catalog, schema: Option<&str>, name: &str) -> Option<String> {
    cat.tables
        .iter()
        .find(|(k, t)| k.schema.as_deref() == schema && t.index(name).is_some())
        .map(|(_, t)| t.name.clone())
}

/// `op.add_column` on `table` (out of the catalog): the number of constraints the
/// column's shorthands added, `None` when the column was not added.
fn add_column_to(
    b: &mut Builder<'_>,
    cat: &Catalog,
    table: &mut Table,
    column: &Column,
    if_not_exists: bool,
) -> Option<usize> {
    let method = b.method.clone();
    if table.column(&column.name).is_some() {
        if !if_not_exists {
            b.sink.error(
                codes::COLUMN_EXISTS,
                b.range,
                format!(
                    "{method}: table {} already has a column {}",
                    qt(&table.key()),
                    q(&column.name)
                ),
                "Choose another name, or pass if_not_exists=True.",
            );
        }
        return None;
    }
    if column.primary_key {
        b.sink.warning(
            codes::ADD_COLUMN_PRIMARY_KEY,
            b.range,
            format!(
                "{method}: primary_key=True on {} adds no PRIMARY KEY constraint: Alembic's add_column skips it",
                q(&column.name)
            ),
            "Add the key with op.create_primary_key(...) (after dropping the existing one).",
        );
    }
    table.columns.push(catalog_column(column));
    let (constraints, indexes) = b.column_extras(table, column);
    let added = constraints.len();
    for c in constraints {
        b.attach_constraint(table, c);
    }
    let schema = table.schema.clone();
    let taken = |name: &str| index_holder(cat, schema.as_deref(), name);
    for index in indexes {
        b.attach_index(table, index, &taken, false);
    }
    Some(added)
}

/// Where a constraint is in its table.
#[derive(Debug, Clone, Copy)]
enum Slot {
    PrimaryKey,
    Unique(usize),
    ForeignKey(usize),
    Check(usize),
    Exclude(usize),
}

impl Slot {
    fn kind(self) -> Option<ConstraintKind> {
        match self {
            Slot::PrimaryKey => Some(ConstraintKind::PrimaryKey),
            Slot::Unique(_) => Some(ConstraintKind::Unique),
            Slot::ForeignKey(_) => Some(ConstraintKind::ForeignKey),
            Slot::Check(_) => Some(ConstraintKind::Check),
            Slot::Exclude(_) => None,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Slot::PrimaryKey => "primary key",
            Slot::Unique(_) => "unique constraint",
            Slot::ForeignKey(_) => "foreign key",
            Slot::Check(_) => "check constraint",
            Slot::Exclude(_) => "exclude constraint",
        }
    }

    fn remove(self, table: &mut Table) -> Option<ConstraintDef> {
        fn take<T>(v: &mut Vec<T>, i: usize) -> Option<T> {
            (i < v.len()).then(|| v.remove(i))
        }
        match self {
            Slot::PrimaryKey => table.primary_key.take().map(ConstraintDef::PrimaryKey),
            Slot::Unique(i) => take(&mut table.uniques, i).map(ConstraintDef::Unique),
            Slot::ForeignKey(i) => take(&mut table.foreign_keys, i).map(ConstraintDef::ForeignKey),
            Slot::Check(i) => take(&mut table.checks, i).map(ConstraintDef::Check),
            Slot::Exclude(i) => take(&mut table.excludes, i).map(ConstraintDef::Exclude),
        }
    }
}

/// Every constraint of `table` with its slot and stored name.
fn slots(table: &Table) -> Vec<(Slot, Option<&str>)> {
    let mut out = Vec::new();
    if let Some(pk) = &table.primary_key {
        out.push((Slot::PrimaryKey, pk.name.as_deref()));
    }
    out.extend(
        table
            .uniques
            .iter()
            .enumerate()
            .map(|(i, c)| (Slot::Unique(i), c.name.as_deref())),
    );
    out.extend(
        table
            .foreign_keys
            .iter()
            .enumerate()
            .map(|(i, c)| (Slot::ForeignKey(i), c.name.as_deref())),
    );
    out.extend(
        table
            .checks
            .iter()
            .enumerate()
            .map(|(i, c)| (Slot::Check(i), c.name.as_deref())),
    );
    out.extend(
        table
            .excludes
            .iter()
            .enumerate()
            .map(|(i, c)| (Slot::Exclude(i), c.name.as_deref())),
    );
    out
}

/// Finds the constraint `name` of `table`: by its own name, else an unnamed one by the
/// name a batch `naming_convention=` gives it, else by the name the database gave it.
fn locate_constraint(
    table: &Table,
    name: &str,
    dialect: &str,
    batch_conv: Option<&NamingConvention>,
) -> Option<Slot> {
    let all = slots(table);
    if let Some((slot, _)) = all.iter().find(|(_, n)| *n == Some(name)) {
        return Some(*slot);
    }
    let unnamed = all.iter().filter(|(_, n)| n.is_none()).map(|(s, _)| *s);
    if let Some(conv) = batch_conv {
        for slot in unnamed.clone() {
            if convention_name(table, slot, conv).as_deref() == Some(name) {
                return Some(slot);
            }
        }
    }
    unnamed
        .into_iter()
        .find(|slot| default_name(table, *slot, dialect).as_deref() == Some(name))
}

fn convention_name(table: &Table, slot: Slot, conv: &NamingConvention) -> Option<String> {
    let (kind, columns, ref_table, ref_columns): (
        ConventionKind,
        Vec<String>,
        Option<&str>,
        &[String],
    ) = match slot {
        Slot::PrimaryKey => (
            ConventionKind::PrimaryKey,
            table.primary_key.as_ref()?.columns.clone(),
            None,
            &[],
        ),
        Slot::Unique(i) => (
            ConventionKind::Unique,
            table.uniques.get(i)?.columns.clone(),
            None,
            &[],
        ),
        Slot::ForeignKey(i) => {
            let fk = table.foreign_keys.get(i)?;
            (
                ConventionKind::ForeignKey,
                fk.columns.clone(),
                Some(fk.ref_table.as_str()),
                &fk.ref_columns,
            )
        }
        Slot::Check(i) => (
            ConventionKind::Check,
            table.checks.get(i)?.column.iter().cloned().collect(),
            None,
            &[],
        ),
        Slot::Exclude(_) => return None,
    };
    let subject = NamingSubject {
        schema: table.schema.as_deref(),
        table: &table.name,
        columns: &columns,
        ref_table,
        ref_columns,
    };
    conv.resolve(kind, None, &subject).ok().flatten()
}

impl Catalog {
    /// Names the unnamed constraints of `table` as `dialect` names them when they are
    /// created: PostgreSQL `<table>_pkey`, `<table>_<cols>_key` / `_fkey` / `_check`;
    /// MySQL `PRIMARY`, the first column of a unique key, `<table>_ibfk_<n>` and
    /// `<table>_chk_<n>` numbered on from the highest `n` there is; SQLite leaves them
    /// unnamed. Called after each op (the engine does), names stay what the database
    /// gave them: a renamed table keeps `old_pkey`, and a key re-created with the name
    /// the database gave it compares equal to the original.
    pub fn name_unnamed_constraints(&mut self, table: &QualifiedName, dialect: &str) {
        let Some(t) = self.tables.get(table) else {
            return;
        };
        let mysql = matches!(dialect, "mysql" | "mariadb");
        let pk = t
            .primary_key
            .as_ref()
            .filter(|k| k.name.is_none())
            .and_then(|_| default_name(t, Slot::PrimaryKey, dialect));
        let uniques: Vec<Option<String>> = (0..t.uniques.len())
            .map(|i| default_name(t, Slot::Unique(i), dialect))
            .collect();
        let excludes: Vec<Option<String>> = (0..t.excludes.len())
            .map(|i| default_name(t, Slot::Exclude(i), dialect))
            .collect();
        // MySQL numbers a new unnamed key after the highest number of that table.
        let numbered = |names: Vec<Option<&str>>, infix: &str| -> Vec<Option<String>> {
            let prefix = format!("{}_{infix}_", t.name);
            let mut next = names
                .iter()
                .flatten()
                .filter_map(|n| n.strip_prefix(&prefix)?.parse::<u32>().ok())
                .max()
                .unwrap_or(0);
            names
                .iter()
                .map(|n| {
                    n.is_none().then(|| {
                        next += 1;
                        format!("{prefix}{next}")
                    })
                })
                .collect()
        };
        let fks: Vec<Option<String>> = if mysql {
            numbered(
                t.foreign_keys.iter().map(|k| k.name.as_deref()).collect(),
                "ibfk",
            )
        } else {
            (0..t.foreign_keys.len())
                .map(|i| default_name(t, Slot::ForeignKey(i), dialect))
                .collect()
        };
        let checks: Vec<Option<String>> = if mysql {
            numbered(t.checks.iter().map(|c| c.name.as_deref()).collect(), "chk")
        } else {
            (0..t.checks.len())
                .map(|i| default_name(t, Slot::Check(i), dialect))
                .collect()
        };
        let Some(t) = self.tables.get_mut(table).map(Arc::make_mut) else {
            return;
        };
        if let (Some(key), Some(n)) = (t.primary_key.as_mut(), pk) {
            key.name = Some(n);
        }
        for (c, n) in t.uniques.iter_mut().zip(uniques) {
            c.name = c.name.take().or(n);
        }
        for (c, n) in t.foreign_keys.iter_mut().zip(fks) {
            c.name = c.name.take().or(n);
        }
        for (c, n) in t.checks.iter_mut().zip(checks) {
            c.name = c.name.take().or(n);
        }
        for (c, n) in t.excludes.iter_mut().zip(excludes) {
            c.name = c.name.take().or(n);
        }
    }
}

/// The name `dialect` gives an unnamed constraint: PostgreSQL's `<table>_pkey`,
/// `<table>_<columns>_key` / `_fkey` / `_check` / `_excl`; MySQL's `PRIMARY`, the first
/// column for a unique key, `<table>_ibfk_<n>` and `<table>_chk_<n>`.
fn default_name(table: &Table, slot: Slot, dialect: &str) -> Option<String> {
    match dialect {
        "postgresql" => {
            let t = table.name.as_str();
            Some(match slot {
                Slot::PrimaryKey => pg_object_name(t, None, "pkey"),
                Slot::Unique(i) => pg_object_name(
                    t,
                    pg_columns_addition(&table.uniques.get(i)?.columns).as_deref(),
                    "key",
                ),
                Slot::ForeignKey(i) => pg_object_name(
                    t,
                    pg_columns_addition(&table.foreign_keys.get(i)?.columns).as_deref(),
                    "fkey",
                ),
                Slot::Check(i) => {
                    let check = table.checks.get(i)?;
                    let used = sql_text::referenced(
                        &check.sqltext,
                        table.columns.iter().map(|c| c.name.as_str()),
                    );
                    let column = match (used.as_slice(), &check.column) {
                        ([one], _) => Some((*one).to_owned()),
                        ([], Some(column)) => Some(column.clone()),
                        _ => None,
                    };
                    pg_object_name(t, column.as_deref(), "check")
                }
                Slot::Exclude(i) => {
                    let exclude = table.excludes.get(i)?;
                    let columns: Vec<String> =
                        exclude.elements.iter().map(|(e, _)| e.clone()).collect();
                    pg_object_name(t, pg_columns_addition(&columns).as_deref(), "excl")
                }
            })
        }
        "mysql" | "mariadb" => match slot {
            Slot::PrimaryKey => Some("PRIMARY".to_owned()),
            Slot::Unique(i) => table.uniques.get(i)?.columns.first().cloned(),
            Slot::ForeignKey(i) => {
                let n = table
                    .foreign_keys
                    .iter()
                    .take(i + 1)
                    .filter(|fk| fk.name.is_none())
                    .count();
                Some(format!("{}_ibfk_{n}", table.name))
            }
            Slot::Check(i) => {
                let n = table
                    .checks
                    .iter()
                    .take(i + 1)
                    .filter(|c| c.name.is_none())
                    .count();
                Some(format!("{}_chk_{n}", table.name))
            }
            Slot::Exclude(_) => None,
        },
        _ => None,
    }
}

/// PostgreSQL's `DROP COLUMN`: indexes and constraints involving the column go with it.
fn drop_column_cascade(table: &mut Table, column: &str) {
    table.columns.retain(|c| c.name != column);
    let has = |cs: &[String]| cs.iter().any(|c| c == column);
    if table
        .primary_key
        .as_ref()
        .is_some_and(|pk| has(&pk.columns))
    {
        table.primary_key = None;
    }
    table.uniques.retain(|u| !has(&u.columns));
    table.foreign_keys.retain(|fk| !has(&fk.columns));
    table.checks.retain(|c| {
        c.column.as_deref() != Some(column) && !sql_text::references(&c.sqltext, column)
    });
    table.excludes.retain(|x| {
        !x.elements
            .iter()
            .any(|(e, _)| sql_text::references(e, column))
            && !x
                .where_
                .as_deref()
                .is_some_and(|w| sql_text::references(w, column))
    });
    table.indexes.retain(|i| !index_uses(i, column));
}

fn index_uses(index: &CatalogIndex, column: &str) -> bool {
    index.elements.iter().any(|e| match e {
        retort_ir::IndexElement::Column(c) => c == column,
        retort_ir::IndexElement::Expression(x) => sql_text::references(x, column),
    }) || index
        .where_
        .as_deref()
        .is_some_and(|w| sql_text::references(w, column))
}

/// Renames a column and every reference to it: keys, indexes, expressions of the table,
/// and foreign keys (anywhere) that refer to it.
fn rename_column(cat: &mut Catalog, key: &QualifiedName, old: &str, new: &str) {
    let swap = |cs: &mut Vec<String>| {
        for c in cs.iter_mut().filter(|c| *c == old) {
            *c = new.to_owned();
        }
    };
    if let Some(table) = cat.table_mut(key) {
        for column in &mut table.columns {
            if column.name == old {
                column.name = new.to_owned();
            }
            if let Some(computed) = &mut column.computed {
                computed.sqltext = sql_text::rename(&computed.sqltext, old, new);
            }
        }
        if let Some(pk) = &mut table.primary_key {
            swap(&mut pk.columns);
        }
        table.uniques.iter_mut().for_each(|u| swap(&mut u.columns));
        table
            .foreign_keys
            .iter_mut()
            .for_each(|fk| swap(&mut fk.columns));
        for check in &mut table.checks {
            check.sqltext = sql_text::rename(&check.sqltext, old, new);
            if check.column.as_deref() == Some(old) {
                check.column = Some(new.to_owned());
            }
        }
        for exclude in &mut table.excludes {
            for (expr, _) in &mut exclude.elements {
                *expr = sql_text::rename(expr, old, new);
            }
            if let Some(w) = &mut exclude.where_ {
                *w = sql_text::rename(w, old, new);
            }
        }
        for index in &mut table.indexes {
            for element in &mut index.elements {
                match element {
                    retort_ir::IndexElement::Column(c) if c == old => *c = new.to_owned(),
                    retort_ir::IndexElement::Column(_) => {}
                    retort_ir::IndexElement::Expression(x) => *x = sql_text::rename(x, old, new),
                }
            }
            if let Some(w) = &mut index.where_ {
                *w = sql_text::rename(w, old, new);
            }
        }
    }
    for table in cat.tables.values_mut() {
        if !table.foreign_keys.iter().any(|fk| fk.ref_key() == *key) {
            continue;
        }
        for fk in &mut Arc::make_mut(table).foreign_keys {
            if fk.ref_key() == *key {
                swap(&mut fk.ref_columns);
            }
        }
    }
}
