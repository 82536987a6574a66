//! Objects: a struct from a schema's properties, `allOf` parts merged into one, the
//! additional properties, and the parts of a multipart form.

use super::classify::{docs_of, format_of, is_annotation, kind_of, nullable_item, Kind};
use super::{TypeSpace, MAX_DEPTH};
use crate::diagnostics::{Diagnostic, Error};
use crate::ir::{AdditionalFields, Field, FormPart, FormPartKind, Struct, TypeRef};
use crate::json_pointer::join_pointer;
use crate::naming::{camel_ident, field_ident, urn_tail, Scope};
use crate::resolve::pointer::SchemaRef;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use std::collections::BTreeSet;

/// One property on its way to becoming a field.
pub(super) struct PropertySource<'s> {
    pub(super) wire_name: String,
    pub(super) schema: SchemaRef<'s>,
    pub(super) pointer: String,
    /// The name of the type the property belongs to, for naming its inline types.
    pub(super) owner: String,
}

#[derive(Default)]
struct Collected<'s> {
    properties: Vec<PropertySource<'s>>,
    required: Vec<String>,
    additional: Option<&'s AdditionalProperties>,
}

impl<'a> TypeSpace<'a> {
    pub(super) fn additional(
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

    pub(super) fn build_struct(
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
    pub(super) fn merge(
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
    pub(crate) fn form_parts(
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
}
