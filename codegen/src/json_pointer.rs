//! JSON pointers (RFC 6901) as the generator writes them (`#/paths/~1users/get`): the
//! vocabulary resolve, diagnostics, overlays and conformance share to say where a thing
//! is in a document.

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

/// The node a pointer (`#/...`, percent-encoded or not) names.
pub fn lookup<'d>(
    document: &'d serde_json::Value,
    reference: &str,
) -> Option<&'d serde_json::Value> {
    let tokens = reference_tokens(reference)?;
    tokens.iter().try_fold(document, |node, token| match node {
        serde_json::Value::Object(map) => map.get(token),
        serde_json::Value::Array(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    })
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

    #[test]
    fn lookup_walks_objects_and_arrays_and_stops_at_what_is_not_there() {
        let document =
            serde_json::json!({"paths": {"/pets/{id}": {"parameters": [{"name": "id"}]}}});
        let found = lookup(&document, "#/paths/~1pets~1%7Bid%7D/parameters/0/name");
        assert_eq!(found, Some(&serde_json::json!("id")));
        assert_eq!(
            lookup(&document, "#/paths/~1pets~1%7Bid%7D/parameters/1"),
            None
        );
        assert_eq!(lookup(&document, "other.json#/paths"), None);
        assert_eq!(lookup(&document, "#"), Some(&document));
    }
}
