//! Decoding a JSON object into a generated struct. `types.rs` lists each struct's fields
//! once, in a `json_object!` call; the loop over an object's properties is written here,
//! once. A derived `Deserialize` would expand a field visitor, a sequence reader and a
//! map reader into every struct, most of the time it takes to check a generated crate.

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// `Serialize` and `Deserialize` for a struct from its fields, each
/// `field: "wire name" mode`:
/// - `required`: absent is an error; always written.
/// - `default(path)`: absent is `path()`; always written.
/// - `constant` (a unit struct of one value): absent is that value; always written.
/// - `nullable` (an `Option`): absent or `null` is `None`; always written, `None` as
///   `null`.
/// - `optional` (an `Option`): absent or `null` is `None`; `None` is left out.
/// - `present` (an `Option`): absent is `None`, anything else (`null` included) is
///   `Some`; `None` is left out.
///
/// Properties are written in the listed order. Properties the struct does not know are
/// skipped when read; a property given twice keeps its last value. Unused by documents
/// whose structs all derive both.
#[allow(unused_macros)]
macro_rules! json_object {
    ($name:ident { $($field:ident: $wire:literal $mode:ident $(($default:path))?,)* }) => {
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::std::result::Result<__S::Ok, __S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(::std::option::Option::None)?;
                $($crate::runtime::json_object!(@write $mode map self.$field, $wire);)*
                map.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                struct __Visitor;

                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $name;

                    fn expecting(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        formatter.write_str(::std::concat!("struct ", ::std::stringify!($name)))
                    }

                    // A local per field, named as the field: a schema's `foo` is no placeholder.
                    #[allow(clippy::disallowed_names)]
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> ::std::result::Result<$name, __A::Error> {
                        $(let mut $field = ::std::option::Option::None;)*
                        $crate::runtime::read_object(&mut map, |key, map| {
                            ::std::result::Result::Ok(match key {
                                $($wire => {
                                    $crate::runtime::json_object!(@read $mode $field map);
                                    true
                                })*
                                _ => false,
                            })
                        })?;
                        ::std::result::Result::Ok($name {
                            $($field: $crate::runtime::json_object!(
                                @finish $mode $field $wire __A $($default)?
                            ),)*
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    (@write optional $map:ident $value:expr, $wire:literal) => {
        if let ::std::option::Option::Some(value) = &$value {
            $map.serialize_entry($wire, value)?;
        }
    };
    (@write present $map:ident $value:expr, $wire:literal) => {
        $crate::runtime::json_object!(@write optional $map $value, $wire)
    };
    (@write $mode:ident $map:ident $value:expr, $wire:literal) => {
        $map.serialize_entry($wire, &$value)?
    };
    (@read nullable $field:ident $map:ident) => {
        $crate::runtime::json_object!(@read optional $field $map)
    };
    (@read optional $field:ident $map:ident) => {
        $field = $map.next_value()?
    };
    (@read $mode:ident $field:ident $map:ident) => {
        $field = ::std::option::Option::Some($map.next_value()?)
    };
    (@finish required $field:ident $wire:literal $access:ident) => {
        $field.ok_or_else(|| <$access::Error as ::serde::de::Error>::missing_field($wire))?
    };
    (@finish constant $field:ident $wire:literal $access:ident) => {
        $field.unwrap_or_default()
    };
    (@finish default $field:ident $wire:literal $access:ident $default:path) => {
        $field.unwrap_or_else($default)
    };
    (@finish $mode:ident $field:ident $wire:literal $access:ident) => {
        $field
    };
}

#[allow(unused_imports)] // not every document has structs
pub(crate) use json_object;

/// Hands each property of an object to `read`, which stores its value and returns
/// `true`, or returns `false` for a property it does not know (whose value is skipped).
pub fn read_object<'de, A: MapAccess<'de>>(
    map: &mut A,
    mut read: impl FnMut(&str, &mut A) -> Result<bool, A::Error>,
) -> Result<(), A::Error> {
    while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
        if !read(&key, map)? {
            map.next_value::<de::IgnoredAny>()?;
        }
    }
    Ok(())
}

/// A property name, borrowed from the input where it can be.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[derive(Debug, Clone, PartialEq)]
    struct Sample {
        id: String,
        size: i64,
        note: Option<String>,
        gone: Option<String>,
        last: Option<Option<String>>,
        extra: Option<serde_json::Value>,
    }

    fn default_size() -> i64 {
        7
    }

    crate::runtime::json_object!(Sample {
        id: "id" required,
        size: "size" default(default_size),
        note: "note" nullable,
        gone: "gone" optional,
        last: "last" present,
        extra: "extra" present,
    });

    #[test]
    fn each_mode_writes_and_reads_its_wire_states() {
        let bare = Sample {
            id: "a".to_owned(),
            size: 7,
            note: None,
            gone: None,
            last: None,
            extra: None,
        };
        // Required and nullable fields are always written; optional ones only when set.
        let wire = json!({"id": "a", "size": 7, "note": null});
        assert_eq!(serde_json::to_value(&bare).unwrap(), wire);
        let read: Sample = serde_json::from_value(json!({"id": "a", "note": null})).unwrap();
        assert_eq!(read, bare);
        let full = Sample {
            note: Some("n".to_owned()),
            gone: Some("g".to_owned()),
            last: Some(None),
            extra: Some(serde_json::Value::Null),
            ..bare.clone()
        };
        let wire =
            json!({"id": "a", "size": 7, "note": "n", "gone": "g", "last": null, "extra": null});
        let written = serde_json::to_string(&full).unwrap();
        // In the listed order.
        assert_eq!(
            written,
            r#"{"id":"a","size":7,"note":"n","gone":"g","last":null,"extra":null}"#
        );
        assert_eq!(serde_json::from_value::<Sample>(wire).unwrap(), full);
        let missing = serde_json::from_value::<Sample>(json!({"size": 1})).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `id`"),
            "{missing}"
        );
    }
}
