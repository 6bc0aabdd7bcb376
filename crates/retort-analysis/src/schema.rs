//! The catalog at a revision: every upgrade step from base to the target, applied in the
//! order Alembic would run them.

use retort_catalog::{ApplyContext, Catalog};
use retort_graph::{GraphError, StepKind};
use retort_ir::{Diagnostic, Op};
use serde::{Deserialize, Serialize};

use crate::Project;

/// The schema after upgrading an empty database to a target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemaAt {
    /// The catalog.
    pub catalog: Catalog,
    /// The revisions applied, in order.
    pub applied: Vec<String>,
    /// What went wrong applying them, located in their files.
    pub diagnostics: Vec<Diagnostic>,
}

impl Project {
    /// The dialect to assume: `sqlalchemy.url`'s, else SQLAlchemy's generic `default`.
    pub fn default_dialect(&self) -> String {
        self.layout
            .url_dialect()
            .unwrap_or_else(|| "default".to_owned())
    }

    /// Upgrades an empty catalog to `target` (`heads`, `head`, an id, `label@head`, …)
    /// for `dialect`, running each revision's `upgrade()` ops as online mode would.
    pub fn schema_at(&self, target: &str, dialect: &str) -> Result<SchemaAt, GraphError> {
        let walk = self.graph.upgrade(&[], target)?;
        let mut schema = SchemaAt::empty();
        for step in walk.steps.iter().filter(|s| s.kind == StepKind::Upgrade) {
            self.apply_step(step.revision.as_deref(), dialect, &mut schema);
        }
        Ok(schema)
    }

    /// The schema just before and just after `revision`'s own `upgrade()`: everything it
    /// stands on (both branches of a merge, its dependencies) applied first. What the
    /// revision changed is `before.catalog.diff(&after.catalog)`.
    pub fn schema_step(
        &self,
        revision: &str,
        dialect: &str,
    ) -> Result<(SchemaAt, SchemaAt), GraphError> {
        let walk = self.graph.upgrade(&[], revision)?;
        let steps: Vec<_> = walk
            .steps
            .iter()
            .filter(|s| s.kind == StepKind::Upgrade)
            .collect();
        // Upgrading an empty database to a revision runs its ancestors first, so its
        // own step is the last one.
        let (own, ancestors) = match steps.split_last() {
            Some((own, ancestors)) => (Some(*own), ancestors),
            None => (None, &steps[..]),
        };
        let mut before = SchemaAt::empty();
        for step in ancestors {
            self.apply_step(step.revision.as_deref(), dialect, &mut before);
        }
        let mut after = before.clone();
        after.diagnostics.clear();
        if let Some(own) = own {
            self.apply_step(own.revision.as_deref(), dialect, &mut after);
        }
        Ok((before, after))
    }

    /// Applies one revision's `upgrade()` ops to `schema`, its problems located in its file.
    fn apply_step(&self, id: Option<&str>, dialect: &str, schema: &mut SchemaAt) {
        let Some(id) = id else { return };
        let Some(revision) = self.revision(id) else {
            return;
        };
        if let Some(upgrade) = &revision.upgrade {
            let ops = Op::resolve(&upgrade.ops, dialect, false);
            let ctx = ApplyContext::new(dialect);
            for mut d in schema.catalog.apply_all(&ops, &ctx) {
                d.path.get_or_insert_with(|| revision.path.clone());
                schema.diagnostics.push(d);
            }
        }
        schema.applied.push(id.to_owned());
    }
}

impl SchemaAt {
    fn empty() -> SchemaAt {
        SchemaAt {
            catalog: Catalog::new(),
            applied: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{LoadOptions, Project, SourceFile};

    #[test]
    fn schema_follows_the_walk() {
        let files = vec![
            SourceFile::new(
                "v/a.py",
                "from alembic import op\nimport sqlalchemy as sa\nrevision = 'a'\ndown_revision = None\ndef upgrade():\n    op.create_table('users', sa.Column('id', sa.Integer, primary_key=True))\n",
            ),
            SourceFile::new(
                "v/b.py",
                "from alembic import op\nimport sqlalchemy as sa\nrevision = 'b'\ndown_revision = 'a'\ndef upgrade():\n    op.add_column('users', sa.Column('email', sa.String(100)))\n    op.drop_column('users', 'nope')\n",
            ),
        ];
        let p = Project::load(
            files,
            &LoadOptions {
                versions: vec!["v".into()],
                ..LoadOptions::default()
            },
        );
        let at_a = p.schema_at("a", "postgresql").expect("a resolves");
        assert_eq!(at_a.applied, vec!["a"]);
        assert!(at_a
            .catalog
            .table(None, "users")
            .is_some_and(|t| t.column("email").is_none()));
        let head = p.schema_at("heads", "postgresql").expect("heads resolves");
        assert_eq!(head.applied, vec!["a", "b"]);
        assert!(head
            .catalog
            .table(None, "users")
            .is_some_and(|t| t.column("email").is_some()));
        let d = &head.diagnostics[0];
        assert_eq!(
            (d.code.as_str(), d.path.as_deref()),
            ("column-not-found", Some("v/b.py"))
        );
        assert!(p.schema_at("zzzz", "postgresql").is_err());

        let (before, after) = p.schema_step("b", "postgresql").expect("b resolves");
        assert_eq!(before.applied, vec!["a"]);
        assert_eq!(after.applied, vec!["a", "b"]);
        assert!(before.diagnostics.is_empty());
        assert_eq!(after.diagnostics[0].code, "column-not-found");
        let changes: Vec<String> = before
            .catalog
            .diff(&after.catalog)
            .iter()
            .map(|c| c.describe())
            .collect();
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert!(changes[0].contains("email"), "{changes:?}");
        let (before, after) = p.schema_step("a", "postgresql").expect("a resolves");
        assert!(before.catalog.is_empty() && before.applied.is_empty());
        assert_eq!(after.applied, vec!["a"]);
    }
}
