//! What the unit tests share: a small document read into the IR, and emitted items
//! printed as the crate's files print them.

use crate::ir::Api;
use crate::Diagnostic;
use proc_macro2::TokenStream;

/// The IR of `document` (YAML or JSON); a document that does not read fails the test
/// with its error.
pub(crate) fn api_of(document: &str) -> Api {
    read(document).0
}

/// The IR of `document` and the warnings reading it gave.
pub(crate) fn read(document: &str) -> (Api, Vec<Diagnostic>) {
    crate::read_api("test.yaml", document, None).unwrap_or_else(|err| panic!("{err}"))
}

/// The items `emit` makes, printed with their docs.
pub(crate) fn printed(emit: impl FnOnce() -> Vec<(String, TokenStream)>) -> String {
    let (chunks, docs) = crate::emit::docs::with_doc_texts(emit);
    crate::format::format_file(TokenStream::new(), chunks, &docs)
        .unwrap_or_else(|bug| panic!("{bug}"))
}
