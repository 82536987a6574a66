//! Checks the document's examples against the types the IR gives them. An example that
//! contradicts its own schema is the document's fault: it is reported, and the types are
//! not loosened to fit it.

use crate::diagnostics::Diagnostic;
use crate::ir::{
    AdditionalFields, Api, EnumRepr, Example, Field, FormatType, TypeKind, TypeRef, UnionVariant,
};
use serde_json::Value;

/// How deep an example is followed into recursive types.
const MAX_DEPTH: usize = 128;

/// One warning per example that does not fit its type.
pub fn check(api: &Api) -> Vec<Diagnostic> {
    api.examples
        .iter()
        .filter_map(|example| {
            let message = match verdict(api, example) {
                Verdict::Fits | Verdict::Unchecked => return None,
                Verdict::UnlistedValue(problem) => format!(
                    "the example uses a value its schema does not list (it decodes into the catch-all variant): {problem}"
                ),
                Verdict::Contradicts(problem) if example.is_default => format!(
                    "the default does not match its schema: {problem}; the server's default applies when the parameter is left out"
                ),
                Verdict::Contradicts(problem) => {
                    format!("the example does not match its schema: {problem}")
                }
            };
            Some(Diagnostic::warning(&example.pointer, message))
        })
        .collect()
}

/// What an example is to its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Fits,
    /// Fits but for an enum value or union tag the schema does not list, which the
    /// generated catch-all variants keep: it still survives a round trip.
    UnlistedValue(String),
    /// Cannot be what the schema describes.
    Contradicts(String),
    /// Reaches a type the settings replaced, which only its own crate knows, or a value
    /// that a format's Rust type writes in another spelling (an offset as `Z`).
    Unchecked,
}

/// Whether an example must survive a round trip through its type.
pub fn round_trips(api: &Api, example: &Example) -> bool {
    !matches!(
        verdict(api, example),
        Verdict::Contradicts(_) | Verdict::Unchecked
    )
}

pub fn verdict(api: &Api, example: &Example) -> Verdict {
    let mut checker = Checker {
        api,
        path: String::new(),
        depth: 0,
        unlisted: None,
        unchecked: false,
    };
    let result = checker.value(&example.ty, example.nullable, &example.value);
    if checker.unchecked {
        return Verdict::Unchecked;
    }
    match result {
        Err(Contradiction(problem)) => Verdict::Contradicts(problem),
        Ok(()) => match checker.unlisted {
            Some(problem) => Verdict::UnlistedValue(problem),
            None => Verdict::Fits,
        },
    }
}

struct Checker<'a> {
    api: &'a Api,
    /// Where in the example the checker is, as a JSON pointer.
    path: String,
    depth: usize,
    /// The first value a catch-all variant would have to take.
    unlisted: Option<String>,
    /// Whether the example reaches a replaced type or a respelled format value.
    unchecked: bool,
}

/// How an example contradicts its type, in a sentence that says where
/// (``at `/items/0`: expected an integer``).
struct Contradiction(String);

/// What checking a value against a type finds.
type Checked = Result<(), Contradiction>;

