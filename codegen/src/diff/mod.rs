//! Change reports: what changed between two versions of a document, item by item, and
//! whether each change breaks code that calls the generated Rust client.
//!
//! Operations are matched by their method name and types by their Rust name, since those
//! are what callers write. A change is breaking when calling code that compiled against
//! the old client may stop compiling (a removed field, a new argument, a changed type) or
//! must now handle a value it could not see before (a new variant of a union with no
//! catch-all, in a type the client returns).

use crate::ir::{
    Api, BodyKind, EnumRepr, Field, FormPart, FormPartKind, Operation, ParamLocation, ParamStyle,
    Parameter, PerType, Presence, Response, SchemeUse, StatusMatch, TypeDef, TypeId, TypeKind,
    TypeRef, UnionVariant, Webhook,
};
use std::collections::BTreeMap;

mod render;
mod rules;

pub use render::Files;
pub use rules::{Level, Rule, Section};

/// Everything that changed between two versions, in report order: operations added,
/// removed and changed, then types added, removed and changed, each in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub old: Version,
    pub new: Version,
    pub changes: Vec<Change>,
}

/// A side's text, and the places its overlays made, for [`Report::locate`].
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub text: &'a str,
    pub origins: Option<&'a crate::overlay::Origins>,
}

impl<'a> From<&'a str> for Source<'a> {
    fn from(text: &'a str) -> Self {
        Source {
            text,
            origins: None,
        }
    }
}

/// Which document a side of the report is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub title: String,
    pub version: String,
}

/// One change, by the rule it falls under. Its prose is made from these fields when a
/// report is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub rule: Rule,
    pub item: Item,
    /// The part of the item concerned: a field, parameter or form part (by wire name), a
    /// response status, an enum value, a union variant, a method.
    pub member: Option<String>,
    /// What it was and what it is now (Rust types, media types, ...), where it has one.
    pub old: Option<String>,
    pub new: Option<String>,
    /// Where the change is: a JSON pointer into the new document, or into the old one
    /// for what was removed.
    pub pointer: String,
    pub side: Side,
    /// The 1-based line of `pointer` (or of the nearest place above it) in that
    /// document's text, once [`Report::locate`] has been given the texts; or the line
    /// of the overlay action that made the place.
    pub line: Option<usize>,
    /// The overlay file that made the place, when one did (`line` is then the
    /// action's); `None`: the side's document itself.
    pub file: Option<String>,
    /// The Rust item that changes, e.g. `Client::list_pets` or `types::Pet::name`.
    pub rust: String,
    /// The operations whose requests or responses reach the changed item.
    pub operations: Vec<OperationRef>,
    /// The reason an ignore entry gives, when one matches: the change is listed as
    /// ignored and counts for nothing.
    pub ignored: Option<String>,
}

/// A version of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

/// An operation, as callers and the document name it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OperationRef {
    pub method_name: String,
    pub http_method: crate::ir::HttpMethod,
    pub path: String,
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Operation(OperationRef),
    Type {
        name: String,
        usage: Usage,
    },
    /// A webhook by its key, with its decode function.
    Webhook {
        name: String,
        function: String,
    },
}

/// Where the client uses a type: in what callers send, in what they receive, or both.
/// A type no operation uses is public all the same, so it counts as both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

impl Usage {
    fn unused(self) -> bool {
        !self.request && !self.response
    }

    /// Whether callers build values of the type.
    fn built(self) -> bool {
        self.request || self.unused()
    }

    /// Whether callers read values of the type.
    fn read(self) -> bool {
        self.response || self.unused()
    }

    fn either(self, other: Usage) -> Usage {
        Usage {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }

    pub fn label(self) -> &'static str {
        match (self.request, self.response) {
            (true, true) => "request and response",
            (true, false) => "request",
            (false, true) => "response",
            (false, false) => "used by no operation",
        }
    }
}

impl Change {
    pub fn level(&self) -> Level {
        self.rule.level()
    }

    /// Whether the change counts: not ignored.
    pub fn counts(&self) -> bool {
        self.ignored.is_none()
    }
}

impl Report {
    /// The breaking changes that are not ignored.
    pub fn breaking(&self) -> usize {
        (self.changes.iter())
            .filter(|c| c.counts() && c.level() == Level::Breaking)
            .count()
    }

    /// The changes that count, by level.
    pub fn count(&self, level: Level) -> usize {
        (self.changes.iter())
            .filter(|c| c.counts() && c.level() == level)
            .count()
    }

    /// Fills in each change's line from the texts of the two documents, or, for a
    /// place an overlay made, the overlay file and the line of its action.
    pub fn locate(&mut self, old: Source<'_>, new: Source<'_>) {
        let wanted = |side: Side| {
            (self.changes.iter().filter(move |c| c.side == side)).map(|c| c.pointer.as_str())
        };
        let old_lines = crate::locate::Lines::of(old.text, wanted(Side::Old));
        let new_lines = crate::locate::Lines::of(new.text, wanted(Side::New));
        for change in &mut self.changes {
            let (lines, source) = match change.side {
                Side::Old => (&old_lines, &old),
                Side::New => (&new_lines, &new),
            };
            match source
                .origins
                .and_then(|origins| origins.of(&change.pointer))
            {
                Some(origin) => {
                    change.file = Some(origin.file.clone());
                    change.line = origin.line;
                }
                None => change.line = lines.line_of(&change.pointer),
            }
        }
    }
}

mod ignore;
mod semver;

pub use ignore::{Ignore, Ignores};
pub use semver::Bump;

/// Compares two versions of an API.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut report = Report {
        old: version(old),
        new: version(new),
        changes: Vec::new(),
    };
    let context = Context {
        old_usage: usages(old),
        new_usage: usages(new),
        old_reach: reaching_operations(old),
        new_reach: reaching_operations(new),
        old,
        new,
    };
    context.diff_operations(&mut report.changes);
    diff_webhooks(old, new, &mut report.changes);
    context.diff_types(&mut report.changes);
    report
}

