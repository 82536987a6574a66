//! Credentials, and how each security scheme of the document carries them: the client
//! holds credentials per scheme (or one for every scheme of a kind), and each call
//! applies the first of its operation's alternatives that they satisfy.

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How a security scheme carries a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// `Authorization: Bearer <token>` (HTTP bearer, OpenID Connect).
    Bearer,
    /// `Authorization: Basic ...`.
    Basic,
    /// An API key in the header of this name.
    Header(&'static str),
    /// An API key in the query parameter of this name.
    Query(&'static str),
    /// An API key in the cookie of this name.
    Cookie(&'static str),
    /// An OAuth 2 bearer token; with the token URL of a client credentials flow, the
    /// client can fetch it itself ([`ClientCredentials`]).
    OAuth2 { token_url: Option<&'static str> },
}

/// A security scheme of the document: the crate's `security` module names each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// Its key under `components/securitySchemes`.
    pub name: &'static str,
    pub auth: Auth,
}

/// What the runtime is told of the operation a request belongs to.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    pub operation_id: &'static str,
    /// The path template (`/users/{id}`), never the filled path: ids stay out of logs
    /// and span names.
    pub path: &'static str,
    /// The alternatives the operation accepts, each the schemes used together with the
    /// scopes it needs; none for a public operation.
    pub security: &'static [&'static [(Scheme, &'static [&'static str])]],
}

/// A secret that never shows in `Debug` output.
#[derive(Clone)]
pub(super) struct Secret(pub(super) String);

impl Secret {
    pub(super) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// What fetching a token needs of the client: its HTTP client, the base URL a relative
/// token URL is read against, and its timeout.
#[derive(Clone, Copy)]
pub(super) struct TokenClient<'c> {
    pub(super) http: &'c reqwest::Client,
    pub(super) base_url: &'c reqwest::Url,
    pub(super) timeout: Duration,
}

/// A credential for one scheme ([`ClientBuilder::credential`](super::ClientBuilder::credential)).
#[derive(Clone)]
pub struct Credential(pub(super) Kind);

#[derive(Clone)]
pub(super) enum Kind {
    /// A bearer token or API key.
    Token(Secret),
    Basic {
        username: String,
        password: Secret,
    },
    Provider(Arc<dyn TokenProvider>),
    ClientCredentials(Arc<ClientCredentials>),
}

impl Credential {
    /// A bearer token or API key, sent as the scheme says.
    pub fn token(token: impl Into<String>) -> Self {
        Credential(Kind::Token(Secret(token.into())))
    }

    /// A user name and password, for HTTP basic authentication.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credential(Kind::Basic {
            username: username.into(),
            password: Secret(password.into()),
        })
    }

    /// Tokens asked of `provider` for each call, sent as the scheme says.
    pub fn provider(provider: impl TokenProvider) -> Self {
        Credential(Kind::Provider(Arc::new(provider)))
    }

    /// Tokens fetched with the OAuth 2 client credentials flow, cached until shortly
    /// before they expire.
    pub fn client_credentials(flow: ClientCredentials) -> Self {
        Credential(Kind::ClientCredentials(Arc::new(flow)))
    }

    /// Why this credential cannot serve `scheme`, if it cannot.
    pub(super) fn mismatch(&self, scheme: &Scheme) -> Option<String> {
        let fits = match (&self.0, scheme.auth) {
            (Kind::Basic { .. }, Auth::Basic) => true,
            (Kind::Basic { .. }, _) | (_, Auth::Basic) => false,
            (Kind::ClientCredentials(_), Auth::OAuth2 { .. }) => true,
            (Kind::ClientCredentials(_), _) => false,
            (Kind::Token(_) | Kind::Provider(_), _) => true,
        };
        (!fits).then(|| {
            format!(
                "the credential given for `{}` is not of its kind",
                scheme.name
            )
        })
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match &self.0 {
            Kind::Token(_) => "Token(<redacted>)",
            Kind::Basic { .. } => "Basic(<redacted>)",
            Kind::Provider(_) => "Provider",
            Kind::ClientCredentials(_) => "ClientCredentials(<redacted>)",
        })
    }
}

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, AuthError>> + Send + 'a>>;

