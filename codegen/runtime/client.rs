//! `Client` and `ClientBuilder`: the base URL, credentials, timeouts, retries, pacing
//! and hooks every call through a client shares, and `CallOptions` for one call.

use super::auth::{ClientCredentials, Credential, Credentials, Scheme, TokenClient, TokenProvider};
use super::pacing::Pacer;
use super::RetryPolicy;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The time a request may take, from sending to the end of the response body, unless the
/// builder says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The time opening a connection may take, unless the builder says otherwise.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The most of a body read into memory, 64 MiB: far more than a JSON reply of a paged
/// API holds (a page of thousands of records is a few MiB), little enough that a server
/// that misbehaves cannot take the process down. Downloads read piece by piece are not
/// bounded.
pub(super) const DEFAULT_MAX_BODY: usize = 64 << 20;

const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A client for the API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    pub(super) http: reqwest::Client,
    pub(super) base_url: reqwest::Url,
    pub(super) credentials: Arc<Credentials>,
    pub(super) timeout: Duration,
    pub(super) max_body: usize,
    pub(super) retry: RetryPolicy,
    pub(super) pacer: Option<Arc<Pacer>>,
    /// What [`Client::with`] sets for the calls made through this copy.
    pub(super) call: Arc<CallOptions>,
    /// The header an idempotency key goes in (`Idempotency-Key` by default).
    pub(super) idempotency_header: reqwest::header::HeaderName,
    pub(super) hooks: Arc<Vec<Arc<dyn super::Hook>>>,
}

/// What one call (or the calls of one copy of the client) may change: see
/// [`Client::with`].
#[derive(Clone, Default)]
pub struct CallOptions {
    pub(super) headers: Vec<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>,
    pub(super) idempotency_key: Option<String>,
    /// A header that cannot be sent, reported when the call is made.
    pub(super) invalid: Option<String>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    max_body: Option<usize>,
}

impl CallOptions {
    /// A header sent with the call (after the operation's own). Its value is kept out of
    /// `Debug`, like a credential's.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let parsed = (
            reqwest::header::HeaderName::from_bytes(name.as_bytes()),
            reqwest::header::HeaderValue::from_str(value),
        );
        match parsed {
            (Ok(name), Ok(mut value)) => {
                value.set_sensitive(true);
                self.headers.push((name, value));
            }
            _ => self.invalid = Some(format!("`{name}` is not a header that can be sent")),
        }
        self
    }

    /// A key the server uses to apply a write once however often it arrives: sent in
    /// the client's idempotency header, and makes a write (`POST`, `PATCH`) safe to
    /// retry like an idempotent request.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body = Some(bytes);
        self
    }
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("CallOptions")
            .field("headers", &headers)
            .field(
                "idempotency_key",
                &self.idempotency_key.as_ref().map(|_| "<set>"),
            )
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_body", &self.max_body)
            .finish()
    }
}

