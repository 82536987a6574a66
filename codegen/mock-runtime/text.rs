//! Values read back from text: a query, a header, a form body and multipart text parts
//! carry no types, so each piece is read as the Rust type that wants it (a number where
//! an integer is asked for, the text itself where a string is), and `a[b][0]=c` pairs
//! become nested objects and arrays.

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;
use std::fmt;

/// Why a text did not read as its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError(pub String);

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TextError {}

impl de::Error for TextError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        TextError(message.to_string())
    }
}

/// Text, or the objects and arrays that pairs with brackets in their names make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Text(String),
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
}

impl Node {
    /// The tree of `name=value` pairs whose names use brackets: `a[b]=1&a[c][]=2` is
    /// `{a: {b: 1, c: [2]}}`; a name given twice makes an array.
    pub fn from_pairs<'p>(pairs: impl IntoIterator<Item = (&'p str, &'p str)>) -> Node {
        let mut root = Node::Map(Vec::new());
        for (name, value) in pairs {
            let keys = bracket_keys(name);
            root.insert(&keys, value.to_owned());
        }
        root
    }

    fn insert(&mut self, keys: &[&str], value: String) {
        let Some((first, rest)) = keys.split_first() else {
            return;
        };
        match self {
            Node::Map(entries) => {
                let position = entries.iter().position(|(key, _)| key == first);
                match (position, rest.is_empty()) {
                    (Some(index), true) => entries[index].1.push(Node::Text(value)),
                    (Some(index), false) => entries[index].1.insert(rest, value),
                    (None, true) => entries.push(((*first).to_owned(), Node::Text(value))),
                    (None, false) => {
                        // `a[]=1&a[]=2`: an array; `a[b]=1`: an object.
                        let mut child = match rest[0].is_empty() {
                            true => Node::Seq(Vec::new()),
                            false => Node::Map(Vec::new()),
                        };
                        child.insert(rest, value);
                        entries.push(((*first).to_owned(), child));
                    }
                }
            }
            Node::Seq(items) if first.is_empty() => items.push(Node::Text(value)),
            other => {
                let mut map = Node::Map(Vec::new());
                map.insert(keys, value);
                other.push(map);
            }
        }
    }

    /// Adds another value under the same name: the node becomes an array.
    fn push(&mut self, node: Node) {
        match self {
            Node::Seq(items) => items.push(node),
            other => {
                let first = std::mem::replace(other, Node::Seq(Vec::new()));
                *other = Node::Seq(vec![first, node]);
            }
        }
    }
}

/// `a[b][]` -> `["a", "b", ""]`.
fn bracket_keys(name: &str) -> Vec<&str> {
    let Some(open) = name.find('[') else {
        return vec![name];
    };
    let mut keys = vec![&name[..open]];
    let mut rest = &name[open..];
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']') else {
            break;
        };
        keys.push(&inner[..close]);
        rest = &inner[close + 1..];
    }
    keys
}

/// Reads `T` from one text.
pub fn from_text<T: de::DeserializeOwned>(text: &str) -> Result<T, TextError> {
    T::deserialize(Text(text))
}

/// Reads `T` from a tree of pairs.
pub fn from_node<T: de::DeserializeOwned>(node: Node) -> Result<T, TextError> {
    T::deserialize(node)
}

/// One piece of text, read as whatever type asks for it.
struct Text<'t>(&'t str);

impl Text<'_> {
    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, TextError> {
        self.0
            .trim()
            .parse()
            .map_err(|_| TextError(format!("`{}` is not {what}", self.0)))
    }

    /// Objects and arrays in text are JSON (`runtime::text_of` writes them so).
    fn json<'de, V: Visitor<'de>>(&self, visitor: V) -> Result<V::Value, TextError> {
        use serde::Deserializer;
        let problem = |err: serde_json::Error| {
            TextError(format!("`{}` is not the JSON expected: {err}", self.0))
        };
        let value: serde_json::Value = serde_json::from_str(self.0).map_err(problem)?;
        value.deserialize_any(visitor).map_err(problem)
    }

    fn looks_like_json(&self) -> bool {
        let text = self.0.trim_start();
        text.starts_with('{') || text.starts_with('[')
    }
}

macro_rules! parse_as {
    ($($method:ident $visit:ident $what:literal,)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
            visitor.$visit(self.parse($what)?)
        })*
    };
}

