//! Bring your own IP: a range the account owns becomes an address pool in a Region
//! (claims C29–C30).

mod common;

use common::*;
use netlab_model::byoip::ProvisionByoipCidr;
use netlab_model::elastic_ip::AllocateAddress;
use netlab_model::ids::{PublicIpv4PoolId, ResourceId};
use netlab_model::vpc::AssociateVpcCidrBlock;
use netlab_model::ErrorCode;

const RANGE: &str = "203.0.113.0/24";

fn provision(cidr: &str) -> ProvisionByoipCidr {
    ProvisionByoipCidr {
        cidr: cidr.into(),
        authorization_message: Some(format!("1|aws|123456789012|{cidr}|20250301|SHA256|RSAPSS")),
        authorization_signature: Some("signature".into()),
        ..Default::default()
    }
}

fn allocate_from(
    lab: &mut Lab,
    pool: &str,
) -> Result<netlab_model::ids::AllocationId, netlab_model::Ec2Error> {
    lab.ec2()
        .allocate_address(&AllocateAddress {
            public_ipv4_pool: Some(pool.into()),
            ..Default::default()
        })
        .map(|r| r.allocation_id)
}

// C29: a range you own becomes a pool in your account, provisioned on the simulated clock.
#[test]
fn provisioned_range_becomes_an_address_pool() {
    let mut lab = Lab::new();
    let answer = lab.ec2().provision_byoip_cidr(&provision(RANGE)).unwrap();
    assert_eq!(answer.state, "pending-provision");
    assert_eq!(
        lab.region().describe_public_ipv4_pools(&[]).unwrap().len(),
        0
    );
    // Provisioning an advertisable range can take up to a week.
    lab.advance_hours(24 * 7 + 1);
    assert_eq!(lab.byoip_state(RANGE), "provisioned");
    let pool = lab.ipv4_pool_of(RANGE);
    assert!(pool.starts_with("ipv4pool-ec2-"));
    let pools = lab.region().describe_public_ipv4_pools(&[]).unwrap();
    assert_eq!(pools.len(), 1);
    assert_eq!(pools[0].pool_id.to_string(), pool);
    assert_eq!(pools[0].total_address_count, 256);
    assert_eq!(
        pools[0].pool_address_ranges[0].first_address,
        ip("203.0.113.0")
    );
    assert_eq!(
        pools[0].pool_address_ranges[0].last_address,
        ip("203.0.113.255")
    );
}

