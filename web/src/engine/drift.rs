//! The model drift panel and `alembic check`: the workspace's SQLAlchemy models
//! against its migrations at heads (`Project::check_models`), and the revision
//! `alembic revision --autogenerate` would write for the difference.

use retort_analysis::graph::GraphError;
use retort_analysis::retort_models::{log_header, CompareOptions};
use retort_analysis::workspace::join;
use retort_analysis::{ModelCheckOptions, ModelOptions, ModelReport, Project, SourceFile};

use super::Loaded;
use crate::protocol::{CreatedRevision, DriftView, WorkspaceFile};

/// What marks a module as one that defines models, when env.py names none.
const MODEL_MARKERS: [&str; 5] = [
    "__tablename__",
    "MetaData(",
    "DeclarativeBase",
    "declarative_base(",
    "SQLModel",
];

/// The model modules to compare: those env.py's `target_metadata` comes from, as
/// Alembic finds them; else (env.py names none) the workspace's modules that
/// define models, as `retort check --models` would be given them. The note says
/// which, or why there are none.
fn model_sources(project: &Project) -> (Vec<SourceFile>, Result<String, String>) {
    let env_error = match project.models_from_env() {
        Ok(sources) => {
            let note = format!("The models env.py imports: {}.", paths(&sources));
            return (sources, Ok(note));
        }
        Err(message) => message,
    };
    let revisions: Vec<&str> = project.revisions.iter().map(|r| r.path.as_str()).collect();
    let env = project
        .layout
        .script_location
        .as_deref()
        .map(|location| join(location, "env.py"));
    let found: Vec<SourceFile> = project
        .files
        .iter()
        .filter(|f| f.path.ends_with(".py"))
        .filter(|f| !revisions.contains(&f.path.as_str()) && Some(&f.path) != env.as_ref())
        .filter(|f| MODEL_MARKERS.iter().any(|m| f.text.contains(m)))
        .cloned()
        .collect();
    if found.is_empty() {
        return (found, Err(env_error));
    }
    let note = format!(
        "{env_error} Compared the workspace's model modules instead (as `retort check --models {}`).",
        found
            .iter()
            .map(|f| f.path.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    );
    (found, Ok(note))
}

fn paths(sources: &[SourceFile]) -> String {
    sources
        .iter()
        .map(|f| f.path.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `alembic check` with env.py's defaults (`compare_type` on, server defaults off)
/// for the workspace's dialect.
fn options(dialect: &str) -> ModelCheckOptions {
    ModelCheckOptions {
        compare: CompareOptions {
            dialect: dialect.to_owned(),
            ..CompareOptions::default()
        },
        models: ModelOptions::default(),
        render_as_batch: false,
    }
}

/// The models read and compared with the migrations at heads.
struct Checked {
    sources: Vec<SourceFile>,
    /// Which models these are.
    note: String,
    /// `Err` when the migrations do not upgrade to heads.
    report: Result<ModelReport, GraphError>,
}

/// `Err`: why there are no models to compare.
fn check(loaded: &Loaded) -> Result<Checked, String> {
    let (sources, note) = model_sources(&loaded.project);
    let note = note?;
    let report = loaded
        .project
        .check_models(&sources, &options(&loaded.dialect));
    Ok(Checked {
        sources,
        note,
        report,
    })
}

/// What `alembic check` prints for the workspace.
pub fn view(id: u64, loaded: &Loaded) -> DriftView {
    let mut view = DriftView {
        id,
        seq: loaded.seq,
        dialect: loaded.dialect.clone(),
        models: Vec::new(),
        note: None,
        stderr: String::new(),
        stdout: String::new(),
        diff: String::new(),
        exit_code: 255,
        problems: Vec::new(),
    };
    let checked = match check(loaded) {
        Ok(checked) => checked,
        Err(message) => {
            // What `alembic check` says of an env.py without target_metadata.
            view.stderr = format!(
                "{}ERROR [alembic.util.messaging] {message}\nFAILED: {message}\n",
                log_header(&loaded.dialect, false)
            );
            view.note = Some(message);
            return view;
        }
    };
    view.models = checked.sources.iter().map(|f| f.path.clone()).collect();
    view.note = Some(checked.note);
    match checked.report {
        Ok(r) => {
            view.problems = r
                .check
                .diagnostics
                .iter()
                .map(|d| loaded.problem(d))
                .collect();
            view.stderr = r.output.stderr;
            view.stdout = r.output.stdout;
            view.diff = r.diff;
            view.exit_code = r.output.exit_code;
        }
        Err(e) => view.stderr = format!("{}\n", e.alembic_line()),
    }
    view
}

/// The revision `alembic revision --autogenerate -m MESSAGE` writes, placed in the
/// versions folder.
pub fn create(
    id: u64,
    loaded: &Loaded,
    message: &str,
    rev_id: &str,
    create_date: &str,
) -> CreatedRevision {
    let project = &loaded.project;
    let generated = check(loaded).and_then(|checked| {
        let report = checked.report.map_err(|e| e.alembic_line())?;
        let dir = project.new_revision_dir().ok_or_else(|| {
            "There is no versions folder to write the revision into: add alembic.ini or a revision file first.".to_owned()
        })?;
        let generated = project.autogenerate_revision(&report, message, rev_id, create_date);
        let path = join(&dir, &generated.file_name);
        if project.files.iter().any(|f| f.path == path) {
            return Err(format!("{path} already exists."));
        }
        Ok((WorkspaceFile::new(path, generated.text), generated.warnings))
    });
    match generated {
        Ok((file, warnings)) => CreatedRevision {
            id,
            file: Ok(file),
            warnings,
        },
        Err(message) => CreatedRevision {
            id,
            file: Err(message),
            warnings: Vec::new(),
        },
    }
}
