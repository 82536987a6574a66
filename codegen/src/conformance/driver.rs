//! The driver module's source: one function per planned call that decodes the sampled
//! arguments into the client's types, calls the method and reports one JSON line.

use super::Call;
use crate::emit::{ident, type_tokens, TypePath};
use crate::ir::{Api, BodyKind, Operation, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

/// The driver module (`src/conformance.rs` of a copy of the client crate): `call(base,
/// index)` makes call `index` against `base` and returns a JSON line saying what happened.
pub fn driver(api: &Api, calls: &[Call]) -> Result<String, crate::bug::Bug> {
    let arms = calls.iter().enumerate().map(|(index, call)| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let body = call_body(api, &api.operations[index_of(api, &call.method)], call);
        quote!(#index => { #body })
    });
    let basic = calls
        .iter()
        .enumerate()
        .filter(|(_, call)| call.basic)
        .map(|(index, _)| proc_macro2::Literal::usize_unsuffixed(index));
    let reporting = reporting_items();
    let tokens = quote! {
        //! Calls one operation of the client with arguments the document's schemas accept,
        //! and says what happened (`cargo xtask conformance`).
        #![allow(clippy::all, deprecated, unused_mut, unused_variables)]

        /// The calls that authenticate with a user name and password.
        const BASIC: &[usize] = &[#(#basic),*];

        #reporting

        /// Makes call `index` against the server at `base`.
        pub async fn call(base: &str, index: usize) -> ::serde_json::Value {
            // One request per call: a redirect the mock makes up is not followed.
            let http = ::reqwest::Client::builder()
                .redirect(::reqwest::redirect::Policy::none())
                .build();
            let builder = crate::Client::builder()
                .base_url(base)
                .retry_policy(crate::runtime::RetryPolicy::none());
            let builder = match http {
                ::std::result::Result::Ok(http) => builder.http_client(http),
                ::std::result::Result::Err(_) => builder,
            };
            let builder = match BASIC.contains(&index) {
                true => builder.basic_auth("conformance", "secret"),
                false => builder.api_key("conformance-key"),
            };
            let client = match builder.build() {
                ::std::result::Result::Ok(client) => client,
                ::std::result::Result::Err(err) => {
                    return ::serde_json::json!({"outcome": "client", "error": ::std::format!("{err:?}")});
                }
            };
            let result: ::std::result::Result<::serde_json::Value, ::std::string::String> = async {
                ::std::result::Result::Ok(match index {
                    #(#arms)*
                    _ => ::serde_json::json!({"outcome": "no_such_call"}),
                })
            }.await;
            match result {
                ::std::result::Result::Ok(report) => report,
                ::std::result::Result::Err(error) => ::serde_json::json!({"outcome": "argument", "error": error}),
            }
        }
    };
    let file: syn::File = syn::parse2(tokens).map_err(|err| crate::bug::Bug::Unparsable {
        item: "the conformance driver".to_owned(),
        message: err.to_string(),
    })?;
    Ok(prettyplease::unparse(&file))
}

fn index_of(api: &Api, method: &str) -> usize {
    api.operations
        .iter()
        .position(|o| o.method_name == method)
        .unwrap_or(0)
}

/// The driver's helpers: an argument decoded from its JSON, and a call's result as the
/// JSON line the xtask reads.
fn reporting_items() -> TokenStream {
    quote! {
        /// Decodes one argument from its JSON; a value the type cannot hold is the client's fault.
        fn argument<T: ::serde::de::DeserializeOwned>(json: &str) -> ::std::result::Result<T, ::std::string::String> {
            ::serde_json::from_str(json).map_err(|err| ::std::format!("{err}: {json}"))
        }

        fn report<T: ::std::fmt::Debug, E: ::std::fmt::Debug>(result: ::std::result::Result<T, crate::Error<E>>, sent: ::std::option::Option<::serde_json::Value>) -> ::serde_json::Value {
            fn text(body: &[u8]) -> ::std::string::String {
                ::std::string::String::from_utf8_lossy(body).into_owned()
            }
            match result {
                ::std::result::Result::Ok(_) => ::serde_json::json!({"outcome": "decoded"}),
                ::std::result::Result::Err(crate::Error::Api(err)) => {
                    let violations = err.headers.get("sl-violations")
                        .and_then(|v| v.to_str().ok()).map(::std::string::ToString::to_string);
                    ::serde_json::json!({
                        "outcome": "status",
                        "status": err.status.as_u16(),
                        "body": text(&err.body),
                        "typed": err.typed.is_some(),
                        "violations": violations,
                        "sent": sent,
                    })
                }
                ::std::result::Result::Err(crate::Error::Decode(err)) => ::serde_json::json!({
                    "outcome": "undecodable",
                    "status": err.status.as_u16(),
                    "content_type": err.content_type,
                    "body": text(&err.body),
                    "error": err.source.to_string(),
                }),
                ::std::result::Result::Err(crate::Error::Transport(err)) => ::serde_json::json!({
                    "outcome": "transport",
                    "error": ::std::format!("{:?}", err.source),
                }),
                ::std::result::Result::Err(err) => ::serde_json::json!({
                    "outcome": "invalid_request",
                    "error": ::std::format!("{err:?}"),
                }),
            }
        }
    }
}

/// One field of a multipart form: a made-up file, or the part's value from `values`.
fn form_field(api: &Api, part: &crate::ir::FormPart, values: &Value) -> TokenStream {
    use crate::ir::FormPartKind;
    let field = ident(&part.name);
    let file = quote! {
        crate::runtime::FilePart::new(&b"conformance"[..]).file_name("conformance.txt")
    };
    let value = match &part.kind {
        FormPartKind::File if part.required => file,
        FormPartKind::File => quote!(::std::option::Option::Some(#file)),
        FormPartKind::Files => quote!(::std::vec![#file]),
        FormPartKind::Value(ty) => {
            let ty = type_tokens(api, ty, TypePath::Crate);
            match (values.get(&part.wire_name), part.required) {
                (Some(value), true) => {
                    let json = value.to_string();
                    quote!(argument::<#ty>(#json)?)
                }
                (Some(value), false) => {
                    let json = value.to_string();
                    quote!(::std::option::Option::Some(argument::<#ty>(#json)?))
                }
                (None, true) => quote!(argument::<#ty>("\"conformance\"")?),
                (None, false) => quote!(::std::option::Option::None),
            }
        }
    };
    quote!(#field: #value,)
}

/// The statements of one call: arguments decoded, the method called, the result reported.
fn call_body(api: &Api, operation: &Operation, call: &Call) -> TokenStream {
    if let Some(reason) = &call.skipped {
        return quote!(::serde_json::json!({"outcome": "skipped", "reason": #reason}));
    }
    let mut statements = Vec::new();
    let mut passed = Vec::new();
    let required = operation.parameters.iter().filter(|p| p.required);
    for (position, (parameter, value)) in required.zip(&call.arguments).enumerate() {
        let name = quote::format_ident!("a{position}");
        let ty = type_tokens(api, &parameter.ty, TypePath::Crate);
        let json = value.to_string();
        statements.push(quote!(let #name: #ty = argument(#json)?;));
        passed.push(match &parameter.ty {
            TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => quote!(#name),
            _ => quote!(&#name),
        });
    }
    if operation.parameters.iter().any(|p| !p.required) {
        let params = quote::format_ident!(
            "{}Params",
            crate::naming::camel_ident(&operation.method_name)
        );
        statements.push(quote!(let params = crate::operations::#params::default();));
        passed.push(quote!(&params));
    }
    if let (Some(body), Some(value)) = (&operation.body, &call.body) {
        let json = value.to_string();
        let (declare, pass) = match &body.kind {
            BodyKind::Json(ty) | BodyKind::Form(ty, _) => {
                let ty = type_tokens(api, ty, TypePath::Crate);
                (
                    quote! {
                        let body: #ty = argument(#json)?;
                        let sent = ::serde_json::to_value(&body).ok();
                    },
                    quote!(&body),
                )
            }
            BodyKind::Text => (
                quote!(let body = ::std::string::String::from("conformance");),
                quote!(body),
            ),
            BodyKind::Multipart(parts) => {
                let form = quote::format_ident!(
                    "{}Form",
                    crate::naming::camel_ident(&operation.method_name)
                );
                let fields = parts.iter().map(|part| form_field(api, part, value));
                (
                    quote!(let body = crate::operations::#form { #(#fields)* };),
                    quote!(body),
                )
            }
            _ => (quote!(let body = b"conformance".to_vec();), quote!(body)),
        };
        statements.push(declare);
        passed.push(if body.required {
            pass
        } else {
            quote!(::std::option::Option::Some(#pass))
        });
    }
    let method = ident(&operation.method_name);
    let json_body = matches!(
        operation.body.as_ref().map(|b| &b.kind),
        Some(BodyKind::Json(_) | BodyKind::Form(..))
    ) && call.body.is_some();
    let sent = match json_body {
        true => quote!(sent),
        false => quote!(::std::option::Option::None),
    };
    quote! {
        #(#statements)*
        report(client.#method(#(#passed),*).await, #sent)
    }
}
