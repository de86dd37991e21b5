// The bundled languages are the files in js/lang/ (one list for the core, the npm package's
// lang/<code>.js modules and langs.js): written to $OUT_DIR/langs.rs for core::lang::BUNDLED.
use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("js/lang");
    println!("cargo:rerun-if-changed=js/lang");
    let mut codes: Vec<String> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    e.file_name()
                        .to_str()?
                        .strip_suffix(".json")
                        .map(String::from)
                })
                .collect()
        })
        .unwrap_or_default();
    codes.sort();
    let list: Vec<String> = std::iter::once("\"en\"".to_string())
        .chain(codes.iter().map(|c| format!("{c:?}")))
        .collect();
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("langs.rs");
    fs::write(
        out,
        format!("pub const BUNDLED: &[&str] = &[{}];\n", list.join(", ")),
    )
    .unwrap();
}
