//! A Region of the account: its own resources, quotas, address pools and generator.

use crate::billing::Ledger;
use crate::byoip::ByoipCidr;
use crate::clock::SimTime;
use crate::elastic_ip::ElasticIp;
use crate::error::{Ec2Error, ErrorCode};
use crate::ids::{
    AllocationId, AttachmentId, IdGenerator, InstanceId, InternetGatewayId, NetworkInterfaceId,
    ResourceId, SecurityGroupId, SubnetId, VpcId,
};
use crate::instance::Instance;
use crate::internet_gateway::InternetGateway;
use crate::network_interface::NetworkInterface;
use crate::public_ipv4::AmazonPool;
use crate::route_table::RouteTable;
use crate::security_group::SecurityGroup;
use crate::subnet::Subnet;
use crate::table::Table;
use crate::vpc::Vpc;

/// The account id every simulated resource belongs to.
pub const ACCOUNT_ID: &str = "123456789012";

/// One Region: independent of every other (its own quotas, addresses and resources).
#[derive(Debug, Clone)]
pub struct Region {
    pub(crate) name: &'static str,
    pub(crate) zones: &'static [&'static str],
    pub(crate) now: SimTime,
    pub(crate) ids: IdGenerator,
    /// The Region-wide creation counter: each resource's `seq` says when it was made
    /// relative to resources of other kinds (export replays them in that order). Within
    /// one kind, a `Table` lists resources in the same order.
    seq: u64,
    pub(crate) vpcs: Table<VpcId, Vpc>,
    pub(crate) subnets: Table<SubnetId, Subnet>,
    pub(crate) internet_gateways: Table<InternetGatewayId, InternetGateway>,
    pub(crate) route_tables: Table<crate::ids::RouteTableId, RouteTable>,
    pub(crate) security_groups: Table<SecurityGroupId, SecurityGroup>,
    pub(crate) instances: Table<InstanceId, Instance>,
    pub(crate) network_interfaces: Table<NetworkInterfaceId, NetworkInterface>,
    /// Index: the interface holding each attachment, so that `--attachment-id` finds it in
    /// O(1). Invariant: `attachments[a] == n` exactly when interface `n`'s attachment
    /// is `a`; kept by `Region::attach` and `Region::detach` alone.
    pub(crate) attachments: Table<AttachmentId, NetworkInterfaceId>,
    pub(crate) addresses: Table<AllocationId, ElasticIp>,
    pub(crate) amazon_pool: AmazonPool,
    pub(crate) byoip_cidrs: Vec<ByoipCidr>,
    /// Every Amazon-provided IPv6 /56 this Region handed out: a VPC never gets one back.
    pub(crate) issued_ipv6_blocks: std::collections::BTreeSet<ipnet::Ipv6Net>,
    pub(crate) ledger: Ledger,
}

