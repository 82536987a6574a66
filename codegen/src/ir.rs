//! The project's own model of an API: what it *is*, free of OpenAPI syntax.
//!
//! The resolver builds it; emitters, change reports and checks read it. Names in it are
//! already valid, unique Rust identifiers; wire names are kept beside them.

/// Index of a named type in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// One value per type of an API, indexed by [`TypeId`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerType<T>(Vec<T>);

impl<T: Clone> PerType<T> {
    /// `value` for each of `api`'s types.
    pub fn new(api: &Api, value: T) -> Self {
        PerType(vec![value; api.types.len()])
    }
}

impl<T> PerType<T> {
    /// The values, in type order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter()
    }

    pub fn into_values(self) -> Vec<T> {
        self.0
    }
}

impl<T> FromIterator<T> for PerType<T> {
    fn from_iter<I: IntoIterator<Item = T>>(values: I) -> Self {
        PerType(values.into_iter().collect())
    }
}

impl<T> std::ops::Index<TypeId> for PerType<T> {
    type Output = T;

    fn index(&self, id: TypeId) -> &T {
        &self.0[id.0]
    }
}

impl<T> std::ops::IndexMut<TypeId> for PerType<T> {
    fn index_mut(&mut self, id: TypeId) -> &mut T {
        &mut self.0[id.0]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    pub tags: Vec<Tag>,
    /// Named types, in a stable order: component schemas in document order, then the
    /// inline schemas they contain, then those named by operations.
    pub types: Vec<TypeDef>,
    /// Operations in document order (path order, then method order within a path).
    pub operations: Vec<Operation>,
    /// Every example value the document gives, with the type it must decode into.
    pub examples: Vec<Example>,
    /// The requests the API's provider sends (3.1 `webhooks`), in document order.
    pub webhooks: Vec<Webhook>,
    /// The names of the std prelude that types take (`naming::note_prelude_taken`):
    /// generated code spells those by full path, and only those, so that a schema
    /// called `Result` changes the lines that say `Result`, not the whole crate.
    pub prelude_taken: Vec<String>,
}

/// A webhook: a request the API's provider sends, its JSON payload typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Its key under `webhooks`.
    pub name: String,
    /// The decode function's name, unique in the `webhooks` module.
    pub fn_name: String,
    pub method: HttpMethod,
    pub media_type: String,
    pub payload: TypeRef,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub origin: String,
}

/// An `example` of the document and the type it describes.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// JSON pointer of the example value.
    pub pointer: String,
    pub ty: TypeRef,
    /// Whether `null` is a valid value of the described schema.
    pub nullable: bool,
    pub value: serde_json::Value,
    /// An `example`, or a `default` (which is checked the same way).
    pub is_default: bool,
}

impl Api {
    /// The title on one line, its runs of white space as single spaces.
    pub fn title_line(&self) -> String {
        self.title.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Every type's id, in order.
    pub fn type_ids(&self) -> impl Iterator<Item = TypeId> {
        (0..self.types.len()).map(TypeId)
    }

    pub fn ty_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.types[id.0]
    }

    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The longest chain of types held by value (boxed fields end a chain): how deep the
    /// compiler must look to tell whether a type needs dropping.
    pub fn nesting_depth(&self) -> usize {
        // 0: not seen; 1: on the current path (a cycle through it adds nothing); 2: done.
        let mut state = PerType::new(self, 0u8);
        let mut depth = PerType::new(self, 0usize);
        let mut deepest = 0;
        for start in self.type_ids() {
            // An explicit stack: the chain may be longer than a thread's stack allows.
            let mut stack = vec![(start, false)];
            while let Some((id, children_done)) = stack.pop() {
                if children_done {
                    let inner = self.held_by_value(id).map(|child| depth[child]).max();
                    depth[id] = 1 + inner.unwrap_or(0);
                    state[id] = 2;
                    continue;
                }
                if state[id] != 0 {
                    continue;
                }
                state[id] = 1;
                stack.push((id, true));
                stack.extend(
                    self.held_by_value(id)
                        .filter(|child| state[*child] == 0)
                        .map(|child| (child, false)),
                );
            }
            deepest = deepest.max(depth[start]);
        }
        deepest
    }

