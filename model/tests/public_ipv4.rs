//! Auto-assigned public IPv4 addresses: when an instance gets one, keeps it, loses it and
//! gets a new one (claims C12–C21).

mod common;

use common::*;
use netlab_model::elastic_ip::{AllocateAddress, AssociateAddress, EipRef};
use netlab_model::instance::{LaunchInterface, RunInstances};
use netlab_model::network_interface::CreateNetworkInterface;
use netlab_model::subnet::SubnetAttribute;
use netlab_model::ErrorCode;
use std::collections::BTreeSet;

/// Launches an m5.large in a subnet with an explicit `--[no-]associate-public-ip-address`.
fn launch_with_flag(
    lab: &mut Lab,
    subnet: netlab_model::ids::SubnetId,
    flag: bool,
) -> netlab_model::ids::InstanceId {
    lab.try_launch(&RunInstances {
        instance_type: Some(M5_LARGE.into()),
        subnet_id: Some(subnet),
        associate_public_ip_address: Some(flag),
        ..Default::default()
    })
    .unwrap()
}

// C12, C13: in a default subnet of the default VPC the instance gets a public IPv4 at launch.
#[test]
fn default_subnet_assigns_a_public_ip_at_launch() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let public = lab.public_ip(instance).expect("a public IPv4 address");
    assert!(lab
        .region()
        .describe_instance(lab.instance(instance))
        .public_dns_name
        .to_string()
        .contains(&public.to_string().replace('.', "-")));
    // It is Amazon's, not the account's.
    let eni = lab.region().describe_interface(
        lab.interface(lab.primary_eni(instance)),
        netlab_model::network_interface::View::Interface,
    );
    assert_eq!(eni.association.unwrap().ip_owner_id, "amazon");
}

// C12: `--no-associate-public-ip-address` overrides the default subnet's setting.
#[test]
fn launch_flag_overrides_the_subnet_setting() {
    let mut lab = Lab::new();
    let default = lab.default_subnet(ZONE_A);
    let private = launch_with_flag(&mut lab, default, false);
    assert_eq!(lab.public_ip(private), None);
    let vpc = lab.vpc("10.0.0.0/16");
    let subnet = lab.subnet(vpc, "10.0.1.0/24", ZONE_A);
    let public = launch_with_flag(&mut lab, subnet, true);
    assert!(lab.public_ip(public).is_some());
}

// C14: in a nondefault subnet the subnet attribute decides, and it is off by default.
#[test]
fn nondefault_subnet_does_not_map_public_ip_by_default() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let subnet = lab.subnet(vpc, "10.0.1.0/24", ZONE_A);
    assert!(!lab.region().subnet(subnet).unwrap().map_public_ip_on_launch);
    let instance = lab.launch_in(subnet);
    assert_eq!(lab.public_ip(instance), None);
    lab.ec2()
        .modify_subnet_attribute(subnet, SubnetAttribute::MapPublicIpOnLaunch(true))
        .unwrap();
    let later = lab.launch_in(subnet);
    assert!(lab.public_ip(later).is_some());
    // The earlier instance is not changed by the subnet's new setting.
    assert_eq!(lab.public_ip(instance), None);
}

// C14: a nondefault subnet in the default VPC does not map public IPs either.
#[test]
fn nondefault_subnet_of_the_default_vpc_does_not_map_public_ip() {
    let mut lab = Lab::new();
    let vpc = lab.default_vpc();
    // The default subnets are /20s from 172.31.0.0; 172.31.96.0/20 is beyond the six zones.
    let subnet = lab.subnet(vpc, "172.31.96.0/24", ZONE_A);
    let instance = lab.launch_in(subnet);
    assert_eq!(lab.public_ip(instance), None);
}