/// Where tokens come from for any flow the runtime does not run itself (a device code,
/// a token exchange, a cloud SDK's credentials): asked once per call, so it should cache.
pub trait TokenProvider: Send + Sync + 'static {
    /// A token for a call through `scheme` that needs `scopes`.
    fn token<'a>(&'a self, scheme: &'a str, scopes: &'a [&'static str]) -> TokenFuture<'a>;
}

/// Credentials could not be had: the token endpoint refused or could not be reached, or
/// a [`TokenProvider`] failed. Never carries a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthError {
    pub message: String,
    /// The token endpoint's status, when it answered.
    pub status: Option<reqwest::StatusCode>,
}

impl AuthError {
    pub fn new(message: impl Into<String>) -> Self {
        AuthError {
            message: message.into(),
            status: None,
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no credentials: {}", self.message)
    }
}

impl std::error::Error for AuthError {}

/// The OAuth 2 client credentials flow (RFC 6749, section 4.4): the client's id and
/// secret traded at the token URL for a bearer token, fetched once for any number of
/// concurrent calls and again shortly before it expires.
pub struct ClientCredentials {
    client_id: String,
    client_secret: Secret,
    token_url: Option<String>,
    scopes: Option<Vec<String>>,
    secret_in_body: bool,
    /// Tokens by token URL and scopes. Held across a fetch, so that the calls waiting
    /// for the same token wait for one request.
    cache: tokio::sync::Mutex<HashMap<String, CachedToken>>,
}

struct CachedToken {
    token: Secret,
    /// When to fetch another; `None` when the server gave no lifetime.
    refresh_at: Option<Instant>,
}

impl ClientCredentials {
    /// The flow with the document's token URL, asking for the scopes each operation
    /// lists.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ClientCredentials {
            client_id: client_id.into(),
            client_secret: Secret(client_secret.into()),
            token_url: None,
            scopes: None,
            secret_in_body: false,
            cache: tokio::sync::Mutex::new(HashMap::new()),
        }
    }

    /// Another token URL than the document's (relative ones are read against the base
    /// URL).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// The scopes every token is asked for, in place of each operation's own.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// Sends the id and secret as form fields rather than in HTTP basic authentication
    /// (which RFC 6749 prefers, and which is the default).
    pub fn secret_in_body(mut self) -> Self {
        self.secret_in_body = true;
        self
    }

    /// The token URL for `scheme`: the one given here, else the document's.
    fn token_url_for(&self, scheme: &Scheme) -> Option<&str> {
        let document_url = match scheme.auth {
            Auth::OAuth2 { token_url } => token_url,
            _ => None,
        };
        self.token_url.as_deref().or(document_url)
    }

    /// A token for `scheme` with `scopes`, and the key it is cached under.
    async fn token(
        &self,
        client: TokenClient<'_>,
        scheme: &Scheme,
        scopes: &[&str],
    ) -> Result<(String, String), AuthError> {
        let url = (self.token_url_for(scheme))
            .ok_or_else(|| AuthError::new(format!("no token URL for `{}`", scheme.name)))?;
        let url = client
            .base_url
            .join(url)
            .map_err(|err| AuthError::new(format!("invalid token URL `{url}`: {err}")))?;
        let scope = match &self.scopes {
            Some(scopes) => scopes.join(" "),
            None => scopes.join(" "),
        };
        let key = format!("{url} {scope}");
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.get(&key) {
            if cached.refresh_at.map_or(true, |at| Instant::now() < at) {
                return Ok((cached.token.expose().to_owned(), key));
            }
        }
        let fetched = self.fetch(client, url, &scope).await?;
        let token = fetched.token.expose().to_owned();
        cache.insert(key.clone(), fetched);
        Ok((token, key))
    }

    /// Drops the cached `token` (one the server refused), unless another call has
    /// already replaced it.
    async fn forget(&self, key: &str, token: &str) {
        let mut cache = self.cache.lock().await;
        if cache
            .get(key)
            .is_some_and(|cached| cached.token.expose() == token)
        {
            cache.remove(key);
        }
    }

    async fn fetch(
        &self,
        client: TokenClient<'_>,
        url: reqwest::Url,
        scope: &str,
    ) -> Result<CachedToken, AuthError> {
        let mut form = vec![("grant_type", "client_credentials")];
        if !scope.is_empty() {
            form.push(("scope", scope));
        }
        let mut request = client.http.post(url).timeout(client.timeout);
        if self.secret_in_body {
            form.push(("client_id", &self.client_id));
            form.push(("client_secret", self.client_secret.expose()));
        } else {
            request = request.basic_auth(
                form_encode(&self.client_id),
                Some(form_encode(self.client_secret.expose())),
            );
        }
        let sent_at = Instant::now();
        let response = (request.form(&form).send().await).map_err(|err| {
            AuthError::new(format!("the token endpoint failed: {}", err.without_url()))
        })?;
        let status = response.status();
        let body = response.bytes().await.unwrap_or_default();
        let reply: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        if !status.is_success() {
            // RFC 6749 5.2: `error` and `error_description` say why, and hold no secret.
            let why = ["error", "error_description"]
                .iter()
                .filter_map(|field| reply.get(field)?.as_str())
                .collect::<Vec<_>>()
                .join(": ");
            return Err(AuthError {
                message: format!("the token endpoint answered {status} {why}")
                    .trim()
                    .to_owned(),
                status: Some(status),
            });
        }
        let token = (reply.get("access_token").and_then(|t| t.as_str())).ok_or_else(|| {
            AuthError::new("the token endpoint's reply has no `access_token`".to_owned())
        })?;
        let lifetime = match reply.get("expires_in") {
            Some(serde_json::Value::Number(n)) => n.as_f64(),
            Some(serde_json::Value::String(s)) => s.parse().ok(),
            _ => None,
        };
        // Fetch again before the token expires: a minute early, or halfway through a
        // short lifetime, so that a call made just before expiry still gets through.
        let refresh_at = lifetime.filter(|l| *l >= 0.0).map(|lifetime| {
            let lifetime = Duration::from_secs_f64(lifetime.min(1e9));
            sent_at + lifetime - (lifetime / 2).min(Duration::from_secs(60))
        });
        Ok(CachedToken {
            token: Secret(token.to_owned()),
            refresh_at,
        })
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("token_url", &self.token_url)
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

/// `application/x-www-form-urlencoded` of a client id or secret, which RFC 6749 (2.3.1)
/// asks for before they go into HTTP basic authentication.
fn form_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                encoded.push(byte as char)
            }
            b' ' => encoded.push('+'),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// The credentials a client was built with.