/// Webhooks, matched by key and method.
fn diff_webhooks(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let find = |api: &'_ Api, hook: &Webhook| -> Option<usize> {
        (api.webhooks.iter()).position(|w| w.name == hook.name && w.method == hook.method)
    };
    let change = |rule: Rule, hook: &Webhook, side: Side| Change {
        rule,
        item: Item::Webhook {
            name: hook.name.clone(),
            function: hook.fn_name.clone(),
        },
        member: None,
        old: None,
        new: None,
        pointer: hook.origin.clone(),
        side,
        line: None,
        file: None,
        rust: format!("webhooks::{}", hook.fn_name),
        operations: Vec::new(),
        ignored: None,
    };
    for hook in &new.webhooks {
        let now = type_text(new, &hook.payload);
        match find(old, hook).map(|i| &old.webhooks[i]) {
            None => changes.push(Change {
                new: Some(now),
                ..change(Rule::WebhookAdded, hook, Side::New)
            }),
            Some(before) => {
                let was = type_text(old, &before.payload);
                if was != now {
                    changes.push(Change {
                        old: Some(was),
                        new: Some(now),
                        ..change(Rule::WebhookPayloadChanged, hook, Side::New)
                    });
                }
            }
        }
    }
    for hook in (old.webhooks.iter()).filter(|hook| find(new, hook).is_none()) {
        changes.push(change(Rule::WebhookRemoved, hook, Side::Old));
    }
}

fn version(api: &Api) -> Version {
    Version {
        title: api.title.clone(),
        version: api.version.clone(),
    }
}

/// A change found inside an item, before the item's own facts are added.
#[derive(Debug, Clone)]
struct Finding {
    rule: Rule,
    member: Option<String>,
    old: Option<String>,
    new: Option<String>,
    /// A pointer of its own, when the item's is not precise enough.
    pointer: Option<String>,
    side: Side,
    /// The Rust item, when it is not the item's own.
    rust: Option<String>,
}

impl Finding {
    fn new(rule: Rule) -> Self {
        let side = match rule.section() {
            Section::Removed => Side::Old,
            _ => Side::New,
        };
        Finding {
            rule,
            member: None,
            old: None,
            new: None,
            pointer: None,
            side,
            rust: None,
        }
    }

    fn member(mut self, member: impl Into<String>) -> Self {
        self.member = Some(member.into());
        self
    }

    fn was(mut self, old: impl Into<String>) -> Self {
        self.old = Some(old.into());
        self
    }

    fn now(mut self, new: impl Into<String>) -> Self {
        self.new = Some(new.into());
        self
    }

    fn at(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    fn rust(mut self, rust: impl Into<String>) -> Self {
        self.rust = Some(rust.into());
        self
    }
}

type Findings = Vec<Finding>;

/// The two versions, and what the comparison needs to know of each.
struct Context<'a> {
    old: &'a Api,
    new: &'a Api,
    old_usage: PerType<Usage>,
    new_usage: PerType<Usage>,
    /// Per type, the operations that reach it (indices into the API's operations).
    old_reach: PerType<Vec<usize>>,
    new_reach: PerType<Vec<usize>>,
}

fn operation_ref(op: &Operation) -> OperationRef {
    OperationRef {
        method_name: op.method_name.clone(),
        http_method: op.http_method,
        path: op.path.clone(),
    }
}

/// A parameter in a report: its wire name (two of one name in different places are
/// told apart by their pointers).
fn parameter_member(p: &Parameter) -> String {
    p.wire_name.clone()
}

impl Context<'_> {
    fn diff_operations(&self, changes: &mut Vec<Change>) {
        let (old, new) = (self.old, self.new);
        let by_name = |api: &Api| -> BTreeMap<String, usize> {
            (api.operations.iter().enumerate())
                .map(|(index, op)| (op.method_name.clone(), index))
                .collect()
        };
        let (old_index, new_index) = (by_name(old), by_name(new));
        let place = |op: &Operation, findings: Findings, changes: &mut Vec<Change>| {
            changes.extend(findings.into_iter().map(|finding| {
                Change {
                    rule: finding.rule,
                    item: Item::Operation(operation_ref(op)),
                    member: finding.member,
                    old: finding.old,
                    new: finding.new,
                    pointer: finding.pointer.unwrap_or_else(|| op.origin.clone()),
                    side: finding.side,
                    line: None,
                    file: None,
                    rust: finding
                        .rust
                        .unwrap_or_else(|| format!("Client::{}", op.method_name)),
                    operations: vec![operation_ref(op)],
                    ignored: None,
                }
            }));
        };
        for op in (new.operations.iter()).filter(|op| !old_index.contains_key(&op.method_name)) {
            place(op, vec![Finding::new(Rule::OperationAdded)], changes);
        }
        for op in (old.operations.iter()).filter(|op| !new_index.contains_key(&op.method_name)) {
            let rule = match op.deprecated {
                true => Rule::DeprecatedOperationRemoved,
                false => Rule::OperationRemoved,
            };
            place(op, vec![Finding::new(rule)], changes);
        }
        for op in &new.operations {
            let Some(&index) = old_index.get(&op.method_name) else {
                continue;
            };
            let before = &old.operations[index];
            let mut findings = compare_operations(old, before, new, op);
            if findings.is_empty() && operation_docs(before) != operation_docs(op) {
                // At the operation's own prose when that is what changed.
                let finding = Finding::new(Rule::DocumentationChanged);
                findings.push(
                    match (
                        before.summary != op.summary,
                        before.description != op.description,
                    ) {
                        (true, _) => finding.at(format!("{}/summary", op.origin)),
                        (false, true) => finding.at(format!("{}/description", op.origin)),
                        (false, false) => finding,
                    },
                );
            }
            place(op, findings, changes);
        }
    }
}

