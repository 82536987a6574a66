//! The hand-written runtime of every generated command-line tool: global flags, profiles,
//! reading arguments into the client's types, output, errors and exit codes. The
//! generated `commands` modules describe each operation and call into it; the client it
//! drives is the crate root's `api`.

// Not every document has every kind of argument and reply this runtime reads and prints.
#![allow(dead_code)]

mod args;
mod body;
mod config;
mod failure;
mod hooks;
mod login;
mod output;
mod settings;

// What the generated commands are made of; not every document needs every kind.
#[allow(unused_imports)]
pub(crate) use args::{all_arg, choice, flag, flags, max_items_arg, positional, switch};
#[allow(unused_imports)]
pub(crate) use body::{body_arg, Field, FieldKind};
pub(crate) use failure::Failure;
#[allow(unused_imports)]
pub(crate) use output::{bytes, empty, json, text, Reply};

use clap::{Arg, ArgAction, ArgMatches, Command};
use std::future::Future;
use std::pin::Pin;

/// What the generated code says about the tool: its name, where it keeps profiles, the
/// servers and secrets of the document.
pub(crate) struct App {
    /// The command's name (`omni`).
    pub(crate) bin: &'static str,
    pub(crate) about: &'static str,
    pub(crate) long_about: &'static str,
    pub(crate) version: &'static str,
    /// Environment variables are named `{env_prefix}_API_TOKEN` and so on.
    pub(crate) env_prefix: &'static str,
    /// The folder of the profiles file under the user's configuration folder.
    pub(crate) config_dir: &'static str,
    /// Hosts (or `.suffixes`) a credential may be sent to without the insecure override.
    pub(crate) allowed_hosts: &'static [&'static str],
    pub(crate) servers: &'static [Server],
    /// Names of headers, query parameters and cookies that carry credentials.
    pub(crate) secret_names: &'static [&'static str],
    /// The authorization-code flow `login` runs, when the document declares one.
    pub(crate) oauth: Option<OAuth>,
}

/// A server of the document: a URL template and its variables.
pub(crate) struct Server {
    /// What `--server` calls it (`production`).
    pub(crate) name: &'static str,
    pub(crate) url: &'static str,
    /// Each variable's flag and name.
    pub(crate) variables: &'static [(&'static str, &'static str)],
}

/// An OAuth 2 authorization-code flow (with PKCE).
pub(crate) struct OAuth {
    pub(crate) authorization_url: &'static str,
    pub(crate) token_url: &'static str,
    pub(crate) client_id: &'static str,
    pub(crate) scopes: &'static [&'static str],
}

/// A streamed reply as the client hands it over: items or the call's error.
type Stream<T, E> = futures_util::stream::BoxStream<'static, Result<T, crate::api::Error<E>>>;

/// One operation's run: reads its arguments from the matches, calls the client, prints.
pub(crate) type Running<'a> = Pin<Box<dyn Future<Output = Result<(), Failure>> + 'a>>;

/// The generated part of the tool: its description, its command groups (one per tag)
/// and its commands (one per operation).
pub(crate) struct Tool {
    pub(crate) app: App,
    /// Each group's name and description.
    pub(crate) groups: &'static [(&'static str, &'static str)],
    pub(crate) commands: &'static [Entry],
}

/// One command: where it is, how clap reads it, and its run.
pub(crate) struct Entry {
    pub(crate) group: &'static str,
    pub(crate) name: &'static str,
    pub(crate) command: fn() -> Command,
    pub(crate) run: for<'a> fn(&'a Context, &'a ArgMatches) -> Running<'a>,
}

/// Everything a command needs: the client, configured from flags, environment and
/// profile, and how to print.
pub(crate) struct Context {
    pub(crate) client: crate::api::Client,
    output: output::Printer,
    dry_run: Option<std::sync::Arc<hooks::DryRun>>,
}

/// Runs the tool on the process's arguments and exits with its code.
pub(crate) fn main(tool: Tool) -> ! {
    let code = run(&tool, std::env::args_os().collect());
    std::process::exit(code)
}

/// The whole command line, as a tree of clap commands.
pub(crate) fn command(tool: &Tool) -> Command {
    let app = &tool.app;
    let mut root = Command::new(app.bin)
        .about(app.about)
        .long_about(app.long_about)
        .version(app.version)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .after_long_help(failure::exit_codes_help())
        .args(args::global_args(app));
    // Built from tables, one command at a time: a document of hundreds of operations
    // keeps a small stack.
    for (group, about) in tool.groups {
        let commands = (tool.commands.iter())
            .filter(|entry| entry.group == *group)
            .map(|entry| (entry.command)());
        root = root.subcommand(
            Command::new(*group)
                .about(*about)
                .subcommand_required(true)
                .subcommands(commands),
        );
    }
    root.subcommand(config::command(app))
        .subcommand(login::command(app))
        .subcommand(
            Command::new("completions")
                .about("Print a shell completion script")
                .long_about(completions_help(app.bin))
                .arg(
                    Arg::new("shell")
                        .required(true)
                        .value_parser(clap::value_parser!(clap_complete::Shell)),
                ),
        )
}

