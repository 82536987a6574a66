//! The rules a change report applies: each has a stable id (what ignore files and tools
//! match), a level, and the changelog section its changes go to. The ids never change
//! meaning; a new kind of change gets a new rule.

use serde::Serialize;

/// How a change affects code that calls the generated client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Calling code may stop compiling, or must handle values it could not see before.
    Breaking,
    /// Removes something callers were warned about (it was deprecated).
    Warning,
    /// Adds or changes something without breaking callers.
    Info,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Breaking => "breaking",
            Level::Warning => "warning",
            Level::Info => "info",
        }
    }
}

/// The section of a Keep a Changelog entry a change belongs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Added,
    Changed,
    Deprecated,
    Removed,
}

impl Section {
    pub fn heading(self) -> &'static str {
        match self {
            Section::Added => "Added",
            Section::Changed => "Changed",
            Section::Deprecated => "Deprecated",
            Section::Removed => "Removed",
        }
    }
}

macro_rules! rules {
    ($($rule:ident = $id:literal, $level:ident, $section:ident: $doc:literal;)*) => {
        /// A kind of change. `cargo xtask diff --rules` lists them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(#[doc = $doc] $rule,)*
        }

        impl Rule {
            /// Every rule, in the order of the documentation.
            pub const ALL: &'static [Rule] = &[$(Rule::$rule,)*];

            /// The stable id, e.g. `request-property-required-added`.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$rule => $id,)* }
            }

            pub fn level(self) -> Level {
                match self { $(Rule::$rule => Level::$level,)* }
            }

            pub fn section(self) -> Section {
                match self { $(Rule::$rule => Section::$section,)* }
            }

            /// What the rule reports, in a sentence.
            pub fn description(self) -> &'static str {
                match self { $(Rule::$rule => $doc,)* }
            }

            pub fn from_id(id: &str) -> Option<Rule> {
                Rule::ALL.iter().copied().find(|rule| rule.id() == id)
            }
        }
    };
}

