//! The `servers` module: builder methods for the servers the document lists.

use super::docs::{doc_attr, doc_attrs};
use super::CrateInfo;
use super::{ident, Prelude};
use crate::ir::{Api, AuthKind, Server};
use crate::naming::{snake_ident, Scope};
use proc_macro2::TokenStream;
use quote::quote;

/// Builder methods the runtime already has.
const BUILDER_RESERVED: &[&str] = &[
    "base_url",
    "api_key",
    "basic_auth",
    "timeout",
    "http_client",
    "build",
    "server_url",
];

pub(crate) fn server_items(api: &Api, info: &CrateInfo) -> Vec<(String, TokenStream)> {
    let crate_name = info.crate_name.as_str();
    let idempotency_header =
        (info.settings.idempotency_header.as_deref()).unwrap_or("Idempotency-Key");
    let Prelude {
        some, none, option, ..
    } = Prelude::bare();
    let default = api
        .servers
        .first()
        .filter(|s| s.variables.is_empty() && is_absolute(&s.url));
    let default_tokens = match default {
        Some(server) => {
            let url = &server.url;
            quote!(#some(#url))
        }
        None => quote!(#none),
    };
    let mut names = Scope::with_reserved(BUILDER_RESERVED);
    let methods: Vec<(String, TokenStream)> = api
        .servers
        .iter()
        .enumerate()
        .filter(|(_, server)| is_absolute(&server.url))
        .filter(|(index, server)| *index > 0 || !server.variables.is_empty())
        .map(|(index, server)| {
            let name = names.claim(&method_name(index, server));
            let tokens = server_method(&name, server);
            (name, tokens)
        })
        .collect();
    let hint = if methods.is_empty() {
        "no base URL: call `base_url(..)` on the builder".to_owned()
    } else {
        let calls: Vec<String> = methods
            .iter()
            .map(|(name, _)| format!("`{}(..)`", name.trim_start_matches("r#")))
            .chain(std::iter::once("`base_url(..)`".to_owned()))
            .collect();
        format!("no base URL: call {} on the builder", calls.join(", "))
    };
    let from_env = from_env(
        api,
        crate_name,
        methods.first().map(|(name, _)| name.as_str()),
    );
    let method_tokens = methods.iter().map(|(_, tokens)| tokens);
    let impl_block = if methods.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            impl crate::ClientBuilder {
                #(#method_tokens)*
            }
        }
    };
    vec![(
        "servers".to_owned(),
        quote! {
            /// The base URL a client uses when the builder names none: the document's first
            /// server, when it is a fixed absolute URL.
            pub(crate) const DEFAULT_BASE_URL: #option<&str> = #default_tokens;

            /// What `build()` says when there is no base URL.
            pub(crate) const NO_BASE_URL_HINT: &str = #hint;

            /// The header a call's idempotency key goes in, unless the builder names another.
            pub(crate) const IDEMPOTENCY_HEADER: &str = #idempotency_header;

            #impl_block

            #from_env
        },
    )]
}

/// `Client::from_env()`: the key and the server from `<PREFIX>_API_KEY` and
/// `<PREFIX>_BASE_URL` (or the first server's single variable, `<PREFIX>_INSTANCE`), the
/// prefix being the crate's name without `-client` (`omni-client` -> `OMNI`).
fn from_env(api: &Api, crate_name: &str, first_method: Option<&str>) -> TokenStream {
    let Prelude { ok, result, .. } = Prelude::bare();
    let base = crate_name.strip_suffix("-client").unwrap_or(crate_name);
    let prefix: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    let key_var = format!("{prefix}_API_KEY");
    let url_var = format!("{prefix}_BASE_URL");
    let server_variable = api
        .servers
        .first()
        .filter(|server| server.variables.len() == 1 && is_absolute(&server.url))
        .zip(first_method)
        .map(|(server, method)| {
            let variable = &server.variables[0].name;
            let var = format!(
                "{prefix}_{}",
                snake_ident(variable)
                    .trim_start_matches("r#")
                    .to_ascii_uppercase()
            );
            (var, ident(method))
        });
    let (server_branch, server_doc) = match &server_variable {
        Some((var, method)) => (
            quote! {
                else if let #ok(value) = ::std::env::var(#var) {
                    builder = builder.#method(&value);
                }
            },
            format!(" or `{var}`"),
        ),
        None => (TokenStream::new(), String::new()),
    };
    // A client credentials flow of the document: its id and secret from two more.
    let fetches_tokens = (api.security_schemes.iter())
        .any(|scheme| matches!(scheme.kind, AuthKind::OAuth2 { token_url: Some(_) }));
    let (flow_branch, flow_doc) = if fetches_tokens {
        let (id_var, secret_var) = (
            format!("{prefix}_CLIENT_ID"),
            format!("{prefix}_CLIENT_SECRET"),
        );
        (
            quote! {
                if let (#ok(id), #ok(secret)) = (::std::env::var(#id_var), ::std::env::var(#secret_var)) {
                    builder = builder.client_credentials(crate::runtime::ClientCredentials::new(id, secret));
                }
            },
            format!(", OAuth 2 client credentials from `{id_var}` and `{secret_var}`"),
        )
    } else {
        (TokenStream::new(), String::new())
    };
    let doc = doc_attr(format!(
        " A client configured from the environment: the key from `{key_var}`{flow_doc}, the server from `{url_var}`{server_doc}."
    ));
    quote! {
        impl crate::Client {
            #doc
            pub fn from_env() -> #result<Self, crate::BuildError> {
                let mut builder = crate::Client::builder();
                if let #ok(key) = ::std::env::var(#key_var) {
                    builder = builder.api_key(key);
                }
                #flow_branch
                if let #ok(url) = ::std::env::var(#url_var) {
                    builder = builder.base_url(url);
                }
                #server_branch
                builder.build()
            }
        }
    }
}

fn is_absolute(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// The first server is named after its single variable (`instance("acme")`); the others
/// after their description (`playground("acme")`).
fn method_name(index: usize, server: &Server) -> String {
    if index == 0 && server.variables.len() == 1 {
        return snake_ident(&server.variables[0].name);
    }
    match &server.description {
        Some(description) if !description.trim().is_empty() => snake_ident(description),
        _ => format!("server_{index}"),
    }
}

fn server_method(name: &str, server: &Server) -> TokenStream {
    let method = ident(name);
    let mut arg_names = Scope::default();
    let args: Vec<(proc_macro2::Ident, &str)> = server
        .variables
        .iter()
        .map(|v| {
            (
                ident(&arg_names.claim(&snake_ident(&v.name))),
                v.name.as_str(),
            )
        })
        .collect();
    let params = args.iter().map(|(arg, _)| quote!(#arg: &str));
    let pairs = args.iter().map(|(arg, wire)| quote!((#wire, #arg)));
    let template = &server.url;
    let mut paragraphs = vec![format!(
        "{}: `{}`.",
        server.description.as_deref().unwrap_or("Server"),
        server.url
    )];
    for variable in &server.variables {
        let mut line = format!("- `{}`", variable.name);
        if let Some(description) = &variable.description {
            line.push_str(&format!(": {}", description.trim()));
        }
        line.push_str(&format!(" (e.g. `{}`)", variable.default));
        if !variable.allowed.is_empty() {
            line.push_str(&format!("; one of `{}`", variable.allowed.join("`, `")));
        }
        paragraphs.push(line);
    }
    let docs = doc_attrs(paragraphs);
    quote! {
        #docs
        pub fn #method(self, #(#params),*) -> Self {
            self.server_url(#template, &[#(#pairs),*])
        }
    }
}
