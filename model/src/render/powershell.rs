//! A parsed step as its AWS Tools for PowerShell line: the cmdlet for the operation, the
//! parameter names the cmdlet uses, structured values as hashtables, and a capture as a
//! property access on the cmdlet's result (`$ENI = (New-EC2NetworkInterface -SubnetId
//! $SUBNET).NetworkInterfaceId`).
//!
//! Cmdlet names were checked against the `AWS.Tools.EC2` module manifest; parameter names
//! against the cmdlet reference where it could be found. The AWS Tools name a parameter
//! after the EC2 API member, singular for lists (`InstanceIds` → `-InstanceId`), and
//! flatten a small structure into `-Structure_Member` parameters
//! (`-HibernationOptions_Configured`). UNCONFIRMED (the most plausible name is used):
//! `Stop-EC2Instance -Enforce` for `--force`; `Get-EC2ByoipCidr -MaxResult` being needed
//! when `--max-results` is not given; `Add-EC2NetworkInterface` and `Register-EC2Address`
//! returning the new id as a string; `Ipv4Ranges` as the hashtable member for an
//! `IpPermission`'s IPv4 sources.
//!
//! `aws ec2 wait` has no cmdlet: a waiter becomes a polling loop over the matching
//! `Get-` cmdlet. `netlab` steps stay as they are. A step with no cmdlet at all becomes
//! a note line starting with `#`.

use serde_json::Value;

use super::cli::cli_line;
use crate::script::{shorthand, Command, Part, Removal, Step, Text, Word};

/// The cmdlet of every `aws ec2` operation the model answers.
pub const CMDLETS: &[(&str, &str)] = &[
    ("create-vpc", "New-EC2Vpc"),
    ("describe-vpcs", "Get-EC2Vpc"),
    ("create-default-vpc", "New-EC2DefaultVpc"),
    ("create-route-table", "New-EC2RouteTable"),
    ("create-route", "New-EC2Route"),
    ("delete-route", "Remove-EC2Route"),
    ("associate-route-table", "Register-EC2RouteTable"),
    ("disassociate-route-table", "Unregister-EC2RouteTable"),
    ("describe-route-tables", "Get-EC2RouteTable"),
    ("associate-vpc-cidr-block", "Register-EC2VpcCidrBlock"),
    ("disassociate-vpc-cidr-block", "Unregister-EC2VpcCidrBlock"),
    ("create-subnet", "New-EC2Subnet"),
    ("delete-subnet", "Remove-EC2Subnet"),
    ("describe-subnets", "Get-EC2Subnet"),
    ("modify-subnet-attribute", "Edit-EC2SubnetAttribute"),
    ("associate-subnet-cidr-block", "Register-EC2SubnetCidrBlock"),
    ("create-internet-gateway", "New-EC2InternetGateway"),
    ("attach-internet-gateway", "Add-EC2InternetGateway"),
    ("detach-internet-gateway", "Dismount-EC2InternetGateway"),
    ("describe-internet-gateways", "Get-EC2InternetGateway"),
    ("describe-availability-zones", "Get-EC2AvailabilityZone"),
    ("create-security-group", "New-EC2SecurityGroup"),
    ("delete-security-group", "Remove-EC2SecurityGroup"),
    (
        "authorize-security-group-ingress",
        "Grant-EC2SecurityGroupIngress",
    ),
    (
        "revoke-security-group-ingress",
        "Revoke-EC2SecurityGroupIngress",
    ),
    ("describe-security-groups", "Get-EC2SecurityGroup"),
    ("run-instances", "New-EC2Instance"),
    ("start-instances", "Start-EC2Instance"),
    ("stop-instances", "Stop-EC2Instance"),
    ("reboot-instances", "Restart-EC2Instance"),
    ("terminate-instances", "Remove-EC2Instance"),
    ("describe-instances", "Get-EC2Instance"),
    ("describe-instance-types", "Get-EC2InstanceType"),
    ("create-network-interface", "New-EC2NetworkInterface"),
    ("delete-network-interface", "Remove-EC2NetworkInterface"),
    ("attach-network-interface", "Add-EC2NetworkInterface"),
    ("detach-network-interface", "Dismount-EC2NetworkInterface"),
    (
        "modify-network-interface-attribute",
        "Edit-EC2NetworkInterfaceAttribute",
    ),
    (
        "assign-private-ip-addresses",
        "Register-EC2PrivateIpAddress",
    ),
    (
        "unassign-private-ip-addresses",
        "Unregister-EC2PrivateIpAddress",
    ),
    ("assign-ipv6-addresses", "Register-EC2Ipv6AddressList"),
    ("unassign-ipv6-addresses", "Unregister-EC2Ipv6AddressList"),
    ("describe-network-interfaces", "Get-EC2NetworkInterface"),
    ("allocate-address", "New-EC2Address"),
    ("associate-address", "Register-EC2Address"),
    ("disassociate-address", "Unregister-EC2Address"),
    ("release-address", "Remove-EC2Address"),
    ("describe-addresses", "Get-EC2Address"),
    ("provision-byoip-cidr", "Register-EC2ByoipCidr"),
    ("advertise-byoip-cidr", "Start-EC2ByoipCidrAdvertisement"),
    ("withdraw-byoip-cidr", "Stop-EC2ByoipCidrAdvertisement"),
    ("deprovision-byoip-cidr", "Unregister-EC2ByoipCidr"),
    ("describe-byoip-cidrs", "Get-EC2ByoipCidr"),
    ("describe-public-ipv4-pools", "Get-EC2PublicIpv4Pool"),
];

