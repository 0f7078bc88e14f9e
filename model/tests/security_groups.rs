//! Security groups: allow-only rules of one VPC, attached to interfaces (claims C2, C11).

mod common;

use common::*;
use netlab_model::ids::{ResourceId, SecurityGroupId};
use netlab_model::instance::{LaunchInterface, RunInstances};
use netlab_model::network_interface::{CreateNetworkInterface, InterfaceAttribute};
use netlab_model::security_group::{CreateSecurityGroup, Peer, Permission};
use netlab_model::traffic::Explanation;
use netlab_model::ErrorCode;
use std::net::IpAddr;

fn ssh_from(cidr: &str) -> Permission {
    Permission {
        protocol: "tcp".into(),
        from_port: 22,
        to_port: 22,
        peer: Peer::Cidr(cidr.parse().unwrap()),
    }
}

// C2: inbound traffic reaches the instance only if a rule of one of its interface's groups
// allows it.
#[test]
fn inbound_traffic_needs_a_rule_of_one_of_the_interfaces_groups() {
    let mut lab = Lab::new();
    let vpc = lab.default_vpc();
    let instance = lab.launch();
    let eni = lab.primary_eni(instance);
    let public = IpAddr::V4(lab.public_ip(instance).unwrap());
    let web = lab.security_group(vpc, "web");
    lab.ec2()
        .modify_network_interface_attribute(eni, InterfaceAttribute::Groups(vec![web]))
        .unwrap();
    // A new group allows nothing in.
    let dropped = lab.send(public, "tcp", 80, None);
    assert!(!dropped.delivered);
    assert_eq!(
        dropped.explanation_code,
        Some(Explanation::EniSgRulesMismatch)
    );
    lab.allow_inbound(web, "tcp", 80, "0.0.0.0/0");
    let delivered = lab.send(public, "tcp", 80, None);
    assert!(delivered.delivered);
    assert_eq!(delivered.instance_id, Some(instance));
    assert_eq!(delivered.network_interface_id, Some(eni));
    assert!(!lab.send(public, "tcp", 22, None).delivered);
    assert!(!lab.send(public, "udp", 80, None).delivered);
    // A second group adds what it allows; the groups together decide.
    let admin = lab.security_group(vpc, "admin");
    lab.allow_inbound(admin, "tcp", 22, "203.0.113.0/24");
    lab.ec2()
        .modify_network_interface_attribute(eni, InterfaceAttribute::Groups(vec![web, admin]))
        .unwrap();
    let office = Some(IpAddr::V4(ip("203.0.113.9")));
    assert!(lab.send(public, "tcp", 22, office).delivered);
    assert!(!lab.send(public, "tcp", 22, None).delivered);
}

// C11: a management interface and a workload interface, each with its own groups, filter
// by port, protocol and source independently.
#[test]
fn management_and_workload_interfaces_filter_traffic_separately() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let public = lab.subnet(vpc, "10.0.1.0/24", ZONE_A);
    let management = lab.subnet(vpc, "10.0.2.0/24", ZONE_A);
    let web = lab.security_group(vpc, "web");
    lab.allow_inbound(web, "tcp", 443, "0.0.0.0/0");
    let admin = lab.security_group(vpc, "admin");
    lab.allow_inbound(admin, "tcp", 22, "10.0.2.0/24");
    let instance = lab
        .try_launch(&RunInstances {
            instance_type: Some(M5_LARGE.into()),
            network_interfaces: vec![
                LaunchInterface {
                    device_index: 0,
                    subnet_id: Some(public),
                    groups: vec![web],
                    ..Default::default()
                },
                LaunchInterface {
                    device_index: 1,
                    subnet_id: Some(management),
                    groups: vec![admin],
                    ..Default::default()
                },
            ],
            ..Default::default()
        })
        .unwrap();
    let workload_eni = lab.instance(instance).interfaces[&0];
    let admin_eni = lab.instance(instance).interfaces[&1];
    let eip = lab.allocate();
    lab.associate_with_interface(eip, workload_eni, None)
        .unwrap();
    let workload_public = IpAddr::V4(lab.eip_address(eip));
    let workload_private = IpAddr::V4(lab.interface(workload_eni).primary_private_ip());
    let admin_private = IpAddr::V4(lab.interface(admin_eni).primary_private_ip());
    // An administrator's host in the management subnet.
    let bastion = lab.launch_in(management);
    let bastion = Some(IpAddr::V4(lab.private_ip(bastion)));

    assert!(lab.send(workload_public, "tcp", 443, None).delivered);
    assert!(!lab.send(workload_public, "tcp", 22, None).delivered);
    assert!(!lab.send(workload_private, "tcp", 22, bastion).delivered);
    let ssh = lab.send(admin_private, "tcp", 22, bastion);
    assert!(ssh.delivered);
    assert_eq!(ssh.network_interface_id, Some(admin_eni));
    assert_eq!(ssh.instance_id, Some(instance));
    assert!(!lab.send(admin_private, "tcp", 443, bastion).delivered);
    assert_eq!(
        lab.send(admin_private, "tcp", 22, None).explanation_code,
        Some(Explanation::PrivateAddressNotRoutable)
    );
}

