//! The client a command runs with, and the hooks the tool adds to it: `-v` logs each
//! attempt on stderr, `--dry-run` keeps the request from being sent and prints it as a
//! `curl` command. Neither ever shows a secret.

use super::args::{DRY_RUN, RETRIES, TIMEOUT, VERBOSE};
use super::config;
use super::failure::write_stdout;
use super::settings::Settings;
use super::{App, Failure};
use clap::ArgMatches;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The client the flags, environment and profile describe, with the tool's hooks.
pub(crate) fn client(
    app: &App,
    globals: &ArgMatches,
    settings: &Settings,
) -> Result<(crate::api::Client, Option<Arc<DryRun>>), Failure> {
    let base = settings.base_url.clone().ok_or_else(|| {
        let servers = match super::args::server_variables(app).first() {
            Some((flag, _)) => format!(" or --{flag}"),
            None => String::new(),
        };
        Failure::usage(format!(
            "no base URL: give --base-url{servers}, set {}_BASE_URL, or make a profile with \
             `{} config init`",
            app.env_prefix, app.bin
        ))
    })?;
    let mut builder = crate::api::Client::builder().base_url(base);
    if let Some(token) = &settings.token {
        builder = builder.api_key(token.clone());
    }
    if let (Some(user), Some(password)) =
        (config::env(app, "USERNAME"), config::env(app, "PASSWORD"))
    {
        builder = builder.basic_auth(user, password);
    }
    if let Some(seconds) = globals.get_one::<u64>(TIMEOUT) {
        builder = builder.timeout(Duration::from_secs(*seconds));
    }
    if let Some(retries) = globals.get_one::<u32>(RETRIES) {
        builder = builder.retry_policy(crate::api::runtime::RetryPolicy {
            max_retries: *retries,
            ..Default::default()
        });
    }
    let masker = Masker {
        names: app.secret_names,
        token: settings.token.clone(),
    };
    if globals.get_flag(VERBOSE) {
        builder = builder.hook(Verbose {
            masker: masker.clone(),
            started: Mutex::new(None),
        });
    }
    let dry_run = globals.get_flag(DRY_RUN).then(|| {
        Arc::new(DryRun {
            masker,
            captured: Mutex::new(None),
        })
    });
    if let Some(dry_run) = &dry_run {
        builder = builder.hook(Intercept(Arc::clone(dry_run)));
    }
    let client = builder
        .build()
        .map_err(|err| Failure::usage(err.to_string()))?;
    Ok((client, dry_run))
}

/// Hides credentials: headers that carry them, query parameters and cookies the
/// document names as API keys, and the token itself wherever it appears.
#[derive(Clone)]
struct Masker {
    names: &'static [&'static str],
    token: Option<String>,
}

const MASK: &str = "***";

impl Masker {
    fn is_secret(&self, name: &str) -> bool {
        self.names
            .iter()
            .any(|secret| secret.eq_ignore_ascii_case(name))
    }

    fn header(&self, name: &str, value: &reqwest::header::HeaderValue) -> String {
        let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
        let lower = name.to_ascii_lowercase();
        if lower == "cookie" {
            return self.cookies(&text);
        }
        if value.is_sensitive()
            || self.is_secret(name)
            || matches!(lower.as_str(), "authorization" | "proxy-authorization")
        {
            return match text.split_once(' ') {
                Some((scheme, _)) if matches!(scheme, "Bearer" | "Basic" | "Token") => {
                    format!("{scheme} {MASK}")
                }
                _ => MASK.to_owned(),
            };
        }
        self.text(&text)
    }

    fn cookies(&self, text: &str) -> String {
        let masked: Vec<String> = text
            .split("; ")
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) if self.is_secret(name) => format!("{name}={MASK}"),
                _ => self.text(pair),
            })
            .collect();
        masked.join("; ")
    }

    fn url(&self, url: &reqwest::Url) -> String {
        let mut shown = url.clone();
        if url.query().is_some() {
            let pairs: Vec<(String, String)> = url
                .query_pairs()
                .map(|(k, v)| match self.is_secret(&k) {
                    true => (k.into_owned(), MASK.to_owned()),
                    false => (k.into_owned(), v.into_owned()),
                })
                .collect();
            shown.query_pairs_mut().clear().extend_pairs(pairs);
        }
        self.text(shown.as_str())
    }

    /// The text with the token, wherever it is, masked.
    fn text(&self, text: &str) -> String {
        match &self.token {
            Some(token) if !token.is_empty() => text.replace(token.as_str(), MASK),
            _ => text.to_owned(),
        }
    }
}

