//! `cargo xtask`: the project's developer commands.

mod bench;
mod codegen;
mod conformance;
mod corpus;
mod diff;
mod output;

use std::process::ExitCode;

/// Generation allocates and frees millions of small token and syntax-tree nodes; the
/// system allocator spends about a third of the run on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check] [--deny-warnings] [--config <file>]
      regenerate generated-client/ from spec/openapi.yaml (--check: fail if it is stale)
  cargo xtask codegen --spec <file> --out <dir> [--crate-name <name>] [--member] [--check] [--deny-warnings] [--config <file>]
      generate a standalone client crate from any OpenAPI 3.0/3.1 document
      (--member: a member of an enclosing workspace rather than a workspace of its own;
      --config: the settings, by default codegen.toml beside the spec when there is one)
  cargo xtask diff <old-spec> <new-spec> [--format markdown|json|text|github]
                   [--ignore <file>] [--fail-on-breaking]
  cargo xtask diff --base <git-ref> <new-spec> [..]
  cargo xtask diff --rules
      what changed for callers of the client, each change by its rule (breaking,
      warning or info), where it is in the spec, the Rust item and the operations it
      reaches, and the version bump it calls for; a spec is a file or
      <git-ref>:<path> (--base <ref>: the new spec's path at that ref);
      --ignore: accepted changes (default diff-ignore.toml beside the new spec);
      --format github: workflow annotations at the spec's lines;
      --fail-on-breaking: exit with 1 when a change that counts is breaking;
      --rules: the rules, their ids and levels
  cargo xtask corpus [--dir <dir>] [--generate-only] [--list <file>] [--filter <text>]...
                     [--jobs <n>] [--expected <file>] [--update-expected]
      generate, clippy and test a crate for every document under a folder, nested
      folders included (default ../shared/corpus), and compare with the expected
      results (default xtask/corpus-expected.tsv); --generate-only: generation alone;
      --list: only the documents a file names, one path under the folder a line;
      --jobs: crates checked at once, each worker with a target directory of its own
  cargo xtask conformance [--spec <file>]... [--seed <n>]
      the generated client on the wire: every operation called once against Prism's
      validating mock of the document (installed into target/ with npm when missing);
      replies the client cannot decode are checked with Ajv to tell mock faults apart
  cargo xtask bench [--peers] [<document>...]
      time each stage of generation and the peak memory, release build (--peers: also
      progenitor on oxide-nexus.json, and `cargo check` of the crates both make)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::Options::parse(&args[1..]).and_then(|o| codegen::run(&o)),
        Some("diff") => diff::Command::parse(&args[1..]).and_then(|c| diff::run(&c)),
        Some("corpus") => corpus::Options::parse(&args[1..]).and_then(|o| corpus::run(&o)),
        Some("conformance") => {
            conformance::Options::parse(&args[1..]).and_then(|o| conformance::run(&o))
        }
        Some("bench") => bench::run(&args[1..]),
        Some("bench-one") => match args.get(1) {
            Some(path) => bench::one(std::path::Path::new(path)),
            None => Err("`bench-one` needs a document".to_owned()),
        },
        Some("bench-total") => match args.get(1) {
            Some(path) => bench::total(std::path::Path::new(path)),
            None => Err("`bench-total` needs a document".to_owned()),
        },
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
