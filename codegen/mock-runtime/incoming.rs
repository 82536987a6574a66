//! A request as the mock reads it: the route (operation) it takes, and its parameters
//! and body read back into the operation's types, each refusal saying what is wrong.

use super::text::{from_node, from_text, Node};
use crate::runtime::{Auth, FilePart, FormStyle, Scheme};
use percent_encoding::percent_decode_str;
use serde::de::DeserializeOwned;
use std::fmt;

/// Why a request is not one the operation describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A value the operation requires, or a refusal saying `what` is missing.
pub fn required<T>(value: Option<T>, what: &str) -> Result<T, Refusal> {
    value.ok_or_else(|| Refusal(format!("{what} is required and missing")))
}

/// A request the mock received, with the parameters of the path template it matched.
#[derive(Debug, Clone)]
pub struct Incoming {
    method: String,
    url: reqwest::Url,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
    segments: Vec<String>,
    pairs: Vec<(String, String)>,
    path_params: Vec<(String, String)>,
}

impl Incoming {
    pub(super) fn new(request: &wiremock::Request) -> Incoming {
        let segments = request
            .url
            .path()
            .trim_start_matches('/')
            .split('/')
            .map(|segment| percent_decode_str(segment).decode_utf8_lossy().into_owned())
            .collect();
        Incoming {
            method: request.method.as_str().to_owned(),
            url: request.url.clone(),
            headers: request.headers.clone(),
            body: request.body.clone(),
            segments,
            pairs: request.url.query_pairs().into_owned().collect(),
            path_params: Vec::new(),
        }
    }

    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path and query, as sent.
    pub fn target(&self) -> String {
        match self.url.query() {
            Some(query) => format!("{}?{query}", self.url.path()),
            None => self.url.path().to_owned(),
        }
    }

    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The value of a header, when it is there and is text.
    pub fn header_text(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The media type of the body, without parameters, lower-cased.
    pub fn media_type(&self) -> Option<String> {
        let value = self.header_text("content-type")?;
        let essence = value.split(';').next().unwrap_or_default().trim();
        Some(essence.to_ascii_lowercase())
    }

    /// How many literal segments of `template` the path matches (the most specific
    /// route wins), its parameters taken; `None` when it does not match.
    pub(super) fn match_template(&self, template: &str) -> Option<(usize, Vec<(String, String)>)> {
        let (path, query) = template.split_once('?').unwrap_or((template, ""));
        let wanted: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        if wanted.len() != self.segments.len() {
            return None;
        }
        let mut params = Vec::new();
        let mut literal = 0;
        for (pattern, segment) in wanted.iter().zip(&self.segments) {
            let pieces = pieces(pattern);
            if let [Piece::Literal(text)] = pieces.as_slice() {
                if text != segment {
                    return None;
                }
                literal += 1;
                continue;
            }
            if !match_pieces(&pieces, segment, &mut params) {
                return None;
            }
        }
        // A query the template itself holds (`/templates?desc=html`) must be there.
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            if !self.pairs.iter().any(|(n, v)| n == name && v == value) {
                return None;
            }
        }
        Some((literal, params))
    }

    pub(super) fn with_path_params(mut self, params: Vec<(String, String)>) -> Incoming {
        self.path_params = params;
        self
    }

    /// A path parameter, read as its type.
    pub fn path<T: DeserializeOwned>(&self, name: &str) -> Result<T, Refusal> {
        let text = (self.path_params.iter())
            .find(|(n, _)| n == name)
            .map(|(_, value)| value.as_str())
            .ok_or_else(|| Refusal(format!("path parameter `{name}` is missing")))?;
        from_text(text).map_err(|err| Refusal(format!("path parameter `{name}`: {err}")))
    }

