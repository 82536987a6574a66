//! Parameters: the `<Operation>Params` struct, required arguments, and the statements
//! that put path, query, header and cookie values on the request in their styles.

use crate::emit::docs::{doc_attr, doc_attrs};
use crate::emit::{bare, ident, type_tokens, Prelude, Std, TypePath};
use crate::ir::{
    Api, Operation, ParamLocation, ParamStyle, Parameter, PathPiece, PathSegment, TypeKind, TypeRef,
};
use crate::naming::camel_ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// A `&str` of a segment of the template: its text, an argument, or both formatted.
pub(super) fn segment_text(api: &Api, operation: &Operation, segment: &PathSegment) -> TokenStream {
    match segment.pieces.as_slice() {
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
            quote!(&format!(#format, #(#parts),*))
        }
    }
}

pub(in crate::emit) fn params_name(operation: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Params", camel_ident(&operation.method_name))
}

pub(in crate::emit) fn optional_params(operation: &Operation) -> impl Iterator<Item = &Parameter> {
    operation.parameters.iter().filter(|p| !p.required)
}

/// The Rust type a parameter is stored as in the params struct.
fn owned_type(api: &Api, parameter: &Parameter) -> TokenStream {
    type_tokens(api, &parameter.ty, TypePath::Crate)
}

pub(super) fn params_struct(api: &Api, operation: &Operation) -> Option<TokenStream> {
    let Prelude {
        into_trait,
        option,
        string,
        ..
    } = Prelude::bare();
    let optional: Vec<&Parameter> = optional_params(operation).collect();
    if optional.is_empty() {
        return None;
    }
    let name = params_name(operation);
    let doc = doc_attr(format!(
        " Optional parameters of [`Client::{}`](crate::Client::{}).",
        operation.method_name.trim_start_matches("r#"),
        operation.method_name.trim_start_matches("r#")
    ));
    let fields = optional.iter().map(|parameter| {
        let field = ident(&parameter.name);
        let ty = owned_type(api, parameter);
        let docs = doc_attrs(parameter_paragraphs(parameter));
        quote! {
            #docs
            pub #field: #option<#ty>,
        }
    });
    let setters = optional.iter().map(|parameter| {
        let field = ident(&parameter.name);
        let ty = if parameter.ty == TypeRef::String {
            quote!(impl #into_trait<#string>)
        } else {
            owned_type(api, parameter)
        };
        let wire = parameter.wire_name.replace('`', "'");
        quote!(#field: #ty = #wire,)
    });
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#fields)*
        }

        crate::runtime::setters!(#name {
            #(#setters)*
        });
    })
}

