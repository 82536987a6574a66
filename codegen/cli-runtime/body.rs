//! Request bodies: `--body` (JSON text, `@FILE` or `-` for stdin), the flags of its
//! top-level fields over it, and the result checked against the operation's body type
//! before anything is sent.

use super::args::BODY;
use super::Failure;
use clap::{Arg, ArgAction, ArgMatches};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::io::Read;

/// A flag that sets one top-level field of a JSON body.
pub(crate) struct Field {
    pub(crate) flag: &'static str,
    /// The field's name on the wire.
    pub(crate) wire: &'static str,
    pub(crate) kind: FieldKind,
}

/// How a field's flag is read.
#[derive(Clone, Copy)]
pub(crate) enum FieldKind {
    /// Taken as text (strings, enums, dates).
    Text,
    /// Read as JSON (numbers, booleans).
    Json,
}

/// `--body` of a command whose body is `what` (JSON, text or bytes).
pub(crate) fn body_arg(what: &'static str) -> Arg {
    Arg::new(BODY)
        .long(BODY)
        .value_name("BODY")
        .action(ArgAction::Set)
        .help(what)
}

/// The bytes `--body` gives: the text itself, `@FILE`'s contents, or stdin for `-`.
pub(crate) fn raw(matches: &ArgMatches) -> Result<Option<Vec<u8>>, Failure> {
    let Some(given) = matches.get_one::<String>(BODY) else {
        return Ok(None);
    };
    if given == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|err| Failure::usage(format!("--body -: cannot read stdin: {err}")))?;
        return Ok(Some(bytes));
    }
    if let Some(path) = given.strip_prefix('@') {
        return std::fs::read(path)
            .map(Some)
            .map_err(|err| Failure::usage(format!("--body @{path}: {err}")));
    }
    Ok(Some(given.clone().into_bytes()))
}

/// The JSON body: `--body` with the fields' flags over it, decoded into `T`. `None`
/// when neither is given and the body is optional; a required body starts from `{}`.
pub(crate) fn json<T: DeserializeOwned>(
    matches: &ArgMatches,
    fields: &[Field],
    required: bool,
) -> Result<Option<T>, Failure> {
    let base = match raw(matches)? {
        Some(bytes) => Some(
            serde_json::from_slice::<Value>(&bytes)
                .map_err(|err| Failure::usage(format!("--body is not JSON: {err}")))?,
        ),
        None => None,
    };
    let mut set = Map::new();
    for field in fields {
        let Some(text) = matches.get_one::<String>(field.flag) else {
            continue;
        };
        let value = match field.kind {
            FieldKind::Text => Value::String(text.clone()),
            FieldKind::Json => serde_json::from_str(text).map_err(|_| {
                Failure::usage(format!(
                    "invalid value for --{}: `{text}` is not a number or boolean",
                    field.flag
                ))
            })?,
        };
        set.insert(field.wire.to_owned(), value);
    }
    let body = match (base, set.is_empty()) {
        (None, true) if !required => return Ok(None),
        (None, _) => Value::Object(set),
        (Some(Value::Object(mut object)), _) => {
            object.extend(set);
            Value::Object(object)
        }
        (Some(other), true) => other,
        (Some(_), false) => {
            return Err(Failure::usage(
                "--body is not a JSON object, so the fields' flags cannot go into it",
            ))
        }
    };
    decode(body, fields).map(Some)
}

/// `body` as `T`, or a usage failure naming the field that does not fit.
fn decode<T: DeserializeOwned>(body: Value, fields: &[Field]) -> Result<T, Failure> {
    serde_path_to_error::deserialize::<_, T>(body).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner().to_string();
        // "missing field `name`": name the flag that gives it.
        let hint = (fields.iter())
            .find(|f| {
                inner.contains(&format!("`{}`", f.wire)) && inner.starts_with("missing field")
            })
            .map(|f| format!(" (give --{} or put it in --body)", f.flag))
            .unwrap_or_default();
        match path.as_str() {
            "." => Failure::usage(format!(
                "the request body does not fit the operation: {inner}{hint}"
            )),
            _ => Failure::usage(format!(
                "the request body's field `{path}` does not fit: {inner}{hint}"
            )),
        }
    })
}

/// A multipart file part from the file a flag names.
pub(crate) fn file(
    matches: &ArgMatches,
    id: &str,
) -> Result<Option<crate::api::runtime::FilePart>, Failure> {
    match matches.get_one::<String>(id) {
        Some(path) => read_file(id, path).map(Some),
        None => Ok(None),
    }
}

/// The files of a flag given once per file.
pub(crate) fn files(
    matches: &ArgMatches,
    id: &str,
) -> Result<Vec<crate::api::runtime::FilePart>, Failure> {
    let paths = matches.get_many::<String>(id).into_iter().flatten();
    paths.map(|path| read_file(id, path)).collect()
}

fn read_file(id: &str, path: &str) -> Result<crate::api::runtime::FilePart, Failure> {
    let bytes = match path {
        "-" => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes)?;
            bytes
        }
        _ => std::fs::read(path).map_err(|err| Failure::usage(format!("--{id} {path}: {err}")))?,
    };
    let name = std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| id.to_owned());
    let part = crate::api::runtime::FilePart::new(bytes).file_name(name.clone());
    Ok(match content_type(&name) {
        Some(content_type) => part.content_type(content_type),
        None => part,
    })
}

/// The content type of common file extensions; others go as `application/octet-stream`.
fn content_type(name: &str) -> Option<&'static str> {
    let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match extension.as_str() {
        "json" => "application/json",
        "yaml" | "yml" => "application/yaml",
        "csv" => "text/csv",
        "txt" | "md" => "text/plain",
        "html" | "htm" => "text/html",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        _ => return None,
    })
}
