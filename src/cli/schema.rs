//! `assess schema KIND`: JSON Schemas for editors (profiles) and for scripts
//! (the report document).

use super::SchemaKind;
use crate::load::Catalog;
use crate::model::{Industry, Market, Product, RuleEntry};
use crate::render::Envelope;
use anyhow::Result;

pub fn schema(kind: SchemaKind) -> Result<String> {
    let schema = match kind {
        SchemaKind::Market => schemars::schema_for!(Market),
        SchemaKind::Industry => schemars::schema_for!(Industry),
        SchemaKind::Product => schemars::schema_for!(Product),
        SchemaKind::Rules => schemars::schema_for!(Vec<RuleEntry>),
        SchemaKind::Report => schemars::schema_for!(Envelope<'static>),
        SchemaKind::Results => schemars::schema_for!(Vec<crate::model::ResultRow>),
        SchemaKind::Ranking => {
            schemars::schema_for!(crate::assessment::RankingDocument<'static>)
        }
    };
    let mut text = serde_json::to_string_pretty(&schema)?;
    text.push('\n');
    Ok(text)
}

/// The product schema, its `promises` items limited to the promise ids the
/// profiles define (built-in and overlaid), so an editor can offer them.
pub fn product(catalog: &Catalog) -> Result<String> {
    let mut schema = schemars::schema_for!(Product);
    let ids: Vec<&str> = catalog.promises.keys().map(String::as_str).collect();
    if let Some(promises) = schema.pointer_mut("/properties/promises") {
        *promises = serde_json::json!({
            "description": "Marketing promises the product makes (`assess list promises`).",
            "type": ["array", "null"],
            "items": { "type": "string", "enum": ids },
        });
    }
    let mut text = serde_json::to_string_pretty(&schema)?;
    text.push('\n');
    Ok(text)
}
