//! Elastic IP addresses: the account's static public IPv4 addresses in a Region (claims
//! C21–C28).

mod common;

use common::*;
use netlab_model::elastic_ip::{AllocateAddress, AssociateAddress, EipRef};
use netlab_model::ids::{AllocationId, AssociationId, ResourceId};
use netlab_model::ErrorCode;

// C22: an Elastic IP belongs to the account, in one Region.
#[test]
fn elastic_ip_belongs_to_the_account_in_one_region() {
    let mut lab = Lab::new();
    let response = lab
        .ec2()
        .allocate_address(&AllocateAddress::default())
        .unwrap();
    assert_eq!(response.domain, "vpc");
    assert_eq!(response.public_ipv4_pool, "amazon");
    assert_eq!(response.network_border_group, REGION);
    assert!(lab.region().elastic_ip(response.allocation_id).is_ok());
    // Another Region does not know it.
    assert_eq!(
        lab.world
            .region("us-west-2")
            .unwrap()
            .elastic_ip(response.allocation_id)
            .unwrap_err()
            .code,
        ErrorCode::InvalidAllocationIdNotFound
    );
    let eni = lab
        .region()
        .describe_address(lab.eip(response.allocation_id));
    assert_eq!(eni.association_id, None);
    assert_eq!(eni.instance_id, None);
}

// C22: it survives stop and start.
#[test]
fn elastic_ip_survives_stop_and_start() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let eip = lab.allocate();
    let association = lab.associate_with_instance(eip, instance).unwrap();
    lab.stop(instance);
    assert_eq!(lab.public_ip(instance), Some(lab.eip_address(eip)));
    lab.start(instance);
    assert_eq!(lab.public_ip(instance), Some(lab.eip_address(eip)));
    assert_eq!(
        lab.eip(eip).association.as_ref().unwrap().association_id,
        association
    );
    // And reboot, and hibernation.
    lab.ec2().reboot_instances(&[instance]).unwrap();
    assert_eq!(lab.public_ip(instance), Some(lab.eip_address(eip)));
}

// C23: it can be associated at any time, with a running or a stopped instance.
#[test]
fn elastic_ip_can_be_associated_with_a_running_or_stopped_instance() {
    let mut lab = Lab::new();
    let running = lab.launch();
    let stopped = lab.launch();
    lab.stop(stopped);
    let (a, b) = (lab.allocate(), lab.allocate());
    lab.associate_with_instance(a, running).unwrap();
    lab.associate_with_instance(b, stopped).unwrap();
    assert_eq!(lab.public_ip(running), Some(lab.eip_address(a)));
    assert_eq!(lab.public_ip(stopped), Some(lab.eip_address(b)));
    lab.start(stopped);
    assert_eq!(lab.public_ip(stopped), Some(lab.eip_address(b)));
}

// C23: or with an interface, even one not attached to any instance.
#[test]
fn elastic_ip_can_be_associated_with_a_detached_interface() {
    let mut lab = Lab::new();
    let subnet = lab.default_subnet(ZONE_A);
    let eni = lab.eni(subnet);
    let eip = lab.allocate();
    lab.associate_with_interface(eip, eni, None).unwrap();
    assert_eq!(lab.interface(eni).public_ip(), Some(lab.eip_address(eip)));
    let described = lab.region().describe_address(lab.eip(eip));
    assert_eq!(described.network_interface_id, Some(eni));
    assert_eq!(described.instance_id, None);
    assert_eq!(
        described.private_ip_address,
        Some(lab.interface(eni).primary_private_ip())
    );
}

// C24, C25: an auto-assigned address cannot be kept, reserved or turned into an Elastic IP:
// it is Amazon's, not the account's (`AuthFailure`).
#[test]
fn auto_assigned_public_ip_cannot_be_converted_into_an_elastic_ip() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let auto = lab.public_ip(instance).unwrap();
    let err = lab
        .ec2()
        .allocate_address(&AllocateAddress {
            address: Some(auto),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::AuthFailure);
    assert_eq!(lab.region().elastic_ips().count(), 0);
    // Stopping does not make it available to keep either.
    lab.stop(instance);
    assert_eq!(
        code(lab.ec2().allocate_address(&AllocateAddress {
            address: Some(auto),
            ..Default::default()
        })),
        ErrorCode::AuthFailure
    );
    // An address that was never handed out is simply not found.
    assert_eq!(
        code(lab.ec2().allocate_address(&AllocateAddress {
            address: Some(ip("198.51.100.1")),
            ..Default::default()
        })),
        ErrorCode::InvalidAddressNotFound
    );
}

// C26: at most five Elastic IPs per Region by default.
#[test]
fn sixth_elastic_ip_is_address_limit_exceeded() {
    let mut lab = Lab::new();
    let five: Vec<AllocationId> = (0..5).map(|_| lab.allocate()).collect();
    let err = lab.try_allocate().unwrap_err();
    assert_eq!(err.code, ErrorCode::AddressLimitExceeded);
    assert_eq!(
        err.message,
        "The maximum number of addresses has been reached."
    );
    assert_eq!(lab.region().elastic_ips().count(), 5);
    // The quota is per Region.
    lab.world
        .region_mut("eu-west-1")
        .unwrap()
        .allocate_address(&AllocateAddress::default())
        .unwrap();
    // Releasing one makes room again.
    lab.ec2().release_address(Some(five[0]), None).unwrap();
    lab.allocate();
}

