//! Profiles, and the base URL a command sends to: a flag, then the environment, then
//! the profile (`settings.rs` puts a command's settings together). The profiles file
//! keeps the layout of Omni's own tool (`version`, `defaultProfile`, `profiles` by name
//! with `apiEndpoint`, `authMethod`, `apiKey` or OAuth tokens), so its users' profiles
//! keep working; keys this tool does not know are kept as they are.

use super::args::{self, BASE_URL, PROFILE, SERVER, TOKEN};
use super::{App, Failure};
use clap::{Arg, ArgMatches, Command};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ConfigFile {
    #[serde(default = "current_version")]
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) default_profile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) default_output_format: Option<String>,
    #[serde(default)]
    pub(crate) profiles: BTreeMap<String, Profile>,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

fn current_version() -> u32 {
    1
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Profile {
    #[serde(default)]
    pub(crate) api_endpoint: String,
    /// `api-key` or `oauth`.
    #[serde(default)]
    pub(crate) auth_method: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) api_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) access_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) refresh_token: Option<String>,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) token_expires_at: Option<String>,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

/// `{prefix}_{name}` from the environment, when set and not empty.
pub(crate) fn env(app: &App, name: &str) -> Option<String> {
    std::env::var(format!("{}_{name}", app.env_prefix))
        .ok()
        .filter(|value| !value.is_empty())
}

/// The profiles file: `{P}_CONFIG_PATH`, else `config.json` in `{P}_CONFIG_DIR`, else in
/// the tool's folder of `$XDG_CONFIG_HOME` (`~/.config`; `%APPDATA%` on Windows).
pub(crate) fn path(app: &App) -> Option<PathBuf> {
    if let Some(path) = env(app, "CONFIG_PATH") {
        return Some(PathBuf::from(path));
    }
    let folder = match env(app, "CONFIG_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
            let base = match var("XDG_CONFIG_HOME") {
                Some(dir) => PathBuf::from(dir),
                None if cfg!(windows) => PathBuf::from(var("APPDATA")?),
                None => PathBuf::from(var("HOME")?).join(".config"),
            };
            base.join(app.config_dir)
        }
    };
    Some(folder.join("config.json"))
}

/// The profiles file; an empty one when there is none.
pub(crate) fn load(app: &App) -> Result<ConfigFile, Failure> {
    let Some(path) = path(app) else {
        return Ok(ConfigFile::default());
    };
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|err| {
            Failure::usage(format!("{}: not a profiles file: {err}", path.display()))
        }),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(ConfigFile::default()),
        Err(err) => Err(Failure::usage(format!("{}: {err}", path.display()))),
    }
}

/// Writes the profiles file readable by its owner only, through a rename.
pub(crate) fn save(app: &App, config: &ConfigFile) -> Result<PathBuf, Failure> {
    let path = path(app).ok_or_else(|| {
        Failure::usage(format!(
            "no place for the profiles file: set {}_CONFIG_PATH or HOME",
            app.env_prefix
        ))
    })?;
    let fail = |err: std::io::Error| Failure::other(format!("{}: {err}", path.display()));
    if let Some(folder) = path.parent() {
        create_private_dir(folder).map_err(fail)?;
    }
    let text = serde_json::to_string_pretty(config).map_err(|e| Failure::other(e.to_string()))?;
    let temporary = path.with_extension("json.tmp");
    write_private(&temporary, text.as_bytes()).map_err(fail)?;
    std::fs::rename(&temporary, &path).map_err(fail)?;
    Ok(path)
}

#[cfg(unix)]
fn create_private_dir(folder: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)
}

#[cfg(not(unix))]
fn create_private_dir(folder: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// The profile a command uses: `--profile`, else `{P}_PROFILE`, else the file's default.
/// A profile named that the file does not have is an error.
pub(crate) fn chosen<'c>(
    app: &App,
    globals: &ArgMatches,
    config: &'c ConfigFile,
) -> Result<Option<(String, &'c Profile)>, Failure> {
    let named = (globals.get_one::<String>(PROFILE).cloned())
        .or_else(|| env(app, "PROFILE"))
        .or_else(|| config.default_profile.clone());
    let Some(name) = named else {
        return Ok(None);
    };
    match config.profiles.get(&name) {
        Some(profile) => Ok(Some((name, profile))),
        None => Err(unknown_profile(app, &name, config)),
    }
}

fn unknown_profile(app: &App, name: &str, config: &ConfigFile) -> Failure {
    let known: Vec<&str> = config.profiles.keys().map(String::as_str).collect();
    let listed = match known.is_empty() {
        true => format!("there are none; `{} config init` makes one", app.bin),
        false => format!("the profiles are: {}", known.join(", ")),
    };
    Failure::usage(format!(
        "no profile `{name}` in the profiles file ({listed})"
    ))
}