/// The AWS Tools for PowerShell cmdlet of an `aws ec2` operation.
pub fn cmdlet_for(operation: &str) -> Option<&'static str> {
    CMDLETS
        .iter()
        .find(|(op, _)| *op == operation)
        .map(|(_, cmdlet)| *cmdlet)
}

/// What a cmdlet returns compared with the CLI's JSON: the member of the CLI response the
/// cmdlet returns by itself (a `--query` path starting with it drops that first name).
const RESULT_MEMBER: &[(&str, &str)] = &[
    ("create-vpc", "Vpc"),
    ("create-default-vpc", "Vpc"),
    ("describe-vpcs", "Vpcs"),
    ("create-route-table", "RouteTable"),
    ("describe-route-tables", "RouteTables"),
    ("create-subnet", "Subnet"),
    ("describe-subnets", "Subnets"),
    ("create-internet-gateway", "InternetGateway"),
    ("describe-internet-gateways", "InternetGateways"),
    ("describe-availability-zones", "AvailabilityZones"),
    ("create-security-group", "GroupId"),
    ("describe-security-groups", "SecurityGroups"),
    ("describe-instances", "Reservations"),
    ("describe-instance-types", "InstanceTypes"),
    ("start-instances", "StartingInstances"),
    ("stop-instances", "StoppingInstances"),
    ("terminate-instances", "TerminatingInstances"),
    ("create-network-interface", "NetworkInterface"),
    ("describe-network-interfaces", "NetworkInterfaces"),
    ("attach-network-interface", "AttachmentId"),
    ("associate-address", "AssociationId"),
    ("describe-addresses", "Addresses"),
    ("provision-byoip-cidr", "ByoipCidr"),
    ("advertise-byoip-cidr", "ByoipCidr"),
    ("withdraw-byoip-cidr", "ByoipCidr"),
    ("deprovision-byoip-cidr", "ByoipCidr"),
    ("describe-byoip-cidrs", "ByoipCidrs"),
    ("describe-public-ipv4-pools", "PublicIpv4Pools"),
];

/// Parameter names that are not the PascalCase of the flag: `(operation or "*", flag, parameter)`.
const PARAMETERS: &[(&str, &str, &str)] = &[
    (
        "run-instances",
        "associate-public-ip-address",
        "AssociatePublicIp",
    ),
    ("detach-network-interface", "force", "ForceDismount"),
    ("stop-instances", "force", "Enforce"),
    ("*", "instance-ids", "InstanceId"),
    ("*", "groups", "Group"),
    ("*", "security-group-ids", "SecurityGroupId"),
    ("*", "security-groups", "SecurityGroup"),
    ("*", "private-ip-addresses", "PrivateIpAddress"),
    ("*", "ipv6-addresses", "Ipv6Address"),
    ("*", "allocation-ids", "AllocationId"),
    ("*", "public-ips", "PublicIp"),
    ("*", "vpc-ids", "VpcId"),
    ("*", "subnet-ids", "SubnetId"),
    ("*", "network-interface-ids", "NetworkInterfaceId"),
    ("*", "group-ids", "GroupId"),
    ("*", "group-names", "GroupName"),
    ("*", "internet-gateway-ids", "InternetGatewayId"),
    ("*", "instance-types", "InstanceType"),
    ("*", "pool-ids", "PoolId"),
    ("*", "route-table-ids", "RouteTableId"),
    ("*", "filters", "Filter"),
    ("*", "ip-permissions", "IpPermission"),
    ("*", "network-interfaces", "NetworkInterface"),
    ("*", "tag-specifications", "TagSpecification"),
    ("*", "pool-tag-specifications", "PoolTagSpecification"),
    ("*", "block-device-mappings", "BlockDeviceMapping"),
    ("*", "max-results", "MaxResult"),
];

/// Structure flags the cmdlets take as one parameter per member (`-Attachment_AttachmentId`).
const FLATTENED: &[&str] = &[
    "hibernation-options",
    "cidr-authorization-context",
    "attachment",
    "metadata-options",
    "placement",
    "credit-specification",
    "monitoring",
    "iam-instance-profile",
];

