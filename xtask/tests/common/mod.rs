//! Helpers shared by the xtask tests.
#![allow(dead_code)] // each test crate uses part of it

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}

/// A git repository in a temporary folder, removed when dropped; `None` without git.
pub(crate) struct Repo(pub(crate) PathBuf);

impl Repo {
    pub(crate) fn new(case: &str) -> Option<Repo> {
        let dir = std::env::temp_dir().join(format!("xtask-{case}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let repo = Repo(dir);
        match repo.git(&["init", "--quiet"]) {
            true => Some(repo),
            false => {
                eprintln!("skipped: git is not available");
                None
            }
        }
    }

    pub(crate) fn git(&self, args: &[&str]) -> bool {
        Command::new("git")
            .current_dir(&self.0)
            .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    }

    pub(crate) fn commit_all(&self) {
        assert!(self.git(&["add", "-A"]));
        assert!(self.git(&["commit", "--quiet", "-m", "commit"]));
    }

    pub(crate) fn put(&self, fixture: &str, name: &str) {
        let from = root().join("tests/fixtures/diff").join(fixture);
        std::fs::copy(from, self.0.join(name)).unwrap();
    }

    /// Copies `from` into the repository as `name` (folders made as needed).
    pub(crate) fn copy(&self, from: &Path, name: &str) {
        let to = self.0.join(name);
        if let Some(folder) = to.parent() {
            std::fs::create_dir_all(folder).unwrap();
        }
        std::fs::copy(from, to).unwrap();
    }

    pub(crate) fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.0.join(name)).unwrap_or_else(|err| panic!("{name}: {err}"))
    }

    pub(crate) fn xtask(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .current_dir(&self.0)
            .args(args)
            .output()
            .unwrap()
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
