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
                let known = Self::KNOWN.iter().find(|known| known.$wire() == value);
                ::std::result::Result::Ok(known.cloned().unwrap_or(Self::$unknown(value)))
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

#[allow(unused_imports)]
pub(crate) use {wire_enum, wire_int_enum};
