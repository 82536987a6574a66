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

/// For optional fields of any JSON value: absent is `None`, `null` is
/// `Some(Value::Null)`, so a `null` the server sent is sent back as `null`.
pub fn deserialize_present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
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

/// The properties of a struct variant of a tagged union, to be taken one by one.
pub fn variant_object<E: serde::de::Error>(
    value: serde_json::Value,
) -> Result<serde_json::Map<String, serde_json::Value>, E> {
    match value {
        serde_json::Value::Object(object) => Ok(object),
        other => Err(E::invalid_type(unexpected(&other), &"an object")),
    }
}

fn unexpected(value: &serde_json::Value) -> serde::de::Unexpected<'_> {
    use serde::de::Unexpected;
    match value {
        serde_json::Value::Null => Unexpected::Unit,
        serde_json::Value::Bool(flag) => Unexpected::Bool(*flag),
        serde_json::Value::Number(_) => Unexpected::Other("a number"),
        serde_json::Value::String(text) => Unexpected::Str(text),
        serde_json::Value::Array(_) => Unexpected::Seq,
        serde_json::Value::Object(_) => Unexpected::Map,
    }
}

/// A property a struct variant requires: absent is an error.
pub fn take_required<T: DeserializeOwned, E: serde::de::Error>(
    object: &mut serde_json::Map<String, serde_json::Value>,
    wire: &'static str,
) -> Result<T, E> {
    let value = object.remove(wire).ok_or_else(|| E::missing_field(wire))?;
    serde_json::from_value(value).map_err(E::custom)
}

/// An optional property (or a required nullable one): absent or `null` is `None`.
pub fn take_optional<T: DeserializeOwned, E: serde::de::Error>(
    object: &mut serde_json::Map<String, serde_json::Value>,
    wire: &str,
) -> Result<Option<T>, E> {
    match object.remove(wire) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(value) => serde_json::from_value(value).map(Some).map_err(E::custom),
    }
}

/// An optional property whose `null` means something: absent is `None`, anything else
/// (`null` too) is `Some` of what `T` makes of it.
pub fn take_present<T: DeserializeOwned, E: serde::de::Error>(
    object: &mut serde_json::Map<String, serde_json::Value>,
    wire: &str,
) -> Result<Option<T>, E> {
    match object.remove(wire) {
        None => Ok(None),
        Some(value) => serde_json::from_value(value).map(Some).map_err(E::custom),
    }
}

/// One way to decode an untagged union: a variant's decoder, giving the loss too.
pub type Candidate<'a, U> = &'a dyn Fn(&serde_json::Value) -> Option<(usize, U)>;