    /// A query parameter laid out as `shape` says; `None` when it is not there.
    pub fn query<T: DeserializeOwned>(
        &self,
        name: &str,
        shape: Shape,
    ) -> Result<Option<T>, Refusal> {
        let what = || format!("query parameter `{name}`");
        let values: Vec<&str> = (self.pairs.iter())
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect();
        let node = match shape {
            Shape::DeepObject => {
                let prefix = format!("{name}[");
                let pairs: Vec<(&str, &str)> = (self.pairs.iter())
                    .filter(|(n, _)| n.starts_with(&prefix))
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect();
                if pairs.is_empty() {
                    return Ok(None);
                }
                match Node::from_pairs(pairs) {
                    Node::Map(mut entries) if entries.len() == 1 => entries.remove(0).1,
                    other => other,
                }
            }
            // A value that is not an object (a union holding a string) is one pair.
            Shape::Exploded(_) if !values.is_empty() => return self.query(name, Shape::Single),
            Shape::Exploded(declared) => {
                let pairs: Vec<(&str, &str)> = (self.pairs.iter())
                    .filter(|(n, _)| !declared.contains(&n.as_str()))
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect();
                if pairs.is_empty() {
                    return Ok(None);
                }
                Node::from_pairs(pairs)
            }
            _ if values.is_empty() => return Ok(None),
            Shape::Repeated => Node::Seq(values.iter().map(|v| text(v)).collect()),
            _ if values.len() > 1 => {
                return Err(Refusal(format!(
                    "{} is given {} times; the operation takes it once",
                    what(),
                    values.len()
                )))
            }
            Shape::Pairs => {
                // `key,value` pairs, or a value that is not an object (one pair).
                let read = from_node(Shape::Pairs.read(values[0]));
                return read
                    .or_else(|_| from_text(values[0]))
                    .map(Some)
                    .map_err(|err| Refusal(format!("{}: {err}", what())));
            }
            shape => shape.read(values[0]),
        };
        from_node(node)
            .map(Some)
            .map_err(|err| Refusal(format!("{}: {err}", what())))
    }

    /// A query parameter the operation requires.
    pub fn required_query<T: DeserializeOwned>(
        &self,
        name: &str,
        shape: Shape,
    ) -> Result<T, Refusal> {
        required(
            self.query(name, shape)?,
            &format!("query parameter `{name}`"),
        )
    }

    /// A header parameter the operation requires.
    pub fn required_header<T: DeserializeOwned>(
        &self,
        name: &str,
        shape: Shape,
    ) -> Result<T, Refusal> {
        required(
            self.header(name, shape)?,
            &format!("header parameter `{name}`"),
        )
    }

    /// A cookie parameter the operation requires.
    pub fn required_cookie<T: DeserializeOwned>(
        &self,
        name: &str,
        shape: Shape,
    ) -> Result<T, Refusal> {
        required(
            self.cookie(name, shape)?,
            &format!("cookie parameter `{name}`"),
        )
    }

    /// A header parameter (arrays comma-separated, objects as JSON).
    pub fn header<T: DeserializeOwned>(
        &self,
        name: &str,
        shape: Shape,
    ) -> Result<Option<T>, Refusal> {
        let Some(value) = self.headers.get(name) else {
            return Ok(None);
        };
        let value = value
            .to_str()
            .map_err(|_| Refusal(format!("header `{name}` is not text")))?;
        from_node(shape.read(value))
            .map(Some)
            .map_err(|err| Refusal(format!("header `{name}`: {err}")))
    }

    /// A cookie parameter, from the `Cookie` header.
    pub fn cookie<T: DeserializeOwned>(
        &self,
        name: &str,
        shape: Shape,
    ) -> Result<Option<T>, Refusal> {
        let Some(value) = self.cookie_text(name) else {
            return Ok(None);
        };
        from_node(shape.read(&value))
            .map(Some)
            .map_err(|err| Refusal(format!("cookie `{name}`: {err}")))
    }