impl Checker<'_> {
    fn note_unlisted(&mut self, what: String) -> Checked {
        if self.unlisted.is_none() {
            self.unlisted = Some(match self.path.as_str() {
                "" => what,
                path => format!("at `{path}`: {what}"),
            });
        }
        Ok(())
    }

    fn fail(&self, what: String) -> Checked {
        if self.path.is_empty() {
            Err(Contradiction(what))
        } else {
            Err(Contradiction(format!("at `{}`: {what}", self.path)))
        }
    }

    fn nested(&mut self, token: &str, check: impl FnOnce(&mut Self) -> Checked) -> Checked {
        let length = self.path.len();
        self.path.push('/');
        self.path
            .push_str(&token.replace('~', "~0").replace('/', "~1"));
        self.depth += 1;
        let result = if self.depth > MAX_DEPTH {
            Ok(())
        } else {
            check(self)
        };
        self.depth -= 1;
        self.path.truncate(length);
        result
    }

    fn value(&mut self, ty: &TypeRef, nullable: bool, value: &Value) -> Checked {
        if value.is_null() {
            return match ty {
                _ if nullable => Ok(()),
                TypeRef::Json | TypeRef::Unit | TypeRef::Nullable(_) => Ok(()),
                TypeRef::Named(id) if self.named_accepts_null(*id) => Ok(()),
                _ => self.fail("`null`, which the schema does not allow".to_owned()),
            };
        }
        match ty {
            TypeRef::Json => Ok(()),
            TypeRef::Unit => self.fail(format!("{}, expected `null`", describe(value))),
            TypeRef::String if value.is_string() => Ok(()),
            TypeRef::Formatted(formatted) => match value.as_str() {
                Some(text) if format_accepts(formatted.format, text) => {
                    self.unchecked |= !is_canonical(formatted.format, text);
                    Ok(())
                }
                // Whether the crate reads it (kept as `Valid`, and respelled) is unknown.
                Some(_) if formatted.lenient => {
                    self.unchecked = true;
                    Ok(())
                }
                _ => self.fail(format!(
                    "{}, expected a string that `{}` reads",
                    describe(value),
                    formatted.format.rust_path().trim_start_matches("::")
                )),
            },
            TypeRef::Boolean if value.is_boolean() => Ok(()),
            TypeRef::Number(_) if value.is_number() => Ok(()),
            TypeRef::Integer(width) if width.holds(value) => Ok(()),
            TypeRef::Integer(width) => self.fail(format!(
                "{}, expected an integer that fits `{}`",
                describe(value),
                width.rust_name()
            )),
            TypeRef::Array(item) => match value.as_array() {
                Some(items) => items
                    .iter()
                    .enumerate()
                    .try_for_each(|(index, item_value)| {
                        self.nested(&index.to_string(), |c| c.value(item, false, item_value))
                    }),
                None => self.fail(format!("{}, expected an array", describe(value))),
            },
            TypeRef::Map(item) => match value.as_object() {
                Some(entries) => entries
                    .iter()
                    .try_for_each(|(key, entry)| self.nested(key, |c| c.value(item, false, entry))),
                None => self.fail(format!("{}, expected an object", describe(value))),
            },
            TypeRef::JsonObject if value.is_object() => Ok(()),
            TypeRef::Nullable(inner) => self.value(inner, true, value),
            TypeRef::Named(id) => self.named(*id, value),
            expected => self.fail(format!(
                "{}, expected {}",
                describe(value),
                expected_name(expected)
            )),
        }
    }

    fn named_accepts_null(&self, id: crate::ir::TypeId) -> bool {
        match &self.api.ty(id).kind {
            TypeKind::Alias(ty) => {
                matches!(ty, TypeRef::Json | TypeRef::Unit | TypeRef::Nullable(_))
            }
            _ => false,
        }
    }

    /// Whether `check` passes without a catch-all value, checked apart from this
    /// checker's place and findings (but for what it could not check).
    fn fits(&mut self, check: impl FnOnce(&mut Self) -> Checked) -> bool {
        let mut probe = Checker {
            api: self.api,
            path: String::new(),
            depth: self.depth,
            unlisted: None,
            unchecked: false,
        };
        let fits = check(&mut probe).is_ok();
        self.unchecked |= probe.unchecked;
        fits && probe.unlisted.is_none()
    }

    /// A value of one variant of a union tagged by `tag`.
    fn variant(&mut self, variant: &UnionVariant, tag: &String, value: &Value) -> Checked {
        match &variant.fields {
            Some(fields) => self.object(fields, None, Some(tag), value),
            None => self.value(&variant.ty, false, value),
        }
    }

    /// An object of `fields` (and of extra properties of `additional`'s type); `tag`: a
    /// property the variant itself stands for.
    fn object(
        &mut self,
        fields: &[Field],
        additional: Option<&AdditionalFields>,
        tag: Option<&String>,
        value: &Value,
    ) -> Checked {
        let Some(object) = value.as_object() else {
            return self.fail(format!("{}, expected an object", describe(value)));
        };
        for field in fields {
            match object.get(&field.wire_name) {
                Some(present) => self.nested(&field.wire_name, |c| {
                    c.value(&field.ty, field.nullable, present)
                })?,
                // A nullable one decodes as `null` but comes back written out.
                None if field.required => {
                    return self.fail(format!(
                        "required property `{}` is missing",
                        field.wire_name
                    ));
                }
                None => {}
            }
        }
        for (key, extra) in object {
            if fields.iter().any(|f| &f.wire_name == key) || tag == Some(key) {
                continue;
            }
            match additional {
                Some(additional) => {
                    self.nested(key, |c| c.value(&additional.value, false, extra))?
                }
                None => {
                    return self.fail(format!("property `{key}` is not in the schema"));
                }
            }
        }
        Ok(())
    }

    fn named(&mut self, id: crate::ir::TypeId, value: &Value) -> Checked {
        let api = self.api;
        match &api.ty(id).kind {
            TypeKind::External(_) => {
                self.unchecked = true;
                Ok(())
            }
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => self.value(ty, false, value),
            TypeKind::Enum(e) => {
                let known = match e.repr {
                    EnumRepr::String => value
                        .as_str()
                        .map(|s| e.variants.iter().any(|v| v.wire_value == s)),
                    EnumRepr::Integer => value
                        .as_i64()
                        .map(|n| e.variants.iter().any(|v| v.wire_value == n.to_string())),
                };
                match known {
                    Some(true) => Ok(()),
                    Some(false) if e.open => Ok(()),
                    // A constant's type reads no other value.
                    Some(false) if e.constant_value().is_some() => {
                        self.fail(format!("{value} is not the one value the schema allows"))
                    }
                    Some(false) => {
                        self.note_unlisted(format!("{value} is not one of the enum's values"))
                    }
                    None => self.fail(format!("{}, expected an enum value", describe(value))),
                }
            }
            TypeKind::Struct(s) => self.object(&s.fields, s.additional.as_ref(), None, value),
            TypeKind::Union(u) => {
                if let Some(tag) = &u.tag {
                    let tag_value = value.get(tag).and_then(Value::as_str);
                    let chosen: Vec<&UnionVariant> = (u.variants.iter())
                        .filter(|v| tag_value.is_some_and(|t| v.tag_values.iter().any(|x| x == t)))
                        .collect();
                    return match chosen.as_slice() {
                        [] if value.is_object() => self.note_unlisted(format!(
                            "no variant has `{tag}` = {}",
                            value.get(tag).unwrap_or(&Value::Null)
                        )),
                        [] => self.fail(format!("{}, expected an object", describe(value))),
                        // Variants sharing the value are told apart by shape, as decoding does.
                        [first, ..] => match (chosen.iter())
                            .any(|variant| self.fits(|c| c.variant(variant, tag, value)))
                        {
                            true => Ok(()),
                            false => self.variant(first, tag, value),
                        },
                    };
                }
                let fits_one = (u.variants.iter())
                    .any(|variant| self.fits(|c| c.value(&variant.ty, false, value)));
                if fits_one {
                    Ok(())
                } else {
                    self.fail(format!(
                        "{} fits none of the union's variants",
                        describe(value)
                    ))
                }
            }
        }
    }
}

