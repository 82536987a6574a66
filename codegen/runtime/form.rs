//! Files sent in `multipart/form-data` bodies.

use super::query::{push_escaped, scalar_text, sorted};
use super::InvalidRequest;
use std::fmt;

/// A file sent as one part of a `multipart/form-data` body.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    pub bytes: Vec<u8>,
    /// The file name the part announces (`filename=` of its `Content-Disposition`).
    pub file_name: Option<String>,
    /// The part's `Content-Type`, e.g. `text/csv`.
    pub content_type: Option<String>,
}

impl FilePart {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The part as reqwest sends it; a malformed content type is refused. A file
    /// without a content type of its own is `application/octet-stream` (RFC 7578 gives
    /// a part without one `text/plain`, which a file seldom is).
    pub fn into_part(self) -> Result<reqwest::multipart::Part, InvalidRequest> {
        let mut part = reqwest::multipart::Part::bytes(self.bytes);
        if let Some(file_name) = self.file_name {
            part = part.file_name(file_name);
        }
        let content_type = self
            .content_type
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        part.mime_str(&content_type)
            .map_err(|err| InvalidRequest(format!("content type `{content_type}`: {err}")))
    }
}

/// The bytes are summarised: a file may be large.
impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}
/// A part of a multipart body holding a value that is not a scalar in Rust: an object
/// or array as JSON, labelled `application/json` (OpenAPI's default for them); a union
/// or alias holding a string, number or boolean as its text.
pub fn value_part<T: serde::Serialize>(value: &T) -> reqwest::multipart::Part {
    use reqwest::multipart::Part;
    match serde_json::to_value(value) {
        Ok(json @ (serde_json::Value::Object(_) | serde_json::Value::Array(_))) => {
            let text = json.to_string();
            Part::text(text.clone())
                .mime_str("application/json")
                .unwrap_or_else(|_| Part::text(text))
        }
        Ok(serde_json::Value::String(text)) => Part::text(text),
        Ok(other) => Part::text(other.to_string()),
        Err(_) => Part::text(String::new()),
    }
}

/// How the document's `encoding` says one property of a form body is written (a
/// property without one follows the bracket convention of [`form_body`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormStyle {
    /// `style: form, explode: true`: an array's name repeated, an object's properties
    /// as pairs of their own (`a=1&b=2`).
    Exploded,
    /// `style: form, explode: false`: `tags=a,b`; an object as `key,value,..`.
    Comma,
    /// `spaceDelimited`: `tags=a b`.
    Space,
    /// `pipeDelimited`: `tags=a|b`.
    Pipe,
    /// `contentType: application/json`: the value as JSON text.
    Json,
}

/// A body sent as `application/x-www-form-urlencoded`: a property a pair, nested objects
/// as `name[key]=value`, arrays of scalars as the key repeated (OpenAPI's default
/// `style: form, explode: true`), arrays of objects or arrays as `name[0][key]=value`;
/// nulls are left out. The length is always sent, `Content-Length: 0` for an empty form.
pub fn form_body<T: serde::Serialize>(
    request: reqwest::RequestBuilder,
    body: &T,
) -> Result<reqwest::RequestBuilder, InvalidRequest> {
    form_body_encoded(request, body, &[])
}

/// [`form_body`], the properties `encoding` names (by wire name) written in their style.
/// A value the style cannot write (an object inside a delimited list) is refused,
/// naming the property.
pub fn form_body_encoded<T: serde::Serialize>(
    request: reqwest::RequestBuilder,
    body: &T,
    encoding: &[(&str, FormStyle)],
) -> Result<reqwest::RequestBuilder, InvalidRequest> {
    let encoded = form_encoded(body, encoding)?;
    Ok(request
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(reqwest::header::CONTENT_LENGTH, encoded.len())
        .body(encoded))
}

/// The form text of `body`, an object.
fn form_encoded<T: serde::Serialize>(
    body: &T,
    encoding: &[(&str, FormStyle)],
) -> Result<String, InvalidRequest> {
    let value = serde_json::to_value(body)
        .map_err(|err| InvalidRequest(format!("the form body cannot be encoded: {err}")))?;
    let serde_json::Value::Object(properties) = value else {
        return Err(InvalidRequest(format!(
            "a form body is an object of fields; this one is {value}"
        )));
    };
    let mut pairs = Vec::new();
    for (name, value) in sorted(&properties) {
        match encoding.iter().find(|(wire, _)| wire == name) {
            Some((_, style)) => styled_pairs(name, value, *style, &mut pairs)?,
            None => form_pairs(name, value, &mut pairs),
        }
    }
    let mut out = String::new();
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        form_encode_into(&mut out, name);
        out.push('=');
        form_encode_into(&mut out, value);
    }
    Ok(out)
}

