//! SQL dialects in the style of sqlparser-rs: one trait of `supports_*` capabilities
//! and rendering methods whose defaults are SQLAlchemy's generic compilers and
//! Alembic's `DefaultImpl`; each dialect overrides only what differs.

mod generic;
mod mysql;
mod postgresql;
pub(crate) mod reserved;
mod sqlite;

use std::fmt;

use retort_ir::Computed;

pub use generic::Generic;
pub use mysql::MySql;
pub use postgresql::PostgreSql;
pub use sqlite::Sqlite;

use crate::alter::AlterColumnSpec;
use crate::ddl::{self, DropConstraintSpec};
use crate::error::Rendered;
use crate::schema::{
    CheckObj, ColumnObj, ConstraintObj, ForeignKeyObj, IndexObj, PrimaryKeyObj, TableObj, UniqueObj,
};
use crate::types::TypeView;

/// Gives default methods a `&dyn Dialect` of `self`.
pub trait AsDialect {
    /// `self` as a trait object.
    fn as_dialect(&self) -> &dyn Dialect;
}

impl<T: Dialect> AsDialect for T {
    fn as_dialect(&self) -> &dyn Dialect {
        self
    }
}

/// A SQL dialect as SQLAlchemy's compilers and Alembic's `DefaultImpl` subclass see it.
///
/// The defaults are the generic behaviour (SQLAlchemy's `DefaultDialect`,
/// `DDLCompiler`, `GenericTypeCompiler`, Alembic's `DefaultImpl`).
pub trait Dialect: AsDialect + fmt::Debug + Send + Sync {
    /// The dialect name SQLAlchemy uses: `postgresql`, `sqlite`, `mysql`, `default`.
    fn name(&self) -> &'static str;

