//! An operation's methods on `Client`: the arguments, the request they build, how the
//! reply is taken (whole, item by item, or as a download), and their doc comments.

use super::body::{attach_body, body_argument, BodyChoice};
use super::params::{
    argument, header_statements, optional_params, parameter_paragraphs, params_name,
    query_statements, segment_text,
};
use super::responses::{error_decoder, error_type, success};
use crate::emit::docs::doc_attrs;
use crate::emit::{bare, ident, type_tokens, Prelude, Std, TypePath};
use crate::ir::{Api, Framing, ItemStream, Operation, ParamLocation};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// What sets one method of an operation apart from its others; the rest of a method
/// ([`method_item`]) is the same for all of them.
struct MethodKind {
    name: proc_macro2::Ident,
    /// A paragraph after the summary saying how this method differs.
    note: Option<String>,
    success_type: TokenStream,
    decode: TokenStream,
    /// The runtime function that sends the request.
    send: proc_macro2::Ident,
    /// The media type asked for in `Accept`, when the method reads only one.
    accept: Option<String>,
}

/// The operation's own method: the body (when there is one) in its preferred media type,
/// the reply decoded.
pub(super) fn whole_method(
    api: &Api,
    operation: &Operation,
    body: Option<&BodyChoice<'_>>,
) -> TokenStream {
    let (success_type, decode) = success(api, operation);
    let kind = MethodKind {
        name: ident(&operation.method_name),
        note: None,
        success_type,
        decode,
        send: format_ident!("send"),
        accept: None,
    };
    method_item(api, operation, body, kind)
}

