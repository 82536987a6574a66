//! The `operations` module: one async method on `Client` per operation, plus a
//! `<Operation>Params` struct for the optional parameters of those that have some.

use super::docs::doc_attrs;
use super::{ident, type_tokens, TypePath};
use crate::ir::{
    Api, AuthKind, BodyKind, Field, FormPart, FormPartKind, Operation, Pagination, ParamLocation,
    Parameter, PathPiece, TypeKind, TypeRef,
};
use crate::naming::camel_ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(crate) fn operation_items(api: &Api) -> Vec<(String, TokenStream)> {
    let mut items = Vec::new();
    for operation in &api.operations {
        if let Some(params) = params_struct(api, operation) {
            items.push((format!("{} params", operation.operation_id), params));
        }
        if let Some(form) = form_struct(api, operation) {
            items.push((format!("{} form", operation.operation_id), form));
        }
        let whole = method(api, operation, Decoding::Whole);
        let download = operation
            .download_method
            .as_ref()
            .map(|_| method(api, operation, Decoding::Pieces));
        let stream = operation
            .pagination
            .as_ref()
            .map(|pagination| stream_method(api, operation, pagination));
        items.push((
            operation.operation_id.clone(),
            quote! {
                impl crate::Client {
                    #whole
                    #download
                    #stream
                }
            },
        ));
    }
    items
}

fn form_name(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Form", camel_ident(&operation.method_name))
}

/// The `multipart/form-data` body of an operation, one field per part.
fn form_struct(api: &Api, operation: &Operation) -> Option<TokenStream> {
    let Some(BodyKind::Multipart(parts)) = operation.body.as_ref().map(|b| &b.kind) else {
        return None;
    };
    let name = form_name(operation);
    let method = operation.method_name.trim_start_matches("r#");
    let doc = format!(
        " The `multipart/form-data` body of [`Client::{method}`](crate::Client::{method})."
    );
    let fields = parts.iter().map(|part| {
        let field = ident(&part.name);
        let ty = match &part.kind {
            FormPartKind::File => quote!(crate::runtime::FilePart),
            FormPartKind::Files => quote!(::std::vec::Vec<crate::runtime::FilePart>),
            FormPartKind::Value(ty) => type_tokens(api, ty, TypePath::Crate),
        };
        let ty = if part.required || part.kind == FormPartKind::Files {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        };
        let mut paragraphs = vec![format!("Part `{}`.", part.wire_name.replace('`', "'"))];
        paragraphs.extend(part.docs.description.clone());
        let docs = doc_attrs(paragraphs);
        quote! {
            #docs
            pub #field: #ty,
        }
    });
    let default = if parts.iter().all(|p| match &p.kind {
        FormPartKind::Value(ty) => !p.required || super::has_default(api, ty),
        _ => true,
    }) {
        quote!(, ::std::default::Default)
    } else {
        TokenStream::new()
    };
    Some(quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq #default)]
        pub struct #name {
            #(#fields)*
        }
    })
}

