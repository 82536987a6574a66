//! The `security` module: a constant per security scheme of the document, which
//! `ClientBuilder::credential` takes; and each operation's `Endpoint`, which names the
//! schemes it accepts.

use super::docs::doc_attrs;
use super::ident;
use crate::ir::{Api, AuthKind, Operation, ParamLocation, SecurityScheme};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The schemes the client can apply, each with the name of its constant.
fn scheme_consts(api: &Api) -> impl Iterator<Item = (&SecurityScheme, Ident)> {
    (api.security_schemes.iter())
        .filter_map(|scheme| Some((scheme, ident(scheme.const_name.as_deref()?))))
}

/// The module's items: none when the document has no scheme the client can apply.
pub(crate) fn security_items(api: &Api) -> Vec<(String, TokenStream)> {
    let items = scheme_consts(api).map(|(scheme, name)| {
        let wire = &scheme.name;
        let auth = auth_tokens(&scheme.kind);
        let mut paragraphs = vec![format!("`{wire}`: {}", carried(&scheme.kind))];
        paragraphs.extend(scheme.description.as_ref().map(|d| d.trim().to_owned()));
        let docs = doc_attrs(paragraphs);
        let tokens = quote! {
            #docs
            pub const #name: crate::runtime::Scheme = crate::runtime::Scheme {
                name: #wire,
                auth: #auth,
            };
        };
        (scheme.name.clone(), tokens)
    });
    items.collect()
}

fn auth_tokens(kind: &AuthKind) -> TokenStream {
    match kind {
        AuthKind::Bearer => quote!(crate::runtime::Auth::Bearer),
        AuthKind::Basic => quote!(crate::runtime::Auth::Basic),
        AuthKind::OAuth2 { token_url } => {
            let token_url = match token_url {
                Some(url) => quote!(Some(#url)),
                None => quote!(None),
            };
            quote!(crate::runtime::Auth::OAuth2 { token_url: #token_url })
        }
        AuthKind::ApiKey { location, name } => match location {
            ParamLocation::Query => quote!(crate::runtime::Auth::Query(#name)),
            ParamLocation::Cookie => quote!(crate::runtime::Auth::Cookie(#name)),
            _ => quote!(crate::runtime::Auth::Header(#name)),
        },
        AuthKind::Unsupported(_) => quote!(compile_error!("unsupported scheme")),
    }
}

/// How the scheme carries its credential, and which builder method gives one to every
/// scheme of its kind.
fn carried(kind: &AuthKind) -> String {
    match kind {
        AuthKind::Bearer => {
            "a bearer token (`api_key(..)` or `token_provider(..)` on the builder).".to_owned()
        }
        AuthKind::Basic => "HTTP basic authentication (`basic_auth(..)`).".to_owned(),
        AuthKind::OAuth2 {
            token_url: Some(url),
        } => format!(
            "an OAuth 2 bearer token, which `client_credentials(..)` fetches from `{url}` \
             (or `api_key(..)`, `token_provider(..)`)."
        ),
        AuthKind::OAuth2 { token_url: None } => {
            "an OAuth 2 bearer token (`api_key(..)` or `token_provider(..)`).".to_owned()
        }
        AuthKind::ApiKey { location, name } => {
            let place = match location {
                ParamLocation::Query => "query parameter",
                ParamLocation::Cookie => "cookie",
                _ => "header",
            };
            format!("an API key in the `{name}` {place} (`api_key(..)`).")
        }
        AuthKind::Unsupported(what) => what.clone(),
    }
}

/// `const ENDPOINT: Endpoint = ..;` for an operation's method: its id, path template and
/// the alternatives of its security the client can apply (one with a scheme it cannot is
/// left out).
pub(crate) fn endpoint_const(api: &Api, operation: &Operation) -> TokenStream {
    let alternatives = operation.security.iter().filter_map(|alternative| {
        let uses: Option<Vec<TokenStream>> = (alternative.iter())
            .map(|used| {
                let scheme = (api.security_schemes.iter()).find(|s| s.name == used.scheme)?;
                let name = ident(scheme.const_name.as_deref()?);
                let scopes = &used.scopes;
                Some(quote!((crate::security::#name, &[#(#scopes),*])))
            })
            .collect();
        uses.map(|uses| quote!(&[#(#uses),*]))
    });
    let id = &operation.operation_id;
    let path = &operation.path;
    quote! {
        const ENDPOINT: crate::runtime::Endpoint = crate::runtime::Endpoint {
            operation_id: #id,
            path: #path,
            security: &[#(#alternatives),*],
        };
    }
}