#[test]
fn new_group_allows_all_outbound_and_no_inbound() {
    let mut lab = Lab::new();
    let vpc = lab.default_vpc();
    let group = lab.security_group(vpc, "app");
    let group = lab.region().security_group(group).unwrap();
    assert!(group.ingress.is_empty());
    assert_eq!(group.egress.len(), 1);
    assert_eq!(group.egress[0].permission.protocol, "-1");
    assert_eq!(
        group.egress[0].permission.peer,
        Peer::Cidr("0.0.0.0/0".parse().unwrap())
    );
}

#[test]
fn default_group_allows_inbound_from_its_own_members() {
    let lab = Lab::new();
    let vpc = lab.region().vpc(lab.default_vpc()).unwrap();
    let default = lab
        .region()
        .security_group(vpc.default_security_group)
        .unwrap();
    assert_eq!(default.name, "default");
    assert!(default.allows_inbound("tcp", 5432, "172.31.0.10".parse().unwrap(), &[default.id]));
    assert!(!default.allows_inbound("tcp", 5432, "172.31.0.10".parse().unwrap(), &[]));
}

#[test]
fn an_interface_without_groups_gets_the_vpc_default_group() {
    let mut lab = Lab::new();
    let subnet = lab.default_subnet(ZONE_A);
    let eni = lab.eni(subnet);
    let default = lab
        .region()
        .vpc(lab.default_vpc())
        .unwrap()
        .default_security_group;
    assert_eq!(lab.interface(eni).groups, vec![default]);
    let instance = lab.launch();
    assert_eq!(
        lab.interface(lab.primary_eni(instance)).groups,
        vec![default]
    );
}

#[test]
fn default_group_cannot_be_deleted() {
    let mut lab = Lab::new();
    let default = lab
        .region()
        .vpc(lab.default_vpc())
        .unwrap()
        .default_security_group;
    assert_eq!(
        code(lab.ec2().delete_security_group(default)),
        ErrorCode::CannotDelete
    );
    assert!(lab.region().security_group(default).is_ok());
}

#[test]
fn group_in_use_by_an_interface_cannot_be_deleted() {
    let mut lab = Lab::new();
    let vpc = lab.default_vpc();
    let group = lab.security_group(vpc, "app");
    let subnet = lab.default_subnet(ZONE_A);
    let eni = lab
        .ec2()
        .create_network_interface(&CreateNetworkInterface {
            subnet_id: subnet,
            groups: vec![group],
            ..Default::default()
        })
        .unwrap()
        .network_interface_id;
    assert_eq!(
        code(lab.ec2().delete_security_group(group)),
        ErrorCode::DependencyViolation
    );
    lab.ec2().delete_network_interface(eni).unwrap();
    lab.ec2().delete_security_group(group).unwrap();
}

