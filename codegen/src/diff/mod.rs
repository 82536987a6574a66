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
    Parameter, Presence, Response, StatusMatch, TypeDef, TypeId, TypeKind, TypeRef, UnionVariant,
};
use std::collections::BTreeMap;

mod render;

/// Everything that changed between two versions, in report order: operations added,
/// removed and changed, then types added, removed and changed, each in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub old: Version,
    pub new: Version,
    pub changes: Vec<Change>,
    /// Items in both versions whose documentation changed and nothing else.
    pub documentation_only: Vec<Item>,
}

/// Which document a side of the report is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub title: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub item: Item,
    pub kind: ChangeKind,
    /// What changed in an item that is in both versions; `None` for added and removed
    /// items.
    pub detail: Option<String>,
    pub breaking: bool,
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Operation {
        method_name: String,
        http_method: String,
        path: String,
    },
    Type {
        name: String,
        usage: Usage,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
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

impl Report {
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }
}

/// Compares two versions of an API.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut report = Report {
        old: version(old),
        new: version(new),
        changes: Vec::new(),
        documentation_only: Vec::new(),
    };
    diff_operations(old, new, &mut report);
    diff_types(old, new, &mut report);
    report
}

fn version(api: &Api) -> Version {
    Version {
        title: api.title.clone(),
        version: api.version.clone(),
    }
}

/// Details of one changed item: what, and whether it breaks callers.
type Details = Vec<(String, bool)>;

fn diff_operations(old: &Api, new: &Api, report: &mut Report) {
    let changes = &mut report.changes;
    let by_name = |api: &Api| -> BTreeMap<String, usize> {
        (api.operations.iter().enumerate())
            .map(|(index, op)| (op.method_name.clone(), index))
            .collect()
    };
    let (old_index, new_index) = (by_name(old), by_name(new));
    let item = |op: &Operation| Item::Operation {
        method_name: op.method_name.clone(),
        http_method: op.http_method.clone(),
        path: op.path.clone(),
    };
    let whole = |op: &Operation, kind, breaking| Change {
        item: item(op),
        kind,
        detail: None,
        breaking,
    };
    changes.extend(
        (new.operations.iter())
            .filter(|op| !old_index.contains_key(&op.method_name))
            .map(|op| whole(op, ChangeKind::Added, false)),
    );
    changes.extend(
        (old.operations.iter())
            .filter(|op| !new_index.contains_key(&op.method_name))
            .map(|op| whole(op, ChangeKind::Removed, true)),
    );
    for op in &new.operations {
        let Some(&index) = old_index.get(&op.method_name) else {
            continue;
        };
        let before = &old.operations[index];
        let details = compare_operations(old, before, new, op);
        if details.is_empty() && operation_docs(before) != operation_docs(op) {
            report.documentation_only.push(item(op));
        }
        report
            .changes
            .extend(details.into_iter().map(|(detail, breaking)| Change {
                item: item(op),
                kind: ChangeKind::Changed,
                detail: Some(detail),
                breaking,
            }));
    }
}

fn compare_operations(old_api: &Api, old: &Operation, new_api: &Api, new: &Operation) -> Details {
    let mut details = Details::new();
    if (&old.http_method, &old.path) != (&new.http_method, &new.path) {
        details.push((
            format!(
                "now {} (was {})",
                code(&format!("{} {}", new.http_method, new.path)),
                code(&format!("{} {}", old.http_method, old.path))
            ),
            false,
        ));
    }
    deprecation(&mut details, "", old.deprecated, new.deprecated);
    compare_parameters(old_api, old, new_api, new, &mut details);
    compare_bodies(old_api, old, new_api, new, &mut details);
    compare_responses(old_api, old, new_api, new, &mut details);
    let extra_methods = |op: &Operation| -> Vec<(String, &'static str)> {
        let streams = op.pagination.iter().map(|p| {
            let what = "streams the items of every page";
            (p.stream_method.clone(), what)
        });
        let downloads =
            (op.download_method.iter()).map(|m| (m.clone(), "reads the body piece by piece"));
        streams.chain(downloads).collect()
    };
    let (old_extra, new_extra) = (extra_methods(old), extra_methods(new));
    for (method, what) in &new_extra {
        if !old_extra.iter().any(|(m, _)| m == method) {
            details.push((format!("method {} added: {what}", code(method)), false));
        }
    }
    for (method, _) in &old_extra {
        if !new_extra.iter().any(|(m, _)| m == method) {
            details.push((format!("method {} removed", code(method)), true));
        }
    }
    if old.security != new.security {
        details.push((
            format!(
                "authentication: {} (was {})",
                security_text(&new.security),
                security_text(&old.security)
            ),
            false,
        ));
    }
    details
}

