//! `<operation>_stream`: the items of every page, the next page's parameters read from
//! the one before (by cursor or by index).

use super::params::{argument, params_name};
use super::responses::error_type;
use crate::emit::docs::doc_attr;
use crate::emit::{ident, type_tokens, Prelude, TypePath};
use crate::ir::{Api, Field, FloatWidth, Operation, Pagination, Paging, Parameter, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// `<operation>_stream`: the items of every page, fetched as the stream is read.
pub(super) fn stream_method(
    api: &Api,
    operation: &Operation,
    pagination: &Pagination,
) -> TokenStream {
    let Prelude { ok, result, .. } = Prelude::bare();
    let name = ident(&pagination.stream_method);
    let whole = ident(&operation.method_name);
    let lifetime = quote!('a);
    let required: Vec<&Parameter> = operation.parameters.iter().filter(|p| p.required).collect();
    let arguments = required.iter().map(|p| argument(api, p, &lifetime));
    let forwarded = required.iter().map(|p| ident(&p.name));
    let params = params_name(operation);
    let item = type_tokens(api, &pagination.item_type, TypePath::Crate);
    let error = error_type(api, operation);
    let items_field = ident(&pagination.items.name);
    let items = match (pagination.items.required, pagination.items.nullable) {
        (true, false) => quote!(page.#items_field),
        (false, true) => quote!(page.#items_field.flatten().unwrap_or_default()),
        _ => quote!(page.#items_field.unwrap_or_default()),
    };
    let (how, next) = match &pagination.paging {
        Paging::Cursor {
            cursor_parameter,
            page_info,
            next_cursor,
            has_next_page,
        } => (
            format!(
                "the `{}` of each request is the `{}` of the page before",
                operation.parameters[*cursor_parameter].wire_name, next_cursor.wire_name
            ),
            next_by_cursor(
                operation,
                *cursor_parameter,
                page_info.as_deref(),
                next_cursor,
                has_next_page.as_deref(),
            ),
        ),
        Paging::Index {
            start_parameter,
            total_results,
        } => (
            "the `startIndex` of each request follows the items received, until \
             `totalResults` are read"
                .to_owned(),
            next_by_index(
                api,
                operation,
                *start_parameter,
                total_results,
                &pagination.items,
            ),
        ),
    };
    let method = operation.method_name.trim_start_matches("r#");
    let doc = doc_attr(format!(
        " The items of every page of [`{method}`](Self::{method}), fetched page by page \
         ({how}). The stream ends after the last page, or after the first error."
    ));
    // The stream of a deprecated operation is deprecated too, and may call it.
    let deprecated = match operation.deprecated {
        true => quote!(#[deprecated] #[allow(deprecated)]),
        false => TokenStream::new(),
    };
    quote! {
        #doc
        #deprecated
        pub fn #name<'a>(
            &'a self,
            #(#arguments,)*
            params: &#params,
        ) -> impl ::futures_util::Stream<Item = #result<#item, crate::Error<#error>>> + 'a {
            crate::runtime::paginate(params.clone(), move |params| async move {
                let page = self.#whole(#(#forwarded,)* &params).await?;
                #next
                #ok((#items, next))
            })
        }
    }
}

/// Binds `next` to the parameters of the page after `page`, from its next cursor.
fn next_by_cursor(
    operation: &Operation,
    cursor_parameter: usize,
    page_info: Option<&Field>,
    next_cursor: &Field,
    has_next_page: Option<&Field>,
) -> TokenStream {
    let Prelude { some, none, .. } = Prelude::bare();
    let cursor = ident(&operation.parameters[cursor_parameter].name);
    let Some(page_info) = page_info else {
        // The reply holds the next cursor itself (Dropshot's `next_page`).
        let field = ident(&next_cursor.name);
        let next_cursor = match (next_cursor.required, next_cursor.nullable) {
            (true, false) => quote!(#some(page.#field.clone())),
            (false, true) => quote!(page.#field.clone().flatten()),
            _ => quote!(page.#field.clone()),
        };
        return quote! {
            let next = #next_cursor.map(|cursor| {
                let mut params = params;
                params.#cursor = #some(cursor);
                params
            });
        };
    };
    let page_info_field = ident(&page_info.name);
    let info = optional_ref(quote!(page.#page_info_field), page_info);
    let next_cursor = field_value(next_cursor, quote!(info), false);
    let more = match has_next_page {
        Some(flag) => {
            let value = field_value(flag, quote!(info), true);
            quote!(#value.unwrap_or(true))
        }
        None => quote!(true),
    };
    quote! {
        let info = #info;
        let cursor = #next_cursor;
        let next = match cursor {
            #some(cursor) if #more => {
                let mut params = params;
                params.#cursor = #some(cursor);
                #some(params)
            }
            _ => #none,
        };
    }
}

/// Binds `next` to the parameters of the page after `page`: its `startIndex` moved past
/// the items received, while fewer than `totalResults` have been.
fn next_by_index(
    api: &Api,
    operation: &Operation,
    start_parameter: usize,
    total_results: &Field,
    items: &Field,
) -> TokenStream {
    let Prelude {
        to_string_trait,
        some,
        ..
    } = Prelude::bare();
    let parameter = &operation.parameters[start_parameter];
    let start = ident(&parameter.name);
    let (current, advanced) = match &parameter.ty {
        TypeRef::String => (
            quote! {
                params.#start.as_deref().and_then(|start| start.trim().parse::<u64>().ok()).unwrap_or(1)
            },
            quote!(#to_string_trait::to_string(&start)),
        ),
        ty => {
            let ty = type_tokens(api, ty, TypePath::Crate);
            (
                quote!(params.#start.map_or(1, |start| u64::try_from(start).unwrap_or(1))),
                quote!(#ty::try_from(start).unwrap_or(#ty::MAX)),
            )
        }
    };
    let total_field = ident(&total_results.name);
    let total = match (total_results.required, total_results.nullable) {
        (true, false) => quote!(#some(page.#total_field)),
        (false, true) => quote!(page.#total_field.flatten()),
        _ => quote!(page.#total_field),
    };
    let total = match total_results.ty {
        TypeRef::Number(FloatWidth::F64) => total,
        _ => quote!(#total.map(|total| total as f64)),
    };
    let items_field = ident(&items.name);
    let received = match (items.required, items.nullable) {
        (true, false) => quote!(page.#items_field.len()),
        _ => {
            let items = optional_ref(quote!(page.#items_field), items);
            quote!(#items.map_or(0, |items| items.len()))
        }
    };
    quote! {
        let total = #total;
        let received = #received;
        let next = crate::runtime::next_start(#current, received, total).map(|start| {
            let mut params = params;
            params.#start = #some(#advanced);
            params
        });
    }
}

/// `Option<&T>` for a field, whatever its optionality.
fn optional_ref(access: TokenStream, field: &Field) -> TokenStream {
    let Prelude { some, option, .. } = Prelude::bare();
    match (field.required, field.nullable) {
        (true, false) => quote!(#some(&#access)),
        (false, true) => quote!(#access.as_ref().and_then(#option::as_ref)),
        _ => quote!(#access.as_ref()),
    }
}

/// The value of a field of `holder` (an `Option<&S>`) as an `Option<T>`; `copy` for
/// `Copy` types, which need no clone.
fn field_value(field: &Field, holder: TokenStream, copy: bool) -> TokenStream {
    let name = ident(&field.name);
    let value = if copy {
        quote!(holder.#name)
    } else {
        quote!(holder.#name.clone())
    };
    match (field.required, field.nullable) {
        (true, false) => quote!(#holder.map(|holder| #value)),
        (false, true) => quote!(#holder.and_then(|holder| #value.flatten())),
        _ => quote!(#holder.and_then(|holder| #value)),
    }
}
