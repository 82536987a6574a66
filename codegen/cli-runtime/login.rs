//! `login`: the OAuth 2 authorization-code flow with PKCE (S256) the document declares,
//! the browser sent to the authorization page and the code caught on a loopback
//! callback; and the profile's token, refreshed before it expires.

use super::args::{BASE_URL, PROFILE};
use super::config::{self, Profile};
use super::{App, Failure};
use base64::Engine;
use clap::{ArgMatches, Command};
use serde::Deserialize;
use sha2::Digest;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use time::format_description::well_known::Rfc3339;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub(crate) const NAME: &str = "login";

/// How long the browser has to come back.
const WAIT: Duration = Duration::from_secs(120);
/// A token this close to its expiry is refreshed first.
const MARGIN: u64 = 60;

pub(crate) fn command(app: &App) -> Command {
    let about = match &app.oauth {
        Some(_) => "Sign in with the browser (OAuth, PKCE) and keep the token in a profile",
        None => "Sign in with the browser (the document declares no authorization-code flow)",
    };
    Command::new(NAME).about(about).long_about(format!(
        "{about}.\n\nOpens the authorization page (the command in BROWSER, else the system's), \
         waits up to two minutes for the redirect to a loopback address, exchanges the code \
         and saves the tokens in the profile --profile names (default: `default`), with the \
         base URL. Tokens are refreshed when they are about to expire."
    ))
}

/// The token a profile holds: its API key, or its OAuth access token (refreshed first
/// when it expires within a minute; a failed refresh keeps the old one, which the
/// server then refuses).
pub(crate) async fn profile_token(
    app: &App,
    name: &str,
    profile: &Profile,
) -> Result<Option<String>, Failure> {
    if profile.auth_method != "oauth" {
        return Ok(profile.api_key.clone());
    }
    let expired = (profile.token_expires_at.as_deref())
        .and_then(parse_rfc3339)
        .is_some_and(|expiry| expiry <= now() + MARGIN);
    match (&app.oauth, &profile.refresh_token, expired) {
        (Some(oauth), Some(refresh), true) => {
            let base = profile.api_endpoint.clone();
            let form = [
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh.as_str()),
                ("client_id", oauth.client_id),
            ];
            let exchanged = exchange(oauth, &base, &form).await;
            match exchanged {
                Ok(tokens) => {
                    let mut config = config::load(app)?;
                    if let Some(stored) = config.profiles.get_mut(name) {
                        tokens.store(stored);
                    }
                    config::save(app, &config)?;
                    Ok(Some(tokens.access_token))
                }
                Err(_) => Ok(profile.access_token.clone()),
            }
        }
        _ => Ok(profile.access_token.clone()),
    }
}

/// The reply of a token endpoint.
#[derive(Deserialize)]
struct Tokens {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl Tokens {
    fn store(&self, profile: &mut Profile) {
        profile.auth_method = "oauth".into();
        profile.access_token = Some(self.access_token.clone());
        if let Some(refresh) = &self.refresh_token {
            profile.refresh_token = Some(refresh.clone());
        }
        profile.token_expires_at = self.expires_in.map(|secs| format_rfc3339(now() + secs));
    }
}

/// A flow URL of the document: absolute, or relative to the instance's base URL.
fn flow_url(base: &str, url: &str) -> String {
    match url.starts_with("http://") || url.starts_with("https://") {
        true => url.to_owned(),
        false => format!(
            "{}/{}",
            base.trim_end_matches('/'),
            url.trim_start_matches('/')
        ),
    }
}

async fn exchange(
    oauth: &super::OAuth,
    base: &str,
    form: &[(&str, &str)],
) -> Result<Tokens, Failure> {
    let response = reqwest::Client::new()
        .post(flow_url(base, oauth.token_url))
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .map_err(|err| Failure::other(format!("the token endpoint: {err}")))?;
    let status = response.status();
    let bytes = response.bytes().await.unwrap_or_default();
    if !status.is_success() {
        let message = format!("the token endpoint answered {status}");
        return Err(Failure::status(status.as_u16(), message, &bytes, None));
    }
    serde_json::from_slice(&bytes)
        .map_err(|err| Failure::other(format!("the token endpoint's reply: {err}")))
}

pub(crate) async fn run(app: &App, globals: &ArgMatches, _: &ArgMatches) -> Result<(), Failure> {
    let Some(oauth) = &app.oauth else {
        return Err(Failure::usage(format!(
            "the API's document declares no OAuth authorization-code flow: use `{} config init` \
             with a token",
            app.bin
        )));
    };
    let config = config::load(app)?;
    let profile = config::chosen(app, globals, &config).ok().flatten();
    let base = config::base_url(app, globals, profile.map(|(_, p)| p))?.ok_or_else(|| {
        Failure::usage(format!(
            "login needs the instance: give --{BASE_URL} or the server flags"
        ))
    })?;
    let verifier = random_text(32)?;
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()));
    let state = random_text(16)?;
    // `localhost`, as Omni's tool registers it, may resolve to either loopback address:
    // the callback listens on both.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let listeners = Listeners {
        v4: listener,
        v6: tokio::net::TcpListener::bind(("::1", port)).await.ok(),
    };
    let redirect = format!("http://localhost:{port}/callback");
    let scope = oauth.scopes.join(" ");
    let mut authorize = reqwest::Url::parse(&flow_url(&base, oauth.authorization_url))
        .map_err(|err| Failure::usage(format!("the authorization URL: {err}")))?;
    authorize.query_pairs_mut().extend_pairs([
        ("response_type", "code"),
        ("client_id", oauth.client_id),
        ("redirect_uri", redirect.as_str()),
        ("scope", scope.as_str()),
        ("state", state.as_str()),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ]);
    eprintln!("Opening the sign-in page; if no browser opens, visit:\n  {authorize}");
    open_browser(authorize.as_str());
    let code = tokio::time::timeout(WAIT, callback(&listeners, &state))
        .await
        .map_err(|_| Failure::usage("no sign-in within two minutes"))??;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", redirect.as_str()),
        ("client_id", oauth.client_id),
        ("code_verifier", verifier.as_str()),
    ];
    let tokens = exchange(oauth, &base, &form).await?;
    let name = (globals.get_one::<String>(PROFILE).cloned()).unwrap_or_else(|| "default".into());
    let mut config = config::load(app)?;
    let profile = config.profiles.entry(name.clone()).or_default();
    profile.api_endpoint = base;
    profile.api_key = None;
    tokens.store(profile);
    if config.default_profile.is_none() {
        config.default_profile = Some(name.clone());
    }
    let path = config::save(app, &config)?;
    eprintln!("{}: signed in; profile `{name}` saved", path.display());
    Ok(())
}

