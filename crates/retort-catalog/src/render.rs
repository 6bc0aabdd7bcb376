//! `Catalog::render_text`: a compact, stable text form of the catalog.

use std::fmt::Write;

use retort_ir::{Autoincrement, IndexElement};

use crate::types::{str_repr, type_repr, value_repr};
use crate::{Catalog, CatalogColumn, CatalogIndex, ConstraintDef, Table};

impl Catalog {
    /// The catalog as text, one table after another, for `retort schema` and snapshots.
    ///
    /// Types print as SQLAlchemy's `repr()` does (`String(length=50)`, `Integer()`,
    /// `postgresql.JSONB()`), because that form is lossless where the DDL of one dialect
    /// is not (`DateTime(timezone=True)`, enums). Strings print as Python literals.
    ///
    /// ```text
    /// table users
    ///   id Integer() NOT NULL
    ///   email String(length=255) NULL server_default='x'
    ///   primary key (id)
    ///   unique uq_users_email (email)
    ///   foreign key fk_x (org_id) references orgs (id) ondelete='CASCADE'
    ///   check ck_x (length(email) > 3)
    ///   index ix_users_email unique (email)
    ///   comment 'the users'
    /// enum color ('red', 'green')
    /// ```
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        for table in self.tables.values() {
            render_table(table, &mut out);
        }
        for e in self.enums.values() {
            let labels = match &e.labels {
                Some(labels) => format!(
                    "({})",
                    labels
                        .iter()
                        .map(|l| str_repr(l))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => "(labels unknown)".to_owned(),
            };
            let _ = writeln!(out, "enum {} {labels}", e.key());
        }
        if let Some(u) = &self.uncertain {
            let _ = writeln!(
                out,
                "uncertain from {}..{}: {}",
                u.range.start, u.range.end, u.reason
            );
        }
        if out.is_empty() {
            out.push_str("(empty)\n");
        }
        out
    }
}

fn render_table(table: &Table, out: &mut String) {
    let _ = writeln!(out, "table {}", table.key());
    for column in &table.columns {
        let _ = writeln!(out, "  {}", column_line(column));
    }
    for constraint in table.constraints() {
        let _ = writeln!(out, "  {}", constraint_line(&constraint));
    }
    for index in &table.indexes {
        let _ = writeln!(out, "  {}", index_line(index));
    }
    if let Some(comment) = &table.comment {
        let _ = writeln!(out, "  comment {}", str_repr(comment));
    }
    for (k, v) in &table.kwargs {
        let _ = writeln!(out, "  {k}={}", value_repr(v));
    }
}

fn column_line(c: &CatalogColumn) -> String {
    let mut line = format!(
        "{} {} {}",
        c.name,
        c.type_
            .as_ref()
            .map_or_else(|| "NullType()".to_owned(), type_repr),
        if c.nullable { "NULL" } else { "NOT NULL" }
    );
    if let Some(default) = &c.server_default {
        let _ = write!(line, " server_default={}", value_repr(default));
    }
    match c.autoincrement {
        Autoincrement::Auto => {}
        Autoincrement::Yes => line.push_str(" autoincrement=True"),
        Autoincrement::No => line.push_str(" autoincrement=False"),
        Autoincrement::IgnoreFk => line.push_str(" autoincrement='ignore_fk'"),
    }
    if let Some(identity) = &c.identity {
        let mut args = vec![format!(
            "always={}",
            if identity.always { "True" } else { "False" }
        )];
        if let Some(on_null) = identity.on_null {
            args.push(format!(
                "on_null={}",
                if on_null { "True" } else { "False" }
            ));
        }
        args.extend(
            identity
                .options
                .iter()
                .map(|(k, v)| format!("{k}={}", value_repr(v))),
        );
        let _ = write!(line, " Identity({})", args.join(", "));
    }
    if let Some(computed) = &c.computed {
        let persisted = match computed.persisted {
            Some(true) => ", persisted=True",
            Some(false) => ", persisted=False",
            None => "",
        };
        let _ = write!(
            line,
            " Computed({}{persisted})",
            str_repr(&computed.sqltext)
        );
    }
    if let Some(comment) = &c.comment {
        let _ = write!(line, " comment={}", str_repr(comment));
    }
    line
}

