//! Schemas -> named types and type expressions: the type space.
//!
//! Every inline schema that becomes a named type is remembered by its JSON pointer, so a
//! schema reached twice (through an `allOf` merge, say) is one Rust type. The files of this
//! folder hold the parts of the conversion: `classify.rs` reads what a schema is,
//! `objects.rs` builds structs (merging `allOf`), `unions.rs` builds unions and reads
//! their discriminators, `cycles.rs` boxes what holds itself by value.

mod classify;
mod cycles;
mod objects;
mod unions;

use super::pointer::{self, SchemaRef};
use crate::diagnostics::{Diagnostic, Error};
use crate::ir::{Docs, Example, TypeDef, TypeId, TypeKind, TypeRef};
use crate::json_pointer::{join_pointer, reference_tokens};
use crate::naming::{camel_ident, Scope};
use classify::{
    docs_of, format_of, has_null_branch, integer_enum, is_annotation, kind_of, merge_docs,
    non_null, nullable_item, string_enum, substantive, union_keyword, Kind,
};
use cycles::{box_cycles, break_alias_cycles, wrap_self_containing_aliases};
use objects::PropertySource;
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema};
use std::collections::{BTreeMap, BTreeSet};

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// How deep `allOf` merges and reference chains may go before the schema is called cyclic.
const MAX_DEPTH: usize = 64;

/// What a schema use site needs to know: the type, whether `null` is allowed, and docs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shape {
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

/// The types of one document, assigned ids before conversion.
pub(crate) struct TypeSpace<'a> {
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

/// `pointer/keyword/index`, the pointer of one branch of a composition.
fn indexed(pointer: &str, keyword: &str, index: usize) -> String {
    join_pointer(&join_pointer(pointer, keyword), &index.to_string())
}

impl<'a> TypeSpace<'a> {
    pub(crate) fn new(spec: &'a OpenAPI, formats: crate::settings::Formats) -> Self {
        TypeSpace {
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

    fn component_schemas(&self) -> impl Iterator<Item = (&'a String, &'a ReferenceOr<Schema>)> {
        let spec: &'a OpenAPI = self.spec;
        spec.components
            .iter()
            .flat_map(|components| components.schemas.iter())
    }

    /// Gives every component schema its id and name, in document order.
    pub(crate) fn declare_components(&mut self) -> Result<(), Error> {
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

    pub(crate) fn define_components(
        &mut self,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<(), Error> {
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
    pub(crate) fn shape(
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
    pub(crate) fn record_example(
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

    /// All types (with cycles of by-value containment broken by boxing) and examples.
    pub(crate) fn finish(self) -> (Vec<TypeDef>, Vec<Example>) {
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
        crate::test_support::api_of(&document)
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
