//! Flags and arguments: the global ones every command takes, the kinds the generated
//! commands are made of, and reading a value into the client's type.

use super::{App, Failure};
use clap::builder::PossibleValue;
use clap::{Arg, ArgAction, ArgMatches};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub(crate) const FORMAT: &str = "format";
pub(crate) const COMPACT: &str = "compact";
pub(crate) const JQ: &str = "jq";
pub(crate) const PROFILE: &str = "profile";
pub(crate) const TOKEN: &str = "token";
pub(crate) const BASE_URL: &str = "base-url";
pub(crate) const SERVER: &str = "server";
pub(crate) const TIMEOUT: &str = "timeout";
pub(crate) const RETRIES: &str = "retries";
pub(crate) const VERBOSE: &str = "verbose";
pub(crate) const DRY_RUN: &str = "dry-run";
pub(crate) const ALL: &str = "all";
pub(crate) const MAX_ITEMS: &str = "max-items";
pub(crate) const OUTPUT_FILE: &str = "output";
pub(crate) const BODY: &str = "body";

/// The flags every command takes, before or after its name.
pub(crate) fn global_args(app: &App) -> Vec<Arg> {
    let prefix = app.env_prefix;
    let mut args = vec![
        Arg::new(FORMAT)
            .short('o')
            .long(FORMAT)
            .value_name("FORMAT")
            .value_parser([
                PossibleValue::new("json").help("JSON (the default when stdout is not a terminal)"),
                PossibleValue::new("yaml").help("YAML"),
                PossibleValue::new("table")
                    .alias("human")
                    .help("a table of the reply's records (the default on a terminal)"),
                PossibleValue::new("auto").help("table on a terminal, else json"),
            ])
            .help(format!(
                "Output format [default: table on a terminal, else json; or {prefix}_OUTPUT_FORMAT]"
            )),
        Arg::new(COMPACT)
            .long(COMPACT)
            .action(ArgAction::SetTrue)
            .help("JSON on one line"),
        Arg::new(JQ)
            .long(JQ)
            .value_name("EXPR")
            .help("Filter the reply through a jq expression (each item, with --all)"),
        Arg::new(PROFILE)
            .short('p')
            .long(PROFILE)
            .value_name("NAME")
            .help("The profile of the configuration file to use [default: its default profile]"),
        Arg::new(TOKEN)
            .long(TOKEN)
            .value_name("TOKEN")
            .help(format!(
                "The API token [default: {prefix}_API_TOKEN, else the profile's]"
            )),
        Arg::new(BASE_URL)
            .long(BASE_URL)
            .value_name("URL")
            .help(format!(
                "The API's base URL [default: {prefix}_BASE_URL, else the profile's]"
            )),
    ];
    if app.servers.len() > 1 {
        let names: Vec<&'static str> = app.servers.iter().map(|s| s.name).collect();
        args.push(
            Arg::new(SERVER)
                .long(SERVER)
                .value_name("NAME")
                .value_parser(names)
                .help(
                    "Which of the document's servers the server flags fill in [default: the first]",
                ),
        );
    }
    for (flag, variable) in server_variables(app) {
        args.push(
            Arg::new(flag)
                .long(flag)
                .value_name(variable.to_uppercase())
                .help(format!(
                    "The server's `{variable}`: the base URL becomes the server's URL with it"
                )),
        );
    }
    args.extend([
        Arg::new(TIMEOUT)
            .long(TIMEOUT)
            .value_name("SECONDS")
            .value_parser(clap::value_parser!(u64).range(1..))
            .help("The most a request may take [default: 60]"),
        Arg::new(RETRIES)
            .long(RETRIES)
            .value_name("N")
            .value_parser(clap::value_parser!(u32))
            .help("Retries of a failed idempotent request (429 and 5xx, honouring Retry-After) [default: 3]"),
        Arg::new(VERBOSE)
            .short('v')
            .long(VERBOSE)
            .action(ArgAction::SetTrue)
            .help("Log each attempt (method, URL, status, time) on stderr"),
        Arg::new(DRY_RUN)
            .long(DRY_RUN)
            .action(ArgAction::SetTrue)
            .help("Print the request as a curl command, secrets masked, and send nothing"),
    ]);
    (args.into_iter())
        .map(|arg| arg.global(true).help_heading("Global options"))
        .collect()
}

