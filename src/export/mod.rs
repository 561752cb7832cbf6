//! Pictures of a run: `gilsim export` and `gilsim run --chrome/--html`.
//!
//! Two formats, fed by one path: events go through a [`slices::Slicer`] (the report's own
//! fold), whose slices a [`chrome::ChromeTrace`] writes as they close, or an
//! [`html::HtmlPage`] gathers into rows and draws at the end. Exporting a trace file streams it
//! once with [`TraceReader`](crate::trace::TraceReader), in memory bounded by the number of
//! threads; a run's own events take the same path ([`export_events`]), so `run --chrome` and
//! `export` of that run's trace write the same bytes.

pub mod blocks;
pub mod chrome;
pub mod html;
pub mod slices;
pub mod svg;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::report::analyze::{bad_line, incomplete_message, open_trace, AnalyzeError};
use crate::report::Summary;
use crate::trace::event::{Event, Header};

use self::chrome::ChromeTrace;
use self::html::HtmlPage;
use self::slices::Slicer;

/// What to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Chrome trace-event JSON, for Perfetto UI and `chrome://tracing`.
    Chrome,
    /// One self-contained HTML page with an SVG timeline and the summary tables.
    Html,
}

/// How a run ended, as far as a picture needs to know.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunEnd {
    /// When the run ended: the footer's `t`, or the last event's for a trace cut short.
    pub end_t: u64,
    /// The footer's `stopped` (`deadlock`, `max_time`, ...), if any.
    pub stopped: Option<String>,
    /// For a trace without footer, the `incomplete: ...` warning `gilsim analyze` prints.
    pub incomplete: Option<String>,
}

/// A picture being made: events in, a file out.
enum Picture<W: Write> {
    Chrome(ChromeTrace<W>),
    Html(Box<HtmlPage<W>>),
}

/// Events of one run on their way into a picture in `format`, written to `out`.
pub struct Exporter<W: Write> {
    slicer: Slicer,
    picture: Picture<W>,
    /// The first write error; once set, nothing more is written.
    error: Option<io::Error>,
}

impl<W: Write> Exporter<W> {
    /// Starts a picture of the run `header` describes.
    pub fn new(format: Format, header: &Header, out: W) -> io::Result<Exporter<W>> {
        let picture = match format {
            Format::Chrome => Picture::Chrome(ChromeTrace::new(out, header)?),
            Format::Html => Picture::Html(Box::new(HtmlPage::new(out, header))),
        };
        Ok(Exporter {
            slicer: Slicer::new(header),
            picture,
            error: None,
        })
    }

    /// Takes the next event of the run.
    pub fn push(&mut self, e: &Event) {
        let (picture, error) = (&mut self.picture, &mut self.error);
        self.slicer.push(e, |s| match picture {
            Picture::Chrome(c) => {
                if error.is_none() {
                    if let Err(err) = c.slice(&s) {
                        *error = Some(err);
                    }
                }
            }
            Picture::Html(h) => h.slice(&s),
        });
    }

    /// Closes the run at `end.end_t`, finishes the picture, and gives the run's summary.
    pub fn finish(self, end: &RunEnd) -> io::Result<Summary> {
        let Exporter {
            slicer,
            mut picture,
            mut error,
        } = self;
        let summary = slicer.finish(end.end_t, |s| match &mut picture {
            Picture::Chrome(c) => {
                if error.is_none() {
                    if let Err(err) = c.slice(&s) {
                        error = Some(err);
                    }
                }
            }
            Picture::Html(h) => h.slice(&s),
        });
        if let Some(e) = error {
            return Err(e);
        }
        match picture {
            Picture::Chrome(c) => drop(c.finish(&summary, end)?),
            Picture::Html(h) => drop(h.finish(&summary, end)?),
        }
        Ok(summary)
    }
}

/// Writes the picture of a run's own events (`run --chrome/--html`): the same bytes as
/// exporting the trace that run wrote.
pub fn export_events<'a, W: Write>(
    format: Format,
    header: &Header,
    events: impl IntoIterator<Item = &'a Event>,
    end: &RunEnd,
    out: W,
) -> io::Result<Summary> {
    let mut x = Exporter::new(format, header, out)?;
    for e in events {
        x.push(e);
    }
    x.finish(end)
}

/// Exports the trace at `path` as `format` into `output` (stdout when `None`). Gives the
/// `incomplete: ...` warning for a trace without footer; bad input gets the errors and exit
/// codes of `gilsim analyze`.
pub fn export_trace(
    path: &Path,
    format: Format,
    output: Option<&Path>,
) -> Result<Option<String>, AnalyzeError> {
    let (mut reader, header) = open_trace(path)?;
    if let Some(out) = output {
        if same_file(path, out) {
            return Err(AnalyzeError {
                code: 2,
                message: format!(
                    "{}: the output would overwrite the trace it reads",
                    out.display()
                ),
            });
        }
    }
    let mut write = |out: &mut dyn Write| -> Result<Option<String>, AnalyzeError> {
        let mut x = Exporter::new(format, &header, out).map_err(|e| write_error(output, e))?;
        let mut last_t = 0;
        for item in reader.by_ref() {
            let e = item.map_err(|e| bad_line(path, e))?;
            last_t = e.t;
            x.push(&e);
        }
        let footer = reader.footer();
        let end = RunEnd {
            end_t: footer.map_or(last_t, |f| f.t),
            stopped: footer.and_then(|f| f.stopped.clone()),
            incomplete: footer
                .is_none()
                .then(|| incomplete_message(reader.lines_read())),
        };
        x.finish(&end).map_err(|e| write_error(output, e))?;
        Ok(end.incomplete)
    };
    match output {
        Some(out) => write_atomically(out, |w| Ok(write(w))).map_err(|e| write_error(output, e))?,
        None => {
            let stdout = io::stdout();
            let mut w = BufWriter::with_capacity(1 << 16, stdout.lock());
            write(&mut w)
        }
    }
}

/// Writes `path` through `f`, into a temporary file beside it renamed over `path` only when
/// `f` succeeds: a failed export leaves no half-written file and keeps an older one. A path
/// that exists and is not a regular file (`/dev/null`, a pipe) is written in place instead.
pub fn write_atomically<T, E>(
    path: &Path,
    f: impl FnOnce(&mut dyn Write) -> Result<Result<T, E>, io::Error>,
) -> io::Result<Result<T, E>> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let mut w = BufWriter::with_capacity(1 << 16, File::create(path)?);
        let result = f(&mut w)?;
        w.flush()?;
        return Ok(result);
    }
    let tmp = temp_beside(path);
    let file = File::create(&tmp)?;
    let mut w = BufWriter::with_capacity(1 << 16, file);
    let result = f(&mut w).and_then(|r| w.flush().map(|_| r));
    drop(w);
    match result {
        Ok(Ok(v)) => {
            if let Err(e) = std::fs::rename(&tmp, path) {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
            Ok(Ok(v))
        }
        other => {
            let _ = std::fs::remove_file(&tmp);
            other
        }
    }
}

fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn write_error(output: Option<&Path>, e: io::Error) -> AnalyzeError {
    let what = output.map_or("standard output".to_string(), |p| p.display().to_string());
    AnalyzeError {
        code: 2,
        message: format!("cannot write {what}: {e}"),
    }
}