fn compare_operations(old_api: &Api, old: &Operation, new_api: &Api, new: &Operation) -> Findings {
    let mut findings = Findings::new();
    if (&old.http_method, &old.path) != (&new.http_method, &new.path) {
        findings.push(
            Finding::new(Rule::OperationMoved)
                .was(format!("{} {}", old.http_method, old.path))
                .now(format!("{} {}", new.http_method, new.path)),
        );
    }
    findings.extend(deprecation(
        old.deprecated,
        new.deprecated,
        Rule::OperationDeprecated,
        Rule::OperationUndeprecated,
    ));
    compare_parameters(old_api, old, new_api, new, &mut findings);
    compare_bodies(old_api, old, new_api, new, &mut findings);
    compare_responses(old_api, old, new_api, new, &mut findings);
    let extra_methods = |op: &Operation| -> Vec<(String, &'static str)> {
        let streams = op.pagination.iter().map(|p| {
            let what = "streams the items of every page";
            (p.stream_method.clone(), what)
        });
        let downloads = (op.download_method.iter())
            .map(|m| (m.clone(), "reads the body piece by piece"))
            .chain(
                (op.stream.iter()).map(|s| (s.method_name.clone(), "reads the reply item by item")),
            );
        streams.chain(downloads).collect()
    };
    let (old_extra, new_extra) = (extra_methods(old), extra_methods(new));
    if let (Some(was), Some(now)) = (&old.stream, &new.stream) {
        let text = |api: &Api, item: &Option<TypeRef>| match item {
            Some(ty) => type_text(api, ty),
            None => "String".to_owned(),
        };
        let (was_item, now_item) = (text(old_api, &was.item), text(new_api, &now.item));
        if was.method_name == now.method_name && was_item != now_item {
            let finding = Finding::new(Rule::StreamItemChanged)
                .member(&now.method_name)
                .was(was_item)
                .now(now_item);
            findings.push(finding.rust(format!("Client::{}", now.method_name)));
        }
    }
    for (method, what) in &new_extra {
        if !old_extra.iter().any(|(m, _)| m == method) {
            let finding = Finding::new(Rule::MethodAdded).member(method).now(*what);
            findings.push(finding.rust(format!("Client::{method}")));
        }
    }
    for (method, _) in &old_extra {
        if !new_extra.iter().any(|(m, _)| m == method) {
            let finding = Finding::new(Rule::MethodRemoved).member(method);
            findings.push(finding.rust(format!("Client::{method}")));
        }
    }
    if old.security != new.security {
        findings.push(
            Finding::new(Rule::SecurityChanged)
                .was(security_text(&old.security))
                .now(security_text(&new.security))
                .at(format!("{}/security", new.origin)),
        );
    }
    findings
}

fn security_text(security: &[Vec<SchemeUse>]) -> String {
    if security.is_empty() {
        return "none".to_owned();
    }
    let alternatives: Vec<String> = security
        .iter()
        .map(|all| match all.is_empty() {
            true => "none".to_owned(),
            false => (all.iter())
                .map(|used| match used.scopes.is_empty() {
                    true => used.scheme.clone(),
                    false => format!("{} ({})", used.scheme, used.scopes.join(", ")),
                })
                .collect::<Vec<_>>()
                .join(" and "),
        })
        .collect();
    alternatives.join(" or ")
}

fn compare_parameters(
    old_api: &Api,
    old: &Operation,
    new_api: &Api,
    new: &Operation,
    findings: &mut Findings,
) {
    let key = |p: &Parameter| (p.location, p.wire_name.clone());
    let had_optional = old.parameters.iter().any(|p| !p.required);
    for parameter in &new.parameters {
        let member = parameter_member(parameter);
        let here = |rule| Finding::new(rule).member(&member).at(&parameter.origin);
        let Some(before) = old.parameters.iter().find(|p| key(p) == key(parameter)) else {
            let rule = if parameter.required {
                Rule::RequiredParameterAdded
            } else if had_optional {
                Rule::OptionalParameterAdded
            } else {
                Rule::FirstOptionalParameterAdded
            };
            findings.push(here(rule).now(type_text(new_api, &parameter.ty)));
            continue;
        };
        let (old_type, new_type) = (
            type_text(old_api, &before.ty),
            type_text(new_api, &parameter.ty),
        );
        match (before.required, parameter.required) {
            (false, true) => findings.push(here(Rule::ParameterNowRequired)),
            (true, false) => findings.push(here(Rule::ParameterNowOptional)),
            _ => {}
        }
        if old_type != new_type {
            findings.push(here(Rule::ParameterTypeChanged).was(old_type).now(new_type));
        }
        if (before.style, before.explode) != (parameter.style, parameter.explode)
            && parameter.location == ParamLocation::Query
        {
            findings.push(
                here(Rule::ParameterStyleChanged)
                    .was(style_text(before.style, before.explode))
                    .now(style_text(parameter.style, parameter.explode)),
            );
        }
        let deprecated = deprecation(
            before.docs.deprecated,
            parameter.docs.deprecated,
            Rule::ParameterDeprecated,
            Rule::ParameterUndeprecated,
        );
        findings.extend(deprecated.map(|f| f.member(&member).at(&parameter.origin)));
    }
    for parameter in &old.parameters {
        if !new.parameters.iter().any(|p| key(p) == key(parameter)) {
            let rule = match parameter.docs.deprecated {
                true => Rule::DeprecatedParameterRemoved,
                false => Rule::ParameterRemoved,
            };
            let finding = Finding::new(rule).member(parameter_member(parameter));
            findings.push(finding.at(&parameter.origin));
        }
    }
    // Arguments that swap places may still compile, with each value in the other's place.
    let kept = |of: &Operation, other: &Operation| -> Vec<String> {
        of.parameters
            .iter()
            .filter(|p| {
                p.required
                    && other
                        .parameters
                        .iter()
                        .any(|o| o.required && key(o) == key(p))
            })
            .map(|p| p.name.clone())
            .collect()
    };
    let (before, after) = (kept(old, new), kept(new, old));
    if before != after {
        findings.push(
            Finding::new(Rule::ArgumentsReordered)
                .was(before.join(", "))
                .now(after.join(", ")),
        );
    }
}

fn style_text(style: ParamStyle, explode: bool) -> String {
    let style = match style {
        ParamStyle::Form => "form",
        ParamStyle::SpaceDelimited => "spaceDelimited",
        ParamStyle::PipeDelimited => "pipeDelimited",
        ParamStyle::DeepObject => "deepObject",
    };
    format!("{style}{}", if explode { ", exploded" } else { "" })
}

