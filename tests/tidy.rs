//! Tidy checks over the generator's own source, run as tests: every file says what it
//! is for, no function passes 100 lines, and no two modules depend on each other, even
//! through others.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use workspace_tests::root;

/// The crates' source folders; the runtime folders are each a module of their own
/// (`super::x` names a sibling file).
const SOURCES: &[&str] = &[
    "codegen/src",
    "xtask/src",
    "codegen/runtime",
    "codegen/cli-runtime",
    "codegen/mock-runtime",
];

const MAX_FUNCTION_LINES: usize = 100;

fn rust_files(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `codegen/src/emit/mod.rs`, as the tests name it.
fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

#[test]
fn every_file_opens_with_a_module_doc() {
    let mut missing = Vec::new();
    for folder in SOURCES {
        for file in rust_files(&root().join(folder)) {
            let text = std::fs::read_to_string(&file).unwrap();
            if !text.starts_with("//!") {
                missing.push(relative(&file));
            }
        }
    }
    assert!(missing.is_empty(), "without a module doc: {missing:?}");
}

/// `(name, first line, lines)` of every function written with a body.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let signature = ["pub(crate) ", "pub(super) ", "pub ", "async ", "const "]
            .iter()
            .fold(trimmed, |rest, prefix| {
                rest.strip_prefix(prefix).unwrap_or(rest)
            });
        let Some(rest) = signature.strip_prefix("fn ") else {
            continue;
        };
        if line.trim_end().ends_with(';') {
            continue;
        }
        let name: String = (rest.chars())
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let closing = format!("{indent}}}");
        if let Some(end) = (start..lines.len()).find(|&i| lines[i] == closing) {
            found.push((name, start + 1, end - start + 1));
        }
    }
    found
}

#[test]
fn no_function_passes_a_hundred_lines() {
    let mut long = BTreeSet::new();
    for folder in SOURCES {
        for file in rust_files(&root().join(folder)) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (name, _, lines) in functions(&text) {
                if lines > MAX_FUNCTION_LINES {
                    long.insert(format!("{}: {name}", relative(&file)));
                }
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines: {long:?}"
    );
}

/// The module a file is (`emit::docs`), in its crate.
fn module_of(folder: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(folder).unwrap().with_extension("");
    let mut parts: Vec<String> = (relative.components())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// What a file's code (not its comments, not its tests) names of other modules.
fn dependencies(module: &str, text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let code: String = (text.lines())
        .take_while(|line| !line.starts_with("#[cfg(test)]"))
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let parent: Vec<&str> = module.split("::").filter(|p| !p.is_empty()).collect();
    let parent = &parent[..parent.len().saturating_sub(1)];
    let mut found = BTreeSet::new();
    for (marker, base) in [("crate::", Vec::new()), ("super::", parent.to_vec())] {
        for (at, _) in code.match_indices(marker) {
            let path: String = (code[at + marker.len()..].chars())
                .take_while(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == ':'
                })
                .collect();
            let mut parts: Vec<&str> = base.clone();
            parts.extend(path.split("::").filter(|p| !p.is_empty()));
            // The longest prefix that is a module.
            let named = (1..=parts.len())
                .rev()
                .map(|n| parts[..n].join("::"))
                .find(|candidate| modules.contains(candidate));
            if let Some(named) = named {
                let related = named == module
                    || module.starts_with(&format!("{named}::"))
                    || named.starts_with(&format!("{module}::"));
                if !related {
                    found.insert(named);
                }
            }
        }
    }
    found
}

#[test]
fn no_modules_depend_on_each_other() {
    let mut on_a_cycle = BTreeSet::new();
    for folder in SOURCES {
        let folder = root().join(folder);
        let files = rust_files(&folder);
        let modules: BTreeSet<String> = files.iter().map(|f| module_of(&folder, f)).collect();
        let graph: BTreeMap<String, BTreeSet<String>> = (files.iter())
            .map(|file| {
                let module = module_of(&folder, file);
                let text = std::fs::read_to_string(file).unwrap();
                let deps = dependencies(&module, &text, &modules);
                (module, deps)
            })
            .collect();
        // A module that reaches itself through its dependencies is on a cycle.
        for start in graph.keys() {
            let mut seen = BTreeSet::new();
            let mut pending: Vec<&String> = graph[start].iter().collect();
            while let Some(next) = pending.pop() {
                if seen.insert(next.clone()) {
                    pending.extend(graph.get(next).into_iter().flatten());
                }
            }
            if seen.contains(start) {
                on_a_cycle.insert(format!("{}: {start}", relative(&folder)));
            }
        }
    }
    assert!(
        on_a_cycle.is_empty(),
        "modules on an import cycle: {on_a_cycle:?}"
    );
}
