//! `# retort: ignore[CODE, …]` and `# retort: ignore-file[…]` comments: parsing, applying,
//! and the findings about the comments themselves.

use retort_ir::{LineIndex, TextRange};

use crate::finding::{Edit, Finding, Fix};
use crate::python::whole_line_range;
use crate::registry::{Rule, RuleSet};

/// One rule named in a suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SuppressedCode {
    /// As written.
    pub text: String,
    /// Where it is written.
    pub range: TextRange,
    /// The rule, when the text names one.
    pub rule: Option<Rule>,
    /// Whether it suppressed a finding.
    pub used: bool,
}

/// A suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Suppression {
    /// The whole comment token.
    pub comment: TextRange,
    /// The `retort: ignore[…]` directive inside it (from `#` or `retort`).
    pub directive: TextRange,
    /// `ignore-file`.
    pub file_level: bool,
    /// The 0-based line of the comment.
    pub line: usize,
    /// The comment is alone on its line (so it covers the next line too).
    pub own_line: bool,
    /// The codes.
    pub codes: Vec<SuppressedCode>,
    /// `# retort: ignore` with no `[...]` or an empty one.
    pub malformed: bool,
}

/// Parses the suppression comments among `comments`.
pub(crate) fn parse(source: &str, comments: &[TextRange], index: &LineIndex) -> Vec<Suppression> {
    let mut out = Vec::new();
    for &comment in comments {
        let Some(text) = source.get(comment.start as usize..comment.end as usize) else {
            continue;
        };
        let Some(at) = text.find("retort:") else {
            continue;
        };
        let mut rest = text[at + "retort:".len()..].trim_start();
        let file_level = if let Some(r) = rest.strip_prefix("ignore-file") {
            rest = r;
            true
        } else if let Some(r) = rest.strip_prefix("ignore") {
            rest = r;
            false
        } else {
            continue;
        };
        // The directive begins at the `#` when it is the first thing in the comment.
        let directive_start = if text[..at].trim_start_matches('#').trim().is_empty() {
            comment.start
        } else {
            comment.start + at as u32
        };
        let rest_offset = comment.start as usize + (text.len() - rest.len());
        let line = index.line_of(comment.start);
        let line_start = index.line_start(line).unwrap_or(0) as usize;
        let own_line = source
            .get(line_start..comment.start as usize)
            .is_some_and(|s| s.trim().is_empty());
        let mut suppression = Suppression {
            comment,
            directive: TextRange::new(directive_start, comment.end),
            file_level,
            line,
            own_line,
            codes: Vec::new(),
            malformed: false,
        };
        match rest
            .strip_prefix('[')
            .and_then(|r| r.find(']').map(|end| (r, end)))
        {
            Some((inner, end)) => {
                let list_start = rest_offset + 1;
                suppression.directive.end = (list_start + end + 1) as u32;
                let mut offset = 0;
                for part in inner[..end].split(',') {
                    let trimmed = part.trim();
                    let lead = part.len() - part.trim_start().len();
                    if !trimmed.is_empty() {
                        let start = (list_start + offset + lead) as u32;
                        suppression.codes.push(SuppressedCode {
                            text: trimmed.to_owned(),
                            range: TextRange::new(start, start + trimmed.len() as u32),
                            rule: Rule::from_code_or_name(trimmed),
                            used: false,
                        });
                    }
                    offset += part.len() + 1;
                }
                if suppression.codes.is_empty() {
                    suppression.malformed = true;
                }
            }
            None => {
                // `# retort: ignore` must name its rules; a `# retort: ignore-...` typo too.
                if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                    suppression.malformed = true;
                } else {
                    continue;
                }
            }
        }
        out.push(suppression);
    }
    out
}

/// Removes the findings the comments suppress, marking the codes used.
pub(crate) fn apply(
    findings: Vec<Finding>,
    suppressions: &mut [Suppression],
    index: &LineIndex,
) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|finding| {
            let first = index.line_of(finding.range.start);
            let last = index.line_of(finding.range.end.max(finding.range.start));
            let mut suppressed = false;
            for s in suppressions.iter_mut() {
                let covers = s.file_level
                    || (first..=last).contains(&s.line)
                    || (s.own_line && s.line + 1 == first);
                if !covers {
                    continue;
                }
                for code in &mut s.codes {
                    if code.rule == Some(finding.rule) {
                        code.used = true;
                        suppressed = true;
                    }
                }
            }
            !suppressed
        })
        .collect()
}