fn compare_bodies(
    old_api: &Api,
    old: &Operation,
    new_api: &Api,
    new: &Operation,
    findings: &mut Findings,
) {
    let (old_at, new_at) = (
        format!("{}/requestBody", old.origin),
        format!("{}/requestBody", new.origin),
    );
    let (before, after) = match (&old.body, &new.body) {
        (None, None) => return,
        (None, Some(body)) => {
            let finding = Finding::new(Rule::RequestBodyAdded).now(body_text(new_api, &body.kind));
            findings.push(finding.at(new_at));
            return;
        }
        (Some(body), None) => {
            let finding =
                Finding::new(Rule::RequestBodyRemoved).was(body_text(old_api, &body.kind));
            findings.push(finding.at(old_at));
            return;
        }
        (Some(before), Some(after)) => (before, after),
    };
    match (before.required, after.required) {
        (false, true) => findings.push(Finding::new(Rule::RequestBodyNowRequired).at(&new_at)),
        (true, false) => findings.push(Finding::new(Rule::RequestBodyNowOptional).at(&new_at)),
        _ => {}
    }
    match (&before.kind, &after.kind) {
        (BodyKind::Multipart(old_parts), BodyKind::Multipart(new_parts)) => {
            let mut parts = Findings::new();
            compare_parts(old_api, old_parts, new_api, new_parts, &mut parts);
            // Each part at its property of the body's schema (or the nearest place above).
            findings.extend(parts.into_iter().map(|f| {
                let (at, body) = match f.side {
                    Side::Old => (&old_at, before),
                    Side::New => (&new_at, after),
                };
                let media = crate::json_pointer::escape_token(&body.media_type);
                let part = crate::json_pointer::escape_token(f.member.as_deref().unwrap_or(""));
                f.at(format!("{at}/content/{media}/schema/properties/{part}"))
            }));
        }
        (old_kind, new_kind) => {
            let (old_text, new_text) = (body_text(old_api, old_kind), body_text(new_api, new_kind));
            if old_text != new_text {
                let finding = Finding::new(Rule::RequestBodyTypeChanged).was(old_text);
                findings.push(finding.now(new_text).at(&new_at));
            }
        }
    }
    if before.media_type != after.media_type {
        findings.push(
            Finding::new(Rule::RequestMediaTypeChanged)
                .was(&before.media_type)
                .now(&after.media_type)
                .at(&new_at),
        );
    }
    for alternative in &after.alternatives {
        if !before
            .alternatives
            .iter()
            .any(|a| a.method_name == alternative.method_name)
        {
            let method = &alternative.method_name;
            let what = format!("sends the body as {}", alternative.media_type);
            let finding = Finding::new(Rule::MethodAdded).member(method).now(what);
            findings.push(finding.at(&new_at).rust(format!("Client::{method}")));
        }
    }
    for alternative in &before.alternatives {
        if !after
            .alternatives
            .iter()
            .any(|a| a.method_name == alternative.method_name)
        {
            let method = &alternative.method_name;
            let finding = Finding::new(Rule::MethodRemoved).member(method);
            findings.push(finding.at(&old_at).rust(format!("Client::{method}")));
        }
    }
}

/// A multipart body's parts compare like the fields of a type callers build.
fn compare_parts(
    old_api: &Api,
    old: &[FormPart],
    new_api: &Api,
    new: &[FormPart],
    findings: &mut Findings,
) {
    let part_text = |api: &Api, part: &FormPart| {
        let inner = match &part.kind {
            FormPartKind::File => "file".to_owned(),
            FormPartKind::Files => "files".to_owned(),
            FormPartKind::Value(ty) => type_text(api, ty),
        };
        let presence = if part.required {
            "required"
        } else {
            "optional"
        };
        format!("{inner}, {presence}")
    };
    for part in new {
        let member = part.wire_name.clone();
        match old.iter().find(|p| p.wire_name == part.wire_name) {
            None => {
                let rule = match part.required {
                    true => Rule::RequiredFormPartAdded,
                    false => Rule::OptionalFormPartAdded,
                };
                let finding = Finding::new(rule).member(member);
                findings.push(finding.now(part_text(new_api, part)));
            }
            Some(before) => {
                let (was, now) = (part_text(old_api, before), part_text(new_api, part));
                if was != now {
                    let finding = Finding::new(Rule::FormPartChanged).member(member);
                    findings.push(finding.was(was).now(now));
                }
            }
        }
    }
    for part in old {
        if !new.iter().any(|p| p.wire_name == part.wire_name) {
            let member = part.wire_name.clone();
            findings.push(Finding::new(Rule::FormPartRemoved).member(member));
        }
    }
}

fn body_text(api: &Api, kind: &BodyKind) -> String {
    match kind {
        BodyKind::Json(ty) => format!("JSON {}", type_text(api, ty)),
        BodyKind::Form(ty, _) => format!("form {}", type_text(api, ty)),
        BodyKind::Multipart(_) => "multipart form".to_owned(),
        BodyKind::Text => "text".to_owned(),
        BodyKind::Binary => "bytes".to_owned(),
    }
}

/// What a response carries, as the client reads it.
fn response_text(api: &Api, response: &Response) -> String {
    match &response.body {
        None => "no body".to_owned(),
        Some(body) => match &body.kind {
            BodyKind::Json(ty) => type_text(api, ty),
            BodyKind::Text | BodyKind::Form(..) => "text".to_owned(),
            BodyKind::Binary | BodyKind::Multipart(_) => "bytes".to_owned(),
        },
    }
}

/// The method's result: one type, or one per success status.
fn returns_text(api: &Api, op: &Operation) -> String {
    match op.varied_successes() {
        Some(successes) => {
            let each: Vec<String> = successes
                .iter()
                .map(|r| format!("{} {}", r.status, response_text(api, r)))
                .collect();
            format!("one variant per status ({})", each.join(", "))
        }
        None => match op.success_response() {
            Some(response) => response_text(api, response),
            None => "no body".to_owned(),
        },
    }
}

