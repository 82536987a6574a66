//! The impls every generated enum of values shares, written once as a macro so that
//! each enum in `types.rs` states only its variants and their wire values.

/// `Display`, `Serialize` and `Deserialize` for an enum with unit variants listed in
/// `Self::KNOWN` and a catch-all variant `$unknown` that keeps any other value. The enum
/// provides `as_str` (strings) or `value` (integers). Unused by documents without enums.
#[allow(unused_macros)]
macro_rules! wire_enum {
    ($name:ident, $unknown:ident, str) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value =
                    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                let known = Self::KNOWN.iter().find(|known| known.as_str() == value);
                ::std::result::Result::Ok(known.cloned().unwrap_or(Self::$unknown(value)))
            }
        }
    };
    ($name:ident, $unknown:ident, i64) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                let known = Self::KNOWN.iter().find(|known| known.value() == value);
                ::std::result::Result::Ok(known.cloned().unwrap_or(Self::$unknown(value)))
            }
        }
    };
}

#[allow(unused_imports)]
pub(crate) use wire_enum;
