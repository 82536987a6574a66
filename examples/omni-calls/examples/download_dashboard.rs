//! Downloads a dashboard as a PDF: the download is started, then its file is asked for
//! until it is ready (`202` while the job runs), then written to disk.
//!
//! `cargo run -p omni-calls --example download_dashboard -- <dashboard id> out.pdf`

use omni_client::operations::{DashboardsDownloadFileSuccess, DashboardsDownloadParams};
use omni_client::types::{DashboardsDownloadBody, DashboardsDownloadBodyFormat};
use std::time::Duration;

#[tokio::main]
async fn main() -> omni_calls::Outcome {
    let client = omni_client::Client::from_env()?;
    let dashboard = omni_calls::argument(1, "the dashboard id")?;
    let path = omni_calls::argument(2, "the file to write")?;
    let body = DashboardsDownloadBody::new(DashboardsDownloadBodyFormat::Pdf);
    let job = client
        .dashboards_download(&dashboard, &DashboardsDownloadParams::default(), &body)
        .await?;
    loop {
        let file = client
            .dashboards_download_file(&dashboard, &job.job_id, &Default::default())
            .await?;
        match file {
            DashboardsDownloadFileSuccess::Ok(bytes) => {
                tokio::fs::write(&path, &bytes).await?;
                println!("{path}: {} bytes", bytes.len());
                return Ok(());
            }
            DashboardsDownloadFileSuccess::Accepted => {
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
        }
    }
}
