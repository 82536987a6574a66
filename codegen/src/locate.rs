//! The line of a JSON pointer in a document's text (YAML or JSON), for reports that
//! point reviewers and CI annotations at the spec, and for errors in an overlay. Read
//! from the YAML parser's events, which carry their line, so both syntaxes need one walk.

use std::collections::{HashMap, HashSet};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// The lines of the pointers asked for, and of every place above them.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    lines: HashMap<String, usize>,
}

impl Lines {
    /// Reads `text` for the places `wanted` names (JSON pointers, `#/...`). A text that
    /// does not parse has no lines.
    pub(crate) fn of<'a>(text: &str, wanted: impl IntoIterator<Item = &'a str>) -> Lines {
        let mut asked = HashSet::new();
        for pointer in wanted {
            let mut place = pointer;
            while asked.insert(place.to_owned()) {
                match place.rsplit_once('/') {
                    Some((parent, _)) => place = parent,
                    None => break,
                }
            }
        }
        let mut walker = Walker {
            asked,
            found: HashMap::new(),
            stack: Vec::new(),
            pointer: "#".to_owned(),
        };
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut walker, false).is_err() {
            return Lines::default();
        }
        Lines {
            lines: walker.found,
        }
    }

    /// The line of `pointer`, or of the nearest place above it that the text has.
    pub(crate) fn line_of(&self, pointer: &str) -> Option<usize> {
        let mut place = pointer;
        loop {
            if let Some(&line) = self.lines.get(place) {
                return Some(line);
            }
            place = place.rsplit_once('/')?.0;
        }
    }
}

/// Where the walk is inside a container.
enum Frame {
    /// In a mapping: the length of the pointer without the current key, and the key
    /// (with its line) once read.
    Mapping { base: usize, key: Option<usize> },
    /// In a sequence: the length of the pointer without the index, and the next index.
    Sequence { base: usize, next: usize },
}

struct Walker {
    asked: HashSet<String>,
    found: HashMap<String, usize>,
    stack: Vec<Frame>,
    pointer: String,
}

impl Walker {
    /// A node starts at `line`: records its pointer, and says whether it is a key.
    fn node(&mut self, line: usize, key_text: Option<&str>) -> bool {
        match self.stack.last_mut() {
            None => {
                self.found.insert("#".to_owned(), line);
                false
            }
            Some(Frame::Mapping { base, key }) => match key.take() {
                None => {
                    // A key: the value's pointer ends with it, at the key's line.
                    let base = *base;
                    self.pointer.truncate(base);
                    self.pointer.push('/');
                    let token = key_text
                        .unwrap_or("?")
                        .replace('~', "~0")
                        .replace('/', "~1");
                    self.pointer.push_str(&token);
                    if self.asked.contains(&self.pointer) {
                        self.found.insert(self.pointer.clone(), line);
                    }
                    if let Some(Frame::Mapping { key, .. }) = self.stack.last_mut() {
                        *key = Some(line);
                    }
                    true
                }
                Some(_) => false,
            },
            Some(Frame::Sequence { base, next }) => {
                let index = *next;
                *next += 1;
                self.pointer.truncate(*base);
                self.pointer.push('/');
                self.pointer.push_str(&index.to_string());
                if self.asked.contains(&self.pointer) {
                    self.found.insert(self.pointer.clone(), line);
                }
                false
            }
        }
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = mark.line();
        match event {
            Event::Scalar(text, ..) => {
                self.node(line, Some(&text));
            }
            Event::Alias(_) => {
                self.node(line, None);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_key = self.node(line, None);
                if is_key {
                    // A container as a key: nothing inside it has a pointer worth finding.
                    if let Some(Frame::Mapping { key, .. }) = self.stack.last_mut() {
                        *key = Some(line);
                    }
                }
                let base = self.pointer.len();
                self.stack.push(match event {
                    Event::MappingStart(..) => Frame::Mapping { base, key: None },
                    _ => Frame::Sequence { base, next: 0 },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Mapping { base, .. } | Frame::Sequence { base, .. }) =
                    self.stack.pop()
                {
                    self.pointer.truncate(base);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    #[test]
    fn pointers_find_their_lines_in_yaml_and_json() {
        let yaml = "openapi: 3.0.3\npaths:\n  /pets:\n    get:\n      parameters:\n        - name: limit\n          in: query\n        - name: a/b\n";
        let wanted = [
            "#/paths/~1pets/get",
            "#/paths/~1pets/get/parameters/1",
            "#/paths/~1pets/get/parameters/1/name",
            "#/paths/~1pets/post/requestBody",
        ];
        let lines = Lines::of(yaml, wanted);
        assert_eq!(lines.line_of("#/paths/~1pets/get"), Some(4));
        assert_eq!(lines.line_of("#/paths/~1pets/get/parameters/1"), Some(8));
        assert_eq!(
            lines.line_of("#/paths/~1pets/get/parameters/1/name"),
            Some(8)
        );
        // What the text lacks is at the nearest place above it.
        assert_eq!(lines.line_of("#/paths/~1pets/post/requestBody"), Some(3));
        let json = "{\n  \"paths\": {\n    \"/pets\": {\n      \"get\": {\n        \"x\": 1\n      }\n    }\n  }\n}\n";
        let lines = Lines::of(json, ["#/paths/~1pets/get/x"]);
        assert_eq!(lines.line_of("#/paths/~1pets/get/x"), Some(5));
        assert_eq!(lines.line_of("#/paths/~1pets"), Some(3));
    }
}
