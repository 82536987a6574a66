//! Programs that call Omni with `omni-client`, one per `examples/*.rs`: the calls the
//! README shows, kept compiling by CI. Each reads `OMNI_API_KEY` and `OMNI_INSTANCE` (or
//! `OMNI_BASE_URL`) through `Client::from_env`:
//!
//! ```sh
//! OMNI_API_KEY=... OMNI_INSTANCE=blobsrus cargo run -p omni-calls --example list_documents
//! ```

/// What the programs return: any error, shown with its message.
pub type Outcome = Result<(), Box<dyn std::error::Error>>;

/// The command line's `index`th argument, or a message naming what is missing.
pub fn argument(index: usize, what: &str) -> Result<String, Box<dyn std::error::Error>> {
    std::env::args()
        .nth(index)
        .ok_or_else(|| format!("missing argument {index}: {what}").into())
}
