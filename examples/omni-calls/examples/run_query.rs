//! Runs a query and waits for its result: a query that takes long comes back as job ids,
//! and `query_wait` blocks until those jobs are done.
//!
//! `cargo run -p omni-calls --example run_query -- query.json` (a query as the
//! workbook's "Inspect query" shows it: `{"modelId": ..., "table": ..., "fields": [..]}`)

use omni_client::types::QueryRunBody;

#[tokio::main]
async fn main() -> omni_calls::Outcome {
    let client = omni_client::Client::from_env()?;
    let query = std::fs::read_to_string(omni_calls::argument(1, "a query file (JSON)")?)?;
    let body = QueryRunBody {
        query: Some(serde_json::from_str(&query)?),
        ..Default::default()
    };
    let run = client.query_run(Some(&body)).await?;
    let mut results = run.completed_queries.unwrap_or_default();
    if let Some(jobs) = run.job_ids.filter(|jobs| !jobs.is_empty()) {
        let waited = client.query_wait(&jobs.join(",")).await?;
        results.extend(waited.results);
    }
    for result in results {
        println!("{}", serde_json::to_string_pretty(&result)?);
    }
    Ok(())
}
