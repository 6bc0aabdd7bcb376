//! `ALTER TYPE` on PostgreSQL enum types — `ADD VALUE`, `RENAME VALUE`, `RENAME TO`,
//! which sqlparser 0.52 does not parse — and PostgreSQL's rule for labels added inside
//! a transaction: they cannot be used before it commits, unless the type itself was
//! created in that transaction (PostgreSQL 12+; the docs of `ALTER TYPE`, *Notes*).
//!
//! Alembic runs a whole `upgrade` command in one transaction on PostgreSQL (unless
//! `transaction_per_migration`), and `op.get_context().autocommit_block()` commits
//! before and after its ops; the engine commits at the same points.

use std::collections::HashSet;

use gluesql_core::data::Value as GValue;
use retort_catalog::QualifiedName;
use retort_ir::{Diagnostic, TextRange};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::codes;
use crate::engine::{Engine, Origin};
use crate::physical::Rule;
use crate::types::ValueRule;

/// One `ALTER TYPE` statement on an enum type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AlterEnum {
    /// The type.
    pub name: QualifiedName,
    /// What it does.
    pub action: Action,
}

/// What an `ALTER TYPE` does to an enum type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    /// `ADD VALUE [IF NOT EXISTS] 'label' [BEFORE | AFTER 'other']`.
    AddValue {
        /// The new label.
        label: String,
        /// `IF NOT EXISTS`.
        if_not_exists: bool,
        /// `BEFORE 'other'` (true) or `AFTER 'other'` (false); at the end without.
        place: Option<(bool, String)>,
    },
    /// `RENAME VALUE 'old' TO 'new'`: the rows holding `old` read `new` afterwards.
    RenameValue {
        /// The label renamed.
        old: String,
        /// Its new text.
        new: String,
    },
    /// `RENAME TO new`.
    Rename {
        /// The new name.
        new: String,
    },
}

/// The transaction in progress, as far as enum labels go.
#[derive(Debug, Clone, Default)]
pub(crate) struct Transaction {
    /// The enum types that existed when it began.
    enums_before: HashSet<QualifiedName>,
    /// Labels it added to those types: not usable until it commits.
    new_labels: Vec<(QualifiedName, String)>,
}

/// `sql` as one `ALTER TYPE` statement of the forms above; `None` for anything else.
pub(crate) fn parse(sql: &str) -> Option<AlterEnum> {
    let tokens = Tokenizer::new(&PostgreSqlDialect {}, sql).tokenize().ok()?;
    let mut tokens: Vec<Token> = tokens
        .into_iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .collect();
    while matches!(tokens.last(), Some(Token::SemiColon)) {
        tokens.pop();
    }
    let mut at = Cursor { tokens, at: 0 };
    if !(at.keyword("ALTER") && at.keyword("TYPE")) {
        return None;
    }
    let first = at.ident()?;
    let name = if at.eat(&Token::Period) {
        QualifiedName::new(Some(&first), &at.ident()?)
    } else {
        QualifiedName::new(None, &first)
    };
    let action = if at.keyword("ADD") {
        if !at.keyword("VALUE") {
            return None;
        }
        let if_not_exists = at.keyword("IF");
        if if_not_exists && !(at.keyword("NOT") && at.keyword("EXISTS")) {
            return None;
        }
        let label = at.string()?;
        let place = if at.keyword("BEFORE") {
            Some((true, at.string()?))
        } else if at.keyword("AFTER") {
            Some((false, at.string()?))
        } else {
            None
        };
        Action::AddValue {
            label,
            if_not_exists,
            place,
        }
    } else if at.keyword("RENAME") {
        if at.keyword("VALUE") {
            let old = at.string()?;
            if !at.keyword("TO") {
                return None;
            }
            Action::RenameValue {
                old,
                new: at.string()?,
            }
        } else if at.keyword("TO") {
            Action::Rename { new: at.ident()? }
        } else {
            return None;
        }
    } else {
        return None;
    };
    at.done().then_some(AlterEnum { name, action })
}

struct Cursor {
    tokens: Vec<Token>,
    at: usize,
}

impl Cursor {
    fn next(&mut self) -> Option<&Token> {
        let t = self.tokens.get(self.at)?;
        self.at += 1;
        Some(t)
    }

    fn eat(&mut self, token: &Token) -> bool {
        let hit = self.tokens.get(self.at) == Some(token);
        self.at += usize::from(hit);
        hit
    }

