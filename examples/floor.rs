//! The floor that `scripts/perf.sh` measures `assess` against: a program that
//! does nothing but read the YAML files a run needs and parse each into a
//! generic value with serde-saphyr, the parser `assess` uses.
//!
//!   cargo build --release --example floor
//!   target/release/examples/floor markets/sea.yaml industries/social.yaml …

fn main() {
    let mut values = 0_usize;
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("floor: {path}: {error}");
                std::process::exit(2);
            }
        };
        match serde_saphyr::from_str::<serde_json::Value>(&text) {
            Ok(value) => values += usize::from(!value.is_null()),
            Err(error) => {
                eprintln!("floor: {path}: {error}");
                std::process::exit(2);
            }
        }
    }
    println!("{values} files parsed");
}
