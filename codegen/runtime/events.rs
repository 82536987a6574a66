//! Server-sent events (`text/event-stream`) and JSON Lines, read as they arrive: the
//! parsing follows the WHATWG rules (fields `data`, `event`, `id`, `retry`; comments; a
//! blank line dispatches; CRLF, LF or CR ends a line; a leading BOM is dropped), fed
//! chunks split anywhere, even inside a UTF-8 character or a CRLF.

/// One event of a stream, its `data` decoded (`T`) or as text ([`ServerEvent`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Event<T> {
    /// The `event` field; `None` means the default, `message`.
    pub event: Option<String>,
    /// The `data` lines, joined with `\n`.
    pub data: T,
    /// The last `id` seen in the stream so far (the one to resume from).
    pub id: Option<String>,
    /// The `retry` field: how long to wait before reconnecting, in milliseconds.
    pub retry: Option<u64>,
}

/// An event as the stream spells it.
pub type ServerEvent = Event<String>;

/// Turns the bytes of an event stream into events, chunk by chunk.
#[derive(Debug, Default)]
pub struct EventParser {
    /// Bytes of a line not ended yet.
    line: Vec<u8>,
    /// The last byte was a CR: an LF right after it ends nothing more.
    after_cr: bool,
    started: bool,
    data: Option<String>,
    event: Option<String>,
    retry: Option<u64>,
    last_id: Option<String>,
}

impl EventParser {
    pub fn new() -> Self {
        EventParser::default()
    }

    /// The events `chunk` completes.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<ServerEvent> {
        let mut events = Vec::new();
        for &byte in chunk {
            match byte {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\n' | b'\r' => {
                    self.after_cr = byte == b'\r';
                    let line = std::mem::take(&mut self.line);
                    if let Some(event) = self.line_ended(&line) {
                        events.push(event);
                    }
                }
                _ => {
                    self.after_cr = false;
                    self.line.push(byte);
                }
            }
        }
        events
    }

    fn line_ended(&mut self, line: &[u8]) -> Option<ServerEvent> {
        let mut line = String::from_utf8_lossy(line).into_owned();
        if !self.started {
            self.started = true;
            if let Some(rest) = line.strip_prefix('\u{feff}') {
                line = rest.to_owned();
            }
        }
        if line.is_empty() {
            return self.dispatch();
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_str(), ""),
        };
        match field {
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            },
            "event" => self.event = Some(value.to_owned()),
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok();
            }
            _ => {}
        }
        None
    }

    /// The event the blank line ends; none without a `data` line (an unterminated last
    /// event is never dispatched, as the WHATWG rules say).
    fn dispatch(&mut self) -> Option<ServerEvent> {
        let event = self.event.take();
        let retry = self.retry.take();
        let data = self.data.take()?;
        Some(ServerEvent {
            event,
            data,
            id: self.last_id.clone(),
            retry,
        })
    }
}

/// Splits JSON Lines (`application/jsonl`, `application/x-ndjson`) into lines, chunk by
/// chunk; blank lines are skipped.
#[derive(Debug, Default)]
pub struct LineSplitter {
    line: Vec<u8>,
}

impl LineSplitter {
    pub fn new() -> Self {
        LineSplitter::default()
    }

    /// The lines `chunk` completes.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<Vec<u8>> {
        let mut lines = Vec::new();
        for &byte in chunk {
            if byte == b'\n' {
                let line = std::mem::take(&mut self.line);
                lines.extend(Self::kept(line));
            } else {
                self.line.push(byte);
            }
        }
        lines
    }

    /// The last line, when the stream ends without a newline.
    pub fn finish(&mut self) -> Option<Vec<u8>> {
        Self::kept(std::mem::take(&mut self.line))
    }

    fn kept(mut line: Vec<u8>) -> Option<Vec<u8>> {
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        (!line.iter().all(u8::is_ascii_whitespace)).then_some(line)
    }
}

/// The events of a `text/event-stream` response, read as they arrive, each `data`
/// read by `decode` ([`json_data`] or [`text_data`]); an event whose `data` is
/// `sentinel` (OpenAI's `[DONE]`) ends the stream. A `data` that does not decode is an
/// [`Error::Decode`](super::Error::Decode) item, and the stream goes on.
pub fn event_stream<T, E>(
    response: reqwest::Response,
    decode: fn(&str) -> Result<T, serde_json::Error>,
    sentinel: Option<&'static str>,
) -> futures_util::stream::BoxStream<'static, Result<Event<T>, super::Error<E>>>
where
    T: Send + 'static,
    E: Send + 'static,
{
    let mut parser = EventParser::new();
    parsed_stream(response, move |chunk| {
        let events = chunk.map(|chunk| parser.feed(chunk)).unwrap_or_default();
        (events.into_iter())
            .map(|event| {
                if sentinel == Some(event.data.as_str()) {
                    return Parsed::End;
                }
                Parsed::Item(match decode(&event.data) {
                    Ok(data) => Ok(Event {
                        event: event.event,
                        data,
                        id: event.id,
                        retry: event.retry,
                    }),
                    Err(source) => Err((event.data.into_bytes(), source)),
                })
            })
            .collect()
    })
}

