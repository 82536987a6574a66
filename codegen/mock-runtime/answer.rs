//! What the mock answers with, and for what: the [`Operation`] trait each operation's
//! call type implements (with [`Paged`] and [`Streamed`] for pages and streams), and an
//! [`Answer`]: status, media type and body.

use super::incoming::{Incoming, Refusal};
use crate::runtime::{Event, Scheme};

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
    pub(super) fn stream<O: Streamed>(events: Vec<Event<O::Item>>) -> Answer {
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
