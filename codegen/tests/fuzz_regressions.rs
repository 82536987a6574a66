//! Inputs that crashed the generator once (found by the fuzzer, `fuzz/run.sh`, or
//! otherwise; `fuzz/regressions/README.md` says which), replayed through the whole
//! pipeline: each gives a crate, or an error when its name starts with `refused-`.

use std::path::Path;

#[test]
fn every_input_that_once_crashed_the_generator_now_generates_or_fails_cleanly() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions");
    let mut inputs: Vec<_> = std::fs::read_dir(&folder)
        .expect("fuzz/regressions exists")
        .map(|entry| entry.expect("readable folder").path())
        .filter(|path| path.extension().is_some_and(|e| e != "md"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "{} is empty", folder.display());
    for input in inputs {
        let bytes = std::fs::read(&input).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let name = input.display().to_string();
        let result = std::panic::catch_unwind(|| {
            codegen::Generator::new("fuzz-client").generate(&name, text)
        });
        let refused = input
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("refused-"));
        match result {
            Ok(Ok(_)) => assert!(!refused, "{name}: generated a crate"),
            Ok(Err(err)) => {
                let message = err.to_string();
                assert!(!message.contains("generator bug"), "{name}: {message}");
                assert!(refused, "{name}: {message}");
            }
            Err(_) => panic!("{name}: the generator panicked"),
        }
    }
}
