//! The command-line tool generated beside a client: a crate with one binary whose
//! commands are the document's operations (a group per tag), driving the client crate it
//! depends on. The hand-written part (`cli-runtime/`: flags, profiles, output, errors) is
//! copied in as the client's runtime is; this module writes the rest from the IR.

mod commands;
mod names;

use crate::bug::Bug;
use crate::emit::docs::visible_text;
use crate::emit::{ident, GeneratedFile};
use crate::ir::{Api, AuthKind};
use crate::settings::CliSettings;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// What the tool's crate is called, where its client is, and its settings.
#[derive(Debug, Clone)]
pub struct CliInfo {
    /// The package name, e.g. `omni-cli`.
    pub crate_name: String,
    /// The command's name, e.g. `omni`.
    pub bin: String,
    /// The client's package name, e.g. `omni-client`.
    pub client_crate: String,
    /// The client crate's folder, relative to the tool's (`../generated-client`).
    pub client_path: String,
    pub version: String,
    pub spec_label: String,
    pub command: String,
    /// Whether the crate is a workspace of its own.
    pub standalone: bool,
    pub env_prefix: String,
    pub config_dir: String,
    pub allowed_hosts: Vec<String>,
    pub oauth_client_id: String,
}

impl CliInfo {
    /// The tool of the client `client_crate`, as `settings` shape it.
    pub fn new(settings: &CliSettings, client_crate: &str, client_path: &str) -> CliInfo {
        let bin = (settings.bin.clone()).unwrap_or_else(|| {
            let name = client_crate.trim_end_matches("-client");
            match name.is_empty() {
                true => client_crate.to_owned(),
                false => name.to_owned(),
            }
        });
        CliInfo {
            crate_name: (settings.crate_name.clone()).unwrap_or_else(|| format!("{bin}-cli")),
            client_crate: client_crate.to_owned(),
            client_path: client_path.to_owned(),
            version: "0.1.0".to_owned(),
            spec_label: "openapi.yaml".to_owned(),
            command: "cargo xtask codegen".to_owned(),
            standalone: false,
            env_prefix: (settings.env_prefix.clone())
                .unwrap_or_else(|| bin.to_uppercase().replace('-', "_")),
            config_dir: (settings.config_dir.clone()).unwrap_or_else(|| format!("{bin}-cli")),
            allowed_hosts: settings.allowed_hosts.clone(),
            oauth_client_id: (settings.oauth_client_id.clone())
                .unwrap_or_else(|| format!("{bin}-cli")),
            bin,
        }
    }
}

/// The tool's runtime, hand-written and tested once, copied into every tool.
const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../cli-runtime/mod.rs")),
    ("args.rs", include_str!("../../cli-runtime/args.rs")),
    ("body.rs", include_str!("../../cli-runtime/body.rs")),
    ("config.rs", include_str!("../../cli-runtime/config.rs")),
    ("failure.rs", include_str!("../../cli-runtime/failure.rs")),
    ("hooks.rs", include_str!("../../cli-runtime/hooks.rs")),
    ("login.rs", include_str!("../../cli-runtime/login.rs")),
    ("output.rs", include_str!("../../cli-runtime/output.rs")),
    ("settings.rs", include_str!("../../cli-runtime/settings.rs")),
];

/// One command group: a tag's operations.
struct Group<'a> {
    /// The tag whose operations it holds.
    tag: String,
    name: String,
    /// The module (and file) of its commands.
    module: String,
    about: String,
    operations: Vec<&'a crate::ir::Operation>,
}

