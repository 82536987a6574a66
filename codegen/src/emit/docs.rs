//! Spec prose -> `#[doc]` attributes that render well and trip no lint.
//!
//! Doc text does not go through `syn`: escaping it into a string literal, parsing that
//! back and unescaping it again to print it took a sixth of the generator's time. A doc
//! attribute carries a short marker instead (`#[doc = "\u{7f}12"]`, printed `///\u{7f}12`)
//! and its text goes into the [`DocTexts`] of the piece being emitted, which travel with
//! its tokens to [`crate::format`], which writes each text in its marker's place.

use crate::ir::Docs;
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::RefCell;

/// Starts a doc marker; it never occurs in printed code (a string literal holding it is
/// printed escaped, `\u{7f}`).
pub(crate) const MARKER: char = DocTexts::MARKER;

thread_local! {
    static TEXTS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Outer doc attributes (`///`) for `paragraphs` (Markdown blocks), skipping empty ones.
pub(crate) fn doc_attrs<I, S>(paragraphs: I) -> TokenStream
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    doc_lines(paragraphs).into_iter().map(doc_attr).collect()
}

/// Inner doc attributes (`//!`), for a module or crate root.
pub(crate) fn inner_doc_attrs<I, S>(paragraphs: I) -> TokenStream
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    doc_lines(paragraphs)
        .into_iter()
        .map(|line| {
            let text = deferred(line);
            quote!(#![doc = #text])
        })
        .collect()
}

