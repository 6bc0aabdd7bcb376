//! The one registry of rules: stable codes, kebab-case names, groups, default
//! severities, and each rule's documentation (its doc comment, kept as text).

use std::fmt;

use retort_graph::ProblemKind;
use retort_ir::Severity;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::checker::Checker;
use crate::rules;

/// Which family a rule belongs to; the code prefix says it too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// About the lint itself: suppression comments, unreadable files, failing ops (`RT`).
    Retort,
    /// The revision graph and the identifiers of revision files (`HIS`).
    History,
    /// Whether `downgrade()` undoes `upgrade()` (`REV`).
    Reversibility,
    /// Locks, table rewrites and changes that break running code (`SAF`).
    Safety,
    /// What fails on another database than the one the author tried (`POR`).
    Portability,
    /// Leftovers and habits that make migrations fragile (`HYG`).
    Hygiene,
    /// SQL written by hand in `op.execute` / `sa.text` (`SQL`).
    Sql,
}

impl Group {
    /// Every group, in documentation order.
    pub const ALL: &'static [Group] = &[
        Group::History,
        Group::Reversibility,
        Group::Safety,
        Group::Portability,
        Group::Hygiene,
        Group::Sql,
        Group::Retort,
    ];

    /// The lowercase name used in configuration (`select = ["safety"]`).
    pub fn name(self) -> &'static str {
        match self {
            Group::Retort => "retort",
            Group::History => "history",
            Group::Reversibility => "reversibility",
            Group::Safety => "safety",
            Group::Portability => "portability",
            Group::Hygiene => "hygiene",
            Group::Sql => "sql",
        }
    }

    /// The code prefix of the group's rules.
    pub fn prefix(self) -> &'static str {
        match self {
            Group::Retort => "RT",
            Group::History => "HIS",
            Group::Reversibility => "REV",
            Group::Safety => "SAF",
            Group::Portability => "POR",
            Group::Hygiene => "HYG",
            Group::Sql => "SQL",
        }
    }

    /// One line on what the group covers.
    pub fn description(self) -> &'static str {
        match self {
            Group::Retort => "The lint itself: suppression comments, files that cannot be read, ops that fail on the schema.",
            Group::History => "The revision graph and the identifiers of revision files.",
            Group::Reversibility => "Whether `downgrade()` undoes what `upgrade()` did.",
            Group::Safety => "Locks, table rewrites and changes that break the running application (PostgreSQL-aware).",
            Group::Portability => "What fails on another database than the one the migration was tried on.",
            Group::Hygiene => "Leftovers and habits that make migrations fragile.",
            Group::Sql => "SQL written by hand in `op.execute()` / `sa.text()`.",
        }
    }
}

/// Whether a rule offers fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixAvailability {
    /// Never.
    None,
    /// Sometimes (when the source allows it).
    Sometimes,
    /// Always.
    Always,
}

/// What the registry knows of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable code, e.g. `SAF001`.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `index-not-concurrent`.
    pub name: &'static str,
    /// Its group.
    pub group: Group,
    /// Severity unless configured otherwise.
    pub severity: Severity,
    /// Off unless selected by code or name.
    pub opt_in: bool,
    /// Whether it offers fixes.
    pub fix: FixAvailability,
    /// The rule's documentation: its doc comment, Markdown.
    pub doc: &'static str,
}

impl RuleMeta {
    /// The documentation with the one leading space of each doc-comment line removed.
    pub fn doc_text(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim_end().to_owned()
    }

    /// The first paragraph of the *What it does* section, on one line.
    pub fn summary(&self) -> String {
        let doc = self.doc_text();
        let body = doc
            .split("## What it does")
            .nth(1)
            .unwrap_or(&doc)
            .trim_start();
        body.split("\n\n")
            .next()
            .unwrap_or("")
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Declares a rule: its doc comment becomes both the struct's rustdoc and the text
/// `retort rule CODE` prints, so the two cannot drift apart.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        pub struct $name:ident {
            code: $code:literal,
            name: $kebab:literal,
            group: $group:ident,
            severity: $severity:ident,
            opt_in: $opt_in:literal,
            fix: $fix:ident $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name;

        impl $name {
            /// The rule's code, name, group, default severity and documentation.
            pub const META: $crate::registry::RuleMeta = $crate::registry::RuleMeta {
                code: $code,
                name: $kebab,
                group: $crate::registry::Group::$group,
                severity: retort_ir::Severity::$severity,
                opt_in: $opt_in,
                fix: $crate::registry::FixAvailability::$fix,
                doc: concat!($($doc, "\n"),+),
            };
        }
    };
}
pub(crate) use declare_rule;

