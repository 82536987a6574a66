//! How a struct field holds its property, and the `Deserialize` impl of a struct of
//! named properties: the struct lists its fields for the runtime's `ObjectFields`, and
//! the runtime's one loop reads every object (a derive would expand that loop, a field
//! visitor and a sequence reader into every struct, which is most of the time it takes
//! to check a generated crate).

use super::{ident, type_tokens, TypePath};
use crate::ir::{Api, Field, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// What a field's Rust type says about its property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Presence {
    /// `T`: always there (a missing property is an error, or the schema's default).
    Required,
    /// `Option<T>`: absent or `null` are `None` (optional, or required but nullable).
    Optional,
    /// `Option<T>` of a type that holds `null` itself (any JSON value): absent is
    /// `None`, `null` is `Some(null)`.
    OptionalPresent,
    /// `Option<Option<T>>`: absent, `null` and a value are told apart.
    OptionalNullable,
}

pub(crate) fn presence(field: &Field) -> Presence {
    match (field.required, field.null_needs_option()) {
        (true, false) => Presence::Required,
        (true, true) => Presence::Optional,
        (false, false) if matches!(field.ty, TypeRef::Json | TypeRef::Unit) => {
            Presence::OptionalPresent
        }
        (false, false) => Presence::Optional,
        (false, true) => Presence::OptionalNullable,
    }
}

/// The field's Rust type: its value type, boxed where it closes a cycle, wrapped as
/// [`presence`] says.
pub(crate) fn field_type(api: &Api, field: &Field) -> TokenStream {
    let mut ty = type_tokens(api, &field.ty, TypePath::Local);
    if field.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    match presence(field) {
        Presence::Required => ty,
        Presence::Optional | Presence::OptionalPresent => quote!(::std::option::Option<#ty>),
        Presence::OptionalNullable => {
            quote!(::std::option::Option<::std::option::Option<#ty>>)
        }
    }
}

/// `impl Deserialize for <name>`: each property read into its field; an absent required
/// one is an error unless `default_function` names the schema's default for it.
pub(crate) fn deserialize_impl(
    api: &Api,
    name: &Ident,
    fields: &[Field],
    default_function: impl Fn(&Field) -> Option<Ident>,
) -> TokenStream {
    let type_name = name.to_string();
    let holders = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let ty = field_type(api, field);
        match presence(field) {
            Presence::Required => quote!(#field_name: ::std::option::Option<#ty>),
            _ => quote!(#field_name: #ty),
        }
    });
    let arms = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let wire = &field.wire_name;
        match presence(field) {
            Presence::Optional => quote!(#wire => self.#field_name = map.next_value()?,),
            _ => quote!(
                #wire => self.#field_name = ::std::option::Option::Some(map.next_value()?),
            ),
        }
    });
    let read_body = if fields.is_empty() {
        quote! {
            let _ = (key, map);
            ::std::result::Result::Ok(false)
        }
    } else {
        quote! {
            match key {
                #(#arms)*
                _ => return ::std::result::Result::Ok(false),
            }
            ::std::result::Result::Ok(true)
        }
    };
    let finishes = fields.iter().map(|field| {
        let field_name = ident(&field.name);
        let wire = &field.wire_name;
        let value = match (presence(field), default_function(field)) {
            (Presence::Required, Some(function)) => {
                quote!(self.#field_name.unwrap_or_else(#name::#function))
            }
            (Presence::Required, None) => {
                quote!(self.#field_name.ok_or_else(|| __E::missing_field(#wire))?)
            }
            _ => quote!(self.#field_name),
        };
        quote!(#field_name: #value,)
    });
    // `__`-names: no schema name can shadow them, nor be shadowed by them.
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                #[derive(::std::default::Default)]
                struct __Fields {
                    #(#holders,)*
                }

                impl<'de> crate::runtime::ObjectFields<'de> for __Fields {
                    type Object = #name;
                    const NAME: &'static str = #type_name;

                    fn read<__A: ::serde::de::MapAccess<'de>>(
                        &mut self,
                        key: &str,
                        map: &mut __A,
                    ) -> ::std::result::Result<bool, __A::Error> {
                        #read_body
                    }

                    fn finish<__E: ::serde::de::Error>(self) -> ::std::result::Result<#name, __E> {
                        ::std::result::Result::Ok(#name {
                            #(#finishes)*
                        })
                    }
                }

                crate::runtime::deserialize_object::<__D, __Fields>(deserializer)
            }
        }
    }
}
