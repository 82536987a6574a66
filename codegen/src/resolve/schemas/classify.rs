//! What a schema is, read from its keywords (`Kind`), its format and docs, and the
//! enums its values make; helpers that look through `null` branches.

use super::Shape;
use crate::ir::{Docs, Enum, EnumRepr, FloatWidth, IntegerWidth, TypeKind, TypeRef, Variant};
use crate::naming::{camel_ident, Scope};
use crate::normalize::NULL_TYPE_EXTENSION;
use crate::resolve::pointer::SchemaRef;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaData,
    SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::BTreeSet;

/// The one structural view of a schema, whichever way `openapiv3` parsed it.
pub(super) enum Kind<'s> {
    String(Vec<String>),
    Integer(IntegerWidth, Vec<i64>),
    Number(FloatWidth),
    Boolean,
    Object {
        properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'s [String],
        additional: Option<&'s AdditionalProperties>,
    },
    Array(Option<&'s ReferenceOr<Box<Schema>>>),
    AllOf(&'s [ReferenceOr<Schema>]),
    Union(&'s [ReferenceOr<Schema>]),
    /// An `enum` whose values are not all strings or all integers.
    MixedEnum,
    Null,
    Any,
}

pub(super) fn kind_of(schema: &Schema) -> Kind<'_> {
    if schema
        .schema_data
        .extensions
        .contains_key(NULL_TYPE_EXTENSION)
    {
        return Kind::Null;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            Kind::String(string.enumeration.iter().flatten().cloned().collect())
        }
        SchemaKind::Type(Type::Integer(integer)) => Kind::Integer(
            match &integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntegerWidth::I32,
                VariantOrUnknownOrEmpty::Unknown(format) => {
                    IntegerWidth::from_format(format).unwrap_or(IntegerWidth::I64)
                }
                _ => IntegerWidth::I64,
            },
            integer.enumeration.iter().flatten().copied().collect(),
        ),
        SchemaKind::Type(Type::Number(number)) => Kind::Number(match number.format {
            VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => FloatWidth::F32,
            _ => FloatWidth::F64,
        }),
        SchemaKind::Type(Type::Boolean(_)) => Kind::Boolean,
        SchemaKind::Type(Type::Object(object)) => Kind::Object {
            properties: &object.properties,
            required: &object.required,
            additional: object.additional_properties.as_ref(),
        },
        SchemaKind::Type(Type::Array(array)) => Kind::Array(array.items.as_ref()),
        SchemaKind::AllOf { all_of } => Kind::AllOf(all_of),
        SchemaKind::OneOf { one_of } => Kind::Union(one_of),
        SchemaKind::AnyOf { any_of } => Kind::Union(any_of),
        SchemaKind::Not { .. } => Kind::Any,
        SchemaKind::Any(any) => kind_of_any(any),
    }
}

/// `openapiv3` parses a schema whose keywords do not fit one `type` as `AnySchema`.
fn kind_of_any(any: &AnySchema) -> Kind<'_> {
    if !any.all_of.is_empty() {
        return Kind::AllOf(&any.all_of);
    }
    if !any.one_of.is_empty() {
        return Kind::Union(&any.one_of);
    }
    if !any.any_of.is_empty() {
        return Kind::Union(&any.any_of);
    }
    if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
        return Kind::Object {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
        };
    }
    if any.items.is_some() || any.typ.as_deref() == Some("array") {
        return Kind::Array(any.items.as_ref());
    }
    if !any.enumeration.is_empty() {
        let values = &any.enumeration;
        if values.iter().all(serde_json::Value::is_string) {
            let strings = values.iter().filter_map(|v| v.as_str().map(str::to_owned));
            return Kind::String(strings.collect());
        }
        if values.iter().all(|v| v.is_i64()) {
            let integers = values.iter().filter_map(serde_json::Value::as_i64);
            return Kind::Integer(IntegerWidth::I64, integers.collect());
        }
        return Kind::MixedEnum;
    }
    match any.typ.as_deref() {
        Some("string") => Kind::String(Vec::new()),
        Some("integer") => Kind::Integer(IntegerWidth::I64, Vec::new()),
        Some("number") => Kind::Number(FloatWidth::F64),
        Some("boolean") => Kind::Boolean,
        _ => Kind::Any,
    }
}

/// A schema that only annotates (`{description: ...}` inside an `allOf`).
pub(super) fn is_annotation(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default())
        && !schema
            .schema_data
            .extensions
            .contains_key(NULL_TYPE_EXTENSION)
}

