//! Schemas -> named types and type expressions.

use crate::diagnostics::{join_pointer, Diagnostic, Error, Location};
use crate::ir::{
    Docs, Enum, Field, FloatWidth, IntegerWidth, Struct, TypeDef, TypeId, TypeKind, TypeRef,
    Variant,
};
use crate::naming::{camel_ident, field_ident, urn_tail, Scope};
use crate::normalize::NULL_TYPE_EXTENSION;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, ReferenceOr, Schema, SchemaData,
    SchemaKind, Type, VariantOrUnknownOrEmpty,
};
use std::collections::BTreeMap;

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// A schema as written, or a reference to one (both `ReferenceOr<Schema>` and
/// `ReferenceOr<Box<Schema>>` occur in `openapiv3`).
#[derive(Clone, Copy)]
pub enum SchemaRef<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(schema: &'s ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(schema: &'s ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// What a schema use site needs to know: the type, whether `null` is allowed, and docs.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub ty: TypeRef,
    pub nullable: bool,
    pub docs: Docs,
}

/// The one structural view of a schema, whichever way `openapiv3` parsed it.
enum Kind<'s> {
    String(Vec<String>),
    Integer(IntegerWidth),
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
        SchemaKind::Type(Type::Integer(integer)) => Kind::Integer(match integer.format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntegerWidth::I32,
            _ => IntegerWidth::I64,
        }),
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
        SchemaKind::Any(any) => {
            if !any.all_of.is_empty() {
                Kind::AllOf(&any.all_of)
            } else if !any.one_of.is_empty() {
                Kind::Union(&any.one_of)
            } else if !any.any_of.is_empty() {
                Kind::Union(&any.any_of)
            } else if !any.properties.is_empty() || any.typ.as_deref() == Some("object") {
                Kind::Object {
                    properties: &any.properties,
                    required: &any.required,
                    additional: any.additional_properties.as_ref(),
                }
            } else if any.items.is_some() || any.typ.as_deref() == Some("array") {
                Kind::Array(any.items.as_ref())
            } else if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string()) {
                Kind::String(
                    any.enumeration
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect(),
                )
            } else {
                match any.typ.as_deref() {
                    Some("string") => Kind::String(Vec::new()),
                    Some("integer") => Kind::Integer(IntegerWidth::I64),
                    Some("number") => Kind::Number(FloatWidth::F64),
                    Some("boolean") => Kind::Boolean,
                    _ => Kind::Any,
                }
            }
        }
    }
}

fn docs_of(data: &SchemaData) -> Docs {
    Docs {
        title: data.title.clone(),
        description: data.description.clone(),
        example: data.example.clone(),
        deprecated: data.deprecated,
    }
}

/// The types of one document, assigned ids before conversion.
pub struct TypeSpace<'a> {
    file: &'a str,
    spec: &'a OpenAPI,
    slots: Vec<Slot>,
    components: BTreeMap<&'a str, TypeId>,
    /// Component schemas that admit `null` themselves; a `$ref` to one is nullable.
    nullable_components: Vec<TypeId>,
    names: Scope,
}

struct Slot {
    name: String,
    origin: String,
    def: Option<(Docs, TypeKind)>,
}

