//! The `types` module: one item per named type of the IR.

use super::docs::{doc_attrs, item_paragraphs};
use super::{has_default, ident, type_tokens, TypePath};
use crate::ir::{Api, Enum, Field, Struct, TypeDef, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// One token stream per type, labelled with the type name for error reports.
pub(crate) fn type_items(api: &Api) -> Vec<(String, TokenStream)> {
    file_order(api)
        .into_iter()
        .map(|index| {
            let def = &api.types[index];
            let tokens = match &def.kind {
                TypeKind::Struct(s) => struct_item(api, index, def, s),
                TypeKind::Enum(e) => enum_items(def, e),
                TypeKind::Alias(ty) => alias_item(api, def, ty),
            };
            (def.name.clone(), tokens)
        })
        .collect()
}

/// Each component schema followed by the inline types it contains, in document order;
/// then the types named by operations. A change inside one schema stays in one place.
fn file_order(api: &Api) -> Vec<usize> {
    let mut order = Vec::with_capacity(api.types.len());
    let mut placed = vec![false; api.types.len()];
    for (index, def) in api.types.iter().enumerate() {
        if placed[index] || !def.origin.starts_with("#/components/") {
            continue;
        }
        let prefix = format!("{}/", def.origin);
        order.push(index);
        placed[index] = true;
        for (inner, inner_def) in api.types.iter().enumerate() {
            if !placed[inner] && inner_def.origin.starts_with(&prefix) {
                order.push(inner);
                placed[inner] = true;
            }
        }
    }
    order.extend((0..api.types.len()).filter(|index| !placed[*index]));
    order
}

fn type_docs(def: &TypeDef) -> TokenStream {
    let mut docs = def.docs.clone();
    if docs.title.as_deref() == Some(def.name.as_str()) {
        docs.title = None;
    }
    let mut paragraphs = item_paragraphs(&docs);
    paragraphs.push(format!("Schema: `{}`", def.origin));
    doc_attrs(paragraphs)
}

fn struct_item(api: &Api, index: usize, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let default = if has_default(api, &TypeRef::Named(crate::ir::TypeId(index))) {
        quote!(, ::std::default::Default)
    } else {
        TokenStream::new()
    };
    let fields = s.fields.iter().map(|field| struct_field(api, field));
    quote! {
        #docs
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::serde::Serialize,
            ::serde::Deserialize
            #default
        )]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// A field says what the wire can: required, optional (absent), nullable (`null`), or
/// optional and nullable (absent, `null` or a value: `Option<Option<T>>`).
fn struct_field(api: &Api, field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let mut ty = type_tokens(api, &field.ty, TypePath::Local);
    if field.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    let holds_null = matches!(field.ty, TypeRef::Json | TypeRef::Unit);
    let mut serde_args: Vec<TokenStream> = Vec::new();
    if ident_wire_name(&field.name) != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    let ty = match (field.required, field.nullable && !holds_null) {
        (true, false) => ty,
        (true, true) => {
            // Lenient on decode: a missing required-nullable field reads as `null`.
            serde_args.push(quote!(default));
            quote!(::std::option::Option<#ty>)
        }
        (false, false) => {
            serde_args.push(quote!(default));
            serde_args.push(quote!(
                skip_serializing_if = "::std::option::Option::is_none"
            ));
            quote!(::std::option::Option<#ty>)
        }
        (false, true) => {
            serde_args.push(quote!(default));
            serde_args.push(quote!(
                skip_serializing_if = "::std::option::Option::is_none"
            ));
            serde_args.push(quote!(
                deserialize_with = "crate::runtime::deserialize_nullable"
            ));
            quote!(::std::option::Option<::std::option::Option<#ty>>)
        }
    };
    let serde_attr = if serde_args.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#serde_args),*)])
    };
    let mut paragraphs = item_paragraphs(&field.docs);
    if !field.required && field.nullable && !holds_null {
        paragraphs.push(
            "`None` leaves the field out, `Some(None)` sends `null`, `Some(Some(v))` a value."
                .to_owned(),
        );
    }
    let docs = doc_attrs(paragraphs);
    quote! {
        #docs
        #serde_attr
        pub #name: #ty,
    }
}

/// The name serde would use for a field called `name` (raw identifiers lose `r#`).
fn ident_wire_name(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

fn enum_items(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let variants = e.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire_value;
        let doc = format!(" `{}`", wire.replace('`', "'"));
        quote! {
            #[doc = #doc]
            #[serde(rename = #wire)]
            #variant_name,
        }
    });
    let arms = e.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let wire = &variant.wire_value;
        quote!(Self::#variant_name => #wire,)
    });
    quote! {
        #docs
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::std::cmp::Eq,
            ::std::hash::Hash,
            ::serde::Serialize,
            ::serde::Deserialize
        )]
        pub enum #name {
            #(#variants)*
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn alias_item(api: &Api, def: &TypeDef, ty: &TypeRef) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let target = type_tokens(api, ty, TypePath::Local);
    quote! {
        #docs
        pub type #name = #target;
    }
}
