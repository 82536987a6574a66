//! `cargo xtask diff <old> <new>`: what changed for callers of the client between two
//! versions of a document, each change by its rule, and the version bump it calls for.
//! A document is a file, or `<git-ref>:<path>` read with `git show`.

use crate::codegen::count;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// A pull request comment.
    Markdown,
    /// For tools: fields only, no prose.
    Json,
    /// One change a line, for the terminal.
    Text,
    /// GitHub workflow annotations at the spec's lines.
    Github,
}

/// What changed for callers of the client between two versions of a document: each
/// change by its rule (breaking, warning or info), where it is in the spec, the Rust
/// item and the operations it reaches, and the version bump it calls for.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The old and the new document: files, or `<git-ref>:<path>` (read with git show).
    documents: Vec<String>,
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// The old document is the new one's path at this git ref.
    #[arg(long)]
    base: Option<String>,
    /// Accepted changes (by default diff-ignore.toml beside the new document).
    #[arg(long)]
    ignore: Option<PathBuf>,
    /// Exit with 1 when a change that counts is breaking.
    #[arg(long)]
    fail_on_breaking: bool,
    /// List the rules, their ids and levels.
    #[arg(long)]
    rules: bool,
}

pub(crate) struct Options {
    old: String,
    new: String,
    format: Format,
    ignore: Option<PathBuf>,
    fail_on_breaking: bool,
}

/// Why `diff` was called: a report, or the list of rules.
pub(crate) enum Command {
    Report(Options),
    Rules,
}

impl Command {
    pub(crate) fn new(args: Args) -> Result<Self, String> {
        if args.rules {
            return Ok(Command::Rules);
        }
        let (old, new) = match (args.base, <[String; 2]>::try_from(args.documents)) {
            (None, Ok([old, new])) => (old, new),
            (Some(base), Err(documents)) if documents.len() == 1 => {
                let new = documents[0].clone();
                (format!("{base}:{new}"), new)
            }
            _ => return Err(
                "`diff` takes two documents, the old and the new (or `--base <ref>` and the new)"
                    .to_owned(),
            ),
        };
        Ok(Command::Report(Options {
            old,
            new,
            format: args.format,
            ignore: args.ignore,
            fail_on_breaking: args.fail_on_breaking,
        }))
    }
}

pub(crate) fn run(command: &Command) -> Result<(), String> {
    let options = match command {
        Command::Rules => {
            print!("{}", rules_table());
            return Ok(());
        }
        Command::Report(options) => options,
    };
    let old = Document::read(&options.old)?;
    let new = Document::read(&options.new)?;
    let mut report = codegen::diff::diff(&old.api()?, &new.api()?);
    report.locate(&old.text, &new.text);
    let ignore = options.ignore.clone().or_else(|| {
        let beside = Path::new(&new.file).with_file_name("diff-ignore.toml");
        beside.exists().then_some(beside)
    });
    if let Some(path) = ignore {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|err| format!("{label}: {err}"))?;
        let ignores =
            codegen::diff::Ignores::from_toml(&label, &text).map_err(|err| err.to_string())?;
        report.ignore(&ignores);
    }
    let files = codegen::diff::Files {
        old: &old.file,
        new: &new.file,
    };
    match options.format {
        Format::Markdown => print!("{}", report.to_markdown(files)),
        Format::Text => print!("{}", report.to_text(files)),
        Format::Github => print!("{}", report.to_github(files)),
        Format::Json => {
            let text = serde_json::to_string_pretty(&report.to_json())
                .map_err(|err| format!("cannot write the report: {err}"))?;
            println!("{text}");
        }
    }
    let breaking = report.breaking();
    if options.fail_on_breaking && breaking > 0 {
        return Err(format!(
            "{} (--fail-on-breaking)",
            count(breaking, "breaking change")
        ));
    }
    Ok(())
}

/// The rules, as a Markdown table: id, level, what it reports.
fn rules_table() -> String {
    let mut out = String::from("| rule | level | reports |\n|---|---|---|\n");
    for rule in codegen::diff::Rule::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.id(),
            rule.level().label(),
            rule.description()
        ));
    }
    out
}

/// A version of the document: its text, the file it is (the path inside the repository
/// for a git ref), and the folder its relative `$ref`s point into.
struct Document {
    label: String,
    file: String,
    text: String,
    folder: Option<PathBuf>,
}

impl Document {
    /// A file, or else `<ref>:<path>` from git.
    fn read(argument: &str) -> Result<Document, String> {
        let path = Path::new(argument);
        if path.exists() || !argument.contains(':') {
            let text = std::fs::read_to_string(path).map_err(|err| format!("{argument}: {err}"))?;
            return Ok(Document {
                label: argument.to_owned(),
                file: argument.to_owned(),
                text,
                folder: path.parent().map(Path::to_path_buf),
            });
        }
        let (reference, inside) = argument.split_once(':').unwrap_or((argument, ""));
        // `./` makes git read the path from the current directory, as a file path is.
        let relative = match inside.starts_with("./") || inside.starts_with('/') {
            true => inside.to_owned(),
            false => format!("./{inside}"),
        };
        let text = crate::codegen::git_show(Path::new("."), &format!("{reference}:{relative}"))
            .map_err(|why| format!("{argument}: {why}"))?;
        Ok(Document {
            label: argument.to_owned(),
            file: inside.trim_start_matches("./").to_owned(),
            text,
            // Other files it refers to are read from the working tree.
            folder: Path::new(inside).parent().map(Path::to_path_buf),
        })
    }

    /// The document's IR; its warnings are `cargo xtask codegen`'s business.
    fn api(&self) -> Result<codegen::ir::Api, String> {
        codegen::read_api(&self.label, &self.text, self.folder.as_deref())
            .map(|(api, _)| api)
            .map_err(|err| err.to_string())
    }
}
