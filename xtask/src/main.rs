//! `cargo xtask`: the project's developer commands.

/// `print!` to stdout that lets a closed stdout (`cargo xtask diff .. | head`) end the
/// output quietly instead of panicking; the command still does the rest of its work.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `println!` with [`out!`]'s handling of a closed stdout.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod bench;
mod codegen;
mod conformance;
mod corpus;
mod diff;
mod output;
mod spec;
mod sync_spec;
mod util;

use std::process::ExitCode;

/// Generation allocates and frees millions of small token and syntax-tree nodes; the
/// system allocator spends about a third of the run on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The project's developer commands (`cargo xtask <command> --help` for each).
#[derive(clap::Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    Codegen(codegen::Args),
    SyncSpec(sync_spec::Args),
    Diff(diff::Args),
    Corpus(corpus::Args),
    Conformance(conformance::Args),
    Bench(bench::Args),
    /// One document's stage timings as JSON (what `bench` runs per document).
    #[command(hide = true)]
    BenchOne {
        document: std::path::PathBuf,
    },
    /// One document's end-to-end time as JSON (what `bench` runs per document).
    #[command(hide = true)]
    BenchTotal {
        document: std::path::PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = <Cli as clap::Parser>::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen::Options::new(args).and_then(|o| codegen::run(&o)),
        Command::SyncSpec(args) => sync_spec::run(&args),
        Command::Diff(args) => diff::Command::new(args).and_then(|c| diff::run(&c)),
        Command::Corpus(args) => corpus::run(&corpus::Options::new(args)),
        Command::Conformance(args) => conformance::run(&conformance::Options::new(args)),
        Command::Bench(args) => bench::run(&args),
        Command::BenchOne { document } => bench::one(&document),
        Command::BenchTotal { document } => bench::total(&document),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message:#}");
            ExitCode::FAILURE
        }
    }
}
