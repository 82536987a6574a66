//! What a test expects of one operation: the typed [`Expect`] builder every
//! `MockServer::<operation>()` method starts.

use super::answer::{Answer, Operation, Paged, Streamed};
use super::incoming::Incoming;
use super::server::{Entry, MockServer};
use crate::runtime::Event;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

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

impl MockServer {
    /// Starts an expectation of calls of `O`; each operation's method
    /// (`server.list_documents()`) calls this.
    pub fn expect<O: Operation>(&self) -> Expect<'_, O> {
        Expect::new(self)
    }
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
