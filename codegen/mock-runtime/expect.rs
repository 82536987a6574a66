//! What a test expects of one operation and how the mock answers it: the typed
//! [`Expect`] builder every `MockServer::<operation>()` method starts, and the
//! [`Operation`] trait each operation's call type implements.

use super::incoming::{Incoming, Refusal};
use super::server::{Entry, MockServer};
use crate::runtime::{Event, Scheme};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// An operation of the document as the mock knows it: implemented by its call type
/// (`ListDocumentsCall`), which holds one call's arguments, read back from the request.
pub trait Operation: Sized + Send + Sync + 'static {
    /// The `operationId`.
    const ID: &'static str;
    const METHOD: &'static str;
    /// The path template, as the document writes it.
    const PATH: &'static str;
    /// The alternatives of credentials the operation accepts (none: public).
    const SECURITY: &'static [&'static [Scheme]];
    /// What a call returns on success (the method's `Ok` type).
    type Reply;
    /// The body of the operation's error responses.
    type Error;
    /// Reads a request as a call, or says why it is not one.
    fn decode(incoming: &Incoming) -> Result<Self, Refusal>;
    /// The response that makes the method return `reply`.
    fn reply(reply: Self::Reply) -> Answer;
    /// The response that makes the method fail with `error` under `status`; an error
    /// the document gives another status is refused.
    fn error(status: u16, error: Self::Error) -> Result<Answer, String>;
    /// Whether an example body decodes into the success type.
    fn check_example(body: &[u8]) -> Result<(), String>;
}

/// An operation whose replies are pages, read in turn by its `_stream` method.
pub trait Paged: Operation {}

/// An operation whose success is a stream of items (server-sent events, JSON Lines).
pub trait Streamed: Operation {
    /// An event's data, or a line.
    type Item;
    /// For JSON Lines, its media type; `None` for server-sent events.
    const LINES: Option<&'static str>;
    /// The data of the event that ends the document's streams (`[DONE]`).
    const SENTINEL: Option<&'static str>;
    /// An item's text: its JSON, or a string as it is.
    fn data(item: &Self::Item) -> String;
}

/// A response: status, media type and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub media_type: Option<String>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn empty(status: u16) -> Answer {
        Answer {
            status,
            media_type: None,
            body: Vec::new(),
        }
    }

    /// `value` as JSON; `null` is no body at all.
    pub fn json<T: serde::Serialize + ?Sized>(status: u16, media_type: &str, value: &T) -> Answer {
        match serde_json::to_vec(value) {
            Ok(body) if body != b"null" => Answer {
                status,
                media_type: Some(media_type.to_owned()),
                body,
            },
            _ => Answer::empty(status),
        }
    }

    pub fn text(status: u16, media_type: &str, text: String) -> Answer {
        Answer::bytes(status, media_type, text.into_bytes())
    }

    pub fn bytes(status: u16, media_type: &str, bytes: Vec<u8>) -> Answer {
        Answer {
            status,
            media_type: Some(media_type.to_owned()),
            body: bytes,
        }
    }

    /// `text/event-stream`: each event's fields (its data a `data:` line per line);
    /// then the event the document ends its streams with (`[DONE]`), if any.
    fn events(events: Vec<Event<String>>, sentinel: Option<&str>) -> Answer {
        let mut body = String::new();
        let end = sentinel.map(|data| Event {
            data: data.to_owned(),
            ..Event::default()
        });
        for event in events.into_iter().chain(end) {
            if let Some(name) = &event.event {
                body.push_str(&format!("event: {name}\n"));
            }
            if let Some(id) = &event.id {
                body.push_str(&format!("id: {id}\n"));
            }
            if let Some(retry) = event.retry {
                body.push_str(&format!("retry: {retry}\n"));
            }
            for line in event.data.split('\n') {
                body.push_str(&format!("data: {line}\n"));
            }
            body.push('\n');
        }
        Answer::text(200, "text/event-stream", body)
    }

    /// JSON Lines: an item a line.
    fn lines(media_type: &str, items: Vec<String>) -> Answer {
        let body: String = items.iter().map(|item| format!("{item}\n")).collect();
        Answer::text(200, media_type, body)
    }

    /// The response carrying `events` as `O` frames its stream.
    fn stream<O: Streamed>(events: Vec<Event<O::Item>>) -> Answer {
        let texts = events.into_iter().map(|event| Event {
            data: O::data(&event.data),
            event: event.event,
            id: event.id,
            retry: event.retry,
        });
        match O::LINES {
            Some(media_type) => Answer::lines(media_type, texts.map(|e| e.data).collect()),
            None => Answer::events(texts.collect(), O::SENTINEL),
        }
    }
}

/// An item's text in a stream of JSON items.
pub fn item_text<T: serde::Serialize>(item: &T) -> String {
    serde_json::to_string(item).unwrap_or_default()
}