    /// Alembic's implementation class, as logged: `PostgresqlImpl`, `SQLiteImpl`, ….
    fn impl_class(&self) -> &'static str {
        "DefaultImpl"
    }

    /// The type compiler's class, for "can't render element" messages.
    fn type_compiler_class(&self) -> &'static str {
        "sqlalchemy.sql.compiler.GenericTypeCompiler object"
    }

    /// Whether DDL runs inside `BEGIN` / `COMMIT` (`transactional_ddl`).
    fn transactional_ddl(&self) -> bool {
        false
    }

    /// `supports_native_boolean`.
    fn supports_native_boolean(&self) -> bool {
        false
    }

    /// `supports_native_enum`.
    fn supports_native_enum(&self) -> bool {
        false
    }

    /// `supports_native_uuid`.
    fn supports_native_uuid(&self) -> bool {
        false
    }

    /// `supports_comments`: table and column comments are rendered at all.
    fn supports_comments(&self) -> bool {
        false
    }

    /// `inline_comments`: comments go inside `CREATE TABLE` rather than `COMMENT ON`.
    fn inline_comments(&self) -> bool {
        false
    }

    /// `supports_identity_columns`.
    fn supports_identity_columns(&self) -> bool {
        false
    }

    /// `supports_alter`: foreign keys with `use_alter=True` are left out of `CREATE TABLE`.
    fn supports_alter(&self) -> bool {
        true
    }

    /// `insert_returning`: the version table INSERT ends with `RETURNING`.
    fn insert_returning(&self) -> bool {
        false
    }

    /// Whether backslashes in string literals are escapes (and so doubled).
    fn backslash_escapes(&self) -> bool {
        false
    }

    /// `max_identifier_length`.
    fn max_identifier_length(&self) -> usize {
        9999
    }

    /// The identifier quote character.
    fn quote_char(&self) -> char {
        '"'
    }

    /// Words quoted as identifiers, lower case, sorted.
    fn reserved_words(&self) -> &'static [&'static str] {
        reserved::DEFAULT
    }

    /// `sa.true()` / `sa.false()` and boolean literals.
    fn boolean_literal(&self, value: bool) -> &'static str {
        match (self.supports_native_boolean(), value) {
            (true, true) => "true",
            (true, false) => "false",
            (false, true) => "1",
            (false, false) => "0",
        }
    }

    /// A dialect's own rendering of `sa.func.<name>(...)` (`visit_<name>_func`); `args`
    /// are already rendered.
    fn function_override(&self, _name: &str, _args: &[String]) -> Option<String> {
        None
    }

    /// The `RETURNING` target of the version table INSERT: the column, qualified or not.
    fn returning_column(&self, table: &str, column: &str) -> String {
        format!("{table}.{column}")
    }

    /// The type compiler's `visit_<name>`, when the dialect overrides it.
    fn visit_type(&self, _name: &str, _t: &TypeView<'_>) -> Option<Rendered> {
        None
    }

    /// `get_column_specification`.
    fn column_specification(&self, col: &ColumnObj, table: &TableObj) -> Rendered {
        ddl::column_specification(self.as_dialect(), col, table)
    }

    /// `visit_computed_column`.
    fn computed_column(&self, computed: &Computed) -> Rendered {
        ddl::computed_column(computed)
    }

    /// `post_create_table`: table options after the closing parenthesis.
    fn post_create_table(&self, _table: &TableObj) -> Rendered {
        Ok(String::new())
    }

    /// `visit_primary_key_constraint`; `None` when the dialect leaves it out.
    fn primary_key_constraint(
        &self,
        pk: &PrimaryKeyObj,
        table: &TableObj,
    ) -> Rendered<Option<String>> {
        ddl::primary_key_constraint(self.as_dialect(), pk, table).map(Some)
    }

    /// `visit_unique_constraint`.
    fn unique_constraint(&self, u: &UniqueObj, _table: &TableObj) -> Rendered {
        ddl::unique_constraint(self.as_dialect(), u, "")
    }

    /// `visit_check_constraint` (table level).
    fn check_constraint(&self, c: &CheckObj) -> Rendered {
        ddl::check_constraint(self.as_dialect(), c)
    }

    /// `visit_column_check_constraint` (inline in a column).
    fn column_check_constraint(&self, c: &CheckObj) -> Rendered {
        ddl::check_constraint(self.as_dialect(), c)
    }

    /// `visit_foreign_key_constraint`; `None` when the dialect leaves it out.
    fn foreign_key_constraint(
        &self,
        fk: &ForeignKeyObj,
        _table: &TableObj,
    ) -> Rendered<Option<String>> {
        ddl::foreign_key_constraint(self.as_dialect(), fk).map(Some)
    }

    /// `define_constraint_remote_table`.
    fn fk_remote_table(&self, fk: &ForeignKeyObj) -> String {
        ddl::remote_table(self.as_dialect(), fk)
    }

    /// `define_constraint_match`.
    fn fk_match(&self, fk: &ForeignKeyObj) -> Rendered {
        ddl::fk_match(fk)
    }

    /// The phrase after `ON DELETE`.
    fn fk_ondelete_phrase(&self, phrase: &str) -> Rendered {
        ddl::sql_phrase(phrase)
    }

    /// `visit_create_index`.
    fn create_index(&self, idx: &IndexObj, if_not_exists: bool) -> Rendered {
        ddl::create_index(self.as_dialect(), idx, if_not_exists)
    }

    /// `visit_drop_index`.
    fn drop_index(&self, idx: &IndexObj, if_exists: bool) -> Rendered {
        ddl::drop_index(self.as_dialect(), idx, if_exists)
    }

    /// `visit_drop_constraint` (Alembic's `drop_constraint` reaches it).
    fn drop_constraint(&self, c: &DropConstraintSpec<'_>) -> Rendered<Option<String>> {
        ddl::drop_constraint(self.as_dialect(), c).map(Some)
    }

    /// Alembic's `add_constraint`: `ALTER TABLE … ADD …`, or what the dialect does instead.
    fn add_constraint(&self, c: &ConstraintObj, table: &TableObj) -> Rendered<Option<String>> {
        ddl::add_constraint(self.as_dialect(), c, table).map(Some)
    }

    /// `visit_set_table_comment`.
    fn set_table_comment(&self, table: &str, schema: Option<&str>, comment: &str) -> Rendered {
        Ok(ddl::set_table_comment(
            self.as_dialect(),
            table,
            schema,
            comment,
        ))
    }

    /// `visit_drop_table_comment`.
    fn drop_table_comment(&self, table: &str, schema: Option<&str>) -> Rendered {
        Ok(ddl::drop_table_comment(self.as_dialect(), table, schema))
    }

    /// `visit_set_column_comment` for a column of a new table.
    fn set_column_comment(&self, table: &TableObj, col: &ColumnObj) -> Rendered {
        ddl::set_column_comment(self.as_dialect(), table, col)
    }

    /// Alembic's `RenameTable`.
    fn rename_table(&self, old: &str, new: &str, schema: Option<&str>) -> String {
        ddl::rename_table(self.as_dialect(), old, new, schema, schema)
    }

    /// Alembic's `alter_column`: the statements for one `op.alter_column`.
    fn alter_column(&self, a: &AlterColumnSpec<'_>) -> Rendered<Vec<String>> {
        crate::alter::default_alter_column(self.as_dialect(), a)
    }

    /// Alembic's `ColumnName` (a rename inside `alter_column`).
    fn rename_column(&self, table: &str, schema: Option<&str>, old: &str, new: &str) -> Rendered {
        crate::alter::rename_column(self.as_dialect(), table, schema, old, new, "RENAME")
    }

    /// Alembic's `ColumnComment`.
    fn column_comment(&self, a: &AlterColumnSpec<'_>, comment: Option<&str>) -> Rendered {
        let _ = (a, comment);
        Err(crate::RenderError::compile(
            "Compiler <sqlalchemy.sql.compiler.DDLCompiler object> can't render element of type ColumnComment",
        ))
    }

    /// Alembic's `requires_recreate_in_batch`: whether `batch_alter_table` with
    /// `recreate="auto"` moves and copies the table.
    fn requires_recreate_in_batch(&self, _calls: &[crate::batch::BatchCall]) -> bool {
        false
    }

    /// Alembic's `cast_for_batch_migrate`: whether a column whose type changes from
    /// affinity `from` to the type `to` is copied through `CAST`.
    fn cast_for_batch_migrate(&self, from_affinity: &str, to: &TypeView<'_>) -> bool {
        from_affinity != to.affinity()
    }

    /// Alembic's `prep_table_for_batch`: statements before the copy of a table.
    fn prep_table_for_batch(
        &self,
        _table: &TableObj,
        _named_constraints: &[String],
    ) -> Rendered<Vec<String>> {
        Ok(Vec::new())
    }
}

/// The dialect for a SQLAlchemy dialect name (`postgresql`, `sqlite`, `mysql`,
/// `default`); `mariadb` is rendered as MySQL.
pub fn dialect_for_name(name: &str) -> Option<&'static dyn Dialect> {
    match name {
        "postgresql" | "postgres" => Some(&PostgreSql),
        "sqlite" => Some(&Sqlite),
        "mysql" | "mariadb" => Some(&MySql),
        "default" => Some(&Generic),
        _ => None,
    }
}

impl fmt::Display for dyn Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