/// The type an error body decodes into: one type, or one per error status.
fn errors_text(api: &Api, op: &Operation) -> String {
    let bodies = op.error_bodies();
    if op.errors_vary() {
        let each: Vec<String> = bodies
            .iter()
            .map(|(r, ty)| format!("{} {}", r.status, type_text(api, ty)))
            .collect();
        return format!("one variant per status ({})", each.join(", "));
    }
    match bodies.first() {
        Some((_, ty)) => type_text(api, ty),
        None => "any JSON".to_owned(),
    }
}

/// A response change breaks callers when it changes what the method returns
/// (successes) or the type its errors decode into (the rest); its `old` and `new` are
/// then those, and otherwise the response's body.
fn compare_responses(
    old_api: &Api,
    old: &Operation,
    new_api: &Api,
    new: &Operation,
    findings: &mut Findings,
) {
    let (old_returns, returns) = (returns_text(old_api, old), returns_text(new_api, new));
    let (old_errors, errors) = (errors_text(old_api, old), errors_text(new_api, new));
    let returns_changed = old_returns != returns;
    let errors_changed = old_errors != errors;
    let mut lines = Findings::new();
    let mut line = |plain: Rule, status: StatusMatch, was: Option<String>, now: Option<String>| {
        let member = status.to_string();
        let (side, origin) = match now {
            Some(_) => (Side::New, &new.origin),
            None => (Side::Old, &old.origin),
        };
        let at = format!("{origin}/responses/{member}");
        let finding = match (status.is_success(), returns_changed, errors_changed) {
            (true, true, _) => Finding::new(Rule::ReturnTypeChanged)
                .was(&old_returns)
                .now(&returns),
            (false, _, true) => Finding::new(Rule::ErrorTypeChanged)
                .was(&old_errors)
                .now(&errors),
            _ => {
                let mut finding = Finding::new(plain);
                finding.old = was;
                finding.new = now;
                finding
            }
        };
        let mut finding = finding.member(member).at(at);
        finding.side = side;
        lines.push(finding);
    };
    for response in &new.responses {
        let now = response_text(new_api, response);
        match old.responses.iter().find(|r| r.status == response.status) {
            None => line(Rule::ResponseAdded, response.status, None, Some(now)),
            Some(before) => {
                let was = response_text(old_api, before);
                if was != now {
                    line(Rule::ResponseChanged, response.status, Some(was), Some(now));
                }
            }
        }
    }
    for response in &old.responses {
        if !new.responses.iter().any(|r| r.status == response.status) {
            let was = response_text(old_api, response);
            line(Rule::ResponseRemoved, response.status, Some(was), None);
        }
    }
    // A change the lines do not show (which success is the lowest, say) still gets one.
    if returns_changed && !lines.iter().any(|f| f.rule == Rule::ReturnTypeChanged) {
        let finding = Finding::new(Rule::ReturnTypeChanged).was(old_returns);
        lines.push(finding.now(returns).at(format!("{}/responses", new.origin)));
    }
    findings.extend(lines);
}

/// The finding for a change of `deprecated`, if it changed.
fn deprecation(was: bool, now: bool, deprecated: Rule, undeprecated: Rule) -> Option<Finding> {
    match (was, now) {
        (false, true) => Some(Finding::new(deprecated)),
        (true, false) => Some(Finding::new(undeprecated)),
        _ => None,
    }
}

impl Context<'_> {
    fn diff_types(&self, changes: &mut Vec<Change>) {
        let (old, new) = (self.old, self.new);
        let by_name = |api: &Api| -> BTreeMap<String, usize> {
            (api.types.iter().enumerate())
                .map(|(index, ty)| (ty.name.clone(), index))
                .collect()
        };
        let (old_index, new_index) = (by_name(old), by_name(new));
        // Each finding of a type becomes a change, with the operations either version
        // reaches it from.
        let place = |name: &str,
                     usage: Usage,
                     origin: (&str, &str),
                     operations: Vec<OperationRef>,
                     findings: Findings,
                     changes: &mut Vec<Change>| {
            changes.extend(findings.into_iter().map(|finding| {
                let pointer = finding.pointer.unwrap_or_else(|| {
                    match finding.side {
                        Side::Old => origin.0,
                        Side::New => origin.1,
                    }
                    .to_owned()
                });
                Change {
                    rule: finding.rule,
                    item: Item::Type {
                        name: name.to_owned(),
                        usage,
                    },
                    member: finding.member,
                    old: finding.old,
                    new: finding.new,
                    pointer,
                    side: finding.side,
                    line: None,
                    file: None,
                    rust: finding.rust.unwrap_or_else(|| format!("types::{name}")),
                    operations: operations.clone(),
                    ignored: None,
                }
            }));
        };
        for (index, ty) in new.types.iter().enumerate() {
            if !old_index.contains_key(&ty.name) {
                let finding = Finding::new(Rule::TypeAdded);
                let ops = self.operations(&[], &self.new_reach[TypeId(index)]);
                let origin = (ty.origin.as_str(), ty.origin.as_str());
                place(
                    &ty.name,
                    self.new_usage[TypeId(index)],
                    origin,
                    ops,
                    vec![finding],
                    changes,
                );
            }
        }
        for (index, ty) in old.types.iter().enumerate() {
            if !new_index.contains_key(&ty.name) {
                let rule = match ty.docs.deprecated {
                    true => Rule::DeprecatedTypeRemoved,
                    false => Rule::TypeRemoved,
                };
                let ops = self.operations(&self.old_reach[TypeId(index)], &[]);
                let origin = (ty.origin.as_str(), ty.origin.as_str());
                let finding = Finding::new(rule);
                place(
                    &ty.name,
                    self.old_usage[TypeId(index)],
                    origin,
                    ops,
                    vec![finding],
                    changes,
                );
            }
        }
        for (index, ty) in new.types.iter().enumerate() {
            let Some(&before) = old_index.get(&ty.name) else {
                continue;
            };
            // A change matters to callers wherever either version uses the type.
            let usage = self.old_usage[TypeId(before)].either(self.new_usage[TypeId(index)]);
            let sides = Sides { old, new, usage };
            let old_def = &old.types[before];
            let mut findings = sides.compare_types(old_def, ty);
            if findings.is_empty() && type_docs(old_def) != type_docs(ty) {
                findings.push(Finding::new(Rule::DocumentationChanged));
            }
            if findings.is_empty() {
                continue;
            }
            let ops = self.operations(
                &self.old_reach[TypeId(before)],
                &self.new_reach[TypeId(index)],
            );
            let origin = (old_def.origin.as_str(), ty.origin.as_str());
            place(&ty.name, usage, origin, ops, findings, changes);
        }
    }

    /// The operations of either version among `old` and `new` (indices), each once, by
    /// method name.
    fn operations(&self, old: &[usize], new: &[usize]) -> Vec<OperationRef> {
        let mut refs: Vec<OperationRef> = (old.iter().map(|&i| &self.old.operations[i]))
            .chain(new.iter().map(|&i| &self.new.operations[i]))
            .map(operation_ref)
            .collect();
        refs.sort_by(|a, b| a.method_name.cmp(&b.method_name));
        refs.dedup_by(|a, b| a.method_name == b.method_name);
        refs
    }
}

