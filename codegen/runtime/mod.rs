//! The hand-written runtime every generated client carries: configuration, sending
//! requests, and errors. The generated operation methods call into it.

mod auth;
mod client;
mod codec;
mod enums;
mod error;
mod events;
mod form;
mod hooks;
mod object;
mod pacing;
mod paging;
mod params;
mod query;
mod request;
mod response;
mod retry;

pub use auth::{
    Auth, AuthError, ClientCredentials, Credential, Endpoint, Scheme, TokenFuture, TokenProvider,
};
pub use client::{BuildError, CallOptions, Client, ClientBuilder};
pub use codec::{
    decode_best, decode_candidate, decode_candidate_with, deserialize_nullable,
    deserialize_present, deserialize_variant, note_catch_all, serialize_tagged, take_optional,
    take_present, take_required, text_of, variant_object, Candidate,
};
#[allow(unused_imports)] // not every document has enums
pub(crate) use enums::{wire_constant, wire_enum, wire_int_constant, wire_int_enum};
pub use error::{ApiError, DecodeError, Error, TooLargeError, TransportError};
pub use events::{
    event_stream, json_data, json_lines, text_data, Event, EventParser, LineSplitter, ServerEvent,
};
pub use form::{form_body, form_body_encoded, value_part, FilePart, FormStyle};
pub use hooks::{Hook, RequestSummary};
#[allow(unused_imports)] // not every document has structs
pub(crate) use object::json_object;
pub use object::read_object;
pub use paging::{next_start, paginate};
#[allow(unused_imports)] // not every document has optional parameters
pub(crate) use params::setters;
pub use query::Query;
pub use request::{
    decode_bytes, decode_empty, decode_error_json, decode_json, decode_text, optional_json,
    request, request_slashed, send, send_streaming, Download, InvalidRequest,
};
pub use response::{ResponseExt, ResponseInfo, WithResponse};
pub use retry::RetryPolicy;
