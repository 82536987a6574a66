//! `cargo xtask sync-spec` end to end, on a copy of the workspace's `spec/` in a git
//! repository of its own: Omni's 2026-04-23 document committed with its client, then the
//! 2026-05-04 one taken from a URL (a server on loopback) or a file.

mod common;

use common::{root, Repo};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Output;

fn shared(path: &str) -> Option<PathBuf> {
    let path = root().join("../shared").join(path);
    path.exists().then_some(path)
}

fn text(output: &Output) -> (String, String) {
    let out = String::from_utf8_lossy(&output.stdout).into_owned();
    let err = String::from_utf8_lossy(&output.stderr).into_owned();
    (out, err)
}

/// A workspace with `spec/` (Omni's 2026-04-23 document, this workspace's settings and
/// overlay) and the client it generates, committed; `None` without the shared documents
/// or git.
fn workspace(case: &str) -> Option<Repo> {
    let Some(old) = shared("corpus/omni-2026-04-23.json") else {
        eprintln!("skipped: ../shared/corpus is not there");
        return None;
    };
    let repo = Repo::new(&format!("sync-{case}"))?;
    for name in ["codegen.toml", "omni.overlay.yaml"] {
        repo.copy(&root().join("spec").join(name), &format!("spec/{name}"));
    }
    repo.copy(&old, "spec/openapi.json");
    let made = repo.xtask(&[
        "codegen",
        "--spec",
        "spec/openapi.json",
        "--out",
        "generated-client",
        "--crate-name",
        "omni-client",
        "--member",
    ]);
    assert!(made.status.success(), "{made:?}");
    repo.commit_all();
    Some(repo)
}

/// Serves `body` at `/omni.json` (404 elsewhere) for `requests` requests, on loopback.
fn serve(body: Vec<u8>, requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut request = Vec::new();
            let mut buffer = [0; 1024];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = stream.read(&mut buffer).unwrap();
                if n == 0 {
                    break;
                }
                request.extend_from_slice(&buffer[..n]);
            }
            let line = String::from_utf8_lossy(&request);
            let (status, body) = match line.starts_with("GET /omni.json ") {
                true => ("200 OK", body.as_slice()),
                false => ("404 Not Found", &b"no such document"[..]),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).unwrap();
            stream.write_all(body).unwrap();
        }
    });
    format!("http://{address}")
}

#[test]
fn a_new_document_from_a_url_is_written_as_given_with_its_report_and_bump() {
    let (Some(repo), Some(new)) = (workspace("url"), shared("spec/omni-2026-05-04.json")) else {
        return;
    };
    let dir = repo.0.clone();
    let xtask = |args: &[&str]| repo.xtask(args);
    let bytes = std::fs::read(&new).unwrap();
    let base = serve(bytes.clone(), 1);
    let url = format!("{base}/omni.json");
    let workspace = dir.display().to_string();
    let output = xtask(&["sync-spec", "--workspace", &workspace, &url]);
    let (out, err) = text(&output);
    assert!(output.status.success(), "{out}\n{err}");
    assert!(
        out.starts_with("API changes (Omni API 1.0.0 → 1.0.0): 4 breaking changes, 49 other changes; a major bump\n"),
        "{out}"
    );
    for breaking in [
        "! operation `models_dbt_exposures` (`GET /api/v1/models/{modelId}/dbt-exposures`): parameter `pageSize`: `i64` → `f64`",
        "! operation `models_dbt_exposures` (`GET /api/v1/models/{modelId}/dbt-exposures`): parameter `page` removed",
        "! type `ModelsContentValidatorReplaceBodyFindOrReplaceType` (request): value `REPAIR` removed",
        "! type `ModelsContentValidatorGetFindType` (request): value `REPAIR` removed",
        "+ operation `models_commit` (`POST /api/v1/models/{modelId}/git/commit`): operation added",
    ] {
        assert!(out.contains(breaking), "{breaking}\n{out}");
    }
    assert!(
        out.contains("omni-client: version 1.0.0 → 2.0.0 (major)"),
        "{out}"
    );
    assert_eq!(
        std::fs::read(dir.join("spec/openapi.json")).unwrap(),
        bytes,
        "as given"
    );
    let manifest = std::fs::read_to_string(dir.join("generated-client/Cargo.toml")).unwrap();
    assert!(manifest.contains("\nversion = \"2.0.0\"\n"), "{manifest}");
    let changelog = std::fs::read_to_string(dir.join("generated-client/CHANGELOG.md")).unwrap();
    assert!(changelog.contains("\n## [2.0.0] - "), "{changelog}");
    assert!(
        changelog.contains("parameter `page` removed"),
        "{changelog}"
    );
    let models = std::fs::read_to_string(dir.join("generated-client/src/operations/models.rs"));
    assert!(models.unwrap().contains("pub async fn models_commit("));

    // The same document again, from a file: nothing to do.
    let before = std::fs::read(dir.join("generated-client/src/types.rs")).unwrap();
    let again = xtask(&[
        "sync-spec",
        "--workspace",
        &workspace,
        &new.display().to_string(),
    ]);
    let (out, err) = text(&again);
    assert!(again.status.success(), "{out}\n{err}");
    assert!(out.contains("no changes"), "{out}");
    assert_eq!(
        std::fs::read(dir.join("generated-client/src/types.rs")).unwrap(),
        before
    );
    assert!(
        std::fs::read_to_string(dir.join("generated-client/Cargo.toml"))
            .unwrap()
            .contains("\nversion = \"2.0.0\"\n")
    );
}

