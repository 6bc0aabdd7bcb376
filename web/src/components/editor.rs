use std::rc::Rc;

use retort_ir::Severity;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlDocument, HtmlTextAreaElement, KeyboardEvent, MouseEvent};
use yew::prelude::*;

use crate::highlight::{self, Token};
use crate::protocol::Problem;
use crate::state::Reveal;

/// Height of a line in pixels (style.css `--line-height` must agree).
pub const LINE_HEIGHT: f64 = 20.0;
/// Lines rendered above and below the visible ones.
const OVERSCAN: usize = 30;
/// Files larger than this are not coloured (typing stays fast).
const HIGHLIGHT_LIMIT: usize = 512 * 1024;
const INDENT: &str = "    ";

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub path: AttrValue,
    /// The text shown.
    pub text: AttrValue,
    /// Problems located in this file.
    pub problems: Rc<Vec<Problem>>,
    /// The problems describe an older text: shown dimmed, not as results.
    #[prop_or_default]
    pub stale: bool,
    #[prop_or_default]
    pub reveal: Option<Reveal>,
    /// Called with the whole new text on every edit.
    pub on_edit: Callback<String>,
    /// Ctrl/Cmd+Enter.
    pub on_run: Callback<()>,
}

/// The open file: a textarea over a highlighted copy of its text, with line
/// numbers, gutter marks by severity, underlined ranges, each result's message
/// at the end of its line, and the details under the line on hover.
///
/// A textarea cannot hold extra rows between lines, so a result's message sits
/// at the end of its line and the full text (help, rule) opens under the line
/// when the pointer is on it.
#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let scroller = use_node_ref();
    let textarea = use_node_ref();
    let viewport = use_state(|| (0.0_f64, 800.0_f64));
    let hover_line = use_state(|| None::<usize>);

    let lines = use_memo(props.text.clone(), |text| LineStarts::new(text));
    let tokens = use_memo(props.text.clone(), |text| {
        if text.len() > HIGHLIGHT_LIMIT {
            Vec::new()
        } else {
            highlight::tokens(text)
        }
    });
    let marks = use_memo(
        (props.text.clone(), props.problems.clone()),
        |(text, problems)| Marks::new(text, &LineStarts::new(text), problems),
    );

    // Track the visible window.
    {
        let viewport = viewport.clone();
        let scroller = scroller.clone();
        use_effect_with((), move |_| {
            if let Some(el) = scroller.cast::<Element>() {
                viewport.set((f64::from(el.scroll_top()), f64::from(el.client_height())));
            }
        });
    }
    let onscroll = {
        let viewport = viewport.clone();
        let scroller = scroller.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = scroller.cast::<Element>() {
                viewport.set((f64::from(el.scroll_top()), f64::from(el.client_height())));
            }
        })
    };

    // Reveal a line (problems panel, graph clicks).
    {
        let scroller = scroller.clone();
        let textarea = textarea.clone();
        let text = props.text.clone();
        let reveal = props.reveal.clone().filter(|r| *r.path == *props.path);
        use_effect_with(reveal, move |reveal| {
            if let Some(reveal) = reveal {
                let line = reveal.line.max(1) as usize - 1;
                if let Some(el) = scroller.cast::<Element>() {
                    let top = line as f64 * LINE_HEIGHT - f64::from(el.client_height()) / 3.0;
                    el.set_scroll_top(top.max(0.0) as i32);
                }
                if let Some(ta) = textarea.cast::<HtmlTextAreaElement>() {
                    let offset = utf16_offset_of_line(&text, line);
                    let _ = ta.focus();
                    let _ = ta.set_selection_range(offset, offset);
                }
            }
        });
    }

    let oninput = props
        .on_edit
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    let onkeydown = {
        let on_run = props.on_run.clone();
        let on_edit = props.on_edit.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                on_run.emit(());
            } else if event.key() == "Tab"
                && !event.alt_key()
                && !event.ctrl_key()
                && !event.meta_key()
            {
                event.prevent_default();
                let ta = event.target_unchecked_into::<HtmlTextAreaElement>();
                indent(&ta, event.shift_key(), &on_edit);
            }
        })
    };
    let onmousemove = {
        let hover_line = hover_line.clone();
        Callback::from(move |event: MouseEvent| {
            let line = (f64::from(event.offset_y()) / LINE_HEIGHT).floor().max(0.0) as usize;
            if *hover_line != Some(line) {
                hover_line.set(Some(line));
            }
        })
    };
    let onmouseleave = {
        let hover_line = hover_line.clone();
        Callback::from(move |_: MouseEvent| hover_line.set(None))
    };

    let line_count = lines.count();
    let (scroll_top, height) = *viewport;
    let first = ((scroll_top / LINE_HEIGHT) as usize).saturating_sub(OVERSCAN);
    let last = (((scroll_top + height) / LINE_HEIGHT).ceil() as usize + OVERSCAN).min(line_count);
    let first = first.min(last);
    let widest = lines.widest(&props.text);
    let digits = line_count.to_string().len().max(2);
    let style = format!("--lines:{line_count};--cols:{widest};--digits:{digits};--first:{first}");

    let text: &str = &props.text;
    let mut gutter = Vec::with_capacity(last - first);
    let mut rows = Vec::with_capacity(last - first);
    let mut token_index = tokens.partition_point(|t| t.end <= lines.start(first));
    for line in first..last {
        let (start, end) = lines.range(line, text);
        let line_marks = marks.on(line);
        let severity = line_marks.iter().map(|p| p.severity).max();
        let title = line_marks
            .iter()
            .map(|p| format!("{} {}: {}", severity_name(p.severity), p.code, p.message))
            .collect::<Vec<_>>()
            .join("\n");
        gutter.push(html! {
            <div class={classes!("gutter-line", severity.map(severity_class))} title={(!title.is_empty()).then_some(title)}>
                <span class="gutter-mark" aria-hidden="true">{ if severity.is_some() { "●" } else { "" } }</span>
                <span class="gutter-number">{ line + 1 }</span>
            </div>
        });
        while token_index < tokens.len() && tokens[token_index].end <= start {
            token_index += 1;
        }
        let segments = segments(
            text,
            start,
            end,
            &tokens[token_index..],
            &marks.underlines(line),
        );
        let messages: Html = line_marks
            .iter()
            .map(|p| {
                let class = classes!("inline-msg", severity_class(p.severity), props.stale.then_some("stale"));
                let testid = if props.stale { "diagnostic-stale" } else { "diagnostic" };
                html! {
                    <span {class} data-testid={testid} data-line={(line + 1).to_string()} data-code={p.code.clone()}>
                        { format!("{} {}", p.code, p.message) }
                    </span>
                }
            })
            .collect();
        rows.push(html! {
            <div class="code-line">
                <span class="code-text">
                    { for segments.into_iter().map(|(s, class)| html! { <span class={class}>{ s }</span> }) }
                </span>
                if !line_marks.is_empty() {
                    <span class="inline-msgs">{ messages }</span>
                }
            </div>
        });
    }

    let card = hover_line.and_then(|line| {
        let on_line = marks.on(line);
        // Under the line, or above it in the lower part of the view.
        let above = (line as f64 + 1.0) * LINE_HEIGHT > scroll_top + height * 0.6;
        (!on_line.is_empty()).then(|| {
            html! {
                <div class={classes!("hover-card", above.then_some("above"))}
                    style={format!("top:{}px", (line + 1) as f64 * LINE_HEIGHT)} role="tooltip">
                    { for on_line.iter().map(|p| html! {
                        <div class={classes!("hover-item", severity_class(p.severity))}>
                            <div class="hover-head">
                                <span class="hover-severity">{ severity_name(p.severity) }</span>
                                <span class="hover-code">{ p.code.clone() }</span>
                                if let Some(name) = &p.name { <span class="hover-name">{ name.clone() }</span> }
                            </div>
                            <div class="hover-message">{ p.message.clone() }</div>
                            if let Some(help) = &p.help { <div class="hover-help">{ help.clone() }</div> }
                        </div>
                    }) }
                </div>
            }
        })
    });

    html! {
        <div class="editor" style={style} ref={scroller} {onscroll}>
            <div class="editor-content">
                <div class="gutter" aria-hidden="true">
                    <div class="window">{ gutter }</div>
                </div>
                <div class="code">
                    <div class="highlight" aria-hidden="true">
                        <div class="window">{ rows }</div>
                    </div>
                    <textarea
                        ref={textarea}
                        class="input"
                        data-testid="editor"
                        aria-label={format!("Contents of {}", props.path)}
                        spellcheck="false"
                        autocapitalize="off"
                        autocomplete="off"
                        wrap="off"
                        value={props.text.clone()}
                        {oninput}
                        {onkeydown}
                        {onmousemove}
                        {onmouseleave}
                    />
                    { card }
                </div>
            </div>
        </div>
    }
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