/// The pairs of a property the document gives a style.
fn styled_pairs(
    name: &str,
    value: &serde_json::Value,
    style: FormStyle,
    pairs: &mut Vec<(String, String)>,
) -> Result<(), InvalidRequest> {
    use serde_json::Value;
    let delimiter = match (style, value) {
        (_, Value::Null) => return Ok(()),
        (FormStyle::Json, value) => {
            pairs.push((name.to_owned(), value.to_string()));
            return Ok(());
        }
        (FormStyle::Exploded, Value::Object(properties)) => {
            for (key, value) in sorted(properties) {
                form_pairs(key, value, pairs);
            }
            return Ok(());
        }
        (FormStyle::Exploded, value) => {
            form_pairs(name, value, pairs);
            return Ok(());
        }
        (FormStyle::Comma, _) => ",",
        (FormStyle::Space, _) => " ",
        (FormStyle::Pipe, _) => "|",
    };
    let texts: Vec<String> = match value {
        Value::Array(items) => (items.iter().filter(|item| !item.is_null()))
            .map(|item| delimited_text(name, item, delimiter))
            .collect::<Result<_, _>>()?,
        Value::Object(properties) => {
            let mut texts = Vec::new();
            for (key, value) in sorted(properties) {
                texts.push(key.clone());
                texts.push(delimited_text(name, value, delimiter)?);
            }
            texts
        }
        scalar => vec![scalar_text(scalar)],
    };
    pairs.push((name.to_owned(), texts.join(delimiter)));
    Ok(())
}

/// One item of a delimited list: a scalar's text; anything else cannot be written.
fn delimited_text(
    name: &str,
    item: &serde_json::Value,
    delimiter: &str,
) -> Result<String, InvalidRequest> {
    match item {
        serde_json::Value::Object(_) | serde_json::Value::Array(_) => Err(InvalidRequest(format!(
            "form field `{name}`: a `{delimiter}`-delimited list holds scalars only, not {item}"
        ))),
        scalar => Ok(scalar_text(scalar)),
    }
}

fn form_pairs(name: &str, value: &serde_json::Value, pairs: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::Object(properties) => {
            for (key, value) in sorted(properties) {
                form_pairs(&format!("{name}[{key}]"), value, pairs);
            }
        }
        Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
            for (index, item) in items.iter().enumerate() {
                form_pairs(&format!("{name}[{index}]"), item, pairs);
            }
        }
        Value::Array(items) => {
            for item in items {
                form_pairs(name, item, pairs);
            }
        }
        scalar => pairs.push((name.to_owned(), scalar_text(scalar))),
    }
}

/// The `application/x-www-form-urlencoded` byte serializer: alphanumerics and `*-._`
/// kept, a space as `+`, every other byte percent-encoded.
fn form_encode_into(out: &mut String, text: &str) {
    for &byte in text.as_bytes() {
        match byte {
            b' ' => out.push('+'),
            b'*' | b'-' | b'.' | b'_' => out.push(byte as char),
            byte if byte.is_ascii_alphanumeric() => out.push(byte as char),
            byte => push_escaped(out, byte),
        }
    }
}

#[cfg(test)]
mod form_body_tests {
    use super::{form_encoded, FormStyle};
    use serde_json::json;

    #[test]
    fn nested_objects_and_arrays_follow_the_bracket_convention() {
        let body = json!({
            "name": "Q3 & Q4",
            "metadata": {"team": "sales", "empty": null},
            "tags": ["a", "b c"],
            "items": [{"price": "p_1", "quantity": 2}],
            "none": null,
        });
        assert_eq!(
            form_encoded(&body, &[]).unwrap(),
            "items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2\
             &metadata%5Bteam%5D=sales&name=Q3+%26+Q4&tags=a&tags=b+c"
        );
        assert_eq!(form_encoded(&json!({}), &[]).unwrap(), "");
        let err = form_encoded(&json!(["not", "an", "object"]), &[]).unwrap_err();
        assert!(err.0.contains("a form body is an object"), "{err:?}");
    }

    #[test]
    fn properties_the_encoding_names_are_written_in_their_style() {
        let body = json!({
            "comma": ["a", "b"],
            "pipe": [1, 2],
            "space": ["x y", "z"],
            "object": {"b": 2, "a": "1"},
            "flat": {"k": "v", "deep": {"x": 1}},
            "json": {"a": [1]},
            "repeated": ["r", "s"],
        });
        let encoding = [
            ("comma", FormStyle::Comma),
            ("pipe", FormStyle::Pipe),
            ("space", FormStyle::Space),
            ("object", FormStyle::Comma),
            ("flat", FormStyle::Exploded),
            ("json", FormStyle::Json),
            ("repeated", FormStyle::Exploded),
        ];
        assert_eq!(
            form_encoded(&body, &encoding).unwrap(),
            "comma=a%2Cb&deep%5Bx%5D=1&k=v&json=%7B%22a%22%3A%5B1%5D%7D&object=a%2C1%2Cb%2C2\
             &pipe=1%7C2&repeated=r&repeated=s&space=x+y+z"
        );
        let nested = json!({"items": [{"price": 1}]});
        let err = form_encoded(&nested, &[("items", FormStyle::Pipe)]).unwrap_err();
        assert_eq!(
            err.0,
            "form field `items`: a `|`-delimited list holds scalars only, not {\"price\":1}"
        );
    }
}