    fn cookie_text(&self, name: &str) -> Option<String> {
        (self.headers.get_all("cookie").iter())
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, value)| value.to_owned())
    }

    /// Which of the media types the operation takes the body is sent as: its index;
    /// `None` for no body (refused when the body is required).
    pub fn body_media(&self, accepted: &[&str], required: bool) -> Result<Option<usize>, Refusal> {
        let media = self.media_type();
        if self.body.is_empty() && media.is_none() {
            return match required {
                true => Err(Refusal(format!(
                    "the body is required ({}) and none was sent",
                    accepted.join(" or ")
                ))),
                false => Ok(None),
            };
        }
        let Some(media) = media else {
            return Err(Refusal(format!(
                "the body has no `Content-Type`; the operation takes {}",
                accepted.join(" or ")
            )));
        };
        let matches = |accepted: &str| {
            let accepted = accepted.to_ascii_lowercase();
            match accepted.strip_suffix("/*") {
                Some(kind) => media.starts_with(&format!("{kind}/")),
                None => accepted == "*/*" || accepted == media,
            }
        };
        match accepted.iter().position(|a| matches(a)) {
            Some(index) => Ok(Some(index)),
            None => Err(Refusal(format!(
                "the body is sent as `{media}`; the operation takes {}",
                accepted.join(" or ")
            ))),
        }
    }

    /// The body as JSON of type `T`; a refusal names the place that does not fit.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Refusal> {
        let reader = &mut serde_json::Deserializer::from_slice(&self.body);
        serde_path_to_error::deserialize(reader).map_err(|err| {
            let place = err.path().to_string();
            let place = match place.as_str() {
                "." => String::new(),
                place => format!(" at `{place}`"),
            };
            Refusal(format!(
                "the body does not decode into {}{place}: {}",
                short_type_name::<T>(),
                err.inner()
            ))
        })
    }

    /// An `application/x-www-form-urlencoded` body, bracketed names read as nesting.
    pub fn form<T: DeserializeOwned>(&self) -> Result<T, Refusal> {
        self.form_encoded(&[])
    }

    /// [`Incoming::form`] for a body whose `encoding` gives properties a style of their
    /// own: a delimited list is read as its items (a JSON one is JSON already).
    pub fn form_encoded<T: DeserializeOwned>(
        &self,
        encoding: &[(&str, FormStyle)],
    ) -> Result<T, Refusal> {
        let pairs: Vec<(String, String)> = reqwest::Url::parse(&format!(
            "http://form/?{}",
            String::from_utf8_lossy(&self.body)
        ))
        .map(|url| url.query_pairs().into_owned().collect())
        .unwrap_or_default();
        let mut read = Vec::with_capacity(pairs.len());
        for (name, value) in pairs {
            let delimiter = match encoding.iter().find(|(wire, _)| *wire == name) {
                Some((_, FormStyle::Comma)) => ',',
                Some((_, FormStyle::Space)) => ' ',
                Some((_, FormStyle::Pipe)) => '|',
                _ => {
                    read.push((name, value));
                    continue;
                }
            };
            read.extend(
                value
                    .split(delimiter)
                    .map(|item| (name.clone(), item.to_owned())),
            );
        }
        let node = Node::from_pairs(read.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        from_node(node).map_err(|err| {
            Refusal(format!(
                "the form body does not decode into {}: {err}",
                short_type_name::<T>()
            ))
        })
    }

    pub fn text(&self) -> Result<String, Refusal> {
        String::from_utf8(self.body.clone())
            .map_err(|_| Refusal("the body is not UTF-8 text".to_owned()))
    }

    pub fn bytes(&self) -> Vec<u8> {
        self.body.clone()
    }

    /// A `multipart/form-data` body, part by part.
    pub fn multipart(&self) -> Result<Parts, Refusal> {
        let content_type = self.header_text("content-type").unwrap_or_default();
        let boundary = content_type
            .split(';')
            .filter_map(|param| param.trim().split_once('='))
            .find(|(key, _)| key.eq_ignore_ascii_case("boundary"))
            .map(|(_, value)| value.trim_matches('"').to_owned())
            .ok_or_else(|| Refusal("the multipart body has no boundary".to_owned()))?;
        Parts::parse(&self.body, &boundary)
    }

    /// Whether the request carries a credential of every scheme of one alternative.
    pub(super) fn satisfies(&self, security: &[&[Scheme]]) -> bool {
        security.is_empty()
            || security
                .iter()
                .any(|schemes| schemes.iter().all(|scheme| self.carries(scheme.auth)))
    }

    fn carries(&self, auth: Auth) -> bool {
        let authorization = self.header_text("authorization").unwrap_or_default();
        let scheme = authorization.split(' ').next().unwrap_or_default();
        match auth {
            Auth::Basic => scheme.eq_ignore_ascii_case("basic"),
            Auth::Header(name) => self.headers.contains_key(name),
            Auth::Query(name) => self.pairs.iter().any(|(n, _)| n == name),
            Auth::Cookie(name) => self.cookie_text(name).is_some(),
            _ => scheme.eq_ignore_ascii_case("bearer"),
        }
    }
}

