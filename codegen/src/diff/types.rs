//! Types compared by their Rust name: struct fields, union variants, enum values and
//! kinds, each finding a change with the operations that reach the type.

use super::report::operation_ref;
use super::report::{Change, Item, OperationRef, Side, Usage};
use super::Rule;
use super::{deprecation, type_text, Context, Finding, Findings};
use crate::ir::{Api, EnumRepr, Field, Presence, TypeDef, TypeId, TypeKind, UnionVariant};
use std::collections::BTreeMap;

impl Context<'_> {
    pub(super) fn diff_types(&self, changes: &mut Vec<Change>) {
        let (old, new) = (self.old, self.new);
        let by_name = |api: &Api| -> BTreeMap<String, usize> {
            (api.types.iter().enumerate())
                .map(|(index, ty)| (ty.name.clone(), index))
                .collect()
        };
        let (old_index, new_index) = (by_name(old), by_name(new));
        // Each finding of a type becomes a change, with the operations either version
        // reaches it from.
        let place = |name: &str,
                     usage: Usage,
                     origin: (&str, &str),
                     operations: Vec<OperationRef>,
                     findings: Findings,
                     changes: &mut Vec<Change>| {
            changes.extend(findings.into_iter().map(|finding| {
                let pointer = finding.pointer.unwrap_or_else(|| {
                    match finding.side {
                        Side::Old => origin.0,
                        Side::New => origin.1,
                    }
                    .to_owned()
                });
                Change {
                    rule: finding.rule,
                    item: Item::Type {
                        name: name.to_owned(),
                        usage,
                    },
                    member: finding.member,
                    old: finding.old,
                    new: finding.new,
                    pointer,
                    side: finding.side,
                    line: None,
                    file: None,
                    rust: finding.rust.unwrap_or_else(|| format!("types::{name}")),
                    operations: operations.clone(),
                    ignored: None,
                }
            }));
        };
        for (index, ty) in new.types.iter().enumerate() {
            if !old_index.contains_key(&ty.name) {
                let finding = Finding::new(Rule::TypeAdded);
                let ops = self.operations(&[], &self.new_reach[TypeId(index)]);
                let origin = (ty.origin.as_str(), ty.origin.as_str());
                place(
                    &ty.name,
                    self.new_usage[TypeId(index)],
                    origin,
                    ops,
                    vec![finding],
                    changes,
                );
            }
        }
        for (index, ty) in old.types.iter().enumerate() {
            if !new_index.contains_key(&ty.name) {
                let rule = match ty.docs.deprecated {
                    true => Rule::DeprecatedTypeRemoved,
                    false => Rule::TypeRemoved,
                };
                let ops = self.operations(&self.old_reach[TypeId(index)], &[]);
                let origin = (ty.origin.as_str(), ty.origin.as_str());
                let finding = Finding::new(rule);
                place(
                    &ty.name,
                    self.old_usage[TypeId(index)],
                    origin,
                    ops,
                    vec![finding],
                    changes,
                );
            }
        }
        for (index, ty) in new.types.iter().enumerate() {
            let Some(&before) = old_index.get(&ty.name) else {
                continue;
            };
            // A change matters to callers wherever either version uses the type.
            let usage = self.old_usage[TypeId(before)].either(self.new_usage[TypeId(index)]);
            let sides = Sides { old, new, usage };
            let old_def = &old.types[before];
            let mut findings = sides.compare_types(old_def, ty);
            if findings.is_empty() && type_docs(old_def) != type_docs(ty) {
                findings.push(Finding::new(Rule::DocumentationChanged));
            }
            if findings.is_empty() {
                continue;
            }
            let ops = self.operations(
                &self.old_reach[TypeId(before)],
                &self.new_reach[TypeId(index)],
            );
            let origin = (old_def.origin.as_str(), ty.origin.as_str());
            place(&ty.name, usage, origin, ops, findings, changes);
        }
    }

    /// The operations of either version among `old` and `new` (indices), each once, by
    /// method name.
    fn operations(&self, old: &[usize], new: &[usize]) -> Vec<OperationRef> {
        let mut refs: Vec<OperationRef> = (old.iter().map(|&i| &self.old.operations[i]))
            .chain(new.iter().map(|&i| &self.new.operations[i]))
            .map(operation_ref)
            .collect();
        refs.sort_by(|a, b| a.method_name.cmp(&b.method_name));
        refs.dedup_by(|a, b| a.method_name == b.method_name);
        refs
    }
}