fn security_text(security: &[Vec<String>]) -> String {
    if security.is_empty() {
        return "none".to_owned();
    }
    let alternatives: Vec<String> = security
        .iter()
        .map(|all| {
            let names: Vec<String> = all.iter().map(|name| code(name)).collect();
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(" and ")
            }
        })
        .collect();
    alternatives.join(" or ")
}

fn location_text(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn compare_parameters(
    old_api: &Api,
    old: &Operation,
    new_api: &Api,
    new: &Operation,
    details: &mut Details,
) {
    let key = |p: &Parameter| (p.location, p.wire_name.clone());
    let name = |p: &Parameter| {
        format!(
            "{} parameter {}",
            location_text(p.location),
            code(&p.wire_name)
        )
    };
    let had_optional = old.parameters.iter().any(|p| !p.required);
    for parameter in &new.parameters {
        let Some(before) = old.parameters.iter().find(|p| key(p) == key(parameter)) else {
            let (what, breaking) = if parameter.required {
                ("required: a new argument of the method", true)
            } else if had_optional {
                ("optional", false)
            } else {
                ("optional: the method gains a `params` argument", true)
            };
            details.push((format!("{} added, {what}", name(parameter)), breaking));
            continue;
        };
        let (old_type, new_type) = (
            type_text(old_api, &before.ty),
            type_text(new_api, &parameter.ty),
        );
        if before.required != parameter.required {
            let now = if parameter.required {
                "required"
            } else {
                "optional"
            };
            details.push((format!("{} now {now}", name(parameter)), true));
        }
        if old_type != new_type {
            details.push((
                format!(
                    "{}: {} → {}",
                    name(parameter),
                    code(&old_type),
                    code(&new_type)
                ),
                true,
            ));
        }
        if (before.style, before.explode) != (parameter.style, parameter.explode)
            && parameter.location == ParamLocation::Query
        {
            details.push((
                format!(
                    "{} now sent {} (was {})",
                    name(parameter),
                    style_text(parameter.style, parameter.explode),
                    style_text(before.style, before.explode)
                ),
                false,
            ));
        }
        deprecation(
            details,
            &name(parameter),
            before.docs.deprecated,
            parameter.docs.deprecated,
        );
    }
    for parameter in &old.parameters {
        if !new.parameters.iter().any(|p| key(p) == key(parameter)) {
            details.push((format!("{} removed", name(parameter)), true));
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
        let list = |names: &[String]| names.iter().map(|n| code(n)).collect::<Vec<_>>().join(", ");
        details.push((
            format!(
                "arguments reordered: {} (was {})",
                list(&after),
                list(&before)
            ),
            true,
        ));
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
    details: &mut Details,
) {
    let (before, after) = match (&old.body, &new.body) {
        (None, None) => return,
        (None, Some(body)) => {
            let text = body_text(new_api, &body.kind);
            let what = format!("request body added ({text}): a new argument of the method");
            details.push((what, true));
            return;
        }
        (Some(_), None) => {
            details.push(("request body removed".to_owned(), true));
            return;
        }
        (Some(before), Some(after)) => (before, after),
    };
    if before.required != after.required {
        let now = if after.required {
            "required"
        } else {
            "optional"
        };
        details.push((format!("request body now {now}"), true));
    }
    match (&before.kind, &after.kind) {
        (BodyKind::Multipart(old_parts), BodyKind::Multipart(new_parts)) => {
            compare_parts(old_api, old_parts, new_api, new_parts, details);
        }
        (old_kind, new_kind) => {
            let (old_text, new_text) = (body_text(old_api, old_kind), body_text(new_api, new_kind));
            if old_text != new_text {
                details.push((format!("request body: {old_text} → {new_text}"), true));
            }
        }
    }
    if before.media_type != after.media_type {
        details.push((
            format!(
                "request body sent as {} (was {})",
                code(&after.media_type),
                code(&before.media_type)
            ),
            false,
        ));
    }
    for alternative in &after.alternatives {
        if !before
            .alternatives
            .iter()
            .any(|a| a.method_name == alternative.method_name)
        {
            let what = format!(
                "method {} added: sends the body as {}",
                code(&alternative.method_name),
                code(&alternative.media_type)
            );
            details.push((what, false));
        }
    }
    for alternative in &before.alternatives {
        if !after
            .alternatives
            .iter()
            .any(|a| a.method_name == alternative.method_name)
        {
            details.push((
                format!("method {} removed", code(&alternative.method_name)),
                true,
            ));
        }
    }
}

/// A multipart body's parts compare like the fields of a type callers build.
fn compare_parts(
    old_api: &Api,
    old: &[FormPart],
    new_api: &Api,
    new: &[FormPart],
    details: &mut Details,
) {
    let part_text = |api: &Api, part: &FormPart| {
        let inner = match &part.kind {
            FormPartKind::File => "file".to_owned(),
            FormPartKind::Files => "files".to_owned(),
            FormPartKind::Value(ty) => code(&type_text(api, ty)),
        };
        let presence = if part.required {
            "required"
        } else {
            "optional"
        };
        format!("{inner}, {presence}")
    };
    for part in new {
        let name = format!("form part {}", code(&part.wire_name));
        match old.iter().find(|p| p.wire_name == part.wire_name) {
            None => details.push((
                format!("{name} added ({})", part_text(new_api, part)),
                part.required,
            )),
            Some(before) => {
                let (was, now) = (part_text(old_api, before), part_text(new_api, part));
                if was != now {
                    details.push((format!("{name}: {was} → {now}"), true));
                }
            }
        }
    }
    for part in old {
        if !new.iter().any(|p| p.wire_name == part.wire_name) {
            let name = format!("form part {}", code(&part.wire_name));
            details.push((format!("{name} removed"), true));
        }
    }
}

fn body_text(api: &Api, kind: &BodyKind) -> String {
    match kind {
        BodyKind::Json(ty) => format!("JSON {}", code(&type_text(api, ty))),
        BodyKind::Form(ty) => format!("form {}", code(&type_text(api, ty))),
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
            BodyKind::Json(ty) => code(&type_text(api, ty)),
            BodyKind::Text | BodyKind::Form(_) => "text".to_owned(),
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
            .map(|(r, ty)| format!("{} {}", r.status, code(&type_text(api, ty))))
            .collect();
        return format!("one variant per status ({})", each.join(", "));
    }
    match bodies.first() {
        Some((_, ty)) => code(&type_text(api, ty)),
        None => "any JSON".to_owned(),
    }
}

/// Response lines are breaking when they change what the method returns (successes) or
/// the type its errors decode into (the rest).
fn compare_responses(
    old_api: &Api,
    old: &Operation,
    new_api: &Api,
    new: &Operation,
    details: &mut Details,
) {
    let returns = returns_text(new_api, new);
    let errors = errors_text(new_api, new);
    let returns_changed = returns_text(old_api, old) != returns;
    let errors_changed = errors_text(old_api, old) != errors;
    // A breaking line says what the method's signature became.
    let breaks = |line: String, status: StatusMatch| -> (String, bool) {
        match (status.is_success(), returns_changed, errors_changed) {
            (true, true, _) => (format!("{line}: the method returns {returns}"), true),
            (false, _, true) => (format!("{line}: errors decode into {errors}"), true),
            _ => (line, false),
        }
    };
    let mut lines = Details::new();
    for response in &new.responses {
        let status = response.status.to_string();
        let now = response_text(new_api, response);
        match old.responses.iter().find(|r| r.status == response.status) {
            None => lines.push(breaks(
                format!("response {status} added ({now})"),
                response.status,
            )),
            Some(before) => {
                let was = response_text(old_api, before);
                if was != now {
                    lines.push(breaks(
                        format!("response {status}: {was} → {now}"),
                        response.status,
                    ));
                }
            }
        }
    }
    for response in &old.responses {
        if !new.responses.iter().any(|r| r.status == response.status) {
            let status = response.status.to_string();
            lines.push(breaks(
                format!("response {status} removed"),
                response.status,
            ));
        }
    }
    // A change the lines do not show (which success is the lowest, say) still gets one.
    if returns_changed && !lines.iter().any(|(_, breaking)| *breaking) {
        lines.push((format!("the method returns {returns}"), true));
    }
    details.extend(lines);
}

fn deprecation(details: &mut Details, what: &str, was: bool, now: bool) {
    let subject = if what.is_empty() {
        String::new()
    } else {
        format!("{what} ")
    };
    match (was, now) {
        (false, true) => details.push((format!("{subject}deprecated"), false)),
        (true, false) => details.push((format!("{subject}no longer deprecated"), false)),
        _ => {}
    }
}

fn diff_types(old: &Api, new: &Api, report: &mut Report) {
    let changes = &mut report.changes;
    let by_name = |api: &Api| -> BTreeMap<String, usize> {
        (api.types.iter().enumerate())
            .map(|(index, ty)| (ty.name.clone(), index))
            .collect()
    };
    let (old_index, new_index) = (by_name(old), by_name(new));
    let (old_usage, new_usage) = (usages(old), usages(new));
    let whole = |name: &str, usage, kind, breaking| Change {
        item: Item::Type {
            name: name.to_owned(),
            usage,
        },
        kind,
        detail: None,
        breaking,
    };
    for (index, ty) in new.types.iter().enumerate() {
        if !old_index.contains_key(&ty.name) {
            changes.push(whole(&ty.name, new_usage[index], ChangeKind::Added, false));
        }
    }
    for (index, ty) in old.types.iter().enumerate() {
        if !new_index.contains_key(&ty.name) {
            changes.push(whole(&ty.name, old_usage[index], ChangeKind::Removed, true));
        }
    }
    for (index, ty) in new.types.iter().enumerate() {
        let Some(&before) = old_index.get(&ty.name) else {
            continue;
        };
        // A change matters to callers wherever either version uses the type.
        let usage = old_usage[before].either(new_usage[index]);
        let sides = Sides { old, new, usage };
        let details = sides.compare_types(&old.types[before], ty);
        let item = Item::Type {
            name: ty.name.clone(),
            usage,
        };
        if details.is_empty() && type_docs(&old.types[before]) != type_docs(ty) {
            report.documentation_only.push(item.clone());
        }
        report
            .changes
            .extend(details.into_iter().map(|(detail, breaking)| Change {
                item: item.clone(),
                kind: ChangeKind::Changed,
                detail: Some(detail),
                breaking,
            }));
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
    fn compare_types(&self, old: &TypeDef, new: &TypeDef) -> Details {
        let mut details = Details::new();
        deprecation(&mut details, "", old.docs.deprecated, new.docs.deprecated);
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(before), TypeKind::Struct(after)) => {
                self.compare_fields(&before.fields, &after.fields, &mut details);
                let extra = |api: &Api, s: &crate::ir::Struct| {
                    s.additional.as_ref().map(|a| type_text(api, &a.value))
                };
                match (extra(self.old, before), extra(self.new, after)) {
                    (None, Some(value)) => {
                        details.push((format!("other properties kept, as {}", code(&value)), false))
                    }
                    (Some(_), None) => {
                        details.push(("other properties no longer kept".to_owned(), true))
                    }
                    (Some(was), Some(now)) if was != now => details.push((
                        format!("other properties: {} → {}", code(&was), code(&now)),
                        true,
                    )),
                    _ => {}
                }
            }
            (TypeKind::Enum(before), TypeKind::Enum(after)) => {
                if before.repr != after.repr {
                    let repr = |r: EnumRepr| match r {
                        EnumRepr::String => "strings",
                        EnumRepr::Integer => "integers",
                    };
                    details.push((
                        format!(
                            "now an enum of {} (was {})",
                            repr(after.repr),
                            repr(before.repr)
                        ),
                        true,
                    ));
                }
                for variant in &after.variants {
                    match before
                        .variants
                        .iter()
                        .find(|v| v.wire_value == variant.wire_value)
                    {
                        None => details
                            .push((format!("value {} added", code(&variant.wire_value)), false)),
                        Some(old_variant) if old_variant.name != variant.name => details.push((
                            format!(
                                "value {} is now the variant {} (was {})",
                                code(&variant.wire_value),
                                code(&variant.name),
                                code(&old_variant.name)
                            ),
                            true,
                        )),
                        Some(_) => {}
                    }
                }
                for variant in &before.variants {
                    if !after
                        .variants
                        .iter()
                        .any(|v| v.wire_value == variant.wire_value)
                    {
                        details
                            .push((format!("value {} removed", code(&variant.wire_value)), true));
                    }
                }
            }
            (TypeKind::Union(before), TypeKind::Union(after)) => {
                if before.tag != after.tag {
                    let tag = |t: &Option<String>| {
                        t.as_deref()
                            .map_or("none (told apart by shape)".to_owned(), code)
                    };
                    details.push((
                        format!(
                            "tag property {} (was {})",
                            tag(&after.tag),
                            tag(&before.tag)
                        ),
                        false,
                    ));
                }
                for variant in &after.variants {
                    let now = variant_text(self.new, variant);
                    match before.variants.iter().find(|v| v.name == variant.name) {
                        // Without a tag there is no catch-all variant: a `match` on a
                        // value the client returns must handle the new one.
                        None => details.push((
                            format!("variant {} added ({})", code(&variant.name), code(&now)),
                            after.tag.is_none() && self.usage.read(),
                        )),
                        Some(UnionVariant {
                            fields: Some(old_fields),
                            ..
                        }) if variant.fields.is_some() => {
                            let mut inner = Vec::new();
                            let new_fields = variant.fields.as_deref().unwrap_or_default();
                            self.compare_fields(old_fields, new_fields, &mut inner);
                            for (detail, breaking) in inner {
                                details.push((
                                    format!("variant {}: {detail}", code(&variant.name)),
                                    breaking,
                                ));
                            }
                        }
                        Some(old_variant) => {
                            let was = variant_text(self.old, old_variant);
                            if was != now {
                                details.push((
                                    format!(
                                        "variant {}: {} → {}",
                                        code(&variant.name),
                                        code(&was),
                                        code(&now)
                                    ),
                                    true,
                                ));
                            }
                        }
                    }
                }
                for variant in &before.variants {
                    if !after.variants.iter().any(|v| v.name == variant.name) {
                        details.push((format!("variant {} removed", code(&variant.name)), true));
                    }
                }
            }
            (TypeKind::Alias(before), TypeKind::Alias(after))
            | (TypeKind::Newtype(before), TypeKind::Newtype(after)) => {
                let (was, now) = (type_text(self.old, before), type_text(self.new, after));
                if was != now {
                    details.push((format!("now {} (was {})", code(&now), code(&was)), true));
                }
            }
            (before, after) => details.push((
                format!(
                    "now {} (was {})",
                    kind_text(self.new, after),
                    kind_text(self.old, before)
                ),
                true,
            )),
        }
        details
    }

    fn compare_fields(&self, old: &[Field], new: &[Field], details: &mut Details) {
        for field in new {
            let name = format!("field {}", code(&field.wire_name));
            let Some(before) = old.iter().find(|f| f.wire_name == field.wire_name) else {
                let text = field_text(self.new, field);
                let must_set = !text.starts_with("Option<");
                let (what, breaking) = if must_set && self.usage.built() {
                    ("required: callers building one must set it", true)
                } else if field.required {
                    ("required", false)
                } else {
                    ("optional", false)
                };
                details.push((format!("{name} added ({}), {what}", code(&text)), breaking));
                continue;
            };
            let (was, now) = (field_text(self.old, before), field_text(self.new, field));
            let mut how = Vec::new();
            if before.required != field.required {
                how.push(if field.required {
                    "now required"
                } else {
                    "now optional"
                });
            }
            if before.nullable != field.nullable {
                how.push(if field.nullable {
                    "now nullable"
                } else {
                    "no longer nullable"
                });
            }
            if before.name != field.name {
                details.push((
                    format!(
                        "{name} is now {} in Rust (was {})",
                        code(&field.name),
                        code(&before.name)
                    ),
                    true,
                ));
            }
            if was != now {
                let how = if how.is_empty() {
                    String::new()
                } else {
                    format!(", {}", how.join(", "))
                };
                details.push((
                    format!("{name}: {} → {}{how}", code(&was), code(&now)),
                    true,
                ));
            } else if !how.is_empty() {
                // The Rust type is the same; only what goes on the wire changed.
                details.push((format!("{name} {}", how.join(", ")), false));
            }
            deprecation(
                details,
                &name,
                before.docs.deprecated,
                field.docs.deprecated,
            );
        }
        for field in old {
            if !new.iter().any(|f| f.wire_name == field.wire_name) {
                details.push((format!("field {} removed", code(&field.wire_name)), true));
            }
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
        TypeKind::Struct(_) => "a struct".to_owned(),
        TypeKind::Enum(_) => "an enum".to_owned(),
        TypeKind::Union(_) => "a union".to_owned(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => code(&type_text(api, ty)),
        TypeKind::External(path) => code(path),
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
fn usages(api: &Api) -> Vec<Usage> {
    let mut pending: Vec<(TypeId, bool)> = Vec::new();
    let mut note = |ty: &TypeRef, request: bool| {
        if let Some(id) = ty.named() {
            pending.push((TypeId(id), request));
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
    }
    let mut usage = vec![Usage::default(); api.types.len()];
    while let Some((id, request)) = pending.pop() {
        let seen = &mut usage[id.0];
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
        pending.extend(inner.filter_map(|ty| ty.named().map(|n| (TypeId(n), request))));
    }
    usage
}

/// Hands each type a body holds to `note`.
fn body_types(kind: &BodyKind, request: bool, note: &mut dyn FnMut(&TypeRef, bool)) {
    match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) => note(ty, request),
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

    fn change(name: &str, breaking: bool) -> Change {
        Change {
            item: Item::Type {
                name: name.to_owned(),
                usage: Usage::default(),
            },
            kind: ChangeKind::Changed,
            detail: Some("field `x` removed".to_owned()),
            breaking,
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
            documentation_only: Vec::new(),
        }
    }

    #[test]
    fn the_summary_fits_its_lines_and_puts_breaking_changes_first() {
        let mut changes: Vec<Change> = (0..10).map(|i| change(&format!("A{i}"), false)).collect();
        changes.push(change("Broken", true));
        let summary = report(changes).summary(5);
        let lines: Vec<&str> = summary.lines().collect();
        assert_eq!(lines.len(), 5, "{summary}");
        assert_eq!(
            lines[0],
            "API changes (T 1 → 2): 1 breaking change, 10 other changes"
        );
        assert!(lines[1].starts_with("  ! type `Broken`"), "{summary}");
        assert!(lines[2].starts_with("  ~ type `A0`"), "{summary}");
        assert_eq!(
            lines[4],
            "  ... and 8 more (`cargo xtask diff <old> <new>` lists them all)"
        );
        // No "and 1 more": a last line that fits is shown instead.
        let short = report((0..4).map(|i| change(&format!("A{i}"), false)).collect());
        assert_eq!(short.summary(5).lines().count(), 5);
    }
}
