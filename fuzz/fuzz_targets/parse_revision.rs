#![no_main]
//! Arbitrary bytes as a revision file, alone and inside a project: nothing may panic.

use libfuzzer_sys::fuzz_target;
use retort_analysis::{LoadOptions, Project, SourceFile};
use retort_parse::{parse_revision, NoModules};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_revision("versions/fuzz.py", &text, &NoModules);
    let files = vec![
        SourceFile::new("alembic.ini", "[alembic]\nscript_location = m\n"),
        SourceFile::from_bytes("m/versions/fuzz.py", data),
        SourceFile::new("m/versions/base.py", "revision = 'base'\ndown_revision = None\n"),
    ];
    let _ = Project::load(files, &LoadOptions::default());
});