#[derive(Clone, Default)]
pub(super) struct Credentials {
    /// From `api_key`: for every scheme that takes a token or key.
    pub(super) token: Option<Credential>,
    /// From `basic_auth`: for every HTTP basic scheme.
    pub(super) basic: Option<Credential>,
    /// From `token_provider`: for every bearer and OAuth 2 scheme.
    pub(super) provider: Option<Credential>,
    /// From `client_credentials`: for every OAuth 2 scheme with a token URL.
    pub(super) client_credentials: Option<Credential>,
    /// From `credential`: for one scheme each, before any of the above.
    pub(super) by_scheme: Vec<(Scheme, Credential)>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let schemes: Vec<&str> = self.by_scheme.iter().map(|(s, _)| s.name).collect();
        f.debug_struct("Credentials")
            .field("token", &self.token)
            .field("basic", &self.basic)
            .field("provider", &self.provider)
            .field("client_credentials", &self.client_credentials)
            .field("by_scheme", &schemes)
            .finish()
    }
}

impl Credentials {
    /// Whether a call may use a token the client fetched, which the server may refuse
    /// before it expires (revoked, rotated keys).
    pub(super) fn fetches_tokens(&self) -> bool {
        (self.client_credentials.iter())
            .chain(self.by_scheme.iter().map(|(_, c)| c))
            .any(|c| matches!(c.0, Kind::ClientCredentials(_)))
    }

