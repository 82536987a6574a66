//! One command per operation: the clap `Command` that describes it (arguments, flags,
//! help from the document) and the function that reads the matches into the client's
//! types, calls the client and prints the reply.

use super::names::{self, Taken};
use crate::emit::ident;
use crate::ir::{
    Api, BodyKind, EnumRepr, FormPart, FormPartKind, Operation, ParamLocation, Parameter,
    ResponseBody, TypeKind, TypeRef,
};
use crate::naming::{camel_ident, status_variant};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

/// An operation's command: its name in its group, and its two functions.
pub(crate) struct CommandItems {
    pub(crate) name: String,
    /// `command_<method>`, which builds the clap command.
    pub(crate) builder: proc_macro2::Ident,
    /// `run_<method>`, which runs it.
    pub(crate) runner: proc_macro2::Ident,
    pub(crate) tokens: TokenStream,
}

/// How one parameter is read from the matches and passed to the method.
struct Input<'a> {
    parameter: &'a Parameter,
    /// The flag (or positional argument) id.
    id: String,
}

/// The flag of one top-level field of a JSON body.
struct BodyField {
    flag: String,
    wire: String,
    json: bool,
    choices: Option<Vec<String>>,
    help: String,
}

/// The flags and arguments of an operation's command, each with its id: the command
/// and a planned conformance call read the same ones.
struct Flags<'a> {
    inputs: Vec<Input<'a>>,
    fields: Vec<BodyField>,
    /// The flag of each multipart part, in the order of the parts.
    parts: Vec<String>,
}

impl<'a> Flags<'a> {
    /// Named clear of the tool's own flags and of each other, in this order.
    fn of(api: &Api, operation: &'a Operation) -> Self {
        let mut taken = Taken::with(&[names::GLOBAL_FLAGS, names::COMMAND_FLAGS].concat());
        Flags {
            inputs: inputs(operation, &mut taken),
            fields: body_fields(api, operation, &mut taken),
            parts: part_ids(operation, &mut taken),
        }
    }
}

pub(crate) fn command(api: &Api, operation: &Operation, name: String) -> CommandItems {
    let method = operation.method_name.trim_start_matches("r#");
    let builder = format_ident!("command_{method}");
    let runner = format_ident!("run_{method}");
    let flags = Flags::of(api, operation);
    let args = (flags.inputs.iter())
        .map(|input| parameter_arg(api, input))
        .chain(flags.fields.iter().map(body_field_arg))
        .chain(body_args(api, operation, &flags.parts))
        .chain(extra_args(operation));
    let about = Literal::string(&about(operation));
    let long_about = Literal::string(&long_about(api, operation));
    let name_literal = Literal::string(&name);
    let deprecated = operation
        .deprecated
        .then(|| quote!(.before_help("Deprecated.")));
    let run = run_body(api, operation, &flags);
    let reads_matches = !flags.inputs.is_empty()
        || operation.body.is_some()
        || operation.pagination.is_some()
        || binary_success(operation);
    let matches = match reads_matches {
        true => quote!(m),
        false => quote!(_m),
    };
    let tokens = quote! {
        pub(super) fn #builder() -> Command {
            Command::new(#name_literal)
                .about(#about)
                .long_about(#long_about)
                #deprecated
                #(.arg(#args))*
        }

        pub(super) fn #runner<'a>(cx: &'a Context, #matches: &'a ArgMatches) -> Running<'a> {
            Box::pin(async move { #run })
        }
    };
    CommandItems {
        name,
        builder,
        runner,
        tokens,
    }
}

/// The parameters with their flag ids: path parameters first, in path order.
fn inputs<'a>(operation: &'a Operation, taken: &mut Taken) -> Vec<Input<'a>> {
    let mut inputs = Vec::new();
    let (path, other): (Vec<&Parameter>, Vec<&Parameter>) =
        (operation.parameters.iter()).partition(|p| p.location == ParamLocation::Path);
    for parameter in path.into_iter().chain(other) {
        let base = names::kebab(&parameter.wire_name);
        let location = parameter.location.as_str();
        let id = taken.claim(&[
            base.clone(),
            format!("param-{base}"),
            format!("{base}-{location}"),
        ]);
        inputs.push(Input { parameter, id });
    }
    inputs
}

/// What a flag of this type takes: its possible values, whether it is a switch, or a
/// list.
enum Shape {
    Plain,
    Choice(Vec<String>),
    Switch,
    List,
}

fn shape(api: &Api, ty: &TypeRef) -> Shape {
    match ty {
        TypeRef::Boolean => Shape::Switch,
        TypeRef::Array(_) => Shape::List,
        TypeRef::Nullable(inner) => shape(api, inner),
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Enum(e) if !e.open => {
                Shape::Choice(e.variants.iter().map(|v| v.wire_value.clone()).collect())
            }
            _ => Shape::Plain,
        },
        _ => Shape::Plain,
    }
}

