//! A closed enum of one value that only required properties hold is a constant: the
//! property says nothing its struct does not (a union variant's tag, a version number),
//! so its type becomes a unit struct that writes the value and reads no other. An enum
//! of one value held anywhere else (an array's items, a parameter, an optional
//! property) stays an enum with its catch-all: there a newer server may send more.

use crate::ir::{Api, PerType, Presence, TypeKind, TypeRef};

pub(super) fn mark_constants(api: &mut Api) {
    let mut uses = PerType::new(api, 0usize);
    api.for_each_type_ref_mut(&mut |ty| {
        if let TypeRef::Named(id) = ty {
            uses[*id] += 1;
        }
    });
    let mut as_required_property = PerType::new(api, 0usize);
    for def in &api.types {
        let TypeKind::Struct(object) = &def.kind else {
            continue;
        };
        for field in &object.fields {
            if let (TypeRef::Named(id), Presence::Required) = (&field.ty, field.presence()) {
                as_required_property[*id] += 1;
            }
        }
    }
    for id in api.type_ids() {
        let held = as_required_property[id];
        if let TypeKind::Enum(e) = &mut api.ty_mut(id).kind {
            e.constant = e.variants.len() == 1 && !e.open && held > 0 && held == uses[id];
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::TypeKind;

    #[test]
    fn only_an_enum_of_one_value_held_by_required_properties_alone_is_a_constant() {
        let document = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Tag: {type: string, enum: [celsius]}
    Item: {type: string, enum: [only]}
    Pair: {type: string, enum: [a, b]}
    Reading:
      type: object
      required: [unit, items, pair, maybe]
      properties:
        unit: {$ref: "#/components/schemas/Tag"}
        items: {type: array, items: {$ref: "#/components/schemas/Item"}}
        pair: {$ref: "#/components/schemas/Pair"}
        maybe: {type: string, enum: [x], nullable: true}
        optional: {type: string, enum: [y]}
"##;
        let api = crate::test_support::api_of(document);
        let constants: Vec<&str> = (api.types.iter())
            .filter(|t| matches!(&t.kind, TypeKind::Enum(e) if e.constant_value().is_some()))
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(constants, ["Tag"]);
    }
}
