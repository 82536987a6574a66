//! Stage 1: bytes -> `serde_json::Value`. JSON or YAML, sniffed from the content.

use crate::diagnostics::{Error, Location};
use serde_json::Value;

/// How deeply a JSON document may nest objects and arrays. Schemas nested 200 deep take
/// about 600 levels; the stages after this one recurse per level, on a stack sized for it
/// (see [`crate::read_api`]).
pub const MAX_DEPTH: usize = 2000;

/// Parses `text` as JSON when it looks like JSON, else as YAML (a superset).
pub fn load(file: &str, text: &str) -> Result<Value, Error> {
    let trimmed = text.trim_start_matches('\u{feff}');
    if trimmed.trim_start().starts_with('{') {
        let invalid = |err: serde_json::Error| {
            Error::new(
                file,
                Location::LineColumn {
                    line: err.line(),
                    column: err.column(),
                },
                format!("invalid JSON: {}", strip_position(&err.to_string())),
            )
        };
        // Most documents nest less than serde_json's own limit (128): read at once.
        // Deeper ones are first checked against ours, then read without serde_json's.
        match read_json(trimmed, true) {
            Ok(value) => return Ok(value),
            Err(err) if !err.to_string().starts_with("recursion limit exceeded") => {
                return Err(invalid(err));
            }
            Err(_) => {}
        }
        if let Some((line, column)) = too_deep(trimmed, MAX_DEPTH) {
            return Err(Error::new(
                file,
                Location::LineColumn { line, column },
                format!("nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        read_json(trimmed, false).map_err(invalid)
    } else {
        let value = serde_yaml::from_str::<YamlValue>(trimmed)
            .map(|v| v.0)
            .map_err(|err| {
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

/// The JSON value `text` holds, nothing after it; within serde_json's nesting limit
/// when `limited`.
fn read_json(text: &str, limited: bool) -> Result<Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    if !limited {
        deserializer.disable_recursion_limit();
    }
    let value = serde::Deserialize::deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// The line and column where JSON text first nests deeper than `limit`, if it does.
/// Bytes, not chars: every byte it looks for is ASCII, which no byte of a multi-byte
/// character equals. The position is worked out only when there is one to report.
fn too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (offset, &byte) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > limit {
                    let before = &text[..offset];
                    let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
                    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
                    return Some((line, text[line_start..offset].chars().count() + 1));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// A YAML document read straight into a `serde_json::Value`, more leniently than
/// `Value`'s own reader: integers beyond 64 bits (`minimum: -9223372036854776000`)
/// become floats, as JSON readers make them, and scalar keys (`200:`, `true:`) become
/// their text.
struct YamlValue(Value);

impl<'de> serde::Deserialize<'de> for YamlValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YamlVisitor).map(YamlValue)
    }
}

struct YamlVisitor;

impl<'de> serde::de::Visitor<'de> for YamlVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(YamlValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = serde_json::Map::new();
        while let Some((YamlValue(key), YamlValue(value))) = map.next_entry()? {
            let key = match key {
                Value::String(key) => key,
                Value::Null => "null".to_owned(),
                scalar @ (Value::Bool(_) | Value::Number(_)) => scalar.to_string(),
                Value::Array(_) | Value::Object(_) => {
                    return Err(serde::de::Error::custom(
                        "a mapping key must be a scalar, not a sequence or mapping",
                    ))
                }
            };
            entries.insert(key, value);
        }
        Ok(Value::Object(entries))
    }
}

/// A float as JSON has it; YAML's `.nan` and `.inf` have no JSON form and become null.
fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
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

    fn nested(levels: usize) -> String {
        format!(
            "{{\"a\": {}\"[{{x}}]\"{}}}",
            "[".repeat(levels - 1),
            "]".repeat(levels - 1)
        )
    }

    #[test]
    fn deep_json_loads_up_to_the_limit_and_is_refused_beyond_it() {
        // Past serde_json's own limit of 128; brackets inside strings do not count.
        assert!(load("deep.json", &nested(600)).is_ok());
        let err = load("deep.json", &format!("\n{}", nested(MAX_DEPTH + 1))).unwrap_err();
        assert_eq!(
            err.location,
            Location::LineColumn {
                line: 2,
                column: MAX_DEPTH + 6
            }
        );
        assert!(
            err.message.contains("nested more than 2000 levels"),
            "{err}"
        );
        // Columns count characters, not bytes.
        let wide = format!("\n{}", nested(MAX_DEPTH + 1)).replace("\"a\"", "\"é\"");
        let err = load("deep.json", &wide).unwrap_err();
        assert_eq!(
            err.location,
            Location::LineColumn {
                line: 2,
                column: MAX_DEPTH + 6
            }
        );
    }

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
    fn yaml_integers_beyond_64_bits_load_as_floats_and_scalar_keys_as_text() {
        let value = load(
            "x.yaml",
            "min: -9223372036854776000\nmax: 18446744073709551616\nu: 18446744073709551615\n200: ok\ntrue: yes\n",
        )
        .unwrap();
        assert_eq!(value["min"].as_f64(), Some(-9.223372036854776e18));
        assert_eq!(value["max"].as_f64(), Some(1.8446744073709552e19));
        assert_eq!(value["u"].as_u64(), Some(u64::MAX));
        assert_eq!(value["200"], "ok");
        assert_eq!(value["true"], "yes");
    }

    #[test]
    fn a_scalar_document_is_rejected() {
        let err = load("x.yaml", "just text").unwrap_err();
        assert!(err.message.contains("mapping"), "{err}");
    }
}
