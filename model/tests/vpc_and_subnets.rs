//! VPCs and subnets: the default VPC, IPv4 block sizes, reserved addresses, and the
//! primary block a VPC always keeps (claims C13, C14, C33).

mod common;

use common::*;
use netlab_model::ids::{ResourceId, SubnetId, VpcId};
use netlab_model::instance::RunInstances;
use netlab_model::network_interface::CreateNetworkInterface;
use netlab_model::subnet::CreateSubnet;
use netlab_model::vpc::{AssociateVpcCidrBlock, CreateVpc};
use netlab_model::{Ec2Error, ErrorCode};

fn create_vpc(lab: &mut Lab, cidr: &str) -> Result<VpcId, Ec2Error> {
    lab.ec2()
        .create_vpc(&CreateVpc {
            cidr_block: Some(cidr.into()),
            ..Default::default()
        })
        .map(|v| v.vpc_id)
}

fn create_subnet(lab: &mut Lab, vpc: VpcId, cidr: &str) -> Result<SubnetId, Ec2Error> {
    lab.ec2()
        .create_subnet(&CreateSubnet {
            vpc_id: vpc,
            cidr_block: Some(cidr.into()),
            availability_zone: Some(ZONE_A.into()),
            ..Default::default()
        })
        .map(|s| s.subnet_id)
}

// C13: every Region of a new account has a default VPC: 172.31.0.0/16, a /20 default
// subnet per zone that maps public IPv4 addresses, and an attached internet gateway.
#[test]
fn default_vpc_has_a_slash_20_default_subnet_per_zone_and_a_gateway() {
    let lab = Lab::new();
    for region in lab.world.regions() {
        let vpc = region.vpc(region.default_vpc().unwrap()).unwrap();
        assert_eq!(vpc.cidr_block.to_string(), "172.31.0.0/16");
        assert!(vpc.is_default);
        assert!(region.gateway_of(vpc.id).is_some());
        let subnets: Vec<_> = region.subnets().filter(|s| s.vpc_id == vpc.id).collect();
        assert_eq!(subnets.len(), region.availability_zones().len());
        for subnet in subnets {
            assert_eq!(subnet.cidr_block.prefix_len(), 20);
            assert!(subnet.default_for_az);
            assert!(subnet.map_public_ip_on_launch);
            assert!(!subnet.assign_ipv6_address_on_creation);
            // 4,096 addresses less the five reserved ones.
            assert_eq!(subnet.available_ip_address_count(), 4091);
        }
    }
}

#[test]
fn a_second_default_vpc_is_refused() {
    let mut lab = Lab::new();
    assert_eq!(
        code(lab.ec2().create_default_vpc()),
        ErrorCode::DefaultVpcAlreadyExists
    );
}

// C14: a new subnet, even in the default VPC, does not map public IPv4 addresses.
#[test]
fn new_subnets_do_not_map_public_ips() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let subnet = lab.subnet(vpc, "10.0.1.0/24", ZONE_A);
    let subnet = lab.region().subnet(subnet).unwrap();
    assert!(!subnet.map_public_ip_on_launch);
    assert!(!subnet.default_for_az);
    let default_vpc = lab.default_vpc();
    let extra = lab.subnet(default_vpc, "172.31.200.0/24", ZONE_A);
    assert!(!lab.region().subnet(extra).unwrap().map_public_ip_on_launch);
}

#[test]
fn vpc_block_must_be_between_slash_16_and_slash_28() {
    let mut lab = Lab::new();
    let err = create_vpc(&mut lab, "10.0.0.0/8").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidVpcRange);
    assert_eq!(err.message, "The CIDR '10.0.0.0/8' is invalid.");
    assert_eq!(
        code(create_vpc(&mut lab, "10.0.0.0/29")),
        ErrorCode::InvalidVpcRange
    );
    create_vpc(&mut lab, "10.0.0.0/16").unwrap();
    create_vpc(&mut lab, "10.1.0.0/28").unwrap();
}

// CIDRs are stored in canonical form.
#[test]
fn cidr_is_stored_in_canonical_form() {
    let mut lab = Lab::new();
    let vpc = create_vpc(&mut lab, "100.68.0.18/18").unwrap();
    assert_eq!(
        lab.region().vpc(vpc).unwrap().cidr_block.to_string(),
        "100.68.0.0/18"
    );
}

#[test]
fn sixth_vpc_in_a_region_is_vpc_limit_exceeded() {
    let mut lab = Lab::new();
    // The default VPC is the first of five.
    for i in 0..4 {
        create_vpc(&mut lab, &format!("10.{i}.0.0/16")).unwrap();
    }
    assert_eq!(
        code(create_vpc(&mut lab, "10.9.0.0/16")),
        ErrorCode::VpcLimitExceeded
    );
}

