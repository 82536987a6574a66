//! The generated command-line tools run as a person runs them: the `omni` binary of
//! `generated-cli/` (and the fixture's `operations`, for what Omni's document lacks)
//! against a loopback server, each in a scratch home with nothing of the caller's
//! environment.

use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use wiremock::matchers::{body_string_contains, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};
use workspace_tests::root;

/// The binaries, built once per test run (`cargo build` is quick when they are fresh).
fn binary(name: &str) -> PathBuf {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "-p", "omni-cli", "-p", "operations-cli"])
            .current_dir(root())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "the command-line tools build");
    });
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    target.join("debug").join(name)
}

/// What a run printed and how it ended.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Stderr's one JSON object (a failure's report).
    fn error(&self) -> Value {
        serde_json::from_str(self.stderr.trim())
            .unwrap_or_else(|_| panic!("stderr is one JSON object: {}", self.stderr))
    }
}

/// A scratch home for one test: its profiles file and files.
struct Home {
    dir: PathBuf,
}

impl Home {
    fn new(name: &str) -> Home {
        let dir = std::env::temp_dir().join(format!("cli-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Home { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn config(&self) -> PathBuf {
        self.path("config.json")
    }

    /// Runs `bin` with `args` and only `env` (and the scratch home) in its environment.
    fn run(&self, bin: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
        self.run_with_input(bin, args, env, None)
    }

    fn run_with_input(
        &self,
        bin: &str,
        args: &[&str],
        env: &[(&str, &str)],
        input: Option<&str>,
    ) -> Run {
        let mut command = Command::new(binary(bin));
        command
            .args(args)
            .env_clear()
            .env("HOME", &self.dir)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("the binary runs");
        if let Some(input) = input {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            stdin.write_all(input.as_bytes()).unwrap();
        }
        drop(child.stdin.take());
        let output = child.wait_with_output().unwrap();
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `omni` with a token and the server's URL.
    fn omni(&self, server: &MockServer, args: &[&str]) -> Run {
        let uri = server.uri();
        let mut all = vec!["--base-url", uri.as_str(), "--token", "t0ken"];
        all.extend(args);
        self.run("omni", &all, &[])
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A document record as Omni's list returns it.
fn document(identifier: &str) -> Value {
    json!({
        "connectionId": "c-1",
        "deleted": false,
        "folder": {"id": "f-1", "name": "Reports", "path": "reports", "scope": "organization"},
        "hasDashboard": true,
        "identifier": identifier,
        "name": format!("Document {identifier}"),
        "owner": {"id": "u-1", "name": "Blob Ross"},
        "scope": "organization",
        "type": "document",
        "updatedAt": null,
        "url": format!("https://blobsrus.omniapp.co/dashboards/{identifier}"),
    })
}

fn page(identifiers: &[&str], next: Option<&str>) -> ResponseTemplate {
    let records: Vec<Value> = identifiers.iter().map(|id| document(id)).collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "pageInfo": {"hasNextPage": next.is_some(), "nextCursor": next, "pageSize": 2, "totalRecords": 5},
        "records": records,
    }))
}

#[tokio::test]
async fn all_follows_three_pages_and_prints_a_json_line_per_item() {
    let server = MockServer::start().await;
    // The second run stops after three items: it never asks for the third page.
    let pages = [
        (None, &["a", "b"][..], Some("c2"), 2),
        (Some("c2"), &["c", "d"], Some("c3"), 2),
        (Some("c3"), &["e"], None, 1),
    ];
    for (cursor, identifiers, next, times) in pages {
        let mock = Mock::given(method("GET")).and(path("/api/v1/documents"));
        let mock = match cursor {
            Some(cursor) => mock.and(query_param("cursor", cursor)),
            None => mock.and(wiremock::matchers::query_param_is_missing("cursor")),
        };
        mock.and(query_param("pageSize", "2"))
            .respond_with(page(identifiers, next))
            .expect(times)
            .mount(&server)
            .await;
    }
    let home = Home::new("all");
    let run = home.omni(&server, &["documents", "list", "--page-size", "2", "--all"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let identifiers: Vec<String> = (run.stdout.lines())
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["identifier"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(identifiers, ["a", "b", "c", "d", "e"]);

    let limited = home.omni(
        &server,
        &[
            "documents",
            "list",
            "--page-size",
            "2",
            "--all",
            "--max-items",
            "3",
            "--jq",
            ".identifier",
        ],
    );
    assert_eq!(limited.code, 0, "{}", limited.stderr);
    assert_eq!(limited.stdout, "\"a\"\n\"b\"\n\"c\"\n");
}

#[tokio::test]
async fn a_429_is_retried_after_the_wait_the_server_asks() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/documents"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/documents"))
        .respond_with(page(&["a"], None))
        .expect(1)
        .mount(&server)
        .await;
    let home = Home::new("retry");
    let run = home.omni(&server, &["-v", "documents", "list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let reply: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(reply["records"][0]["identifier"], "a");
    assert!(
        run.stderr.contains("< 429"),
        "-v logs each attempt: {}",
        run.stderr
    );
    assert!(run.stderr.contains("< 200"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("t0ken"),
        "-v never shows the token: {}",
        run.stderr
    );
}

#[tokio::test]
async fn failures_end_with_their_exit_code_and_a_json_report_on_stderr_only() {
    let server = MockServer::start().await;
    let cases = [
        ("missing", 404, 4),
        ("locked", 401, 3),
        ("forbidden", 403, 3),
        ("broken", 500, 5),
    ];
    for (identifier, status, _) in cases {
        Mock::given(method("GET"))
            .and(path(format!("/api/v1/documents/{identifier}")))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("x-request-id", "req-42")
                    .set_body_json(json!({"error": format!("no {identifier}")})),
            )
            .mount(&server)
            .await;
    }
    let home = Home::new("failures");
    for (identifier, status, code) in cases {
        let run = home.omni(&server, &["--retries", "0", "documents", "get", identifier]);
        assert_eq!(run.code, code, "{identifier}: {}", run.stderr);
        assert_eq!(run.stdout, "", "stdout keeps only data");
        let error = run.error();
        assert_eq!(error["status"], status);
        assert_eq!(error["body"]["error"], format!("no {identifier}"));
        assert_eq!(error["requestId"], "req-42");
    }

    // A refusal without a token says how to give one.
    let uri = server.uri();
    let run = home.run(
        "omni",
        &[
            "--base-url",
            &uri,
            "--retries",
            "0",
            "documents",
            "get",
            "locked",
        ],
        &[],
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.error()["error"]
            .as_str()
            .unwrap()
            .contains("OMNI_API_TOKEN"),
        "{}",
        run.stderr
    );

    // Nothing listens: a network failure.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let uri = format!("http://127.0.0.1:{port}");
    let run = home.run(
        "omni",
        &[
            "--base-url",
            &uri,
            "--retries",
            "0",
            "documents",
            "get",
            "x",
        ],
        &[],
    );
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(
        run.error()["error"].as_str().unwrap().contains("connect"),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn a_body_that_breaks_its_type_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let home = Home::new("body");
    let missing = home.omni(&server, &["documents", "create", "--name", "Sales"]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    let message = missing.error()["error"].as_str().unwrap().to_owned();
    assert!(
        message.contains("modelId") && message.contains("--model-id"),
        "{message}"
    );

    let wrong = home.omni(
        &server,
        &[
            "documents",
            "create",
            "--body",
            r#"{"name": 5, "modelId": "m"}"#,
        ],
    );
    assert_eq!(wrong.code, 2, "{}", wrong.stderr);
    assert!(
        wrong.error()["error"].as_str().unwrap().contains("`name`"),
        "{}",
        wrong.stderr
    );

    let bad_flag = home.omni(&server, &["documents", "list", "--page-size", "ten"]);
    assert_eq!(bad_flag.code, 2, "{}", bad_flag.stderr);
    assert!(
        bad_flag.stderr.contains("--page-size"),
        "{}",
        bad_flag.stderr
    );

    let bad_choice = home.omni(&server, &["documents", "list", "--sort-direction", "up"]);
    assert_eq!(bad_choice.code, 2);
    assert!(
        bad_choice.stderr.contains("asc"),
        "clap lists the values: {}",
        bad_choice.stderr
    );
}

#[tokio::test]
async fn flags_and_the_body_file_make_the_body_the_flags_winning() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/documents"))
        .and(wiremock::matchers::body_json(
            json!({"name": "From the flag", "modelId": "m-1", "description": "kept"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "dashboard": {"dashboardId": "d-1", "id": "d-1"},
            "workbook": {"documentId": "w-1", "id": "w-1"},
        })))
        .expect(1)
        .mount(&server)
        .await;
    let home = Home::new("body-merge");
    std::fs::write(
        home.path("body.json"),
        r#"{"name": "From the file", "modelId": "m-1", "description": "kept"}"#,
    )
    .unwrap();
    let body = format!("@{}", home.path("body.json").display());
    let run = home.omni(
        &server,
        &[
            "documents",
            "create",
            "--body",
            &body,
            "--name",
            "From the flag",
            "--jq",
            ".workbook.documentId",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "\"w-1\"\n");
}

#[tokio::test]
async fn a_download_goes_to_the_file_and_never_to_a_terminal() {
    let server = MockServer::start().await;
    let bytes: Vec<u8> = (0..=255).collect();
    Mock::given(method("GET"))
        .and(path("/api/v1/dashboards/d-1/download/j-1"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(bytes.clone()))
        .mount(&server)
        .await;
    let home = Home::new("download");
    let target = home.path("dashboard.pdf");
    let run = home.omni(
        &server,
        &[
            "dashboards",
            "download-file",
            "d-1",
            "j-1",
            "--output",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(std::fs::read(&target).unwrap(), bytes);
    assert!(!home.path("dashboard.partial").exists());
}

#[tokio::test]
async fn a_multipart_upload_sends_the_file_and_the_fields() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/uploads"))
        .and(header("authorization", "Bearer t0ken"))
        .and(body_string_contains(
            "name=\"file\"; filename=\"sales.csv\"",
        ))
        .and(body_string_contains("region,total\nwest,42\n"))
        .and(body_string_contains("name=\"modelId\""))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "fileName": "sales.csv", "id": "u-1", "inDbAsTableName": "sales", "modelId": "m-1",
            "rowCount": 1, "truncated": false, "viewCreated": true, "viewName": "sales",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let home = Home::new("upload");
    std::fs::write(home.path("sales.csv"), "region,total\nwest,42\n").unwrap();
    let file = home.path("sales.csv");
    let run = home.omni(
        &server,
        &[
            "uploads",
            "create",
            "--model-id",
            "m-1",
            "--file",
            file.to_str().unwrap(),
            "--jq",
            ".rowCount",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "1\n");
}

/// The `Authorization` header of each request the server received.
async fn tokens_seen(server: &MockServer) -> Vec<String> {
    (server.received_requests().await.unwrap_or_default().iter())
        .filter_map(|r| {
            r.headers
                .get("authorization")
                .map(|v| v.to_str().unwrap().to_owned())
        })
        .collect()
}

#[tokio::test]
async fn the_token_and_base_url_come_from_the_flag_then_the_environment_then_the_profile() {
    let (profile_server, env_server, flag_server) = (
        MockServer::start().await,
        MockServer::start().await,
        MockServer::start().await,
    );
    for server in [&profile_server, &env_server, &flag_server] {
        Mock::given(method("GET"))
            .and(path("/api/v1/documents"))
            .respond_with(page(&["a"], None))
            .mount(server)
            .await;
    }
    let home = Home::new("precedence");
    // A profiles file as Omni's own tool writes it.
    let config = json!({
        "version": 1,
        "defaultProfile": "work",
        "profiles": {
            "work": {"apiEndpoint": profile_server.uri(), "authMethod": "api-key", "apiKey": "from-profile"},
            "other": {"apiEndpoint": env_server.uri(), "authMethod": "api-key", "apiKey": "other-key"}
        }
    });
    std::fs::write(home.config(), config.to_string()).unwrap();
    let config_path = home.config();
    let config_env = ("OMNI_CONFIG_PATH", config_path.to_str().unwrap());
    let list = ["documents", "list"];

    let run = home.run("omni", &list, &[config_env]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(tokens_seen(&profile_server).await, ["Bearer from-profile"]);

    let env_uri = env_server.uri();
    let run = home.run(
        "omni",
        &list,
        &[
            config_env,
            ("OMNI_API_TOKEN", "from-env"),
            ("OMNI_BASE_URL", &env_uri),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(tokens_seen(&env_server).await, ["Bearer from-env"]);

    let flag_uri = flag_server.uri();
    let mut args = vec!["--token", "from-flag", "--base-url", &flag_uri];
    args.extend(list);
    let run = home.run(
        "omni",
        &args,
        &[
            config_env,
            ("OMNI_API_TOKEN", "from-env"),
            ("OMNI_BASE_URL", &env_uri),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(tokens_seen(&flag_server).await, ["Bearer from-flag"]);

    let mut args = vec!["--profile", "other"];
    args.extend(list);
    let run = home.run("omni", &args, &[config_env]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        tokens_seen(&env_server).await,
        ["Bearer from-env", "Bearer other-key"]
    );

    let mut args = vec!["--profile", "typo"];
    args.extend(list);
    let run = home.run("omni", &args, &[config_env]);
    assert_eq!(
        run.code, 2,
        "an unknown profile is an error: {}",
        run.stderr
    );
    let message = run.error()["error"].as_str().unwrap().to_owned();
    assert!(
        message.contains("typo") && message.contains("other, work"),
        "{message}"
    );
}

#[tokio::test]
async fn a_token_is_refused_for_a_host_that_is_not_omnis() {
    let home = Home::new("hosts");
    let run = home.run(
        "omni",
        &[
            "--base-url",
            "https://evil.example.com",
            "--token",
            "t",
            "documents",
            "list",
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.error()["error"]
        .as_str()
        .unwrap()
        .contains("evil.example.com"));
    let run = home.run(
        "omni",
        &[
            "--base-url",
            "http://blobsrus.omniapp.co",
            "--token",
            "t",
            "documents",
            "list",
        ],
        &[],
    );
    assert_eq!(run.code, 2, "plain HTTP is refused: {}", run.stderr);
}

#[test]
fn dry_run_prints_curl_with_every_secret_masked_and_sends_nothing() {
    let home = Home::new("dry-run");
    let config = json!({
        "version": 1,
        "defaultProfile": "p",
        "profiles": {"p": {"apiEndpoint": "https://blobsrus.omniapp.co", "authMethod": "api-key", "apiKey": "profile-s3cret"}}
    });
    std::fs::write(home.config(), config.to_string()).unwrap();
    let config_path = home.config();
    let config_env = ("OMNI_CONFIG_PATH", config_path.to_str().unwrap());
    let args = [
        "--dry-run",
        "documents",
        "create",
        "--name",
        "has flag-s3cret inside",
        "--model-id",
        "m",
    ];
    /// Extra flags, the environment, and the secret they bring.
    type Source<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let sources: [Source<'_>; 3] = [
        (&[], &[config_env], "profile-s3cret"),
        (
            &[],
            &[config_env, ("OMNI_API_TOKEN", "env-s3cret")],
            "env-s3cret",
        ),
        (&["--token", "flag-s3cret"], &[config_env], "flag-s3cret"),
    ];
    for (extra, env, secret) in sources {
        let mut all: Vec<&str> = extra.to_vec();
        all.extend(args);
        let run = home.run("omni", &all, env);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout
                .starts_with("curl -X POST 'https://blobsrus.omniapp.co/api/v1/documents'"),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout.contains("-H 'authorization: Bearer ***'"),
            "{}",
            run.stdout
        );
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "{secret} shown: {}",
            run.stdout
        );
    }
    // A key in the query string (the fixture's `api_key`) is masked too.
    let run = home.run(
        "operations",
        &["--dry-run", "--token", "q-s3cret", "misc", "get-keyed"],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("q-s3cret"), "{}", run.stdout);
    assert!(run.stdout.contains("api_key=***"), "{}", run.stdout);
}

#[test]
fn profiles_are_made_shown_chosen_and_forgotten() {
    let home = Home::new("config");
    let config_path = home.config();
    let env = [("OMNI_CONFIG_PATH", config_path.to_str().unwrap())];
    let init = home.run_with_input(
        "omni",
        &["--instance", "blobsrus", "config", "init"],
        &env,
        Some("init-s3cret\n"),
    );
    assert_eq!(init.code, 0, "{}", init.stderr);
    let second = home.run(
        "omni",
        &[
            "--profile",
            "play",
            "--server",
            "playground",
            "--instance",
            "acme",
            "--token",
            "t2",
            "config",
            "init",
        ],
        &env,
    );
    assert_eq!(second.code, 0, "{}", second.stderr);
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&config_path).unwrap()).unwrap();
    assert_eq!(written["defaultProfile"], "default");
    assert_eq!(
        written["profiles"]["default"]["apiEndpoint"],
        "https://blobsrus.omniapp.co"
    );
    assert_eq!(written["profiles"]["default"]["apiKey"], "init-s3cret");
    assert_eq!(
        written["profiles"]["play"]["apiEndpoint"],
        "https://acme.playground.exploreomni.dev"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&config_path)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o600,
            "only its owner reads the profiles file"
        );
    }

    let show = home.run("omni", &["config", "show"], &env);
    assert_eq!(show.code, 0);
    assert!(
        !show.stdout.contains("init-s3cret") && show.stdout.contains("***"),
        "{}",
        show.stdout
    );

    assert_eq!(home.run("omni", &["config", "use", "play"], &env).code, 0);
    assert_eq!(home.run("omni", &["config", "use", "nope"], &env).code, 2);
    assert_eq!(
        home.run("omni", &["--profile", "play", "config", "logout"], &env)
            .code,
        0
    );
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&config_path).unwrap()).unwrap();
    assert_eq!(written["defaultProfile"], "play");
    assert!(written["profiles"]["play"].get("apiKey").is_none());
    assert_eq!(written["profiles"]["default"]["apiKey"], "init-s3cret");
}

#[tokio::test]
async fn output_formats_tables_yaml_and_jq() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/documents"))
        .respond_with(page(&["a", "b"], None))
        .mount(&server)
        .await;
    let home = Home::new("formats");
    let table = home.omni(&server, &["-o", "table", "documents", "list"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    let header = table.stdout.lines().next().unwrap();
    assert!(
        header.starts_with("CONNECTIONID") && header.contains("IDENTIFIER"),
        "{}",
        table.stdout
    );
    assert_eq!(table.stdout.lines().count(), 3, "{}", table.stdout);

    let yaml = home.omni(&server, &["-o", "yaml", "documents", "list"]);
    assert!(
        yaml.stdout.contains("- connectionId: c-1"),
        "{}",
        yaml.stdout
    );

    let jq = home.omni(
        &server,
        &[
            "--jq",
            "[.records[].identifier] | join(\",\")",
            "documents",
            "list",
        ],
    );
    assert_eq!(jq.stdout, "\"a,b\"\n");
    let compact = home.omni(
        &server,
        &["--compact", "--jq", ".pageInfo", "documents", "list"],
    );
    assert_eq!(compact.stdout.lines().count(), 1, "{}", compact.stdout);

    let bad = home.omni(&server, &["--jq", ".[", "documents", "list"]);
    assert_eq!(bad.code, 2);
}

/// The authorization server of the fixture's `authorizationCode` flow: sends the browser
/// back to the tool's callback with a code and the state it was given, and keeps the
/// PKCE challenge.
struct Authorize {
    challenge: std::sync::Mutex<Option<String>>,
}

impl Respond for Authorize {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let get = |key: &str| {
            query
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        assert_eq!(get("response_type"), "code");
        assert_eq!(get("client_id"), "operations-cli");
        assert_eq!(get("code_challenge_method"), "S256");
        assert_eq!(get("scope"), "reports:read");
        *self.challenge.lock().unwrap() = Some(get("code_challenge"));
        let redirect = format!(
            "{}?code=the-code&state={}",
            get("redirect_uri"),
            get("state")
        );
        ResponseTemplate::new(302).insert_header("location", redirect.as_str())
    }
}

#[tokio::test]
async fn login_runs_the_authorization_code_flow_with_pkce_and_keeps_the_tokens() {
    let server = MockServer::start().await;
    let authorize = std::sync::Arc::new(Authorize {
        challenge: Default::default(),
    });
    struct Shared(std::sync::Arc<Authorize>);
    impl Respond for Shared {
        fn respond(&self, request: &Request) -> ResponseTemplate {
            self.0.respond(request)
        }
    }
    Mock::given(method("GET"))
        .and(path("/api/oauth/authorize"))
        .respond_with(Shared(authorize.clone()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("code=the-code"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "access-1", "refresh_token": "refresh-1", "expires_in": 3600, "token_type": "Bearer"
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/api/documents/d-1"))
        .and(header("authorization", "Bearer access-1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let home = Home::new("login");
    // The browser: follows the authorization server's redirect to the callback.
    let browser = home.path("browser.sh");
    std::fs::write(
        &browser,
        "#!/bin/sh\nexec curl --silent --location --output /dev/null \"$1\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let config_path = home.config();
    let base = format!("{}/api", server.uri());
    let env = [
        ("OPERATIONS_CONFIG_PATH", config_path.to_str().unwrap()),
        ("BROWSER", browser.to_str().unwrap()),
    ];
    let run = home.run("operations", &["--base-url", &base, "login"], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&config_path).unwrap()).unwrap();
    let profile = &written["profiles"]["default"];
    assert_eq!(profile["authMethod"], "oauth");
    assert_eq!(profile["accessToken"], "access-1");
    assert_eq!(profile["refreshToken"], "refresh-1");
    assert!(profile["tokenExpiresAt"].as_str().unwrap().ends_with('Z'));

    // The verifier the tool sent hashes to the challenge it showed the browser.
    let requests = server.received_requests().await.unwrap();
    let token_request = requests
        .iter()
        .find(|r| r.url.path() == "/api/oauth/token")
        .unwrap();
    let form: Vec<(String, String)> = url_pairs(&token_request.body);
    let verifier = &form.iter().find(|(k, _)| k == "code_verifier").unwrap().1;
    let challenge = authorize.challenge.lock().unwrap().clone().unwrap();
    assert_eq!(s256(verifier), challenge);

    let delete = [
        "misc",
        "delete-document",
        "d-1",
        "--x-request-id",
        "r-1",
        "--theme",
        "dark",
    ];
    let status = home.run("operations", &delete, &env[..1]);
    assert_eq!(status.code, 0, "the saved token is used: {}", status.stderr);
    server.verify().await;
}

fn url_pairs(body: &[u8]) -> Vec<(String, String)> {
    let text = format!("http://x/?{}", String::from_utf8_lossy(body));
    let url = reqwest::Url::parse(&text).unwrap();
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// `BASE64URL(SHA-256(verifier))`, by `openssl`-free means: the tool's own helper is not
/// reachable from here, so the test hashes with the `sha2` crate.
fn s256(verifier: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()))
}

#[test]
fn completions_include_enum_values_and_profiles() {
    let home = Home::new("completions");
    std::fs::write(home.config(), r#"{"version":1,"profiles":{"staging":{"apiEndpoint":"https://x.omniapp.co","authMethod":"api-key"}}}"#).unwrap();
    let config_path = home.config();
    let env = [("OMNI_CONFIG_PATH", config_path.to_str().unwrap())];
    for shell in ["bash", "zsh", "fish"] {
        let run = home.run("omni", &["completions", shell], &env);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(
            run.stdout.contains("favorites"),
            "{shell}: the sort fields are completed"
        );
        assert!(
            run.stdout.contains("staging"),
            "{shell}: the profiles are completed"
        );
    }
    // clap_complete's PowerShell script completes commands and flags; the tool adds the
    // values, by command and flag (a global flag's in every command).
    let run = home.run("omni", &["completions", "powershell"], &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("'--sort-direction'"));
    assert!(
        run.stdout
            .contains("'omni;documents;list;--sort-direction' = @('asc', 'desc')"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("'--profile' = @('staging')"));
    assert!(run.stdout.contains("'-p' = @('staging')"));
    let values_at = run.stdout.find("$values = @{").unwrap();
    assert!(values_at < run.stdout.find("$completions = @(switch").unwrap());
}

/// `omni --help` starts fast: it is what a person runs first.
#[test]
fn help_is_quick_and_exits_zero() {
    let home = Home::new("help");
    let _ = home.run("omni", &["--help"], &[]);
    let started = std::time::Instant::now();
    let run = home.run("omni", &["--help"], &[]);
    let took = started.elapsed();
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Exit codes:"));
    assert!(
        took < std::time::Duration::from_millis(500),
        "omni --help took {took:?}"
    );
    let usage = home.run("omni", &["documents"], &[]);
    assert_eq!(usage.code, 2, "a group without a command is a usage error");
}

/// `--help` of the fixture's tool and of commands of each shape, as a person reads them.
#[test]
fn help_of_the_fixture_commands() {
    let home = Home::new("help-snapshots");
    let cases: [(&str, &[&str]); 7] = [
        ("root", &["--help"]),
        ("create_document", &["misc", "create-document", "--help"]),
        ("list_documents", &["misc", "list-documents", "-h"]),
        ("delete_document", &["misc", "delete-document", "-h"]),
        ("uploads_create", &["misc", "uploads-create", "-h"]),
        ("get_thumbnail", &["misc", "get-thumbnail", "-h"]),
        ("create_completion", &["misc", "create-completion", "-h"]),
    ];
    for (name, args) in cases {
        let run = home.run("operations", args, &[]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        insta::assert_snapshot!(format!("cli_help_{name}"), run.stdout);
    }
}

/// `--dry-run` of commands of each shape: the request exactly as it would be sent.
#[test]
fn dry_run_of_the_fixture_commands() {
    let home = Home::new("dry-run-snapshots");
    std::fs::write(home.path("people.csv"), "name\nBlob\n").unwrap();
    let csv = home.path("people.csv");
    let csv = csv.to_str().unwrap();
    let cases: [(&str, &[&str]); 6] = [
        (
            "create_document",
            &["misc", "create-document", "--name", "Q3 report"],
        ),
        (
            "list_documents",
            &[
                "misc",
                "list-documents",
                "--sort-field",
                "updatedAt",
                "--page-size",
                "5",
                "--ids",
                "1",
                "--ids",
                "2",
                "--include",
                "owner",
                "--include",
                "labels",
                "--filter",
                r#"{"owner":"me"}"#,
            ],
        ),
        (
            "delete_document",
            &[
                "misc",
                "delete-document",
                "a/b c",
                "--x-request-id",
                "r-1",
                "--theme",
                "dark",
                "--session",
                "s-1",
            ],
        ),
        (
            "create_checkout_session",
            &[
                "misc",
                "create-checkout-session",
                "--body",
                r#"{"metadata":{"order":"7"},"line_items":[{"price":"p_1","quantity":2}]}"#,
            ],
        ),
        ("get_paired", &["misc", "get-paired"]),
        (
            "uploads_create",
            &["misc", "uploads-create", "--file", csv, "--model-id", "m-1"],
        ),
    ];
    for (name, args) in cases {
        let mut all = vec!["--dry-run", "--token", "s3cret-token"];
        all.extend(args);
        let run = home.run("operations", &all, &[]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert!(!run.stdout.contains("s3cret"), "{name}: {}", run.stdout);
        insta::assert_snapshot!(format!("cli_dry_run_{name}"), run.stdout);
    }
}

#[tokio::test]
async fn an_expiring_oauth_token_is_refreshed_before_the_call_and_saved() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/oauth/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=refresh-old"))
        .and(body_string_contains("client_id=operations-cli"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "access_token": "access-new", "refresh_token": "refresh-new", "expires_in": 3600
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/api/documents/d-1"))
        .and(header("authorization", "Bearer access-new"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    let home = Home::new("refresh");
    let base = format!("{}/api", server.uri());
    let config = json!({
        "version": 1,
        "defaultProfile": "default",
        "profiles": {"default": {
            "apiEndpoint": base, "authMethod": "oauth", "accessToken": "access-old",
            "refreshToken": "refresh-old", "tokenExpiresAt": "2020-01-01T00:00:00Z"
        }}
    });
    std::fs::write(home.config(), config.to_string()).unwrap();
    let config_path = home.config();
    let env = [("OPERATIONS_CONFIG_PATH", config_path.to_str().unwrap())];
    let delete = [
        "misc",
        "delete-document",
        "d-1",
        "--x-request-id",
        "r-1",
        "--theme",
        "dark",
    ];
    let run = home.run("operations", &delete, &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&config_path).unwrap()).unwrap();
    assert_eq!(written["profiles"]["default"]["accessToken"], "access-new");
    assert_eq!(
        written["profiles"]["default"]["refreshToken"],
        "refresh-new"
    );
    // The saved token is fresh: the next call does not refresh again.
    let again = home.run("operations", &delete, &env);
    assert_eq!(again.code, 0, "{}", again.stderr);
    server.verify().await;
}

/// `omni completions bash | head -1`: a reader that goes away ends the command quietly.
#[test]
fn a_closed_stdout_ends_the_command_quietly() {
    let home = Home::new("closed-pipe");
    let mut child = Command::new(binary("omni"))
        .args(["completions", "bash"])
        .env_clear()
        .env("HOME", &home.dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}
