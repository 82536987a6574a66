//! Decoding a JSON object into a generated struct. Each struct names its fields once (in
//! an [`ObjectFields`] impl); the loop over the object's properties is written here,
//! once, rather than expanded by a derive into every struct, which keeps the generated
//! crate quick to compile.

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// The fields of one struct while its object is read: each `None` until its property
/// has been seen.
pub trait ObjectFields<'de>: Default {
    /// The struct being read.
    type Object;
    /// The struct's name, for error messages.
    const NAME: &'static str;

    /// Reads the value of the property `key` into its field, or returns `false` for a
    /// property the struct does not have (its value is then skipped).
    fn read<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;

    /// The struct, or the error naming a required property that was absent.
    fn finish<E: de::Error>(self) -> Result<Self::Object, E>;
}

/// Reads an object into `F::Object`. Properties the struct does not know are skipped;
/// a property given twice keeps its last value.
pub fn deserialize_object<'de, D, F>(deserializer: D) -> Result<F::Object, D::Error>
where
    D: Deserializer<'de>,
    F: ObjectFields<'de>,
{
    deserializer.deserialize_map(ObjectVisitor::<F>(PhantomData))
}

struct ObjectVisitor<F>(PhantomData<F>);

impl<'de, F: ObjectFields<'de>> Visitor<'de> for ObjectVisitor<F> {
    type Value = F::Object;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(formatter, "struct {}", F::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<F::Object, A::Error> {
        let mut fields = F::default();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            if !fields.read(&key, &mut map)? {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        fields.finish()
    }
}

/// A property name, borrowed from the input where it can be.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a property name")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}
