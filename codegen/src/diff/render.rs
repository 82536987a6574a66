//! A report as Markdown (for a pull request comment), as JSON (for tools) and as a few
//! lines of text (for the terminal after `cargo xtask codegen`).

use super::{code, Change, ChangeKind, Item, Report};
use serde_json::json;
use std::fmt::Write;

impl Report {
    pub fn to_markdown(&self) -> String {
        let mut out = format!("## API changes: {}\n\n", self.versions());
        if self.changes.is_empty() {
            out.push_str("No changes for callers of the client.\n");
            out.push_str(&self.documentation_line("\n"));
            return out;
        }
        let breaking = self.breaking();
        let _ = writeln!(
            out,
            "{} for callers of the Rust client, {}.",
            plural(breaking, "breaking change"),
            plural(self.changes.len() - breaking, "other change")
        );
        let sections = [
            ("Operations added", true, ChangeKind::Added),
            ("Operations removed", true, ChangeKind::Removed),
            ("Operations changed", true, ChangeKind::Changed),
            ("Types added", false, ChangeKind::Added),
            ("Types removed", false, ChangeKind::Removed),
            ("Types changed", false, ChangeKind::Changed),
        ];
        for (heading, operations, kind) in sections {
            let changes: Vec<&Change> = (self.changes.iter())
                .filter(|c| {
                    c.kind == kind && matches!(c.item, Item::Operation { .. }) == operations
                })
                .collect();
            if changes.is_empty() {
                continue;
            }
            let _ = write!(out, "\n### {heading}\n\n");
            let mut current: Option<&Item> = None;
            for change in changes {
                let mark = if change.breaking {
                    "**breaking:** "
                } else {
                    ""
                };
                match &change.detail {
                    None => {
                        let _ = writeln!(out, "- {mark}{}", item_text(&change.item, false));
                    }
                    Some(detail) => {
                        if current != Some(&change.item) {
                            let _ = writeln!(out, "- {}", item_text(&change.item, false));
                            current = Some(&change.item);
                        }
                        let _ = writeln!(out, "  - {mark}{detail}");
                    }
                }
            }
        }
        out.push_str(&self.documentation_line("\n"));
        out
    }

    /// "Documentation only: ..." after `before`, or nothing when there are none.
    fn documentation_line(&self, before: &str) -> String {
        if self.documentation_only.is_empty() {
            return String::new();
        }
        let names: Vec<String> = (self.documentation_only.iter())
            .map(|item| item_text(item, true))
            .collect();
        format!("{before}Documentation only: {}.\n", names.join(", "))
    }

    pub fn to_json(&self) -> serde_json::Value {
        let changes: Vec<serde_json::Value> = self
            .changes
            .iter()
            .map(|change| {
                let mut value = match &change.item {
                    Item::Operation {
                        method_name,
                        http_method,
                        path,
                    } => json!({
                        "item": "operation",
                        "name": method_name,
                        "method": http_method,
                        "path": path,
                    }),
                    Item::Type { name, usage } => json!({
                        "item": "type",
                        "name": name,
                        "usage": usage.label(),
                    }),
                };
                value["change"] = json!(match change.kind {
                    ChangeKind::Added => "added",
                    ChangeKind::Removed => "removed",
                    ChangeKind::Changed => "changed",
                });
                value["detail"] = json!(change.detail);
                value["breaking"] = json!(change.breaking);
                value
            })
            .collect();
        json!({
            "old": { "title": self.old.title, "version": self.old.version },
            "new": { "title": self.new.title, "version": self.new.version },
            "breaking": self.breaking(),
            "changes": changes,
            "documentation_only": self.documentation_only.iter().map(item_name).collect::<Vec<_>>(),
        })
    }

    /// At most `max_lines` lines: a count, then the breaking changes, then the others.
    pub fn summary(&self, max_lines: usize) -> String {
        let breaking = self.breaking();
        let mut out = format!(
            "API changes ({}): {}, {}\n",
            self.versions(),
            plural(breaking, "breaking change"),
            plural(self.changes.len() - breaking, "other change")
        );
        let ordered = (self.changes.iter().filter(|c| c.breaking))
            .chain(self.changes.iter().filter(|c| !c.breaking));
        let room = max_lines.saturating_sub(2);
        let shown = if self.changes.len() <= room + 1 {
            self.changes.len()
        } else {
            room
        };
        for change in ordered.take(shown) {
            let mark = match (change.breaking, change.kind) {
                (true, _) => '!',
                (false, ChangeKind::Added) => '+',
                (false, ChangeKind::Removed) => '-',
                (false, ChangeKind::Changed) => '~',
            };
            let what = match change.kind {
                ChangeKind::Added => "added ",
                ChangeKind::Removed => "removed ",
                ChangeKind::Changed => "",
            };
            let detail = change
                .detail
                .as_ref()
                .map_or(String::new(), |d| format!(": {d}"));
            let _ = writeln!(
                out,
                "  {mark} {what}{}{detail}",
                item_text(&change.item, true)
            );
        }
        if !self.documentation_only.is_empty() {
            let _ = writeln!(
                out,
                "  and {} changed in their documentation only",
                plural(self.documentation_only.len(), "item")
            );
        }
        if shown < self.changes.len() {
            let _ = writeln!(
                out,
                "  ... and {} more (`cargo xtask diff <old> <new>` lists them all)",
                self.changes.len() - shown
            );
        }
        out
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
}

/// `` `list_users` (`GET /users`) ``, or with `kind` `` operation `list_users` (..) ``.
fn item_text(item: &Item, kind: bool) -> String {
    let (noun, name, context) = match item {
        Item::Operation {
            method_name,
            http_method,
            path,
        } => (
            "operation ",
            method_name,
            code(&format!("{http_method} {path}")),
        ),
        Item::Type { name, usage } => ("type ", name, usage.label().to_owned()),
    };
    let noun = if kind { noun } else { "" };
    format!("{noun}{} ({context})", code(name))
}

fn item_name(item: &Item) -> &str {
    match item {
        Item::Operation { method_name, .. } => method_name,
        Item::Type { name, .. } => name,
    }
}

fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
