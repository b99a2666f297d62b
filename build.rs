//! Re-embeds the data folders whenever they change (include_dir does not track them).

fn main() {
    for path in [
        "markets",
        "industries",
        "rules",
        "products",
        "channels.yaml",
        "promises.yaml",
        "messaging.yaml",
        "rule-tests",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
}
