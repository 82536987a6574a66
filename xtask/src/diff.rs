//! `cargo xtask diff <old> <new>`: what changed for callers of the client between two
//! versions of a document, each change by its rule, and the version bump it calls for.
//! A document is a file, or `<git-ref>:<path>` read with `git show`.

use crate::spec::{Revision, Spec};
use crate::util::count;
use anyhow::{anyhow, bail, Result};
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
    /// An entry of a Keep a Changelog `CHANGELOG.md`, under `[Unreleased]`.
    Changelog,
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
    pub(crate) fn new(args: Args) -> Result<Self> {
        if args.rules {
            return Ok(Command::Rules);
        }
        let (old, new) = match (args.base, <[String; 2]>::try_from(args.documents)) {
            (None, Ok([old, new])) => (old, new),
            (Some(base), Err(documents)) if documents.len() == 1 => {
                let new = documents[0].clone();
                (format!("{base}:{new}"), new)
            }
            _ => bail!(
                "`diff` takes two documents, the old and the new (or `--base <ref>` and the new)"
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

pub(crate) fn run(command: &Command) -> Result<()> {
    let options = match command {
        Command::Rules => {
            out!("{}", rules_table());
            return Ok(());
        }
        Command::Report(options) => options,
    };
    let old = Document::read(&options.old)?;
    let new = Document::read(&options.new)?;
    // The documents' warnings are `cargo xtask codegen`'s business.
    let (old_read, new_read) = (old.spec.read_api()?, new.spec.read_api()?);
    let mut report = codegen::diff::diff(&old_read.api, &new_read.api);
    report.locate(old.spec.source(&old_read), new.spec.source(&new_read));
    let ignore = options.ignore.clone().or_else(|| {
        let beside = Path::new(&new.file).with_file_name("diff-ignore.toml");
        beside.exists().then_some(beside)
    });
    if let Some(path) = ignore {
        let label = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|err| anyhow!("{label}: {err}"))?;
        let ignores = codegen::diff::Ignores::from_toml(&label, &text)?;
        report.ignore(&ignores);
    }
    let files = codegen::diff::Files {
        old: &old.file,
        new: &new.file,
    };
    match options.format {
        Format::Markdown => out!("{}", report.to_markdown(files)),
        Format::Text => out!("{}", report.to_text(files)),
        Format::Github => out!("{}", report.to_github(files)),
        Format::Changelog => out!("{}", report.changelog_entry("[Unreleased]")),
        Format::Json => {
            let text = serde_json::to_string_pretty(&report.to_json())
                .map_err(|err| anyhow!("cannot write the report: {err}"))?;
            outln!("{text}");
        }
    }
    let breaking = report.breaking();
    if options.fail_on_breaking && breaking > 0 {
        return Err(anyhow!(
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

/// A version of the document: a file, or `<ref>:<path>` from git, read with the settings
/// beside it (and their overlays) as that version has them; and the file it is (the
/// path inside the repository for a git ref).
struct Document {
    spec: Spec,
    file: String,
}

impl Document {
    /// A file, or else `<ref>:<path>` from git.
    fn read(argument: &str) -> Result<Document> {
        let path = Path::new(argument);
        if path.exists() || !argument.contains(':') {
            let spec = Spec::read(path, argument, None, &Revision::WorkingTree)?;
            return Ok(Document {
                spec,
                file: argument.to_owned(),
            });
        }
        let (reference, inside) = argument.split_once(':').unwrap_or((argument, ""));
        let revision = Revision::Git(reference.to_owned());
        let spec = Spec::read(Path::new(inside), argument, None, &revision)?;
        Ok(Document {
            spec,
            file: inside.trim_start_matches("./").to_owned(),
        })
    }
}
