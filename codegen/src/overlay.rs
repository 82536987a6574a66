//! OpenAPI Overlays (the OAI Overlay Specification 1.0 and 1.1): ordered actions whose
//! RFC 9535 JSONPath `target`s select nodes of the loaded document to `update`, `remove`
//! or (1.1) `copy` another node into. Applied between [`crate::load`] and
//! [`crate::bundle`], so every later stage sees one document; [`Origins`] remembers which
//! places an overlay made, so that warnings and change reports about them point at the
//! overlay rather than at a document that does not have them.

use crate::diagnostics::{Diagnostic, Error, Location, Origin};
use crate::json_pointer::join_pointer;
use serde_json::Value;
use serde_json_path::JsonPath;

/// A parsed overlay: its actions checked (each target a valid JSONPath, each action one
/// kind of change), ready to apply to any number of documents.
#[derive(Debug, Clone)]
pub struct Overlay {
    file: String,
    version: Version,
    actions: Vec<Action>,
}

/// The feature set of the `overlay` version: 1.1 adds `copy`, primitive targets, and
/// arrays concatenated rather than appended as one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V1_0,
    V1_1,
}

#[derive(Debug, Clone)]
struct Action {
    index: usize,
    target_text: String,
    target: JsonPath,
    change: Change,
    /// The line of the action's `target` in the overlay's text (1-based).
    line: Option<usize>,
}

#[derive(Debug, Clone)]
enum Change {
    Update(Value),
    Remove,
    Copy { from_text: String, from: JsonPath },
}

/// The places overlays made (inserted or replaced), by JSON pointer; a place below one of
/// them was made by the same action.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    made: Vec<(String, Origin)>,
}

impl Origins {
    /// The overlay action that made `pointer` (`#/servers/0/url`) or a place above it;
    /// the latest one when several did. `None`: the place is the document's own.
    pub fn of(&self, pointer: &str) -> Option<&Origin> {
        let below = |place: &str| {
            pointer == place
                || (pointer.starts_with(place) && pointer[place.len()..].starts_with('/'))
        };
        (self.made.iter().rev())
            .find(|(place, _)| below(place))
            .map(|(_, origin)| origin)
    }

    /// Whether no overlay made anything.
    pub fn is_empty(&self) -> bool {
        self.made.is_empty()
    }

    /// Points each diagnostic about a place an overlay made at that overlay.
    pub fn attribute(&self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in diagnostics {
            if let (Location::Pointer(pointer), None) = (&diagnostic.location, &diagnostic.overlay)
            {
                diagnostic.overlay = self.of(pointer).cloned();
            }
        }
    }

    fn record(&mut self, pointer: String, origin: &Origin) {
        self.made.push((pointer, origin.clone()));
    }
}

/// One step of a located path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Step {
    Key(String),
    Index(usize),
}

impl Overlay {
    /// Reads an overlay document (JSON or YAML). Errors name `file` and the place: the
    /// action's index and target.
    pub fn parse(file: &str, text: &str) -> Result<Overlay, Error> {
        let value = crate::load::load(file, text)?;
        let at = |pointer: &str| Location::Pointer(pointer.to_owned());
        let version = match value.get("overlay") {
            Some(Value::String(version)) => parse_version(version)
                .ok_or_else(|| {
                    Error::new(
                        file,
                        at("#/overlay"),
                        format!("overlay version `{version}` is not 1.0.x or 1.1.x"),
                    )
                })?,
            Some(_) => {
                return Err(Error::new(file, at("#/overlay"), "`overlay` must be a string"))
            }
            None => {
                return Err(Error::new(
                    file,
                    Location::Document,
                    "not an overlay: it has no `overlay` version (an OpenAPI Overlay starts `overlay: 1.0.0`)",
                ))
            }
        };
        let info = value.get("info");
        for field in ["title", "version"] {
            if !info
                .and_then(|i| i.get(field))
                .is_some_and(Value::is_string)
            {
                return Err(Error::new(
                    file,
                    at("#/info"),
                    format!("`info.{field}` is required (a string)"),
                ));
            }
        }
        let Some(Value::Array(listed)) = value.get("actions") else {
            return Err(Error::new(
                file,
                at("#/actions"),
                "`actions` is required: a list of at least one action",
            ));
        };
        if listed.is_empty() {
            return Err(Error::new(
                file,
                at("#/actions"),
                "`actions` must hold at least one action",
            ));
        }
        let pointers: Vec<String> = (0..listed.len())
            .map(|i| format!("#/actions/{i}"))
            .collect();
        let lines = crate::locate::Lines::of(text, pointers.iter().map(String::as_str));
        let mut actions = Vec::with_capacity(listed.len());
        for (index, action) in listed.iter().enumerate() {
            let line = lines.line_of(&pointers[index]);
            let located = |message: String| {
                let location = action_location(index, line);
                Error::new(file, location, format!("action {index}: {message}"))
            };
            actions.push(parse_action(version, index, action, line).map_err(located)?);
        }
        Ok(Overlay {
            file: file.to_owned(),
            version,
            actions,
        })
    }

