//! The status and headers of a success, for the callers that need them (`ETag`,
//! `Location`, rate-limit headers) beside the decoded body: any operation's future,
//! `.with_response()`, gives both, the body decoded once. No operation needs a second
//! method for it.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The response a value was decoded from, as it arrived (after any retries).
#[derive(Debug, Clone)]
pub struct ResponseInfo {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    /// How many times the request was sent.
    pub attempts: u32,
}

thread_local! {
    /// While a [`WithResponse`] polls its future: the slot the response goes in.
    static CAPTURE: RefCell<Option<Option<ResponseInfo>>> = const { RefCell::new(None) };
}

/// Keeps the response's status and headers, when a [`WithResponse`] is polling.
pub(crate) fn note_response(response: &reqwest::Response, attempts: u32) {
    CAPTURE.with_borrow_mut(|slot| {
        if let Some(slot) = slot {
            *slot = Some(ResponseInfo {
                status: response.status(),
                headers: response.headers().clone(),
                attempts,
            });
        }
    });
}

/// `.with_response()` on any operation's future.
pub trait ResponseExt: Future + Sized {
    /// The operation's value and the response it came from.
    fn with_response(self) -> WithResponse<Self> {
        WithResponse {
            inner: Box::pin(self),
            info: None,
        }
    }
}

impl<F: Future> ResponseExt for F {}

/// An operation's future that also gives the response (see [`ResponseExt`]).
pub struct WithResponse<F> {
    inner: Pin<Box<F>>,
    info: Option<ResponseInfo>,
}

impl<F, T, E> Future for WithResponse<F>
where
    F: Future<Output = Result<T, E>>,
{
    type Output = Result<(T, Option<ResponseInfo>), E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        // Each poll runs on some thread: the slot is set there for its length only.
        let outer = CAPTURE.with_borrow_mut(|slot| slot.replace(this.info.take()));
        let poll = this.inner.as_mut().poll(cx);
        this.info = CAPTURE
            .with_borrow_mut(|slot| std::mem::replace(slot, outer))
            .flatten();
        match poll {
            Poll::Pending => Poll::Pending,
            Poll::Ready(result) => Poll::Ready(result.map(|value| (value, this.info.take()))),
        }
    }
}
