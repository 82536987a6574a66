//! Building, sending and decoding requests; called by the generated operation methods.

use super::auth::{authorize, merge_cookies, sensitive};
use super::client::DEFAULT_MAX_BODY;
use super::error::{TooLargeError, TransportError};
use super::{retry, ApiError, Client, DecodeError, Endpoint, Error, Query, RequestSummary};

use reqwest::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;
use tracing::Instrument;

/// Starts a request to `base_url` + `segments` + `query`, each segment percent-encoded
/// whole so that a value can never change the path. Credentials are added when it is
/// sent, as its [`Endpoint`] says.
pub fn request(
    client: &Client,
    method: reqwest::Method,
    segments: &[&str],
    query: &Query,
) -> Result<reqwest::RequestBuilder, InvalidRequest> {
    start(client, method, segments, false, query)
}

/// [`request`] for a path template that ends with `/` (`/users/`): so does the URL, which
/// servers tell apart from the one without.
pub fn request_slashed(
    client: &Client,
    method: reqwest::Method,
    segments: &[&str],
    query: &Query,
) -> Result<reqwest::RequestBuilder, InvalidRequest> {
    start(client, method, segments, true, query)
}

fn start(
    client: &Client,
    method: reqwest::Method,
    segments: &[&str],
    trailing_slash: bool,
    query: &Query,
) -> Result<reqwest::RequestBuilder, InvalidRequest> {
    let mut url = client.base_url.clone();
    {
        let mut path = url
            .path_segments_mut()
            .map_err(|()| InvalidRequest(format!("`{}` cannot take a path", client.base_url)))?;
        path.pop_if_empty();
        for segment in segments {
            // URLs read `.` and `..` (even percent-encoded) as "here" and "parent", and an
            // empty segment would address another resource: none can carry a value.
            if matches!(*segment, "" | "." | "..") {
                return Err(InvalidRequest(format!(
                    "`{segment}` cannot be sent as a path segment"
                )));
            }
            path.push(segment);
        }
        if trailing_slash {
            path.push("");
        }
    }
    url.set_query(query.encoded());
    if let Some(invalid) = &client.call.invalid {
        return Err(InvalidRequest(invalid.clone()));
    }
    let mut builder = client.http.request(method, url);
    for (name, value) in &client.call.headers {
        builder = builder.header(name, value.clone());
    }
    if let Some(key) = &client.call.idempotency_key {
        builder = builder.header(&client.idempotency_header, sensitive(key));
    }
    Ok(builder)
}

/// The request with `body` as JSON when there is one.
pub fn optional_json<T: serde::Serialize + ?Sized>(
    request: reqwest::RequestBuilder,
    body: Option<&T>,
) -> reqwest::RequestBuilder {
    match body {
        Some(body) => request.json(body),
        None => request,
    }
}

/// A request that cannot be sent as asked (a path parameter that would change the path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest(pub(super) String);

/// Sends the request with the credentials `endpoint` asks for, retrying as the client's
/// [`RetryPolicy`](super::RetryPolicy) allows; a final status that is not a success
/// becomes [`Error::Api`] carrying the body, and `decode_error`'s reading of it.
pub async fn send<E>(
    client: &Client,
    builder: reqwest::RequestBuilder,
    endpoint: &Endpoint,
    decode_error: fn(reqwest::StatusCode, &[u8]) -> Option<E>,
) -> Result<reqwest::Response, Error<E>> {
    let sending = Sending {
        client,
        endpoint,
        decode_error,
        timeout: Some(client.timeout),
    };
    sending.send(builder).await
}

/// As [`send`], without the client's timeout: for a body read piece by piece, which
/// takes as long as it takes.
pub async fn send_streaming<E>(
    client: &Client,
    builder: reqwest::RequestBuilder,
    endpoint: &Endpoint,
    decode_error: fn(reqwest::StatusCode, &[u8]) -> Option<E>,
) -> Result<reqwest::Response, Error<E>> {
    let sending = Sending {
        client,
        endpoint,
        decode_error,
        timeout: None,
    };
    sending.send(builder).await
}

/// What sending one call needs besides its request.
struct Sending<'a, E> {
    client: &'a Client,
    endpoint: &'a Endpoint,
    decode_error: fn(reqwest::StatusCode, &[u8]) -> Option<E>,
    /// The most the request may take; `None` for a body read piece by piece.
    timeout: Option<std::time::Duration>,
}

