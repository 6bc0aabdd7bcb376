//! SQLAlchemy naming conventions (`MetaData(naming_convention=…)`) and the names
//! databases give to constraints left unnamed.

use retort_ir::Name;
use serde::{Deserialize, Serialize};

/// What a name is for: the keys of a naming convention dict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConventionKind {
    /// `"ix"`: an index.
    Index,
    /// `"pk"`: a primary key.
    PrimaryKey,
    /// `"uq"`: a unique constraint.
    Unique,
    /// `"fk"`: a foreign key.
    ForeignKey,
    /// `"ck"`: a CHECK constraint.
    Check,
}

impl ConventionKind {
    /// The convention dict key: `ix`, `pk`, `uq`, `fk`, `ck`.
    pub fn key(self) -> &'static str {
        match self {
            ConventionKind::Index => "ix",
            ConventionKind::PrimaryKey => "pk",
            ConventionKind::Unique => "uq",
            ConventionKind::ForeignKey => "fk",
            ConventionKind::Check => "ck",
        }
    }
}

/// A `MetaData` naming convention: key → `%`-template pairs, as written in Python
/// (`{"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s"}`).
///
/// Alembic's `op.*` builds its constraints on a fresh `MetaData` that takes the naming
/// convention of `target_metadata` when `env.py` configures one, and SQLAlchemy's
/// default (only `ix`) otherwise; pass the one that applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamingConvention {
    /// Key / template pairs in source order.
    pub entries: Vec<(String, String)>,
}

impl Default for NamingConvention {
    /// SQLAlchemy's `DEFAULT_NAMING_CONVENTION`: `{"ix": "ix_%(column_0_label)s"}`.
    fn default() -> Self {
        Self {
            entries: vec![("ix".to_owned(), "ix_%(column_0_label)s".to_owned())],
        }
    }
}

/// What a convention template is evaluated against.
#[derive(Debug, Clone, Default)]
pub(crate) struct NamingSubject<'a> {
    /// The table's schema (it prefixes column labels).
    pub schema: Option<&'a str>,
    /// The table's name.
    pub table: &'a str,
    /// Local columns, in order.
    pub columns: &'a [String],
    /// For a foreign key: the referred table.
    pub ref_table: Option<&'a str>,
    /// For a foreign key: the referred columns.
    pub ref_columns: &'a [String],
}