// The API's default is a publicly advertisable range; only IPv6 may opt out.
#[test]
fn provision_defaults_to_a_publicly_advertisable_range() {
    assert!(ProvisionByoipCidr::default().publicly_advertisable);
    let mut lab = Lab::new();
    lab.ec2().provision_byoip_cidr(&provision(RANGE)).unwrap();
    lab.advance_hours(24 * 8);
    assert_eq!(lab.byoip_state(RANGE), "provisioned");
    let err = lab
        .ec2()
        .provision_byoip_cidr(&ProvisionByoipCidr {
            publicly_advertisable: false,
            ..provision("198.51.100.0/24")
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidParameterValue);
}

// C29: Elastic IPs can be allocated from the pool, a chosen one or the next free one.
#[test]
fn elastic_ips_are_allocated_from_the_pool() {
    let mut lab = Lab::new();
    let pool = lab.provisioned_ipv4_range(RANGE);
    let any = lab
        .ec2()
        .allocate_address(&AllocateAddress {
            public_ipv4_pool: Some(pool.clone()),
            ..Default::default()
        })
        .unwrap();
    assert!(RANGE
        .parse::<ipnet::Ipv4Net>()
        .unwrap()
        .contains(&any.public_ip));
    assert_eq!(any.public_ipv4_pool, pool);
    let chosen = lab
        .ec2()
        .allocate_address(&AllocateAddress {
            public_ipv4_pool: Some(pool.clone()),
            address: Some(ip("203.0.113.77")),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(chosen.public_ip, ip("203.0.113.77"));
    // The same address twice is refused.
    assert_eq!(
        code(lab.ec2().allocate_address(&AllocateAddress {
            public_ipv4_pool: Some(pool.clone()),
            address: Some(ip("203.0.113.77")),
            ..Default::default()
        })),
        ErrorCode::InvalidIpAddressInUse
    );
    // An address outside the range is refused.
    assert_eq!(
        code(lab.ec2().allocate_address(&AllocateAddress {
            public_ipv4_pool: Some(pool.clone()),
            address: Some(ip("198.51.100.1")),
            ..Default::default()
        })),
        ErrorCode::InvalidParameterValue
    );
    let pools = lab.region().describe_public_ipv4_pools(&[]).unwrap();
    assert_eq!(pools[0].total_available_address_count, 254);
    // An Elastic IP from the pool works like any other.
    let instance = lab.launch();
    lab.associate_with_instance(chosen.allocation_id, instance)
        .unwrap();
    assert_eq!(lab.public_ip(instance), Some(ip("203.0.113.77")));
}

// BYOIP Elastic IPs do not count toward the five-per-Region quota.
#[test]
fn pool_addresses_do_not_count_toward_the_elastic_ip_quota() {
    let mut lab = Lab::new();
    for _ in 0..5 {
        lab.allocate();
    }
    assert_eq!(code(lab.try_allocate()), ErrorCode::AddressLimitExceeded);
    let pool = lab.provisioned_ipv4_range(RANGE);
    for _ in 0..10 {
        allocate_from(&mut lab, &pool).unwrap();
    }
    assert_eq!(lab.region().elastic_ips().count(), 15);
}

#[test]
fn unknown_pool_is_not_found() {
    let mut lab = Lab::new();
    assert_eq!(
        code(allocate_from(&mut lab, "ipv4pool-ec2-0123456789abcdef0")),
        ErrorCode::InvalidPublicIpv4PoolIdNotFound
    );
    let unknown = PublicIpv4PoolId::parse("ipv4pool-ec2-0123456789abcdef0").unwrap();
    assert_eq!(
        code(lab.region().describe_public_ipv4_pools(&[unknown])),
        ErrorCode::InvalidPublicIpv4PoolIdNotFound
    );
}

// C30: you keep control: AWS advertises the range when you ask, and stops when you withdraw.
#[test]
fn provisioned_range_is_advertised_only_when_asked_and_can_be_withdrawn() {
    let mut lab = Lab::new();
    lab.provisioned_ipv4_range(RANGE);
    assert_eq!(lab.byoip_state(RANGE), "provisioned");
    // The answer shows the state at the time of the call, as EC2's does.
    assert_eq!(
        lab.ec2().advertise_byoip_cidr(RANGE).unwrap().state,
        "provisioned"
    );
    assert_eq!(lab.byoip_state(RANGE), "pending-advertising");
    lab.advance_hours(1);
    assert_eq!(lab.byoip_state(RANGE), "advertised");
    assert_eq!(
        lab.ec2().withdraw_byoip_cidr(RANGE).unwrap().state,
        "advertised"
    );
    lab.advance_hours(1);
    assert_eq!(lab.byoip_state(RANGE), "provisioned");
}

// Only the exact provisioned range can be advertised, never a part of it.
#[test]
fn only_the_whole_provisioned_range_can_be_advertised() {
    let mut lab = Lab::new();
    lab.ec2().provision_byoip_cidr(&provision(RANGE)).unwrap();
    // Not before it is provisioned.
    assert_eq!(
        code(lab.ec2().advertise_byoip_cidr(RANGE)),
        ErrorCode::IncorrectState
    );
    lab.advance_hours(24 * 8);
    assert_eq!(
        code(lab.ec2().advertise_byoip_cidr("203.0.113.0/25")),
        ErrorCode::InvalidByoipCidrNotFound
    );
    // Withdrawing a range that is not advertised is refused.
    assert_eq!(
        code(lab.ec2().withdraw_byoip_cidr(RANGE)),
        ErrorCode::IncorrectState
    );
}

#[test]
fn deprovision_refused_while_addresses_are_allocated() {
    let mut lab = Lab::new();
    let pool = lab.provisioned_ipv4_range(RANGE);
    let eip = allocate_from(&mut lab, &pool).unwrap();
    // The error code is UNCONFIRMED; the refusal is documented.
    assert_eq!(
        code(lab.ec2().deprovision_byoip_cidr(RANGE)),
        ErrorCode::IncorrectState
    );
    lab.ec2().release_address(Some(eip), None).unwrap();
    let answer = lab.ec2().deprovision_byoip_cidr(RANGE).unwrap();
    assert_eq!(answer.state, "pending-deprovision");
    lab.advance_hours(2);
    assert_eq!(lab.byoip_state(RANGE), "deprovisioned");
    assert_eq!(
        code(allocate_from(&mut lab, &pool)),
        ErrorCode::InvalidPublicIpv4PoolIdNotFound
    );
}

#[test]
fn deprovision_refused_while_advertised() {
    let mut lab = Lab::new();
    lab.provisioned_ipv4_range(RANGE);
    lab.ec2().advertise_byoip_cidr(RANGE).unwrap();
    lab.advance_hours(1);
    assert_eq!(
        code(lab.ec2().deprovision_byoip_cidr(RANGE)),
        ErrorCode::IncorrectState
    );
    lab.ec2().withdraw_byoip_cidr(RANGE).unwrap();
    lab.advance_hours(1);
    lab.ec2().deprovision_byoip_cidr(RANGE).unwrap();
}

// IPv4 no more specific than /24; IPv6 /48, or /56 when not publicly advertisable.
#[test]
fn range_more_specific_than_the_minimum_is_refused() {
    let mut lab = Lab::new();
    assert_eq!(
        code(lab.ec2().provision_byoip_cidr(&provision("203.0.113.0/25"))),
        ErrorCode::InvalidParameterValue
    );
    assert_eq!(
        code(lab.ec2().provision_byoip_cidr(&provision("2001:db8::/52"))),
        ErrorCode::InvalidParameterValue
    );
    lab.ec2()
        .provision_byoip_cidr(&ProvisionByoipCidr {
            publicly_advertisable: false,
            ..provision("2001:db8::/56")
        })
        .unwrap();
    // Not publicly advertisable: provisioned in minutes, and never advertised.
    lab.advance_hours(1);
    assert_eq!(
        lab.byoip_state("2001:db8::/56"),
        "provisioned-not-publicly-advertisable"
    );
    assert_eq!(
        code(lab.ec2().advertise_byoip_cidr("2001:db8::/56")),
        ErrorCode::IncorrectState
    );
}

#[test]
fn overlapping_range_is_refused() {
    let mut lab = Lab::new();
    lab.ec2()
        .provision_byoip_cidr(&provision("198.51.100.0/23"))
        .unwrap();
    assert_eq!(
        code(
            lab.ec2()
                .provision_byoip_cidr(&provision("198.51.101.0/24"))
        ),
        ErrorCode::InvalidParameterValue
    );
}

#[test]
fn sixth_range_in_a_region_is_refused() {
    let mut lab = Lab::new();
    for i in 0..5 {
        lab.ec2()
            .provision_byoip_cidr(&provision(&format!("198.51.{i}.0/24")))
            .unwrap();
    }
    assert_eq!(
        code(lab.ec2().provision_byoip_cidr(&provision("198.51.9.0/24"))),
        ErrorCode::ByoipCidrLimitExceeded
    );
}

#[test]
fn ipv4_range_needs_an_authorization_context() {
    let mut lab = Lab::new();
    let err = lab
        .ec2()
        .provision_byoip_cidr(&ProvisionByoipCidr {
            cidr: RANGE.into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::MissingParameter);
}

// C29: an IPv6 range you own can give a VPC its /56.
#[test]
fn ipv6_range_gives_vpc_blocks_from_your_pool() {
    let mut lab = Lab::new();
    lab.ec2()
        .provision_byoip_cidr(&provision("2001:db8::/48"))
        .unwrap();
    lab.advance_hours(24 * 8);
    let pool = lab.ipv4_pool_of("2001:db8::/48");
    assert!(pool.starts_with("ipv6pool-ec2-"));
    let vpc = lab.vpc("10.0.0.0/16");
    lab.ec2()
        .associate_vpc_cidr_block(&AssociateVpcCidrBlock {
            vpc_id: vpc,
            ipv6_pool: Some(pool.clone()),
            ipv6_cidr_block: Some("2001:db8:0:100::/56".into()),
            ..Default::default()
        })
        .unwrap();
    let block = &lab.region().vpc(vpc).unwrap().ipv6_blocks[0];
    assert_eq!(block.cidr_block.to_string(), "2001:db8:0:100::/56");
    // A range with a block in use cannot be deprovisioned.
    assert_eq!(
        code(lab.ec2().deprovision_byoip_cidr("2001:db8::/48")),
        ErrorCode::IncorrectState
    );
}
