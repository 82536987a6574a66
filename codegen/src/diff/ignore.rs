//! Ignore files (`diff-ignore.toml`): changes a team has looked at and accepted, by rule
//! and place, each with its reason. An ignored change stays in the report, marked so,
//! and counts for nothing (not breaking, no bump).
//!
//! ```toml
//! [[ignore]]
//! rule = "property-removed"
//! pointer = "#/components/schemas/Pet/properties/legacy"   # or any place above it
//! reason = "the server stopped sending it in 2024"
//! ```

use super::{Report, Rule};
use crate::diagnostics::Error;
use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ignores {
    pub ignore: Vec<Ignore>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ignore {
    /// A rule id.
    pub rule: String,
    /// A JSON pointer: the change's own, or a place above it.
    pub pointer: String,
    pub reason: String,
}

impl Ignores {
    /// Reads an ignore file; an unknown key, an unknown rule id or an empty reason is an
    /// error at its line and column.
    pub fn from_toml(file: &str, text: &str) -> Result<Ignores, Error> {
        let located = |span: Option<std::ops::Range<usize>>, message: &str| {
            crate::settings::toml_error(file, text, span, message)
        };
        let file: IgnoreFile =
            toml::from_str(text).map_err(|err| located(err.span(), err.message()))?;
        for spanned in &file.ignore {
            let (entry, span) = (spanned.get_ref(), Some(spanned.span()));
            if Rule::from_id(&entry.rule).is_none() {
                let message = format!(
                    "`{}` is no rule id (`cargo xtask diff --rules` lists them)",
                    entry.rule
                );
                return Err(located(span, &message));
            }
            if entry.reason.trim().is_empty() {
                return Err(located(span, "an ignored change needs a reason"));
            }
            if !entry.pointer.starts_with('#') {
                let message = format!("`{}` is not a JSON pointer (`#/...`)", entry.pointer);
                return Err(located(span, &message));
            }
        }
        let ignores = Ignores {
            ignore: file
                .ignore
                .into_iter()
                .map(toml::Spanned::into_inner)
                .collect(),
        };
        Ok(ignores)
    }
}

/// The file as read, each entry with its place.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IgnoreFile {
    #[serde(default)]
    ignore: Vec<toml::Spanned<Ignore>>,
}

impl Report {
    /// Marks the changes an entry of `ignores` matches as ignored, with its reason.
    pub fn ignore(&mut self, ignores: &Ignores) {
        for change in &mut self.changes {
            let matching = ignores.ignore.iter().find(|entry| {
                entry.rule == change.rule.id()
                    && (change.pointer == entry.pointer
                        || change
                            .pointer
                            .strip_prefix(entry.pointer.as_str())
                            .is_some_and(|rest| rest.starts_with('/')))
            });
            if let Some(entry) = matching {
                change.ignored = Some(entry.reason.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Location;

    #[test]
    fn an_entry_without_a_known_rule_or_a_reason_is_located() {
        let text = "[[ignore]]\nrule = \"property-removed\"\npointer = \"#/a\"\nreason = \"ok\"\n\n[[ignore]]\nrule = \"no-such-rule\"\npointer = \"#/b\"\nreason = \"x\"\n";
        let err = Ignores::from_toml("diff-ignore.toml", text).unwrap_err();
        assert!(
            err.message.contains("`no-such-rule` is no rule id"),
            "{err}"
        );
        assert_eq!(err.location, Location::LineColumn { line: 6, column: 1 });
        let text = "[[ignore]]\nrule = \"property-removed\"\npointer = \"#/a\"\nreason = \" \"\n";
        let err = Ignores::from_toml("diff-ignore.toml", text).unwrap_err();
        assert!(err.message.contains("needs a reason"), "{err}");
        let text = "[[ignore]]\nrule = \"property-removed\"\npointer = \"#/a\"\n";
        let err = Ignores::from_toml("diff-ignore.toml", text).unwrap_err();
        assert!(err.message.contains("missing field `reason`"), "{err}");
    }
}