/// Whether `text` is surely of the format (the checks are stricter than the crates, so
/// that an example said to round-trip does).
fn format_accepts(format: FormatType, text: &str) -> bool {
    match format {
        FormatType::ChronoDateTime | FormatType::TimeDateTime => is_date_time(text),
        FormatType::ChronoDate | FormatType::TimeDate => is_date(text),
        FormatType::Uuid => is_uuid(text),
        FormatType::Url => is_url(text),
    }
}

/// Whether a value of the format comes back from its Rust type as the same text: a
/// date-time in the spelling the crate writes, a lowercase UUID, a URL the `url` crate
/// does not normalize.
fn is_canonical(format: FormatType, text: &str) -> bool {
    let fraction = |text: &str| -> String {
        let Some((_, rest)) = text.split_once('.') else {
            return String::new();
        };
        rest.chars().take_while(char::is_ascii_digit).collect()
    };
    match format {
        // chrono writes UTC as `Z`, and the fraction in groups of three digits, fewest.
        FormatType::ChronoDateTime => {
            let fraction = fraction(text);
            text.ends_with('Z')
                && match fraction.len() {
                    0 => true,
                    3 => fraction != "000",
                    6 | 9 => !fraction.ends_with("000"),
                    _ => false,
                }
        }
        // time keeps the offset (UTC as `Z`) and writes the fraction without trailing zeros.
        FormatType::TimeDateTime => {
            !fraction(text).ends_with('0') && !text.ends_with("+00:00") && !text.ends_with("-00:00")
        }
        FormatType::ChronoDate | FormatType::TimeDate => true,
        FormatType::Uuid => !text.bytes().any(|b| b.is_ascii_uppercase()),
        FormatType::Url => {
            let Some((scheme, rest)) = text.split_once("://") else {
                return false;
            };
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let plain = |c: char| c.is_ascii_alphanumeric() || "-._~/?#=&+,;!*'()".contains(c);
            !scheme.bytes().any(|b| b.is_ascii_uppercase())
                && !authority.bytes().any(|b| b.is_ascii_uppercase())
                && !authority.contains([':', '@'])
                && path.starts_with('/')
                && path.chars().all(plain)
                && !path.contains("/./")
                && !path.contains("/../")
                && !path.ends_with("/.")
                && !path.ends_with("/..")
        }
    }
}

