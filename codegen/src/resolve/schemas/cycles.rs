//! Cycles: an alias that reaches itself is broken, and a type that holds itself by
//! value is boxed where the cycle closes.

use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// `A = B`, `B = A`: an alias cycle names no type at all; it becomes a JSON value.
pub(super) fn break_alias_cycles(types: &mut [TypeDef]) {
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
pub(super) fn wrap_self_containing_aliases(types: &mut [TypeDef]) {
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

pub(super) fn box_cycles(types: &mut [TypeDef]) {
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
