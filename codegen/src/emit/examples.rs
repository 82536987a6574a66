//! The `examples` test module: every example of the document that fits its schema is
//! decoded into its Rust type and encoded back, and must come back equal. The examples
//! themselves are data, in `examples.json` beside the module (keyed by JSON pointer),
//! so that a changed example reads as a JSON diff, not as a changed string literal.

use super::{type_tokens, Prelude, TypePath};
use crate::examples::round_trips;
use crate::ir::{Api, Example, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashSet;

/// Whether the crate gets an examples module: some example round-trips.
pub(crate) fn has_examples(api: &Api) -> bool {
    api.examples.iter().any(|example| round_trips(api, example))
}

/// The examples the test checks, in document order, each pointer once.
fn checked(api: &Api) -> Vec<&Example> {
    let mut seen = HashSet::new();
    (api.examples.iter())
        .filter(|example| round_trips(api, example) && seen.insert(example.pointer.as_str()))
        .collect()
}

/// `examples.json`: the checked examples by pointer, pretty-printed.
pub(crate) fn examples_json(api: &Api) -> String {
    let mut text = String::from("{");
    for (index, example) in checked(api).into_iter().enumerate() {
        text.push_str(if index == 0 { "\n  " } else { ",\n  " });
        text.push_str(&serde_json::Value::from(example.pointer.as_str()).to_string());
        text.push_str(": ");
        let value = serde_json::to_string_pretty(&example.value).unwrap_or_default();
        // Strings print their newlines escaped: each newline here is between tokens.
        text.push_str(&value.replace('\n', "\n  "));
    }
    text.push_str("\n}\n");
    text
}

/// The module's items; `None` when the document has no example that fits its schema.
pub(crate) fn example_items(api: &Api) -> Option<Vec<(String, TokenStream)>> {
    let Prelude {
        option,
        string,
        vec,
        ..
    } = Prelude::bare();
    let entries: Vec<TokenStream> = checked(api)
        .into_iter()
        .map(|example| {
            let mut ty = type_tokens(api, &example.ty, TypePath::Crate);
            let holds_null = matches!(
                example.ty,
                TypeRef::Json | TypeRef::Unit | TypeRef::Nullable(_)
            );
            if example.nullable && !holds_null {
                ty = quote!(#option<#ty>);
            }
            let pointer = &example.pointer;
            quote!(#pointer: #ty,)
        })
        .collect();
    if entries.is_empty() {
        return None;
    }
    let round_trip = round_trip_functions();
    Some(vec![(
        "examples".to_owned(),
        quote! {
            /// The examples, by JSON pointer.
            type Examples = ::serde_json::Map<#string, ::serde_json::Value>;

            #round_trip

            /// An example's pointer, and the round trip through its type.
            type Check = (&'static str, fn(&Examples, &str) -> #option<#string>);

            /// `checks!(NAME { "pointer": Type, .. })`: the list of [`Check`]s called `NAME`.
            macro_rules! checks {
                ($name:ident { $($pointer:literal: $ty:ty,)* }) => {
                    const $name: &[Check] = &[$(($pointer, round_trip::<$ty>)),*];
                };
            }

            checks!(CHECKS { #(#entries)* });

            #[test]
            fn every_example_round_trips() {
                let examples: Examples = ::serde_json::from_str(::std::include_str!("examples.json"))
                    .expect("examples.json holds a JSON object");
                let failures: #vec<#string> = CHECKS
                    .iter()
                    .filter_map(|(pointer, check)| check(&examples, pointer))
                    .collect();
                assert!(
                    failures.is_empty(),
                    "{} of {} examples do not round-trip:\n{}",
                    failures.len(),
                    CHECKS.len(),
                    failures.join("\n")
                );
                assert_eq!(CHECKS.len(), examples.len(), "examples.json holds examples CHECKS does not list");
            }
        },
    )])
}

/// `round_trip::<T>(examples, pointer)`, which says what goes wrong decoding the example
/// as `T` and encoding it back, and the JSON equality it compares with.
fn round_trip_functions() -> TokenStream {
    let Prelude {
        some,
        none,
        option,
        string,
        ok,
        err,
        ..
    } = Prelude::bare();
    quote! {
            /// Decodes the example at `pointer` as `T` and encodes it back; says what went
            /// wrong, if anything.
            fn round_trip<T>(examples: &Examples, pointer: &str) -> #option<#string>
            where
                T: ::serde::de::DeserializeOwned + ::serde::Serialize,
            {
                let #some(original) = examples.get(pointer) else {
                    return #some(format!("{pointer}: not in examples.json"));
                };
                let decoded: T = match ::serde_json::from_value(original.clone()) {
                    #ok(decoded) => decoded,
                    #err(err) => {
                        return #some(format!("{pointer}: does not decode: {err}"));
                    }
                };
                // Through text, as on the wire (an `f32` prints as it was read).
                let encoded = ::serde_json::to_string(&decoded)
                    .and_then(|text| ::serde_json::from_str::<::serde_json::Value>(&text));
                match encoded {
                    #ok(encoded) if same(original, &encoded) => #none,
                    #ok(encoded) => #some(format!("{pointer}: comes back as {encoded}")),
                    #err(err) => #some(format!("{pointer}: does not encode: {err}")),
                }
            }

            /// JSON equality where `5` and `5.0` are the same number, and so are two
            /// numbers that are one `f32` (a `format: float` field keeps that much).
            fn same(a: &::serde_json::Value, b: &::serde_json::Value) -> bool {
                use ::serde_json::Value;
                match (a, b) {
                    (Value::Number(x), Value::Number(y)) => {
                        x == y
                            || x.as_f64() == y.as_f64()
                            || x.as_f64().map(|x| x as f32) == y.as_f64().map(|y| y as f32)
                    }
                    (Value::Array(x), Value::Array(y)) => {
                        x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
                    }
                    (Value::Object(x), Value::Object(y)) => {
                        x.len() == y.len() && x.iter().all(|(key, x)| y.get(key).is_some_and(|y| same(x, y)))
                    }
                    _ => a == b,
                }
            }
    }
}