    /// The file the overlay was read from, as the caller named it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Applies every action in order to `document`, recording in `origins` the places
    /// the actions made. A target that selects nothing is a warning; a change the
    /// selected nodes cannot take is an error naming the action and its target.
    pub fn apply(
        &self,
        document: &mut Value,
        origins: &mut Origins,
    ) -> Result<Vec<Diagnostic>, Error> {
        let mut warnings = Vec::new();
        for action in &self.actions {
            let origin = Origin {
                file: self.file.clone(),
                action: action.index,
                line: action.line,
            };
            let fail = |message: String| {
                Error::new(
                    &self.file,
                    action_location(action.index, action.line),
                    format!(
                        "action {} (target `{}`): {message}",
                        action.index, action.target_text
                    ),
                )
            };
            let targets = located(&action.target, document);
            if targets.is_empty() {
                let mut warning = Diagnostic::warning(
                    format!("#/actions/{}/target", action.index),
                    format!(
                        "target `{}` selects nothing in the document; the action changes nothing",
                        action.target_text
                    ),
                );
                warning.overlay = Some(origin);
                warnings.push(warning);
                continue;
            }
            match &action.change {
                Change::Remove => remove_all(document, targets).map_err(fail)?,
                Change::Update(value) => self
                    .update_all(document, &targets, value, &origin, origins)
                    .map_err(fail)?,
                Change::Copy { from_text, from } => {
                    let sources = from.query(document).all();
                    let value = match sources.as_slice() {
                        [one] => (*one).clone(),
                        found => {
                            return Err(fail(format!(
                                "copy `{from_text}` must select one node; it selects {}",
                                found.len()
                            )))
                        }
                    };
                    self.update_all(document, &targets, &value, &origin, origins)
                        .map_err(fail)?
                }
            }
        }
        Ok(warnings)
    }

    fn update_all(
        &self,
        document: &mut Value,
        targets: &[Vec<Step>],
        value: &Value,
        origin: &Origin,
        origins: &mut Origins,
    ) -> Result<(), String> {
        let kinds: Vec<Kind> = (targets.iter())
            .filter_map(|path| node(document, path).map(Kind::of))
            .collect();
        if kinds.windows(2).any(|pair| pair[0] != pair[1]) {
            return Err(
                "the target selects nodes of different kinds (objects, arrays, primitives); an update needs one kind"
                    .to_owned(),
            );
        }
        for path in targets {
            let pointer = pointer_of(path);
            let Some(target) = node_mut(document, path) else {
                continue;
            };
            match (Kind::of(target), value) {
                (Kind::Object, Value::Object(_)) => merge(target, value, &pointer, origin, origins)?,
                (Kind::Object, _) => {
                    return Err(format!(
                        "the target {pointer} is an object; the update must be an object"
                    ))
                }
                (Kind::Array, _) => {
                    let appended = match (self.version, value) {
                        (Version::V1_1, Value::Array(more)) => more.as_slice(),
                        _ => std::slice::from_ref(value),
                    };
                    append(target, appended, &pointer, origin, origins);
                }
                (Kind::Primitive, _) if self.version == Version::V1_0 => {
                    return Err(format!(
                        "the target {pointer} is a primitive value; Overlay 1.0 updates objects and arrays (1.1 replaces primitives)"
                    ))
                }
                (Kind::Primitive, Value::Object(_) | Value::Array(_)) => {
                    return Err(format!(
                        "the target {pointer} is a primitive value; the update must be one too"
                    ))
                }
                (Kind::Primitive, _) => {
                    *target = value.clone();
                    origins.record(pointer, origin);
                }
            }
        }
        Ok(())
    }
}

