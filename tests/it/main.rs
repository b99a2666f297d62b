//! The integration tests: one binary (one link, one cold build), a module per
//! topic. Most drive the real `assess` binary; `common` holds the helpers.

mod architecture;
mod bad_input;
mod batch;
mod browser;
mod cases;
mod cli;
mod common;
mod config;
mod data;
mod explain;
mod html;
mod integration_files;
mod learning;
mod mix_props;
mod packs;
mod rank;
mod readme;
mod renderer;
mod sarif;
mod schema;
mod teams;
mod terminal;
mod translation;
