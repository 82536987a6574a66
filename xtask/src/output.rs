//! Replacing the client directory as one unit. The new contents are staged in a sibling
//! directory (the old files hard-linked, the changed ones written, the stale ones left
//! out) and swapped in with one `rename`, so the directory is always wholly the old
//! client or wholly the new one, whether generation fails or the process is killed.

use anyhow::{anyhow, Result};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// An I/O error, with the path it concerns.
fn fail(path: &Path) -> impl Fn(io::Error) -> anyhow::Error + '_ {
    move |err| anyhow!("{}: {err}", path.display())
}

/// A build cache inside the client directory: carried over, never copied.
const CACHE: &str = "target";

/// The new client, staged beside the old one; removed unless committed.
pub(crate) struct Staged {
    staging: PathBuf,
    out: PathBuf,
    committed: bool,
}

/// `<parent>/.<name>.<what>`: on the same file system as `out`, so renames stay renames.
fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or("client".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{what}"))
}

/// Stages `out` with `written` files (relative path, contents) replaced and the files
/// at `removed` (absolute paths inside `out`) left out.
pub(crate) fn stage(out: &Path, written: &[(&str, &str)], removed: &[PathBuf]) -> Result<Staged> {
    recover(out).map_err(fail(out))?;
    let staging = sibling(out, "codegen-new");
    // Left by a run that was killed: it never became the client.
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(fail(&staging))?;
    }
    let staged = Staged {
        staging: staging.clone(),
        out: out.to_path_buf(),
        committed: false,
    };
    if out.exists() {
        link_tree(out, &staging, true).map_err(fail(out))?;
    } else {
        fs::create_dir_all(&staging).map_err(fail(&staging))?;
    }
    for path in removed {
        if let Ok(relative) = path.strip_prefix(out) {
            let target = staging.join(relative);
            fs::remove_file(&target).map_err(fail(&target))?;
        }
    }
    for (path, contents) in written {
        crate::util::write_file(&staging.join(path), contents)?;
    }
    Ok(staged)
}

