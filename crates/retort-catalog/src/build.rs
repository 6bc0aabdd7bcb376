//! Building catalog objects from IR objects as SQLAlchemy's `Table()` does: column
//! shorthands expanded, names given by the naming convention, columns checked.

use retort_ir::{
    Column, Constraint, ConstraintKind, ForeignKeyRef, Index, IndexElement, Name, Severity,
    TextRange,
};

use crate::codes;
use crate::naming::{ConventionKind, NamingSubject};
use crate::types::normalize;
use crate::{
    CatalogColumn, CatalogIndex, CheckConstraint, ConstraintDef, Diagnostic, ForeignKey,
    NamingConvention, PrimaryKey, Table, UniqueConstraint,
};

/// Where diagnostics go while applying one op.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub out: Vec<Diagnostic>,
    /// The catalog is uncertain: errors are reported as warnings.
    pub uncertain: bool,
}

impl Sink {
    pub fn push(
        &mut self,
        severity: Severity,
        code: &str,
        range: TextRange,
        message: String,
        help: impl Into<String>,
    ) {
        let mut help = help.into();
        let severity = if self.uncertain && severity == Severity::Error {
            help.push_str(" (An earlier step was not followed, so the catalog may be incomplete.)");
            Severity::Warning
        } else {
            severity
        };
        self.out.push(
            Diagnostic::new(code, severity, message)
                .with_range(range)
                .with_help(help),
        );
    }

    pub fn error(
        &mut self,
        code: &str,
        range: TextRange,
        message: String,
        help: impl Into<String>,
    ) {
        self.push(Severity::Error, code, range, message, help);
    }

    pub fn warning(
        &mut self,
        code: &str,
        range: TextRange,
        message: String,
        help: impl Into<String>,
    ) {
        self.push(Severity::Warning, code, range, message, help);
    }
}

/// `'name'` for messages.
pub(crate) fn q(name: &str) -> String {
    format!("'{name}'")
}

/// Column names for messages: `(a, b)`.
pub(crate) fn cols(columns: &[String]) -> String {
    format!("({})", columns.join(", "))
}

/// Builds objects for one table while applying one op.
pub(crate) struct Builder<'a> {
    pub conv: &'a NamingConvention,
    pub sink: &'a mut Sink,
    pub range: TextRange,
    /// `op.create_table`, `batch_op.add_column`, … for messages.
    pub method: String,
}

/// A column as the catalog keeps it.
pub(crate) fn catalog_column(column: &Column) -> CatalogColumn {
    CatalogColumn {
        name: column.name.clone(),
        type_: column.type_.as_ref().map(normalize),
        nullable: column.is_nullable(),
        server_default: column.server_default.clone(),
        comment: column.comment.clone(),
        autoincrement: column.autoincrement,
        identity: column.identity.clone(),
        computed: column.computed.clone(),
    }
}