    /// Keeps the types `keep` marks (one flag per type), renumbering every reference to
    /// them; examples of a type that goes go with it. No kept item may refer to a type
    /// that goes.
    pub fn retain_types(&mut self, keep: &PerType<bool>) {
        let mut next = 0;
        let renumbered: PerType<Option<TypeId>> = (keep.values())
            .map(|&kept| {
                let id = kept.then_some(TypeId(next));
                next += usize::from(kept);
                id
            })
            .collect();
        let mut index = 0;
        self.types.retain(|_| {
            index += 1;
            keep[TypeId(index - 1)]
        });
        self.examples
            .retain(|example| example.ty.named_types().iter().all(|id| keep[*id]));
        self.for_each_type_ref_mut(&mut |ty| {
            if let TypeRef::Named(id) = ty {
                *id = renumbered[*id].expect("a kept item refers only to kept types");
            }
        });
    }

    /// Calls `f` on every type expression of the API, nested ones included.
    pub fn for_each_type_ref_mut(&mut self, f: &mut dyn FnMut(&mut TypeRef)) {
        fn walk(ty: &mut TypeRef, f: &mut dyn FnMut(&mut TypeRef)) {
            if let TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) = ty {
                walk(inner, f);
            }
            f(ty);
        }
        for def in &mut self.types {
            match &mut def.kind {
                TypeKind::Struct(s) => {
                    s.fields.iter_mut().for_each(|field| walk(&mut field.ty, f));
                    if let Some(additional) = &mut s.additional {
                        walk(&mut additional.value, f);
                    }
                }
                TypeKind::Union(u) => {
                    for variant in &mut u.variants {
                        walk(&mut variant.ty, f);
                        for field in variant.fields.iter_mut().flatten() {
                            walk(&mut field.ty, f);
                        }
                    }
                }
                TypeKind::Alias(ty) | TypeKind::Newtype(ty) => walk(ty, f),
                TypeKind::Enum(_) | TypeKind::External(_) => {}
            }
        }
        for operation in &mut self.operations {
            operation
                .type_refs_mut()
                .into_iter()
                .for_each(|ty| walk(ty, f));
        }
        for example in &mut self.examples {
            walk(&mut example.ty, f);
        }
        for webhook in &mut self.webhooks {
            walk(&mut webhook.payload, f);
        }
    }

    /// The named types the webhooks' payloads name directly.
    pub fn webhook_types(&self) -> impl Iterator<Item = TypeId> + '_ {
        (self.webhooks.iter()).flat_map(|webhook| webhook.payload.named_types())
    }

    /// The named types an operation's parameters, bodies, responses, stream and paging
    /// name directly.
    pub fn operation_types(operation: &Operation) -> Vec<TypeId> {
        (operation.type_refs().into_iter())
            .flat_map(TypeRef::named_types)
            .collect()
    }

    /// The named types a type expression of `id`'s definition names, extra properties'
    /// values included.
    pub fn type_dependencies(&self, id: TypeId) -> Vec<TypeId> {
        let def = self.ty(id);
        let mut found: Vec<TypeId> = (def.kind.members().into_iter())
            .flat_map(|(ty, _)| ty.named_types())
            .collect();
        if let TypeKind::Struct(Struct {
            additional: Some(additional),
            ..
        }) = &def.kind
        {
            found.extend(additional.value.named_types());
        }
        found
    }

    /// The named types a type holds by value (in fields, variants or its wrapped type).
    fn held_by_value(&self, id: TypeId) -> impl Iterator<Item = TypeId> + '_ {
        (self.ty(id).kind.members().into_iter())
            .filter(|(_, boxed)| !boxed)
            .filter_map(|(ty, _)| ty.named())
    }
}

impl TypeKind {
    /// The type expressions a type is made of (its fields, variants or wrapped type;
    /// not the values of extra properties), each with whether it is boxed.
    pub fn members(&self) -> Vec<(&TypeRef, bool)> {
        match self {
            TypeKind::Struct(s) => s.fields.iter().map(|f| (&f.ty, f.boxed)).collect(),
            TypeKind::Union(u) => (u.variants.iter())
                .flat_map(|v| match &v.fields {
                    Some(fields) => fields.iter().map(|f| (&f.ty, f.boxed)).collect(),
                    None => vec![(&v.ty, v.boxed)],
                })
                .collect(),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![(ty, false)],
            TypeKind::Enum(_) | TypeKind::External(_) => Vec::new(),
        }
    }
}