pub fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Byte offsets where lines start (`\n` ends a line: the textarea's text has
/// no other line ends).
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self(starts)
    }

    pub fn count(&self) -> usize {
        self.0.len()
    }

    pub fn start(&self, line: usize) -> usize {
        self.0.get(line).copied().unwrap_or(usize::MAX)
    }

    /// The line's text range, without its `\n`.
    pub fn range(&self, line: usize, text: &str) -> (usize, usize) {
        let start = self.0[line];
        let end = self.0.get(line + 1).map_or(text.len(), |next| next - 1);
        (start, end)
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    /// The longest line, in characters.
    fn widest(&self, text: &str) -> usize {
        (0..self.count())
            .map(|l| {
                let (s, e) = self.range(l, text);
                e - s
            })
            .max()
            .unwrap_or(0)
    }
}

/// Problems by line, and the underlined byte ranges of each line.
struct Marks {
    by_line: Vec<(usize, Problem)>,
    /// (line, start, end, severity), byte offsets in the text.
    underlines: Vec<(usize, usize, usize, Severity)>,
}

impl Marks {
    fn new(text: &str, lines: &LineStarts, problems: &[Problem]) -> Self {
        let mut by_line = Vec::new();
        let mut underlines = Vec::new();
        for p in problems {
            let (start, end) = match p.range {
                Some(r) => (
                    floor_char(text, r.start as usize),
                    floor_char(text, r.end as usize),
                ),
                None => (0, 0),
            };
            let first = lines.line_of(start);
            by_line.push((first, p.clone()));
            if p.range.is_none() {
                continue;
            }
            let last = lines.line_of(end.max(start));
            for line in first..=last {
                let (ls, le) = lines.range(line, text);
                let mut s = start.max(ls);
                let mut e = end.min(le);
                if s >= e {
                    // An empty range: mark the character at it, or the one before the
                    // line's end.
                    if s < le {
                        e = ceil_char(text, s + 1);
                    } else if le > ls {
                        s = floor_char(text, le - 1);
                        e = le;
                    } else {
                        continue;
                    }
                }
                underlines.push((line, s, e, p.severity));
            }
        }
        by_line.sort_by_key(|(line, p)| (*line, std::cmp::Reverse(p.severity)));
        Self {
            by_line,
            underlines,
        }
    }

