//! The version bump a report calls for, by Cargo's reading of semver: breaking changes
//! are major (for `0.y.z`, `y`), additions minor (`z` for `0.y.z`), documentation a
//! patch. Removing what was deprecated is no surprise to callers, but the item is gone
//! all the same, so it is major too.

use super::{Level, Report, Rule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn label(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// `version` bumped; `None` when it is not `major.minor.patch` (a pre-release or
    /// build suffix is dropped).
    pub fn apply(self, version: &str) -> Option<String> {
        let core = version.split(['-', '+']).next()?;
        let parts: Vec<u64> = (core.split('.'))
            .map(|part| part.parse().ok())
            .collect::<Option<_>>()?;
        let [major, minor, patch] = parts[..] else {
            return None;
        };
        let (major, minor, patch) = match (self, major) {
            (Bump::None, _) => (major, minor, patch),
            (Bump::Major, 0) => (0, minor + 1, 0),
            (Bump::Major, _) => (major + 1, 0, 0),
            (Bump::Minor, 0) | (Bump::Patch, _) => (major, minor, patch + 1),
            (Bump::Minor, _) => (major, minor + 1, 0),
        };
        Some(format!("{major}.{minor}.{patch}"))
    }
}

impl Report {
    /// What the changes that count call for.
    pub fn bump(&self) -> Bump {
        (self.changes.iter().filter(|c| c.counts()))
            .map(|change| match (change.level(), change.rule) {
                (Level::Breaking | Level::Warning, _) => Bump::Major,
                (Level::Info, Rule::DocumentationChanged) => Bump::Patch,
                (Level::Info, _) => Bump::Minor,
            })
            .max()
            .unwrap_or(Bump::None)
    }
}

#[cfg(test)]
mod tests {
    use super::Bump;

    #[test]
    fn bumps_follow_cargo_semver() {
        assert_eq!(Bump::Major.apply("1.4.2").as_deref(), Some("2.0.0"));
        assert_eq!(Bump::Minor.apply("1.4.2").as_deref(), Some("1.5.0"));
        assert_eq!(Bump::Patch.apply("1.4.2").as_deref(), Some("1.4.3"));
        // Before 1.0, the minor number is the major one.
        assert_eq!(Bump::Major.apply("0.4.2").as_deref(), Some("0.5.0"));
        assert_eq!(Bump::Minor.apply("0.4.2").as_deref(), Some("0.4.3"));
        assert_eq!(Bump::None.apply("0.4.2-beta.1").as_deref(), Some("0.4.2"));
        assert_eq!(Bump::Major.apply("2024-01"), None);
    }
}
