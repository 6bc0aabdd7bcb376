//! Where the revision files are, decided as Alembic decides it: `alembic.ini`
//! (`script_location`, `version_locations`, `path_separator`,
//! `recursive_version_locations`), `[tool.alembic]` in pyproject.toml, or a plain
//! folder of `.py` files.

use std::collections::HashMap;

use retort_ir::Diagnostic;
use serde::{Deserialize, Serialize};

use crate::workspace::{join, parent, SourceFile};

/// The project's layout, as configured.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    /// The config file used (`alembic.ini` or `pyproject.toml`), if any.
    pub config_path: Option<String>,
    /// `script_location`, resolved to a workspace directory.
    pub script_location: Option<String>,
    /// Directories searched for revision files, in Alembic's order; empty in folder mode.
    pub version_locations: Vec<String>,
    /// `recursive_version_locations`.
    pub recursive: bool,
    /// `sqlalchemy.url`, if set.
    pub sqlalchemy_url: Option<String>,
    /// No config: any loaded `.py` file that defines `revision` is a revision.
    pub folder_mode: bool,
}

impl Layout {
    /// The dialect named by `sqlalchemy.url` (`postgresql+psycopg://…` → `postgresql`).
    pub fn url_dialect(&self) -> Option<String> {
        let url = self.sqlalchemy_url.as_deref()?;
        let scheme = url.split("://").next()?;
        let name = scheme.split('+').next()?.trim();
        (!name.is_empty() && url.contains("://")).then(|| name.to_owned())
    }
}

/// Python configparser, as Alembic uses it: sections, `key = value` / `key: value`,
/// indented continuation lines, `#` / `;` comments, `%(here)s` interpolation.
pub fn parse_ini(text: &str, here: &str) -> HashMap<String, HashMap<String, String>> {
    let mut sections: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut section = String::new();
    let mut last_key: Option<String> = None;
    for raw in text.lines() {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            last_key = None;
            continue;
        }
        if trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            if let Some(key) = &last_key {
                if let Some(v) = sections.get_mut(&section).and_then(|s| s.get_mut(key)) {
                    v.push('\n');
                    v.push_str(trimmed);
                }
                continue;
            }
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            section = name.trim().to_owned();
            sections.entry(section.clone()).or_default();
            last_key = None;
            continue;
        }
        let split = trimmed.find(['=', ':']);
        if let Some(i) = split {
            let key = trimmed[..i].trim().to_lowercase();
            let value = trimmed[i + 1..].trim().to_owned();
            sections
                .entry(section.clone())
                .or_default()
                .insert(key.clone(), value);
            last_key = Some(key);
        }
    }
    for values in sections.values_mut() {
        for v in values.values_mut() {
            *v = v.replace("%(here)s", here).replace("%%", "%");
        }
    }
    sections
}

