//! `batch_alter_table`: Alembic's `BatchOperationsImpl` (which records the block's
//! impl calls and decides whether to recreate the table) and `ApplyBatchImpl` (move
//! and copy through `_alembic_tmp_<table>`).
//!
//! Offline, Alembic can only move and copy a table given `copy_from=`; Retort takes the
//! table definition from the catalog when `copy_from` is absent, so batch mode works in
//! `--sql` mode. The copy follows Alembic's `copy_from` path (`reflected=False`).

use retort_catalog::{ConventionKind, NamingConvention, Table as CatalogTable};
use retort_ir::{
    AlterColumn, Column, IndexElement, Op, OpKind, Recreate, TableDef, TextRange, Value,
};

use crate::alter::AlterColumnSpec;
use crate::error::{ErrorKind, RenderError, Rendered};
use crate::ident;
use crate::ops::{OpError, OpRenderer, Sink};
use crate::schema::{
    self, CheckObj, ColumnObj, ConstraintObj, ForeignKeyObj, IndexObj, Namer, PrimaryKeyObj,
    TableObj, UniqueObj,
};
use crate::types::{self, TypeView};

/// One call a `batch_alter_table` block records on `BatchOperationsImpl`, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchCall {
    /// `add_column`, with `insert_before` / `insert_after`.
    AddColumn {
        /// The column as written.
        column: Box<Column>,
        /// The column as its throwaway table made it.
        obj: Box<ColumnObj>,
        /// `insert_before=`.
        insert_before: Option<String>,
        /// `insert_after=`.
        insert_after: Option<String>,
    },
    /// `drop_column`.
    DropColumn {
        /// The column.
        name: String,
    },
    /// `alter_column`.
    AlterColumn(Box<AlterColumn>),
    /// `add_constraint`.
    AddConstraint(ConstraintObj),
    /// `drop_constraint`.
    DropConstraint {
        /// The constraint name.
        name: Option<String>,
        /// A CHECK made by a `Boolean` / `Enum` type.
        type_bound: bool,
    },
    /// `create_index`.
    CreateIndex(IndexObj),
    /// `drop_index`.
    DropIndex {
        /// The index name.
        name: String,
    },
    /// `create_table_comment`, `drop_table_comment`, `create_column_comment`.
    Comment,
}

impl BatchCall {
    /// The impl method name Alembic records.
    pub fn method(&self) -> &'static str {
        match self {
            BatchCall::AddColumn { .. } => "add_column",
            BatchCall::DropColumn { .. } => "drop_column",
            BatchCall::AlterColumn(_) => "alter_column",
            BatchCall::AddConstraint(_) => "add_constraint",
            BatchCall::DropConstraint { .. } => "drop_constraint",
            BatchCall::CreateIndex(_) => "create_index",
            BatchCall::DropIndex { .. } => "drop_index",
            BatchCall::Comment => "create_table_comment",
        }
    }
}

struct Recorded {
    call: BatchCall,
    range: TextRange,
}

