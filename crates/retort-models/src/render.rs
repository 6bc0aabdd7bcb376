//! Autogenerate's rendering (`alembic/autogenerate/render.py`) and Alembic's default
//! `script.py.mako`: the revision file `alembic revision --autogenerate` writes.

use retort_catalog::{CatalogColumn, CatalogIndex, ConstraintDef, Table};
use retort_ir::{Autoincrement, IndexElement, Value};
use serde::{Deserialize, Serialize};

use crate::compare::Comparison;
use crate::ops::{AlterColumnOp, AutogenOp, OpGroup};
use crate::repr::{py_list, py_str, render_type};
use crate::types::Dialect;

/// More arguments than this go through `*[...]` (Python's old 255-argument limit).
const MAX_PYTHON_ARGS: usize = 255;

const UNNAMED_CONSTRAINT_WARNING: [&str; 3] = [
    "# WARNING: constraint name is None; this directive will fail as",
    "# rendered.  Add a name, or use a naming convention; see",
    "# https://alembic.sqlalchemy.org/en/latest/naming.html",
];

/// What the revision file's header says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionTemplate {
    /// `-m MESSAGE`.
    pub message: String,
    /// The new revision id (12 hex digits).
    pub revision: String,
    /// The current head(s): the new revision's `down_revision`.
    pub down_revisions: Vec<String>,
    /// `Create Date:` as Python prints `datetime.now()`.
    pub create_date: String,
    /// `context.configure(render_as_batch=True)`: each table's ops in a
    /// `with op.batch_alter_table(...) as batch_op:` block.
    #[serde(default)]
    pub render_as_batch: bool,
}

impl RevisionTemplate {
    /// The file name Alembic's default `file_template` gives: `<rev>_<slug>.py`.
    pub fn file_name(&self) -> String {
        let words: Vec<String> = self
            .message
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut slug = words.join("_");
        if slug.chars().count() > 40 {
            let cut: String = slug.chars().take(40).collect();
            slug = match cut.rsplit_once('_') {
                Some((head, _)) => format!("{head}_"),
                None => format!("{cut}_"),
            };
        }
        if slug.is_empty() {
            format!("{}_.py", self.revision)
        } else {
            format!("{}_{slug}.py", self.revision)
        }
    }
}