#[test]
fn subnet_must_be_inside_the_vpc_and_between_slash_16_and_slash_28() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let err = create_subnet(&mut lab, vpc, "10.10.1.0/24").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidSubnetRange);
    assert_eq!(err.message, "The CIDR '10.10.1.0/24' is invalid.");
    assert_eq!(
        code(create_subnet(&mut lab, vpc, "10.0.0.0/29")),
        ErrorCode::InvalidSubnetRange
    );
    let smallest = create_subnet(&mut lab, vpc, "10.0.0.0/28").unwrap();
    assert_eq!(
        lab.region()
            .subnet(smallest)
            .unwrap()
            .available_ip_address_count(),
        11
    );
}

#[test]
fn overlapping_subnets_conflict() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    create_subnet(&mut lab, vpc, "10.0.1.0/24").unwrap();
    let err = create_subnet(&mut lab, vpc, "10.0.1.0/25").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidSubnetConflict);
    assert_eq!(
        err.message,
        "The CIDR '10.0.1.0/25' conflicts with another subnet"
    );
    // The same range in another VPC is fine.
    let other = lab.vpc("10.0.0.0/16");
    create_subnet(&mut lab, other, "10.0.1.0/24").unwrap();
}

// Five addresses of every subnet are EC2's: .0, .1 (router), .2 (DNS), .3 and the last.
#[test]
fn reserved_addresses_are_never_assigned() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let subnet = create_subnet(&mut lab, vpc, "10.0.0.0/24").unwrap();
    assert_eq!(
        lab.region()
            .subnet(subnet)
            .unwrap()
            .available_ip_address_count(),
        251
    );
    for reserved in ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.255"] {
        let err = lab
            .ec2()
            .create_network_interface(&CreateNetworkInterface {
                subnet_id: subnet,
                private_ip_address: Some(ip(reserved)),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidParameterValue, "{reserved}");
    }
    // Filling a /28 hands out exactly its eleven usable addresses.
    let small = create_subnet(&mut lab, vpc, "10.0.1.0/28").unwrap();
    let mut given = Vec::new();
    for _ in 0..11 {
        let eni = lab.eni(small);
        given.push(lab.interface(eni).primary_private_ip().octets()[3]);
    }
    given.sort_unstable();
    assert_eq!(given, (4..15).collect::<Vec<u8>>());
    let err = lab
        .ec2()
        .create_network_interface(&CreateNetworkInterface {
            subnet_id: small,
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InsufficientFreeAddressesInSubnet);
}

#[test]
fn explicit_private_ip_taken_is_refused() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let subnet = create_subnet(&mut lab, vpc, "10.0.1.0/24").unwrap();
    let launch = RunInstances {
        subnet_id: Some(subnet),
        private_ip_address: Some(ip("10.0.1.10")),
        ..Default::default()
    };
    lab.try_launch(&launch).unwrap();
    assert_eq!(
        code(lab.try_launch(&launch)),
        ErrorCode::InvalidIpAddressInUse
    );
    // An address outside the subnet is refused too.
    assert_eq!(
        code(lab.try_launch(&RunInstances {
            private_ip_address: Some(ip("10.0.2.10")),
            ..launch
        })),
        ErrorCode::InvalidParameterValue
    );
}

// A stopped instance keeps its private address, so it stays unavailable in the subnet.
#[test]
fn stopped_instance_keeps_its_private_ip_and_terminate_frees_it() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let subnet = create_subnet(&mut lab, vpc, "10.0.1.0/24").unwrap();
    let instance = lab.launch_in(subnet);
    let private = lab.private_ip(instance);
    assert_eq!(
        lab.region()
            .subnet(subnet)
            .unwrap()
            .available_ip_address_count(),
        250
    );
    lab.stop(instance);
    assert_eq!(lab.private_ip(instance), private);
    assert_eq!(
        lab.region()
            .subnet(subnet)
            .unwrap()
            .available_ip_address_count(),
        250
    );
    lab.start(instance);
    assert_eq!(lab.private_ip(instance), private);
    lab.terminate(instance);
    assert_eq!(
        lab.region()
            .subnet(subnet)
            .unwrap()
            .available_ip_address_count(),
        251
    );
}

// C33: the primary IPv4 block can never be disassociated: no IPv6-only VPC.
#[test]
fn primary_ipv4_block_cannot_be_disassociated() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    lab.ec2()
        .associate_vpc_cidr_block(&AssociateVpcCidrBlock {
            vpc_id: vpc,
            amazon_provided_ipv6_cidr_block: true,
            ..Default::default()
        })
        .unwrap();
    let primary = lab.region().vpc(vpc).unwrap().ipv4_blocks[0]
        .association_id
        .to_string();
    let err = lab.ec2().disassociate_vpc_cidr_block(&primary).unwrap_err();
    assert_eq!(err.code, ErrorCode::OperationNotPermitted);
    assert_eq!(lab.region().vpc(vpc).unwrap().ipv4_blocks.len(), 1);
    assert_eq!(
        lab.region().vpc(vpc).unwrap().cidr_block.to_string(),
        "10.0.0.0/16"
    );
}