/// How a parameter's value is laid out in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One value.
    Single,
    /// An array, one pair per item (`style: form, explode: true`).
    Repeated,
    /// An array in one value, its items split at the delimiter.
    Split(char),
    /// An object as `name=key,value,key,value`.
    Pairs,
    /// An object as `name[key]=value` pairs.
    DeepObject,
    /// An object whose properties are pairs of their own; the names of the operation's
    /// other query parameters are left out.
    Exploded(&'static [&'static str]),
    /// JSON text.
    Json,
}

impl Shape {
    fn read(self, value: &str) -> Node {
        match self {
            Shape::Split(delimiter) => Node::Seq(value.split(delimiter).map(text).collect()),
            Shape::Pairs => {
                let items: Vec<&str> = value.split(',').collect();
                Node::Map(
                    (items.chunks(2))
                        .map(|pair| (pair[0].to_owned(), text(pair.get(1).unwrap_or(&""))))
                        .collect(),
                )
            }
            _ => text(value),
        }
    }
}

fn text(value: &str) -> Node {
    Node::Text(value.to_owned())
}

/// `Vec<Document>` rather than `alloc::vec::Vec<my_client::types::Document>`.
fn short_type_name<T>() -> String {
    let full = std::any::type_name::<T>();
    let mut short = String::new();
    let mut word = String::new();
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            short.push_str(word.rsplit("::").next().unwrap_or_default());
            word.clear();
            short.push(c);
        }
    }
    short.push_str(word.rsplit("::").next().unwrap_or_default());
    short
}

