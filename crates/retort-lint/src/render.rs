//! Rendering findings: text with the source line and a caret (as ruff does), JSON,
//! SARIF 2.1.0 and GitHub workflow annotations. Rendering is separate from finding.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::OnceLock;

use retort_ir::{LineCol, LineIndex, Severity, TextRange};
use serde_json::{json, Value};

use crate::finding::{Applicability, Finding};
use crate::registry::Rule;

/// The source texts findings point into, by path.
#[derive(Debug, Default)]
pub struct Sources<'a> {
    files: HashMap<&'a str, SourceText<'a>>,
}

/// One file's text and, once asked for, its line index.
#[derive(Debug)]
struct SourceText<'a> {
    text: &'a str,
    // Built on first use: only files with findings need one, and the rows of a long
    // history are formatted on several threads.
    index: OnceLock<LineIndex>,
}

impl<'a> SourceText<'a> {
    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(self.text))
    }

    fn line_col(&self, offset: u32) -> LineCol {
        self.index().line_col(self.text, offset)
    }
}

impl<'a> Sources<'a> {
    /// Indexes `(path, text)` pairs.
    pub fn new(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self {
            files: files
                .into_iter()
                .map(|(p, text)| {
                    let index = OnceLock::new();
                    (p, SourceText { text, index })
                })
                .collect(),
        }
    }

    fn get(&self, path: &str) -> Option<&SourceText<'a>> {
        self.files.get(path)
    }

    /// Line and column of `offset` in `path` (1:1 when the file is unknown).
    pub fn line_col(&self, path: &str, offset: u32) -> LineCol {
        match self.get(path) {
            Some(file) => file.line_col(offset),
            None => LineCol { line: 1, column: 1 },
        }
    }

    fn range(&self, path: &str, range: TextRange) -> (LineCol, LineCol) {
        (
            self.line_col(path, range.start),
            self.line_col(path, range.end),
        )
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn has_safe_fix(f: &Finding) -> bool {
    f.fix
        .as_ref()
        .is_some_and(|fix| fix.applicability == Applicability::Safe)
}

/// Text output: `path:line:col: CODE [*] message`, the source line with a caret under
/// the range, the help, and a summary.
pub fn render_text(findings: &[Finding], sources: &Sources<'_>) -> String {
    let mut out = String::new();
    for f in findings {
        let start = sources.line_col(&f.path, f.range.start);
        let fixable = if has_safe_fix(f) { " [*]" } else { "" };
        let _ = writeln!(
            out,
            "{}:{}:{}: {}{fixable} {} ({}, {})",
            f.path,
            start.line,
            start.column,
            f.code,
            f.message,
            f.rule.name(),
            severity_word(f.severity)
        );
        if let Some(file) = sources.get(&f.path) {
            let line_no = start.line as usize;
            let line = file.index().line_text(file.text, line_no.saturating_sub(1));
            let gutter = line_no.to_string().len();
            let pad = " ".repeat(gutter);
            let end = sources.line_col(&f.path, f.range.end);
            let line_chars = line.chars().count() as u32;
            let first = start.column.saturating_sub(1).min(line_chars);
            let last = if end.line == start.line {
                end.column.saturating_sub(1).min(line_chars)
            } else {
                line_chars
            };
            let width = last.saturating_sub(first).max(1) as usize;
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{line_no} | {line}");
            let indent: String = line
                .chars()
                .take(first as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} | {indent}{} {}", "^".repeat(width), f.code);
            let _ = writeln!(out, "{pad} |");
            if let Some(help) = &f.help {
                let _ = writeln!(out, "{pad} = help: {help}");
            }
            if let Some(fix) = &f.fix {
                let kind = match fix.applicability {
                    Applicability::Safe => "fix",
                    Applicability::Unsafe => "unsafe fix",
                };
                let _ = writeln!(out, "{pad} = {kind}: {}", fix.title);
            }
        } else if let Some(help) = &f.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        out.push('\n');
    }
    out.push_str(&summary(findings));
    out
}

/// `Found 3 problems (1 error, 2 warnings).` and the fixable count.
pub fn summary(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "All checks passed!\n".to_owned();
    }
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    for (sev, word) in [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "info"),
    ] {
        let n = count(sev);
        if n > 0 {
            parts.push(if sev == Severity::Info {
                format!("{n} info")
            } else {
                plural(n, word)
            });
        }
    }
    let mut out = format!(
        "Found {} ({}).\n",
        plural(findings.len(), "problem"),
        parts.join(", ")
    );
    let fixable = findings.iter().filter(|f| has_safe_fix(f)).count();
    if fixable > 0 {
        let _ = writeln!(out, "[*] {fixable} fixable with `retort lint --fix`.");
    }
    out
}