// An interface takes the subnet's setting when it is created; a later change does not
// affect it, and as eth0 at launch its own setting decides.
#[test]
fn existing_interface_used_as_eth0_keeps_the_setting_it_was_created_with() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let subnet = lab.subnet(vpc, "10.0.1.0/24", ZONE_A);
    let eni = lab
        .ec2()
        .create_network_interface(&CreateNetworkInterface {
            subnet_id: subnet,
            ..Default::default()
        })
        .unwrap()
        .network_interface_id;
    lab.ec2()
        .modify_subnet_attribute(subnet, SubnetAttribute::MapPublicIpOnLaunch(true))
        .unwrap();
    let instance = lab
        .try_launch(&RunInstances {
            instance_type: Some(M5_LARGE.into()),
            network_interfaces: vec![LaunchInterface {
                device_index: 0,
                network_interface_id: Some(eni),
                ..Default::default()
            }],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(lab.public_ip(instance), None);
    // ...and its setting cannot be overridden at launch.
    let other = lab.eni(subnet);
    let err = lab
        .try_launch(&RunInstances {
            network_interfaces: vec![LaunchInterface {
                device_index: 0,
                network_interface_id: Some(other),
                associate_public_ip_address: Some(false),
                ..Default::default()
            }],
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidParameterCombination);
}

#[test]
fn launch_with_two_interfaces_and_public_ip_flag_is_invalid_parameter_combination() {
    let mut lab = Lab::new();
    let subnet = lab.default_subnet(ZONE_A);
    let err = lab
        .try_launch(&RunInstances {
            instance_type: Some(M5_LARGE.into()),
            network_interfaces: vec![
                LaunchInterface {
                    device_index: 0,
                    subnet_id: Some(subnet),
                    associate_public_ip_address: Some(true),
                    ..Default::default()
                },
                LaunchInterface {
                    device_index: 1,
                    subnet_id: Some(subnet),
                    ..Default::default()
                },
            ],
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidParameterCombination);
    assert!(err
        .message
        .starts_with("The associatePublicIPAddress parameter cannot be specified when launching with multiple network interfaces"));
    assert_eq!(lab.region().instances().count(), 0);
}

// C17: reboot keeps the public IP.
#[test]
fn reboot_keeps_the_public_ip() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let before = lab.public_ip(instance);
    lab.ec2().reboot_instances(&[instance]).unwrap();
    assert_eq!(lab.public_ip(instance), before);
}

// C17: stop releases it; start assigns a new one.
#[test]
fn stop_releases_public_ip_and_start_assigns_a_new_one() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let first = lab.public_ip(instance).unwrap();
    lab.stop(instance);
    assert_eq!(lab.public_ip(instance), None);
    lab.start(instance);
    let second = lab.public_ip(instance).expect("a new public IPv4 address");
    assert_ne!(first, second);
    // The private address, by contrast, survives stop and start.
    assert_eq!(
        lab.interface(lab.primary_eni(instance))
            .primary_private_ip(),
        lab.private_ip(instance)
    );
}

// C17: hibernation releases it too.
#[test]
fn hibernate_releases_the_public_ip() {
    let mut lab = Lab::new();
    let subnet = lab.default_subnet(ZONE_A);
    let instance = lab
        .try_launch(&RunInstances {
            instance_type: Some(M5_LARGE.into()),
            subnet_id: Some(subnet),
            hibernation_configured: true,
            ..Default::default()
        })
        .unwrap();
    let first = lab.public_ip(instance).unwrap();
    lab.ec2().stop_instances(&[instance], true).unwrap();
    assert_eq!(lab.instance(instance).display_state(), "hibernated");
    assert_eq!(lab.public_ip(instance), None);
    lab.start(instance);
    assert_ne!(lab.public_ip(instance), Some(first));
    assert!(lab.public_ip(instance).is_some());
}

// C17: terminate releases it.
#[test]
fn terminate_releases_the_public_ip() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    assert!(lab.public_ip(instance).is_some());
    lab.terminate(instance);
    assert_eq!(lab.public_ip(instance), None);
}

// C15: the addresses come from Amazon's pool; one released is never this account's again.
#[test]
fn released_public_ip_is_never_reissued() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let mut seen = BTreeSet::new();
    seen.insert(lab.public_ip(instance).unwrap());
    for _ in 0..40 {
        lab.stop(instance);
        lab.start(instance);
        let address = lab.public_ip(instance).unwrap();
        assert!(seen.insert(address), "{address} was handed out twice");
    }
    for _ in 0..10 {
        let other = lab.launch();
        assert!(seen.insert(lab.public_ip(other).unwrap()));
        lab.terminate(other);
    }
    // Nor can the account ask for one back: it was never the account's.
    let old = *seen.iter().next().unwrap();
    let err = lab
        .ec2()
        .allocate_address(&AllocateAddress {
            address: Some(old),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::AuthFailure);
}

// C16: an auto-assigned address cannot be associated or disassociated by hand: it belongs
// to no account (`AuthFailure`).
#[test]
fn auto_assigned_public_ip_cannot_be_associated_or_disassociated_by_hand() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let other = lab.launch();
    let public = lab.public_ip(instance).unwrap();
    assert_eq!(
        code(lab.ec2().disassociate_address(None, Some(public))),
        ErrorCode::AuthFailure
    );
    let err = lab
        .ec2()
        .associate_address(&AssociateAddress {
            address: EipRef::PublicIp(public),
            instance_id: Some(other),
            network_interface_id: None,
            private_ip_address: None,
            allow_reassociation: None,
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::AuthFailure);
    assert_eq!(lab.public_ip(instance), Some(public));
}

// C18: associating an Elastic IP releases the auto-assigned address...
#[test]
fn associating_an_elastic_ip_releases_the_auto_assigned_address() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let auto = lab.public_ip(instance).unwrap();
    let eip = lab.allocate();
    lab.associate_with_instance(eip, instance).unwrap();
    assert_eq!(lab.public_ip(instance), Some(lab.eip_address(eip)));
    assert_ne!(lab.public_ip(instance), Some(auto));
    let described = lab.region().describe_instance(lab.instance(instance));
    assert!(described
        .public_dns_name
        .to_string()
        .contains(&lab.eip_address(eip).to_string().replace('.', "-")));
}

