//! MySQL: `MySQLDDLCompiler`, `MySQLTypeCompiler`, `MySQLCompiler` and Alembic's
//! `MySQLImpl` (`MODIFY` / `CHANGE`, which need the existing type).

use retort_ir::Value;

use super::{reserved, Dialect};
use crate::alter::AlterColumnSpec;
use crate::ddl::{self, alter_table, format_server_default, DropConstraintSpec};
use crate::error::{RenderError, Rendered};
use crate::expr;
use crate::ident;
use crate::schema::{kwarg, ColumnObj, ForeignKeyObj, IndexObj, PrimaryKeyObj, TableObj};
use crate::types::{self, TypeView};

/// MySQL.
#[derive(Debug, Clone, Copy, Default)]
pub struct MySql;

/// Table options whose values are rendered as string literals.
const STRING_OPTIONS: &[&str] = &[
    "COMMENT",
    "DATA_DIRECTORY",
    "INDEX_DIRECTORY",
    "PASSWORD",
    "CONNECTION",
];

const PARTITION_OPTIONS: &[&str] = &[
    "PARTITION_BY",
    "PARTITIONS",
    "SUBPARTITIONS",
    "SUBPARTITION_BY",
];

impl MySql {
    fn flag(t: &TypeView<'_>, name: &str) -> bool {
        matches!(t.ty.kwarg(name), Some(Value::Bool(true)))
    }

    /// `_extend_numeric`.
    fn extend_numeric(t: &TypeView<'_>, spec: String) -> String {
        if !t.is("MySQLNumeric") {
            return spec;
        }
        let mut spec = spec;
        if Self::flag(t, "unsigned") {
            spec.push_str(" UNSIGNED");
        }
        if Self::flag(t, "zerofill") {
            spec.push_str(" ZEROFILL");
        }
        spec
    }

    /// `_extend_string`.
    fn extend_string(t: &TypeView<'_>, national_default: bool, spec: String) -> String {
        let mysql = t.is("MySQLString");
        let attr_str = |name: &str| -> Option<&str> {
            if mysql || name == "collation" {
                t.param(name).and_then(Value::as_str)
            } else {
                None
            }
        };
        let attr_flag = |name: &str| mysql && Self::flag(t, name);
        let charset = if let Some(c) = attr_str("charset") {
            Some(format!("CHARACTER SET {c}"))
        } else if attr_flag("ascii") {
            Some("ASCII".to_owned())
        } else if attr_flag("unicode") {
            Some("UNICODE".to_owned())
        } else {
            None
        };
        let collation = if let Some(c) = attr_str("collation") {
            Some(format!("COLLATE {c}"))
        } else if attr_flag("binary") {
            Some("BINARY".to_owned())
        } else {
            None
        };
        let national = if mysql && t.ty.kwarg("national").is_some() {
            attr_flag("national")
        } else {
            national_default
        };
        let parts: Vec<String> = if national {
            [Some("NATIONAL".to_owned()), Some(spec), collation]
                .into_iter()
                .flatten()
                .collect()
        } else {
            [Some(spec), charset, collation]
                .into_iter()
                .flatten()
                .collect()
        };
        parts.join(" ")
    }

    fn int(t: &TypeView<'_>, name: &str) -> Option<i64> {
        t.param(name).and_then(Value::as_int)
    }

    fn enumerated(&self, name: &str, t: &TypeView<'_>) -> Rendered {
        let labels = t.enum_labels().ok_or_else(|| {
            RenderError::unknown(format!(
                "the labels of `{}` are not known statically",
                t.ty.name
            ))
        })?;
        let quoted: Vec<String> = labels
            .iter()
            .map(|e| format!("'{}'", e.replace('\'', "''").replace('\\', "\\\\")))
            .collect();
        Ok(Self::extend_string(
            t,
            false,
            format!("{name}({})", quoted.join(",")),
        ))
    }

    /// `_mysql_colspec` of `MODIFY` / `CHANGE`.
    fn colspec(
        &self,
        nullable: bool,
        server_default: Option<&Value>,
        type_: &retort_ir::SqlType,
        autoincrement: Option<bool>,
        comment: Option<&str>,
    ) -> Rendered {
        let mut spec = format!(
            "{} {}",
            types::compile(self, type_)?,
            if nullable { "NULL" } else { "NOT NULL" }
        );
        if autoincrement == Some(true) {
            spec.push_str(" AUTO_INCREMENT");
        }
        if let Some(v) = server_default {
            spec.push_str(&format!(" DEFAULT {}", format_server_default(self, v)?));
        }
        if let Some(c) = comment {
            spec.push_str(&format!(" COMMENT {}", expr::string_literal(self, c)));
        }
        Ok(spec)
    }
}

