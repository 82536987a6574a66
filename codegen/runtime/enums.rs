//! The impls every generated enum of values shares, written once as macros so that
//! each enum in `types.rs` states only its variants and, in a listing that reads like a
//! `match`, their wire values.

/// For an enum of strings: `wire_enum!(Name { "a" => A, "b" => B, _ => Unknown, })`
/// gives `Name::KNOWN`, `as_str`, `Display`, `Serialize` and `Deserialize`; `Unknown`
/// keeps any other value. Unused by documents without enums of strings.
#[allow(unused_macros)]
macro_rules! wire_enum {
    ($name:ident { $($value:literal => $variant:ident,)* _ => $unknown:ident, }) => {
        impl $name {
            /// The values the document lists, in its order.
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $crate::runtime::wire_enum!(@traits $name, $unknown, as_str, ::std::string::String);
    };
    // The serde impls both kinds share, through the accessor of the wire value.
    (@traits $name:ident, $unknown:ident, $wire:ident, $payload:ty) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.$wire(), serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <$payload as ::serde::Deserialize>::deserialize(deserializer)?;
                match Self::KNOWN.iter().find(|known| known.$wire() == value) {
                    ::std::option::Option::Some(known) => ::std::result::Result::Ok(known.clone()),
                    ::std::option::Option::None => {
                        $crate::runtime::note_catch_all();
                        ::std::result::Result::Ok(Self::$unknown(value))
                    }
                }
            }
        }
    };
}

/// [`wire_enum!`] for an enum of integers: `value` instead of `as_str`.
#[allow(unused_macros)]
macro_rules! wire_int_enum {
    ($name:ident { $($value:literal => $variant:ident,)* _ => $unknown:ident, }) => {
        impl $name {
            /// The values the document lists, in its order.
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),*];

            /// The value as it appears on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$unknown(value) => *value,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        $crate::runtime::wire_enum!(@traits $name, $unknown, value, i64);
    };
}

/// For a schema that allows one string: `wire_constant!(Name = "a")` gives `Name::VALUE`,
/// `Display`, `Serialize`, which writes the value, and `Deserialize`, which accepts no
/// other. `Name` is a unit struct: a field of its type holds nothing and cannot be wrong.
#[allow(unused_macros)]
macro_rules! wire_constant {
    ($name:ident = $value:literal) => {
        $crate::runtime::wire_constant!(@impls $name, &'static str, ::std::string::String, $value);
    };
    (@impls $name:ident, $ty:ty, $owned:ty, $value:literal) => {
        impl $name {
            /// The one value the schema allows, as it appears on the wire.
            pub const VALUE: $ty = $value;
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&Self::VALUE, f)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&Self::VALUE, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <$owned as ::serde::Deserialize>::deserialize(deserializer)?;
                match value == Self::VALUE {
                    true => ::std::result::Result::Ok(Self),
                    false => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(
                        ::std::format_args!("expected {:?}, found {:?}", Self::VALUE, value),
                    )),
                }
            }
        }
    };
}

/// [`wire_constant!`] for an integer: `wire_int_constant!(Name = 3)`.
#[allow(unused_macros)]
macro_rules! wire_int_constant {
    ($name:ident = $value:literal) => {
        $crate::runtime::wire_constant!(@impls $name, i64, i64, $value);
    };
}

#[allow(unused_imports)]
pub(crate) use {wire_constant, wire_enum, wire_int_constant, wire_int_enum};
