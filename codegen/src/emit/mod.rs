//! Stage 5: IR -> token streams, one function per kind of item. No string-pasting of
//! code: every item is built with `quote!` and checked by `syn` when formatted.

pub(crate) mod docs;
mod examples;
mod features;
mod files;
mod objects;
mod operations;
mod servers;
mod types;

pub use docs::DocTexts;
pub use files::{
    emit_files, Contents, CrateInfo, Emitted, EmittedFile, GeneratedFile, Layout, Printed, Unit,
};

use crate::ir::{Api, FloatWidth, TypeKind, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier token for a name the naming module made (`r#type` included).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The std prelude's items generated code uses.
#[derive(Clone, Copy)]
pub(crate) enum Std {
    Option,
    Some,
    None,
    String,
    Vec,
    Box,
    Result,
    Ok,
    Err,
    Default,
    ToString,
    Into,
}

/// A std prelude item as generated code writes it: bare (`Option`), or by full path
/// (`::std::option::Option`) when a type of the document takes its name, where the
/// bare name would mean that type.
pub(crate) fn prelude(api: &Api, item: Std) -> TokenStream {
    let (module, name, variant_of) = match item {
        Std::Option => ("option", "Option", None),
        Std::Some => ("option", "Some", Some("Option")),
        Std::None => ("option", "None", Some("Option")),
        Std::String => ("string", "String", None),
        Std::Vec => ("vec", "Vec", None),
        Std::Box => ("boxed", "Box", None),
        Std::Result => ("result", "Result", None),
        Std::Ok => ("result", "Ok", Some("Result")),
        Std::Err => ("result", "Err", Some("Result")),
        Std::Default => ("default", "Default", None),
        Std::ToString => ("string", "ToString", None),
        Std::Into => ("convert", "Into", None),
    };
    let taken = api.prelude_taken.iter().any(|taken| taken == name);
    let name = Ident::new(name, Span::call_site());
    if !taken {
        return quote!(#name);
    }
    let module = Ident::new(module, Span::call_site());
    match variant_of {
        Some(ty) => {
            let ty = Ident::new(ty, Span::call_site());
            quote!(::std::#module::#ty::#name)
        }
        None => quote!(::std::#module::#name),
    }
}

/// Every std prelude item as [`prelude`] writes it, for code that uses several:
/// `let Prelude { some, none, .. } = Prelude::of(api);`.
pub(crate) struct Prelude {
    pub option: TokenStream,
    pub some: TokenStream,
    pub none: TokenStream,
    pub string: TokenStream,
    pub vec: TokenStream,
    pub result: TokenStream,
    pub ok: TokenStream,
    pub err: TokenStream,
    pub to_string_trait: TokenStream,
    pub into_trait: TokenStream,
}

impl Prelude {
    pub(crate) fn of(api: &Api) -> Self {
        Prelude {
            option: prelude(api, Std::Option),
            some: prelude(api, Std::Some),
            none: prelude(api, Std::None),
            string: prelude(api, Std::String),
            vec: prelude(api, Std::Vec),
            result: prelude(api, Std::Result),
            ok: prelude(api, Std::Ok),
            err: prelude(api, Std::Err),
            to_string_trait: prelude(api, Std::ToString),
            into_trait: prelude(api, Std::Into),
        }
    }
}

/// How named types are spelled where a type expression is written.
#[derive(Clone, Copy)]
pub(crate) enum TypePath {
    /// Inside the types module: bare names.
    Local,
    /// Elsewhere in the crate: `crate::types::Name`.
    Crate,
}

/// The Rust type of a type expression: prelude types as [`prelude`] writes them, other
/// std and serde paths in full, so that a schema called `Value` shadows nothing.
pub(crate) fn type_tokens(api: &Api, ty: &TypeRef, path: TypePath) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            if let TypeKind::External(rust_path) = &api.ty(*id).kind {
                // Checked to be a type when the settings were applied.
                return syn::parse_str::<syn::Type>(rust_path)
                    .map(|ty| quote!(#ty))
                    .unwrap_or_else(|_| quote!(::serde_json::Value));
            }
            let name = ident(&api.ty(*id).name);
            match path {
                TypePath::Local => quote!(#name),
                TypePath::Crate => quote!(crate::types::#name),
            }
        }
        TypeRef::String => prelude(api, Std::String),
        TypeRef::Integer(width) => {
            let name = Ident::new(width.rust_name(), Span::call_site());
            quote!(#name)
        }
        TypeRef::Number(FloatWidth::F32) => quote!(f32),
        TypeRef::Number(FloatWidth::F64) => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Array(item) => {
            let item = type_tokens(api, item, path);
            let vec = prelude(api, Std::Vec);
            quote!(#vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(api, value, path);
            let string = prelude(api, Std::String);
            quote!(::std::collections::BTreeMap<#string, #value>)
        }
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::JsonObject => {
            let string = prelude(api, Std::String);
            quote!(::serde_json::Map<#string, ::serde_json::Value>)
        }
        TypeRef::Unit => quote!(()),
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(api, inner, path);
            let option = prelude(api, Std::Option);
            quote!(#option<#inner>)
        }
        TypeRef::Formatted(formatted) => {
            let ty: syn::Type = syn::parse_str(&formatted.rust_path()).expect("a Rust type");
            quote!(#ty)
        }
    }
}

/// Whether `Default::default()` exists for the type (so a struct holding it may derive it).
pub(crate) fn has_default(api: &Api, ty: &TypeRef) -> bool {
    fn named(api: &Api, id: crate::ir::TypeId, visiting: &mut Vec<crate::ir::TypeId>) -> bool {
        if visiting.contains(&id) {
            return true;
        }
        visiting.push(id);
        let result = match &api.ty(id).kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .all(|f| !f.required || f.nullable || of(api, &f.ty, visiting)),
            // A single-value enum (a constant) defaults to its value.
            TypeKind::Enum(e) => e.variants.len() == 1,
            TypeKind::Union(_) | TypeKind::External(_) => false,
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => of(api, ty, visiting),
        };
        visiting.pop();
        result
    }
    fn of(api: &Api, ty: &TypeRef, visiting: &mut Vec<crate::ir::TypeId>) -> bool {
        match ty {
            TypeRef::Named(id) => named(api, *id, visiting),
            // Not every crate's type has one (`url::Url`).
            TypeRef::Formatted(_) => false,
            _ => true,
        }
    }
    of(api, ty, &mut Vec::new())
}