impl TypeRef {
    /// The named types this expression names (at most one).
    pub fn named_types(&self) -> Vec<TypeId> {
        self.named().into_iter().collect()
    }

    /// The named type this expression holds, through arrays, maps and nullability.
    pub fn named(&self) -> Option<TypeId> {
        match self {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => inner.named(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// URL template, e.g. `https://{instance}.omniapp.co/api`.
    pub url: String,
    pub description: Option<String>,
    pub variables: Vec<ServerVariable>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    pub description: Option<String>,
    pub allowed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The key under `components/securitySchemes`.
    pub name: String,
    /// The name of its constant in the `security` module; `None` for a scheme the
    /// client cannot apply.
    pub const_name: Option<String>,
    pub kind: AuthKind,
    pub description: Option<String>,
    /// The OAuth 2 authorization-code flow the scheme declares, if any.
    pub authorization_code: Option<AuthorizationCode>,
}

/// An OAuth 2 authorization-code flow: where a person signs in, where the code becomes
/// a token, and the scopes it offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationCode {
    pub authorization_url: String,
    pub token_url: String,
    pub scopes: Vec<String>,
}

/// A scheme an operation's security requirement names, with the scopes it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeUse {
    pub scheme: String,
    pub scopes: Vec<String>,
}

/// How a credential is carried on a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>` (http bearer, OpenID Connect).
    Bearer,
    /// An OAuth 2 bearer token; `token_url` is the client credentials flow's, when the
    /// document gives that flow.
    OAuth2 { token_url: Option<String> },
    /// `Authorization: Basic ...`.
    Basic,
    /// An API key in a header, query parameter or cookie of the given name.
    ApiKey {
        location: ParamLocation,
        name: String,
    },
    /// A scheme the client cannot apply by itself (e.g. mutual TLS).
    Unsupported(String),
}

/// Documentation carried from the spec onto the generated item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    pub example: Option<serde_json::Value>,
    pub default: Option<serde_json::Value>,
    /// `format`, when it says more than the Rust type does (e.g. `date-time`).
    pub format: Option<String>,
    pub deprecated: bool,
    pub read_only: bool,
    pub write_only: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust identifier, unique among types.
    pub name: String,
    /// JSON pointer of the schema this type came from.
    pub origin: String,
    pub docs: Docs,
    pub kind: TypeKind,
    /// Derives and outer attributes the user's settings add (`Hash`, `#[non_exhaustive]`).
    pub extra_derives: Vec<String>,
    pub extra_attributes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    /// A name for another type expression (a component schema that is an array, say).
    Alias(TypeRef),
    /// A type expression that mentions itself (`A = Vec<A>`): a type alias cannot, so it
    /// is a transparent one-field struct.
    Newtype(TypeRef),
    /// A Rust type the user's settings put in the schema's place (`rust_decimal::Decimal`):
    /// not generated, named by this path wherever the schema is used.
    External(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Properties beyond the named ones (`additionalProperties`), kept in a flattened
    /// map; `None` when the schema does not ask for them.
    pub additional: Option<AdditionalFields>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AdditionalFields {
    /// The field holding the map, unique among the struct's fields.
    pub name: String,
    /// The type of each extra property's value.
    pub value: TypeRef,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust identifier (may be a raw identifier such as `r#type`).
    pub name: String,
    /// The property name on the wire.
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Set where the field closes a cycle of by-value containment.
    pub boxed: bool,
    pub docs: Docs,
}

/// What a field's Rust type says about its property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// `T`: always there (a missing property is an error, or the schema's default).
    Required,
    /// `Option<T>`: absent or `null` are `None` (optional, or required but nullable).
    Optional,
    /// `Option<T>` of a type that holds `null` itself (any JSON value): absent is
    /// `None`, `null` is `Some(null)`.
    OptionalPresent,
    /// `Option<Option<T>>`: absent, `null` and a value are told apart.
    OptionalNullable,
}