/// Renders the revision file for a comparison, as Alembic's generic template does.
/// Also returns the warnings Alembic prints while rendering (unnamed constraints).
pub fn render_revision(template: &RevisionTemplate, cmp: &Comparison) -> (String, Vec<String>) {
    let mut r = Renderer {
        imports: Vec::new(),
        warnings: Vec::new(),
        dialect: Dialect::from_name(&cmp.dialect),
        render_as_batch: template.render_as_batch,
        in_batch: false,
    };
    let upgrades = r.body(&cmp.upgrade);
    let downgrades = r.body(&cmp.downgrade());
    r.imports.sort();
    let down = match template.down_revisions.as_slice() {
        [] => "None".to_owned(),
        [one] => py_str(one),
        many => format!(
            "({})",
            many.iter()
                .map(|s| py_str(s))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let text = fill_template(
        template,
        &r.imports.join("\n"),
        &upgrades,
        &downgrades,
        &down,
    );
    (text, r.warnings)
}

/// The file `alembic revision -m MESSAGE` (without `--autogenerate`) writes.
pub fn render_empty_revision(template: &RevisionTemplate) -> String {
    fill_template(template, "", "pass", "pass", &down_repr(template))
}

fn down_repr(template: &RevisionTemplate) -> String {
    match template.down_revisions.as_slice() {
        [] => "None".to_owned(),
        [one] => py_str(one),
        many => format!(
            "({})",
            many.iter()
                .map(|s| py_str(s))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Alembic's generic `script.py.mako`.
fn fill_template(
    template: &RevisionTemplate,
    imports: &str,
    upgrades: &str,
    downgrades: &str,
    down: &str,
) -> String {
    let revises = template.down_revisions.join(", ");
    format!(
        r#""""{message}

Revision ID: {rev}
Revises: {revises}
Create Date: {date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
{imports}

# revision identifiers, used by Alembic.
revision: str = {rev_repr}
down_revision: Union[str, Sequence[str], None] = {down}
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    {upgrades}


def downgrade() -> None:
    """Downgrade schema."""
    {downgrades}
"#,
        message = template.message,
        rev = template.revision,
        date = template.create_date,
        rev_repr = py_str(&template.revision),
    )
}

/// The body of `upgrade()` for a list of op groups (`_render_cmd_body`, indented),
/// with the imports it needs.
pub fn render_ops(groups: &[OpGroup], dialect: &str) -> (String, Vec<String>) {
    let mut r = Renderer {
        imports: Vec::new(),
        warnings: Vec::new(),
        dialect: Dialect::from_name(dialect),
        render_as_batch: false,
        in_batch: false,
    };
    let body = r.body(groups);
    r.imports.sort();
    (body, r.imports)
}

struct Renderer {
    imports: Vec<String>,
    warnings: Vec<String>,
    dialect: Dialect,
    /// `render_as_batch=True`: the ops on a table go in `with op.batch_alter_table(...)`.
    render_as_batch: bool,
    /// Rendering inside a batch block: `batch_op.` calls without the table.
    in_batch: bool,
}

fn schema_kw(schema: &Option<String>) -> String {
    schema
        .as_deref()
        .map(|s| format!(", schema={}", py_str(s)))
        .unwrap_or_default()
}

impl Renderer {
    /// `_render_cmd_body` then `_indent`.
    fn body(&mut self, groups: &[OpGroup]) -> String {
        let mut lines =
            vec!["# ### commands auto generated by Alembic - please adjust! ###".to_owned()];
        let mut has_lines = false;
        for g in groups {
            match g {
                OpGroup::ModifyTable { schema, table, ops } if self.render_as_batch => {
                    if ops.is_empty() {
                        continue;
                    }
                    has_lines = true;
                    lines.push(format!(
                        "with op.batch_alter_table({}, schema={}) as batch_op:",
                        py_str(table),
                        schema.as_deref().map_or_else(|| "None".to_owned(), py_str)
                    ));
                    self.in_batch = true;
                    for op in ops {
                        // Mako's PythonPrinter indents the first line of each write.
                        lines.extend(self.op(op).into_iter().map(|l| format!("    {l}")));
                    }
                    self.in_batch = false;
                    lines.push(String::new());
                }
                _ => {
                    for op in g.ops() {
                        let rendered = self.op(op);
                        has_lines |= !rendered.is_empty();
                        lines.extend(rendered);
                    }
                }
            }
        }
        if !has_lines {
            lines.push("pass".to_owned());
        }
        lines.push("# ### end Alembic commands ###".to_owned());
        let text = lines.join("\n");
        let indented: Vec<String> = text
            .split('\n')
            .map(|l| format!("    {l}").trim_end().to_owned())
            .collect();
        indented.join("\n").trim().to_owned()
    }

    /// `op.` or, in a batch block, `batch_op.`.
    fn prefix(&self) -> &'static str {
        if self.in_batch {
            "batch_op."
        } else {
            "op."
        }
    }

    /// `_render_gen_name`: a `conv()` name as `op.f('…')`.
    fn gen_name(&self, name: Option<&str>, conv: bool) -> String {
        match name {
            None => "None".to_owned(),
            Some(n) if conv => format!("{}f({})", self.prefix(), py_str(n)),
            Some(n) => py_str(n),
        }
    }

    /// `'table', ` outside a batch block, nothing inside.
    fn table_arg(&self, table: &str) -> String {
        if self.in_batch {
            String::new()
        } else {
            format!("{}, ", py_str(table))
        }
    }

    /// `, schema='s'` outside a batch block.
    fn schema_arg(&self, schema: &Option<String>) -> String {
        if self.in_batch {
            String::new()
        } else {
            schema_kw(schema)
        }
    }

    fn op(&mut self, op: &AutogenOp) -> Vec<String> {
        match op {
            AutogenOp::AddTable { table, conv_names } => vec![self.create_table(table, conv_names)],
            AutogenOp::RemoveTable { table, .. } => vec![format!(
                "op.drop_table({}{})",
                py_str(&table.name),
                schema_kw(&table.schema)
            )],
            AutogenOp::AddColumn {
                schema,
                table,
                column,
                ..
            } => {
                let column = self.column(column, &[]);
                vec![format!(
                    "{}add_column({}{column}{})",
                    self.prefix(),
                    self.table_arg(table),
                    self.schema_arg(schema)
                )]
            }
            AutogenOp::RemoveColumn {
                schema,
                table,
                column,
                ..
            } => vec![format!(
                "{}drop_column({}{}{})",
                self.prefix(),
                self.table_arg(table),
                py_str(&column.name),
                self.schema_arg(schema)
            )],
            AutogenOp::AlterColumn(a) => vec![self.alter_column(a)],
            AutogenOp::AddIndex {
                schema,
                index,
                conv,
                reflected,
                ..
            } => vec![self.create_index(index, schema, *conv, *reflected)],
            AutogenOp::RemoveIndex {
                schema,
                index,
                conv,
                ..
            } => vec![if self.in_batch {
                format!(
                    "batch_op.drop_index({})",
                    self.gen_name(index.name.as_deref(), *conv)
                )
            } else {
                format!(
                    "op.drop_index({}, table_name={}{})",
                    self.gen_name(index.name.as_deref(), *conv),
                    py_str(&index.table),
                    schema_kw(schema)
                )
            }],
            AutogenOp::AddConstraint {
                schema,
                table,
                constraint,
                conv,
            } => vec![self.add_constraint(schema, table, constraint, *conv)],
            AutogenOp::RemoveConstraint {
                schema,
                table,
                constraint,
                conv,
            } => {
                let name = constraint.name();
                let type_ = match constraint {
                    ConstraintDef::PrimaryKey(_) => "primary",
                    ConstraintDef::Unique(_) => "unique",
                    ConstraintDef::ForeignKey(_) => "foreignkey",
                    ConstraintDef::Check(_) => "check",
                    ConstraintDef::Exclude(_) => "exclude",
                };
                let mut lines = Vec::new();
                if name.is_none() {
                    self.warnings.push(format!(
                        "Autogenerate rendered a drop_constraint() directive for an unnamed constraint on table {}; the migration will fail unless a constraint name is added to the directive.  Consider using a naming convention so that constraint names are known ahead of time.",
                        py_str(table)
                    ));
                    lines.extend(UNNAMED_CONSTRAINT_WARNING.iter().map(|s| (*s).to_owned()));
                }
                lines.push(format!(
                    "{}drop_constraint({}, {}{}type_={})",
                    self.prefix(),
                    self.gen_name(name, *conv),
                    self.table_arg(table),
                    if self.in_batch {
                        String::new()
                    } else {
                        schema
                            .as_deref()
                            .map(|s| format!("schema={}, ", py_str(s)))
                            .unwrap_or_default()
                    },
                    py_str(type_)
                ));
                lines
            }
            AutogenOp::AddTableComment {
                schema,
                table,
                comment,
                existing,
            } => vec![if self.in_batch {
                format!(
                    "batch_op.create_table_comment(\n    {},\n    existing_comment={}\n)",
                    py_str(comment),
                    existing
                        .as_deref()
                        .map_or_else(|| "None".to_owned(), py_str)
                )
            } else {
                format!(
                "op.create_table_comment(\n    {},\n    {},\n    existing_comment={},\n    schema={}\n)",
                py_str(table),
                py_str(comment),
                existing.as_deref().map_or_else(|| "None".to_owned(), py_str),
                schema
                    .as_deref()
                    .map_or_else(|| "None".to_owned(), |s| format!("'{s}'"))
            )
            }],
            AutogenOp::RemoveTableComment {
                schema,
                table,
                existing,
            } => {
                vec![if self.in_batch {
                    format!(
                        "batch_op.drop_table_comment(\n    existing_comment={}\n)",
                        existing
                            .as_deref()
                            .map_or_else(|| "None".to_owned(), py_str)
                    )
                } else {
                    format!(
                    "op.drop_table_comment(\n    {},\n    existing_comment={},\n    schema={}\n)",
                    py_str(table),
                    existing.as_deref().map_or_else(|| "None".to_owned(), py_str),
                    schema
                        .as_deref()
                        .map_or_else(|| "None".to_owned(), |s| format!("'{s}'"))
                )
                }]
            }
        }
    }

    /// `_render_server_default`.
    fn server_default(&self, value: &Value) -> String {
        match value {
            Value::Str(s) => {
                let trimmed = s.strip_prefix('\'').unwrap_or(s);
                let trimmed = trimmed.strip_suffix('\'').unwrap_or(trimmed);
                py_str(trimmed)
            }
            Value::Text(t) => format!("sa.text({})", py_str(t)),
            other => {
                let sql = crate::compare::default_sql_for(other, self.dialect);
                format!("sa.text({})", py_str(&sql))
            }
        }
    }

    /// `_render_column`.
    fn column(&mut self, c: &CatalogColumn, _fks: &[String]) -> String {
        let mut args = Vec::new();
        let mut opts: Vec<(String, String)> = Vec::new();
        if let Some(computed) = &c.computed {
            let mut s = format!("sa.Computed({}, ", py_str(&computed.sqltext));
            if let Some(p) = computed.persisted {
                s.push_str(&format!("persisted={}", if p { "True" } else { "False" }));
            }
            s.push(')');
            args.push(s);
        } else if let Some(identity) = &c.identity {
            let mut kw = vec![format!(
                "always={}",
                if identity.always { "True" } else { "False" }
            )];
            for (k, v) in &identity.options {
                kw.push(format!("{k}={}", crate::repr::value_py_repr(v)));
            }
            args.push(format!("sa.Identity({})", kw.join(", ")));
        } else if let Some(d) = &c.server_default {
            opts.push(("server_default".to_owned(), self.server_default(d)));
        }
        match c.autoincrement {
            Autoincrement::Yes => opts.push(("autoincrement".to_owned(), "True".to_owned())),
            Autoincrement::No => opts.push(("autoincrement".to_owned(), "False".to_owned())),
            Autoincrement::IgnoreFk => {
                opts.push(("autoincrement".to_owned(), "'ignore_fk'".to_owned()))
            }
            Autoincrement::Auto => {}
        }
        opts.push((
            "nullable".to_owned(),
            if c.nullable { "True" } else { "False" }.to_owned(),
        ));
        if let Some(comment) = &c.comment {
            opts.push(("comment".to_owned(), py_str(comment)));
        }
        let type_ = match &c.type_ {
            Some(t) => render_type(t, &mut self.imports),
            None => "sa.NullType()".to_owned(),
        };
        let args = if args.is_empty() {
            String::new()
        } else {
            format!("{}, ", args.join(", "))
        };
        format!(
            "sa.Column({}, {type_}, {args}{})",
            py_str(&c.name),
            opts.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }

    fn fk_opts(fk: &retort_catalog::ForeignKey, opts: &mut Vec<String>) {
        if let Some(v) = &fk.onupdate {
            opts.push(format!("onupdate={}", py_str(v)));
        }
        if let Some(v) = &fk.ondelete {
            opts.push(format!("ondelete={}", py_str(v)));
        }
        if let Some(v) = &fk.initially {
            opts.push(format!("initially={}", py_str(v)));
        }
        if fk.deferrable == Some(true) {
            opts.push("deferrable=True".to_owned());
        }
        if fk
            .kwargs
            .iter()
            .any(|(k, v)| k == "use_alter" && *v == Value::Bool(true))
        {
            opts.push("use_alter=True".to_owned());
        }
        if let Some(v) = &fk.match_ {
            opts.push(format!("match={}", py_str(v)));
        }
    }

    /// `_render_constraint` for the constraints of a `create_table`.
    fn table_constraint(&mut self, c: &ConstraintDef, conv_names: &[String]) -> Option<String> {
        let conv = |n: &str| conv_names.iter().any(|c| c == n);
        let name_opt =
            |n: Option<&str>| n.map(|n| format!("name={}", self.gen_name(Some(n), conv(n))));
        Some(match c {
            ConstraintDef::PrimaryKey(pk) => {
                if pk.columns.is_empty() {
                    return None;
                }
                let mut args: Vec<String> = pk.columns.iter().map(|c| py_str(c)).collect();
                args.extend(name_opt(pk.name.as_deref()));
                format!("sa.PrimaryKeyConstraint({})", args.join(", "))
            }
            ConstraintDef::ForeignKey(fk) => {
                let mut opts: Vec<String> = name_opt(fk.name.as_deref()).into_iter().collect();
                Self::fk_opts(fk, &mut opts);
                let refs: Vec<String> = fk
                    .ref_columns
                    .iter()
                    .map(|r| {
                        let table = match &fk.ref_schema {
                            Some(s) => format!("{s}.{}", fk.ref_table),
                            None => fk.ref_table.clone(),
                        };
                        py_str(&format!("{table}.{r}"))
                    })
                    .collect();
                format!(
                    "sa.ForeignKeyConstraint([{}], [{}], {})",
                    fk.columns
                        .iter()
                        .map(|c| py_str(c))
                        .collect::<Vec<_>>()
                        .join(", "),
                    refs.join(", "),
                    opts.join(", ")
                )
            }
            ConstraintDef::Unique(u) => {
                let mut args: Vec<String> = u.columns.iter().map(|c| py_str(c)).collect();
                if u.deferrable == Some(true) {
                    args.push("deferrable=True".to_owned());
                }
                if let Some(i) = &u.initially {
                    args.push(format!("initially={}", py_str(i)));
                }
                args.extend(name_opt(u.name.as_deref()));
                for (k, v) in &u.kwargs {
                    args.push(format!("{k}={}", crate::repr::value_py_repr(v)));
                }
                format!("sa.UniqueConstraint({})", args.join(", "))
            }
            // A CHECK written on a column belongs to the column, which autogenerate does
            // not render it with.
            ConstraintDef::Check(ck) if ck.column.is_some() => return None,
            ConstraintDef::Check(ck) => {
                let mut opts: Vec<String> = name_opt(ck.name.as_deref()).into_iter().collect();
                for (k, v) in &ck.kwargs {
                    opts.push(format!("{k}={}", crate::repr::value_py_repr(v)));
                }
                let opts = if opts.is_empty() {
                    String::new()
                } else {
                    format!(", {}", opts.join(", "))
                };
                format!("sa.CheckConstraint({}{opts})", py_str(&ck.sqltext))
            }
            ConstraintDef::Exclude(_) => return None,
        })
    }

    /// `_add_table`.
    fn create_table(&mut self, table: &Table, conv_names: &[String]) -> String {
        let mut args: Vec<String> = table.columns.iter().map(|c| self.column(c, &[])).collect();
        let mut constraints: Vec<String> = table
            .constraints()
            .iter()
            .filter_map(|c| self.table_constraint(c, conv_names))
            .collect();
        constraints.sort();
        args.extend(constraints);
        let args_str = if args.len() > MAX_PYTHON_ARGS {
            format!("*[{}]", args.join(",\n"))
        } else {
            args.join(",\n")
        };
        let mut text = format!("op.create_table({},\n{args_str}", py_str(&table.name));
        if let Some(s) = &table.schema {
            text.push_str(&format!(",\nschema={}", py_str(s)));
        }
        if let Some(c) = &table.comment {
            text.push_str(&format!(",\ncomment={}", py_str(c)));
        }
        let mut kwargs = table.kwargs.clone();
        kwargs.sort_by(|a, b| a.0.cmp(&b.0));
        for (k, v) in kwargs {
            text.push_str(&format!(
                ",\n{}={}",
                k.replace(' ', "_"),
                crate::repr::value_py_repr(&v)
            ));
        }
        text.push_str("\n)");
        text
    }

    /// `_add_index`.
    fn create_index(
        &mut self,
        index: &CatalogIndex,
        schema: &Option<String>,
        conv: bool,
        reflected: bool,
    ) -> String {
        let columns: Vec<String> = index
            .elements
            .iter()
            .map(|e| match e {
                IndexElement::Column(c) => py_str(c),
                IndexElement::Expression(sql) => format!("sa.literal_column({})", py_str(sql)),
            })
            .collect();
        let mut opts: Vec<String> = Vec::new();
        if let Some(w) = &index.where_ {
            let key = if self.dialect == Dialect::Sqlite {
                "sqlite_where"
            } else {
                "postgresql_where"
            };
            opts.push(format!("{key}=sa.text({})", py_str(w)));
        }
        if let Some(u) = &index.using {
            opts.push(format!("postgresql_using={}", py_str(u)));
        }
        for (k, v) in &index.kwargs {
            if k == "schema" {
                continue;
            }
            opts.push(format!("{k}={}", crate::repr::value_py_repr(v)));
        }
        format!(
            "{}create_index({}, {}[{}], unique={}{}{})",
            self.prefix(),
            self.gen_name(index.name.as_deref(), conv),
            self.table_arg(&index.table),
            columns.join(", "),
            match (index.unique, reflected && self.dialect == Dialect::Sqlite) {
                (true, true) => "1",
                (true, false) => "True",
                (false, _) => "False",
            },
            self.schema_arg(schema),
            if opts.is_empty() {
                String::new()
            } else {
                format!(", {}", opts.join(", "))
            }
        )
    }

    fn add_constraint(
        &mut self,
        schema: &Option<String>,
        table: &str,
        c: &ConstraintDef,
        conv: bool,
    ) -> String {
        match c {
            ConstraintDef::Unique(u) => {
                let mut args = vec![self.gen_name(u.name.as_deref(), conv)];
                if !self.in_batch {
                    args.push(py_str(table));
                }
                args.push(py_list(&u.columns));
                if u.deferrable == Some(true) {
                    args.push("deferrable=True".to_owned());
                }
                if let Some(i) = &u.initially {
                    args.push(format!("initially={}", py_str(i)));
                }
                if let Some(s) = schema.as_ref().filter(|_| !self.in_batch) {
                    args.push(format!("schema={}", py_str(s)));
                }
                format!(
                    "{}create_unique_constraint({})",
                    self.prefix(),
                    args.join(", ")
                )
            }
            ConstraintDef::ForeignKey(fk) => {
                let mut args = vec![self.gen_name(fk.name.as_deref(), conv)];
                if !self.in_batch {
                    args.push(py_str(table));
                }
                args.extend([
                    py_str(&fk.ref_table),
                    py_list(&fk.columns),
                    py_list(&fk.ref_columns),
                ]);
                if let Some(s) = schema.as_ref().filter(|_| !self.in_batch) {
                    args.push(format!("source_schema={}", py_str(s)));
                }
                if let Some(s) = &fk.ref_schema {
                    args.push(format!("referent_schema={}", py_str(s)));
                }
                Self::fk_opts(fk, &mut args);
                format!("{}create_foreign_key({})", self.prefix(), args.join(", "))
            }
            ConstraintDef::Check(ck) => {
                let mut args = vec![self.gen_name(ck.name.as_deref(), conv)];
                if !self.in_batch {
                    args.push(py_str(table));
                }
                args.push(py_str(&ck.sqltext));
                if let Some(s) = schema.as_ref().filter(|_| !self.in_batch) {
                    args.push(format!("schema={}", py_str(s)));
                }
                format!(
                    "{}create_check_constraint({})",
                    self.prefix(),
                    args.join(", ")
                )
            }
            ConstraintDef::PrimaryKey(_) | ConstraintDef::Exclude(_) => {
                format!(
                    "# Retort: cannot render this constraint on {}",
                    py_str(table)
                )
            }
        }
    }

    /// `_alter_column`.
    fn alter_column(&mut self, a: &AlterColumnOp) -> String {
        let indent = " ".repeat(11);
        let mut text = format!(
            "{}alter_column({}{}",
            self.prefix(),
            self.table_arg(&a.table),
            py_str(&a.column)
        );
        if let Some(t) = &a.existing_type {
            let rendered = match t {
                Some(t) => render_type(t, &mut self.imports),
                None => "sa.NullType()".to_owned(),
            };
            text.push_str(&format!(",\n{indent}existing_type={rendered}"));
        }
        if let Some(d) = &a.modify_server_default {
            let rendered = d
                .as_ref()
                .map_or_else(|| "None".to_owned(), |v| self.server_default(v));
            text.push_str(&format!(",\n{indent}server_default={rendered}"));
        }
        if let Some(t) = &a.modify_type {
            text.push_str(&format!(
                ",\n{indent}type_={}",
                render_type(t, &mut self.imports)
            ));
        }
        if let Some(n) = a.modify_nullable {
            text.push_str(&format!(
                ",\n{indent}nullable={}",
                if n { "True" } else { "False" }
            ));
        }
        if let Some(c) = &a.modify_comment {
            text.push_str(&format!(
                ",\n{indent}comment={}",
                c.as_deref().map_or_else(|| "None".to_owned(), py_str)
            ));
        }
        if let Some(c) = &a.existing_comment {
            text.push_str(&format!(",\n{indent}existing_comment={}", py_str(c)));
        }
        if a.modify_nullable.is_none() {
            if let Some(n) = a.existing_nullable {
                text.push_str(&format!(
                    ",\n{indent}existing_nullable={}",
                    if n { "True" } else { "False" }
                ));
            }
        }
        if let Some(ai) = a.autoincrement {
            text.push_str(&format!(
                ",\n{indent}autoincrement={}",
                if ai { "True" } else { "False" }
            ));
        }
        if a.modify_server_default.is_none() {
            if let Some(d) = &a.existing_server_default {
                text.push_str(&format!(
                    ",\n{indent}existing_server_default={}",
                    self.server_default(d)
                ));
            }
        }
        if let Some(s) = a.schema.as_ref().filter(|_| !self.in_batch) {
            text.push_str(&format!(",\n{indent}schema={}", py_str(s)));
        }
        text.push(')');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        let t = RevisionTemplate {
            message: "Add the users' e-mail addresses, and much more besides".to_owned(),
            revision: "4d5e6f708192".to_owned(),
            down_revisions: Vec::new(),
            create_date: String::new(),
            render_as_batch: false,
        };
        assert_eq!(
            t.file_name(),
            "4d5e6f708192_add_the_users_e_mail_addresses_and_much_.py"
        );
    }
}
