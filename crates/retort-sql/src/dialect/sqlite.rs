//! SQLite: `SQLiteDDLCompiler`, `SQLiteTypeCompiler`, `SQLiteCompiler` and Alembic's
//! `SQLiteImpl` (no ALTER of constraints; batch mode recreates tables).

use retort_ir::Value;

use super::{reserved, Dialect};
use crate::alter;
use crate::batch::BatchCall;
use crate::ddl::{self, DropConstraintSpec};
use crate::error::{RenderError, Rendered};
use crate::expr;
use crate::ident;
use crate::schema::{
    kwarg, CheckObj, ColumnObj, ConstraintObj, ForeignKeyObj, IndexObj, PrimaryKeyObj, TableObj,
    UniqueObj,
};
use crate::types::TypeView;

/// SQLite.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sqlite;

/// Alembic's message when SQLite is asked to ALTER a constraint.
pub(crate) const NO_ALTER_CONSTRAINT: &str = "No support for ALTER of constraints in SQLite dialect. Please refer to the batch mode feature which allows for SQLite migrations using a copy-and-move strategy.";

fn option<'a>(kwargs: &'a [(String, Value)], key: &str) -> Option<&'a str> {
    kwarg(kwargs, &format!("sqlite_{key}")).and_then(Value::as_str)
}

fn table_autoincrement(table: &TableObj) -> bool {
    matches!(
        kwarg(&table.kwargs, "sqlite_autoincrement"),
        Some(Value::Bool(true))
    )
}

impl Sqlite {
    /// Whether the primary key goes inline with an AUTOINCREMENT column.
    fn inline_autoincrement(&self, table: &TableObj, col: &ColumnObj) -> bool {
        table_autoincrement(table)
            && table.primary_key.columns.len() == 1
            && col
                .type_
                .as_ref()
                .and_then(|t| TypeView::resolve(self, t))
                .is_some_and(|v| v.affinity() == "Integer")
            && !col.has_foreign_key
    }
}