impl Field {
    /// How the field's Rust type wraps its value type. A nullable field whose type
    /// holds `null` by itself (any JSON value, `()`) needs no `Option` for it.
    pub fn presence(&self) -> Presence {
        let holds_null = matches!(self.ty, TypeRef::Json | TypeRef::Unit);
        match (self.required, self.nullable && !holds_null) {
            (true, false) => Presence::Required,
            (true, true) => Presence::Optional,
            (false, false) if holds_null => Presence::OptionalPresent,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

/// An enum of strings or integers. Every generated enum also has a catch-all variant
/// (named [`Enum::unknown`]) that keeps a value a newer server may send.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub repr: EnumRepr,
    pub variants: Vec<Variant>,
    /// Name of the catch-all variant, unique among the variants.
    pub unknown: String,
    /// Whether the schema admits values beyond the listed ones (`anyOf` of an enum and
    /// a plain string), so the catch-all is part of the contract, not just a safeguard.
    pub open: bool,
    /// A closed enum of one value that only required properties hold (a union
    /// variant's tag, a version number): not something a user fills in.
    pub constant: bool,
}

impl Enum {
    /// The value of a constant (see [`Enum::constant`]), emitted as a unit struct that
    /// writes it and reads nothing else.
    pub fn constant_value(&self) -> Option<&Variant> {
        match self.variants.as_slice() {
            [only] if self.constant && !self.open => Some(only),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    /// The value on the wire: the string, or the integer's decimal text.
    pub wire_value: String,
}

/// `oneOf`/`anyOf`: one of several types.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The property whose value says which variant an object is (`discriminator`, or a
    /// property that is a single-value enum in every variant). `None`: the variants are
    /// told apart by shape, in order.
    pub tag: Option<String>,
    pub variants: Vec<UnionVariant>,
    /// Name of the catch-all variant of a tagged union (an unknown tag value).
    pub unknown: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    /// The payload of a variant that wraps a type; [`TypeRef::Unit`] for a struct
    /// variant, whose [`UnionVariant::fields`] hold the payload instead.
    pub ty: TypeRef,
    /// A struct variant's fields (an inline object of a tagged union, the tag left out:
    /// the variant says it), and the object's docs.
    pub fields: Option<Vec<Field>>,
    pub docs: Docs,
    /// For tagged unions: the tag values that select this variant (the first is written).
    pub tag_values: Vec<String>,
    /// Set where the variant closes a cycle of by-value containment.
    pub boxed: bool,
}

/// A type expression.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    Named(TypeId),
    String,
    Integer(IntegerWidth),
    Number(FloatWidth),
    Boolean,
    Array(Box<TypeRef>),
    /// An object with arbitrary keys and values of one type.
    Map(Box<TypeRef>),
    /// Any JSON value.
    Json,
    /// A free-form JSON object.
    JsonObject,
    /// Only `null`.
    Unit,
    /// A value that may be `null` (array items and map values; fields say it themselves).
    Nullable(Box<TypeRef>),
    /// A string of a `format` the settings map to a Rust type (`chrono::NaiveDate`).
    Formatted(Formatted),
}

/// The Rust type a string `format` is read into, by the settings' choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formatted {
    pub format: FormatType,
    /// Whether a value that breaks its format is kept as text
    /// (`runtime::Lenient::Invalid`) instead of failing to decode.
    pub lenient: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatType {
    /// `date-time` as `chrono::DateTime<chrono::Utc>`.
    ChronoDateTime,
    /// `date` as `chrono::NaiveDate`.
    ChronoDate,
    /// `date-time` as `runtime::Timestamp` (a `time::OffsetDateTime` read and written
    /// as RFC 3339, which `time`'s own serde support is not).
    TimeDateTime,
    /// `date` as `time::Date`.
    TimeDate,
    /// `uuid` as `uuid::Uuid`.
    Uuid,
    /// `uri` as `url::Url`.
    Url,
}

impl Formatted {
    /// The Rust type, as a path from the generated crate.
    pub fn rust_path(self) -> String {
        match self.lenient {
            true => format!("crate::runtime::Lenient<{}>", self.format.rust_path()),
            false => self.format.rust_path().to_owned(),
        }
    }
}

impl FormatType {
    /// The Rust type, as a path from the generated crate.
    pub fn rust_path(self) -> &'static str {
        match self {
            FormatType::ChronoDateTime => "::chrono::DateTime<::chrono::Utc>",
            FormatType::ChronoDate => "::chrono::NaiveDate",
            FormatType::TimeDateTime => "crate::runtime::Timestamp",
            FormatType::TimeDate => "::time::Date",
            FormatType::Uuid => "::uuid::Uuid",
            FormatType::Url => "::url::Url",
        }
    }

    /// A name for a union variant holding the type.
    pub fn label(self) -> &'static str {
        match self {
            FormatType::ChronoDateTime | FormatType::TimeDateTime => "DateTime",
            FormatType::ChronoDate | FormatType::TimeDate => "Date",
            FormatType::Uuid => "Uuid",
            FormatType::Url => "Url",
        }
    }

