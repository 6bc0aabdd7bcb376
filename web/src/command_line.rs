//! A console line as the `alembic` CLI reads it: words split as a shell splits
//! them, the options, and which worker runs the command.
//!
//! Pure and small: the page reads it to route a line (graph commands to the
//! analysis worker, what needs a database or offline SQL to the engine worker),
//! and each worker reads it again to run the line.

/// Commands that need the engine worker: a database (`upgrade`, `downgrade`,
/// `stamp`, `current`), offline SQL (`upgrade … --sql`) or the models (`check`).
const ENGINE_COMMANDS: [&str; 5] = ["upgrade", "downgrade", "stamp", "current", "check"];

/// One console line, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    /// Every word, `alembic` included when typed.
    pub words: Vec<String>,
    /// The command (`history`, `upgrade`, …), after an optional `alembic`.
    pub command: Option<String>,
    /// What follows the command.
    pub options: Options,
}

/// The options of one command.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub verbose: bool,
    pub sql: bool,
    pub purge: bool,
    pub indicate_current: bool,
    pub resolve_dependencies: bool,
    pub check_heads: bool,
    pub rev_range: Option<String>,
    pub positional: Vec<String>,
    /// Options no command here takes.
    pub unknown: Vec<String>,
}

impl CommandLine {
    pub fn parse(line: &str) -> CommandLine {
        let words = split_words(line);
        let mut args: &[String] = &words;
        if args.first().map(String::as_str) == Some("alembic") {
            args = &args[1..];
        }
        let command = args.first().cloned();
        let options = parse_options(args.get(1..).unwrap_or_default());
        CommandLine {
            words,
            command,
            options,
        }
    }

    /// Whether the engine worker runs this line.
    pub fn runs_in_engine(&self) -> bool {
        self.command
            .as_deref()
            .is_some_and(|c| ENGINE_COMMANDS.contains(&c))
    }
}

fn parse_options(args: &[String]) -> Options {
    let mut options = Options::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "-v" | "--verbose" => options.verbose = true,
            "--sql" => options.sql = true,
            "--purge" => options.purge = true,
            "-i" | "--indicate-current" => options.indicate_current = true,
            "--resolve-dependencies" => options.resolve_dependencies = true,
            "--check-heads" => options.check_heads = true,
            "-r" | "--rev-range" => options.rev_range = iter.next().cloned(),
            other => {
                if let Some(range) = other
                    .strip_prefix("--rev-range=")
                    .or_else(|| other.strip_prefix("-r"))
                {
                    options.rev_range = Some(range.to_owned());
                } else if other.starts_with("--")
                    || (other.starts_with('-')
                        && !other[1..].starts_with(|c: char| c.is_ascii_digit()))
                {
                    options.unknown.push(other.to_owned());
                } else {
                    options.positional.push(other.to_owned());
                }
            }
        }
    }
    options
}

/// Words of a command line, with `'…'` and `"…"` quoting as a shell does.
pub fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}
