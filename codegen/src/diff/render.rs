//! A report as Markdown (a pull request comment), JSON (for tools: fields only, no
//! prose), text (the terminal), and GitHub workflow annotations (pointing at the spec's
//! lines); and a Keep a Changelog entry.

use super::{code, Change, Item, Level, Report, Rule, Section, Side};
use serde_json::json;
use std::fmt::Write;

/// The files the two versions were read from, as annotations and text name them.
#[derive(Debug, Clone, Copy)]
pub struct Files<'a> {
    pub old: &'a str,
    pub new: &'a str,
}

impl Change {
    /// The change in a sentence, with code in backticks.
    pub fn message(&self) -> String {
        let code_of = |text: &Option<String>| text.as_deref().map(code).unwrap_or_default();
        let text_of = |text: &Option<String>| text.clone().unwrap_or_default();
        let list_of = |text: &Option<String>| {
            let names = text.as_deref().unwrap_or_default().split(", ");
            names.map(code).collect::<Vec<_>>().join(", ")
        };
        let template = message_template(self.rule, self.member.is_some());
        fill_template(template, |key| match key {
            "member" => code_of(&self.member),
            "status" => text_of(&self.member),
            "old" => code_of(&self.old),
            "new" => code_of(&self.new),
            "old_text" => text_of(&self.old),
            "new_text" => text_of(&self.new),
            "old_list" => list_of(&self.old),
            "new_list" => list_of(&self.new),
            _ => format!("{{{key}}}"),
        })
    }

    /// Where the change is, as `file:line` (or the file alone).
    fn place(&self, files: Files<'_>) -> String {
        let file = self.file_in(files);
        match self.line {
            Some(line) => format!("{file}:{line}"),
            None => file.to_owned(),
        }
    }
}

