//! Public IPv4 fees on the simulated clock (claim C27, as today's rule has it).
//!
//! Since 1 February 2024 every public IPv4 address the account holds accrues $0.005 an
//! hour, in use or idle: auto-assigned addresses and Elastic IPs alike. BYOIP addresses
//! accrue nothing. (Before that, only an Elastic IP that was idle or additional was charged;
//! the course tells that history, the model follows today's rule.)

mod common;

use common::*;
use netlab_model::elastic_ip::AllocateAddress;

// C27: an Elastic IP that is not associated with a running instance costs a fee.
#[test]
fn idle_elastic_ip_accrues_half_a_cent_an_hour() {
    let mut lab = Lab::new();
    let eip = lab.allocate();
    lab.advance_hours(10);
    let report = lab.region().cost_report();
    assert_eq!(report.hourly_price_usd, "0.0050");
    assert_eq!(report.total_usd, "0.0500");
    assert_eq!(report.addresses.len(), 1);
    assert_eq!(report.addresses[0].allocation_id, Some(eip));
    assert_eq!(report.addresses[0].hours, 10.0);
    assert!(report.addresses[0].held);
}

// C27: an Elastic IP on a stopped instance still costs the fee.
#[test]
fn elastic_ip_on_a_stopped_instance_keeps_accruing() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let eip = lab.allocate();
    lab.associate_with_instance(eip, instance).unwrap();
    lab.stop(instance);
    lab.advance_hours(4);
    assert_eq!(lab.total_cost(), "0.0200");
}

// Today's rule: an address in use is charged as well.
#[test]
fn every_held_public_ipv4_accrues_in_use_or_idle() {
    let mut lab = Lab::new();
    let with_eip = lab.launch();
    let eip = lab.allocate();
    lab.associate_with_instance(eip, with_eip).unwrap();
    let _auto = lab.launch();
    let _idle = lab.allocate();
    // Three addresses held: one Elastic IP in use, one auto-assigned, one idle.
    lab.advance_hours(2);
    assert_eq!(lab.total_cost(), "0.0300");
}

// The Elastic IP replaces the auto-assigned address: one address, one fee.
#[test]
fn elastic_ip_replacing_the_auto_assigned_address_is_billed_once() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let eip = lab.allocate();
    lab.associate_with_instance(eip, instance).unwrap();
    lab.advance_hours(10);
    let report = lab.region().cost_report();
    assert_eq!(report.total_usd, "0.0500");
    let held: Vec<_> = report.addresses.iter().filter(|a| a.held).collect();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].public_ip, lab.eip_address(eip));
}

// An auto-assigned address accrues from launch until stop releases it, and a new one
// accrues from start.
#[test]
fn auto_assigned_address_accrues_only_while_held() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    lab.advance_hours(2);
    lab.stop(instance);
    lab.advance_hours(100);
    assert_eq!(lab.total_cost(), "0.0100");
    lab.start(instance);
    lab.advance_hours(2);
    assert_eq!(lab.total_cost(), "0.0200");
    let report = lab.region().cost_report();
    assert_eq!(report.addresses.len(), 2);
    assert!(!report.addresses[0].held);
    assert!(report.addresses[1].held);
    // Terminate releases it too.
    lab.terminate(instance);
    lab.advance_hours(50);
    assert_eq!(lab.total_cost(), "0.0200");
}

#[test]
fn released_elastic_ip_stops_accruing() {
    let mut lab = Lab::new();
    let eip = lab.allocate();
    lab.advance_hours(3);
    lab.ec2().release_address(Some(eip), None).unwrap();
    lab.advance_hours(30);
    assert_eq!(lab.total_cost(), "0.0150");
}

// An Elastic IP outlives a terminated instance, and so does its fee.
#[test]
fn elastic_ip_keeps_accruing_after_its_instance_is_terminated() {
    let mut lab = Lab::new();
    let instance = lab.launch();
    let eip = lab.allocate();
    lab.associate_with_instance(eip, instance).unwrap();
    lab.terminate(instance);
    lab.advance_hours(6);
    assert_eq!(lab.total_cost(), "0.0300");
}

#[test]
fn byoip_addresses_accrue_nothing() {
    let mut lab = Lab::new();
    let pool = lab.provisioned_ipv4_range("203.0.113.0/24");
    let before = lab.total_cost();
    let eip = lab
        .ec2()
        .allocate_address(&AllocateAddress {
            public_ipv4_pool: Some(pool),
            ..Default::default()
        })
        .unwrap()
        .allocation_id;
    let instance = lab.launch();
    lab.ec2().stop_instances(&[instance], false).unwrap();
    lab.associate_with_instance(eip, instance).unwrap();
    lab.advance_hours(1000);
    assert_eq!(lab.total_cost(), before);
    assert_eq!(before, "0.0000");
}

// Each Region keeps its own bill.
#[test]
fn fees_are_kept_per_region() {
    let mut lab = Lab::new();
    lab.allocate();
    lab.world
        .region_mut("us-west-2")
        .unwrap()
        .allocate_address(&AllocateAddress::default())
        .unwrap();
    lab.world
        .region_mut("us-west-2")
        .unwrap()
        .allocate_address(&AllocateAddress::default())
        .unwrap();
    lab.advance_hours(10);
    assert_eq!(lab.total_cost(), "0.0500");
    assert_eq!(
        lab.world
            .region("us-west-2")
            .unwrap()
            .cost_report()
            .total_usd,
        "0.1000"
    );
}

// Fees follow the simulated clock only: nothing accrues while it stands still.
#[test]
fn nothing_accrues_while_the_clock_stands_still() {
    let mut lab = Lab::new();
    lab.launch();
    lab.allocate();
    assert_eq!(lab.total_cost(), "0.0000");
    lab.world.advance_time(HOUR / 2);
    assert_eq!(lab.total_cost(), "0.0050");
}
