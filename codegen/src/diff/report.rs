//! The report's model: the changes, the items they are about, the two versions, and the
//! lines in each version's text that the changes point at.

use super::{Level, Rule};
use crate::ir::{Api, Operation};

/// Everything that changed between two versions, in report order: operations added,
/// removed and changed, then types added, removed and changed, each in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub old: Version,
    pub new: Version,
    pub changes: Vec<Change>,
}

/// A side's text, and the places its overlays made, for [`Report::locate`].
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub text: &'a str,
    pub origins: Option<&'a crate::overlay::Origins>,
}

impl<'a> From<&'a str> for Source<'a> {
    fn from(text: &'a str) -> Self {
        Source {
            text,
            origins: None,
        }
    }
}

/// Which document a side of the report is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub title: String,
    pub version: String,
}

/// One change, by the rule it falls under. Its prose is made from these fields when a
/// report is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub rule: Rule,
    pub item: Item,
    /// The part of the item concerned: a field, parameter or form part (by wire name), a
    /// response status, an enum value, a union variant, a method.
    pub member: Option<String>,
    /// What it was and what it is now (Rust types, media types, ...), where it has one.
    pub old: Option<String>,
    pub new: Option<String>,
    /// Where the change is: a JSON pointer into the new document, or into the old one
    /// for what was removed.
    pub pointer: String,
    pub side: Side,
    /// The 1-based line of `pointer` (or of the nearest place above it) in that
    /// document's text, once [`Report::locate`] has been given the texts; or the line
    /// of the overlay action that made the place.
    pub line: Option<usize>,
    /// The overlay file that made the place, when one did (`line` is then the
    /// action's); `None`: the side's document itself.
    pub file: Option<String>,
    /// The Rust item that changes, e.g. `Client::list_pets` or `types::Pet::name`.
    pub rust: String,
    /// The operations whose requests or responses reach the changed item.
    pub operations: Vec<OperationRef>,
    /// The reason an ignore entry gives, when one matches: the change is listed as
    /// ignored and counts for nothing.
    pub ignored: Option<String>,
}

/// A version of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

/// An operation, as callers and the document name it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OperationRef {
    pub method_name: String,
    pub http_method: crate::ir::HttpMethod,
    pub path: String,
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Operation(OperationRef),
    Type {
        name: String,
        usage: Usage,
    },
    /// A webhook by its key, with its decode function.
    Webhook {
        name: String,
        function: String,
    },
}

/// Where the client uses a type: in what callers send, in what they receive, or both.
/// A type no operation uses is public all the same, so it counts as both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

impl Usage {
    fn unused(self) -> bool {
        !self.request && !self.response
    }

    /// Whether callers build values of the type.
    pub(super) fn built(self) -> bool {
        self.request || self.unused()
    }

    /// Whether callers read values of the type.
    pub(super) fn read(self) -> bool {
        self.response || self.unused()
    }

    pub(super) fn either(self, other: Usage) -> Usage {
        Usage {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }

    pub fn label(self) -> &'static str {
        match (self.request, self.response) {
            (true, true) => "request and response",
            (true, false) => "request",
            (false, true) => "response",
            (false, false) => "used by no operation",
        }
    }
}

impl Change {
    pub fn level(&self) -> Level {
        self.rule.level()
    }

    /// Whether the change counts: not ignored.
    pub fn counts(&self) -> bool {
        self.ignored.is_none()
    }
}

impl Report {
    /// The breaking changes that are not ignored.
    pub fn breaking(&self) -> usize {
        (self.changes.iter())
            .filter(|c| c.counts() && c.level() == Level::Breaking)
            .count()
    }

    /// The changes that count, by level.
    pub fn count(&self, level: Level) -> usize {
        (self.changes.iter())
            .filter(|c| c.counts() && c.level() == level)
            .count()
    }

    /// Fills in each change's line from the texts of the two documents, or, for a
    /// place an overlay made, the overlay file and the line of its action.
    pub fn locate(&mut self, old: Source<'_>, new: Source<'_>) {
        let wanted = |side: Side| {
            (self.changes.iter().filter(move |c| c.side == side)).map(|c| c.pointer.as_str())
        };
        let old_lines = crate::locate::Lines::of(old.text, wanted(Side::Old));
        let new_lines = crate::locate::Lines::of(new.text, wanted(Side::New));
        for change in &mut self.changes {
            let (lines, source) = match change.side {
                Side::Old => (&old_lines, &old),
                Side::New => (&new_lines, &new),
            };
            match source
                .origins
                .and_then(|origins| origins.of(&change.pointer))
            {
                Some(origin) => {
                    change.file = Some(origin.file.clone());
                    change.line = origin.line;
                }
                None => change.line = lines.line_of(&change.pointer),
            }
        }
    }
}

pub(super) fn version(api: &Api) -> Version {
    Version {
        title: api.title.clone(),
        version: api.version.clone(),
    }
}

pub(super) fn operation_ref(op: &Operation) -> OperationRef {
    OperationRef {
        method_name: op.method_name.clone(),
        http_method: op.http_method,
        path: op.path.clone(),
    }
}