impl Staged {
    /// Puts the staged directory in place of the old one, in one step.
    pub(crate) fn commit(mut self) -> Result<()> {
        let fail = |err: io::Error| anyhow!("{}: {err}", self.out.display());
        if self.out.exists() {
            swap(&self.staging, &self.out).map_err(fail)?;
            // `staging` now holds the old client; keep its build cache.
            let cache = self.staging.join(CACHE);
            if cache.is_dir() && !self.out.join(CACHE).exists() {
                fs::rename(&cache, self.out.join(CACHE)).map_err(fail)?;
            }
            fs::remove_dir_all(&self.staging).map_err(fail)?;
        } else {
            if let Some(parent) = self.out.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).map_err(fail)?;
            }
            fs::rename(&self.staging, &self.out).map_err(fail)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Mirrors `from` into `to`: directories made, files hard-linked (copied where links
/// cannot be made), symbolic links remade. The top-level build cache is skipped.
fn link_tree(from: &Path, to: &Path, top: bool) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if !(top && entry.file_name() == CACHE) {
                link_tree(&source, &target, false)?;
            }
        } else if kind.is_symlink() {
            remake_symlink(&source, &target)?;
        } else if fs::hard_link(&source, &target).is_err() {
            fs::copy(&source, &target)?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn remake_symlink(source: &Path, target: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(fs::read_link(source)?, target)
}

#[cfg(not(unix))]
fn remake_symlink(source: &Path, target: &Path) -> io::Result<()> {
    fs::copy(source, target).map(drop)
}

/// Exchanges two directories atomically (Linux `renameat2(RENAME_EXCHANGE)`), or, where
/// the file system cannot, with two renames that [`recover`] completes or undoes.
fn swap(staging: &Path, out: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let old = sibling(out, "codegen-old");
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    fs::rename(out, &old)?;
    if let Err(err) = fs::rename(staging, out) {
        fs::rename(&old, out)?;
        return Err(err);
    }
    // The caller removes `staging`, which must hold the old client, as after an exchange.
    fs::rename(&old, staging)
}

/// After a two-rename swap was cut short: the old client is put back where it was.
fn recover(out: &Path) -> io::Result<()> {
    let old = sibling(out, "codegen-old");
    if old.exists() {
        if out.exists() {
            fs::remove_dir_all(&old)?;
        } else {
            fs::rename(&old, out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let _ = fs::remove_dir_all(sibling(&dir, "codegen-new"));
        dir
    }

    fn read(path: PathBuf) -> String {
        fs::read_to_string(path).unwrap()
    }

    #[test]
    fn a_new_directory_appears_whole() {
        let out = scratch("new");
        stage(&out, &[("src/lib.rs", "new")], &[])
            .unwrap()
            .commit()
            .unwrap();
        assert_eq!(read(out.join("src/lib.rs")), "new");
        assert!(!sibling(&out, "codegen-new").exists());
        fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn the_old_directory_stays_until_the_commit_and_keeps_what_is_not_generated() {
        let out = scratch("swap");
        fs::create_dir_all(out.join("src")).unwrap();
        fs::create_dir_all(out.join("target/debug")).unwrap();
        fs::write(out.join("src/lib.rs"), "old").unwrap();
        fs::write(out.join("src/stale.rs"), "stale").unwrap();
        fs::write(out.join("src/mine.rs"), "mine").unwrap();
        fs::write(out.join("target/debug/cache"), "cache").unwrap();

        let staged = stage(
            &out,
            &[("src/lib.rs", "new"), ("src/more.rs", "more")],
            &[out.join("src/stale.rs")],
        )
        .unwrap();
        // Staged but not committed: the client is wholly the old one.
        assert_eq!(read(out.join("src/lib.rs")), "old");
        assert!(out.join("src/stale.rs").exists());
        assert!(!out.join("src/more.rs").exists());
        // The staging copy does not hold the build cache.
        assert!(!sibling(&out, "codegen-new").join("target").exists());

        staged.commit().unwrap();
        assert_eq!(read(out.join("src/lib.rs")), "new");
        assert_eq!(read(out.join("src/more.rs")), "more");
        assert_eq!(read(out.join("src/mine.rs")), "mine");
        assert!(!out.join("src/stale.rs").exists());
        assert_eq!(read(out.join("target/debug/cache")), "cache");
        assert!(!sibling(&out, "codegen-new").exists());
        fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn a_run_that_dies_before_the_commit_leaves_the_old_client_and_is_cleaned_up_after() {
        let out = scratch("killed");
        fs::create_dir_all(out.join("src")).unwrap();
        fs::write(out.join("src/lib.rs"), "old").unwrap();

        // Dropped: a failure after staging.
        drop(stage(&out, &[("src/lib.rs", "new")], &[]).unwrap());
        assert_eq!(read(out.join("src/lib.rs")), "old");
        assert!(!sibling(&out, "codegen-new").exists());

        // Forgotten: the process was killed with the staging directory half-made.
        std::mem::forget(stage(&out, &[("src/lib.rs", "half")], &[]).unwrap());
        assert_eq!(read(out.join("src/lib.rs")), "old");
        assert!(sibling(&out, "codegen-new").exists());

        // The next run starts from the old client, not from the leftover.
        stage(&out, &[("src/other.rs", "other")], &[])
            .unwrap()
            .commit()
            .unwrap();
        assert_eq!(read(out.join("src/lib.rs")), "old");
        assert_eq!(read(out.join("src/other.rs")), "other");
        assert!(!sibling(&out, "codegen-new").exists());
        fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn a_two_rename_swap_cut_short_is_undone() {
        let out = scratch("recover");
        let old = sibling(&out, "codegen-old");
        let _ = fs::remove_dir_all(&old);
        fs::create_dir_all(old.join("src")).unwrap();
        fs::write(old.join("src/lib.rs"), "old").unwrap();
        // Killed between `out -> old` and `staging -> out`.
        recover(&out).unwrap();
        assert_eq!(read(out.join("src/lib.rs")), "old");
        assert!(!old.exists());
        fs::remove_dir_all(&out).unwrap();
    }
}