    fn keyword(&mut self, keyword: &str) -> bool {
        let hit = matches!(self.tokens.get(self.at),
            Some(Token::Word(w)) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(keyword));
        self.at += usize::from(hit);
        hit
    }

    fn ident(&mut self) -> Option<String> {
        match self.next()? {
            Token::Word(w) => Some(w.value.clone()),
            _ => None,
        }
    }

    fn string(&mut self) -> Option<String> {
        match self.next()? {
            Token::SingleQuotedString(s) => Some(s.clone()),
            _ => None,
        }
    }

    fn done(&self) -> bool {
        self.at == self.tokens.len()
    }
}

impl Engine {
    /// The transaction in progress ends: labels added in it become usable.
    pub(crate) fn commit(&mut self) {
        self.txn.new_labels.clear();
        self.txn.enums_before = self.catalog.enums().map(|e| e.key()).collect();
    }

    /// Runs an `ALTER TYPE` on an enum type. Returns false when the database refuses it.
    pub(crate) fn alter_enum(
        &mut self,
        alter: AlterEnum,
        range: TextRange,
        origin: Origin<'_>,
        out: &mut Vec<Diagnostic>,
    ) -> bool {
        let key = alter.name;
        let Some(mut enum_type) = self
            .catalog
            .enum_type(key.schema.as_deref(), &key.name)
            .cloned()
        else {
            self.fail(
                format!("type \"{}\" does not exist", key.name),
                range,
                origin,
                out,
            );
            return false;
        };
        let mut labels = enum_type.labels.clone().unwrap_or_default();
        let known = enum_type.labels.is_some();
        let mut renamed_value = None;
        match alter.action {
            Action::AddValue {
                label,
                if_not_exists,
                place,
            } => {
                if labels.contains(&label) {
                    if if_not_exists {
                        return true;
                    }
                    let message = format!("enum label \"{label}\" already exists");
                    self.fail(message, range, origin, out);
                    return false;
                }
                let at = match place {
                    None => labels.len(),
                    Some((before, other)) => match labels.iter().position(|l| *l == other) {
                        Some(i) => i + usize::from(!before),
                        None if known => {
                            let message = format!("\"{other}\" is not an existing enum label");
                            self.fail(message, range, origin, out);
                            return false;
                        }
                        None => labels.len(),
                    },
                };
                labels.insert(at, label.clone());
                if self.txn.enums_before.contains(&key) {
                    self.txn.new_labels.push((key.clone(), label));
                }
            }
            Action::RenameValue { old, new } => {
                let Some(at) = labels.iter().position(|l| *l == old) else {
                    if known {
                        let message = format!("\"{old}\" is not an existing enum label");
                        self.fail(message, range, origin, out);
                        return false;
                    }
                    return true;
                };
                if labels.contains(&new) {
                    let message = format!("enum label \"{new}\" already exists");
                    self.fail(message, range, origin, out);
                    return false;
                }
                labels[at] = new.clone();
                renamed_value = Some((old, new));
            }
            Action::Rename { new } => {
                if self
                    .catalog
                    .enum_type(key.schema.as_deref(), &new)
                    .is_some()
                {
                    self.fail(format!("type \"{new}\" already exists"), range, origin, out);
                    return false;
                }
                // The columns keep their values; they now name a type that is gone, so
                // they take the labels they were declared with until an ALTER COLUMN
                // gives them another type (the usual rename, create, alter, drop).
                self.catalog.remove_enum(key.schema.as_deref(), &key.name);
                enum_type.name = new;
                self.catalog.insert_enum(enum_type);
                self.resync_enum_users(&key, range, origin, out);
                return true;
            }
        }
        if known {
            enum_type.labels = Some(labels);
        }
        self.catalog.insert_enum(enum_type);
        if let Some((old, new)) = renamed_value {
            self.rename_stored_label(&key, &old, &new);
        }
        self.resync_enum_users(&key, range, origin, out)
    }

