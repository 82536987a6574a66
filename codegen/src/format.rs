//! Stage 6: token streams -> formatted source text (`syn` + `prettyplease`), each doc
//! marker replaced by its text.

use crate::bug::Bug;
use crate::emit::{Contents, DocTexts, Emitted, EmittedFile, GeneratedFile, Printed};
use proc_macro2::TokenStream;

const MARKER: char = DocTexts::MARKER;

/// Prints every emitted file.
pub fn format_files(files: Vec<EmittedFile>) -> Result<Vec<GeneratedFile>, Bug> {
    files.into_iter().map(format_emitted_file).collect()
}

/// Prints one unit of work.
pub fn print(emitted: Emitted) -> Result<Printed, Bug> {
    Ok(match emitted {
        Emitted::TypePieces {
            inner,
            chunks,
            docs,
        } => Printed::TypePieces(format_pieces(inner, chunks, &docs)?),
        Emitted::File(file) => Printed::File(file.map(format_emitted_file).transpose()?),
    })
}

fn format_emitted_file(file: EmittedFile) -> Result<GeneratedFile, Bug> {
    let contents = match file.contents {
        Contents::Text(text) => text,
        Contents::Rust {
            header,
            inner,
            chunks,
            docs,
        } => header + &format_file(inner, chunks, &docs)?,
    };
    Ok(GeneratedFile {
        path: file.path,
        contents,
    })
}

/// Parses each labelled chunk of items and prints them as one file, a blank line between
/// items (prettyplease prints none). A chunk that does not parse is a generator bug; the
/// error names the item that produced it.
pub fn format_file(
    inner_attrs: TokenStream,
    chunks: Vec<(String, TokenStream)>,
    docs: &DocTexts,
) -> Result<String, Bug> {
    Ok(join_pieces(format_pieces(inner_attrs, chunks, docs)?))
}

/// The printed pieces of a file: its inner attributes (when it has some), then each item.
/// Pieces of one file printed apart (on several threads) join into it with
/// [`join_pieces`].
pub fn format_pieces(
    inner_attrs: TokenStream,
    chunks: Vec<(String, TokenStream)>,
    docs: &DocTexts,
) -> Result<Vec<String>, Bug> {
    let unparsable = |item: &str, err: syn::Error| Bug::Unparsable {
        item: item.to_owned(),
        message: err.to_string(),
    };
    let header: syn::File =
        syn::parse2(inner_attrs).map_err(|err| unparsable("the module docs", err))?;
    let mut pieces = Vec::new();
    if !header.attrs.is_empty() {
        pieces.push(fill_docs(prettyplease::unparse(&header), docs)?);
    }
    for (label, tokens) in chunks {
        let chunk: syn::File = syn::parse2(tokens).map_err(|err| unparsable(&label, err))?;
        for item in chunk.items {
            if let Some(listing) = print_listing(&item) {
                pieces.push(listing);
                continue;
            }
            let has_members = matches!(
                item,
                syn::Item::Impl(_) | syn::Item::Trait(_) | syn::Item::Mod(_)
            );
            let item = syn::File {
                shebang: None,
                attrs: Vec::new(),
                items: vec![item],
            };
            let printed = prettyplease::unparse(&item);
            let printed = match has_members {
                true => space_members(&printed),
                false => printed,
            };
            pieces.push(fill_docs(printed, docs)?);
        }
    }
    Ok(pieces)
}

/// A blank line between the members of a printed `impl`, trait or module, as between
/// items (prettyplease prints none), but for a run of one-line members (`type Item =
/// ..;`, consts), which stay together. Its members are the lines indented once; a
/// member ends at such a line that is `}` or ends with `;` or an empty `{}`.
fn space_members(printed: &str) -> String {
    const MEMBER: &str = "    ";
    let mut text = String::with_capacity(printed.len() + printed.len() / 16);
    // Inside a member (past its first line); the last member line ended a member, and
    // whether that member was one line.
    let (mut in_member, mut after_member, mut after_one_liner) = (false, false, false);
    for line in printed.lines() {
        let Some(body) = line.strip_prefix(MEMBER).filter(|b| !b.starts_with(' ')) else {
            continue_line(&mut text, line);
            continue;
        };
        let begins = !in_member && !body.is_empty();
        let ends = body.starts_with('}') || body.ends_with(';') || body.ends_with("{}");
        let one_liner = begins && ends;
        if begins && after_member && !(after_one_liner && one_liner) {
            text.push('\n');
        }
        (in_member, after_member) = (!ends && (in_member || begins), ends);
        if ends {
            after_one_liner = one_liner;
        }
        continue_line(&mut text, line);
    }
    text
}

fn continue_line(text: &mut String, line: &str) {
    text.push_str(line);
    text.push('\n');
}

