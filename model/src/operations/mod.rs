//! The AWS CLI operations: each reads its flags into the model's typed request, applies it
//! to a Region, and answers with EC2's response as the AWS CLI receives it ([`Response`]).
//!
//! This is the only place that knows flag spellings. The rules themselves live in the
//! model's concept modules; an operation here only translates.

mod addresses;
mod byoip;
mod instances;
mod interfaces;
mod route_tables;
mod security_groups;
mod simulator;
mod vpcs;
mod waiters;

use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::filter::Filter;
use crate::ids::ResourceId;
use crate::response::Response;
use crate::script::shorthand;
use crate::script::Args;
use crate::world::World;
use std::net::{Ipv4Addr, Ipv6Addr};

pub use waiters::{run_wait as waiters_run, WAITERS};

/// An operation: reads its flags from `Args` and applies itself to the world.
type Operation = fn(&mut World, &str, Args) -> Ec2Result<Response>;

/// Every `aws ec2` operation the model answers, by its AWS CLI name.
pub const AWS_OPERATIONS: &[(&str, Operation)] = &[
    ("create-vpc", vpcs::create_vpc),
    ("describe-vpcs", vpcs::describe_vpcs),
    ("create-route-table", route_tables::create_route_table),
    ("create-route", route_tables::create_route),
    ("delete-route", route_tables::delete_route),
    ("associate-route-table", route_tables::associate_route_table),
    (
        "disassociate-route-table",
        route_tables::disassociate_route_table,
    ),
    ("describe-route-tables", route_tables::describe_route_tables),
    ("create-default-vpc", vpcs::create_default_vpc),
    ("associate-vpc-cidr-block", vpcs::associate_vpc_cidr_block),
    (
        "disassociate-vpc-cidr-block",
        vpcs::disassociate_vpc_cidr_block,
    ),
    ("create-subnet", vpcs::create_subnet),
    ("delete-subnet", vpcs::delete_subnet),
    ("describe-subnets", vpcs::describe_subnets),
    ("modify-subnet-attribute", vpcs::modify_subnet_attribute),
    (
        "associate-subnet-cidr-block",
        vpcs::associate_subnet_cidr_block,
    ),
    ("create-internet-gateway", vpcs::create_internet_gateway),
    ("attach-internet-gateway", vpcs::attach_internet_gateway),
    ("detach-internet-gateway", vpcs::detach_internet_gateway),
    (
        "describe-internet-gateways",
        vpcs::describe_internet_gateways,
    ),
    (
        "describe-availability-zones",
        vpcs::describe_availability_zones,
    ),
    (
        "create-security-group",
        security_groups::create_security_group,
    ),
    (
        "delete-security-group",
        security_groups::delete_security_group,
    ),
    (
        "authorize-security-group-ingress",
        security_groups::authorize_security_group_ingress,
    ),
    (
        "revoke-security-group-ingress",
        security_groups::revoke_security_group_ingress,
    ),
    (
        "describe-security-groups",
        security_groups::describe_security_groups,
    ),
    ("run-instances", instances::run_instances),
    ("start-instances", instances::start_instances),
    ("stop-instances", instances::stop_instances),
    ("reboot-instances", instances::reboot_instances),
    ("terminate-instances", instances::terminate_instances),
    ("describe-instances", instances::describe_instances),
    (
        "describe-instance-types",
        instances::describe_instance_types,
    ),
    (
        "create-network-interface",
        interfaces::create_network_interface,
    ),
    (
        "delete-network-interface",
        interfaces::delete_network_interface,
    ),
    (
        "attach-network-interface",
        interfaces::attach_network_interface,
    ),
    (
        "detach-network-interface",
        interfaces::detach_network_interface,
    ),
    (
        "modify-network-interface-attribute",
        interfaces::modify_network_interface_attribute,
    ),
    (
        "assign-private-ip-addresses",
        interfaces::assign_private_ip_addresses,
    ),
    (
        "unassign-private-ip-addresses",
        interfaces::unassign_private_ip_addresses,
    ),
    ("assign-ipv6-addresses", interfaces::assign_ipv6_addresses),
    (
        "unassign-ipv6-addresses",
        interfaces::unassign_ipv6_addresses,
    ),
    (
        "describe-network-interfaces",
        interfaces::describe_network_interfaces,
    ),
    ("allocate-address", addresses::allocate_address),
    ("associate-address", addresses::associate_address),
    ("disassociate-address", addresses::disassociate_address),
    ("release-address", addresses::release_address),
    ("describe-addresses", addresses::describe_addresses),
    ("provision-byoip-cidr", byoip::provision_byoip_cidr),
    ("advertise-byoip-cidr", byoip::advertise_byoip_cidr),
    ("withdraw-byoip-cidr", byoip::withdraw_byoip_cidr),
    ("deprovision-byoip-cidr", byoip::deprovision_byoip_cidr),
    ("describe-byoip-cidrs", byoip::describe_byoip_cidrs),
    (
        "describe-public-ipv4-pools",
        byoip::describe_public_ipv4_pools,
    ),
];

