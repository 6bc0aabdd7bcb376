//! SQLAlchemy schema objects as Alembic builds them from an op: a `Table` with its
//! columns, its constraints in creation order and its indexes, names resolved through
//! the naming convention. The DDL compiler renders these.

use retort_catalog::{ConventionKind, NamingConvention, NamingSubject};
use retort_ir::{
    Autoincrement, Column, Computed, Constraint, ConstraintKind, Identity, Index, IndexElement,
    Name, SqlType, Value,
};

use crate::error::{RenderError, Rendered};
use crate::types::TypeView;
use crate::Dialect;

/// A table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableObj {
    /// Name.
    pub name: String,
    /// `schema=`.
    pub schema: Option<String>,
    /// Columns, in order.
    pub columns: Vec<ColumnObj>,
    /// The primary key (`primary_key=True` for a column).
    pub primary_key: PrimaryKeyObj,
    /// Constraints other than the primary key, in creation order.
    pub constraints: Vec<ConstraintObj>,
    /// Indexes.
    pub indexes: Vec<IndexObj>,
    /// `comment=`.
    pub comment: Option<String>,
    /// Dialect options (`mysql_engine`, `sqlite_autoincrement`, …).
    pub kwargs: Vec<(String, Value)>,
}

/// A column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnObj {
    /// Name.
    pub name: String,
    /// `None` is SQLAlchemy's `NullType`.
    pub type_: Option<SqlType>,
    /// Whether NULL is allowed.
    pub nullable: bool,
    /// The primary key (`primary_key=True` for a column).
    pub primary_key: bool,
    /// `server_default=`.
    pub server_default: Option<Value>,
    /// A client-side `default=` (it stops a column from being a SERIAL).
    pub has_client_default: bool,
    /// `autoincrement=`.
    pub autoincrement: Autoincrement,
    /// `sa.Identity(...)`.
    pub identity: Option<Identity>,
    /// `sa.Computed(...)`.
    pub computed: Option<Computed>,
    /// `comment=`.
    pub comment: Option<String>,
    /// CHECK constraints written on the column: rendered inline.
    pub checks: Vec<CheckObj>,
    /// The column has a `ForeignKey`.
    pub has_foreign_key: bool,
    /// Dialect options (`sqlite_on_conflict_not_null`, …).
    pub kwargs: Vec<(String, Value)>,
}

/// The primary key.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrimaryKeyObj {
    /// Name.
    pub name: Option<String>,
    /// Columns, in order.
    pub columns: Vec<String>,
    /// Made from `primary_key=True` columns rather than a `PrimaryKeyConstraint`.
    pub implicit: bool,
    /// `deferrable=`.
    pub deferrable: Option<bool>,
    /// `initially=`.
    pub initially: Option<String>,
    /// Dialect options (`postgresql_…`, `mysql_…`, `sqlite_…`).
    pub kwargs: Vec<(String, Value)>,
}

/// A CHECK constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckObj {
    /// Name.
    pub name: Option<String>,
    /// The condition, as SQL.
    pub sqltext: String,
    /// `deferrable=`.
    pub deferrable: Option<bool>,
    /// `initially=`.
    pub initially: Option<String>,
    /// Created by a `Boolean` / `Enum` type (`create_constraint=True`).
    pub type_bound: bool,
    /// Dialect options (`postgresql_…`, `mysql_…`, `sqlite_…`).
    pub kwargs: Vec<(String, Value)>,
}

/// A foreign key constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKeyObj {
    /// Name.
    pub name: Option<String>,
    /// Columns, in order.
    pub columns: Vec<String>,
    /// Referred schema.
    pub ref_schema: Option<String>,
    /// Referred table.
    pub ref_table: String,
    /// Referred columns.
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
    /// `use_alter=True`: left out of `CREATE TABLE` where the dialect can ALTER.
    pub use_alter: bool,
    /// Dialect options (`postgresql_…`, `mysql_…`, `sqlite_…`).
    pub kwargs: Vec<(String, Value)>,
}

/// A unique constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct UniqueObj {
    /// Name.
    pub name: Option<String>,
    /// Columns, in order.
    pub columns: Vec<String>,
    /// `deferrable=`.
    pub deferrable: Option<bool>,
    /// `initially=`.
    pub initially: Option<String>,
    /// Dialect options (`postgresql_…`, `mysql_…`, `sqlite_…`).
    pub kwargs: Vec<(String, Value)>,
}

