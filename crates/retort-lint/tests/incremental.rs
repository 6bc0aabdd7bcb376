//! `LintMemo` lints only what an edit can have changed: after every edit of every
//! fixture, its findings must be those of a full run.

mod common;

use retort_analysis::{LoadOptions, Project, ReadCache, SourceFile};
use retort_lint::{lint, LintMemo, RuleSet};

/// Edits that change a file's own findings only (an unused import, shifting every
/// range), and edits that change what its descendants see (another `upgrade()`).
const EDITS: [(&str, &str); 3] = [
    ("import os\n", ""),
    ("", "\n\ndef upgrade():\n    op.drop_table('accounts')\n    op.add_column('users', sa.Column('n', sa.Integer(), nullable=False))\n"),
    ("# a comment\n", "\n\ndef upgrade():\n    op.create_table('accounts', sa.Column('id', sa.Integer(), primary_key=True))\n"),
];

#[test]
fn after_each_edit_a_memo_run_equals_a_full_run() {
    let mut checked = 0;
    for entry in std::fs::read_dir(common::root()).expect("the fixtures") {
        let dir = entry.expect("an entry").path();
        for case in common::cases(&dir) {
            let mut config = common::config_for(&case, None);
            config.rules = RuleSet::all();
            let folder = case
                .files
                .first()
                .and_then(|(p, _)| p.rsplit_once('/'))
                .map_or("", |(dir, _)| dir)
                .to_owned();
            let options = LoadOptions {
                versions: vec![folder],
                ..LoadOptions::default()
            };
            let mut files: Vec<SourceFile> = case
                .files
                .iter()
                .map(|(p, s)| SourceFile::new(p.as_str(), s.as_str()))
                .collect();
            let mut cache = ReadCache::default();
            let mut memo = LintMemo::default();
            let mut check = |files: &[SourceFile], config: &retort_lint::Config, what: &str| {
                let project = Project::load_cached(files.to_vec(), &options, &mut cache);
                let reread: Vec<&str> = cache.reread().iter().map(String::as_str).collect();
                let incremental = memo.lint(&project, config, &reread);
                let full = lint(&Project::load(files.to_vec(), &options), config);
                assert_eq!(incremental, full, "{}: {what}", case.name);
                cache.recycle(project);
            };
            check(&files, &config, "first run");
            for index in 0..files.len() {
                for (before, after) in EDITS {
                    let text = &mut files[index].text;
                    *text = format!("{before}{text}{after}");
                    check(&files, &config, &format!("edit of {}", files[index].path));
                    checked += 1;
                }
            }
            // Other settings: everything again.
            let mut sqlite = config.clone();
            sqlite.settings = retort_lint::Settings::for_dialect("sqlite");
            check(&files, &sqlite, "on SQLite");
        }
    }
    assert!(checked > 100, "only {checked} edits checked");
}