impl Region {
    /// A fresh Region with its default VPC, as a new account has.
    pub(crate) fn new(name: &'static str, zones: &'static [&'static str], seed: u64) -> Self {
        let mut region = Region {
            name,
            zones,
            now: SimTime::START,
            ids: IdGenerator::new(seed),
            seq: 0,
            vpcs: Table::new(),
            subnets: Table::new(),
            internet_gateways: Table::new(),
            route_tables: Table::new(),
            security_groups: Table::new(),
            instances: Table::new(),
            network_interfaces: Table::new(),
            attachments: Table::new(),
            addresses: Table::new(),
            amazon_pool: AmazonPool::for_region(name),
            byoip_cidrs: Vec::new(),
            issued_ipv6_blocks: std::collections::BTreeSet::new(),
            ledger: Ledger::default(),
        };
        region.create_default_vpc_resources();
        region
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The Availability Zones, `us-east-1a` and so on.
    pub fn availability_zones(&self) -> &'static [&'static str] {
        self.zones
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    /// The simulated clock moved: pending transitions that are due complete.
    pub(crate) fn clock_moved_to(&mut self, now: SimTime) {
        self.now = now;
        self.settle_byoip();
    }

    /// The public IPv4 fees accrued so far (`netlab cost-report`).
    pub fn cost_report(&self) -> crate::billing::CostReport {
        self.ledger.cost_report(self.now)
    }

    /// The next value of the creation counter.
    pub(crate) fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    pub fn vpcs(&self) -> impl Iterator<Item = &Vpc> {
        self.vpcs.values()
    }
    pub fn subnets(&self) -> impl Iterator<Item = &Subnet> {
        self.subnets.values()
    }
    pub fn internet_gateways(&self) -> impl Iterator<Item = &InternetGateway> {
        self.internet_gateways.values()
    }
    pub fn security_groups(&self) -> impl Iterator<Item = &SecurityGroup> {
        self.security_groups.values()
    }
    pub fn instances(&self) -> impl Iterator<Item = &Instance> {
        self.instances.values()
    }
    pub fn network_interfaces(&self) -> impl Iterator<Item = &NetworkInterface> {
        self.network_interfaces.values()
    }
    pub fn elastic_ips(&self) -> impl Iterator<Item = &ElasticIp> {
        self.addresses.values()
    }

    pub fn vpc(&self, id: VpcId) -> Result<&Vpc, Ec2Error> {
        self.vpcs
            .get(&id)
            .ok_or_else(|| not_found(ErrorCode::InvalidVpcIdNotFound, id))
    }
    pub fn subnet(&self, id: SubnetId) -> Result<&Subnet, Ec2Error> {
        self.subnets
            .get(&id)
            .ok_or_else(|| not_found(ErrorCode::InvalidSubnetIdNotFound, id))
    }
    pub fn instance(&self, id: InstanceId) -> Result<&Instance, Ec2Error> {
        self.instances
            .get(&id)
            .ok_or_else(|| not_found(ErrorCode::InvalidInstanceIdNotFound, id))
    }
    pub fn network_interface(&self, id: NetworkInterfaceId) -> Result<&NetworkInterface, Ec2Error> {
        self.network_interfaces
            .get(&id)
            .ok_or_else(|| not_found(ErrorCode::InvalidNetworkInterfaceIdNotFound, id))
    }
    pub fn security_group(&self, id: SecurityGroupId) -> Result<&SecurityGroup, Ec2Error> {
        self.security_groups.get(&id).ok_or_else(|| {
            Ec2Error::new(
                ErrorCode::InvalidGroupNotFound,
                format!("The security group '{id}' does not exist"),
            )
        })
    }
    pub fn elastic_ip(&self, id: AllocationId) -> Result<&ElasticIp, Ec2Error> {
        self.addresses.get(&id).ok_or_else(|| {
            Ec2Error::new(
                ErrorCode::InvalidAllocationIdNotFound,
                format!("The allocation ID '{id}' does not exist"),
            )
        })
    }
    pub fn internet_gateway(&self, id: InternetGatewayId) -> Result<&InternetGateway, Ec2Error> {
        self.internet_gateways.get(&id).ok_or_else(|| {
            Ec2Error::new(
                ErrorCode::InvalidInternetGatewayIdNotFound,
                format!("The internetGateway ID '{id}' does not exist"),
            )
        })
    }

    pub(crate) fn instance_mut(&mut self, id: InstanceId) -> Result<&mut Instance, Ec2Error> {
        self.instances
            .get_mut(&id)
            .ok_or_else(|| not_found(ErrorCode::InvalidInstanceIdNotFound, id))
    }
    pub(crate) fn network_interface_mut(
        &mut self,
        id: NetworkInterfaceId,
    ) -> Result<&mut NetworkInterface, Ec2Error> {
        self.network_interfaces
            .get_mut(&id)
            .ok_or_else(|| not_found(ErrorCode::InvalidNetworkInterfaceIdNotFound, id))
    }
    pub(crate) fn subnet_mut(&mut self, id: SubnetId) -> Result<&mut Subnet, Ec2Error> {
        self.subnets
            .get_mut(&id)
            .ok_or_else(|| not_found(ErrorCode::InvalidSubnetIdNotFound, id))
    }

    /// Refuses an Availability Zone this Region does not have.
    pub(crate) fn check_zone(&self, zone: &str) -> Result<&'static str, Ec2Error> {
        self.zones.iter().copied().find(|z| *z == zone).ok_or_else(|| {
            Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "Value ({zone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {}.",
                    self.zones.join(", ")
                ),
            )
        })
    }
}

/// EC2's "does not exist" answer, with the resource's name as EC2 spells it.
pub(crate) fn not_found<T: ResourceId>(code: ErrorCode, id: T) -> Ec2Error {
    Ec2Error::new(code, format!("The {} ID '{id}' does not exist", T::NOUN))
}