rules! {
    OperationAdded = "operation-added", Info, Added:
        "An operation was added: a new method.";
    OperationRemoved = "operation-removed", Breaking, Removed:
        "An operation was removed: its method is gone.";
    DeprecatedOperationRemoved = "deprecated-operation-removed", Warning, Removed:
        "An operation marked deprecated was removed.";
    OperationMoved = "operation-moved", Info, Changed:
        "An operation's HTTP method or path changed; its Rust method is the same.";
    OperationDeprecated = "operation-deprecated", Info, Deprecated:
        "An operation is newly deprecated.";
    OperationUndeprecated = "operation-undeprecated", Info, Changed:
        "An operation is no longer deprecated.";
    SecurityChanged = "security-changed", Info, Changed:
        "The authentication an operation accepts changed.";
    MethodAdded = "method-added", Info, Added:
        "A method was added beside an operation's own: a stream of pages, a download, another body type.";
    MethodRemoved = "method-removed", Breaking, Removed:
        "A method beside an operation's own was removed.";
    RequiredParameterAdded = "required-parameter-added", Breaking, Changed:
        "A required parameter was added: a new argument of the method.";
    FirstOptionalParameterAdded = "first-optional-parameter-added", Breaking, Changed:
        "An operation without optional parameters gained one: the method gains a `params` argument.";
    OptionalParameterAdded = "optional-parameter-added", Info, Added:
        "An optional parameter was added to an operation that had some.";
    ParameterRemoved = "parameter-removed", Breaking, Removed:
        "A parameter was removed.";
    DeprecatedParameterRemoved = "deprecated-parameter-removed", Warning, Removed:
        "A parameter marked deprecated was removed.";
    ParameterNowRequired = "parameter-now-required", Breaking, Changed:
        "An optional parameter became required: it moves to the method's arguments.";
    ParameterNowOptional = "parameter-now-optional", Breaking, Changed:
        "A required parameter became optional: it moves to the `params` struct.";
    ParameterTypeChanged = "parameter-type-changed", Breaking, Changed:
        "A parameter's Rust type changed.";
    ParameterStyleChanged = "parameter-style-changed", Info, Changed:
        "How a query parameter is laid out on the wire changed.";
    ParameterDeprecated = "parameter-deprecated", Info, Deprecated:
        "A parameter is newly deprecated.";
    ParameterUndeprecated = "parameter-undeprecated", Info, Changed:
        "A parameter is no longer deprecated.";
    ArgumentsReordered = "arguments-reordered", Breaking, Changed:
        "The method's required arguments come in another order (values of one type would swap silently).";
    RequestBodyAdded = "request-body-added", Breaking, Changed:
        "An operation gained a request body: a new argument of the method.";
    RequestBodyRemoved = "request-body-removed", Breaking, Removed:
        "An operation's request body was removed.";
    RequestBodyNowRequired = "request-body-now-required", Breaking, Changed:
        "An optional request body became required.";
    RequestBodyNowOptional = "request-body-now-optional", Breaking, Changed:
        "A required request body became optional (the argument becomes an `Option`).";
    RequestBodyTypeChanged = "request-body-type-changed", Breaking, Changed:
        "The type of a request body changed.";
    RequestMediaTypeChanged = "request-media-type-changed", Info, Changed:
        "The media type a request body is sent as changed.";
    RequiredFormPartAdded = "required-form-part-added", Breaking, Changed:
        "A multipart body gained a required part.";
    OptionalFormPartAdded = "optional-form-part-added", Info, Added:
        "A multipart body gained an optional part.";
    FormPartChanged = "form-part-changed", Breaking, Changed:
        "A multipart part's type or presence changed.";
    FormPartRemoved = "form-part-removed", Breaking, Removed:
        "A multipart part was removed.";
    ReturnTypeChanged = "return-type-changed", Breaking, Changed:
        "A response change changed what the method returns.";
    ErrorTypeChanged = "error-type-changed", Breaking, Changed:
        "A response change changed the type error bodies decode into.";
    ResponseAdded = "response-added", Info, Added:
        "A response status was added without changing the method's types.";
    ResponseChanged = "response-changed", Info, Changed:
        "A response's body changed without changing the method's types.";
    ResponseRemoved = "response-removed", Info, Removed:
        "A response status was removed without changing the method's types.";
    StreamItemChanged = "stream-item-changed", Breaking, Changed:
        "The items an event stream or JSON Lines method yields changed type.";
    WebhookAdded = "webhook-added", Info, Added:
        "A webhook was added: a new decode function.";
    WebhookRemoved = "webhook-removed", Breaking, Removed:
        "A webhook was removed, and its decode function.";
    WebhookPayloadChanged = "webhook-payload-changed", Breaking, Changed:
        "A webhook's payload changed type: its decode function returns another.";
    TypeAdded = "type-added", Info, Added:
        "A type was added.";
    TypeRemoved = "type-removed", Breaking, Removed:
        "A type was removed.";
    DeprecatedTypeRemoved = "deprecated-type-removed", Warning, Removed:
        "A type marked deprecated was removed.";
    TypeDeprecated = "type-deprecated", Info, Deprecated:
        "A type is newly deprecated.";
    TypeUndeprecated = "type-undeprecated", Info, Changed:
        "A type is no longer deprecated.";
    TypeKindChanged = "type-kind-changed", Breaking, Changed:
        "A type became another kind of type (a struct an enum, say) or another type.";
    RequestPropertyRequiredAdded = "request-property-required-added", Breaking, Changed:
        "A type callers build gained a field they must set.";
    PropertyAdded = "property-added", Info, Added:
        "A field was added that callers need not set.";
    PropertyRemoved = "property-removed", Breaking, Removed:
        "A field was removed.";
    DeprecatedPropertyRemoved = "deprecated-property-removed", Warning, Removed:
        "A field marked deprecated was removed.";
    PropertyTypeChanged = "property-type-changed", Breaking, Changed:
        "A field's Rust type changed (its type, or whether it is an `Option`).";
    PropertyRenamed = "property-renamed", Breaking, Changed:
        "A field's Rust name changed.";
    PropertyPresenceChanged = "property-presence-changed", Info, Changed:
        "Whether a field is required or nullable changed on the wire, with the same Rust type.";
    PropertyDeprecated = "property-deprecated", Info, Deprecated:
        "A field is newly deprecated.";
    PropertyUndeprecated = "property-undeprecated", Info, Changed:
        "A field is no longer deprecated.";
    AdditionalPropertiesAdded = "additional-properties-added", Info, Added:
        "A struct now keeps the properties it does not name.";
    AdditionalPropertiesRemoved = "additional-properties-removed", Breaking, Removed:
        "A struct no longer keeps the properties it does not name.";
    AdditionalPropertiesChanged = "additional-properties-changed", Breaking, Changed:
        "The type of the properties a struct keeps changed.";
    EnumReprChanged = "enum-repr-changed", Breaking, Changed:
        "An enum's values changed between strings and integers.";
    EnumValueAdded = "enum-value-added", Info, Added:
        "An enum gained a value (values it does not know land in its catch-all).";
    EnumValueRenamed = "enum-value-renamed", Breaking, Changed:
        "An enum value's Rust variant name changed.";
    EnumValueRemoved = "enum-value-removed", Breaking, Removed:
        "An enum lost a value.";
    UnionTagChanged = "union-tag-changed", Info, Changed:
        "The property that tells a union's variants apart changed.";
    UnionVariantAdded = "union-variant-added", Info, Added:
        "A union gained a variant that callers need not match (a catch-all, or a type they only send).";
    UnmatchedUnionVariantAdded = "union-variant-added-without-catch-all", Breaking, Added:
        "A union the client returns, without a catch-all, gained a variant: a `match` on it must handle the new one.";
    UnionVariantChanged = "union-variant-changed", Breaking, Changed:
        "A union variant's payload changed.";
    UnionVariantRemoved = "union-variant-removed", Breaking, Removed:
        "A union lost a variant.";
    DocumentationChanged = "documentation-changed", Info, Changed:
        "Only the documentation of an item changed.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_kebab_case_and_read_back() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|rule| rule.id()).collect();
        for id in &ids {
            assert!(
                id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{id}"
            );
        }
        for rule in Rule::ALL {
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
        }
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count);
    }

    #[test]
    fn removing_what_was_deprecated_is_a_warning() {
        for rule in Rule::ALL {
            let deprecated_removal = rule.id().starts_with("deprecated-");
            assert_eq!(
                deprecated_removal,
                rule.level() == Level::Warning,
                "{rule:?}"
            );
        }
    }
}