impl<'de> de::Deserializer<'de> for Text<'_> {
    type Error = TextError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        if self.looks_like_json() {
            return self.json(visitor);
        }
        visitor.visit_str(self.0)
    }

    parse_as! {
        deserialize_bool visit_bool "true or false",
        deserialize_i8 visit_i8 "an integer",
        deserialize_i16 visit_i16 "an integer",
        deserialize_i32 visit_i32 "an integer",
        deserialize_i64 visit_i64 "an integer",
        deserialize_i128 visit_i128 "an integer",
        deserialize_u8 visit_u8 "a non-negative integer",
        deserialize_u16 visit_u16 "a non-negative integer",
        deserialize_u32 visit_u32 "a non-negative integer",
        deserialize_u64 visit_u64 "a non-negative integer",
        deserialize_u128 visit_u128 "a non-negative integer",
        deserialize_f32 visit_f32 "a number",
        deserialize_f64 visit_f64 "a number",
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TextError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        if self.looks_like_json() {
            return self.json(visitor);
        }
        // One value where a list is asked for: a list of one.
        visitor.visit_seq(SeqDeserializer::new(std::iter::once(Node::Text(
            self.0.to_owned(),
        ))))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        self.json(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        self.json(visitor)
    }

    forward_to_deserialize_any! {
        char str string bytes byte_buf unit_struct tuple tuple_struct identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, TextError> for Node {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// A map whose keys are all indexes (`items[0]`, `items[1]`) read as an array.
fn indexed_items(entries: Vec<(String, Node)>) -> Result<Vec<Node>, Vec<(String, Node)>> {
    if entries.is_empty() || !entries.iter().all(|(key, _)| key.parse::<usize>().is_ok()) {
        return Err(entries);
    }
    let mut entries = entries;
    entries.sort_by_key(|(key, _)| key.parse::<usize>().unwrap_or(usize::MAX));
    Ok(entries.into_iter().map(|(_, node)| node).collect())
}

macro_rules! text_only {
    ($($method:ident,)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
            match self {
                Node::Text(text) => Text(&text).$method(visitor),
                other => other.deserialize_any(visitor),
            }
        })*
    };
}

impl<'de> de::Deserializer<'de> for Node {
    type Error = TextError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self {
            Node::Text(text) => Text(&text).deserialize_any(visitor),
            Node::Map(entries) => visitor.visit_map(MapDeserializer::new(entries.into_iter())),
            Node::Seq(items) => visitor.visit_seq(SeqDeserializer::new(items.into_iter())),
        }
    }

    text_only! {
        deserialize_bool, deserialize_i8, deserialize_i16, deserialize_i32, deserialize_i64,
        deserialize_i128, deserialize_u8, deserialize_u16, deserialize_u32, deserialize_u64,
        deserialize_u128, deserialize_f32, deserialize_f64, deserialize_unit,
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TextError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        match self {
            Node::Text(text) => Text(&text).deserialize_enum(name, variants, visitor),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self {
            Node::Text(text) => Text(&text).deserialize_seq(visitor),
            Node::Seq(items) => visitor.visit_seq(SeqDeserializer::new(items.into_iter())),
            Node::Map(entries) => match indexed_items(entries) {
                Ok(items) => visitor.visit_seq(SeqDeserializer::new(items.into_iter())),
                Err(entries) => Node::Map(entries).deserialize_any(visitor),
            },
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TextError> {
        match self {
            Node::Text(text) => Text(&text).deserialize_map(visitor),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TextError> {
        match self {
            Node::Text(text) => Text(&text).deserialize_struct(name, fields, visitor),
            other => other.deserialize_any(visitor),
        }
    }

    forward_to_deserialize_any! {
        char str string bytes byte_buf unit_struct tuple tuple_struct identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn text_reads_as_the_type_that_asks() {
        assert_eq!(from_text::<i64>("42"), Ok(42));
        assert_eq!(from_text::<String>("42"), Ok("42".to_owned()));
        assert_eq!(from_text::<bool>("true"), Ok(true));
        assert_eq!(from_text::<Vec<u8>>("7"), Ok(vec![7]));
        assert!(from_text::<u32>("-1").is_err());
        let object: BTreeMap<String, i64> = from_text(r#"{"a":1}"#).unwrap();
        assert_eq!(object["a"], 1);
    }

    #[test]
    fn bracketed_pairs_make_objects_and_arrays() {
        let node = Node::from_pairs([
            ("name", "n"),
            ("items[0][price]", "3"),
            ("items[1][price]", "4"),
            ("tags", "a"),
            ("tags", "b"),
            ("meta[key]", "v"),
            ("ids[]", "1"),
            ("ids[]", "2"),
        ]);
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Item {
            price: u32,
        }
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Body {
            name: String,
            items: Vec<Item>,
            tags: Vec<String>,
            meta: BTreeMap<String, String>,
            ids: Vec<u8>,
        }
        let body: Body = from_node(node).unwrap();
        assert_eq!(body.items, vec![Item { price: 3 }, Item { price: 4 }]);
        assert_eq!(body.tags, ["a", "b"]);
        assert_eq!(body.meta["key"], "v");
        assert_eq!(body.ids, [1, 2]);
    }
}