#[test]
fn group_name_is_unique_within_its_vpc() {
    let mut lab = Lab::new();
    let vpc = lab.default_vpc();
    lab.security_group(vpc, "web");
    let err = lab
        .ec2()
        .create_security_group(&CreateSecurityGroup {
            group_name: "web".into(),
            description: "again".into(),
            vpc_id: Some(vpc),
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidGroupDuplicate);
    // The same name in another VPC is a different group.
    let other = lab.vpc("10.0.0.0/16");
    let there = lab.security_group(other, "web");
    assert_eq!(lab.region().security_group(there).unwrap().vpc_id, other);
}

#[test]
fn group_name_cannot_start_with_sg() {
    let mut lab = Lab::new();
    let vpc = lab.default_vpc();
    let err = lab
        .ec2()
        .create_security_group(&CreateSecurityGroup {
            group_name: "sg-web".into(),
            description: "bad".into(),
            vpc_id: Some(vpc),
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidParameterValue);
}

// A group can be used only in the VPC it was created for.
#[test]
fn group_from_a_different_vpc_on_an_interface_is_different_networks() {
    let mut lab = Lab::new();
    let other = lab.vpc("10.0.0.0/16");
    let foreign = lab.security_group(other, "foreign");
    let subnet = lab.default_subnet(ZONE_A);
    let err = lab
        .ec2()
        .create_network_interface(&CreateNetworkInterface {
            subnet_id: subnet,
            groups: vec![foreign],
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidGroupNotFound);
    assert_eq!(
        err.message,
        "You have specified two resources that belong to different networks."
    );
    let instance = lab.launch();
    let eni = lab.primary_eni(instance);
    let err = lab
        .ec2()
        .modify_network_interface_attribute(eni, InterfaceAttribute::Groups(vec![foreign]))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidGroupNotFound);
    assert_eq!(
        err.message,
        "You have specified two resources that belong to different networks."
    );
}

// At launch the same mistake is EC2's `InvalidParameter`, naming the group and the subnet.
#[test]
fn group_from_a_different_vpc_at_launch_is_invalid_parameter() {
    let mut lab = Lab::new();
    let other = lab.vpc("10.0.0.0/16");
    let foreign = lab.security_group(other, "foreign");
    let subnet = lab.default_subnet(ZONE_A);
    let err = lab
        .try_launch(&RunInstances {
            subnet_id: Some(subnet),
            security_group_ids: vec![foreign],
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidParameter);
    assert_eq!(
        err.message,
        format!("Security group {foreign} and subnet {subnet} belong to different networks.")
    );
    assert_eq!(lab.region().instances().count(), 0);
}

#[test]
fn sixth_group_on_an_interface_is_security_groups_per_interface_limit_exceeded() {
    let mut lab = Lab::new();
    let vpc = lab.default_vpc();
    let groups: Vec<SecurityGroupId> = (0..6)
        .map(|i| lab.security_group(vpc, &format!("g{i}")))
        .collect();
    let instance = lab.launch();
    let eni = lab.primary_eni(instance);
    lab.ec2()
        .modify_network_interface_attribute(eni, InterfaceAttribute::Groups(groups[..5].to_vec()))
        .unwrap();
    assert_eq!(
        code(
            lab.ec2().modify_network_interface_attribute(
                eni,
                InterfaceAttribute::Groups(groups.clone())
            )
        ),
        ErrorCode::SecurityGroupsPerInterfaceLimitExceeded
    );
    assert_eq!(lab.interface(eni).groups.len(), 5);
}

#[test]
fn duplicate_rule_is_refused_and_absent_rule_cannot_be_revoked() {
    let mut lab = Lab::new();
    let vpc = lab.default_vpc();
    let group = lab.security_group(vpc, "admin");
    lab.ec2()
        .authorize_security_group_ingress(group, &[ssh_from("203.0.113.0/24")])
        .unwrap();
    assert_eq!(
        code(
            lab.ec2()
                .authorize_security_group_ingress(group, &[ssh_from("203.0.113.0/24")])
        ),
        ErrorCode::InvalidPermissionDuplicate
    );
    lab.ec2()
        .revoke_security_group_ingress(group, &[ssh_from("203.0.113.0/24")])
        .unwrap();
    assert_eq!(
        code(
            lab.ec2()
                .revoke_security_group_ingress(group, &[ssh_from("203.0.113.0/24")])
        ),
        ErrorCode::InvalidPermissionNotFound
    );
}

#[test]
fn rule_referencing_a_group_of_another_vpc_is_different_networks() {
    let mut lab = Lab::new();
    let vpc = lab.default_vpc();
    let mine = lab.security_group(vpc, "app");
    let other = lab.vpc("10.0.0.0/16");
    let foreign = lab.security_group(other, "db");
    let err = lab
        .ec2()
        .authorize_security_group_ingress(
            mine,
            &[Permission {
                protocol: "tcp".into(),
                from_port: 5432,
                to_port: 5432,
                peer: Peer::Group(foreign),
            }],
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidGroupNotFound);
}

#[test]
fn sixty_first_inbound_rule_is_rules_per_security_group_limit_exceeded() {
    let mut lab = Lab::new();
    let vpc = lab.default_vpc();
    let group = lab.security_group(vpc, "busy");
    for port in 0..60 {
        lab.allow_inbound(group, "tcp", 1000 + port, "0.0.0.0/0");
    }
    assert_eq!(
        code(
            lab.ec2()
                .authorize_security_group_ingress(group, &[ssh_from("0.0.0.0/0")])
        ),
        ErrorCode::RulesPerSecurityGroupLimitExceeded
    );
}

#[test]
fn unknown_group_is_not_found() {
    let lab = Lab::new();
    let unknown = SecurityGroupId::parse("sg-0123456789abcdef0").unwrap();
    assert_eq!(
        lab.region().security_group(unknown).unwrap_err().code,
        ErrorCode::InvalidGroupNotFound
    );
}

#[test]
fn malformed_group_id_is_refused() {
    assert_eq!(
        SecurityGroupId::parse("sg-web").unwrap_err().code,
        ErrorCode::InvalidGroupIdMalformed
    );
}
