//! The model check: the project's migrations at `heads` against SQLAlchemy models read
//! statically, with `alembic check` semantics, and the revision autogenerate would write.

use retort_graph::{GraphError, StepKind};
use retort_ir::RevisionFile;
use retort_models::{
    check, check_output, readable_diff, render_empty_revision, render_revision, CheckOutput,
    CompareOptions, ModelCheck, RevisionTemplate,
};
use retort_parse::{env_models, parse_model_modules, ModelFile};
pub use retort_parse::{ModelOptions, SqlAlchemyVersion};
use serde::{Deserialize, Serialize};

use crate::{Project, SourceFile, WorkspaceModules};

/// What to compare and how (what `env.py`'s `context.configure(...)` would say).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelCheckOptions {
    /// The comparison options (dialect, `compare_type`, `compare_server_default`, …).
    pub compare: CompareOptions,
    /// How annotations resolve (SQLAlchemy 2.0 or 2.1).
    pub models: ModelOptions,
    /// `render_as_batch=True`: generated revisions use `batch_alter_table` blocks.
    #[serde(default)]
    pub render_as_batch: bool,
}

/// A model check of the project, ready to print or to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelReport {
    /// The model modules as read.
    pub model_files: Vec<ModelFile>,
    /// Schemas, comparison and diagnostics.
    pub check: ModelCheck,
    /// What `alembic check` prints.
    pub output: CheckOutput,
    /// One line per difference.
    pub diff: String,
    /// Generated revisions use `batch_alter_table` blocks.
    pub render_as_batch: bool,
}

impl Project {
    /// The revisions `alembic upgrade heads` runs from an empty database, in order.
    pub fn upgrade_to_heads(&self) -> Result<Vec<&RevisionFile>, GraphError> {
        let walk = self.graph.upgrade(&[], "heads")?;
        Ok(walk
            .steps
            .iter()
            .filter(|s| s.kind == StepKind::Upgrade)
            .filter_map(|s| s.revision.as_deref())
            .filter_map(|id| self.revision(id))
            .collect())
    }

    /// Reads `models` (files of the workspace or given alongside) and compares them
    /// with the migrations at heads.
    pub fn check_models(
        &self,
        models: &[SourceFile],
        options: &ModelCheckOptions,
    ) -> Result<ModelReport, GraphError> {
        let resolver = WorkspaceModules::new(&self.files);
        let pairs: Vec<(&str, &str)> = models
            .iter()
            .map(|f| (f.path.as_str(), f.text.as_str()))
            .collect();
        let model_files: Vec<ModelFile> = parse_model_modules(&pairs, &resolver, options.models);
        let ordered = self.upgrade_to_heads()?;
        let result = check(&model_files, &ordered, &options.compare);
        let output = check_output(&result.comparison);
        let diff = readable_diff(&result.comparison);
        Ok(ModelReport {
            model_files,
            check: result,
            output,
            diff,
            render_as_batch: options.render_as_batch,
        })
    }

    /// The revision file `alembic revision --autogenerate -m MESSAGE` writes for a model
    /// check, `down_revision` being the current heads.
    pub fn autogenerate_revision(
        &self,
        report: &ModelReport,
        message: &str,
        revision_id: &str,
        create_date: &str,
    ) -> GeneratedRevision {
        let template = RevisionTemplate {
            message: message.to_owned(),
            revision: revision_id.to_owned(),
            down_revisions: self.graph.heads().to_vec(),
            create_date: create_date.to_owned(),
            render_as_batch: report.render_as_batch,
        };
        let (text, warnings) = render_revision(&template, &report.check.comparison);
        GeneratedRevision {
            file_name: template.file_name(),
            text,
            warnings,
        }
    }
}

impl Project {
    /// Where `alembic revision` writes a new revision: the first version location, or
    /// (a folder of revisions without configuration) the folder of the first revision.
    pub fn new_revision_dir(&self) -> Option<String> {
        if let Some(first) = self.layout.version_locations.first() {
            return Some(first.clone());
        }
        self.revisions
            .first()
            .map(|r| crate::workspace::parent(&r.path).to_owned())
    }

    /// The file `alembic revision -m MESSAGE` writes (empty `upgrade()` / `downgrade()`).
    pub fn empty_revision(
        &self,
        message: &str,
        revision_id: &str,
        create_date: &str,
    ) -> GeneratedRevision {
        let template = RevisionTemplate {
            message: message.to_owned(),
            revision: revision_id.to_owned(),
            down_revisions: self.graph.heads().to_vec(),
            create_date: create_date.to_owned(),
            render_as_batch: false,
        };
        GeneratedRevision {
            file_name: template.file_name(),
            text: render_empty_revision(&template),
            warnings: Vec::new(),
        }
    }
}

/// Modules `env.py` imports that never hold models.
const NOT_MODELS: &[&str] = &[
    "alembic",
    "sqlalchemy",
    "logging",
    "os",
    "sys",
    "typing",
    "pathlib",
    "asyncio",
    "re",
    "__future__",
    "sqlmodel",
    "dotenv",
    "json",
];

impl Project {
    /// The model modules `env.py` uses: the workspace modules it imports (a package with
    /// everything under it), provided it sets `target_metadata`. `Err` is Alembic's
    /// message for an environment without one, or why `env.py` was not found.
    pub fn models_from_env(&self) -> Result<Vec<SourceFile>, String> {
        let Some(location) = &self.layout.script_location else {
            return Err("no script_location is configured, so there is no env.py to read the models from; pass them with --models".to_owned());
        };
        let env_path = crate::workspace::join(location, "env.py");
        let Some(env) = self.files.iter().find(|f| f.path == env_path) else {
            return Err(format!(
                "{env_path} was not found; pass the models with --models"
            ));
        };
        let info = env_models(&env.text);
        if info.target_is_none || info.target_metadata.is_none() {
            return Err(format!(
                "Can't proceed with --autogenerate option; environment script {env_path} does not provide a MetaData object or sequence of objects to the context."
            ));
        }
        let mut out: Vec<SourceFile> = Vec::new();
        for module in &info.imports {
            let top = module.split('.').next().unwrap_or(module);
            if NOT_MODELS.contains(&top) {
                continue;
            }
            let rel = module.replace('.', "/");
            let file = format!("{rel}.py");
            let package = format!("{rel}/__init__.py");
            let found = self
                .files
                .iter()
                .filter(|f| {
                    [&file, &package]
                        .iter()
                        .any(|c| f.path == **c || f.path.ends_with(&format!("/{c}")))
                })
                .min_by_key(|f| f.path.len());
            let Some(found) = found else { continue };
            if let Some(dir) = found.path.strip_suffix("/__init__.py") {
                let prefix = format!("{dir}/");
                out.extend(
                    self.files
                        .iter()
                        .filter(|f| f.path.ends_with(".py") && f.path.starts_with(&prefix))
                        .cloned(),
                );
            } else {
                out.push(found.clone());
            }
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out.dedup_by(|a, b| a.path == b.path);
        if out.is_empty() {
            return Err(format!(
                "{env_path} sets target_metadata = {}, but imports no module of the workspace that defines it; pass the models with --models",
                info.target_metadata.unwrap_or_default()
            ));
        }
        Ok(out)
    }
}

/// A rendered revision file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedRevision {
    /// `<rev>_<slug>.py`.
    pub file_name: String,
    /// The file's text.
    pub text: String,
    /// The `UserWarning`s Alembic prints while rendering (unnamed constraints).
    pub warnings: Vec<String>,
}
