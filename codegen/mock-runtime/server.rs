//! The mock server: wiremock listens, and every request goes through one responder that
//! finds its operation, holds it to the document, records it and answers it.

use super::answer::{Answer, Operation};
use super::incoming::{Incoming, Refusal};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

/// A route of the mock: one operation of the document.
pub struct Route {
    id: &'static str,
    method: &'static str,
    template: &'static str,
    security: &'static [&'static [crate::runtime::Scheme]],
    check: fn(&Incoming) -> Result<(), Refusal>,
    example: fn() -> Option<Result<Answer, String>>,
}

impl Route {
    pub fn of<O: Operation>() -> Route {
        Route {
            id: O::ID,
            method: O::METHOD,
            template: O::PATH,
            security: O::SECURITY,
            check: |incoming| O::decode(incoming).map(drop),
            example: example_answer::<O>,
        }
    }

    fn describe(&self) -> String {
        format!("`{}` ({} {})", self.id, self.method, self.template)
    }
}

/// The example responses (`defaults.json`), by operation id.
fn examples() -> &'static serde_json::Map<String, serde_json::Value> {
    static EXAMPLES: OnceLock<serde_json::Map<String, serde_json::Value>> = OnceLock::new();
    EXAMPLES.get_or_init(|| serde_json::from_str(include_str!("defaults.json")).unwrap_or_default())
}

/// The reply a call of `O` nothing expects gets (the document's example, or one made from
/// its schema), typed: a value for a test to start its own replies from. `None` when the
/// example does not decode into the type.
pub fn example<O: Operation>() -> Option<O::Reply>
where
    O::Reply: serde::de::DeserializeOwned,
{
    let body = examples().get(O::ID)?.get("body")?;
    serde_json::from_value(body.clone()).ok()
}

/// The document's example response of `O` (`defaults.json`), checked against its type.
pub(super) fn example_answer<O: Operation>() -> Option<Result<Answer, String>> {
    let example = examples().get(O::ID)?;
    let status = example["status"].as_u64().unwrap_or(200) as u16;
    let media_type = example["mediaType"].as_str();
    let answer = match (media_type, &example["body"]) {
        (Some(media), serde_json::Value::String(text)) if !media.contains("json") => {
            Answer::text(status, media, text.clone())
        }
        (Some(media), body) => {
            let answer = Answer::json(status, media, body);
            if let Err(problem) = O::check_example(&answer.body) {
                return Some(Err(format!(
                    "the example response does not decode into its type: {problem}"
                )));
            }
            answer
        }
        (None, _) => Answer::empty(status),
    };
    Some(Ok(answer))
}

/// The answer an expectation gives a request, if it takes it.
pub(super) type Answering = Box<dyn Fn(&Incoming) -> Option<Answer> + Send + Sync>;

/// The parameters a path template takes from a path, by name.
type PathParams = Vec<(String, String)>;

/// A request the mock fails: the status it answers and what the test is told.
type Failure = (u16, String);

/// An expectation, its type erased.
pub(super) struct Entry {
    operation: &'static str,
    answer: Answering,
    times: Option<u64>,
    delay: Option<Duration>,
    answered: AtomicU64,
}

impl Entry {
    pub(super) fn new(
        operation: &'static str,
        answer: Answering,
        times: Option<u64>,
        delay: Option<Duration>,
    ) -> Entry {
        Entry {
            operation,
            answer,
            times,
            delay,
            answered: AtomicU64::new(0),
        }
    }
}

