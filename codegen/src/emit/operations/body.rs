//! Request bodies: the media types an operation sends, the multipart `<Operation>Form`
//! struct, and the statement that attaches a body as its media type is sent.

use super::params::{is_textual, text_value};
use super::responses::is_plain_json;
use crate::emit::docs::{doc_attr, doc_attrs};
use crate::emit::{bare, ident, type_tokens, Prelude, Std, TypePath};
use crate::ir::{
    Api, BodyKind, FormEncoding, FormPart, FormPartKind, FormStyle, Operation, TypeRef,
};
use crate::naming::camel_ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// One way of sending an operation's body: the method that sends it, its media type and
/// how it is carried.
pub(in crate::emit) struct BodyChoice<'o> {
    pub(in crate::emit) method_name: &'o str,
    pub(in crate::emit) media_type: &'o str,
    pub(in crate::emit) kind: &'o BodyKind,
    pub(in crate::emit) required: bool,
}

/// The body's preferred media type (sent by the operation's method), then the others
/// (each sent by a method of its own).
pub(in crate::emit) fn body_choices(operation: &Operation) -> impl Iterator<Item = BodyChoice<'_>> {
    operation.body.iter().flat_map(move |body| {
        let primary = BodyChoice {
            method_name: &operation.method_name,
            media_type: &body.media_type,
            kind: &body.kind,
            required: body.required,
        };
        let others = body.alternatives.iter().map(move |alternative| BodyChoice {
            method_name: &alternative.method_name,
            media_type: &alternative.media_type,
            kind: &alternative.kind,
            required: body.required,
        });
        std::iter::once(primary).chain(others)
    })
}

pub(in crate::emit) fn form_name(method_name: &str) -> proc_macro2::Ident {
    format_ident!("{}Form", camel_ident(method_name))
}

/// The `multipart/form-data` body a method sends, one field per part.
pub(super) fn form_struct(api: &Api, method_name: &str, kind: &BodyKind) -> Option<TokenStream> {
    let Prelude { option, vec, .. } = Prelude::bare();
    let BodyKind::Multipart(parts) = kind else {
        return None;
    };
    let name = form_name(method_name);
    let method = method_name.trim_start_matches("r#");
    let doc = doc_attr(format!(
        " The `multipart/form-data` body of [`Client::{method}`](crate::Client::{method})."
    ));
    let fields = parts.iter().map(|part| {
        let field = ident(&part.name);
        let ty = match &part.kind {
            FormPartKind::File => quote!(crate::runtime::FilePart),
            FormPartKind::Files => quote!(#vec<crate::runtime::FilePart>),
            FormPartKind::Value(ty) => type_tokens(api, ty, TypePath::Crate),
        };
        let ty = if part.required || part.kind == FormPartKind::Files {
            ty
        } else {
            quote!(#option<#ty>)
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
        FormPartKind::Value(ty) => !p.required || crate::emit::has_default(api, ty),
        _ => true,
    }) {
        quote!(, Default)
    } else {
        TokenStream::new()
    };
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq #default)]
        pub struct #name {
            #(#fields)*
        }
    })
}