fn named(kind: &str, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("{kind} {name}"),
        None => kind.to_owned(),
    }
}

fn deferral(deferrable: Option<bool>, initially: Option<&str>, line: &mut String) {
    if let Some(d) = deferrable {
        let _ = write!(line, " deferrable={}", if d { "True" } else { "False" });
    }
    if let Some(i) = initially {
        let _ = write!(line, " initially={}", str_repr(i));
    }
}

fn kwargs(kwargs: &[(String, retort_ir::Value)], line: &mut String) {
    for (k, v) in kwargs {
        let _ = write!(line, " {k}={}", value_repr(v));
    }
}

fn constraint_line(c: &ConstraintDef) -> String {
    match c {
        ConstraintDef::PrimaryKey(pk) => format!(
            "{} ({})",
            named("primary key", pk.name.as_deref()),
            pk.columns.join(", ")
        ),
        ConstraintDef::Unique(u) => {
            let mut line = format!(
                "{} ({})",
                named("unique", u.name.as_deref()),
                u.columns.join(", ")
            );
            deferral(u.deferrable, u.initially.as_deref(), &mut line);
            kwargs(&u.kwargs, &mut line);
            line
        }
        ConstraintDef::ForeignKey(fk) => {
            let target = match &fk.ref_schema {
                Some(schema) => format!("{schema}.{}", fk.ref_table),
                None => fk.ref_table.clone(),
            };
            let mut line = format!(
                "{} ({}) references {target} ({})",
                named("foreign key", fk.name.as_deref()),
                fk.columns.join(", "),
                fk.ref_columns.join(", ")
            );
            for (k, v) in [
                ("ondelete", &fk.ondelete),
                ("onupdate", &fk.onupdate),
                ("match", &fk.match_),
            ] {
                if let Some(v) = v {
                    let _ = write!(line, " {k}={}", str_repr(v));
                }
            }
            deferral(fk.deferrable, fk.initially.as_deref(), &mut line);
            kwargs(&fk.kwargs, &mut line);
            line
        }
        ConstraintDef::Check(ck) => {
            let mut line = format!("{} ({})", named("check", ck.name.as_deref()), ck.sqltext);
            if let Some(column) = &ck.column {
                let _ = write!(line, " on column {column}");
            }
            deferral(ck.deferrable, ck.initially.as_deref(), &mut line);
            kwargs(&ck.kwargs, &mut line);
            line
        }
        ConstraintDef::Exclude(x) => {
            let mut line = named("exclude", x.name.as_deref());
            if let Some(using) = &x.using {
                let _ = write!(line, " using {using}");
            }
            let elements: Vec<String> = x
                .elements
                .iter()
                .map(|(e, op)| format!("{e} WITH {op}"))
                .collect();
            let _ = write!(line, " ({})", elements.join(", "));
            if let Some(w) = &x.where_ {
                let _ = write!(line, " where ({w})");
            }
            line
        }
    }
}

fn index_line(i: &CatalogIndex) -> String {
    let mut line = named("index", i.name.as_deref());
    if i.unique {
        line.push_str(" unique");
    }
    let elements: Vec<String> = i
        .elements
        .iter()
        .map(|e| match e {
            IndexElement::Column(c) => c.clone(),
            IndexElement::Expression(x) => format!("[{x}]"),
        })
        .collect();
    let _ = write!(line, " ({})", elements.join(", "));
    if let Some(using) = &i.using {
        let _ = write!(line, " using {using}");
    }
    if let Some(w) = &i.where_ {
        let _ = write!(line, " where ({w})");
    }
    kwargs(&i.kwargs, &mut line);
    line
}