/// The prose of an operation and its parts (what its doc comments are made of).
fn operation_docs(op: &Operation) -> Vec<Option<&str>> {
    let mut docs = vec![op.summary.as_deref(), op.description.as_deref()];
    docs.extend(op.parameters.iter().map(|p| p.docs.description.as_deref()));
    docs.extend(op.body.iter().map(|b| b.description.as_deref()));
    docs.extend(op.responses.iter().map(|r| Some(r.description.as_str())));
    docs
}

/// A type's documentation and that of its fields.
fn type_docs(ty: &TypeDef) -> Vec<&crate::ir::Docs> {
    let mut docs = vec![&ty.docs];
    if let TypeKind::Struct(s) = &ty.kind {
        docs.extend(s.fields.iter().map(|f| &f.docs));
    }
    docs
}

/// The two versions of a type, and how the client uses it.
struct Sides<'a> {
    old: &'a Api,
    new: &'a Api,
    usage: Usage,
}

impl Sides<'_> {
    fn compare_types(&self, old: &TypeDef, new: &TypeDef) -> Findings {
        let mut findings = Findings::new();
        findings.extend(deprecation(
            old.docs.deprecated,
            new.docs.deprecated,
            Rule::TypeDeprecated,
            Rule::TypeUndeprecated,
        ));
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(before), TypeKind::Struct(after)) => {
                self.compare_structs(old, before, new, after, &mut findings)
            }
            (TypeKind::Enum(before), TypeKind::Enum(after)) => {
                compare_enums(old, before, new, after, &mut findings)
            }
            (TypeKind::Union(before), TypeKind::Union(after)) => {
                self.compare_unions(old, before, new, after, &mut findings)
            }
            (TypeKind::Alias(before), TypeKind::Alias(after))
            | (TypeKind::Newtype(before), TypeKind::Newtype(after)) => {
                let (was, now) = (type_text(self.old, before), type_text(self.new, after));
                if was != now {
                    findings.push(Finding::new(Rule::TypeKindChanged).was(was).now(now));
                }
            }
            (before, after) => findings.push(
                Finding::new(Rule::TypeKindChanged)
                    .was(kind_text(self.old, before))
                    .now(kind_text(self.new, after)),
            ),
        }
        findings
    }

    /// A struct's fields, and the properties it keeps beyond them.
    fn compare_structs(
        &self,
        old: &TypeDef,
        before: &crate::ir::Struct,
        new: &TypeDef,
        after: &crate::ir::Struct,
        findings: &mut Findings,
    ) {
        let at = (old.origin.as_str(), new.origin.as_str());
        findings.extend(self.compare_fields(&before.fields, &after.fields, &new.name, "", at));
        let extra = |api: &Api, s: &crate::ir::Struct| {
            s.additional.as_ref().map(|a| type_text(api, &a.value))
        };
        let at = |def: &TypeDef| format!("{}/additionalProperties", def.origin);
        match (extra(self.old, before), extra(self.new, after)) {
            (None, Some(value)) => {
                let finding = Finding::new(Rule::AdditionalPropertiesAdded).now(value);
                findings.push(finding.at(at(new)))
            }
            (Some(value), None) => {
                let finding = Finding::new(Rule::AdditionalPropertiesRemoved).was(value);
                findings.push(finding.at(at(old)))
            }
            (Some(was), Some(now)) if was != now => {
                let finding = Finding::new(Rule::AdditionalPropertiesChanged).was(was);
                findings.push(finding.now(now).at(at(new)))
            }
            _ => {}
        }
    }

    fn compare_unions(
        &self,
        old: &TypeDef,
        before: &crate::ir::Union,
        new: &TypeDef,
        after: &crate::ir::Union,
        findings: &mut Findings,
    ) {
        let name = &new.name;
        if before.tag != after.tag {
            let tag = |t: &Option<String>| t.clone().unwrap_or_else(|| "none".to_owned());
            findings.push(
                Finding::new(Rule::UnionTagChanged)
                    .was(tag(&before.tag))
                    .now(tag(&after.tag)),
            );
        }
        for variant in &after.variants {
            let now = variant_text(self.new, variant);
            let rust = format!("types::{name}::{}", variant.name);
            match before.variants.iter().find(|v| v.name == variant.name) {
                // Without a tag there is no catch-all variant: a `match` on a value the
                // client returns must handle the new one.
                None => {
                    let rule = match after.tag.is_none() && self.usage.read() {
                        true => Rule::UnmatchedUnionVariantAdded,
                        false => Rule::UnionVariantAdded,
                    };
                    let finding = Finding::new(rule).member(&variant.name).now(now);
                    findings.push(finding.rust(rust));
                }
                Some(UnionVariant {
                    fields: Some(old_fields),
                    ..
                }) if variant.fields.is_some() => {
                    let new_fields = variant.fields.as_deref().unwrap_or_default();
                    let at = (old.origin.as_str(), new.origin.as_str());
                    let prefix = format!("{}.", variant.name);
                    let fields = self.compare_fields(old_fields, new_fields, name, &prefix, at);
                    findings.extend(fields.into_iter().map(|mut f| {
                        f.pointer = None;
                        f
                    }));
                }
                Some(old_variant) => {
                    let was = variant_text(self.old, old_variant);
                    if was != now {
                        let finding = Finding::new(Rule::UnionVariantChanged)
                            .member(&variant.name)
                            .was(was)
                            .now(now);
                        findings.push(finding.rust(rust));
                    }
                }
            }
        }
        for variant in &before.variants {
            if !after.variants.iter().any(|v| v.name == variant.name) {
                let finding = Finding::new(Rule::UnionVariantRemoved).member(&variant.name);
                findings.push(finding.rust(format!("types::{name}::{}", variant.name)));
            }
        }
    }

    /// The changes to the fields of the type `owner` (or of its variant, when `prefix`
    /// is `Variant.`); `origin` is the type's pointer in each version.
    fn compare_fields(
        &self,
        old: &[Field],
        new: &[Field],
        owner: &str,
        prefix: &str,
        origin: (&str, &str),
    ) -> Findings {
        let mut findings = Findings::new();
        let pointer = |origin: &str, field: &Field| {
            let token = crate::json_pointer::escape_token(&field.wire_name);
            format!("{origin}/properties/{token}")
        };
        let rust = |field: &Field| match prefix {
            "" => format!("types::{owner}::{}", field.name),
            variant => format!("types::{owner}::{variant}{}", field.name).replace('.', "::"),
        };
        for field in new {
            let member = format!("{prefix}{}", field.wire_name);
            let here = |rule| {
                (Finding::new(rule).member(&member))
                    .at(pointer(origin.1, field))
                    .rust(rust(field))
            };
            let Some(before) = old.iter().find(|f| f.wire_name == field.wire_name) else {
                let text = field_text(self.new, field);
                let must_set = !text.starts_with("Option<");
                let rule = match must_set && self.usage.built() {
                    true => Rule::RequestPropertyRequiredAdded,
                    false => Rule::PropertyAdded,
                };
                findings.push(here(rule).now(text));
                continue;
            };
            let (was, now) = (field_text(self.old, before), field_text(self.new, field));
            if before.name != field.name {
                let finding = here(Rule::PropertyRenamed).was(&before.name);
                findings.push(finding.now(&field.name));
            }
            if was != now {
                findings.push(here(Rule::PropertyTypeChanged).was(was).now(now));
            } else if (before.required, before.nullable) != (field.required, field.nullable) {
                // The Rust type is the same; only what goes on the wire changed.
                let presence = |f: &Field| {
                    let required = if f.required { "required" } else { "optional" };
                    let nullable = if f.nullable { ", nullable" } else { "" };
                    format!("{required}{nullable}")
                };
                let finding = here(Rule::PropertyPresenceChanged).was(presence(before));
                findings.push(finding.now(presence(field)));
            }
            findings.extend(
                deprecation(
                    before.docs.deprecated,
                    field.docs.deprecated,
                    Rule::PropertyDeprecated,
                    Rule::PropertyUndeprecated,
                )
                .map(|f| {
                    f.member(&member)
                        .at(pointer(origin.1, field))
                        .rust(rust(field))
                }),
            );
        }
        for field in old {
            if !new.iter().any(|f| f.wire_name == field.wire_name) {
                let rule = match field.docs.deprecated {
                    true => Rule::DeprecatedPropertyRemoved,
                    false => Rule::PropertyRemoved,
                };
                let finding = Finding::new(rule).member(format!("{prefix}{}", field.wire_name));
                findings.push(finding.at(pointer(origin.0, field)).rust(rust(field)));
            }
        }
        findings
    }
}

