//! Where the client uses each type (in requests, in responses) and which operations
//! reach it, for the levels and the operations of a type's changes.

use super::report::Usage;
use crate::ir::{Api, BodyKind, FormPartKind, PerType, TypeId, TypeKind, TypeRef};

/// For each type: whether requests, responses or both hold it, directly or inside
/// another type.
pub(super) fn usages(api: &Api) -> PerType<Usage> {
    let mut pending: Vec<(TypeId, bool)> = Vec::new();
    let mut note = |ty: &TypeRef, request: bool| {
        if let Some(id) = ty.named() {
            pending.push((id, request));
        }
    };
    for op in &api.operations {
        for parameter in &op.parameters {
            note(&parameter.ty, true);
        }
        if let Some(body) = &op.body {
            body_types(&body.kind, true, &mut note);
            for alternative in &body.alternatives {
                body_types(&alternative.kind, true, &mut note);
            }
        }
        for response in &op.responses {
            if let Some(body) = &response.body {
                body_types(&body.kind, false, &mut note);
            }
        }
        if let Some(item) = op.stream.as_ref().and_then(|s| s.item.as_ref()) {
            note(item, false);
        }
    }
    // A webhook's payload arrives, like a response.
    for webhook in &api.webhooks {
        note(&webhook.payload, false);
    }
    let mut usage = PerType::new(api, Usage::default());
    while let Some((id, request)) = pending.pop() {
        let seen = &mut usage[id];
        let flag = if request {
            &mut seen.request
        } else {
            &mut seen.response
        };
        if *flag {
            continue;
        }
        *flag = true;
        let def = api.ty(id);
        let extra = match &def.kind {
            TypeKind::Struct(s) => s.additional.as_ref().map(|a| &a.value),
            _ => None,
        };
        let inner = (def.kind.members().into_iter().map(|(ty, _)| ty)).chain(extra);
        pending.extend(inner.filter_map(|ty| ty.named().map(|n| (n, request))));
    }
    usage
}

/// For each type, the operations (indices) whose parameters, bodies or responses reach
/// it, directly or inside other types.
pub(super) fn reaching_operations(api: &Api) -> PerType<Vec<usize>> {
    let mut reach = PerType::new(api, Vec::new());
    for (index, op) in api.operations.iter().enumerate() {
        let mut todo = Api::operation_types(op);
        while let Some(id) = todo.pop() {
            if reach[id].last() != Some(&index) {
                reach[id].push(index);
                todo.extend(api.type_dependencies(id));
            }
        }
    }
    reach
}

/// Hands each type a body holds to `note`.
fn body_types(kind: &BodyKind, request: bool, note: &mut dyn FnMut(&TypeRef, bool)) {
    match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty, _) => note(ty, request),
        BodyKind::Multipart(parts) => {
            for part in parts {
                if let FormPartKind::Value(ty) = &part.kind {
                    note(ty, request);
                }
            }
        }
        BodyKind::Text | BodyKind::Binary => {}
    }
}
