//! Finds list operations that page: from the document's shape, an optional `cursor`
//! query parameter and a reply with one array of items and a page-info object holding
//! `nextCursor` (and maybe `hasNextPage`), or SCIM's optional `startIndex` parameter and a
//! reply with `totalResults` and its items (`Resources`); from Dropshot's
//! `x-dropshot-pagination` extension, an optional `page_token` parameter and a reply with
//! `items` and `next_page`.

use crate::ir::{
    BodyKind, Field, HttpMethod, Operation, Pagination, Paging, ParamLocation, TypeDef, TypeKind,
    TypeRef,
};
use crate::naming::Scope;
use std::collections::BTreeSet;

/// `token_paged`: the operations (HTTP method, path) marked with
/// `x-dropshot-pagination`.
pub(super) fn detect(
    types: &[TypeDef],
    operations: &mut [Operation],
    token_paged: &BTreeSet<(HttpMethod, String)>,
) {
    let mut names = Scope::default();
    for operation in operations.iter() {
        names.claim(&operation.method_name);
        if let Some(download) = &operation.download_method {
            names.claim(download);
        }
    }
    for operation in operations.iter_mut() {
        let key = (operation.http_method, operation.path.clone());
        if let Some(mut pagination) = pagination_of(types, operation, token_paged.contains(&key)) {
            let base = operation.method_name.trim_start_matches("r#");
            pagination.stream_method = names.claim(&format!("{base}_stream"));
            operation.pagination = Some(pagination);
        }
    }
}

fn pagination_of(
    types: &[TypeDef],
    operation: &Operation,
    token_paged: bool,
) -> Option<Pagination> {
    if operation.body.is_some() || operation.varied_successes().is_some() {
        return None;
    }
    let optional_query = |wire_name: &str, fits: &dyn Fn(&TypeRef) -> bool| {
        operation.parameters.iter().position(|p| {
            p.location == ParamLocation::Query
                && !p.required
                && p.wire_name == wire_name
                && fits(&p.ty)
        })
    };
    let BodyKind::Json(TypeRef::Named(reply)) = &operation.success_response()?.body.as_ref()?.kind
    else {
        return None;
    };
    let reply = struct_fields(types, *reply)?;
    if token_paged {
        let cursor_parameter = optional_query("page_token", &|ty| *ty == TypeRef::String)?;
        let (items, item_type) = only_array(reply, Some("items"))?;
        let next_page = reply
            .iter()
            .find(|f| f.wire_name == "next_page" && f.ty == TypeRef::String)?;
        return Some(Pagination {
            stream_method: String::new(),
            items,
            item_type,
            paging: Paging::Cursor {
                cursor_parameter,
                page_info: None,
                next_cursor: Box::new(next_page.clone()),
                has_next_page: None,
            },
        });
    }
    if let Some(cursor_parameter) = optional_query("cursor", &|ty| *ty == TypeRef::String) {
        let (items, item_type) = only_array(reply, None)?;
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
        return Some(Pagination {
            stream_method: String::new(),
            items,
            item_type,
            paging: Paging::Cursor {
                cursor_parameter,
                page_info: Some(Box::new(page_info.clone())),
                next_cursor: Box::new(next_cursor.clone()),
                has_next_page: has_next_page.cloned().map(Box::new),
            },
        });
    }
    // SCIM (RFC 7644 section 3.4.2.4): `startIndex`, and `totalResults` with `Resources`.
    let start_parameter = optional_query("startIndex", &|ty| {
        matches!(ty, TypeRef::String | TypeRef::Integer(_))
    })?;
    let total_results = reply.iter().find(|f| {
        f.wire_name == "totalResults" && matches!(f.ty, TypeRef::Integer(_) | TypeRef::Number(_))
    })?;
    let (items, item_type) = only_array(reply, Some("Resources"))?;
    Some(Pagination {
        stream_method: String::new(),
        items,
        item_type,
        paging: Paging::Index {
            start_parameter,
            total_results: Box::new(total_results.clone()),
        },
    })
}

/// The reply's field of items: the one named `preferred`, else its only array.
fn only_array(reply: &[Field], preferred: Option<&str>) -> Option<(Field, TypeRef)> {
    let arrays: Vec<&Field> = reply
        .iter()
        .filter(|f| matches!(f.ty, TypeRef::Array(_)) && !f.boxed)
        .collect();
    let items = match preferred.and_then(|name| arrays.iter().find(|f| f.wire_name == name)) {
        Some(found) => *found,
        None => match arrays.as_slice() {
            [only] => *only,
            _ => return None,
        },
    };
    let TypeRef::Array(item_type) = &items.ty else {
        return None;
    };
    Some((items.clone(), (**item_type).clone()))
}

fn struct_fields(types: &[TypeDef], id: crate::ir::TypeId) -> Option<&[Field]> {
    match &types.get(id.0)?.kind {
        TypeKind::Struct(s) => Some(&s.fields),
        TypeKind::Alias(TypeRef::Named(inner)) => struct_fields(types, *inner),
        _ => None,
    }
}
