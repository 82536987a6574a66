//! Stage 3: the normalized document -> `openapiv3::OpenAPI`, failures named by JSON pointer.

use crate::diagnostics::{escape_token, Error, Location};
use openapiv3::OpenAPI;
use serde_json::Value;

pub fn parse(file: &str, document: Value) -> Result<OpenAPI, Error> {
    serde_path_to_error::deserialize(document).map_err(|err| {
        let mut pointer = String::from("#");
        for segment in err.path().iter() {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
                Segment::Map { key } => {
                    pointer.push('/');
                    pointer.push_str(&escape_token(key));
                }
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        Error::new(
            file,
            Location::Pointer(pointer),
            format!("not a valid OpenAPI object: {}", err.inner()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_wrong_type_is_reported_at_its_pointer() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/users/{id}": {"get": {"responses": {"200": {"description": 7}}}}}
        });
        let err = parse("t.json", document).unwrap_err();
        assert_eq!(
            err.location,
            Location::Pointer("#/paths/~1users~1{id}/get/responses/200/description".into())
        );
        assert!(err.message.contains("expected a string"), "{err}");
    }
}
