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
    pub overlay: Option<Origin>,
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

/// The overlay that made a place of the document, and which of its actions did.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The overlay file as the caller named it.
    pub file: String,
    /// The action's index in `actions`.
    pub action: usize,
    /// The action's 1-based line in the overlay, when its text has one.
    pub line: Option<usize>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: action {}", self.file, self.action),
            None => write!(f, "{}: action {}", self.file, self.action),
        }
    }
}
