//! Instances: launch, the state machine, and what each transition does to the instance's
//! interfaces and addresses (claims C4, C12, C17, C22).

mod common;

use common::*;
use netlab_model::ids::{InstanceId, ResourceId};
use netlab_model::instance::{InstanceState, LaunchInterface, RunInstances};
use netlab_model::ErrorCode;

#[test]
fn launch_reports_pending_and_the_instance_then_runs() {
    let mut lab = Lab::new();
    let subnet = lab.default_subnet(ZONE_A);
    // The answer borrows the Region: keep what it says, then look at the instances.
    let launched: Vec<_> = lab
        .ec2()
        .run_instances(&RunInstances {
            subnet_id: Some(subnet),
            count: 2,
            ..Default::default()
        })
        .unwrap()
        .instances
        .iter()
        .map(|d| (d.instance_id, d.state.name, d.private_ip_address))
        .collect();
    assert_eq!(launched.len(), 2);
    assert_eq!(launched[0].1, "pending");
    for (id, _, _) in &launched {
        assert_eq!(lab.instance(*id).state, InstanceState::Running);
        assert_eq!(lab.instance(*id).availability_zone, ZONE_A);
    }
    assert_ne!(launched[0].2, launched[1].2);
}

#[test]
fn stop_start_and_terminate_report_ec2_state_changes() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let change = &lab.ec2().stop_instances(&[instance], false).unwrap()[0];
    assert_eq!(
        (change.previous_state.name, change.current_state.name),
        ("running", "stopping")
    );
    assert_eq!(lab.instance(instance).state, InstanceState::Stopped);
    let change = &lab.ec2().start_instances(&[instance]).unwrap()[0];
    assert_eq!(
        (change.previous_state.name, change.current_state.name),
        ("stopped", "pending")
    );
    let change = &lab.ec2().terminate_instances(&[instance]).unwrap()[0];
    assert_eq!(
        (change.previous_state.name, change.current_state.name),
        ("running", "shutting-down")
    );
    assert_eq!(lab.instance(instance).state, InstanceState::Terminated);
    assert_eq!(lab.instance(instance).state.code(), 48);
}

#[test]
fn terminated_instance_cannot_be_started_stopped_or_rebooted() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    lab.terminate(instance);
    assert_eq!(
        code(lab.ec2().start_instances(&[instance])),
        ErrorCode::IncorrectInstanceState
    );
    assert_eq!(
        code(lab.ec2().stop_instances(&[instance], false)),
        ErrorCode::IncorrectInstanceState
    );
    assert_eq!(
        code(lab.ec2().reboot_instances(&[instance])),
        ErrorCode::IncorrectInstanceState
    );
}

#[test]
fn stopped_instance_cannot_be_rebooted() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    lab.stop(instance);
    assert_eq!(
        code(lab.ec2().reboot_instances(&[instance])),
        ErrorCode::IncorrectInstanceState
    );
}

#[test]
fn hibernate_needs_hibernation_configured_at_launch() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    assert_eq!(
        code(lab.ec2().stop_instances(&[instance], true)),
        ErrorCode::UnsupportedHibernationConfiguration
    );
    assert_eq!(lab.instance(instance).state, InstanceState::Running);
}

#[test]
fn unknown_instance_is_not_found_and_nothing_changes() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let unknown = InstanceId::parse("i-0123456789abcdef0").unwrap();
    let err = lab
        .ec2()
        .stop_instances(&[instance, unknown], false)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInstanceIdNotFound);
    assert_eq!(
        err.message,
        "The instance ID 'i-0123456789abcdef0' does not exist"
    );
    // All or nothing: the known instance is still running.
    assert_eq!(lab.instance(instance).state, InstanceState::Running);
    assert_eq!(
        InstanceId::parse("instance-1").unwrap_err().code,
        ErrorCode::InvalidInstanceIdMalformed
    );
}

#[test]
fn unknown_instance_type_is_refused() {
    let mut lab = Lab::new();
    assert_eq!(
        code(lab.try_launch(&RunInstances {
            instance_type: Some("m9.huge".into()),
            ..Default::default()
        })),
        ErrorCode::InvalidInstanceType
    );
}

// C4: the primary interface lives and dies with the instance (DeleteOnTermination true);
// a secondary interface attached by hand survives, detached, with everything it has.
#[test]
fn terminate_deletes_primary_interface_but_keeps_detached_secondary() {
    let mut lab = Lab::new();
    let subnet = lab.default_subnet(ZONE_A);
    let instance = lab.launch_in(subnet);
    let primary = lab.primary_eni(instance);
    let secondary = lab.eni(subnet);
    lab.attach(secondary, instance, 1);
    let eip = lab.allocate();
    lab.associate_with_interface(eip, secondary, None).unwrap();
    let secondary_ip = lab.interface(secondary).primary_private_ip();

    lab.terminate(instance);

    assert!(!lab.interface_exists(primary));
    let kept = lab.interface(secondary);
    assert_eq!(kept.status(), "available");
    assert!(kept.attachment.is_none());
    assert_eq!(kept.primary_private_ip(), secondary_ip);
    assert_eq!(kept.public_ip(), Some(lab.eip_address(eip)));
    assert!(lab.instance(instance).interfaces.is_empty());
}

