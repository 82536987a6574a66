//! Serde helpers the generated types name in their attributes and impls.

use serde::de::DeserializeOwned;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// For fields that are optional *and* nullable: absent is `None` (via `#[serde(default)]`),
/// `null` is `Some(None)`, a value is `Some(Some(value))`.
pub fn deserialize_nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    <Option<T> as Deserialize>::deserialize(deserializer).map(Some)
}

/// Writes a variant of a tagged union: the variant's own fields, plus the tag property
/// when the variant does not carry it itself.
pub fn serialize_tagged<T, S>(
    value: &T,
    tag: &str,
    tag_value: &str,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    T: Serialize + ?Sized,
    S: Serializer,
{
    let mut json = serde_json::to_value(value).map_err(S::Error::custom)?;
    if let serde_json::Value::Object(object) = &mut json {
        if !object.contains_key(tag) {
            object.insert(
                tag.to_owned(),
                serde_json::Value::String(tag_value.to_owned()),
            );
        }
    }
    json.serialize(serializer)
}

/// Reads the variant of a tagged union that the tag selected.
pub fn deserialize_variant<T, E>(value: serde_json::Value) -> Result<T, E>
where
    T: DeserializeOwned,
    E: serde::de::Error,
{
    serde_json::from_value(value).map_err(E::custom)
}
