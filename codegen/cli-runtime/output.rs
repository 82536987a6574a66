//! What a command prints on stdout, and only that: the reply as JSON, YAML or a table,
//! through `--jq` when given; the items of pages and events as JSON lines as they
//! arrive; downloads to a file (binary never to a terminal).

use super::args::{COMPACT, FORMAT, JQ};
use super::failure::write_stdout;
use super::settings::Settings;
use super::{App, Failure};
use clap::ArgMatches;
use futures_util::StreamExt;
use serde_json::Value;
use std::io::{IsTerminal, Write};

/// A reply, as the command prints it.
#[derive(Debug)]
pub(crate) enum Reply {
    Json(Value),
    Text(String),
    Bytes(Vec<u8>),
    /// No body (204, 202 without content).
    Empty,
}

/// A JSON reply.
pub(crate) fn json<T: serde::Serialize>(value: T) -> Reply {
    match serde_json::to_value(value) {
        Ok(value) => Reply::Json(value),
        Err(err) => Reply::Text(format!("(the reply does not serialize: {err})")),
    }
}

pub(crate) fn text(value: String) -> Reply {
    Reply::Text(value)
}

pub(crate) fn bytes(value: Vec<u8>) -> Reply {
    Reply::Bytes(value)
}

pub(crate) fn empty(_: ()) -> Reply {
    Reply::Empty
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Yaml,
    Table,
}

/// How replies are printed, from the flags, the environment and the profiles file.
pub(crate) struct Printer {
    format: Format,
    compact: bool,
    jq: Option<Jq>,
}

impl Printer {
    pub(crate) fn new(
        app: &App,
        globals: &ArgMatches,
        settings: &Settings,
    ) -> Result<Self, Failure> {
        let chosen =
            (globals.get_one::<String>(FORMAT).cloned()).or_else(|| settings.output_format.clone());
        let format = match chosen.as_deref() {
            Some("json") => Format::Json,
            Some("yaml") => Format::Yaml,
            Some("table" | "human") => Format::Table,
            None | Some("auto") => match std::io::stdout().is_terminal() {
                true => Format::Table,
                false => Format::Json,
            },
            Some(other) => {
                return Err(Failure::usage(format!(
                    "unknown output format `{other}` (from {}_OUTPUT_FORMAT or the profiles \
                     file): json, yaml or table",
                    app.env_prefix
                )))
            }
        };
        let jq = match globals.get_one::<String>(JQ) {
            Some(expression) => Some(Jq::compile(expression)?),
            None => None,
        };
        Ok(Printer {
            format,
            compact: globals.get_flag(COMPACT),
            jq,
        })
    }

    /// Prints a whole reply.
    pub(crate) fn reply(&self, reply: Reply) -> Result<(), Failure> {
        match reply {
            Reply::Json(value) => {
                let values = self.filtered(value)?;
                let mut text = String::new();
                for value in &values {
                    text.push_str(&self.render(value)?);
                }
                write_stdout(text.as_bytes())
            }
            Reply::Text(text) if self.jq.is_none() => {
                let newline = if text.ends_with('\n') { "" } else { "\n" };
                write_stdout(format!("{text}{newline}").as_bytes())
            }
            Reply::Text(text) => self.reply(Reply::Json(Value::String(text))),
            Reply::Bytes(bytes) => {
                if std::io::stdout().is_terminal() {
                    return Err(Failure::usage(format!(
                        "the reply is {} bytes of binary: not written to a terminal; redirect \
                         stdout or give --output FILE",
                        bytes.len()
                    )));
                }
                write_stdout(&bytes)
            }
            Reply::Empty => Ok(()),
        }
    }

    /// Prints each item of a stream as a JSON line as it arrives, at most `limit` of
    /// them; the first error ends it.
    pub(crate) async fn lines<T: serde::Serialize, E: std::fmt::Debug>(
        &self,
        stream: impl futures_util::Stream<Item = Result<T, crate::api::Error<E>>>,
        limit: Option<usize>,
    ) -> Result<(), Failure> {
        let mut stream = std::pin::pin!(stream);
        let mut printed = 0;
        while limit.is_none_or(|limit| printed < limit) {
            let Some(item) = stream.next().await else {
                break;
            };
            let Reply::Json(value) = json(item?) else {
                continue;
            };
            for value in self.filtered(value)? {
                let line =
                    serde_json::to_string(&value).map_err(|e| Failure::other(e.to_string()))?;
                write_stdout(format!("{line}\n").as_bytes())?;
            }
            printed += 1;
        }
        Ok(())
    }

    fn filtered(&self, value: Value) -> Result<Vec<Value>, Failure> {
        match &self.jq {
            Some(jq) => jq.run(value),
            None => Ok(vec![value]),
        }
    }

    fn render(&self, value: &Value) -> Result<String, Failure> {
        let fail = |err: String| Failure::other(format!("cannot print the reply: {err}"));
        Ok(match self.format {
            Format::Json if self.compact => {
                serde_json::to_string(value).map_err(|e| fail(e.to_string()))? + "\n"
            }
            Format::Json => {
                serde_json::to_string_pretty(value).map_err(|e| fail(e.to_string()))? + "\n"
            }
            Format::Yaml => serde_yaml::to_string(value).map_err(|e| fail(e.to_string()))?,
            Format::Table => table(value),
        })
    }
}

