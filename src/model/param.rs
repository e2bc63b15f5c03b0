//! Deploy-time parameters: `param NAME { … }` becomes a CloudFormation
//! `Parameters` entry. [`ParamType`] is the one table of the types lf
//! offers and the CloudFormation type each becomes.

use super::Spanned;
use crate::source::Span;

/// The type of a `param`. Every `match` on it is exhaustive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamType {
    /// `string` → `String`
    String,
    /// `number` → `Number`
    Number,
    /// `list` → `CommaDelimitedList`
    List,
    /// `subnet` → `AWS::EC2::Subnet::Id`
    Subnet,
    /// `subnets` → `List<AWS::EC2::Subnet::Id>`
    Subnets,
    /// `security_group` → `AWS::EC2::SecurityGroup::Id`
    SecurityGroup,
    /// `security_groups` → `List<AWS::EC2::SecurityGroup::Id>`
    SecurityGroups,
    /// `vpc` → `AWS::EC2::VPC::Id`
    Vpc,
    /// `ssm_string` → `AWS::SSM::Parameter::Value<String>`
    SsmString,
    /// `ssm_list` → `AWS::SSM::Parameter::Value<List<String>>`
    SsmList,
}

impl ParamType {
    /// Every type, in the order the language reference lists them.
    pub const ALL: [ParamType; 10] = [
        ParamType::String,
        ParamType::Number,
        ParamType::List,
        ParamType::Subnet,
        ParamType::Subnets,
        ParamType::SecurityGroup,
        ParamType::SecurityGroups,
        ParamType::Vpc,
        ParamType::SsmString,
        ParamType::SsmList,
    ];

    /// The word written after `type =`.
    pub fn keyword(self) -> &'static str {
        match self {
            ParamType::String => "string",
            ParamType::Number => "number",
            ParamType::List => "list",
            ParamType::Subnet => "subnet",
            ParamType::Subnets => "subnets",
            ParamType::SecurityGroup => "security_group",
            ParamType::SecurityGroups => "security_groups",
            ParamType::Vpc => "vpc",
            ParamType::SsmString => "ssm_string",
            ParamType::SsmList => "ssm_list",
        }
    }

    /// The CloudFormation parameter type.
    pub fn cfn_type(self) -> &'static str {
        match self {
            ParamType::String => "String",
            ParamType::Number => "Number",
            ParamType::List => "CommaDelimitedList",
            ParamType::Subnet => "AWS::EC2::Subnet::Id",
            ParamType::Subnets => "List<AWS::EC2::Subnet::Id>",
            ParamType::SecurityGroup => "AWS::EC2::SecurityGroup::Id",
            ParamType::SecurityGroups => "List<AWS::EC2::SecurityGroup::Id>",
            ParamType::Vpc => "AWS::EC2::VPC::Id",
            ParamType::SsmString => "AWS::SSM::Parameter::Value<String>",
            ParamType::SsmList => "AWS::SSM::Parameter::Value<List<String>>",
        }
    }

    /// True when `Ref` of the parameter is a list of strings.
    pub fn is_list(self) -> bool {
        match self {
            ParamType::List | ParamType::Subnets | ParamType::SecurityGroups | ParamType::SsmList => true,
            ParamType::String
            | ParamType::Number
            | ParamType::Subnet
            | ParamType::SecurityGroup
            | ParamType::Vpc
            | ParamType::SsmString => false,
        }
    }

    /// True for the plain types that take `allowed`, `pattern`, `min` and
    /// `max` (CloudFormation validates the others itself).
    pub fn takes_constraints(self) -> bool {
        match self {
            ParamType::String | ParamType::Number => true,
            ParamType::List
            | ParamType::Subnet
            | ParamType::Subnets
            | ParamType::SecurityGroup
            | ParamType::SecurityGroups
            | ParamType::Vpc
            | ParamType::SsmString
            | ParamType::SsmList => false,
        }
    }

    /// The type whose keyword is `word`.
    pub fn from_keyword(word: &str) -> Option<ParamType> {
        ParamType::ALL.into_iter().find(|t| t.keyword() == word)
    }
}

/// `param NAME { type, default, allowed, pattern, min, max, no_echo, description }`
#[derive(Debug, Clone)]
pub struct Param {
    /// Its type.
    pub ty: Spanned<ParamType>,
    /// The default, as CloudFormation takes it (a list joined with `,`).
    pub default: Option<Spanned<String>>,
    /// Allowed values (string and number parameters).
    pub allowed: Vec<Spanned<String>>,
    /// Allowed pattern (string parameters).
    pub pattern: Option<Spanned<String>>,
    /// Smallest value (number parameters).
    pub min: Option<Spanned<f64>>,
    /// Largest value (number parameters).
    pub max: Option<Spanned<f64>>,
    /// `NoEcho`.
    pub no_echo: bool,
    /// Description.
    pub description: Option<Spanned<String>>,
    /// Where the name stands.
    pub name_span: Span,
    /// Whether any value position, `vpc` list or ARN refers to it.
    pub used: bool,
}

#[cfg(test)]
mod tests {
    use super::ParamType;

    #[test]
    fn keywords_round_trip() {
        for t in ParamType::ALL {
            assert_eq!(ParamType::from_keyword(t.keyword()), Some(t));
        }
        assert!(ParamType::Subnets.is_list() && !ParamType::Subnet.is_list());
    }
}
