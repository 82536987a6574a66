//! Generates the client from the OpenAPI document at build time, with the settings of a
//! `codegen.toml` beside it when there is one (and the overlays they name), into one file
//! that `src/lib.rs` includes.

use std::path::Path;

fn main() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec");
    let spec = folder.join("openapi.json");
    let config = folder.join("codegen.toml");
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed={}", config.display());
    let text = std::fs::read_to_string(&spec).expect("the OpenAPI document");
    let settings = match std::fs::read_to_string(&config) {
        Ok(toml) => codegen::Settings::from_toml("codegen.toml", &toml)
            .unwrap_or_else(|err| panic!("{err}")),
        Err(_) => codegen::Settings::default(),
    };
    for overlay in &settings.overlays {
        println!("cargo:rerun-if-changed={}", folder.join(overlay).display());
    }
    // The overlays the settings name are read from the document's folder.
    let generated = codegen::Generator::new("build-rs-client")
        .spec_label("spec/openapi.json")
        .settings(settings)
        .document_folder(&folder)
        .generate("spec/openapi.json", &text)
        .unwrap_or_else(|err| panic!("{err}"));
    for warning in &generated.diagnostics {
        println!("cargo:warning={warning}");
    }
    let source = generated
        .single_file()
        .unwrap_or_else(|err| panic!("{err}"));
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("client.rs");
    std::fs::write(out, source).expect("OUT_DIR is writable");
}