/// Where an action is: its line in the overlay's text, else its pointer.
fn action_location(index: usize, line: Option<usize>) -> Location {
    match line {
        Some(line) => Location::Line(line),
        None => Location::Pointer(format!("#/actions/{index}")),
    }
}

/// Applies `overlays` in order to `document`: the places they made, and their warnings.
pub fn apply_all(
    overlays: &[Overlay],
    document: &mut Value,
) -> Result<(Origins, Vec<Diagnostic>), Error> {
    let mut origins = Origins::default();
    let mut warnings = Vec::new();
    for overlay in overlays {
        warnings.extend(overlay.apply(document, &mut origins)?);
    }
    Ok((origins, warnings))
}

fn parse_version(version: &str) -> Option<Version> {
    let mut parts = version.split('.');
    let (major, minor) = (parts.next()?, parts.next()?);
    match (major, minor, parts.next().map(|p| p.parse::<u32>().is_ok())) {
        ("1", "0", Some(true)) => Some(Version::V1_0),
        ("1", "1", Some(true)) => Some(Version::V1_1),
        _ => None,
    }
}

fn parse_action(
    version: Version,
    index: usize,
    action: &Value,
    line: Option<usize>,
) -> Result<Action, String> {
    let Value::Object(fields) = action else {
        return Err("an action must be an object with a `target`".to_owned());
    };
    let target_text = match fields.get("target") {
        Some(Value::String(target)) => target.clone(),
        Some(_) => return Err("`target` must be a string (a JSONPath)".to_owned()),
        None => return Err("`target` is required (a JSONPath)".to_owned()),
    };
    let target = JsonPath::parse(&target_text)
        .map_err(|err| format!("target `{target_text}` is not an RFC 9535 JSONPath: {err}"))?;
    let remove = match fields.get("remove") {
        None | Some(Value::Bool(false)) => false,
        Some(Value::Bool(true)) => true,
        Some(_) => return Err("`remove` must be true or false".to_owned()),
    };
    let copy = match fields.get("copy") {
        None => None,
        Some(_) if version == Version::V1_0 => {
            return Err("`copy` is an Overlay 1.1 action; this overlay is 1.0".to_owned())
        }
        Some(Value::String(from_text)) => {
            let from = JsonPath::parse(from_text)
                .map_err(|err| format!("copy `{from_text}` is not an RFC 9535 JSONPath: {err}"))?;
            Some(Change::Copy {
                from_text: from_text.clone(),
                from,
            })
        }
        Some(_) => return Err("`copy` must be a string (a JSONPath)".to_owned()),
    };
    // `remove: true` wins over the others, and `update` over `copy`, as the
    // specification orders them; an action with none of them changes nothing.
    let change = match (remove, fields.get("update"), copy) {
        (true, _, _) => Change::Remove,
        (false, Some(update), _) => Change::Update(update.clone()),
        (false, None, Some(copy)) => copy,
        (false, None, None) => {
            return Err("the action has no `update`, `remove: true` or `copy`".to_owned())
        }
    };
    Ok(Action {
        index,
        target_text,
        target,
        change,
        line,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    Primitive,
}

impl Kind {
    fn of(value: &Value) -> Kind {
        match value {
            Value::Object(_) => Kind::Object,
            Value::Array(_) => Kind::Array,
            _ => Kind::Primitive,
        }
    }
}

/// The paths of the nodes `path` selects, in document order, each once.
fn located(path: &JsonPath, document: &Value) -> Vec<Vec<Step>> {
    let mut paths: Vec<Vec<Step>> = (path.query_located(document).iter())
        .map(|node| {
            (node.location().iter())
                .map(|element| match element {
                    serde_json_path::PathElement::Name(name) => Step::Key((*name).to_owned()),
                    serde_json_path::PathElement::Index(index) => Step::Index(*index),
                })
                .collect()
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    paths.retain(|path| seen.insert(path.clone()));
    paths
}

fn pointer_of(path: &[Step]) -> String {
    path.iter()
        .fold("#".to_owned(), |pointer, step| match step {
            Step::Key(key) => join_pointer(&pointer, key),
            Step::Index(index) => join_pointer(&pointer, &index.to_string()),
        })
}

fn node<'a>(document: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(document, |value, step| match step {
        Step::Key(key) => value.get(key),
        Step::Index(index) => value.get(index),
    })
}

fn node_mut<'a>(document: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(document, |value, step| match step {
        Step::Key(key) => value.get_mut(key),
        Step::Index(index) => value.get_mut(index),
    })
}