/// JSON output: an array of findings with byte ranges and lines / columns.
pub fn render_json(findings: &[Finding], sources: &Sources<'_>) -> String {
    let mut out = Vec::new();
    // Writing to a `Vec` cannot fail, and only UTF-8 is written.
    let _ = write_json(findings, sources, &mut out, 1);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render_json`] written to `out`, the rows formatted on up to `threads` threads (0
/// or 1: the calling thread only): a long history has ~10,000 findings, megabytes of
/// JSON. The bytes are the same whatever the number of threads.
///
/// The bytes are serde_json's pretty printing of an array of rows whose fields are in
/// alphabetical order (as the output has always been); they are written by hand, since
/// going through serde cost a tenth of a long history's lint (a test compares the two).
pub fn write_json(
    findings: &[Finding],
    sources: &Sources<'_>,
    out: &mut dyn std::io::Write,
    threads: usize,
) -> std::io::Result<()> {
    if findings.is_empty() {
        return out.write_all(b"[]\n");
    }
    let rows = |part: &[Finding]| -> Vec<u8> {
        let mut buf = Vec::with_capacity(part.len() * 1024);
        // Findings come sorted by path: look each file up once.
        let mut file: Option<(&str, Option<&SourceText<'_>>)> = None;
        for (i, f) in part.iter().enumerate() {
            if i > 0 {
                buf.extend_from_slice(b",\n");
            }
            let source = match file {
                Some((path, source)) if path == f.path => source,
                _ => {
                    let source = sources.get(&f.path);
                    file = Some((&f.path, source));
                    source
                }
            };
            json_row(&mut buf, f, source);
        }
        buf
    };
    let chunk = findings.len().div_ceil(threads.max(1)).max(1024);
    let parts: Vec<Vec<u8>> = if chunk < findings.len() {
        std::thread::scope(|scope| {
            let handles: Vec<_> = findings
                .chunks(chunk)
                .map(|part| scope.spawn(move || rows(part)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    } else {
        vec![rows(findings)]
    };
    out.write_all(b"[\n")?;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        out.write_all(part)?;
    }
    out.write_all(b"\n]\n")
}

/// One finding as an element of the array: indented by two spaces, no trailing comma.
fn json_row(out: &mut Vec<u8>, f: &Finding, source: Option<&SourceText<'_>>) {
    out.extend_from_slice(b"  {\n    \"code\": ");
    json_str(out, &f.code);
    out.extend_from_slice(b",\n    \"fix\": ");
    match &f.fix {
        None => out.extend_from_slice(b"null"),
        Some(fix) => {
            out.extend_from_slice(b"{\n      \"applicability\": ");
            json_str(
                out,
                match fix.applicability {
                    Applicability::Safe => "safe",
                    Applicability::Unsafe => "unsafe",
                },
            );
            out.extend_from_slice(b",\n      \"edits\": ");
            if fix.edits.is_empty() {
                out.extend_from_slice(b"[]");
            } else {
                out.extend_from_slice(b"[\n");
                for (i, e) in fix.edits.iter().enumerate() {
                    if i > 0 {
                        out.extend_from_slice(b",\n");
                    }
                    out.extend_from_slice(b"        {\n          \"content\": ");
                    json_str(out, &e.content);
                    out.extend_from_slice(b",\n          \"location\": ");
                    json_location(out, source, e.range, b"          ");
                    out.extend_from_slice(b"\n        }");
                }
                out.extend_from_slice(b"\n      ]");
            }
            out.extend_from_slice(b",\n      \"title\": ");
            json_str(out, &fix.title);
            out.extend_from_slice(b"\n    }");
        }
    }
    out.extend_from_slice(b",\n    \"group\": ");
    json_str(out, f.rule.meta().group.name());
    out.extend_from_slice(b",\n    \"help\": ");
    match &f.help {
        Some(help) => json_str(out, help),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\n    \"location\": ");
    json_location(out, source, f.range, b"    ");
    out.extend_from_slice(b",\n    \"message\": ");
    json_str(out, &f.message);
    out.extend_from_slice(b",\n    \"name\": ");
    json_str(out, f.rule.name());
    out.extend_from_slice(b",\n    \"path\": ");
    json_str(out, &f.path);
    out.extend_from_slice(b",\n    \"severity\": ");
    json_str(out, severity_word(f.severity));
    out.extend_from_slice(b"\n  }");
}

/// `{"column", "end", "end_column", "end_line", "line", "start"}` of `range`, the
/// object's fields indented by `indent` plus two spaces.
fn json_location(
    out: &mut Vec<u8>,
    source: Option<&SourceText<'_>>,
    range: TextRange,
    indent: &[u8],
) {
    let unknown = LineCol { line: 1, column: 1 };
    let (s, e) = source.map_or((unknown, unknown), |file| {
        (file.line_col(range.start), file.line_col(range.end))
    });
    let fields = [
        ("column", s.column),
        ("end", range.end),
        ("end_column", e.column),
        ("end_line", e.line),
        ("line", s.line),
        ("start", range.start),
    ];
    out.push(b'{');
    for (i, (name, value)) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'\n');
        out.extend_from_slice(indent);
        out.extend_from_slice(b"  \"");
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\": ");
        json_u32(out, value);
    }
    out.push(b'\n');
    out.extend_from_slice(indent);
    out.push(b'}');
}

/// A number in decimal.
fn json_u32(out: &mut Vec<u8>, mut value: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Whether any of the 8 bytes of `word` needs escaping in a JSON string (below 0x20,
/// `"` or `\\`): the usual has-zero-byte test, exact as a yes / no answer.
fn needs_escape(word: u64) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let has_quote = quote.wrapping_sub(ONES) & !quote;
    let has_backslash = backslash.wrapping_sub(ONES) & !backslash;
    (below_space | has_quote | has_backslash) & HIGH != 0
}