/// Builds the multipart form from `body` (a `<Operation>Form`) and attaches it.
fn multipart_body(api: &Api, parts: &[FormPart]) -> TokenStream {
    let puts = parts.iter().map(|part| {
        let field = ident(&part.name);
        let wire = &part.wire_name;
        match (&part.kind, part.required) {
            (FormPartKind::File, true) => {
                quote!(form = form.part(#wire, body.#field.into_part()?);)
            }
            (FormPartKind::File, false) => quote! {
                if let ::std::option::Option::Some(file) = body.#field {
                    form = form.part(#wire, file.into_part()?);
                }
            },
            (FormPartKind::Files, _) => quote! {
                for file in body.#field {
                    form = form.part(#wire, file.into_part()?);
                }
            },
            (FormPartKind::Value(ty), true) => {
                let text = text_value(api, quote!(&body.#field), ty);
                quote!(form = form.text(#wire, #text);)
            }
            (FormPartKind::Value(ty), false) => {
                let text = text_value(api, quote!(value), ty);
                quote! {
                    if let ::std::option::Option::Some(value) = &body.#field {
                        form = form.text(#wire, #text);
                    }
                }
            }
        }
    });
    quote! {
        {
            let mut form = ::reqwest::multipart::Form::new();
            #(#puts)*
            request.multipart(form)
        }
    }
}

fn params_name(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Params", camel_ident(&operation.method_name))
}

fn optional_params(operation: &Operation) -> impl Iterator<Item = &Parameter> {
    operation.parameters.iter().filter(|p| !p.required)
}

/// The Rust type a parameter is stored as in the params struct.
fn owned_type(api: &Api, parameter: &Parameter) -> TokenStream {
    type_tokens(api, &parameter.ty, TypePath::Crate)
}

fn params_struct(api: &Api, operation: &Operation) -> Option<TokenStream> {
    let optional: Vec<&Parameter> = optional_params(operation).collect();
    if optional.is_empty() {
        return None;
    }
    let name = params_name(operation);
    let doc = format!(
        " Optional parameters of [`Client::{}`](crate::Client::{}).",
        operation.method_name.trim_start_matches("r#"),
        operation.method_name.trim_start_matches("r#")
    );
    let fields = optional.iter().map(|parameter| {
        let field = ident(&parameter.name);
        let ty = owned_type(api, parameter);
        let docs = doc_attrs(parameter_paragraphs(parameter));
        quote! {
            #docs
            pub #field: ::std::option::Option<#ty>,
        }
    });
    let setters = optional.iter().map(|parameter| {
        let field = ident(&parameter.name);
        let ty = owned_type(api, parameter);
        let doc = format!(" Sets `{}`.", parameter.wire_name.replace('`', "'"));
        if parameter.ty == TypeRef::String {
            quote! {
                #[doc = #doc]
                pub fn #field(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.#field = ::std::option::Option::Some(value.into());
                    self
                }
            }
        } else {
            quote! {
                #[doc = #doc]
                pub fn #field(mut self, value: #ty) -> Self {
                    self.#field = ::std::option::Option::Some(value);
                    self
                }
            }
        }
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #(#setters)*
        }
    })
}

fn parameter_paragraphs(parameter: &Parameter) -> Vec<String> {
    let location = match parameter.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let mut paragraphs = vec![format!(
        "`{}` ({location} parameter){}",
        parameter.wire_name.replace('`', "'"),
        if parameter.docs.deprecated {
            ", deprecated"
        } else {
            ""
        }
    )];
    paragraphs.extend(parameter.docs.description.clone());
    paragraphs
}

/// An argument of a required parameter: strings by `&str`, scalars by value, the rest
/// by reference.
fn argument(api: &Api, parameter: &Parameter, lifetime: &TokenStream) -> TokenStream {
    let name = ident(&parameter.name);
    match &parameter.ty {
        TypeRef::String => quote!(#name: &#lifetime str),
        TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => {
            let ty = type_tokens(api, &parameter.ty, TypePath::Crate);
            quote!(#name: #ty)
        }
        TypeRef::Array(item) => {
            let item = type_tokens(api, item, TypePath::Crate);
            quote!(#name: &#lifetime [#item])
        }
        other => {
            let ty = type_tokens(api, other, TypePath::Crate);
            quote!(#name: &#lifetime #ty)
        }
    }
}

/// `<operation>_stream`: the items of every page, fetched as the stream is read.
fn stream_method(api: &Api, operation: &Operation, pagination: &Pagination) -> TokenStream {
    let name = ident(&pagination.stream_method);
    let whole = ident(&operation.method_name);
    let lifetime = quote!('a);
    let required: Vec<&Parameter> = operation.parameters.iter().filter(|p| p.required).collect();
    let arguments = required.iter().map(|p| argument(api, p, &lifetime));
    let forwarded = required.iter().map(|p| ident(&p.name));
    let params = params_name(operation);
    let cursor = ident(&operation.parameters[pagination.cursor_parameter].name);
    let item = type_tokens(api, &pagination.item_type, TypePath::Crate);
    let error = error_type(api, operation);
    let page_info = ident(&pagination.page_info.name);
    let info = optional_ref(quote!(page.#page_info), &pagination.page_info);
    let next_cursor = field_value(&pagination.next_cursor, quote!(info), false);
    let more = match &pagination.has_next_page {
        Some(flag) => {
            let value = field_value(flag, quote!(info), true);
            quote!(#value.unwrap_or(true))
        }
        None => quote!(true),
    };
    let items_field = ident(&pagination.items.name);
    let items = match (pagination.items.required, pagination.items.nullable) {
        (true, false) => quote!(page.#items_field),
        (false, true) => quote!(page.#items_field.flatten().unwrap_or_default()),
        _ => quote!(page.#items_field.unwrap_or_default()),
    };
    let method = operation.method_name.trim_start_matches("r#");
    let doc = format!(
        " The items of every page of [`{method}`](Self::{method}), fetched page by page (the \
         `cursor` of each request is the `nextCursor` of the page before). The stream ends \
         after the last page, or after the first error."
    );
    quote! {
        #[doc = #doc]
        pub fn #name<'a>(
            &'a self,
            #(#arguments,)*
            params: &#params,
        ) -> impl ::futures_util::Stream<Item = ::std::result::Result<#item, crate::Error<#error>>> + 'a {
            crate::runtime::paginate(params.clone(), move |params| async move {
                let page = self.#whole(#(#forwarded,)* &params).await?;
                let info = #info;
                let cursor = #next_cursor;
                let next = match cursor {
                    ::std::option::Option::Some(cursor) if #more => {
                        let mut params = params;
                        params.#cursor = ::std::option::Option::Some(cursor);
                        ::std::option::Option::Some(params)
                    }
                    _ => ::std::option::Option::None,
                };
                ::std::result::Result::Ok((#items, next))
            })
        }
    }
}

/// `Option<&T>` for a field, whatever its optionality.
fn optional_ref(access: TokenStream, field: &Field) -> TokenStream {
    match (field.required, field.nullable) {
        (true, false) => quote!(::std::option::Option::Some(&#access)),
        (false, true) => quote!(#access.as_ref().and_then(::std::option::Option::as_ref)),
        _ => quote!(#access.as_ref()),
    }
}

/// The value of a field of `holder` (an `Option<&S>`) as an `Option<T>`; `copy` for
/// `Copy` types, which need no clone.
fn field_value(field: &Field, holder: TokenStream, copy: bool) -> TokenStream {
    let name = ident(&field.name);
    let value = if copy {
        quote!(holder.#name)
    } else {
        quote!(holder.#name.clone())
    };
    match (field.required, field.nullable) {
        (true, false) => quote!(#holder.map(|holder| #value)),
        (false, true) => quote!(#holder.and_then(|holder| #value.flatten())),
        _ => quote!(#holder.and_then(|holder| #value)),
    }
}

/// Whether the type has a text form of its own (`Display`): scalars and string enums.
fn is_scalar(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => true,
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(_) => true,
            TypeKind::Alias(inner) => is_scalar(api, inner),
            TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::Newtype(_) => false,
        },
        _ => false,
    }
}

/// An expression giving the parameter's text form: scalars as themselves, arrays of
/// scalars comma-joined, anything else as JSON.
fn text_value(api: &Api, value: TokenStream, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::ToString::to_string(#value)),
        TypeRef::Array(item) if is_scalar(api, item) => quote! {
            #value.iter().map(::std::string::ToString::to_string).collect::<::std::vec::Vec<_>>().join(",")
        },
        ty if is_scalar(api, ty) => quote!(::std::string::ToString::to_string(&#value)),
        _ => quote!(::serde_json::to_string(&#value).unwrap_or_default()),
    }
}

/// How a method hands over the success body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Decoding {
    /// Decoded, or read whole.
    Whole,
    /// As a [`Download`](crate::runtime::Download) to read piece by piece.
    Pieces,
}

fn method(api: &Api, operation: &Operation, decoding: Decoding) -> TokenStream {
    let name = match (decoding, &operation.download_method) {
        (Decoding::Pieces, Some(download)) => ident(download),
        _ => ident(&operation.method_name),
    };
    let required: Vec<&Parameter> = operation.parameters.iter().filter(|p| p.required).collect();
    let mut arguments: Vec<TokenStream> = required
        .iter()
        .map(|p| argument(api, p, &TokenStream::new()))
        .collect();
    let has_params = optional_params(operation).next().is_some();
    if has_params {
        let params = params_name(operation);
        arguments.push(quote!(params: &#params));
    }
    if let Some(body) = &operation.body {
        arguments.push(body_argument(api, operation, &body.kind, body.required));
    }
    let segments = operation
        .segments
        .iter()
        .map(|segment| match segment.pieces.as_slice() {
            [PathPiece::Literal(text)] => quote!(#text),
            [PathPiece::Parameter(index)] => {
                let parameter = &operation.parameters[*index];
                let value = ident(&parameter.name);
                match parameter.ty {
                    TypeRef::String => quote!(#value),
                    _ => {
                        let text = text_value(api, quote!(#value), &parameter.ty);
                        quote!(&#text)
                    }
                }
            }
            pieces => {
                let parts = pieces.iter().map(|piece| match piece {
                    PathPiece::Literal(text) => quote!(#text),
                    PathPiece::Parameter(index) => {
                        let parameter = &operation.parameters[*index];
                        let value = ident(&parameter.name);
                        match parameter.ty {
                            TypeRef::String => quote!(#value),
                            _ => text_value(api, quote!(#value), &parameter.ty),
                        }
                    }
                });
                // Every piece is an argument, so braces in the template stay literal.
                let format = "{}".repeat(pieces.len());
                quote!(&::std::format!(#format, #(#parts),*))
            }
        });
    let http_method = format_ident!("{}", operation.http_method);
    let security = security_tokens(api, operation);
    let query_and_headers = operation
        .parameters
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| send_parameter(api, p));
    let cookies: Vec<&Parameter> = operation
        .parameters
        .iter()
        .filter(|p| p.location == ParamLocation::Cookie)
        .collect();
    let cookie_header = if cookies.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            if !cookies.is_empty() {
                request = request.header(::reqwest::header::COOKIE, cookies.join("; "));
            }
        }
    };
    let cookie_decl = if cookies.is_empty() {
        TokenStream::new()
    } else {
        quote!(let mut cookies: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();)
    };
    let body = operation.body.as_ref().map(|body| {
        let media_type = &body.media_type;
        let attach = match &body.kind {
            BodyKind::Json(_) => quote!(request.json(body)),
            BodyKind::Form(_) => quote!(request.form(body)),
            BodyKind::Multipart(parts) => multipart_body(api, parts),
            BodyKind::Text | BodyKind::Binary => quote! {
                request
                    .header(::reqwest::header::CONTENT_TYPE, #media_type)
                    .body(body)
            },
        };
        if body.required {
            quote!(let request = #attach;)
        } else {
            quote! {
                let request = match body {
                    ::std::option::Option::Some(body) => #attach,
                    ::std::option::Option::None => request,
                };
            }
        }
    });
    let (success_type, decode) = match decoding {
        Decoding::Whole => success(api, operation),
        Decoding::Pieces => (
            quote!(crate::runtime::Download),
            quote!(::std::result::Result::Ok(crate::runtime::Download::new(
                response
            ))),
        ),
    };
    let error_type = error_type(api, operation);
    let mut paragraphs = method_paragraphs(api, operation);
    if decoding == Decoding::Pieces {
        let whole = operation.method_name.trim_start_matches("r#");
        paragraphs.insert(
            1.min(paragraphs.len()),
            format!(
                "Hands the body over piece by piece, for downloads too large to hold at once; \
                 [`{whole}`](Self::{whole}) reads it whole."
            ),
        );
    }
    let docs = doc_attrs(paragraphs);
    let deprecated = if operation.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    let mut_request = if operation
        .parameters
        .iter()
        .any(|p| p.location != ParamLocation::Path)
    {
        quote!(mut)
    } else {
        TokenStream::new()
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
        pub async fn #name(&self, #(#arguments),*) -> ::std::result::Result<#success_type, crate::Error<#error_type>> {
            let #mut_request request = crate::runtime::request(
                self,
                ::reqwest::Method::#http_method,
                &[#(#segments),*],
                #security,
            )?;
            #cookie_decl
            #(#query_and_headers)*
            #cookie_header
            #body
            let response = crate::runtime::send(self, request).await?;
            #decode
        }
    }
}

fn body_argument(api: &Api, operation: &Operation, kind: &BodyKind, required: bool) -> TokenStream {
    let ty = match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) => {
            let ty = type_tokens(api, ty, TypePath::Crate);
            quote!(&#ty)
        }
        BodyKind::Text => quote!(::std::string::String),
        BodyKind::Binary => quote!(::std::vec::Vec<u8>),
        BodyKind::Multipart(_) => {
            let form = form_name(operation);
            quote!(#form)
        }
    };
    if required {
        quote!(body: #ty)
    } else {
        quote!(body: ::std::option::Option<#ty>)
    }
}

/// Statements that put one query, header or cookie parameter on the request.
fn send_parameter(api: &Api, parameter: &Parameter) -> TokenStream {
    let name = ident(&parameter.name);
    let wire = &parameter.wire_name;
    let (binding, value) = if parameter.required {
        (TokenStream::new(), quote!(#name))
    } else {
        (
            quote!(::std::option::Option::Some(value) = &params.#name),
            quote!(value),
        )
    };
    let put = match (&parameter.location, &parameter.ty) {
        (ParamLocation::Query, TypeRef::Array(item)) if parameter.explode => {
            let text = text_value(api, quote!(item), item);
            quote! {
                for item in #value.iter() {
                    request = request.query(&[(#wire, #text)]);
                }
            }
        }
        (ParamLocation::Query, ty) => {
            let text = text_value(api, value.clone(), ty);
            quote!(request = request.query(&[(#wire, #text)]);)
        }
        (ParamLocation::Header, ty) => {
            let text = text_value(api, value.clone(), ty);
            quote!(request = request.header(#wire, #text);)
        }
        (ParamLocation::Cookie, ty) => {
            let text = text_value(api, value.clone(), ty);
            quote!(cookies.push(::std::format!("{}={}", #wire, #text));)
        }
        (ParamLocation::Path, _) => TokenStream::new(),
    };
    if parameter.required {
        put
    } else {
        quote! {
            if let #binding {
                #put
            }
        }
    }
}

/// The success type and the statement that decodes it.
fn success(api: &Api, operation: &Operation) -> (TokenStream, TokenStream) {
    let Some(body) = operation.success_response().and_then(|r| r.body.as_ref()) else {
        return (
            quote!(()),
            quote!(crate::runtime::decode_empty(response).await),
        );
    };
    match &body.kind {
        BodyKind::Json(ty) => {
            let ty = type_tokens(api, ty, TypePath::Crate);
            (ty, quote!(crate::runtime::decode_json(response).await))
        }
        BodyKind::Text | BodyKind::Form(_) => (
            quote!(::std::string::String),
            quote!(crate::runtime::decode_text(response).await),
        ),
        BodyKind::Binary | BodyKind::Multipart(_) => (
            quote!(::std::vec::Vec<u8>),
            quote!(crate::runtime::decode_bytes(response).await),
        ),
    }
}

/// The operation's error body type: the one JSON schema its error responses share, or
/// any JSON value when they share none.
fn error_type(api: &Api, operation: &Operation) -> TokenStream {
    let mut types: Vec<&TypeRef> = Vec::new();
    for response in operation
        .responses
        .iter()
        .filter(|r| !r.status.is_success())
    {
        if let Some(BodyKind::Json(ty)) = response.body.as_ref().map(|b| &b.kind) {
            if !types.contains(&ty) {
                types.push(ty);
            }
        }
    }
    match types.as_slice() {
        [only] => type_tokens(api, only, TypePath::Crate),
        _ => quote!(::serde_json::Value),
    }
}

fn security_tokens(api: &Api, operation: &Operation) -> TokenStream {
    let alternatives = operation.security.iter().filter_map(|alternative| {
        let schemes: Option<Vec<TokenStream>> = alternative
            .iter()
            .map(|name| {
                let scheme = api.security_schemes.iter().find(|s| &s.name == name)?;
                Some(match &scheme.kind {
                    AuthKind::Bearer => quote!(crate::runtime::Auth::Bearer),
                    AuthKind::Basic => quote!(crate::runtime::Auth::Basic),
                    AuthKind::ApiKey { location, name } => match location {
                        ParamLocation::Query => quote!(crate::runtime::Auth::Query(#name)),
                        ParamLocation::Cookie => quote!(crate::runtime::Auth::Cookie(#name)),
                        _ => quote!(crate::runtime::Auth::Header(#name)),
                    },
                    AuthKind::Unsupported(_) => return None,
                })
            })
            .collect();
        schemes.map(|schemes| quote!(&[#(#schemes),*]))
    });
    quote!(&[#(#alternatives),*])
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
                    .map(|n| format!("`{n}`"))
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
            for name in alternative {
                if let Some(description) = api
                    .security_schemes
                    .iter()
                    .find(|s| &s.name == name)
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
