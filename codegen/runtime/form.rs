//! Files sent in `multipart/form-data` bodies.

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