/// Renders a `batch_alter_table` block; errors of its ops are pushed, the rest rendered.
pub(crate) fn render_batch(
    r: &mut OpRenderer<'_>,
    op: &Op,
    sink: &mut Sink,
    errors: &mut Vec<OpError>,
) {
    let OpKind::Batch {
        table,
        schema,
        recreate,
        copy_from,
        table_args,
        naming_convention,
        partial_reordering,
        ops,
    } = &op.kind
    else {
        return;
    };
    let d = r.d;
    let mut recorded: Vec<Recorded> = Vec::new();
    let mut kept_ops: Vec<&Op> = Vec::new();
    for inner in ops {
        let at = |error: RenderError| OpError {
            error,
            range: inner.range,
        };
        match &inner.kind {
            OpKind::Execute { .. } | OpKind::AutocommitBlock { .. } | OpKind::Batch { .. } => {
                // `batch_op.execute` runs at once on the migration context's impl.
                r.render(inner, sink, errors);
                continue;
            }
            OpKind::CreateTable { .. } => {
                errors.push(at(RenderError::not_implemented(
                    "Can't create table in batch mode",
                )));
                continue;
            }
            OpKind::DropTable { .. } => {
                errors.push(at(RenderError::not_implemented(
                    "Can't drop table in batch mode",
                )));
                continue;
            }
            _ => {}
        }
        match record(r, inner) {
            Ok(calls) => {
                let mut ok = true;
                for call in &calls {
                    if let BatchCall::AddColumn {
                        insert_before,
                        insert_after,
                        ..
                    } = call
                    {
                        let so_far: Vec<BatchCall> =
                            recorded.iter().map(|c| c.call.clone()).collect();
                        if (insert_before.is_some() || insert_after.is_some())
                            && !should_recreate(r, *recreate, &so_far)
                        {
                            errors.push(at(RenderError::command(
                                "Can't specify insert_before or insert_after when using ALTER; please specify recreate='always'",
                            )));
                            ok = false;
                        }
                    }
                }
                if ok {
                    kept_ops.push(inner);
                    recorded.extend(calls.into_iter().map(|call| Recorded {
                        call,
                        range: inner.range,
                    }));
                }
            }
            Err(e) => errors.push(at(e)),
        }
    }
    let calls: Vec<BatchCall> = recorded.iter().map(|c| c.call.clone()).collect();
    if !should_recreate(r, *recreate, &calls) {
        for inner in kept_ops {
            r.render(inner, sink, errors);
        }
        return;
    }
    let existing = match existing_table(
        r,
        table,
        schema.as_deref(),
        copy_from.as_deref(),
        naming_convention,
    ) {
        Ok(t) => t,
        Err(e) => {
            errors.push(OpError {
                error: e,
                range: op.range,
            });
            return;
        }
    };
    let mut apply = Apply::new(existing, partial_reordering.clone());
    for rec in &recorded {
        if let Err(error) = apply.call(d, &rec.call) {
            errors.push(OpError {
                error,
                range: rec.range,
            });
        }
    }
    let namer = r.namer();
    let args = match table_args
        .iter()
        .map(|c| schema::constraint_obj(&namer, &apply.temp_name, schema.as_deref(), c))
        .collect::<Rendered<Vec<_>>>()
    {
        Ok(a) => a,
        Err(error) => {
            errors.push(OpError {
                error,
                range: op.range,
            });
            return;
        }
    };
    if let Err(error) = apply.create(r, &args, sink) {
        errors.push(OpError {
            error,
            range: op.range,
        });
    }
}

/// `_should_recreate`.
fn should_recreate(r: &OpRenderer<'_>, recreate: Recreate, calls: &[BatchCall]) -> bool {
    match recreate {
        Recreate::Auto => r.d.requires_recreate_in_batch(calls),
        Recreate::Always => true,
        Recreate::Never => false,
    }
}

