//! A mock of the API for the tests of code that uses the client (cargo feature `mock`).
//!
//! [`MockServer::start`] listens on a local port and [`MockServer::client`] gives a
//! client pointed at it. Each operation has a method named as the client's, which sets
//! a typed expectation of its calls:
//!
//! ```ignore
//! let server = MockServer::start().await;
//! server
//!     .list_documents()
//!     .matching(|call: &ListDocumentsCall| call.params.page_size == Some(10))
//!     .times(1)
//!     .respond(page);
//! my_code(&server.client()).await;
//! let calls = server.received().list_documents();
//! ```
//!
//! - An answer is the value the method returns (`respond`), an error the document
//!   declares (`respond_error`), any status (`respond_status`), pages in turn for a
//!   paged list (`respond_pages`), a list of events for a stream (`respond_events`).
//! - Every request is held to its operation in the document: the path and its
//!   parameters, the required query, header and cookie parameters, each parameter read
//!   as its type, the body's media type and the body decoded into its type, and a
//!   credential of the operation's security. A request the document does not allow is
//!   answered 400 and fails the test, naming the operation, what is wrong and the
//!   request; a request of no operation is answered 404 and names the nearest one.
//! - A call no expectation answers gets the document's example response: its own
//!   example when it gives one, otherwise a value made from the examples of its
//!   properties (or the simplest value of each type), checked against the response
//!   type. [`MockServer::strict`] turns that off: such a call fails the test.
//!   [`example`] gives that reply typed, for a test to start its own from.
//! - The test fails when the server is dropped (or at [`MockServer::verify`]) on any
//!   such failure and on an expectation answered another number of times than its
//!   `times`.

mod answer;
mod expect;
mod incoming;
mod macros;
#[rustfmt::skip]
mod operations;
mod server;
mod text;

pub use answer::{decodes, item_text, Answer, Operation, Paged, Streamed};
pub use expect::Expect;
pub use incoming::{required, Incoming, Parts, Refusal, Shape};
#[allow(unused_imports)]
pub(crate) use macros::operation;
// Nothing, for a document without operations.
#[allow(unused_imports)]
pub use operations::*;
pub use server::{example, MockServer, Received, Route};
