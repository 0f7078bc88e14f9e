//! A small lab bench for the rule tests: a fresh account, and one-line helpers for the
//! steps a lesson takes (launch, create and attach an interface, allocate an Elastic IP,
//! stop, start...). Helpers that are expected to succeed unwrap; every test that checks a
//! refusal calls the model directly and asserts EC2's error code.

#![allow(dead_code)]

use ipnet::IpNet;
use netlab_model::byoip::ProvisionByoipCidr;
use netlab_model::elastic_ip::{AllocateAddress, AssociateAddress, EipRef, ElasticIp};
use netlab_model::ids::{
    AllocationId, AssociationId, AttachmentId, InstanceId, NetworkInterfaceId, SecurityGroupId,
    SubnetId, VpcId,
};
use netlab_model::instance::{Instance, LaunchInterface, RunInstances};
use netlab_model::network_interface::{
    AssignPrivateIpAddresses, AttachNetworkInterface, CreateNetworkInterface, NetworkInterface,
};
use netlab_model::route_table::CreateRoute;
use netlab_model::security_group::{CreateSecurityGroup, Peer, Permission};
use netlab_model::subnet::CreateSubnet;
use netlab_model::traffic::{SendTraffic, TrafficResult};
use netlab_model::vpc::CreateVpc;
use netlab_model::{Ec2Error, ErrorCode, Region, World};
use std::net::{IpAddr, Ipv4Addr};

pub const REGION: &str = "us-east-1";
pub const ZONE_A: &str = "us-east-1a";
pub const ZONE_B: &str = "us-east-1b";
pub const HOUR: u64 = 3600;
/// The type most tests launch: 3 interfaces, 10 private IPv4 addresses per interface.
pub const M5_LARGE: &str = "m5.large";

/// The EC2 error code of a call that must fail.
pub fn code<T: std::fmt::Debug>(result: Result<T, Ec2Error>) -> ErrorCode {
    result.expect_err("EC2 should have refused this").code
}

pub fn ip(text: &str) -> Ipv4Addr {
    text.parse().expect("test address")
}

/// `--network-interfaces` for `count` new interfaces in one subnet, at device indexes 0, 1, ...
pub fn interfaces_in(subnet: SubnetId, count: u32) -> Vec<LaunchInterface> {
    (0..count)
        .map(|device_index| LaunchInterface {
            device_index,
            subnet_id: Some(subnet),
            ..Default::default()
        })
        .collect()
}

/// A fresh account with its default VPC in every Region, and the simulated clock at zero.
pub struct Lab {
    pub world: World,
}

impl Default for Lab {
    fn default() -> Self {
        Self::new()
    }
}

impl Lab {
    pub fn new() -> Self {
        Lab {
            world: World::new(2024),
        }
    }

    /// The Region every test works in.
    pub fn region(&self) -> &Region {
        self.world.region(REGION).expect("simulated Region")
    }

    /// The Region, to send it an operation.
    pub fn ec2(&mut self) -> &mut Region {
        self.world.region_mut(REGION).expect("simulated Region")
    }

    pub fn advance_hours(&mut self, hours: u64) {
        self.world.advance_time(hours * HOUR);
    }

    // --- Network -------------------------------------------------------------------

    pub fn default_vpc(&self) -> VpcId {
        self.region().default_vpc().expect("default VPC")
    }

    /// The default subnet of an Availability Zone.
    pub fn default_subnet(&self, zone: &str) -> SubnetId {
        self.region()
            .subnets()
            .find(|s| s.default_for_az && s.availability_zone == zone)
            .expect("default subnet")
            .id
    }

    /// A nondefault VPC with an internet gateway attached and its main route table sending
    /// 0.0.0.0/0 there, so that every subnet in it is a public subnet.
    pub fn vpc(&mut self, cidr: &str) -> VpcId {
        let vpc = self.vpc_without_gateway(cidr);
        let igw = self.ec2().create_internet_gateway().internet_gateway_id;
        self.ec2().attach_internet_gateway(igw, vpc).unwrap();
        let main = self
            .region()
            .route_tables()
            .find(|t| t.vpc_id == vpc && t.main)
            .expect("a VPC has a main route table")
            .id;
        self.ec2()
            .create_route(&CreateRoute {
                route_table_id: main,
                destination: Some("0.0.0.0/0".into()),
                gateway_id: Some(igw),
                ..Default::default()
            })
            .unwrap();
        vpc
    }

    /// A nondefault VPC with no way to the internet.
    pub fn vpc_without_gateway(&mut self, cidr: &str) -> VpcId {
        self.ec2()
            .create_vpc(&CreateVpc {
                cidr_block: Some(cidr.into()),
                ..Default::default()
            })
            .unwrap()
            .vpc_id
    }