impl Client {
    /// What fetching a token needs of this client.
    pub(super) fn token_client(&self) -> TokenClient<'_> {
        TokenClient {
            http: &self.http,
            base_url: &self.base_url,
            timeout: self.timeout,
        }
    }

    /// This client with `options` for the calls made through it:
    /// `client.with(|o| o.header("x-trace", id).idempotency_key(key).timeout(t)).create_thing(..)`.
    /// It shares the connections, credentials and pacing of `self`; options set on
    /// `self` before stay unless `options` sets them again.
    pub fn with(&self, options: impl FnOnce(CallOptions) -> CallOptions) -> Client {
        let options = options((*self.call).clone());
        Client {
            timeout: options.timeout.unwrap_or(self.timeout),
            retry: options.retry.clone().unwrap_or_else(|| self.retry.clone()),
            max_body: options.max_body.unwrap_or(self.max_body),
            call: Arc::new(options),
            ..self.clone()
        }
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The URL every operation path is appended to.
    pub fn base_url(&self) -> &reqwest::Url {
        &self.base_url
    }

    /// This client with another request timeout, for the calls that need one: e.g.
    /// `client.with_timeout(Duration::from_secs(300)).some_operation(..)`. It shares the
    /// connections, credentials and pacing of `self`.
    pub fn with_timeout(&self, timeout: Duration) -> Client {
        Client {
            timeout,
            ..self.clone()
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url.as_str())
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("max_body", &self.max_body)
            .field("retry", &self.retry)
            .field("pacer", &self.pacer)
            .field("call", &self.call)
            .field("hooks", &self.hooks.len())
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    /// Whether the caller named the URL itself (`base_url`), rather than a server of the
    /// document: only such a URL may be plain HTTP.
    explicit_url: bool,
    /// A server variable that cannot be used, reported by `build()`.
    invalid: Option<String>,
    credentials: Credentials,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_body: Option<usize>,
    retry: RetryPolicy,
    rate_limit: Option<(u32, Duration)>,
    idempotency_header: Option<String>,
    hooks: Vec<Arc<dyn super::Hook>>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_body", &self.max_body)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Sends requests to `url` (e.g. `http://127.0.0.1:8080/api`) instead of a server the
    /// document lists. This is the only way to send requests over plain HTTP.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.invalid = None;
        self.base_url = Some(url.into());
        self.explicit_url = true;
        self
    }

    /// Sends requests to a server URL template of the document with its `{variables}`
    /// filled in. A value that would change more than its own part of the URL (one with
    /// `/`, `?`, `#`, `@`, `:` or whitespace) makes `build()` fail.
    pub fn server_url(mut self, template: &str, variables: &[(&str, &str)]) -> Self {
        let mut url = template.to_owned();
        for (name, value) in variables {
            let unsafe_char =
                |c: char| "/?#@:[]\\".contains(c) || c.is_whitespace() || c.is_control();
            if value.is_empty() || value.contains(unsafe_char) {
                self.invalid = Some(format!(
                    "invalid value `{value}` for server variable `{name}`"
                ));
                return self;
            }
            url = url.replace(&format!("{{{name}}}"), value);
        }
        self.invalid = None;
        self.base_url = Some(url);
        self.explicit_url = false;
        self
    }

    /// The API key or bearer token, sent as each operation's security scheme says (for
    /// every scheme but HTTP basic that has no credential of its own).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.credentials.token = Some(Credential::token(key));
        self
    }

    /// A user name and password, for operations secured with HTTP basic authentication.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials.basic = Some(Credential::basic(username, password));
        self
    }

    /// Where bearer tokens come from, for every bearer, OpenID Connect and OAuth 2 scheme
    /// without a credential of its own: asked once per call.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.credentials.provider = Some(Credential::provider(provider));
        self
    }

    /// The OAuth 2 client credentials flow, for every OAuth 2 scheme whose token URL is
    /// known (from the document, or given to `flow`): tokens are fetched when first
    /// needed, shared by concurrent calls and fetched again before they expire.
    pub fn client_credentials(mut self, flow: ClientCredentials) -> Self {
        self.credentials.client_credentials = Some(Credential::client_credentials(flow));
        self
    }

    /// The credential of one scheme of the crate's `security` module, which goes before
    /// any the other methods give: e.g. two API keys sent together, each in its header.
    /// One that cannot serve the scheme (a password for an API key) makes `build()` fail.
    pub fn credential(mut self, scheme: Scheme, credential: Credential) -> Self {
        (self.credentials.by_scheme).retain(|(s, _)| s.name != scheme.name);
        self.credentials.by_scheme.push((scheme, credential));
        self
    }

    /// The most a request may take, response body included (default 60 s). Downloads
    /// read piece by piece (`*_download` methods) have none: they take as long as the
    /// body does. [`Client::with_timeout`] changes it for some calls.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Adds a [`Hook`](super::Hook), which sees every request before it is sent and every
    /// response and retry.
    pub fn hook(mut self, hook: impl super::Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// The header [`CallOptions::idempotency_key`] sends its key in (by default the one
    /// the generator's `idempotency-header` setting names, else `Idempotency-Key`, as
    /// Stripe, Adyen and the IETF draft name it).
    pub fn idempotency_header(mut self, name: impl Into<String>) -> Self {
        self.idempotency_header = Some(name.into());
        self
    }

    /// The most of a response body read into memory (default 64 MiB); a longer one
    /// fails the call with [`Error::TooLarge`](super::Error::TooLarge), having read no
    /// more than this and one chunk, or nothing when `Content-Length` says so first.
    /// [`Client::with`] sets another limit for some calls. Downloads read piece by piece are not bounded. The client asks for no
    /// compression (no `Accept-Encoding`), so the limit is the size on the wire and a
    /// decompression bomb cannot happen: JSON compresses well, but a body this large is
    /// rare, and decoding gzip, brotli and zstd would add three crates to every client.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body = Some(bytes);
        self
    }

    /// The most opening a connection may take (default 10 s). Not used with
    /// [`http_client`](Self::http_client), whose own settings apply.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sends at most `requests` requests per `per` (retries included), evenly spaced,
    /// so that the server's rate limit is never reached: e.g. `rate_limit(60,
    /// Duration::from_secs(60))`. Clones of the client share the allowance; calls wait
    /// for their turn. Off by default.
    pub fn rate_limit(mut self, requests: u32, per: Duration) -> Self {
        self.rate_limit = Some((requests, per));
        self
    }

    /// How failed requests are retried (by default 3 retries, backing off from 0.5 s to
    /// at most 30 s); `RetryPolicy::none()` turns retrying off.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends requests through the caller's own `reqwest::Client` (proxies, TLS settings,
    /// connection pool). Its own default headers, timeouts and redirect policy stay in
    /// force: give it `reqwest::redirect::Policy::none()` (or one that stays within an
    /// origin) if credentials must not follow a redirect to another host.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the configuration and makes the client.
    pub fn build(self) -> Result<Client, BuildError> {
        if let Some(invalid) = self.invalid {
            return Err(BuildError(invalid));
        }
        let mismatch = (self.credentials.by_scheme.iter())
            .find_map(|(scheme, credential)| credential.mismatch(scheme));
        if let Some(mismatch) = mismatch {
            return Err(BuildError(mismatch));
        }
        let base_url = match self.base_url {
            Some(url) => url,
            None => crate::servers::DEFAULT_BASE_URL
                .map(str::to_owned)
                .ok_or_else(|| BuildError(crate::servers::NO_BASE_URL_HINT.to_owned()))?,
        };
        let base_url = reqwest::Url::parse(&base_url)
            .map_err(|err| BuildError(format!("invalid base URL `{base_url}`: {err}")))?;
        if base_url.scheme() == "http" && !self.explicit_url {
            return Err(BuildError(format!(
                "`{base_url}` is plain HTTP, which would send the API key unencrypted; \
                 call `base_url(..)` with it to use it anyway"
            )));
        }
        if !matches!(base_url.scheme(), "http" | "https") || base_url.cannot_be_a_base() {
            return Err(BuildError(format!(
                "invalid base URL `{base_url}`: expected an http or https URL"
            )));
        }
        let name =
            (self.idempotency_header.as_deref()).unwrap_or(crate::servers::IDEMPOTENCY_HEADER);
        let idempotency_header = reqwest::header::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| BuildError(format!("`{name}` is not a header name")))?;
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .user_agent(USER_AGENT)
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .redirect(reqwest::redirect::Policy::custom(same_origin_redirects))
                .build()
                .map_err(|err| BuildError(format!("cannot start the HTTP client: {err}")))?,
        };
        Ok(Client {
            http,
            base_url,
            credentials: Arc::new(self.credentials),
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            max_body: self.max_body.unwrap_or(DEFAULT_MAX_BODY),
            retry: self.retry,
            call: Arc::new(CallOptions::default()),
            idempotency_header,
            hooks: Arc::new(self.hooks),
            pacer: self
                .rate_limit
                .map(|(requests, per)| Arc::new(Pacer::new(requests, per))),
        })
    }
}

/// Follows a redirect only within the origin the request was sent to. reqwest drops
/// `Authorization` and `Cookie` on the way to another host, but not an API key in a
/// header of the document's choosing; so a redirect elsewhere is not followed at all,
/// and the call fails with its status and `Location` ([`super::ApiError`]).
fn same_origin_redirects(attempt: reqwest::redirect::Attempt<'_>) -> reqwest::redirect::Action {
    let same_origin =
        (attempt.previous().first()).is_some_and(|first| first.origin() == attempt.url().origin());
    if attempt.previous().len() > 10 {
        attempt.error("more than 10 redirects")
    } else if same_origin {
        attempt.follow()
    } else {
        attempt.stop()
    }
}

/// The client configuration is not usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}