    /// Whether the type is `Copy` (so arguments take it by value).
    pub fn is_copy(self) -> bool {
        !matches!(self, FormatType::Url)
    }
}

/// The Rust integer type of an integer schema, from its `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerWidth {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

impl IntegerWidth {
    /// `int32` -> `I32`, `uint64` -> `U64`; `None` for a format that names no width
    /// (`int64` and no format are `I64`, the caller's default).
    pub fn from_format(format: &str) -> Option<Self> {
        Some(match format {
            "int8" => IntegerWidth::I8,
            "int16" => IntegerWidth::I16,
            "int32" => IntegerWidth::I32,
            "int64" => IntegerWidth::I64,
            "uint8" => IntegerWidth::U8,
            "uint16" => IntegerWidth::U16,
            "uint32" => IntegerWidth::U32,
            // `uint` is what schemars writes for `usize`.
            "uint64" | "uint" => IntegerWidth::U64,
            _ => return None,
        })
    }

    /// The Rust type's name.
    pub fn rust_name(self) -> &'static str {
        match self {
            IntegerWidth::I8 => "i8",
            IntegerWidth::I16 => "i16",
            IntegerWidth::I32 => "i32",
            IntegerWidth::I64 => "i64",
            IntegerWidth::U8 => "u8",
            IntegerWidth::U16 => "u16",
            IntegerWidth::U32 => "u32",
            IntegerWidth::U64 => "u64",
        }
    }

    /// Whether the type holds `value`, a JSON number.
    pub fn holds(self, value: &serde_json::Value) -> bool {
        let (min, max): (i128, i128) = match self {
            IntegerWidth::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntegerWidth::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntegerWidth::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntegerWidth::I64 => (i64::MIN.into(), i64::MAX.into()),
            IntegerWidth::U8 => (0, u8::MAX.into()),
            IntegerWidth::U16 => (0, u16::MAX.into()),
            IntegerWidth::U32 => (0, u32::MAX.into()),
            IntegerWidth::U64 => (0, u64::MAX.into()),
        };
        let number = match (value.as_i64(), value.as_u64()) {
            (Some(n), _) => i128::from(n),
            (None, Some(n)) => i128::from(n),
            (None, None) => return false,
        };
        (min..=max).contains(&number)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloatWidth {
    F32,
    F64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    /// The `in` of the parameter, as the document writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId` as written, or the name derived from method and path.
    pub operation_id: String,
    /// Rust method name, unique among operations.
    pub method_name: String,
    /// For list operations that page with a cursor: how, and the name of the method that
    /// streams the items of every page.
    pub pagination: Option<Pagination>,
    /// For operations whose success body is binary: the name of the method that hands
    /// the body over piece by piece ([`Operation::method_name`] reads it whole).
    pub download_method: Option<String>,
    /// The method that reads a streamed success (server-sent events, JSON Lines) item
    /// by item.
    pub stream: Option<ItemStream>,
    pub http_method: HttpMethod,
    /// The path template as written, e.g. `/scim/v2/users/{userId}`.
    pub path: String,
    /// The template split into `/`-separated segments.
    pub segments: Vec<PathSegment>,
    /// Whether the template ends with `/` after a segment (`/users/`).
    pub trailing_slash: bool,
    /// The pairs a query string in the template holds (`/templates?desc=html`), each
    /// value made of pieces like a segment; sent before the declared query parameters.
    pub template_query: Vec<(String, PathSegment)>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub tags: Vec<String>,
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// Alternatives, each a set of schemes that must all be satisfied; empty means no
    /// authentication. Already resolved against the document-wide default.
    pub security: Vec<Vec<SchemeUse>>,
    /// Whether the operation overrides the document-wide security.
    pub security_overridden: bool,
    /// JSON pointer of the operation.
    pub origin: String,
}

/// A success response read as a stream of items.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemStream {
    pub method_name: String,
    pub media_type: String,
    pub framing: Framing,
    /// The type of an item (an event's `data`, a line); `None`: text as it is.
    pub item: Option<TypeRef>,
    /// The `data` that ends an event stream (`[DONE]`), as the document's examples show.
    pub sentinel: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    ServerSentEvents,
    JsonLines,
}

