//! The names a person types: command groups, commands and flags, as Omni's own
//! command-line tool makes them (group = the first tag's slug, command = the operation
//! id in kebab case without the group's prefix, flags in kebab case), made unique and
//! kept clear of the tool's own flags and commands.

use heck::ToKebabCase;

/// The flags every command has (see the CLI runtime's `args.rs`), and clap's own.
pub(crate) const GLOBAL_FLAGS: &[&str] = &[
    "format", "compact", "jq", "profile", "token", "base-url", "server", "timeout", "retries",
    "verbose", "dry-run", "help", "version",
];

/// Flags the runtime adds to some commands.
pub(crate) const COMMAND_FLAGS: &[&str] = &["all", "max-items", "output", "body"];

/// Commands of the tool itself, beside the groups.
pub(crate) const TOOL_COMMANDS: &[&str] = &["config", "login", "completions", "help"];

/// A tag's group name, as Omni's tool writes it: lower case, spaces and underscores as
/// dashes (and anything else a shell would need quoted left out).
pub(crate) fn group_slug(tag: &str) -> String {
    let slug: String = tag
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' | '_' | '-' => Some('-'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        })
        .collect();
    let slug = collapse_dashes(&slug);
    match slug.is_empty() {
        true => "misc".to_owned(),
        false => slug,
    }
}

/// An operation's command name: its id in kebab case, without the group's prefix
/// (`documentsList` in `documents` is `list`).
pub(crate) fn command_name(operation_id: &str, group: &str) -> String {
    let full = kebab(operation_id);
    match full.strip_prefix(&format!("{group}-")) {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => full,
    }
}

/// A name in kebab case with only `[a-z0-9-]`, never empty nor starting with a digit.
pub(crate) fn kebab(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let kebab = collapse_dashes(&cleaned.to_kebab_case());
    match kebab.chars().next() {
        None => "value".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("n{kebab}"),
        Some(_) => kebab,
    }
}

fn collapse_dashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('-').to_owned()
}

/// Names handed out in one scope (a command's flags, a group's commands): each new one
/// is the first free of its candidates, else the last numbered.
#[derive(Debug, Default)]
pub(crate) struct Taken(Vec<String>);

impl Taken {
    pub(crate) fn with(reserved: &[&str]) -> Self {
        Taken(reserved.iter().map(|s| (*s).to_owned()).collect())
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|taken| taken == name)
    }

    /// The first of `candidates` not taken (else the last with a number), now taken.
    pub(crate) fn claim(&mut self, candidates: &[String]) -> String {
        let chosen = match candidates.iter().find(|c| !self.contains(c)) {
            Some(free) => free.clone(),
            None => {
                let last = candidates.last().cloned().unwrap_or_else(|| "value".into());
                (2..)
                    .map(|n| format!("{last}-{n}"))
                    .find(|c| !self.contains(c))
                    .unwrap_or(last)
            }
        };
        self.0.push(chosen.clone());
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_commands_are_named_as_omnis_tool_names_them() {
        assert_eq!(group_slug("User Attributes"), "user-attributes");
        assert_eq!(group_slug("API_Tokens"), "api-tokens");
        assert_eq!(group_slug("SCIM"), "scim");
        assert_eq!(group_slug("?!"), "misc");
        assert_eq!(command_name("documentsList", "documents"), "list");
        assert_eq!(command_name("modelsYamlGet", "models"), "yaml-get");
        assert_eq!(
            command_name("userAttributesList", "user-attributes"),
            "list"
        );
        assert_eq!(command_name("listThings", "documents"), "list-things");
        assert_eq!(command_name("documents", "documents"), "documents");
    }

    #[test]
    fn flags_are_kebab_case_and_never_start_with_a_digit() {
        assert_eq!(kebab("pageSize"), "page-size");
        assert_eq!(kebab("X-Request-ID"), "x-request-id");
        assert_eq!(kebab("filter[name]"), "filter-name");
        assert_eq!(kebab("2fa"), "n2fa");
        assert_eq!(kebab("$"), "value");
    }

    #[test]
    fn a_taken_name_goes_to_the_next_candidate_then_a_number() {
        let mut taken = Taken::with(&["format"]);
        assert_eq!(
            taken.claim(&["format".into(), "param-format".into()]),
            "param-format"
        );
        assert_eq!(
            taken.claim(&["format".into(), "param-format".into()]),
            "param-format-2"
        );
        assert_eq!(taken.claim(&["limit".into()]), "limit");
    }
}
