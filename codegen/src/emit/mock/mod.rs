//! The `mock` module's generated part (behind the crate's `mock` feature): per
//! operation a call type holding one call's arguments, read back from a request, and
//! its `Operation` impl (route, security, decoding, replies), the `MockServer` method
//! that sets an expectation of it and the `Received` method that reads its calls. The
//! rest of the module is hand-written (`codegen/mock-runtime/`).

mod defaults;

pub(crate) use defaults::defaults_json;

use super::docs::doc_attr;
use super::operations::{
    self, body_choices, body_value_type, error_name, form_name, form_style, is_textual,
    params_name, status_pattern, success, success_name, BodyChoice,
};
use super::{ident, type_tokens, Prelude, TypePath};
use crate::ir::{
    Api, BodyKind, FormEncoding, FormPart, FormPartKind, Framing, Operation, ParamLocation,
    ParamStyle, Parameter, Response, StatusMatch, TypeRef,
};
use crate::naming::{camel_ident, status_variant};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Methods of `MockServer` and `Received` an operation's method could be named like.
const KIT_METHODS: &[&str] = &[
    "start",
    "strict",
    "uri",
    "client",
    "client_builder",
    "expect",
    "received",
    "take_failures",
    "verify",
    "calls",
    "count",
    "add",
];

/// The name of an operation's method on `MockServer` and `Received`: the client's,
/// unless the kit's own methods take it.
fn kit_method(operation: &Operation) -> proc_macro2::Ident {
    let name = operation.method_name.as_str();
    match KIT_METHODS.contains(&name) {
        true => format_ident!("{name}_operation"),
        false => ident(name),
    }
}

fn call_name(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Call", camel_ident(&operation.method_name))
}