impl NamingConvention {
    /// The convention `MetaData(naming_convention=pairs)` ends up with: an empty dict
    /// means SQLAlchemy's default, as `MetaData` does (`naming_convention or DEFAULT`).
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        if pairs.is_empty() {
            Self::default()
        } else {
            Self {
                entries: pairs.to_vec(),
            }
        }
    }

    /// The template for `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The name SQLAlchemy gives a constraint or index of `kind` written with `explicit`
    /// (`None` when unnamed): `op.f()` names verbatim; the convention when the name is
    /// missing or the template uses `%(constraint_name)s`; the explicit name otherwise.
    /// `Ok(None)` means the object stays unnamed. An error is a message for a diagnostic.
    pub(crate) fn resolve(
        &self,
        kind: ConventionKind,
        explicit: Option<&Name>,
        subject: &NamingSubject<'_>,
    ) -> Result<Option<String>, String> {
        if let Some(name) = explicit.filter(|n| n.is_final) {
            return Ok(Some(name.text.clone()));
        }
        let Some(template) = self.get(kind.key()) else {
            return Ok(explicit.map(|n| n.text.clone()));
        };
        if explicit.is_some() && !template.contains("constraint_name") {
            return Ok(explicit.map(|n| n.text.clone()));
        }
        self.render(template, explicit.map(|n| n.text.as_str()), subject)
            .map(Some)
    }

    /// Python's `template % ConventionDict(...)`.
    fn render(
        &self,
        template: &str,
        constraint_name: Option<&str>,
        subject: &NamingSubject<'_>,
    ) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = template;
        while let Some(pos) = rest.find('%') {
            out.push_str(&rest[..pos]);
            rest = &rest[pos + 1..];
            if let Some(after) = rest.strip_prefix('%') {
                out.push('%');
                rest = after;
                continue;
            }
            let Some(after_paren) = rest.strip_prefix('(') else {
                return Err(format!(
                    "the naming convention template {template:?} has a `%` that is not a `%(token)s`"
                ));
            };
            let Some(close) = after_paren.find(')') else {
                return Err(format!(
                    "the naming convention template {template:?} has an unclosed `%(`"
                ));
            };
            let key = &after_paren[..close];
            let after_key = &after_paren[close + 1..];
            let mut chars = after_key.chars();
            match chars.next() {
                Some('s' | 'r' | 'a') => {}
                _ => {
                    return Err(format!(
                        "the naming convention template {template:?} uses `%({key})` without `s`"
                    ))
                }
            }
            rest = chars.as_str();
            out.push_str(&self.token(key, constraint_name, subject)?);
        }
        out.push_str(rest);
        Ok(out)
    }

    /// `ConventionDict.__getitem__`.
    fn token(
        &self,
        key: &str,
        constraint_name: Option<&str>,
        subject: &NamingSubject<'_>,
    ) -> Result<String, String> {
        if self.get(key).is_some() {
            return Err(format!(
                "the naming convention token `%({key})s` is a callable in the convention dict, which Retort cannot evaluate"
            ));
        }
        match key {
            "table_name" => return Ok(subject.table.to_owned()),
            "constraint_name" => {
                return constraint_name.map(str::to_owned).ok_or_else(|| {
                    "the naming convention uses `%(constraint_name)s`, which requires that the constraint is explicitly named".to_owned()
                })
            }
            "referred_table_name" => {
                return subject.ref_table.map(str::to_owned).ok_or_else(|| {
                    "`%(referred_table_name)s` is only available for foreign keys".to_owned()
                })
            }
            _ => {}
        }
        let unknown = || format!("unknown naming convention token `%({key})s`");
        let (referred, rest) = match key.strip_prefix("referred_") {
            Some(rest) => (true, rest),
            None => (false, key),
        };
        let rest = rest.strip_prefix("column_").ok_or_else(unknown)?;
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return Err(unknown());
        }
        let idx: usize = rest[..digits].parse().map_err(|_| unknown())?;
        let rest = &rest[digits..];
        let (multiple, attr) = if let Some(attr) = rest.strip_prefix("_N_") {
            (Some("_"), attr)
        } else if let Some(attr) = rest.strip_prefix("N_") {
            (Some(""), attr)
        } else if let Some(attr) = rest.strip_prefix('_') {
            (None, attr)
        } else {
            return Err(unknown());
        };
        // SQLAlchemy only knows `column_X_{name,key,label}` and `referred_column_X_name`;
        // the `N` forms only work with index 0.
        let valid = if referred {
            attr == "name"
        } else {
            matches!(attr, "name" | "key" | "label")
        };
        if !valid || (multiple.is_some() && idx != 0) {
            return Err(unknown());
        }
        if referred && subject.ref_table.is_none() {
            return Err(format!("`%({key})s` is only available for foreign keys"));
        }
        let columns = if referred {
            subject.ref_columns
        } else {
            subject.columns
        };
        let one = |column: &str| -> String {
            if attr == "label" {
                column_label(subject.schema, subject.table, column)
            } else {
                column.to_owned()
            }
        };
        Ok(match multiple {
            Some(sep) => columns.iter().map(|c| one(c)).collect::<Vec<_>>().join(sep),
            None => columns.get(idx).map(|c| one(c)).unwrap_or_default(),
        })
    }
}

/// A column's `_ddl_label`: `<schema>_<table>_<column>`, dots in the schema made `_`.
fn column_label(schema: Option<&str>, table: &str, column: &str) -> String {
    match schema {
        Some(schema) => format!("{}_{table}_{column}", schema.replace('.', "_")),
        None => format!("{table}_{column}"),
    }
}

/// PostgreSQL's `NAMEDATALEN - 1`.
const PG_MAX_IDENTIFIER: usize = 63;

