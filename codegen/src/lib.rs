//! OpenAPI 3.0/3.1 -> Rust client generator: a spec in, the files of a client crate out.
//!
//! [`Generator`] is the API: settings, overlays and a document in, a [`Generated`]
//! crate out (its files, its IR, its warnings, and [`Generated::cli_files`] for its
//! command-line tool); [`diff`] compares two versions into a change report.
//! Writing files is the caller's business (see `xtask`).
//!
//! Inside, the stages run in one direction: `load` -> `bundle` -> `normalize` -> `parse`
//! -> `resolve` (with the `examples` checked against it) -> `emit` -> `format`;
//! `pipeline` runs the last two on two threads. They are public for the workspace's
//! tools (`cargo xtask bench` times each, `conformance` plans calls), hidden from the
//! docs: they are not the library's API.

// A library reports through its return values, never on the terminal.
#![warn(clippy::print_stdout, clippy::print_stderr)]

#[doc(hidden)]
pub mod bug;
#[doc(hidden)]
pub mod bundle;
pub mod cli;
#[doc(hidden)]
pub mod conformance;
pub mod diagnostics;
pub mod diff;
#[doc(hidden)]
pub mod emit;
#[doc(hidden)]
pub mod examples;
#[doc(hidden)]
pub mod format;
pub mod ir;
#[doc(hidden)]
pub mod json_pointer;
pub(crate) mod links;
#[doc(hidden)]
pub mod load;
mod locate;
pub(crate) mod naming;
#[doc(hidden)]
pub mod normalize;
pub mod overlay;
#[doc(hidden)]
pub mod parse;
#[doc(hidden)]
pub mod pipeline;
#[doc(hidden)]
pub mod resolve;
pub mod settings;
#[cfg(test)]
mod test_support;

pub use diagnostics::{Diagnostic, Error, Location, Severity};
pub use emit::{CrateInfo, GeneratedFile};
pub use settings::{CliSettings, Settings, TypeSettings};

/// The stack of the threads that read a document: enough for the deepest one [`load`]
/// accepts.
const READING_STACK: usize = 512 << 20;

/// Reads a document into the IR, with the warnings found on the way. External `$ref`s
/// are resolved relative to `folder`; without one they are errors.
pub fn read_api(
    file: &str,
    text: &str,
    folder: Option<&std::path::Path>,
) -> Result<(ir::Api, Vec<Diagnostic>), Error> {
    let read = read_api_with(file, text, folder, &Settings::default(), &[])?;
    Ok((read.api, read.diagnostics))
}

/// A document read into the IR.
#[derive(Debug, Clone)]
pub struct Read {
    pub api: ir::Api,
    /// Warnings, sorted; those about a place an overlay made name the overlay.
    pub diagnostics: Vec<Diagnostic>,
    /// The places the overlays made.
    pub origins: overlay::Origins,
}

/// [`read_api`], with `overlays` applied in order to the document as loaded, and what
/// the settings change in reading: strings of the formats they choose read into Rust
/// types, relative links of the prose made absolute. (The rest of the settings apply to
/// the IR: [`Settings::apply`].)
///
/// The stages recurse once per level of nesting; they run on a thread whose stack fits
/// the deepest document [`load`] accepts, whatever the caller's stack.
pub fn read_api_with(
    file: &str,
    text: &str,
    folder: Option<&std::path::Path>,
    settings: &Settings,
    overlays: &[overlay::Overlay],
) -> Result<Read, Error> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(READING_STACK)
            .spawn_scoped(scope, || {
                read_api_here(file, text, folder, settings, overlays)
            })
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
    settings: &Settings,
    overlays: &[overlay::Overlay],
) -> Result<Read, Error> {
    let mut document = load::load(file, text)?;
    let (origins, mut diagnostics) = overlay::apply_all(overlays, &mut document)?;
    let blame = |mut err: Error| {
        if let Location::Pointer(pointer) = &err.location {
            if let Some(origin) = origins.of(pointer) {
                err.message = format!("{} (a place {origin} made)", err.message);
            }
        }
        err
    };
    bundle::bundle(file, &mut document, folder).map_err(blame)?;
    if let Some(site) = &settings.docs_url {
        links::make_absolute(&mut document, site);
    }
    diagnostics.extend(normalize::normalize(file, &mut document).map_err(blame)?);
    let spec = parse::parse(file, document).map_err(blame)?;
    let api = resolve::resolve(&spec, settings, &mut diagnostics).map_err(blame)?;
    diagnostics.extend(examples::check(&api));
    origins.attribute(&mut diagnostics);
    diagnostics.sort();
    diagnostics.dedup();
    Ok(Read {
        api,
        diagnostics,
        origins,
    })
}

/// A generated crate.
#[derive(Debug, Clone)]
pub struct Generated {
    pub api: ir::Api,
    pub files: Vec<GeneratedFile>,
    /// Warnings, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The places of the document the overlays made.
    pub origins: overlay::Origins,
}