/// Members that are lists in each list-of-structures flag (the CLI shorthand wraps one
/// value in a list there).
const LIST_MEMBERS: &[(&str, &[&str])] = &[
    ("filters", &["Values"]),
    ("network-interfaces", &["Groups"]),
    (
        "ip-permissions",
        &["IpRanges", "Ipv6Ranges", "UserIdGroupPairs"],
    ),
];

/// The step as one line of AWS Tools for PowerShell.
pub fn powershell_line(step: &Step) -> String {
    let line = match &step.command {
        Command::Assign { name, value } => {
            let value = if value.parts.is_empty() {
                "''".to_string()
            } else {
                ps_expr(value)
            };
            return format!("${name} = {value}");
        }
        Command::Netlab { .. } => return cli_line(step),
        Command::Wait { waiter, args } => match waiter_loop(waiter, args) {
            Some(line) => line,
            None => return note(step),
        },
        Command::Aws { operation, args } => match cmdlet_call(operation, args) {
            Some(line) => line,
            None => return note(step),
        },
    };
    match &step.capture {
        Some(name) => format!("${name} = {line}"),
        None => line,
    }
}

/// A step with no PowerShell equivalent: its CLI text behind a marker.
fn note(step: &Step) -> String {
    format!(
        "# no AWS Tools for PowerShell cmdlet for this step: {}",
        cli_line(step)
    )
}

/// One `--flag` of a step with the words after it.
struct Flag {
    name: String,
    values: Vec<Word>,
}

/// Groups a step's words into flags, as the AWS CLI reads them.
fn flags(args: &[Word]) -> Vec<Flag> {
    let mut out: Vec<Flag> = Vec::new();
    for word in args {
        if let Some((name, value)) = flag_word(word) {
            out.push(Flag {
                name,
                values: value.into_iter().collect(),
            });
        } else if let Some(last) = out.last_mut() {
            last.values.push(word.clone());
        }
    }
    out
}

/// `--name` (no value) or `--name=value` (the value as a word).
fn flag_word(word: &Word) -> Option<(String, Option<Word>)> {
    let Some(Part::Literal(first)) = word.parts.first() else {
        return None;
    };
    let body = first.strip_prefix("--").filter(|b| !b.is_empty())?;
    match body.split_once('=') {
        Some((name, rest)) => {
            let mut parts = vec![Part::Literal(rest.into())];
            parts.extend(word.parts.iter().skip(1).cloned());
            parts.retain(|p| !matches!(p, Part::Literal(s) if s.is_empty()));
            if parts.is_empty() {
                parts.push(Part::Literal(Text::default()));
            }
            Some((
                name.to_string(),
                Some(Word {
                    parts: parts.into(),
                }),
            ))
        }
        None if word.parts.len() == 1 => Some((body.to_string(), None)),
        None => None,
    }
}

