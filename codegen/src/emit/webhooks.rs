//! The `webhooks` module: for each webhook of the document (3.1 `webhooks`), a function
//! that decodes the body the API's provider sends into its payload type.

use super::docs::doc_attrs;
use super::{bare, ident, type_tokens, Std, TypePath};
use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn webhook_items(api: &Api) -> Vec<(String, TokenStream)> {
    let result = bare(Std::Result);
    (api.webhooks.iter())
        .map(|webhook| {
            let name = ident(&webhook.fn_name);
            let payload = type_tokens(api, &webhook.payload, TypePath::Crate);
            let mut paragraphs: Vec<String> = webhook.summary.iter().cloned().collect();
            paragraphs.extend(webhook.description.clone());
            paragraphs.push(format!(
                "Decodes the `{}` body of the `{}` webhook (`{}`).",
                webhook.media_type.replace('`', "'"),
                webhook.name.replace('`', "'"),
                webhook.method,
            ));
            let docs = doc_attrs(paragraphs);
            let tokens = quote! {
                #docs
                pub fn #name(body: &[u8]) -> #result<#payload, ::serde_json::Error> {
                    ::serde_json::from_slice(body)
                }
            };
            (format!("webhook {}", webhook.origin), tokens)
        })
        .collect()
}