// Secondary IPv4 blocks: /16–/28 as well, up to five per VPC, removable when unused.
#[test]
fn secondary_ipv4_blocks_can_be_added_and_removed_when_unused() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let add = |lab: &mut Lab, cidr: &str| {
        lab.ec2().associate_vpc_cidr_block(&AssociateVpcCidrBlock {
            vpc_id: vpc,
            cidr_block: Some(cidr.into()),
            ..Default::default()
        })
    };
    let answer = add(&mut lab, "10.1.0.0/16").unwrap();
    assert_eq!(
        code(add(&mut lab, "10.2.0.0/8")),
        ErrorCode::InvalidVpcRange
    );
    for i in 2..5 {
        add(&mut lab, &format!("10.{i}.0.0/16")).unwrap();
    }
    assert_eq!(
        code(add(&mut lab, "10.9.0.0/16")),
        ErrorCode::CidrLimitExceeded
    );
    // A subnet in a secondary block keeps that block in place.
    create_subnet(&mut lab, vpc, "10.1.5.0/24").unwrap();
    let association = answer["CidrBlockAssociation"]["AssociationId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        code(lab.ec2().disassociate_vpc_cidr_block(&association)),
        ErrorCode::InvalidCidrInUse
    );
    let unused = lab.region().vpc(vpc).unwrap().ipv4_blocks[2]
        .association_id
        .to_string();
    lab.ec2().disassociate_vpc_cidr_block(&unused).unwrap();
    assert_eq!(lab.region().vpc(vpc).unwrap().ipv4_blocks.len(), 4);
}

#[test]
fn unknown_vpc_and_subnet_are_not_found() {
    let mut lab = Lab::new();
    let vpc = VpcId::parse("vpc-0123456789abcdef0").unwrap();
    assert_eq!(
        code(create_subnet(&mut lab, vpc, "10.0.1.0/24")),
        ErrorCode::InvalidVpcIdNotFound
    );
    let subnet = SubnetId::parse("subnet-0123456789abcdef0").unwrap();
    assert_eq!(
        code(lab.try_launch(&RunInstances {
            subnet_id: Some(subnet),
            ..Default::default()
        })),
        ErrorCode::InvalidSubnetIdNotFound
    );
}

#[test]
fn internet_gateway_attaches_to_one_vpc_at_a_time() {
    let mut lab = Lab::new();
    let vpc = lab.vpc_without_gateway("10.0.0.0/16");
    let other = lab.vpc_without_gateway("10.1.0.0/16");
    let igw = lab.ec2().create_internet_gateway().internet_gateway_id;
    lab.ec2().attach_internet_gateway(igw, vpc).unwrap();
    assert_eq!(
        code(lab.ec2().attach_internet_gateway(igw, other)),
        ErrorCode::ResourceAlreadyAssociated
    );
    let second = lab.ec2().create_internet_gateway().internet_gateway_id;
    assert_eq!(
        code(lab.ec2().attach_internet_gateway(second, vpc)),
        ErrorCode::ResourceAlreadyAssociated
    );
    assert_eq!(
        code(lab.ec2().detach_internet_gateway(second, vpc)),
        ErrorCode::GatewayNotAttached
    );
    lab.ec2().detach_internet_gateway(igw, vpc).unwrap();
    assert_eq!(lab.region().gateway_of(vpc), None);
}

#[test]
fn malformed_vpc_subnet_and_gateway_ids_are_refused() {
    use netlab_model::ids::InternetGatewayId;
    assert_eq!(
        VpcId::parse("vpc-XYZ").unwrap_err().code,
        ErrorCode::InvalidVpcIdMalformed
    );
    assert_eq!(
        SubnetId::parse("sub-0123456789abcdef0").unwrap_err().code,
        ErrorCode::InvalidSubnetIdMalformed
    );
    assert_eq!(
        InternetGatewayId::parse("igw-12").unwrap_err().code,
        ErrorCode::InvalidInternetGatewayIdMalformed
    );
    let lab = Lab::new();
    let unknown = InternetGatewayId::parse("igw-0123456789abcdef0").unwrap();
    assert_eq!(
        lab.region().internet_gateway(unknown).unwrap_err().code,
        ErrorCode::InvalidInternetGatewayIdNotFound
    );
}

// Each Region is separate; one the simulation does not have is refused.
#[test]
fn unknown_region_is_refused() {
    let mut lab = Lab::new();
    assert_eq!(
        lab.world.region_mut("mars-north-1").unwrap_err().code,
        ErrorCode::InvalidRegion
    );
}