/// A type's documentation and that of its fields.
fn type_docs(ty: &TypeDef) -> Vec<&crate::ir::Docs> {
    let mut docs = vec![&ty.docs];
    if let TypeKind::Struct(s) = &ty.kind {
        docs.extend(s.fields.iter().map(|f| &f.docs));
    }
    docs
}

/// The two versions of a type, and how the client uses it.
struct Sides<'a> {
    old: &'a Api,
    new: &'a Api,
    usage: Usage,
}

impl Sides<'_> {
    fn compare_types(&self, old: &TypeDef, new: &TypeDef) -> Findings {
        let mut findings = Findings::new();
        findings.extend(deprecation(
            old.docs.deprecated,
            new.docs.deprecated,
            Rule::TypeDeprecated,
            Rule::TypeUndeprecated,
        ));
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(before), TypeKind::Struct(after)) => {
                self.compare_structs(old, before, new, after, &mut findings)
            }
            (TypeKind::Enum(before), TypeKind::Enum(after)) => {
                compare_enums(old, before, new, after, &mut findings)
            }
            (TypeKind::Union(before), TypeKind::Union(after)) => {
                self.compare_unions(old, before, new, after, &mut findings)
            }
            (TypeKind::Alias(before), TypeKind::Alias(after))
            | (TypeKind::Newtype(before), TypeKind::Newtype(after)) => {
                let (was, now) = (type_text(self.old, before), type_text(self.new, after));
                if was != now {
                    findings.push(Finding::new(Rule::TypeKindChanged).was(was).now(now));
                }
            }
            (before, after) => findings.push(
                Finding::new(Rule::TypeKindChanged)
                    .was(kind_text(self.old, before))
                    .now(kind_text(self.new, after)),
            ),
        }
        findings
    }

    /// A struct's fields, and the properties it keeps beyond them.
    fn compare_structs(
        &self,
        old: &TypeDef,
        before: &crate::ir::Struct,
        new: &TypeDef,
        after: &crate::ir::Struct,
        findings: &mut Findings,
    ) {
        let at = (old.origin.as_str(), new.origin.as_str());
        findings.extend(self.compare_fields(&before.fields, &after.fields, &new.name, "", at));
        let extra = |api: &Api, s: &crate::ir::Struct| {
            s.additional.as_ref().map(|a| type_text(api, &a.value))
        };
        let at = |def: &TypeDef| format!("{}/additionalProperties", def.origin);
        match (extra(self.old, before), extra(self.new, after)) {
            (None, Some(value)) => {
                let finding = Finding::new(Rule::AdditionalPropertiesAdded).now(value);
                findings.push(finding.at(at(new)))
            }
            (Some(value), None) => {
                let finding = Finding::new(Rule::AdditionalPropertiesRemoved).was(value);
                findings.push(finding.at(at(old)))
            }
            (Some(was), Some(now)) if was != now => {
                let finding = Finding::new(Rule::AdditionalPropertiesChanged).was(was);
                findings.push(finding.now(now).at(at(new)))
            }
            _ => {}
        }
    }

    fn compare_unions(
        &self,
        old: &TypeDef,
        before: &crate::ir::Union,
        new: &TypeDef,
        after: &crate::ir::Union,
        findings: &mut Findings,
    ) {
        let name = &new.name;
        if before.tag != after.tag {
            let tag = |t: &Option<String>| t.clone().unwrap_or_else(|| "none".to_owned());
            findings.push(
                Finding::new(Rule::UnionTagChanged)
                    .was(tag(&before.tag))
                    .now(tag(&after.tag)),
            );
        }
        for variant in &after.variants {
            let now = variant_text(self.new, variant);
            let rust = format!("types::{name}::{}", variant.name);
            match before.variants.iter().find(|v| v.name == variant.name) {
                // Without a tag there is no catch-all variant: a `match` on a value the
                // client returns must handle the new one.
                None => {
                    let rule = match after.tag.is_none() && self.usage.read() {
                        true => Rule::UnmatchedUnionVariantAdded,
                        false => Rule::UnionVariantAdded,
                    };
                    let finding = Finding::new(rule).member(&variant.name).now(now);
                    findings.push(finding.rust(rust));
                }
                Some(UnionVariant {
                    fields: Some(old_fields),
                    ..
                }) if variant.fields.is_some() => {
                    let new_fields = variant.fields.as_deref().unwrap_or_default();
                    let at = (old.origin.as_str(), new.origin.as_str());
                    let prefix = format!("{}.", variant.name);
                    let fields = self.compare_fields(old_fields, new_fields, name, &prefix, at);
                    findings.extend(fields.into_iter().map(|mut f| {
                        f.pointer = None;
                        f
                    }));
                }
                Some(old_variant) => {
                    let was = variant_text(self.old, old_variant);
                    if was != now {
                        let finding = Finding::new(Rule::UnionVariantChanged)
                            .member(&variant.name)
                            .was(was)
                            .now(now);
                        findings.push(finding.rust(rust));
                    }
                }
            }
        }
        for variant in &before.variants {
            if !after.variants.iter().any(|v| v.name == variant.name) {
                let finding = Finding::new(Rule::UnionVariantRemoved).member(&variant.name);
                findings.push(finding.rust(format!("types::{name}::{}", variant.name)));
            }
        }
    }

    /// The changes to the fields of the type `owner` (or of its variant, when `prefix`
    /// is `Variant.`); `origin` is the type's pointer in each version.
    fn compare_fields(
        &self,
        old: &[Field],
        new: &[Field],
        owner: &str,
        prefix: &str,
        origin: (&str, &str),
    ) -> Findings {
        let mut findings = Findings::new();
        let pointer = |origin: &str, field: &Field| {
            let token = crate::json_pointer::escape_token(&field.wire_name);
            format!("{origin}/properties/{token}")
        };
        let rust = |field: &Field| match prefix {
            "" => format!("types::{owner}::{}", field.name),
            variant => format!("types::{owner}::{variant}{}", field.name).replace('.', "::"),
        };
        for field in new {
            let member = format!("{prefix}{}", field.wire_name);
            let here = |rule| {
                (Finding::new(rule).member(&member))
                    .at(pointer(origin.1, field))
                    .rust(rust(field))
            };
            let Some(before) = old.iter().find(|f| f.wire_name == field.wire_name) else {
                let text = field_text(self.new, field);
                let must_set = !text.starts_with("Option<");
                let rule = match must_set && self.usage.built() {
                    true => Rule::RequestPropertyRequiredAdded,
                    false => Rule::PropertyAdded,
                };
                findings.push(here(rule).now(text));
                continue;
            };
            let (was, now) = (field_text(self.old, before), field_text(self.new, field));
            if before.name != field.name {
                let finding = here(Rule::PropertyRenamed).was(&before.name);
                findings.push(finding.now(&field.name));
            }
            if was != now {
                findings.push(here(Rule::PropertyTypeChanged).was(was).now(now));
            } else if (before.required, before.nullable) != (field.required, field.nullable) {
                // The Rust type is the same; only what goes on the wire changed.
                let presence = |f: &Field| {
                    let required = if f.required { "required" } else { "optional" };
                    let nullable = if f.nullable { ", nullable" } else { "" };
                    format!("{required}{nullable}")
                };
                let finding = here(Rule::PropertyPresenceChanged).was(presence(before));
                findings.push(finding.now(presence(field)));
            }
            findings.extend(
                deprecation(
                    before.docs.deprecated,
                    field.docs.deprecated,
                    Rule::PropertyDeprecated,
                    Rule::PropertyUndeprecated,
                )
                .map(|f| {
                    f.member(&member)
                        .at(pointer(origin.1, field))
                        .rust(rust(field))
                }),
            );
        }
        for field in old {
            if !new.iter().any(|f| f.wire_name == field.wire_name) {
                let rule = match field.docs.deprecated {
                    true => Rule::DeprecatedPropertyRemoved,
                    false => Rule::PropertyRemoved,
                };
                let finding = Finding::new(rule).member(format!("{prefix}{}", field.wire_name));
                findings.push(finding.at(pointer(origin.0, field)).rust(rust(field)));
            }
        }
        findings
    }
}

