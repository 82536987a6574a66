//! The inline objects of a tagged union become struct variants. The variant is the tag,
//! so the tag is written once (a value cannot contradict itself), and neither the object
//! nor its one-value tag enum is a type of its own.

use crate::ir::{Api, PerType, TypeKind, TypeRef};

pub(super) fn inline_struct_variants(api: &mut Api) {
    let uses = use_counts(api);
    let mut keep = PerType::new(api, true);
    for index in 0..api.types.len() {
        let TypeKind::Union(union) = &api.types[index].kind else {
            continue;
        };
        let Some(tag) = &union.tag else {
            continue;
        };
        let inside = format!("{}/", api.types[index].origin);
        let mut absorbed = Vec::new();
        for (position, variant) in union.variants.iter().enumerate() {
            let TypeRef::Named(id) = variant.ty else {
                continue;
            };
            let def = api.ty(id);
            let TypeKind::Struct(object) = &def.kind else {
                continue;
            };
            // Only an object of this union alone, without extra properties or defaults
            // to fill in (both need a type of their own).
            let own = uses[id] == 1 && def.origin.starts_with(&inside);
            let plain = object.additional.is_none()
                && !object
                    .fields
                    .iter()
                    .any(|f| f.required && f.docs.default.is_some());
            if !own || !plain || !def.extra_derives.is_empty() || !def.extra_attributes.is_empty() {
                continue;
            }
            let mut gone = vec![id];
            let mut fields = object.fields.clone();
            if let Some(at) = fields.iter().position(|f| f.wire_name == *tag) {
                let tag_field = fields.remove(at);
                if let TypeRef::Named(tag_type) = tag_field.ty {
                    let tag_def = api.ty(tag_type);
                    if uses[tag_type] == 1
                        && tag_def.origin.starts_with(&format!("{}/", def.origin))
                    {
                        gone.push(tag_type);
                    }
                }
            }
            absorbed.push((position, fields, def.docs.clone(), gone));
        }
        let TypeKind::Union(union) = &mut api.types[index].kind else {
            continue;
        };
        for (position, fields, docs, gone) in absorbed {
            let variant = &mut union.variants[position];
            variant.ty = TypeRef::Unit;
            variant.fields = Some(fields);
            variant.docs = docs;
            variant.boxed = false;
            for id in gone {
                keep[id] = false;
            }
        }
    }
    if keep.values().any(|kept| !kept) {
        api.retain_types(&keep);
    }
}

/// How many places name each type: type definitions and operations.
fn use_counts(api: &Api) -> PerType<usize> {
    let mut uses = PerType::new(api, 0);
    for id in api.type_ids() {
        for used in api.type_dependencies(id) {
            uses[used] += 1;
        }
    }
    for operation in &api.operations {
        for used in Api::operation_types(operation) {
            uses[used] += 1;
        }
    }
    uses
}

#[cfg(test)]
mod tests {
    use crate::ir::{TypeKind, TypeRef};

    #[test]
    fn inline_objects_of_a_tagged_union_become_struct_variants_without_the_tag() {
        let document = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Range:
      oneOf:
        - {type: object, required: [type, end], properties: {type: {type: string, enum: [range_to]}, end: {type: number}}}
        - {$ref: "#/components/schemas/Everything"}
      discriminator: {propertyName: type, mapping: {range_to: "#/components/schemas/Range/oneOf/0", all: "#/components/schemas/Everything"}}
    Everything:
      type: object
      required: [type]
      properties: {type: {type: string}}
"##;
        let api = crate::test_support::api_of(document);
        let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Range", "Everything"]);
        let TypeKind::Union(union) = &api.types[0].kind else {
            panic!("not a union");
        };
        let fields = union.variants[0].fields.as_ref().expect("a struct variant");
        let wire: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
        assert_eq!(wire, ["end"]);
        // A referenced schema is a type of its own, used elsewhere too: it stays one.
        assert_eq!(union.variants[1].fields, None);
        assert!(matches!(union.variants[1].ty, TypeRef::Named(_)));
    }
}
