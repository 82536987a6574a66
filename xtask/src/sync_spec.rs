//! `cargo xtask sync-spec <FILE or URL>`: Omni published a new document. It is read
//! (a URL is fetched) into the IR with the settings and overlays of `spec/` before
//! anything is written, and refused, with the place of its fault, when that fails; else
//! it replaces `spec/openapi.json` byte for byte and the client is regenerated with its
//! change report, the version bump it calls for, and a CHANGELOG entry (a fault only
//! emitting finds puts the old document back).

use crate::codegen::{Options, OMNI_SPEC};
use crate::spec::{Revision, Spec};
use crate::util::{workspace_root, write_file};
use anyhow::{anyhow, Result};
use std::path::PathBuf;
use std::time::Duration;

/// Take Omni's newly published document: refuse it when it does not load, parse and
/// generate (nothing changes), else write it into spec/openapi.json as given, regenerate
/// the client, print the change report and bump the version (as `codegen --bump`).
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The new document: a file, or an http(s) URL to fetch.
    source: String,
    /// The workspace whose spec/ and generated-client/ are updated (by default this one).
    #[arg(long, value_name = "DIR")]
    workspace: Option<PathBuf>,
}

/// The most a fetched document may hold (Omni's is about 0.6 MB).
const MAX_DOCUMENT: u64 = 64 << 20;

pub(crate) fn run(args: &Args) -> Result<()> {
    let root = args.workspace.clone().unwrap_or_else(workspace_root);
    let text = read_source(&args.source)?;
    let options = Options::omni(&root).bump_and_report();
    let current = Spec::read(
        &root.join(OMNI_SPEC),
        OMNI_SPEC,
        None,
        &Revision::WorkingTree,
    )?;
    if current.text == text {
        outln!("{OMNI_SPEC} is already {}: no changes", args.source);
        return Ok(());
    }
    // The new document, read as codegen will read it: refused before anything is written
    // (a fault only emitting finds puts the old document back, below).
    let candidate = Spec {
        label: args.source.clone(),
        text: text.clone(),
        ..current.clone()
    };
    if let Err(err) = candidate.read_api() {
        return Err(anyhow!(
            "refused (spec/ and the client are unchanged): {err}"
        ));
    }
    write_file(&current.path, &text)?;
    crate::codegen::run(&options).map_err(|err| {
        // Put the old document back, so that spec/ and the client stay a pair.
        match write_file(&current.path, &current.text) {
            Ok(()) => anyhow!("{err}\n{OMNI_SPEC} is restored"),
            Err(restore) => anyhow!("{err}\n{OMNI_SPEC} could not be restored: {restore}"),
        }
    })
}

/// The bytes of a file, or of an http(s) URL's reply (a success, as UTF-8).
fn read_source(source: &str) -> Result<String> {
    if !(source.starts_with("http://") || source.starts_with("https://")) {
        return std::fs::read_to_string(source).map_err(|err| anyhow!("{source}: {err}"));
    }
    let fail = |why: String| anyhow!("{source}: {why}");
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|err| fail(err.to_string()))?;
    let response = client
        .get(source)
        .send()
        .map_err(|err| fail(format!("cannot fetch: {err}")))?;
    let status = response.status();
    if !status.is_success() {
        return Err(fail(format!("the server answered {status}")));
    }
    if response.content_length().is_some_and(|n| n > MAX_DOCUMENT) {
        return Err(fail(format!("larger than {} MiB", MAX_DOCUMENT >> 20)));
    }
    let mut bytes = Vec::new();
    let read = std::io::Read::read_to_end(
        &mut std::io::Read::take(response, MAX_DOCUMENT + 1),
        &mut bytes,
    );
    read.map_err(|err| fail(format!("cannot read the reply: {err}")))?;
    if bytes.len() as u64 > MAX_DOCUMENT {
        return Err(fail(format!("larger than {} MiB", MAX_DOCUMENT >> 20)));
    }
    String::from_utf8(bytes).map_err(|_| fail("the document is not UTF-8".to_owned()))
}