/// The printed item with each doc marker (`///\u{7f}12`) replaced by the text it
/// stands for (see [`crate::emit::docs`]).
fn fill_docs(printed: String, docs: &DocTexts) -> Result<String, Bug> {
    let Some(first) = printed.find(MARKER) else {
        return Ok(printed);
    };
    let mut text = String::with_capacity(printed.len() * 2);
    let mut rest = printed.as_str();
    let mut at = first;
    loop {
        text.push_str(&rest[..at]);
        let after = &rest[at + MARKER.len_utf8()..];
        let end = after.find('\n').unwrap_or(after.len());
        let in_comment = text.ends_with("///") || text.ends_with("//!");
        let filled = match after[..end].parse::<usize>() {
            Ok(index) if in_comment => docs
                .get(index)
                .map(|line| text.push_str(line.trim_end_matches(' '))),
            _ => None,
        };
        if filled.is_none() {
            return Err(Bug::DocMarker {
                marker: rest[at..at + 1 + end].to_owned(),
            });
        }
        rest = &after[end..];
        match rest.find(MARKER) {
            Some(next) => at = next,
            None => break,
        }
    }
    text.push_str(rest);
    Ok(text)
}

/// The macros that take `Name { entry, entry, }`, by path, printed one entry a line:
/// prettyplease would wrap the entries like prose, so that a one-entry change reflowed
/// its neighbours.
const LISTING_MACROS: &[&str] = &[
    "crate::runtime::json_object",
    "crate::runtime::setters",
    "crate::runtime::wire_enum",
    "crate::runtime::wire_int_enum",
    "crate::mock::operation",
    "checks",
];

/// A listing macro call, `<macro>!(Name { .. });`, one entry a line; `None` for any
/// other item.
fn print_listing(item: &syn::Item) -> Option<String> {
    use proc_macro2::TokenTree;
    let syn::Item::Macro(call) = item else {
        return None;
    };
    let path = (call.mac.path.segments.iter())
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::");
    if call.mac.path.leading_colon.is_some() || !LISTING_MACROS.contains(&path.as_str()) {
        return None;
    }
    let tokens: Vec<TokenTree> = call.mac.tokens.clone().into_iter().collect();
    let [TokenTree::Ident(target), TokenTree::Group(body)] = tokens.as_slice() else {
        return None;
    };
    // Entries end at a comma outside generic arguments (`Map<K, V>`).
    let mut entries = vec![Vec::new()];
    let mut angles = 0usize;
    for token in body.stream() {
        if let TokenTree::Punct(p) = &token {
            match p.as_char() {
                ',' if angles == 0 => {
                    entries.push(Vec::new());
                    continue;
                }
                '<' => angles += 1,
                '>' => angles = angles.saturating_sub(1),
                _ => {}
            }
        }
        entries.last_mut()?.push(token);
    }
    // Outer attributes (a feature's `cfg`), one a line.
    let mut text = String::new();
    for attribute in &call.attrs {
        print_tokens(quote::ToTokens::to_token_stream(attribute), &mut text);
        text.push('\n');
    }
    text.push_str(&format!("{path}!({target} {{"));
    let mut lines = entries.iter().filter(|entry| !entry.is_empty()).peekable();
    if lines.peek().is_none() {
        text.push_str("});\n");
        return Some(text);
    }
    for entry in lines {
        text.push_str("\n    ");
        print_tokens(entry.iter().cloned(), &mut text);
        text.push(',');
    }
    text.push_str("\n});\n");
    Some(text)
}