// An existing interface used as eth0 is not deleted on terminate; it keeps its Elastic IP.
#[test]
fn existing_interface_launched_as_eth0_survives_termination_with_its_eip() {
    let mut lab = Lab::new();
    let subnet = lab.default_subnet(ZONE_A);
    let eni = lab.eni(subnet);
    let eip = lab.allocate();
    lab.associate_with_interface(eip, eni, None).unwrap();
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
    assert_eq!(lab.primary_eni(instance), eni);
    assert_eq!(lab.public_ip(instance), Some(lab.eip_address(eip)));
    assert!(
        !lab.interface(eni)
            .attachment
            .as_ref()
            .unwrap()
            .delete_on_termination
    );
    lab.terminate(instance);
    assert_eq!(lab.interface(eni).status(), "available");
    assert_eq!(lab.interface(eni).public_ip(), Some(lab.eip_address(eip)));
}

// A secondary interface launched with the instance is deleted with it by default; its
// Elastic IP is disassociated but stays allocated.
#[test]
fn secondary_interface_created_at_launch_is_deleted_and_its_eip_kept() {
    let mut lab = Lab::new();
    let subnet = lab.default_subnet(ZONE_A);
    let instance = lab
        .try_launch(&RunInstances {
            instance_type: Some(M5_LARGE.into()),
            network_interfaces: interfaces_in(subnet, 2),
            ..Default::default()
        })
        .unwrap();
    let secondary = lab.instance(instance).interfaces[&1];
    let eip = lab.allocate();
    lab.associate_with_interface(eip, secondary, None).unwrap();
    lab.terminate(instance);
    assert!(!lab.interface_exists(secondary));
    assert!(lab.eip(eip).association.is_none());
    assert!(lab.region().elastic_ip(eip).is_ok());
}

#[test]
fn launch_with_interfaces_needs_device_index_0_and_unique_indexes() {
    let mut lab = Lab::new();
    let subnet = lab.default_subnet(ZONE_A);
    let nic = |index| LaunchInterface {
        device_index: index,
        subnet_id: Some(subnet),
        ..Default::default()
    };
    assert_eq!(
        code(lab.try_launch(&RunInstances {
            instance_type: Some(M5_LARGE.into()),
            network_interfaces: vec![nic(1)],
            ..Default::default()
        })),
        ErrorCode::InvalidParameterValue
    );
    assert_eq!(
        code(lab.try_launch(&RunInstances {
            instance_type: Some(M5_LARGE.into()),
            network_interfaces: vec![nic(0), nic(0)],
            ..Default::default()
        })),
        ErrorCode::InvalidParameterValue
    );
}

#[test]
fn launch_interfaces_must_share_an_availability_zone() {
    let mut lab = Lab::new();
    let a = lab.default_subnet(ZONE_A);
    let b = lab.default_subnet(ZONE_B);
    let err = lab
        .try_launch(&RunInstances {
            instance_type: Some(M5_LARGE.into()),
            network_interfaces: vec![
                LaunchInterface {
                    device_index: 0,
                    subnet_id: Some(a),
                    ..Default::default()
                },
                LaunchInterface {
                    device_index: 1,
                    subnet_id: Some(b),
                    ..Default::default()
                },
            ],
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidParameterValue);
    assert_eq!(lab.region().network_interfaces().count(), 0);
}

#[test]
fn launch_with_interfaces_and_an_instance_level_subnet_is_invalid_parameter_combination() {
    let mut lab = Lab::new();
    let subnet = lab.default_subnet(ZONE_A);
    assert_eq!(
        code(lab.try_launch(&RunInstances {
            subnet_id: Some(subnet),
            network_interfaces: vec![LaunchInterface {
                device_index: 0,
                subnet_id: Some(subnet),
                ..Default::default()
            }],
            ..Default::default()
        })),
        ErrorCode::InvalidParameterCombination
    );
}

// A launch that fails part-way leaves nothing behind: no instance, no interface, no address.
#[test]
fn failed_launch_leaves_nothing_behind() {
    let mut lab = Lab::new();
    let vpc = lab.vpc("10.0.0.0/16");
    let subnet = lab.subnet(vpc, "10.0.1.0/28", ZONE_A);
    let free = lab
        .region()
        .subnet(subnet)
        .unwrap()
        .available_ip_address_count();
    let err = lab
        .try_launch(&RunInstances {
            subnet_id: Some(subnet),
            count: free + 1,
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InsufficientFreeAddressesInSubnet);
    assert_eq!(lab.region().instances().count(), 0);
    assert_eq!(lab.region().network_interfaces().count(), 0);
    assert_eq!(
        lab.region()
            .subnet(subnet)
            .unwrap()
            .available_ip_address_count(),
        free
    );
}

// Stop and start move a failed instance to healthy hardware; its addresses behave as usual.
#[test]
fn failed_instance_recovers_on_stop_and_start() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let private = lab.private_ip(instance);
    lab.ec2().fail_instance(instance).unwrap();
    assert!(lab.instance(instance).impaired);
    lab.stop(instance);
    lab.start(instance);
    assert!(!lab.instance(instance).impaired);
    assert_eq!(lab.instance(instance).display_state(), "running");
    assert_eq!(lab.private_ip(instance), private);
}
