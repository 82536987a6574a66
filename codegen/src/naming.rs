//! Every identifier the generator makes is made here: wire names in, valid, idiomatic,
//! deterministic Rust identifiers out.

use crate::ir::{media_essence, Api, StatusMatch};
use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// The std prelude's names that generated code writes bare (`Option<String>`), unless a
/// type of the document takes one of them.
pub(crate) const PRELUDE: &[&str] = &[
    "Option", "Some", "None", "String", "Vec", "Box", "Result", "Ok", "Err", "Default", "ToString",
    "Into",
];

/// Records which names of the [`PRELUDE`] the types take ([`Api::prelude_taken`]),
/// after the types are named.
pub(crate) fn note_prelude_taken(api: &mut Api) {
    api.prelude_taken = (PRELUDE.iter())
        .filter(|name| api.types.iter().any(|ty| ty.name == **name))
        .map(|name| (*name).to_owned())
        .collect();
}

/// Strict and reserved keywords that may be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "static",
    "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual",
    "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const UNRAWABLE: &[&str] = &["crate", "self", "super", "Self", "extern"];

/// A snake_case identifier for a field, parameter or method (may be `r#kw`).
pub(crate) fn snake_ident(wire: &str) -> String {
    let words = ascii_words(wire);
    let snake = words.to_snake_case();
    let snake = if snake.is_empty() {
        "value".to_owned()
    } else {
        snake
    };
    finish(snake, "n_")
}

/// A snake_case module name, which is also a file name, so never a raw identifier:
/// `type` -> `type_`.
pub(crate) fn module_ident(wire: &str) -> String {
    let name = snake_ident(wire);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// The operation id of an operation without one: `get /users/{id}/keys` ->
/// `get users by id keys` (made a method name by [`snake_ident`]).
pub(crate) fn derived_operation_id(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(parameter) => words.push(format!("by {parameter}")),
            None => words.push(segment.to_owned()),
        }
    }
    words.join(" ")
}

/// An UpperCamelCase identifier for a type or variant.
pub(crate) fn camel_ident(wire: &str) -> String {
    let words = ascii_words(wire);
    let camel = words.to_upper_camel_case();
    let camel = if camel.is_empty() {
        "Value".to_owned()
    } else {
        camel
    };
    finish(camel, "N")
}

/// The word a method sending a body as `media_type` ends in: `form`, `multipart`,
/// `bytes`, `text`, else the subtype (`application/merge-patch+json` -> `merge_patch_json`).
pub(crate) fn media_suffix(media_type: &str) -> String {
    let essence = media_essence(media_type);
    match essence.as_str() {
        "application/x-www-form-urlencoded" => "form".to_owned(),
        "multipart/form-data" => "multipart".to_owned(),
        "application/octet-stream" => "bytes".to_owned(),
        "text/plain" => "text".to_owned(),
        _ => {
            let subtype = essence.rsplit('/').next().unwrap_or_default();
            let subtype = subtype.trim_start_matches("x-").trim_start_matches("vnd.");
            snake_ident(subtype).trim_start_matches("r#").to_owned()
        }
    }
}

/// The variant naming a response by its status: `NotFound` for `404`, `Status418` for a
/// code without a common reason phrase, `ClientError` for `4XX`, `Default` for `default`.
pub(crate) fn status_variant(status: StatusMatch) -> String {
    let reason = match status {
        StatusMatch::Default => "Default",
        StatusMatch::Range(first) => match first {
            1 => "Informational",
            2 => "Success",
            3 => "Redirection",
            4 => "ClientError",
            _ => "ServerError",
        },
        StatusMatch::Code(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            205 => "ResetContent",
            206 => "PartialContent",
            207 => "MultiStatus",
            300 => "MultipleChoices",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            407 => "ProxyAuthenticationRequired",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "LengthRequired",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            414 => "UriTooLong",
            415 => "UnsupportedMediaType",
            416 => "RangeNotSatisfiable",
            417 => "ExpectationFailed",
            421 => "MisdirectedRequest",
            422 => "UnprocessableEntity",
            423 => "Locked",
            424 => "FailedDependency",
            425 => "TooEarly",
            426 => "UpgradeRequired",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            431 => "RequestHeaderFieldsTooLarge",
            451 => "UnavailableForLegalReasons",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            505 => "HttpVersionNotSupported",
            507 => "InsufficientStorage",
            511 => "NetworkAuthenticationRequired",
            code => return format!("Status{code}"),
        },
    };
    reason.to_owned()
}

