//! The runtime under load: `cargo bench -p workspace-tests --bench load`. One `Client`
//! shared by many tasks against a loopback server:
//! - overhead: a server that answers at once; requests/s and p50/p99 latency of the
//!   client's own path (build, send, read, decode);
//! - misbehaving: 1,000 calls at once against a server that answers slowly and often
//!   with 429 or 503 (`Retry-After: 0`); every call ends, with a value or a typed error;
//! - pacing: `rate_limit(200, 1 s)` across 1,000 tasks; the achieved rate.
//!
//! Peak memory (VmHWM) is printed at the end.

use operations_client::operations::ScimUsersListParams;
use operations_client::runtime::RetryPolicy;
use operations_client::{Client, Error};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BODY: &str = r#"{"schemas":[],"totalResults":1,"itemsPerPage":1,"startIndex":1,"Resources":[{"id":"u1","userName":"u"}]}"#;

/// How the server answers: after `delay`, every `fail_every`-th request (0: none) with
/// 429 and the one after it with 503.
#[derive(Clone, Copy)]
struct Behaviour {
    delay: Duration,
    fail_every: u64,
}

async fn server(behaviour: Behaviour) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicU64::new(0));
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let count = count.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    let Ok(read) = socket.read(&mut chunk).await else {
                        return;
                    };
                    if read == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..read]);
                    while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        buffer.drain(..end + 4);
                        if !behaviour.delay.is_zero() {
                            tokio::time::sleep(behaviour.delay).await;
                        }
                        let n = count.fetch_add(1, Ordering::Relaxed);
                        let every = behaviour.fail_every;
                        let reply = match (every, n % every.max(1)) {
                            (0, _) => ok_reply(),
                            (_, 0) => failure("429 Too Many Requests"),
                            (_, 1) => failure("503 Service Unavailable"),
                            _ => ok_reply(),
                        };
                        if socket.write_all(reply.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    url
}

fn ok_reply() -> String {
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/scim+json\r\ncontent-length: {}\r\n\r\n{BODY}",
        BODY.len()
    )
}

fn failure(status: &str) -> String {
    format!("HTTP/1.1 {status}\r\nretry-after: 0\r\ncontent-length: 0\r\n\r\n")
}

fn client(url: &str, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(url)
        .api_key("load-key")
        .retry_policy(retry)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// `calls` calls, at most `concurrency` at once; each call's latency.
async fn run(client: &Client, calls: usize, concurrency: usize) -> (Vec<Duration>, Vec<Error>) {
    use futures_util::StreamExt;
    let results: Vec<(Duration, Result<(), Error>)> = futures_util::stream::iter(0..calls)
        .map(|_| async {
            let started = Instant::now();
            let result = client
                .scim_users_list(&ScimUsersListParams::default())
                .await;
            (started.elapsed(), result.map(drop))
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let mut latencies = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for (latency, result) in results {
        latencies.push(latency);
        if let Err(err) = result {
            errors.push(err);
        }
    }
    latencies.sort();
    (latencies, errors)
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        // Overhead: a server that answers at once, 64 calls in flight.
        let url = server(Behaviour { delay: Duration::ZERO, fail_every: 0 }).await;
        let fast = client(&url, RetryPolicy::none());
        run(&fast, 2_000, 64).await; // warm the pool
        let started = Instant::now();
        let (latencies, errors) = run(&fast, 20_000, 64).await;
        let elapsed = started.elapsed();
        assert!(errors.is_empty(), "{:?}", errors.first());
        println!(
            "overhead: 20000 calls, 64 in flight: {:.0} requests/s, p50 {:?}, p99 {:?}",
            20_000.0 / elapsed.as_secs_f64(),
            percentile(&latencies, 0.50),
            percentile(&latencies, 0.99)
        );

        // Misbehaving: slow, and a 429 then a 503 every 5 requests.
        let url = server(Behaviour { delay: Duration::from_millis(20), fail_every: 5 }).await;
        let retrying = client(
            &url,
            RetryPolicy { max_retries: 3, base_delay: Duration::from_millis(10), max_delay: Duration::from_secs(1) },
        );
        let started = Instant::now();
        let (latencies, errors) = run(&retrying, 1_000, 1_000).await;
        let typed = errors.iter().filter(|e| matches!(e, Error::Api(_))).count();
        assert_eq!(typed, errors.len(), "untyped: {:?}", errors.first());
        println!(
            "misbehaving: 1000 calls at once, 20 ms per reply, 2 in 5 replies 429/503: \
             all ended in {:?}, {} with a value, {} with an API error after retries, p99 {:?}",
            started.elapsed(),
            latencies.len() - errors.len(),
            errors.len(),
            percentile(&latencies, 0.99)
        );

        // Pacing: 200 requests a second across 1,000 tasks.
        let url = server(Behaviour { delay: Duration::ZERO, fail_every: 0 }).await;
        let paced = Client::builder()
            .base_url(&url)
            .api_key("load-key")
            .retry_policy(RetryPolicy::none())
            .rate_limit(200, Duration::from_secs(1))
            .build()
            .unwrap();
        let started = Instant::now();
        let (_, errors) = run(&paced, 1_000, 1_000).await;
        assert!(errors.is_empty(), "{:?}", errors.first());
        let elapsed = started.elapsed();
        println!(
            "pacing: rate_limit(200 / 1 s), 1000 calls from 1000 tasks: {:?}, {:.1} requests/s achieved",
            elapsed,
            1_000.0 / elapsed.as_secs_f64()
        );
    });
    if let Some(peak) = peak_memory_kib() {
        println!("peak memory: {} MiB", peak / 1024);
    }
}
