//! The wiring `graph` checks for cycles is the one emit writes: every wire
//! is a reference in the template, and nothing refers by `Ref`/`GetAtt` to
//! a declaration the wiring says is written by name.

use std::collections::BTreeMap;

use lfc::emit::wiring::Wiring;
use lfc::emit::Template;
use lfc::model::Stack;

use crate::common::{compile_path, emitting_inputs, render};

/// Logical ID → the declaration whose main resources include it (trigger,
/// URL and async resources, whose source path goes further, are left out).
fn owners(stack: &Stack, t: &Template) -> BTreeMap<String, String> {
    t.resources
        .iter()
        .filter_map(|(id, r)| {
            let path = r.source.rsplit_once('#')?.1;
            let (kind, name) = path.split_once('.')?;
            let decl = stack.decl(name)?;
            (decl.kind.kind().keyword() == kind).then(|| (id.clone(), name.to_string()))
        })
        .collect()
}

#[test]
fn every_wire_is_a_reference_in_the_template_and_by_name_means_no_reference() {
    let mut wires = 0;
    for path in emitting_inputs() {
        let out = compile_path(&path);
        let t = out.template.as_ref().unwrap_or_else(|| panic!("{}", render(&out)));
        let wiring = Wiring::of(&out.stack);
        let owner = owners(&out.stack, t);
        // (declaration, declaration) pairs the template's references make.
        let mut refs = Vec::new();
        for (id, r) in &t.resources {
            for dep in r.references() {
                if let (Some(from), Some(to)) = (owner.get(id), owner.get(dep)) {
                    refs.push((from.as_str(), to.as_str(), dep));
                }
            }
        }
        for w in wiring.wires() {
            wires += 1;
            assert!(
                refs.iter().any(|(f, t, _)| *f == w.from && *t == w.to),
                "{}: wire {} → {} ({:?}) is not in the template",
                path.display(),
                w.from,
                w.to,
                w.via
            );
        }
        for (from, to, dep) in &refs {
            assert!(
                from == to || !wiring.by_name(to),
                "{}: `{from}` refers to `{dep}` of `{to}`, which is written by name",
                path.display()
            );
        }
    }
    assert!(wires >= 5, "only {wires} wires in every input");
}
