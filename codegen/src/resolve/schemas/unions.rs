//! Unions: `oneOf` and `anyOf` branches as variants, tagged when a discriminator (or a
//! property every branch fixes) tells them apart.

use super::classify::{kind_of, non_null, string_enum, Kind};
use super::{TypeSpace, COMPONENT_PREFIX, MAX_DEPTH};
use crate::diagnostics::{Diagnostic, Error};
use crate::ir::{Docs, TypeKind, TypeRef, Union, UnionVariant};
use crate::json_pointer::{join_pointer, unescape_token};
use crate::naming::{camel_ident, Scope};
use crate::resolve::pointer::SchemaRef;
use openapiv3::{Discriminator, ReferenceOr, Schema};
use std::collections::{BTreeMap, BTreeSet};

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

impl<'a> TypeSpace<'a> {
    /// `oneOf`/`anyOf` with several non-null branches.
    pub(super) fn union(
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
}
