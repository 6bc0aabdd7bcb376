//! Model modules in, the tables Retort reads out (insta snapshots). The shared
//! fixtures of tests/fixtures/models/*/models.py are also checked against SQLAlchemy
//! itself (crates/retort-models/tests/metadata.rs); these snapshots pin the details
//! (types with arguments, ranges, diagnostics) and the front end's edge cases.

use std::fmt::Write;

use retort_ir::{Column, LineIndex, Value};
use retort_parse::{
    parse_models, parse_models_with, ModelFile, ModelOptions, NoModules, SqlAlchemyVersion,
};

fn type_text(c: &Column) -> String {
    let Some(t) = &c.type_ else {
        return "NullType".to_owned();
    };
    let mut args: Vec<String> = t.args.iter().map(value).collect();
    args.extend(t.kwargs.iter().map(|(k, v)| format!("{k}={}", value(v))));
    let module = match &t.dialect {
        retort_ir::TypeDialect::Custom(p) => format!("{p}:"),
        retort_ir::TypeDialect::Generic => String::new(),
        other => format!("{other:?}:").to_lowercase(),
    };
    format!("{module}{}({})", t.name, args.join(", "))
}

fn value(v: &Value) -> String {
    match v {
        Value::Str(s) => format!("{s:?}"),
        Value::Int(i) => i.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::None => "None".to_owned(),
        other => format!("{other:?}"),
    }
}

fn render(file: &ModelFile, source: &str) -> String {
    let index = LineIndex::new(source);
    let at = |offset: u32| {
        let lc = index.line_col(source, offset);
        format!("{}:{}", lc.line, lc.column)
    };
    let mut out = String::new();
    for (i, m) in file.metadata.iter().enumerate() {
        let _ = writeln!(
            out,
            "metadata #{i} {}{}: {:?}",
            m.name,
            if m.external { " (external)" } else { "" },
            m.naming_convention
        );
    }
    for t in &file.tables {
        let _ = writeln!(
            out,
            "table {}{} @{} class={:?} metadata=#{} comment={:?} kwargs={:?}",
            t.schema
                .as_deref()
                .map(|s| format!("{s}."))
                .unwrap_or_default(),
            t.name,
            at(t.range.start),
            t.class_name,
            t.metadata,
            t.comment,
            t.kwargs
        );
        for c in &t.columns {
            let mut flags = Vec::new();
            if c.primary_key {
                flags.push("pk".to_owned());
            }
            flags.push(format!("nullable={}", c.is_nullable()));
            if c.index == Some(true) {
                flags.push("index".to_owned());
            }
            if c.unique == Some(true) {
                flags.push("unique".to_owned());
            }
            for fk in &c.foreign_keys {
                flags.push(format!("fk={}", fk.target));
            }
            if let Some(d) = &c.server_default {
                flags.push(format!("server_default={}", value(d)));
            }
            if let Some(d) = &c.default {
                flags.push(format!("default={}", value(d)));
            }
            if let Some(cm) = &c.comment {
                flags.push(format!("comment={cm:?}"));
            }
            let _ = writeln!(out, "  {} {} {}", c.name, type_text(c), flags.join(" "));
        }
        for c in &t.constraints {
            let _ = writeln!(
                out,
                "  constraint {:?} {:?} {:?}{}",
                c.kind,
                c.name.as_ref().map(|n| &n.text),
                c.columns,
                c.sqltext
                    .as_deref()
                    .map(|s| format!(" {s:?}"))
                    .unwrap_or_default()
            );
        }
        for i in &t.indexes {
            let _ = writeln!(
                out,
                "  index {:?} {:?} unique={}",
                i.name.as_ref().map(|n| &n.text),
                i.elements,
                i.unique
            );
        }
    }
    for d in &file.diagnostics {
        let where_ = d.range.map(|r| at(r.start)).unwrap_or_default();
        let _ = writeln!(
            out,
            "{:?} {} @{}: {}",
            d.severity, d.code, where_, d.message
        );
    }
    out
}

fn shared(case: &str) -> String {
    let path = format!(
        "{}/../../tests/fixtures/models/{case}/models.py",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn check_source(name: &str, source: &str, options: ModelOptions) {
    let file = parse_models_with("models.py", source, &NoModules, options);
    insta::assert_snapshot!(name, render(&file, source));
}

macro_rules! shared_fixtures {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check_source(stringify!($name), &shared(stringify!($name)), ModelOptions::default()); })*
    };
}

shared_fixtures!(
    clean,
    dirty,
    classic,
    table_metadata,
    mixins,
    annotations,
    sqlmodel,
    checks,
    removed,
);

#[test]
fn edge_cases() {
    let path = format!(
        "{}/tests/fixtures/models/edge_cases.py",
        env!("CARGO_MANIFEST_DIR")
    );
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    check_source("edge_cases", &source, ModelOptions::default());
}

#[test]
fn float_is_float_in_sqlalchemy_2_0() {
    let source = "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\
        class Base(DeclarativeBase):\n    pass\n\
        class T(Base):\n    __tablename__ = 't'\n    id: Mapped[int] = mapped_column(primary_key=True)\n    x: Mapped[float]\n";
    let v20 = parse_models_with(
        "m.py",
        source,
        &NoModules,
        ModelOptions {
            sqlalchemy: SqlAlchemyVersion::V2_0,
        },
    );
    let v21 = parse_models("m.py", source, &NoModules);
    let ty = |f: &ModelFile| {
        f.tables[0].columns[1]
            .type_
            .as_ref()
            .map(|t| t.name.clone())
    };
    assert_eq!(ty(&v20).as_deref(), Some("Float"));
    assert_eq!(ty(&v21).as_deref(), Some("Double"));
}

#[test]
fn never_panics_on_garbage() {
    for source in [
        "class",
        "class A(:\n",
        "x: Mapped[",
        "\u{0}\u{ffff}",
        "class A(Base):\n  __tablename__ = 1\n  x: Mapped[[[]]]\n",
    ] {
        let _ = parse_models("m.py", source, &NoModules);
    }
}

#[test]
fn multifile() {
    let root = format!(
        "{}/../../tests/fixtures/models/multifile",
        env!("CARGO_MANIFEST_DIR")
    );
    let paths = [
        "models.py",
        "app/__init__.py",
        "app/db/__init__.py",
        "app/db/base.py",
        "app/models/__init__.py",
        "app/models/mixins.py",
        "app/models/post.py",
        "app/models/user.py",
    ];
    let sources: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            (
                (*p).to_owned(),
                std::fs::read_to_string(format!("{root}/{p}")).unwrap_or_default(),
            )
        })
        .collect();
    let pairs: Vec<(&str, &str)> = sources
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let files = retort_parse::parse_model_modules(&pairs, &NoModules, ModelOptions::default());
    let mut out = String::new();
    for (f, (_, source)) in files.iter().zip(&sources) {
        if f.tables.is_empty() && f.diagnostics.is_empty() {
            continue;
        }
        let _ = writeln!(out, "== {}", f.path);
        out.push_str(&render(f, source));
    }
    insta::assert_snapshot!("multifile", out);
}
