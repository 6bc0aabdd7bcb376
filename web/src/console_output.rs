//! What a console line prints, as the workers build it: Alembic's texts split
//! into lines on their streams, Retort's remarks as notes, and Alembic's way of
//! ending on an error.

use retort_analysis::graph::{GraphError, GraphErrorKind};

use crate::protocol::{ConsoleLine, ConsoleResult, Stream};

/// The lines of one console answer.
pub struct Output {
    pub lines: Vec<ConsoleLine>,
    /// The `alembic_version` rows after the command, when it changed them.
    pub rows: Option<Vec<String>>,
    /// Clear the console first.
    pub clear: bool,
}

impl Output {
    /// An answer that starts by echoing what was typed.
    pub fn echo(line: &str) -> Output {
        Output {
            lines: vec![ConsoleLine::new(
                Stream::Input,
                format!("$ {}", line.trim()),
            )],
            rows: None,
            clear: false,
        }
    }

    pub fn push(&mut self, stream: Stream, text: &str) {
        // Alembic's texts end with a newline; the console shows lines.
        for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
            self.lines.push(ConsoleLine::new(stream, line));
        }
    }

    pub fn stdout(&mut self, text: &str) {
        if !text.is_empty() {
            self.push(Stream::Stdout, text);
        }
    }

    pub fn stderr(&mut self, text: &str) {
        if !text.is_empty() {
            self.push(Stream::Stderr, text);
        }
    }

    pub fn note(&mut self, text: &str) {
        self.push(Stream::Note, text);
    }

    pub fn result(self, id: u64) -> ConsoleResult {
        ConsoleResult {
            id,
            lines: self.lines,
            version_rows: self.rows,
            clear: self.clear,
        }
    }
}

/// How Alembic ends on an error: `FAILED:` (after an `ERROR` log line when env.py
/// ran), or a traceback whose last line is the exception.
pub fn fail(error: &GraphError, ran_env: bool, out: &mut Output) {
    out.stdout(&error.partial_stdout);
    match error.kind {
        GraphErrorKind::Failed => {
            if ran_env {
                out.stderr(&format!(
                    "ERROR [alembic.util.messaging] {}",
                    error.message()
                ));
            }
            out.stdout(&error.alembic_line());
        }
        GraphErrorKind::Crashed { .. } => {
            out.note("Alembic stops here with a traceback; its last line:");
            out.stderr(&error.alembic_line());
        }
    }
}
