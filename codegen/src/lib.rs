//! OpenAPI 3.0/3.1 -> Rust client generator: a spec in, the files of a client crate out.
//!
//! The stages run in one direction: [`load`] -> [`bundle`] -> [`normalize`] -> [`parse`]
//! -> [`resolve`] (with the [`examples`] checked against it) -> [`emit`] -> [`format`].
//! Writing files is the caller's business (see `xtask`).

pub mod bundle;
pub mod conformance;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod examples;
pub mod format;
pub mod ir;
pub mod load;
pub mod naming;
pub mod normalize;
pub mod parse;
pub mod resolve;
pub mod settings;

pub use diagnostics::{Diagnostic, Error, Location, Severity};
pub use emit::{CrateInfo, GeneratedFile};
pub use settings::{Settings, TypeSettings};

/// The stack of the threads that read a document: enough for the deepest one [`load`]
/// accepts.
const READING_STACK: usize = 512 << 20;

/// Reads a document into the IR, with the warnings found on the way. External `$ref`s
/// are resolved relative to `folder`; without one they are errors.
///
/// The stages recurse once per level of nesting; they run on a thread whose stack fits
/// the deepest document [`load`] accepts, whatever the caller's stack.
pub fn read_api(
    file: &str,
    text: &str,
    folder: Option<&std::path::Path>,
) -> Result<(ir::Api, Vec<Diagnostic>), Error> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(READING_STACK)
            .spawn_scoped(scope, || read_api_here(file, text, folder))
            .map_err(|err| {
                Error::new(
                    file,
                    Location::Document,
                    format!("cannot start a thread: {err}"),
                )
            })?
            .join()
            .unwrap_or_else(|_| {
                Err(Error::new(
                    file,
                    Location::Document,
                    "generator bug: reading the document panicked",
                ))
            })
    })
}

fn read_api_here(
    file: &str,
    text: &str,
    folder: Option<&std::path::Path>,
) -> Result<(ir::Api, Vec<Diagnostic>), Error> {
    let mut document = load::load(file, text)?;
    bundle::bundle(file, &mut document, folder)?;
    let mut diagnostics = normalize::normalize(file, &mut document)?;
    let spec = parse::parse(file, document)?;
    let api = resolve::resolve(file, &spec, &mut diagnostics)?;
    diagnostics.extend(examples::check(&api));
    diagnostics.sort();
    diagnostics.dedup();
    Ok((api, diagnostics))
}

/// A generated crate.
#[derive(Debug, Clone)]
pub struct Generated {
    pub api: ir::Api,
    pub files: Vec<GeneratedFile>,
    /// Warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Generates a client crate. The configuration type of the library.
#[derive(Debug, Clone)]
pub struct Generator {
    info: CrateInfo,
    settings: Settings,
    folder: Option<std::path::PathBuf>,
}

impl Generator {
    /// A generator for a crate called `crate_name`.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Generator {
            info: CrateInfo {
                crate_name: crate_name.into(),
                spec_label: "openapi.yaml".to_owned(),
                command: "cargo xtask codegen".to_owned(),
                standalone: false,
                extra_dependencies: Vec::new(),
            },
            settings: Settings::default(),
            folder: None,
        }
    }

    /// How generated files name the spec they came from.
    pub fn spec_label(mut self, label: impl Into<String>) -> Self {
        self.info.spec_label = label.into();
        self
    }

    /// The command generated files say regenerates them.
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.info.command = command.into();
        self
    }

    /// Makes the crate a workspace of its own.
    pub fn standalone(mut self, standalone: bool) -> Self {
        self.info.standalone = standalone;
        self
    }

    /// What the user shapes: operations kept, names, replaced types, derives (see
    /// [`Settings`]).
    pub fn settings(mut self, settings: Settings) -> Self {
        self.info.extra_dependencies = settings.dependency_lines();
        self.settings = settings;
        self
    }

    /// The folder the document's relative `$ref`s to other files point into.
    pub fn document_folder(mut self, folder: impl Into<std::path::PathBuf>) -> Self {
        self.folder = Some(folder.into());
        self
    }

    /// Generates the crate for the document `text`, read from `file`.
    pub fn generate(&self, file: &str, text: &str) -> Result<Generated, Error> {
        let (mut api, diagnostics) = read_api(file, text, self.folder.as_deref())?;
        self.settings.apply(file, &mut api)?;
        let files = emit::emit_crate(&api, &self.info)
            .map_err(|message| Error::new(file, Location::Document, message))?;
        Ok(Generated {
            api,
            files,
            diagnostics,
        })
    }
}