fn completions_help(bin: &str) -> String {
    format!(
        "Print a shell completion script: commands, flags, the values of enum flags and \
         the profiles of the configuration file as it is now.\n\n\
         bash:  source <({bin} completions bash)\n\
         zsh:   {bin} completions zsh > \"${{fpath[1]}}/_{bin}\"\n\
         fish:  {bin} completions fish > ~/.config/fish/completions/{bin}.fish"
    )
}

/// Runs the tool on `argv`; the exit code.
pub(crate) fn run(tool: &Tool, argv: Vec<std::ffi::OsString>) -> i32 {
    let matches = match command(tool).try_get_matches_from(argv) {
        Ok(matches) => matches,
        Err(err) => {
            let _ = err.print();
            return match err.use_stderr() {
                true => failure::USAGE,
                false => 0,
            };
        }
    };
    let outcome = match matches.subcommand() {
        Some(("completions", sub)) => completions(tool, sub),
        Some(("config", sub)) => config::run(&tool.app, &matches, sub),
        Some((login::NAME, sub)) => block_on(login::run(&tool.app, &matches, sub)),
        Some((group, sub)) => match sub.subcommand() {
            Some((name, m)) => block_on(call(tool, &matches, group, name, m)),
            None => Err(Failure::usage(format!("{group}: a command is required"))),
        },
        None => Err(Failure::usage("a command is required")),
    };
    match outcome {
        Ok(()) => 0,
        Err(failure) => failure.report(),
    }
}

fn block_on<F: Future<Output = Result<(), Failure>>>(future: F) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| Failure::other(format!("cannot start the async runtime: {err}")))?;
    runtime.block_on(future)
}

async fn call(
    tool: &Tool,
    globals: &ArgMatches,
    group: &str,
    name: &str,
    matches: &ArgMatches,
) -> Result<(), Failure> {
    let settings = settings::resolve(&tool.app, globals).await?;
    let (client, dry_run) = hooks::client(&tool.app, globals, &settings)?;
    let output = output::Printer::new(&tool.app, globals, &settings)?;
    let cx = Context {
        client,
        output,
        dry_run,
    };
    let entry = (tool.commands.iter()).find(|entry| entry.group == group && entry.name == name);
    let Some(entry) = entry else {
        return Err(Failure::usage(format!("no command `{group} {name}`")));
    };
    let outcome = (entry.run)(&cx, matches).await;
    match (outcome, &cx.dry_run) {
        (Err(Failure::Intercepted), Some(dry_run)) => dry_run.print(),
        (Err(failure), _) if settings.token.is_none() && failure.is_refusal() => {
            Err(failure.hint(&format!(
                "no token was given: use --token, set {}_API_TOKEN, or run `{} config init`",
                tool.app.env_prefix, tool.app.bin
            )))
        }
        (outcome, _) => outcome,
    }
}

fn completions(tool: &Tool, matches: &ArgMatches) -> Result<(), Failure> {
    let shell = *matches
        .get_one::<clap_complete::Shell>("shell")
        .ok_or_else(|| Failure::usage("a shell is required"))?;
    let mut command = command(tool);
    // Profiles are completed as they are when the script is made.
    let profiles = config::profile_names(&tool.app);
    if !profiles.is_empty() {
        command = command.mut_arg("profile", |arg| {
            arg.value_parser(clap::builder::PossibleValuesParser::new(profiles))
        });
    }
    // Into memory first: clap_complete panics on a failed write (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, tool.app.bin, &mut script);
    if shell == clap_complete::Shell::PowerShell {
        script = powershell_values(&command, tool.app.bin, &script).into_bytes();
    }
    failure::write_stdout(&script)
}