/// Waits for the browser's redirect; the code, once its state matches.
/// The callback's listeners, on the IPv4 and (when there is one) IPv6 loopback.
struct Listeners {
    v4: tokio::net::TcpListener,
    v6: Option<tokio::net::TcpListener>,
}

impl Listeners {
    async fn accept(&self) -> std::io::Result<tokio::net::TcpStream> {
        let Some(v6) = &self.v6 else {
            return Ok(self.v4.accept().await?.0);
        };
        let (v4, v6) = (
            std::pin::pin!(self.v4.accept()),
            std::pin::pin!(v6.accept()),
        );
        match futures_util::future::select(v4, v6).await {
            futures_util::future::Either::Left((accepted, _))
            | futures_util::future::Either::Right((accepted, _)) => Ok(accepted?.0),
        }
    }
}

async fn callback(listeners: &Listeners, state: &str) -> Result<String, Failure> {
    loop {
        let mut socket = listeners.accept().await?;
        let mut buffer = vec![0; 8192];
        let read = socket.read(&mut buffer).await?;
        let request = String::from_utf8_lossy(&buffer[..read]).into_owned();
        let target = request
            .split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        let url = reqwest::Url::parse(&format!("http://localhost{target}")).ok();
        let Some(url) = url.filter(|url| url.path() == "/callback") else {
            let _ = socket
                .write_all(page(404, "Not the sign-in callback.").as_bytes())
                .await;
            continue;
        };
        let get = |key: &str| {
            (url.query_pairs())
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.into_owned())
        };
        let outcome = match (get("state"), get("code"), get("error")) {
            (_, _, Some(error)) => Err(Failure::refused(format!("sign-in refused: {error}"))),
            (Some(given), Some(code), None) if given == state => Ok(code),
            _ => Err(Failure::usage(
                "the sign-in callback's state does not match: ignored",
            )),
        };
        let text = match &outcome {
            Ok(_) => page(200, "Signed in. You can close this tab."),
            Err(_) => page(400, "Sign-in failed; see the terminal."),
        };
        let _ = socket.write_all(text.as_bytes()).await;
        return outcome;
    }
}

fn page(status: u16, text: &str) -> String {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Bad Request",
    };
    format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
        text.len()
    )
}

/// Runs `$BROWSER <url>`, else the system's opener; a failure leaves the printed URL.
fn open_browser(url: &str) {
    let opener = match std::env::var("BROWSER") {
        Ok(browser) if !browser.is_empty() => browser,
        _ if cfg!(target_os = "macos") => "open".to_owned(),
        _ if cfg!(windows) => "explorer".to_owned(),
        _ => "xdg-open".to_owned(),
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

fn random_text(bytes: usize) -> Result<String, Failure> {
    let mut buffer = vec![0u8; bytes];
    getrandom::getrandom(&mut buffer)
        .map_err(|err| Failure::other(format!("no randomness: {err}")))?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buffer))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Seconds since the epoch of an RFC 3339 time (`2026-12-03T10:00:00Z`, any offset).
fn parse_rfc3339(text: &str) -> Option<u64> {
    let time = time::OffsetDateTime::parse(text, &Rfc3339).ok()?;
    u64::try_from(time.unix_timestamp()).ok()
}

/// `seconds` since the epoch as RFC 3339, in UTC (empty when out of range: an expiry
/// that does not read is never taken as past).
fn format_rfc3339(seconds: u64) -> String {
    let time = i64::try_from(seconds)
        .ok()
        .and_then(|seconds| time::OffsetDateTime::from_unix_timestamp(seconds).ok());
    time.and_then(|time| time.format(&Rfc3339).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_times_read_and_write_back() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        let at = parse_rfc3339("2026-12-03T10:20:30Z").unwrap();
        assert_eq!(format_rfc3339(at), "2026-12-03T10:20:30Z");
        assert_eq!(parse_rfc3339("2026-12-03T11:20:30.5+01:00"), Some(at));
        assert_eq!(
            parse_rfc3339("2024-02-29T00:00:00Z")
                .map(format_rfc3339)
                .as_deref(),
            Some("2024-02-29T00:00:00Z")
        );
        assert_eq!(parse_rfc3339("yesterday"), None);
    }
}