/// Finds the layout. `config` names the config file to use (`-c`); otherwise an
/// `alembic.ini` or a `pyproject.toml` with `[tool.alembic]` at the shallowest level is used.
pub fn discover(
    files: &[SourceFile],
    config: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Layout {
    let by_path: HashMap<&str, &SourceFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();
    let chosen = match config {
        Some(path) => match by_path.get(path) {
            Some(f) => Some(*f),
            None => {
                diagnostics.push(
                    Diagnostic::error("config-not-found", format!("No config file '{path}' found, or file has no '[alembic]' section"))
                        .with_path(path)
                        .with_help("Pass the path of your alembic.ini with -c, or --dir with the project or versions folder."),
                );
                None
            }
        },
        None => {
            let depth = |f: &&SourceFile| f.path.matches('/').count();
            let ini = files
                .iter()
                .filter(|f| f.file_name() == "alembic.ini")
                .min_by_key(depth);
            let pyproject = files
                .iter()
                .filter(|f| f.file_name() == "pyproject.toml" && f.text.contains("[tool.alembic]"))
                .min_by_key(depth);
            ini.or(pyproject)
        }
    };
    let Some(config_file) = chosen else {
        return Layout {
            folder_mode: true,
            ..Layout::default()
        };
    };
    let here = parent(&config_file.path).to_owned();
    // `%(here)s` is marked, not substituted yet, so that a location built from it is
    // not joined to the config's folder a second time (see `join_config`).
    let here_value = HERE.to_owned();
    let mut layout = Layout {
        config_path: Some(config_file.path.clone()),
        ..Layout::default()
    };
    let mut version_locations: Option<Vec<String>> = None;
    if config_file.file_name() == "pyproject.toml" {
        read_pyproject(
            config_file,
            &here_value,
            &mut layout,
            &mut version_locations,
            diagnostics,
        );
    } else {
        let sections = parse_ini(&config_file.text, &here_value);
        let Some(alembic) = sections.get("alembic") else {
            diagnostics.push(
                Diagnostic::error(
                    "config-not-found",
                    format!(
                        "No config file '{}' found, or file has no '[alembic]' section",
                        config_file.path
                    ),
                )
                .with_path(&config_file.path),
            );
            return Layout {
                folder_mode: true,
                ..Layout::default()
            };
        };
        layout.script_location = alembic.get("script_location").map(|s| resolve_location(s));
        layout.recursive = alembic
            .get("recursive_version_locations")
            .is_some_and(|v| is_true(v));
        layout.sqlalchemy_url = alembic
            .get("sqlalchemy.url")
            .map(|u| u.replace(HERE, if here.is_empty() { "." } else { &here }));
        if let Some(raw) = alembic.get("version_locations").filter(|v| !v.is_empty()) {
            let sep = alembic
                .get("path_separator")
                .or_else(|| alembic.get("version_path_separator"));
            version_locations = Some(split_locations(raw, sep.map(String::as_str)));
        }
        // A pyproject.toml beside the ini can carry the locations (Alembic 1.16+).
        if layout.script_location.is_none() || version_locations.is_none() {
            let pyproject = join(&here, "pyproject.toml");
            if let Some(py) = by_path.get(pyproject.as_str()) {
                let mut extra = Layout::default();
                let mut locations = None;
                read_pyproject(py, &here_value, &mut extra, &mut locations, diagnostics);
                layout.script_location = layout.script_location.take().or(extra.script_location);
                version_locations = version_locations.or(locations);
            }
        }
    }
    let Some(script_location) = layout.script_location.clone() else {
        diagnostics.push(
            Diagnostic::error("config-not-found", "No 'script_location' key found in configuration.")
                .with_path(&config_file.path)
                .with_help("Add `script_location = migrations` (the folder holding env.py and versions/) to the [alembic] section."),
        );
        return Layout {
            folder_mode: true,
            ..layout
        };
    };
    // Relative locations are relative to the working directory, which for the CLI is where
    // the config lives unless `%(here)s` made them absolute already.
    let located = |location: &str| match location.strip_prefix(PACKAGE) {
        Some(resource) => package_dir(files, resource),
        None => join_config(&here, location),
    };
    let script_dir = located(&script_location);
    layout.version_locations = match version_locations {
        Some(list) => list.iter().map(|l| located(&resolve_location(l))).collect(),
        None => vec![join(&script_dir, "versions")],
    };
    // Alembic's `ScriptDirectory` refuses a script location that does not exist; here,
    // one that no loaded file is in.
    let prefix = format!("{script_dir}/");
    if !script_dir.is_empty() && !files.iter().any(|f| f.path.starts_with(&prefix)) {
        // Alembic names the location as configured (`%(here)s` made absolute).
        let named = if script_location.contains(HERE) || script_location.starts_with(PACKAGE) {
            &script_dir
        } else {
            &script_location
        };
        diagnostics.push(
            Diagnostic::error(
                SCRIPT_LOCATION_NOT_FOUND,
                format!("Path doesn't exist: {named}.  Please use the 'init' command to create a new scripts folder."),
            )
            .with_path(&config_file.path)
            .with_help("`script_location` is relative to the directory Alembic runs in: run Retort there (or point --dir at it), write it as `%(here)s/…`, or load the folder it names."),
        );
    }
    layout.script_location = Some(script_dir);
    layout
}

/// The code of a `script_location` no loaded file is in (Alembic's `Path doesn't exist`).
pub(crate) const SCRIPT_LOCATION_NOT_FOUND: &str = "script-location-not-found";

/// Marks a package resource location (`package:path`) until it is looked up.
const PACKAGE: &str = "\u{0}package/";

/// Where a package resource is among the loaded files: the shortest loaded directory
/// whose path ends with it (Python finds the package on `sys.path`, wherever the
/// workspace's root is); the resource path itself when none does.
fn package_dir(files: &[SourceFile], resource: &str) -> String {
    let inner = format!("/{resource}/");
    files
        .iter()
        .filter_map(|f| {
            if f.path.starts_with(&inner[1..]) {
                return Some(resource.to_owned());
            }
            let at = f.path.find(&inner)?;
            Some(f.path[..at + inner.len() - 1].to_owned())
        })
        .min_by_key(String::len)
        .unwrap_or_else(|| crate::workspace::normalize_path(resource))
}

/// Stands for `%(here)s` until locations are resolved.
const HERE: &str = "\u{0}here";

/// A configured location in the workspace: `%(here)s/x` is the config's folder joined with
/// `x`; any other relative location is relative to the config's folder too (the CLI's
/// working directory when the config is there, as Alembic has it).
fn join_config(here: &str, location: &str) -> String {
    if let Some(rest) = location.strip_prefix(HERE) {
        return join(here, rest.trim_start_matches('/'));
    }
    if location.starts_with('/') || here.is_empty() {
        crate::workspace::normalize_path(location)
    } else {
        join(here, location)
    }
}

fn read_pyproject(
    file: &SourceFile,
    here: &str,
    layout: &mut Layout,
    locations: &mut Option<Vec<String>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let value: toml::Table = match toml::from_str(&file.text) {
        Ok(v) => v,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error("config-invalid", format!("{}: {}", file.path, e.message()))
                    .with_path(&file.path),
            );
            return;
        }
    };
    let Some(alembic) = value
        .get("tool")
        .and_then(|t| t.get("alembic"))
        .and_then(|a| a.as_table())
    else {
        return;
    };
    let sub = |s: &str| s.replace("%(here)s", here);
    if let Some(s) = alembic.get("script_location").and_then(|v| v.as_str()) {
        layout.script_location = Some(resolve_location(&sub(s)));
    }
    if let Some(list) = alembic.get("version_locations").and_then(|v| v.as_array()) {
        *locations = Some(list.iter().filter_map(|v| v.as_str()).map(sub).collect());
    }
    if let Some(b) = alembic
        .get("recursive_version_locations")
        .and_then(|v| v.as_bool())
    {
        layout.recursive = b;
    }
}