/// A JSON string as serde_json writes it: `"` and `\\` escaped, the control characters
/// as `\n`-style escapes or `\u00XX`, everything else (non-ASCII included) as is.
fn json_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none needs escaping: most text needs none.
        if let Some(word) = bytes[i..].first_chunk::<8>() {
            if !needs_escape(u64::from_ne_bytes(*word)) {
                i += 8;
                continue;
            }
        }
        let at = i;
        let b = bytes[at];
        i += 1;
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.extend_from_slice(&bytes[start..at]);
        start = at + 1;
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]),
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// GitHub Actions workflow commands (`::error file=…,line=…::message`).
pub fn render_github(findings: &[Finding], sources: &Sources<'_>) -> String {
    fn data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for f in findings {
        let (s, e) = sources.range(&f.path, f.range);
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let help = f
            .help
            .as_deref()
            .map(|h| format!("\n{h}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "::{level} title={},file={},line={},col={},endLine={},endColumn={}::{}",
            property(&format!("{} ({})", f.code, f.rule.name())),
            property(&f.path),
            s.line,
            s.column,
            e.line,
            e.column,
            data(&format!("{}{help}", f.message))
        );
    }
    out
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(sources: &Sources<'_>, path: &str, range: TextRange) -> Value {
    let (s, e) = sources.range(path, range);
    json!({
        "startLine": s.line, "startColumn": s.column,
        "endLine": e.line, "endColumn": e.column,
    })
}

/// SARIF 2.1.0: one run, every rule described, one result per finding (with fixes).
pub fn render_sarif(findings: &[Finding], sources: &Sources<'_>, version: &str) -> String {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            let meta = r.meta();
            json!({
                "id": meta.code,
                "name": meta.name,
                "shortDescription": { "text": meta.summary() },
                "fullDescription": { "text": meta.summary() },
                "help": { "text": meta.doc_text(), "markdown": meta.doc_text() },
                "defaultConfiguration": { "level": sarif_level(meta.severity), "enabled": !meta.opt_in },
                "properties": { "tags": [meta.group.name()] },
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = Rule::ALL.iter().position(|r| *r == f.rule).unwrap_or(0);
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message.push(' ');
                message.push_str(help);
            }
            let mut result = json!({
                "ruleId": f.code,
                "ruleIndex": index,
                "level": sarif_level(f.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": f.path },
                        "region": region(sources, &f.path, f.range),
                    }
                }],
            });
            if let (Some(fix), Some(obj)) = (&f.fix, result.as_object_mut()) {
                obj.insert(
                    "fixes".to_owned(),
                    json!([{
                        "description": { "text": fix.title },
                        "artifactChanges": [{
                            "artifactLocation": { "uri": f.path },
                            "replacements": fix.edits.iter().map(|e| json!({
                                "deletedRegion": region(sources, &f.path, e.range),
                                "insertedContent": { "text": e.content },
                            })).collect::<Vec<_>>(),
                        }],
                    }]),
                );
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "retort",
                    "version": version,
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_owned()) + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Edit, Fix};
    use serde::Serialize;

    // What `write_json` must write: these rows through serde_json's pretty printer.
    #[derive(Serialize)]
    struct JsonLocation {
        column: u32,
        end: u32,
        end_column: u32,
        end_line: u32,
        line: u32,
        start: u32,
    }

    #[derive(Serialize)]
    struct JsonFinding<'a> {
        code: &'a str,
        fix: Option<JsonFix<'a>>,
        group: &'static str,
        help: Option<&'a str>,
        location: JsonLocation,
        message: &'a str,
        name: &'static str,
        path: &'a str,
        severity: &'static str,
    }

    #[derive(Serialize)]
    struct JsonFix<'a> {
        applicability: &'static str,
        edits: Vec<JsonEdit<'a>>,
        title: &'a str,
    }

    #[derive(Serialize)]
    struct JsonEdit<'a> {
        content: &'a str,
        location: JsonLocation,
    }

    fn location(sources: &Sources<'_>, path: &str, range: TextRange) -> JsonLocation {
        let (s, e) = sources.range(path, range);
        JsonLocation {
            column: s.column,
            end: range.end,
            end_column: e.column,
            end_line: e.line,
            line: s.line,
            start: range.start,
        }
    }

    fn reference_row<'a>(f: &'a Finding, sources: &Sources<'_>) -> JsonFinding<'a> {
        JsonFinding {
            code: &f.code,
            fix: f.fix.as_ref().map(|fix| JsonFix {
                applicability: match fix.applicability {
                    Applicability::Safe => "safe",
                    Applicability::Unsafe => "unsafe",
                },
                edits: fix
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        content: &e.content,
                        location: location(sources, &f.path, e.range),
                    })
                    .collect(),
                title: &fix.title,
            }),
            group: f.rule.meta().group.name(),
            help: f.help.as_deref(),
            location: location(sources, &f.path, f.range),
            message: &f.message,
            name: f.rule.name(),
            path: &f.path,
            severity: severity_word(f.severity),
        }
    }

    #[test]
    fn json_is_serde_jsons_pretty_array_on_any_number_of_threads() {
        let source = "revision = 'a'\n# é comment\r\nop.drop_table(\"t\")\n";
        let sources = Sources::new([("v/a.py", source), ("v/b\"\\.py", "x\n")]);
        // Every byte serde_json escapes, non-ASCII text, and the ASCII around them.
        let nasty: String = (0u8..0x80).map(char::from).chain("é→😀".chars()).collect();
        let findings: Vec<Finding> = (0..2500u32)
            .map(|i| {
                let range = TextRange::new(i % 40, i % 40 + 3);
                let path = if i % 7 == 0 { "v/b\"\\.py" } else { "v/a.py" };
                let message = match i % 5 {
                    0 => format!("{nasty}{i}"),
                    // An escaped byte at every offset of an eight-byte word.
                    1 => format!(
                        "{}\\{}\u{1f}{i}",
                        "x".repeat(i as usize % 17),
                        "é".repeat(i as usize % 9)
                    ),
                    _ => format!("m\n\"{i}\""),
                };
                let f = Finding::new(Rule::DropTable, path, range, message);
                let f = if i % 2 == 0 { f.with_help("h\t") } else { f };
                match i % 3 {
                    0 => Finding {
                        fix: Some(Fix::safe("t", vec![Edit::replace(range, "x\ny")])),
                        ..f
                    },
                    1 if i % 4 == 1 => Finding {
                        fix: Some(Fix::unsafe_(
                            nasty.clone(),
                            vec![Edit::insert(2, "a"), Edit::delete(TextRange::new(5, 9))],
                        )),
                        ..f
                    },
                    1 => Finding {
                        fix: Some(Fix::unsafe_("none", Vec::new())),
                        ..f
                    },
                    _ => f,
                }
            })
            .collect();
        for n in [0, 1, 2500] {
            let rows: Vec<JsonFinding<'_>> = findings[..n]
                .iter()
                .map(|f| reference_row(f, &sources))
                .collect();
            let expected = serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n";
            for threads in [1, 3] {
                let mut out = Vec::new();
                assert!(write_json(&findings[..n], &sources, &mut out, threads).is_ok());
                assert_eq!(
                    String::from_utf8(out).unwrap_or_default(),
                    expected,
                    "{n} rows, {threads} threads"
                );
            }
        }
    }
}
