//! References inside template values, replaced in place: the one walker
//! over `Ref`, `Fn::GetAtt` and `Fn::Sub` that moves values between
//! templates. `split` replaces the references that live in another template
//! (which logical IDs a resource refers to, [`super::cfn`] lists when it is
//! emitted); `diff` puts the values that crossed templates back.
//!
//! Must not: decide where anything goes; the caller says, per reference,
//! what it becomes.

use serde_json::{Map, Value};

use super::cfn::{split_var, sub_variable_ranges};

/// What a reference becomes: the name it goes by (a nested template's
/// parameter, a `Fn::Sub` variable) and the value that stands for it.
pub struct Replacement {
    /// Parameter or `Fn::Sub` variable name.
    pub name: String,
    /// The value written in place of `Ref`/`Fn::GetAtt`; when `${name}`
    /// does not read it (it is not `{"Ref": name}`, or `Fn::GetAtt` of
    /// `name` as `X.Attr`), `Fn::Sub` gets it as a variable.
    pub value: Value,
}

impl Replacement {
    /// `value` standing for the `Fn::Sub` variable `var`: a `Ref` or
    /// `Fn::GetAtt` goes into the text as `${X}` or `${X.Attr}`, any other
    /// value is bound to `var`.
    pub fn of(var: &str, value: Value) -> Self {
        let name = match (value.get("Ref"), value.get("Fn::GetAtt").and_then(Value::as_array)) {
            (Some(Value::String(id)), _) => id.clone(),
            (_, Some(a)) => match a.as_slice() {
                [Value::String(id), Value::String(attr)] => format!("{id}.{attr}"),
                _ => var.to_string(),
            },
            _ => var.to_string(),
        };
        Replacement { name, value }
    }

    /// Whether `${name}` in a `Fn::Sub` text reads `value` as it is.
    fn read_by_name(&self) -> bool {
        if let Some(id) = self.value.get("Ref") {
            return id.as_str() == Some(self.name.as_str());
        }
        match self
            .value
            .get("Fn::GetAtt")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            Some([Value::String(id), Value::String(attr)]) => {
                self.name.split_once('.') == Some((id.as_str(), attr.as_str()))
            }
            _ => false,
        }
    }
}

/// Decides, per reference (logical ID or pseudo parameter, attribute for
/// `Fn::GetAtt` and `${X.Attr}`), whether it is replaced.
pub type Resolve<'a> = dyn FnMut(&str, Option<&str>) -> Option<Replacement> + 'a;

/// What becomes of the form of a `Fn::Sub` whose references are replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subs {
    /// Kept as written (a template being split).
    Kept,
    /// `[text, {}]` written as `text` (a template read back for `diff`).
    Tidied,
    /// Tidied, and a text that is one replaced variable alone (`${X}`,
    /// without variables) becomes that variable's value.
    Unwrapped,
}

/// Replaces, in place, every reference in `v` for which `f` answers.
pub fn rewrite(v: &mut Value, subs: Subs, f: &mut Resolve<'_>) {
    match v {
        Value::Object(m) => {
            if m.len() == 1 {
                // The one entry, read without hashing its key.
                let target = match m.iter().next() {
                    Some((k, Value::String(id))) if k == "Ref" => Some((id.as_str(), None)),
                    Some((k, Value::Array(a))) if k == "Fn::GetAtt" => match a.as_slice() {
                        [Value::String(id), Value::String(attr)] => Some((id.as_str(), Some(attr.as_str()))),
                        _ => None,
                    },
                    _ => None,
                };
                if let Some((id, attr)) = target {
                    if let Some(r) = f(id, attr) {
                        *v = r.value;
                    }
                    return;
                }
                if let Some((k, sub)) = m.iter_mut().next() {
                    if k == "Fn::Sub" && is_sub_body(sub) {
                        if let Some(whole) = rewrite_sub(sub, subs, f) {
                            *v = whole;
                        }
                        return;
                    }
                }
            }
            m.values_mut().for_each(|x| rewrite(x, subs, f));
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rewrite(x, subs, f)),
        _ => {}
    }
}