impl Framing {
    /// How a media type's body is read item by item, if it is a stream of items.
    pub fn of(media_type: &str) -> Option<Framing> {
        match media_essence(media_type).as_str() {
            "text/event-stream" => Some(Framing::ServerSentEvents),
            "application/jsonl" | "application/x-ndjson" | "application/x-jsonlines" => {
                Some(Framing::JsonLines)
            }
            _ => None,
        }
    }
}

/// The HTTP methods a path item may hold an operation for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// Every method, in the order of a path item's fields.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// As HTTP writes it: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }

    /// As a path item's key writes it: `get`.
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }

    /// The method a path item's key names.
    pub fn from_key(key: &str) -> Option<HttpMethod> {
        HttpMethod::ALL
            .into_iter()
            .find(|method| method.key() == key)
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a list operation pages: the reply's items are one array field, and the next
/// page is asked for by cursor or by index.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub stream_method: String,
    /// The reply's array field and the type of its items.
    pub items: Field,
    pub item_type: TypeRef,
    pub paging: Paging,
}

impl Pagination {
    fn type_refs(&self) -> Vec<&TypeRef> {
        let mut found = vec![&self.items.ty, &self.item_type];
        found.extend(self.paging.fields().into_iter().map(|field| &field.ty));
        found
    }

    fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        let mut found = vec![&mut self.items.ty, &mut self.item_type];
        found.extend(
            self.paging
                .fields_mut()
                .into_iter()
                .map(|field| &mut field.ty),
        );
        found
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Paging {
    /// A cursor query parameter set from a field of the reply: `cursor` from
    /// `pageInfo.nextCursor`, or Dropshot's `page_token` from `next_page`.
    Cursor {
        /// Index into [`Operation::parameters`] of the (optional) cursor parameter.
        cursor_parameter: usize,
        /// The reply's page-information field that holds the next cursor and (if
        /// present) the has-next-page flag; `None` when the reply holds them itself.
        page_info: Option<Box<Field>>,
        next_cursor: Box<Field>,
        has_next_page: Option<Box<Field>>,
    },
    /// SCIM's 1-based `startIndex` query parameter, moved on by the items received,
    /// until the reply's `totalResults` are all read.
    Index {
        /// Index into [`Operation::parameters`]; an integer or a string holding one.
        start_parameter: usize,
        total_results: Box<Field>,
    },
}

impl Paging {
    /// The reply's fields the paging reads.
    pub fn fields(&self) -> Vec<&Field> {
        match self {
            Paging::Cursor {
                page_info,
                next_cursor,
                has_next_page,
                ..
            } => (page_info.iter().map(|b| &**b))
                .chain([&**next_cursor])
                .chain(has_next_page.iter().map(|b| &**b))
                .collect(),
            Paging::Index { total_results, .. } => vec![&**total_results],
        }
    }

