//! YAML templates as JSON values, with CloudFormation's short-form tags
//! (`!Ref X`, `!GetAtt A.Arn`, `!Sub …`, `!If […]`) turned into their long
//! forms (`{"Ref": "X"}`, `{"Fn::GetAtt": ["A", "Arn"]}`, …), so that a YAML
//! and a JSON template of the same stack compare equal.
//!
//! Must not: know anything about resources; it only builds values.

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Parses the first document of `text`.
///
/// # Errors
/// A YAML syntax error, with its line and column.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, false).map_err(|e| e.to_string())?;
    builder
        .done
        .ok_or_else(|| "the file holds no YAML document".to_string())
}

/// A collection being built, with the tag written on it.
enum Open {
    Seq(Vec<Value>, Option<Tag>, usize),
    Map(Map<String, Value>, Option<String>, Option<Tag>, usize),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    anchors: std::collections::HashMap<usize, Value>,
    done: Option<Value>,
}

impl Builder {
    /// Puts a finished value into the open collection (or finishes the document).
    fn push(&mut self, v: Value, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, v.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.done.is_none() {
                    self.done = Some(v);
                }
            }
            Some(Open::Seq(items, ..)) => items.push(v),
            Some(Open::Map(map, key, ..)) => match key.take() {
                None => *key = Some(key_text(&v)),
                Some(k) => {
                    map.insert(k, v);
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, _mark: Marker) {
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let v = scalar(text, style, tag.as_ref());
                self.push(wrap(v, tag.as_ref()), anchor);
            }
            Event::SequenceStart(anchor, tag) => self.stack.push(Open::Seq(Vec::new(), tag, anchor)),
            Event::MappingStart(anchor, tag) => self.stack.push(Open::Map(Map::new(), None, tag, anchor)),
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Open::Seq(items, tag, anchor)) => self.push(wrap(Value::Array(items), tag.as_ref()), anchor),
                Some(Open::Map(map, _, tag, anchor)) => self.push(wrap(Value::Object(map), tag.as_ref()), anchor),
                None => {}
            },
            Event::Alias(id) => {
                let v = self.anchors.get(&id).cloned().unwrap_or(Value::Null);
                self.push(v, 0);
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart | Event::DocumentEnd => {}
        }
    }
}

/// A mapping key as text.
fn key_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A scalar's value: plain scalars resolve to null, booleans and numbers
/// (YAML 1.1's spellings, as CloudFormation reads them); quoted and tagged
/// ones stay text.
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    if style != TScalarStyle::Plain || tag.is_some_and(|t| !(t.handle == "!!" && t.suffix != "str")) {
        return Value::String(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => return Value::Bool(true),
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => return Value::Bool(false),
        _ => {}
    }
    if let Ok(i) = text.parse::<i64>() {
        return Value::Number(i.into());
    }
    let numeric = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if numeric && text.chars().any(|c| c.is_ascii_digit()) {
        if let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text)
}

/// Applies a CloudFormation short-form tag: `!Ref` → `Ref`, `!Condition` →
/// `Condition`, `!GetAtt a.b` → `Fn::GetAtt: [a, b]`, any other `!X` → `Fn::X`.
fn wrap(v: Value, tag: Option<&Tag>) -> Value {
    let Some(tag) = tag.filter(|t| t.handle == "!") else {
        return v;
    };
    let key = match tag.suffix.as_str() {
        "Ref" | "Condition" => tag.suffix.clone(),
        other => format!("Fn::{other}"),
    };
    let v = match (key.as_str(), v) {
        ("Fn::GetAtt", Value::String(s)) => match s.split_once('.') {
            Some((id, attr)) => Value::Array(vec![Value::String(id.into()), Value::String(attr.into())]),
            None => Value::String(s),
        },
        (_, v) => v,
    };
    let mut m = Map::new();
    m.insert(key, v);
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn short_forms_become_long_forms() {
        let v = super::parse(
            "A: !Ref X\nB: !GetAtt F.Arn\nC: !Sub '${X}-y'\nD: !If [C, 1, !Ref AWS::NoValue]\nE: !Join ['', [a, b]]\n",
        )
        .unwrap();
        assert_eq!(
            v,
            json!({
                "A": { "Ref": "X" },
                "B": { "Fn::GetAtt": ["F", "Arn"] },
                "C": { "Fn::Sub": "${X}-y" },
                "D": { "Fn::If": ["C", 1, { "Ref": "AWS::NoValue" }] },
                "E": { "Fn::Join": ["", ["a", "b"]] }
            })
        );
    }

    #[test]
    fn plain_scalars_resolve_and_quoted_ones_stay_text() {
        let v = super::parse("a: 512\nb: '512'\nc: true\nd: 2010-09-09\ne: ~\nf: 1.5\ng: &x [1]\nh: *x\n").unwrap();
        assert_eq!(
            v,
            json!({ "a": 512, "b": "512", "c": true, "d": "2010-09-09", "e": null, "f": 1.5, "g": [1], "h": [1] })
        );
    }

    #[test]
    fn syntax_errors_are_errors() {
        assert!(super::parse("a: [1, 2\n").is_err());
    }
}