/// Each server variable's flag and name, once, in the order of the servers.
pub(crate) fn server_variables(app: &App) -> Vec<(&'static str, &'static str)> {
    let mut seen = Vec::new();
    for server in app.servers {
        for pair in server.variables {
            if !seen.iter().any(|(flag, _)| flag == &pair.0) {
                seen.push(*pair);
            }
        }
    }
    seen
}

/// A flag taking one value.
pub(crate) fn flag(id: &'static str, help: &'static str) -> Arg {
    Arg::new(id)
        .long(id)
        .help(help)
        .value_name("TEXT")
        .action(ArgAction::Set)
}

/// A flag that may be given several times (an array).
pub(crate) fn flags(id: &'static str, help: &'static str) -> Arg {
    Arg::new(id)
        .long(id)
        .help(help)
        .value_name("TEXT")
        .action(ArgAction::Append)
}

/// A flag taking one of `values` (listed in `--help` and completed).
pub(crate) fn choice(id: &'static str, help: &'static str, values: &'static [&'static str]) -> Arg {
    flag(id, help)
        .value_name("VALUE")
        .value_parser(clap::builder::PossibleValuesParser::new(values))
}

/// A boolean flag: `--name` is true, `--name=false` false.
pub(crate) fn switch(id: &'static str, help: &'static str) -> Arg {
    flag(id, help)
        .value_name("BOOL")
        .value_parser(["true", "false"])
        .num_args(0..=1)
        .require_equals(true)
        .default_missing_value("true")
}

/// A path parameter: positional and required.
pub(crate) fn positional(id: &'static str, help: &'static str) -> Arg {
    Arg::new(id)
        .help(help)
        .required(true)
        .value_name(id.to_uppercase())
}

/// `--all` of a paged list.
pub(crate) fn all_arg() -> Arg {
    Arg::new(ALL)
        .long(ALL)
        .action(ArgAction::SetTrue)
        .help("Follow the pages: print every item of every page, one JSON line each")
}

/// `--max-items` of a paged list.
pub(crate) fn max_items_arg() -> Arg {
    Arg::new(MAX_ITEMS)
        .long(MAX_ITEMS)
        .value_name("N")
        .value_parser(clap::value_parser!(usize))
        .requires(ALL)
        .help("With --all, stop after N items")
}

/// How a flag is named in messages.
pub(crate) fn shown(id: &str) -> String {
    format!("--{id}")
}

/// The value of a flag read as `T`; `None` when it is not given.
pub(crate) fn optional<T: DeserializeOwned>(
    matches: &ArgMatches,
    id: &str,
    shown: &str,
) -> Result<Option<T>, Failure> {
    let Some(raw) = matches.get_one::<String>(id) else {
        return Ok(None);
    };
    parse(raw)
        .map(Some)
        .map_err(|why| Failure::usage(format!("invalid value for {shown}: {why}")))
}

/// The values of a flag given several times, read as one array `T`; `None` when it is
/// not given.
pub(crate) fn list<T: DeserializeOwned>(
    matches: &ArgMatches,
    id: &str,
) -> Result<Option<T>, Failure> {
    let Some(raw) = matches.get_many::<String>(id) else {
        return Ok(None);
    };
    let raw: Vec<String> = raw.cloned().collect();
    parse_list(&raw)
        .map(Some)
        .map_err(|why| Failure::usage(format!("invalid value for {}: {why}", shown(id))))
}

/// Text read as `T`: as a string first (so `007` stays text where the type is text),
/// then as JSON (numbers, booleans, arrays and objects).
pub(crate) fn parse<T: DeserializeOwned>(raw: &str) -> Result<T, String> {
    let as_text = serde_json::from_value::<T>(Value::String(raw.to_owned()));
    let as_text_err = match as_text {
        Ok(value) => return Ok(value),
        Err(err) => err,
    };
    match serde_json::from_str::<Value>(raw) {
        Ok(json) => serde_json::from_value(json).map_err(|err| format!("`{raw}`: {err}")),
        Err(_) => Err(format!("`{raw}`: {as_text_err}")),
    }
}

/// Several values read as one array `T`: as strings, else each as JSON where it is.
fn parse_list<T: DeserializeOwned>(raw: &[String]) -> Result<T, String> {
    let texts = Value::Array(raw.iter().cloned().map(Value::String).collect());
    let first = match serde_json::from_value::<T>(texts) {
        Ok(value) => return Ok(value),
        Err(err) => err,
    };
    let items = raw
        .iter()
        .map(|item| serde_json::from_str(item).unwrap_or_else(|_| Value::String(item.clone())));
    serde_json::from_value(Value::Array(items.collect())).map_err(|_| first.to_string())
}