/// An enum's values: by wire value, each with its Rust variant.
fn compare_enums(
    old: &TypeDef,
    before: &crate::ir::Enum,
    new: &TypeDef,
    after: &crate::ir::Enum,
    findings: &mut Findings,
) {
    let name = &new.name;
    let at = |def: &TypeDef| format!("{}/enum", def.origin);
    let rust = |variant: &crate::ir::Variant| format!("types::{name}::{}", variant.name);
    let kind = |e: &crate::ir::Enum| match e.constant_value() {
        Some(_) => "constant (unit struct)",
        None => "enum",
    };
    if kind(before) != kind(after) {
        let finding = Finding::new(Rule::TypeKindChanged).was(kind(before));
        findings.push(
            finding
                .now(kind(after))
                .at(at(new))
                .rust(format!("types::{name}")),
        );
        return;
    }
    if before.repr != after.repr {
        let repr = |r: EnumRepr| match r {
            EnumRepr::String => "strings",
            EnumRepr::Integer => "integers",
        };
        let finding = Finding::new(Rule::EnumReprChanged).was(repr(before.repr));
        findings.push(finding.now(repr(after.repr)).at(at(new)));
    }
    for variant in &after.variants {
        let here = |rule| {
            (Finding::new(rule).member(&variant.wire_value))
                .at(at(new))
                .rust(rust(variant))
        };
        match (before.variants.iter()).find(|v| v.wire_value == variant.wire_value) {
            None => findings.push(here(Rule::EnumValueAdded)),
            Some(old_variant) if old_variant.name != variant.name => findings.push(
                here(Rule::EnumValueRenamed)
                    .was(&old_variant.name)
                    .now(&variant.name),
            ),
            Some(_) => {}
        }
    }
    for variant in &before.variants {
        if !(after.variants.iter()).any(|v| v.wire_value == variant.wire_value) {
            let finding = Finding::new(Rule::EnumValueRemoved).member(&variant.wire_value);
            findings.push(finding.at(at(old)).rust(rust(variant)));
        }
    }
}