/// A table constraint other than the primary key.
#[derive(Debug, Clone, PartialEq)]
pub enum ConstraintObj {
    /// UNIQUE.
    Unique(UniqueObj),
    /// FOREIGN KEY.
    ForeignKey(ForeignKeyObj),
    /// CHECK.
    Check(CheckObj),
    /// A primary key added with `create_primary_key` (ALTER TABLE ADD).
    PrimaryKey(PrimaryKeyObj),
}

impl ConstraintObj {
    /// The constraint name.
    pub fn name(&self) -> Option<&str> {
        match self {
            ConstraintObj::Unique(c) => c.name.as_deref(),
            ConstraintObj::ForeignKey(c) => c.name.as_deref(),
            ConstraintObj::Check(c) => c.name.as_deref(),
            ConstraintObj::PrimaryKey(c) => c.name.as_deref(),
        }
    }

    /// Local columns.
    pub fn columns(&self) -> &[String] {
        match self {
            ConstraintObj::Unique(c) => &c.columns,
            ConstraintObj::ForeignKey(c) => &c.columns,
            ConstraintObj::Check(_) => &[],
            ConstraintObj::PrimaryKey(c) => &c.columns,
        }
    }
}

/// An index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexObj {
    /// Name.
    pub name: Option<String>,
    /// The table.
    pub table: String,
    /// `schema=`.
    pub schema: Option<String>,
    /// Columns and expressions.
    pub elements: Vec<IndexElement>,
    /// `unique=`.
    pub unique: bool,
    /// `postgresql_where=` / `sqlite_where=`.
    pub where_: Option<String>,
    /// `postgresql_using=`.
    pub using: Option<String>,
    /// `postgresql_concurrently=`.
    pub concurrently: bool,
    /// Made by `index=True` on a column (batch mode leaves these out of a copy).
    pub column_flag: bool,
    /// Dialect options (`postgresql_…`, `mysql_…`, `sqlite_…`).
    pub kwargs: Vec<(String, Value)>,
}

impl IndexObj {
    /// A dialect option (`postgresql_include`, `mysql_length`, …).
    pub fn option(&self, key: &str) -> Option<&Value> {
        kwarg(&self.kwargs, key)
    }
}

/// A keyword argument by name.
pub(crate) fn kwarg<'a>(kwargs: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    kwargs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// The names objects get: the naming convention of the `MetaData` Alembic builds them on.
pub struct Namer<'a> {
    /// convention.
    pub convention: &'a NamingConvention,
}

impl Namer<'_> {
    pub(crate) fn name(
        &self,
        kind: ConventionKind,
        explicit: Option<&Name>,
        table: &str,
        schema: Option<&str>,
        columns: &[String],
        referred: Option<(&str, &[String])>,
    ) -> Rendered<Option<String>> {
        let subject = NamingSubject {
            schema,
            table,
            columns,
            ref_table: referred.map(|(t, _)| t),
            ref_columns: referred.map_or(&[], |(_, c)| c),
        };
        self.convention
            .resolve(kind, explicit, &subject)
            .map_err(|message| RenderError::new(crate::ErrorKind::Unknown, message))
    }
}

fn column_obj(c: &Column) -> ColumnObj {
    ColumnObj {
        name: c.name.clone(),
        type_: c.type_.clone(),
        nullable: c.is_nullable(),
        primary_key: c.primary_key,
        server_default: c.server_default.clone(),
        has_client_default: matches!(&c.default, Some(v) if *v != Value::None),
        autoincrement: c.autoincrement,
        identity: c.identity.clone(),
        computed: c.computed.clone(),
        comment: c.comment.clone(),
        checks: Vec::new(),
        has_foreign_key: !c.foreign_keys.is_empty(),
        kwargs: c.kwargs.clone(),
    }
}

/// `SchemaType(inherit_schema=True)`: a type without its own `schema=` takes the table's
/// when the column is attached (named enum types are then created in that schema).
fn inherit_schema(ty: &mut SqlType, schema: &str) {
    if ty.kwarg("inherit_schema").and_then(Value::as_bool) == Some(true)
        && ty.kwarg("schema").is_none()
    {
        ty.kwargs
            .push(("schema".to_owned(), Value::Str(schema.to_owned())));
    }
    for arg in &mut ty.args {
        if let Value::Type(inner) = arg {
            inherit_schema(inner, schema);
        }
    }
    for (_, variant) in &mut ty.variants {
        inherit_schema(variant, schema);
    }
}