/// The method that reads a streamed success item by item, as it arrives.
pub(super) fn item_stream_method(
    api: &Api,
    operation: &Operation,
    stream: &ItemStream,
    body: Option<&BodyChoice<'_>>,
) -> TokenStream {
    let Prelude {
        ok,
        some,
        none,
        string,
        ..
    } = Prelude::bare();
    let result = bare(Std::Result);
    let whole = operation.method_name.trim_start_matches("r#");
    let error_type = error_type(api, operation);
    let (item, decode_item) = match &stream.item {
        Some(ty) => {
            let ty = type_tokens(api, ty, TypePath::Crate);
            (ty.clone(), quote!(crate::runtime::json_data::<#ty>))
        }
        None => (quote!(#string), quote!(crate::runtime::text_data)),
    };
    let what = match &stream.item {
        Some(_) => "decoded",
        None => "as text",
    };
    let (success_type, decode, note) = match stream.framing {
        Framing::ServerSentEvents => {
            let sentinel = match &stream.sentinel {
                Some(sentinel) => quote!(#some(#sentinel)),
                None => quote!(#none),
            };
            let ends = match &stream.sentinel {
                Some(sentinel) => format!("; an event whose data is `{sentinel}` ends it"),
                None => String::new(),
            };
            (
                quote!(::futures_util::stream::BoxStream<'static, #result<crate::runtime::Event<#item>, crate::Error<#error_type>>>),
                quote!(#ok(crate::runtime::event_stream(response, #decode_item, #sentinel))),
                format!(
                    "Reads the `{}` reply event by event as it arrives, each event's data \
                     {what}{ends}; [`{whole}`](Self::{whole}) reads it whole.",
                    stream.media_type
                ),
            )
        }
        Framing::JsonLines => (
            quote!(::futures_util::stream::BoxStream<'static, #result<#item, crate::Error<#error_type>>>),
            quote!(#ok(crate::runtime::json_lines(response, #decode_item))),
            format!(
                "Reads the `{}` reply line by line as it arrives, each line {what}; \
                 [`{whole}`](Self::{whole}) reads it whole.",
                stream.media_type
            ),
        ),
    };
    let kind = MethodKind {
        name: ident(&stream.method_name),
        note: Some(note),
        success_type,
        decode,
        send: format_ident!("send_streaming"),
        accept: Some(stream.media_type.clone()),
    };
    method_item(api, operation, body, kind)
}

/// The method that hands the reply over piece by piece.
pub(super) fn download_method(
    api: &Api,
    operation: &Operation,
    download: &str,
    body: Option<&BodyChoice<'_>>,
) -> TokenStream {
    let ok = bare(Std::Ok);
    let whole = operation.method_name.trim_start_matches("r#");
    let kind = MethodKind {
        name: ident(download),
        note: Some(format!(
            "Hands the body over piece by piece, for downloads too large to hold at once; \
             [`{whole}`](Self::{whole}) reads it whole."
        )),
        success_type: quote!(crate::runtime::Download),
        decode: quote!(#ok(crate::runtime::Download::new(response))),
        send: format_ident!("send_streaming"),
        accept: None,
    };
    method_item(api, operation, body, kind)
}

/// A method that sends the body in another of its media types.
pub(super) fn alternative_method(
    api: &Api,
    operation: &Operation,
    body: &BodyChoice<'_>,
) -> TokenStream {
    let (success_type, decode) = success(api, operation);
    let whole = operation.method_name.trim_start_matches("r#");
    let note = operation.body.as_ref().map(|primary| {
        format!(
            "Sends the body as `{}`; [`{whole}`](Self::{whole}) sends it as `{}`.",
            body.media_type, primary.media_type
        )
    });
    let kind = MethodKind {
        name: ident(body.method_name),
        note,
        success_type,
        decode,
        send: format_ident!("send"),
        accept: None,
    };
    method_item(api, operation, Some(body), kind)
}

/// A method: arguments, the request (path, query, headers, cookies, body), sending, and
/// the reply as `kind` takes it.
fn method_item(
    api: &Api,
    operation: &Operation,
    body: Option<&BodyChoice<'_>>,
    kind: MethodKind,
) -> TokenStream {
    let result = bare(Std::Result);
    let MethodKind {
        name,
        note,
        success_type,
        decode,
        send,
        accept,
    } = kind;
    let accept = accept
        .map(|accept| quote!(let request = request.header(::reqwest::header::ACCEPT, #accept);));
    let arguments = method_arguments(api, operation, body);
    let segments = (operation.segments.iter()).map(|segment| segment_text(api, operation, segment));
    let http_method = format_ident!("{}", operation.http_method.as_str());
    let endpoint = crate::emit::security::endpoint_const(api, operation);
    let (query_decl, query_parameters, query) = query_statements(api, operation);
    let (cookie_decl, headers_and_cookies, cookie_header) = header_statements(api, operation);
    let body = body.map(|body| attach_body(api, body));
    let error_type = error_type(api, operation);
    let decode_error = error_decoder(operation);
    let docs = method_docs(api, operation, note);
    let deprecated = if operation.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    let mut_request = if operation
        .parameters
        .iter()
        .any(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie))
    {
        quote!(mut)
    } else {
        TokenStream::new()
    };
    let start = match operation.trailing_slash {
        true => format_ident!("request_slashed"),
        false => format_ident!("request"),
    };
    let many_arguments = if arguments.len() > 6 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        #deprecated
        #many_arguments
        pub async fn #name(&self, #(#arguments),*) -> #result<#success_type, crate::Error<#error_type>> {
            #endpoint
            #query_decl
            #(#query_parameters)*
            let #mut_request request = crate::runtime::#start(
                self,
                ::reqwest::Method::#http_method,
                &[#(#segments),*],
                #query,
            )?;
            #cookie_decl
            #(#headers_and_cookies)*
            #cookie_header
            #body
            #accept
            let response = crate::runtime::#send(self, request, &ENDPOINT, #decode_error).await?;
            #decode
        }
    }
}

/// The required parameters in path order, then the optional ones' struct, then the body.
fn method_arguments(
    api: &Api,
    operation: &Operation,
    body: Option<&BodyChoice<'_>>,
) -> Vec<TokenStream> {
    let mut arguments: Vec<TokenStream> = (operation.parameters.iter())
        .filter(|p| p.required)
        .map(|p| argument(api, p, &TokenStream::new()))
        .collect();
    if optional_params(operation).next().is_some() {
        let params = params_name(operation);
        arguments.push(quote!(params: &#params));
    }
    if let Some(body) = body {
        arguments.push(body_argument(api, body));
    }
    arguments
}

/// The method's doc comment: the operation's, with `note` after its summary.
fn method_docs(api: &Api, operation: &Operation, note: Option<String>) -> TokenStream {
    let mut paragraphs = method_paragraphs(api, operation);
    if let Some(note) = note {
        paragraphs.insert(1.min(paragraphs.len()), note);
    }
    doc_attrs(paragraphs)
}

fn method_paragraphs(api: &Api, operation: &Operation) -> Vec<String> {
    let mut paragraphs = Vec::new();
    paragraphs.extend(operation.summary.clone());
    if operation.deprecated {
        paragraphs.push("**Deprecated.**".to_owned());
    }
    paragraphs.extend(operation.description.clone());
    paragraphs.push(format!(
        "`{} {}` (operation `{}`)",
        operation.http_method,
        operation.path.replace('`', "'"),
        operation.operation_id.replace('`', "'")
    ));
    let arguments: Vec<String> = operation
        .parameters
        .iter()
        .filter(|p| p.required)
        .map(|p| {
            let mut line = format!("- `{}`: ", p.name.trim_start_matches("r#"));
            line.push_str(&parameter_paragraphs(p).join(". "));
            line.replace('\n', " ")
        })
        .collect();
    if !arguments.is_empty() {
        paragraphs.push(format!("# Arguments\n\n{}", arguments.join("\n")));
    }
    if operation.security_overridden {
        let names: Vec<String> = operation
            .security
            .iter()
            .map(|alternative| {
                alternative
                    .iter()
                    .map(|used| match used.scopes.as_slice() {
                        [] => format!("`{}`", used.scheme),
                        scopes => format!("`{}` (scopes `{}`)", used.scheme, scopes.join("`, `")),
                    })
                    .collect::<Vec<_>>()
                    .join(" + ")
            })
            .collect();
        let mut text = if names.is_empty() {
            "# Authentication\n\nNone: this operation is public.".to_owned()
        } else {
            format!(
                "# Authentication\n\nThis operation accepts only {}.",
                names.join(" or ")
            )
        };
        for alternative in &operation.security {
            for used in alternative {
                if let Some(description) = api
                    .security_schemes
                    .iter()
                    .find(|s| s.name == used.scheme)
                    .and_then(|s| s.description.as_deref())
                {
                    text.push_str("\n\n");
                    text.push_str(description.trim());
                }
            }
        }
        paragraphs.push(text);
    }
    paragraphs
}
