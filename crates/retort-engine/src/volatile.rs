//! Functions whose value differs per call — `uuid_generate_v4()`, `gen_random_uuid()`,
//! MySQL's `UUID()`, `nextval('seq')` — and the sequences behind `nextval` and
//! `setval` (`CREATE SEQUENCE`, `DROP SEQUENCE`). GlueSQL has none of them, and a data
//! migration such as `UPDATE users SET new_id = uuid_generate_v4()` is common, so the
//! engine evaluates them itself, row by row: an `UPDATE` runs once per row of its
//! `WHERE` (found by primary key), an `INSERT … VALUES` gets literals per row.
//!
//! Architecture Invariant: no randomness. A UUID is a function of the table, the
//! statement, the row and the call's place in it, so a second upgrade writes what the
//! first wrote.

use std::collections::BTreeMap;
use std::ops::ControlFlow;

use gluesql_core::ast::ToSql;
use gluesql_core::data::Value as GValue;
use gluesql_core::executor::Payload;
use retort_catalog::QualifiedName;
use serde::{Deserialize, Serialize};
use sqlparser::ast::{
    self as sql, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, ObjectName,
    SequenceOptions, SetExpr, Statement, TableFactor, VisitMut,
};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use crate::db::DbError;
use crate::engine::Engine;
use crate::physical::{ident, physical_name};
use crate::sample::fnv1a;

/// A sequence: what `nextval` gives next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Sequence {
    /// The last value given (or set).
    last: i64,
    /// Whether `last` was given already (`nextval` gives `last + increment`) or not yet
    /// (a new sequence, `setval(…, false)`: `nextval` gives `last`).
    called: bool,
    /// `INCREMENT BY`.
    increment: i64,
}

/// The sequences of a database, by name.
pub(crate) type Sequences = BTreeMap<String, Sequence>;

/// A call the engine evaluates itself.
enum Volatile {
    /// A new UUID.
    Uuid,
    /// The next value of a sequence.
    NextVal(String),
}

/// The last part of a (possibly qualified) name, lower-cased: PostgreSQL folds unquoted
/// function names.
fn function_name(name: &ObjectName) -> String {
    name.0
        .last()
        .map(|i| i.value.to_lowercase())
        .unwrap_or_default()
}

