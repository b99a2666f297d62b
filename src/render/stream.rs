//! Streaming output: `--format json`, `jsonl`, `yaml` and `csv` written
//! assessment by assessment as the pipeline produces them, so a run of any
//! size holds one assessment at a time; `junit` and `github` keep only what
//! they will print (each test suite's text; the first annotations and the
//! counts). Each is byte for byte what `render` writes for the whole run (a
//! test compares them).

use super::ci::{Annotations, JunitSuites};
use super::{Format, escape, json::SCHEMA_VERSION};
use crate::Lang;
use crate::assessment::{Assessment, FailOn, Gate, WaiverReport};
use anyhow::Result;
use std::io::Write;

/// Whether `format` can be written as the assessments are produced.
pub fn streams(format: Format) -> bool {
    matches!(
        format,
        Format::Json | Format::Jsonl | Format::Yaml | Format::Csv | Format::Junit | Format::Github
    )
}

/// A report being written: its opening is out, assessments follow, then the end.
pub struct Stream<'w> {
    format: Format,
    lang: Lang,
    out: &'w mut dyn Write,
    written: usize,
    junit: Option<JunitSuites<'w>>,
    annotations: Annotations,
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

    /// `[` or `{`: one level deeper, nothing in it yet.
    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    /// `]` or `}`: on a line of its own after what it holds.
    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.newline(out)?;
        }
        out.write_all(bracket)
    }

    /// An item of a list or a key of a mapping: on a line of its own.
    fn item<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        self.newline(out)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(out, first)
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
    /// Writes the report's opening. `fail_on` is the run's gate, which
    /// decides what a JUnit case counts as a failure.
    pub fn begin(
        format: Format,
        lang: Lang,
        fail_on: &'w [FailOn],
        out: &'w mut dyn Write,
    ) -> Result<Stream<'w>> {
        match format {
            Format::Json => write!(
                out,
                "{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"tool_version\": {},\n  \"assessments\": [",
                serde_json::to_string(env!("CARGO_PKG_VERSION"))?
            )?,
            Format::Yaml => {
                let head = Head {
                    schema_version: SCHEMA_VERSION,
                    tool_version: env!("CARGO_PKG_VERSION"),
                };
                write!(out, "{}assessments:", serde_saphyr::to_string(&head)?)?;
            }
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
            junit: (format == Format::Junit).then(|| JunitSuites::new(fail_on, lang)),
            annotations: Annotations::default(),
        })
    }

    /// Writes one assessment.
    pub fn assessment(&mut self, mut assessment: Assessment) -> Result<()> {
        super::make_safe(self.format, &mut assessment);
        let assessment = &assessment;
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
                    serde_json::to_writer(&mut *self.out, &*assessment)?;
                    self.out.write_all(b"\n")?;
                }
                Format::Yaml => {
                    // serde-saphyr writes a list item as the mapping alone,
                    // each line after the first indented by two spaces.
                    let text = serde_saphyr::to_string(&*assessment)?;
                    let mut lines = text.lines();
                    write!(self.out, "\n- {}", lines.next().unwrap_or_default())?;
                    for line in lines {
                        if line.is_empty() {
                            self.out.write_all(b"\n")?;
                        } else {
                            write!(self.out, "\n  {line}")?;
                        }
                    }
                }
                Format::Junit => {
                    if let Some(junit) = &mut self.junit {
                        junit.add(assessment);
                    }
                }
                Format::Github => {
                    self.annotations.add(assessment);
                }
                _ => {
                    let mut rows = csv::WriterBuilder::new()
                        .has_headers(false)
                        .from_writer(Vec::new());
                    super::csv::write_rows(&mut rows, assessment)?;
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

    /// Writes the report's end: for JSON and YAML the gate and the waivers'
    /// report; for JUnit and GitHub everything they kept.
    pub fn end(self, gate: Option<&Gate>, waivers: Option<&WaiverReport>) -> Result<()> {
        match self.format {
            Format::Json => {
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
            Format::Yaml => {
                if self.written == 0 {
                    write!(self.out, " []")?;
                }
                writeln!(self.out)?;
                let tail = Tail { gate, waivers };
                if gate.is_some() || waivers.is_some() {
                    self.out
                        .write_all(serde_saphyr::to_string(&tail)?.as_bytes())?;
                }
            }
            Format::Junit => {
                if let Some(junit) = self.junit {
                    let text = junit.finish();
                    self.out
                        .write_all(escape::no_workflow_commands(&text).as_bytes())?;
                }
            }
            Format::Github => {
                let gate = gate.map(|g| {
                    let mut g = g.clone();
                    for reason in &mut g.reasons {
                        crate::i18n::remap(reason, &escape::terminal);
                    }
                    g
                });
                let text = crate::i18n::rendering_in(self.lang, || {
                    self.annotations.finish(gate.as_ref(), self.lang)
                });
                self.out.write_all(text.as_bytes())?;
            }
            _ => {}
        }
        self.out.flush()?;
        Ok(())
    }
}

/// The keys of the YAML document before its assessments.
#[derive(serde::Serialize)]
struct Head {
    schema_version: u32,
    tool_version: &'static str,
}

/// The keys of the YAML document after its assessments.
#[derive(serde::Serialize)]
struct Tail<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    gate: Option<&'a Gate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waivers: Option<&'a WaiverReport>,
}
