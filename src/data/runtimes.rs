//! Lambda runtimes and their lifecycle dates (AWS Lambda runtime deprecation policy,
//! from cfn-lint's table refreshed 2026-06-02). Update this table when AWS
//! moves a date; nothing else in lfc names a runtime.

/// Runtime family: decides the handler shape and inline-code support.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `nodejs*`
    Node,
    /// `python*`
    Python,
    /// `java*`
    Java,
    /// `dotnet*`
    Dotnet,
    /// `ruby*`
    Ruby,
    /// `provided*` (OS-only, `bootstrap`)
    Provided,
    /// `go1.x`
    Go,
}

/// One runtime identifier.
#[derive(Debug, Clone, Copy)]
pub struct Runtime {
    /// The identifier, as Lambda spells it.
    pub id: &'static str,
    /// Family.
    pub family: Family,
    /// Whether `arm64` is available.
    pub arm64: bool,
    /// Deprecation date (`YYYY-MM-DD`), if known.
    pub deprecation: Option<&'static str>,
    /// Date after which new functions cannot use it.
    pub block_create: Option<&'static str>,
    /// Date after which functions using it cannot be updated.
    pub block_update: Option<&'static str>,
    /// Version number used to compare within a family (SnapStart minimums).
    pub version: (u32, u32),
}

