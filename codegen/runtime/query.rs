//! The query string, written by hand so that the delimiters of OpenAPI's parameter
//! styles stay literal while every name and value is percent-encoded.

use super::request::InvalidRequest;
use serde::Serialize;
use serde_json::Value;
use std::fmt::{Display, Write};

/// Query parameters in the order the operation declares them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    encoded: String,
}

impl Query {
    pub fn new() -> Self {
        Query::default()
    }

    /// `name=value`.
    pub fn pair(&mut self, name: &str, value: &str) {
        self.start(name);
        encode_into(&mut self.encoded, value);
    }

    /// `name=value` when the value is there, for a value with a text form of its own
    /// (a string, number, boolean or string enum).
    pub fn optional<T: Display + ?Sized>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.start(name);
            // Straight into the query, encoded as it is written: no text in between.
            let _ = write!(Encoding(&mut self.encoded), "{value}");
        }
    }

    /// `name=a,b,c` (`style: form, explode: false`) or another style's delimiter, already
    /// in its encoded form (`%20`, `|`): the items are encoded, the delimiter is not.
    pub fn joined<I, S>(&mut self, name: &str, items: I, delimiter: &str)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.start(name);
        for (index, item) in items.into_iter().enumerate() {
            if index > 0 {
                self.encoded.push_str(delimiter);
            }
            encode_into(&mut self.encoded, item.as_ref());
        }
    }

    /// An object as `name[key]=value` pairs (`style: deepObject`); nested objects add
    /// brackets, arrays repeat the key and nulls are left out.
    pub fn deep_object<T: Serialize>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), InvalidRequest> {
        let value = to_value(name, value)?;
        self.deep(name, &value);
        Ok(())
    }

    /// An object in `style: form`: `key=value` per property when exploded, otherwise
    /// `name=key,value,key,value`.
    pub fn form_object<T: Serialize>(
        &mut self,
        name: &str,
        value: &T,
        explode: bool,
    ) -> Result<(), InvalidRequest> {
        match to_value(name, value)? {
            Value::Object(properties) if explode => {
                for (key, value) in sorted(&properties) {
                    self.deep(key, value);
                }
            }
            Value::Object(properties) => {
                let items = sorted(&properties)
                    .into_iter()
                    .filter(|(_, value)| !value.is_null())
                    .flat_map(|(key, value)| [key.clone(), scalar_text(value)]);
                self.joined(name, items, ",");
            }
            other => self.deep(name, &other),
        }
        Ok(())
    }

    fn deep(&mut self, name: &str, value: &Value) {
        match value {
            Value::Null => {}
            Value::Object(properties) => {
                for (key, value) in sorted(properties) {
                    self.deep(&format!("{name}[{key}]"), value);
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.deep(name, item);
                }
            }
            scalar => self.pair(name, &scalar_text(scalar)),
        }
    }

    fn start(&mut self, name: &str) {
        if !self.encoded.is_empty() {
            self.encoded.push('&');
        }
        encode_into(&mut self.encoded, name);
        self.encoded.push('=');
    }

    /// The encoded query, `None` when there is no parameter.
    pub(super) fn encoded(&self) -> Option<&str> {
        (!self.encoded.is_empty()).then_some(self.encoded.as_str())
    }
}

fn to_value<T: Serialize>(name: &str, value: &T) -> Result<Value, InvalidRequest> {
    serde_json::to_value(value)
        .map_err(|err| InvalidRequest(format!("query parameter `{name}` cannot be encoded: {err}")))
}

/// Properties by name, whatever order serde_json's features keep them in, so that the
/// query (or a form body) is the same in every build.
pub(super) fn sorted(properties: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut sorted: Vec<_> = properties.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    sorted
}

/// A scalar as the text a query (or a form body) carries: strings bare, everything else
/// as JSON.
pub(super) fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Percent-encodes what is written to it into the string it holds.
struct Encoding<'a>(&'a mut String);

impl std::fmt::Write for Encoding<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        encode_into(self.0, text);
        Ok(())
    }
}

/// Percent-encodes all but RFC 3986's unreserved characters.
fn encode_into(out: &mut String, text: &str) {
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            push_escaped(out, byte);
        }
    }
}

/// `%XX` for `byte`.
pub(super) fn push_escaped(out: &mut String, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(HEX[usize::from(byte >> 4)] as char);
    out.push(HEX[usize::from(byte & 0x0f)] as char);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_encoded_and_delimiters_kept() {
        let mut query = Query::new();
        query.pair("q", "a b&c=d/é");
        query.joined("ids", ["1", "x,y"], ",");
        query.joined("tags", ["a", "b"], "%20");
        assert_eq!(
            query.encoded(),
            Some("q=a%20b%26c%3Dd%2F%C3%A9&ids=1,x%2Cy&tags=a%20b")
        );
    }

    #[test]
    fn optional_values_are_written_when_there_and_encoded() {
        let mut query = Query::new();
        query.optional("q", Some(&"a b&c".to_owned()));
        query.optional::<i64>("absent", None);
        query.optional("n", Some(&-1.5f64));
        query.optional("flag", Some(&true));
        assert_eq!(query.encoded(), Some("q=a%20b%26c&n=-1.5&flag=true"));
    }

    #[test]
    fn objects_in_deep_and_form_styles() {
        let value =
            serde_json::json!({"role": "admin", "age": 3, "gone": null, "in": {"x": [1, 2]}});
        let mut deep = Query::new();
        deep.deep_object("filter", &value).unwrap();
        assert_eq!(
            deep.encoded(),
            Some("filter%5Bage%5D=3&filter%5Bin%5D%5Bx%5D=1&filter%5Bin%5D%5Bx%5D=2&filter%5Brole%5D=admin")
        );
        let flat = serde_json::json!({"R": 100, "G": "x y"});
        let mut exploded = Query::new();
        exploded.form_object("color", &flat, true).unwrap();
        assert_eq!(exploded.encoded(), Some("G=x%20y&R=100"));
        let mut joined = Query::new();
        joined.form_object("color", &flat, false).unwrap();
        assert_eq!(joined.encoded(), Some("color=G,x%20y,R,100"));
        assert_eq!(Query::new().encoded(), None);
    }
}