/// The findings about the comments: unknown rules, malformed comments, codes that
/// suppressed nothing (only for rules that ran).
pub(crate) fn check(
    path: &str,
    source: &str,
    suppressions: &[Suppression],
    ran: RuleSet,
    enabled: RuleSet,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for s in suppressions {
        if s.malformed && enabled.contains(Rule::InvalidSuppression) {
            out.push(
                Finding::new(
                    Rule::InvalidSuppression,
                    path,
                    s.directive,
                    "This suppression comment names no rule, so it suppresses nothing.",
                )
                .with_help("Name the rules it is for: `# retort: ignore[SAF001, drop-column]`."),
            );
        }
        for code in &s.codes {
            match code.rule {
                None if enabled.contains(Rule::InvalidSuppression) => {
                    let known = nearest_rule(&code.text)
                        .map(|r| format!(" Did you mean `{}` ({})?", r.name(), r.code()))
                        .unwrap_or_default();
                    out.push(
                        Finding::new(
                            Rule::InvalidSuppression,
                            path,
                            code.range,
                            format!(
                                "`{}` is not a Retort rule, so this suppresses nothing.{known}",
                                code.text
                            ),
                        )
                        .with_help("Use a rule code or name from `retort rule --list`."),
                    );
                }
                Some(rule)
                    if !code.used
                        && ran.contains(rule)
                        && enabled.contains(Rule::UnusedSuppression) =>
                {
                    out.push(
                        Finding::new(
                            Rule::UnusedSuppression,
                            path,
                            code.range,
                            format!(
                                "Unused suppression: `{}` reports nothing here, so the comment hides nothing and would hide a future problem.",
                                code.text
                            ),
                        )
                        .with_help("Remove the code from the comment.")
                        .with_fix(remove_code_fix(source, s, code)),
                    );
                }
                _ => {}
            }
        }
    }
    out
}

/// A rule whose name shares most of `text`'s words, for "did you mean".
fn nearest_rule(text: &str) -> Option<Rule> {
    let words: Vec<&str> = text.split(['-', '_']).filter(|w| w.len() > 2).collect();
    if words.is_empty() {
        return None;
    }
    Rule::ALL
        .iter()
        .map(|r| {
            let score = words.iter().filter(|w| r.name().contains(**w)).count();
            (score, *r)
        })
        .filter(|(score, _)| *score * 2 >= words.len() && *score > 0)
        .max_by_key(|(score, _)| *score)
        .map(|(_, r)| r)
}

/// Removes one code from the list, or the whole directive when it is the only one.
fn remove_code_fix(source: &str, s: &Suppression, code: &SuppressedCode) -> Fix {
    if s.codes.len() == 1 {
        let whole_comment =
            s.directive.start == s.comment.start && s.directive.end >= trim_end(source, s.comment);
        let edit = if whole_comment {
            match whole_line_range(source, s.comment) {
                Some(line) if s.own_line => Edit::delete(line),
                _ => {
                    // Take the whitespace before a trailing comment with it.
                    let before = source.get(..s.comment.start as usize).unwrap_or("");
                    let ws = before.len() - before.trim_end_matches([' ', '\t']).len();
                    Edit::delete(TextRange::new(s.comment.start - ws as u32, s.comment.end))
                }
            }
        } else {
            Edit::delete(s.directive)
        };
        return Fix::safe(
            format!("Remove the suppression of `{}`", code.text),
            vec![edit],
        );
    }
    let position = s
        .codes
        .iter()
        .position(|c| c.range == code.range)
        .unwrap_or(0);
    let range = if position + 1 < s.codes.len() {
        TextRange::new(code.range.start, s.codes[position + 1].range.start)
    } else {
        TextRange::new(s.codes[position - 1].range.end, code.range.end)
    };
    Fix::safe(
        format!("Remove `{}` from the suppression", code.text),
        vec![Edit::delete(range)],
    )
}

fn trim_end(source: &str, range: TextRange) -> u32 {
    let text = source
        .get(range.start as usize..range.end as usize)
        .unwrap_or("");
    range.start + text.trim_end().len() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_and_ranges() {
        let source = "x = 1  # retort: ignore[SAF001, drop-column , nope]\n";
        let start = source.find('#').unwrap_or(0) as u32;
        let comments = [TextRange::new(start, source.len() as u32 - 1)];
        let index = LineIndex::new(source);
        let parsed = parse(source, &comments, &index);
        assert_eq!(parsed.len(), 1);
        let codes: Vec<_> = parsed[0]
            .codes
            .iter()
            .map(|c| {
                (
                    &source[c.range.start as usize..c.range.end as usize],
                    c.rule.is_some(),
                )
            })
            .collect();
        assert_eq!(
            codes,
            vec![("SAF001", true), ("drop-column", true), ("nope", false)]
        );
        assert!(!parsed[0].own_line);
    }
}
