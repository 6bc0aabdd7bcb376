//! What a revision file's Python says besides its migration ops.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::TextRange;

/// The Python-level facts of a file: comments, imports, the names it reads, calls and
/// class definitions. The front end collects them in the same parse as the ops, for
/// the checks that look at the Python itself (unused or application imports, `print`,
/// ORM models, suppression comments).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PythonFacts {
    /// Comment tokens (the `#` included).
    pub comments: Vec<TextRange>,
    /// Every name an import statement binds.
    pub imports: Vec<ImportBinding>,
    /// Names read anywhere (`Name` loads, attribute roots, `__all__` strings, names in
    /// dotted string annotations).
    pub used_names: BTreeSet<String>,
    /// Calls whose callee is a dotted name, in source order.
    pub calls: Vec<CallSite>,
    /// Class definitions.
    pub classes: Vec<ClassDef>,
    /// Names assigned or defined at module level or in functions (shadowing builtins).
    pub defined_names: BTreeSet<String>,
}

impl PythonFacts {
    /// Whether `name` is the builtin (not rebound in the file).
    pub fn is_builtin(&self, name: &str) -> bool {
        !self.defined_names.contains(name) && !self.imports.iter().any(|i| i.binding == name)
    }
}

/// One name bound by an import statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportBinding {
    /// The module imported from (`sqlalchemy.orm` for `from sqlalchemy.orm import Session`,
    /// `os.path` for `import os.path`), without leading dots.
    pub module: String,
    /// Relative import level (`from . import x` is 1).
    pub level: u32,
    /// For a from-import: the imported name.
    pub member: Option<String>,
    /// The local name it binds (`os` for `import os.path`).
    pub binding: String,
    /// The alias (`x as y`) range.
    pub alias_range: TextRange,
    /// The whole import statement.
    pub stmt_range: TextRange,
    /// Ranges of every alias of the statement, in order.
    pub siblings: Vec<TextRange>,
    /// The statement is at module level (not in a function, class or block).
    pub module_level: bool,
    /// Inside `if TYPE_CHECKING:` / `try:` or another block.
    pub in_block: bool,
}

/// A call expression whose callee is a dotted name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallSite {
    /// The callee as dotted source text (`print`, `sa.orm.Session`, `session.query`).
    pub callee: String,
    /// The call.
    pub range: TextRange,
}

/// A class definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassDef {
    /// The class name.
    pub name: String,
    /// The name's range.
    pub name_range: TextRange,
    /// Base classes as dotted source text.
    pub bases: Vec<String>,
    /// Assigns `__tablename__` or `__table__` in its body, or annotates with `Mapped[...]`.
    pub mapped: bool,
}