    fn fields_mut(&mut self) -> Vec<&mut Field> {
        match self {
            Paging::Cursor {
                page_info,
                next_cursor,
                has_next_page,
                ..
            } => (page_info.iter_mut().map(|b| &mut **b))
                .chain([&mut **next_cursor])
                .chain(has_next_page.iter_mut().map(|b| &mut **b))
                .collect(),
            Paging::Index { total_results, .. } => vec![&mut **total_results],
        }
    }
}

impl Operation {
    /// Every type expression of the operation, outermost only. Each place a type can
    /// appear is listed here once (the pattern names every field, so a new field must
    /// be placed): renumbering after types go, and reachability, rely on it.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        let Operation {
            parameters,
            body,
            responses,
            stream,
            pagination,
            operation_id: _,
            method_name: _,
            download_method: _,
            http_method: _,
            path: _,
            segments: _,
            trailing_slash: _,
            template_query: _,
            summary: _,
            description: _,
            deprecated: _,
            tags: _,
            security: _,
            security_overridden: _,
            origin: _,
        } = self;
        let mut found: Vec<&TypeRef> = parameters.iter().map(|p| &p.ty).collect();
        if let Some(RequestBody {
            kind, alternatives, ..
        }) = body
        {
            found.extend(kind.type_refs());
            found.extend(alternatives.iter().flat_map(|a| a.kind.type_refs()));
        }
        for response in responses {
            found.extend(response.body.iter().flat_map(|b| b.kind.type_refs()));
        }
        found.extend(stream.iter().filter_map(|s| s.item.as_ref()));
        if let Some(pagination) = pagination {
            found.extend(pagination.type_refs());
        }
        found
    }

    /// [`Operation::type_refs`], to change them.
    pub fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        let Operation {
            parameters,
            body,
            responses,
            stream,
            pagination,
            operation_id: _,
            method_name: _,
            download_method: _,
            http_method: _,
            path: _,
            segments: _,
            trailing_slash: _,
            template_query: _,
            summary: _,
            description: _,
            deprecated: _,
            tags: _,
            security: _,
            security_overridden: _,
            origin: _,
        } = self;
        let mut found: Vec<&mut TypeRef> = parameters.iter_mut().map(|p| &mut p.ty).collect();
        if let Some(RequestBody {
            kind, alternatives, ..
        }) = body
        {
            found.extend(kind.type_refs_mut());
            found.extend(alternatives.iter_mut().flat_map(|a| a.kind.type_refs_mut()));
        }
        for response in responses {
            found.extend(
                response
                    .body
                    .iter_mut()
                    .flat_map(|b| b.kind.type_refs_mut()),
            );
        }
        found.extend(stream.iter_mut().filter_map(|s| s.item.as_mut()));
        if let Some(pagination) = pagination {
            found.extend(pagination.type_refs_mut());
        }
        found
    }

    /// The response a call returns on success: the lowest 2xx status declared.
    pub fn success_response(&self) -> Option<&Response> {
        self.responses
            .iter()
            .filter(|r| r.status.is_success())
            .min_by_key(|r| r.status)
    }

    /// The 2xx responses in status order, when they do not all carry the same body (a
    /// call then answers which one arrived); `None` when one type describes them all.
    pub fn varied_successes(&self) -> Option<Vec<&Response>> {
        let mut successes: Vec<&Response> = self
            .responses
            .iter()
            .filter(|r| r.status.is_success())
            .collect();
        successes.sort_by_key(|r| r.status);
        let first = successes.first()?;
        let body = |r: &Response| r.body.as_ref().map(|b| b.kind.clone());
        successes
            .iter()
            .any(|r| body(r) != body(first))
            .then_some(successes)
    }

    /// The non-success responses with a JSON body, and that body's type, by status.
    pub fn error_bodies(&self) -> Vec<(&Response, &TypeRef)> {
        let mut bodies: Vec<(&Response, &TypeRef)> = self
            .responses
            .iter()
            .filter(|r| !r.status.is_success())
            .filter_map(|r| match r.body.as_ref().map(|b| &b.kind) {
                Some(BodyKind::Json(ty)) => Some((r, ty)),
                _ => None,
            })
            .collect();
        bodies.sort_by_key(|(r, _)| r.status);
        bodies
    }

    /// Whether the error responses carry bodies of more than one type (the client then
    /// decodes them into an enum by status).
    pub fn errors_vary(&self) -> bool {
        let bodies = self.error_bodies();
        bodies.iter().any(|(_, ty)| *ty != bodies[0].1)
    }

    /// Whether the success body is bytes (a download) rather than JSON or text.
    pub fn success_is_binary(&self) -> bool {
        matches!(
            self.success_response()
                .and_then(|r| r.body.as_ref())
                .map(|b| &b.kind),
            Some(BodyKind::Binary | BodyKind::Multipart(_))
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathSegment {
    pub pieces: Vec<PathPiece>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    Literal(String),
    /// Index into [`Operation::parameters`].
    Parameter(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub wire_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    /// How a query array or object is laid out (`style`).
    pub style: ParamStyle,
    /// For query arrays and objects: one pair per item or property (`true`), or one
    /// pair with the items joined by the style's delimiter.
    pub explode: bool,
    pub docs: Docs,
    /// JSON pointer of the parameter's definition.
    pub origin: String,
}

/// OpenAPI's `style` of a query parameter; other locations use their only style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub required: bool,
    /// The preferred media type (JSON first, then forms, multipart, text, anything else).
    pub media_type: String,
    pub kind: BodyKind,
    pub description: Option<String>,
    /// The other media types the body may be sent as, each by a method of its own.
    pub alternatives: Vec<BodyAlternative>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BodyAlternative {
    pub method_name: String,
    pub media_type: String,
    pub kind: BodyKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    Json(TypeRef),
    /// `application/x-www-form-urlencoded`, with how the document says properties are
    /// written (its `encoding`).
    Form(TypeRef, FormEncoding),
    /// `multipart/form-data`: one part per property of the body schema.
    Multipart(Vec<FormPart>),
    Text,
    Binary,
}

impl BodyKind {
    /// The type expressions of the body: its type, or its parts' values.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        match self {
            BodyKind::Json(ty) | BodyKind::Form(ty, _) => vec![ty],
            BodyKind::Multipart(parts) => (parts.iter())
                .filter_map(|part| match &part.kind {
                    FormPartKind::Value(ty) => Some(ty),
                    FormPartKind::File | FormPartKind::Files => None,
                })
                .collect(),
            BodyKind::Text | BodyKind::Binary => Vec::new(),
        }
    }

    fn type_refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            BodyKind::Json(ty) | BodyKind::Form(ty, _) => vec![ty],
            BodyKind::Multipart(parts) => (parts.iter_mut())
                .filter_map(|part| match &mut part.kind {
                    FormPartKind::Value(ty) => Some(ty),
                    FormPartKind::File | FormPartKind::Files => None,
                })
                .collect(),
            BodyKind::Text | BodyKind::Binary => Vec::new(),
        }
    }
}

