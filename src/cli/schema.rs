//! `assess schema KIND`: JSON Schemas for editors (profiles) and for scripts
//! (the report document).

use super::SchemaKind;
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
    };
    let mut text = serde_json::to_string_pretty(&schema)?;
    text.push('\n');
    Ok(text)
}
