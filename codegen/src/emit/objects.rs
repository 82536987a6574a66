//! How a struct field holds its property, and the serde impls of a struct of named
//! properties: a `json_object!` call that lists the fields for the runtime's macro (a
//! derive would expand a field visitor, a sequence reader and a map reader into every
//! struct, which is most of the time it takes to check a generated crate).

use super::{ident, prelude, type_tokens, Std, TypePath};
use crate::ir::{Api, Field, Presence, TypeKind, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The field's Rust type: its value type, boxed where it closes a cycle, wrapped as
/// [`Field::presence`] says.
pub(crate) fn field_type(api: &Api, field: &Field) -> TokenStream {
    let mut ty = type_tokens(api, &field.ty, TypePath::Local);
    if field.boxed {
        let boxed = prelude(api, Std::Box);
        ty = quote!(#boxed<#ty>);
    }
    let option = prelude(api, Std::Option);
    match field.presence() {
        Presence::Required => ty,
        Presence::Optional | Presence::OptionalPresent => quote!(#option<#ty>),
        Presence::OptionalNullable => quote!(#option<#option<#ty>>),
    }
}

/// Whether the field holds a constant (see [`crate::ir::Enum::constant`]): an absent
/// one reads as the constant, which serialization writes in any case.
pub(crate) fn holds_constant(api: &Api, field: &Field) -> bool {
    field.presence() == Presence::Required
        && matches!(&field.ty, TypeRef::Named(id) if matches!(
            &api.ty(*id).kind, TypeKind::Enum(e) if e.constant_value().is_some()
        ))
}

/// What an absent property means to `json_object!` and whether `None` is written, for a
/// field without a schema default.
pub(crate) fn field_mode(field: &Field) -> TokenStream {
    match field.presence() {
        Presence::Required => quote!(required),
        // Required but nullable: written as `null` rather than left out.
        Presence::Optional if field.required => quote!(nullable),
        Presence::Optional => quote!(optional),
        Presence::OptionalPresent | Presence::OptionalNullable => quote!(present),
    }
}

/// `Serialize` and `Deserialize` for a struct of named properties: `json_object!` (the
/// runtime's) with each field, its wire name and what an absent property means (a
/// required one is an error unless `default` gives the path of the function that fills
/// it in) and whether `None` is written.
pub(crate) fn object_impls(
    api: &Api,
    name: &Ident,
    fields: &[Field],
    default: impl Fn(&Field) -> Option<TokenStream>,
) -> TokenStream {
    let entries = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let wire = &field.wire_name;
        let mode = match default(field) {
            Some(function) if field.presence() == Presence::Required => {
                quote!(default(#function))
            }
            // The unit struct's value; written as any required field.
            None if holds_constant(api, field) => quote!(constant),
            _ => field_mode(field),
        };
        quote!(#field_name: #wire #mode,)
    });
    quote! {
        crate::runtime::json_object!(#name { #(#entries)* });
    }
}