// C28: it stays with the account until released, and can move between instances.
#[test]
fn elastic_ip_moves_between_instances_and_stays_allocated() {
    let mut lab = Lab::new();
    let first = lab.launch();
    let second = lab.launch();
    let second_auto = lab.public_ip(second).unwrap();
    let eip = lab.allocate();
    lab.associate_with_instance(eip, first).unwrap();
    // Reassociation is automatic when the flag is not given.
    lab.associate_with_instance(eip, second).unwrap();
    assert_eq!(lab.public_ip(second), Some(lab.eip_address(eip)));
    // The new holder's auto-assigned address was released...
    assert_ne!(lab.public_ip(second), Some(second_auto));
    // ...and the old holder gets a fresh one, not a stale copy of the Elastic IP.
    let first_now = lab.public_ip(first).expect("a new auto-assigned address");
    assert_ne!(first_now, lab.eip_address(eip));
    assert_eq!(
        lab.region().describe_address(lab.eip(eip)).instance_id,
        Some(second)
    );
    // Terminating the holder disassociates it; the account keeps it.
    lab.terminate(second);
    assert!(lab.eip(eip).association.is_none());
    lab.associate_with_instance(eip, first).unwrap();
}

#[test]
fn reassociation_refused_when_allow_reassociation_is_false() {
    let mut lab = Lab::new();
    let first = lab.launch();
    let second = lab.launch();
    let eip = lab.allocate();
    let association = lab.associate_with_instance(eip, first).unwrap();
    let err = lab
        .ec2()
        .associate_address(&AssociateAddress {
            address: EipRef::Allocation(eip),
            instance_id: Some(second),
            network_interface_id: None,
            private_ip_address: None,
            allow_reassociation: Some(false),
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ResourceAlreadyAssociated);
    assert_eq!(
        err.message,
        format!("resource {eip} is already associated with associate-id {association}")
    );
    assert_eq!(lab.public_ip(first), Some(lab.eip_address(eip)));
}

// One Elastic IP per private address: a second one replaces the first, which stays allocated.
#[test]
fn second_elastic_ip_on_the_same_private_ip_replaces_the_first() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let (a, b) = (lab.allocate(), lab.allocate());
    lab.associate_with_instance(a, instance).unwrap();
    lab.associate_with_instance(b, instance).unwrap();
    assert_eq!(lab.public_ip(instance), Some(lab.eip_address(b)));
    assert!(lab.eip(a).association.is_none());
    assert!(lab.region().elastic_ip(a).is_ok());
}

#[test]
fn associating_again_with_the_same_target_is_idempotent() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let eip = lab.allocate();
    let first = lab.associate_with_instance(eip, instance).unwrap();
    let again = lab.associate_with_instance(eip, instance).unwrap();
    assert_eq!(first, again);
}

#[test]
fn associate_by_instance_id_with_two_interfaces_is_refused() {
    let mut lab = Lab::new();
    let subnet = lab.default_subnet(ZONE_A);
    let instance = lab.launch_in(subnet);
    let eni = lab.eni(subnet);
    lab.attach(eni, instance, 1);
    let eip = lab.allocate();
    let err = lab.associate_with_instance(eip, instance).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInstanceId);
    assert_eq!(
        err.message,
        format!("There are multiple interfaces attached to instance '{instance}'. Please specify an interface ID for the operation instead.")
    );
    // Naming the interface works.
    let primary = lab.primary_eni(instance);
    lab.associate_with_interface(eip, primary, None).unwrap();
    assert_eq!(lab.public_ip(instance), Some(lab.eip_address(eip)));
}

#[test]
fn eip_needs_an_internet_gateway() {
    let mut lab = Lab::new();
    let vpc = lab.vpc_without_gateway("10.0.0.0/16");
    let subnet = lab.subnet(vpc, "10.0.1.0/24", ZONE_A);
    let instance = lab.launch_in(subnet);
    let eip = lab.allocate();
    let err = lab.associate_with_instance(eip, instance).unwrap_err();
    assert_eq!(err.code, ErrorCode::GatewayNotAttached);
    assert_eq!(
        err.message,
        format!("Network {vpc} is not attached to any internet gateway")
    );
    let igw = lab.ec2().create_internet_gateway().internet_gateway_id;
    lab.ec2().attach_internet_gateway(igw, vpc).unwrap();
    lab.associate_with_instance(eip, instance).unwrap();
    // And the gateway cannot leave while a public address is mapped in the VPC.
    assert_eq!(
        code(lab.ec2().detach_internet_gateway(igw, vpc)),
        ErrorCode::DependencyViolation
    );
}