/// The files of the tool's crate.
pub fn cli_files(api: &Api, info: &CliInfo) -> Result<Vec<GeneratedFile>, Bug> {
    let groups = groups(api);
    let header = crate::emit::source_header(&info.command, &info.spec_label);
    let mut files = vec![
        GeneratedFile {
            path: "Cargo.toml".to_owned(),
            contents: manifest(api, info),
        },
        GeneratedFile {
            path: "src/main.rs".to_owned(),
            contents: format!("{header}{}", main_rs(api, info)),
        },
    ];
    for (name, source) in RUNTIME {
        files.push(GeneratedFile {
            path: format!("src/cli/{name}"),
            contents: format!(
                "{}{source}",
                crate::emit::copy_header(
                    &info.command,
                    "command-line runtime",
                    &format!("cli-runtime/{name}")
                )
            ),
        });
    }
    let mut entries = Vec::new();
    let mut group_rows = Vec::new();
    for group in &groups {
        let mut items: Vec<commands::CommandItems> = (group.operations.iter())
            .zip(command_names(group))
            .map(|(operation, name)| commands::command(api, operation, name))
            .collect();
        items.sort_by(|a, b| a.name.cmp(&b.name));
        let module = ident(&group.module);
        let group_name = Literal::string(&group.name);
        let about = Literal::string(&group.about);
        group_rows.push(quote!((#group_name, #about)));
        for item in &items {
            let (name, builder, runner) =
                (Literal::string(&item.name), &item.builder, &item.runner);
            entries.push(quote! {
                cli::Entry {
                    group: #group_name,
                    name: #name,
                    command: #module::#builder,
                    run: #module::#runner,
                }
            });
        }
        let chunks = items
            .iter()
            .map(|item| (item.name.clone(), item.tokens.clone()))
            .collect();
        let docs = visible_text(format!(
            " `{} {}`: the operations tagged `{}`.",
            info.bin, group.name, group.tag
        ));
        // Deprecated operations and parameters stay commands and flags (their help says so).
        let inner = quote! {
            #![doc = #docs]
            #![allow(deprecated)]
        };
        let uses = (
            "uses".to_owned(),
            quote! {
                #[allow(unused_imports)]
                use crate::api;
                #[allow(unused_imports)]
                use crate::cli::{self, Context, Running};
                use clap::{ArgMatches, Command};
            },
        );
        let mut all_chunks = vec![uses];
        all_chunks.extend::<Vec<(String, TokenStream)>>(chunks);
        let text = crate::format::format_file(inner, all_chunks, &Default::default())?;
        files.push(GeneratedFile {
            path: format!("src/commands/{}.rs", group.module.trim_start_matches("r#")),
            contents: format!("{header}{text}"),
        });
    }
    let index = commands_index(api, info, &groups, group_rows, entries);
    let text = crate::format::format_file(index.0, index.1, &Default::default())?;
    files.push(GeneratedFile {
        path: "src/commands/mod.rs".to_owned(),
        contents: format!("{header}{text}"),
    });
    Ok(files)
}

/// The command name of each operation of a group, in the group's order.
fn command_names(group: &Group<'_>) -> Vec<String> {
    let mut taken = names::Taken::default();
    (group.operations.iter())
        .map(|operation| {
            let base = names::command_name(&operation.operation_id, &group.name);
            let full = names::kebab(&operation.operation_id);
            taken.claim(&[base, full])
        })
        .collect()
}

/// The arguments that make the tool run the planned conformance `call`: the group, the
/// command, the required parameters and the body (files of multipart bodies are
/// `file`). `None` for a call that is skipped.
pub fn conformance_args(
    api: &Api,
    call: &crate::conformance::Call,
    file: &str,
) -> Option<Vec<String>> {
    if call.skipped.is_some() {
        return None;
    }
    for group in groups(api) {
        let names = command_names(&group);
        for (operation, name) in group.operations.iter().zip(names) {
            if operation.method_name == call.method {
                let mut args = vec![group.name.clone(), name];
                args.extend(commands::conformance_args(api, operation, call, file));
                return Some(args);
            }
        }
    }
    None
}

/// The operations by their first tag's group, groups in name order.
fn groups(api: &Api) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut taken = names::Taken::with(names::TOOL_COMMANDS);
    // A group's module sits in `commands/`: `commands::commands` is clippy's
    // `module_inception`.
    let mut modules = crate::naming::Scope::with_reserved(&["mod", "commands"]);
    for operation in &api.operations {
        let tag = operation.tags.first().map_or("misc", String::as_str);
        let slug = names::group_slug(tag);
        let position = groups.iter().position(|g| g.tag == tag);
        match position {
            Some(index) => groups[index].operations.push(operation),
            None => {
                let name = taken.claim(&[slug.clone(), format!("{slug}-api")]);
                let about = (api.tags.iter())
                    .find(|t| t.name == tag)
                    .and_then(|t| t.description.as_deref())
                    .map(|d| d.lines().next().unwrap_or_default().trim().to_owned())
                    .filter(|d| !d.is_empty())
                    .unwrap_or_else(|| format!("{tag} operations"));
                groups.push(Group {
                    tag: tag.to_owned(),
                    module: modules.claim(&crate::naming::snake_ident(&name)),
                    name,
                    about,
                    operations: vec![operation],
                });
            }
        }
    }
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    groups
}

/// `commands/mod.rs`: the tool's description, its groups and the dispatch.
fn commands_index(
    api: &Api,
    info: &CliInfo,
    groups: &[Group<'_>],
    group_rows: Vec<TokenStream>,
    entries: Vec<TokenStream>,
) -> (TokenStream, Vec<(String, TokenStream)>) {
    let modules = groups.iter().map(|group| {
        let module = ident(&group.module);
        quote!(mod #module;)
    });
    let bin = &info.bin;
    let about = format!("The command line of the {}", api.title.trim());
    let mut long_about = vec![format!("{about} (API version {}).", api.version)];
    long_about.extend(api.description.clone().map(|d| d.trim().to_owned()));
    long_about.push(format!(
        "Each command is an operation of the API, in a group per tag: `{bin} <group> <command> \
         --help` says what it takes. Flags and arguments are checked against the document \
         before anything is sent. Credentials: --token, else {prefix}_API_TOKEN, else the \
         profile (`{bin} config init`, `{bin} login`).",
        prefix = info.env_prefix
    ));
    let long_about = long_about.join("\n\n");
    let (env_prefix, config_dir) = (&info.env_prefix, &info.config_dir);
    let allowed_hosts = allowed_hosts(api, info);
    let servers = servers(api);
    let secret_names = secret_names(api);
    let oauth = oauth(api, info);
    let inner = quote! {
        //! The commands: a group per tag of the document, a command per operation.
    };
    let items = quote! {
        use crate::cli;

        #(#modules)*

        /// The tool: its description, commands and their runs.
        pub(crate) fn tool() -> cli::Tool {
            cli::Tool {
                app: cli::App {
                    bin: #bin,
                    about: #about,
                    long_about: #long_about,
                    version: env!("CARGO_PKG_VERSION"),
                    env_prefix: #env_prefix,
                    config_dir: #config_dir,
                    allowed_hosts: &[#(#allowed_hosts),*],
                    servers: &[#(#servers),*],
                    secret_names: &[#(#secret_names),*],
                    oauth: #oauth,
                },
                groups: GROUPS,
                commands: COMMANDS,
            }
        }

        /// Each group's name and description.
        const GROUPS: &[(&str, &str)] = &[#(#group_rows),*];

        /// Every command: its group, its name, its clap command and its run.
        const COMMANDS: &[cli::Entry] = &[#(#entries),*];
    };
    (inner, vec![("index".to_owned(), items)])
}

/// The hosts a token may go to: the settings', and those of the document's servers
/// (a templated part of the host allows every value: `{instance}.omniapp.co` is
/// `.omniapp.co`).
fn allowed_hosts(api: &Api, info: &CliInfo) -> Vec<String> {
    let mut hosts = info.allowed_hosts.clone();
    for server in &api.servers {
        let Some((_, rest)) = server.url.split_once("://") else {
            continue;
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        let host = match host.rfind(':') {
            Some(at) if !host[at..].contains('}') => &host[..at],
            _ => host,
        };
        let pattern = match host.rfind('}') {
            Some(at) => host[at + 1..].to_owned(),
            None => host.to_owned(),
        };
        let pattern = pattern.to_ascii_lowercase();
        let named = pattern.trim_matches('.').contains('.') || pattern == "localhost";
        // `.exploreomni.dev` already allows `.playground.exploreomni.dev`.
        let covered = (hosts.iter()).any(|host| {
            *host == pattern || (host.starts_with('.') && pattern.ends_with(host.as_str()))
        });
        if named && !covered {
            hosts.push(pattern);
        }
    }
    hosts
}

/// The document's servers, each with the flags of its variables.
fn servers(api: &Api) -> Vec<TokenStream> {
    let mut names = names::Taken::default();
    let mut flags = names::Taken::with(names::GLOBAL_FLAGS);
    let mut variable_flags: Vec<(String, String)> = Vec::new();
    api.servers
        .iter()
        .enumerate()
        .map(|(index, server)| {
            let base = match server.description.as_deref().map(names::kebab) {
                Some(name) if name != "value" && name.len() <= 30 => name,
                _ => format!("server-{}", index + 1),
            };
            let name = names.claim(&[base]);
            let variables = server.variables.iter().map(|variable| {
                let flag = match variable_flags.iter().find(|(v, _)| *v == variable.name) {
                    Some((_, flag)) => flag.clone(),
                    None => {
                        let flag = flags.claim(&[
                            names::kebab(&variable.name),
                            format!("server-{}", names::kebab(&variable.name)),
                        ]);
                        variable_flags.push((variable.name.clone(), flag.clone()));
                        flag
                    }
                };
                let variable = &variable.name;
                quote!((#flag, #variable))
            });
            let url = &server.url;
            quote!(cli::Server { name: #name, url: #url, variables: &[#(#variables),*] })
        })
        .collect()
}

/// The names of the headers, query parameters and cookies that carry API keys.
fn secret_names(api: &Api) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for scheme in &api.security_schemes {
        if let AuthKind::ApiKey { name, .. } = &scheme.kind {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names
}

/// The authorization-code flow `login` runs: the first the document declares.
fn oauth(api: &Api, info: &CliInfo) -> TokenStream {
    let flow = (api.security_schemes.iter()).find_map(|s| s.authorization_code.as_ref());
    match flow {
        Some(flow) => {
            let (authorization, token) = (&flow.authorization_url, &flow.token_url);
            let client_id = &info.oauth_client_id;
            let scopes = &flow.scopes;
            quote! {
                Some(cli::OAuth {
                    authorization_url: #authorization,
                    token_url: #token,
                    client_id: #client_id,
                    scopes: &[#(#scopes),*],
                })
            }
        }
        None => quote!(None),
    }
}

fn main_rs(api: &Api, info: &CliInfo) -> String {
    let client = info.client_crate.replace('-', "_");
    format!(
        r#"//! `{bin}`: the command line of the {title}, generated from its OpenAPI document.

use {client} as api;

mod cli;
#[rustfmt::skip]
mod commands;

fn main() {{
    cli::main(commands::tool())
}}

#[cfg(test)]
mod tests {{
    #[test]
    fn the_command_line_is_well_formed() {{
        crate::cli::command(&crate::commands::tool()).debug_assert();
    }}
}}
"#,
        bin = info.bin,
        title = visible_text(api.title_line()),
    )
}

fn manifest(api: &Api, info: &CliInfo) -> String {
    let title = api.title_line();
    let description = toml::Value::String(format!(
        "Command-line tool for the {title}, generated from its OpenAPI document"
    ));
    let client_path = toml::Value::String(info.client_path.clone());
    format!(
        r#"# @generated by `{command}` from `{spec}`.
# Do not edit by hand: change the spec and regenerate.

[package]
name = "{name}"
version = "{version}"
edition = "2021"
rust-version = "1.85"
description = {description}
publish = false

[[bin]]
name = "{bin}"
path = "src/main.rs"

[dependencies]
{client} = {{ path = {client_path} }}
base64 = "0.22"
clap = {{ version = "4.5", features = ["string", "wrap_help"] }}
clap_complete = "4.5"
futures-util = {{ version = "0.3", default-features = false }}
getrandom = "0.2"
jaq-core = "3"
jaq-json = "2"
jaq-std = "3"
reqwest = {{ version = "0.12", default-features = false, features = ["json", "multipart", "rustls-tls"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
serde_path_to_error = "0.1"
serde_yaml = "0.9"
sha2 = "0.10"
time = {{ version = "0.3", features = ["formatting", "parsing"] }}
tokio = {{ version = "1", features = ["rt", "net", "time", "io-util"] }}
{workspace}"#,
        command = info.command,
        spec = info.spec_label,
        name = info.crate_name,
        version = info.version,
        bin = info.bin,
        client = info.client_crate,
        workspace = if info.standalone {
            "\n# A workspace of its own: this crate builds wherever it is written.\n[workspace]\n"
        } else {
            ""
        },
    )
}