impl Dialect for Sqlite {
    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn impl_class(&self) -> &'static str {
        "SQLiteImpl"
    }

    fn type_compiler_class(&self) -> &'static str {
        "sqlalchemy.dialects.sqlite.base.SQLiteTypeCompiler object"
    }

    fn supports_alter(&self) -> bool {
        false
    }

    fn insert_returning(&self) -> bool {
        true
    }

    fn reserved_words(&self) -> &'static [&'static str] {
        reserved::SQLITE
    }

    fn returning_column(&self, _table: &str, column: &str) -> String {
        column.to_owned()
    }

    fn function_override(&self, name: &str, _args: &[String]) -> Option<String> {
        match name {
            "now" => Some("CURRENT_TIMESTAMP".to_owned()),
            "localtimestamp" => Some("DATETIME(CURRENT_TIMESTAMP, 'localtime')".to_owned()),
            _ => None,
        }
    }

    fn visit_type(&self, name: &str, _t: &TypeView<'_>) -> Option<Rendered> {
        Some(Ok(match name {
            "large_binary" => "BLOB".to_owned(),
            "JSON" => "JSON".to_owned(),
            "JSONB" => "JSONB".to_owned(),
            _ => return None,
        }))
    }

    fn column_specification(&self, col: &ColumnObj, table: &TableObj) -> Rendered {
        let mut spec = format!(
            "{} {}",
            ident::quote(self, &col.name),
            ddl::column_type(self, col)?
        );
        if let Some(default) = ddl::column_default(self, col)? {
            let starts_quoted = default.trim_start().starts_with(['\'', '"', '(']);
            // `re.match(r".*\W.*", default)`: `\W` on the first line or its newline.
            let has_non_word = default.chars().any(|c| !(c.is_alphanumeric() || c == '_'));
            if !starts_quoted && has_non_word {
                spec.push_str(&format!(" DEFAULT ({default})"));
            } else {
                spec.push_str(&format!(" DEFAULT {default}"));
            }
        }
        if !col.nullable {
            spec.push_str(" NOT NULL");
            if let Some(c) = option(&col.kwargs, "on_conflict_not_null") {
                spec.push_str(&format!(" ON CONFLICT {c}"));
            }
        }
        if col.primary_key {
            if col.autoincrement == retort_ir::Autoincrement::Yes
                && table.primary_key.columns.len() != 1
            {
                return Err(RenderError::compile(
                    "SQLite does not support autoincrement for composite primary keys",
                ));
            }
            if self.inline_autoincrement(table, col) {
                spec.push_str(" PRIMARY KEY");
                if let Some(c) = option(&col.kwargs, "on_conflict_primary_key") {
                    spec.push_str(&format!(" ON CONFLICT {c}"));
                }
                spec.push_str(" AUTOINCREMENT");
            }
        }
        if let Some(computed) = &col.computed {
            spec.push(' ');
            spec.push_str(&self.computed_column(computed)?);
        }
        Ok(spec)
    }

    fn post_create_table(&self, table: &TableObj) -> Rendered {
        let mut opts = Vec::new();
        if matches!(
            kwarg(&table.kwargs, "sqlite_with_rowid"),
            Some(Value::Bool(false))
        ) {
            opts.push("WITHOUT ROWID");
        }
        if matches!(
            kwarg(&table.kwargs, "sqlite_strict"),
            Some(Value::Bool(true))
        ) {
            opts.push("STRICT");
        }
        Ok(if opts.is_empty() {
            String::new()
        } else {
            format!("\n {}", opts.join(",\n "))
        })
    }

    fn primary_key_constraint(
        &self,
        pk: &PrimaryKeyObj,
        table: &TableObj,
    ) -> Rendered<Option<String>> {
        if let [only] = pk.columns.as_slice() {
            if let Some(col) = table.column(only) {
                if col.primary_key && self.inline_autoincrement(table, col) {
                    return Ok(None);
                }
            }
        }
        let mut text = ddl::primary_key_constraint(self, pk, table)?;
        let mut conflict = option(&pk.kwargs, "on_conflict");
        if conflict.is_none() {
            if let [only] = pk.columns.as_slice() {
                conflict = table
                    .column(only)
                    .and_then(|c| option(&c.kwargs, "on_conflict_primary_key"));
            }
        }
        if let Some(c) = conflict {
            text.push_str(&format!(" ON CONFLICT {c}"));
        }
        Ok(Some(text))
    }

    fn unique_constraint(&self, u: &UniqueObj, table: &TableObj) -> Rendered {
        let mut text = ddl::unique_constraint(self, u, "")?;
        let mut conflict = option(&u.kwargs, "on_conflict");
        if conflict.is_none() {
            if let [only] = u.columns.as_slice() {
                conflict = table
                    .column(only)
                    .and_then(|c| option(&c.kwargs, "on_conflict_unique"));
            }
        }
        if let Some(c) = conflict {
            text.push_str(&format!(" ON CONFLICT {c}"));
        }
        Ok(text)
    }

    fn check_constraint(&self, c: &CheckObj) -> Rendered {
        let mut text = ddl::check_constraint(self, c)?;
        if let Some(conflict) = option(&c.kwargs, "on_conflict") {
            text.push_str(&format!(" ON CONFLICT {conflict}"));
        }
        Ok(text)
    }

    fn column_check_constraint(&self, c: &CheckObj) -> Rendered {
        if option(&c.kwargs, "on_conflict").is_some() {
            return Err(RenderError::compile(
                "SQLite does not support on conflict clause for column check constraint",
            ));
        }
        ddl::check_constraint(self, c)
    }

    fn foreign_key_constraint(
        &self,
        fk: &ForeignKeyObj,
        table: &TableObj,
    ) -> Rendered<Option<String>> {
        if table.schema != fk.ref_schema {
            return Ok(None);
        }
        ddl::foreign_key_constraint(self, fk).map(Some)
    }

    fn fk_remote_table(&self, fk: &ForeignKeyObj) -> String {
        ident::quote(self, &fk.ref_table)
    }

    fn create_index(&self, idx: &IndexObj, if_not_exists: bool) -> Rendered {
        let mut text = String::from("CREATE ");
        if idx.unique {
            text.push_str("UNIQUE ");
        }
        text.push_str("INDEX ");
        if if_not_exists {
            text.push_str("IF NOT EXISTS ");
        }
        let elements = idx
            .elements
            .iter()
            .map(|e| ddl::index_element(self, e))
            .collect::<Rendered<Vec<_>>>()?;
        text.push_str(&format!(
            "{} ON {} ({})",
            ddl::index_name(self, idx, true)?,
            ident::quote(self, &idx.table),
            elements.join(", ")
        ));
        if let Some(w) = super::postgresql::index_where(idx, "sqlite") {
            text.push_str(" WHERE ");
            text.push_str(&expr::text(w)?);
        }
        Ok(text)
    }

    fn add_constraint(&self, _c: &ConstraintObj, _table: &TableObj) -> Rendered<Option<String>> {
        Err(RenderError::not_implemented(NO_ALTER_CONSTRAINT))
    }

    fn drop_constraint(&self, _c: &DropConstraintSpec<'_>) -> Rendered<Option<String>> {
        Err(RenderError::not_implemented(NO_ALTER_CONSTRAINT))
    }

    fn rename_table(&self, old: &str, new: &str, schema: Option<&str>) -> String {
        ddl::rename_table(self, old, new, schema, None)
    }

    fn rename_column(&self, table: &str, schema: Option<&str>, old: &str, new: &str) -> Rendered {
        alter::rename_column(self, table, schema, old, new, "RENAME COLUMN")
    }

    fn requires_recreate_in_batch(&self, calls: &[BatchCall]) -> bool {
        for call in calls {
            match call {
                BatchCall::AddColumn { column, .. } => {
                    let expression_default = matches!(
                        column.server_default,
                        Some(Value::Text(_) | Value::Func { .. } | Value::Keyword(_))
                    );
                    let stored = column
                        .computed
                        .as_ref()
                        .is_some_and(|c| c.persisted == Some(true));
                    if expression_default || stored {
                        return true;
                    }
                }
                BatchCall::CreateIndex(_) | BatchCall::DropIndex { .. } => {}
                _ => return true,
            }
        }
        false
    }

    fn cast_for_batch_migrate(&self, from_affinity: &str, to: &TypeView<'_>) -> bool {
        from_affinity != to.affinity() && to.affinity() != "JSON"
    }
}