/// `package:path` resource locations (Alembic's `coerce_resource_to_filename`: the
/// package, then every `:`-separated part under it) become a marked `package/path`,
/// looked up among the loaded files once they are known ([`package_dir`]).
fn resolve_location(location: &str) -> String {
    match location.split_once(':') {
        Some((package, path))
            if !package.contains('/') && package.len() > 1 && !path.starts_with('\\') =>
        {
            format!(
                "{PACKAGE}{}/{}",
                package.replace('.', "/"),
                path.replace(':', "/")
            )
        }
        _ => location.to_owned(),
    }
}

fn is_true(value: &str) -> bool {
    matches!(
        value.trim().to_lowercase().as_str(),
        "true" | "1" | "yes" | "on"
    )
}

/// Alembic's `get_version_locations_list`: split on the configured separator, or on spaces
/// and commas when none is configured (its legacy behaviour).
fn split_locations(raw: &str, separator: Option<&str>) -> Vec<String> {
    let sep = match separator {
        Some("space") => Some(" "),
        Some("newline") => Some("\n"),
        Some("os") | Some(":") => Some(":"),
        Some(";") => Some(";"),
        _ => None,
    };
    match sep {
        Some(sep) => raw
            .split(sep)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        None => raw
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    }
}

/// The revision files of the layout, in the order Alembic loads them
/// ([`retort_graph::alembic_file_order`] per version location, locations in order).
/// In folder mode: every `.py` file that assigns `revision`, in the same walk order.
pub fn revision_files(layout: &Layout, files: &[SourceFile]) -> Vec<usize> {
    let locations: Vec<String> = if layout.folder_mode {
        vec![String::new()]
    } else {
        layout.version_locations.clone()
    };
    let recursive = layout.recursive || layout.folder_mode;
    let mut out: Vec<usize> = Vec::new();
    let mut taken = vec![false; files.len()];
    for location in &locations {
        let prefix = if location.is_empty() {
            String::new()
        } else {
            format!("{location}/")
        };
        let (indices, rel): (Vec<usize>, Vec<&str>) = files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| Some((i, f.path.strip_prefix(prefix.as_str())?)))
            .unzip();
        for k in retort_graph::alembic_file_order(&rel, recursive) {
            let index = indices[k];
            if taken[index] || (layout.folder_mode && !defines_revision(&files[index].text)) {
                continue;
            }
            taken[index] = true;
            out.push(index);
        }
    }
    out
}