/// A variant's payload as the generated code writes it: a type, or `{ field: Type, .. }`.
fn variant_text(api: &Api, variant: &UnionVariant) -> String {
    match &variant.fields {
        None => type_text(api, &variant.ty),
        Some(fields) => {
            let fields: Vec<String> = (fields.iter())
                .map(|f| format!("{}: {}", f.name, type_text(api, &f.ty)))
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
    }
}

fn kind_text(api: &Api, kind: &TypeKind) -> String {
    match kind {
        TypeKind::Struct(_) => "struct".to_owned(),
        TypeKind::Enum(e) if e.constant_value().is_some() => "constant".to_owned(),
        TypeKind::Enum(_) => "enum".to_owned(),
        TypeKind::Union(_) => "union".to_owned(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => type_text(api, ty),
        TypeKind::External(path) => path.clone(),
    }
}

/// A type expression as the generated code writes it, without the full std paths.
pub fn type_text(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::External(path) => path.clone(),
            _ => api.ty(*id).name.clone(),
        },
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer(width) => width.rust_name().to_owned(),
        TypeRef::Number(crate::ir::FloatWidth::F32) => "f32".to_owned(),
        TypeRef::Number(crate::ir::FloatWidth::F64) => "f64".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", type_text(api, item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", type_text(api, value)),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::JsonObject => "Map<String, Value>".to_owned(),
        TypeRef::Unit => "()".to_owned(),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(api, inner)),
        TypeRef::Formatted(formatted) => (formatted.rust_path().replace("crate::runtime::", ""))
            .replace("::chrono::Utc", "Utc")
            .trim_start_matches("::")
            .to_owned(),
    }
}

/// A field's Rust type: its value type, boxed where it closes a cycle, in one `Option`
/// when it may be absent or `null` and two when it may be both.
fn field_text(api: &Api, field: &Field) -> String {
    let mut text = type_text(api, &field.ty);
    if field.boxed {
        text = format!("Box<{text}>");
    }
    match field.presence() {
        Presence::Required => text,
        Presence::Optional | Presence::OptionalPresent => format!("Option<{text}>"),
        Presence::OptionalNullable => format!("Option<Option<{text}>>"),
    }
}

/// For each type: whether requests, responses or both hold it, directly or inside
/// another type.
fn usages(api: &Api) -> PerType<Usage> {
    let mut pending: Vec<(TypeId, bool)> = Vec::new();
    let mut note = |ty: &TypeRef, request: bool| {
        if let Some(id) = ty.named() {
            pending.push((id, request));
        }
    };
    for op in &api.operations {
        for parameter in &op.parameters {
            note(&parameter.ty, true);
        }
        if let Some(body) = &op.body {
            body_types(&body.kind, true, &mut note);
            for alternative in &body.alternatives {
                body_types(&alternative.kind, true, &mut note);
            }
        }
        for response in &op.responses {
            if let Some(body) = &response.body {
                body_types(&body.kind, false, &mut note);
            }
        }
        if let Some(item) = op.stream.as_ref().and_then(|s| s.item.as_ref()) {
            note(item, false);
        }
    }
    // A webhook's payload arrives, like a response.
    for webhook in &api.webhooks {
        note(&webhook.payload, false);
    }
    let mut usage = PerType::new(api, Usage::default());
    while let Some((id, request)) = pending.pop() {
        let seen = &mut usage[id];
        let flag = if request {
            &mut seen.request
        } else {
            &mut seen.response
        };
        if *flag {
            continue;
        }
        *flag = true;
        let def = api.ty(id);
        let extra = match &def.kind {
            TypeKind::Struct(s) => s.additional.as_ref().map(|a| &a.value),
            _ => None,
        };
        let inner = (def.kind.members().into_iter().map(|(ty, _)| ty)).chain(extra);
        pending.extend(inner.filter_map(|ty| ty.named().map(|n| (n, request))));
    }
    usage
}

/// For each type, the operations (indices) whose parameters, bodies or responses reach
/// it, directly or inside other types.
fn reaching_operations(api: &Api) -> PerType<Vec<usize>> {
    let mut reach = PerType::new(api, Vec::new());
    for (index, op) in api.operations.iter().enumerate() {
        let mut todo = Api::operation_types(op);
        while let Some(id) = todo.pop() {
            if reach[id].last() != Some(&index) {
                reach[id].push(index);
                todo.extend(api.type_dependencies(id));
            }
        }
    }
    reach
}

/// Hands each type a body holds to `note`.
fn body_types(kind: &BodyKind, request: bool, note: &mut dyn FnMut(&TypeRef, bool)) {
    match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty, _) => note(ty, request),
        BodyKind::Multipart(parts) => {
            for part in parts {
                if let FormPartKind::Value(ty) = &part.kind {
                    note(ty, request);
                }
            }
        }
        BodyKind::Text | BodyKind::Binary => {}
    }
}

/// Inline code in Markdown, fenced so that a backtick inside stays literal.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(name: &str, rule: Rule) -> Change {
        Change {
            rule,
            item: Item::Type {
                name: name.to_owned(),
                usage: Usage::default(),
            },
            member: Some("x".to_owned()),
            old: None,
            new: None,
            pointer: format!("#/components/schemas/{name}"),
            side: Side::New,
            line: None,
            file: None,
            rust: format!("types::{name}"),
            operations: Vec::new(),
            ignored: None,
        }
    }

    fn report(changes: Vec<Change>) -> Report {
        let version = |v: &str| Version {
            title: "T".to_owned(),
            version: v.to_owned(),
        };
        Report {
            old: version("1"),
            new: version("2"),
            changes,
        }
    }

    #[test]
    fn the_summary_fits_its_lines_and_puts_breaking_changes_first() {
        let mut changes: Vec<Change> = (0..10)
            .map(|i| change(&format!("A{i}"), Rule::PropertyAdded))
            .collect();
        changes.push(change("Broken", Rule::PropertyRemoved));
        let summary = report(changes).summary(5);
        let lines: Vec<&str> = summary.lines().collect();
        assert_eq!(lines.len(), 5, "{summary}");
        assert_eq!(
            lines[0],
            "API changes (T 1 → 2): 1 breaking change, 10 other changes"
        );
        assert!(lines[1].starts_with("  ! type `Broken`"), "{summary}");
        assert!(lines[2].starts_with("  + type `A0`"), "{summary}");
        assert_eq!(
            lines[4],
            "  ... and 8 more (`cargo xtask diff <old> <new>` lists them all)"
        );
        // No "and 1 more": a last line that fits is shown instead.
        let short = report(
            (0..4)
                .map(|i| change(&format!("A{i}"), Rule::PropertyAdded))
                .collect(),
        );
        assert_eq!(short.summary(5).lines().count(), 5);
    }
}
