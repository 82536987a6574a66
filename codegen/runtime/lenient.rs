//! A string of a `format` kept even when it breaks the format, for documents whose
//! servers do not always keep their word (`"0000-00-00"` for a date). Written when the
//! settings ask for lenient formats.

use serde::de::{value::StrDeserializer, Deserialize, Deserializer, IntoDeserializer};
use serde::ser::{Serialize, Serializer};
use std::fmt;

/// A value of a string format: `Valid` when it parses, else the text as received.
/// Written back as it was read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lenient<T> {
    Valid(T),
    Invalid(String),
}

impl<T> Lenient<T> {
    /// The value, when it kept its format.
    pub fn valid(&self) -> Option<&T> {
        match self {
            Lenient::Valid(value) => Some(value),
            Lenient::Invalid(_) => None,
        }
    }

    /// The value, or the text that broke its format.
    pub fn into_result(self) -> Result<T, String> {
        match self {
            Lenient::Valid(value) => Ok(value),
            Lenient::Invalid(text) => Err(text),
        }
    }
}

impl<T> From<T> for Lenient<T> {
    fn from(value: T) -> Self {
        Lenient::Valid(value)
    }
}

impl<T: Serialize> Serialize for Lenient<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Lenient::Valid(value) => value.serialize(serializer),
            Lenient::Invalid(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de, T: for<'a> Deserialize<'a>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let reader: StrDeserializer<'_, serde::de::value::Error> =
            text.as_str().into_deserializer();
        Ok(match T::deserialize(reader) {
            Ok(value) => Lenient::Valid(value),
            Err(_) => Lenient::Invalid(text),
        })
    }
}

impl<T: fmt::Display> fmt::Display for Lenient<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Lenient::Valid(value) => value.fmt(f),
            Lenient::Invalid(text) => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lenient;

    #[test]
    fn a_value_breaking_its_format_is_kept_as_text_and_written_back() {
        type Address = std::net::Ipv4Addr;
        let read: Vec<Lenient<Address>> = serde_json::from_str(r#"["127.0.0.1", "home"]"#).unwrap();
        let home = Lenient::Invalid("home".to_owned());
        assert_eq!(read, [Lenient::Valid(Address::LOCALHOST), home]);
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            r#"["127.0.0.1","home"]"#
        );
        // Not a string at all is still an error.
        assert!(serde_json::from_str::<Lenient<Address>>("7").is_err());
    }
}