/// A `Fn::Sub` body: a string, or `[string, variables]`.
fn is_sub_body(sub: &Value) -> bool {
    match sub {
        Value::String(_) => true,
        Value::Array(a) => matches!(a.as_slice(), [Value::String(_), Value::Object(_)]),
        _ => false,
    }
}

/// The body of a `Fn::Sub` (a string, or `[string, variables]`). The text
/// is copied only from its first replaced variable on; an array body is
/// refilled in place. With [`Subs::Unwrapped`], the value that the whole
/// `Fn::Sub` becomes when it is one replaced variable alone.
fn rewrite_sub(sub: &mut Value, subs: Subs, f: &mut Resolve<'_>) -> Option<Value> {
    let (text, mut vars) = match sub {
        Value::String(s) => (std::mem::take(s), Map::new()),
        Value::Array(a) => match a.as_mut_slice() {
            [Value::String(s), Value::Object(m)] => (std::mem::take(s), std::mem::take(m)),
            _ => return None,
        },
        _ => return None,
    };
    vars.values_mut().for_each(|x| rewrite(x, subs, f));
    // `out` holds text[..copied] with its variables replaced.
    let mut out: Option<String> = None;
    let mut copied = 0;
    for range in sub_variable_ranges(&text) {
        let (id, attr) = split_var(&text[range.clone()]);
        let replaced = if vars.contains_key(id) { None } else { f(id, attr) };
        if let Some(r) = replaced {
            let alone = range.start == 2 && range.end + 1 == text.len() && vars.is_empty();
            if alone && subs == Subs::Unwrapped {
                return Some(r.value);
            }
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            o.push_str(&text[copied..range.start]);
            o.push_str(&r.name);
            copied = range.end;
            if !r.read_by_name() {
                vars.insert(r.name, r.value);
            }
        }
    }
    let text = match out {
        Some(mut o) => {
            o.push_str(&text[copied..]);
            o
        }
        None => text,
    };
    match sub {
        Value::Array(a) if !vars.is_empty() || subs == Subs::Kept => {
            if let [t, v] = a.as_mut_slice() {
                *t = Value::String(text);
                *v = Value::Object(vars);
            }
        }
        _ if !vars.is_empty() => *sub = Value::Array(vec![Value::String(text), Value::Object(vars)]),
        _ => *sub = Value::String(text),
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn to_param(id: &str, attr: Option<&str>) -> Option<Replacement> {
        (id == "X" || id == "AWS::StackName").then(|| {
            let name = format!("P{}", attr.unwrap_or(""));
            Replacement {
                value: json!({ "Ref": name }),
                name,
            }
        })
    }

    #[test]
    fn refs_getatts_and_sub_variables_are_replaced_others_kept() {
        let mut v = json!({
            "A": { "Ref": "X" },
            "B": { "Fn::GetAtt": ["X", "Arn"] },
            "C": { "Fn::Sub": "${X.Arn}/${Y}/${!X}/${AWS::StackName}" },
            "D": { "Fn::Sub": ["${X}-${V}", { "V": { "Ref": "X" } }] },
            "E": { "Ref": "Y" }
        });
        rewrite(&mut v, Subs::Kept, &mut to_param);
        assert_eq!(
            v,
            json!({
                "A": { "Ref": "P" },
                "B": { "Ref": "PArn" },
                "C": { "Fn::Sub": "${PArn}/${Y}/${!X}/${P}" },
                "D": { "Fn::Sub": ["${P}-${V}", { "V": { "Ref": "P" } }] },
                "E": { "Ref": "Y" }
            })
        );
    }

    #[test]
    fn sub_without_replaced_variables_is_left_as_written() {
        let mut v = json!({
            "A": { "Fn::Sub": "${Y}-${!X}-${AWS::Region}-${unterminated" },
            "B": { "Fn::Sub": ["${V}-${Y}", { "V": { "Ref": "Y" } }] }
        });
        let before = v.clone();
        rewrite(&mut v, Subs::Kept, &mut to_param);
        assert_eq!(v, before);
        let mut w = json!({ "Fn::Sub": "a${X}b${Y}c${X.Arn}${tail" });
        rewrite(&mut w, Subs::Kept, &mut to_param);
        assert_eq!(w, json!({ "Fn::Sub": "a${P}b${Y}c${PArn}${tail" }));
    }

    #[test]
    fn sub_gets_a_variable_when_the_replacement_is_not_a_parameter() {
        let mut v = json!({ "Fn::Sub": "arn:${X.Arn}" });
        rewrite(&mut v, Subs::Kept, &mut |_, _| {
            Some(Replacement {
                name: "XArn".into(),
                value: json!({ "Fn::GetAtt": ["S", "Outputs.XArn"] }),
            })
        });
        assert_eq!(
            v,
            json!({ "Fn::Sub": ["arn:${XArn}", { "XArn": { "Fn::GetAtt": ["S", "Outputs.XArn"] } }] })
        );
    }

    #[test]
    fn references_go_into_the_sub_text_and_other_values_become_variables() {
        let mut v = json!({ "Fn::Sub": "${A}-${B}-${C}-${!A}" });
        rewrite(&mut v, Subs::Kept, &mut |id, _| {
            let value = match id {
                "A" => json!({ "Ref": "Q" }),
                "B" => json!({ "Fn::GetAtt": ["Q", "Arn"] }),
                _ => json!({ "Fn::Join": ["", ["x"]] }),
            };
            Some(Replacement::of(id, value))
        });
        assert_eq!(
            v,
            json!({ "Fn::Sub": ["${Q}-${Q.Arn}-${C}-${!A}", { "C": { "Fn::Join": ["", ["x"]] } }] })
        );
    }

    #[test]
    fn tidied_subs_drop_empty_variables_and_unwrapped_ones_a_lone_variable() {
        let mut q = |id: &str, attr: Option<&str>| {
            (id == "X" && attr.is_none()).then(|| Replacement::of(id, json!({ "Fn::GetAtt": ["Q", "Arn"] })))
        };
        let v = json!({
            "A": { "Fn::Sub": ["${Y}", {}] },
            "B": { "Fn::Sub": "${X}" },
            "C": { "Fn::Sub": ["${X}", {}] },
            "D": { "Fn::Sub": "${X}-" }
        });
        let mut kept = v.clone();
        rewrite(&mut kept, Subs::Kept, &mut q);
        assert_eq!(kept["A"], v["A"]);
        assert_eq!(kept["C"], json!({ "Fn::Sub": ["${Q.Arn}", {}] }));
        let mut tidied = v.clone();
        rewrite(&mut tidied, Subs::Tidied, &mut q);
        assert_eq!(tidied["A"], json!({ "Fn::Sub": "${Y}" }));
        assert_eq!(tidied["B"], json!({ "Fn::Sub": "${Q.Arn}" }));
        assert_eq!(tidied["C"], json!({ "Fn::Sub": "${Q.Arn}" }));
        let mut unwrapped = v;
        rewrite(&mut unwrapped, Subs::Unwrapped, &mut q);
        assert_eq!(unwrapped["A"], json!({ "Fn::Sub": "${Y}" }));
        assert_eq!(unwrapped["B"], json!({ "Fn::GetAtt": ["Q", "Arn"] }));
        assert_eq!(unwrapped["C"], json!({ "Fn::GetAtt": ["Q", "Arn"] }));
        assert_eq!(unwrapped["D"], json!({ "Fn::Sub": "${Q.Arn}-" }));
    }
}
