//! Any bytes as the raw HTTP reply to every kind of call of the operations client:
//! each call ends in a value or a typed error, never a panic or a hang.

#![no_main]

#[path = "../../tests/respond_harness.rs"]
mod harness;

use std::sync::{Arc, Mutex, OnceLock};

struct State {
    runtime: tokio::runtime::Runtime,
    reply: Arc<Mutex<Vec<u8>>>,
    client: operations_client::Client,
}

fn state() -> &'static State {
    static STATE: OnceLock<State> = OnceLock::new();
    STATE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let reply = Arc::new(Mutex::new(Vec::new()));
        let url = runtime.block_on(harness::replying_server(reply.clone()));
        let client = harness::client(&url);
        State {
            runtime,
            reply,
            client,
        }
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let state = state();
    *state.reply.lock().expect("not poisoned") = data.to_vec();
    state
        .runtime
        .block_on(harness::every_kind_of_call(&state.client));
});
