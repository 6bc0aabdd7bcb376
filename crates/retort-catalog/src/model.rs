//! The catalog's data: tables, columns, keys, indexes, enum types.

use std::fmt;
use std::sync::Arc;

use indexmap::IndexMap;
use retort_ir::{Autoincrement, Computed, Identity, IndexElement, SqlType, TextRange, Value};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A schema-qualified name: how tables and enum types are keyed.
///
/// `schema: None` is the connection's default schema (`search_path` on PostgreSQL).
/// It is not unified with an explicit `public`: Alembic and SQLAlchemy keep them apart too.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct QualifiedName {
    /// `schema=`, when given.
    pub schema: Option<String>,
    /// The object's name.
    pub name: String,
}

impl QualifiedName {
    /// A name in `schema` (or the default schema).
    pub fn new(schema: Option<&str>, name: &str) -> Self {
        Self {
            schema: schema.map(str::to_owned),
            name: name.to_owned(),
        }
    }
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            Some(schema) => write!(f, "{schema}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// Why the catalog may no longer match the database: the first step Retort could not follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uncertainty {
    /// The reason given by the opaque step.
    pub reason: String,
    /// Where that step is, in the file its op came from.
    pub range: TextRange,
}

/// The logical schema of a database at one revision.
///
/// Tables are keyed by ([`QualifiedName`]) and kept in creation order. Equality compares
/// the maps as maps (order-insensitive) but the lists inside a table in order; use
/// [`Catalog::diff`] for a structural comparison that ignores the order of constraints
/// and indexes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// Tables in creation order. Shared (`Arc`) with the catalogs this one was cloned
    /// from or into, and copied on the first write ([`Catalog::table_mut`]): a history
    /// with branches clones its catalog at every branch point, and most tables never
    /// change again.
    #[serde(serialize_with = "ser_tables", deserialize_with = "de_tables")]
    pub(crate) tables: IndexMap<QualifiedName, Arc<Table>>,
    /// PostgreSQL named enum types, in creation order.
    #[serde(serialize_with = "ser_values", deserialize_with = "de_keyed")]
    pub(crate) enums: IndexMap<QualifiedName, EnumType>,
    /// Set by the first op Retort could not follow; kept from then on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) uncertain: Option<Uncertainty>,
}

/// Conditions on the database (`sa.inspect(bind).get_table_names()`, …) are decided
/// by the catalog.
impl retort_ir::Inspect for Catalog {
    fn has_table(&self, schema: Option<&str>, table: &str) -> bool {
        self.table(schema, table).is_some()
    }

    fn has_column(&self, schema: Option<&str>, table: &str, column: &str) -> bool {
        self.table(schema, table)
            .is_some_and(|t| t.columns.iter().any(|c| c.name == column))
    }
}

impl Catalog {
    /// An empty catalog: the database before the first revision.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether there are no tables and no enum types.
    pub fn is_empty(&self) -> bool {
        self.tables.is_empty() && self.enums.is_empty()
    }

    /// The tables, in creation order.
    pub fn tables(&self) -> impl ExactSizeIterator<Item = &Table> {
        self.tables.values().map(|t| &**t)
    }

    /// The table `name` in `schema`.
    pub fn table(&self, schema: Option<&str>, name: &str) -> Option<&Table> {
        self.tables
            .get(&QualifiedName::new(schema, name))
            .map(|t| &**t)
    }

    /// The table at `key`, to change: copied first if another catalog shares it.
    pub(crate) fn table_mut(&mut self, key: &QualifiedName) -> Option<&mut Table> {
        self.tables.get_mut(key).map(Arc::make_mut)
    }

    /// PostgreSQL named enum types (`CREATE TYPE … AS ENUM`), in creation order.
    ///
    /// These are the types an Alembic run on PostgreSQL leaves in the database; other
    /// dialects have no such objects and should ignore them (see
    /// [`SchemaChange::applies_to`](crate::SchemaChange::applies_to)).
    pub fn enums(&self) -> impl ExactSizeIterator<Item = &EnumType> {
        self.enums.values()
    }

    /// The enum type `name` in `schema`.
    pub fn enum_type(&self, schema: Option<&str>, name: &str) -> Option<&EnumType> {
        self.enums.get(&QualifiedName::new(schema, name))
    }

    /// The first step Retort could not follow, when there was one: from there on the
    /// catalog may differ from the real database.
    pub fn uncertain(&self) -> Option<&Uncertainty> {
        self.uncertain.as_ref()
    }