/// The sentence of a rule's changes. It names `{member}`, `{old}` and `{new}` in
/// backticks, `{old_text}` and `{new_text}` as they are, `{old_list}` and `{new_list}`
/// (comma-separated names) each name in backticks, and `{status}` (the member as it is).
fn message_template(rule: Rule, has_member: bool) -> &'static str {
    match rule {
        Rule::OperationAdded => "operation added",
        Rule::OperationRemoved => "operation removed",
        Rule::DeprecatedOperationRemoved => "deprecated operation removed",
        Rule::OperationMoved => "now {new} (was {old})",
        Rule::OperationDeprecated | Rule::TypeDeprecated => "deprecated",
        Rule::OperationUndeprecated | Rule::TypeUndeprecated => "no longer deprecated",
        Rule::SecurityChanged => "authentication: {new} (was {old})",
        Rule::MethodAdded => "method {member} added: {new_text}",
        Rule::MethodRemoved => "method {member} removed",
        Rule::RequiredParameterAdded => {
            "required parameter {member} added ({new}): a new argument of the method"
        }
        Rule::FirstOptionalParameterAdded => {
            "optional parameter {member} added ({new}): the method gains a `params` argument"
        }
        Rule::OptionalParameterAdded => "optional parameter {member} added ({new})",
        Rule::ParameterRemoved => "parameter {member} removed",
        Rule::DeprecatedParameterRemoved => "deprecated parameter {member} removed",
        Rule::ParameterNowRequired => {
            "parameter {member} now required: a new argument of the method"
        }
        Rule::ParameterNowOptional => {
            "parameter {member} now optional: it moves to the `params` struct"
        }
        Rule::ParameterTypeChanged => "parameter {member}: {old} → {new}",
        Rule::ParameterStyleChanged => "parameter {member} now sent {new} (was {old})",
        Rule::ParameterDeprecated => "parameter {member} deprecated",
        Rule::ParameterUndeprecated => "parameter {member} no longer deprecated",
        Rule::ArgumentsReordered => "arguments reordered: {new_list} (was {old_list})",
        Rule::RequestBodyAdded => "request body added ({new}): a new argument of the method",
        Rule::RequestBodyRemoved => "request body removed",
        Rule::RequestBodyNowRequired => "request body now required",
        Rule::RequestBodyNowOptional => "request body now optional",
        Rule::RequestBodyTypeChanged => "request body: {old} → {new}",
        Rule::RequestMediaTypeChanged => "request body sent as {new} (was {old})",
        Rule::RequiredFormPartAdded => "required form part {member} added ({new})",
        Rule::OptionalFormPartAdded => "optional form part {member} added ({new})",
        Rule::FormPartChanged => "form part {member}: {old} → {new}",
        Rule::FormPartRemoved => "form part {member} removed",
        Rule::ReturnTypeChanged if has_member => {
            "response {status}: the method returns {new} (was {old})"
        }
        Rule::ReturnTypeChanged => "the method returns {new} (was {old})",
        Rule::ErrorTypeChanged => "response {status}: errors decode into {new} (was {old})",
        Rule::ResponseAdded => "response {status} added ({new})",
        Rule::ResponseChanged => "response {status}: {old} → {new}",
        Rule::ResponseRemoved => "response {status} removed",
        Rule::StreamItemChanged => "method {member} yields {new} (was {old})",
        Rule::WebhookAdded => "webhook added ({new})",
        Rule::WebhookRemoved => "webhook removed",
        Rule::WebhookPayloadChanged => "payload: {old} → {new}",
        Rule::TypeAdded => "type added",
        Rule::TypeRemoved => "type removed",
        Rule::DeprecatedTypeRemoved => "deprecated type removed",
        Rule::TypeKindChanged => "now {new} (was {old})",
        Rule::RequestPropertyRequiredAdded => {
            "field {member} added ({new}), required: callers building one must set it"
        }
        Rule::PropertyAdded => "field {member} added ({new})",
        Rule::PropertyRemoved => "field {member} removed",
        Rule::DeprecatedPropertyRemoved => "deprecated field {member} removed",
        Rule::PropertyTypeChanged => "field {member}: {old} → {new}",
        Rule::PropertyRenamed => "field {member} is now {new} in Rust (was {old})",
        Rule::PropertyPresenceChanged => {
            "field {member} now {new_text} (was {old_text}) on the wire, with the same Rust type"
        }
        Rule::PropertyDeprecated => "field {member} deprecated",
        Rule::PropertyUndeprecated => "field {member} no longer deprecated",
        Rule::AdditionalPropertiesAdded => "other properties kept, as {new}",
        Rule::AdditionalPropertiesRemoved => "other properties no longer kept",
        Rule::AdditionalPropertiesChanged => "other properties: {old} → {new}",
        Rule::EnumReprChanged => "now an enum of {new_text} (was {old_text})",
        Rule::EnumValueAdded => "value {member} added",
        Rule::EnumValueRenamed => "value {member} is now the variant {new} (was {old})",
        Rule::EnumValueRemoved => "value {member} removed",
        Rule::UnionTagChanged => "tag property {new} (was {old})",
        Rule::UnionVariantAdded => "variant {member} added ({new})",
        Rule::UnmatchedUnionVariantAdded => {
            "variant {member} added ({new}): a `match` on a returned value must handle it"
        }
        Rule::UnionVariantChanged => "variant {member}: {old} → {new}",
        Rule::UnionVariantRemoved => "variant {member} removed",
        Rule::DocumentationChanged => "documentation changed",
    }
}

