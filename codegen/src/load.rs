//! Stage 1: bytes -> `serde_json::Value`. JSON or YAML, sniffed from the content.

use crate::diagnostics::{Error, Location};
use serde_json::Value;

/// Parses `text` as JSON when it looks like JSON, else as YAML (a superset).
pub fn load(file: &str, text: &str) -> Result<Value, Error> {
    let trimmed = text.trim_start_matches('\u{feff}');
    if trimmed.trim_start().starts_with('{') {
        serde_json::from_str(trimmed).map_err(|err| {
            Error::new(
                file,
                Location::LineColumn {
                    line: err.line(),
                    column: err.column(),
                },
                format!("invalid JSON: {}", strip_position(&err.to_string())),
            )
        })
    } else {
        let value: Value = serde_yaml::from_str(trimmed).map_err(|err| {
            let location = match err.location() {
                Some(at) => Location::LineColumn {
                    line: at.line(),
                    column: at.column(),
                },
                None => Location::Document,
            };
            Error::new(
                file,
                location,
                format!("invalid YAML: {}", strip_position(&err.to_string())),
            )
        })?;
        if !value.is_object() {
            return Err(Error::new(
                file,
                Location::Document,
                "expected an OpenAPI document (a mapping at the top level)",
            ));
        }
        Ok(value)
    }
}

/// serde_json and serde_yaml append " at line L column C"; the location is reported separately.
fn strip_position(message: &str) -> &str {
    match message.find(" at line ") {
        Some(at) => &message[..at],
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_carry_line_and_column() {
        let err = load("spec.json", "{\n  \"openapi\": 3.1.0\n}").unwrap_err();
        assert_eq!(
            err.location,
            Location::LineColumn {
                line: 2,
                column: 17
            }
        );
        assert!(
            err.to_string().starts_with("spec.json:2:17: invalid JSON"),
            "{err}"
        );
    }

    #[test]
    fn yaml_errors_carry_line_and_column() {
        let err = load("spec.yaml", "openapi: 3.1.0\ninfo: [unclosed\n").unwrap_err();
        assert!(
            matches!(err.location, Location::LineColumn { line: 3, .. }),
            "{err}"
        );
        assert!(err.to_string().starts_with("spec.yaml:3:"), "{err}");
    }

    #[test]
    fn yaml_keeps_key_order() {
        let value = load("x.yaml", "b: 1\na: 2\n").unwrap();
        let keys: Vec<_> = value.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["b", "a"]);
    }

    #[test]
    fn a_scalar_document_is_rejected() {
        let err = load("x.yaml", "just text").unwrap_err();
        assert!(err.message.contains("mapping"), "{err}");
    }
}