fn digits(text: &str, range: std::ops::RangeInclusive<u32>) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
        && text.parse::<u32>().is_ok_and(|n| range.contains(&n))
}

/// `YYYY-MM-DD` of a day that exists.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let (year, month, day) = (&text[..4], &text[5..7], &text[8..]);
    if !digits(year, 1..=9999) || !digits(month, 1..=12) {
        return false;
    }
    let (year, month): (u32, u32) = (year.parse().unwrap_or(0), month.parse().unwrap_or(0));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let last = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    digits(day, 1..=last)
}

/// RFC 3339: `2024-05-01T12:00:00Z`, `2024-05-01T12:00:00.5+02:00`.
fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once('T') else {
        return false;
    };
    let (clock, offset) = match time.strip_suffix('Z') {
        Some(clock) => (clock, None),
        None => match time.rfind(['+', '-']) {
            Some(at) => (&time[..at], Some(&time[at + 1..])),
            None => return false,
        },
    };
    let (clock, fraction) = match clock.split_once('.') {
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (clock, None),
    };
    let fraction_ok = fraction.map_or(true, |f| {
        (1..=9).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit())
    });
    let pair = |text: &str, hours: u32, minutes: u32, seconds: Option<u32>| {
        let parts: Vec<&str> = text.split(':').collect();
        let wanted = if seconds.is_some() { 3 } else { 2 };
        parts.len() == wanted
            && parts.iter().all(|p| p.len() == 2)
            && digits(parts[0], 0..=hours)
            && digits(parts[1], 0..=minutes)
            && seconds.map_or(true, |s| digits(parts[2], 0..=s))
    };
    is_date(date)
        && fraction_ok
        && pair(clock, 23, 59, Some(59))
        && offset.map_or(true, |o| pair(o, 23, 59, None))
}

/// The hyphenated form, `67e55044-10b1-426f-9247-bb680e5fe0c8`.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// An absolute URL: a scheme, and for the schemes that need one a host name.
fn is_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    if !scheme_ok || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    match scheme.to_ascii_lowercase().as_str() {
        "http" | "https" | "ws" | "wss" | "ftp" => rest.strip_prefix("//").is_some_and(|rest| {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = host.rsplit('@').next().unwrap_or("");
            let name = host.split(':').next().unwrap_or("");
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        }),
        _ => !rest.is_empty(),
    }
}

fn describe(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("`{cut}...`")
    } else {
        format!("`{text}`")
    }
}

fn expected_name(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "a string",
        TypeRef::Boolean => "a boolean",
        TypeRef::Number(_) => "a number",
        TypeRef::JsonObject => "an object",
        _ => "another type",
    }
}