fn check_from(c: &Constraint, name: Option<String>) -> CheckObj {
    CheckObj {
        name,
        sqltext: c.sqltext.clone().unwrap_or_default(),
        deferrable: c.deferrable,
        initially: c.initially.clone(),
        type_bound: false,
        kwargs: c.kwargs.clone(),
    }
}

impl TableObj {
    /// An empty table.
    pub(crate) fn new(name: &str, schema: Option<&str>) -> Self {
        TableObj {
            name: name.to_owned(),
            schema: schema.map(str::to_owned),
            columns: Vec::new(),
            primary_key: PrimaryKeyObj::default(),
            constraints: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            kwargs: Vec::new(),
        }
    }

    /// `Table(name, MetaData(), *columns, *constraints, *indexes, **kw)` as
    /// `op.create_table` builds it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn build(
        d: &dyn Dialect,
        namer: &Namer<'_>,
        name: &str,
        schema: Option<&str>,
        columns: &[Column],
        constraints: &[Constraint],
        indexes: &[Index],
        comment: Option<&str>,
        kwargs: &[(String, Value)],
    ) -> Rendered<TableObj> {
        let mut t = TableObj::new(name, schema);
        t.comment = comment.map(str::to_owned);
        t.kwargs = kwargs.to_vec();
        t.columns = columns.iter().map(column_obj).collect();
        if let Some(schema) = schema {
            for col in &mut t.columns {
                if let Some(ty) = &mut col.type_ {
                    inherit_schema(ty, schema);
                }
            }
        }

        // Constraints given as arguments exist before the Table: they come first.
        let mut explicit_pk = false;
        for c in constraints {
            match c.kind {
                ConstraintKind::PrimaryKey => {
                    explicit_pk = true;
                    t.primary_key = PrimaryKeyObj {
                        name: namer.name(
                            ConventionKind::PrimaryKey,
                            c.name.as_ref(),
                            name,
                            schema,
                            &c.columns,
                            None,
                        )?,
                        columns: c.columns.clone(),
                        implicit: false,
                        deferrable: c.deferrable,
                        initially: c.initially.clone(),
                        kwargs: c.kwargs.clone(),
                    };
                    for col in &mut t.columns {
                        if c.columns.contains(&col.name) {
                            col.primary_key = true;
                            col.nullable = columns
                                .iter()
                                .find(|ic| ic.name == col.name)
                                .and_then(|ic| ic.nullable)
                                .unwrap_or(false);
                        }
                    }
                }
                _ => {
                    let obj = constraint_obj(namer, name, schema, c)?;
                    t.constraints.push(obj);
                }
            }
        }
        if !explicit_pk {
            let pk_cols: Vec<String> = columns
                .iter()
                .filter(|c| c.primary_key)
                .map(|c| c.name.clone())
                .collect();
            t.primary_key = PrimaryKeyObj {
                name: if pk_cols.is_empty() {
                    None
                } else {
                    namer.name(
                        ConventionKind::PrimaryKey,
                        None,
                        name,
                        schema,
                        &pk_cols,
                        None,
                    )?
                },
                columns: pk_cols,
                implicit: true,
                ..PrimaryKeyObj::default()
            };
        }

        // Then what each column brings when it is attached, column by column.
        for (i, c) in columns.iter().enumerate() {
            t.columns[i].checks = c
                .checks
                .iter()
                .map(|ck| {
                    let n = namer.name(
                        ConventionKind::Check,
                        ck.name.as_ref(),
                        name,
                        schema,
                        &[],
                        None,
                    )?;
                    Ok(check_from(ck, n))
                })
                .collect::<Rendered<Vec<_>>>()?;
            let col_names = vec![c.name.clone()];
            if c.index == Some(true) {
                t.indexes.push(IndexObj {
                    name: namer.name(
                        ConventionKind::Index,
                        None,
                        name,
                        schema,
                        &col_names,
                        None,
                    )?,
                    table: name.to_owned(),
                    schema: schema.map(str::to_owned),
                    elements: vec![IndexElement::Column(c.name.clone())],
                    unique: c.unique == Some(true),
                    where_: None,
                    using: None,
                    concurrently: false,
                    column_flag: true,
                    kwargs: Vec::new(),
                });
            } else if c.unique == Some(true) {
                t.constraints.push(ConstraintObj::Unique(UniqueObj {
                    name: namer.name(
                        ConventionKind::Unique,
                        None,
                        name,
                        schema,
                        &col_names,
                        None,
                    )?,
                    columns: col_names.clone(),
                    deferrable: None,
                    initially: None,
                    kwargs: Vec::new(),
                }));
            }
            if let Some(ty) = &c.type_ {
                if let Some(check) = type_bound_check(d, namer, name, schema, &c.name, ty)? {
                    t.constraints.push(ConstraintObj::Check(check));
                }
            }
            for fk in &c.foreign_keys {
                let (ref_schema, ref_table, ref_col) = fk.split_target();
                let ref_columns = vec![ref_col.to_owned()];
                t.constraints.push(ConstraintObj::ForeignKey(ForeignKeyObj {
                    name: namer.name(
                        ConventionKind::ForeignKey,
                        fk.name.as_ref(),
                        name,
                        schema,
                        &col_names,
                        Some((ref_table, &ref_columns)),
                    )?,
                    columns: col_names.clone(),
                    ref_schema: ref_schema.map(str::to_owned),
                    ref_table: ref_table.to_owned(),
                    ref_columns,
                    ondelete: fk.ondelete.clone(),
                    onupdate: fk.onupdate.clone(),
                    deferrable: fk.deferrable,
                    initially: fk.initially.clone(),
                    match_: fk.match_.clone(),
                    use_alter: fk.use_alter,
                    kwargs: Vec::new(),
                }));
            }
        }

        for idx in indexes {
            t.indexes.push(index_obj(namer, idx, name, schema)?);
        }
        Ok(t)
    }

    /// The column `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnObj> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// `PrimaryKeyConstraint._autoincrement_column`: the column that autoincrements, if any.
    pub(crate) fn autoincrement_column(&self, d: &dyn Dialect) -> Rendered<Option<&ColumnObj>> {
        let pk: Vec<&ColumnObj> = self
            .primary_key
            .columns
            .iter()
            .filter_map(|n| self.column(n))
            .collect();
        if let [col] = pk.as_slice() {
            return Ok(match col.autoincrement {
                Autoincrement::Yes => {
                    validate_autoinc(d, &self.name, col, true)?;
                    Some(col)
                }
                Autoincrement::Auto | Autoincrement::IgnoreFk
                    if validate_autoinc(d, &self.name, col, false)? =>
                {
                    Some(col)
                }
                _ => None,
            });
        }
        let mut found: Option<&ColumnObj> = None;
        for col in pk {
            if col.autoincrement == Autoincrement::Yes {
                validate_autoinc(d, &self.name, col, true)?;
                if let Some(prev) = found {
                    return Err(RenderError::new(
                        crate::ErrorKind::Argument,
                        format!(
                            "Only one Column may be marked autoincrement=True, found both {} and {}.",
                            col.name, prev.name
                        ),
                    ));
                }
                found = Some(col);
            }
        }
        Ok(found)
    }

    /// Whether `col` is the table's autoincrement column.
    pub(crate) fn is_autoincrement(&self, d: &dyn Dialect, col: &ColumnObj) -> Rendered<bool> {
        Ok(self
            .autoincrement_column(d)?
            .is_some_and(|c| c.name == col.name))
    }
}