    pub fn subnet(&mut self, vpc: VpcId, cidr: &str, zone: &str) -> SubnetId {
        self.ec2()
            .create_subnet(&CreateSubnet {
                vpc_id: vpc,
                cidr_block: Some(cidr.into()),
                availability_zone: Some(zone.into()),
                ..Default::default()
            })
            .unwrap()
            .subnet_id
    }

    pub fn security_group(&mut self, vpc: VpcId, name: &str) -> SecurityGroupId {
        self.ec2()
            .create_security_group(&CreateSecurityGroup {
                group_name: name.into(),
                description: format!("{name} traffic"),
                vpc_id: Some(vpc),
            })
            .unwrap()
    }

    /// Adds an inbound allow rule: `protocol` on `port` from `cidr`.
    pub fn allow_inbound(&mut self, group: SecurityGroupId, protocol: &str, port: i32, cidr: &str) {
        self.ec2()
            .authorize_security_group_ingress(
                group,
                &[Permission {
                    protocol: protocol.into(),
                    from_port: port,
                    to_port: port,
                    peer: Peer::Cidr(cidr.parse().unwrap()),
                }],
            )
            .unwrap();
    }

    /// `netlab send-traffic`: sends one packet to an address, from an internet client
    /// (`from: None`) or from an address, and reports where it ends up.
    pub fn send(
        &self,
        to: IpAddr,
        protocol: &str,
        port: u16,
        from: Option<IpAddr>,
    ) -> TrafficResult {
        self.region()
            .send_traffic(&SendTraffic {
                to,
                port,
                protocol: protocol.into(),
                from: from.map(IpNet::from),
                via: None,
            })
            .unwrap()
    }

    // --- Instances -----------------------------------------------------------------

    pub fn try_launch(&mut self, req: &RunInstances) -> Result<InstanceId, Ec2Error> {
        self.ec2()
            .run_instances(req)
            .map(|r| r.instances[0].instance_id)
    }

    /// An m5.large in the default subnet of zone a (so it gets a public IPv4 address).
    pub fn launch(&mut self) -> InstanceId {
        let subnet = self.default_subnet(ZONE_A);
        self.launch_in(subnet)
    }

    /// An m5.large in a subnet, with the subnet's own public IPv4 setting.
    pub fn launch_in(&mut self, subnet: SubnetId) -> InstanceId {
        self.try_launch(&RunInstances {
            instance_type: Some(M5_LARGE.into()),
            subnet_id: Some(subnet),
            ..Default::default()
        })
        .unwrap()
    }

    /// Launches one instance of a type into a subnet.
    pub fn launch_type(&mut self, instance_type: &str, subnet: SubnetId) -> InstanceId {
        self.try_launch(&RunInstances {
            instance_type: Some(instance_type.into()),
            subnet_id: Some(subnet),
            ..Default::default()
        })
        .expect("instance launched")
    }

    pub fn instance(&self, id: InstanceId) -> &Instance {
        self.region().instance(id).unwrap()
    }

    /// The instance's `PublicIpAddress`, as describe-instances shows it.
    pub fn public_ip(&self, id: InstanceId) -> Option<Ipv4Addr> {
        let region = self.region();
        region
            .describe_instance(region.instance(id).unwrap())
            .public_ip_address
    }

    pub fn private_ip(&self, id: InstanceId) -> Ipv4Addr {
        let region = self.region();
        region
            .describe_instance(region.instance(id).unwrap())
            .private_ip_address
            .unwrap()
    }

    pub fn primary_eni(&self, id: InstanceId) -> NetworkInterfaceId {
        self.instance(id).primary_interface().unwrap()
    }

    pub fn stop(&mut self, id: InstanceId) {
        self.ec2().stop_instances(&[id], false).unwrap();
    }

    pub fn start(&mut self, id: InstanceId) {
        self.ec2().start_instances(&[id]).unwrap();
    }

    pub fn terminate(&mut self, id: InstanceId) {
        self.ec2().terminate_instances(&[id]).unwrap();
    }

    // --- Network interfaces --------------------------------------------------------

    /// A secondary interface, created on its own in a subnet.
    pub fn eni(&mut self, subnet: SubnetId) -> NetworkInterfaceId {
        self.ec2()
            .create_network_interface(&CreateNetworkInterface {
                subnet_id: subnet,
                ..Default::default()
            })
            .unwrap()
            .network_interface_id
    }