/// Whether `body` decodes as JSON of type `T`.
pub fn decodes<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<T>(body)
        .map(drop)
        .map_err(|err| err.to_string())
}

type Matcher<O> = Arc<dyn Fn(&O) -> bool + Send + Sync>;

/// What a test expects of calls of one operation, and the answer to them: set by one of
/// the `respond` methods. Expectations are tried in the order they were set; the first
/// whose matchers all accept a call answers it.
#[must_use = "an expectation is only set by one of its `respond` methods"]
pub struct Expect<'s, O: Operation> {
    server: &'s MockServer,
    matchers: Vec<Matcher<O>>,
    times: Option<u64>,
    delay: Option<Duration>,
}

impl<'s, O: Operation> Expect<'s, O> {
    pub(super) fn new(server: &'s MockServer) -> Self {
        Expect {
            server,
            matchers: Vec::new(),
            times: None,
            delay: None,
        }
    }

    /// Answers only the calls `matches` accepts (given the call's decoded arguments);
    /// several must all accept.
    pub fn matching(mut self, matches: impl Fn(&O) -> bool + Send + Sync + 'static) -> Self {
        self.matchers.push(Arc::new(matches));
        self
    }

    /// The test fails unless exactly `times` calls are answered by this expectation
    /// (checked by [`MockServer::verify`], or when the server is dropped).
    pub fn times(mut self, times: u64) -> Self {
        self.times = Some(times);
        self
    }

    /// Waits this long before answering (to test timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Answers with `reply`, the value the method then returns.
    pub fn respond(self, reply: O::Reply) {
        self.answer_all(O::reply(reply));
    }

    /// Answers with what `reply` makes of each call (to echo what was sent, say).
    pub fn respond_with(self, reply: impl Fn(&O) -> O::Reply + Send + Sync + 'static) {
        self.register(move |call| Some(O::reply(reply(call))));
    }

    /// Answers with an error the document declares, under `status`.
    ///
    /// # Panics
    ///
    /// When `status` is not an error's (below 300), or the document gives `error`
    /// another status.
    pub fn respond_error(self, status: u16, error: O::Error) {
        if status < 300 {
            panic!("{}: {status} is a success, not an error's status", O::ID);
        }
        match O::error(status, error) {
            Ok(answer) => self.answer_all(answer),
            Err(problem) => panic!("{}: {problem}", O::ID),
        }
    }

    /// Answers with any status and JSON body (`()` for none), whatever the document says.
    pub fn respond_status(self, status: u16, body: impl serde::Serialize) {
        self.answer_all(Answer::json(status, "application/json", &body));
    }

    /// Answers with the document's example response (see the module docs).
    ///
    /// # Panics
    ///
    /// When the operation has none.
    pub fn respond_example(self) {
        match super::server::example_answer::<O>() {
            Some(Ok(answer)) => self.answer_all(answer),
            Some(Err(problem)) => panic!("{}: {problem}", O::ID),
            None => panic!("{}: the document gives no example response", O::ID),
        }
    }

    fn answer_all(self, answer: Answer) {
        self.register(move |_| Some(answer.clone()));
    }

    fn register(self, answer: impl Fn(&O) -> Option<Answer> + Send + Sync + 'static) {
        let matchers = self.matchers;
        let answer = move |incoming: &Incoming| {
            let call = O::decode(incoming).ok()?;
            if !matchers.iter().all(|matches| matches(&call)) {
                return None;
            }
            answer(&call)
        };
        self.server
            .add(Entry::new(O::ID, Box::new(answer), self.times, self.delay));
    }
}

impl<O: Paged> Expect<'_, O> {
    /// Answers the first call with the first page, the next with the second, and so on;
    /// once the pages are spent, this expectation answers no more calls.
    pub fn respond_pages(self, pages: impl IntoIterator<Item = O::Reply>) {
        let pages: Vec<Answer> = pages.into_iter().map(O::reply).collect();
        let next = AtomicUsize::new(0);
        self.register(move |_| pages.get(next.fetch_add(1, Ordering::SeqCst)).cloned());
    }
}

impl<O: Streamed> Expect<'_, O> {
    /// Answers with a stream of these items, each an event's data (or a line), in order;
    /// an event stream ends with the event the document ends its streams with.
    pub fn respond_events(self, items: impl IntoIterator<Item = O::Item>) {
        let events = (items.into_iter())
            .map(|data| Event {
                data,
                event: None,
                id: None,
                retry: None,
            })
            .collect();
        self.answer_all(Answer::stream::<O>(events));
    }

    /// Answers with these events, their names, ids and retry times as given (for JSON
    /// Lines, their data alone).
    pub fn respond_event_list(self, events: impl IntoIterator<Item = Event<O::Item>>) {
        self.answer_all(Answer::stream::<O>(events.into_iter().collect()));
    }
}
