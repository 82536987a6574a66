//! Any bytes through load -> normalize -> parse -> resolve -> emit -> format. The
//! generator turns its own panics into a "generator bug" error, so that error counts as
//! a crash here just as a panic does.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(err) = codegen::Generator::new("fuzz-client").generate("fuzz.yaml", text) {
        let message = err.to_string();
        assert!(!message.contains("generator bug"), "{message}");
    }
});