    pub fn try_attach(
        &mut self,
        eni: NetworkInterfaceId,
        instance: InstanceId,
        device_index: u32,
    ) -> Result<AttachmentId, Ec2Error> {
        self.ec2()
            .attach_network_interface(&AttachNetworkInterface {
                network_interface_id: eni,
                instance_id: instance,
                device_index,
                network_card_index: 0,
            })
            .map(|r| r.attachment_id)
    }

    pub fn attach(
        &mut self,
        eni: NetworkInterfaceId,
        instance: InstanceId,
        device_index: u32,
    ) -> AttachmentId {
        self.try_attach(eni, instance, device_index).unwrap()
    }

    pub fn detach(&mut self, eni: NetworkInterfaceId) {
        let attachment = self.attachment_of(eni);
        self.ec2()
            .detach_network_interface(attachment, false)
            .unwrap();
    }

    /// Assigns `count` new secondary private addresses to an interface.
    pub fn assign_secondary(&mut self, eni: NetworkInterfaceId, count: u32) -> Vec<Ipv4Addr> {
        self.ec2()
            .assign_private_ip_addresses(&AssignPrivateIpAddresses {
                network_interface_id: eni,
                secondary_private_ip_address_count: Some(count),
                ..Default::default()
            })
            .expect("secondary addresses assigned")
    }

    pub fn attachment_of(&self, eni: NetworkInterfaceId) -> AttachmentId {
        self.interface(eni).attachment.as_ref().unwrap().id
    }

    pub fn interface(&self, eni: NetworkInterfaceId) -> &NetworkInterface {
        self.region().network_interface(eni).unwrap()
    }

    pub fn interface_exists(&self, eni: NetworkInterfaceId) -> bool {
        self.region().network_interface(eni).is_ok()
    }

    // --- Elastic IPs ---------------------------------------------------------------

    pub fn try_allocate(&mut self) -> Result<AllocationId, Ec2Error> {
        self.ec2()
            .allocate_address(&AllocateAddress::default())
            .map(|r| r.allocation_id)
    }

    pub fn allocate(&mut self) -> AllocationId {
        self.try_allocate().unwrap()
    }

    pub fn eip(&self, allocation: AllocationId) -> &ElasticIp {
        self.region().elastic_ip(allocation).unwrap()
    }

    pub fn eip_address(&self, allocation: AllocationId) -> Ipv4Addr {
        self.eip(allocation).public_ip
    }

    pub fn associate_with_instance(
        &mut self,
        allocation: AllocationId,
        instance: InstanceId,
    ) -> Result<AssociationId, Ec2Error> {
        self.ec2().associate_address(&AssociateAddress {
            address: EipRef::Allocation(allocation),
            instance_id: Some(instance),
            network_interface_id: None,
            private_ip_address: None,
            allow_reassociation: None,
        })
    }

    pub fn associate_with_interface(
        &mut self,
        allocation: AllocationId,
        eni: NetworkInterfaceId,
        private_ip: Option<Ipv4Addr>,
    ) -> Result<AssociationId, Ec2Error> {
        self.ec2().associate_address(&AssociateAddress {
            address: EipRef::Allocation(allocation),
            instance_id: None,
            network_interface_id: Some(eni),
            private_ip_address: private_ip,
            allow_reassociation: None,
        })
    }

    // --- BYOIP ---------------------------------------------------------------------

    /// Provisions an IPv4 range and lets the simulated clock run until it is provisioned.
    pub fn provisioned_ipv4_range(&mut self, cidr: &str) -> String {
        self.ec2()
            .provision_byoip_cidr(&ProvisionByoipCidr {
                cidr: cidr.into(),
                publicly_advertisable: true,
                authorization_message: Some("1|aws|123456789012|".to_string() + cidr),
                authorization_signature: Some("signature".into()),
                ..Default::default()
            })
            .unwrap();
        self.advance_hours(24 * 8);
        self.ipv4_pool_of(cidr)
    }

    /// The pool id (`ipv4pool-ec2-...`) a provisioned range became.
    pub fn ipv4_pool_of(&self, cidr: &str) -> String {
        self.region()
            .describe_byoip_cidrs()
            .into_iter()
            .find(|b| b.cidr == cidr)
            .and_then(|b| b.status_message)
            .expect("a provisioned range names its pool")
    }

    pub fn byoip_state(&self, cidr: &str) -> &'static str {
        self.region()
            .describe_byoip_cidrs()
            .into_iter()
            .find(|b| b.cidr == cidr)
            .expect("range")
            .state
    }

    /// Total public IPv4 fees so far, in USD as the cost report prints them.
    pub fn total_cost(&self) -> String {
        self.region().cost_report().total_usd
    }
}