/// clap_complete's PowerShell script completes commands and flags only: this adds the
/// values of the flags that have some (enums, `--profile`, `--format`), by the command
/// and the flag before the word completed.
fn powershell_values(command: &Command, bin: &str, script: &[u8]) -> String {
    let script = String::from_utf8_lossy(script).into_owned();
    let anchor = "    $completions = @(switch ($command) {";
    let quote = |text: &str| format!("'{}'", text.replace('\'', "''"));
    // By key, once: PowerShell refuses a hash literal with a key twice (in any case).
    let mut entries = std::collections::BTreeMap::new();
    let mut pending = vec![(bin.to_owned(), command)];
    while let Some((path, command)) = pending.pop() {
        for arg in command.get_arguments() {
            let values: Vec<String> = (arg.get_possible_values().iter())
                .filter(|value| !value.is_hide_set())
                .map(|value| quote(value.get_name()))
                .collect();
            if values.is_empty() {
                continue;
            }
            // A global flag is the same in every command.
            let scope = match arg.is_global_set() {
                true => String::new(),
                false => format!("{path};"),
            };
            let names = (arg.get_long().map(|long| format!("--{long}")).into_iter())
                .chain(arg.get_short().map(|short| format!("-{short}")));
            for name in names {
                let key = format!("{scope}{name}");
                let line = format!("        {} = @({})", quote(&key), values.join(", "));
                entries.entry(key.to_lowercase()).or_insert(line);
            }
        }
        for sub in command.get_subcommands() {
            pending.push((format!("{path};{}", sub.get_name()), sub));
        }
    }
    if entries.is_empty() || !script.contains(anchor) {
        return script;
    }
    let entries: Vec<String> = entries.into_values().collect();
    let values = format!(
        "    $values = @{{\n{}\n    }}\n\
         \x20   $at = $commandElements.Count - 1\n\
         \x20   if ($wordToComplete) {{ $at = $at - 1 }}\n\
         \x20   if ($at -ge 1) {{\n\
         \x20       $flag = $commandElements[$at].ToString()\n\
         \x20       $choices = $values[\"$command;$flag\"]\n\
         \x20       if (-not $choices) {{ $choices = $values[$flag] }}\n\
         \x20       if ($choices) {{\n\
         \x20           return $choices.Where{{ $_ -like \"$wordToComplete*\" }} | ForEach-Object {{\n\
         \x20               [CompletionResult]::new($_, $_, [CompletionResultType]::ParameterValue, $_)\n\
         \x20           }}\n\
         \x20       }}\n\
         \x20   }}\n\n",
        entries.join("\n")
    );
    script.replacen(anchor, &format!("{values}{anchor}"), 1)
}

impl Context {
    /// The value of an optional flag, read as its type (see [`args::parse`]).
    pub(crate) fn optional<T: serde::de::DeserializeOwned>(
        &self,
        matches: &ArgMatches,
        id: &str,
    ) -> Result<Option<T>, Failure> {
        args::optional(matches, id, &args::shown(id))
    }

    /// The values of a flag given once per item, read as its (array) type.
    pub(crate) fn list<T: serde::de::DeserializeOwned>(
        &self,
        matches: &ArgMatches,
        id: &str,
    ) -> Result<Option<T>, Failure> {
        args::list(matches, id)
    }

    /// The value of a required flag, read as its type.
    pub(crate) fn required<T: serde::de::DeserializeOwned>(
        &self,
        matches: &ArgMatches,
        id: &str,
    ) -> Result<T, Failure> {
        let shown = args::shown(id);
        args::optional(matches, id, &shown)?
            .ok_or_else(|| Failure::usage(format!("{shown} is required")))
    }

    /// The values of a required flag given once per item.
    pub(crate) fn required_list<T: serde::de::DeserializeOwned>(
        &self,
        matches: &ArgMatches,
        id: &str,
    ) -> Result<T, Failure> {
        args::list(matches, id)?
            .ok_or_else(|| Failure::usage(format!("{} is required", args::shown(id))))
    }

    /// A path parameter (positional) read as its type.
    pub(crate) fn argument<T: serde::de::DeserializeOwned>(
        &self,
        matches: &ArgMatches,
        id: &str,
    ) -> Result<T, Failure> {
        let shown = format!("<{}>", id.to_uppercase());
        args::optional(matches, id, &shown)?
            .ok_or_else(|| Failure::usage(format!("{shown} is required")))
    }

    /// The request body: `--body` (JSON, `@FILE` or `-` for stdin) with the fields'
    /// flags over it, read as the operation's body type.
    pub(crate) fn body<T: serde::de::DeserializeOwned>(
        &self,
        matches: &ArgMatches,
        fields: &[Field],
    ) -> Result<T, Failure> {
        body::json(matches, fields, true)?.ok_or_else(|| {
            Failure::usage("a request body is required: give --body or the fields' flags")
        })
    }