/// The properties of a form body the document's `encoding` gives a style of their own,
/// by wire name; the others follow the bracket convention real form APIs use
/// (`metadata[key]=value`, `items[0][price]=1`, a scalar array's name repeated).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormEncoding(pub Vec<(String, FormStyle)>);

/// How one property of a form body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// `style: form, explode: true`: an array's name repeated, an object's properties as
    /// pairs of their own (`a=1&b=2`).
    Exploded,
    /// `style: form, explode: false`: `tags=a,b`, an object as `key,value,..`.
    Comma,
    /// `spaceDelimited`: `tags=a b`.
    Space,
    /// `pipeDelimited`: `tags=a|b`.
    Pipe,
    /// `contentType: application/json`: the value as JSON text.
    Json,
}

/// One part of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub struct FormPart {
    /// Rust field name, unique among the parts.
    pub name: String,
    pub wire_name: String,
    pub required: bool,
    pub kind: FormPartKind,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FormPartKind {
    /// A file (`format: binary`): bytes with a file name and a content type.
    File,
    /// Several files under one name.
    Files,
    /// A value sent as text: itself for scalars, JSON otherwise.
    Value(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: StatusMatch,
    pub description: String,
    /// `None` when the response has no body.
    pub body: Option<ResponseBody>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseBody {
    pub media_type: String,
    pub kind: BodyKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX` and friends: the first digit.
    Range(u16),
    Default,
}

/// `404`, `4XX` or `default`, as the document writes the response key.
impl std::fmt::Display for StatusMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusMatch::Code(code) => write!(f, "{code}"),
            StatusMatch::Range(first) => write!(f, "{first}XX"),
            StatusMatch::Default => f.write_str("default"),
        }
    }
}

impl StatusMatch {
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Code(code) => (200..300).contains(&code),
            StatusMatch::Range(first) => first == 2,
            StatusMatch::Default => false,
        }
    }
}

/// A media type without its parameters, lower-cased: `Application/JSON; charset=utf-8`
/// -> `application/json`.
pub fn media_essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}