/// The values of a JSON Lines response (`application/jsonl`, `application/x-ndjson`),
/// one a line, read as they arrive; a line that does not decode is an
/// [`Error::Decode`](super::Error::Decode) item, and the stream goes on.
pub fn json_lines<T, E>(
    response: reqwest::Response,
    decode: fn(&str) -> Result<T, serde_json::Error>,
) -> futures_util::stream::BoxStream<'static, Result<T, super::Error<E>>>
where
    T: Send + 'static,
    E: Send + 'static,
{
    let mut splitter = LineSplitter::new();
    parsed_stream(response, move |chunk| {
        let lines = match chunk {
            Some(chunk) => splitter.feed(chunk),
            None => splitter.finish().into_iter().collect(),
        };
        (lines.into_iter())
            .map(|line| {
                let text = String::from_utf8_lossy(&line);
                Parsed::Item(decode(&text).map_err(|source| (line, source)))
            })
            .collect()
    })
}

/// An event's `data` (or a line) decoded as JSON.
pub fn json_data<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str(data)
}

/// An event's `data` as it is, for streams whose data the document says nothing of.
pub fn text_data(data: &str) -> Result<String, serde_json::Error> {
    Ok(data.to_owned())
}

/// What a parser made of a chunk.
enum Parsed<I> {
    /// A value, or the bytes that did not decode.
    Item(Result<I, (Vec<u8>, serde_json::Error)>),
    /// The sentinel: nothing after it is read.
    End,
}

/// The items `parse` makes of the response's chunks as they arrive (`None` at the end of
/// the body, for a last line without its newline).
fn parsed_stream<I, E, P>(
    response: reqwest::Response,
    parse: P,
) -> futures_util::stream::BoxStream<'static, Result<I, super::Error<E>>>
where
    I: Send + 'static,
    E: Send + 'static,
    P: FnMut(Option<&[u8]>) -> Vec<Parsed<I>> + Send + 'static,
{
    use futures_util::stream::{self, StreamExt};
    let status = response.status();
    let content_type = (response.headers().get(reqwest::header::CONTENT_TYPE))
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let state = (response, parse, std::collections::VecDeque::new(), false);
    stream::unfold(
        state,
        move |(mut response, mut parse, mut ready, mut ended)| {
            let content_type = content_type.clone();
            async move {
                loop {
                    match ready.pop_front() {
                        Some(Parsed::End) => return None,
                        Some(Parsed::Item(item)) => {
                            let item = item.map_err(|(body, source)| {
                                super::Error::Decode(super::DecodeError {
                                    status,
                                    content_type: content_type.clone(),
                                    body,
                                    source,
                                })
                            });
                            return Some((item, (response, parse, ready, ended)));
                        }
                        None if ended => return None,
                        None => {}
                    }
                    match response.chunk().await {
                        Ok(Some(chunk)) => ready.extend(parse(Some(&chunk))),
                        Ok(None) => {
                            ended = true;
                            ready.extend(parse(None));
                        }
                        Err(source) => {
                            let error =
                                super::Error::Transport(super::TransportError::new(source, 1));
                            return Some((Err(error), (response, parse, ready, true)));
                        }
                    }
                }
            }
        },
    )
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The events of `text` fed in pieces of `size` bytes.
    fn events_in_pieces(text: &[u8], size: usize) -> Vec<ServerEvent> {
        let mut parser = EventParser::new();
        text.chunks(size)
            .flat_map(|piece| parser.feed(piece))
            .collect()
    }

    #[test]
    fn fields_comments_and_multi_line_data_whatever_the_chunks() {
        let text = "\u{feff}: a comment\r\nevent: delta\r\ndata: {\"a\":\r\ndata:1}\r\nid: 7\r\nretry: 1500\r\n\r\ndata\n\ndata: é\rdata: x\r\r: unterminated\ndata: lost";
        let expected = vec![
            ServerEvent {
                event: Some("delta".to_owned()),
                data: "{\"a\":\n1}".to_owned(),
                id: Some("7".to_owned()),
                retry: Some(1500),
            },
            // A `data` line without a colon is an empty line of data.
            ServerEvent {
                data: String::new(),
                id: Some("7".to_owned()),
                ..ServerEvent::default()
            },
            ServerEvent {
                data: "é\nx".to_owned(),
                id: Some("7".to_owned()),
                ..ServerEvent::default()
            },
        ];
        for size in [1, 2, 3, 5, 7, 64, 4096] {
            assert_eq!(
                events_in_pieces(text.as_bytes(), size),
                expected,
                "pieces of {size}"
            );
        }
    }

    #[test]
    fn a_blank_line_without_data_dispatches_nothing_and_bad_fields_are_ignored() {
        let text = b"event: ping\n\nretry: soon\nid: a\0b\nfoo: bar\ndata: ok\n\n";
        let events = events_in_pieces(text, 3);
        assert_eq!(
            events,
            [ServerEvent {
                data: "ok".to_owned(),
                ..ServerEvent::default()
            }]
        );
    }

    #[test]
    fn json_lines_split_anywhere_and_keep_an_unterminated_last_line() {
        let text = b"{\"a\":1}\r\n\n  \n{\"b\":2}\n{\"c\":3}";
        for size in [1, 4, 100] {
            let mut splitter = LineSplitter::new();
            let mut lines: Vec<Vec<u8>> =
                text.chunks(size).flat_map(|p| splitter.feed(p)).collect();
            lines.extend(splitter.finish());
            let lines: Vec<String> = lines
                .into_iter()
                .map(|l| String::from_utf8(l).unwrap())
                .collect();
            assert_eq!(
                lines,
                ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"],
                "pieces of {size}"
            );
        }
    }
}
