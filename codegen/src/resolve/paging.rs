//! Finds list operations that page with a cursor, from the document's shape alone: an
//! optional `cursor` query parameter, and a reply with one array of items and a page-info
//! object holding `nextCursor` (and maybe `hasNextPage`).

use crate::ir::{
    BodyKind, Field, Operation, Pagination, ParamLocation, TypeDef, TypeKind, TypeRef,
};
use crate::naming::Scope;

pub fn detect(types: &[TypeDef], operations: &mut [Operation]) {
    let mut names = Scope::default();
    for operation in operations.iter() {
        names.claim(&operation.method_name);
        if let Some(download) = &operation.download_method {
            names.claim(download);
        }
    }
    for operation in operations.iter_mut() {
        if let Some(mut pagination) = pagination_of(types, operation) {
            let base = operation.method_name.trim_start_matches("r#");
            pagination.stream_method = names.claim(&format!("{base}_stream"));
            operation.pagination = Some(pagination);
        }
    }
}

fn pagination_of(types: &[TypeDef], operation: &Operation) -> Option<Pagination> {
    if operation.body.is_some() {
        return None;
    }
    let cursor_parameter = operation.parameters.iter().position(|p| {
        p.location == ParamLocation::Query
            && !p.required
            && p.wire_name == "cursor"
            && p.ty == TypeRef::String
    })?;
    let BodyKind::Json(TypeRef::Named(reply)) = &operation.success_response()?.body.as_ref()?.kind
    else {
        return None;
    };
    let reply = struct_fields(types, *reply)?;
    let arrays: Vec<&Field> = reply
        .iter()
        .filter(|f| matches!(f.ty, TypeRef::Array(_)) && !f.boxed)
        .collect();
    let [items] = arrays.as_slice() else {
        return None;
    };
    let TypeRef::Array(item_type) = &items.ty else {
        return None;
    };
    let page_info = reply
        .iter()
        .find(|f| f.wire_name == "pageInfo" && !f.boxed)?;
    let TypeRef::Named(info) = &page_info.ty else {
        return None;
    };
    let info = struct_fields(types, *info)?;
    let next_cursor = info
        .iter()
        .find(|f| f.wire_name == "nextCursor" && f.ty == TypeRef::String)?;
    let has_next_page = info
        .iter()
        .find(|f| f.wire_name == "hasNextPage" && f.ty == TypeRef::Boolean);
    Some(Pagination {
        stream_method: String::new(),
        cursor_parameter,
        items: (*items).clone(),
        item_type: (**item_type).clone(),
        page_info: page_info.clone(),
        next_cursor: next_cursor.clone(),
        has_next_page: has_next_page.cloned(),
    })
}

fn struct_fields(types: &[TypeDef], id: crate::ir::TypeId) -> Option<&[Field]> {
    match &types.get(id.0)?.kind {
        TypeKind::Struct(s) => Some(&s.fields),
        TypeKind::Alias(TypeRef::Named(inner)) => struct_fields(types, *inner),
        _ => None,
    }
}
