//! Findings are values: what a rule reports, rendered elsewhere.

use retort_ir::{Diagnostic, Severity, TextRange};
use serde::{Deserialize, Serialize};

use crate::registry::Rule;

/// Whether a fix can be applied without a human looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    /// Keeps the migration's meaning: `retort lint --fix` applies it.
    Safe,
    /// Changes what the migration does (usually for the better): shown, never applied
    /// automatically.
    Unsafe,
}

/// Replace the bytes of `range` with `content` (an insertion when the range is empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Edit {
    /// The bytes replaced.
    pub range: TextRange,
    /// The replacement.
    pub content: String,
}

impl Edit {
    /// Replaces `range` with `content`.
    pub fn replace(range: TextRange, content: impl Into<String>) -> Self {
        Self {
            range,
            content: content.into(),
        }
    }

    /// Inserts `content` at `offset`.
    pub fn insert(offset: u32, content: impl Into<String>) -> Self {
        Self::replace(TextRange::empty(offset), content)
    }

    /// Deletes `range`.
    pub fn delete(range: TextRange) -> Self {
        Self::replace(range, "")
    }
}

/// A suggested change to the source: edits applied together, never overlapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// What the fix does, e.g. "Remove unused import `os`".
    pub title: String,
    /// Safe or unsafe.
    pub applicability: Applicability,
    /// The edits, in source order.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix that keeps the migration's meaning.
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, Applicability::Safe, edits)
    }

    /// A fix that changes what the migration does.
    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self::new(title, Applicability::Unsafe, edits)
    }

    fn new(title: impl Into<String>, applicability: Applicability, mut edits: Vec<Edit>) -> Self {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Self {
            title: title.into(),
            applicability,
            edits,
        }
    }

    /// The range covering every edit.
    pub fn range(&self) -> Option<TextRange> {
        self.edits.iter().map(|e| e.range).reduce(TextRange::cover)
    }
}

/// One problem a rule found in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule that reported it (serialised as its kebab-case name).
    pub rule: Rule,
    /// The rule's stable code, e.g. `SAF001`.
    pub code: String,
    /// How bad it is (the rule's default unless configured otherwise).
    pub severity: Severity,
    /// What is wrong and why, in a sentence or two.
    pub message: String,
    /// What to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The file, as the user named it.
    pub path: String,
    /// Where in that file (byte offsets).
    pub range: TextRange,
    /// A suggested change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

impl Finding {
    /// Where a finding that reports `diagnostic` (a problem loading the project) is:
    /// its file (`""` for the project itself) and its range (the file's start when it
    /// has none).
    pub fn place_of(diagnostic: &Diagnostic) -> (&str, TextRange) {
        (
            diagnostic.path.as_deref().unwrap_or(""),
            diagnostic.range.unwrap_or_else(|| TextRange::empty(0)),
        )
    }

    /// Whether this finding is at the place of `diagnostic` ([`Finding::place_of`]):
    /// a view listing both keeps the finding, which says what to do.
    pub fn reports(&self, diagnostic: &Diagnostic) -> bool {
        Self::place_of(diagnostic) == (self.path.as_str(), self.range)
    }

    /// A finding of `rule` at `range` in `path`, with the rule's default severity.
    pub fn new(rule: Rule, path: &str, range: TextRange, message: impl Into<String>) -> Self {
        let meta = rule.meta();
        Self {
            rule,
            code: meta.code.to_owned(),
            severity: meta.severity,
            message: message.into(),
            help: None,
            path: path.to_owned(),
            range,
            fix: None,
        }
    }

    /// Sets what to do about it.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches a fix.
    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}