#[derive(Default)]
struct State {
    routes: Vec<Route>,
    strict: AtomicBool,
    entries: Mutex<Vec<Arc<Entry>>>,
    received: Mutex<Vec<(&'static str, Incoming)>>,
    failures: Mutex<Vec<String>>,
}

/// A lock that a panic elsewhere does not poison for the rest of the test.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A server that answers as the API would, on a local port: every request is held to
/// its operation in the document, typed expectations answer them, and what was
/// received can be read back typed. A test fails, when the server is dropped (or at
/// [`verify`](MockServer::verify)), on any request the document does not allow, any
/// request nothing answered, and any expectation called another number of times than
/// it said.
pub struct MockServer {
    server: wiremock::MockServer,
    state: Arc<State>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.server.uri())
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a server on a free local port.
    pub async fn start() -> MockServer {
        let state = Arc::new(State {
            routes: super::operations::routes(),
            ..State::default()
        });
        let server = wiremock::MockServer::start().await;
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Responder(state.clone()))
            .mount(&server)
            .await;
        MockServer { server, state }
    }

    /// Turns the document's example responses off: a call no expectation answers
    /// fails the test.
    pub fn strict(self) -> MockServer {
        self.state.strict.store(true, Ordering::SeqCst);
        self
    }

    /// The server's address, `http://127.0.0.1:<port>`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client of the API pointed at this server, with a credential for every
    /// security scheme and without retries (so each call is one request).
    pub fn client(&self) -> crate::Client {
        self.client_builder()
            .retry_policy(crate::runtime::RetryPolicy::none())
            .build()
            .expect("a client pointed at the mock server builds")
    }

    /// A client builder pointed at this server, with a credential for every security
    /// scheme, for a test to shape further.
    pub fn client_builder(&self) -> crate::ClientBuilder {
        crate::Client::builder()
            .base_url(self.uri())
            .api_key("mock-token")
            .basic_auth("mock-user", "mock-password")
    }

    pub(super) fn add(&self, entry: Entry) {
        lock(&self.state.entries).push(Arc::new(entry));
    }

    /// The calls received so far, by operation, decoded.
    pub fn received(&self) -> Received<'_> {
        Received { server: self }
    }

    /// The failures so far, removed (a test of a request the document refuses reads
    /// them here, and the server then does not fail the test for them).
    pub fn take_failures(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.state.failures))
    }

    /// Fails the test (panics) on any refused or unanswered request so far, and on any
    /// expectation answered another number of times than its `times`.
    pub fn verify(&self) {
        let mut failures = self.take_failures();
        for entry in lock(&self.state.entries).iter() {
            let answered = entry.answered.load(Ordering::SeqCst);
            if let Some(times) = entry.times.filter(|&times| times != answered) {
                failures.push(format!(
                    "`{}`: an expectation of {times} call(s) answered {answered}",
                    entry.operation
                ));
            }
        }
        if !failures.is_empty() {
            panic!("the mock server saw:\n\n{}", failures.join("\n\n"));
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.verify();
        }
    }
}

/// The calls of each operation the server received, decoded into their call types.
#[derive(Debug)]
pub struct Received<'s> {
    server: &'s MockServer,
}

impl Received<'_> {
    /// The calls of `O`, in the order they came; each operation's method
    /// (`received().list_documents()`) calls this.
    pub fn calls<O: Operation>(&self) -> Vec<O> {
        lock(&self.server.state.received)
            .iter()
            .filter(|(operation, _)| *operation == O::ID)
            .filter_map(|(_, incoming)| O::decode(incoming).ok())
            .collect()
    }

    /// How many requests the document allows were received, of every operation.
    pub fn count(&self) -> usize {
        lock(&self.server.state.received).len()
    }
}

/// The one wiremock responder.
struct Responder(Arc<State>);

impl wiremock::Respond for Responder {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let incoming = Incoming::new(request);
        match self.0.answer(incoming) {
            Ok((answer, delay)) => {
                let mut template = wiremock::ResponseTemplate::new(answer.status);
                if let Some(media_type) = &answer.media_type {
                    template = template.set_body_raw(answer.body, media_type);
                }
                match delay {
                    Some(delay) => template.set_delay(delay),
                    None => template,
                }
            }
            Err((status, failure)) => {
                lock(&self.0.failures).push(failure.clone());
                wiremock::ResponseTemplate::new(status)
                    .insert_header("x-mock-failure", "true")
                    .set_body_raw(failure, "text/plain")
            }
        }
    }
}

