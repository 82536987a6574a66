//! The `types` module: one item per named type of the IR.

use super::docs::{doc_attr, doc_attrs, item_paragraphs};
use super::objects::{field_type, holds_constant, object_impls};
use super::{has_default, ident, type_tokens, TypePath};
use super::{prelude, Std};
use crate::ir::{
    Api, Enum, EnumRepr, Field, FloatWidth, IntegerWidth, PerType, Presence, Struct, TypeDef,
    TypeId, TypeKind, TypeRef, Union, UnionVariant, Variant,
};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// One token stream per type of `types` (a share of [`file_order`]), labelled with the
/// type name for error reports.
pub(crate) fn type_items(api: &Api, types: &[TypeId]) -> Vec<(String, TokenStream)> {
    types
        .iter()
        .map(|&id| {
            let def = api.ty(id);
            let tokens = match &def.kind {
                TypeKind::Struct(s) => struct_item(api, id, def, s),
                TypeKind::Enum(e) => enum_items(api, def, e),
                TypeKind::Union(u) => union_items(api, def, u),
                TypeKind::Alias(ty) => alias_item(api, def, ty),
                TypeKind::Newtype(ty) => newtype_item(api, id, def, ty),
                TypeKind::External(_) => TokenStream::new(),
            };
            (def.name.clone(), tokens)
        })
        .collect()
}

/// Each component schema followed by the inline types it contains, in document order;
/// then the types named by operations. A change inside one schema stays in one place.
pub(crate) fn file_order(api: &Api) -> Vec<TypeId> {
    let mut order = Vec::with_capacity(api.types.len());
    let mut placed = PerType::new(api, false);
    for id in api.type_ids() {
        let def = api.ty(id);
        if placed[id] || !def.origin.starts_with("#/components/") {
            continue;
        }
        let prefix = format!("{}/", def.origin);
        order.push(id);
        placed[id] = true;
        for inner in api.type_ids() {
            if !placed[inner] && api.ty(inner).origin.starts_with(&prefix) {
                order.push(inner);
                placed[inner] = true;
            }
        }
    }
    order.extend(api.type_ids().filter(|id| !placed[*id]));
    order
}

fn type_docs(def: &TypeDef) -> TokenStream {
    doc_attrs(type_paragraphs(def))
}

/// The paragraphs of a type's docs: its schema's prose, then where the schema is.
fn type_paragraphs(def: &TypeDef) -> Vec<String> {
    let mut docs = def.docs.clone();
    if docs.title.as_deref() == Some(def.name.as_str()) {
        docs.title = None;
    }
    let mut paragraphs = item_paragraphs(&docs);
    paragraphs.push(format!("Schema: `{}`", def.origin));
    paragraphs
}

/// A required field whose schema gives a default: serde fills it in when the field is
/// absent (through `function`), and `Default` starts from it.
struct SpecDefault<'a> {
    field: &'a Field,
    function: proc_macro2::Ident,
    value: TokenStream,
}

fn spec_defaults<'a>(api: &Api, s: &'a Struct) -> Vec<SpecDefault<'a>> {
    (s.fields.iter())
        .filter_map(|field| {
            let value = default_value(api, field)?;
            let function = quote::format_ident!("default_{}", field.name.trim_start_matches("r#"));
            Some(SpecDefault {
                field,
                function,
                value,
            })
        })
        .collect()
}

/// The function giving `field`'s schema default, if it has one.
fn default_function<'a>(
    defaults: &'a [SpecDefault<'_>],
    field: &Field,
) -> Option<&'a proc_macro2::Ident> {
    (defaults.iter())
        .find(|d| std::ptr::eq(d.field, field))
        .map(|d| &d.function)
}

