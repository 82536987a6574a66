//! Schemas -> named types and type expressions.
//!
//! Every inline schema that becomes a named type is remembered by its JSON pointer, so a
//! schema reached twice (through an `allOf` merge, say) is one Rust type.

use super::pointer::{self, SchemaRef};
use crate::diagnostics::{Diagnostic, Error};
use crate::ir::{
    AdditionalFields, Docs, Enum, EnumRepr, Example, Field, FloatWidth, FormPart, FormPartKind,
    IntegerWidth, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union, UnionVariant, Variant,
};
use crate::json_pointer::{join_pointer, reference_tokens, unescape_token};
use crate::naming::{camel_ident, field_ident, urn_tail, Scope};
use crate::normalize::NULL_TYPE_EXTENSION;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, Discriminator, IntegerFormat, NumberFormat, OpenAPI,
    ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// How deep `allOf` merges and reference chains may go before the schema is called cyclic.
const MAX_DEPTH: usize = 64;

/// What a schema use site needs to know: the type, whether `null` is allowed, and docs.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub ty: TypeRef,
    pub nullable: bool,
    pub docs: Docs,
}

impl Shape {
    /// Any JSON, for what cannot be followed or modelled.
    fn json() -> Self {
        Shape {
            ty: TypeRef::Json,
            nullable: false,
            docs: Docs::default(),
        }
    }
}

/// The one structural view of a schema, whichever way `openapiv3` parsed it.
enum Kind<'s> {
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

fn kind_of(schema: &Schema) -> Kind<'_> {
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
fn is_annotation(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default())
        && !schema
            .schema_data
            .extensions
            .contains_key(NULL_TYPE_EXTENSION)
}

fn format_of(schema: &Schema) -> Option<String> {
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

fn docs_of(schema: &Schema) -> Docs {
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

/// One property on its way to becoming a field.
struct PropertySource<'s> {
    wire_name: String,
    schema: SchemaRef<'s>,
    pointer: String,
    /// The name of the type the property belongs to, for naming its inline types.
    owner: String,
}

/// The types of one document, assigned ids before conversion.
pub struct TypeSpace<'a> {
    file: &'a str,
    spec: &'a OpenAPI,
    slots: Vec<Slot>,
    components: BTreeMap<&'a str, TypeId>,
    /// Component schemas that admit `null` themselves; a `$ref` to one is nullable.
    nullable_components: BTreeSet<TypeId>,
    /// Inline schemas already made into named types, by JSON pointer.
    inline_types: BTreeMap<String, TypeId>,
    names: Scope,
    examples: Vec<Example>,
    /// Pointers of the examples already recorded (a schema may be reached twice).
    example_pointers: BTreeSet<String>,
    /// Schemas reached through a `$ref` to their place that are being converted.
    following: BTreeSet<String>,
    /// The string formats the settings read into Rust types.
    formats: crate::settings::Formats,
}

struct Slot {
    name: String,
    origin: String,
    def: Option<(Docs, TypeKind)>,
}

impl<'a> TypeSpace<'a> {
    pub fn new(file: &'a str, spec: &'a OpenAPI, formats: crate::settings::Formats) -> Self {
        TypeSpace {
            file,
            spec,
            slots: Vec::new(),
            components: BTreeMap::new(),
            nullable_components: BTreeSet::new(),
            inline_types: BTreeMap::new(),
            names: Scope::default(),
            examples: Vec::new(),
            example_pointers: BTreeSet::new(),
            following: BTreeSet::new(),
            formats,
        }
    }

