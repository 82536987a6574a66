//! Stage 4: `openapiv3::OpenAPI` -> the project's IR ([`crate::ir::Api`]).
//!
//! Component schemas get their type ids before any schema is converted, so forward and
//! circular `$ref`s need no special casing; cycles of by-value containment are then
//! broken with `Box`.

mod constants;
mod operations;
mod paging;
mod pointer;
mod schemas;
mod variants;

use crate::diagnostics::{Diagnostic, Error};
use crate::ir::{
    Api, AuthKind, HttpMethod, ParamLocation, SecurityScheme, Server, ServerVariable, Tag,
};
use crate::json_pointer::join_pointer;
use openapiv3::{OpenAPI, ReferenceOr};
use std::collections::BTreeMap;

pub(crate) use schemas::TypeSpace;

/// Builds the IR. Warnings go to `diagnostics`; an unresolvable document is an error.
pub fn resolve(
    spec: &OpenAPI,
    settings: &crate::settings::Settings,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Api, Error> {
    let webhook_items = operations::webhook_items(spec, diagnostics);
    let mut types = TypeSpace::new(spec, settings.formats);
    types.declare_components()?;
    types.define_components(diagnostics)?;
    let mut operations = operations::resolve_operations(spec, &mut types, diagnostics)?;
    let webhooks = operations::resolve_webhooks(spec, &webhook_items, &mut types, diagnostics)?;
    let (types, examples) = types.finish();
    paging::detect(&types, &mut operations, &dropshot_paginated(spec));
    let mut api = Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        servers: servers(spec),
        security_schemes: security_schemes(spec, diagnostics),
        tags: tags(spec, diagnostics),
        prelude_taken: Vec::new(),
        types,
        operations,
        examples,
        webhooks,
    };
    variants::inline_struct_variants(&mut api);
    constants::mark_constants(&mut api);
    crate::naming::note_prelude_taken(&mut api);
    Ok(api)
}

/// The operations (method, path) Dropshot marks as paginated.
fn dropshot_paginated(spec: &OpenAPI) -> std::collections::BTreeSet<(HttpMethod, String)> {
    let items = spec
        .paths
        .iter()
        .filter_map(|(path, item)| Some((path, item.as_item()?)));
    items
        .flat_map(|(path, item)| {
            item.iter()
                .filter(|(_, operation)| operation.extensions.contains_key("x-dropshot-pagination"))
                .filter_map(move |(method, _)| Some((HttpMethod::from_key(method)?, path.clone())))
        })
        .collect()
}

fn servers(spec: &OpenAPI) -> Vec<Server> {
    spec.servers
        .iter()
        .map(|server| Server {
            url: server.url.clone(),
            description: server.description.clone(),
            variables: server
                .variables
                .iter()
                .flatten()
                .map(|(name, variable)| ServerVariable {
                    name: name.clone(),
                    default: variable.default.clone(),
                    description: variable.description.clone(),
                    allowed: variable.enumeration.clone(),
                })
                .collect(),
        })
        .collect()
}

fn security_schemes(spec: &OpenAPI, diagnostics: &mut Vec<Diagnostic>) -> Vec<SecurityScheme> {
    let Some(components) = &spec.components else {
        return Vec::new();
    };
    let mut schemes = Vec::new();
    let mut const_names = crate::naming::Scope::default();
    for (name, scheme) in &components.security_schemes {
        let pointer = join_pointer("#/components/securitySchemes", name);
        let scheme = match scheme {
            ReferenceOr::Item(scheme) => scheme,
            ReferenceOr::Reference { reference } => {
                match reference
                    .strip_prefix("#/components/securitySchemes/")
                    .and_then(|target| components.security_schemes.get(target))
                {
                    Some(ReferenceOr::Item(scheme)) => scheme,
                    _ => {
                        diagnostics.push(Diagnostic::warning(
                            pointer,
                            format!("cannot resolve `{reference}`; the scheme is ignored"),
                        ));
                        continue;
                    }
                }
            }
        };
        let (kind, description, instead) = auth_kind(scheme);
        let const_name = match &kind {
            AuthKind::Unsupported(what) => {
                diagnostics.push(Diagnostic::warning(
                    &pointer,
                    format!("{what} cannot be applied by the client; {instead}"),
                ));
                None
            }
            _ => {
                let snake = const_names.claim(&crate::naming::snake_ident(name));
                Some(snake.trim_start_matches("r#").to_ascii_uppercase())
            }
        };
        let authorization_code = match scheme {
            openapiv3::SecurityScheme::OAuth2 { flows, .. } => (flows.authorization_code.as_ref())
                .map(|flow| crate::ir::AuthorizationCode {
                    authorization_url: flow.authorization_url.clone(),
                    token_url: flow.token_url.clone(),
                    scopes: flow.scopes.keys().cloned().collect(),
                }),
            _ => None,
        };
        schemes.push(SecurityScheme {
            name: name.clone(),
            const_name,
            kind,
            description: description.clone(),
            authorization_code,
        });
    }
    schemes
}

/// How the client applies a scheme, its description, and, for one it cannot apply,
/// what happens instead.
fn auth_kind(scheme: &openapiv3::SecurityScheme) -> (AuthKind, &Option<String>, &'static str) {
    use openapiv3::SecurityScheme as S;
    let without = "requests go without it";
    match scheme {
        S::HTTP {
            scheme,
            description,
            extensions,
            ..
        } => {
            let foreign = extensions.get(crate::normalize::FOREIGN_SCHEME_KEY);
            let (kind, instead) = match (
                foreign.and_then(|kind| kind.as_str()),
                scheme.to_ascii_lowercase().as_str(),
            ) {
                (Some("mutualTLS"), _) => (
                    AuthKind::Unsupported("mutual TLS".to_owned()),
                    "the client certificate goes in the `reqwest::Client` given to the \
                     builder's `http_client(..)`",
                ),
                (Some(other), _) => (
                    AuthKind::Unsupported(format!("a security scheme of type `{other}`")),
                    without,
                ),
                (None, "bearer") => (AuthKind::Bearer, without),
                (None, "basic") => (AuthKind::Basic, without),
                (None, other) => (
                    AuthKind::Unsupported(format!("http scheme `{other}`")),
                    without,
                ),
            };
            (kind, description, instead)
        }
        S::APIKey {
            location,
            name,
            description,
            ..
        } => {
            let location = match location {
                openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
            };
            let name = name.clone();
            (AuthKind::ApiKey { location, name }, description, without)
        }
        S::OAuth2 {
            flows, description, ..
        } => {
            let token_url = (flows.client_credentials.as_ref()).map(|flow| flow.token_url.clone());
            (AuthKind::OAuth2 { token_url }, description, without)
        }
        S::OpenIDConnect { description, .. } => (AuthKind::Bearer, description, without),
    }
}

fn tags(spec: &OpenAPI, diagnostics: &mut Vec<Diagnostic>) -> Vec<Tag> {
    let mut first_seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut tags = Vec::new();
    for (index, tag) in spec.tags.iter().enumerate() {
        if let Some(first) = first_seen.get(tag.name.as_str()) {
            diagnostics.push(Diagnostic::warning(
                format!("#/tags/{index}"),
                format!(
                    "tag `{}` is listed twice (first at #/tags/{first}); the first is used",
                    tag.name
                ),
            ));
            continue;
        }
        first_seen.insert(&tag.name, index);
        tags.push(Tag {
            name: tag.name.clone(),
            description: tag.description.clone(),
        });
    }
    tags
}