#[test]
fn a_broken_document_is_refused_at_its_fault_and_nothing_changes() {
    let (Some(repo), Some(new)) = (workspace("broken"), shared("spec/omni-2026-05-04.json")) else {
        return;
    };
    let dir = repo.0.clone();
    let xtask = |args: &[&str]| repo.xtask(args);
    let spec_before = std::fs::read(dir.join("spec/openapi.json")).unwrap();
    let types_before = std::fs::read(dir.join("generated-client/src/types.rs")).unwrap();
    let workspace = dir.display().to_string();
    let unchanged = || {
        assert_eq!(
            std::fs::read(dir.join("spec/openapi.json")).unwrap(),
            spec_before
        );
        let types = std::fs::read(dir.join("generated-client/src/types.rs")).unwrap();
        assert_eq!(types, types_before);
    };

    // Cut short: not JSON any more, and the error says where.
    let text_new = std::fs::read_to_string(&new).unwrap();
    let cut = dir.join("cut.json");
    std::fs::write(&cut, &text_new[..text_new.len() / 2]).unwrap();
    let output = xtask(&["sync-spec", "--workspace", &workspace, "cut.json"]);
    let (_, err) = text(&output);
    assert!(!output.status.success());
    assert!(
        err.contains("refused (spec/ and the client are unchanged): cut.json:"),
        "{err}"
    );
    assert!(err.contains("invalid JSON"), "{err}");
    unchanged();

    // JSON, but an operation is broken: the pointer says which.
    let mut document: serde_json::Value = serde_json::from_str(&text_new).unwrap();
    document["paths"]["/api/v1/documents"]["get"]["responses"] = serde_json::json!(7);
    std::fs::write(&cut, document.to_string()).unwrap();
    let output = xtask(&["sync-spec", "--workspace", &workspace, "cut.json"]);
    let (_, err) = text(&output);
    assert!(!output.status.success());
    assert!(
        err.contains("#/paths/~1api~1v1~1documents/get/responses"),
        "{err}"
    );
    unchanged();

    // A URL that answers 404.
    let base = serve(Vec::new(), 1);
    let url = format!("{base}/missing.json");
    let output = xtask(&["sync-spec", "--workspace", &workspace, &url]);
    let (_, err) = text(&output);
    assert!(!output.status.success());
    assert!(err.contains("the server answered 404 Not Found"), "{err}");
    unchanged();
}
