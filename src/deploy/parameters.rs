//! The values `lfc deploy` passes for the stack's `param` declarations
//! (docs/language.md §2.4, CloudFormation `Parameters`): `--parameter
//! NAME=VALUE` and `--parameters-file`, checked against the template's
//! declarations before anything is sent, and completed for the change set
//! once the stack's state is known (a value not given keeps the deployed one).
//!
//! Must not: talk to AWS, read files, or check `AllowedPattern` (lfc has no
//! regular-expression engine; CloudFormation checks it when the change set is
//! created).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::changeset::StackParameter;
use crate::emit::ASSETS_PARAMETER;

/// Why the parameters given do not fit the stack. Usage errors: `lfc deploy`
/// exits 2 on each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParameterError {
    /// A name the stack does not declare.
    #[error("the stack has no parameter `{name}` ({known})")]
    Unknown {
        /// The name given.
        name: String,
        /// What it does declare, for the message.
        known: String,
    },
    /// `LfcAssetsBucket` given as a parameter.
    #[error("`{ASSETS_PARAMETER}` is set by lfc: pass --bucket to choose the assets bucket")]
    Reserved,
    /// One parameter given twice.
    #[error("parameter `{0}` is given twice")]
    Twice(String),
    /// A value the declaration refuses.
    #[error("parameter `{name}`: {reason}")]
    Invalid {
        /// The parameter (as given).
        name: String,
        /// What is wrong with the value.
        reason: String,
    },
    /// Parameters without a default, not given, and not deployed before.
    #[error("missing a value for {}: pass --parameter NAME=VALUE (the stack declares them without a default)", .0.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "))]
    Missing(Vec<String>),
}

/// The template's parameters the user sets: every one but `LfcAssetsBucket`.
fn settable(declared: &BTreeMap<String, Value>) -> impl Iterator<Item = (&String, &Value)> {
    declared.iter().filter(|(k, _)| *k != ASSETS_PARAMETER)
}

/// Matches the values given (`name` is the `param` name of the `.lf` file,
/// or the parameter's logical ID) to the template's parameters and checks
/// each against its declaration. `names` maps `param` names to logical IDs.
/// The result is keyed by logical ID.
///
/// # Errors
/// An unknown or reserved name, a parameter given twice, a value the
/// declaration refuses.
pub fn given_values(
    declared: &BTreeMap<String, Value>,
    names: &BTreeMap<String, String>,
    given: &[(String, String)],
) -> Result<BTreeMap<String, String>, ParameterError> {
    let mut values = BTreeMap::new();
    for (name, value) in given {
        let id = names.get(name).unwrap_or(name);
        if id == ASSETS_PARAMETER {
            return Err(ParameterError::Reserved);
        }
        let Some(decl) = declared.get(id) else {
            let known: Vec<&str> = names.keys().map(String::as_str).collect();
            let known = if known.is_empty() {
                "it declares none".to_string()
            } else {
                format!("it declares {}", known.join(", "))
            };
            return Err(ParameterError::Unknown {
                name: name.clone(),
                known,
            });
        };
        check_value(decl, value).map_err(|reason| ParameterError::Invalid {
            name: name.clone(),
            reason,
        })?;
        if values.insert(id.clone(), value.clone()).is_some() {
            return Err(ParameterError::Twice(name.clone()));
        }
    }
    Ok(values)
}

/// Checks `value` against a template parameter's `Type`, `AllowedValues`,
/// `MinValue` and `MaxValue`.
fn check_value(decl: &Value, value: &str) -> Result<(), String> {
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    if let Some(allowed) = decl.get("AllowedValues").and_then(Value::as_array) {
        let allowed: Vec<String> = allowed.iter().map(text).collect();
        if !allowed.iter().any(|a| a == value) {
            return Err(format!("`{value}` is not one of {}", allowed.join(", ")));
        }
    }
    if decl.get("Type").and_then(Value::as_str) != Some("Number") {
        return Ok(());
    }
    let n: f64 = value.trim().parse().map_err(|_| format!("`{value}` is not a number"))?;
    let bound = |key: &str| {
        decl.get(key)
            .and_then(|v| v.as_f64().or_else(|| v.as_str()?.parse().ok()))
    };
    if let Some(min) = bound("MinValue").filter(|min| n < *min) {
        return Err(format!("{value} is below the minimum {min}"));
    }
    if let Some(max) = bound("MaxValue").filter(|max| n > *max) {
        return Err(format!("{value} is above the maximum {max}"));
    }
    Ok(())
}

