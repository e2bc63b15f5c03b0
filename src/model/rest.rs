//! The settings of a REST api (`api … { kind = rest }`, API Gateway v1):
//! stage, endpoint type, API keys and their usage plan.

use super::Spanned;
use crate::source::Span;

/// The settings of a REST api (`kind = rest`).
#[derive(Debug, Clone)]
pub struct RestApi {
    /// Stage name (default `api`).
    pub stage: Spanned<String>,
    /// `REGIONAL`, `EDGE` or `PRIVATE`.
    pub endpoint: String,
    /// API keys, by lf name; every method then requires a key.
    pub keys: Vec<Spanned<String>>,
    /// The usage plan of the keys.
    pub usage_plan: Option<UsagePlan>,
}

impl RestApi {
    /// The words `endpoint` takes.
    pub const ENDPOINTS: [&'static str; 3] = ["regional", "edge", "private"];
}

/// `usage_plan { quota, period, rate, burst }`
#[derive(Debug, Clone)]
pub struct UsagePlan {
    /// Requests per `period`.
    pub quota: Option<Spanned<u64>>,
    /// `DAY`, `WEEK` or `MONTH`.
    pub period: Spanned<String>,
    /// Steady requests per second.
    pub rate: Option<Spanned<f64>>,
    /// Burst requests.
    pub burst: Option<Spanned<u64>>,
    /// The block.
    pub span: Span,
}

impl UsagePlan {
    /// The words `period` takes.
    pub const PERIODS: [&'static str; 3] = ["day", "week", "month"];
}
