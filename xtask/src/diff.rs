//! `cargo xtask diff <old> <new>`: what changed for callers of the client between two
//! versions of a document, each change by its rule, and the version bump it calls for.
//! A document is a file, or `<git-ref>:<path>` read with `git show`.

use crate::codegen::count;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Markdown,
    Json,
    Text,
    Github,
}

pub struct Options {
    old: String,
    new: String,
    format: Format,
    ignore: Option<PathBuf>,
    fail_on_breaking: bool,
}

/// Why `diff` was called: a report, or the list of rules.
pub enum Command {
    Report(Options),
    Rules,
}

impl Command {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut documents = Vec::new();
        let mut format = Format::Markdown;
        let mut base = None;
        let mut ignore = None;
        let mut fail_on_breaking = false;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--format" => {
                    format = match args.next().map(String::as_str) {
                        Some("markdown") => Format::Markdown,
                        Some("json") => Format::Json,
                        Some("text") => Format::Text,
                        Some("github") => Format::Github,
                        _ => {
                            return Err(
                                "`--format` is `markdown`, `json`, `text` or `github`".to_owned()
                            )
                        }
                    }
                }
                "--base" => match args.next() {
                    Some(reference) => base = Some(reference.clone()),
                    None => return Err("`--base` takes a git ref".to_owned()),
                },
                "--ignore" => match args.next() {
                    Some(file) => ignore = Some(PathBuf::from(file)),
                    None => return Err("`--ignore` takes a file".to_owned()),
                },
                "--fail-on-breaking" => fail_on_breaking = true,
                "--rules" => return Ok(Command::Rules),
                flag if flag.starts_with("--") => {
                    return Err(format!("unknown argument `{flag}`\n{}", crate::USAGE))
                }
                document => documents.push(document.to_owned()),
            }
        }
        let (old, new) = match (base, <[String; 2]>::try_from(documents)) {
            (None, Ok([old, new])) => (old, new),
            (Some(base), Err(documents)) if documents.len() == 1 => {
                let new = documents[0].clone();
                (format!("{base}:{new}"), new)
            }
            _ => {
                return Err(format!(
                    "`diff` takes two documents, the old and the new (or `--base <ref>` and the new)\n{}",
                    crate::USAGE
                ))
            }
        };
        Ok(Command::Report(Options {
            old,
            new,
            format,
            ignore,
            fail_on_breaking,
        }))
    }
}

pub fn run(command: &Command) -> Result<(), String> {
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
        let output = std::process::Command::new("git")
            .args(["show", &format!("{reference}:{relative}")])
            .output()
            .map_err(|err| format!("{argument}: cannot run git: {err}"))?;
        if !output.status.success() {
            let why = String::from_utf8_lossy(&output.stderr);
            return Err(format!("{argument}: git show: {}", why.trim()));
        }
        let text = String::from_utf8(output.stdout)
            .map_err(|_| format!("{argument}: the document is not UTF-8"))?;
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