    pub fn file(&self) -> &'a str {
        self.file
    }

    fn component_schemas(&self) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> {
        let spec: &'a OpenAPI = self.spec;
        spec.components
            .iter()
            .flat_map(|components| components.schemas.iter())
    }

    /// Gives every component schema its id and name, in document order.
    pub fn declare_components(&mut self) -> Result<(), Error> {
        let schemas: Vec<_> = self.component_schemas().collect();
        for (name, schema) in schemas {
            let id = self.allocate(
                &camel_ident(name),
                join_pointer("#/components/schemas", name),
            );
            self.components.insert(name.as_str(), id);
            if matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable || has_null_branch(s))
            {
                self.nullable_components.insert(id);
            }
        }
        Ok(())
    }

    pub fn define_components(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Result<(), Error> {
        let schemas: Vec<_> = self.component_schemas().collect();
        for (name, schema) in schemas {
            let id = self.components[name.as_str()];
            let pointer = self.slots[id.0].origin.clone();
            let type_name = self.slots[id.0].name.clone();
            let definition = match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.referenced(reference, &pointer, diagnostics)?;
                    (Docs::default(), TypeKind::Alias(target.ty))
                }
                ReferenceOr::Item(schema) => {
                    let docs = docs_of(schema);
                    if let Some(example) = &schema.schema_data.example {
                        let nullable = schema.schema_data.nullable;
                        self.record_example(&pointer, TypeRef::Named(id), nullable, example);
                    }
                    let kind = match self.named_kind(schema, &type_name, &pointer, diagnostics)? {
                        Some(kind) => kind,
                        None => {
                            let shape = self.unnamed(schema, &type_name, &pointer, diagnostics)?;
                            TypeKind::Alias(shape.ty)
                        }
                    };
                    (docs, kind)
                }
            };
            self.slots[id.0].def = Some(definition);
        }
        Ok(())
    }

    fn allocate(&mut self, name: &str, origin: String) -> TypeId {
        let id = TypeId(self.slots.len());
        self.slots.push(Slot {
            name: self.names.claim(name),
            origin,
            def: None,
        });
        id
    }

    /// The name of the component a reference names directly (`#/components/schemas/Name`).
    fn component_name(reference: &str) -> Option<String> {
        let name = reference.strip_prefix(COMPONENT_PREFIX)?;
        match name.contains(['~', '%', '/']) {
            false => Some(name.to_owned()),
            true => match <[String; 3]>::try_from(reference_tokens(reference)?) {
                Ok([_, _, name]) => Some(name),
                Err(_) => None,
            },
        }
    }

    /// The component a reference names directly.
    fn component_id(&self, reference: &str) -> Option<TypeId> {
        self.components
            .get(Self::component_name(reference)?.as_str())
            .copied()
    }

    /// The type a `$ref` stands for: a component's type, or the type of the schema it
    /// reaches anywhere else in the document (one type per place, named after it). A
    /// reference that reaches no schema is carried as `serde_json::Value`, with a
    /// warning naming it.
    fn referenced(
        &mut self,
        reference: &'a str,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Shape, Error> {
        let named = |this: &Self, id: TypeId| Shape {
            ty: TypeRef::Named(id),
            nullable: this.nullable_components.contains(&id),
            docs: Docs::default(),
        };
        if let Some(id) = self.component_id(reference) {
            return Ok(named(self, id));
        }
        let spec: &'a OpenAPI = self.spec;
        let found = match pointer::schema(spec, reference) {
            Ok(found) => found,
            Err(why) => {
                diagnostics.push(Diagnostic::warning(
                    pointer,
                    format!("$ref `{reference}` cannot be followed: {why}; carried as `serde_json::Value`"),
                ));
                return Ok(Shape::json());
            }
        };
        // A chain of references that ends at a component is that component.
        if let Some(id) = self.component_id(&found.pointer) {
            return Ok(named(self, id));
        }
        if let Some(id) = self.inline_types.get(&found.pointer) {
            return Ok(Shape {
                ty: TypeRef::Named(*id),
                nullable: found.item.schema_data.nullable || has_null_branch(found.item),
                docs: docs_of(found.item),
            });
        }
        // A schema that is not a named type and reaches itself again through references
        // has no Rust form.
        if !self.following.insert(found.pointer.clone()) {
            diagnostics.push(Diagnostic::warning(
                pointer,
                format!("$ref `{reference}` leads back into itself through schemas without a name; carried as `serde_json::Value`"),
            ));
            return Ok(Shape::json());
        }
        let hint = pointer::natural_name(spec, &found.pointer);
        let shape = self.shape(
            SchemaRef::Inline(found.item),
            &hint,
            &found.pointer,
            diagnostics,
        );
        self.following.remove(&found.pointer);
        shape
    }

    /// The schema a reference reaches, with its canonical pointer and the name its
    /// properties' inline types start with, following chains of references.
    fn target(&self, reference: &str) -> Option<Target<'a>> {
        let spec: &'a OpenAPI = self.spec;
        let component = Self::component_name(reference).and_then(|name| {
            let id = *self.components.get(name.as_str())?;
            let schema = spec.components.as_ref()?.schemas.get(name.as_str())?;
            Some((id, schema))
        });
        if let Some((id, ReferenceOr::Item(schema))) = component {
            return Some(Target {
                schema,
                pointer: self.slots[id.0].origin.clone(),
                owner: self.slots[id.0].name.clone(),
            });
        }
        let found = pointer::schema(spec, reference).ok()?;
        let owner = match self.component_id(&found.pointer) {
            Some(id) => self.slots[id.0].name.clone(),
            None => match self.inline_types.get(&found.pointer) {
                Some(id) => self.slots[id.0].name.clone(),
                None => pointer::natural_name(spec, &found.pointer),
            },
        };
        Some(Target {
            schema: found.item,
            pointer: found.pointer,
            owner,
        })
    }

    /// The type of a schema at a use site; inline objects, enums and unions become named
    /// types called `hint`.
    pub fn shape(
        &mut self,
        schema: SchemaRef<'a>,
        hint: &str,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Shape, Error> {
        let shape = self.shape_of(schema, hint, pointer, diagnostics)?;
        if let SchemaRef::Inline(schema) = schema {
            if let Some(example) = &schema.schema_data.example {
                self.record_example(pointer, shape.ty.clone(), shape.nullable, example);
            }
        }
        Ok(shape)
    }

    /// Records an example given at `schema_pointer` (or in a media type or parameter).
    pub fn record_example(
        &mut self,
        schema_pointer: &str,
        ty: TypeRef,
        nullable: bool,
        value: &serde_json::Value,
    ) {
        let pointer = if ["/example", "/value", "/default"]
            .iter()
            .any(|end| schema_pointer.ends_with(end))
        {
            schema_pointer.to_owned()
        } else {
            join_pointer(schema_pointer, "example")
        };
        if self.example_pointers.insert(pointer.clone()) {
            self.examples.push(Example {
                is_default: pointer.ends_with("/default"),
                pointer,
                ty,
                nullable,
                value: value.clone(),
            });
        }
    }

    fn shape_of(
        &mut self,
        schema: SchemaRef<'a>,
        hint: &str,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Shape, Error> {
        let schema = match schema {
            SchemaRef::Ref(reference) => return self.referenced(reference, pointer, diagnostics),
            SchemaRef::Inline(schema) => schema,
        };
        if let Some(id) = self.inline_types.get(pointer) {
            return Ok(Shape {
                ty: TypeRef::Named(*id),
                nullable: schema.schema_data.nullable || has_null_branch(schema),
                docs: docs_of(schema),
            });
        }
        if self.needs_name(schema) {
            let nullable = schema.schema_data.nullable || has_null_branch(schema);
            let id = self.allocate(hint, pointer.to_owned());
            self.inline_types.insert(pointer.to_owned(), id);
            let name = self.slots[id.0].name.clone();
            let docs = docs_of(schema);
            let kind = match self.named_kind(schema, &name, pointer, diagnostics)? {
                Some(kind) => kind,
                None => TypeKind::Alias(self.unnamed(schema, &name, pointer, diagnostics)?.ty),
            };
            self.slots[id.0].def = Some((docs.clone(), kind));
            return Ok(Shape {
                ty: TypeRef::Named(id),
                nullable,
                docs,
            });
        }
        self.unnamed(schema, hint, pointer, diagnostics)
    }

    /// Objects with properties, enums, real unions and `allOf` merges get a name.
    fn needs_name(&self, schema: &Schema) -> bool {
        match kind_of(schema) {
            Kind::String(values) => !values.is_empty(),
            Kind::Integer(_, values) => !values.is_empty(),
            Kind::Object { properties, .. } => !properties.is_empty(),
            Kind::AllOf(parts) => substantive(parts).len() > 1,
            Kind::Union(branches) => non_null(branches).len() > 1,
            _ => false,
        }
    }

    /// A schema without a name of its own: primitives, arrays, maps, free-form JSON, and
    /// wrappers around one other schema.
    fn unnamed(
        &mut self,
        schema: &'a Schema,
        hint: &str,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Shape, Error> {
        let mut docs = docs_of(schema);
        let mut nullable = schema.schema_data.nullable;
        let ty = match kind_of(schema) {
            Kind::String(_) => match format_of(schema).and_then(|f| self.formats.type_of(&f)) {
                Some(formatted) => TypeRef::Formatted(formatted),
                None => TypeRef::String,
            },
            Kind::Integer(width, _) => TypeRef::Integer(width),
            Kind::Number(width) => TypeRef::Number(width),
            Kind::Boolean => TypeRef::Boolean,
            Kind::Null => TypeRef::Unit,
            Kind::Any => TypeRef::Json,
            Kind::MixedEnum => {
                diagnostics.push(Diagnostic::warning(
                    pointer,
                    "an enum mixing value types is carried as `serde_json::Value`",
                ));
                TypeRef::Json
            }
            Kind::Array(items) => match items {
                Some(items) => {
                    let item = self.shape(
                        items.into(),
                        &format!("{hint}Item"),
                        &join_pointer(pointer, "items"),
                        diagnostics,
                    )?;
                    TypeRef::Array(Box::new(nullable_item(item)))
                }
                None => TypeRef::Array(Box::new(TypeRef::Json)),
            },
            Kind::Object { additional, .. } => match additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let value = self.shape(
                        value.as_ref().into(),
                        &format!("{hint}Value"),
                        &join_pointer(pointer, "additionalProperties"),
                        diagnostics,
                    )?;
                    TypeRef::Map(Box::new(nullable_item(value)))
                }
                _ => TypeRef::JsonObject,
            },
            Kind::AllOf(all) => {
                for part in all {
                    if let ReferenceOr::Item(part) = part {
                        if is_annotation(part) {
                            docs = merge_docs(docs, docs_of(part));
                        }
                    }
                }
                let wrapped = Wrapped {
                    keyword: "allOf",
                    when_empty: TypeRef::Json,
                    what: "this `allOf` cannot be merged into one struct",
                };
                let inner = self.wrapper(&substantive(all), wrapped, hint, pointer, diagnostics)?;
                nullable |= inner.nullable;
                docs = merge_docs(docs, inner.docs);
                inner.ty
            }
            Kind::Union(branches) => {
                nullable |= branches.len() != non_null(branches).len();
                let wrapped = Wrapped {
                    keyword: union_keyword(schema),
                    when_empty: TypeRef::Unit,
                    what: "this union cannot be modelled",
                };
                let inner =
                    self.wrapper(&non_null(branches), wrapped, hint, pointer, diagnostics)?;
                nullable |= inner.nullable;
                docs = merge_docs(docs, inner.docs);
                inner.ty
            }
        };
        Ok(Shape { ty, nullable, docs })
    }

    /// A composition that wraps at most one real schema is that schema; a composition of
    /// several that reaches here cannot be modelled and is carried as JSON, with a warning.
    fn wrapper(
        &mut self,
        parts: &[(usize, SchemaRef<'a>)],
        wrapped: Wrapped,
        hint: &str,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Shape, Error> {
        let ty = match parts {
            [] => wrapped.when_empty,
            [(index, part)] => {
                let here = indexed(pointer, wrapped.keyword, *index);
                return self.shape(*part, hint, &here, diagnostics);
            }
            _ => {
                diagnostics.push(Diagnostic::warning(
                    pointer,
                    format!("{}; carried as `serde_json::Value`", wrapped.what),
                ));
                TypeRef::Json
            }
        };
        Ok(Shape {
            ty,
            nullable: false,
            docs: Docs::default(),
        })
    }

    /// The struct, enum or union for a schema that [`Self::needs_name`]; `None` when it
    /// turns out to be a plain type expression.
    fn named_kind(
        &mut self,
        schema: &'a Schema,
        type_name: &str,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Option<TypeKind>, Error> {
        Ok(Some(match kind_of(schema) {
            Kind::String(values) if !values.is_empty() => string_enum(values),
            Kind::Integer(_, values) if !values.is_empty() => integer_enum(values),
            Kind::Object {
                properties,
                required,
                additional,
            } if !properties.is_empty() => {
                let sources = properties
                    .iter()
                    .map(|(wire_name, property)| PropertySource {
                        wire_name: wire_name.clone(),
                        schema: property.into(),
                        pointer: join_pointer(&join_pointer(pointer, "properties"), wire_name),
                        owner: type_name.to_owned(),
                    })
                    .collect();
                let required: BTreeSet<&str> = required.iter().map(String::as_str).collect();
                let additional = self.additional(additional, type_name, pointer, diagnostics)?;
                TypeKind::Struct(self.build_struct(sources, &required, additional, diagnostics)?)
            }
            Kind::AllOf(parts) if substantive(parts).len() > 1 => {
                match self.merge(parts, type_name, pointer, diagnostics)? {
                    Some(merged) => TypeKind::Struct(merged),
                    None => return Ok(None),
                }
            }
            Kind::Union(branches) if non_null(branches).len() > 1 => {
                let discriminator = schema.schema_data.discriminator.as_ref();
                let keyword = union_keyword(schema);
                self.union(
                    branches,
                    discriminator,
                    type_name,
                    &join_pointer(pointer, keyword),
                    diagnostics,
                )?
            }
            _ => return Ok(None),
        }))
    }

    fn additional(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        type_name: &str,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Option<TypeRef>, Error> {
        Ok(match additional {
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            Some(AdditionalProperties::Schema(value)) => {
                let shape = self.shape(
                    value.as_ref().into(),
                    &format!("{type_name}Value"),
                    &join_pointer(pointer, "additionalProperties"),
                    diagnostics,
                )?;
                Some(nullable_item(shape))
            }
            Some(AdditionalProperties::Any(false)) | None => None,
        })
    }

    fn build_struct(
        &mut self,
        sources: Vec<PropertySource<'a>>,
        required: &BTreeSet<&str>,
        additional: Option<TypeRef>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Struct, Error> {
        let mut names = Scope::default();
        let mut fields = Vec::with_capacity(sources.len());
        for source in sources {
            let hint_words =
                urn_tail(&source.wire_name).unwrap_or_else(|| source.wire_name.clone());
            let hint = format!("{}{}", source.owner, camel_ident(&hint_words));
            let shape = self.shape(source.schema, &hint, &source.pointer, diagnostics)?;
            // A server-set (or client-only) property cannot be required in both directions.
            let one_way = shape.docs.read_only || shape.docs.write_only;
            fields.push(Field {
                name: names.claim(&field_ident(&source.wire_name)),
                required: required.contains(source.wire_name.as_str()) && !one_way,
                wire_name: source.wire_name,
                ty: shape.ty,
                nullable: shape.nullable,
                boxed: false,
                docs: shape.docs,
            });
        }
        let additional = additional.map(|value| AdditionalFields {
            name: names.claim("additional_properties"),
            value,
        });
        Ok(Struct { fields, additional })
    }

    /// `allOf` of objects: one struct with every part's properties (a later part's
    /// definition of a property wins) and the union of their `required` lists.
    fn merge(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        type_name: &str,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Option<Struct>, Error> {
        let mut collected = Collected::default();
        let base = join_pointer(pointer, "allOf");
        for (index, part) in parts.iter().enumerate() {
            let here = join_pointer(&base, &index.to_string());
            if !self.collect(part.into(), type_name, &here, 0, &mut collected) {
                diagnostics.push(Diagnostic::warning(
                    &here,
                    "this `allOf` part is not an object; the merge is carried as `serde_json::Value`",
                ));
                return Ok(None);
            }
        }
        let Collected {
            properties,
            required,
            additional,
        } = collected;
        let required: BTreeSet<&str> = required.iter().map(String::as_str).collect();
        let additional = self.additional(additional, type_name, pointer, diagnostics)?;
        Ok(Some(self.build_struct(
            properties,
            &required,
            additional,
            diagnostics,
        )?))
    }

    /// Gathers the properties of one `allOf` part; `false` when it is not object-like.
    fn collect(
        &self,
        part: SchemaRef<'a>,
        owner: &str,
        pointer: &str,
        depth: usize,
        into: &mut Collected<'a>,
    ) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let (schema, owner, pointer) = match part {
            SchemaRef::Ref(reference) => match self.target(reference) {
                Some(target) => (target.schema, target.owner, target.pointer),
                None => return false,
            },
            SchemaRef::Inline(schema) => (schema, owner.to_owned(), pointer.to_owned()),
        };
        if is_annotation(schema) {
            return true;
        }
        match kind_of(schema) {
            Kind::Object {
                properties,
                required,
                additional,
            } => {
                for (wire_name, property) in properties {
                    let source = PropertySource {
                        wire_name: wire_name.clone(),
                        schema: property.into(),
                        pointer: join_pointer(&join_pointer(&pointer, "properties"), wire_name),
                        owner: owner.clone(),
                    };
                    match into
                        .properties
                        .iter_mut()
                        .find(|p| &p.wire_name == wire_name)
                    {
                        Some(existing) => *existing = source,
                        None => into.properties.push(source),
                    }
                }
                into.required.extend(required.iter().cloned());
                if additional.is_some() {
                    into.additional = additional;
                }
                true
            }
            Kind::AllOf(parts) => {
                let base = join_pointer(&pointer, "allOf");
                parts.iter().enumerate().all(|(index, inner)| {
                    let here = join_pointer(&base, &index.to_string());
                    self.collect(inner.into(), &owner, &here, depth + 1, into)
                })
            }
            _ => false,
        }
    }

    /// The parts of a `multipart/form-data` body: one per property of its (object)
    /// schema; `None` when the schema is not an object with properties.
    pub fn form_parts(
        &mut self,
        schema: SchemaRef<'a>,
        hint: &str,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Option<Vec<FormPart>>, Error> {
        let mut collected = Collected::default();
        if !self.collect(schema, hint, pointer, 0, &mut collected)
            || collected.properties.is_empty()
        {
            return Ok(None);
        }
        let required: BTreeSet<&str> = collected.required.iter().map(String::as_str).collect();
        let mut names = Scope::default();
        let mut parts = Vec::with_capacity(collected.properties.len());
        for source in collected.properties {
            let raw = match source.schema {
                SchemaRef::Ref(reference) => self.target(reference).map(|t| t.schema),
                SchemaRef::Inline(schema) => Some(schema),
            };
            let is_file =
                |schema: Option<&Schema>| schema.and_then(format_of).as_deref() == Some("binary");
            let items = raw.and_then(|schema| match kind_of(schema) {
                Kind::Array(Some(items)) => match SchemaRef::from(items) {
                    SchemaRef::Ref(reference) => self.target(reference).map(|t| t.schema),
                    SchemaRef::Inline(schema) => Some(schema),
                },
                _ => None,
            });
            let (kind, docs) = if is_file(raw) {
                (FormPartKind::File, raw.map(docs_of).unwrap_or_default())
            } else if is_file(items) {
                (FormPartKind::Files, raw.map(docs_of).unwrap_or_default())
            } else {
                let hint = format!("{}{}", source.owner, camel_ident(&source.wire_name));
                let shape = self.shape(source.schema, &hint, &source.pointer, diagnostics)?;
                (FormPartKind::Value(shape.ty), shape.docs)
            };
            parts.push(FormPart {
                name: names.claim(&field_ident(&source.wire_name)),
                required: required.contains(source.wire_name.as_str()),
                wire_name: source.wire_name,
                kind,
                docs,
            });
        }
        Ok(Some(parts))
    }

    /// `oneOf`/`anyOf` with several non-null branches.
    fn union(
        &mut self,
        branches: &'a [ReferenceOr<Schema>],
        discriminator: Option<&Discriminator>,
        type_name: &str,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<TypeKind, Error> {
        let mut branches = non_null(branches);
        // A branch that names the same schema again adds nothing (stream-io-api.com).
        let mut seen: Vec<&str> = Vec::new();
        branches.retain(|(index, branch)| {
            let SchemaRef::Ref(reference) = branch else {
                return true;
            };
            if !seen.contains(reference) {
                seen.push(reference);
                return true;
            }
            diagnostics.push(Diagnostic::warning(
                join_pointer(pointer, &index.to_string()),
                format!("`{reference}` is a branch of the union already; it is read once"),
            ));
            false
        });
        // Strings, some of them enumerated: one enum (its catch-all holds the rest).
        let strings: Option<Vec<Vec<String>>> = branches
            .iter()
            .map(|(_, branch)| match branch {
                SchemaRef::Inline(schema) => match kind_of(schema) {
                    Kind::String(values) => Some(values),
                    _ => None,
                },
                SchemaRef::Ref(_) => None,
            })
            .collect();
        if let Some(strings) = strings {
            let open = strings.iter().any(Vec::is_empty);
            let mut values: Vec<String> = Vec::new();
            for value in strings.into_iter().flatten() {
                if !values.contains(&value) {
                    values.push(value);
                }
            }
            if !values.is_empty() {
                let mut kind = string_enum(values);
                if let TypeKind::Enum(e) = &mut kind {
                    e.open = open;
                }
                return Ok(kind);
            }
        }

        let tag = self.tag_of(&branches, discriminator, pointer, diagnostics);
        let mut names = Scope::default();
        let mut variants = Vec::with_capacity(branches.len());
        for (position, (index, branch)) in branches.iter().enumerate() {
            let tag_values = match &tag {
                Some((_, values)) => values[position].clone(),
                None => Vec::new(),
            };
            // An inline branch is named by its title, its tag value, or its required
            // properties (`{and: [...]}` -> `And`); a referenced one by its type.
            let label = match (branch, tag_values.first()) {
                (_, Some(value)) => Some(camel_ident(value)),
                (SchemaRef::Inline(schema), None) => inline_label(schema),
                (SchemaRef::Ref(_), None) => None,
            }
            .unwrap_or_else(|| format!("Variant{}", position + 1));
            let here = join_pointer(pointer, &index.to_string());
            let shape = self.shape(*branch, &format!("{type_name}{label}"), &here, diagnostics)?;
            let name = match (branch, &shape.ty) {
                (SchemaRef::Ref(_), TypeRef::Named(id)) => self.slots[id.0].name.clone(),
                (_, TypeRef::Named(_)) => label,
                (_, ty) => variant_label(ty),
            };
            let ty = if shape.nullable && !matches!(shape.ty, TypeRef::Json | TypeRef::Unit) {
                TypeRef::Nullable(Box::new(shape.ty))
            } else {
                shape.ty
            };
            variants.push(UnionVariant {
                name: names.claim(&name),
                ty,
                fields: None,
                docs: Docs::default(),
                tag_values,
                boxed: false,
            });
        }
        Ok(TypeKind::Union(Union {
            tag: tag.map(|(property, _)| property),
            variants,
            unknown: names.claim("Unknown"),
        }))
    }

    /// The property that tells the variants apart, and each variant's values of it:
    /// the `discriminator` (with its mapping, or else each variant's own single-value
    /// enum, or else the component's name), or a property that is a single-value enum
    /// with a different value in every variant.
    ///
    /// A discriminator whose values a variant's own schema forbids (telegram's
    /// `PassportElementError` maps `data` to a schema whose `type` is one of
    /// `personal_details`, `passport`, ...) cannot be what the server sends: it is set
    /// aside with a warning, and the variants are told apart as if there were none.
    fn tag_of(
        &self,
        branches: &[(usize, SchemaRef<'a>)],
        discriminator: Option<&Discriminator>,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<(String, Vec<Vec<String>>)> {
        let enumerated: Vec<BTreeMap<String, Vec<String>>> = branches
            .iter()
            .map(|(_, branch)| self.enumerated_properties(*branch, 0))
            .collect();
        let constants: Vec<BTreeMap<String, String>> = (enumerated.iter())
            .map(|properties| {
                (properties.iter())
                    .filter_map(|(name, values)| match values.as_slice() {
                        [only] => Some((name.clone(), only.clone())),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        if let Some(discriminator) = discriminator {
            let (property, values) =
                self.discriminator_values(branches, discriminator, &constants)?;
            let forbidden = (values.iter().zip(&enumerated)).find_map(|(values, properties)| {
                let allowed = properties.get(&property)?;
                let value = values.iter().find(|value| !allowed.contains(value))?;
                Some((value, allowed))
            });
            let Some((value, allowed)) = forbidden else {
                return Some((property, values));
            };
            let union = pointer.rsplit_once('/').map_or(pointer, |(union, _)| union);
            let allowed: Vec<String> = allowed.iter().map(|v| format!("`{v}`")).collect();
            diagnostics.push(Diagnostic::warning(
                join_pointer(union, "discriminator"),
                format!(
                    "the discriminator gives `{property}` the value `{value}`, which its \
                     variant allows only as one of {}; the variants are told apart without it",
                    allowed.join(", ")
                ),
            ));
        }
        let first = constants.first()?;
        first.keys().find_map(|property| {
            let values: Option<Vec<String>> =
                constants.iter().map(|c| c.get(property).cloned()).collect();
            let values = values?;
            let distinct: BTreeSet<&String> = values.iter().collect();
            (distinct.len() == values.len()).then(|| {
                (
                    property.clone(),
                    values.into_iter().map(|v| vec![v]).collect(),
                )
            })
        })
    }

    /// The discriminator's property and each variant's values of it (from the mapping,
    /// else the variant's own single-value enum, else the component's name).
    fn discriminator_values(
        &self,
        branches: &[(usize, SchemaRef<'a>)],
        discriminator: &Discriminator,
        constants: &[BTreeMap<String, String>],
    ) -> Option<(String, Vec<Vec<String>>)> {
        let property = &discriminator.property_name;
        let mut all = Vec::with_capacity(branches.len());
        for ((_, branch), constants) in branches.iter().zip(constants) {
            let mut values: Vec<String> = Vec::new();
            if let SchemaRef::Ref(reference) = branch {
                let name = reference
                    .strip_prefix(COMPONENT_PREFIX)
                    .unwrap_or(reference);
                for (value, target) in &discriminator.mapping {
                    if target == *reference || target == name {
                        values.push(value.clone());
                    }
                }
                if values.is_empty() {
                    if let Some(value) = constants.get(property) {
                        values.push(value.clone());
                    } else {
                        values.push(unescape_token(name));
                    }
                }
            } else if let Some(value) = constants.get(property) {
                values.push(value.clone());
            }
            if values.is_empty() {
                return None;
            }
            all.push(values);
        }
        Some((property.clone(), all))
    }

    /// Properties of an object schema that are single-value string enums, with the value.
    /// The string-enum properties of a variant, with their values.
    fn enumerated_properties(
        &self,
        schema: SchemaRef<'a>,
        depth: usize,
    ) -> BTreeMap<String, Vec<String>> {
        let mut found = BTreeMap::new();
        if depth > MAX_DEPTH {
            return found;
        }
        let schema = match schema {
            SchemaRef::Ref(reference) => match self.target(reference) {
                Some(target) => target.schema,
                None => return found,
            },
            SchemaRef::Inline(schema) => schema,
        };
        match kind_of(schema) {
            Kind::Object { properties, .. } => {
                for (name, property) in properties {
                    let property = match SchemaRef::from(property) {
                        SchemaRef::Ref(reference) => self.target(reference).map(|t| t.schema),
                        SchemaRef::Inline(schema) => Some(schema),
                    };
                    if let Some(Kind::String(values)) = property.map(kind_of) {
                        if !values.is_empty() {
                            found.insert(name.clone(), values);
                        }
                    }
                }
            }
            Kind::AllOf(parts) => {
                for part in parts {
                    found.extend(self.enumerated_properties(part.into(), depth + 1));
                }
            }
            _ => {}
        }
        found
    }

    /// All types (with cycles of by-value containment broken by boxing) and examples.
    pub fn finish(self) -> (Vec<TypeDef>, Vec<Example>) {
        let mut types: Vec<TypeDef> = self
            .slots
            .into_iter()
            .map(|slot| {
                let (docs, kind) = slot
                    .def
                    .unwrap_or_else(|| (Docs::default(), TypeKind::Alias(TypeRef::Json)));
                TypeDef {
                    name: slot.name,
                    origin: slot.origin,
                    docs,
                    kind,
                    extra_derives: Vec::new(),
                    extra_attributes: Vec::new(),
                }
            })
            .collect();
        break_alias_cycles(&mut types);
        wrap_self_containing_aliases(&mut types);
        box_cycles(&mut types);
        (types, self.examples)
    }
}

/// A schema a reference reaches.
struct Target<'a> {
    schema: &'a Schema,
    pointer: String,
    /// The name its properties' inline types start with.
    owner: String,
}

/// What [`TypeSpace::wrapper`] needs to know of the composition it unwraps.
struct Wrapped {
    keyword: &'static str,
    when_empty: TypeRef,
    what: &'static str,
}

#[derive(Default)]
struct Collected<'s> {
    properties: Vec<PropertySource<'s>>,
    required: Vec<String>,
    additional: Option<&'s AdditionalProperties>,
}

fn string_enum(values: Vec<String>) -> TypeKind {
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

fn integer_enum(values: Vec<i64>) -> TypeKind {
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

/// A name for an inline union branch: its title, or its required properties.
fn inline_label(schema: &Schema) -> Option<String> {
    if let Some(title) = &schema.schema_data.title {
        return Some(camel_ident(title));
    }
    match kind_of(schema) {
        Kind::Object { required, .. } if !required.is_empty() && required.len() <= 2 => {
            Some(camel_ident(&required.join(" ")))
        }
        _ => None,
    }
}

/// A variant name for an untagged union branch of an unnamed type.
fn variant_label(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer(_) => "Integer".to_owned(),
        TypeRef::Number(_) => "Number".to_owned(),
        TypeRef::Boolean => "Boolean".to_owned(),
        TypeRef::Array(item) => format!("{}Array", variant_label(item)),
        TypeRef::Map(value) => format!("{}Map", variant_label(value)),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::JsonObject => "Object".to_owned(),
        TypeRef::Unit => "Null".to_owned(),
        TypeRef::Nullable(inner) => variant_label(inner),
        TypeRef::Named(_) => "Object".to_owned(),
        TypeRef::Formatted(formatted) => formatted.format.label().to_owned(),
    }
}

/// Docs of a wrapper (an `allOf`/`anyOf` around one schema) over those of the inside.
fn merge_docs(outer: Docs, inner: Docs) -> Docs {
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

/// `pointer/keyword/index`, the pointer of one branch of a composition.
fn indexed(pointer: &str, keyword: &str, index: usize) -> String {
    join_pointer(&join_pointer(pointer, keyword), &index.to_string())
}

fn union_keyword(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::OneOf { .. } => "oneOf",
        SchemaKind::Any(any) if !any.one_of.is_empty() => "oneOf",
        _ => "anyOf",
    }
}

/// The `allOf` parts that say more than docs, with their index.
fn substantive(parts: &[ReferenceOr<Schema>]) -> Vec<(usize, SchemaRef<'_>)> {
    parts
        .iter()
        .enumerate()
        .filter(|(_, part)| !matches!(part, ReferenceOr::Item(schema) if is_annotation(schema)))
        .map(|(index, part)| (index, part.into()))
        .collect()
}

/// Whether a union lists `null` among its branches.
fn has_null_branch(schema: &Schema) -> bool {
    match kind_of(schema) {
        Kind::Union(branches) => branches.len() != non_null(branches).len(),
        _ => false,
    }
}

/// The union branches that admit more than `null`, with their index.
fn non_null(branches: &[ReferenceOr<Schema>]) -> Vec<(usize, SchemaRef<'_>)> {
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
fn nullable_item(shape: Shape) -> TypeRef {
    if shape.nullable && !matches!(shape.ty, TypeRef::Json | TypeRef::Unit) {
        TypeRef::Nullable(Box::new(shape.ty))
    } else {
        shape.ty
    }
}

/// `A = B`, `B = A`: an alias cycle names no type at all; it becomes a JSON value.
fn break_alias_cycles(types: &mut [TypeDef]) {
    for start in 0..types.len() {
        let mut current = start;
        for _ in 0..=types.len() {
            match &types[current].kind {
                TypeKind::Alias(TypeRef::Named(next)) if next.0 == start => {
                    types[start].kind = TypeKind::Alias(TypeRef::Json);
                    break;
                }
                TypeKind::Alias(TypeRef::Named(next)) => current = next.0,
                _ => break,
            }
        }
    }
}

/// An alias whose expression mentions the alias itself (through containers and other
/// aliases) becomes a newtype: Rust type aliases cannot be recursive.
fn wrap_self_containing_aliases(types: &mut [TypeDef]) {
    fn mentions(types: &[TypeDef], ty: &TypeRef, target: usize, seen: &mut Vec<usize>) -> bool {
        match ty {
            TypeRef::Named(id) if id.0 == target => true,
            TypeRef::Named(id) => match &types[id.0].kind {
                TypeKind::Alias(inner) if !seen.contains(&id.0) => {
                    seen.push(id.0);
                    mentions(types, inner, target, seen)
                }
                _ => false,
            },
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                mentions(types, inner, target, seen)
            }
            _ => false,
        }
    }
    for index in 0..types.len() {
        if let TypeKind::Alias(ty) = &types[index].kind {
            if mentions(types, ty, index, &mut Vec::new()) {
                types[index].kind = TypeKind::Newtype(ty.clone());
            }
        }
    }
}

/// The named type a value of `ty` holds by value (through aliases and `Option`), if any.
fn by_value_target(types: &[TypeDef], ty: &TypeRef) -> Option<TypeId> {
    let mut current = match ty {
        TypeRef::Named(id) => *id,
        TypeRef::Nullable(inner) => return by_value_target(types, inner),
        _ => return None,
    };
    for _ in 0..types.len() {
        match &types[current.0].kind {
            TypeKind::Alias(TypeRef::Named(next)) => current = *next,
            TypeKind::Alias(TypeRef::Nullable(inner)) => return by_value_target(types, inner),
            _ => return Some(current),
        }
    }
    None
}

fn contained(def: &TypeDef) -> Vec<&TypeRef> {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        _ => Vec::new(),
    }
}

fn box_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<TypeId>> = types
        .iter()
        .map(|def| {
            contained(def)
                .into_iter()
                .filter_map(|ty| by_value_target(types, ty))
                .collect()
        })
        .collect();
    let reaches = |from: TypeId, to: TypeId| {
        let mut seen = vec![false; edges.len()];
        let mut stack = vec![from];
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if !std::mem::replace(&mut seen[node.0], true) {
                stack.extend(edges[node.0].iter().copied());
            }
        }
        false
    };
    let mut to_box = Vec::new();
    for (index, def) in types.iter().enumerate() {
        for (position, ty) in contained(def).into_iter().enumerate() {
            if let Some(target) = by_value_target(types, ty) {
                if reaches(target, TypeId(index)) {
                    to_box.push((index, position));
                }
            }
        }
    }
    for (index, position) in to_box {
        match &mut types[index].kind {
            TypeKind::Struct(s) => s.fields[position].boxed = true,
            TypeKind::Union(u) => u.variants[position].boxed = true,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    //! One rule a test: a small document in, one fact of the IR out.

    use crate::ir::{Api, EnumRepr, Field, IntegerWidth, TypeDef, TypeKind, TypeRef};

    /// The IR of a document whose `components.schemas` are `schemas` (YAML, indented by
    /// four spaces).
    fn api_of(schemas: &str) -> Api {
        let document = format!(
            "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        crate::read_api("test.yaml", &document, None)
            .unwrap_or_else(|err| panic!("{err}"))
            .0
    }

    fn named<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
        let found = api.types.iter().find(|def| def.name == name);
        found.unwrap_or_else(|| {
            let names: Vec<&str> = api.types.iter().map(|def| def.name.as_str()).collect();
            panic!("no type {name} among {names:?}")
        })
    }

    fn field<'a>(api: &'a Api, type_name: &str, wire_name: &str) -> &'a Field {
        let TypeKind::Struct(s) = &named(api, type_name).kind else {
            panic!("{type_name} is not a struct");
        };
        (s.fields.iter())
            .find(|f| f.wire_name == wire_name)
            .unwrap_or_else(|| panic!("{type_name} has no field {wire_name}"))
    }

    #[test]
    fn a_null_in_the_type_list_makes_a_field_nullable_not_a_union() {
        let api = api_of(
            "    Pet:\n      type: object\n      properties:\n        nickname: {type: [string, 'null']}\n        age: {anyOf: [{type: integer}, {type: 'null'}]}\n",
        );
        let nickname = field(&api, "Pet", "nickname");
        assert!(nickname.nullable && !nickname.required);
        assert_eq!(nickname.ty, TypeRef::String);
        let age = field(&api, "Pet", "age");
        assert!(age.nullable);
        assert_eq!(age.ty, TypeRef::Integer(IntegerWidth::I64));
    }

    #[test]
    fn a_reference_to_a_schema_that_admits_null_is_nullable() {
        let api = api_of(
            "    Pet:\n      type: object\n      required: [owner]\n      properties:\n        owner: {$ref: '#/components/schemas/Owner'}\n    Owner:\n      type: [object, 'null']\n      properties:\n        name: {type: string}\n",
        );
        let owner = field(&api, "Pet", "owner");
        assert!(owner.required && owner.nullable);
        assert!(matches!(owner.ty, TypeRef::Named(_)));
    }

    #[test]
    fn an_inline_object_is_named_after_its_owner_and_property() {
        let api = api_of(
            "    Pet:\n      type: object\n      properties:\n        home:\n          type: object\n          properties:\n            city: {type: string}\n",
        );
        let home = named(&api, "PetHome");
        assert_eq!(home.origin, "#/components/schemas/Pet/properties/home");
        assert_eq!(field(&api, "PetHome", "city").name, "city");
    }

    #[test]
    fn all_of_objects_merge_into_one_struct() {
        let api = api_of(
            "    Base:\n      type: object\n      required: [id]\n      properties:\n        id: {type: string}\n    Pet:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          properties:\n            name: {type: string}\n",
        );
        assert!(field(&api, "Pet", "id").required);
        assert!(!field(&api, "Pet", "name").required);
    }

    #[test]
    fn a_discriminator_tags_a_union_by_its_mapping() {
        let api = api_of(
            "    Pet:\n      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]\n      discriminator:\n        propertyName: kind\n        mapping: {kitty: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}\n    Cat: {type: object, required: [kind], properties: {kind: {type: string}}}\n    Dog: {type: object, required: [kind], properties: {kind: {type: string}}}\n",
        );
        let TypeKind::Union(union) = &named(&api, "Pet").kind else {
            panic!("Pet is not a union");
        };
        assert_eq!(union.tag.as_deref(), Some("kind"));
        let tags: Vec<(&str, &[String])> = (union.variants.iter())
            .map(|v| (v.name.as_str(), v.tag_values.as_slice()))
            .collect();
        assert_eq!(
            tags,
            [
                ("Cat", &["kitty".to_owned()][..]),
                ("Dog", &["dog".to_owned()][..])
            ]
        );
    }

    #[test]
    fn one_of_without_a_tag_is_told_apart_by_shape_in_order() {
        let api = api_of("    Id:\n      oneOf: [{type: string}, {type: integer}]\n");
        let TypeKind::Union(union) = &named(&api, "Id").kind else {
            panic!("Id is not a union");
        };
        assert_eq!(union.tag, None);
        let names: Vec<&str> = union.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["String", "Integer"]);
    }

    #[test]
    fn enum_values_become_variants_and_a_catch_all() {
        let api = api_of("    Size: {type: string, enum: [small, x-large, X_LARGE]}\n");
        let TypeKind::Enum(e) = &named(&api, "Size").kind else {
            panic!("Size is not an enum");
        };
        assert_eq!(e.repr, EnumRepr::String);
        let names: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
        // Two values that fold to one name are told apart by a suffix.
        assert_eq!(names, ["Small", "XLarge", "XLarge2"]);
        assert!(!names.contains(&e.unknown.as_str()));
    }

    #[test]
    fn an_integer_takes_its_format_width_and_minimum_alone_changes_nothing() {
        let api = api_of(
            "    Counts:\n      type: object\n      properties:\n        bytes: {type: integer, format: uint64}\n        small: {type: integer, format: int8}\n        offset: {type: integer, minimum: 0}\n",
        );
        assert_eq!(
            field(&api, "Counts", "bytes").ty,
            TypeRef::Integer(IntegerWidth::U64)
        );
        assert_eq!(
            field(&api, "Counts", "small").ty,
            TypeRef::Integer(IntegerWidth::I8)
        );
        assert_eq!(
            field(&api, "Counts", "offset").ty,
            TypeRef::Integer(IntegerWidth::I64)
        );
    }

    #[test]
    fn an_object_of_additional_properties_alone_is_a_map() {
        let api = api_of(
            "    Labels: {type: object, additionalProperties: {type: string}}\n    Pet:\n      type: object\n      properties:\n        labels: {$ref: '#/components/schemas/Labels'}\n",
        );
        let labels = named(&api, "Labels");
        assert_eq!(
            labels.kind,
            TypeKind::Alias(TypeRef::Map(Box::new(TypeRef::String)))
        );
    }

    #[test]
    fn a_cycle_of_by_value_containment_is_broken_with_a_box() {
        let api = api_of(
            "    Node:\n      type: object\n      required: [next]\n      properties:\n        next: {$ref: '#/components/schemas/Node'}\n",
        );
        assert!(field(&api, "Node", "next").boxed);
    }
}
