//! Relative links in the document's prose (`[keys](/api/authentication#keys)`), made
//! absolute against the documentation site the settings name (`docs-url`), so that the
//! generated docs link to pages that exist rather than to paths of docs.rs.

use serde_json::Value;

/// The keys whose string values are prose (CommonMark) in an OpenAPI document.
const PROSE: [&str; 3] = ["description", "summary", "title"];

/// The keys whose values are data, whatever keys they hold.
const DATA: [&str; 5] = ["example", "examples", "default", "enum", "const"];

/// Rewrites every root-relative Markdown link target (`](/...)`) of the document's prose
/// to start with `site` (`https://docs.omni.co`).
pub(crate) fn make_absolute(document: &mut Value, site: &str) {
    let site = site.trim_end_matches('/');
    match document {
        Value::Object(fields) => {
            for (key, value) in fields.iter_mut() {
                if DATA.contains(&key.as_str()) || key.starts_with("x-") {
                    continue;
                }
                match value {
                    Value::String(text) if PROSE.contains(&key.as_str()) => {
                        if text.contains("](/") {
                            *text = absolute(text, site);
                        }
                    }
                    _ => make_absolute(value, site),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                make_absolute(item, site);
            }
        }
        _ => {}
    }
}

/// `text` with each `](/` that does not start a protocol-relative `](//` link made
/// `](site/`.
fn absolute(text: &str, site: &str) -> String {
    let mut out = String::with_capacity(text.len() + site.len());
    let mut rest = text;
    while let Some(at) = rest.find("](/") {
        let (before, after) = rest.split_at(at + 2);
        out.push_str(before);
        if !after.starts_with("//") {
            out.push_str(site);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn root_relative_links_in_prose_point_at_the_site_and_data_is_left_alone() {
        let mut document = json!({
            "info": {"description": "See [keys](/api/auth#keys) and [x](//cdn.example/x)."},
            "components": {"schemas": {"A": {
                "description": "[a](/a) [b](https://b.example/b)",
                "example": {"description": "[kept](/kept)"},
                "x-note": {"description": "[kept](/kept)"},
            }}},
        });
        make_absolute(&mut document, "https://docs.example.com/");
        assert_eq!(
            document["info"]["description"],
            "See [keys](https://docs.example.com/api/auth#keys) and [x](//cdn.example/x)."
        );
        let a = &document["components"]["schemas"]["A"];
        assert_eq!(
            a["description"],
            "[a](https://docs.example.com/a) [b](https://b.example/b)"
        );
        assert_eq!(a["example"]["description"], "[kept](/kept)");
        assert_eq!(a["x-note"]["description"], "[kept](/kept)");
    }
}