    /// An optional request body: `None` when neither `--body` nor a field's flag is given.
    pub(crate) fn optional_body<T: serde::de::DeserializeOwned>(
        &self,
        matches: &ArgMatches,
        fields: &[Field],
    ) -> Result<Option<T>, Failure> {
        body::json(matches, fields, false)
    }

    /// A text body (`--body TEXT`, `@FILE` or `-`).
    pub(crate) fn text_body(&self, matches: &ArgMatches) -> Result<Option<String>, Failure> {
        body::raw(matches)?
            .map(|bytes| {
                String::from_utf8(bytes)
                    .map_err(|_| Failure::usage("--body: the text is not UTF-8"))
            })
            .transpose()
    }

    /// A binary body (`--body @FILE` or `-`).
    pub(crate) fn bytes_body(&self, matches: &ArgMatches) -> Result<Option<Vec<u8>>, Failure> {
        body::raw(matches)
    }

    /// A multipart file part: the file a flag names.
    pub(crate) fn file(
        &self,
        matches: &ArgMatches,
        id: &str,
    ) -> Result<Option<crate::api::runtime::FilePart>, Failure> {
        body::file(matches, id)
    }

    /// Several files under one multipart name.
    pub(crate) fn files(
        &self,
        matches: &ArgMatches,
        id: &str,
    ) -> Result<Vec<crate::api::runtime::FilePart>, Failure> {
        body::files(matches, id)
    }

    /// Whether `--all` asks for every page.
    pub(crate) fn all(&self, matches: &ArgMatches) -> bool {
        matches.get_flag(args::ALL)
    }

    /// Prints a reply as the output flags say.
    pub(crate) fn print<E: std::fmt::Debug>(
        &self,
        result: Result<Reply, crate::api::Error<E>>,
    ) -> Result<(), Failure> {
        self.output.reply(result?)
    }

    /// Prints the items of every page, one JSON line each, as they arrive.
    pub(crate) async fn items<T: serde::Serialize, E: std::fmt::Debug>(
        &self,
        matches: &ArgMatches,
        stream: impl futures_util::Stream<Item = Result<T, crate::api::Error<E>>>,
    ) -> Result<(), Failure> {
        let limit = matches.get_one::<usize>(args::MAX_ITEMS).copied();
        self.output.lines(stream, limit).await
    }

    /// Prints the data of each server-sent event as a JSON line as it arrives.
    pub(crate) async fn events<T: serde::Serialize, E: std::fmt::Debug>(
        &self,
        stream: Result<Stream<crate::api::runtime::Event<T>, E>, crate::api::Error<E>>,
    ) -> Result<(), Failure> {
        use futures_util::StreamExt;
        let data = stream?.map(|event| event.map(|event| event.data));
        self.output.lines(data, None).await
    }

    /// Prints each line of a JSON Lines reply as it arrives.
    pub(crate) async fn json_lines<T: serde::Serialize, E: std::fmt::Debug>(
        &self,
        stream: Result<Stream<T, E>, crate::api::Error<E>>,
    ) -> Result<(), Failure> {
        self.output.lines(stream?, None).await
    }

    /// Writes a download to `--output FILE` (or to stdout when it is not a terminal,
    /// which is checked before the request is sent).
    pub(crate) async fn download<E: std::fmt::Debug>(
        &self,
        matches: &ArgMatches,
        call: impl Future<Output = Result<crate::api::runtime::Download, crate::api::Error<E>>>,
    ) -> Result<(), Failure> {
        let target = matches.get_one::<std::path::PathBuf>(args::OUTPUT_FILE);
        let target = target.map(|path| path.as_path());
        if self.dry_run.is_none() {
            output::check_download_target(target)?;
        }
        output::download(target, call.await?).await
    }

    /// Prints a reply that may be binary: to `--output FILE` when given.
    pub(crate) fn print_to_file<E: std::fmt::Debug>(
        &self,
        matches: &ArgMatches,
        result: Result<Reply, crate::api::Error<E>>,
    ) -> Result<(), Failure> {
        match (
            result?,
            matches.get_one::<std::path::PathBuf>(args::OUTPUT_FILE),
        ) {
            (Reply::Bytes(bytes), Some(path)) => std::fs::write(path, bytes)
                .map_err(|err| Failure::other(format!("{}: {err}", path.display()))),
            (reply, _) => self.output.reply(reply),
        }
    }
}

/// `--output FILE` of a download command.
pub(crate) fn output_file_arg() -> Arg {
    Arg::new(args::OUTPUT_FILE)
        .long("output")
        .value_name("FILE")
        .value_parser(clap::value_parser!(std::path::PathBuf))
        .help("Write the downloaded body to FILE (binary is never written to a terminal)")
        .action(ArgAction::Set)
}