/// Builds the multipart form from `body` (a `<Operation>Form`) and attaches it.
fn multipart_body(api: &Api, parts: &[FormPart]) -> TokenStream {
    let some = bare(Std::Some);
    let puts = parts.iter().map(|part| {
        let field = ident(&part.name);
        let wire = &part.wire_name;
        match (&part.kind, part.required) {
            (FormPartKind::File, true) => {
                quote!(form = form.part(#wire, body.#field.into_part()?);)
            }
            (FormPartKind::File, false) => quote! {
                if let #some(file) = body.#field {
                    form = form.part(#wire, file.into_part()?);
                }
            },
            (FormPartKind::Files, _) => quote! {
                for file in body.#field {
                    form = form.part(#wire, file.into_part()?);
                }
            },
            // An array of scalars is one part per item, all under the property's name.
            (FormPartKind::Value(TypeRef::Array(item)), required) if is_textual(api, item) => {
                let text = text_value(api, quote!(value), item);
                let each = quote! {
                    for value in values {
                        form = form.text(#wire, #text);
                    }
                };
                match required {
                    true => quote!(let values = &body.#field; #each),
                    false => quote! {
                        if let #some(values) = &body.#field {
                            #each
                        }
                    },
                }
            }
            // Objects and arrays go as JSON parts, labelled so.
            (FormPartKind::Value(ty), true) if !is_text_part(api, ty) => {
                quote!(form = form.part(#wire, crate::runtime::value_part(&body.#field));)
            }
            (FormPartKind::Value(ty), false) if !is_text_part(api, ty) => quote! {
                if let #some(value) = &body.#field {
                    form = form.part(#wire, crate::runtime::value_part(value));
                }
            },
            (FormPartKind::Value(ty), true) => {
                let text = text_value(api, quote!(&body.#field), ty);
                quote!(form = form.text(#wire, #text);)
            }
            (FormPartKind::Value(ty), false) => {
                let text = text_value(api, quote!(value), ty);
                quote! {
                    if let #some(value) = &body.#field {
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

/// The runtime's `FormStyle` variant of a style.
pub(crate) fn form_style(style: FormStyle) -> TokenStream {
    match style {
        FormStyle::Exploded => quote!(Exploded),
        FormStyle::Comma => quote!(Comma),
        FormStyle::Space => quote!(Space),
        FormStyle::Pipe => quote!(Pipe),
        FormStyle::Json => quote!(Json),
    }
}

/// The statement that puts the body on the request, as its media type is sent.
pub(super) fn attach_body(api: &Api, body: &BodyChoice<'_>) -> TokenStream {
    let Prelude { some, none, .. } = Prelude::bare();
    let media_type = body.media_type;
    let attach = match body.kind {
        BodyKind::Json(_) if is_plain_json(media_type) => quote!(request.json(body)),
        // Set first: `json` keeps a content type that is already there.
        BodyKind::Json(_) => quote! {
            request
                .header(::reqwest::header::CONTENT_TYPE, #media_type)
                .json(body)
        },
        BodyKind::Form(_, FormEncoding(styles)) if styles.is_empty() => {
            quote!(crate::runtime::form_body(request, body)?)
        }
        BodyKind::Form(_, FormEncoding(styles)) => {
            let styles = styles.iter().map(|(wire, style)| {
                let style = form_style(*style);
                quote!((#wire, crate::runtime::FormStyle::#style))
            });
            quote!(crate::runtime::form_body_encoded(request, body, &[#(#styles),*])?)
        }
        BodyKind::Multipart(parts) => multipart_body(api, parts),
        BodyKind::Text | BodyKind::Binary => quote! {
            request
                .header(::reqwest::header::CONTENT_TYPE, #media_type)
                .body(body)
        },
    };
    if body.required {
        quote!(let request = #attach;)
    } else if matches!(body.kind, BodyKind::Json(_)) && is_plain_json(media_type) {
        quote!(let request = crate::runtime::optional_json(request, body);)
    } else {
        quote! {
            let request = match body {
                #some(body) => #attach,
                #none => request,
            };
        }
    }
}

/// The Rust type of a body sent as `body` says (owned).
pub(in crate::emit) fn body_value_type(api: &Api, body: &BodyChoice<'_>) -> TokenStream {
    let Prelude { string, vec, .. } = Prelude::bare();
    match body.kind {
        BodyKind::Json(ty) | BodyKind::Form(ty, _) => type_tokens(api, ty, TypePath::Crate),
        BodyKind::Text => quote!(#string),
        BodyKind::Binary => quote!(#vec<u8>),
        BodyKind::Multipart(_) => {
            let form = form_name(body.method_name);
            quote!(#form)
        }
    }
}

pub(super) fn body_argument(api: &Api, body: &BodyChoice<'_>) -> TokenStream {
    let option = bare(Std::Option);
    let value = body_value_type(api, body);
    let ty = match body.kind {
        BodyKind::Json(_) | BodyKind::Form(..) => quote!(&#value),
        _ => value,
    };
    if body.required {
        quote!(body: #ty)
    } else {
        quote!(body: #option<#ty>)
    }
}

/// Whether a form value is sent as a plain text part: scalars and arrays of them (the
/// rest are JSON parts).
fn is_text_part(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Array(item) => is_textual(api, item),
        ty => is_textual(api, ty),
    }
}