impl State {
    /// The answer to a request and its delay, or the status and text of its failure.
    fn answer(&self, incoming: Incoming) -> Result<(Answer, Option<Duration>), Failure> {
        let (route, params) = self.route(&incoming)?;
        let incoming = incoming.with_path_params(params);
        let refuse = |reason: String| {
            (
                400,
                format!(
                    "{} refused a request: {reason}\n{}",
                    route.describe(),
                    dump(&incoming)
                ),
            )
        };
        if !incoming.satisfies(route.security) {
            let names: Vec<String> = (route.security.iter())
                .map(|schemes| {
                    let names: Vec<&str> = schemes.iter().map(|scheme| scheme.name).collect();
                    names.join(" + ")
                })
                .collect();
            return Err(refuse(format!(
                "it carries no credential the operation accepts ({})",
                names.join(" or ")
            )));
        }
        (route.check)(&incoming).map_err(|refusal| refuse(refusal.0))?;
        lock(&self.received).push((route.id, incoming.clone()));
        let entries: Vec<Arc<Entry>> = lock(&self.entries)
            .iter()
            .filter(|entry| entry.operation == route.id)
            .cloned()
            .collect();
        for entry in entries {
            if let Some(answer) = (entry.answer)(&incoming) {
                entry.answered.fetch_add(1, Ordering::SeqCst);
                return Ok((answer, entry.delay));
            }
        }
        let unanswered = |why: String| {
            (
                501,
                format!(
                    "{}: no expectation answers this call, {why}\n{}",
                    route.describe(),
                    dump(&incoming)
                ),
            )
        };
        if self.strict.load(Ordering::SeqCst) {
            return Err(unanswered("and the server is strict".to_owned()));
        }
        match (route.example)() {
            Some(Ok(answer)) => Ok((answer, None)),
            Some(Err(problem)) => Err(unanswered(format!("and {problem}"))),
            None => Err(unanswered(
                "and the document gives no example response to answer with".to_owned(),
            )),
        }
    }

    /// The operation of a request (the most specific path template that matches) and
    /// its path parameters; a request of none names the nearest.
    fn route(&self, incoming: &Incoming) -> Result<(&Route, PathParams), Failure> {
        let matched = (self.routes.iter())
            .filter_map(|route| Some((route, incoming.match_template(route.template)?)))
            .collect::<Vec<_>>();
        let best = (matched.iter())
            .filter(|(route, _)| route.method.eq_ignore_ascii_case(incoming.method()))
            .max_by_key(|(_, (literal, _))| *literal);
        if let Some((route, (_, params))) = best {
            return Ok((route, params.clone()));
        }
        let nearest = match matched.first() {
            Some((route, _)) => Some(*route),
            None => self.nearest(incoming),
        };
        let hint = match nearest {
            Some(route) => format!("; the nearest is {}", route.describe()),
            None => String::new(),
        };
        Err((
            404,
            format!(
                "no operation of the document is {} {}{hint}\n{}",
                incoming.method(),
                incoming.target(),
                dump(incoming)
            ),
        ))
    }

    /// The route whose template is closest to the request's path (by edit distance,
    /// the method breaking ties).
    fn nearest(&self, incoming: &Incoming) -> Option<&Route> {
        let path = incoming.target();
        let path = path.split('?').next().unwrap_or_default();
        (self.routes.iter()).min_by_key(|route| {
            let template = route.template.split('?').next().unwrap_or_default();
            let other_method = !route.method.eq_ignore_ascii_case(incoming.method());
            (edit_distance(template, path), other_method)
        })
    }
}

/// The request as a failure shows it.
fn dump(incoming: &Incoming) -> String {
    let mut text = format!("  request: {} {}", incoming.method(), incoming.target());
    if let Some(media_type) = incoming.header_text("content-type") {
        text.push_str(&format!("\n  content-type: {media_type}"));
    }
    if !incoming.body().is_empty() {
        let body = String::from_utf8_lossy(incoming.body());
        let shown: String = body.chars().take(2000).collect();
        let more = if shown.len() < body.len() { " ..." } else { "" };
        text.push_str(&format!("\n  body: {shown}{more}"));
    }
    text
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substituted = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substituted.min(previous + 1).min(row[j] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn edit_distance_counts_changes() {
        assert_eq!(edit_distance("/documents", "/documents"), 0);
        assert_eq!(edit_distance("/documents", "/documentz"), 1);
        assert_eq!(edit_distance("", "ab"), 2);
    }
}
