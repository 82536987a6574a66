//! Small helpers every command shares: where the workspace is, writing a file whole,
//! reading a committed file, and counting in words.

use anyhow::{anyhow, bail, Result};
use std::fs;
use std::path::{Path, PathBuf};

/// The workspace's folder (the xtask crate's parent).
pub(crate) fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map_or(manifest_dir.clone(), Path::to_path_buf)
}

/// `git show <object>` run in `folder`: the text, or what git said went wrong.
pub(crate) fn git_show(folder: &Path, object: &str) -> Result<String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(["show", object])
        .output()
        .map_err(|err| anyhow!("cannot run git: {err}"))?;
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        bail!("git show: {}", why.trim());
    }
    String::from_utf8(output.stdout).map_err(|_| anyhow!("the document is not UTF-8"))
}

/// Writes through a temporary file and a rename, so a file is never half-written.
pub(crate) fn write_file(path: &Path, contents: &str) -> Result<()> {
    let fail = |err: std::io::Error| anyhow!("{}: {err}", path.display());
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(fail)?;
    }
    let temporary = path.with_extension("tmp~");
    fs::write(&temporary, contents).map_err(fail)?;
    fs::rename(&temporary, path).map_err(fail)
}

/// `3 files`, `1 file`.
pub(crate) fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
