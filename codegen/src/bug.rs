//! Faults of the generator itself, never of the document: emitted code that does not
//! parse, a lost unit of work. Reported to the user as errors naming what went wrong, so
//! that the fault can be filed, instead of panicking.

/// A fault of the generator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Bug {
    /// Tokens emitted for `item` are not Rust.
    #[error("generator bug: the code emitted for `{item}` does not parse: {message}")]
    Unparsable { item: String, message: String },
    /// A doc marker whose text the emitted unit did not carry.
    #[error("generator bug: a doc marker without its text: {marker:?}")]
    DocMarker { marker: String },
    /// The pipeline lost or mixed up a unit of work, or a thread panicked.
    #[error("generator bug: {0}")]
    Pipeline(&'static str),
}
