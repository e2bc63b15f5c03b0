//! Data tables: facts about AWS that change over time (runtimes and their
//! lifecycle dates, limits, reserved names, IAM actions per grant verb).
//! One place to update when AWS changes; code elsewhere reads these tables
//! and never repeats their literals.

pub mod grants;
pub mod insights;
pub mod limits;
pub mod replacement;
pub mod runtimes;