    /// Records that the catalog may be incomplete from `range` on (keeps the first reason).
    pub fn mark_uncertain(&mut self, reason: impl Into<String>, range: TextRange) {
        if self.uncertain.is_none() {
            self.uncertain = Some(Uncertainty {
                reason: reason.into(),
                range,
            });
        }
    }

    /// Adds or replaces a table as is (no naming conventions, no checks); returns the
    /// table it replaced. For consumers that build a catalog from other sources.
    pub fn insert_table(&mut self, table: Table) -> Option<Table> {
        let key = table.key();
        self.tables
            .insert(key, Arc::new(table))
            .map(Arc::unwrap_or_clone)
    }

    /// Removes a table as is (no cascades); returns it.
    pub fn remove_table(&mut self, schema: Option<&str>, name: &str) -> Option<Table> {
        self.tables
            .shift_remove(&QualifiedName::new(schema, name))
            .map(Arc::unwrap_or_clone)
    }

    /// Adds or replaces an enum type as is; returns the one it replaced.
    pub fn insert_enum(&mut self, enum_type: EnumType) -> Option<EnumType> {
        let key = enum_type.key();
        self.enums.insert(key, enum_type)
    }

    /// Removes an enum type as is (`DROP TYPE`); returns it.
    pub fn remove_enum(&mut self, schema: Option<&str>, name: &str) -> Option<EnumType> {
        self.enums.shift_remove(&QualifiedName::new(schema, name))
    }
}

/// A table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Table name.
    pub name: String,
    /// `schema=`.
    pub schema: Option<String>,
    /// Columns in table order.
    pub columns: Vec<CatalogColumn>,
    /// The primary key, when there is one.
    pub primary_key: Option<PrimaryKey>,
    /// Unique constraints, in creation order.
    pub uniques: Vec<UniqueConstraint>,
    /// Foreign keys, in creation order.
    pub foreign_keys: Vec<ForeignKey>,
    /// CHECK constraints, in creation order.
    pub checks: Vec<CheckConstraint>,
    /// PostgreSQL EXCLUDE constraints, in creation order.
    pub excludes: Vec<ExcludeConstraint>,
    /// Indexes (not those databases create behind unique constraints), in creation order.
    pub indexes: Vec<CatalogIndex>,
    /// `comment=`.
    pub comment: Option<String>,
    /// Other `create_table` keyword arguments (`mysql_engine`, `postgresql_partition_by`, …).
    pub kwargs: Vec<(String, Value)>,
}

impl Table {
    /// An empty table.
    pub fn new(schema: Option<&str>, name: &str) -> Self {
        Self {
            name: name.to_owned(),
            schema: schema.map(str::to_owned),
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            excludes: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            kwargs: Vec::new(),
        }
    }

    /// The key of this table in a [`Catalog`].
    pub fn key(&self) -> QualifiedName {
        QualifiedName::new(self.schema.as_deref(), &self.name)
    }

    /// The column `name`.
    pub fn column(&self, name: &str) -> Option<&CatalogColumn> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Mutable access to the column `name`.
    pub fn column_mut(&mut self, name: &str) -> Option<&mut CatalogColumn> {
        self.columns.iter_mut().find(|c| c.name == name)
    }

    /// The index `name` on this table.
    pub fn index(&self, name: &str) -> Option<&CatalogIndex> {
        self.indexes
            .iter()
            .find(|i| i.name.as_deref() == Some(name))
    }

    /// Whether `columns` (as a set) are exactly the columns of the primary key, a unique
    /// constraint or a unique index without a WHERE clause: what a foreign key may refer to.
    pub fn has_unique_key(&self, columns: &[String]) -> bool {
        let same = |other: &[String]| {
            other.len() == columns.len() && columns.iter().all(|c| other.contains(c))
        };
        self.primary_key
            .as_ref()
            .is_some_and(|pk| same(&pk.columns))
            || self.uniques.iter().any(|u| same(&u.columns))
            || self.indexes.iter().any(|i| {
                i.unique
                    && i.where_.is_none()
                    && i.elements.len() == columns.len()
                    && i.elements
                        .iter()
                        .all(|e| matches!(e, IndexElement::Column(c) if columns.contains(c)))
            })
    }