/// A cheap look for a top-level `revision` assignment, for folder mode: a line that
/// starts with `revision` then `=` or `:`. It runs on every file of the folder before
/// anything is parsed, so it searches for the word rather than walking every line.
fn defines_revision(text: &str) -> bool {
    static WORD: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    let word = WORD.get_or_init(|| memchr::memmem::Finder::new("revision"));
    word.find_iter(text.as_bytes()).any(|at| {
        if at > 0 && text.as_bytes()[at - 1] != b'\n' {
            return false;
        }
        let rest = &text[at + "revision".len()..];
        let rest = rest.split('\n').next().unwrap_or("").trim_start();
        rest.starts_with('=') || rest.starts_with(':')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<SourceFile> {
        list.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect()
    }

    #[test]
    fn ini_with_here_and_continuations() {
        let ini = "[alembic]\nscript_location = %(here)s/migrations\nversion_locations =\n  a\n  b\n# comment\nsqlalchemy.url = sqlite:///x.db\n";
        let s = parse_ini(ini, "proj");
        assert_eq!(s["alembic"]["script_location"], "proj/migrations");
        assert_eq!(s["alembic"]["version_locations"], "\na\nb");
    }

    #[test]
    fn layout_from_ini() {
        let fs = files(&[
            ("proj/alembic.ini", "[alembic]\nscript_location = migrations\nsqlalchemy.url = postgresql+psycopg://u@h/db\n"),
            ("proj/migrations/versions/b.py", "revision = 'b'"),
            ("proj/migrations/versions/a.py", "revision = 'a'"),
            ("proj/migrations/versions/__init__.py", ""),
            ("proj/migrations/versions/.#x.py", ""),
            ("proj/migrations/versions/sub/c.py", "revision = 'c'"),
            ("proj/migrations/env.py", ""),
        ]);
        let mut d = Vec::new();
        let layout = discover(&fs, None, &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(layout.version_locations, vec!["proj/migrations/versions"]);
        assert_eq!(layout.url_dialect().as_deref(), Some("postgresql"));
        let order: Vec<&str> = revision_files(&layout, &fs)
            .into_iter()
            .map(|i| fs[i].path.as_str())
            .collect();
        assert_eq!(
            order,
            vec![
                "proj/migrations/versions/a.py",
                "proj/migrations/versions/b.py"
            ]
        );
        let recursive = Layout {
            recursive: true,
            ..layout
        };
        let order: Vec<&str> = revision_files(&recursive, &fs)
            .into_iter()
            .map(|i| fs[i].path.as_str())
            .collect();
        assert_eq!(order.len(), 3);
        assert_eq!(order[2], "proj/migrations/versions/sub/c.py");
    }

    #[test]
    fn a_script_location_with_no_loaded_file_is_alembics_error() {
        let fs = files(&[
            (
                "alembic.ini",
                "[alembic]\nscript_location = mlflow/store/db_migrations\n",
            ),
            ("versions/a.py", "revision = 'a'"),
        ]);
        let mut d = Vec::new();
        discover(&fs, None, &mut d);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            (d[0].code.as_str(), d[0].path.as_deref(), d[0].message.as_str()),
            (
                "script-location-not-found",
                Some("alembic.ini"),
                "Path doesn't exist: mlflow/store/db_migrations.  Please use the 'init' command to create a new scripts folder."
            )
        );
    }

    #[test]
    fn package_resources_are_found_where_the_package_is() {
        // Alembic imports the package from sys.path: the workspace may hold it anywhere.
        for (location, dir) in [
            (
                "prefect:server:database:_migrations",
                "prefect/server/database/_migrations",
            ),
            (
                "dagster:_core/storage/alembic",
                "dagster/_core/storage/alembic",
            ),
            ("my_app.db:migrations", "my_app/db/migrations"),
        ] {
            let fs = files(&[
                (
                    "site/pkg/alembic.ini",
                    &format!("[alembic]\nscript_location = {location}\n"),
                ),
                (&format!("site/{dir}/versions/a.py"), "revision = 'a'"),
                (&format!("site/{dir}/env.py"), ""),
            ]);
            let mut d = Vec::new();
            let layout = discover(&fs, None, &mut d);
            assert!(d.is_empty(), "{location}: {d:?}");
            assert_eq!(
                layout.version_locations,
                vec![format!("site/{dir}/versions")],
                "{location}"
            );
        }
    }

    #[test]
    fn version_locations_and_separators() {
        assert_eq!(split_locations("a, b c", None), vec!["a", "b", "c"]);
        assert_eq!(split_locations("a:b", Some("os")), vec!["a", "b"]);
        assert_eq!(split_locations("a b", Some("space")), vec!["a", "b"]);
        let fs = files(&[
            (
                "alembic.ini",
                "[alembic]\nscript_location = m\nversion_locations = %(here)s/x %(here)s/y\n",
            ),
            ("y/1.py", "revision='1'"),
            ("x/2.py", "revision='2'"),
        ]);
        let mut d = Vec::new();
        let layout = discover(&fs, None, &mut d);
        assert_eq!(layout.version_locations, vec!["x", "y"]);
        let order: Vec<&str> = revision_files(&layout, &fs)
            .into_iter()
            .map(|i| fs[i].path.as_str())
            .collect();
        assert_eq!(order, vec!["x/2.py", "y/1.py"]);
    }

    #[test]
    fn pyproject_and_folder_mode() {
        let fs = files(&[
            (
                "pyproject.toml",
                "[tool.alembic]\nscript_location = \"%(here)s/db\"\n",
            ),
            ("db/versions/r.py", "revision = 'r'"),
        ]);
        let mut d = Vec::new();
        let layout = discover(&fs, None, &mut d);
        assert_eq!(layout.version_locations, vec!["db/versions"]);
        let fs = files(&[("v/r.py", "revision: str = 'r'"), ("v/helper.py", "X = 1")]);
        let layout = discover(&fs, None, &mut d);
        assert!(layout.folder_mode);
        assert_eq!(revision_files(&layout, &fs), vec![0]);
    }

    #[test]
    fn missing_config_is_a_diagnostic() {
        let mut d = Vec::new();
        let layout = discover(&[], Some("alembic.ini"), &mut d);
        assert!(layout.folder_mode);
        assert_eq!(d[0].code, "config-not-found");
        let fs = files(&[("alembic.ini", "[other]\n")]);
        let mut d = Vec::new();
        discover(&fs, None, &mut d);
        assert_eq!(
            d[0].message,
            "No config file 'alembic.ini' found, or file has no '[alembic]' section"
        );
    }
}

#[cfg(test)]
mod here_tests {
    use super::*;

    #[test]
    fn here_is_the_config_folder_once() {
        let fs = vec![
            SourceFile::new("proj/alembic.ini", "[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = sqlite:///%(here)s/app.db\n"),
            SourceFile::new("proj/migrations/versions/a.py", "revision = 'a'"),
        ];
        let mut d = Vec::new();
        let layout = discover(&fs, None, &mut d);
        assert_eq!(layout.version_locations, vec!["proj/migrations/versions"]);
        assert_eq!(
            layout.sqlalchemy_url.as_deref(),
            Some("sqlite:///proj/app.db")
        );
        assert_eq!(revision_files(&layout, &fs), vec![1]);
    }

    #[test]
    fn folder_mode_takes_files_that_assign_revision_at_the_top() {
        let defines = [
            "revision = 'a'\n",
            "\"\"\"doc\n\nrevision: x\n\"\"\"\nrevision: str = 'a'\r\n",
            "x = 1\nrevision  ='a'",
            "down_revision = None\nrevision = 'b'\n",
        ];
        let not = [
            "down_revision = 'x'\n",
            "    revision = 'a'\n",
            "# revision = 'a'\n",
            "revision\n= 'a'\n",
            "revisions = 1\n",
            "x = 'revision = 1'\n",
            "",
        ];
        for text in defines {
            assert!(defines_revision(text), "{text:?}");
        }
        for text in not {
            assert!(!defines_revision(text), "{text:?}");
        }
    }
}