thread_local! {
    /// Values this thread has decoded into a catch-all variant. A catch-all keeps any
    /// JSON, so only this count tells a variant that knows a value from one that does not.
    static CATCH_ALLS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts a value that landed in a catch-all variant (an enum value or a tag the
/// document does not list): a union candidate that needs one fits less well.
pub fn note_catch_all() {
    set_catch_alls(catch_alls().wrapping_add(1));
}

fn catch_alls() -> usize {
    CATCH_ALLS.with(std::cell::Cell::get)
}

fn set_catch_alls(count: usize) {
    CATCH_ALLS.with(|cell| cell.set(count));
}

/// The candidate that decodes `value` losing least (the first on a tie; a lossless one
/// ends the search). Only the chosen candidate's catch-alls stay counted, so a union
/// inside a candidate weighs what it kept, not what its other variants tried.
pub fn decode_best<U>(value: &serde_json::Value, candidates: &[Candidate<'_, U>]) -> Option<U> {
    let start = catch_alls();
    let mut best: Option<(usize, usize, U)> = None;
    for candidate in candidates {
        set_catch_alls(start);
        if let Some((loss, decoded)) = candidate(value) {
            if best
                .as_ref()
                .map_or(true, |(best_loss, _, _)| loss < *best_loss)
            {
                best = Some((loss, catch_alls(), decoded));
            }
            if loss == 0 {
                break;
            }
        }
    }
    set_catch_alls(best.as_ref().map_or(start, |(_, end, _)| *end));
    best.map(|(_, _, decoded)| decoded)
}

/// How well a JSON value decodes as `T`: the decoded value and how much of the JSON it
/// lost (properties dropped, values changed, values only a catch-all took), 0 when it
/// re-encodes to the same JSON knowing every value.
/// An untagged union decodes into the variant that loses least, not merely the first
/// that decodes, so a variant with fewer fields cannot swallow a richer one.
pub fn decode_candidate<T>(value: &serde_json::Value) -> Option<(usize, T)>
where
    T: DeserializeOwned + Serialize,
{
    decode_candidate_with(value, serde_json::from_value)
}

/// [`decode_candidate`] with a decoder of its own: a variant of a tagged union whose
/// tag value other variants share, decoded as the union.
pub fn decode_candidate_with<T>(
    value: &serde_json::Value,
    decode: impl FnOnce(serde_json::Value) -> Result<T, serde_json::Error>,
) -> Option<(usize, T)>
where
    T: Serialize,
{
    let before = catch_alls();
    let decoded = decode(value.clone()).ok()?;
    let caught = catch_alls().wrapping_sub(before);
    // Through text, as on the wire: an `f32` prints as it was read.
    let text = serde_json::to_vec(&decoded).ok()?;
    let encoded: serde_json::Value = serde_json::from_slice(&text).ok()?;
    Some((loss(value, &encoded) + caught, decoded))
}

/// The number of places where `encoded` does not say what `original` said.
fn loss(original: &serde_json::Value, encoded: &serde_json::Value) -> usize {
    use serde_json::Value;
    match (original, encoded) {
        (Value::Number(a), Value::Number(b)) => usize::from(a != b && a.as_f64() != b.as_f64()),
        (Value::Array(a), Value::Array(b)) => {
            a.iter().zip(b).map(|(a, b)| loss(a, b)).sum::<usize>() + a.len().abs_diff(b.len())
        }
        (Value::Object(a), Value::Object(b)) => {
            let kept: usize = a
                .iter()
                .map(|(key, a)| b.get(key).map_or(1, |b| loss(a, b)))
                .sum();
            kept + b.keys().filter(|key| !a.contains_key(*key)).count()
        }
        (a, b) => usize::from(a != b),
    }
}

/// The text form of a parameter or form field that is not a plain scalar in Rust: a
/// union or alias whose value is a string, number or boolean is that value's text (never
/// a quoted JSON string); objects and arrays are their JSON.
pub fn text_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
#[allow(unreachable_pub)] // `wire_enum!` gives its test enums `pub` methods
mod tests {
    use super::*;

    #[test]
    fn text_of_a_string_is_the_string_itself_and_of_an_object_its_json() {
        #[derive(serde::Serialize)]
        #[serde(untagged)]
        enum NameOrId {
            Name(String),
            Id(u32),
        }
        assert_eq!(text_of(&NameOrId::Name("a b".into())), "a b");
        assert_eq!(text_of(&NameOrId::Id(7)), "7");
        assert_eq!(text_of(&serde_json::json!({"k": true})), r#"{"k":true}"#);
    }

    #[derive(Debug, Clone, PartialEq)]
    enum Person {
        User,
        Other(String),
    }
    crate::runtime::wire_enum!(Person { "user" => User, _ => Other, });

    #[derive(Debug, Clone, PartialEq)]
    enum Service {
        Scheduler,
        Other(String),
    }
    crate::runtime::wire_enum!(Service { "scheduler" => Scheduler, _ => Other, });

    #[derive(Debug, PartialEq)]
    enum Actor {
        Person(Person),
        Service(Service),
    }

    fn actor(value: serde_json::Value) -> Option<Actor> {
        decode_best(
            &value,
            &[
                &|value| decode_candidate(value).map(|(loss, p)| (loss, Actor::Person(p))),
                &|value| decode_candidate(value).map(|(loss, s)| (loss, Actor::Service(s))),
            ],
        )
    }

    #[test]
    fn the_variant_that_knows_a_value_beats_one_whose_catch_all_only_keeps_it() {
        let service = Some(Actor::Service(Service::Scheduler));
        assert_eq!(actor(serde_json::json!("scheduler")), service);
        assert_eq!(
            actor(serde_json::json!("user")),
            Some(Actor::Person(Person::User))
        );
        // Known to neither: the first listed keeps it.
        let robot = Person::Other("robot".to_owned());
        assert_eq!(
            actor(serde_json::json!("robot")),
            Some(Actor::Person(robot))
        );
    }

    #[test]
    fn only_the_chosen_candidate_leaves_its_catch_alls_counted() {
        let start = catch_alls();
        // The first candidate caught "scheduler" before the second won.
        actor(serde_json::json!("scheduler"));
        assert_eq!(catch_alls(), start);
        actor(serde_json::json!("robot"));
        assert_eq!(catch_alls(), start.wrapping_add(1));
    }
}
