//! Checks the document's examples against the types the IR gives them. An example that
//! contradicts its own schema is the document's fault: it is reported, and the types are
//! not loosened to fit it.

use crate::diagnostics::Diagnostic;
use crate::ir::{AdditionalFields, Api, EnumRepr, Example, Field, TypeKind, TypeRef, UnionVariant};
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
    /// Reaches a type the settings replaced, which only its own crate knows.
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
        replaced: false,
    };
    let result = checker.value(&example.ty, example.nullable, &example.value);
    if checker.replaced {
        return Verdict::Unchecked;
    }
    match result {
        Err(problem) => Verdict::Contradicts(problem),
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
    /// Whether the example reaches a replaced type.
    replaced: bool,
}

impl Checker<'_> {
    fn note_unlisted(&mut self, what: String) -> Result<(), String> {
        if self.unlisted.is_none() {
            self.unlisted = Some(match self.path.as_str() {
                "" => what,
                path => format!("at `{path}`: {what}"),
            });
        }
        Ok(())
    }

    fn fail(&self, what: String) -> Result<(), String> {
        if self.path.is_empty() {
            Err(what)
        } else {
            Err(format!("at `{}`: {what}", self.path))
        }
    }

    fn nested(
        &mut self,
        token: &str,
        check: impl FnOnce(&mut Self) -> Result<(), String>,
    ) -> Result<(), String> {
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

    fn value(&mut self, ty: &TypeRef, nullable: bool, value: &Value) -> Result<(), String> {
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

    /// An object of `fields` (and of extra properties of `additional`'s type); `tag`: a
    /// property the variant itself stands for.
    fn object(
        &mut self,
        fields: &[Field],
        additional: Option<&AdditionalFields>,
        tag: Option<&String>,
        value: &Value,
    ) -> Result<(), String> {
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

    fn named(&mut self, id: crate::ir::TypeId, value: &Value) -> Result<(), String> {
        let api = self.api;
        match &api.ty(id).kind {
            TypeKind::External(_) => {
                self.replaced = true;
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
                    Some(false) => {
                        self.note_unlisted(format!("{value} is not one of the enum's values"))
                    }
                    None => self.fail(format!("{}, expected an enum value", describe(value))),
                }
            }
            TypeKind::Struct(s) => self.object(&s.fields, s.additional.as_ref(), None, value),
            TypeKind::Union(u) => {
                if let Some(tag) = &u.tag {
                    let chosen = value.get(tag).and_then(Value::as_str).and_then(|t| {
                        u.variants
                            .iter()
                            .find(|v| v.tag_values.iter().any(|x| x == t))
                    });
                    return match chosen {
                        Some(UnionVariant {
                            fields: Some(fields),
                            ..
                        }) => self.object(fields, None, Some(tag), value),
                        Some(variant) => self.value(&variant.ty, false, value),
                        None if value.is_object() => self.note_unlisted(format!(
                            "no variant has `{tag}` = {}",
                            value.get(tag).unwrap_or(&Value::Null)
                        )),
                        None => self.fail(format!("{}, expected an object", describe(value))),
                    };
                }
                let fits_one = u.variants.iter().any(|variant| {
                    let mut probe = Checker {
                        api,
                        path: String::new(),
                        depth: self.depth,
                        unlisted: None,
                        replaced: false,
                    };
                    let fits = probe.value(&variant.ty, false, value).is_ok();
                    self.replaced |= probe.replaced;
                    fits && probe.unlisted.is_none()
                });
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