/// `template` with each `{key}` replaced by `value(key)`, in one pass (a value holding
/// braces is not read again).
fn fill_template(template: &str, value: impl Fn(&str) -> String) -> String {
    let mut text = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some((open, close)) = rest.find('{').and_then(|open| {
        let close = rest[open..].find('}')?;
        Some((open, open + close))
    }) {
        text.push_str(&rest[..open]);
        text.push_str(&value(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    text
}

impl Change {
    /// The file the change's line is in: the overlay that made the place, or the
    /// side's document.
    fn file_in<'a>(&'a self, files: Files<'a>) -> &'a str {
        match (&self.file, self.side) {
            (Some(overlay), _) => overlay,
            (None, Side::Old) => files.old,
            (None, Side::New) => files.new,
        }
    }
}

/// `` `list_users` (`GET /users`) ``, or with `kind` `` operation `list_users` (..) ``.
fn item_text(item: &Item, kind: bool) -> String {
    let (noun, name, context) = match item {
        Item::Operation(op) => (
            "operation ",
            &op.method_name,
            code(&format!("{} {}", op.http_method, op.path)),
        ),
        Item::Type { name, usage } => ("type ", name, usage.label().to_owned()),
        Item::Webhook { name, function } => {
            ("webhook ", name, code(&format!("webhooks::{function}")))
        }
    };
    let noun = if kind { noun } else { "" };
    format!("{noun}{} ({context})", code(name))
}

fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

impl Report {
    /// "2 breaking changes, 1 warning, 5 other changes".
    fn counts_text(&self) -> String {
        let mut parts = vec![plural(self.count(Level::Breaking), "breaking change")];
        let warnings = self.count(Level::Warning);
        if warnings > 0 {
            parts.push(plural(warnings, "warning"));
        }
        parts.push(plural(self.count(Level::Info), "other change"));
        let ignored = self.changes.iter().filter(|c| !c.counts()).count();
        if ignored > 0 {
            parts.push(format!("{ignored} ignored"));
        }
        parts.join(", ")
    }

    fn versions(&self) -> String {
        if self.old.title == self.new.title {
            format!(
                "{} {} → {}",
                self.new.title, self.old.version, self.new.version
            )
        } else {
            format!(
                "{} {} → {} {}",
                self.old.title, self.old.version, self.new.title, self.new.version
            )
        }
    }

    /// The changes that count at `level`, without documentation-only ones.
    fn at_level(&self, level: Level) -> Vec<&Change> {
        (self.changes.iter())
            .filter(|c| c.counts() && c.level() == level && c.rule != Rule::DocumentationChanged)
            .collect()
    }

    pub fn to_markdown(&self, files: Files<'_>) -> String {
        let mut out = format!("## API changes: {}\n\n", self.versions());
        let _ = writeln!(
            out,
            "{} for callers of the Rust client.",
            self.counts_text()
        );
        if self.changes.iter().all(|c| !c.counts()) {
            out.push_str("\nNo changes for callers of the client.\n");
        }
        let sections = [
            ("Breaking changes", Level::Breaking),
            ("Warnings", Level::Warning),
            ("Other changes", Level::Info),
        ];
        for (heading, level) in sections {
            let changes = self.at_level(level);
            if !changes.is_empty() {
                let _ = write!(out, "\n### {heading}\n\n");
                markdown_items(&mut out, &changes, files);
            }
        }
        let documentation: Vec<String> = (self.changes.iter())
            .filter(|c| c.counts() && c.rule == Rule::DocumentationChanged)
            .map(|c| item_text(&c.item, true))
            .collect();
        if !documentation.is_empty() {
            let _ = write!(out, "\nDocumentation only: {}.\n", documentation.join(", "));
        }
        let ignored: Vec<&Change> = self.changes.iter().filter(|c| !c.counts()).collect();
        if !ignored.is_empty() {
            out.push_str("\n### Ignored\n\n");
            markdown_items(&mut out, &ignored, files);
        }
        let _ = write!(
            out,
            "\nSemver: the client crate takes a **{}** version bump.\n",
            self.bump().label()
        );
        out
    }

    /// Every change, one a line, breaking first; for the terminal.
    pub fn to_text(&self, files: Files<'_>) -> String {
        let mut out = format!(
            "API changes ({}): {}; a {} bump\n",
            self.versions(),
            self.counts_text(),
            self.bump().label()
        );
        for change in self.ordered() {
            let _ = writeln!(out, "{}", text_line(change, files));
        }
        out
    }

    /// One `::error`/`::warning`/`::notice` workflow command per change that counts, at
    /// its line of the spec.
    pub fn to_github(&self, files: Files<'_>) -> String {
        let mut out = String::new();
        for change in self.changes.iter().filter(|c| c.counts()) {
            let command = match change.level() {
                Level::Breaking => "error",
                Level::Warning => "warning",
                Level::Info => "notice",
            };
            let file = change.file_in(files);
            let mut properties = format!("file={}", escape_property(file));
            if let Some(line) = change.line {
                let _ = write!(properties, ",line={line}");
            }
            let title = format!("{} ({})", change.rule.id(), change.level().label());
            let _ = write!(properties, ",title={}", escape_property(&title));
            let message = format!(
                "{}: {} [{}]",
                item_text(&change.item, true),
                change.message(),
                change.rust
            );
            let _ = writeln!(out, "::{command} {properties}::{}", escape_data(&message));
        }
        out
    }

    /// The structured report: fields only, no prose.
    pub fn to_json(&self) -> serde_json::Value {
        let changes: Vec<serde_json::Value> = (self.changes.iter())
            .map(|change| {
                let item = match &change.item {
                    Item::Operation(op) => json!({
                        "kind": "operation",
                        "name": op.method_name,
                        "method": op.http_method.as_str(),
                        "path": op.path,
                    }),
                    Item::Type { name, usage } => json!({
                        "kind": "type",
                        "name": name,
                        "request": usage.request,
                        "response": usage.response,
                    }),
                    Item::Webhook { name, function } => json!({
                        "kind": "webhook",
                        "name": name,
                        "function": function,
                    }),
                };
                let operations: Vec<serde_json::Value> = (change.operations.iter())
                    .map(|op| json!({"name": op.method_name, "method": op.http_method.as_str(), "path": op.path}))
                    .collect();
                json!({
                    "rule": change.rule.id(),
                    "level": change.level(),
                    "item": item,
                    "member": change.member,
                    "old": change.old,
                    "new": change.new,
                    "document": match change.side { Side::Old => "old", Side::New => "new" },
                    "pointer": change.pointer,
                    "line": change.line,
                    "overlay": change.file,
                    "rust": change.rust,
                    "operations": operations,
                    "ignored": change.ignored,
                })
            })
            .collect();
        json!({
            "old": { "title": self.old.title, "version": self.old.version },
            "new": { "title": self.new.title, "version": self.new.version },
            "counts": {
                "breaking": self.count(Level::Breaking),
                "warning": self.count(Level::Warning),
                "info": self.count(Level::Info),
                "ignored": self.changes.iter().filter(|c| !c.counts()).count(),
            },
            "bump": self.bump().label(),
            "changes": changes,
        })
    }

    /// At most `max_lines` lines: a count, then the breaking changes, then the others.
    pub fn summary(&self, max_lines: usize) -> String {
        let mut out = format!(
            "API changes ({}): {}\n",
            self.versions(),
            self.counts_text()
        );
        let ordered = self.ordered();
        let room = max_lines.saturating_sub(2);
        let shown = if ordered.len() <= room + 1 {
            ordered.len()
        } else {
            room
        };
        for change in ordered.iter().take(shown) {
            let _ = writeln!(out, "{}", short_line(change));
        }
        if shown < ordered.len() {
            let _ = writeln!(
                out,
                "  ... and {} more (`cargo xtask diff <old> <new>` lists them all)",
                ordered.len() - shown
            );
        }
        out
    }

    /// The changes that count, breaking first, then warnings, then the rest.
    fn ordered(&self) -> Vec<&Change> {
        let mut ordered: Vec<&Change> = self.changes.iter().filter(|c| c.counts()).collect();
        ordered.sort_by_key(|c| c.level());
        ordered
    }

    /// A Keep a Changelog entry: `## <heading>` (`[1.2.0] - 2026-12-02`, or
    /// `[Unreleased]`), then the changes by section.
    pub fn changelog_entry(&self, heading: &str) -> String {
        let mut out = format!("## {heading}\n\n");
        let _ = writeln!(out, "From {}.", self.versions());
        let sections = [
            Section::Removed,
            Section::Changed,
            Section::Deprecated,
            Section::Added,
        ];
        for section in sections {
            let changes: Vec<&Change> = (self.changes.iter())
                .filter(|c| c.counts() && c.rule.section() == section)
                .collect();
            if changes.is_empty() {
                continue;
            }
            let _ = write!(out, "\n### {}\n\n", section.heading());
            for change in changes {
                let mark = match change.level() {
                    Level::Breaking => "**breaking:** ",
                    _ => "",
                };
                let _ = writeln!(
                    out,
                    "- {mark}{}: {}",
                    item_text(&change.item, true),
                    change.message()
                );
            }
        }
        out
    }
}

/// The changes grouped by item (consecutive changes of one item share its line), each
/// with its rule, Rust item and place.
fn markdown_items(out: &mut String, changes: &[&Change], files: Files<'_>) {
    let mut current: Option<&Item> = None;
    for change in changes {
        if current != Some(&change.item) {
            let mut line = format!("- {}", item_text(&change.item, true));
            if matches!(change.item, Item::Type { .. }) && !change.operations.is_empty() {
                let operations: Vec<String> = (change.operations.iter())
                    .map(|op| {
                        let route = code(&format!("{} {}", op.http_method, op.path));
                        format!("{} ({route})", code(&op.method_name))
                    })
                    .collect();
                let _ = write!(line, ", reached by {}", operations.join(", "));
            }
            let _ = writeln!(out, "{line}");
            current = Some(&change.item);
        }
        let reason = match &change.ignored {
            Some(reason) => format!(" (ignored: {reason})"),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "  - {}{reason}<br>{} · {} · {} at {}",
            change.message(),
            code(change.rule.id()),
            code(&change.rust),
            code(&change.pointer),
            change.place(files)
        );
    }
}

fn mark(change: &Change) -> char {
    match (change.level(), change.rule.section()) {
        (Level::Breaking, _) => '!',
        (Level::Warning, _) => '?',
        (Level::Info, Section::Added) => '+',
        (Level::Info, Section::Removed) => '-',
        (Level::Info, _) => '~',
    }
}

fn short_line(change: &Change) -> String {
    format!(
        "  {} {}: {}",
        mark(change),
        item_text(&change.item, true),
        change.message()
    )
}

fn text_line(change: &Change, files: Files<'_>) -> String {
    format!(
        "{} [{}] {} ({})",
        short_line(change),
        change.rule.id(),
        change.place(files),
        change.rust
    )
}

/// A workflow command's message: `%`, CR and LF escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_template_names_only_what_a_change_holds() {
        const KEYS: &[&str] = &[
            "member", "status", "old", "new", "old_text", "new_text", "old_list", "new_list",
        ];
        for &rule in Rule::ALL {
            for has_member in [false, true] {
                let template = message_template(rule, has_member);
                let unknown = fill_template(template, |key| match KEYS.contains(&key) {
                    true => String::new(),
                    false => format!("<{key}>"),
                });
                assert!(!unknown.contains('<'), "{rule:?}: {unknown}");
                assert!(!unknown.contains(['{', '}']), "{rule:?}: {unknown}");
            }
        }
    }

    #[test]
    fn a_filled_value_is_not_read_again() {
        let text = fill_template("{old} → {new}", |key| match key {
            "old" => "{new}".to_owned(),
            _ => "B".to_owned(),
        });
        assert_eq!(text, "{new} → B");
    }
}
