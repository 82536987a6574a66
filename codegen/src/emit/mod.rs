//! Stage 5: IR -> token streams, one function per kind of item. No string-pasting of
//! code: every item is built with `quote!` and checked by `syn` when formatted.

pub(crate) mod docs;
mod examples;
mod features;
mod files;
mod mock;
mod objects;
mod operations;
mod security;
mod servers;
mod types;
mod webhooks;

pub use docs::DocTexts;
pub(crate) use files::{copy_header, source_header};
pub use files::{emit_files, Contents, CrateInfo, EmittedFile, GeneratedFile};
pub(crate) use files::{Emitted, Layout, Printed, Unit};

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
    let (module, name, variant_of) = std_path(item);
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

/// A std prelude item by its bare name, for code outside the types module: no name of
/// the document's is declared there, so none can shadow it.
pub(crate) fn bare(item: Std) -> TokenStream {
    let name = Ident::new(std_path(item).1, Span::call_site());
    quote!(#name)
}

/// A prelude item as [`prelude`] (in the types module) or [`bare`] (elsewhere) writes it.
fn std_item(api: &Api, item: Std, path: TypePath) -> TokenStream {
    match path {
        TypePath::Local => prelude(api, item),
        TypePath::Crate => bare(item),
    }
}

/// Where a prelude item lives in std: its module, its name, and the enum of a variant.
fn std_path(item: Std) -> (&'static str, &'static str, Option<&'static str>) {
    match item {
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
    }
}

/// Every std prelude item by its [`bare`] name, for code outside the types module that
/// uses several: `let Prelude { some, none, .. } = Prelude::bare();`.
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
    pub(crate) fn bare() -> Self {
        Prelude {
            option: bare(Std::Option),
            some: bare(Std::Some),
            none: bare(Std::None),
            string: bare(Std::String),
            vec: bare(Std::Vec),
            result: bare(Std::Result),
            ok: bare(Std::Ok),
            err: bare(Std::Err),
            to_string_trait: bare(Std::ToString),
            into_trait: bare(Std::Into),
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
        TypeRef::String => std_item(api, Std::String, path),
        TypeRef::Integer(width) => {
            let name = Ident::new(width.rust_name(), Span::call_site());
            quote!(#name)
        }
        TypeRef::Number(FloatWidth::F32) => quote!(f32),
        TypeRef::Number(FloatWidth::F64) => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Array(item) => {
            let item = type_tokens(api, item, path);
            let vec = std_item(api, Std::Vec, path);
            quote!(#vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(api, value, path);
            let string = std_item(api, Std::String, path);
            quote!(::std::collections::BTreeMap<#string, #value>)
        }
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::JsonObject => {
            let string = std_item(api, Std::String, path);
            quote!(::serde_json::Map<#string, ::serde_json::Value>)
        }
        TypeRef::Unit => quote!(()),
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(api, inner, path);
            let option = std_item(api, Std::Option, path);
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

#[cfg(test)]
mod tests {
    //! One rule a test: a small document in, one emitted item out (printed).

    use crate::ir::Api;
    use crate::test_support::{api_of, printed};

    /// The printed items of the type called `name`.
    fn type_text(api: &Api, name: &str) -> String {
        let id = (api.type_ids())
            .find(|&id| api.ty(id).name == name)
            .unwrap_or_else(|| panic!("no type {name}"));
        printed(|| super::types::type_items(api, &[id]))
    }

    /// The printed items of the operation at `index`.
    fn operation_text(api: &Api, index: usize) -> String {
        printed(|| super::operations::operation_items(api, &[index]))
    }

    const SHOP: &str = r##"
openapi: 3.0.3
info: {title: Shop, version: "1"}
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      deprecated: true
      parameters:
        - {name: petId, in: path, required: true, schema: {type: integer, format: int64}}
        - {name: fields, in: query, schema: {type: array, items: {type: string}}}
      responses:
        "200":
          description: The pet.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
components:
  schemas:
    Pet:
      type: object
      required: [id, label]
      properties:
        id: {type: integer, format: int64}
        label: {type: string, default: none}
        note: {type: string, nullable: true}
    Shape:
      oneOf:
        - type: object
          required: [kind, radius]
          properties:
            kind: {type: string, enum: [circle]}
            radius: {type: number}
        - type: object
          required: [kind, side]
          properties:
            kind: {type: string, enum: [square]}
            side: {type: number}
      discriminator: {propertyName: kind}
"##;

    #[test]
    fn a_required_field_with_a_schema_default_gets_a_default_function() {
        let text = type_text(&api_of(SHOP), "Pet");
        assert!(
            text.contains(
                "pub fn default_label() -> String {\n        String::from(\"none\")\n    }"
            ),
            "{text}"
        );
        assert!(
            text.contains("label: \"label\" default(Pet::default_label),"),
            "{text}"
        );
        // Optional and nullable: absent, `null` and a value are three states.
        assert!(text.contains("pub note: Option<Option<String>>,"), "{text}");
        assert!(text.contains("note: \"note\" present,"), "{text}");
    }

    #[test]
    fn a_tagged_union_of_an_inline_object_is_a_struct_variant_with_a_catch_all() {
        let text = type_text(&api_of(SHOP), "Shape");
        assert!(text.contains("    Circle { radius: f64 },"), "{text}");
        assert!(text.contains("    Square { side: f64 },"), "{text}");
        assert!(text.contains("    Unknown(::serde_json::Value),"), "{text}");
        assert!(
            text.contains("map.serialize_entry(\"kind\", \"circle\")?;"),
            "{text}"
        );
    }

    #[test]
    fn optional_parameters_go_in_a_params_struct_and_a_deprecated_operation_is_deprecated() {
        let text = operation_text(&api_of(SHOP), 0);
        assert!(text.contains("pub struct GetPetParams {"), "{text}");
        assert!(text.contains("pub fields: Option<Vec<String>>,"), "{text}");
        assert!(
            text.contains("#[deprecated]\n    pub async fn get_pet("),
            "{text}"
        );
        assert!(
            text.contains("pet_id: i64,\n        params: &GetPetParams,"),
            "{text}"
        );
    }

    #[test]
    fn a_struct_without_default_gets_a_constructor_of_its_required_fields() {
        let document = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Job:
      type: object
      required: [format, name, retries]
      properties:
        format: {type: string, enum: [pdf, png]}
        name: {type: string}
        retries: {type: integer, default: 3}
        note: {type: string}
"##;
        let text = type_text(&api_of(document), "Job");
        assert!(
            text.contains("pub fn new(format: JobFormat, name: String) -> Self {"),
            "{text}"
        );
        assert!(text.contains("retries: Self::default_retries(),"), "{text}");
        assert!(text.contains("note: Default::default(),"), "{text}");
        // A struct with `Default` has none.
        assert!(!type_text(&api_of(SHOP), "Pet").contains("fn new("));
        // Nor one whose only required field without a `Default` has a schema default:
        // it gets `Default`, written out (`new()` would be clippy's `new_without_default`).
        let defaulted = document.replace(
            "required: [format, name, retries]",
            "required: [format, retries]",
        );
        let defaulted = defaulted.replace(
            "format: {type: string, enum: [pdf, png]}",
            "format: {type: string, enum: [pdf, png], default: png}",
        );
        let text = type_text(&api_of(&defaulted), "Job");
        assert!(!text.contains("fn new("), "{text}");
        assert!(text.contains("impl Default for Job {"), "{text}");
        assert!(text.contains("format: Self::default_format(),"), "{text}");
    }
}