// C18: ...and disassociating it gives the instance a new auto-assigned address.
#[test]
fn disassociating_the_elastic_ip_gives_a_new_public_ip() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let auto = lab.public_ip(instance).unwrap();
    let eip = lab.allocate();
    let association = lab.associate_with_instance(eip, instance).unwrap();
    lab.ec2()
        .disassociate_address(Some(association), None)
        .unwrap();
    let fresh = lab.public_ip(instance).expect("a new public IPv4 address");
    assert_ne!(fresh, auto);
    assert_ne!(fresh, lab.eip_address(eip));
    // The Elastic IP stays with the account.
    assert!(lab.eip(eip).association.is_none());
}

// C19: no new public IP on start while more than one interface is attached.
#[test]
fn no_new_public_ip_on_start_when_two_interfaces_are_attached() {
    let mut lab = Lab::new();
    let subnet = lab.default_subnet(ZONE_A);
    let instance = lab.launch_in(subnet);
    assert!(lab.public_ip(instance).is_some());
    let eni = lab.eni(subnet);
    lab.attach(eni, instance, 1);
    // Attaching a second interface does not take the address away...
    assert!(lab.public_ip(instance).is_some());
    lab.stop(instance);
    lab.start(instance);
    // ...but once released, none comes back.
    assert_eq!(lab.public_ip(instance), None);
    // With the second interface gone, the next start gives one again.
    lab.detach(eni);
    lab.stop(instance);
    lab.start(instance);
    assert!(lab.public_ip(instance).is_some());
}

// C19: nor when the Elastic IP that replaced it is disassociated.
#[test]
fn no_new_public_ip_after_disassociation_when_two_interfaces_are_attached() {
    let mut lab = Lab::new();
    let subnet = lab.default_subnet(ZONE_A);
    let instance = lab.launch_in(subnet);
    let eip = lab.allocate();
    let primary = lab.primary_eni(instance);
    let association = lab.associate_with_interface(eip, primary, None).unwrap();
    let eni = lab.eni(subnet);
    lab.attach(eni, instance, 1);
    lab.ec2()
        .disassociate_address(Some(association), None)
        .unwrap();
    assert_eq!(lab.public_ip(instance), None);
}

// C20: no new public IP when a secondary private address has an Elastic IP.
#[test]
fn no_new_public_ip_when_a_secondary_private_ip_has_an_elastic_ip() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let eni = lab.primary_eni(instance);
    let secondary = lab.assign_secondary(eni, 1)[0];
    let eip = lab.allocate();
    lab.associate_with_interface(eip, eni, Some(secondary))
        .unwrap();
    // An Elastic IP on a secondary address leaves the primary's public address alone...
    assert!(lab.public_ip(instance).is_some());
    lab.stop(instance);
    lab.start(instance);
    // ...but once that is released, the instance gets no new one.
    assert_eq!(lab.public_ip(instance), None);
    // The secondary address keeps its Elastic IP through it all.
    assert_eq!(
        lab.eip(eip).association.as_ref().unwrap().private_ip,
        secondary
    );
}

// C20: the same holds when the primary's Elastic IP is disassociated.
#[test]
fn no_new_public_ip_after_disassociation_when_a_secondary_ip_has_an_elastic_ip() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let eni = lab.primary_eni(instance);
    let secondary = lab.assign_secondary(eni, 1)[0];
    let on_secondary = lab.allocate();
    lab.associate_with_interface(on_secondary, eni, Some(secondary))
        .unwrap();
    let on_primary = lab.allocate();
    let association = lab.associate_with_interface(on_primary, eni, None).unwrap();
    lab.ec2()
        .disassociate_address(Some(association), None)
        .unwrap();
    assert_eq!(lab.public_ip(instance), None);
}

// C17, C18: an instance whose Elastic IP is disassociated while it is stopped gets its new
// address only when it starts.
#[test]
fn disassociating_while_stopped_gives_a_new_public_ip_on_start() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let eip = lab.allocate();
    let association = lab.associate_with_instance(eip, instance).unwrap();
    lab.stop(instance);
    assert_eq!(lab.public_ip(instance), Some(lab.eip_address(eip)));
    lab.ec2()
        .disassociate_address(Some(association), None)
        .unwrap();
    assert_eq!(lab.public_ip(instance), None);
    lab.start(instance);
    assert!(lab.public_ip(instance).is_some());
}

// C21: for an address that persists, use an Elastic IP.
#[test]
fn elastic_ip_persists_where_the_auto_assigned_address_does_not() {
    let mut lab = Lab::new();
    let with_eip = lab.launch();
    let without = lab.launch();
    let eip = lab.allocate();
    lab.associate_with_instance(eip, with_eip).unwrap();
    let auto = lab.public_ip(without);
    for instance in [with_eip, without] {
        lab.stop(instance);
        lab.start(instance);
    }
    assert_eq!(lab.public_ip(with_eip), Some(lab.eip_address(eip)));
    assert_ne!(lab.public_ip(without), auto);
}