    /// The tables with columns of enum type `key` take its labels as they are now.
    fn resync_enum_users(
        &mut self,
        key: &QualifiedName,
        range: TextRange,
        origin: Origin<'_>,
        out: &mut Vec<Diagnostic>,
    ) -> bool {
        let users: Vec<QualifiedName> = self
            .catalog
            .tables()
            .filter(|t| {
                t.columns.iter().any(|c| {
                    c.type_
                        .as_ref()
                        .and_then(|ty| retort_catalog::enum_type_key(ty, t.schema.as_deref()))
                        == Some(key.clone())
                })
            })
            .map(|t| t.key())
            .collect();
        for table in users {
            if let Err(message) = self.sync_table(&table, &[]) {
                self.fail(message, range, origin, out);
                return false;
            }
        }
        true
    }

    /// `RENAME VALUE`: the rows that held `old` in a column of enum type `key` read `new`.
    fn rename_stored_label(&mut self, key: &QualifiedName, old: &str, new: &str) {
        for (table, at) in self.label_columns(&key.name) {
            let Some(rows) = self.db.keyed_rows(&table) else {
                continue;
            };
            let changed: Vec<_> = rows
                .iter()
                .filter(|(_, row)| matches!(row.get(at), Some(GValue::Str(s)) if s == old))
                .map(|(k, row)| {
                    let mut row = row.clone();
                    row[at] = GValue::Str(new.to_owned());
                    (k.clone(), row)
                })
                .collect();
            self.db.put_rows(&table, changed);
        }
    }

    /// The GlueSQL tables and column positions whose values are labels of the enum type
    /// named `name`.
    fn label_columns(&self, name: &str) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for d in self.designs.values() {
            for rule in &d.rules {
                if let Rule::Value {
                    column,
                    rule:
                        ValueRule::Labels {
                            name: enum_name, ..
                        },
                } = rule
                {
                    if enum_name == name {
                        if let Some(at) = d.columns.iter().position(|c| c.name == *column) {
                            out.push((d.name.clone(), at));
                        }
                    }
                }
            }
        }
        out.sort();
        out
    }

    /// PostgreSQL's error when a row holds a label added by a transaction that has not
    /// committed, as a diagnostic at `range`.
    pub(crate) fn unsafe_new_label(
        &self,
        range: TextRange,
        origin: Origin<'_>,
    ) -> Option<Diagnostic> {
        for (key, label) in &self.txn.new_labels {
            for (table, at) in self.label_columns(&key.name) {
                let used = self
                    .db
                    .rows(&table)
                    .any(|row| matches!(row.get(at), Some(GValue::Str(s)) if s == label));
                if used {
                    return Some(
                        Diagnostic::error(
                            codes::MIGRATION_FAILED,
                            format!("unsafe use of new value \"{label}\" of enum type {}", key.name),
                        )
                        .with_path(origin.path)
                        .with_range(range)
                        .with_help("New enum values must be committed before they can be used: run the ALTER TYPE … ADD VALUE inside `with op.get_context().autocommit_block():`, or use the value in a later migration."),
                    );
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(name: &str) -> QualifiedName {
        QualifiedName::new(None, name)
    }

    #[test]
    fn parses_the_enum_forms_of_alter_type() {
        assert_eq!(
            parse("ALTER TYPE status ADD VALUE 'archived'"),
            Some(AlterEnum {
                name: q("status"),
                action: Action::AddValue {
                    label: "archived".to_owned(),
                    if_not_exists: false,
                    place: None
                }
            })
        );
        assert_eq!(
            parse("alter type shop.status add value if not exists 'x' before 'a';"),
            Some(AlterEnum {
                name: QualifiedName::new(Some("shop"), "status"),
                action: Action::AddValue {
                    label: "x".to_owned(),
                    if_not_exists: true,
                    place: Some((true, "a".to_owned()))
                }
            })
        );
        assert_eq!(
            parse("ALTER TYPE status RENAME VALUE 'a' TO 'b'").map(|a| a.action),
            Some(Action::RenameValue {
                old: "a".to_owned(),
                new: "b".to_owned()
            })
        );
        assert_eq!(
            parse("ALTER TYPE \"Status\" RENAME TO status_old").map(|a| (a.name, a.action)),
            Some((
                q("Status"),
                Action::Rename {
                    new: "status_old".to_owned()
                }
            ))
        );
        for other in [
            "ALTER TYPE status OWNER TO bob",
            "ALTER TYPE status ADD VALUE 'a' extra",
            "ALTER TABLE t ADD COLUMN c int",
            "ALTER TYPE status ADD VALUE",
            "",
        ] {
            assert_eq!(parse(other), None, "{other}");
        }
    }
}