/// Lists every rule once: `Variant => group_module::rule_module`. The rule module holds
/// `pub struct Variant` (with `META`) and `pub(crate) fn check(&mut Checker)`.
macro_rules! register {
    ($($variant:ident => $group:ident :: $module:ident),+ $(,)?) => {
        /// Every rule. Kebab-case names both ways: `Rule::from_name`, `Rule::name`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(
                #[doc = concat!("See [`rules::", stringify!($group), "::", stringify!($module), "::", stringify!($variant), "`].")]
                $variant,
            )+
        }

        impl Rule {
            /// Every rule, in registry (code) order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// The rule's metadata and documentation.
            pub fn meta(self) -> &'static RuleMeta {
                match self {
                    $(Rule::$variant => &rules::$group::$module::$variant::META,)+
                }
            }

            pub(crate) fn check(self, checker: &mut Checker<'_>) {
                match self {
                    $(Rule::$variant => rules::$group::$module::check(checker),)+
                }
            }
        }
    };
}

register! {
    InvalidSuppression => retort::invalid_suppression,
    UnusedSuppression => retort::unused_suppression,
    InvalidPython => retort::invalid_python,
    OpFailsOnSchema => retort::op_fails_on_schema,
    OpaqueStep => retort::opaque_step,
    ProjectProblem => retort::project_problem,
    MultipleHeads => history::multiple_heads,
    MissingParent => history::missing_parent,
    RevisionCycle => history::revision_cycle,
    DuplicateRevisionId => history::duplicate_revision_id,
    BranchLabelCollision => history::branch_label_collision,
    FilenameRevisionMismatch => history::filename_revision_mismatch,
    DocstringHeaderMismatch => history::docstring_header_mismatch,
    EmptyMigration => history::empty_migration,
    DownRevisionNotLatest => history::down_revision_not_latest,
    IllegalRevisionId => history::illegal_revision_id,
    ConflictingBranches => history::conflicting_branches,
    MissingDowngrade => reversibility::missing_downgrade,
    DowngradeIsPass => reversibility::downgrade_is_pass,
    DowngradeRaises => reversibility::downgrade_raises,
    OpNotReverted => reversibility::op_not_reverted,
    DowngradeOrder => reversibility::downgrade_order,
    IndexNotConcurrent => safety::index_not_concurrent,
    ConcurrentOutsideAutocommit => safety::concurrent_outside_autocommit,
    DropIndexNotConcurrent => safety::drop_index_not_concurrent,
    ForeignKeyNotValid => safety::foreign_key_not_valid,
    CheckNotValid => safety::check_not_valid,
    UniqueConstraintOnExistingTable => safety::unique_constraint_on_existing_table,
    SetNotNull => safety::set_not_null,
    AddNotNullWithoutDefault => safety::add_not_null_without_default,
    VolatileServerDefault => safety::volatile_server_default,
    ColumnTypeChange => safety::column_type_change,
    AddSerialPrimaryKey => safety::add_serial_primary_key,
    EnumAddValueInTransaction => safety::enum_add_value_in_transaction,
    MissingLockTimeout => safety::missing_lock_timeout,
    RenameColumn => safety::rename_column,
    RenameTable => safety::rename_table,
    DropColumn => safety::drop_column,
    DropTable => safety::drop_table,
    SeveralAltersSameTable => safety::several_alters_same_table,
    SqliteAlterOutsideBatch => portability::sqlite_alter_outside_batch,
    MysqlVarcharWithoutLength => portability::mysql_varchar_without_length,
    MysqlAlterWithoutExistingType => portability::mysql_alter_without_existing_type,
    UnnamedConstraint => portability::unnamed_constraint,
    NamingConventionMismatch => portability::naming_convention_mismatch,
    AutogenerateLeftoverComments => hygiene::autogenerate_leftover_comments,
    UnusedImport => hygiene::unused_import,
    AppImportInMigration => hygiene::app_import_in_migration,
    OrmModelInMigration => hygiene::orm_model_in_migration,
    PrintCall => hygiene::print_call,
    PreferOpOverRawDdl => hygiene::prefer_op_over_raw_ddl,
    SqlSyntaxError => sql::sql_syntax_error,
    UpdateWithoutWhere => sql::update_without_where,
    DeleteWithoutWhere => sql::delete_without_where,
    SelectStar => sql::select_star,
    Truncate => sql::truncate,
    SqlKeywordCase => sql::sql_keyword_case,
    SqlTrailingWhitespace => sql::sql_trailing_whitespace,
    SqlTabIndentation => sql::sql_tab_indentation,
}

const _: () = assert!(Rule::ALL.len() <= 128, "RuleSet is a u128 bitset");