impl Dialect for MySql {
    fn name(&self) -> &'static str {
        "mysql"
    }

    fn impl_class(&self) -> &'static str {
        "MySQLImpl"
    }

    fn type_compiler_class(&self) -> &'static str {
        "sqlalchemy.dialects.mysql.base.MySQLTypeCompiler object"
    }

    fn supports_native_enum(&self) -> bool {
        true
    }

    fn supports_comments(&self) -> bool {
        true
    }

    fn inline_comments(&self) -> bool {
        true
    }

    fn backslash_escapes(&self) -> bool {
        true
    }

    fn max_identifier_length(&self) -> usize {
        255
    }

    fn quote_char(&self) -> char {
        '`'
    }

    fn reserved_words(&self) -> &'static [&'static str] {
        reserved::MYSQL
    }

    fn boolean_literal(&self, value: bool) -> &'static str {
        if value {
            "true"
        } else {
            "false"
        }
    }

    fn function_override(&self, name: &str, args: &[String]) -> Option<String> {
        match name {
            "random" => Some(format!("rand({})", args.join(", "))),
            "sysdate" => Some("SYSDATE()".to_owned()),
            _ => None,
        }
    }

    fn visit_type(&self, name: &str, t: &TypeView<'_>) -> Option<Rendered> {
        let precision = Self::int(t, "precision");
        let scale = if t.is("MySQLNumeric") {
            Self::int(t, "scale")
        } else {
            None
        };
        let width = |base: &str| -> String {
            let spec = match (t.is("MySQLNumeric"), Self::int(t, "display_width")) {
                (true, Some(w)) => format!("{base}({w})"),
                _ => base.to_owned(),
            };
            Self::extend_numeric(t, spec)
        };
        Some(Ok(match name {
            "NUMERIC" | "DECIMAL" => {
                let spec = match (precision, Self::int(t, "scale")) {
                    (None, _) => name.to_owned(),
                    (Some(p), None) => format!("{name}({p})"),
                    (Some(p), Some(s)) => format!("{name}({p}, {s})"),
                };
                Self::extend_numeric(t, spec)
            }
            "DOUBLE" | "REAL" => {
                let spec = match (precision, scale) {
                    (Some(p), Some(s)) => format!("{name}({p}, {s})"),
                    _ => name.to_owned(),
                };
                Self::extend_numeric(t, spec)
            }
            "FLOAT" => {
                let spec = match (precision, scale) {
                    (Some(p), Some(s)) => format!("FLOAT({p}, {s})"),
                    (Some(p), None) => format!("FLOAT({p})"),
                    _ => "FLOAT".to_owned(),
                };
                Self::extend_numeric(t, spec)
            }
            "INTEGER" | "BIGINT" | "MEDIUMINT" | "TINYINT" | "SMALLINT" => width(name),
            "BIT" => match Self::int(t, "length") {
                Some(n) => format!("BIT({n})"),
                None => "BIT".to_owned(),
            },
            "DATETIME" | "TIME" | "TIMESTAMP" => match Self::int(t, "fsp") {
                Some(fsp) if fsp != 0 => format!("{name}({fsp})"),
                _ => name.to_owned(),
            },
            "DATE" => "DATE".to_owned(),
            "YEAR" => match Self::int(t, "display_width") {
                Some(w) => format!("YEAR({w})"),
                None => "YEAR".to_owned(),
            },
            "TEXT" => match Self::int(t, "length") {
                Some(n) => Self::extend_string(t, false, format!("TEXT({n})")),
                None => Self::extend_string(t, false, "TEXT".to_owned()),
            },
            "TINYTEXT" | "MEDIUMTEXT" | "LONGTEXT" => {
                Self::extend_string(t, false, name.to_owned())
            }
            "VARCHAR" | "NVARCHAR" => match t.string_length() {
                Ok(Some(n)) => Self::extend_string(t, name == "NVARCHAR", format!("VARCHAR({n})")),
                Ok(None) => {
                    return Some(Err(RenderError::compile(format!(
                        "{name} requires a length on dialect mysql"
                    ))))
                }
                Err(e) => return Some(Err(e)),
            },
            "CHAR" | "NCHAR" => match Self::int(t, "length") {
                Some(n) => Self::extend_string(t, name == "NCHAR", format!("CHAR({n})")),
                None => Self::extend_string(t, name == "NCHAR", "CHAR".to_owned()),
            },
            "UUID" => "UUID".to_owned(),
            "VARBINARY" => format!("VARBINARY({})", Self::int(t, "length").unwrap_or(0)),
            "JSON" => "JSON".to_owned(),
            "large_binary" | "BLOB" => match Self::int(t, "length") {
                Some(n) => format!("BLOB({n})"),
                None => "BLOB".to_owned(),
            },
            "TINYBLOB" | "MEDIUMBLOB" | "LONGBLOB" => name.to_owned(),
            "enum" => {
                if !t.native_enum() {
                    return Some(types::generic_visit(self, "enum", t));
                }
                return Some(self.enumerated("ENUM", t));
            }
            "ENUM" => return Some(self.enumerated("ENUM", t)),
            "SET" => return Some(self.enumerated("SET", t)),
            "BOOLEAN" => "BOOL".to_owned(),
            _ => return None,
        }))
    }

    fn column_specification(&self, col: &ColumnObj, table: &TableObj) -> Rendered {
        let mut spec = vec![ident::quote(self, &col.name), ddl::column_type(self, col)?];
        if let Some(computed) = &col.computed {
            spec.push(self.computed_column(computed)?);
        }
        let is_timestamp = col
            .type_
            .as_ref()
            .and_then(|t| TypeView::resolve(self, t))
            .is_some_and(|v| v.is("TIMESTAMP"));
        if !col.nullable {
            spec.push("NOT NULL".to_owned());
        } else if is_timestamp {
            spec.push("NULL".to_owned());
        }
        if let Some(comment) = &col.comment {
            spec.push(format!("COMMENT {}", expr::string_literal(self, comment)));
        }
        if table.is_autoincrement(self, col)? && col.server_default.is_none() {
            spec.push("AUTO_INCREMENT".to_owned());
        } else if let Some(default) = ddl::column_default(self, col)? {
            let quoted = default.trim_start().starts_with(['\'', '"', '(']);
            let upper = default.to_uppercase();
            let on_update = upper.contains("ON UPDATE") || {
                // `re.search(r"ON +UPDATE", default, re.I)`
                let mut found = false;
                let mut rest = upper.as_str();
                while let Some(p) = rest.find("ON ") {
                    let after = rest[p + 3..].trim_start_matches(' ');
                    if after.starts_with("UPDATE") {
                        found = true;
                        break;
                    }
                    rest = &rest[p + 3..];
                }
                found
            };
            let now_precision = {
                let lower = default.to_lowercase();
                ["now(", "current_timestamp("].iter().any(|f| {
                    lower.strip_prefix(f).is_some_and(|rest| {
                        let digits: String =
                            rest.chars().take_while(char::is_ascii_digit).collect();
                        !digits.is_empty() && rest[digits.len()..].starts_with(')')
                    })
                })
            };
            let non_word = default.chars().any(|c| !(c.is_alphanumeric() || c == '_'));
            if !quoted && !on_update && !now_precision && non_word {
                spec.push(format!("DEFAULT ({default})"));
            } else {
                spec.push(format!("DEFAULT {default}"));
            }
        }
        Ok(spec.join(" "))
    }

    fn post_create_table(&self, table: &TableObj) -> Rendered {
        let mut opts: Vec<(String, Value)> = table
            .kwargs
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("mysql_")
                    .map(|rest| (rest.to_uppercase(), v.clone()))
            })
            .collect();
        if let Some(c) = &table.comment {
            opts.retain(|(k, _)| k != "COMMENT");
            opts.push(("COMMENT".to_owned(), Value::Str(c.clone())));
        }
        let render_value = |opt: &str, v: &Value| -> String {
            let raw = match v {
                Value::Str(s) => s.clone(),
                other => expr::python_repr(other),
            };
            if STRING_OPTIONS.contains(&opt) {
                expr::string_literal(self, &raw)
            } else {
                raw
            }
        };
        let nonpart: Vec<&(String, Value)> = opts
            .iter()
            .filter(|(k, _)| !PARTITION_OPTIONS.contains(&k.as_str()))
            .collect();
        let nonpart = layered_sort(
            nonpart,
            &[
                ("DEFAULT_CHARSET", "COLLATE"),
                ("DEFAULT_CHARACTER_SET", "COLLATE"),
                ("CHARSET", "COLLATE"),
                ("CHARACTER_SET", "COLLATE"),
            ],
        );
        let mut out = Vec::new();
        for (opt, v) in nonpart {
            let arg = render_value(opt, v);
            let opt = if [
                "DATA_DIRECTORY",
                "INDEX_DIRECTORY",
                "DEFAULT_CHARACTER_SET",
                "CHARACTER_SET",
                "DEFAULT_CHARSET",
                "DEFAULT_COLLATE",
            ]
            .contains(&opt.as_str())
            {
                opt.replace('_', " ")
            } else {
                opt.clone()
            };
            let joiner = if [
                "TABLESPACE",
                "DEFAULT CHARACTER SET",
                "CHARACTER SET",
                "COLLATE",
            ]
            .contains(&opt.as_str())
            {
                " "
            } else {
                "="
            };
            out.push(format!("{opt}{joiner}{arg}"));
        }
        for key in PARTITION_OPTIONS {
            if let Some((opt, v)) = opts.iter().find(|(k, _)| k == key) {
                out.push(format!(
                    "{} {}",
                    opt.replace('_', " "),
                    render_value(opt, v)
                ));
            }
        }
        Ok(out.join(" "))
    }

    fn primary_key_constraint(
        &self,
        pk: &PrimaryKeyObj,
        table: &TableObj,
    ) -> Rendered<Option<String>> {
        let mut text = ddl::primary_key_constraint(self, pk, table)?;
        if let Some(Value::Str(using)) = kwarg(&pk.kwargs, "mysql_using") {
            text.push_str(&format!(" USING {}", ident::quote(self, using)));
        }
        Ok(Some(text))
    }

    fn fk_match(&self, fk: &ForeignKeyObj) -> Rendered {
        if fk.match_.is_some() {
            return Err(RenderError::compile(
                "MySQL ignores the 'MATCH' keyword while at the same time causes ON UPDATE/ON DELETE clauses to be ignored.",
            ));
        }
        Ok(String::new())
    }

    fn create_index(&self, idx: &IndexObj, if_not_exists: bool) -> Rendered {
        let table = ident::table(self, &idx.table, idx.schema.as_deref());
        let columns = idx
            .elements
            .iter()
            .map(|e| ddl::index_element(self, e))
            .collect::<Rendered<Vec<_>>>()?;
        let name = ddl::index_name(self, idx, false)?;
        let mut text = String::from("CREATE ");
        if idx.unique {
            text.push_str("UNIQUE ");
        }
        if let Some(Value::Str(prefix)) = idx.option("mysql_prefix") {
            text.push_str(prefix);
            text.push(' ');
        }
        text.push_str("INDEX ");
        if if_not_exists {
            text.push_str("IF NOT EXISTS ");
        }
        text.push_str(&format!("{name} ON {table} "));
        let columns_str = match idx.option("mysql_length") {
            Some(Value::Int(n)) => columns
                .iter()
                .map(|c| format!("{c}({n})"))
                .collect::<Vec<_>>()
                .join(", "),
            Some(Value::Dict(lengths)) => idx
                .elements
                .iter()
                .zip(&columns)
                .map(|(e, c)| {
                    let key = match e {
                        retort_ir::IndexElement::Column(n) => n.as_str(),
                        retort_ir::IndexElement::Expression(_) => c.as_str(),
                    };
                    match lengths.iter().find(|(k, _)| k.as_str() == Some(key)) {
                        Some((_, Value::Int(n))) => format!("{c}({n})"),
                        _ => c.clone(),
                    }
                })
                .collect::<Vec<_>>()
                .join(", "),
            _ => columns.join(", "),
        };
        text.push_str(&format!("({columns_str})"));
        if let Some(Value::Str(parser)) = idx.option("mysql_with_parser") {
            text.push_str(&format!(" WITH PARSER {parser}"));
        }
        if let Some(Value::Str(using)) = idx.option("mysql_using") {
            text.push_str(&format!(" USING {}", ident::quote(self, using)));
        }
        Ok(text)
    }

    fn drop_index(&self, idx: &IndexObj, if_exists: bool) -> Rendered {
        let mut text = String::from("\nDROP INDEX ");
        if if_exists {
            text.push_str("IF EXISTS ");
        }
        text.push_str(&format!(
            "{} ON {}",
            ddl::index_name(self, idx, false)?,
            ident::table(self, &idx.table, idx.schema.as_deref())
        ));
        Ok(text)
    }

    fn drop_constraint(&self, c: &DropConstraintSpec<'_>) -> Rendered<Option<String>> {
        use retort_ir::ConstraintKind;
        let table = ident::table(self, c.table, c.schema);
        let name = || -> Rendered {
            ddl::validate_name(
                self,
                c.name.ok_or_else(|| {
                    RenderError::compile(
                        "Can't emit DROP CONSTRAINT for constraint; it has no name",
                    )
                })?,
            )
        };
        Ok(Some(match c.kind {
            Some(ConstraintKind::ForeignKey) => {
                format!("ALTER TABLE {table} DROP FOREIGN KEY {}", name()?)
            }
            Some(ConstraintKind::PrimaryKey) => format!("ALTER TABLE {table} DROP PRIMARY KEY "),
            Some(ConstraintKind::Unique) => format!("ALTER TABLE {table} DROP INDEX {}", name()?),
            Some(ConstraintKind::Check) => format!("ALTER TABLE {table} DROP CHECK {}", name()?),
            None => {
                return Err(RenderError::not_implemented(
                    "No generic 'DROP CONSTRAINT' in MySQL - please specify constraint type",
                ))
            }
        }))
    }

    fn set_table_comment(&self, table: &str, schema: Option<&str>, comment: &str) -> Rendered {
        Ok(format!(
            "ALTER TABLE {} COMMENT {}",
            ident::table(self, table, schema),
            expr::string_literal(self, comment)
        ))
    }

    fn drop_table_comment(&self, table: &str, schema: Option<&str>) -> Rendered {
        Ok(format!(
            "ALTER TABLE {} COMMENT ''",
            ident::table(self, table, schema)
        ))
    }

    fn alter_column(&self, a: &AlterColumnSpec<'_>) -> Rendered<Vec<String>> {
        let type_ = a.type_.or(a.existing_type);
        let server_default = match a.server_default {
            Some(v) => v,
            None => a.existing_server_default.flatten(),
        };
        let nullable = a.nullable.or(a.existing_nullable).unwrap_or(true);
        let autoincrement = a.autoincrement.or(a.existing_autoincrement);
        let comment = match a.comment {
            Some(c) => c,
            None => a.existing_comment.flatten(),
        };
        let datetime_default = type_
            .and_then(|t| TypeView::resolve(self, t))
            .is_some_and(|v| v.affinity() == "DateTime")
            // `server_default is not None`: not given (False) counts too.
            && a.server_default != Some(None);
        let require_type = || {
            type_.ok_or_else(|| {
                RenderError::command(
                    "All MySQL CHANGE/MODIFY COLUMN operations require the existing type.",
                )
            })
        };
        let table = alter_table(self, a.table, a.schema);
        if a.new_name.is_some() || datetime_default {
            let ty = require_type()?;
            let new = a.new_name.unwrap_or(a.column);
            return Ok(vec![format!(
                "{table} CHANGE {} {} {}",
                ident::quote(self, a.column),
                ident::quote(self, new),
                self.colspec(nullable, server_default, ty, autoincrement, comment)?
            )]);
        }
        if a.nullable.is_some()
            || a.type_.is_some()
            || a.autoincrement.is_some()
            || a.comment.is_some()
        {
            let ty = require_type()?;
            return Ok(vec![format!(
                "{table} MODIFY {} {}",
                ident::quote(self, a.column),
                self.colspec(nullable, server_default, ty, autoincrement, comment)?
            )]);
        }
        if let Some(default) = a.server_default {
            return Ok(vec![format!(
                "{table} ALTER COLUMN {} {}",
                ident::quote(self, a.column),
                match default {
                    Some(v) => format!("SET DEFAULT {}", format_server_default(self, v)?),
                    None => "DROP DEFAULT".to_owned(),
                }
            )]);
        }
        Ok(Vec::new())
    }
}

/// SQLAlchemy's `topological.sort`: in layers, each the items (in their order) whose
/// parents among the items are all in earlier layers.
fn layered_sort<'a>(
    items: Vec<&'a (String, Value)>,
    edges: &[(&str, &str)],
) -> Vec<&'a (String, Value)> {
    let mut todo = items;
    let mut out = Vec::with_capacity(todo.len());
    while !todo.is_empty() {
        let pending: Vec<&str> = todo.iter().map(|(k, _)| k.as_str()).collect();
        let (ready, rest): (Vec<_>, Vec<_>) = todo.iter().partition(|(k, _)| {
            !edges
                .iter()
                .any(|(parent, child)| *child == k.as_str() && pending.contains(parent))
        });
        if ready.is_empty() {
            out.extend(rest);
            break;
        }
        out.extend(ready);
        todo = rest;
    }
    out
}