/// An enum's values: by wire value, each with its Rust variant.
fn compare_enums(
    old: &TypeDef,
    before: &crate::ir::Enum,
    new: &TypeDef,
    after: &crate::ir::Enum,
    findings: &mut Findings,
) {
    let name = &new.name;
    let at = |def: &TypeDef| format!("{}/enum", def.origin);
    let rust = |variant: &crate::ir::Variant| format!("types::{name}::{}", variant.name);
    let kind = |e: &crate::ir::Enum| match e.constant_value() {
        Some(_) => "constant (unit struct)",
        None => "enum",
    };
    if kind(before) != kind(after) {
        let finding = Finding::new(Rule::TypeKindChanged).was(kind(before));
        findings.push(
            finding
                .now(kind(after))
                .at(at(new))
                .rust(format!("types::{name}")),
        );
        return;
    }
    if before.repr != after.repr {
        let repr = |r: EnumRepr| match r {
            EnumRepr::String => "strings",
            EnumRepr::Integer => "integers",
        };
        let finding = Finding::new(Rule::EnumReprChanged).was(repr(before.repr));
        findings.push(finding.now(repr(after.repr)).at(at(new)));
    }
    for variant in &after.variants {
        let here = |rule| {
            (Finding::new(rule).member(&variant.wire_value))
                .at(at(new))
                .rust(rust(variant))
        };
        match (before.variants.iter()).find(|v| v.wire_value == variant.wire_value) {
            None => findings.push(here(Rule::EnumValueAdded)),
            Some(old_variant) if old_variant.name != variant.name => findings.push(
                here(Rule::EnumValueRenamed)
                    .was(&old_variant.name)
                    .now(&variant.name),
            ),
            Some(_) => {}
        }
    }
    for variant in &before.variants {
        if !(after.variants.iter()).any(|v| v.wire_value == variant.wire_value) {
            let finding = Finding::new(Rule::EnumValueRemoved).member(&variant.wire_value);
            findings.push(finding.at(at(old)).rust(rust(variant)));
        }
    }
}