impl<E> Sending<'_, E> {
    /// [`Self::authorized`] in a `tracing` span named after the operation, carrying its
    /// method, path template (never the filled path), final status, attempts and
    /// duration.
    async fn send(&self, builder: reqwest::RequestBuilder) -> Result<reqwest::Response, Error<E>> {
        let span = tracing::info_span!(
            "request",
            operation = self.endpoint.operation_id,
            method = tracing::field::Empty,
            path = self.endpoint.path,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = std::time::Instant::now();
        let outcome = self.authorized(builder).instrument(span.clone()).await;
        let status = match &outcome {
            Ok(response) => Some(response.status()),
            Err(err) => err.status(),
        };
        span.record("status", status.map(|s| s.as_u16()));
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        outcome
    }

    /// Sends the request with its credentials; when the server refuses (401) a token the
    /// client fetched, which happens before expiry when tokens are revoked, the client
    /// fetches another and sends the request once more.
    async fn authorized(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, Error<E>> {
        let (client, endpoint) = (self.client, self.endpoint);
        let spare = (client.credentials.fetches_tokens())
            .then(|| builder.try_clone())
            .flatten();
        let (builder, fetched) = (authorize(
            &client.credentials,
            client.token_client(),
            builder,
            endpoint,
        )
        .await)
            .map_err(Error::Auth)?;
        let outcome = self.attempts(builder).await;
        let refused =
            matches!(&outcome, Err(Error::Api(e)) if e.status == reqwest::StatusCode::UNAUTHORIZED);
        match spare {
            Some(spare) if refused && !fetched.is_empty() => {
                for token in &fetched {
                    token.forget().await;
                }
                let (builder, _) =
                    (authorize(&client.credentials, client.token_client(), spare, endpoint).await)
                        .map_err(Error::Auth)?;
                self.attempts(builder).await
            }
            _ => outcome,
        }
    }

    /// Sends the request, again as the retry policy allows.
    async fn attempts(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, Error<E>> {
        let (client, endpoint, decode_error) = (self.client, self.endpoint, self.decode_error);
        let (http, request) = builder.build_split();
        let mut request =
            request.map_err(|source| Error::Transport(TransportError::new(source, 0)))?;
        tracing::Span::current().record("method", request.method().as_str());
        merge_cookies(&mut request);
        *request.timeout_mut() = self.timeout;
        // A write with an idempotency key is applied once however often it arrives.
        let idempotent = retry::is_idempotent(request.method())
            || request.headers().contains_key(&client.idempotency_header);
        let mut attempts = 0;
        loop {
            // A body that is a stream cannot be sent twice: such a request is not retried.
            let copy = request.try_clone();
            attempts += 1;
            if let Some(pacer) = &client.pacer {
                pacer.wait().await;
            }
            for hook in client.hooks.iter() {
                hook.before_send(&mut request);
            }
            if client.hooks.iter().any(|hook| hook.intercept(&request)) {
                return Err(Error::Intercepted);
            }
            let summary = (!client.hooks.is_empty())
                .then(|| RequestSummary::of(&request, endpoint, attempts));
            let outcome = http.execute(request).await;
            if let (Some(summary), Ok(response)) = (&summary, &outcome) {
                for hook in client.hooks.iter() {
                    hook.after_receive(summary, response);
                }
            }
            let wait = copy
                .as_ref()
                .and_then(|_| retry::delay(&client.retry, attempts, idempotent, &outcome));
            match (wait, copy) {
                (Some(wait), Some(copy)) => {
                    if let Some(summary) = &summary {
                        for hook in client.hooks.iter() {
                            hook.on_retry(summary, attempts, wait);
                        }
                    }
                    tracing::warn!(
                        attempt = attempts,
                        wait_ms = wait.as_millis() as u64,
                        status = outcome.as_ref().ok().map(|r| r.status().as_u16()),
                        error = outcome.as_ref().err().map(super::error::redacted),
                        "retrying {} {}",
                        copy.method(),
                        endpoint.path,
                    );
                    tokio::time::sleep(wait).await;
                    request = copy;
                }
                _ => {
                    tracing::Span::current().record("attempts", attempts);
                    return finish(outcome, attempts, client.max_body, decode_error).await;
                }
            }
        }
    }
}

async fn finish<E>(
    outcome: Result<reqwest::Response, reqwest::Error>,
    attempts: u32,
    max_body: usize,
    decode_error: fn(reqwest::StatusCode, &[u8]) -> Option<E>,
) -> Result<reqwest::Response, Error<E>> {
    let transport = |source| Error::Transport(TransportError::new(source, attempts));
    let mut response = outcome.map_err(transport)?;
    // The decoders read the body later, within the same limit.
    response.extensions_mut().insert(BodyLimit(max_body));
    let status = response.status();
    if status.is_success() {
        super::response::note_response(&response, attempts);
        return Ok(response);
    }
    let headers = response.headers().clone();
    let body = read_body(response, attempts, true).await?;
    let typed = decode_error(status, &body);
    Err(Error::Api(ApiError {
        status,
        headers,
        body,
        typed,
        attempts,
    }))
}

/// Reads an error body as the one JSON schema an operation's errors share.
pub fn decode_error_json<E: DeserializeOwned>(
    _status: reqwest::StatusCode,
    body: &[u8],
) -> Option<E> {
    serde_json::from_slice(body).ok()
}

/// A failure reading a body that has started to arrive (the request was sent once).
fn body_error<E>(source: reqwest::Error) -> Error<E> {
    Error::Transport(TransportError::new(source, 1))
}

/// The most of a response's body to read into memory, as its client was configured.
#[derive(Debug, Clone, Copy)]
struct BodyLimit(usize);

/// The body, read chunk by chunk up to the response's [`BodyLimit`]: past it (or, when
/// `trust_length`, as soon as `Content-Length` says it would be) the call fails with
/// [`Error::TooLarge`], having read at most the limit and one chunk.
async fn read_body<E>(
    mut response: reqwest::Response,
    attempts: u32,
    trust_length: bool,
) -> Result<Vec<u8>, Error<E>> {
    let limit = (response.extensions().get::<BodyLimit>()).map_or(DEFAULT_MAX_BODY, |l| l.0);
    let status = response.status();
    let content_length = response.content_length();
    let too_large = || {
        Error::TooLarge(TooLargeError {
            status,
            limit,
            content_length,
            attempts,
        })
    };
    if trust_length && content_length.is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    let transport = |source| Error::Transport(TransportError::new(source, attempts));
    let mut body = Vec::with_capacity(content_length.map_or(0, |n| n as usize).min(limit));
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Decodes a JSON body.
pub async fn decode_json<T: DeserializeOwned, E>(
    response: reqwest::Response,
) -> Result<T, Error<E>> {
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let body = read_body(response, 1, true).await?;
    serde_json::from_slice(&body).map_err(|source| {
        Error::Decode(DecodeError {
            status,
            content_type,
            body,
            source,
        })
    })
}

/// Reads and drops the body of a response that has none worth keeping (within the
/// limit: a reply to HEAD announces a length it does not send).
pub async fn decode_empty<E>(response: reqwest::Response) -> Result<(), Error<E>> {
    read_body(response, 1, false).await?;
    Ok(())
}

/// The body as bytes.
pub async fn decode_bytes<E>(response: reqwest::Response) -> Result<Vec<u8>, Error<E>> {
    read_body(response, 1, true).await
}

/// The body as text (UTF-8; a byte sequence that is not becomes U+FFFD).
pub async fn decode_text<E>(response: reqwest::Response) -> Result<String, Error<E>> {
    let body = read_body(response, 1, true).await?;
    Ok(match String::from_utf8(body) {
        Ok(text) => text,
        Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
    })
}

/// A response body read piece by piece, for downloads too large to hold at once.
#[derive(Debug)]
pub struct Download {
    response: reqwest::Response,
}

impl Download {
    pub fn new(response: reqwest::Response) -> Self {
        Download { response }
    }

    /// The `Content-Type` the server gave.
    pub fn content_type(&self) -> Option<&str> {
        self.response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
    }

    /// The body's length, when the server said it.
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The next piece of the body; `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>, Error> {
        match self.response.chunk().await {
            Ok(chunk) => Ok(chunk.map(|bytes| bytes.to_vec())),
            Err(err) => Err(body_error(err)),
        }
    }

    /// The response itself, for anything this type does not offer.
    pub fn into_response(self) -> reqwest::Response {
        self.response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_optional_json_body_is_sent_only_when_there() {
        let http = reqwest::Client::new();
        let start = || http.post("http://localhost/x");
        let sent = optional_json(start(), Some(&serde_json::json!({"a": 1})))
            .build()
            .unwrap();
        assert_eq!(
            sent.body().and_then(|b| b.as_bytes()),
            Some(&b"{\"a\":1}"[..])
        );
        assert_eq!(sent.headers()[CONTENT_TYPE], "application/json");
        let none = optional_json::<serde_json::Value>(start(), None)
            .build()
            .unwrap();
        assert!(none.body().is_none());
        assert!(none.headers().get(CONTENT_TYPE).is_none());
    }

    #[test]
    fn a_slashed_template_keeps_its_trailing_slash() {
        let client = Client::builder()
            .base_url("https://api.example.com/v1")
            .build()
            .unwrap();
        let url = |slashed: bool| {
            let start = if slashed { request_slashed } else { request };
            let builder = start(
                &client,
                reqwest::Method::GET,
                &["users", "a b"],
                &Query::new(),
            );
            builder.unwrap().build().unwrap().url().to_string()
        };
        assert_eq!(url(false), "https://api.example.com/v1/users/a%20b");
        assert_eq!(url(true), "https://api.example.com/v1/users/a%20b/");
    }
}