    /// Every constraint of the table: primary key, uniques, foreign keys, checks, excludes.
    pub fn constraints(&self) -> Vec<ConstraintDef> {
        self.primary_key
            .iter()
            .cloned()
            .map(ConstraintDef::PrimaryKey)
            .chain(self.uniques.iter().cloned().map(ConstraintDef::Unique))
            .chain(
                self.foreign_keys
                    .iter()
                    .cloned()
                    .map(ConstraintDef::ForeignKey),
            )
            .chain(self.checks.iter().cloned().map(ConstraintDef::Check))
            .chain(self.excludes.iter().cloned().map(ConstraintDef::Exclude))
            .collect()
    }

    /// Adds a constraint (a primary key replaces the one there is).
    pub fn add_constraint(&mut self, constraint: ConstraintDef) {
        match constraint {
            ConstraintDef::PrimaryKey(c) => self.primary_key = Some(c),
            ConstraintDef::Unique(c) => self.uniques.push(c),
            ConstraintDef::ForeignKey(c) => self.foreign_keys.push(c),
            ConstraintDef::Check(c) => self.checks.push(c),
            ConstraintDef::Exclude(c) => self.excludes.push(c),
        }
    }

    /// The names of every named constraint of the table (primary key, unique, foreign
    /// key, check, exclude).
    pub fn constraint_names(&self) -> impl Iterator<Item = &str> {
        self.primary_key
            .iter()
            .filter_map(|c| c.name.as_deref())
            .chain(self.uniques.iter().filter_map(|c| c.name.as_deref()))
            .chain(self.foreign_keys.iter().filter_map(|c| c.name.as_deref()))
            .chain(self.checks.iter().filter_map(|c| c.name.as_deref()))
            .chain(self.excludes.iter().filter_map(|c| c.name.as_deref()))
    }
}

/// Any table constraint, for code that handles every kind alike.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConstraintDef {
    /// A primary key.
    PrimaryKey(PrimaryKey),
    /// A unique constraint.
    Unique(UniqueConstraint),
    /// A foreign key.
    ForeignKey(ForeignKey),
    /// A CHECK constraint.
    Check(CheckConstraint),
    /// An EXCLUDE constraint.
    Exclude(ExcludeConstraint),
}

impl ConstraintDef {
    /// The constraint's name, when it has one.
    pub fn name(&self) -> Option<&str> {
        match self {
            ConstraintDef::PrimaryKey(c) => c.name.as_deref(),
            ConstraintDef::Unique(c) => c.name.as_deref(),
            ConstraintDef::ForeignKey(c) => c.name.as_deref(),
            ConstraintDef::Check(c) => c.name.as_deref(),
            ConstraintDef::Exclude(c) => c.name.as_deref(),
        }
    }

    /// What kind of constraint, in words: `primary key`, `unique constraint`, ….
    pub fn kind_label(&self) -> &'static str {
        match self {
            ConstraintDef::PrimaryKey(_) => "primary key",
            ConstraintDef::Unique(_) => "unique constraint",
            ConstraintDef::ForeignKey(_) => "foreign key",
            ConstraintDef::Check(_) => "check constraint",
            ConstraintDef::Exclude(_) => "exclude constraint",
        }
    }
}

/// A column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogColumn {
    /// Column name.
    pub name: String,
    /// The SQLAlchemy type, normalised (positional arguments of known types become
    /// keywords, keywords equal to their default are dropped); `None` when not known.
    pub type_: Option<SqlType>,
    /// Whether NULL is allowed.
    pub nullable: bool,
    /// The server default (DDL `DEFAULT`).
    pub server_default: Option<Value>,
    /// Column comment.
    pub comment: Option<String>,
    /// `autoincrement=` as given: renderers decide what it means for a dialect.
    pub autoincrement: Autoincrement,
    /// `sa.Identity(...)`.
    pub identity: Option<Identity>,
    /// `sa.Computed(...)`.
    pub computed: Option<Computed>,
}

/// A primary key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimaryKey {
    /// Constraint name; `None` when the database chooses it.
    pub name: Option<String>,
    /// Columns, in key order.
    pub columns: Vec<String>,
}

/// A unique constraint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UniqueConstraint {
    /// Constraint name; `None` when the database chooses it.
    pub name: Option<String>,
    /// Columns, in order.
    pub columns: Vec<String>,
    /// `deferrable=`.
    pub deferrable: Option<bool>,
    /// `initially=`.
    pub initially: Option<String>,
    /// Other keyword arguments (`postgresql_nulls_not_distinct`, …).
    pub kwargs: Vec<(String, Value)>,
}

