//! What a call fails with: the server's reply kept whole (`ApiError`: status, headers,
//! body, the decoded error), transport and decode failures, a reply over the size limit.

use std::fmt;

/// Everything an operation can fail with. `E` is the operation's error body type, as
/// the document describes it (`serde_json::Value` when it describes none).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// No response arrived: connection refused, TLS failure, timeout, ...
    Transport(TransportError),
    /// The server answered with a status that is not a success.
    Api(ApiError<E>),
    /// A success status arrived, but its body is not what the document describes.
    Decode(DecodeError),
    /// The request was not sent: an argument cannot be put on the wire as asked.
    InvalidRequest(String),
    /// The response body is longer than the client reads into memory.
    TooLarge(TooLargeError),
    /// The request was not sent: its credentials could not be had (the token endpoint
    /// refused, or a token provider failed).
    Auth(super::AuthError),
    /// The request was not sent: a [`Hook`](super::Hook) intercepted it (a dry run).
    Intercepted,
}

impl<E> From<super::InvalidRequest> for Error<E> {
    fn from(err: super::InvalidRequest) -> Self {
        Error::InvalidRequest(err.0)
    }
}

impl<E> Error<E> {
    /// The HTTP status of the response, when one arrived.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Transport(err) => err.source.status(),
            Error::Api(err) => Some(err.status),
            Error::Decode(err) => Some(err.status),
            Error::InvalidRequest(_) => None,
            Error::TooLarge(err) => Some(err.status),
            Error::Auth(_) | Error::Intercepted => None,
        }
    }

    /// Whether the request ran out of time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(err) if err.source.is_timeout())
    }

    /// How many times the request was sent (0 when it never was).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Transport(err) => err.attempts,
            Error::Api(err) => err.attempts,
            Error::Decode(_) => 1,
            Error::InvalidRequest(_) | Error::Auth(_) | Error::Intercepted => 0,
            Error::TooLarge(err) => err.attempts,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(err) => fmt::Display::fmt(err, f),
            Error::Api(err) => fmt::Display::fmt(err, f),
            Error::Decode(err) => fmt::Display::fmt(err, f),
            Error::InvalidRequest(message) => write!(f, "request not sent: {message}"),
            Error::TooLarge(err) => fmt::Display::fmt(err, f),
            Error::Auth(err) => fmt::Display::fmt(err, f),
            Error::Intercepted => f.write_str("request not sent: a hook intercepted it"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(err) => Some(&err.source),
            Error::Api(_) | Error::InvalidRequest(_) | Error::TooLarge(_) | Error::Intercepted => {
                None
            }
            Error::Decode(err) => Some(&err.source),
            Error::Auth(err) => Some(err),
        }
    }
}

/// No response arrived.
#[derive(Debug)]
pub struct TransportError {
    pub source: reqwest::Error,
    /// How many times the request was sent.
    pub attempts: u32,
}

impl TransportError {
    /// The error of a request sent `attempts` times, its URL without the query string
    /// (which may hold an API key) so that neither `Display` nor `Debug` can show it.
    pub(crate) fn new(mut source: reqwest::Error, attempts: u32) -> Self {
        if let Some(url) = source.url_mut() {
            url.set_query(None);
        }
        TransportError { source, attempts }
    }
}

/// `err`'s text, its URL without the query string.
pub(crate) fn redacted(err: &reqwest::Error) -> String {
    let text = err.to_string();
    match err.url() {
        Some(url) if url.query().is_some() => {
            let mut bare = url.clone();
            bare.set_query(None);
            text.replace(url.as_str(), bare.as_str())
        }
        _ => text,
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.source.is_timeout() {
            "the request timed out"
        } else if self.source.is_connect() {
            "could not connect to the server"
        } else {
            "the request failed"
        };
        write!(f, "{what}{}: {}", attempts_note(self.attempts), self.source)
    }
}

/// `" after 3 attempts"`, or nothing for a single attempt.
fn attempts_note(attempts: u32) -> String {
    if attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

/// A response whose status is not a success, kept whole.
#[derive(Debug, Clone)]
pub struct ApiError<E = serde_json::Value> {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    /// The body exactly as received.
    pub body: Vec<u8>,
    /// The body decoded as the document's error schema, when it decodes.
    pub typed: Option<E>,
    /// How many times the request was sent.
    pub attempts: u32,
}

impl<E> ApiError<E> {
    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Headers servers commonly name a request by, for support and log searches.
const REQUEST_ID_HEADERS: &[&str] = &[
    "x-request-id",
    "request-id",
    "x-correlation-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "cf-ray",
];

impl<E> ApiError<E> {
    /// The id the server gave this request (`X-Request-Id` and the like), to quote when
    /// asking its operators about it.
    pub fn request_id(&self) -> Option<&str> {
        REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| self.headers.get(*name)?.to_str().ok())
    }

    /// How long the server asked the client to wait (`Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        super::retry::retry_after(&self.headers)
    }
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            write!(f, "rate limited by the server ({})", self.status)?;
            if let Some(wait) = self.retry_after() {
                write!(f, "; retry after {} s", wait.as_secs())?;
            }
        } else {
            write!(f, "the server answered {}", self.status)?;
        }
        f.write_str(&attempts_note(self.attempts))?;
        if let Some(id) = self.request_id() {
            write!(f, " (request id {id})")?;
        }
        if !self.body.is_empty() {
            write!(f, ": {}", excerpt(&self.body))?;
        }
        Ok(())
    }
}

/// A success response whose body could not be decoded.
#[derive(Debug)]
pub struct DecodeError {
    pub status: reqwest::StatusCode,
    pub content_type: Option<String>,
    /// The body exactly as received.
    pub body: Vec<u8>,
    pub source: serde_json::Error,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the {} response ({}): {}; body: {}",
            self.status,
            self.content_type.as_deref().unwrap_or("no content type"),
            self.source,
            excerpt(&self.body)
        )
    }
}

/// A response whose body is longer than the limit the client reads into memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLargeError {
    pub status: reqwest::StatusCode,
    /// The limit, in bytes.
    pub limit: usize,
    /// The length the response announced, when it did.
    pub content_length: Option<u64>,
    pub attempts: u32,
}

impl fmt::Display for TooLargeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} response is longer than the {} bytes the client reads",
            self.status, self.limit
        )?;
        if let Some(length) = self.content_length {
            write!(f, " (Content-Length: {length})")?;
        }
        Ok(())
    }
}

/// Enough of a body to recognise it in a log line.
fn excerpt(body: &[u8]) -> String {
    const LIMIT: usize = 512;
    let text = String::from_utf8_lossy(body);
    if text.chars().count() <= LIMIT {
        return format!("{text:?}");
    }
    let cut: String = text.chars().take(LIMIT).collect();
    format!("{cut:?}... ({} bytes in all)", body.len())
}