/// `network-interface-id` → `NetworkInterfaceId`.
fn pascal(flag: &str) -> String {
    flag.split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn parameter(operation: &str, flag: &str) -> String {
    PARAMETERS
        .iter()
        .find(|(op, f, _)| *f == flag && (*op == operation || *op == "*"))
        .map(|(_, _, p)| p.to_string())
        .unwrap_or_else(|| pascal(flag))
}

fn cmdlet_call(operation: &str, args: &[Word]) -> Option<String> {
    let cmdlet = cmdlet_for(operation)?;
    let mut params: Vec<String> = Vec::new();
    let mut query: Option<Word> = None;
    let mut rule = SimpleRule::default();
    let mut has_max_results = false;
    for flag in flags(args) {
        let name = flag.name.as_str();
        match name {
            "query" => query = flag.values.first().cloned(),
            "output" | "no-cli-pager" => {}
            "count" if operation == "run-instances" => params.push(count(&flag.values)),
            "protocol" | "port" | "cidr" | "source-group"
                if operation.ends_with("security-group-ingress") =>
            {
                rule.set(name, flag.values.first());
            }
            "description" if operation == "modify-network-interface-attribute" => {
                params.push(description_value(&flag.values));
            }
            _ if FLATTENED.contains(&name) => params.extend(flattened(name, &flag.values)),
            _ => {
                if name == "max-results" {
                    has_max_results = true;
                }
                params.push(parameter_text(operation, name, &flag.values));
            }
        }
    }
    if let Some(permission) = rule.hashtable() {
        params.push(format!("-IpPermission {permission}"));
    }
    if operation == "describe-byoip-cidrs" && !has_max_results {
        // DescribeByoipCidrs requires MaxResults; the AWS CLI pages for you, the cmdlet does not.
        params.push("-MaxResult 100".to_string());
    }
    if cmdlet.starts_with("Remove-") {
        // Skip the confirmation prompt, as the AWS CLI does not ask.
        params.push("-Force".to_string());
    }
    let mut call = cmdlet.to_string();
    for p in &params {
        call.push(' ');
        call.push_str(p);
    }
    Some(match query.and_then(|q| q.as_literal()) {
        Some(path) => with_property_path(&call, operation, &path),
        None => call,
    })
}

/// `-Name value`, `-Name a, b` for a list, `-Name $true` / `$false` for a boolean pair.
fn parameter_text(operation: &str, flag: &str, values: &[Word]) -> String {
    if values.is_empty() {
        return match flag.strip_prefix("no-") {
            Some(positive) => format!("-{} $false", parameter(operation, positive)),
            None => format!("-{} $true", parameter(operation, flag)),
        };
    }
    let name = parameter(operation, flag);
    if let Some(members) = LIST_MEMBERS
        .iter()
        .find(|(f, _)| *f == flag)
        .map(|(_, m)| *m)
    {
        let items: Vec<String> = values
            .iter()
            .map(|w| structure_value(flag, w, members))
            .collect();
        return format!("-{name} {}", items.join(", "));
    }
    let items: Vec<String> = values.iter().map(ps_value).collect();
    format!("-{name} {}", items.join(", "))
}

/// `--count N` or `--count MIN:MAX` → `-MinCount MIN -MaxCount MAX`.
fn count(values: &[Word]) -> String {
    let Some(word) = values.first() else {
        return String::new();
    };
    match word.as_literal() {
        Some(text) => {
            let (min, max) = text.split_once(':').unwrap_or((&text, &text));
            format!(
                "-MinCount {} -MaxCount {}",
                ps_literal(min),
                ps_literal(max)
            )
        }
        None => {
            let v = ps_value(word);
            format!("-MinCount {v} -MaxCount {v}")
        }
    }
}

/// `--description Value=TEXT` of modify-network-interface-attribute → `-Description TEXT`.
fn description_value(values: &[Word]) -> String {
    let Some(word) = values.first() else {
        return "-Description ''".to_string();
    };
    let (template, vars) = template(word);
    match shorthand::parse_structure("description", &template, &[]) {
        Ok(Value::Object(map)) => match map.get("Value") {
            Some(v) => format!("-Description {}", member_argument(v, &vars)),
            None => format!("-Description {}", ps_value(word)),
        },
        _ => format!("-Description {}", ps_value(word)),
    }
}

/// A small structure flag as one parameter per member: `--hibernation-options
/// Configured=true` → `-HibernationOptions_Configured $true`.
fn flattened(flag: &str, values: &[Word]) -> Vec<String> {
    let prefix = pascal(flag);
    let Some(word) = values.first() else {
        return Vec::new();
    };
    let (template, vars) = template(word);
    match shorthand::parse_structure(flag, &template, &[]) {
        Ok(Value::Object(map)) => map
            .iter()
            .map(|(key, v)| format!("-{prefix}_{key} {}", member_argument(v, &vars)))
            .collect(),
        _ => vec![format!("-{prefix} {}", ps_value(word))],
    }
}

/// A flattened member's value as a command argument.
fn member_argument(value: &Value, vars: &[Part]) -> String {
    match value {
        Value::String(s) => string_value(s, vars, false),
        other => json_value(other, vars, ""),
    }
}

/// The simple form of a security group rule (`--protocol tcp --port 22 --cidr ...`).
#[derive(Default)]
struct SimpleRule {
    protocol: Option<Word>,
    port: Option<Word>,
    cidr: Option<Word>,
    source_group: Option<Word>,
}

impl SimpleRule {
    fn set(&mut self, flag: &str, value: Option<&Word>) {
        let value = value.cloned();
        match flag {
            "protocol" => self.protocol = value,
            "port" => self.port = value,
            "cidr" => self.cidr = value,
            _ => self.source_group = value,
        }
    }

    /// The rule as an `IpPermission` hashtable, when it names a protocol.
    fn hashtable(&self) -> Option<String> {
        let protocol = self.protocol.as_ref()?;
        let mut members = vec![format!("IpProtocol={}", ps_expr(protocol))];
        if let Some(port) = &self.port {
            let (from, to) = match port.as_literal() {
                Some(text) if text != "-1" && text.contains('-') => {
                    let (a, b) = text.split_once('-').unwrap_or((&text, &text));
                    (ps_expr_literal(a), ps_expr_literal(b))
                }
                Some(text) => (ps_expr_literal(&text), ps_expr_literal(&text)),
                None => (ps_expr(port), ps_expr(port)),
            };
            members.push(format!("FromPort={from}"));
            members.push(format!("ToPort={to}"));
        }
        if let Some(cidr) = &self.cidr {
            let v6 = cidr.as_literal().is_some_and(|c| c.contains(':'));
            if v6 {
                members.push(format!("Ipv6Ranges=@(@{{CidrIpv6={}}})", ps_expr(cidr)));
            } else {
                members.push(format!("Ipv4Ranges=@(@{{CidrIp={}}})", ps_expr(cidr)));
            }
        }
        if let Some(group) = &self.source_group {
            members.push(format!(
                "UserIdGroupPairs=@(@{{GroupId={}}})",
                ps_expr(group)
            ));
        }
        Some(format!("@{{{}}}", members.join("; ")))
    }
}

/// Start and end of a placeholder standing for a variable reference inside a structure.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// A word as text for the shorthand parser, each reference replaced by a placeholder
/// holding its index in the returned list.
fn template(word: &Word) -> (String, Vec<Part>) {
    let mut text = String::new();
    let mut vars = Vec::new();
    for part in &word.parts {
        match part {
            Part::Literal(s) => text.push_str(s),
            var => {
                text.push(OPEN);
                text.push_str(&vars.len().to_string());
                text.push(CLOSE);
                vars.push(var.clone());
            }
        }
    }
    (text, vars)
}

/// One structure value (`DeviceIndex=1,SubnetId=$S`) as a PowerShell hashtable.
fn structure_value(flag: &str, word: &Word, members: &[&str]) -> String {
    let (text, vars) = template(word);
    match shorthand::parse_structure(flag, &text, members) {
        Ok(Value::Array(items)) => items
            .iter()
            .map(|v| json_value(v, &vars, flag))
            .collect::<Vec<_>>()
            .join(", "),
        Ok(value) => json_value(&value, &vars, flag),
        Err(_) => ps_expr(word),
    }
}

/// A JSON value of a structure as PowerShell: objects become hashtables, lists `@(...)`
/// (one element stands alone: PowerShell makes a list of it), `true`/`false` booleans,
/// whole numbers numbers, other text a string.
fn json_value(value: &Value, vars: &[Part], flag: &str) -> String {
    match value {
        Value::Null => "$null".to_string(),
        Value::Bool(b) => format!("${b}"),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string_value(s, vars, true),
        Value::Array(items) if items.len() == 1 => json_value(&items[0], vars, flag),
        Value::Array(items) => format!(
            "@({})",
            items
                .iter()
                .map(|v| json_value(v, vars, flag))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Object(map) => {
            let members: Vec<String> = map
                .iter()
                .map(|(key, v)| {
                    let key = member_name(flag, key);
                    let v = match v {
                        Value::Array(items) if is_structure_list(flag, &key) => format!(
                            "@({})",
                            items
                                .iter()
                                .map(|i| json_value(i, vars, flag))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        _ => json_value(v, vars, flag),
                    };
                    format!("{key}={v}")
                })
                .collect();
            format!("@{{{}}}", members.join("; "))
        }
    }
}

/// The .NET SDK names an `IpPermission`'s IPv4 sources `Ipv4Ranges` (its `IpRanges` is an
/// older list of plain CIDR strings).
fn member_name(flag: &str, key: &str) -> String {
    if flag == "ip-permissions" && key == "IpRanges" {
        "Ipv4Ranges".to_string()
    } else {
        key.to_string()
    }
}

/// Lists of structures keep their `@(...)` even with one element, for readability.
fn is_structure_list(flag: &str, key: &str) -> bool {
    flag == "ip-permissions" && matches!(key, "Ipv4Ranges" | "Ipv6Ranges" | "UserIdGroupPairs")
}

/// A string of a structure, with its placeholders turned back into references.
fn string_value(text: &str, vars: &[Part], expression: bool) -> String {
    if !text.contains(OPEN) {
        if text == "true" || text == "false" {
            return format!("${text}");
        }
        return if expression {
            ps_expr_literal(text)
        } else {
            ps_literal(text)
        };
    }
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        if start > 0 {
            parts.push(Part::Literal(rest[..start].into()));
        }
        let after = &rest[start + OPEN.len_utf8()..];
        let Some(end) = after.find(CLOSE) else {
            parts.push(Part::Literal(rest[start..].into()));
            rest = "";
            break;
        };
        match after[..end].parse::<usize>().ok().and_then(|i| vars.get(i)) {
            Some(var) => parts.push(var.clone()),
            None => parts.push(Part::Literal(after[..end].into())),
        }
        rest = &after[end + CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        parts.push(Part::Literal(rest.into()));
    }
    word_value(
        &Word {
            parts: parts.into(),
        },
        expression,
    )
}

/// A word as a PowerShell command argument: `$NAME`, a bare or quoted literal, or an
/// expandable string `"...$(...)..."` when it mixes text and references.
fn ps_value(word: &Word) -> String {
    word_value(word, false)
}

/// A word as a PowerShell expression (a hashtable member, an assigned value): text is
/// always quoted there, as a bare word would run a command; whole numbers stay numbers.
fn ps_expr(word: &Word) -> String {
    word_value(word, true)
}

fn word_value(word: &Word, expression: bool) -> String {
    match &word.parts[..] {
        [] => "''".to_string(),
        [Part::Literal(text)] if expression => ps_expr_literal(text),
        [Part::Literal(text)] => ps_literal(text),
        [Part::Var {
            name,
            removal: None,
            ..
        }] => format!("${name}"),
        [Part::Var {
            name,
            removal: Some(removal),
            ..
        }] => format!("({})", removal_expression(name, removal)),
        parts => {
            let mut out = String::from("\"");
            for part in parts {
                match part {
                    Part::Literal(text) => out.push_str(&expandable_text(text)),
                    Part::Var {
                        name,
                        removal: None,
                        ..
                    } => out.push_str(&format!("${{{name}}}")),
                    Part::Var {
                        name,
                        removal: Some(removal),
                        ..
                    } => out.push_str(&format!("$({})", removal_expression(name, removal))),
                }
            }
            out.push('"');
            out
        }
    }
}

/// Bash's `${NAME%suffix}` / `${NAME#prefix}` as a PowerShell `-replace`.
fn removal_expression(name: &str, removal: &Removal) -> String {
    match removal {
        Removal::Suffix(p) => format!("${name} -replace '{}$', ''", regex_literal(p)),
        Removal::Prefix(p) => format!("${name} -replace '^{}', ''", regex_literal(p)),
    }
}

/// Literal text as a .NET regular expression inside a single-quoted PowerShell string.
fn regex_literal(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        if c == '\'' {
            out.push('\'');
        }
        out.push(c);
    }
    out
}

/// Literal text as a PowerShell expression: a whole number bare, other text quoted.
fn ps_expr_literal(text: &str) -> String {
    let number = text.strip_prefix('-').unwrap_or(text);
    if !number.is_empty() && number.len() <= 9 && number.chars().all(|c| c.is_ascii_digit()) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

/// Literal text as a PowerShell argument: bare when it cannot be misread, else in single
/// quotes (a quote inside doubled).
fn ps_literal(text: &str) -> String {
    let bare = text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
    if bare {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

/// Text inside a PowerShell `"..."`: a backtick before `` ` ``, `$` and `"`.
fn expandable_text(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if matches!(c, '`' | '$' | '"') {
            out.push('`');
        }
        out.push(c);
    }
    out
}

/// `(cmdlet ...).Path` for a `--query` path: the cmdlet's result member dropped, `[N]`
/// kept, `[]` and `[*]` left to PowerShell's member enumeration.
fn with_property_path(call: &str, operation: &str, query: &str) -> String {
    let mut segments = query_segments(query);
    let member = RESULT_MEMBER
        .iter()
        .find(|(op, _)| *op == operation)
        .map(|(_, m)| *m);
    if let (Some(member), Some(Segment::Name(first))) = (member, segments.first()) {
        if first == member {
            segments.remove(0);
        }
    }
    let mut path = String::new();
    for segment in segments {
        match segment {
            Segment::Name(name) => {
                path.push('.');
                if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    path.push_str(&name);
                } else {
                    path.push_str(&format!("'{}'", name.replace('\'', "''")));
                }
            }
            Segment::Index(i) => path.push_str(&format!("[{i}]")),
            Segment::Each => {}
        }
    }
    if path.is_empty() {
        call.to_string()
    } else {
        format!("({call}){path}")
    }
}

enum Segment {
    Name(String),
    Index(i64),
    Each,
}

/// The segments of a `--query` path (the subset [`crate::script::Query`] accepts).
fn query_segments(query: &str) -> Vec<Segment> {
    let chars: Vec<char> = query.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '.' | ' ' => i += 1,
            '[' => {
                let close = chars[i..]
                    .iter()
                    .position(|&c| c == ']')
                    .map_or(chars.len(), |p| p + i);
                let inner: String = chars[(i + 1).min(close)..close].iter().collect();
                let inner = inner.trim();
                out.push(match inner.parse::<i64>() {
                    Ok(n) => Segment::Index(n),
                    Err(_) => Segment::Each,
                });
                i = close + 1;
            }
            '"' => {
                let mut name = String::new();
                i += 1;
                while let Some(&c) = chars.get(i) {
                    i += 1;
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(&next) = chars.get(i) {
                                name.push(next);
                                i += 1;
                            }
                        }
                        c => name.push(c),
                    }
                }
                out.push(Segment::Name(name));
            }
            _ => {
                let mut name = String::new();
                while let Some(&c) = chars.get(i).filter(|c| !matches!(c, '.' | '[' | ' ')) {
                    name.push(c);
                    i += 1;
                }
                out.push(Segment::Name(name));
            }
        }
    }
    out
}

