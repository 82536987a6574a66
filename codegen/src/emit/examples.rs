//! The `examples` test module: every example of the document that fits its schema is
//! decoded into its Rust type and encoded back, and must come back equal.

use super::{type_tokens, TypePath};
use crate::examples::round_trips;
use crate::ir::{Api, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// `None` when the document has no example that fits its schema.
/// Whether the crate gets an examples module: some example round-trips.
pub(crate) fn has_examples(api: &Api) -> bool {
    api.examples.iter().any(|example| round_trips(api, example))
}

pub(crate) fn example_items(api: &Api) -> Option<Vec<(String, TokenStream)>> {
    let checks: Vec<TokenStream> = api
        .examples
        .iter()
        .filter(|example| round_trips(api, example))
        .map(|example| {
            let mut ty = type_tokens(api, &example.ty, TypePath::Crate);
            let holds_null = matches!(
                example.ty,
                TypeRef::Json | TypeRef::Unit | TypeRef::Nullable(_)
            );
            if example.nullable && !holds_null {
                ty = quote!(::std::option::Option<#ty>);
            }
            let pointer = &example.pointer;
            let json = example.value.to_string();
            quote!(round_trip::<#ty>(#pointer, #json))
        })
        .collect();
    if checks.is_empty() {
        return None;
    }
    let count_literal = proc_macro2::Literal::usize_unsuffixed(checks.len());
    Some(vec![(
        "examples".to_owned(),
        quote! {
            /// Decodes `json` as `T` and encodes it back; says what went wrong, if anything.
            fn round_trip<T>(pointer: &str, json: &str) -> ::std::option::Option<::std::string::String>
            where
                T: ::serde::de::DeserializeOwned + ::serde::Serialize,
            {
                let original: ::serde_json::Value = match ::serde_json::from_str(json) {
                    ::std::result::Result::Ok(value) => value,
                    ::std::result::Result::Err(err) => return ::std::option::Option::Some(::std::format!("{pointer}: {err}")),
                };
                let decoded: T = match ::serde_json::from_value(original.clone()) {
                    ::std::result::Result::Ok(decoded) => decoded,
                    ::std::result::Result::Err(err) => {
                        return ::std::option::Option::Some(::std::format!("{pointer}: does not decode: {err}"));
                    }
                };
                // Through text, as on the wire (an `f32` prints as it was read).
                let encoded = ::serde_json::to_string(&decoded)
                    .and_then(|text| ::serde_json::from_str::<::serde_json::Value>(&text));
                match encoded {
                    ::std::result::Result::Ok(encoded) if same(&original, &encoded) => ::std::option::Option::None,
                    ::std::result::Result::Ok(encoded) => ::std::option::Option::Some(::std::format!("{pointer}: comes back as {encoded}")),
                    ::std::result::Result::Err(err) => ::std::option::Option::Some(::std::format!("{pointer}: does not encode: {err}")),
                }
            }

            /// JSON equality where `5` and `5.0` are the same number.
            fn same(a: &::serde_json::Value, b: &::serde_json::Value) -> bool {
                use ::serde_json::Value;
                match (a, b) {
                    (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
                    (Value::Array(x), Value::Array(y)) => {
                        x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
                    }
                    (Value::Object(x), Value::Object(y)) => {
                        x.len() == y.len() && x.iter().all(|(key, x)| y.get(key).is_some_and(|y| same(x, y)))
                    }
                    _ => a == b,
                }
            }

            #[test]
            fn every_example_round_trips() {
                let failures: ::std::vec::Vec<::std::string::String> = [#(#checks),*]
                    .into_iter()
                    .flatten()
                    .collect();
                assert!(
                    failures.is_empty(),
                    "{} of {} examples do not round-trip:\n{}",
                    failures.len(),
                    #count_literal,
                    failures.join("\n")
                );
            }
        },
    )])
}