impl Rule {
    /// The stable code.
    pub fn code(self) -> &'static str {
        self.meta().code
    }

    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        self.meta().name
    }

    /// Whether the rule reads the catalog before the revision. Those rules run during
    /// the catalog walk, in graph order; every other rule sees only its file and the
    /// graph, and runs on any thread (a test checks the list against the rules' code).
    pub fn reads_catalog(self) -> bool {
        matches!(
            self,
            Rule::SetNotNull
                | Rule::ColumnTypeChange
                | Rule::MysqlAlterWithoutExistingType
                | Rule::NamingConventionMismatch
                | Rule::ConflictingBranches
        )
    }

    /// The rule that reports the revision graph's problems of this kind: every kind has
    /// one, so none reaches `project-problem`.
    pub fn for_graph_problem(kind: ProblemKind) -> Rule {
        match kind {
            ProblemKind::DuplicateRevision => Rule::DuplicateRevisionId,
            ProblemKind::SelfLoop
            | ProblemKind::DependencySelfLoop
            | ProblemKind::Cycle
            | ProblemKind::DependencyCycle => Rule::RevisionCycle,
            ProblemKind::IllegalCharacters => Rule::IllegalRevisionId,
            ProblemKind::DuplicateBranchLabel => Rule::BranchLabelCollision,
            ProblemKind::MissingDependency
            | ProblemKind::MissingParent
            | ProblemKind::DownRevisionIsBranchLabel => Rule::MissingParent,
        }
    }

    /// The rule with this code or kebab-case name (codes case-insensitively).
    pub fn from_code_or_name(text: &str) -> Option<Rule> {
        let text = text.trim();
        Rule::ALL.iter().copied().find(|r| {
            let meta = r.meta();
            meta.name == text || meta.code.eq_ignore_ascii_case(text)
        })
    }

    fn index(self) -> u32 {
        Rule::ALL.iter().position(|r| *r == self).unwrap_or(0) as u32
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Rule::from_code_or_name(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule `{text}`")))
    }
}

/// A set of rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RuleSet(u128);

impl RuleSet {
    /// No rules.
    pub const fn empty() -> Self {
        Self(0)
    }

    /// The rules on by default: every rule that is not opt-in.
    pub fn default_enabled() -> Self {
        Rule::ALL
            .iter()
            .filter(|r| !r.meta().opt_in)
            .copied()
            .collect()
    }

    /// Every rule, opt-in ones included.
    pub fn all() -> Self {
        Rule::ALL.iter().copied().collect()
    }

    /// Whether `rule` is in the set.
    pub fn contains(self, rule: Rule) -> bool {
        self.0 & (1u128 << rule.index()) != 0
    }

    /// Adds `rule`.
    pub fn insert(&mut self, rule: Rule) {
        self.0 |= 1u128 << rule.index();
    }

    /// Removes `rule`.
    pub fn remove(&mut self, rule: Rule) {
        self.0 &= !(1u128 << rule.index());
    }

    /// The rules in the set, in registry order.
    pub fn iter(self) -> impl Iterator<Item = Rule> {
        Rule::ALL.iter().copied().filter(move |r| self.contains(*r))
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl FromIterator<Rule> for RuleSet {
    fn from_iter<I: IntoIterator<Item = Rule>>(iter: I) -> Self {
        let mut set = RuleSet::empty();
        for rule in iter {
            set.insert(rule);
        }
        set
    }
}

/// What `select` / `ignore` entries may name: `ALL`, a group (`safety`), a code prefix
/// (`SAF`, `SAF01`), or one rule by code or name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selector {
    /// Every rule.
    All,
    /// A group's rules.
    Group(Group),
    /// Rules whose code starts with the prefix.
    Prefix(&'static str, usize),
    /// One rule.
    Rule(Rule),
}

impl Selector {
    /// Parses a selector; `None` when it names nothing.
    pub fn parse(text: &str) -> Option<Selector> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("ALL") {
            return Some(Selector::All);
        }
        if let Some(rule) = Rule::from_code_or_name(text) {
            return Some(Selector::Rule(rule));
        }
        if let Some(group) = Group::ALL.iter().find(|g| g.name() == text) {
            return Some(Selector::Group(*group));
        }
        let upper = text.to_ascii_uppercase();
        Rule::ALL
            .iter()
            .find(|r| r.code().starts_with(&upper) && !upper.is_empty())
            .map(|r| Selector::Prefix(r.code(), upper.len()))
    }

    /// The rules selected. Opt-in rules are selected only by their own code or name.
    pub fn rules(self) -> RuleSet {
        match self {
            Selector::Rule(rule) => std::iter::once(rule).collect(),
            Selector::All => RuleSet::default_enabled(),
            Selector::Group(group) => Rule::ALL
                .iter()
                .filter(|r| r.meta().group == group && !r.meta().opt_in)
                .copied()
                .collect(),
            Selector::Prefix(code, len) => {
                let prefix = code.get(..len).unwrap_or(code);
                Rule::ALL
                    .iter()
                    .filter(|r| r.code().starts_with(prefix) && !r.meta().opt_in)
                    .copied()
                    .collect()
            }
        }
    }

    /// The rules named, opt-in ones included (for `ignore`, which may name anything).
    pub fn rules_including_opt_in(self) -> RuleSet {
        match self {
            Selector::Rule(rule) => std::iter::once(rule).collect(),
            Selector::All => RuleSet::all(),
            Selector::Group(group) => Rule::ALL
                .iter()
                .filter(|r| r.meta().group == group)
                .copied()
                .collect(),
            Selector::Prefix(code, len) => {
                let prefix = code.get(..len).unwrap_or(code);
                Rule::ALL
                    .iter()
                    .filter(|r| r.code().starts_with(prefix))
                    .copied()
                    .collect()
            }
        }
    }
}
