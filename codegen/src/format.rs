//! Stage 6: token streams -> formatted source text (`syn` + `prettyplease`).

use crate::emit::{Contents, EmittedFile, GeneratedFile};
use proc_macro2::TokenStream;

/// Prints every emitted file.
pub fn format_files(files: Vec<EmittedFile>) -> Result<Vec<GeneratedFile>, String> {
    files
        .into_iter()
        .map(|file| {
            let contents = match file.contents {
                Contents::Text(text) => text,
                Contents::Rust {
                    header,
                    inner,
                    chunks,
                } => header + &format_file(inner, chunks)?,
            };
            Ok(GeneratedFile {
                path: file.path,
                contents,
            })
        })
        .collect()
}

/// Parses each labelled chunk of items and prints them as one file, a blank line between
/// items (prettyplease prints none). A chunk that does not parse is a generator bug; the
/// error names the item that produced it.
pub fn format_file(
    inner_attrs: TokenStream,
    chunks: Vec<(String, TokenStream)>,
) -> Result<String, String> {
    Ok(join_pieces(format_pieces(inner_attrs, chunks)?))
}

/// The printed pieces of a file: its inner attributes (when it has some), then each item.
/// Pieces of one file printed apart (on several threads) join into it with
/// [`join_pieces`].
pub fn format_pieces(
    inner_attrs: TokenStream,
    chunks: Vec<(String, TokenStream)>,
) -> Result<Vec<String>, String> {
    let header: syn::File = syn::parse2(inner_attrs)
        .map_err(|err| format!("generator bug: the module docs do not parse: {err}"))?;
    let mut pieces = Vec::new();
    if !header.attrs.is_empty() {
        pieces.push(prettyplease::unparse(&header));
    }
    for (label, tokens) in chunks {
        let chunk: syn::File = syn::parse2(tokens).map_err(|err| {
            format!("generator bug: the code emitted for `{label}` does not parse: {err}")
        })?;
        for item in chunk.items {
            pieces.push(prettyplease::unparse(&syn::File {
                shebang: None,
                attrs: Vec::new(),
                items: vec![item],
            }));
        }
    }
    Ok(pieces)
}

/// A file from its printed pieces, a blank line between them.
pub fn join_pieces(pieces: Vec<String>) -> String {
    pieces.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn a_chunk_that_does_not_parse_is_named() {
        let err = format_file(
            TokenStream::new(),
            vec![("Broken".into(), quote!(pub struct {}))],
        )
        .unwrap_err();
        assert!(err.contains("`Broken`"), "{err}");
    }

    #[test]
    fn items_are_printed_in_order() {
        let text = format_file(
            quote!(#![doc = " Docs."]),
            vec![
                (
                    "A".into(),
                    quote!(
                        pub struct A;
                    ),
                ),
                (
                    "B".into(),
                    quote!(
                        pub struct B;
                    ),
                ),
            ],
        )
        .unwrap();
        assert_eq!(text, "//! Docs.\n\npub struct A;\n\npub struct B;\n");
    }
}