/// A waiter as a polling loop over the cmdlet that describes what it waits for.
fn waiter_loop(waiter: &str, args: &[Word]) -> Option<String> {
    let (cmdlet, id_flag, property, wanted) = match waiter {
        "instance-running" => (
            "Get-EC2Instance",
            "instance-ids",
            ".Instances.State.Name",
            "running",
        ),
        "instance-stopped" => (
            "Get-EC2Instance",
            "instance-ids",
            ".Instances.State.Name",
            "stopped",
        ),
        "instance-terminated" => (
            "Get-EC2Instance",
            "instance-ids",
            ".Instances.State.Name",
            "terminated",
        ),
        "instance-exists" => ("Get-EC2Instance", "instance-ids", "", ""),
        "network-interface-available" => (
            "Get-EC2NetworkInterface",
            "network-interface-ids",
            ".Status",
            "available",
        ),
        _ => return None,
    };
    let mut params = Vec::new();
    for flag in flags(args) {
        match flag.name.as_str() {
            "query" | "output" | "no-cli-pager" => {}
            name if name == id_flag || name == "filters" || name == "region" => {
                params.push(parameter_text("", name, &flag.values));
            }
            _ => {}
        }
    }
    let mut call = cmdlet.to_string();
    for p in &params {
        call.push(' ');
        call.push_str(p);
    }
    Some(if wanted.is_empty() {
        format!("while (-not ({call})) {{ Start-Sleep -Seconds 5 }}")
    } else {
        format!("while (({call}){property} -ne '{wanted}') {{ Start-Sleep -Seconds 5 }}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::{AWS_OPERATIONS, WAITERS};
    use crate::script::parse;

    fn ps(text: &str) -> String {
        match parse(text) {
            Ok(script) if script.steps.len() == 1 => powershell_line(&script.steps[0]),
            other => panic!("{text:?} should be one step: {other:?}"),
        }
    }

    #[test]
    fn every_operation_has_a_powershell_cmdlet() {
        for (operation, _) in AWS_OPERATIONS {
            let cmdlet = cmdlet_for(operation);
            assert!(cmdlet.is_some(), "{operation} has no cmdlet");
            let line = ps(&format!("aws ec2 {operation}"));
            assert!(
                cmdlet.is_some_and(|c| line.starts_with(c)),
                "{operation}: {line}"
            );
        }
        assert_eq!(
            CMDLETS.len(),
            AWS_OPERATIONS.len(),
            "no cmdlet for an unknown operation"
        );
    }

    #[test]
    fn every_lesson_scenario_has_a_powershell_line_for_each_aws_step() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let Ok(script) = parse(&text) else { continue };
            for step in &script.steps {
                let line = powershell_line(step);
                assert!(!line.starts_with("# no AWS Tools"), "{line}");
            }
        }
    }

    #[test]
    fn every_waiter_becomes_a_polling_loop() {
        for (waiter, _) in WAITERS {
            let line = ps(&format!(
                "aws ec2 wait {waiter} --instance-ids $I --network-interface-ids $E"
            ));
            assert!(line.starts_with("while ("), "{waiter}: {line}");
        }
        assert_eq!(
            ps("aws ec2 wait instance-running --instance-ids $I"),
            "while ((Get-EC2Instance -InstanceId $I).Instances.State.Name -ne 'running') { Start-Sleep -Seconds 5 }"
        );
    }

    #[test]
    fn capture_becomes_a_powershell_property_access() {
        assert_eq!(
            ps("ENI=$(aws ec2 create-network-interface --subnet-id $SUBNET --query NetworkInterface.NetworkInterfaceId --output text)"),
            "$ENI = (New-EC2NetworkInterface -SubnetId $SUBNET).NetworkInterfaceId"
        );
        assert_eq!(
            ps("I=$(aws ec2 run-instances --image-id ami-1 --instance-type t2.micro --query 'Instances[0].InstanceId' --output text)"),
            "$I = (New-EC2Instance -ImageId ami-1 -InstanceType t2.micro).Instances[0].InstanceId"
        );
        assert_eq!(
            ps("IP=$(aws ec2 describe-instances --instance-ids $I --query Reservations[0].Instances[0].PublicIpAddress --output text)"),
            "$IP = (Get-EC2Instance -InstanceId $I)[0].Instances[0].PublicIpAddress"
        );
        assert_eq!(
            ps("SG=$(aws ec2 create-security-group --group-name web --description 'web tier' --vpc-id $VPC --query GroupId --output text)"),
            "$SG = New-EC2SecurityGroup -GroupName web -Description 'web tier' -VpcId $VPC"
        );
        assert_eq!(
            ps("A=$(aws ec2 allocate-address --query AllocationId --output text)"),
            "$A = (New-EC2Address).AllocationId"
        );
    }

    #[test]
    fn list_flags_take_the_singular_parameter_name() {
        assert_eq!(
            ps("aws ec2 stop-instances --instance-ids $A i-0123 --hibernate"),
            "Stop-EC2Instance -InstanceId $A, i-0123 -Hibernate $true"
        );
        assert_eq!(
            ps("aws ec2 create-network-interface --subnet-id $S --groups sg-1 sg-2 --description 'eth1, web'"),
            "New-EC2NetworkInterface -SubnetId $S -Group sg-1, sg-2 -Description 'eth1, web'"
        );
    }

    #[test]
    fn boolean_pairs_become_true_or_false() {
        assert_eq!(
            ps("aws ec2 modify-network-interface-attribute --network-interface-id $E --no-source-dest-check"),
            "Edit-EC2NetworkInterfaceAttribute -NetworkInterfaceId $E -SourceDestCheck $false"
        );
        assert_eq!(
            ps("aws ec2 modify-subnet-attribute --subnet-id $S --map-public-ip-on-launch --region us-west-2"),
            "Edit-EC2SubnetAttribute -SubnetId $S -MapPublicIpOnLaunch $true -Region us-west-2"
        );
    }

    #[test]
    fn an_elastic_ip_is_associated_with_register_ec2address() {
        assert_eq!(
            ps("aws ec2 associate-address --allocation-id $EIP --network-interface-id $ENI --private-ip-address 10.0.0.12 --no-allow-reassociation"),
            "Register-EC2Address -AllocationId $EIP -NetworkInterfaceId $ENI -PrivateIpAddress 10.0.0.12 -AllowReassociation $false"
        );
    }

    #[test]
    fn structured_values_become_hashtables() {
        assert_eq!(
            ps("aws ec2 describe-subnets --filters Name=vpc-id,Values=$VPC"),
            "Get-EC2Subnet -Filter @{Name='vpc-id'; Values=$VPC}"
        );
        assert_eq!(
            ps("aws ec2 run-instances --image-id ami-1 --network-interfaces DeviceIndex=0,SubnetId=$S,Groups=sg-1,sg-2 DeviceIndex=1,NetworkInterfaceId=$E"),
            "New-EC2Instance -ImageId ami-1 -NetworkInterface @{DeviceIndex=0; SubnetId=$S; Groups=@('sg-1', 'sg-2')}, @{DeviceIndex=1; NetworkInterfaceId=$E}"
        );
        assert_eq!(
            ps("aws ec2 authorize-security-group-ingress --group-id $SG --ip-permissions \"IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}],UserIdGroupPairs=[{GroupId=$SG}]\""),
            "Grant-EC2SecurityGroupIngress -GroupId $SG -IpPermission @{IpProtocol='tcp'; FromPort=22; ToPort=22; Ipv4Ranges=@(@{CidrIp='0.0.0.0/0'}); UserIdGroupPairs=@(@{GroupId=$SG})}"
        );
        assert_eq!(
            ps("aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 8000-8080 --cidr 10.0.0.0/16"),
            "Grant-EC2SecurityGroupIngress -GroupId $SG -IpPermission @{IpProtocol='tcp'; FromPort=8000; ToPort=8080; Ipv4Ranges=@(@{CidrIp='10.0.0.0/16'})}"
        );
    }

    #[test]
    fn small_structures_are_flattened_into_parameters() {
        assert_eq!(
            ps("aws ec2 run-instances --image-id ami-1 --count 2 --hibernation-options Configured=true"),
            "New-EC2Instance -ImageId ami-1 -MinCount 2 -MaxCount 2 -HibernationOptions_Configured $true"
        );
        assert_eq!(
            ps("aws ec2 provision-byoip-cidr --cidr 203.0.113.0/24 --cidr-authorization-context Message=m,Signature=s"),
            "Register-EC2ByoipCidr -Cidr 203.0.113.0/24 -CidrAuthorizationContext_Message m -CidrAuthorizationContext_Signature s"
        );
        assert_eq!(
            ps("aws ec2 modify-network-interface-attribute --network-interface-id $E --attachment AttachmentId=$A,DeleteOnTermination=false"),
            "Edit-EC2NetworkInterfaceAttribute -NetworkInterfaceId $E -Attachment_AttachmentId $A -Attachment_DeleteOnTermination $false"
        );
        assert_eq!(
            ps("aws ec2 modify-network-interface-attribute --network-interface-id $E --description Value=backup"),
            "Edit-EC2NetworkInterfaceAttribute -NetworkInterfaceId $E -Description backup"
        );
    }

    #[test]
    fn pattern_removal_becomes_a_replace() {
        assert_eq!(
            ps("aws ec2 create-subnet --vpc-id $V --cidr-block 10.0.1.0/24 --ipv6-cidr-block \"${V6%::/56}::/64\""),
            "New-EC2Subnet -VpcId $V -CidrBlock 10.0.1.0/24 -Ipv6CidrBlock \"$($V6 -replace '::/56$', '')::/64\""
        );
        assert_eq!(ps("X=${ID#eni-}"), "$X = ($ID -replace '^eni-', '')");
    }

    #[test]
    fn removals_ask_no_confirmation_and_netlab_steps_stay() {
        assert_eq!(
            ps("aws ec2 terminate-instances --instance-ids $I"),
            "Remove-EC2Instance -InstanceId $I -Force"
        );
        assert_eq!(
            ps("netlab advance-time --hours 1"),
            "netlab advance-time --hours 1"
        );
        assert!(ps("aws ec2 describe-flow-logs").starts_with("# no AWS Tools"));
        assert_eq!(
            ps("aws ec2 describe-byoip-cidrs"),
            "Get-EC2ByoipCidr -MaxResult 100"
        );
    }
}