/// The value name shown in help: the kind of value the flag takes.
fn value_name(api: &Api, ty: &TypeRef) -> Option<&'static str> {
    Some(match ty {
        TypeRef::Integer(_) => "INTEGER",
        TypeRef::Number(_) => "NUMBER",
        TypeRef::Array(item) => return value_name(api, item),
        TypeRef::Nullable(inner) => return value_name(api, inner),
        TypeRef::Map(_) | TypeRef::Json | TypeRef::JsonObject => "JSON",
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(_) | TypeKind::Union(_) => "JSON",
            _ => return None,
        },
        _ => return None,
    })
}

/// A parameter's help: the first line of its description (else where it goes), its
/// example and the server's default.
fn parameter_help(parameter: &Parameter) -> String {
    let mut help = first_line(parameter.docs.description.as_deref().unwrap_or_default());
    if help.is_empty() {
        let location = parameter.location.as_str();
        help = format!("The `{}` {location} parameter", parameter.wire_name);
    }
    let shown = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    if let Some(example) = parameter.docs.example.as_ref().map(shown) {
        if example.len() <= 60 {
            help.push_str(&format!(" (e.g. {example})"));
        }
    }
    if let Some(default) = parameter.docs.default.as_ref().map(shown) {
        if default.len() <= 60 {
            help.push_str(&format!(" [server default: {default}]"));
        }
    }
    if matches!(parameter.ty, TypeRef::Array(_)) {
        help.push_str(" [repeat for each value]");
    }
    if parameter.docs.deprecated {
        help.push_str(" [deprecated]");
    }
    help.trim().to_owned()
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().trim().to_owned()
}