/// PostgreSQL's `makeObjectName(name1, name2, label)`: `name1_name2_label`, the longer
/// of the two names shortened first until the whole fits in 63 bytes.
pub(crate) fn pg_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let overhead = label.len() + 1 + usize::from(name2.is_some());
    let avail = PG_MAX_IDENTIFIER.saturating_sub(overhead);
    let mut n1 = name1.len();
    let mut n2 = name2.map_or(0, str::len);
    while n1 + n2 > avail {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let clip = |s: &str, mut n: usize| -> String {
        while n > 0 && !s.is_char_boundary(n) {
            n -= 1;
        }
        s.get(..n).unwrap_or("").to_owned()
    };
    let mut out = clip(name1, n1);
    if let Some(name2) = name2 {
        out.push('_');
        out.push_str(&clip(name2, n2));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// PostgreSQL's column-name addition: the names joined with `_`, stopping once long enough.
pub(crate) fn pg_columns_addition(columns: &[String]) -> Option<String> {
    let mut out = String::new();
    for column in columns {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(column);
        if out.len() >= PG_MAX_IDENTIFIER {
            break;
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(pairs: &[(&str, &str)]) -> NamingConvention {
        NamingConvention::from_pairs(
            &pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<Vec<_>>(),
        )
    }

    fn check(
        convention: &NamingConvention,
        kind: ConventionKind,
        explicit: Option<Name>,
        subject: NamingSubject<'_>,
        expect: &str,
    ) {
        let got = match convention.resolve(kind, explicit.as_ref(), &subject) {
            Ok(Some(name)) => name,
            Ok(None) => "<unnamed>".to_owned(),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expect);
    }

    #[test]
    fn conventions() {
        let cols = ["name".to_owned(), "email".to_owned()];
        let refs = ["id".to_owned()];
        let t = NamingSubject {
            schema: None,
            table: "users",
            columns: &cols,
            ref_table: None,
            ref_columns: &[],
        };
        let fk = NamingSubject {
            ref_table: Some("orgs"),
            ref_columns: &refs,
            ..t.clone()
        };
        let default = NamingConvention::default();
        check(
            &default,
            ConventionKind::Index,
            None,
            t.clone(),
            "ix_users_name",
        );
        check(
            &default,
            ConventionKind::Index,
            Some(Name::new("my_ix")),
            t.clone(),
            "my_ix",
        );
        check(
            &default,
            ConventionKind::Unique,
            None,
            t.clone(),
            "<unnamed>",
        );
        let in_schema = NamingSubject {
            schema: Some("a.b"),
            ..t.clone()
        };
        check(
            &default,
            ConventionKind::Index,
            None,
            in_schema,
            "ix_a_b_users_name",
        );

        let full = conv(&[
            ("ix", "ix_%(column_0_N_label)s"),
            ("uq", "uq_%(table_name)s_%(column_0N_name)s"),
            ("ck", "ck_%(table_name)s_%(constraint_name)s"),
            ("fk", "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s_%(referred_column_0_name)s"),
            ("pk", "pk_%(table_name)s%%"),
        ]);
        check(
            &full,
            ConventionKind::Index,
            None,
            t.clone(),
            "ix_users_name_users_email",
        );
        check(
            &full,
            ConventionKind::Unique,
            None,
            t.clone(),
            "uq_users_nameemail",
        );
        check(
            &full,
            ConventionKind::Check,
            Some(Name::new("positive")),
            t.clone(),
            "ck_users_positive",
        );
        check(
            &full,
            ConventionKind::Check,
            Some(Name {
                text: "ck_final".to_owned(),
                is_final: true,
            }),
            t.clone(),
            "ck_final",
        );
        check(
            &full,
            ConventionKind::Check,
            None,
            t.clone(),
            "error: the naming convention uses `%(constraint_name)s`, which requires that the constraint is explicitly named",
        );
        check(
            &full,
            ConventionKind::ForeignKey,
            None,
            fk,
            "fk_users_name_orgs_id",
        );
        check(
            &full,
            ConventionKind::PrimaryKey,
            None,
            t.clone(),
            "pk_users%",
        );
        let bad = conv(&[("ix", "ix_%(column_1_N_name)s"), ("uq", "uq_%(nope)s")]);
        check(
            &bad,
            ConventionKind::Index,
            None,
            t.clone(),
            "error: unknown naming convention token `%(column_1_N_name)s`",
        );
        check(
            &bad,
            ConventionKind::Unique,
            None,
            t.clone(),
            "error: unknown naming convention token `%(nope)s`",
        );
        let out_of_range = conv(&[("ix", "ix_%(column_5_name)s")]);
        check(&out_of_range, ConventionKind::Index, None, t, "ix_");
    }

    #[test]
    fn pg_names() {
        assert_eq!(pg_object_name("users", None, "pkey"), "users_pkey");
        assert_eq!(pg_object_name("users", Some("a_b"), "key"), "users_a_b_key");
        let long = "x".repeat(70);
        let name = pg_object_name(&long, Some("col"), "fkey");
        assert_eq!(name.len(), 63);
        assert!(name.ends_with("_col_fkey"));
    }
}
