//! `conformance-driver BASE INDEX`: one call, its outcome as a JSON line.
fn main() {
    let mut args = std::env::args().skip(1);
    let base = args.next().unwrap_or_default();
    let index: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(usize::MAX);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    #[cfg(feature = "mock")]
    if base == "kit" {
        // The crate's own mock: the call's outcome and what the mock saw.
        let outcome = runtime.block_on(async {
            let server = conformance_crate::mock::MockServer::start().await;
            let mut outcome = conformance_crate::conformance::call(&server.uri(), index).await;
            outcome["kit"] = serde_json::json!(server.take_failures());
            outcome
        });
        println!("{outcome}");
        return;
    }
    println!("{}", runtime.block_on(conformance_crate::conformance::call(&base, index)));
}