/// The base URL: the server flags (`--instance`), else `--base-url`, else
/// `{P}_BASE_URL`, else the profile's, else the document's first server when it has no
/// variables.
pub(crate) fn base_url(
    app: &App,
    globals: &ArgMatches,
    profile: Option<&Profile>,
) -> Result<Option<String>, Failure> {
    if let Some(url) = server_url(app, globals)? {
        return Ok(Some(url));
    }
    Ok((globals.get_one::<String>(BASE_URL).cloned())
        .or_else(|| env(app, "BASE_URL"))
        .or_else(|| profile.map(|p| p.api_endpoint.clone()))
        .filter(|url| !url.is_empty())
        .or_else(|| fixed_server(app)))
}

/// The URL of the server the server flags (`--instance`) fill in, when one is given;
/// `--base-url` with them is an error.
fn server_url(app: &App, globals: &ArgMatches) -> Result<Option<String>, Failure> {
    let given: Vec<(&str, &String)> = args::server_variables(app)
        .into_iter()
        .filter_map(|(flag, variable)| Some((variable, globals.get_one::<String>(flag)?)))
        .collect();
    // `--server` is there only when the document lists several servers.
    let chosen = globals.try_get_one::<String>(SERVER).ok().flatten();
    if given.is_empty() && chosen.is_none() {
        return Ok(None);
    }
    if globals.get_one::<String>(BASE_URL).is_some() {
        return Err(Failure::usage(
            "--base-url and the server flags say different things: give one",
        ));
    }
    let server = match chosen {
        Some(name) => app.servers.iter().find(|s| s.name == name.as_str()),
        None => app.servers.first(),
    };
    let Some(server) = server else {
        return Err(Failure::usage("the document lists no servers"));
    };
    let mut url = server.url.to_owned();
    for (flag, variable) in server.variables {
        let value = given
            .iter()
            .find(|(name, _)| name == variable)
            .map(|(_, value)| value.as_str())
            .ok_or_else(|| {
                Failure::usage(format!("the server `{}` needs --{flag}", server.name))
            })?;
        let unsafe_char = |c: char| "/?#@:[]\\".contains(c) || c.is_whitespace() || c.is_control();
        if value.is_empty() || value.contains(unsafe_char) {
            return Err(Failure::usage(format!(
                "invalid value `{value}` for --{flag}"
            )));
        }
        url = url.replace(&format!("{{{variable}}}"), value);
    }
    Ok(Some(url))
}

/// The first server, when it needs no variables.
fn fixed_server(app: &App) -> Option<String> {
    let first = app.servers.first()?;
    first.variables.is_empty().then(|| first.url.to_owned())
}

/// Refuses to send a credential in plain text or to a host the tool does not know,
/// unless `{P}_CLI_DANGEROUSLY_ALLOW_INSECURE_REQUESTS` is set. Loopback addresses
/// may be plain HTTP: the token does not leave the machine.
pub(crate) fn check_destination(app: &App, url: &str) -> Result<(), Failure> {
    if env(app, "CLI_DANGEROUSLY_ALLOW_INSECURE_REQUESTS").is_some() {
        return Ok(());
    }
    let override_hint = format!(
        "set {}_CLI_DANGEROUSLY_ALLOW_INSECURE_REQUESTS=1 to send it anyway",
        app.env_prefix
    );
    let parsed = reqwest::Url::parse(url)
        .map_err(|err| Failure::usage(format!("invalid base URL `{url}`: {err}")))?;
    let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    let loopback = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]");
    if parsed.scheme() != "https" && !loopback {
        return Err(Failure::usage(format!(
            "`{url}` is not HTTPS: the token would travel in plain text; {override_hint}"
        )));
    }
    let known = |pattern: &&str| match pattern.strip_prefix('.') {
        Some(suffix) => host == suffix || host.ends_with(&format!(".{suffix}")),
        None => host == *pattern,
    };
    if loopback || app.allowed_hosts.is_empty() || app.allowed_hosts.iter().any(known) {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "`{host}` is not a host of this API ({}): the token is not sent there; {override_hint}",
        app.allowed_hosts.join(", ")
    )))
}

/// The names of the profiles, for completions.
pub(crate) fn profile_names(app: &App) -> Vec<String> {
    load(app)
        .map(|config| config.profiles.into_keys().collect())
        .unwrap_or_default()
}