/// A readable field name for a property. `urn:` keys (SCIM style) are named after their
/// meaningful tail: `urn:omni:params:1.0:UserAttribute` -> `user_attribute`,
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` -> `enterprise_user_extension`.
pub(crate) fn field_ident(wire: &str) -> String {
    match urn_tail(wire) {
        Some(tail) => snake_ident(&tail),
        None => snake_ident(wire),
    }
}

/// The part of a `urn:` key that names it, or `None` when `wire` is not a URN.
pub(crate) fn urn_tail(wire: &str) -> Option<String> {
    let rest = wire.strip_prefix("urn:")?;
    let segments: Vec<&str> = rest
        .split(':')
        .filter(|segment| !segment.is_empty() && !is_version(segment))
        .collect();
    if let Some(at) = segments
        .iter()
        .rposition(|s| s.eq_ignore_ascii_case("extension"))
    {
        let after = &segments[at + 1..];
        if !after.is_empty() {
            return Some(format!("{} extension", after.join(" ")));
        }
    }
    segments.last().map(|last| (*last).to_owned())
}

fn is_version(segment: &str) -> bool {
    segment
        .trim_start_matches(['v', 'V'])
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.')
}

/// Splits on anything that is not an ASCII letter or digit; case boundaries are kept for heck.
fn ascii_words(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    for c in wire.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_owned()
}

fn finish(name: String, digit_prefix: &str) -> String {
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{name}")
    } else {
        name
    };
    if name == "Self" {
        // `Self_` would lose its underscore to suffixes (`Self_Params`, `Self__2`).
        "SelfValue".to_owned()
    } else if UNRAWABLE.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Hands out names unique within one scope (a struct's fields, the types module, ...).
#[derive(Debug, Default, Clone)]
pub(crate) struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` names are already taken.
    pub(crate) fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|name| fold(name)).collect(),
        }
    }

    /// `name`, or `name` with the smallest numeric suffix that is still free. Names that
    /// differ only in case or underscores count as the same.
    pub(crate) fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(fold(name)) {
            return name.to_owned();
        }
        // `self_` -> `self_2`, not `self__2` (which the case lints reject).
        let base = name
            .strip_prefix("r#")
            .unwrap_or(name)
            .trim_end_matches('_');
        let separator = if base.contains('_') || base.starts_with(|c: char| c.is_lowercase()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(fold(candidate)))
            .expect("an unbounded range always yields a free name")
    }
}

fn fold(name: &str) -> String {
    name.trim_start_matches("r#")
        .chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urn_keys_become_readable_fields() {
        assert_eq!(
            field_ident("urn:omni:params:1.0:UserAttribute"),
            "user_attribute"
        );
        assert_eq!(
            field_ident("urn:omni:params:scim:schemas:extension:user:2.0"),
            "user_extension"
        );
        assert_eq!(
            field_ident("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"),
            "enterprise_user_extension"
        );
    }

    #[test]
    fn keywords_digits_symbols_and_empty_names() {
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(camel_ident("self"), "SelfValue");
        assert_eq!(snake_ident("2fa"), "n_2fa");
        assert_eq!(camel_ident("200"), "N200");
        assert_eq!(snake_ident("@odata.type"), "odata_type");
        assert_eq!(snake_ident("userName"), "user_name");
        assert_eq!(camel_ident("scim user"), "ScimUser");
        assert_eq!(snake_ident("🙂"), "value");
        assert_eq!(camel_ident(""), "Value");
        assert_eq!(module_ident("type"), "type_");
        assert_eq!(module_ident("Self"), "self_");
        assert_eq!(module_ident("User Groups"), "user_groups");
    }

    #[test]
    fn collisions_after_case_folding_get_suffixes() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim("user_name"), "user_name");
        assert_eq!(scope.claim("username"), "username_2");
        // `UserName2` would read as `username_2` once case and underscores are folded.
        assert_eq!(scope.claim("UserName"), "UserName3");
        let mut reserved = Scope::with_reserved(&["builder"]);
        assert_eq!(reserved.claim("builder"), "builder_2");
    }
}