fn validate_autoinc(
    d: &dyn Dialect,
    table: &str,
    col: &ColumnObj,
    autoinc_true: bool,
) -> Rendered<bool> {
    let view = col.type_.as_ref().and_then(|t| TypeView::resolve(d, t));
    let type_display = || view.map_or_else(|| "NULL".to_owned(), |v| v.display());
    match view.map(|v| v.affinity()) {
        Some("Numeric") => {
            let scale = view.and_then(|v| v.param("scale")).and_then(Value::as_int);
            if scale != Some(0) && autoinc_true {
                return Err(RenderError::new(
                    crate::ErrorKind::Argument,
                    format!(
                        "Column type {} with non-zero scale {} on column '{table}.{}' is not compatible with autoincrement=True",
                        type_display(),
                        scale.map_or_else(|| "None".to_owned(), |s| s.to_string()),
                        col.name
                    ),
                ));
            }
            return Ok(autoinc_true);
        }
        Some("Integer") => {}
        _ => {
            if autoinc_true {
                return Err(RenderError::new(
                    crate::ErrorKind::Argument,
                    format!(
                        "Column type {} on column '{table}.{}' is not compatible with autoincrement=True",
                        type_display(),
                        col.name
                    ),
                ));
            }
            return Ok(false);
        }
    }
    if col.has_client_default && !autoinc_true {
        return Ok(false);
    }
    if col.server_default.is_some() && !autoinc_true {
        return Ok(false);
    }
    if col.has_foreign_key
        && !matches!(
            col.autoincrement,
            Autoincrement::Yes | Autoincrement::IgnoreFk
        )
    {
        return Ok(false);
    }
    Ok(true)
}

