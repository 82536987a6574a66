//! Replies: the success type and its decoder, and the `<Operation>Success` and
//! `<Operation>Error` enums for operations whose statuses carry different bodies.

use crate::emit::docs::{doc_attr, doc_attrs};
use crate::emit::{type_tokens, Prelude, TypePath};
use crate::ir::{media_essence, Api, BodyKind, Operation, Response, ResponseBody, StatusMatch};
use crate::naming::{camel_ident, status_variant};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn is_plain_json(media_type: &str) -> bool {
    media_essence(media_type) == "application/json"
}

/// The success type and the statement that decodes it.
pub(in crate::emit) fn success(api: &Api, operation: &Operation) -> (TokenStream, TokenStream) {
    if let Some(successes) = operation.varied_successes() {
        let name = success_name(operation);
        let arms = successes.iter().map(|response| {
            let variant = format_ident!("{}", status_variant(response.status));
            let decode = decode_body(response.body.as_ref());
            let wrap = if response.body.is_some() {
                quote!(#name::#variant)
            } else {
                quote!(|()| #name::#variant)
            };
            let pattern = status_pattern(response.status);
            (pattern, quote!(#decode.map(#wrap)))
        });
        let mut arms: Vec<(TokenStream, TokenStream)> = arms.collect();
        // A 2xx the document does not list is read as its first success.
        let fallback = arms[0].1.clone();
        arms.push((quote!(_), fallback));
        let arms = arms
            .iter()
            .map(|(pattern, decode)| quote!(#pattern => #decode,));
        return (
            quote!(#name),
            quote! {
                match response.status().as_u16() {
                    #(#arms)*
                }
            },
        );
    }
    let body = operation.success_response().and_then(|r| r.body.as_ref());
    let ty = body_type(api, body).unwrap_or_else(|| quote!(()));
    (ty, decode_body(body))
}

/// The type a response body is read as; `None` when there is no body.
fn body_type(api: &Api, body: Option<&ResponseBody>) -> Option<TokenStream> {
    let Prelude { string, vec, .. } = Prelude::bare();
    Some(match &body?.kind {
        BodyKind::Json(ty) => type_tokens(api, ty, TypePath::Crate),
        BodyKind::Text | BodyKind::Form(..) => quote!(#string),
        BodyKind::Binary | BodyKind::Multipart(_) => quote!(#vec<u8>),
    })
}

/// The expression that reads a response body as [`body_type`] says (`()` without one).
fn decode_body(body: Option<&ResponseBody>) -> TokenStream {
    match body.map(|b| &b.kind) {
        None => quote!(crate::runtime::decode_empty(response).await),
        Some(BodyKind::Json(_)) => quote!(crate::runtime::decode_json(response).await),
        Some(BodyKind::Text | BodyKind::Form(..)) => {
            quote!(crate::runtime::decode_text(response).await)
        }
        Some(BodyKind::Binary | BodyKind::Multipart(_)) => {
            quote!(crate::runtime::decode_bytes(response).await)
        }
    }
}

pub(in crate::emit) fn success_name(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Success", camel_ident(&operation.method_name))
}

/// One variant per 2xx status, for operations whose successes carry different bodies.
pub(super) fn success_enum(api: &Api, operation: &Operation) -> Option<TokenStream> {
    let successes = operation.varied_successes()?;
    let name = success_name(operation);
    let variants = successes.iter().map(|response| {
        let variant = format_ident!("{}", status_variant(response.status));
        let doc = doc_attrs(vec![status_doc(response)]);
        let payload = body_type(api, response.body.as_ref()).map(|ty| quote!((#ty)));
        quote! {
            #doc
            #variant #payload
        }
    });
    let method = operation.method_name.trim_start_matches("r#");
    let doc = doc_attr(format!(
        " What [`Client::{method}`](crate::Client::{method}) answers, by status: its \
         successes carry different bodies."
    ));
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants,)*
        }
    })
}

/// The `match` pattern for the statuses a response key covers.
pub(in crate::emit) fn status_pattern(status: StatusMatch) -> TokenStream {
    let number = proc_macro2::Literal::u16_unsuffixed;
    match status {
        StatusMatch::Code(code) => {
            let code = number(code);
            quote!(#code)
        }
        StatusMatch::Range(first) => {
            let (low, high) = (number(first * 100), number(first * 100 + 99));
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// `` `404`: No such document ``.
fn status_doc(response: &Response) -> String {
    let status = match response.status {
        StatusMatch::Default => "Any other status".to_owned(),
        status => status.to_string(),
    };
    let description = response.description.trim();
    if description.is_empty() {
        format!("`{status}`")
    } else {
        format!("`{status}`: {description}")
    }
}

pub(in crate::emit) fn error_name(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Error", camel_ident(&operation.method_name))
}

/// The operation's error body type: the one JSON schema its error responses share, an
/// enum by status when they differ, or any JSON value when they describe none.
pub(in crate::emit) fn error_type(api: &Api, operation: &Operation) -> TokenStream {
    if operation.errors_vary() {
        let name = error_name(operation);
        return quote!(#name);
    }
    match operation.error_bodies().first() {
        Some((_, ty)) => type_tokens(api, ty, TypePath::Crate),
        None => quote!(::serde_json::Value),
    }
}

/// The function that decodes an error body: the enum's own, or plain JSON.
pub(super) fn error_decoder(operation: &Operation) -> TokenStream {
    if operation.errors_vary() {
        let name = error_name(operation);
        quote!(#name::decode)
    } else {
        quote!(crate::runtime::decode_error_json)
    }
}

/// The match arms an error decoder needs, from all its statuses in match order (the last
/// `default`) with whether each decodes a body: an arm that decodes nothing is left out
/// unless it keeps its statuses from a later arm that decodes (`500` before `5XX`), or
/// it is the last.
fn decoding_statuses(
    statuses: &[(StatusMatch, bool)],
) -> impl Iterator<Item = (StatusMatch, bool)> + '_ {
    let overlaps = |earlier: StatusMatch, later: StatusMatch| match (earlier, later) {
        (_, StatusMatch::Default) => true,
        (StatusMatch::Code(code), StatusMatch::Range(first)) => code / 100 == first,
        (a, b) => a == b,
    };
    statuses
        .iter()
        .enumerate()
        .filter_map(move |(index, &(status, decodes))| {
            let last = index + 1 == statuses.len();
            let shields = statuses[index + 1..]
                .iter()
                .any(|&(later, later_decodes)| later_decodes && overlaps(status, later));
            (decodes || last || shields).then_some((status, decodes))
        })
}

/// One variant per error status, for operations whose errors carry different bodies.
pub(super) fn error_enum(api: &Api, operation: &Operation) -> Option<TokenStream> {
    let Prelude { none, option, .. } = Prelude::bare();
    if !operation.errors_vary() {
        return None;
    }
    let name = error_name(operation);
    let bodies = operation.error_bodies();
    let variants = bodies.iter().map(|(response, ty)| {
        let variant = format_ident!("{}", status_variant(response.status));
        let doc = doc_attrs(vec![status_doc(response)]);
        let ty = type_tokens(api, ty, TypePath::Crate);
        quote! {
            #doc
            #variant(#ty)
        }
    });
    // Exact codes first (one without a JSON body decodes to nothing), then ranges, then
    // `default`.
    let mut statuses: Vec<(StatusMatch, bool)> = (operation.responses.iter())
        .filter(|r| !r.status.is_success())
        .map(|r| (r.status, bodies.iter().any(|(b, _)| b.status == r.status)))
        .collect();
    statuses.sort_by_key(|(status, _)| *status);
    if !statuses
        .iter()
        .any(|(status, _)| *status == StatusMatch::Default)
    {
        statuses.push((StatusMatch::Default, false));
    }
    let arms = decoding_statuses(&statuses).map(|(status, decodes)| {
        let pattern = status_pattern(status);
        let decode = match decodes {
            true => {
                let variant = format_ident!("{}", status_variant(status));
                quote!(::serde_json::from_slice(body).ok().map(Self::#variant))
            }
            false => quote!(#none),
        };
        quote!(#pattern => #decode,)
    });
    let method = operation.method_name.trim_start_matches("r#");
    let doc = doc_attr(format!(
        " The error bodies of [`Client::{method}`](crate::Client::{method}), by status: \
         the document gives its errors different schemas."
    ));
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants,)*
        }

        impl #name {
            /// Decodes `body` as the schema the document gives for `status`.
            pub fn decode(status: ::reqwest::StatusCode, body: &[u8]) -> #option<Self> {
                match status.as_u16() {
                    #(#arms)*
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use StatusMatch::{Code, Default, Range};

    fn arms(statuses: &[(StatusMatch, bool)]) -> Vec<(StatusMatch, bool)> {
        decoding_statuses(statuses).collect()
    }

    #[test]
    fn an_arm_that_decodes_nothing_goes_when_the_fallback_would_say_the_same() {
        let statuses = [(Code(404), true), (Code(500), false), (Default, false)];
        assert_eq!(arms(&statuses), [(Code(404), true), (Default, false)]);
    }

    #[test]
    fn an_arm_that_decodes_nothing_stays_before_a_later_arm_that_would_decode_it() {
        let statuses = [(Code(500), false), (Range(5), true), (Default, false)];
        assert_eq!(arms(&statuses), statuses);
        let statuses = [(Code(404), false), (Range(5), true), (Default, true)];
        assert_eq!(arms(&statuses), statuses);
        let statuses = [(Code(404), false), (Range(5), true), (Default, false)];
        assert_eq!(arms(&statuses), [(Range(5), true), (Default, false)]);
    }
}
