//! The canonical JSON text of templates: serde_json's pretty format (2-space
//! indent) byte for byte, written so that each resource is serialised once,
//! when it is added ([`super::entry::Entry`]), and a template is its entries'
//! texts joined.
//!
//! Must not: decide what a template contains; it only writes it.

use serde::Serialize;

use super::cfn::Template;

/// `,` and a line break followed by the indent of the deepest level
/// [`Pretty`] writes in one piece (deeper levels add the rest).
static BREAK: [u8; 2 + 2 * 64] = {
    let mut b = [b' '; 2 + 2 * 64];
    b[0] = b',';
    b[1] = b'\n';
    b
};

/// The depth of a resource's object in a template: inside the document and
/// its `Resources`.
pub(super) const RESOURCE_DEPTH: usize = 2;

/// serde_json's `PrettyFormatter` with its 2-space indent, byte for byte,
/// but each line break and its indent written at once rather than two
/// bytes per level (the serialisation of a template is mostly indents), and
/// able to start at a depth (a value written where the document puts it).
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// A line break at the current depth, after a `,` unless `first`.
    fn line<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        let start = usize::from(first);
        let end = 2 + 2 * self.depth;
        if end <= BREAK.len() {
            return w.write_all(&BREAK[start..end]);
        }
        w.write_all(&BREAK[start..])?;
        (BREAK.len()..end).step_by(2).try_for_each(|_| w.write_all(b"  "))
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w, true)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.line(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.line(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Appends `value` in the pretty format as it reads at `depth` (its inner
/// lines indented for that depth, its first line not indented).
pub(super) fn append_pretty(out: &mut Vec<u8>, value: &impl Serialize, depth: usize) {
    let mut ser = serde_json::Serializer::with_formatter(
        &mut *out,
        Pretty {
            depth,
            has_value: false,
        },
    );
    // Writing into a Vec cannot fail, and the values written here have
    // string keys only.
    let _ = value.serialize(&mut ser);
}

thread_local! {
    /// The buffer resources are written into before their text is copied
    /// out at its exact size (growing a new buffer per resource cost more).
    static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The pretty text of `value` at `depth`, allocated at its exact size.
pub(super) fn pretty_at(value: &impl Serialize, depth: usize) -> Box<str> {
    SCRATCH.with_borrow_mut(|buf| {
        buf.clear();
        append_pretty(buf, value, depth);
        // serde_json writes valid UTF-8.
        std::str::from_utf8(buf).unwrap_or_default().into()
    })
}

/// `,\n  "key": value` at the document's first level.
fn section(out: &mut Vec<u8>, key: &str, value: &impl Serialize) {
    out.extend_from_slice(b",\n  ");
    append_pretty(out, &key, 1);
    out.extend_from_slice(b": ");
    append_pretty(out, value, 1);
}

/// The canonical JSON text of `t` (keys in the order of docs/language.md
/// §12, final newline) and the bytes each resource's entry takes in it, in
/// [`Template::written_order`] (`LF0602`'s breakdown).
pub(super) fn template_text(t: &Template) -> (String, Vec<usize>) {
    let body: usize = t.resources.iter().map(|(id, r)| id.len() + r.text().len() + 10).sum();
    let mut out = Vec::with_capacity(body + 4096);
    out.extend_from_slice(b"{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\"");
    if let Some(d) = &t.description {
        section(&mut out, "Description", d);
    }
    if !t.parameters.is_empty() {
        section(&mut out, "Parameters", &t.parameters);
    }
    if !t.mappings.is_empty() {
        section(&mut out, "Mappings", &t.mappings);
    }
    out.extend_from_slice(b",\n  \"Resources\": {");
    let mut sizes = Vec::with_capacity(t.resources.len());
    for (i, (id, r)) in t.written_order().enumerate() {
        let start = out.len();
        out.extend_from_slice(if i == 0 { &b"\n    "[..] } else { &b",\n    "[..] });
        append_pretty(&mut out, id, RESOURCE_DEPTH);
        out.extend_from_slice(b": ");
        out.extend_from_slice(r.text().as_bytes());
        sizes.push(out.len() - start);
    }
    if !sizes.is_empty() {
        out.extend_from_slice(b"\n  ");
    }
    out.push(b'}');
    if !t.outputs.is_empty() {
        section(&mut out, "Outputs", &t.outputs);
    }
    out.extend_from_slice(b"\n}\n");
    // Nested templates are many and small: keep no spare capacity.
    out.shrink_to_fit();
    (String::from_utf8(out).unwrap_or_default(), sizes)
}