fn arguments(args: &FunctionArguments) -> Vec<&Expr> {
    match args {
        FunctionArguments::List(list) => list
            .args
            .iter()
            .filter_map(|a| match a {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A string literal, also cast (`'seq'::regclass`).
fn string_literal(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Value(sql::Value::SingleQuotedString(s)) => Some(s.clone()),
        Expr::Cast { expr, .. } | Expr::Nested(expr) => string_literal(expr),
        _ => None,
    }
}

/// The sequence a name in `nextval('…')` names: its last part.
fn sequence_name(text: &str) -> String {
    text.rsplit('.')
        .next()
        .unwrap_or(text)
        .trim_matches('"')
        .to_owned()
}

fn volatile(expr: &Expr) -> Option<Volatile> {
    let Expr::Function(f) = expr else {
        return None;
    };
    let args = arguments(&f.args);
    match function_name(&f.name).as_str() {
        name if args.is_empty() && is_uuid_function(name) => Some(Volatile::Uuid),
        "nextval" => match args.as_slice() {
            [name] => string_literal(name).map(|n| Volatile::NextVal(sequence_name(&n))),
            _ => None,
        },
        _ => None,
    }
}

/// Whether `name` (lower case) is a function that returns a new UUID: PostgreSQL's
/// `gen_random_uuid()` and uuid-ossp's, MySQL's `UUID()`.
pub(crate) fn is_uuid_function(name: &str) -> bool {
    matches!(
        name,
        "gen_random_uuid" | "uuid_generate_v4" | "uuid_generate_v1" | "uuid_generate_v1mc" | "uuid"
    )
}

/// Whether `statement` calls a function the engine evaluates per row.
pub(crate) fn has_volatile(statement: &Statement) -> bool {
    sql::visit_expressions(statement, |e| {
        if volatile(e).is_some() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .is_break()
}

/// A UUID (version 4 layout) from `seed`.
fn uuid(seed: &str) -> String {
    let hi = fnv1a(seed.as_bytes(), 0x6c62_272e_07bb_0142);
    let lo = fnv1a(seed.as_bytes(), 0x9e37_79b9_7f4a_7c15);
    let hex = format!("{hi:016x}{lo:016x}");
    format!(
        "{}-{}-4{}-8{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

impl Sequence {
    fn new(start: i64, increment: i64) -> Self {
        Self {
            last: start,
            called: false,
            increment,
        }
    }

    fn next(&mut self) -> i64 {
        if self.called {
            self.last = self.last.saturating_add(self.increment);
        }
        self.called = true;
        self.last
    }
}

fn integer(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::Value(sql::Value::Number(n, _)) => n.to_string().parse().ok(),
        Expr::UnaryOp {
            op: sql::UnaryOperator::Minus,
            expr,
        } => integer(expr).map(i64::saturating_neg),
        _ => None,
    }
}

/// `CREATE SEQUENCE`: its name and the sequence it starts.
pub(crate) fn create_sequence(statement: &Statement) -> Option<(String, bool, Sequence)> {
    let Statement::CreateSequence {
        if_not_exists,
        name,
        sequence_options,
        ..
    } = statement
    else {
        return None;
    };
    let mut increment = 1;
    let mut start = None;
    let mut min = None;
    for option in sequence_options {
        match option {
            SequenceOptions::IncrementBy(e, _) => increment = integer(e).unwrap_or(1),
            SequenceOptions::StartWith(e, _) => start = integer(e),
            SequenceOptions::MinValue(Some(e)) => min = integer(e),
            _ => {}
        }
    }
    let start = start.or(min).unwrap_or(1);
    Some((
        sequence_name(&name.to_string()),
        *if_not_exists,
        Sequence::new(start, increment),
    ))
}

impl Engine {
    /// Replaces the volatile calls in `node` with values; `seed` tells rows apart.
    fn fill_volatile<V: VisitMut>(&mut self, node: &mut V, seed: &str) -> Result<(), String> {
        let mut calls = 0;
        let mut missing = None;
        let sequences = &mut self.sequences;
        let _ = sql::visit_expressions_mut(node, |e| {
            match volatile(e) {
                Some(Volatile::Uuid) => {
                    calls += 1;
                    *e = Expr::Value(sql::Value::SingleQuotedString(uuid(&format!(
                        "{seed}#{calls}"
                    ))));
                }
                Some(Volatile::NextVal(name)) => match sequences.get_mut(&name) {
                    Some(s) => {
                        // (sqlparser holds numbers as GlueSQL's decimal type: parsed, not named)
                        if let Ok(n) = s.next().to_string().parse() {
                            *e = Expr::Value(sql::Value::Number(n, false));
                        }
                    }
                    None => {
                        missing = Some(name);
                        return ControlFlow::Break(());
                    }
                },
                None => {}
            }
            ControlFlow::Continue(())
        });
        match missing {
            Some(name) => Err(format!("relation \"{name}\" does not exist")),
            None => Ok(()),
        }
    }

    /// Runs an INSERT or UPDATE that calls volatile functions, row by row (statement
    /// names already adapted to GlueSQL's).
    pub(crate) fn write_row_by_row(&mut self, statement: &Statement) -> Result<(), DbError> {
        let text = statement.to_string();
        match statement {
            Statement::Insert(insert) => {
                let mut insert = insert.clone();
                let Some(SetExpr::Values(values)) = insert.source.as_mut().map(|q| q.body.as_mut())
                else {
                    return Err(DbError::Unsupported(
                        "a volatile function in INSERT … SELECT".to_owned(),
                    ));
                };
                for (i, row) in values.rows.iter_mut().enumerate() {
                    self.fill_volatile(row, &format!("{text}/{i}"))
                        .map_err(DbError::Failed)?;
                }
                self.db
                    .execute(&Statement::Insert(insert).to_string())
                    .map(drop)
            }
            Statement::Update {
                table,
                from: None,
                selection,
                ..
            } if table.joins.is_empty() => {
                let TableFactor::Table { name, .. } = &table.relation else {
                    return Err(DbError::Unsupported("UPDATE of a derived table".to_owned()));
                };
                let physical = name
                    .0
                    .iter()
                    .map(|i| i.value.as_str())
                    .collect::<Vec<_>>()
                    .join(".");
                let key = self
                    .catalog
                    .tables()
                    .find(|t| physical_name(&t.key()) == physical)
                    .and_then(|t| t.primary_key.as_ref())
                    .map(|pk| pk.columns.clone())
                    .filter(|c| !c.is_empty())
                    .ok_or_else(|| {
                        DbError::Unsupported(format!(
                            "{physical} has no primary key to run the statement row by row"
                        ))
                    })?;
                let columns = key.iter().map(|c| ident(c)).collect::<Vec<_>>().join(", ");
                let mut query = format!("SELECT {columns} FROM {}", ident(&physical));
                if let Some(w) = selection {
                    query.push_str(&format!(" WHERE {w}"));
                }
                let rows = match self.db.execute(&query)?.into_iter().next() {
                    Some(Payload::Select { rows, .. }) => rows,
                    _ => Vec::new(),
                };
                for row in rows {
                    let matches = key
                        .iter()
                        .zip(&row)
                        .map(|(c, v)| match v {
                            GValue::Null => format!("{} IS NULL", ident(c)),
                            v => format!("{} = {}", ident(c), v.to_sql()),
                        })
                        .collect::<Vec<_>>()
                        .join(" AND ");
                    let condition = match selection {
                        Some(w) => format!("({w}) AND {matches}"),
                        None => matches.clone(),
                    };
                    let condition = Parser::new(&PostgreSqlDialect {})
                        .try_with_sql(&condition)
                        .and_then(|mut p| p.parse_expr())
                        .map_err(|e| DbError::Unsupported(e.to_string()))?;
                    let mut one = statement.clone();
                    if let Statement::Update { selection, .. } = &mut one {
                        *selection = Some(condition);
                    }
                    self.fill_volatile(&mut one, &format!("{text}/{matches}"))
                        .map_err(DbError::Failed)?;
                    self.db.execute(&one.to_string())?;
                }
                Ok(())
            }
            _ => Err(DbError::Unsupported(
                "a volatile function outside INSERT … VALUES and UPDATE".to_owned(),
            )),
        }
    }

    /// `SELECT setval('seq', value [, is_called])`: sets the sequence; `None` when the
    /// statement is something else. The value is evaluated by GlueSQL.
    pub(crate) fn set_sequence(&mut self, statement: &Statement) -> Option<Result<(), String>> {
        let Statement::Query(query) = statement else {
            return None;
        };
        let SetExpr::Select(select) = query.body.as_ref() else {
            return None;
        };
        let [sql::SelectItem::UnnamedExpr(Expr::Function(f))] = select.projection.as_slice() else {
            return None;
        };
        if function_name(&f.name) != "setval" {
            return None;
        }
        let args = arguments(&f.args);
        let (name, value, called) = match args.as_slice() {
            [name, value] => (name, value, None),
            [name, value, called] => (name, value, Some(called)),
            _ => return None,
        };
        let name = sequence_name(&string_literal(name)?);
        let mut wrapped = Statement::Query(Box::new(sql::Query {
            body: Box::new(SetExpr::Select(Box::new(sql::Select {
                projection: vec![sql::SelectItem::UnnamedExpr((*value).clone())],
                ..(**select).clone()
            }))),
            ..(**query).clone()
        }));
        crate::sql::adapt(&mut wrapped);
        let evaluated = self.db.execute(&wrapped.to_string()).ok().and_then(|p| {
            p.into_iter().find_map(|p| match p {
                Payload::Select { rows, .. } => rows.into_iter().next()?.into_iter().next(),
                _ => None,
            })
        });
        let number = match evaluated {
            Some(GValue::I64(n)) => n,
            Some(GValue::I32(n)) => i64::from(n),
            Some(GValue::I16(n)) => i64::from(n),
            Some(GValue::I8(n)) => i64::from(n),
            _ => {
                return Some(Err(
                    "the value given to setval could not be evaluated".to_owned()
                ))
            }
        };
        let called = !called.is_some_and(|c| c.to_string().eq_ignore_ascii_case("false"));
        let Some(sequence) = self.sequences.get_mut(&name) else {
            return Some(Err(format!("relation \"{name}\" does not exist")));
        };
        sequence.last = number;
        sequence.called = called;
        Some(Ok(()))
    }

    /// `CREATE SEQUENCE`; false when it exists already (without `IF NOT EXISTS`).
    pub(crate) fn add_sequence(
        &mut self,
        name: String,
        if_not_exists: bool,
        sequence: Sequence,
    ) -> Result<(), String> {
        if self.sequences.contains_key(&name) {
            return if if_not_exists {
                Ok(())
            } else {
                Err(format!("relation \"{name}\" already exists"))
            };
        }
        self.sequences.insert(name, sequence);
        Ok(())
    }

    /// `DROP SEQUENCE`.
    pub(crate) fn drop_sequences(
        &mut self,
        names: &[QualifiedName],
        if_exists: bool,
    ) -> Result<(), String> {
        for key in names {
            if self.sequences.remove(&key.name).is_none() && !if_exists {
                return Err(format!("sequence \"{}\" does not exist", key.name));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_a_function_of_their_seed() {
        assert_eq!(uuid("a"), uuid("a"));
        assert_ne!(uuid("a"), uuid("b"));
        let u = uuid("users/1");
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert_eq!(&u[19..20], "8");
    }

    #[test]
    fn sequences_give_start_then_increments() {
        let mut s = Sequence::new(5, 2);
        assert_eq!((s.next(), s.next(), s.next()), (5, 7, 9));
    }
}
