//! Times progenitor on one document the way `cargo xtask bench` times ours: file in,
//! formatted source out, median and fastest of several runs; optionally writes the crate it makes.
//!
//! usage: progenitor-peer <document.json> <runs> [<crate dir to write>]

use std::time::{Duration, Instant};

fn generate(text: &str) -> Result<String, String> {
    let spec: openapiv3::OpenAPI =
        serde_json::from_str(text).map_err(|err| format!("not an OpenAPI document: {err}"))?;
    let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|err| format!("progenitor: {err}"))?;
    let file: syn::File = syn::parse2(tokens).map_err(|err| format!("unparsable output: {err}"))?;
    Ok(prettyplease::unparse(&file))
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [document, runs, rest @ ..] = args.as_slice() else {
        return Err("usage: progenitor-peer <document.json> <runs> [<crate dir>]".to_owned());
    };
    let runs: usize = runs.parse().map_err(|_| format!("not a count: {runs}"))?;
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut source = String::new();
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let text = std::fs::read_to_string(document).map_err(|err| format!("{document}: {err}"))?;
        source = generate(&text)?;
        times.push(started.elapsed());
    }
    times.sort();
    // The median, then the fastest run, as `xtask bench-total` prints them.
    println!(
        "{:.3} {:.3}",
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0
    );
    if let [out] = rest {
        write_crate(out, &source)?;
    }
    Ok(())
}

/// The crate progenitor's documentation describes for generated code, with its
/// dependencies.
fn write_crate(out: &str, source: &str) -> Result<(), String> {
    let src = std::path::Path::new(out).join("src");
    std::fs::create_dir_all(&src).map_err(|err| format!("{out}: {err}"))?;
    let manifest = r#"[package]
name = "progenitor-client-crate"
version = "0.1.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
progenitor-client = "0.15"
reqwest = { version = "0.13", features = ["json", "query", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_urlencoded = "0.7"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
uuid = { version = "1", features = ["serde", "v4"] }
regress = "0.10"
futures = "0.3"
bytes = "1"
base64 = "0.22"
rand = "0.9"
"#;
    std::fs::write(std::path::Path::new(out).join("Cargo.toml"), manifest)
        .and_then(|()| std::fs::write(src.join("lib.rs"), source))
        .map_err(|err| format!("{out}: {err}"))
}
