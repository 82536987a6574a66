//! Operations and webhooks compared: parameters, bodies and form parts, responses,
//! security and deprecation, each finding a change with the operation's facts.

use super::report::{operation_ref, Change, Item, Side};
use super::type_text;
use super::Rule;
use super::{deprecation, Context, Finding, Findings};
use crate::ir::{
    Api, BodyKind, FormPart, FormPartKind, Operation, ParamLocation, ParamStyle, Parameter,
    Response, SchemeUse, StatusMatch, TypeRef, Webhook,
};
use std::collections::BTreeMap;

/// Webhooks, matched by key and method.
pub(super) fn diff_webhooks(old: &Api, new: &Api, changes: &mut Vec<Change>) {
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

/// A parameter in a report: its wire name (two of one name in different places are
/// told apart by their pointers).
fn parameter_member(p: &Parameter) -> String {
    p.wire_name.clone()
}

impl Context<'_> {
    pub(super) fn diff_operations(&self, changes: &mut Vec<Change>) {
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

/// The prose of an operation and its parts (what its doc comments are made of).
fn operation_docs(op: &Operation) -> Vec<Option<&str>> {
    let mut docs = vec![op.summary.as_deref(), op.description.as_deref()];
    docs.extend(op.parameters.iter().map(|p| p.docs.description.as_deref()));
    docs.extend(op.body.iter().map(|b| b.description.as_deref()));
    docs.extend(op.responses.iter().map(|r| Some(r.description.as_str())));
    docs
}