/// The impl calls one `batch_op.*` op records (what `toimpl` calls on the batch impl).
fn record(r: &OpRenderer<'_>, op: &Op) -> Rendered<Vec<BatchCall>> {
    let d = r.d;
    let namer = r.namer();
    Ok(match &op.kind {
        OpKind::AddColumn {
            table,
            column,
            schema,
            ..
        } => {
            let t = TableObj::build(
                d,
                &namer,
                table,
                schema.as_deref(),
                std::slice::from_ref(column),
                &[],
                &[],
                None,
                &[],
            )?;
            let kw = |k: &str| {
                schema::kwarg(&column.kwargs, k)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            let mut calls = vec![BatchCall::AddColumn {
                column: Box::new(column.clone()),
                obj: Box::new(t.columns[0].clone()),
                insert_before: kw("insert_before"),
                insert_after: kw("insert_after"),
            }];
            for c in t.constraints {
                calls.push(BatchCall::AddConstraint(c));
            }
            for idx in t.indexes {
                calls.push(BatchCall::CreateIndex(idx));
            }
            if column.comment.is_some() && d.supports_comments() && !d.inline_comments() {
                calls.push(BatchCall::Comment);
            }
            calls
        }
        OpKind::DropColumn { column, .. } => vec![BatchCall::DropColumn {
            name: column.clone(),
        }],
        OpKind::AlterColumn(a) => {
            let mut calls = Vec::new();
            if let (Some(existing), Some(_)) = (&a.existing_type, &a.type_) {
                if type_bound_of(d, existing, &a.column) {
                    calls.push(BatchCall::DropConstraint {
                        name: TypeView::resolve(d, existing).and_then(|v| v.type_name()),
                        type_bound: true,
                    });
                }
            }
            calls.push(BatchCall::AlterColumn(a.clone()));
            calls
        }
        OpKind::CreateIndex(idx) => {
            let schema = idx
                .kwargs
                .iter()
                .find(|(k, _)| k == "schema")
                .and_then(|(_, v)| v.as_str());
            vec![BatchCall::CreateIndex(schema::index_obj(
                &namer, idx, &idx.table, schema,
            )?)]
        }
        OpKind::DropIndex { name, .. } => vec![BatchCall::DropIndex {
            name: name.text.clone(),
        }],
        OpKind::AddConstraint {
            table,
            schema,
            constraint,
        } => vec![BatchCall::AddConstraint(schema::constraint_obj(
            &namer,
            table,
            schema.as_deref(),
            constraint,
        )?)],
        OpKind::DropConstraint { name, .. } => vec![BatchCall::DropConstraint {
            name: name.as_ref().map(|n| n.text.clone()),
            type_bound: false,
        }],
        OpKind::CreateTableComment { .. } | OpKind::DropTableComment { .. } => {
            vec![BatchCall::Comment]
        }
        OpKind::RenameTable { .. } => {
            return Err(RenderError::not_implemented("TODO"));
        }
        OpKind::Opaque { reason, .. } => return Err(RenderError::unknown(reason.clone())),
        _ => Vec::new(),
    })
}

fn type_bound_of(d: &dyn crate::Dialect, ty: &retort_ir::SqlType, column: &str) -> bool {
    TypeView::resolve(d, ty).is_some_and(|v| types::type_bound_check(d, column, &v).is_some())
}

/// The table being altered: `copy_from`, else the catalog's definition.
fn existing_table(
    r: &OpRenderer<'_>,
    table: &str,
    schema: Option<&str>,
    copy_from: Option<&TableDef>,
    convention: &[(String, String)],
) -> Rendered<TableObj> {
    if let Some(def) = copy_from {
        return TableObj::build(
            r.d,
            &Namer {
                convention: &NamingConvention::default(),
            },
            &def.name,
            def.schema.as_deref(),
            &def.columns,
            &def.constraints,
            &def.indexes,
            None,
            &[],
        );
    }
    let Some(t) = r.catalog.table(schema, table) else {
        return Err(RenderError::command(format!(
            "This operation cannot proceed in --sql mode; batch mode with dialect {} requires a live database connection with which to reflect the table \"{table}\". To generate a batch SQL migration script using table \"move and copy\", a complete Table object should be passed to the \"copy_from\" argument of the batch_alter_table() method so that table reflection can be skipped.",
            r.d.name()
        )));
    };
    from_catalog(t, convention)
}

/// A catalog table as the `Table` Alembic would work on.
fn from_catalog(t: &CatalogTable, convention: &[(String, String)]) -> Rendered<TableObj> {
    let conv = (!convention.is_empty()).then(|| NamingConvention::from_pairs(convention));
    let name_for = |kind: ConventionKind,
                    name: &Option<String>,
                    columns: &[String],
                    referred: Option<(&str, &[String])>|
     -> Rendered<Option<String>> {
        match (&conv, name) {
            (Some(conv), None) => Namer { convention: conv }.name(
                kind,
                None,
                &t.name,
                t.schema.as_deref(),
                columns,
                referred,
            ),
            _ => Ok(name.clone()),
        }
    };
    let pk_cols: Vec<String> = t
        .primary_key
        .as_ref()
        .map(|pk| pk.columns.clone())
        .unwrap_or_default();
    let mut out = TableObj::new(&t.name, t.schema.as_deref());
    out.kwargs = t.kwargs.clone();
    for c in &t.columns {
        out.columns.push(ColumnObj {
            name: c.name.clone(),
            type_: c.type_.clone(),
            nullable: c.nullable,
            primary_key: pk_cols.contains(&c.name),
            server_default: c.server_default.clone(),
            has_client_default: false,
            autoincrement: c.autoincrement,
            identity: c.identity.clone(),
            computed: c.computed.clone(),
            comment: c.comment.clone(),
            checks: t
                .checks
                .iter()
                .filter(|ck| ck.column.as_deref() == Some(c.name.as_str()))
                .map(|ck| CheckObj {
                    name: ck.name.clone(),
                    sqltext: ck.sqltext.clone(),
                    deferrable: ck.deferrable,
                    initially: ck.initially.clone(),
                    type_bound: false,
                    kwargs: ck.kwargs.clone(),
                })
                .collect(),
            has_foreign_key: t.foreign_keys.iter().any(|fk| fk.columns.contains(&c.name)),
            kwargs: Vec::new(),
        });
    }
    if let Some(pk) = &t.primary_key {
        out.primary_key = PrimaryKeyObj {
            name: name_for(ConventionKind::PrimaryKey, &pk.name, &pk.columns, None)?,
            columns: pk.columns.clone(),
            implicit: false,
            ..PrimaryKeyObj::default()
        };
    }
    for u in &t.uniques {
        out.constraints.push(ConstraintObj::Unique(UniqueObj {
            name: name_for(ConventionKind::Unique, &u.name, &u.columns, None)?,
            columns: u.columns.clone(),
            deferrable: u.deferrable,
            initially: u.initially.clone(),
            kwargs: u.kwargs.clone(),
        }));
    }
    for fk in &t.foreign_keys {
        out.constraints
            .push(ConstraintObj::ForeignKey(ForeignKeyObj {
                name: name_for(
                    ConventionKind::ForeignKey,
                    &fk.name,
                    &fk.columns,
                    Some((&fk.ref_table, &fk.ref_columns)),
                )?,
                columns: fk.columns.clone(),
                ref_schema: fk.ref_schema.clone(),
                ref_table: fk.ref_table.clone(),
                ref_columns: fk.ref_columns.clone(),
                ondelete: fk.ondelete.clone(),
                onupdate: fk.onupdate.clone(),
                deferrable: fk.deferrable,
                initially: fk.initially.clone(),
                match_: fk.match_.clone(),
                use_alter: false,
                kwargs: fk.kwargs.clone(),
            }));
    }
    for ck in t.checks.iter().filter(|ck| ck.column.is_none()) {
        out.constraints.push(ConstraintObj::Check(CheckObj {
            name: name_for(ConventionKind::Check, &ck.name, &[], None)?,
            sqltext: ck.sqltext.clone(),
            deferrable: ck.deferrable,
            initially: ck.initially.clone(),
            type_bound: false,
            kwargs: ck.kwargs.clone(),
        }));
    }
    for idx in &t.indexes {
        out.indexes.push(IndexObj {
            name: idx.name.clone(),
            table: t.name.clone(),
            schema: t.schema.clone(),
            elements: idx.elements.clone(),
            unique: idx.unique,
            where_: idx.where_.clone(),
            using: idx.using.clone(),
            concurrently: false,
            column_flag: false,
            kwargs: idx.kwargs.clone(),
        });
    }
    Ok(out)
}

/// A column of the new table: its original key, its copy, and how its data is copied.
#[derive(Debug, Clone)]
struct NewColumn {
    /// The name the column had in the original table (its `key`), or the new name.
    key: String,
    column: ColumnObj,
    /// The column's type still creates its CHECK (not added or altered in the batch).
    type_events: bool,
    /// `None` for a column added in the batch (not copied).
    transfer: Option<Transfer>,
}

#[derive(Debug, Clone)]
struct Transfer {
    /// The original column's name.
    source: String,
    /// `CAST(... AS <type>)` when the type's affinity changes.
    cast: Option<String>,
}

/// `ApplyBatchImpl`.
struct Apply {
    table: TableObj,
    temp_name: String,
    columns: Vec<NewColumn>,
    existing_ordering: Vec<String>,
    named: Vec<(String, ConstraintObj)>,
    unnamed: Vec<ConstraintObj>,
    /// Named CHECKs written on a column: (name, column key).
    col_named: Vec<(String, String)>,
    indexes: Vec<IndexObj>,
    new_indexes: Vec<IndexObj>,
    partial_reordering: Vec<Vec<String>>,
    add_col_ordering: Vec<(String, String)>,
}

impl Apply {
    fn new(table: TableObj, partial_reordering: Vec<Vec<String>>) -> Self {
        let temp_name: String = format!("_alembic_tmp_{}", table.name)
            .chars()
            .take(50)
            .collect();
        let columns = table
            .columns
            .iter()
            .map(|c| NewColumn {
                key: c.name.clone(),
                column: c.clone(),
                type_events: true,
                transfer: Some(Transfer {
                    source: c.name.clone(),
                    cast: None,
                }),
            })
            .collect();
        let mut named = Vec::new();
        let mut unnamed = Vec::new();
        if !table.primary_key.columns.is_empty() {
            let pk = ConstraintObj::PrimaryKey(table.primary_key.clone());
            match &table.primary_key.name {
                Some(n) => named.push((n.clone(), pk)),
                None => unnamed.push(pk),
            }
        }
        for c in &table.constraints {
            if matches!(c, ConstraintObj::Check(ck) if ck.type_bound) {
                continue;
            }
            match c.name() {
                Some(n) => named.push((n.to_owned(), c.clone())),
                None => unnamed.push(c.clone()),
            }
        }
        let col_named = table
            .columns
            .iter()
            .flat_map(|c| {
                c.checks
                    .iter()
                    .filter_map(|ck| ck.name.clone().map(|n| (n, c.name.clone())))
            })
            .collect();
        Apply {
            existing_ordering: table.columns.iter().map(|c| c.name.clone()).collect(),
            indexes: table.indexes.clone(),
            temp_name,
            columns,
            named,
            unnamed,
            col_named,
            new_indexes: Vec::new(),
            partial_reordering,
            add_col_ordering: Vec::new(),
            table,
        }
    }

    fn column_mut(&mut self, key: &str) -> Rendered<&mut NewColumn> {
        self.columns
            .iter_mut()
            .find(|c| c.key == key)
            .ok_or_else(|| RenderError::new(ErrorKind::Key, format!("'{key}'")))
    }

    fn call(&mut self, d: &dyn crate::Dialect, call: &BatchCall) -> Rendered<()> {
        match call {
            BatchCall::AlterColumn(a) => self.alter_column(d, &AlterColumnSpec::from_ir(a)),
            BatchCall::AddColumn {
                obj,
                insert_before,
                insert_after,
                ..
            } => {
                self.setup_add_column_ordering(
                    &obj.name,
                    insert_before.as_deref(),
                    insert_after.as_deref(),
                );
                let column = (**obj).clone();
                self.columns.retain(|c| c.key != obj.name);
                self.columns.push(NewColumn {
                    key: obj.name.clone(),
                    column,
                    type_events: false,
                    transfer: None,
                });
                Ok(())
            }
            BatchCall::DropColumn { name } => {
                self.table.primary_key.columns.retain(|c| c != name);
                let pos = self
                    .columns
                    .iter()
                    .position(|c| c.key == *name)
                    .ok_or_else(|| RenderError::new(ErrorKind::Key, format!("'{name}'")))?;
                self.columns.remove(pos);
                self.existing_ordering.retain(|c| c != name);
                Ok(())
            }
            BatchCall::AddConstraint(c) => {
                let Some(name) = c.name() else {
                    return Err(RenderError::new(
                        ErrorKind::Value,
                        "Constraint must have a name",
                    ));
                };
                if matches!(c, ConstraintObj::PrimaryKey(_)) {
                    self.unnamed
                        .retain(|u| !matches!(u, ConstraintObj::PrimaryKey(_)));
                }
                match self.named.iter_mut().find(|(n, _)| n == name) {
                    Some(slot) => slot.1 = c.clone(),
                    None => self.named.push((name.to_owned(), c.clone())),
                }
                Ok(())
            }
            BatchCall::DropConstraint { name, type_bound } => {
                let Some(name) = name else {
                    return Err(RenderError::new(
                        ErrorKind::Value,
                        "Constraint must have a name",
                    ));
                };
                if let Some(pos) = self.col_named.iter().position(|(n, _)| n == name) {
                    let (_, key) = self.col_named.remove(pos);
                    if let Some(col) = self.columns.iter_mut().find(|c| c.key == key) {
                        col.column
                            .checks
                            .retain(|ck| ck.name.as_deref() != Some(name.as_str()));
                    }
                    return Ok(());
                }
                if let Some(pos) = self.named.iter().position(|(n, _)| n == name) {
                    let (_, c) = self.named.remove(pos);
                    if let ConstraintObj::PrimaryKey(pk) = c {
                        for col in &mut self.columns {
                            if pk.columns.contains(&col.key) {
                                col.column.primary_key = false;
                            }
                        }
                    }
                    return Ok(());
                }
                if *type_bound {
                    return Ok(());
                }
                Err(RenderError::new(
                    ErrorKind::Value,
                    format!("No such constraint: '{name}'"),
                ))
            }
            BatchCall::CreateIndex(idx) => {
                self.new_indexes.retain(|i| i.name != idx.name);
                self.new_indexes.push(idx.clone());
                Ok(())
            }
            BatchCall::DropIndex { name } => {
                match self
                    .indexes
                    .iter()
                    .position(|i| i.name.as_deref() == Some(name.as_str()))
                {
                    Some(pos) => {
                        self.indexes.remove(pos);
                        Ok(())
                    }
                    None => Err(RenderError::new(
                        ErrorKind::Value,
                        format!("No such index: '{name}'"),
                    )),
                }
            }
            BatchCall::Comment => Ok(()),
        }
    }

    fn alter_column(&mut self, d: &dyn crate::Dialect, a: &AlterColumnSpec<'_>) -> Rendered<()> {
        let existing_type_name = a
            .existing_type
            .and_then(|t| TypeView::resolve(d, t))
            .filter(|v| v.is("SchemaType"))
            .and_then(|v| v.type_name());
        let col = self.column_mut(a.column)?;
        if let Some(new) = a.new_name.filter(|n| *n != a.column) {
            col.column.name = new.to_owned();
            if let Some(n) = existing_type_name {
                self.named.retain(|(name, _)| *name != n);
            }
        }
        let col = self.column_mut(a.column)?;
        if let Some(new_type) = a.type_ {
            col.type_events = false;
            let from = col
                .column
                .type_
                .as_ref()
                .and_then(|t| TypeView::resolve(d, t))
                .map(|v| v.affinity());
            let to = TypeView::resolve(d, new_type);
            if let (Some(transfer), Some(to)) = (&mut col.transfer, to) {
                if d.cast_for_batch_migrate(from.unwrap_or("NullType"), &to) {
                    transfer.cast = Some(types::compile(d, new_type)?);
                }
            }
            col.column.type_ = Some(new_type.clone());
        }
        if let Some(n) = a.nullable {
            col.column.nullable = n;
        }
        if let Some(default) = a.server_default {
            col.column.server_default = default.cloned();
        }
        if let Some(auto) = a.autoincrement {
            col.column.autoincrement = if auto {
                retort_ir::Autoincrement::Yes
            } else {
                retort_ir::Autoincrement::No
            };
        }
        if let Some(comment) = a.comment {
            col.column.comment = comment.map(str::to_owned);
        }
        Ok(())
    }

    /// `_setup_dependencies_for_add_column`.
    fn setup_add_column_ordering(&mut self, name: &str, before: Option<&str>, after: Option<&str>) {
        let index_cols = &self.existing_ordering;
        let position = |c: &str| index_cols.iter().position(|x| x == c);
        let mut before = before.map(str::to_owned);
        let mut after = after.map(str::to_owned);
        if self.partial_reordering.is_empty() {
            if let (Some(a), None) = (&after, &before) {
                match position(a) {
                    Some(i) => {
                        if i + 1 < index_cols.len() {
                            before = Some(index_cols[i + 1].clone());
                        }
                    }
                    None => {
                        before = self
                            .add_col_ordering
                            .iter()
                            .rev()
                            .find(|(x, _)| x == a)
                            .map(|(_, b)| b.clone());
                    }
                }
            }
            if let (Some(b), None) = (&before, &after) {
                match position(b) {
                    Some(i) => {
                        if i >= 1 {
                            after = Some(index_cols[i - 1].clone());
                        }
                    }
                    None => {
                        after = self
                            .add_col_ordering
                            .iter()
                            .rev()
                            .find(|(_, y)| y == b)
                            .map(|(a, _)| a.clone());
                    }
                }
            }
        }
        if let Some(b) = &before {
            self.add_col_ordering.push((name.to_owned(), b.clone()));
        }
        if let Some(a) = &after {
            self.add_col_ordering.push((a.clone(), name.to_owned()));
        }
        if self.partial_reordering.is_empty() && before.is_none() && after.is_none() {
            if let Some(last) = index_cols.last() {
                self.add_col_ordering.push((last.clone(), name.to_owned()));
            }
        }
    }

    /// `_adjust_self_columns_for_partial_reordering`.
    fn reorder(&mut self) {
        let col_by_idx: Vec<String> = self.columns.iter().map(|c| c.key.clone()).collect();
        let mut pairs: Vec<(String, String)> = Vec::new();
        if !self.partial_reordering.is_empty() {
            for tuple in &self.partial_reordering {
                for w in tuple.windows(2) {
                    pairs.push((w[0].clone(), w[1].clone()));
                }
            }
        } else {
            for (i, elem) in self.existing_ordering.iter().enumerate().skip(1) {
                if let Some(prev) = col_by_idx.get(i - 1) {
                    pairs.push((prev.clone(), elem.clone()));
                }
            }
        }
        pairs.extend(self.add_col_ordering.iter().cloned());
        pairs.retain(|(a, b)| a != b);
        // SQLAlchemy's layered `topological.sort(pairs, col_by_idx)`.
        let mut todo = col_by_idx;
        let mut order = Vec::with_capacity(todo.len());
        while !todo.is_empty() {
            let ready: Vec<String> = todo
                .iter()
                .filter(|n| {
                    !pairs
                        .iter()
                        .any(|(parent, child)| child == *n && todo.contains(parent))
                })
                .cloned()
                .collect();
            if ready.is_empty() {
                order.append(&mut todo);
                break;
            }
            todo.retain(|n| !ready.contains(n));
            order.extend(ready);
        }
        self.columns
            .sort_by_key(|c| order.iter().position(|k| *k == c.key));
    }

    /// The current name of the column whose original key is `key`.
    fn current_name<'a>(&'a self, key: &'a str) -> &'a str {
        self.columns
            .iter()
            .find(|c| c.key == key)
            .map_or(key, |c| c.column.name.as_str())
    }

    fn has_key(&self, key: &str) -> bool {
        self.columns.iter().any(|c| c.key == key)
    }

    /// A copied constraint with its columns renamed; `None` when one of them is gone.
    fn copy_constraint(&self, c: &ConstraintObj) -> Option<ConstraintObj> {
        if !c.columns().iter().all(|k| self.has_key(k)) {
            return None;
        }
        let rename = |cols: &[String]| -> Vec<String> {
            cols.iter()
                .map(|k| self.current_name(k).to_owned())
                .collect()
        };
        Some(match c {
            ConstraintObj::Unique(u) => ConstraintObj::Unique(UniqueObj {
                columns: rename(&u.columns),
                ..u.clone()
            }),
            ConstraintObj::ForeignKey(fk) => ConstraintObj::ForeignKey(ForeignKeyObj {
                columns: rename(&fk.columns),
                ..fk.clone()
            }),
            ConstraintObj::PrimaryKey(pk) => ConstraintObj::PrimaryKey(PrimaryKeyObj {
                columns: rename(&pk.columns),
                implicit: false,
                ..pk.clone()
            }),
            ConstraintObj::Check(ck) => ConstraintObj::Check(ck.clone()),
        })
    }

    /// `_create`: the new table, the copy, the swap, the indexes.
    fn create(
        &mut self,
        r: &mut OpRenderer<'_>,
        table_args: &[ConstraintObj],
        sink: &mut Sink,
    ) -> Rendered<()> {
        let d = r.d;
        if !self.partial_reordering.is_empty() || !self.add_col_ordering.is_empty() {
            self.reorder();
        }
        let schema = self.table.schema.clone();
        let mut new = TableObj::new(&self.temp_name, schema.as_deref());
        new.kwargs = self.table.kwargs.clone();
        new.columns = self.columns.iter().map(|c| c.column.clone()).collect();
        let pk_cols: Vec<String> = new
            .columns
            .iter()
            .filter(|c| c.primary_key)
            .map(|c| c.name.clone())
            .collect();
        new.primary_key = PrimaryKeyObj {
            columns: pk_cols,
            implicit: true,
            ..PrimaryKeyObj::default()
        };
        new.constraints.extend(table_args.iter().cloned());
        for c in &self.columns {
            if !c.type_events {
                continue;
            }
            let Some(ty) = &c.column.type_ else { continue };
            let Some(view) = TypeView::resolve(d, ty) else {
                continue;
            };
            if let Some(sqltext) = types::type_bound_check(d, &c.column.name, &view) {
                new.constraints.push(ConstraintObj::Check(CheckObj {
                    name: view.type_name(),
                    sqltext,
                    deferrable: None,
                    initially: None,
                    type_bound: true,
                    kwargs: Vec::new(),
                }));
            }
        }
        let copies: Vec<ConstraintObj> = self
            .named
            .iter()
            .map(|(_, c)| c)
            .chain(&self.unnamed)
            .filter_map(|c| self.copy_constraint(c))
            .collect();
        for c in copies {
            match c {
                ConstraintObj::PrimaryKey(pk) => new.primary_key = pk,
                other => new.constraints.push(other),
            }
        }

        let named: Vec<String> = self.named.iter().map(|(n, _)| n.clone()).collect();
        for stmt in d.prep_table_for_batch(&self.table, &named)? {
            sink.statement(&stmt);
        }
        r.create_table(&new, false, sink)?;

        let source = ident::table(d, &self.table.name, schema.as_deref());
        let mut names = Vec::new();
        let mut exprs = Vec::new();
        for c in &self.columns {
            let Some(t) = &c.transfer else { continue };
            names.push(ident::quote(d, &c.column.name));
            let col = format!("{source}.{}", ident::quote(d, &t.source));
            exprs.push(match &t.cast {
                Some(ty) => format!("CAST({col} AS {ty}) AS {}", ident::quote(d, &t.source)),
                None => col,
            });
        }
        sink.statement(&format!(
            "INSERT INTO {} ({}) SELECT {} \nFROM {source}",
            ident::table(d, &self.temp_name, schema.as_deref()),
            names.join(", "),
            exprs.join(", ")
        ));
        sink.statement(&format!("\nDROP TABLE {source}"));
        sink.statement(&d.rename_table(&self.temp_name, &self.table.name, schema.as_deref()));

        let mut indexes: Vec<IndexObj> = Vec::new();
        for idx in self.indexes.iter().filter(|i| !i.column_flag) {
            let mut copy = idx.clone();
            copy.table = self.table.name.clone();
            copy.elements = idx
                .elements
                .iter()
                .map(|e| match e {
                    IndexElement::Column(c) => {
                        IndexElement::Column(self.current_name(c).to_owned())
                    }
                    other => other.clone(),
                })
                .collect();
            indexes.push(copy);
        }
        for idx in &self.new_indexes {
            let mut copy = idx.clone();
            copy.table = self.table.name.clone();
            copy.elements = idx
                .elements
                .iter()
                .filter_map(|e| match e {
                    IndexElement::Column(c) => {
                        Some(IndexElement::Column(self.current_name(c).to_owned()))
                    }
                    IndexElement::Expression(_) => None,
                })
                .collect();
            indexes.push(copy);
        }
        for idx in indexes {
            sink.statement(&d.create_index(&idx, false)?);
        }
        Ok(())
    }
}
