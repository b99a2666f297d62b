//! The `assess` binary: parse arguments, run, write the report, map the outcome
//! to an exit code (0 ok, 1 gate tripped, 2 usage or input error, 70 internal error).

use assess::render::escape;
use std::io::Write;
use std::process::ExitCode;

// An assessment is many small allocations (values, findings, texts) made on
// several threads; mimalloc serves them about a fifth faster than the system
// allocator (scripts/perf.sh), and parsing alone gains nothing from it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(std::string::ToString::to_string)
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default()
            .replace('\n', " ");
        let _ = writeln!(
            std::io::stderr(),
            "assess: internal error{location}: {message}\nThis is a bug in assess; please report it with the command you ran."
        );
    }));
    // A generous stack: deeply nested input must end in an error, never a crash.
    let worker = std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(|| std::panic::catch_unwind(run));
    match worker.map(std::thread::JoinHandle::join) {
        Ok(Ok(Ok(code))) => code,
        _ => ExitCode::from(70),
    }
}

fn run() -> ExitCode {
    // Lets the tests check that a bug ends as exit 70 with a one-line hint.
    assert!(
        std::env::var_os("ASSESS_PANIC_FOR_TESTS").is_none(),
        "a panic requested by ASSESS_PANIC_FOR_TESTS"
    );
    let mut streamed = std::io::BufWriter::new(std::io::stdout().lock());
    let result = assess::cli::run_to(std::env::args_os(), &mut streamed);
    drop(streamed);
    let output = match result {
        Ok(output) => output,
        // `assess … | head` closes the pipe early: that is not an error.
        Err(assess::cli::Failure::Input(error)) if is_broken_pipe(&error) => {
            return ExitCode::SUCCESS;
        }
        Err(assess::cli::Failure::Usage(error)) => {
            let _ = error.print();
            return ExitCode::from(error.exit_code().clamp(0, 255) as u8);
        }
        Err(assess::cli::Failure::Input(error)) if assess::diagnostics::is_internal(&error) => {
            let _ = writeln!(
                std::io::stderr(),
                "assess: {}\nThis is a bug in assess; please report it with the command you ran.",
                escape::stderr(&format!("{error:#}"))
            );
            return ExitCode::from(70);
        }
        Err(assess::cli::Failure::Input(error)) => {
            let _ = writeln!(
                std::io::stderr(),
                "{} {}",
                assess::i18n::tr("error:", "错误："),
                escape::stderr(&format!("{error:#}"))
            );
            return ExitCode::from(2);
        }
    };
    let mut stderr = std::io::stderr().lock();
    for (path, text) in &output.files {
        if let Err(e) = write_atomically(path, text.as_bytes()) {
            let _ = writeln!(
                stderr,
                "{}",
                escape::stderr(&assess::i18n::tr(
                    format!(
                        "error: {}: cannot write the report: {e}; the file is unchanged",
                        path.display()
                    ),
                    format!("错误：{}：无法写入报告：{e}；原文件未改动", path.display())
                ))
            );
            return ExitCode::from(2);
        }
    }
    for warning in &output.warnings {
        let _ = writeln!(
            stderr,
            "{} {}",
            assess::i18n::tr("warning:", "警告："),
            escape::stderr(warning)
        );
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(if output.streamed {
            b""
        } else {
            output.stdout.as_bytes()
        })
        .and_then(|()| stdout.flush())
    {
        Ok(()) => {}
        // `assess … | head` closes the pipe early: that is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(
                stderr,
                "{}",
                assess::i18n::tr(
                    format!("error: cannot write the report: {e}"),
                    format!("错误：无法输出报告：{e}")
                )
            );
            return ExitCode::from(2);
        }
    }
    if let Some(note) = &output.stderr_note {
        let _ = writeln!(stderr, "{}", escape::stderr(note));
    }
    ExitCode::from(output.exit_code)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`: a failed write (a full disk, a file-size limit) leaves an existing
/// report as it was, and never a truncated one.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Whether `error` comes from writing to a closed pipe (a streamed report
/// read by `head`, for instance).
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe))
    })
}