/// The change set's parameters: each value given; for one not given, the
/// deployed value when the stack has the parameter already
/// (`UsePreviousValue`), else nothing (its default applies). `deployed` is
/// the deployed stack's parameter keys (`None` when the change set creates
/// the stack).
///
/// # Errors
/// [`ParameterError::Missing`] for parameters with neither a value nor a
/// default nor a deployed value.
pub fn for_change_set(
    declared: &BTreeMap<String, Value>,
    given: &BTreeMap<String, String>,
    deployed: Option<&BTreeSet<String>>,
) -> Result<Vec<StackParameter>, ParameterError> {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for (id, decl) in settable(declared) {
        let kept = deployed.is_some_and(|d| d.contains(id));
        match given.get(id) {
            Some(v) => out.push(StackParameter {
                key: id.clone(),
                value: Some(v.clone()),
            }),
            None if kept => out.push(StackParameter {
                key: id.clone(),
                value: None,
            }),
            None if decl.get("Default").is_some() => {}
            None => missing.push(id.clone()),
        }
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(ParameterError::Missing(missing))
    }
}

/// The parameters as the report shows them: the value, `(previous value)`,
/// or `****` for a `NoEcho` parameter.
pub fn shown(declared: &BTreeMap<String, Value>, parameters: &[StackParameter]) -> BTreeMap<String, String> {
    parameters
        .iter()
        .map(|p| {
            let secret = declared
                .get(&p.key)
                .and_then(|d| d.get("NoEcho"))
                .is_some_and(|v| v == &Value::Bool(true) || v == "true");
            let value = match (&p.value, secret) {
                (None, _) => "(previous value)".to_string(),
                (Some(_), true) => "****".to_string(),
                (Some(v), false) => v.clone(),
            };
            (p.key.clone(), value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn declared() -> BTreeMap<String, Value> {
        let v = json!({
            "LfcAssetsBucket": { "Type": "String" },
            "Stage": { "Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"] },
            "Batch": { "Type": "Number", "Default": "10", "MinValue": 1, "MaxValue": 100 },
            "ApiKey": { "Type": "String", "NoEcho": true },
        });
        serde_json::from_value(v).unwrap_or_default()
    }

    fn names() -> BTreeMap<String, String> {
        [("stage", "Stage"), ("batch", "Batch"), ("api_key", "ApiKey")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn given(pairs: &[(&str, &str)]) -> Result<BTreeMap<String, String>, ParameterError> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        given_values(&declared(), &names(), &pairs)
    }

    #[test]
    fn lf_names_and_logical_ids_both_name_a_parameter() {
        let v = given(&[("stage", "prod"), ("Batch", "5")]).unwrap();
        assert_eq!(v["Stage"], "prod");
        assert_eq!(v["Batch"], "5");
        assert_eq!(
            given(&[("stage", "prod"), ("Stage", "dev")]),
            Err(ParameterError::Twice("Stage".into()))
        );
    }

    #[test]
    fn unknown_reserved_and_refused_values_are_errors() {
        let e = given(&[("stag", "prod")]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the stack has no parameter `stag` (it declares api_key, batch, stage)"
        );
        assert_eq!(given(&[("LfcAssetsBucket", "b")]), Err(ParameterError::Reserved));
        let bad = |pairs: &[(&str, &str)]| given(pairs).unwrap_err().to_string();
        assert_eq!(
            bad(&[("stage", "qa")]),
            "parameter `stage`: `qa` is not one of dev, prod"
        );
        assert_eq!(bad(&[("batch", "ten")]), "parameter `batch`: `ten` is not a number");
        assert_eq!(bad(&[("batch", "0")]), "parameter `batch`: 0 is below the minimum 1");
        assert_eq!(
            bad(&[("batch", "101")]),
            "parameter `batch`: 101 is above the maximum 100"
        );
    }

    #[test]
    fn a_value_not_given_keeps_the_deployed_one_or_its_default() {
        let given = given(&[("api_key", "s3cret")]).unwrap();
        // First deploy: defaults apply to the others.
        let first = for_change_set(&declared(), &given, None).unwrap();
        assert_eq!(
            first,
            vec![StackParameter {
                key: "ApiKey".into(),
                value: Some("s3cret".into())
            }]
        );
        // Update: what was deployed is kept, even when it has a default.
        let deployed: BTreeSet<String> = ["ApiKey", "Stage", "LfcAssetsBucket"].map(String::from).into();
        let update = for_change_set(&declared(), &BTreeMap::new(), Some(&deployed)).unwrap();
        let keys: Vec<(&str, Option<&str>)> = update.iter().map(|p| (p.key.as_str(), p.value.as_deref())).collect();
        assert_eq!(keys, vec![("ApiKey", None), ("Stage", None)]);
        let shown = shown(&declared(), &first);
        assert_eq!(shown["ApiKey"], "****");
    }

    #[test]
    fn a_required_parameter_never_given_is_missing() {
        let e = for_change_set(&declared(), &BTreeMap::new(), None).unwrap_err();
        assert_eq!(e, ParameterError::Missing(vec!["ApiKey".into()]));
        assert!(e
            .to_string()
            .starts_with("missing a value for `ApiKey`: pass --parameter"));
        // A stack deployed before the parameter existed has no value to keep.
        let old: BTreeSet<String> = ["Stage".to_string()].into();
        assert!(for_change_set(&declared(), &BTreeMap::new(), Some(&old)).is_err());
    }
}