/// Removes every selected node from its parent: later array items and deeper nodes
/// first, so the paths still to remove stay valid.
fn remove_all(document: &mut Value, mut targets: Vec<Vec<Step>>) -> Result<(), String> {
    if targets.iter().any(Vec::is_empty) {
        return Err("the document itself (`$`) cannot be removed".to_owned());
    }
    targets.sort();
    for path in targets.iter().rev() {
        let Some((last, parent)) = path.split_last() else {
            continue;
        };
        match (node_mut(document, parent), last) {
            (Some(Value::Object(fields)), Step::Key(key)) => {
                fields.shift_remove(key);
            }
            (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
                items.remove(*index);
            }
            _ => {}
        }
    }
    Ok(())
}

/// Merges `update` into `target` as the specification says: a property only in the
/// update is inserted, primitives are replaced, arrays concatenated, objects merged
/// recursively; other pairs are incompatible. A `null` beside an object or array leaves
/// it as it is (the specification's structured example writes empty keys that way).
fn merge(
    target: &mut Value,
    update: &Value,
    pointer: &str,
    origin: &Origin,
    origins: &mut Origins,
) -> Result<(), String> {
    let (Value::Object(fields), Value::Object(changes)) = (target, update) else {
        return Ok(());
    };
    for (key, change) in changes {
        let place = join_pointer(pointer, key);
        let Some(current) = fields.get_mut(key) else {
            fields.insert(key.clone(), change.clone());
            origins.record(place, origin);
            continue;
        };
        match (Kind::of(current), change) {
            (Kind::Object, Value::Object(_)) => merge(current, change, &place, origin, origins)?,
            (Kind::Array, Value::Array(more)) => append(current, more, &place, origin, origins),
            (Kind::Object | Kind::Array, Value::Null) => {}
            (Kind::Primitive, Value::Object(_) | Value::Array(_))
            | (Kind::Object | Kind::Array, _) => {
                return Err(format!(
                    "{place}: the update's {} cannot be merged into the document's {}",
                    kind_name(change),
                    kind_name(current)
                ))
            }
            (Kind::Primitive, _) => {
                *current = change.clone();
                origins.record(place, origin);
            }
        }
    }
    Ok(())
}

/// Appends `more` to the array `target` (at `pointer`).
fn append(
    target: &mut Value,
    more: &[Value],
    pointer: &str,
    origin: &Origin,
    origins: &mut Origins,
) {
    if let Value::Array(items) = target {
        for item in more {
            origins.record(join_pointer(pointer, &items.len().to_string()), origin);
            items.push(item.clone());
        }
    }
}