const fn rt(
    id: &'static str,
    family: Family,
    arm64: bool,
    dates: [Option<&'static str>; 3],
    version: (u32, u32),
) -> Runtime {
    Runtime {
        id,
        family,
        arm64,
        deprecation: dates[0],
        block_create: dates[1],
        block_update: dates[2],
        version,
    }
}

const fn d(dep: &'static str, create: &'static str, update: &'static str) -> [Option<&'static str>; 3] {
    [Some(dep), Some(create), Some(update)]
}

const UNKNOWN: [Option<&'static str>; 3] = [None, None, None];

use Family::{Dotnet, Go, Java, Node, Provided, Python, Ruby};

/// Every runtime the Lambda API accepts (API model 2026-07-30).
pub const RUNTIMES: &[Runtime] = &[
    rt("nodejs26.x", Node, true, UNKNOWN, (26, 0)),
    rt(
        "nodejs24.x",
        Node,
        true,
        d("2028-04-30", "2028-06-01", "2028-07-01"),
        (24, 0),
    ),
    rt(
        "nodejs22.x",
        Node,
        true,
        d("2027-04-30", "2027-06-01", "2027-07-01"),
        (22, 0),
    ),
    rt(
        "nodejs20.x",
        Node,
        true,
        d("2026-04-30", "2027-02-01", "2027-03-03"),
        (20, 0),
    ),
    rt(
        "nodejs18.x",
        Node,
        true,
        d("2025-09-01", "2027-02-01", "2027-03-03"),
        (18, 0),
    ),
    rt(
        "nodejs16.x",
        Node,
        true,
        d("2024-06-12", "2027-02-01", "2027-03-03"),
        (16, 0),
    ),
    rt(
        "nodejs14.x",
        Node,
        true,
        d("2023-12-04", "2024-01-09", "2027-03-03"),
        (14, 0),
    ),
    rt(
        "nodejs12.x",
        Node,
        true,
        d("2023-03-31", "2023-03-31", "2023-04-30"),
        (12, 0),
    ),
    rt(
        "nodejs10.x",
        Node,
        false,
        d("2021-07-30", "2021-07-30", "2022-02-14"),
        (10, 0),
    ),
    rt(
        "nodejs8.10",
        Node,
        false,
        d("2020-03-06", "2020-03-06", "2020-03-06"),
        (8, 10),
    ),
    rt(
        "nodejs6.10",
        Node,
        false,
        d("2019-08-12", "2019-08-12", "2019-08-12"),
        (6, 10),
    ),
    rt(
        "nodejs4.3",
        Node,
        false,
        d("2020-03-05", "2020-03-05", "2020-03-05"),
        (4, 3),
    ),
    rt(
        "nodejs4.3-edge",
        Node,
        false,
        d("2019-04-30", "2019-04-30", "2019-04-30"),
        (4, 3),
    ),
    rt(
        "nodejs",
        Node,
        false,
        d("2016-10-31", "2016-10-31", "2016-10-31"),
        (0, 10),
    ),
    rt("python3.15", Python, true, UNKNOWN, (3, 15)),
    rt(
        "python3.14",
        Python,
        true,
        d("2029-06-30", "2029-07-31", "2029-08-31"),
        (3, 14),
    ),
    rt(
        "python3.13",
        Python,
        true,
        d("2029-06-30", "2029-07-31", "2029-08-31"),
        (3, 13),
    ),
    rt(
        "python3.12",
        Python,
        true,
        d("2028-10-31", "2028-11-30", "2029-01-10"),
        (3, 12),
    ),
    rt(
        "python3.11",
        Python,
        true,
        d("2027-06-30", "2027-07-31", "2027-08-31"),
        (3, 11),
    ),
    rt(
        "python3.10",
        Python,
        true,
        d("2026-10-31", "2027-02-01", "2027-03-03"),
        (3, 10),
    ),
    rt(
        "python3.9",
        Python,
        true,
        d("2025-12-15", "2027-02-01", "2027-03-03"),
        (3, 9),
    ),
    rt(
        "python3.8",
        Python,
        true,
        d("2024-10-14", "2027-02-01", "2027-03-03"),
        (3, 8),
    ),
    rt(
        "python3.7",
        Python,
        false,
        d("2023-12-04", "2024-01-09", "2027-03-03"),
        (3, 7),
    ),
    rt(
        "python3.6",
        Python,
        false,
        d("2022-07-18", "2022-07-18", "2022-08-29"),
        (3, 6),
    ),
    rt(
        "python2.7",
        Python,
        false,
        d("2021-07-15", "2021-07-15", "2022-05-30"),
        (2, 7),
    ),
    rt(
        "java25",
        Java,
        true,
        d("2029-06-30", "2029-07-31", "2029-08-31"),
        (25, 0),
    ),
    rt(
        "java21",
        Java,
        true,
        d("2029-06-30", "2029-07-31", "2029-08-31"),
        (21, 0),
    ),
    rt(
        "java17",
        Java,
        true,
        d("2027-06-30", "2027-07-31", "2027-08-31"),
        (17, 0),
    ),
    rt("java17.al2023", Java, true, UNKNOWN, (17, 0)),
    rt(
        "java11",
        Java,
        true,
        d("2027-06-30", "2027-07-31", "2027-08-31"),
        (11, 0),
    ),
    rt("java11.al2023", Java, true, UNKNOWN, (11, 0)),
    rt(
        "java8.al2",
        Java,
        true,
        d("2027-06-30", "2027-07-31", "2027-08-31"),
        (8, 0),
    ),
    rt("java8.al2023", Java, true, UNKNOWN, (8, 0)),
    rt(
        "java8",
        Java,
        false,
        d("2024-01-08", "2024-02-08", "2027-03-03"),
        (8, 0),
    ),
    rt(
        "dotnet10",
        Dotnet,
        true,
        d("2028-11-14", "2028-12-14", "2029-01-15"),
        (10, 0),
    ),
    rt(
        "dotnet8",
        Dotnet,
        true,
        d("2026-11-10", "2027-02-01", "2027-03-03"),
        (8, 0),
    ),
    rt(
        "dotnet6",
        Dotnet,
        true,
        d("2024-12-20", "2027-02-01", "2027-03-03"),
        (6, 0),
    ),
    rt(
        "dotnetcore3.1",
        Dotnet,
        true,
        d("2023-04-03", "2023-04-03", "2023-05-03"),
        (3, 1),
    ),
    rt(
        "dotnetcore2.1",
        Dotnet,
        false,
        d("2022-01-05", "2022-01-05", "2022-04-13"),
        (2, 1),
    ),
    rt(
        "dotnetcore2.0",
        Dotnet,
        false,
        d("2019-05-30", "2019-05-30", "2019-05-30"),
        (2, 0),
    ),
    rt(
        "dotnetcore1.0",
        Dotnet,
        false,
        d("2019-06-27", "2019-06-27", "2019-06-27"),
        (1, 0),
    ),
    rt(
        "ruby4.0",
        Ruby,
        true,
        d("2029-03-31", "2029-04-30", "2029-05-31"),
        (4, 0),
    ),
    rt(
        "ruby3.4",
        Ruby,
        true,
        d("2028-03-31", "2028-04-30", "2028-05-31"),
        (3, 4),
    ),
    rt(
        "ruby3.3",
        Ruby,
        true,
        d("2027-03-31", "2027-04-30", "2027-05-31"),
        (3, 3),
    ),
    rt(
        "ruby3.2",
        Ruby,
        true,
        d("2026-03-31", "2027-02-01", "2027-03-03"),
        (3, 2),
    ),
    rt(
        "ruby2.7",
        Ruby,
        true,
        d("2023-12-07", "2024-01-09", "2027-03-03"),
        (2, 7),
    ),
    rt(
        "ruby2.5",
        Ruby,
        false,
        d("2021-07-30", "2021-07-30", "2022-03-31"),
        (2, 5),
    ),
    rt(
        "provided.al2023",
        Provided,
        true,
        d("2029-06-30", "2029-07-31", "2029-08-31"),
        (2023, 0),
    ),
    rt(
        "provided.al2",
        Provided,
        true,
        d("2026-07-31", "2027-02-01", "2027-03-03"),
        (2, 0),
    ),
    rt(
        "provided",
        Provided,
        false,
        d("2024-01-08", "2024-02-08", "2027-03-03"),
        (1, 0),
    ),
    rt("go1.x", Go, false, d("2024-01-08", "2024-02-08", "2027-03-03"), (1, 0)),
];

/// The runtime with this identifier.
pub fn find(id: &str) -> Option<&'static Runtime> {
    RUNTIMES.iter().find(|r| r.id == id)
}

/// Every runtime id, for "did you mean".
pub fn ids() -> impl Iterator<Item = &'static str> {
    RUNTIMES.iter().map(|r| r.id)
}

impl Runtime {
    /// Whether SnapStart supports it: java ≥ 11, python ≥ 3.12, dotnet ≥ 8.
    pub fn supports_snapstart(&self) -> bool {
        match self.family {
            Family::Java => self.version.0 >= 11,
            Family::Python => self.version >= (3, 12),
            Family::Dotnet => self.version.0 >= 8 && !self.id.starts_with("dotnetcore"),
            Family::Node | Family::Ruby | Family::Provided | Family::Go => false,
        }
    }
}