/// `-v`: each attempt's method and URL, then its status and time, on stderr.
struct Verbose {
    masker: Masker,
    started: Mutex<Option<Instant>>,
}

impl crate::api::runtime::Hook for Verbose {
    fn before_send(&self, request: &mut reqwest::Request) {
        if let Ok(mut started) = self.started.lock() {
            *started = Some(Instant::now());
        }
        eprintln!("> {} {}", request.method(), self.masker.url(request.url()));
        for (name, value) in request.headers() {
            eprintln!("> {name}: {}", self.masker.header(name.as_str(), value));
        }
    }

    fn after_receive(
        &self,
        request: &crate::api::runtime::RequestSummary,
        response: &reqwest::Response,
    ) {
        let took = (self.started.lock().ok())
            .and_then(|started| *started)
            .map_or(0, |started| started.elapsed().as_millis());
        eprintln!(
            "< {} ({took} ms, attempt {})",
            response.status(),
            request.attempt
        );
        for (name, value) in response.headers() {
            let shown = match name.as_str() {
                "set-cookie" => MASK.to_owned(),
                _ => self.masker.header(name.as_str(), value),
            };
            eprintln!("< {name}: {shown}");
        }
    }

    fn on_retry(
        &self,
        request: &crate::api::runtime::RequestSummary,
        attempt: u32,
        wait: Duration,
    ) {
        eprintln!(
            "! attempt {attempt} of {} {} failed; trying again in {:.1} s",
            request.method,
            request.path,
            wait.as_secs_f64()
        );
    }
}

/// `--dry-run`: the request as it would be sent, as a `curl` command.
pub(crate) struct DryRun {
    masker: Masker,
    captured: Mutex<Option<String>>,
}

/// The hook of a [`DryRun`], which the command keeps to print what it caught.
struct Intercept(Arc<DryRun>);

impl crate::api::runtime::Hook for Intercept {
    fn intercept(&self, request: &reqwest::Request) -> bool {
        let curl = curl(&self.0.masker, request);
        if let Ok(mut captured) = self.0.captured.lock() {
            *captured = Some(curl);
        }
        true
    }
}

impl DryRun {
    /// Prints the intercepted request on stdout.
    pub(crate) fn print(&self) -> Result<(), Failure> {
        let captured = self.captured.lock().ok().and_then(|c| c.clone());
        match captured {
            Some(curl) => write_stdout(format!("{curl}\n").as_bytes()),
            None => Err(Failure::other("--dry-run: no request was made")),
        }
    }
}

/// The request as a `curl` command line, one option a line.
fn curl(masker: &Masker, request: &reqwest::Request) -> String {
    let mut lines = vec![match request.method().as_str() {
        "GET" => format!("curl {}", quote(&masker.url(request.url()))),
        method => format!("curl -X {method} {}", quote(&masker.url(request.url()))),
    }];
    for (name, value) in request.headers() {
        let mut shown = masker.header(name.as_str(), value);
        // A multipart boundary is random: curl makes its own.
        if let Some(at) = shown.find("boundary=") {
            shown.replace_range(at + "boundary=".len().., "...");
        }
        lines.push(format!("-H {}", quote(&format!("{name}: {shown}"))));
    }
    match request.body().map(|body| body.as_bytes()) {
        None => {}
        Some(Some(bytes)) => match std::str::from_utf8(bytes) {
            Ok(text) => lines.push(format!("--data-binary {}", quote(&masker.text(text)))),
            Err(_) => lines.push(format!(
                "--data-binary @-  # {} bytes of binary body",
                bytes.len()
            )),
        },
        Some(None) => {
            lines.push("# the body is streamed (multipart or a file): not shown".to_owned())
        }
    }
    lines.join(" \\\n  ")
}

/// A word for a POSIX shell: in single quotes, each `'` closed, escaped and reopened.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}