fn kind_name(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(text: &str) -> Overlay {
        Overlay::parse("o.yaml", text).unwrap_or_else(|err| panic!("{err}"))
    }

    /// `document` after `overlay_text`, with the warnings and origins.
    fn applied(document: Value, overlay_text: &str) -> (Value, Vec<Diagnostic>, Origins) {
        let mut document = document;
        let mut origins = Origins::default();
        let warnings = overlay(overlay_text)
            .apply(&mut document, &mut origins)
            .unwrap_or_else(|err| panic!("{err}"));
        (document, warnings, origins)
    }

    fn error(document: Value, overlay_text: &str) -> String {
        let mut document = document;
        let parsed = match Overlay::parse("o.yaml", overlay_text) {
            Ok(parsed) => parsed,
            Err(err) => return err.to_string(),
        };
        let err = parsed
            .apply(&mut document, &mut Origins::default())
            .expect_err("the overlay fails");
        err.to_string()
    }

    const HEAD_1_0: &str = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\n";
    const HEAD_1_1: &str = "overlay: 1.1.0\ninfo: {title: t, version: '1'}\n";

    fn pets() -> Value {
        json!({
            "openapi": "3.1.0",
            "info": {"title": "Pets", "version": "1"},
            "paths": {
                "/pets": {
                    "get": {
                        "tags": ["pets"],
                        "parameters": [
                            {"name": "limit", "in": "query"},
                            {"name": "dummy", "in": "query"},
                        ],
                        "responses": {"200": {"description": "OK"}},
                    },
                    "post": {"tags": ["pets", "dummy"], "responses": {"201": {"description": "Made"}}},
                },
                "/pets/{id}": {
                    "get": {
                        "parameters": [{"name": "dummy", "in": "query"}],
                        "responses": {"200": {"description": "OK"}},
                    },
                },
            },
        })
    }

    #[test]
    fn an_update_merges_recursively_inserting_replacing_and_concatenating() {
        let text = format!(
            "{HEAD_1_1}actions:\n  - target: $.paths['/pets'].get\n    update:\n      summary: List pets\n      tags: [animals]\n      responses:\n        '200': {{description: The pets}}\n"
        );
        let (document, warnings, origins) = applied(pets(), &text);
        let get = &document["paths"]["/pets"]["get"];
        assert_eq!(get["summary"], "List pets");
        assert_eq!(get["tags"], json!(["pets", "animals"]));
        assert_eq!(get["responses"]["200"]["description"], "The pets");
        assert_eq!(
            get["parameters"].as_array().unwrap().len(),
            2,
            "left as it was"
        );
        assert!(warnings.is_empty());
        let made = origins.of("#/paths/~1pets/get/summary").unwrap();
        assert_eq!(
            (made.file.as_str(), made.action, made.line),
            ("o.yaml", 0, Some(4))
        );
        assert!(origins.of("#/paths/~1pets/get/tags/1").is_some());
        assert!(
            origins.of("#/paths/~1pets/get/tags/0").is_none(),
            "the document's own"
        );
        assert!(origins
            .of("#/paths/~1pets/get/responses/200/description")
            .is_some());
        assert!(origins.of("#/paths/~1pets/get/responses/200").is_none());
        assert!(origins.of("#/paths/~1pets/get/summaryx").is_none());
    }

    #[test]
    fn remove_takes_filtered_array_items_and_map_entries_out() {
        // Every `dummy` parameter (a filter expression), and an operation.
        let text = format!(
            "{HEAD_1_0}actions:\n  - target: $.paths.*.get.parameters[?@.name == 'dummy']\n    remove: true\n  - target: $.paths['/pets'].post\n    remove: true\n"
        );
        let (document, _, _) = applied(pets(), &text);
        assert_eq!(
            document["paths"]["/pets"]["get"]["parameters"],
            json!([{"name": "limit", "in": "query"}])
        );
        assert_eq!(
            document["paths"]["/pets/{id}"]["get"]["parameters"],
            json!([])
        );
        assert!(document["paths"]["/pets"].get("post").is_none());
        // The map keeps its order.
        let keys: Vec<&String> = document["paths"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["/pets", "/pets/{id}"]);
    }

    #[test]
    fn several_items_of_one_array_are_removed_whatever_their_order() {
        let text = format!("{HEAD_1_1}actions:\n  - target: $.list[?@ > 1]\n    remove: true\n");
        let (document, _, _) = applied(json!({"list": [1, 2, 3, 1, 4]}), &text);
        assert_eq!(document["list"], json!([1, 1]));
    }

    #[test]
    fn the_primitive_array_element_example_removes_a_tag() {
        let text = format!(
            "{HEAD_1_1}actions:\n  - target: $.paths.*.*.tags[?@ == 'dummy']\n    remove: true\n"
        );
        let (document, _, _) = applied(pets(), &text);
        assert_eq!(document["paths"]["/pets"]["post"]["tags"], json!(["pets"]));
    }

    #[test]
    fn the_structured_example_merges_one_update_into_the_root() {
        // A whole-document update that mirrors the document; empty keys change nothing.
        let text = format!(
            "{HEAD_1_0}actions:\n  - target: $\n    update:\n      info:\n        x-overlay-applied: structured\n      paths:\n        /pets:\n          get:\n            summary: Retrieve pets\n            x-rate-limit: 100\n      components:\n"
        );
        let mut document = pets();
        document["components"] = json!({"schemas": {}});
        let (document, _, _) = applied(document, &text);
        assert_eq!(document["info"]["x-overlay-applied"], "structured");
        assert_eq!(document["info"]["title"], "Pets");
        assert_eq!(document["paths"]["/pets"]["get"]["x-rate-limit"], 100);
        assert_eq!(
            document["paths"]["/pets"]["get"]["summary"],
            "Retrieve pets"
        );
        assert_eq!(document["components"], json!({"schemas": {}}));
    }

    #[test]
    fn the_targeted_example_replaces_primitives_in_1_1() {
        let mut document = pets();
        document["paths"]["/pets"]["get"]["description"] = json!("old");
        let text = format!(
            "{HEAD_1_1}actions:\n  - target: $.paths['/pets'].get.description\n    update: This is the new description\n  - target: $.paths['/pets']\n    update:\n      post:\n        description: Changed below\n        x-safe: false\n"
        );
        let (document, _, origins) = applied(document, &text);
        assert_eq!(
            document["paths"]["/pets"]["get"]["description"],
            "This is the new description"
        );
        assert_eq!(document["paths"]["/pets"]["post"]["x-safe"], false);
        assert_eq!(
            origins.of("#/paths/~1pets/get/description").unwrap().action,
            0
        );
        assert_eq!(origins.of("#/paths/~1pets/post/x-safe").unwrap().action, 1);
        // 1.0 updates objects and arrays only.
        let text = text.replace("1.1.0", "1.0.0");
        let mut document = pets();
        document["paths"]["/pets"]["get"]["description"] = json!("old");
        let err = error(document, &text);
        assert!(
            err.contains("Overlay 1.0 updates objects and arrays"),
            "{err}"
        );
    }

    #[test]
    fn wildcards_and_filters_update_every_match() {
        let text = format!(
            "{HEAD_1_0}actions:\n  - target: $.paths.*.get\n    update:\n      x-safe: true\n  - target: $.paths.*.get.parameters[?@.name=='limit' && @.in=='query']\n    update:\n      schema:\n        $ref: '#/components/schemas/Limit'\n"
        );
        let (document, _, _) = applied(pets(), &text);
        assert_eq!(document["paths"]["/pets"]["get"]["x-safe"], true);
        assert_eq!(document["paths"]["/pets/{id}"]["get"]["x-safe"], true);
        assert!(document["paths"]["/pets"]["post"].get("x-safe").is_none());
        let limit = &document["paths"]["/pets"]["get"]["parameters"][0];
        assert_eq!(limit["schema"]["$ref"], "#/components/schemas/Limit");
        let dummy = &document["paths"]["/pets"]["get"]["parameters"][1];
        assert!(dummy.get("schema").is_none());
    }

    #[test]
    fn an_array_target_takes_an_entry_and_in_1_1_an_array_is_concatenated() {
        let add = "  - target: $.paths.*.get.parameters\n    update:\n      name: newParam\n      in: query\n";
        let (document, _, origins) = applied(pets(), &format!("{HEAD_1_0}actions:\n{add}"));
        let parameters = &document["paths"]["/pets"]["get"]["parameters"];
        assert_eq!(parameters[2], json!({"name": "newParam", "in": "query"}));
        assert_eq!(
            document["paths"]["/pets/{id}"]["get"]["parameters"][1]["name"],
            "newParam"
        );
        assert!(origins.of("#/paths/~1pets/get/parameters/2/name").is_some());

        let two = "  - target: $.list\n    update: [3, 4]\n";
        let (document, _, _) = applied(json!({"list": [1]}), &format!("{HEAD_1_1}actions:\n{two}"));
        assert_eq!(document["list"], json!([1, 3, 4]));
        let (document, _, _) = applied(json!({"list": [1]}), &format!("{HEAD_1_0}actions:\n{two}"));
        assert_eq!(
            document["list"],
            json!([1, [3, 4]]),
            "1.0 appends the value as one entry"
        );
    }

    #[test]
    fn the_traits_example_adds_parameters_where_a_trait_is_named() {
        let document = json!({
            "paths": {
                "/items": {"get": {"x-oai-traits": ["paged"], "responses": {}}},
                "/items/{id}/subitems": {"get": {
                    "x-oai-traits": ["paged"],
                    "parameters": [{"name": "id", "in": "path"}],
                    "responses": {},
                }},
                "/other": {"get": {"responses": {}}},
            },
        });
        let text = format!(
            "{HEAD_1_0}actions:\n  - target: $.paths[?@.get['x-oai-traits'][?@ == 'paged']].get\n    update:\n      parameters:\n        - {{name: top, in: query}}\n        - {{name: skip, in: query}}\n"
        );
        let (document, _, _) = applied(document, &text);
        let names = |path: &str| -> Vec<String> {
            (document["paths"][path]["get"]["parameters"].as_array())
                .map(|list| {
                    list.iter()
                        .map(|p| p["name"].as_str().unwrap().to_owned())
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(names("/items"), ["top", "skip"]);
        assert_eq!(names("/items/{id}/subitems"), ["id", "top", "skip"]);
        assert!(names("/other").is_empty());
    }

    #[test]
    fn copy_merges_one_node_of_the_document_into_the_targets() {
        let document = json!({
            "components": {"schemas": {"Foo": {"type": "string", "x-a": 1}, "Bar": {"x-b": 2}}},
        });
        let text = format!(
            "{HEAD_1_1}actions:\n  - target: $.components.schemas.Bar\n    copy: $.components.schemas.Foo\n"
        );
        let (document, _, origins) = applied(document, &text);
        assert_eq!(
            document["components"]["schemas"]["Bar"],
            json!({"x-b": 2, "type": "string", "x-a": 1})
        );
        assert!(origins.of("#/components/schemas/Bar/type").is_some());

        let many = format!("{HEAD_1_1}actions:\n  - target: $.a\n    copy: $.b.*\n");
        let err = error(json!({"a": {}, "b": {"x": {}, "y": {}}}), &many);
        assert!(
            err.contains("copy `$.b.*` must select one node; it selects 2"),
            "{err}"
        );
        let old = format!("{HEAD_1_0}actions:\n  - target: $.a\n    copy: $.b\n");
        let err = error(json!({}), &old);
        assert!(err.contains("`copy` is an Overlay 1.1 action"), "{err}");
    }

    #[test]
    fn a_target_that_selects_nothing_is_a_warning_at_the_action() {
        let text =
            format!("{HEAD_1_1}actions:\n  - target: $.paths['/nothing']\n    update: {{x: 1}}\n");
        let (document, warnings, origins) = applied(pets(), &text);
        assert_eq!(document, pets());
        assert!(origins.is_empty());
        assert_eq!(warnings.len(), 1);
        let warning = warnings[0].to_string();
        assert!(warning.contains("o.yaml:4: action 0"), "{warning}");
        assert!(
            warning.contains("`$.paths['/nothing']` selects nothing"),
            "{warning}"
        );
    }

    #[test]
    fn a_bad_overlay_is_an_error_at_its_file_action_and_target() {
        let bad_path = format!("{HEAD_1_1}actions:\n  - target: $.paths[\n    remove: true\n");
        let err = error(pets(), &bad_path);
        assert!(
            err.starts_with("o.yaml:4: action 0: target `$.paths[` is not an RFC 9535 JSONPath"),
            "{err}"
        );
        let second = format!(
            "{HEAD_1_1}actions:\n  - target: $.info\n    update: {{x: 1}}\n  - target: $.info\n"
        );
        let err = error(pets(), &second);
        assert!(
            err.starts_with("o.yaml:6: action 1: the action has no `update`"),
            "{err}"
        );
        let clash =
            format!("{HEAD_1_1}actions:\n  - target: $.info\n    update: {{title: {{a: 1}}}}\n");
        let err = error(pets(), &clash);
        assert!(err.contains("action 0 (target `$.info`)"), "{err}");
        assert!(
            err.contains(
                "#/info/title: the update's object cannot be merged into the document's string"
            ),
            "{err}"
        );
        let not_object = format!("{HEAD_1_1}actions:\n  - target: $.info\n    update: 3\n");
        let err = error(pets(), &not_object);
        assert!(
            err.contains("the target #/info is an object; the update must be an object"),
            "{err}"
        );
        let mixed = format!("{HEAD_1_1}actions:\n  - target: $.info.*\n    update: {{}}\n");
        let err = error(json!({"info": {"a": {}, "b": 1}}), &mixed);
        assert!(err.contains("nodes of different kinds"), "{err}");
        let root = format!("{HEAD_1_1}actions:\n  - target: $\n    remove: true\n");
        let err = error(pets(), &root);
        assert!(err.contains("cannot be removed"), "{err}");
    }

    #[test]
    fn the_overlay_document_itself_is_checked() {
        let cases = [
            (
                "info: {title: t, version: '1'}\nactions: []\n",
                "o.yaml: not an overlay",
            ),
            (
                "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: []\n",
                "version `2.0.0`",
            ),
            ("overlay: 1.0.0\nactions: []\n", "`info.title` is required"),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\n",
                "`actions` is required",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n",
                "at least one action",
            ),
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: [3]\n",
                "action 0: an action must be an object",
            ),
            ("overlay: [\n", "o.yaml:"),
        ];
        for (text, expected) in cases {
            let err = Overlay::parse("o.yaml", text).unwrap_err().to_string();
            assert!(err.contains(expected), "{text}: {err}");
        }
    }
}