fn struct_item(api: &Api, id: TypeId, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let default = has_default(api, &TypeRef::Named(id));
    let defaults = spec_defaults(api, s);
    // Extra properties are read by serde's `flatten`, so such structs derive it; the
    // others get the runtime's lighter reader.
    let derived = s.additional.is_some();
    let fields = s.fields.iter().map(|field| {
        let function = default_function(&defaults, field).map(|f| format!("{}::{f}", def.name));
        struct_field(api, field, function.as_deref(), derived)
    });
    let additional = s.additional.as_ref().map(|a| additional_field(api, a));
    let derives = serde_derives(default && defaults.is_empty(), derived, def);
    let serde_impls = if derived {
        TokenStream::new()
    } else {
        object_impls(api, &name, &s.fields, |field| {
            default_function(&defaults, field).map(|function| quote!(#name::#function))
        })
    };
    let functions = default_functions(api, &name, &defaults);
    // Without a derivable `Default`, every field may still have one (a required enum
    // with a schema default): then `Default` is written out; else a constructor takes
    // the required fields.
    let needs_argument =
        |field: &Field| is_argument(api, &defaults, field) && !has_default(api, &field.ty);
    let every_field_defaults = !s.fields.iter().any(needs_argument);
    let (default_impl, constructor) = match (default, every_field_defaults) {
        (true, _) if defaults.is_empty() => (TokenStream::new(), TokenStream::new()),
        (true, _) | (false, true) => (default_impl(api, &name, s, &defaults), TokenStream::new()),
        (false, false) => (TokenStream::new(), constructor(api, &name, s, &defaults)),
    };
    quote! {
        #docs
        #derives
        pub struct #name {
            #(#fields)*
            #additional
        }

        #serde_impls

        #functions

        #default_impl

        #constructor
    }
}

/// Whether `new` takes `field`: a required one without a schema default and not a
/// constant (no choice of the caller's).
fn is_argument(api: &Api, defaults: &[SpecDefault<'_>], field: &Field) -> bool {
    field.required
        && !field.nullable
        && !holds_constant(api, field)
        && default_function(defaults, field).is_none()
}

/// `Name::new(required..)` for a struct without `Default` (whose literal cannot end in
/// `..Default::default()`): an argument per required field without a schema default,
/// every other field left out or at its schema default.
fn constructor(
    api: &Api,
    name: &proc_macro2::Ident,
    s: &Struct,
    defaults: &[SpecDefault<'_>],
) -> TokenStream {
    let takes = |field: &Field| is_argument(api, defaults, field);
    let arguments: Vec<TokenStream> = (s.fields.iter().filter(|f| takes(f)))
        .map(|field| {
            let field_name = ident(&field.name);
            let ty = field_type(api, field);
            quote!(#field_name: #ty)
        })
        .collect();
    let literal = struct_literal(api, s, defaults, takes);
    let many = (arguments.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let doc = doc_attr(
        " The required fields; every other one is left out or at its schema default.".to_owned(),
    );
    quote! {
        impl #name {
            #doc
            #many
            pub fn new(#(#arguments),*) -> Self {
                #literal
            }
        }
    }
}

/// The field that keeps the properties a struct does not name.
fn additional_field(api: &Api, additional: &crate::ir::AdditionalFields) -> TokenStream {
    let field = ident(&additional.name);
    let string = prelude(api, Std::String);
    let ty = match &additional.value {
        TypeRef::Json => quote!(::serde_json::Map<#string, ::serde_json::Value>),
        value => {
            let value = type_tokens(api, value, TypePath::Local);
            quote!(::std::collections::BTreeMap<#string, #value>)
        }
    };
    quote! {
        /// Properties beyond the named ones.
        #[serde(flatten)]
        pub #field: #ty,
    }
}

/// `impl Name { pub fn default_x() -> T { .. } }`, one function per schema default.
fn default_functions(
    api: &Api,
    name: &proc_macro2::Ident,
    defaults: &[SpecDefault<'_>],
) -> TokenStream {
    if defaults.is_empty() {
        return TokenStream::new();
    }
    let functions = defaults.iter().map(|d| {
        let (function, value) = (&d.function, &d.value);
        let ty = type_tokens(api, &d.field.ty, TypePath::Local);
        let doc = doc_attr(format!(
            " The schema's default for `{}`.",
            d.field.wire_name.replace('`', "'")
        ));
        quote! {
            #doc
            pub fn #function() -> #ty {
                #value
            }
        }
    });
    quote! {
        impl #name {
            #(#functions)*
        }
    }
}

/// `Default` starting from the schema's defaults.
fn default_impl(
    api: &Api,
    name: &proc_macro2::Ident,
    s: &Struct,
    defaults: &[SpecDefault<'_>],
) -> TokenStream {
    let default_trait = prelude(api, Std::Default);
    let literal = struct_literal(api, s, defaults, |_| false);
    quote! {
        impl #default_trait for #name {
            fn default() -> Self {
                #literal
            }
        }
    }
}

/// `Self { .. }`: the fields `given` says are in scope by their names, the others at
/// their schema default or `Default::default()`.
fn struct_literal(
    api: &Api,
    s: &Struct,
    defaults: &[SpecDefault<'_>],
    given: impl Fn(&Field) -> bool,
) -> TokenStream {
    let default_trait = prelude(api, Std::Default);
    let initializers = s.fields.iter().map(|field| {
        let field_name = ident(&field.name);
        match (given(field), default_function(defaults, field)) {
            (true, _) => quote!(#field_name),
            (false, Some(function)) => quote!(#field_name: Self::#function()),
            (false, None) => quote!(#field_name: #default_trait::default()),
        }
    });
    let additional = s.additional.as_ref().map(|additional| {
        let field_name = ident(&additional.name);
        quote!(#field_name: #default_trait::default(),)
    });
    quote! {
        Self {
            #(#initializers,)*
            #additional
        }
    }
}

/// A suffixed literal of an integer `width` holds (checked by the caller).
fn integer_literal(width: IntegerWidth, value: &serde_json::Value) -> Option<Literal> {
    let (signed, unsigned) = (value.as_i64(), value.as_u64());
    Some(match width {
        IntegerWidth::I8 => Literal::i8_suffixed(i8::try_from(signed?).ok()?),
        IntegerWidth::I16 => Literal::i16_suffixed(i16::try_from(signed?).ok()?),
        IntegerWidth::I32 => Literal::i32_suffixed(i32::try_from(signed?).ok()?),
        IntegerWidth::I64 => Literal::i64_suffixed(signed?),
        IntegerWidth::U8 => Literal::u8_suffixed(u8::try_from(unsigned?).ok()?),
        IntegerWidth::U16 => Literal::u16_suffixed(u16::try_from(unsigned?).ok()?),
        IntegerWidth::U32 => Literal::u32_suffixed(u32::try_from(unsigned?).ok()?),
        IntegerWidth::U64 => Literal::u64_suffixed(unsigned?),
    })
}

/// A required field's schema default as a Rust expression, when the field's type can
/// hold it as a literal.
fn default_value(api: &Api, field: &Field) -> Option<TokenStream> {
    use serde_json::Value;
    if !field.required || field.nullable || field.boxed {
        return None;
    }
    Some(match (&field.ty, field.docs.default.as_ref()?) {
        (TypeRef::String, Value::String(text)) => {
            let string = prelude(api, Std::String);
            quote!(#string::from(#text))
        }
        (TypeRef::Boolean, Value::Bool(flag)) => quote!(#flag),
        (TypeRef::Integer(width), value @ Value::Number(_)) => {
            let literal = integer_literal(*width, value)?;
            quote!(#literal)
        }
        (TypeRef::Number(FloatWidth::F64), Value::Number(n)) => {
            let literal = Literal::f64_suffixed(n.as_f64()?);
            quote!(#literal)
        }
        // A default beyond `f32`'s range has no literal (it would be infinite).
        (TypeRef::Number(FloatWidth::F32), Value::Number(n)) => {
            let value = Some(n.as_f64()? as f32).filter(|v| v.is_finite())?;
            let literal = Literal::f32_suffixed(value);
            quote!(#literal)
        }
        (TypeRef::Named(id), Value::String(text)) => {
            let TypeKind::Enum(e) = &api.ty(*id).kind else {
                return None;
            };
            let variant = e.variants.iter().find(|v| &v.wire_value == text)?;
            let enum_name = ident(&api.ty(*id).name);
            if e.constant_value().is_some() {
                return Some(quote!(#enum_name));
            }
            let variant_name = ident(&variant.name);
            quote!(#enum_name::#variant_name)
        }
        _ => return None,
    })
}

/// The derives of a struct, `Default` where every field has one; serde's when it is
/// `derived` (otherwise `json_object!` writes both impls); then the settings' own.
fn serde_derives(default: bool, derived: bool, def: &TypeDef) -> TokenStream {
    let serde = if derived {
        quote!(, ::serde::Serialize, ::serde::Deserialize)
    } else {
        TokenStream::new()
    };
    let default = if default {
        quote!(, Default)
    } else {
        TokenStream::new()
    };
    let (extra, attributes) = extras(def, &[]);
    quote! {
        #[derive(
            Debug,
            Clone,
            PartialEq
            #serde
            #default
            #extra
        )]
        #attributes
    }
}

/// The settings' derives of a type (`, Hash, schemars::JsonSchema`), less those the item
/// has already (`present`, or those every generated type has), and its attributes.
fn extras(def: &TypeDef, present: &[&str]) -> (TokenStream, TokenStream) {
    const ALWAYS: &[&str] = &[
        "Debug",
        "Clone",
        "PartialEq",
        "Default",
        "Serialize",
        "Deserialize",
    ];
    let derives = (def.extra_derives.iter())
        .filter_map(|derive| syn::parse_str::<syn::Path>(derive).ok())
        .filter(|path| {
            let last = path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .unwrap_or_default();
            !ALWAYS.contains(&last.as_str()) && !present.contains(&last.as_str())
        })
        .map(|path| quote!(, #path));
    let attributes =
        (def.extra_attributes.iter()).filter_map(|attribute| attribute.parse::<TokenStream>().ok());
    (quote!(#(#derives)*), quote!(#(#attributes)*))
}

/// A field says what the wire can: required, optional (absent), nullable (`null`), or
/// optional and nullable (absent, `null` or a value: `Option<Option<T>>`). With
/// `derived` the struct derives serde's traits, which read the field's attribute;
/// otherwise `json_object!` lists what the attribute would say.
fn struct_field(
    api: &Api,
    field: &Field,
    default_function: Option<&str>,
    derived: bool,
) -> TokenStream {
    let name = ident(&field.name);
    let ty = field_type(api, field);
    let serde_attr = if derived {
        derived_field_attr(api, field, default_function)
    } else {
        TokenStream::new()
    };
    let docs = field_docs(field);
    quote! {
        #docs
        #serde_attr
        pub #name: #ty,
    }
}

/// A field's doc attributes: its schema's prose, and what `Option<Option<T>>` means.
fn field_docs(field: &Field) -> TokenStream {
    let mut paragraphs = item_paragraphs(&field.docs);
    if field.presence() == Presence::OptionalNullable {
        paragraphs.push(
            "`None` leaves the field out, `Some(None)` sends `null`, `Some(Some(v))` a value."
                .to_owned(),
        );
    }
    doc_attrs(paragraphs)
}

/// The `#[serde(..)]` attribute of a field of a struct that derives serde's traits.
fn derived_field_attr(api: &Api, field: &Field, default_function: Option<&str>) -> TokenStream {
    let presence = field.presence();
    let mut serde_args: Vec<TokenStream> = Vec::new();
    if field.name.strip_prefix("r#").unwrap_or(&field.name) != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    match (presence, default_function) {
        (Presence::Required, Some(function)) => serde_args.push(quote!(default = #function)),
        (Presence::Required, None) if holds_constant(api, field) => {
            serde_args.push(quote!(default))
        }
        (Presence::Required, None) => {}
        // Lenient on decode: a missing required-nullable field reads as `null`.
        _ => serde_args.push(quote!(default)),
    }
    if !field.required {
        let is_none = format!("{}::is_none", prelude(api, Std::Option)).replace(' ', "");
        serde_args.push(quote!(skip_serializing_if = #is_none));
    }
    match presence {
        Presence::OptionalPresent => serde_args.push(quote!(
            deserialize_with = "crate::runtime::deserialize_present"
        )),
        Presence::OptionalNullable => serde_args.push(quote!(
            deserialize_with = "crate::runtime::deserialize_nullable"
        )),
        Presence::Required | Presence::Optional => {}
    }
    if serde_args.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#serde_args),*)])
    }
}

/// A schema that allows one value: a unit struct, which cannot hold another (a value
/// that says nothing the type does not, such as the tag of a union's variant).
fn constant_item(def: &TypeDef, repr: EnumRepr, only: &Variant) -> TokenStream {
    let name = ident(&def.name);
    let mut paragraphs = type_paragraphs(def);
    // After the schema's prose, before where the schema is.
    paragraphs.insert(
        paragraphs.len() - 1,
        format!(
            "Always `{}`: written on every request, checked on every reply.",
            only.wire_value.replace('`', "'")
        ),
    );
    let docs = doc_attrs(paragraphs);
    let (listing, value) = match repr {
        EnumRepr::String => {
            let wire = &only.wire_value;
            (quote!(wire_constant), quote!(#wire))
        }
        EnumRepr::Integer => {
            let literal = Literal::i64_unsuffixed(only.wire_value.parse().unwrap_or_default());
            (quote!(wire_int_constant), quote!(#literal))
        }
    };
    let (extra, attributes) = extras(def, &["Copy", "Eq", "Hash"]);
    quote! {
        #docs
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            Default
            #extra
        )]
        #attributes
        pub struct #name;

        crate::runtime::#listing!(#name = #value);
    }
}

/// An enum with a catch-all variant, so a value added by a newer server decodes.
fn enum_items(api: &Api, def: &TypeDef, e: &Enum) -> TokenStream {
    if let Some(only) = e.constant_value() {
        return constant_item(def, e.repr, only);
    }
    let default_trait = prelude(api, Std::Default);
    let name = ident(&def.name);
    let docs = type_docs(def);
    let unknown = ident(&e.unknown);
    let variant_names: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let variant_docs = e
        .variants
        .iter()
        .map(|v| doc_attr(format!(" `{}`", v.wire_value.replace('`', "'"))));
    let literals: Vec<TokenStream> = e
        .variants
        .iter()
        .map(|v| match e.repr {
            EnumRepr::String => {
                let wire = &v.wire_value;
                quote!(#wire)
            }
            EnumRepr::Integer => {
                let literal = Literal::i64_unsuffixed(v.wire_value.parse().unwrap_or_default());
                quote!(#literal)
            }
        })
        .collect();
    let (payload, listing) = match e.repr {
        EnumRepr::String => (prelude(api, Std::String), quote!(wire_enum)),
        EnumRepr::Integer => (quote!(i64), quote!(wire_int_enum)),
    };
    let default = match e.variants.as_slice() {
        [only] => {
            let only = ident(&only.name);
            quote! {
                /// The only value the schema allows.
                impl #default_trait for #name {
                    fn default() -> Self {
                        Self::#only
                    }
                }
            }
        }
        _ => TokenStream::new(),
    };
    let (extra, attributes) = extras(def, &["Eq", "Hash"]);
    quote! {
        #docs
        #[derive(
            Debug,
            Clone,
            PartialEq,
            Eq,
            Hash
            #extra
        )]
        #attributes
        pub enum #name {
            #(
                #variant_docs
                #variant_names,
            )*
            /// A value this version of the client does not know (a newer server may send one).
            #unknown(#payload),
        }

        crate::runtime::#listing!(#name {
            #(#literals => #variant_names,)*
            _ => #unknown,
        });

        #default
    }
}

fn union_items(api: &Api, def: &TypeDef, u: &Union) -> TokenStream {
    let payloads: Vec<TokenStream> = (u.variants.iter())
        .map(|v| {
            let ty = type_tokens(api, &v.ty, TypePath::Local);
            if v.boxed {
                let boxed = prelude(api, Std::Box);
                quote!(#boxed<#ty>)
            } else {
                ty
            }
        })
        .collect();
    match &u.tag {
        Some(tag) => tagged_union(api, def, u, tag, &payloads),
        None => untagged_union(api, def, u, &payloads),
    }
}

/// The variants follow the document, whatever their sizes and names.
fn union_allow() -> TokenStream {
    quote!(#[allow(clippy::large_enum_variant, clippy::enum_variant_names)])
}

/// A union told apart by shape: the variant that keeps most of the JSON wins.
fn untagged_union(api: &Api, def: &TypeDef, u: &Union, payloads: &[TokenStream]) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let variant_names: Vec<_> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let result = prelude(api, Std::Result);
    let allow = union_allow();
    let (extra, attributes) = extras(def, &[]);
    quote! {
        #docs
        #allow
        #[derive(
            Debug,
            Clone,
            PartialEq,
            ::serde::Serialize
            #extra
        )]
        #attributes
        #[serde(untagged)]
        pub enum #name {
            #(#variant_names(#payloads),)*
        }

        /// The variant that keeps most of the JSON wins; on a tie, the first listed.
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> #result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                crate::runtime::decode_best(&value, &[
                    #(
                        &|value| crate::runtime::decode_candidate(value)
                            .map(|(loss, decoded)| (loss, Self::#variant_names(decoded))),
                    )*
                ])
                .ok_or_else(|| {
                    <D::Error as ::serde::de::Error>::custom(format!(
                        "data matches no variant of {}",
                        stringify!(#name)
                    ))
                })
            }
        }
    }
}

/// A union told apart by the property `tag`, written once; an unknown tag keeps the
/// JSON in the catch-all variant.
fn tagged_union(
    api: &Api,
    def: &TypeDef,
    u: &Union,
    tag: &str,
    payloads: &[TokenStream],
) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let (result, ok) = (prelude(api, Std::Result), prelude(api, Std::Ok));
    let allow = union_allow();
    let (extra, attributes) = extras(def, &[]);
    let unknown = ident(&u.unknown);
    let definitions = (u.variants.iter())
        .zip(payloads)
        .map(|(v, payload)| tagged_variant(api, tag, v, payload));
    let serialize_arms = u.variants.iter().map(|v| serialize_arm(api, tag, v));
    let deserialize_arms = deserialize_arms(api, def, u);
    quote! {
        #docs
        #allow
        #[derive(Debug, Clone, PartialEq #extra)]
        #attributes
        pub enum #name {
            #(#definitions)*
            /// A variant this version of the client does not know, kept as received.
            #unknown(::serde_json::Value),
        }

        impl ::serde::Serialize for #name {
            fn serialize<S>(&self, serializer: S) -> #result<S::Ok, S::Error>
            where
                S: ::serde::Serializer,
            {
                match self {
                    #(#serialize_arms)*
                    Self::#unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> #result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                match value.get(#tag).and_then(::serde_json::Value::as_str) {
                    #(#deserialize_arms)*
                    _ => {
                        crate::runtime::note_catch_all();
                        #ok(Self::#unknown(value))
                    }
                }
            }
        }
    }
}

/// A variant of a tagged union: a struct variant of the object's fields, or one that
/// wraps its type; documented with its tag values.
fn tagged_variant(api: &Api, tag: &str, v: &UnionVariant, payload: &TokenStream) -> TokenStream {
    let name = ident(&v.name);
    let mut paragraphs = vec![format!(
        "`{tag}: {}`",
        v.tag_values.join(" | ").replace('`', "'")
    )];
    let Some(fields) = &v.fields else {
        let docs = doc_attrs(paragraphs);
        return quote!(#docs #name(#payload),);
    };
    paragraphs.extend(item_paragraphs(&v.docs));
    let docs = doc_attrs(paragraphs);
    let fields = fields.iter().map(|field| variant_field(api, field));
    quote! {
        #docs
        #name {
            #(#fields)*
        },
    }
}

/// The `match` arm that writes a variant: its first tag value, then its fields.
fn serialize_arm(api: &Api, tag: &str, v: &UnionVariant) -> TokenStream {
    let (some, none) = (prelude(api, Std::Some), prelude(api, Std::None));
    let name = ident(&v.name);
    let first = v.tag_values.first().map_or("", String::as_str);
    let Some(fields) = &v.fields else {
        return quote! {
            Self::#name(value) => crate::runtime::serialize_tagged(value, #tag, #first, serializer),
        };
    };
    // Bound by position: a property called `map` names no local.
    let bindings: Vec<_> = (0..fields.len())
        .map(|i| quote::format_ident!("field_{}", i))
        .collect();
    let field_names = fields.iter().map(|f| ident(&f.name));
    let writes = fields.iter().zip(&bindings).map(|(field, binding)| {
        let wire = &field.wire_name;
        match field.presence() {
            // Always written, `None` as `null` for a required nullable one.
            Presence::Required => quote!(map.serialize_entry(#wire, #binding)?;),
            Presence::Optional if field.required => {
                quote!(map.serialize_entry(#wire, #binding)?;)
            }
            _ => quote! {
                if let #some(value) = #binding {
                    map.serialize_entry(#wire, value)?;
                }
            },
        }
    });
    quote! {
        Self::#name { #(#field_names: #bindings),* } => {
            use ::serde::ser::SerializeMap;
            let mut map = serializer.serialize_map(#none)?;
            map.serialize_entry(#tag, #first)?;
            #(#writes)*
            map.end()
        }
    }
}

/// The `match` arms that read the variants: one per variant for the tag values it
/// alone has, one per set of variants sharing values, which the shape tells apart
/// (the variant that keeps most of the JSON wins, as in an untagged union).
fn deserialize_arms(api: &Api, def: &TypeDef, u: &Union) -> Vec<TokenStream> {
    let (some, result) = (prelude(api, Std::Some), prelude(api, Std::Result));
    // Tag values in the order the variants list them, each with the variants having it.
    let mut holders: Vec<(&String, Vec<usize>)> = Vec::new();
    for (index, variant) in u.variants.iter().enumerate() {
        for value in &variant.tag_values {
            match holders.iter_mut().find(|(known, _)| *known == value) {
                Some((_, variants)) => variants.push(index),
                None => holders.push((value, vec![index])),
            }
        }
    }
    let mut groups: Vec<(Vec<&String>, Vec<usize>)> = Vec::new();
    for (value, variants) in holders {
        match groups.iter_mut().find(|(_, known)| *known == variants) {
            Some((values, _)) => values.push(value),
            None => groups.push((vec![value], variants)),
        }
    }
    let name = &def.name;
    groups
        .into_iter()
        .map(|(values, variants)| {
            let read = match variants.as_slice() {
                // A struct variant's statements need a block of their own.
                [one]
                    if u.variants[*one]
                        .fields
                        .as_ref()
                        .is_some_and(|f| !f.is_empty()) =>
                {
                    let read = variant_decoder(api, &u.variants[*one]);
                    return quote!(#some(#(#values)|*) => { #read });
                }
                [one] => variant_decoder(api, &u.variants[*one]),
                _ => {
                    let decoders = variants
                        .iter()
                        .map(|&i| variant_decoder(api, &u.variants[i]));
                    let what = format!(
                        "data matches no variant of {name} for `{}`",
                        values
                            .iter()
                            .map(|v| v.as_str())
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                    quote! {
                        crate::runtime::decode_best(&value, &[
                            #(
                                &|value| crate::runtime::decode_candidate_with(
                                    value,
                                    |value| -> #result<Self, ::serde_json::Error> {
                                        #decoders
                                    },
                                ),
                            )*
                        ])
                        .ok_or_else(|| <D::Error as ::serde::de::Error>::custom(#what))
                    }
                }
            };
            quote!(#some(#(#values)|*) => #read,)
        })
        .collect()
}

/// Reads one variant from `value` (the JSON the tag selected it for).
fn variant_decoder(api: &Api, v: &UnionVariant) -> TokenStream {
    let ok = prelude(api, Std::Ok);
    let name = ident(&v.name);
    let Some(fields) = &v.fields else {
        return quote!(crate::runtime::deserialize_variant(value).map(Self::#name));
    };
    if fields.is_empty() {
        return quote!(#ok(Self::#name {}));
    }
    let reads = fields.iter().map(|field| {
        let name = ident(&field.name);
        let wire = &field.wire_name;
        let take = match field.presence() {
            Presence::Required => quote!(take_required),
            Presence::Optional => quote!(take_optional),
            Presence::OptionalPresent | Presence::OptionalNullable => quote!(take_present),
        };
        quote!(#name: crate::runtime::#take(&mut object, #wire)?,)
    });
    quote! {
        let mut object = crate::runtime::variant_object(value)?;
        #ok(Self::#name { #(#reads)* })
    }
}

/// A field of a struct variant: its docs, its name and type (no `pub`: an enum's fields
/// are as public as the enum).
fn variant_field(api: &Api, field: &Field) -> TokenStream {
    let name = ident(&field.name);
    let ty = field_type(api, field);
    let docs = field_docs(field);
    quote! {
        #docs
        #name: #ty,
    }
}

fn newtype_item(api: &Api, id: TypeId, def: &TypeDef, ty: &TypeRef) -> TokenStream {
    let name = ident(&def.name);
    let docs = type_docs(def);
    let inner = type_tokens(api, ty, TypePath::Local);
    let default = has_default(api, &TypeRef::Named(id));
    let derives = serde_derives(default, true, def);
    quote! {
        #docs
        #derives
        #[serde(transparent)]
        pub struct #name(pub #inner);
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
