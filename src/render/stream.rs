//! Streaming output: `--format json`, `jsonl` and `csv` written assessment by
//! assessment as the pipeline produces them, so a run of any size holds one
//! assessment at a time. The JSON is byte for byte what `render` writes for
//! the whole run (a test compares them).

use super::{Format, escape, json::SCHEMA_VERSION};
use crate::Lang;
use crate::assessment::{Assessment, Gate, WaiverReport};
use anyhow::Result;
use std::io::Write;

/// Whether `format` can be written as the assessments are produced.
pub fn streams(format: Format) -> bool {
    matches!(format, Format::Json | Format::Jsonl | Format::Csv)
}

/// A report being written: its opening is out, assessments follow, then the end.
pub struct Stream<'w> {
    format: Format,
    lang: Lang,
    out: &'w mut dyn Write,
    written: usize,
}

/// `text` with every line but the first indented by `indent`.
fn indented(text: &str, indent: &str) -> String {
    text.replace('\n', &format!("\n{indent}"))
}

/// `serde_json`'s pretty layout (two spaces a level) for a value nested
/// `depth` levels deep in the document: what `to_string_pretty` writes, each
/// line after the first indented by the levels around it, without writing it
/// twice.
struct Nested {
    depth: usize,
    level: usize,
    has_value: bool,
}

impl Nested {
    fn newline<W: ?Sized + Write>(&self, out: &mut W) -> std::io::Result<()> {
        out.write_all(b"\n")?;
        for _ in 0..self.depth + self.level {
            out.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        out.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(out)?;
        }
        out.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        self.newline(out)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        out.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(out)?;
        }
        out.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        self.newline(out)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

impl<'w> Stream<'w> {
    /// Writes the report's opening.
    pub fn begin(format: Format, lang: Lang, out: &'w mut dyn Write) -> Result<Stream<'w>> {
        match format {
            Format::Json => write!(
                out,
                "{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"tool_version\": {},\n  \"assessments\": [",
                serde_json::to_string(env!("CARGO_PKG_VERSION"))?
            )?,
            Format::Csv => {
                let mut header = csv::Writer::from_writer(Vec::new());
                header.write_record(super::csv::HEADER)?;
                out.write_all(&header.into_inner()?)?;
            }
            _ => {}
        }
        Ok(Stream {
            format,
            lang,
            out,
            written: 0,
        })
    }

    /// Writes one assessment.
    pub fn assessment(&mut self, assessment: &Assessment) -> Result<()> {
        crate::i18n::rendering_in(self.lang, || -> Result<()> {
            match self.format {
                Format::Json => {
                    let separator = if self.written == 0 {
                        "\n    "
                    } else {
                        ",\n    "
                    };
                    self.out.write_all(separator.as_bytes())?;
                    let mut json = serde_json::Serializer::with_formatter(
                        &mut *self.out,
                        Nested {
                            depth: 2,
                            level: 0,
                            has_value: false,
                        },
                    );
                    serde::Serialize::serialize(assessment, &mut json)?;
                }
                Format::Jsonl => {
                    serde_json::to_writer(&mut *self.out, assessment)?;
                    self.out.write_all(b"\n")?;
                }
                _ => {
                    let mut safe = assessment.clone();
                    safe.map_texts(&escape::terminal);
                    let mut rows = csv::WriterBuilder::new()
                        .has_headers(false)
                        .from_writer(Vec::new());
                    super::csv::write_rows(&mut rows, &safe)?;
                    let bytes = rows.into_inner()?;
                    let text = String::from_utf8(bytes)?;
                    self.out
                        .write_all(escape::no_workflow_commands(&text).as_bytes())?;
                }
            }
            Ok(())
        })?;
        self.written += 1;
        Ok(())
    }

    /// Writes the report's end: for JSON the gate and the waivers' report.
    pub fn end(self, gate: Option<&Gate>, waivers: Option<&WaiverReport>) -> Result<()> {
        if self.format == Format::Json {
            let close = if self.written == 0 { "]" } else { "\n  ]" };
            write!(self.out, "{close}")?;
            if let Some(gate) = gate {
                let text = serde_json::to_string_pretty(gate)?;
                write!(self.out, ",\n  \"gate\": {}", indented(&text, "  "))?;
            }
            if let Some(waivers) = waivers {
                let text = serde_json::to_string_pretty(waivers)?;
                write!(self.out, ",\n  \"waivers\": {}", indented(&text, "  "))?;
            }
            writeln!(self.out, "\n}}")?;
        }
        self.out.flush()?;
        Ok(())
    }
}