    /// The credential `scheme` is sent with: its own, else the one for its kind.
    fn given(&self, scheme: &Scheme) -> Option<&Credential> {
        let own = (self.by_scheme.iter()).find(|(s, _)| s.name == scheme.name);
        if let Some((_, credential)) = own {
            return Some(credential);
        }
        let (token, provider) = (self.token.as_ref(), self.provider.as_ref());
        match scheme.auth {
            Auth::Basic => self.basic.as_ref(),
            Auth::Bearer => provider.or(token),
            Auth::OAuth2 { .. } => (self.client_credentials.as_ref())
                .filter(|c| matches!(&c.0, Kind::ClientCredentials(flow) if flow.token_url_for(scheme).is_some()))
                .or(provider)
                .or(token),
            Auth::Header(_) | Auth::Query(_) | Auth::Cookie(_) => token,
        }
    }
}

/// A token a request carries that the client fetched (and can fetch again).
pub(super) struct Fetched<'a> {
    flow: &'a ClientCredentials,
    key: String,
    token: String,
}

impl Fetched<'_> {
    /// Forgets the token, so that the next call fetches another.
    pub(super) async fn forget(&self) {
        self.flow.forget(&self.key, &self.token).await;
    }
}

/// The request with the credentials of the first of `endpoint`'s alternatives the
/// client's credentials satisfy (one that needs none only when no other is satisfied),
/// tokens fetched as needed; unchanged when none is. Also the tokens it fetched.
pub(super) async fn authorize<'c>(
    credentials: &'c Credentials,
    client: TokenClient<'_>,
    mut builder: reqwest::RequestBuilder,
    endpoint: &Endpoint,
) -> Result<(reqwest::RequestBuilder, Vec<Fetched<'c>>), AuthError> {
    let mut fetched = Vec::new();
    // Each scheme of the first alternative whose every scheme has a credential, with it.
    let chosen: Option<Vec<_>> = (endpoint.security.iter())
        .filter(|alternative| !alternative.is_empty())
        .find_map(|alternative| {
            (alternative.iter())
                .map(|(scheme, scopes)| Some((scheme, *scopes, credentials.given(scheme)?)))
                .collect()
        });
    for (scheme, scopes, given) in chosen.unwrap_or_default() {
        let token = match &given.0 {
            Kind::Basic { username, password } => {
                builder = builder.basic_auth(username, Some(password.expose()));
                continue;
            }
            Kind::Token(token) => token.expose().to_owned(),
            Kind::Provider(provider) => provider.token(scheme.name, scopes).await?,
            Kind::ClientCredentials(flow) => {
                let (token, key) = flow.token(client, scheme, scopes).await?;
                fetched.push(Fetched {
                    flow,
                    key,
                    token: token.clone(),
                });
                token
            }
        };
        builder = match scheme.auth {
            Auth::Bearer | Auth::OAuth2 { .. } | Auth::Basic => builder.header(
                reqwest::header::AUTHORIZATION,
                sensitive(&format!("Bearer {token}")),
            ),
            Auth::Header(name) => builder.header(name, sensitive(&token)),
            Auth::Query(name) => builder.query(&[(name, token)]),
            Auth::Cookie(name) => builder.header(
                reqwest::header::COOKIE,
                sensitive(&format!("{name}={token}")),
            ),
        };
    }
    Ok((builder, fetched))
}

/// One `Cookie` header for all of a request's cookies (parameters and keys alike), as
/// RFC 6265 (5.4) asks.
pub(super) fn merge_cookies(request: &mut reqwest::Request) {
    let headers = request.headers_mut();
    if headers.get_all(reqwest::header::COOKIE).iter().count() < 2 {
        return;
    }
    let joined: Vec<String> = (headers.get_all(reqwest::header::COOKIE).iter())
        .filter_map(|value| value.to_str().ok().map(str::to_owned))
        .collect();
    headers.insert(reqwest::header::COOKIE, sensitive(&joined.join("; ")));
}

/// A header value that HTTP/2 never indexes and `Debug` never prints.
pub(super) fn sensitive(value: &str) -> reqwest::header::HeaderValue {
    let mut value = reqwest::header::HeaderValue::from_str(value)
        .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static(""));
    value.set_sensitive(true);
    value
}