/// One `///` line (`line` starts with the space that follows `///`).
pub(crate) fn doc_attr(line: String) -> TokenStream {
    let text = if line.starts_with('/') {
        // prettyplease prints such a line as `#[doc = ".."]`, not after `///`.
        line
    } else {
        deferred(line)
    };
    quote!(#[doc = #text])
}

/// A marker for `line`, whose text is kept in this thread's table; the line itself
/// when prettyplease would not print it as one comment line.
fn deferred(line: String) -> String {
    if line.contains('\n') {
        return line;
    }
    // A doc comment may not hold a bare carriage return (rustc refuses it), a tab
    // (clippy), nor the marker; any control character is shown as its escape instead.
    let line = visible_text(line);
    TEXTS.with_borrow_mut(|texts| {
        texts.push(line);
        format!("{MARKER}{}", texts.len() - 1)
    })
}

/// `text` with its control characters shown as escapes: safe in a doc comment line.
pub(crate) fn visible_text(text: String) -> String {
    match text.contains(char::is_control) {
        true => text.chars().map(visible).collect(),
        false => text,
    }
}

/// `c`, or its escape when it is a control character (`\r`, `\t`, `\u{7f}`).
fn visible(c: char) -> String {
    match c.is_control() {
        true => c.escape_default().to_string(),
        false => c.to_string(),
    }
}

/// The doc texts the markers of one emitted piece stand for, by number.
#[derive(Debug, Default)]
pub struct DocTexts(Vec<String>);

impl DocTexts {
    /// Starts a doc marker: `///\u{7f}12` stands for text number 12.
    pub const MARKER: char = '\u{7f}';

    /// The text of the marker numbered `index`.
    pub fn get(&self, index: usize) -> Option<&str> {
        self.0.get(index).map(String::as_str)
    }
}

/// Runs `emit` and returns what it made with the texts of the doc markers in it. The
/// table is this thread's while `emit` runs (so that no emitting function passes it
/// along); emitting nests, so an outer table is put back after.
pub(crate) fn with_doc_texts<R>(emit: impl FnOnce() -> R) -> (R, DocTexts) {
    let outer = TEXTS.with_borrow_mut(std::mem::take);
    let made = emit();
    let texts = TEXTS.with_borrow_mut(|texts| std::mem::replace(texts, outer));
    (made, DocTexts(texts))
}

fn doc_lines<I, S>(paragraphs: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        let paragraph = paragraph.as_ref().trim();
        if paragraph.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(markdown_lines(paragraph));
    }
    lines
        .into_iter()
        .map(|line| {
            if line.is_empty() {
                line
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// The paragraphs for an item's [`Docs`]: deprecation, title, description, example.
/// (Types and fields say "deprecated" in prose: a `#[deprecated]` attribute would warn
/// inside the generated crate itself, wherever the item is used.)
pub(crate) fn item_paragraphs(docs: &Docs) -> Vec<String> {
    let mut paragraphs = Vec::new();
    if docs.deprecated {
        paragraphs.push("**Deprecated.**".to_owned());
    }
    if let Some(title) = &docs.title {
        paragraphs.push(title.clone());
    }
    if let Some(description) = &docs.description {
        paragraphs.push(description.clone());
    }
    let mut facts = Vec::new();
    if let Some(format) = &docs.format {
        facts.push(format!("Format: `{}`.", format.replace('`', "'")));
    }
    if let Some(default) = &docs.default {
        facts.push(format!(
            "Default: `{}`.",
            default.to_string().replace('`', "'")
        ));
    }
    if docs.read_only {
        facts.push("Read-only: set by the server, ignored in requests.".to_owned());
    }
    if docs.write_only {
        facts.push("Write-only: sent in requests, never returned.".to_owned());
    }
    if !facts.is_empty() {
        paragraphs.push(facts.join(" "));
    }
    if let Some(example) = &docs.example {
        paragraphs.push(example_block(example));
    }
    paragraphs
}

fn example_block(example: &serde_json::Value) -> String {
    match example {
        serde_json::Value::Object(_) | serde_json::Value::Array(_) => {
            let pretty = serde_json::to_string_pretty(example).unwrap_or_default();
            format!("Example:\n\n```json\n{pretty}\n```")
        }
        scalar => format!("Example: `{}`", scalar.to_string().replace('`', "'")),
    }
}

/// Normalises one Markdown block: tabs expanded, fences given a language so rustdoc
/// renders them as text, lazy list continuations indented, and the text outside code
/// made safe for rustdoc ([`inline_safe`]).
fn markdown_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut list_indent: Option<usize> = None;
    let mut after_blank = false;
    let mut in_quote = false;
    // A carriage return alone ends a line too; rustdoc refuses one inside a doc comment.
    let text = match text.contains('\r') {
        true => std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")),
        false => std::borrow::Cow::Borrowed(text),
    };
    for raw in text.lines() {
        let line = raw.replace('\t', "    ");
        let line = line.trim_end();
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        // A backtick fence's info string holds no backtick: "``` code ```" is inline code.
        let fence = trimmed
            .strip_prefix("```")
            .filter(|info| in_fence || !info.contains('`'));
        if let Some(info) = fence {
            if !in_fence && info.trim().is_empty() {
                out.push(format!("{}```text", &line[..indent]));
            } else {
                out.push(line.to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
            continue;
        }
        let safe = inline_safe(line);
        let line = safe.as_ref();
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            after_blank = true;
            in_quote = false;
            out.push(String::new());
            continue;
        }
        // A line right after a quoted one continues the quote (a lazy continuation,
        // which rustdoc renders inside it and clippy wants marked).
        if trimmed.starts_with('>') {
            in_quote = true;
        } else if in_quote && (list_marker(trimmed).is_some() || is_heading(trimmed)) {
            // A new list item or a heading ends the quote.
            in_quote = false;
        } else if in_quote {
            out.push(format!("> {trimmed}"));
            continue;
        }
        let was_after_blank = std::mem::replace(&mut after_blank, false);
        if let Some((marker, spaces)) = list_marker(trimmed) {
            // Five spaces or more after a marker would open an indented code block in
            // the item; one space keeps the text a paragraph.
            let spaces = if spaces > 4 { 1 } else { spaces };
            list_indent = Some(indent + marker + spaces);
            let text = trimmed[marker..].trim_start();
            out.push(format!(
                "{}{}{}{text}",
                &line[..indent],
                &trimmed[..marker],
                " ".repeat(spaces)
            ));
            continue;
        }
        match list_indent {
            // An unindented paragraph after a blank line ends the list, and so does a
            // heading.
            Some(_) if indent == 0 && (was_after_blank || is_heading(trimmed)) => {
                list_indent = None;
                out.push(line.to_owned());
            }
            // Inside a list item, continuation lines sit exactly under its text.
            Some(wanted) => out.push(format!("{}{trimmed}", " ".repeat(wanted))),
            // Four or more spaces after a blank line would start an indented code block.
            None if indent >= 4 => out.push(trimmed.to_owned()),
            None => out.push(line.to_owned()),
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

/// `line` with what rustdoc would misread, outside code spans, made plain text: a `<`
/// that would open an HTML tag (`omni/<model-name>`) is escaped, and a bare URL is put in
/// angle brackets so that it is a link. Autolinks (`<https://..>`) and link targets
/// (`](https://..)`) stay as they are.
fn inline_safe(line: &str) -> std::borrow::Cow<'_, str> {
    if !line.contains('<') && !line.contains("http") {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            // A code span: as many backticks close it as opened it.
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            let end = rest[ticks..]
                .find(fence)
                .map_or(rest.len(), |at| ticks + at + ticks);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        if c == '<' {
            let autolink = ["http://", "https://", "mailto:"]
                .iter()
                .any(|scheme| rest[1..].starts_with(scheme))
                && rest.contains('>');
            if autolink {
                let end = rest.find('>').map_or(rest.len(), |at| at + 1);
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            let opens_tag =
                rest[1..].starts_with(|n: char| n.is_ascii_alphabetic() || n == '/' || n == '!');
            out.push_str(if opens_tag { "&lt;" } else { "<" });
            rest = &rest[1..];
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let quoted = out.ends_with('(') || out.ends_with('[');
            let length = rest
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | '`' | ')' | ']')
                })
                .unwrap_or(rest.len());
            let url = rest[..length].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            match quoted {
                true => out.push_str(url),
                false => {
                    out.push('<');
                    out.push_str(url);
                    out.push('>');
                }
            }
            rest = &rest[url.len()..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    std::borrow::Cow::Owned(out)
}

/// `# Title` .. `###### Title`.
fn is_heading(line: &str) -> bool {
    let hashes = line.len() - line.trim_start_matches('#').len();
    (1..=6).contains(&hashes) && matches!(line[hashes..].chars().next(), None | Some(' '))
}

/// A list marker's width and the spaces after it (`- `, `* `, `+ `, `12. `, `3) `).
fn list_marker(line: &str) -> Option<(usize, usize)> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        // CommonMark's ordered markers: up to nine digits, then `.` or `)`.
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let closed = line[digits..].starts_with(['.', ')']);
        match (1..=9).contains(&digits) && closed {
            true => digits + 1,
            false => return None,
        }
    };
    let rest = &line[marker..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    (spaces > 0 && spaces < rest.len()).then_some((marker, spaces))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_in_a_doc_line_are_shown_as_escapes() {
        let (_, texts) = with_doc_texts(|| doc_attr(" `foo\rbar` and \u{7f}1 \u{0}".to_owned()));
        assert_eq!(texts.get(0), Some(" `foo\\rbar` and \\u{7f}1 \\u{0}"));
        let (_, texts) = with_doc_texts(|| doc_attr(" a\tb".to_owned()));
        assert_eq!(texts.get(0), Some(" a\\tb"));
    }

    #[test]
    fn html_looking_text_is_escaped_and_bare_urls_become_links() {
        assert_eq!(
            inline_safe("Defaults to omni/<model-name>. See https://a.example/x.html."),
            "Defaults to omni/&lt;model-name>. See <https://a.example/x.html>."
        );
        // Links, autolinks, comparisons and code stay as they are.
        for kept in [
            "[docs](https://a.example/x) and <https://b.example>",
            "`<T>` and ``a `<b>` c`` and `https://c.example`",
            "a < b and 3<4",
        ] {
            assert_eq!(inline_safe(kept), kept);
        }
        assert_eq!(
            inline_safe("(see https://a.example)"),
            "(see <https://a.example>)"
        );
    }

    #[test]
    fn a_heading_ends_a_list_and_inline_triple_backticks_are_no_fence() {
        assert_eq!(
            markdown_lines("- one\n# Next\ntext\n- two\n``` code ```\nmore"),
            [
                "- one",
                "# Next",
                "text",
                "- two",
                "  ``` code ```",
                "  more"
            ]
        );
    }

    #[test]
    fn ordered_markers_with_a_parenthesis_start_a_list_item() {
        assert_eq!(
            markdown_lines("1) one\n2) two\nmore"),
            ["1) one", "2) two", "   more"]
        );
    }

    #[test]
    fn a_line_after_a_quoted_one_stays_in_the_quote() {
        assert_eq!(
            markdown_lines("> `a:eq:b`\nall users\n\nafter"),
            ["> `a:eq:b`", "> all users", "", "after"]
        );
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        assert_eq!(markdown_lines("one\rtwo\r\nthree"), ["one", "two", "three"]);
    }

    #[test]
    fn bare_fences_become_text_and_are_closed() {
        assert_eq!(markdown_lines("```\nlet x\n"), ["```text", "let x", "```"]);
    }

    #[test]
    fn lazy_list_continuations_are_indented() {
        assert_eq!(
            markdown_lines("- one\ncontinued\n\nafter"),
            ["- one", "  continued", "", "after"]
        );
    }

    #[test]
    fn continuations_sit_under_the_item_text_after_its_spaces() {
        assert_eq!(
            markdown_lines("1.  two spaces\ncontinued"),
            ["1.  two spaces", "    continued"]
        );
        // A table whose header starts with `-` and many spaces (graphhopper.com).
        assert_eq!(
            markdown_lines("-          |to|\n:--|:--\nfrom |0"),
            ["- |to|", "  :--|:--", "  from |0"]
        );
    }

    #[test]
    fn a_list_item_after_a_quote_ends_it() {
        // unicourt.com: each item of a list holds a quote.
        assert_eq!(
            markdown_lines("-   a:\n    >   quoted\n-   b:\n    >   also"),
            ["-   a:", "    >   quoted", "-   b:", "    >   also"]
        );
    }

    #[test]
    fn indented_code_blocks_are_not_made() {
        assert_eq!(
            markdown_lines("text\n\n    not code"),
            ["text", "", "not code"]
        );
    }
}