pub(super) fn format_of(schema: &Schema) -> Option<String> {
    let name = |format: &VariantOrUnknownOrEmpty<StringFormat>| match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Some("date".to_owned()),
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Some("date-time".to_owned()),
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Some("password".to_owned()),
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => Some("byte".to_owned()),
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Some("binary".to_owned()),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => name(&string.format),
        SchemaKind::Any(any) => any.format.clone(),
        _ => None,
    }
}

pub(super) fn docs_of(schema: &Schema) -> Docs {
    let data: &SchemaData = &schema.schema_data;
    Docs {
        title: data.title.clone(),
        description: data.description.clone(),
        example: data.example.clone(),
        default: data.default.clone(),
        format: format_of(schema),
        deprecated: data.deprecated,
        read_only: data.read_only,
        write_only: data.write_only,
    }
}

/// Docs of a wrapper (an `allOf`/`anyOf` around one schema) over those of the inside.
pub(super) fn merge_docs(outer: Docs, inner: Docs) -> Docs {
    Docs {
        title: outer.title.or(inner.title),
        description: outer.description.or(inner.description),
        example: outer.example.or(inner.example),
        default: outer.default.or(inner.default),
        format: outer.format.or(inner.format),
        deprecated: outer.deprecated || inner.deprecated,
        read_only: outer.read_only || inner.read_only,
        write_only: outer.write_only || inner.write_only,
    }
}

pub(super) fn string_enum(values: Vec<String>) -> TypeKind {
    let mut names = Scope::default();
    let variants = values
        .into_iter()
        .map(|value| Variant {
            name: names.claim(&variant_ident(&value)),
            wire_value: value,
        })
        .collect();
    TypeKind::Enum(Enum {
        repr: EnumRepr::String,
        variants,
        unknown: names.claim("Unknown"),
        open: false,
        constant: false,
    })
}

pub(super) fn integer_enum(values: Vec<i64>) -> TypeKind {
    let mut names = Scope::default();
    let mut seen = BTreeSet::new();
    let variants = values
        .into_iter()
        .filter(|value| seen.insert(*value))
        .map(|value| {
            let label = if value < 0 {
                format!("minus {}", value.unsigned_abs())
            } else {
                value.to_string()
            };
            Variant {
                name: names.claim(&variant_ident(&label)),
                wire_value: value.to_string(),
            }
        })
        .collect();
    TypeKind::Enum(Enum {
        repr: EnumRepr::Integer,
        variants,
        unknown: names.claim("Unknown"),
        open: false,
        constant: false,
    })
}

/// A variant name for an enum value; digits first get a `V` (`3d` -> `V3d`).
fn variant_ident(value: &str) -> String {
    let name = camel_ident(value);
    match name.strip_prefix('N') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => format!("V{rest}"),
        _ => name,
    }
}

pub(super) fn union_keyword(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::OneOf { .. } => "oneOf",
        SchemaKind::Any(any) if !any.one_of.is_empty() => "oneOf",
        _ => "anyOf",
    }
}

/// The `allOf` parts that say more than docs, with their index.
pub(super) fn substantive(parts: &[ReferenceOr<Schema>]) -> Vec<(usize, SchemaRef<'_>)> {
    parts
        .iter()
        .enumerate()
        .filter(|(_, part)| !matches!(part, ReferenceOr::Item(schema) if is_annotation(schema)))
        .map(|(index, part)| (index, part.into()))
        .collect()
}

/// Whether a union lists `null` among its branches.
pub(super) fn has_null_branch(schema: &Schema) -> bool {
    match kind_of(schema) {
        Kind::Union(branches) => branches.len() != non_null(branches).len(),
        _ => false,
    }
}

/// The union branches that admit more than `null`, with their index.
pub(super) fn non_null(branches: &[ReferenceOr<Schema>]) -> Vec<(usize, SchemaRef<'_>)> {
    branches
        .iter()
        .enumerate()
        .filter(|(_, branch)| {
            !matches!(branch, ReferenceOr::Item(schema) if matches!(kind_of(schema), Kind::Null))
        })
        .map(|(index, branch)| (index, branch.into()))
        .collect()
}

/// Items and map values that may be `null` are `Option<T>`.
pub(super) fn nullable_item(shape: Shape) -> TypeRef {
    if shape.nullable && !matches!(shape.ty, TypeRef::Json | TypeRef::Unit) {
        TypeRef::Nullable(Box::new(shape.ty))
    } else {
        shape.ty
    }
}
