//! Rendering findings: text with the source line and a caret (as ruff does), JSON,
//! SARIF 2.1.0 and GitHub workflow annotations. Rendering is separate from finding.

use std::collections::HashMap;
use std::fmt::Write;

use retort_ir::{LineCol, LineIndex, Severity, TextRange};
use serde::Serialize;
use serde_json::{json, Value};

use crate::finding::{Applicability, Finding};
use crate::registry::Rule;

/// The source texts findings point into, by path.
#[derive(Debug, Default)]
pub struct Sources<'a> {
    files: HashMap<&'a str, (&'a str, LineIndex)>,
}

impl<'a> Sources<'a> {
    /// Indexes `(path, text)` pairs.
    pub fn new(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self {
            files: files
                .into_iter()
                .map(|(p, t)| (p, (t, LineIndex::new(t))))
                .collect(),
        }
    }

    fn get(&self, path: &str) -> Option<&(&'a str, LineIndex)> {
        self.files.get(path)
    }

    /// Line and column of `offset` in `path` (1:1 when the file is unknown).
    pub fn line_col(&self, path: &str, offset: u32) -> LineCol {
        match self.get(path) {
            Some((text, index)) => index.line_col(text, offset),
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
        if let Some((text, index)) = sources.get(&f.path) {
            let line_no = start.line as usize;
            let line = index.line_text(text, line_no.saturating_sub(1));
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

/// Where a range is, for JSON output. Fields in alphabetical order, as the output has
/// always had them.
#[derive(Serialize)]
struct JsonLocation {
    column: u32,
    end: u32,
    end_column: u32,
    end_line: u32,
    line: u32,
    start: u32,
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

/// JSON output: an array of findings with byte ranges and lines / columns.
pub fn render_json(findings: &[Finding], sources: &Sources<'_>) -> String {
    let mut out = Vec::new();
    // Writing to a `Vec` cannot fail, and serde_json writes UTF-8.
    let _ = write_json(findings, sources, &mut out, 1);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render_json`] written to `out`, the rows formatted on up to `threads` threads (0
/// or 1: the calling thread only): a long history has ~10,000 findings, megabytes of
/// JSON. The bytes are the same whatever the number of threads.
pub fn write_json(
    findings: &[Finding],
    sources: &Sources<'_>,
    out: &mut dyn std::io::Write,
    threads: usize,
) -> std::io::Result<()> {
    if findings.is_empty() {
        return out.write_all(b"[]\n");
    }
    // serde_json's pretty array, element by element: `[`, each row on its own lines
    // indented by two spaces (strings never hold a raw newline), `,` between, `]`.
    let rows = |part: &[Finding]| -> Vec<u8> {
        let mut buf = Vec::with_capacity(part.len() * 1024);
        let mut row = Vec::with_capacity(2048);
        for (i, f) in part.iter().enumerate() {
            if i > 0 {
                buf.extend_from_slice(b",\n");
            }
            row.clear();
            // Serialising to a `Vec` cannot fail.
            let _ = serde_json::to_writer_pretty(&mut row, &json_row(f, sources));
            buf.extend_from_slice(b"  ");
            for &b in &row {
                buf.push(b);
                if b == b'\n' {
                    buf.extend_from_slice(b"  ");
                }
            }
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

fn json_row<'a>(f: &'a Finding, sources: &Sources<'_>) -> JsonFinding<'a> {
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

    #[test]
    fn json_is_serde_jsons_pretty_array_on_any_number_of_threads() {
        let source = "revision = 'a'\n# é comment\nop.drop_table(\"t\")\n";
        let sources = Sources::new([("v/a.py", source)]);
        let findings: Vec<Finding> = (0..2500u32)
            .map(|i| {
                let range = TextRange::new(i % 40, i % 40 + 3);
                let f = Finding::new(Rule::DropTable, "v/a.py", range, format!("m\n\"{i}\""))
                    .with_help("h");
                if i % 3 == 0 {
                    Finding {
                        fix: Some(Fix::safe("t", vec![Edit::replace(range, "x\ny")])),
                        ..f
                    }
                } else {
                    f
                }
            })
            .collect();
        for n in [0, 1, 2500] {
            let rows: Vec<JsonFinding<'_>> = findings[..n]
                .iter()
                .map(|f| json_row(f, &sources))
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