fn parameter_arg(api: &Api, input: &Input<'_>) -> TokenStream {
    let id = Literal::string(&input.id);
    let help = Literal::string(&parameter_help(input.parameter));
    let parameter = input.parameter;
    let value_name = value_name(api, &parameter.ty).map(|name| quote!(.value_name(#name)));
    if parameter.location == ParamLocation::Path {
        return quote!(cli::positional(#id, #help) #value_name);
    }
    let required = parameter.required.then(|| quote!(.required(true)));
    let arg = match shape(api, &parameter.ty) {
        Shape::Choice(values) => quote!(cli::choice(#id, #help, &[#(#values),*])),
        Shape::Switch => quote!(cli::switch(#id, #help)),
        Shape::List => quote!(cli::flags(#id, #help)),
        Shape::Plain => quote!(cli::flag(#id, #help)),
    };
    quote!(#arg #value_name #required)
}

/// The flags of the top-level scalar fields of a JSON (or form) body.
fn body_fields(api: &Api, operation: &Operation, taken: &mut Taken) -> Vec<BodyField> {
    let Some(body) = &operation.body else {
        return Vec::new();
    };
    let (BodyKind::Json(TypeRef::Named(id)) | BodyKind::Form(TypeRef::Named(id), _)) = &body.kind
    else {
        return Vec::new();
    };
    let TypeKind::Struct(fields) = &api.ty(*id).kind else {
        return Vec::new();
    };
    let mut flags = Vec::new();
    for field in &fields.fields {
        if field.docs.read_only {
            continue;
        }
        let ty = match &field.ty {
            TypeRef::Nullable(inner) => inner.as_ref(),
            ty => ty,
        };
        let (json, choices) = match ty {
            TypeRef::String | TypeRef::Formatted(_) => (false, None),
            TypeRef::Integer(_) | TypeRef::Number(_) => (true, None),
            TypeRef::Boolean => (true, Some(vec!["true".to_owned(), "false".to_owned()])),
            TypeRef::Named(id) => match &api.ty(*id).kind {
                // The body's type writes a required constant itself; for an optional
                // body the flag stays, to say the body is sent.
                TypeKind::Enum(e)
                    if body.required && field.required && e.constant_value().is_some() =>
                {
                    continue
                }
                TypeKind::Enum(e) => {
                    let values = e.variants.iter().map(|v| v.wire_value.clone()).collect();
                    (e.repr == EnumRepr::Integer, (!e.open).then_some(values))
                }
                _ => continue,
            },
            _ => continue,
        };
        let base = names::kebab(&field.wire_name);
        let flag = taken.claim(&[base.clone(), format!("body-{base}")]);
        let mut help = first_line(field.docs.description.as_deref().unwrap_or_default());
        if help.is_empty() {
            help = format!("The `{}` field of the body", field.wire_name);
        }
        if field.required {
            help.push_str(" [required in the body]");
        }
        flags.push(BodyField {
            flag,
            wire: field.wire_name.clone(),
            json,
            choices,
            help,
        });
    }
    flags
}

fn body_field_arg(field: &BodyField) -> TokenStream {
    let id = Literal::string(&field.flag);
    let help = Literal::string(&field.help);
    match &field.choices {
        Some(values) if values == &["true", "false"] => quote!(cli::switch(#id, #help)),
        Some(values) => quote!(cli::choice(#id, #help, &[#(#values),*])),
        None => quote!(cli::flag(#id, #help)),
    }
}

/// The flag of each multipart part, in the order of the parts.
fn part_ids(operation: &Operation, taken: &mut Taken) -> Vec<String> {
    let Some(BodyKind::Multipart(parts)) = operation.body.as_ref().map(|b| &b.kind) else {
        return Vec::new();
    };
    (parts.iter())
        .map(|part| {
            let base = names::kebab(&part.wire_name);
            taken.claim(&[base.clone(), format!("part-{base}")])
        })
        .collect()
}

/// `--body`, or a flag per multipart part.
fn body_args(api: &Api, operation: &Operation, part_ids: &[String]) -> Vec<TokenStream> {
    let Some(body) = &operation.body else {
        return Vec::new();
    };
    let what = match &body.kind {
        BodyKind::Json(_) | BodyKind::Form(..) => {
            "The request body as JSON, @FILE or - (stdin); the fields' flags go over it"
        }
        BodyKind::Text => "The request body as text, @FILE or - (stdin)",
        BodyKind::Binary => "The request body: @FILE or - (stdin)",
        BodyKind::Multipart(parts) => {
            return (parts.iter().zip(part_ids))
                .map(|(part, id)| part_arg(api, part, id))
                .collect()
        }
    };
    let required = (body.required && matches!(body.kind, BodyKind::Text | BodyKind::Binary))
        .then(|| quote!(.required(true)));
    vec![quote!(cli::body_arg(#what) #required)]
}

fn part_arg(api: &Api, part: &FormPart, id: &str) -> TokenStream {
    let id = Literal::string(id);
    let mut help = first_line(part.docs.description.as_deref().unwrap_or_default());
    if help.is_empty() {
        help = format!("The `{}` part", part.wire_name);
    }
    let required = part.required.then(|| quote!(.required(true)));
    let arg = match &part.kind {
        FormPartKind::File => {
            help = format!("{help} [a file: PATH, or - for stdin]")
                .trim()
                .to_owned();
            quote!(cli::flag(#id, #help).value_name("PATH"))
        }
        FormPartKind::Files => {
            help = format!("{help} [files: PATH, once per file]")
                .trim()
                .to_owned();
            quote!(cli::flags(#id, #help).value_name("PATH"))
        }
        FormPartKind::Value(ty) => {
            let value_name = value_name(api, ty).map(|name| quote!(.value_name(#name)));
            match shape(api, ty) {
                Shape::Choice(values) => quote!(cli::choice(#id, #help, &[#(#values),*])),
                Shape::Switch => quote!(cli::switch(#id, #help)),
                Shape::List => quote!(cli::flags(#id, #help) #value_name),
                Shape::Plain => quote!(cli::flag(#id, #help) #value_name),
            }
        }
    };
    quote!(#arg #required)
}

/// `--all` and `--max-items` for a paged list, `--output` for a binary reply.
fn extra_args(operation: &Operation) -> Vec<TokenStream> {
    let mut args = Vec::new();
    if operation.pagination.is_some() {
        args.push(quote!(cli::all_arg()));
        args.push(quote!(cli::max_items_arg()));
    }
    if binary_success(operation) {
        args.push(quote!(cli::output_file_arg()));
    }
    args
}

/// Whether a success of the operation may be bytes.
fn binary_success(operation: &Operation) -> bool {
    operation.download_method.is_some()
        || (operation.responses.iter())
            .filter(|r| r.status.is_success())
            .any(|r| {
                matches!(
                    r.body.as_ref().map(|b| &b.kind),
                    Some(BodyKind::Binary | BodyKind::Multipart(_))
                )
            })
}

fn about(operation: &Operation) -> String {
    let summary = operation
        .summary
        .as_deref()
        .map(first_line)
        .unwrap_or_default();
    match summary.is_empty() {
        true => format!("{} {}", operation.http_method.as_str(), operation.path),
        false => summary.trim_end_matches('.').to_owned(),
    }
}

/// The summary, the description, the request's method and path, and an example body.
fn long_about(api: &Api, operation: &Operation) -> String {
    let mut paragraphs = Vec::new();
    paragraphs.push(about(operation));
    if let Some(description) = &operation.description {
        let description = description.trim();
        if !description.is_empty() && description != about(operation) {
            paragraphs.push(description.to_owned());
        }
    }
    paragraphs.push(format!(
        "Sends {} {} (operation {}).",
        operation.http_method.as_str(),
        operation.path,
        operation.operation_id
    ));
    if let Some(example) = body_example(api, operation) {
        paragraphs.push(format!("Example body (--body):\n{example}"));
    }
    paragraphs.join("\n\n")
}

/// The document's example of the request body, pretty-printed, when it gives one.
fn body_example(api: &Api, operation: &Operation) -> Option<String> {
    let prefix = format!("{}/requestBody/", operation.origin);
    let example =
        (api.examples.iter()).find(|e| e.pointer.starts_with(&prefix) && !e.is_default)?;
    let text = serde_json::to_string_pretty(&example.value).ok()?;
    (text.lines().count() <= 40).then_some(text)
}

/// The statements of a command's run: arguments read, the client called, the reply
/// printed.
fn run_body(api: &Api, operation: &Operation, flags: &Flags<'_>) -> TokenStream {
    let inputs = &flags.inputs;
    let mut statements = Vec::new();
    let mut passed = Vec::new();
    for (position, input) in inputs.iter().filter(|i| i.parameter.required).enumerate() {
        let (statement, pass) = required_input(input, position);
        statements.push(statement);
        passed.push(pass);
    }
    let method = operation.method_name.trim_start_matches("r#");
    let mut stream_passed = passed.clone();
    if inputs.iter().any(|i| !i.parameter.required) {
        let params = format_ident!("{}Params", camel_ident(method));
        let values = inputs
            .iter()
            .filter(|i| !i.parameter.required)
            .map(|input| {
                let field = ident(&input.parameter.name);
                let id = Literal::string(&input.id);
                match shape(api, &input.parameter.ty) {
                    Shape::List => quote!(#field: cx.list(m, #id)?),
                    _ => quote!(#field: cx.optional(m, #id)?),
                }
            });
        statements.push(quote!(let params = api::operations::#params { #(#values,)* };));
        passed.push(quote!(&params));
        stream_passed.push(quote!(&params));
    }
    if let Some(body) = &operation.body {
        let (statement, pass) = body_input(body, method, &flags.fields, &flags.parts);
        statements.push(statement);
        passed.push(pass);
    }
    let paging = operation.pagination.as_ref().map(|pagination| {
        let stream = ident(&pagination.stream_method);
        quote! {
            if cx.all(m) {
                return cx.items(m, cx.client.#stream(#(#stream_passed),*)).await;
            }
        }
    });
    let call = call(operation, &passed);
    quote! {
        #(#statements)*
        #paging
        #call
    }
}

/// A required parameter read into a local, and how the method takes it.
fn required_input(input: &Input<'_>, position: usize) -> (TokenStream, TokenStream) {
    let name = format_ident!("a{position}");
    let id = Literal::string(&input.id);
    let read = match input.parameter.location {
        ParamLocation::Path => quote!(argument),
        _ => quote!(required),
    };
    match &input.parameter.ty {
        TypeRef::String => (
            quote!(let #name = cx.#read::<String>(m, #id)?;),
            quote!(&#name),
        ),
        TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean => {
            (quote!(let #name = cx.#read(m, #id)?;), quote!(#name))
        }
        TypeRef::Formatted(formatted) if formatted.format.is_copy() && !formatted.lenient => {
            (quote!(let #name = cx.#read(m, #id)?;), quote!(#name))
        }
        TypeRef::Array(_) => (
            quote!(let #name: Vec<_> = cx.required_list(m, #id)?;),
            quote!(#name.as_slice()),
        ),
        _ => (quote!(let #name = cx.#read(m, #id)?;), quote!(&#name)),
    }
}

/// The body read from `--body` and the fields' flags (or the multipart flags).
fn body_input(
    body: &crate::ir::RequestBody,
    method: &str,
    fields: &[BodyField],
    part_ids: &[String],
) -> (TokenStream, TokenStream) {
    let field_list = fields.iter().map(|field| {
        let flag = Literal::string(&field.flag);
        let wire = Literal::string(&field.wire);
        let kind = match field.json {
            true => quote!(cli::FieldKind::Json),
            false => quote!(cli::FieldKind::Text),
        };
        quote!(cli::Field { flag: #flag, wire: #wire, kind: #kind })
    });
    match (&body.kind, body.required) {
        (BodyKind::Json(_) | BodyKind::Form(..), true) => (
            quote!(let body = cx.body(m, &[#(#field_list),*])?;),
            quote!(&body),
        ),
        (BodyKind::Json(_) | BodyKind::Form(..), false) => (
            quote!(let body = cx.optional_body(m, &[#(#field_list),*])?;),
            quote!(body.as_ref()),
        ),
        (BodyKind::Text, true) => (
            quote!(let body = cx.text_body(m)?.unwrap_or_default();),
            quote!(body),
        ),
        (BodyKind::Text, false) => (quote!(let body = cx.text_body(m)?;), quote!(body)),
        (BodyKind::Binary, true) => (
            quote!(let body = cx.bytes_body(m)?.unwrap_or_default();),
            quote!(body),
        ),
        (BodyKind::Binary, false) => (quote!(let body = cx.bytes_body(m)?;), quote!(body)),
        (BodyKind::Multipart(parts), required) => {
            let form = format_ident!("{}Form", camel_ident(method));
            let values = parts.iter().zip(part_ids).map(|(part, id)| {
                let field = ident(&part.name);
                let id = Literal::string(id);
                let value = match (&part.kind, part.required) {
                    (FormPartKind::File, true) => {
                        quote!(cx.file(m, #id)?.unwrap_or_default())
                    }
                    (FormPartKind::File, false) => quote!(cx.file(m, #id)?),
                    (FormPartKind::Files, _) => quote!(cx.files(m, #id)?),
                    (FormPartKind::Value(TypeRef::Array(_)), true) => {
                        quote!(cx.required_list(m, #id)?)
                    }
                    (FormPartKind::Value(TypeRef::Array(_)), false) => quote!(cx.list(m, #id)?),
                    (FormPartKind::Value(_), true) => quote!(cx.required(m, #id)?),
                    (FormPartKind::Value(_), false) => quote!(cx.optional(m, #id)?),
                };
                quote!(#field: #value)
            });
            let pass = match required {
                true => quote!(body),
                false => quote!(Some(body)),
            };
            (
                quote!(let body = api::operations::#form { #(#values,)* };),
                pass,
            )
        }
    }
}

/// The call of the method that fits the reply (a download, an event stream, the whole
/// reply) and its printing.
fn call(operation: &Operation, passed: &[TokenStream]) -> TokenStream {
    if let Some(download) = &operation.download_method {
        let download = ident(download);
        return quote!(cx.download(m, cx.client.#download(#(#passed),*)).await);
    }
    if let Some(stream) = &operation.stream {
        let method = ident(&stream.method_name);
        let print = match stream.framing {
            crate::ir::Framing::ServerSentEvents => quote!(events),
            crate::ir::Framing::JsonLines => quote!(json_lines),
        };
        return quote!(cx.#print(cx.client.#method(#(#passed),*).await).await);
    }
    let method = ident(&operation.method_name);
    let reply = reply(operation);
    let print = match binary_success(operation) {
        true => quote!(print_to_file),
        false => quote!(print),
    };
    let m = binary_success(operation).then(|| quote!(m,));
    quote!(cx.#print(#m cx.client.#method(#(#passed),*).await.map(#reply)))
}

/// The function that turns the method's success into a printed reply.
fn reply(operation: &Operation) -> TokenStream {
    let Some(successes) = operation.varied_successes() else {
        let body = operation.success_response().and_then(|r| r.body.as_ref());
        return reply_of(body);
    };
    let method = operation.method_name.trim_start_matches("r#");
    let name = format_ident!("{}Success", camel_ident(method));
    let arms = successes.iter().map(|response| {
        let variant = format_ident!("{}", status_variant(response.status));
        match &response.body {
            Some(body) => {
                let reply = reply_of(Some(body));
                quote!(api::operations::#name::#variant(value) => #reply(value))
            }
            None => quote!(api::operations::#name::#variant => cli::Reply::Empty),
        }
    });
    quote!(|success| match success { #(#arms,)* })
}

fn reply_of(body: Option<&ResponseBody>) -> TokenStream {
    match body.map(|b| &b.kind) {
        None => quote!(cli::empty),
        Some(BodyKind::Json(_)) => quote!(cli::json),
        Some(BodyKind::Text | BodyKind::Form(..)) => quote!(cli::text),
        Some(BodyKind::Binary | BodyKind::Multipart(_)) => quote!(cli::bytes),
    }
}

/// The arguments of a planned conformance call after the command's name: path
/// parameters in order, required flags, the body (`--body` with the planned JSON, or a
/// flag per multipart part, files being `file`).
pub(crate) fn conformance_args(
    api: &Api,
    operation: &Operation,
    call: &crate::conformance::Call,
    file: &str,
) -> Vec<String> {
    let Flags { inputs, parts, .. } = Flags::of(api, operation);
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    // The planned values follow the method's order: required parameters as declared.
    let required = operation.parameters.iter().filter(|p| p.required);
    let values: Vec<(&Parameter, &serde_json::Value)> = required.zip(&call.arguments).collect();
    let value_of = |parameter: &Parameter| {
        (values.iter())
            .find(|(p, _)| std::ptr::eq(*p, parameter))
            .map(|(_, v)| *v)
    };
    let mut positional = Vec::new();
    let mut flags = Vec::new();
    for input in &inputs {
        let Some(value) = value_of(input.parameter) else {
            continue;
        };
        match (input.parameter.location, value) {
            (ParamLocation::Path, value) => positional.push(text(value)),
            (_, serde_json::Value::Array(items)) => {
                for item in items {
                    flags.push(format!("--{}", input.id));
                    flags.push(text(item));
                }
            }
            (_, value) => {
                flags.push(format!("--{}", input.id));
                flags.push(text(value));
            }
        }
    }
    let mut args = positional;
    args.extend(flags);
    let Some(body) = &operation.body else {
        return args;
    };
    match (&body.kind, &call.body) {
        (BodyKind::Json(_) | BodyKind::Form(..), Some(value)) => {
            args.extend(["--body".to_owned(), value.to_string()]);
        }
        (BodyKind::Text, _) => args.extend(["--body".to_owned(), "conformance".to_owned()]),
        (BodyKind::Binary, _) => args.extend(["--body".to_owned(), format!("@{file}")]),
        (BodyKind::Multipart(form), values) => {
            for (part, id) in form.iter().zip(&parts) {
                let value = values.as_ref().and_then(|v| v.get(&part.wire_name));
                match (&part.kind, value) {
                    (FormPartKind::File | FormPartKind::Files, _) => {
                        args.extend([format!("--{id}"), file.to_owned()]);
                    }
                    (FormPartKind::Value(_), Some(serde_json::Value::Array(items))) => {
                        for item in items {
                            args.extend([format!("--{id}"), text(item)]);
                        }
                    }
                    (FormPartKind::Value(_), Some(value)) => {
                        args.extend([format!("--{id}"), text(value)]);
                    }
                    (FormPartKind::Value(_), None) if part.required => {
                        args.extend([format!("--{id}"), "conformance".to_owned()]);
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    args
}
