//! A document as every command reads it: its text, the settings beside it
//! (`codegen.toml`, or `--config`), and the overlays those settings name, from the working
//! tree or from a git revision. One reader, so that `codegen`, `--check`, `diff` (both
//! sides), `conformance` and `sync-spec` apply the same overlays the same way.

use anyhow::{anyhow, Context as _, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// Where a document's files are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Revision {
    WorkingTree,
    /// A git revision (`HEAD`, a branch, a commit).
    Git(String),
}

/// A document and what it is read with.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    /// How messages and generated headers name the document.
    pub(crate) label: String,
    /// The document on disk (for a git revision, its path in the working tree).
    pub(crate) path: PathBuf,
    pub(crate) text: String,
    /// The settings file, when there is one, and its text.
    pub(crate) config: Option<(PathBuf, String)>,
    pub(crate) settings: codegen::Settings,
    /// The overlay files' texts, in the settings' order (to tell whether they changed).
    pub(crate) overlay_texts: Vec<String>,
    pub(crate) overlays: Vec<codegen::overlay::Overlay>,
}

impl Spec {
    /// The document at `path` with the settings at `config` (by default `codegen.toml`
    /// beside the document, when there is one) as `revision` has them. Overlay paths are
    /// relative to the settings file.
    pub(crate) fn read(
        path: &Path,
        label: &str,
        config: Option<&Path>,
        revision: &Revision,
    ) -> Result<Spec> {
        let text = read_file(path, revision).map_err(|why| anyhow!("{label}: {why}"))?;
        let config = match config {
            Some(config) => Some(config.to_path_buf()),
            None => Some(path.with_file_name("codegen.toml"))
                .filter(|beside| read_file(beside, revision).is_ok()),
        };
        let config = match config {
            Some(config) => {
                let text = read_file(&config, revision)
                    .map_err(|why| anyhow!("{}: {why}", config.display()))?;
                Some((config, text))
            }
            None => None,
        };
        let settings = match &config {
            Some((config, text)) => codegen::Settings::from_toml(&shown(config), text)?,
            None => codegen::Settings::default(),
        };
        let folder = match &config {
            Some((config, _)) => config.parent().unwrap_or(Path::new(".")).to_path_buf(),
            None => PathBuf::from("."),
        };
        let mut overlay_texts = Vec::new();
        let overlays = settings.read_overlays_with(Path::new(&shown(&folder)), |name| {
            let text = read_file(&folder.join(name), revision).map_err(std::io::Error::other)?;
            overlay_texts.push(text.clone());
            Ok(text)
        })?;
        Ok(Spec {
            label: label.to_owned(),
            path: path.to_path_buf(),
            text,
            config,
            settings,
            overlay_texts,
            overlays,
        })
    }

    /// This document, its settings and overlays as git's `HEAD` has them; `None` outside
    /// git or when the document is not committed.
    pub(crate) fn committed(&self) -> Option<Result<Spec>> {
        let head = Revision::Git("HEAD".to_owned());
        read_file(&self.path, &head).ok()?;
        let label = format!("{} as committed", self.label);
        // A settings file that git does not have yet: the committed document had none.
        let config = (self.config.as_ref())
            .map(|(config, _)| config.as_path())
            .filter(|config| read_file(config, &head).is_ok());
        Some(match (config, &self.config) {
            (None, Some(_)) => Spec::read_without_settings(&self.path, &label, &head),
            _ => Spec::read(&self.path, &label, config, &head),
        })
    }

    fn read_without_settings(path: &Path, label: &str, revision: &Revision) -> Result<Spec> {
        let text = read_file(path, revision).map_err(|why| anyhow!("{label}: {why}"))?;
        Ok(Spec {
            label: label.to_owned(),
            path: path.to_path_buf(),
            text,
            config: None,
            settings: codegen::Settings::default(),
            overlay_texts: Vec::new(),
            overlays: Vec::new(),
        })
    }

    /// Whether the document, its settings or its overlays differ from `other`'s.
    pub(crate) fn differs_from(&self, other: &Spec) -> bool {
        self.text != other.text
            || self.config.as_ref().map(|(_, t)| t) != other.config.as_ref().map(|(_, t)| t)
            || self.overlay_texts != other.overlay_texts
    }

    /// The folder the document's relative `$ref`s point into.
    pub(crate) fn folder(&self) -> &Path {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }

    /// The document read into the IR, with the settings applied.
    pub(crate) fn read_api(&self) -> Result<codegen::Read> {
        let mut read = codegen::read_api_with(
            &self.label,
            &self.text,
            Some(self.folder()),
            &self.settings,
            &self.overlays,
        )?;
        (self.settings.apply(&self.label, &mut read.api))?;
        Ok(read)
    }

    /// The document as loaded with the overlays applied (before bundling), for tools
    /// that read the document themselves (the mock).
    pub(crate) fn overlaid(&self) -> Result<serde_json::Value> {
        let mut document = codegen::load::load(&self.label, &self.text)?;
        codegen::overlay::apply_all(&self.overlays, &mut document)?;
        Ok(document)
    }

    /// The side of a change report this document is.
    pub(crate) fn source<'a>(&'a self, read: &'a codegen::Read) -> codegen::diff::Source<'a> {
        codegen::diff::Source {
            text: &self.text,
            origins: Some(&read.origins),
        }
    }
}

/// A path as messages show it: relative to the current directory when it is inside it.
pub(crate) fn shown(path: &Path) -> String {
    let here = std::env::current_dir().ok();
    let relative = here
        .as_deref()
        .and_then(|here| path.strip_prefix(here).ok());
    match relative {
        Some(relative) if relative.as_os_str().is_empty() => ".".to_owned(),
        Some(relative) => relative.display().to_string(),
        None => path.display().to_string(),
    }
}

/// A file's text in the working tree or at a git revision.
pub(crate) fn read_file(path: &Path, revision: &Revision) -> Result<String> {
    match revision {
        Revision::WorkingTree => Ok(fs::read_to_string(path)?),
        Revision::Git(rev) => {
            let folder = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .with_context(|| format!("{} names no file", path.display()))?;
            crate::util::git_show(folder, &format!("{rev}:./{name}"))
        }
    }
}
