//! Property: any valid document of random schemas and operations generates, which means
//! every emitted item parsed with `syn` (the format stage parses each one and calls a
//! failure a generator bug). Documents come from a fixed-seed generator, so a failure
//! reproduces; its seed is in the message.

use serde_json::{json, Map, Value};

/// xorshift64*: small, deterministic, good enough to pick shapes.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Names meant to collide, shadow and break: keywords, case twins, symbols, digits, emoji.
const NAMES: &[&str] = &[
    "id",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "fn",
    "match",
    "async",
    "value",
    "Value",
    "VALUE",
    "foo_bar",
    "fooBar",
    "FooBar",
    "foo-bar",
    "foo.bar",
    "2fa",
    "_",
    "__x",
    "x y",
    "😀",
    "é",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Client",
    "Error",
    "serde",
    "std",
    "r#type",
    "",
    "a/b",
    "{id}",
    "`tick`",
    "*/",
    "\"q\"",
    "#[doc]",
    "urn:ietf:params:scim:schemas:core:2.0:User",
];

struct Document {
    random: Random,
    schemas: Vec<String>,
}

impl Document {
    fn name(&mut self) -> String {
        let base = self.random.pick(NAMES).to_owned();
        if self.random.chance(30) {
            format!("{base}{}", self.random.below(3))
        } else {
            base
        }
    }

    fn text(&mut self) -> String {
        let pieces = [
            "*/",
            "/*",
            "\"#",
            "\\",
            "```",
            "\n",
            "#[doc = \"x\"]",
            "plain words",
        ];
        (0..self.random.below(4))
            .map(|_| self.random.pick(&pieces))
            .collect()
    }

    fn schema(&mut self, depth: usize) -> Value {
        let choice = if depth > 4 {
            self.random.below(4)
        } else {
            self.random.below(11)
        };
        let mut schema = match choice {
            0 => json!({"type": "string"}),
            1 => json!({"type": "integer", "format": self.random.pick(&["int32", "int64"])}),
            2 => json!({"type": "number"}),
            3 => json!({"type": "boolean"}),
            4 => {
                let values: Vec<String> =
                    (0..1 + self.random.below(5)).map(|_| self.name()).collect();
                json!({"type": "string", "enum": values})
            }
            5 => json!({"type": "array", "items": self.schema(depth + 1)}),
            6 => json!({"type": "object", "additionalProperties": self.schema(depth + 1)}),
            7 if !self.schemas.is_empty() => {
                let target = self.schemas[self.random.below(self.schemas.len())].clone();
                json!({"$ref": format!("#/components/schemas/{}", pointer_token(&target))})
            }
            8 => {
                let key = if self.random.chance(50) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                let variants: Vec<Value> = (0..2 + self.random.below(2))
                    .map(|_| self.schema(depth + 1))
                    .collect();
                json!({ key: variants })
            }
            9 => json!({"allOf": [self.object(depth + 1), self.object(depth + 1)]}),
            _ => self.object(depth + 1),
        };
        if self.random.chance(20) {
            schema["nullable"] = json!(true);
        }
        if self.random.chance(30) {
            schema["description"] = json!(self.text());
        }
        schema
    }

    fn object(&mut self, depth: usize) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for _ in 0..self.random.below(5) {
            let name = self.name();
            if self.random.chance(40) {
                required.push(json!(name.clone()));
            }
            properties.insert(name, self.schema(depth + 1));
        }
        json!({"type": "object", "properties": properties, "required": required})
    }

    fn build(seed: u64) -> Value {
        let mut document = Document {
            random: Random(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1),
            schemas: Vec::new(),
        };
        let mut schemas = Map::new();
        for _ in 0..1 + document.random.below(6) {
            let name = document.name();
            if name.is_empty() || schemas.contains_key(&name) {
                continue;
            }
            document.schemas.push(name.clone());
            let schema = document.schema(0);
            schemas.insert(name, schema);
        }
        let mut paths = Map::new();
        for index in 0..1 + document.random.below(4) {
            let parameter = document.name();
            let mut operation = json!({
                "summary": document.text(),
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": parameter, "in": document.random.pick(&["query", "header", "cookie"]),
                     "schema": document.schema(3)}
                ],
                "responses": {"200": {"description": "ok", "content": {
                    "application/json": {"schema": document.schema(1)}
                }}}
            });
            if document.random.chance(60) {
                operation["operationId"] = json!(document.name());
            }
            if document.random.chance(40) {
                operation["requestBody"] = json!({"content": {
                    "application/json": {"schema": document.schema(1)}
                }});
            }
            let method = document
                .random
                .pick(&["get", "post", "put", "delete", "patch"]);
            paths.insert(format!("/r{index}/{{id}}"), json!({ method: operation }));
        }
        json!({
            "openapi": "3.0.3",
            "info": {"title": document.text(), "version": "1.0.0"},
            "paths": paths,
            "components": {"schemas": schemas}
        })
    }
}

fn pointer_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

#[test]
fn random_documents_generate_code_that_parses() {
    let (mut types, mut operations) = (0, 0);
    for seed in 0..300 {
        let document = Document::build(seed).to_string();
        let generated = codegen::Generator::new("random-client")
            .generate(&format!("random-{seed}.json"), &document)
            .unwrap_or_else(|err| panic!("seed {seed}: {err}\n{document}"));
        types += generated.api.types.len();
        operations += generated.api.operations.len();
    }
    // The documents are not trivial: they make types and operations to emit.
    assert!(
        types > 1000 && operations > 500,
        "{types} types, {operations} operations"
    );
}
