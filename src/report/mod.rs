//! Renderers: one per output format, all from the same assessments.

mod json;
mod labels;
mod table;

pub use json::{Envelope, SCHEMA_VERSION, envelope, render_json};
pub use labels::{Labels, labels};
pub use table::{TableOptions, render_table};