/// The CHECK constraint a `Boolean` / `Enum` column type creates for this dialect.
fn type_bound_check(
    d: &dyn Dialect,
    namer: &Namer<'_>,
    table: &str,
    schema: Option<&str>,
    column: &str,
    ty: &SqlType,
) -> Rendered<Option<CheckObj>> {
    let Some(view) = TypeView::resolve(d, ty) else {
        return Ok(None);
    };
    let Some(sqltext) = crate::types::type_bound_check(d, column, &view) else {
        return Ok(None);
    };
    let explicit = view.type_name().map(Name::new);
    let name = namer.name(
        ConventionKind::Check,
        explicit.as_ref(),
        table,
        schema,
        &[column.to_owned()],
        None,
    )?;
    Ok(Some(CheckObj {
        name,
        sqltext,
        deferrable: None,
        initially: None,
        type_bound: true,
        kwargs: Vec::new(),
    }))
}

/// A non-primary-key constraint from an IR constraint of a table.
pub(crate) fn constraint_obj(
    namer: &Namer<'_>,
    table: &str,
    schema: Option<&str>,
    c: &Constraint,
) -> Rendered<ConstraintObj> {
    Ok(match c.kind {
        ConstraintKind::PrimaryKey => ConstraintObj::PrimaryKey(PrimaryKeyObj {
            name: namer.name(
                ConventionKind::PrimaryKey,
                c.name.as_ref(),
                table,
                schema,
                &c.columns,
                None,
            )?,
            columns: c.columns.clone(),
            implicit: false,
            deferrable: c.deferrable,
            initially: c.initially.clone(),
            kwargs: c.kwargs.clone(),
        }),
        ConstraintKind::Unique => ConstraintObj::Unique(UniqueObj {
            name: namer.name(
                ConventionKind::Unique,
                c.name.as_ref(),
                table,
                schema,
                &c.columns,
                None,
            )?,
            columns: c.columns.clone(),
            deferrable: c.deferrable,
            initially: c.initially.clone(),
            kwargs: c.kwargs.clone(),
        }),
        ConstraintKind::Check => {
            let name = namer.name(
                ConventionKind::Check,
                c.name.as_ref(),
                table,
                schema,
                &c.columns,
                None,
            )?;
            ConstraintObj::Check(check_from(c, name))
        }
        ConstraintKind::ForeignKey => {
            let ref_table = c.ref_table.clone().unwrap_or_default();
            ConstraintObj::ForeignKey(ForeignKeyObj {
                name: namer.name(
                    ConventionKind::ForeignKey,
                    c.name.as_ref(),
                    table,
                    schema,
                    &c.columns,
                    Some((&ref_table, &c.ref_columns)),
                )?,
                columns: c.columns.clone(),
                ref_schema: c.ref_schema.clone(),
                ref_table,
                ref_columns: c.ref_columns.clone(),
                ondelete: c.ondelete.clone(),
                onupdate: c.onupdate.clone(),
                deferrable: c.deferrable,
                initially: c.initially.clone(),
                match_: c.match_.clone(),
                use_alter: kwarg(&c.kwargs, "use_alter").and_then(Value::as_bool) == Some(true),
                kwargs: c.kwargs.clone(),
            })
        }
    })
}

/// An index from `op.create_index` / `sa.Index`.
pub(crate) fn index_obj(
    namer: &Namer<'_>,
    idx: &Index,
    table: &str,
    schema: Option<&str>,
) -> Rendered<IndexObj> {
    let columns: Vec<String> = idx
        .elements
        .iter()
        .map(|e| match e {
            IndexElement::Column(c) | IndexElement::Expression(c) => c.clone(),
        })
        .collect();
    Ok(IndexObj {
        name: namer.name(
            ConventionKind::Index,
            idx.name.as_ref(),
            table,
            schema,
            &columns,
            None,
        )?,
        table: table.to_owned(),
        schema: schema.map(str::to_owned),
        elements: idx.elements.clone(),
        unique: idx.unique,
        where_: idx.where_.clone(),
        using: idx.using.clone(),
        concurrently: idx.concurrently,
        column_flag: false,
        kwargs: idx.kwargs.clone(),
    })
}
