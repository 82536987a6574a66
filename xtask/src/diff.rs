//! `cargo xtask diff <old> <new>`: what changed for callers of the client between two
//! versions of a document, and whether it breaks them.

use crate::codegen::count;
use std::path::{Path, PathBuf};

pub struct Options {
    old: PathBuf,
    new: PathBuf,
    json: bool,
    fail_on_breaking: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut documents = Vec::new();
        let mut json = false;
        let mut fail_on_breaking = false;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--format" => match args.next().map(String::as_str) {
                    Some("markdown") => json = false,
                    Some("json") => json = true,
                    _ => return Err("`--format` is `markdown` or `json`".to_owned()),
                },
                "--fail-on-breaking" => fail_on_breaking = true,
                flag if flag.starts_with("--") => {
                    return Err(format!("unknown argument `{flag}`\n{}", crate::USAGE))
                }
                document => documents.push(PathBuf::from(document)),
            }
        }
        match <[PathBuf; 2]>::try_from(documents) {
            Ok([old, new]) => Ok(Options {
                old,
                new,
                json,
                fail_on_breaking,
            }),
            Err(_) => Err(format!(
                "`diff` takes two documents, the old and the new\n{}",
                crate::USAGE
            )),
        }
    }
}

pub fn run(options: &Options) -> Result<(), String> {
    let old = read(&options.old)?;
    let new = read(&options.new)?;
    let report = codegen::diff::diff(&old, &new);
    if options.json {
        let text = serde_json::to_string_pretty(&report.to_json())
            .map_err(|err| format!("cannot write the report: {err}"))?;
        println!("{text}");
    } else {
        print!("{}", report.to_markdown());
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

/// A document's IR; its warnings are `cargo xtask codegen`'s business, not the report's.
pub fn read(path: &Path) -> Result<codegen::ir::Api, String> {
    let label = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|err| format!("{label}: {err}"))?;
    codegen::read_api(&label, &text, path.parent())
        .map(|(api, _)| api)
        .map_err(|err| err.to_string())
}