#[test]
fn associating_with_a_private_ip_the_interface_does_not_have_is_refused() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let eni = lab.primary_eni(instance);
    let eip = lab.allocate();
    assert_eq!(
        code(lab.associate_with_interface(eip, eni, Some(ip("172.31.99.99")))),
        ErrorCode::InvalidParameterValue
    );
}

#[test]
fn release_of_associated_eip_in_nondefault_vpc_is_in_use() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let subnet = lab.subnet(vpc, "10.0.1.0/24", ZONE_A);
    let instance = lab.launch_in(subnet);
    let eip = lab.allocate();
    let association = lab.associate_with_instance(eip, instance).unwrap();
    assert_eq!(
        code(lab.ec2().release_address(Some(eip), None)),
        ErrorCode::InvalidIpAddressInUse
    );
    assert!(lab.region().elastic_ip(eip).is_ok());
    lab.ec2()
        .disassociate_address(Some(association), None)
        .unwrap();
    lab.ec2().release_address(Some(eip), None).unwrap();
    assert_eq!(
        lab.region().elastic_ip(eip).unwrap_err().code,
        ErrorCode::InvalidAllocationIdNotFound
    );
}

// In the default VPC, EC2 disassociates the address for you when you release it.
#[test]
fn release_of_associated_eip_in_default_vpc_disassociates_it_first() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let eip = lab.allocate();
    let address = lab.eip_address(eip);
    lab.associate_with_instance(eip, instance).unwrap();
    lab.ec2().release_address(Some(eip), None).unwrap();
    assert!(lab.region().elastic_ip(eip).is_err());
    let now = lab
        .public_ip(instance)
        .expect("a new auto-assigned address");
    assert_ne!(now, address);
}

#[test]
fn release_needs_the_allocation_id() {
    let mut lab = Lab::new();
    let eip = lab.allocate();
    let address = lab.eip_address(eip);
    let err = lab.ec2().release_address(None, Some(address)).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidParameterValue);
    assert_eq!(
        err.message,
        "You must specify an allocation id when releasing a VPC elastic IP address"
    );
}

// A released Elastic IP can be asked back with --address (if the quota allows).
#[test]
fn released_elastic_ip_can_be_recovered_by_address() {
    let mut lab = Lab::new();
    let eip = lab.allocate();
    let address = lab.eip_address(eip);
    lab.ec2().release_address(Some(eip), None).unwrap();
    let recovered = lab
        .ec2()
        .allocate_address(&AllocateAddress {
            address: Some(address),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(recovered.public_ip, address);
    assert_ne!(recovered.allocation_id, eip);
}

// On terminate the Elastic IP of the deleted primary interface is disassociated, not released.
#[test]
fn terminate_disassociates_the_elastic_ip_but_keeps_it_allocated() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let eip = lab.allocate();
    lab.associate_with_instance(eip, instance).unwrap();
    lab.terminate(instance);
    assert!(lab.eip(eip).association.is_none());
    assert_eq!(lab.region().elastic_ips().count(), 1);
}

#[test]
fn unknown_allocation_association_and_address_ids_are_not_found() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let allocation = AllocationId::parse("eipalloc-0123456789abcdef0").unwrap();
    assert_eq!(
        code(lab.associate_with_instance(allocation, instance)),
        ErrorCode::InvalidAllocationIdNotFound
    );
    assert_eq!(
        code(lab.ec2().release_address(Some(allocation), None)),
        ErrorCode::InvalidAddressIdNotFound
    );
    let association = AssociationId::parse("eipassoc-0123456789abcdef0").unwrap();
    assert_eq!(
        code(lab.ec2().disassociate_address(Some(association), None)),
        ErrorCode::InvalidAssociationIdNotFound
    );
    assert_eq!(
        code(
            lab.region()
                .describe_addresses(&[], &[ip("198.51.100.1")], &[])
        ),
        ErrorCode::InvalidAddressNotFound
    );
}

#[test]
fn malformed_allocation_and_association_ids_are_refused() {
    assert_eq!(
        AllocationId::parse("eipalloc-nothex").unwrap_err().code,
        ErrorCode::InvalidAllocationIdMalformed
    );
    assert_eq!(
        AssociationId::parse("eipalloc-0123456789abcdef0")
            .unwrap_err()
            .code,
        ErrorCode::InvalidAssociationIdMalformed
    );
}

#[test]
fn associate_needs_exactly_one_target() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let eni = lab.primary_eni(instance);
    let eip = lab.allocate();
    let both = AssociateAddress {
        address: EipRef::Allocation(eip),
        instance_id: Some(instance),
        network_interface_id: Some(eni),
        private_ip_address: None,
        allow_reassociation: None,
    };
    assert_eq!(
        code(lab.ec2().associate_address(&both)),
        ErrorCode::InvalidParameterCombination
    );
    let neither = AssociateAddress {
        instance_id: None,
        network_interface_id: None,
        ..both
    };
    assert_eq!(
        code(lab.ec2().associate_address(&neither)),
        ErrorCode::MissingParameter
    );
}