/// A variant's payload as the generated code writes it: a type, or `{ field: Type, .. }`.
fn variant_text(api: &Api, variant: &UnionVariant) -> String {
    match &variant.fields {
        None => type_text(api, &variant.ty),
        Some(fields) => {
            let fields: Vec<String> = (fields.iter())
                .map(|f| format!("{}: {}", f.name, type_text(api, &f.ty)))
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
    }
}

fn kind_text(api: &Api, kind: &TypeKind) -> String {
    match kind {
        TypeKind::Struct(_) => "struct".to_owned(),
        TypeKind::Enum(e) if e.constant_value().is_some() => "constant".to_owned(),
        TypeKind::Enum(_) => "enum".to_owned(),
        TypeKind::Union(_) => "union".to_owned(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => type_text(api, ty),
        TypeKind::External(path) => path.clone(),
    }
}

/// A field's Rust type: its value type, boxed where it closes a cycle, in one `Option`
/// when it may be absent or `null` and two when it may be both.
fn field_text(api: &Api, field: &Field) -> String {
    let mut text = type_text(api, &field.ty);
    if field.boxed {
        text = format!("Box<{text}>");
    }
    match field.presence() {
        Presence::Required => text,
        Presence::Optional | Presence::OptionalPresent => format!("Option<{text}>"),
        Presence::OptionalNullable => format!("Option<Option<{text}>>"),
    }
}