impl Builder<'_> {
    /// The name of a new object, or `Err` (reported) when the convention cannot name it.
    pub fn name(
        &mut self,
        kind: ConventionKind,
        explicit: Option<&Name>,
        subject: &NamingSubject<'_>,
    ) -> Result<Option<String>, ()> {
        self.conv
            .resolve(kind, explicit, subject)
            .map_err(|message| {
                self.sink.error(
                    codes::NAMING_CONVENTION_ERROR,
                    self.range,
                    format!(
                        "{}: cannot name the {} on {}: {message}",
                        self.method,
                        kind_words(kind),
                        q(subject.table)
                    ),
                    "Name it explicitly, or fix the naming convention.",
                );
            })
    }

    /// Reports the columns of `wanted` missing from `table`; true when all exist.
    pub fn columns_exist(&mut self, table: &Table, wanted: &[String], what: &str) -> bool {
        let missing: Vec<String> = wanted
            .iter()
            .filter(|c| table.column(c).is_none())
            .cloned()
            .collect();
        if missing.is_empty() {
            return true;
        }
        self.sink.error(
            codes::COLUMN_NOT_FOUND,
            self.range,
            format!(
                "{}: {what} refers to {} {}, which table {} does not have",
                self.method,
                if missing.len() == 1 {
                    "column"
                } else {
                    "columns"
                },
                missing.iter().map(|c| q(c)).collect::<Vec<_>>().join(", "),
                q(&table.name)
            ),
            "Use the name of an existing column, or add the column first.",
        );
        false
    }

    fn subject<'s>(&self, table: &'s Table, columns: &'s [String]) -> NamingSubject<'s> {
        NamingSubject {
            schema: table.schema.as_deref(),
            table: &table.name,
            columns,
            ref_table: None,
            ref_columns: &[],
        }
    }

    /// A table-level constraint from the IR.
    pub fn constraint(&mut self, table: &Table, c: &Constraint) -> Option<ConstraintDef> {
        match c.kind {
            ConstraintKind::PrimaryKey => self.primary_key(table, c).map(ConstraintDef::PrimaryKey),
            ConstraintKind::Unique => {
                if !self.columns_exist(table, &c.columns, "the unique constraint") {
                    return None;
                }
                let name = self
                    .name(
                        ConventionKind::Unique,
                        c.name.as_ref(),
                        &self.subject(table, &c.columns),
                    )
                    .ok()?;
                Some(ConstraintDef::Unique(UniqueConstraint {
                    name,
                    columns: c.columns.clone(),
                    deferrable: c.deferrable,
                    initially: c.initially.clone(),
                    kwargs: c.kwargs.clone(),
                }))
            }
            ConstraintKind::ForeignKey => self.foreign_key(table, c).map(ConstraintDef::ForeignKey),
            ConstraintKind::Check => self.check(table, c, None).map(ConstraintDef::Check),
        }
    }

    /// A primary key over `c.columns`.
    pub fn primary_key(&mut self, table: &Table, c: &Constraint) -> Option<PrimaryKey> {
        if c.columns.is_empty() {
            self.sink.error(
                codes::COLUMN_NOT_FOUND,
                self.range,
                format!(
                    "{}: the primary key on {} has no columns",
                    self.method,
                    q(&table.name)
                ),
                "List the primary key columns.",
            );
            return None;
        }
        if !self.columns_exist(table, &c.columns, "the primary key") {
            return None;
        }
        let name = self
            .name(
                ConventionKind::PrimaryKey,
                c.name.as_ref(),
                &self.subject(table, &c.columns),
            )
            .ok()?;
        Some(PrimaryKey {
            name,
            columns: c.columns.clone(),
        })
    }

    /// A CHECK constraint; `column` when written on a column.
    pub fn check(
        &mut self,
        table: &Table,
        c: &Constraint,
        column: Option<&str>,
    ) -> Option<CheckConstraint> {
        let name = self
            .name(
                ConventionKind::Check,
                c.name.as_ref(),
                &self.subject(table, &c.columns),
            )
            .ok()?;
        Some(CheckConstraint {
            name,
            sqltext: c.sqltext.clone().unwrap_or_default(),
            column: column.map(str::to_owned),
            deferrable: c.deferrable,
            initially: c.initially.clone(),
            kwargs: c.kwargs.clone(),
        })
    }

    /// A table-level foreign key (`sa.ForeignKeyConstraint`, `op.create_foreign_key`).
    pub fn foreign_key(&mut self, table: &Table, c: &Constraint) -> Option<ForeignKey> {
        let Some(ref_table) = c.ref_table.as_deref().filter(|t| !t.is_empty()) else {
            self.sink.error(
                codes::INVALID_FOREIGN_KEY,
                self.range,
                format!(
                    "{}: the foreign key on {} names no referred table",
                    self.method,
                    q(&table.name)
                ),
                "Give the referred table.",
            );
            return None;
        };
        if c.columns.is_empty() || c.columns.len() != c.ref_columns.len() {
            self.sink.error(
                codes::INVALID_FOREIGN_KEY,
                self.range,
                format!(
                    "{}: the foreign key on {} has {} local and {} referred columns",
                    self.method,
                    q(&table.name),
                    c.columns.len(),
                    c.ref_columns.len()
                ),
                "A foreign key needs one referred column for each local column.",
            );
            return None;
        }
        if !self.columns_exist(table, &c.columns, "the foreign key") {
            return None;
        }
        let subject = NamingSubject {
            ref_table: Some(ref_table),
            ref_columns: &c.ref_columns,
            ..self.subject(table, &c.columns)
        };
        let name = self
            .name(ConventionKind::ForeignKey, c.name.as_ref(), &subject)
            .ok()?;
        Some(ForeignKey {
            name,
            columns: c.columns.clone(),
            ref_schema: c.ref_schema.clone(),
            ref_table: ref_table.to_owned(),
            ref_columns: c.ref_columns.clone(),
            ondelete: c.ondelete.clone(),
            onupdate: c.onupdate.clone(),
            deferrable: c.deferrable,
            initially: c.initially.clone(),
            match_: c.match_.clone(),
            kwargs: c.kwargs.clone(),
        })
    }

    /// The constraint `sa.ForeignKey("[schema.]table.column")` on `column` makes.
    pub fn column_foreign_key(
        &mut self,
        table: &Table,
        column: &str,
        fk: &ForeignKeyRef,
    ) -> Option<ForeignKey> {
        let (schema, ref_table, ref_column) = fk.split_target();
        if ref_table.is_empty() || ref_column.is_empty() {
            self.sink.error(
                codes::INVALID_FOREIGN_KEY,
                self.range,
                format!(
                    "{}: ForeignKey({}) on column {} is not of the form 'table.column'",
                    self.method,
                    q(&fk.target),
                    q(column)
                ),
                "Write the target as 'table.column' or 'schema.table.column'.",
            );
            return None;
        }
        let mut c = Constraint::new(
            ConstraintKind::ForeignKey,
            fk.name.clone(),
            vec![column.to_owned()],
            self.range,
        );
        c.ref_schema = schema.map(str::to_owned);
        c.ref_table = Some(ref_table.to_owned());
        c.ref_columns = vec![ref_column.to_owned()];
        c.ondelete = fk.ondelete.clone();
        c.onupdate = fk.onupdate.clone();
        c.deferrable = fk.deferrable;
        c.initially = fk.initially.clone();
        c.match_ = fk.match_.clone();
        if fk.use_alter {
            c.kwargs
                .push(("use_alter".to_owned(), retort_ir::Value::Bool(true)));
        }
        self.foreign_key(table, &c)
    }

    /// An index from the IR (`op.create_index`, `sa.Index` in `create_table`).
    pub fn index(&mut self, table: &Table, idx: &Index) -> Option<CatalogIndex> {
        let columns: Vec<String> = idx
            .elements
            .iter()
            .filter_map(|e| match e {
                IndexElement::Column(c) => Some(c.clone()),
                IndexElement::Expression(_) => None,
            })
            .collect();
        if !self.columns_exist(table, &columns, "the index") {
            return None;
        }
        let name = self
            .name(
                ConventionKind::Index,
                idx.name.as_ref(),
                &self.subject(table, &columns),
            )
            .ok()?;
        if name.is_none() {
            self.sink.error(
                codes::INDEX_NAME_REQUIRED,
                self.range,
                format!(
                    "{}: the index on {} {} has no name, and no `ix` naming convention names it",
                    self.method,
                    q(&table.name),
                    cols(&columns)
                ),
                "Name the index; SQLAlchemy cannot emit CREATE INDEX without a name.",
            );
            return None;
        }
        Some(CatalogIndex {
            name,
            table: table.name.clone(),
            elements: idx.elements.clone(),
            unique: idx.unique,
            where_: idx.where_.clone(),
            using: idx.using.clone(),
            kwargs: idx.kwargs.clone(),
        })
    }

    /// What a column's shorthands add to its table, as SQLAlchemy's `Column._set_parent`
    /// does: one foreign key per `ForeignKey`, then `index=True` (a unique index when
    /// `unique=True` too) or `unique=True` (an unnamed unique constraint), then inline checks.
    pub fn column_extras(
        &mut self,
        table: &Table,
        column: &Column,
    ) -> (Vec<ConstraintDef>, Vec<CatalogIndex>) {
        let mut constraints = Vec::new();
        let mut indexes = Vec::new();
        for fk in &column.foreign_keys {
            if let Some(fk) = self.column_foreign_key(table, &column.name, fk) {
                constraints.push(ConstraintDef::ForeignKey(fk));
            }
        }
        if column.index == Some(true) {
            let idx = Index {
                name: None,
                table: table.name.clone(),
                elements: vec![IndexElement::Column(column.name.clone())],
                unique: column.unique == Some(true),
                where_: None,
                using: None,
                concurrently: false,
                if_not_exists: false,
                kwargs: Vec::new(),
            };
            if let Some(idx) = self.index(table, &idx) {
                indexes.push(idx);
            }
        } else if column.unique == Some(true) {
            let c = Constraint::new(
                ConstraintKind::Unique,
                None,
                vec![column.name.clone()],
                self.range,
            );
            if let Some(c) = self.constraint(table, &c) {
                constraints.push(c);
            }
        }
        for check in &column.checks {
            if let Some(c) = self.check(table, check, Some(&column.name)) {
                constraints.push(ConstraintDef::Check(c));
            }
        }
        (constraints, indexes)
    }

    /// Adds `constraint` to `table` unless its name is taken or a primary key exists;
    /// reports why not.
    pub fn attach_constraint(&mut self, table: &mut Table, constraint: ConstraintDef) -> bool {
        if matches!(constraint, ConstraintDef::PrimaryKey(_)) && table.primary_key.is_some() {
            self.sink.error(
                codes::PRIMARY_KEY_EXISTS,
                self.range,
                format!(
                    "{}: table {} already has a primary key",
                    self.method,
                    q(&table.name)
                ),
                "Drop the existing primary key first (op.drop_constraint(..., type_='primary')).",
            );
            return false;
        }
        if let Some(name) = constraint.name() {
            if table.constraint_names().any(|n| n == name) {
                self.sink.error(
                    codes::CONSTRAINT_EXISTS,
                    self.range,
                    format!(
                        "{}: table {} already has a constraint named {}",
                        self.method,
                        q(&table.name),
                        q(name)
                    ),
                    "Give the constraint another name, or drop the existing one first.",
                );
                return false;
            }
        }
        table.add_constraint(constraint);
        true
    }

    /// Adds `index` to `table` unless its name is taken in the schema (`taken` gives the
    /// table already holding an index of that name elsewhere).
    pub fn attach_index(
        &mut self,
        table: &mut Table,
        index: CatalogIndex,
        taken: &dyn Fn(&str) -> Option<String>,
        if_not_exists: bool,
    ) -> bool {
        let name = index.name.clone().unwrap_or_default();
        let holder = if table.index(&name).is_some() {
            Some(table.name.clone())
        } else {
            taken(&name)
        };
        if let Some(holder) = holder {
            if !if_not_exists {
                self.sink.error(
                    codes::INDEX_EXISTS,
                    self.range,
                    format!(
                        "{}: an index named {} already exists (on table {})",
                        self.method,
                        q(&name),
                        q(&holder)
                    ),
                    "Index names are unique within a schema: choose another name, or drop the existing index first.",
                );
            }
            return false;
        }
        table.indexes.push(index);
        true
    }
}

fn kind_words(kind: ConventionKind) -> &'static str {
    match kind {
        ConventionKind::Index => "index",
        ConventionKind::PrimaryKey => "primary key",
        ConventionKind::Unique => "unique constraint",
        ConventionKind::ForeignKey => "foreign key",
        ConventionKind::Check => "check constraint",
    }
}