pub(super) fn parameter_paragraphs(parameter: &Parameter) -> Vec<String> {
    let location = parameter.location.as_str();
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

/// An argument of a required parameter: strings by `&str`, scalars and `Copy` format
/// types (`chrono::NaiveDate`) by value, the rest by reference.
pub(super) fn argument(api: &Api, parameter: &Parameter, lifetime: &TokenStream) -> TokenStream {
    let name = ident(&parameter.name);
    match &parameter.ty {
        TypeRef::String => quote!(#name: &#lifetime str),
        TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => {
            let ty = type_tokens(api, &parameter.ty, TypePath::Crate);
            quote!(#name: #ty)
        }
        TypeRef::Formatted(formatted) if formatted.format.is_copy() && !formatted.lenient => {
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

/// The query: its declaration, the statements that fill it (pairs of the path template
/// first), and the expression handed to the runtime.
pub(super) fn query_statements(
    api: &Api,
    operation: &Operation,
) -> (TokenStream, Vec<TokenStream>, TokenStream) {
    let template_pairs = operation.template_query.iter().map(|(name, value)| {
        let value = segment_text(api, operation, value);
        quote!(query.pair(#name, #value);)
    });
    let statements: Vec<TokenStream> = template_pairs
        .chain(
            (operation.parameters.iter())
                .filter(|p| p.location == ParamLocation::Query)
                .map(|p| send_parameter(api, p)),
        )
        .collect();
    if statements.is_empty() {
        return (
            TokenStream::new(),
            statements,
            quote!(&crate::runtime::Query::new()),
        );
    }
    (
        quote!(let mut query = crate::runtime::Query::new();),
        statements,
        quote!(&query),
    )
}

/// Header and cookie parameters: the cookies' declaration, the statements that put each
/// parameter on the request, and the one `Cookie` header they make.
pub(super) fn header_statements(
    api: &Api,
    operation: &Operation,
) -> (TokenStream, Vec<TokenStream>, TokenStream) {
    let Prelude { string, vec, .. } = Prelude::bare();
    let statements = (operation.parameters.iter())
        .filter(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie))
        .map(|p| send_parameter(api, p))
        .collect();
    let has_cookies = (operation.parameters.iter()).any(|p| p.location == ParamLocation::Cookie);
    if !has_cookies {
        return (TokenStream::new(), statements, TokenStream::new());
    }
    (
        quote!(let mut cookies: #vec<#string> = #vec::new();),
        statements,
        quote! {
            if !cookies.is_empty() {
                request = request.header(::reqwest::header::COOKIE, cookies.join("; "));
            }
        },
    )
}

/// Statements that put one query, header or cookie parameter on the request.
fn send_parameter(api: &Api, parameter: &Parameter) -> TokenStream {
    let some = bare(Std::Some);
    let name = ident(&parameter.name);
    let wire = &parameter.wire_name;
    let (binding, value) = if parameter.required {
        (TokenStream::new(), quote!(#name))
    } else {
        (quote!(#some(value) = &params.#name), quote!(value))
    };
    if !parameter.required
        && parameter.location == ParamLocation::Query
        && is_scalar(api, &parameter.ty)
    {
        return quote!(query.optional(#wire, params.#name.as_ref()););
    }
    let put = match (&parameter.location, &parameter.ty) {
        (ParamLocation::Query, ty) => query_statement(api, parameter, value.clone(), ty),
        (ParamLocation::Header, ty) => {
            let text = text_value(api, value.clone(), ty);
            quote!(request = request.header(#wire, #text);)
        }
        (ParamLocation::Cookie, ty) => {
            let text = text_value(api, value.clone(), ty);
            quote!(cookies.push(format!("{}={}", #wire, #text));)
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

/// The statement that adds one query parameter's value to `query`, in its style.
fn query_statement(
    api: &Api,
    parameter: &Parameter,
    value: TokenStream,
    ty: &TypeRef,
) -> TokenStream {
    let wire = &parameter.wire_name;
    // Strings are handed over as they are; other values through their text form.
    let text_ref = |value: TokenStream, ty: &TypeRef| match ty {
        TypeRef::String => value,
        _ => {
            let text = text_value(api, value, ty);
            quote!(&#text)
        }
    };
    match ty {
        TypeRef::Array(item) if parameter.explode => {
            let text = text_ref(quote!(item), item);
            quote! {
                for item in #value.iter() {
                    query.pair(#wire, #text);
                }
            }
        }
        TypeRef::Array(item) => {
            let delimiter = match parameter.style {
                ParamStyle::SpaceDelimited => "%20",
                ParamStyle::PipeDelimited => "|",
                ParamStyle::Form | ParamStyle::DeepObject => ",",
            };
            let items = match &**item {
                TypeRef::String => quote!(#value.iter()),
                item => {
                    let text = text_value(api, quote!(item), item);
                    quote!(#value.iter().map(|item| #text))
                }
            };
            quote!(query.joined(#wire, #items, #delimiter);)
        }
        ty if is_textual(api, ty) => {
            let text = text_ref(value, ty);
            quote!(query.pair(#wire, #text);)
        }
        _ if parameter.style == ParamStyle::DeepObject => {
            quote!(query.deep_object(#wire, #value)?;)
        }
        _ => {
            let explode = parameter.explode;
            quote!(query.form_object(#wire, #value, #explode)?;)
        }
    }
}

/// An expression giving the parameter's text form: scalars as themselves, arrays of
/// scalars comma-joined, anything else by the runtime's `text_of` (a union
/// holding a string is that string; objects are JSON).
pub(super) fn text_value(api: &Api, value: TokenStream, ty: &TypeRef) -> TokenStream {
    let Prelude {
        to_string_trait,
        vec,
        ..
    } = Prelude::bare();
    match ty {
        TypeRef::String => quote!(#to_string_trait::to_string(#value)),
        TypeRef::Array(item) if is_scalar(api, item) => quote! {
            #value.iter().map(#to_string_trait::to_string).collect::<#vec<_>>().join(",")
        },
        TypeRef::Array(item) if is_textual(api, item) => quote! {
            #value.iter().map(crate::runtime::text_of).collect::<#vec<_>>().join(",")
        },
        ty if is_scalar(api, ty) => quote!(#to_string_trait::to_string(&#value)),
        _ => quote!(crate::runtime::text_of(&#value)),
    }
}

/// Whether the type has a text form of its own (`Display`): scalars and string enums.
fn is_scalar(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String | TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => true,
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(_) => true,
            TypeKind::Alias(inner) => is_scalar(api, inner),
            TypeKind::Struct(_)
            | TypeKind::Union(_)
            | TypeKind::Newtype(_)
            | TypeKind::External(_) => false,
        },
        _ => false,
    }
}

/// Whether the type is written as one piece of text: scalars, and strings of a format
/// read into a Rust type (whose text is their JSON string, not always their `Display`).
pub(in crate::emit) fn is_textual(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Formatted(_) => true,
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Alias(inner) => is_textual(api, inner),
            _ => is_scalar(api, ty),
        },
        ty => is_scalar(api, ty),
    }
}