    fn on(&self, line: usize) -> Vec<&Problem> {
        let from = self.by_line.partition_point(|(l, _)| *l < line);
        self.by_line[from..]
            .iter()
            .take_while(|(l, _)| *l == line)
            .map(|(_, p)| p)
            .collect()
    }

    fn underlines(&self, line: usize) -> Vec<(usize, usize, Severity)> {
        self.underlines
            .iter()
            .filter(|(l, ..)| *l == line)
            .map(|&(_, s, e, sev)| (s, e, sev))
            .collect()
    }
}

fn floor_char(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_char(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// The runs of one line `[start, end)` with their classes: token colour and
/// underline severity.
fn segments(
    text: &str,
    start: usize,
    end: usize,
    tokens: &[Token],
    underlines: &[(usize, usize, Severity)],
) -> Vec<(String, Classes)> {
    let mut cuts = vec![start, end];
    for t in tokens.iter().take_while(|t| t.start < end) {
        cuts.push(t.start.clamp(start, end));
        cuts.push(t.end.clamp(start, end));
    }
    for &(s, e, _) in underlines {
        cuts.push(s.clamp(start, end));
        cuts.push(e.clamp(start, end));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a >= b || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        let token = tokens
            .iter()
            .take_while(|t| t.start <= a)
            .find(|t| t.start <= a && a < t.end);
        let underline = underlines
            .iter()
            .filter(|(s, e, _)| *s <= a && a < *e)
            .map(|(_, _, sev)| *sev)
            .max();
        let class = classes!(
            token.map(|t| t.kind.class()),
            underline.map(|s| match s {
                Severity::Error => "ul-error",
                Severity::Warning => "ul-warning",
                Severity::Info => "ul-info",
            })
        );
        out.push((text[a..b].to_owned(), class));
    }
    out
}

/// The UTF-16 offset (what textarea selections count) where 0-based `line` starts.
fn utf16_offset_of_line(text: &str, line: usize) -> u32 {
    let starts = LineStarts::new(text);
    let byte = starts.start(line).min(text.len());
    text[..byte].encode_utf16().count() as u32
}

/// Tab: four spaces at the caret, or the selected lines indented; Shift+Tab:
/// the selected lines dedented. Done through `insertText` so that undo works.
fn indent(ta: &HtmlTextAreaElement, dedent: bool, on_edit: &Callback<String>) {
    let value = ta.value();
    let units: Vec<u16> = value.encode_utf16().collect();
    let start = ta.selection_start().ok().flatten().unwrap_or(0) as usize;
    let end = ta.selection_end().ok().flatten().unwrap_or(0) as usize;
    let (start, end) = (start.min(units.len()), end.min(units.len()));
    let newline = u16::from(b'\n');
    if start == end && !dedent {
        insert(ta, INDENT, on_edit);
        return;
    }
    let line_start = units[..start]
        .iter()
        .rposition(|&u| u == newline)
        .map_or(0, |i| i + 1);
    // A selection ending at the start of a line does not take that line.
    let last = if end > start && end > 0 && units[end - 1] == newline {
        end - 1
    } else {
        end
    };
    let line_end = units[last..]
        .iter()
        .position(|&u| u == newline)
        .map_or(units.len(), |i| last + i);
    let block = String::from_utf16_lossy(&units[line_start..line_end]);
    let changed: Vec<String> = block
        .split('\n')
        .map(|line| {
            if dedent {
                let strip = line
                    .chars()
                    .take(INDENT.len())
                    .take_while(|&c| c == ' ')
                    .count();
                let strip = if strip == 0 && line.starts_with('\t') {
                    1
                } else {
                    strip
                };
                line[strip..].to_owned()
            } else {
                format!("{INDENT}{line}")
            }
        })
        .collect();
    let changed = changed.join("\n");
    if changed == block {
        return;
    }
    let _ = ta.set_selection_range(line_start as u32, line_end as u32);
    insert(ta, &changed, on_edit);
    let new_end = line_start + changed.encode_utf16().count();
    let _ = ta.set_selection_range(line_start as u32, new_end as u32);
}

/// Replaces the selection with `text` as typing would (undoable, fires `input`).
fn insert(ta: &HtmlTextAreaElement, text: &str, on_edit: &Callback<String>) {
    let done = gloo::utils::document()
        .dyn_into::<HtmlDocument>()
        .ok()
        .and_then(|doc| {
            doc.exec_command_with_show_ui_and_value("insertText", false, text)
                .ok()
        })
        .unwrap_or(false);
    if !done {
        let _ = ta.set_range_text(text);
        let value = ta.value();
        on_edit.emit(value);
    }
}