/// One piece of a path segment's template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'t> {
    Literal(&'t str),
    Parameter(&'t str),
}

/// `{name}.{format}` -> parameter, literal, parameter.
fn pieces(pattern: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            pieces.push(Piece::Literal(&rest[..open]));
        }
        pieces.push(Piece::Parameter(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() || pieces.is_empty() {
        pieces.push(Piece::Literal(rest));
    }
    pieces
}

/// Whether `text` is made of `pieces`, each parameter at least one character.
fn match_pieces(pieces: &[Piece<'_>], text: &str, params: &mut Vec<(String, String)>) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Literal(literal), rest)) => text
            .strip_prefix(literal)
            .is_some_and(|after| match_pieces(rest, after, params)),
        Some((Piece::Parameter(name), rest)) => {
            let ends = (text.char_indices().map(|(i, _)| i).skip(1)).chain([text.len()]);
            for end in ends.filter(|&end| end > 0) {
                let mark = params.len();
                params.push(((*name).to_owned(), text[..end].to_owned()));
                if match_pieces(rest, &text[end..], params) {
                    return true;
                }
                params.truncate(mark);
            }
            false
        }
    }
}

/// The parts of a `multipart/form-data` body.
#[derive(Debug, Clone, Default)]
pub struct Parts(Vec<Part>);

#[derive(Debug, Clone)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

impl Parts {
    fn parse(body: &[u8], boundary: &str) -> Result<Parts, Refusal> {
        let delimiter = format!("--{boundary}");
        let mut parts = Vec::new();
        let mut sections = split_bytes(body, delimiter.as_bytes()).into_iter().skip(1);
        for section in sections.by_ref() {
            if section.starts_with(b"--") {
                return Ok(Parts(parts));
            }
            let section = section.strip_prefix(b"\r\n").unwrap_or(section);
            let section = section.strip_suffix(b"\r\n").unwrap_or(section);
            let Some(split) = find_bytes(section, b"\r\n\r\n") else {
                return Err(Refusal(
                    "a multipart part has no blank line after its headers".into(),
                ));
            };
            let head = String::from_utf8_lossy(&section[..split]);
            parts.push(Part::read(&head, section[split + 4..].to_vec())?);
        }
        Err(Refusal(
            "the multipart body does not end with its closing boundary".into(),
        ))
    }

    fn named<'p>(&'p self, name: &'p str) -> impl Iterator<Item = &'p Part> + 'p {
        self.0.iter().filter(move |part| part.name == name)
    }

    /// A file part.
    pub fn file(&self, name: &str) -> Option<FilePart> {
        self.named(name).next().map(Part::file)
    }

    /// Every file part of a name.
    pub fn files(&self, name: &str) -> Vec<FilePart> {
        self.named(name).map(Part::file).collect()
    }

    /// A part holding a value: text read as the type, or JSON.
    pub fn value<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Refusal> {
        self.named(name)
            .next()
            .map(|part| part.value(name))
            .transpose()
    }

    /// An array sent as one part per item.
    pub fn values<T: DeserializeOwned>(&self, name: &str) -> Result<Option<Vec<T>>, Refusal> {
        let items: Vec<T> = self
            .named(name)
            .map(|part| part.value(name))
            .collect::<Result<_, _>>()?;
        Ok((!items.is_empty()).then_some(items))
    }
}

impl Part {
    fn read(head: &str, bytes: Vec<u8>) -> Result<Part, Refusal> {
        let mut part = Part {
            name: String::new(),
            file_name: None,
            content_type: None,
            bytes,
        };
        let mut named = false;
        for line in head.lines() {
            let Some((header, value)) = line.split_once(':') else {
                continue;
            };
            if header.trim().eq_ignore_ascii_case("content-type") {
                part.content_type = Some(value.trim().to_owned());
            }
            if !header.trim().eq_ignore_ascii_case("content-disposition") {
                continue;
            }
            for param in value.split(';').skip(1) {
                let Some((key, value)) = param.trim().split_once('=') else {
                    continue;
                };
                let value = value.trim().trim_matches('"').to_owned();
                match key.trim() {
                    "name" => {
                        part.name = value;
                        named = true;
                    }
                    "filename" => part.file_name = Some(value),
                    _ => {}
                }
            }
        }
        match named {
            true => Ok(part),
            false => Err(Refusal("a multipart part has no name".into())),
        }
    }

    fn file(&self) -> FilePart {
        FilePart {
            bytes: self.bytes.clone(),
            file_name: self.file_name.clone(),
            content_type: self.content_type.clone(),
        }
    }

    fn value<T: DeserializeOwned>(&self, name: &str) -> Result<T, Refusal> {
        let text = String::from_utf8_lossy(&self.bytes);
        let is_json = (self.content_type.as_deref())
            .is_some_and(|media| media.to_ascii_lowercase().contains("json"));
        let read = match is_json {
            true => serde_json::from_str(&text).map_err(|err| err.to_string()),
            false => from_text(&text).map_err(|err| err.to_string()),
        };
        read.map_err(|err| Refusal(format!("part `{name}`: {err}")))
    }
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn split_bytes<'b>(mut bytes: &'b [u8], delimiter: &[u8]) -> Vec<&'b [u8]> {
    let mut pieces = Vec::new();
    while let Some(at) = find_bytes(bytes, delimiter) {
        pieces.push(&bytes[..at]);
        bytes = &bytes[at + delimiter.len()..];
    }
    pieces.push(bytes);
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_segments_and_take_their_parameters() {
        let mut params = Vec::new();
        assert!(match_pieces(
            &pieces("{name}.{ext}"),
            "a.b.json",
            &mut params
        ));
        assert_eq!(
            params,
            [("name".into(), "a".into()), ("ext".into(), "b.json".into())]
        );
        assert!(!match_pieces(&pieces("v{n}"), "v", &mut Vec::new()));
        assert_eq!(pieces("users"), [Piece::Literal("users")]);
    }

    #[test]
    fn multipart_parts_are_read_by_name() {
        let body = b"--XY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\r\n--XY\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n7\r\n--XY--\r\n";
        let parts = Parts::parse(body, "XY").unwrap();
        let file = parts.file("file").unwrap();
        assert_eq!(file.bytes, b"a,b");
        assert_eq!(file.file_name.as_deref(), Some("a.csv"));
        assert_eq!(parts.value::<u8>("n"), Ok(Some(7)));
        assert!(Parts::parse(b"--XY\r\n\r\n", "XY").is_err());
    }

    #[test]
    fn type_names_are_shortened() {
        assert_eq!(short_type_name::<Vec<String>>(), "Vec<String>");
    }
}