impl Generated {
    /// The files of the command-line tool of this client (see [`cli`]).
    pub fn cli_files(&self, info: &cli::CliInfo) -> Result<Vec<GeneratedFile>, Error> {
        cli::cli_files(&self.api, info)
            .map_err(|bug| Error::new("<generated>", Location::Document, bug.to_string()))
    }

    /// The crate as one Rust source file, for a `build.rs`: each module inline, the tests
    /// of the examples and the `mock` module left out. `include!` it at the root of a crate of its own, whose
    /// manifest has the dependencies the generated `Cargo.toml` lists (the generated code
    /// names its items from `crate::`).
    pub fn single_file(&self) -> Result<String, Error> {
        let mut root = self.parsed("src/lib.rs")?;
        // An included file may not hold the crate's inner attributes (its `//!` docs).
        root.attrs.clear();
        root.items = self.inlined(root.items, "src/")?;
        let header = "// @generated by the codegen library: one file for `include!`.\n";
        Ok(format!("{header}{}", prettyplease::unparse(&root)))
    }

    fn parsed(&self, path: &str) -> Result<syn::File, Error> {
        let fail = |message: String| Error::new("<generated>", Location::Document, message);
        let file = (self.files.iter())
            .find(|f| f.path == path)
            .ok_or_else(|| fail(format!("no generated file {path}")))?;
        syn::parse_file(&file.contents).map_err(|err| fail(format!("{path}: {err}")))
    }

    /// `items` with each `mod name;` replaced by the module's file, from `dir`.
    fn inlined(&self, items: Vec<syn::Item>, dir: &str) -> Result<Vec<syn::Item>, Error> {
        let mut kept = Vec::with_capacity(items.len());
        for item in items {
            let syn::Item::Mod(mut module) = item else {
                kept.push(item);
                continue;
            };
            if module.content.is_some() {
                kept.push(syn::Item::Mod(module));
                continue;
            }
            let name = module.ident.to_string();
            // The examples' test and the mock (its data is a file of its own) stay out.
            if name == "examples" || name == "mock" {
                continue;
            }
            let flat = format!("{dir}{name}.rs");
            let path = match self.files.iter().any(|f| f.path == flat) {
                true => flat,
                false => format!("{dir}{name}/mod.rs"),
            };
            let file = self.parsed(&path)?;
            module.attrs.extend(file.attrs);
            let items = self.inlined(file.items, &format!("{dir}{name}/"))?;
            module.content = Some((syn::token::Brace::default(), items));
            module.semi = None;
            kept.push(syn::Item::Mod(module));
        }
        Ok(kept)
    }
}

/// Generates a client crate. The configuration type of the library.
#[derive(Debug, Clone)]
pub struct Generator {
    /// The crate's facts and the user's settings.
    info: CrateInfo,
    folder: Option<std::path::PathBuf>,
    /// Given ones; `None` reads those the settings name.
    overlays: Option<Vec<overlay::Overlay>>,
}

impl Generator {
    /// A generator for a crate called `crate_name`.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Generator {
            info: CrateInfo::new(crate_name),
            folder: None,
            overlays: None,
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

    /// The crate's version (by default the document's, when it is semver).
    pub fn crate_version(mut self, version: Option<String>) -> Self {
        self.info.version = version;
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
        self.info.settings = settings;
        self
    }

    /// The folder the document's relative `$ref`s to other files point into.
    pub fn document_folder(mut self, folder: impl Into<std::path::PathBuf>) -> Self {
        self.folder = Some(folder.into());
        self
    }

    /// Overlays applied, in order, to the document as loaded, in place of those the
    /// settings name (which [`Generator::generate`] otherwise reads from the document's
    /// folder, where `codegen.toml` sits beside the document).
    pub fn overlays(mut self, overlays: Vec<overlay::Overlay>) -> Self {
        self.overlays = Some(overlays);
        self
    }

    /// Generates the crate for the document `text`, read from `file`.
    pub fn generate(&self, file: &str, text: &str) -> Result<Generated, Error> {
        let named;
        let overlays = match (&self.overlays, &self.folder) {
            (Some(given), _) => given,
            (None, _) if self.info.settings.overlays.is_empty() => &Vec::new(),
            (None, Some(folder)) => {
                named = self.info.settings.read_overlays(folder)?;
                &named
            }
            (None, None) => {
                return Err(Error::new(
                    file,
                    Location::Document,
                    "the settings name overlays, but the generator has neither the overlays \
                     (`Generator::overlays`) nor a folder to read them from \
                     (`Generator::document_folder`)",
                ))
            }
        };
        let Read {
            mut api,
            diagnostics,
            origins,
        } = read_api_with(
            file,
            text,
            self.folder.as_deref(),
            &self.info.settings,
            overlays,
        )?;
        self.info.settings.apply(file, &mut api)?;
        let files = pipeline::generate_files(&api, &self.info)
            .map_err(|bug| Error::new(file, Location::Document, bug.to_string()))?;
        Ok(Generated {
            api,
            files,
            diagnostics,
            origins,
        })
    }
}
