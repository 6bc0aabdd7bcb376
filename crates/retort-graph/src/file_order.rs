//! The order in which Alembic loads revision files from one version location.

/// Which of `paths` Alembic loads as revision files, in the order it loads them.
///
/// `paths` are relative to one version location (e.g. `migrations/versions`), with `/`
/// between components. This is `Script._list_py_dir` followed by the file-name filter
/// of `Script._from_path` (sourceless mode off):
///
/// - the location's own files first, sorted by name (code point order, which is byte
///   order for UTF-8);
/// - with `recursive` (`recursive_version_locations = true`), then each sub-directory
///   in sorted order, depth first, the same way (`os.walk` top-down with `dirs.sort()`);
///   files directly inside a `…__pycache__` directory are skipped;
/// - a file is a revision file when its name ends in `.py` and does not start with
///   `.#` or `__init__` (`(?!\.\#|__init__)(.*\.py)$`).
///
/// With several `version_locations`, call this once per location in the configured
/// order and concatenate; Alembic skips a file whose resolved path it has already
/// loaded. Paths repeated in `paths` are returned once.
pub fn alembic_file_order<S: AsRef<str>>(paths: &[S], recursive: bool) -> Vec<usize> {
    let mut entries: Vec<(Vec<&str>, usize)> = Vec::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for (index, path) in paths.iter().enumerate() {
        let path = path.as_ref();
        if !seen.insert(path) {
            continue;
        }
        let components: Vec<&str> = path
            .split('/')
            .filter(|c| !c.is_empty() && *c != ".")
            .collect();
        let Some((file, dirs)) = components.split_last() else {
            continue;
        };
        if !recursive && !dirs.is_empty() {
            continue;
        }
        if dirs.last().is_some_and(|d| d.ends_with("__pycache__")) {
            continue;
        }
        if !is_revision_file_name(file) {
            continue;
        }
        entries.push((components, index));
    }
    // A pre-order walk visiting files before sub-directories, both sorted, is the order
    // of the component lists under "files sort before any directory at the same level".
    entries.sort_by(|(a, _), (b, _)| compare_walk_order(a, b));
    entries.into_iter().map(|(_, index)| index).collect()
}

/// `os.walk` top-down order, files before sub-directories, names sorted.
fn compare_walk_order(a: &[&str], b: &[&str]) -> std::cmp::Ordering {
    let mut i = 0;
    loop {
        let a_is_file = i + 1 == a.len();
        let b_is_file = i + 1 == b.len();
        match (a_is_file, b_is_file) {
            (true, false) => return std::cmp::Ordering::Less,
            (false, true) => return std::cmp::Ordering::Greater,
            _ => {}
        }
        match a[i].cmp(b[i]) {
            std::cmp::Ordering::Equal if !a_is_file => i += 1,
            other => return other,
        }
    }
}

/// `_only_source_rev_file`: `(?!\.\#|__init__)(.*\.py)$` with `re.match`.
fn is_revision_file_name(name: &str) -> bool {
    if name.starts_with(".#") || name.starts_with("__init__") {
        return false;
    }
    // `$` also matches before one trailing newline; `.` matches no newline.
    let name = name.strip_suffix('\n').unwrap_or(name);
    name.ends_with(".py") && !name.contains('\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_directory_sorted_by_code_point() {
        let paths = [
            "b.py",
            "a.py",
            "__init__.py",
            ".#lock.py",
            "notes.txt",
            "Z.py",
            "_x.py",
            "sub/c.py",
        ];
        let order: Vec<&str> = alembic_file_order(&paths, false)
            .into_iter()
            .map(|i| paths[i])
            .collect();
        assert_eq!(order, ["Z.py", "_x.py", "a.py", "b.py"]);
    }

    #[test]
    fn recursive_walk_is_files_first_then_sorted_subdirectories() {
        // The order real Alembic loads tests/fixtures/projects/recursive in.
        let paths = [
            "zz_root.py",
            "b_sub/a_first.py",
            "a_sub/z_last.py",
            "a_sub/m_mid.py",
            "a_sub/deeper/x.py",
            "Upper.py",
            "_under.py",
            "a_sub/__pycache__/m_mid.cpython-311.pyc",
            "__pycache__/x.py",
        ];
        let order: Vec<&str> = alembic_file_order(&paths, true)
            .into_iter()
            .map(|i| paths[i])
            .collect();
        assert_eq!(
            order,
            [
                "Upper.py",
                "_under.py",
                "zz_root.py",
                "a_sub/m_mid.py",
                "a_sub/z_last.py",
                "a_sub/deeper/x.py",
                "b_sub/a_first.py",
            ]
        );
    }
}