/// Every `netlab` simulator step.
pub const NETLAB_OPERATIONS: &[(&str, Operation)] = &[
    ("advance-time", simulator::advance_time),
    ("fail-instance", simulator::fail_instance),
    ("recover-instance", simulator::recover_instance),
    ("send-traffic", simulator::send_traffic),
    ("cost-report", simulator::cost_report),
];

fn find(table: &[(&str, Operation)], name: &str) -> Option<Operation> {
    table.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
}

/// Runs `aws ec2 OPERATION` with its arguments.
pub fn run_aws(world: &mut World, operation: &str, mut args: Args) -> Ec2Result<Response> {
    let run = find(AWS_OPERATIONS, operation).ok_or_else(|| {
        Ec2Error::new(
            ErrorCode::InvalidAction,
            format!("The action {operation} is not valid for this web service (not modelled by netlab: see `netlab --help` for the operations it knows)."),
        )
    })?;
    if args.globals.dry_run {
        return Err(Ec2Error::new(
            ErrorCode::DryRunOperation,
            "Request would have succeeded, but DryRun flag is set.",
        ));
    }
    let globals = std::mem::take(&mut args.globals);
    let region = globals.region();
    world.region(region)?;
    run(world, region, args)
}

/// Runs `netlab OPERATION` with its arguments.
pub fn run_netlab(world: &mut World, operation: &str, mut args: Args) -> Ec2Result<Response> {
    let run = find(NETLAB_OPERATIONS, operation).ok_or_else(|| {
        Ec2Error::new(
            ErrorCode::InvalidAction,
            format!(
                "Unknown simulator step netlab {operation}; the steps are: {}",
                NETLAB_OPERATIONS
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })?;
    let globals = std::mem::take(&mut args.globals);
    let region = globals.region();
    world.region(region)?;
    run(world, region, args)
}

/// A required id flag (`--network-interface-id eni-...`).
fn id<T: ResourceId>(args: &mut Args, flag: &str) -> Ec2Result<T> {
    T::parse(&args.required_string(flag)?)
}

fn optional_id<T: ResourceId>(args: &mut Args, flag: &str) -> Ec2Result<Option<T>> {
    args.optional_string(flag)?
        .map(|s| T::parse(&s))
        .transpose()
}

fn ids<T: ResourceId>(args: &mut Args, flag: &str) -> Ec2Result<Vec<T>> {
    args.list(flag)?.iter().map(|s| T::parse(s)).collect()
}

fn required_ids<T: ResourceId>(args: &mut Args, flag: &str) -> Ec2Result<Vec<T>> {
    args.required_list(flag)?
        .iter()
        .map(|s| T::parse(s))
        .collect()
}

/// `--filters Name=...,Values=...` (shorthand or JSON).
fn filters(args: &mut Args) -> Ec2Result<Vec<Filter>> {
    args.structure_list("filters", &["Values"])?
        .iter()
        .map(|item| {
            let name = item.get("Name").ok_or_else(|| {
                Ec2Error::new(
                    ErrorCode::InvalidParameterValue,
                    "Each filter needs a Name (--filters Name=vpc-id,Values=vpc-...)",
                )
            })?;
            let values = item
                .get("Values")
                .map(|v| shorthand::to_string_list("filters", "Values", v))
                .transpose()?
                .unwrap_or_default();
            Ok(Filter {
                name: shorthand::to_string("filters", "Name", name)?,
                values,
            })
        })
        .collect()
}

/// An IPv4 address flag value; `param` is EC2's parameter name for the message.
fn ipv4(param: &str, text: &str) -> Ec2Result<Ipv4Addr> {
    text.parse().map_err(|_| {
        Ec2Error::new(ErrorCode::InvalidParameterValue, format!("Value ({text}) for parameter {param} is invalid. {text} is not a valid IPv4 address."))
    })
}

fn ipv6(param: &str, text: &str) -> Ec2Result<Ipv6Addr> {
    text.parse().map_err(|_| {
        Ec2Error::new(ErrorCode::InvalidParameterValue, format!("Value ({text}) for parameter {param} is invalid. {text} is not a valid IPv6 address."))
    })
}

/// A public address given by the account (`--public-ip`): malformed is `InvalidAddress.Malformed`.
fn public_ip(text: &str) -> Ec2Result<Ipv4Addr> {
    text.parse().map_err(|_| {
        Ec2Error::new(
            ErrorCode::InvalidAddressMalformed,
            format!("Invalid address: '{text}'"),
        )
    })
}

/// Flags the AWS CLI takes that the model accepts but does not model (tags, keys, user
/// data...), so that AWS tutorials run unchanged.
fn ignore(args: &mut Args, flags: &[&str]) -> Ec2Result<()> {
    for flag in flags {
        if args.has(flag) {
            args.list(flag)?;
        }
    }
    Ok(())
}