/// Tokens as Rust is written: `a: "b" c(d::e)`.
fn print_tokens(tokens: impl IntoIterator<Item = proc_macro2::TokenTree>, text: &mut String) {
    use proc_macro2::{Delimiter, Spacing, TokenTree};
    // Whether the next word needs a space before it, and whether the last token was the
    // first half of a joint punctuation (`::`).
    let mut space = false;
    let mut after_joint = false;
    for token in tokens {
        let word = match token {
            TokenTree::Ident(ident) => Some(ident.to_string()),
            TokenTree::Literal(literal) => Some(literal.to_string()),
            TokenTree::Punct(punct) => {
                let (c, joint) = (punct.as_char(), punct.spacing() == Spacing::Joint);
                // `a: ::b` and `a, ::b`, not `a:::b` and `a,::b`; `a => b`.
                let path_after = c == ':' && text.ends_with([':', ',']);
                if !after_joint && (path_after || c == '=') {
                    text.push(' ');
                }
                text.push(c);
                // Nothing inside an operator (`::`, `=>`), after a path separator, an
                // opening angle bracket (`Vec<T>`) or a sign (listings have no
                // subtraction: `-2` reaches here as `-` and `2`); a space after the rest.
                space = !(joint || c == '<' || c == '-' || (c == ':' && after_joint));
                after_joint = joint;
                continue;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => (" { ", " }"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                // `a: [b], [c]` and `a: ()`, but `f(x)`.
                let opens = matches!(
                    group.delimiter(),
                    Delimiter::Bracket | Delimiter::Parenthesis
                );
                if opens && space && text.ends_with([':', ',', '=']) {
                    text.push(' ');
                }
                text.push_str(open);
                print_tokens(group.stream(), text);
                text.push_str(close);
                None
            }
        };
        if let Some(word) = word {
            if space {
                text.push(' ');
            }
            text.push_str(&word);
        }
        space = true;
        after_joint = false;
    }
}

/// A file from its printed pieces, a blank line between them.
pub fn join_pieces(pieces: Vec<String>) -> String {
    pieces.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// A file of items without doc markers.
    fn format_file(
        inner_attrs: TokenStream,
        chunks: Vec<(String, TokenStream)>,
    ) -> Result<String, String> {
        super::format_file(inner_attrs, chunks, &DocTexts::default()).map_err(|bug| bug.to_string())
    }

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
    fn members_of_an_impl_are_apart_but_for_runs_of_one_liners() {
        let text = format_file(
            TokenStream::new(),
            vec![(
                "impl".to_owned(),
                quote! {
                    impl Stream for Call {
                        type Item = u8;
                        const LINES: Option<&'static str> = None;
                        fn first(&self) -> u8 { 1 }
                        #[inline]
                        fn second(&self) -> u8 { 2 }
                        fn nothing(&self) {}
                        const LAST: u8 = 3;
                    }
                },
            )],
        )
        .unwrap();
        let expected = "impl Stream for Call {\n    type Item = u8;\n    const LINES: Option<&'static str> = None;\n\n    fn first(&self) -> u8 {\n        1\n    }\n\n    #[inline]\n    fn second(&self) -> u8 {\n        2\n    }\n\n    fn nothing(&self) {}\n    const LAST: u8 = 3;\n}\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn listing_macros_print_one_entry_a_line() {
        let text = format_file(
            TokenStream::new(),
            vec![(
                "Pet".into(),
                quote! {
                    crate::runtime::json_object!(Pet {
                        r#type: "type" required,
                        tag: "a \"quoted\" : key" optional,
                        count: "count" default(Pet::default_count),
                    });
                    crate::runtime::json_object!(Empty {});
                    other::json_object!(Elsewhere { a: "a" optional, });
                },
            )],
        )
        .unwrap();
        let expected = "crate::runtime::json_object!(Pet {\n    \
                        r#type: \"type\" required,\n    \
                        tag: \"a \\\"quoted\\\" : key\" optional,\n    \
                        count: \"count\" default(Pet::default_count),\n});\n\n\
                        crate::runtime::json_object!(Empty {});\n\n";
        assert!(text.starts_with(expected), "{text}");
        // Not the runtime's: prettyplease prints it.
        assert!(text.contains("other::json_object!(Elsewhere"), "{text}");
        syn::parse_file(&text).expect("the printed listing parses");
    }

    #[test]
    fn enum_listings_read_like_a_match() {
        let minus_two = proc_macro2::Literal::i64_unsuffixed(-2);
        let text = format_file(
            TokenStream::new(),
            vec![(
                "Code".into(),
                quote! {
                    crate::runtime::wire_int_enum!(Code { 1 => One, #minus_two => MinusTwo, _ => Unknown, });
                    crate::runtime::wire_enum!(Kind { "a b" => AB, _ => Other, });
                },
            )],
        )
        .unwrap();
        assert_eq!(
            text,
            "crate::runtime::wire_int_enum!(Code {\n    1 => One,\n    -2 => MinusTwo,\n    \
             _ => Unknown,\n});\n\ncrate::runtime::wire_enum!(Kind {\n    \"a b\" => AB,\n    \
             _ => Other,\n});\n"
        );
    }

    #[test]
    fn listed_types_keep_their_generic_arguments_whole() {
        let text = format_file(
            TokenStream::new(),
            vec![(
                "checks".into(),
                quote! {
                    checks!(CHECKS {
                        "#/a": ::std::collections::BTreeMap<::std::string::String, ::std::vec::Vec<i64>>,
                        "#/b": i64,
                    });
                },
            )],
        )
        .unwrap();
        assert_eq!(
            text,
            "checks!(CHECKS {\n    \
             \"#/a\": ::std::collections::BTreeMap<::std::string::String, ::std::vec::Vec<i64>>,\n    \
             \"#/b\": i64,\n});\n"
        );
    }

    #[test]
    fn doc_lines_are_printed_in_place_of_their_markers() {
        use crate::emit::docs::{doc_attr, doc_attrs, with_doc_texts};
        let ((docs, odd), texts) = with_doc_texts(|| {
            let docs = doc_attrs(["A \"quoted\" line \\ with { braces }", "Second.  "]);
            (docs, doc_attr("/starts with a slash".to_owned()))
        });
        let text = super::format_file(
            TokenStream::new(),
            vec![("A".into(), quote!(#docs #odd pub struct A;))],
            &texts,
        )
        .unwrap();
        assert_eq!(
            text,
            "/// A \"quoted\" line \\ with { braces }\n///\n/// Second.\n\
             #[doc = \"/starts with a slash\"]\npub struct A;\n"
        );
    }

    #[test]
    fn a_doc_marker_without_its_text_is_a_generator_bug() {
        let marker = format!("{MARKER}{}", usize::MAX);
        let err = format_file(
            TokenStream::new(),
            vec![("A".into(), quote!(#[doc = #marker] pub struct A;))],
        )
        .unwrap_err();
        assert!(err.contains("doc marker"), "{err}");
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