/// Writes a download to `target`, or to stdout when that is not a terminal. A file is
/// written beside its place and renamed when complete.
pub(crate) async fn download(
    target: Option<&std::path::Path>,
    mut download: crate::api::runtime::Download,
) -> Result<(), Failure> {
    let Some(target) = target else {
        let mut stdout = std::io::stdout().lock();
        while let Some(chunk) = download.chunk().await? {
            stdout.write_all(&chunk)?;
        }
        stdout.flush()?;
        return Ok(());
    };
    let partial = target.with_extension("partial");
    let written = async {
        let mut file = std::fs::File::create(&partial)?;
        while let Some(chunk) = download.chunk().await? {
            file.write_all(&chunk)?;
        }
        file.sync_all()?;
        std::fs::rename(&partial, target)?;
        Ok::<(), Failure>(())
    }
    .await;
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

/// Whether a download may go to stdout (checked before the request is sent).
pub(crate) fn check_download_target(target: Option<&std::path::Path>) -> Result<(), Failure> {
    match target.is_none() && std::io::stdout().is_terminal() {
        true => Err(Failure::usage(
            "the reply is binary: give --output FILE or redirect stdout",
        )),
        false => Ok(()),
    }
}

/// A compiled `--jq` filter (jaq: jq's language in Rust).
struct Jq {
    filter: jaq_core::Filter<jaq_core::data::JustLut<jaq_json::Val>>,
}

impl Jq {
    fn compile(expression: &str) -> Result<Jq, Failure> {
        use jaq_core::load::{Arena, File, Loader};
        let program = File {
            code: expression,
            path: (),
        };
        let defs = jaq_core::defs()
            .chain(jaq_std::defs())
            .chain(jaq_json::defs());
        let funs = jaq_core::funs()
            .chain(jaq_std::funs())
            .chain(jaq_json::funs());
        let loader = Loader::new(defs);
        let arena = Arena::default();
        let invalid = || Failure::usage(format!("--jq: `{expression}` is not a jq expression"));
        let modules = loader.load(&arena, program).map_err(|_| invalid())?;
        let filter = jaq_core::Compiler::default()
            .with_funs(funs)
            .compile(modules)
            .map_err(|_| invalid())?;
        Ok(Jq { filter })
    }

    fn run(&self, value: Value) -> Result<Vec<Value>, Failure> {
        use jaq_core::{unwrap_valr, Ctx, Vars};
        let text = serde_json::to_vec(&value).map_err(|e| Failure::other(e.to_string()))?;
        let input = jaq_json::read::parse_single(&text)
            .map_err(|err| Failure::other(format!("--jq: {err}")))?;
        let ctx =
            Ctx::<jaq_core::data::JustLut<jaq_json::Val>>::new(&self.filter.lut, Vars::new([]));
        let mut values = Vec::new();
        for output in self.filter.id.run((ctx, input)).map(unwrap_valr) {
            let output = output.map_err(|err| Failure::usage(format!("--jq: {err}")))?;
            let text = output.to_string();
            values.push(serde_json::from_str(&text).unwrap_or(Value::String(text)));
        }
        Ok(values)
    }
}

/// The widest a cell is shown.
const CELL: usize = 40;

/// A reply as a table: a list of records one row each (a page's list when the reply
/// is a page), else one row per property.
fn table(value: &Value) -> String {
    let rows: Vec<&Value> = match records(value) {
        Some(records) => records.iter().collect(),
        None => return key_values(value),
    };
    if rows.is_empty() {
        return "(no records)\n".to_owned();
    }
    if !rows.iter().all(|row| row.is_object()) {
        return rows.iter().map(|v| cell(v) + "\n").collect();
    }
    let mut columns: Vec<&str> = Vec::new();
    for row in &rows {
        for (key, value) in row.as_object().into_iter().flatten() {
            if !columns.contains(&key.as_str()) && !value.is_object() && !value.is_array() {
                columns.push(key);
            }
        }
    }
    let width = terminal_width();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            columns
                .iter()
                .map(|c| row.get(*c).map(cell).unwrap_or_default())
                .collect()
        })
        .collect();
    let mut shown = Vec::new();
    let mut used = 0;
    for (index, column) in columns.iter().enumerate() {
        let column_width = cells
            .iter()
            .map(|row| row[index].chars().count())
            .chain([column.chars().count()])
            .max()
            .unwrap_or(0);
        if used + column_width > width && !shown.is_empty() {
            break;
        }
        used += column_width + 2;
        shown.push((index, column_width));
    }
    let line = |texts: Vec<String>| -> String {
        let padded: Vec<String> = (shown.iter().zip(texts))
            .map(|((_, width), text)| format!("{text:<width$}"))
            .collect();
        padded.join("  ").trim_end().to_owned() + "\n"
    };
    let mut text = line(
        shown
            .iter()
            .map(|(i, _)| columns[*i].to_uppercase())
            .collect(),
    );
    for row in &cells {
        text.push_str(&line(shown.iter().map(|(i, _)| row[*i].clone()).collect()));
    }
    text
}

/// The records of a reply: itself when a list, else its one list of objects.
fn records(value: &Value) -> Option<&Vec<Value>> {
    match value {
        Value::Array(items) => Some(items),
        Value::Object(object) => {
            let mut lists = object
                .values()
                .filter_map(Value::as_array)
                .filter(|items| items.iter().all(Value::is_object));
            let first = lists.next()?;
            lists.next().is_none().then_some(first)
        }
        _ => None,
    }
}

fn key_values(value: &Value) -> String {
    let Some(object) = value.as_object() else {
        return cell(value) + "\n";
    };
    let width = object.keys().map(|k| k.chars().count()).max().unwrap_or(0);
    object
        .iter()
        .map(|(key, value)| format!("{key:<width$}  {}\n", cell(value)))
        .collect()
}

fn cell(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match text.chars().count() > CELL {
        true => text.chars().take(CELL - 1).collect::<String>() + "…",
        false => text,
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(120)
}
