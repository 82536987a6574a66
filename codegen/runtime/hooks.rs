//! Hooks: code of the user's that sees (and may change) each request before it is sent,
//! and sees each response and each retry: for tracing, metrics, request signing or
//! renewing a token, without changing the runtime.

use std::time::Duration;

/// Called by the client around every attempt of every call; each method does nothing
/// unless overridden. Hooks run in the order they were added to the builder.
pub trait Hook: Send + Sync + 'static {
    /// Before an attempt is sent (once per attempt): may add or change headers, sign.
    fn before_send(&self, request: &mut reqwest::Request) {
        let _ = request;
    }

    /// Whether to keep the request (as it would be sent, credentials included) from being
    /// sent at all: a dry run that shows a request instead of making it. The call then
    /// fails with [`Error::Intercepted`](super::Error::Intercepted).
    fn intercept(&self, request: &reqwest::Request) -> bool {
        let _ = request;
        false
    }

    /// When a response arrives (once per attempt), before its body is read.
    fn after_receive(&self, request: &RequestSummary, response: &reqwest::Response) {
        let _ = (request, response);
    }

    /// When an attempt failed and will be made again after `wait`.
    fn on_retry(&self, request: &RequestSummary, attempt: u32, wait: Duration) {
        let _ = (request, attempt, wait);
    }
}

/// What a hook is told of a request after it was sent: its operation and path template,
/// its method, its URL without the query (which may hold a key) and how many times it
/// was sent.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RequestSummary {
    pub operation_id: &'static str,
    /// The path template (`/users/{id}`), the same for every call of the operation.
    pub path: &'static str,
    pub method: reqwest::Method,
    pub url: reqwest::Url,
    pub attempt: u32,
}

impl RequestSummary {
    pub(crate) fn of(request: &reqwest::Request, endpoint: &super::Endpoint, attempt: u32) -> Self {
        let mut url = request.url().clone();
        url.set_query(None);
        RequestSummary {
            operation_id: endpoint.operation_id,
            path: endpoint.path,
            method: request.method().clone(),
            url,
            attempt,
        }
    }
}
