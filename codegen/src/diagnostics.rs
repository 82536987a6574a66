//! Diagnostics are data: every stage returns them instead of printing.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// Where in the input a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A line and column in the source text (1-based), for syntax errors.
    LineColumn { line: usize, column: usize },
    /// A line of the source text (1-based), where the column is not known.
    Line(usize),
    /// A JSON pointer into the document, e.g. `#/paths/~1users/get`.
    Pointer(String),
    /// The document as a whole.
    Document,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::LineColumn { line, column } => write!(f, "{line}:{column}"),
            Location::Line(line) => write!(f, "{line}"),
            Location::Pointer(pointer) => f.write_str(pointer),
            Location::Document => f.write_str("#"),
        }
    }
}

/// One finding about the input document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    pub location: Location,
    pub severity: Severity,
    pub message: String,
    /// The overlay action that made the place, when an overlay did: the finding is
    /// about the overlay's text, not the document's.
    pub overlay: Option<crate::overlay::Origin>,
}

impl Diagnostic {
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            location: Location::Pointer(pointer.into()),
            severity: Severity::Warning,
            message: message.into(),
            overlay: None,
        }
    }

    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            location,
            severity: Severity::Error,
            message: message.into(),
            overlay: None,
        }
    }
}

impl Diagnostic {
    /// The diagnostic as a terminal line that names its file: `document` (as the
    /// caller names it), or the overlay action that made the place.
    pub fn in_document(&self, document: &str) -> String {
        match &self.overlay {
            Some(_) => self.to_string(),
            None => format!(
                "{}: {document}: {}: {}",
                self.severity, self.location, self.message
            ),
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = self.severity;
        match &self.overlay {
            Some(origin) => write!(f, "{level}: {origin}: {}: {}", self.location, self.message),
            None => write!(f, "{level}: {}: {}", self.location, self.message),
        }
    }
}

/// Generation failed; the error names the file, the place and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The input file as the caller named it (or a label such as `<memory>`).
    pub file: String,
    pub location: Location,
    pub message: String,
}

impl Error {
    pub fn new(file: &str, location: Location, message: impl Into<String>) -> Self {
        Error {
            file: file.to_owned(),
            location,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Location::LineColumn { line, column } => {
                write!(f, "{}:{line}:{column}: {}", self.file, self.message)
            }
            Location::Line(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            Location::Pointer(pointer) => write!(f, "{}: {pointer}: {}", self.file, self.message),
            Location::Document => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for Error {}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape_token`].
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// `#/paths/~1pets%7Bid%7D/get` -> `["paths", "/pets{id}", "get"]`; `None` for a
/// reference into another document.
pub fn reference_tokens(reference: &str) -> Option<Vec<String>> {
    let fragment = percent_decode(reference.strip_prefix('#')?);
    if fragment.is_empty() {
        return Some(Vec::new());
    }
    let rest = fragment.strip_prefix('/')?;
    Some(rest.split('/').map(unescape_token).collect())
}

/// The pointer the rest of the generator writes for `tokens` (`#/a~1b/c`).
pub fn pointer_of(tokens: &[String]) -> String {
    tokens.iter().fold("#".to_owned(), |pointer, token| {
        join_pointer(&pointer, token)
    })
}

/// `%7B` -> `{`; a `%` not followed by two hex digits stays as it is. Decoded bytes that
/// are not UTF-8 are replaced, which no real pointer needs.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&hi), Some(&lo)) if hex(hi).is_some() && hex(lo).is_some() => {
                out.push((hex(hi).unwrap_or(0) * 16 + hex(lo).unwrap_or(0)) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `base` + `/token`, escaped.
pub fn join_pointer(base: &str, token: &str) -> String {
    let mut pointer = base.to_owned();
    push_pointer(&mut pointer, token);
    pointer
}

/// Calls `visit` with every node of `value` (itself first) and the node's pointer;
/// `pointer` is where `value` is. One pointer buffer serves the whole walk.
pub fn walk_with_pointers(
    value: &serde_json::Value,
    pointer: &mut String,
    visit: &mut impl FnMut(&str, &serde_json::Value),
) {
    use serde_json::Value;
    visit(pointer, value);
    let here = pointer.len();
    match value {
        Value::Object(entries) => {
            for (key, child) in entries {
                push_pointer(pointer, key);
                walk_with_pointers(child, pointer, visit);
                pointer.truncate(here);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                push_pointer(pointer, &index.to_string());
                walk_with_pointers(child, pointer, visit);
                pointer.truncate(here);
            }
        }
        _ => {}
    }
}

/// Appends `/token`, escaped, to `pointer` in place (for walks that truncate it back).
pub fn push_pointer(pointer: &mut String, token: &str) {
    pointer.push('/');
    if token.contains(['~', '/']) {
        pointer.push_str(&escape_token(token));
    } else {
        pointer.push_str(token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_percent_decoded_then_unescaped() {
        assert_eq!(
            reference_tokens("#/paths/~1companies~1%7BcompanyId%7D/get").unwrap(),
            ["paths", "/companies/{companyId}", "get"]
        );
        assert_eq!(reference_tokens("#/a~01%25").unwrap(), ["a~1%"]);
        assert_eq!(reference_tokens("#").unwrap(), Vec::<String>::new());
        assert_eq!(reference_tokens("other.yaml#/a"), None);
        assert_eq!(
            pointer_of(&reference_tokens("#/a~1b/c").unwrap()),
            "#/a~1b/c"
        );
    }
}