impl<'a> TypeSpace<'a> {
    pub fn new(file: &'a str, spec: &'a OpenAPI) -> Self {
        TypeSpace {
            file,
            spec,
            slots: Vec::new(),
            components: BTreeMap::new(),
            nullable_components: Vec::new(),
            names: Scope::default(),
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
            if matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable) {
                self.nullable_components.push(id);
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
                    let target = self.reference(reference, &pointer)?;
                    (Docs::default(), TypeKind::Alias(TypeRef::Named(target)))
                }
                ReferenceOr::Item(schema) => {
                    let docs = docs_of(&schema.schema_data);
                    let kind = if needs_name(schema) {
                        self.named_kind(schema, &type_name, &pointer, diagnostics)?
                    } else {
                        TypeKind::Alias(self.expression(
                            schema,
                            &type_name,
                            &pointer,
                            diagnostics,
                        )?)
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

    fn reference(&self, reference: &str, pointer: &str) -> Result<TypeId, Error> {
        reference
            .strip_prefix(COMPONENT_PREFIX)
            .and_then(|name| self.components.get(unescape(name).as_str()).copied())
            .ok_or_else(|| {
                Error::new(
                    self.file,
                    Location::Pointer(pointer.to_owned()),
                    format!(
                        "unresolved $ref `{reference}`: only references to existing `{COMPONENT_PREFIX}...` entries are supported"
                    ),
                )
            })
    }

    /// The type of a schema at a use site; inline objects and enums become named types
    /// called `hint`.
    pub fn shape(
        &mut self,
        schema: SchemaRef<'_>,
        hint: &str,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Shape, Error> {
        match schema {
            SchemaRef::Ref(reference) => {
                let id = self.reference(reference, pointer)?;
                Ok(Shape {
                    ty: TypeRef::Named(id),
                    nullable: self.nullable_components.contains(&id),
                    docs: Docs::default(),
                })
            }
            SchemaRef::Inline(schema) => {
                let mut docs = docs_of(&schema.schema_data);
                let mut nullable = schema.schema_data.nullable;
                let ty = if needs_name(schema) {
                    let id = self.allocate(hint, pointer.to_owned());
                    let name = self.slots[id.0].name.clone();
                    let kind = self.named_kind(schema, &name, pointer, diagnostics)?;
                    // The docs travel with the named type; the use site keeps a copy.
                    self.slots[id.0].def = Some((docs.clone(), kind));
                    TypeRef::Named(id)
                } else {
                    match kind_of(schema) {
                        Kind::AllOf([single]) => {
                            let inner = self.shape(single.into(), hint, pointer, diagnostics)?;
                            nullable |= inner.nullable;
                            if docs.description.is_none() {
                                docs.description = inner.docs.description;
                            }
                            inner.ty
                        }
                        Kind::Union(branches) => {
                            let (ty, null) = self.union(branches, hint, pointer, diagnostics)?;
                            nullable |= null;
                            ty
                        }
                        _ => self.expression(schema, hint, pointer, diagnostics)?,
                    }
                };
                Ok(Shape { ty, nullable, docs })
            }
        }
    }

    /// `anyOf`/`oneOf`: a branch plus `null` is that branch, nullable. Real unions are
    /// carried as JSON values for now.
    fn union(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        hint: &str,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<(TypeRef, bool), Error> {
        let is_null = |branch: &ReferenceOr<Schema>| matches!(branch, ReferenceOr::Item(schema) if matches!(kind_of(schema), Kind::Null));
        let has_null = branches.iter().any(is_null);
        let rest: Vec<_> = branches.iter().filter(|b| !is_null(b)).collect();
        if let [only] = rest.as_slice() {
            let shape = self.shape((*only).into(), hint, pointer, diagnostics)?;
            return Ok((shape.ty, has_null || shape.nullable));
        }
        diagnostics.push(Diagnostic::warning(
            pointer,
            "a union of several schemas is carried as `serde_json::Value` for now",
        ));
        Ok((TypeRef::Json, has_null))
    }

    /// A schema that needs no name of its own: primitives, arrays, maps, free-form JSON.
    fn expression(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<TypeRef, Error> {
        Ok(match kind_of(schema) {
            Kind::String(_) => TypeRef::String,
            Kind::Integer(width) => TypeRef::Integer(width),
            Kind::Number(width) => TypeRef::Number(width),
            Kind::Boolean => TypeRef::Boolean,
            Kind::Null => TypeRef::Unit,
            Kind::Any => TypeRef::Json,
            Kind::Array(items) => match items {
                Some(items) => {
                    let item_hint = format!("{hint}Item");
                    let item_pointer = join_pointer(pointer, "items");
                    let item = self.shape(items.into(), &item_hint, &item_pointer, diagnostics)?;
                    TypeRef::Array(Box::new(nullable_item(item)))
                }
                None => TypeRef::Array(Box::new(TypeRef::Json)),
            },
            Kind::Object { additional, .. } => match additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let value_hint = format!("{hint}Value");
                    let value_pointer = join_pointer(pointer, "additionalProperties");
                    let value = self.shape(
                        value.as_ref().into(),
                        &value_hint,
                        &value_pointer,
                        diagnostics,
                    )?;
                    TypeRef::Map(Box::new(nullable_item(value)))
                }
                _ => TypeRef::JsonObject,
            },
            Kind::AllOf(parts) => {
                if let [single] = parts {
                    self.shape(single.into(), hint, pointer, diagnostics)?.ty
                } else {
                    diagnostics.push(Diagnostic::warning(
                        pointer,
                        "`allOf` of several schemas is carried as `serde_json::Value` for now",
                    ));
                    TypeRef::Json
                }
            }
            Kind::Union(branches) => self.union(branches, hint, pointer, diagnostics)?.0,
        })
    }

    /// A struct or an enum for a schema that [`needs_name`].
    fn named_kind(
        &mut self,
        schema: &Schema,
        type_name: &str,
        pointer: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<TypeKind, Error> {
        match kind_of(schema) {
            Kind::String(values) => {
                let mut names = Scope::default();
                let variants = values
                    .into_iter()
                    .map(|value| Variant {
                        name: names.claim(&camel_ident(&value)),
                        wire_value: value,
                    })
                    .collect();
                Ok(TypeKind::Enum(Enum { variants }))
            }
            Kind::Object {
                properties,
                required,
                additional,
            } => {
                if matches!(additional, Some(AdditionalProperties::Schema(_))) {
                    diagnostics.push(Diagnostic::warning(
                        join_pointer(pointer, "additionalProperties"),
                        "extra properties beside named ones are not kept yet",
                    ));
                }
                let mut names = Scope::default();
                let mut fields = Vec::with_capacity(properties.len());
                for (wire_name, property) in properties {
                    let here = join_pointer(&join_pointer(pointer, "properties"), wire_name);
                    let hint_words = urn_tail(wire_name).unwrap_or_else(|| wire_name.clone());
                    let hint = format!("{type_name}{}", camel_ident(&hint_words));
                    let shape = self.shape(property.into(), &hint, &here, diagnostics)?;
                    fields.push(Field {
                        name: names.claim(&field_ident(wire_name)),
                        wire_name: wire_name.clone(),
                        ty: shape.ty,
                        required: required.contains(wire_name),
                        nullable: shape.nullable,
                        boxed: false,
                        docs: shape.docs,
                    });
                }
                Ok(TypeKind::Struct(Struct { fields }))
            }
            _ => Ok(TypeKind::Alias(self.expression(
                schema,
                type_name,
                pointer,
                diagnostics,
            )?)),
        }
    }

    /// All types, with cycles of by-value containment broken by boxing.
    pub fn finish(self) -> Vec<TypeDef> {
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
                }
            })
            .collect();
        box_cycles(&mut types);
        types
    }
}

/// Items and map values that may be `null` are `Option<T>`.
fn nullable_item(shape: Shape) -> TypeRef {
    if shape.nullable && !matches!(shape.ty, TypeRef::Json | TypeRef::Unit) {
        TypeRef::Nullable(Box::new(shape.ty))
    } else {
        shape.ty
    }
}

/// Objects with properties and string enums become named types.
fn needs_name(schema: &Schema) -> bool {
    match kind_of(schema) {
        Kind::String(values) => !values.is_empty(),
        Kind::Object { properties, .. } => !properties.is_empty(),
        _ => false,
    }
}

/// A `$ref` token may escape `/` and `~` (RFC 6901) and percent-encode the rest.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The named type a field holds by value (through aliases), if any.
fn by_value_target(types: &[TypeDef], ty: &TypeRef) -> Option<TypeId> {
    let mut current = match ty {
        TypeRef::Named(id) => *id,
        _ => return None,
    };
    for _ in 0..types.len() {
        match &types[current.0].kind {
            TypeKind::Alias(TypeRef::Named(next)) => current = *next,
            _ => return Some(current),
        }
    }
    None
}

fn box_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<TypeId>> = types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .filter_map(|field| by_value_target(types, &field.ty))
                .collect(),
            _ => Vec::new(),
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
        if let TypeKind::Struct(s) = &def.kind {
            for (field_index, field) in s.fields.iter().enumerate() {
                if let Some(target) = by_value_target(types, &field.ty) {
                    if reaches(target, TypeId(index)) {
                        to_box.push((index, field_index));
                    }
                }
            }
        }
    }
    for (index, field_index) in to_box {
        if let TypeKind::Struct(s) = &mut types[index].kind {
            s.fields[field_index].boxed = true;
        }
    }
}