/// `config init|show|use|logout`.
pub(crate) fn command(app: &App) -> Command {
    let name_arg = || Arg::new("name").value_name("PROFILE");
    Command::new("config")
        .about("Manage the profiles: base URL and token per account")
        .long_about(format!(
            "Manage the profiles of the profiles file (the same file and layout as Omni's \
             own command-line tool): {}_CONFIG_PATH, else config.json in {}_CONFIG_DIR, \
             else $XDG_CONFIG_HOME/{dir}/ (~/.config/{dir}/).",
            app.env_prefix,
            app.env_prefix,
            dir = app.config_dir
        ))
        .subcommand_required(true)
        .subcommand(
            Command::new("init")
                .about(
                    "Create or update a profile from --base-url (or the server flags) and --token",
                )
                .long_about(
                    "Create or update the profile --profile names (default: `default`) from \
                     the base URL and token given as flags or in the environment; without a \
                     token, one line of stdin is read. The first profile becomes the default.",
                ),
        )
        .subcommand(Command::new("show").about("Print the profiles file, secrets masked"))
        .subcommand(
            Command::new("use")
                .about("Make a profile the default")
                .arg(name_arg().required(true)),
        )
        .subcommand(
            Command::new("logout")
                .about("Forget a profile's token (--profile, else the default profile)"),
        )
}

pub(crate) fn run(app: &App, globals: &ArgMatches, matches: &ArgMatches) -> Result<(), Failure> {
    let mut config = load(app)?;
    match matches.subcommand() {
        Some(("init", _)) => init(app, globals, &mut config),
        Some(("show", _)) => show(app, &config),
        Some(("use", sub)) => {
            let name = sub.get_one::<String>("name").cloned().unwrap_or_default();
            if !config.profiles.contains_key(&name) {
                return Err(unknown_profile(app, &name, &config));
            }
            config.default_profile = Some(name.clone());
            let path = save(app, &config)?;
            eprintln!("{}: the default profile is now `{name}`", path.display());
            Ok(())
        }
        Some(("logout", _)) => {
            let Some((name, _)) = chosen(app, globals, &config)? else {
                return Err(Failure::usage("no profile: give --profile"));
            };
            if let Some(profile) = config.profiles.get_mut(&name) {
                profile.api_key = None;
                profile.access_token = None;
                profile.refresh_token = None;
                profile.token_expires_at = None;
            }
            let path = save(app, &config)?;
            eprintln!("{}: the token of `{name}` is forgotten", path.display());
            Ok(())
        }
        _ => Err(Failure::usage("a config command is required")),
    }
}

fn init(app: &App, globals: &ArgMatches, config: &mut ConfigFile) -> Result<(), Failure> {
    let name = (globals.get_one::<String>(PROFILE).cloned()).unwrap_or_else(|| "default".into());
    let base_url = match server_url(app, globals)? {
        Some(url) => url,
        None => (globals.get_one::<String>(BASE_URL).cloned())
            .or_else(|| env(app, "BASE_URL"))
            .ok_or_else(|| Failure::usage("config init needs --base-url (or the server flags)"))?,
    };
    let token = match (globals.get_one::<String>(TOKEN).cloned()).or_else(|| env(app, "API_TOKEN"))
    {
        Some(token) => token,
        None => {
            eprintln!("Token for `{name}` (one line on stdin):");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim().to_owned()
        }
    };
    if token.is_empty() {
        return Err(Failure::usage("no token given"));
    }
    check_destination(app, &base_url)?;
    let profile = config.profiles.entry(name.clone()).or_default();
    profile.api_endpoint = base_url;
    profile.auth_method = "api-key".into();
    profile.api_key = Some(token);
    profile.access_token = None;
    profile.refresh_token = None;
    profile.token_expires_at = None;
    if config.default_profile.is_none() {
        config.default_profile = Some(name.clone());
    }
    let path = save(app, config)?;
    eprintln!("{}: profile `{name}` saved", path.display());
    Ok(())
}

fn show(app: &App, config: &ConfigFile) -> Result<(), Failure> {
    let mut shown = serde_json::to_value(config).map_err(|e| Failure::other(e.to_string()))?;
    if let Some(profiles) = shown.get_mut("profiles").and_then(Value::as_object_mut) {
        for profile in profiles.values_mut().filter_map(Value::as_object_mut) {
            for key in ["apiKey", "accessToken", "refreshToken"] {
                if let Some(secret) = profile.get_mut(key) {
                    *secret = Value::String("***".into());
                }
            }
        }
    }
    if let Some(path) = path(app) {
        eprintln!("{}", path.display());
    }
    let text = serde_json::to_string_pretty(&shown).map_err(|e| Failure::other(e.to_string()))?;
    super::failure::write_stdout(format!("{text}\n").as_bytes())
}