/// A foreign key constraint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForeignKey {
    /// Constraint name; `None` when the database chooses it.
    pub name: Option<String>,
    /// Local columns, in order.
    pub columns: Vec<String>,
    /// Referred schema.
    pub ref_schema: Option<String>,
    /// Referred table.
    pub ref_table: String,
    /// Referred columns, pairwise with `columns`.
    pub ref_columns: Vec<String>,
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
    /// Other keyword arguments (`postgresql_not_valid`, `use_alter`, …).
    pub kwargs: Vec<(String, Value)>,
}

impl ForeignKey {
    /// The key of the referred table.
    pub fn ref_key(&self) -> QualifiedName {
        QualifiedName::new(self.ref_schema.as_deref(), &self.ref_table)
    }
}

/// A CHECK constraint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckConstraint {
    /// Constraint name; `None` when the database chooses it.
    pub name: Option<String>,
    /// The SQL condition.
    pub sqltext: String,
    /// The column it was written on (`sa.Column(..., sa.CheckConstraint(...))`), rendered
    /// inline in `CREATE TABLE`; `None` for a table-level check.
    pub column: Option<String>,
    /// `deferrable=`.
    pub deferrable: Option<bool>,
    /// `initially=`.
    pub initially: Option<String>,
    /// Other keyword arguments.
    pub kwargs: Vec<(String, Value)>,
}

/// A PostgreSQL EXCLUDE constraint (`op.create_exclude_constraint`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExcludeConstraint {
    /// Constraint name.
    pub name: Option<String>,
    /// `(expression, operator)` pairs.
    pub elements: Vec<(String, String)>,
    /// `where=`, as SQL.
    pub where_: Option<String>,
    /// `using=` (the index method).
    pub using: Option<String>,
}

/// An index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogIndex {
    /// Index name; `None` only when no naming convention could name it (an error).
    pub name: Option<String>,
    /// The table it is on.
    pub table: String,
    /// Columns and expressions, in order.
    pub elements: Vec<IndexElement>,
    /// `unique=`.
    pub unique: bool,
    /// `postgresql_where=` / `sqlite_where=`, as SQL.
    pub where_: Option<String>,
    /// `postgresql_using=`.
    pub using: Option<String>,
    /// Other keyword arguments (`postgresql_include`, `mysql_length`, …).
    pub kwargs: Vec<(String, Value)>,
}

impl CatalogIndex {
    /// The plain column names among the elements.
    pub fn column_names(&self) -> impl Iterator<Item = &str> {
        self.elements.iter().filter_map(|e| match e {
            IndexElement::Column(c) => Some(c.as_str()),
            IndexElement::Expression(_) => None,
        })
    }
}

/// A PostgreSQL named enum type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumType {
    /// Type name.
    pub name: String,
    /// Schema of the type.
    pub schema: Option<String>,
    /// Labels in order; `None` when not statically known (`sa.Enum(MyPythonEnum)`).
    pub labels: Option<Vec<String>>,
}

impl EnumType {
    /// The key of this type in a [`Catalog`].
    pub fn key(&self) -> QualifiedName {
        QualifiedName::new(self.schema.as_deref(), &self.name)
    }
}

/// Something stored in a catalog map under a key it carries itself.
trait Keyed {
    fn key(&self) -> QualifiedName;
}

impl Keyed for Table {
    fn key(&self) -> QualifiedName {
        Table::key(self)
    }
}

impl Keyed for EnumType {
    fn key(&self) -> QualifiedName {
        EnumType::key(self)
    }
}

/// Maps are serialised as lists of their values: keys are not strings, and the values
/// carry them anyway.
fn ser_values<S: Serializer, T: Serialize>(
    map: &IndexMap<QualifiedName, T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(map.values())
}

fn ser_tables<S: Serializer>(
    map: &IndexMap<QualifiedName, Arc<Table>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(map.values().map(|t| &**t))
}

fn de_tables<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<IndexMap<QualifiedName, Arc<Table>>, D::Error> {
    let tables: IndexMap<QualifiedName, Table> = de_keyed(deserializer)?;
    Ok(tables.into_iter().map(|(k, t)| (k, Arc::new(t))).collect())
}

fn de_keyed<'de, D: Deserializer<'de>, T: Deserialize<'de> + Keyed>(
    deserializer: D,
) -> Result<IndexMap<QualifiedName, T>, D::Error> {
    let items = Vec::<T>::deserialize(deserializer)?;
    Ok(items.into_iter().map(|item| (item.key(), item)).collect())
}
