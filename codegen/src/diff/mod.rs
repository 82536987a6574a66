//! Change reports: what changed between two versions of a document, item by item, and
//! whether each change breaks code that calls the generated Rust client.
//!
//! Operations are matched by their method name and types by their Rust name, since those
//! are what callers write. A change is breaking when calling code that compiled against
//! the old client may stop compiling (a removed field, a new argument, a changed type) or
//! must now handle a value it could not see before (a new variant of a union with no
//! catch-all, in a type the client returns).
//!
//! `report.rs` holds the report's model, `operations.rs` compares operations and
//! webhooks, `types.rs` compares types, `usages.rs` finds where the client uses each type;
//! `rules.rs` names and levels the rules, `render.rs` writes the report.

mod ignore;
mod operations;
mod render;
mod report;
mod rules;
mod semver;
mod types;
mod usages;

use crate::ir::{Api, PerType, TypeKind, TypeRef};
use operations::diff_webhooks;
use report::version;
use usages::{reaching_operations, usages};

pub use ignore::{Ignore, Ignores};
pub use render::Files;
pub use report::{Change, Item, OperationRef, Report, Side, Source, Usage, Version};
pub use rules::{Level, Rule, Section};
pub use semver::Bump;

/// Compares two versions of an API.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut report = Report {
        old: version(old),
        new: version(new),
        changes: Vec::new(),
    };
    let context = Context {
        old_usage: usages(old),
        new_usage: usages(new),
        old_reach: reaching_operations(old),
        new_reach: reaching_operations(new),
        old,
        new,
    };
    context.diff_operations(&mut report.changes);
    diff_webhooks(old, new, &mut report.changes);
    context.diff_types(&mut report.changes);
    report
}

/// A change found inside an item, before the item's own facts are added.
#[derive(Debug, Clone)]
struct Finding {
    rule: Rule,
    member: Option<String>,
    old: Option<String>,
    new: Option<String>,
    /// A pointer of its own, when the item's is not precise enough.
    pointer: Option<String>,
    side: Side,
    /// The Rust item, when it is not the item's own.
    rust: Option<String>,
}

impl Finding {
    fn new(rule: Rule) -> Self {
        let side = match rule.section() {
            Section::Removed => Side::Old,
            _ => Side::New,
        };
        Finding {
            rule,
            member: None,
            old: None,
            new: None,
            pointer: None,
            side,
            rust: None,
        }
    }

    fn member(mut self, member: impl Into<String>) -> Self {
        self.member = Some(member.into());
        self
    }

    fn was(mut self, old: impl Into<String>) -> Self {
        self.old = Some(old.into());
        self
    }

    fn now(mut self, new: impl Into<String>) -> Self {
        self.new = Some(new.into());
        self
    }

    fn at(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    fn rust(mut self, rust: impl Into<String>) -> Self {
        self.rust = Some(rust.into());
        self
    }
}

type Findings = Vec<Finding>;

/// The two versions, and what the comparison needs to know of each.
struct Context<'a> {
    old: &'a Api,
    new: &'a Api,
    old_usage: PerType<Usage>,
    new_usage: PerType<Usage>,
    /// Per type, the operations that reach it (indices into the API's operations).
    old_reach: PerType<Vec<usize>>,
    new_reach: PerType<Vec<usize>>,
}

/// The finding for a change of `deprecated`, if it changed.
fn deprecation(was: bool, now: bool, deprecated: Rule, undeprecated: Rule) -> Option<Finding> {
    match (was, now) {
        (false, true) => Some(Finding::new(deprecated)),
        (true, false) => Some(Finding::new(undeprecated)),
        _ => None,
    }
}

/// Inline code in Markdown, fenced so that a backtick inside stays literal.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// A type expression as the generated code writes it, without the full std paths.
fn type_text(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::External(path) => path.clone(),
            _ => api.ty(*id).name.clone(),
        },
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer(width) => width.rust_name().to_owned(),
        TypeRef::Number(crate::ir::FloatWidth::F32) => "f32".to_owned(),
        TypeRef::Number(crate::ir::FloatWidth::F64) => "f64".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", type_text(api, item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", type_text(api, value)),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::JsonObject => "Map<String, Value>".to_owned(),
        TypeRef::Unit => "()".to_owned(),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(api, inner)),
        TypeRef::Formatted(formatted) => (formatted.rust_path().replace("crate::runtime::", ""))
            .replace("::chrono::Utc", "Utc")
            .trim_start_matches("::")
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(name: &str, rule: Rule) -> Change {
        Change {
            rule,
            item: Item::Type {
                name: name.to_owned(),
                usage: Usage::default(),
            },
            member: Some("x".to_owned()),
            old: None,
            new: None,
            pointer: format!("#/components/schemas/{name}"),
            side: Side::New,
            line: None,
            file: None,
            rust: format!("types::{name}"),
            operations: Vec::new(),
            ignored: None,
        }
    }

    fn report(changes: Vec<Change>) -> Report {
        let version = |v: &str| Version {
            title: "T".to_owned(),
            version: v.to_owned(),
        };
        Report {
            old: version("1"),
            new: version("2"),
            changes,
        }
    }

    #[test]
    fn the_summary_fits_its_lines_and_puts_breaking_changes_first() {
        let mut changes: Vec<Change> = (0..10)
            .map(|i| change(&format!("A{i}"), Rule::PropertyAdded))
            .collect();
        changes.push(change("Broken", Rule::PropertyRemoved));
        let summary = report(changes).summary(5);
        let lines: Vec<&str> = summary.lines().collect();
        assert_eq!(lines.len(), 5, "{summary}");
        assert_eq!(
            lines[0],
            "API changes (T 1 → 2): 1 breaking change, 10 other changes"
        );
        assert!(lines[1].starts_with("  ! type `Broken`"), "{summary}");
        assert!(lines[2].starts_with("  + type `A0`"), "{summary}");
        assert_eq!(
            lines[4],
            "  ... and 8 more (`cargo xtask diff <old> <new>` lists them all)"
        );
        // No "and 1 more": a last line that fits is shown instead.
        let short = report(
            (0..4)
                .map(|i| change(&format!("A{i}"), Rule::PropertyAdded))
                .collect(),
        );
        assert_eq!(short.summary(5).lines().count(), 5);
    }
}
