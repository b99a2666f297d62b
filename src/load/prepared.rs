//! The built-in profiles as `build.rs` prepared them: each file's values as
//! JSON and the line and column of every value, so that a run parses no
//! built-in YAML. User files and overlays keep the YAML path and its located
//! errors.

/// One prepared built-in file.
#[derive(Debug)]
pub struct Prepared {
    /// As the loader names it: `markets/sea.yaml`, `channels.yaml`.
    pub path: &'static str,
    pub json: &'static str,
    /// Dotted path, line, column; sorted by path.
    pub positions: &'static [(&'static str, u32, u32)],
}

include!(concat!(env!("OUT_DIR"), "/prepared.rs"));

/// The prepared form of the built-in file at `path`, if there is one.
pub fn find(path: &str) -> Option<&'static Prepared> {
    PREPARED
        .binary_search_by(|p| p.path.cmp(path))
        .ok()
        .and_then(|i| PREPARED.get(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every built-in file is prepared, holds what its YAML holds, and loads
    /// typed from JSON: no run falls back to parsing built-in YAML.
    #[test]
    fn every_built_in_file_is_prepared_and_loads_from_its_json() {
        let layer = crate::load::files::builtin();
        let files = layer
            .markets
            .iter()
            .chain(&layer.industries)
            .chain(&layer.rules)
            .chain(&layer.products)
            .chain(layer.channels.iter())
            .chain(layer.promises.iter())
            .chain(layer.messaging.iter());
        let mut count = 0;
        for file in files {
            let prepared =
                find(&file.path).unwrap_or_else(|| panic!("{} is not prepared", file.path));
            let from_yaml: serde_json::Value =
                serde_saphyr::from_str(&file.text).expect("the built-in YAML parses");
            let from_json: serde_json::Value =
                serde_json::from_str(prepared.json).expect("the prepared JSON parses");
            assert_eq!(from_yaml, from_json, "{}", file.path);
            let typed = match file.path.split('/').next().unwrap_or_default() {
                "markets" => serde_json::from_str::<crate::model::Market>(prepared.json).map(drop),
                "industries" => {
                    serde_json::from_str::<crate::model::Industry>(prepared.json).map(drop)
                }
                "products" => {
                    serde_json::from_str::<crate::model::Product>(prepared.json).map(drop)
                }
                "rules" => {
                    serde_json::from_str::<Vec<crate::model::RuleEntry>>(prepared.json).map(drop)
                }
                "channels.yaml" => {
                    serde_json::from_str::<Vec<crate::model::ChannelInfo>>(prepared.json).map(drop)
                }
                "promises.yaml" => {
                    serde_json::from_str::<Vec<crate::model::Promise>>(prepared.json).map(drop)
                }
                _ => Ok(()),
            };
            assert!(typed.is_ok(), "{}: {typed:?}", file.path);
            assert!(prepared.positions.windows(2).all(|w| w[0].0 < w[1].0));
            count += 1;
        }
        assert_eq!(count, PREPARED.len());
    }

    #[test]
    fn prepared_positions_are_what_the_yaml_says() {
        let file = crate::load::files::builtin()
            .markets
            .into_iter()
            .find(|f| f.path == "markets/id.yaml")
            .expect("Indonesia");
        let from_text = crate::load::Positions::of(&file.text);
        let prepared = crate::load::Positions::of_file(&file);
        for path in [
            "id",
            "reach.mobile_internet_users",
            "network.idle_latency_ms",
            "sources.3.title",
        ] {
            assert_eq!(from_text.find(path), prepared.find(path), "{path}");
            assert!(prepared.find(path).is_some(), "{path}");
        }
    }
}