/// The items of one tag's file, `src/mock/operations/<tag>.rs`: each operation's, then
/// the routes of them all.
pub(crate) fn mock_items(api: &Api, indices: &[usize]) -> Vec<(String, TokenStream)> {
    // The files declare only call types (`...Call`): `Shape` means the kit's.
    let shaped = (indices
        .iter()
        .flat_map(|&index| &api.operations[index].parameters))
    .any(|parameter| parameter.location != ParamLocation::Path);
    let mut items = Vec::new();
    if shaped {
        items.push((
            "imports".to_owned(),
            quote!(
                use crate::mock::Shape;
            ),
        ));
    }
    items.extend(indices.iter().map(|&index| {
        let operation = &api.operations[index];
        (
            operation.operation_id.clone(),
            operation_items(api, operation),
        )
    }));
    let calls = indices
        .iter()
        .map(|&index| call_name(&api.operations[index]));
    items.push((
        "routes".to_owned(),
        quote! {
            /// The routes of these operations.
            pub(super) fn routes() -> Vec<crate::mock::Route> {
                Vec::from([#(crate::mock::Route::of::<#calls>()),*])
            }
        },
    ));
    items
}

fn operation_items(api: &Api, operation: &Operation) -> TokenStream {
    let call = call_struct(api, operation);
    let own = own_functions(api, operation);
    let listing = listing(api, operation);
    let streamed = streamed_impl(api, operation);
    quote! {
        #call
        #own
        #listing
        #streamed
    }
}

/// The Rust type of a body sent as `choice` says, by its path from anywhere in the crate.
fn body_path(api: &Api, choice: &BodyChoice<'_>) -> TokenStream {
    let ty = body_value_type(api, choice);
    match choice.kind {
        BodyKind::Multipart(_) => quote!(crate::operations::#ty),
        _ => ty,
    }
}

/// The body of a call as its field holds it: the type of the preferred media type,
/// optional when the body is or when another media type carries another type.
struct BodyField {
    ty: TokenStream,
    optional: bool,
}

fn body_field(api: &Api, operation: &Operation) -> Option<BodyField> {
    let body = operation.body.as_ref()?;
    let choices: Vec<BodyChoice<'_>> = body_choices(operation).collect();
    let ty = body_path(api, &choices[0]);
    let varies =
        (choices.iter().skip(1)).any(|choice| body_path(api, choice).to_string() != ty.to_string());
    Some(BodyField {
        ty,
        optional: !body.required || varies,
    })
}

fn call_struct(api: &Api, operation: &Operation) -> TokenStream {
    let name = call_name(operation);
    let method = operation.method_name.trim_start_matches("r#");
    let doc = doc_attr(format!(
        " A call of [`Client::{method}`](crate::Client::{method}), its arguments read back \
         from the request."
    ));
    let required = (operation.parameters.iter())
        .filter(|p| p.required)
        .map(|p| {
            let field = ident(&p.name);
            let ty = type_tokens(api, &p.ty, TypePath::Crate);
            let doc = doc_attr(format!(
                " `{}` ({} parameter)",
                p.wire_name.replace('`', "'"),
                p.location.as_str()
            ));
            quote! {
                #doc
                pub #field: #ty,
            }
        });
    let params = (operation.parameters.iter().any(|p| !p.required)).then(|| {
        let params = params_name(operation);
        quote! {
            /// The optional parameters.
            pub params: crate::operations::#params,
        }
    });
    let body = body_field(api, operation).map(|field| {
        let ty = field.ty;
        match field.optional {
            true => quote! {
                /// The body; `None` when none was sent, or when it was sent as a media type
                /// that carries another type.
                pub body: Option<#ty>,
            },
            false => quote! {
                /// The body.
                pub body: #ty,
            },
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#required)*
            #params
            #body
        }
    }
}

/// `crate::mock::operation!`: the operation's route, security, reply and error types
/// and how they answer, its method name; a line each.
fn listing(api: &Api, operation: &Operation) -> TokenStream {
    let name = call_name(operation);
    let id = &operation.operation_id;
    let method = operation.http_method.as_str();
    let path = &operation.path;
    let constant = |scheme_use: &crate::ir::SchemeUse| {
        (api.security_schemes.iter())
            .find(|scheme| scheme.name == scheme_use.scheme)
            .and_then(|scheme| scheme.const_name.as_deref())
            .map(ident)
    };
    // A scheme the client does not carry (HTTP signatures) cannot be checked: then no
    // alternative is, rather than refusing requests that use it.
    let checkable = (operation.security.iter().flatten()).all(|used| constant(used).is_some());
    let security = (operation.security.iter())
        .filter(|_| checkable)
        .map(|alternative| {
            let schemes = (alternative.iter())
                .filter_map(constant)
                .map(|constant| quote!(crate::security::#constant));
            quote!([#(#schemes),*])
        });
    let reply_type = match operation.varied_successes() {
        Some(_) => {
            let name = success_name(operation);
            quote!(crate::operations::#name)
        }
        None => success(api, operation).0,
    };
    let answer = reply_answer(api, operation);
    let error_type = error_type(api, operation);
    let failure = match operation.errors_vary() {
        true => quote!(custom),
        false => {
            let media = (operation.error_bodies().first())
                .and_then(|(r, _)| r.body.as_ref())
                .map_or("application/json", |body| body.media_type.as_str());
            quote!(json(#media))
        }
    };
    let expect = kit_method(operation);
    let paged = operation.pagination.as_ref().map(|_| quote!(paged,));
    quote! {
        crate::mock::operation!(#name {
            id: #id,
            method: #method,
            path: #path,
            security: [#(#security),*],
            reply: #reply_type = #answer,
            error: #error_type = #failure,
            expect: #expect,
            #paged
        });
    }
}

/// The call type's own functions the listing's impl calls: `read` (a request as a
/// call), and `answer` and `failure` where replies or errors vary by status.
fn own_functions(api: &Api, operation: &Operation) -> TokenStream {
    let name = call_name(operation);
    let decode = decode_body(api, operation);
    let reads = operation.body.is_some() || !operation.parameters.is_empty();
    let incoming = match reads {
        true => quote!(incoming),
        false => quote!(_incoming),
    };
    let answer = operation.varied_successes().map(|_| {
        let success = success_name(operation);
        let body = varied_reply_body(operation);
        quote! {
            fn answer(reply: crate::operations::#success) -> crate::mock::Answer {
                #body
            }
        }
    });
    let failure = operation.errors_vary().then(|| {
        let error = error_name(operation);
        let body = error_body(operation);
        quote! {
            fn failure(
                status: u16,
                error: crate::operations::#error,
            ) -> Result<crate::mock::Answer, String> {
                #body
            }
        }
    });
    quote! {
        impl #name {
            fn read(#incoming: &crate::mock::Incoming) -> Result<Self, crate::mock::Refusal> {
                #decode
            }
            #answer
            #failure
        }
    }
}

/// The type of the operation's error bodies, as the client's `Error<E>` holds them.
fn error_type(api: &Api, operation: &Operation) -> TokenStream {
    let ty = operations::error_type(api, operation);
    match operation.errors_vary() {
        // The client's enum, named from its module.
        true => quote!(crate::operations::#ty),
        false => ty,
    }
}

/// `decode`'s body: each argument read from the request, then the call.
fn decode_body(api: &Api, operation: &Operation) -> TokenStream {
    let required = (operation.parameters.iter())
        .filter(|p| p.required)
        .map(|p| {
            let field = ident(&p.name);
            let read = read_parameter(api, operation, p);
            quote!(#field: #read,)
        });
    let params = (operation.parameters.iter().any(|p| !p.required)).then(|| {
        let params = params_name(operation);
        let fields = (operation.parameters.iter())
            .filter(|p| !p.required)
            .map(|p| {
                let field = ident(&p.name);
                let read = read_parameter(api, operation, p);
                quote!(#field: #read,)
            });
        quote! {
            params: crate::operations::#params {
                #(#fields)*
            },
        }
    });
    let (media, body) = match read_body(api, operation) {
        Some((media, body)) => (media, Some(quote!(body: #body,))),
        None => (TokenStream::new(), None),
    };
    let name = call_name(operation);
    quote! {
        #media
        Ok(#name {
            #(#required)*
            #params
            #body
        })
    }
}

/// The expression reading one parameter, laid out as the client sends it.
fn read_parameter(api: &Api, operation: &Operation, parameter: &Parameter) -> TokenStream {
    let wire = &parameter.wire_name;
    let shape = match parameter.location {
        ParamLocation::Path => return quote!(incoming.path(#wire)?),
        ParamLocation::Query => query_shape(api, operation, parameter),
        ParamLocation::Header | ParamLocation::Cookie => match &parameter.ty {
            TypeRef::Array(item) if is_textual(api, item) => quote!(Split(',')),
            _ => quote!(Single),
        },
    };
    let reader = match parameter.required {
        true => format_ident!("required_{}", parameter.location.as_str()),
        false => format_ident!("{}", parameter.location.as_str()),
    };
    quote!(incoming.#reader(#wire, Shape::#shape)?)
}

/// How the client lays out a query parameter (as `operations::params::query_statement` writes it).
fn query_shape(api: &Api, operation: &Operation, parameter: &Parameter) -> TokenStream {
    match &parameter.ty {
        TypeRef::Array(_) if parameter.explode => quote!(Repeated),
        TypeRef::Array(_) => match parameter.style {
            ParamStyle::SpaceDelimited => quote!(Split(' ')),
            ParamStyle::PipeDelimited => quote!(Split('|')),
            ParamStyle::Form | ParamStyle::DeepObject => quote!(Split(',')),
        },
        ty if is_textual(api, ty) => quote!(Single),
        _ if parameter.style == ParamStyle::DeepObject => quote!(DeepObject),
        _ if parameter.explode => {
            let declared = (operation.parameters.iter())
                .filter(|p| p.location == ParamLocation::Query)
                .map(|p| p.wire_name.as_str())
                .chain(
                    operation
                        .template_query
                        .iter()
                        .map(|(name, _)| name.as_str()),
                );
            quote!(Exploded(&[#(#declared),*]))
        }
        _ => quote!(Pairs),
    }
}

/// The statement finding the body's media type, and the expression reading the body.
fn read_body(api: &Api, operation: &Operation) -> Option<(TokenStream, TokenStream)> {
    let field = body_field(api, operation)?;
    let required = operation.body.as_ref().is_some_and(|body| body.required);
    let choices: Vec<BodyChoice<'_>> = body_choices(operation).collect();
    let medias: Vec<&str> = choices.iter().map(|choice| choice.media_type).collect();
    let media = match (field.optional, choices.len()) {
        // Required, one media type: only the check.
        (false, 1) => quote!(incoming.body_media(&[#(#medias),*], true)?;),
        _ => quote!(let media = incoming.body_media(&[#(#medias),*], #required)?;),
    };
    let reads: Vec<TokenStream> = choices.iter().map(|c| read_choice(api, c)).collect();
    if !field.optional {
        // Required, and every media type carries the one type.
        let arms = reads.iter().enumerate().skip(1).map(|(index, read)| {
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            quote!(Some(#index) => #read,)
        });
        let first = &reads[0];
        let read = match choices.len() {
            1 => first.clone(),
            _ => quote! {
                match media {
                    #(#arms)*
                    _ => #first,
                }
            },
        };
        return Some((media, read));
    }
    let ty = field.ty.to_string();
    let arms = choices
        .iter()
        .zip(&reads)
        .enumerate()
        .map(|(index, (choice, read))| {
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            match body_path(api, choice).to_string() == ty {
                true => quote!(Some(#index) => Some(#read),),
                false => {
                    // Read (so a bad body is refused) as its own type, not kept.
                    let other = body_path(api, choice);
                    quote!(Some(#index) => {
                        let _: #other = #read;
                        None
                    })
                }
            }
        });
    Some((
        media,
        quote! {
            match media {
                #(#arms)*
                _ => None,
            }
        },
    ))
}

/// The expression reading a body sent as `choice` says.
fn read_choice(api: &Api, choice: &BodyChoice<'_>) -> TokenStream {
    match choice.kind {
        BodyKind::Json(_) => quote!(incoming.json()?),
        BodyKind::Form(_, FormEncoding(styles)) if styles.is_empty() => quote!(incoming.form()?),
        BodyKind::Form(_, FormEncoding(styles)) => {
            let styles = styles.iter().map(|(wire, style)| {
                let style = form_style(*style);
                quote!((#wire, crate::runtime::FormStyle::#style))
            });
            quote!(incoming.form_encoded(&[#(#styles),*])?)
        }
        BodyKind::Text => quote!(incoming.text()?),
        BodyKind::Binary => quote!(incoming.bytes()),
        BodyKind::Multipart(parts) => {
            let form = form_name(choice.method_name);
            let fields = parts.iter().map(|part| {
                let field = ident(&part.name);
                let read = read_part(api, part);
                quote!(#field: #read,)
            });
            quote!({
                let parts = incoming.multipart()?;
                crate::operations::#form {
                    #(#fields)*
                }
            })
        }
    }
}

/// The expression reading one part of a multipart body into its form field.
fn read_part(api: &Api, part: &FormPart) -> TokenStream {
    let wire = &part.wire_name;
    let (read, optional) = match &part.kind {
        FormPartKind::File => (quote!(parts.file(#wire)), true),
        FormPartKind::Files => return quote!(parts.files(#wire)),
        FormPartKind::Value(TypeRef::Array(item)) if is_textual(api, item) => {
            (quote!(parts.values(#wire)?), true)
        }
        FormPartKind::Value(_) => (quote!(parts.value(#wire)?), true),
    };
    match part.required && optional {
        true => {
            let what = format!("part `{wire}`");
            quote!(crate::mock::required(#read, #what)?)
        }
        false => read,
    }
}

/// A status a response key stands for, as the mock answers it (`4XX`: 400).
fn answer_status(status: StatusMatch) -> u16 {
    match status {
        StatusMatch::Code(code) => code,
        StatusMatch::Range(first) => first * 100,
        StatusMatch::Default => 500,
    }
}

/// How a success response answers: the `Answer` constructor, its status and media type
/// (none without a body).
struct AnswerForm<'r> {
    constructor: proc_macro2::Ident,
    status: proc_macro2::Literal,
    media: Option<&'r str>,
}

impl<'r> AnswerForm<'r> {
    fn of(response: Option<&'r Response>) -> Self {
        let status = response.map_or(200, |r| answer_status(r.status));
        let body = response.and_then(|r| r.body.as_ref());
        let constructor = match body.map(|b| &b.kind) {
            None => "empty",
            Some(BodyKind::Json(_)) => "json",
            Some(BodyKind::Text | BodyKind::Form(..)) => "text",
            Some(BodyKind::Binary | BodyKind::Multipart(_)) => "bytes",
        };
        AnswerForm {
            constructor: format_ident!("{constructor}"),
            status: proc_macro2::Literal::u16_unsuffixed(status),
            media: body.map(|b| b.media_type.as_str()),
        }
    }

    /// As the listing's `reply` entry writes it: `json(200, "..")`, `empty(204)`.
    fn listed(&self) -> TokenStream {
        let AnswerForm {
            constructor,
            status,
            media,
        } = self;
        match media {
            Some(media) => quote!(#constructor(#status, #media)),
            None => quote!(#constructor(#status)),
        }
    }

    /// The `Answer` of `body` (JSON by reference, text and bytes by value).
    fn answering(&self, body: TokenStream) -> TokenStream {
        let AnswerForm {
            constructor,
            status,
            media,
        } = self;
        match (media, constructor.to_string().as_str()) {
            (None, _) => quote!(crate::mock::Answer::empty(#status)),
            (Some(media), "json") => quote!(crate::mock::Answer::json(#status, #media, &#body)),
            (Some(media), _) => quote!(crate::mock::Answer::#constructor(#status, #media, #body)),
        }
    }
}

/// The listing's `reply` answer: the success response's kind, or `custom(T)` (the
/// call type's `answer`) when successes vary, `T` the first success's JSON type.
fn reply_answer(api: &Api, operation: &Operation) -> TokenStream {
    if operation.varied_successes().is_none() {
        return AnswerForm::of(operation.success_response()).listed();
    }
    let body = operation.success_response().and_then(|r| r.body.as_ref());
    let example = match body.map(|b| &b.kind) {
        Some(BodyKind::Json(ty)) => type_tokens(api, ty, TypePath::Crate),
        _ => quote!(()),
    };
    quote!(custom(#example))
}

/// `answer`'s body, for successes that vary: each variant as its status's response.
fn varied_reply_body(operation: &Operation) -> TokenStream {
    let name = success_name(operation);
    let successes = operation.varied_successes().unwrap_or_default();
    let arms = successes.iter().map(|response| {
        let variant = format_ident!("{}", status_variant(response.status));
        let answer = AnswerForm::of(Some(response)).answering(quote!(body));
        match response.body.is_some() {
            true => quote!(crate::operations::#name::#variant(body) => #answer,),
            false => quote!(crate::operations::#name::#variant => #answer,),
        }
    });
    quote! {
        match reply {
            #(#arms)*
        }
    }
}

/// `failure`'s body, for errors that vary: each variant under the statuses it covers.
fn error_body(operation: &Operation) -> TokenStream {
    let name = error_name(operation);
    let arms = operation.error_bodies().into_iter().map(|(response, _)| {
        let variant = format_ident!("{}", status_variant(response.status));
        let media = response
            .body
            .as_ref()
            .map_or("application/json", |b| b.media_type.as_str());
        let answer = quote!(crate::mock::Answer::json(status, #media, &body));
        if response.status == StatusMatch::Default {
            return quote!(crate::operations::#name::#variant(body) => Ok(#answer),);
        }
        let pattern = status_pattern(response.status);
        let refusal = format!(
            "`{}` is the error body of status {}",
            status_variant(response.status),
            response.status
        );
        quote! {
            crate::operations::#name::#variant(body) => match status {
                #pattern => Ok(#answer),
                _ => Err(#refusal.to_owned()),
            },
        }
    });
    quote! {
        match error {
            #(#arms)*
        }
    }
}

/// `Streamed` for an operation whose success is a stream of items.
fn streamed_impl(api: &Api, operation: &Operation) -> Option<TokenStream> {
    let stream = operation.stream.as_ref()?;
    let name = call_name(operation);
    let Prelude { string, .. } = Prelude::bare();
    let (item, data) = match &stream.item {
        Some(ty) => (
            type_tokens(api, ty, TypePath::Crate),
            quote!(crate::mock::item_text(item)),
        ),
        None => (quote!(#string), quote!(item.clone())),
    };
    let lines = match stream.framing {
        Framing::JsonLines => {
            let media = &stream.media_type;
            quote!(Some(#media))
        }
        Framing::ServerSentEvents => quote!(None),
    };
    let sentinel = match &stream.sentinel {
        Some(sentinel) => quote!(Some(#sentinel)),
        None => quote!(None),
    };
    Some(quote! {
        impl crate::mock::Streamed for #name {
            type Item = #item;
            const LINES: Option<&'static str> = #lines;
            const SENTINEL: Option<&'static str> = #sentinel;

            fn data(item: &Self::Item) -> String {
                #data
            }
        }
    })
}

/// `src/mock/operations/mod.rs`: the per-tag files and the routes of them all.
pub(crate) fn index_items(modules: &[(proc_macro2::Ident, Option<TokenStream>)]) -> TokenStream {
    let declarations = modules.iter().map(|(name, cfg)| {
        quote! {
            #cfg mod #name;
            #cfg pub use #name::*;
        }
    });
    let routes = modules.iter().map(|(name, cfg)| {
        quote! {
            #cfg
            routes.extend(#name::routes());
        }
    });
    quote! {
        #(#declarations)*

        /// Every operation's route.
        pub(super) fn routes() -> Vec<crate::mock::Route> {
            // Not added to when the crate's features leave out every tag.
            #[allow(unused_mut)]
            let mut routes = Vec::new();
            #(#routes)*
            routes
        }
    }
}
