//! A short string that matches a schema's `pattern`, built from the regular expression's
//! syntax tree: each repetition at its least, each alternation's first branch, each class
//! by a plain character it holds. The same pattern always gives the same string.

use regex_syntax::hir::{Class, Hir, HirKind};

/// `None` when the pattern does not parse (ECMA-262 syntax that Rust's does not share).
pub(super) fn sample(pattern: &str) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut out = String::new();
    write(&hir, &mut out).then_some(out)
}

/// Appends a match of `hir`; false when none can be written (an empty class).
fn write(hir: &Hir, out: &mut String) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(text) => {
                out.push_str(text);
                true
            }
            Err(_) => false,
        },
        HirKind::Class(class) => match plain_member(class) {
            Some(c) => {
                out.push(c);
                true
            }
            None => false,
        },
        HirKind::Repetition(repetition) => (0..repetition.min).all(|_| write(&repetition.sub, out)),
        HirKind::Capture(capture) => write(&capture.sub, out),
        HirKind::Concat(items) => items.iter().all(|item| write(item, out)),
        HirKind::Alternation(branches) => branches.iter().any(|branch| {
            let mark = out.len();
            let written = write(branch, out);
            if !written {
                out.truncate(mark);
            }
            written
        }),
    }
}

/// A letter or digit the class holds if it holds one, else its first printable member.
fn plain_member(class: &Class) -> Option<char> {
    const PREFERRED: &str = "a0A-_. ";
    let contains = |c: char| match class {
        Class::Unicode(class) => class
            .ranges()
            .iter()
            .any(|r| r.start() <= c && c <= r.end()),
        Class::Bytes(class) => {
            c.is_ascii()
                && class
                    .ranges()
                    .iter()
                    .any(|r| r.start() <= c as u8 && c as u8 <= r.end())
        }
    };
    PREFERRED
        .chars()
        .chain(('!'..='~').filter(|c| !PREFERRED.contains(*c)))
        .find(|&c| contains(c))
        .or_else(|| match class {
            Class::Unicode(class) => class.ranges().first().map(|r| r.start()),
            Class::Bytes(class) => class.ranges().first().map(|r| char::from(r.start())),
        })
}

#[cfg(test)]
mod tests {
    use super::sample;

    #[test]
    fn repetitions_take_their_least_and_classes_a_plain_member() {
        assert_eq!(
            sample(r"^\d+\.\d+\.\d+([\-\+].+)?$").as_deref(),
            Some("0.0.0")
        );
        assert_eq!(sample(r"^[A-Z]{2}-[^a-z]{3,}$").as_deref(), Some("AA-000"));
        assert_eq!(sample(r"^(foo|bar)x?$").as_deref(), Some("foo"));
        assert_eq!(sample(r"^(?!x)"), None);
    }
}
