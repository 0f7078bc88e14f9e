//! Elastic network interfaces: what an interface carries, and the rules for creating,
//! attaching, detaching, moving and deleting one (claims C1–C11).
//!
//! Sources: EC2 User Guide, "Elastic network interfaces" and "Multiple IP addresses";
//! EC2 API reference (AttachNetworkInterface, DetachNetworkInterface,
//! DeleteNetworkInterface, AssignPrivateIpAddresses); observed EC2 error texts.
//! Everything an interface has (private addresses with their Elastic IPs, IPv6 addresses,
//! security groups, MAC address, source/destination check, description) belongs to the
//! interface, not to the instance, so it all travels when the interface moves.

use crate::clock::{iso8601, SimTime};
use crate::dns_name::DnsName;
use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::filter::{self, Filter};
use crate::ids::{
    AllocationId, AssociationId, AttachmentId, InstanceId, NetworkInterfaceId, SecurityGroupId,
    SubnetId, VpcId,
};
use crate::instance_types::InstanceType;
use crate::json_text::{
    push_bool, push_contents, push_id, push_ipv4, push_plain, push_u64, WriteJson,
};
use crate::region::{Region, ACCOUNT_ID};
use crate::security_group::GroupIdentifier;
use serde::Serialize;
use std::net::{Ipv4Addr, Ipv6Addr};

#[derive(Debug, Clone, PartialEq)]
pub struct NetworkInterface {
    pub id: NetworkInterfaceId,
    pub subnet_id: SubnetId,
    pub vpc_id: VpcId,
    pub availability_zone: &'static str,
    pub description: String,
    pub mac_address: String,
    /// The primary private address first, then the secondary ones.
    pub private_ips: Vec<PrivateIp>,
    pub ipv6_addresses: Vec<Ipv6Addr>,
    pub groups: Vec<SecurityGroupId>,
    pub source_dest_check: bool,
    pub attachment: Option<Attachment>,
    /// The interface's public IPv4 auto-assign setting, taken from its subnet (or the
    /// launch request) when it was created; later subnet changes do not affect it.
    pub auto_assign_public_ip: bool,
    pub(crate) seq: u64,
}

/// One private IPv4 address of an interface and the public address mapped to it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateIp {
    pub address: Ipv4Addr,
    pub primary: bool,
    pub public: Option<PublicAddress>,
}

/// A public IPv4 address mapped 1:1 to a private one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicAddress {
    /// Auto-assigned from Amazon's pool; belongs to no account.
    Amazon { public_ip: Ipv4Addr },
    /// An Elastic IP of the account.
    Elastic {
        public_ip: Ipv4Addr,
        allocation_id: AllocationId,
        association_id: AssociationId,
    },
}

impl PublicAddress {
    pub fn public_ip(&self) -> Ipv4Addr {
        match *self {
            PublicAddress::Amazon { public_ip } | PublicAddress::Elastic { public_ip, .. } => {
                public_ip
            }
        }
    }
}

/// The link between an interface and an instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: AttachmentId,
    pub instance_id: InstanceId,
    pub device_index: u32,
    pub delete_on_termination: bool,
    pub attach_time: SimTime,
}

impl NetworkInterface {
    pub fn primary_private_ip(&self) -> Ipv4Addr {
        self.private_ips[0].address
    }

    /// The public address on the primary private address (the interface's `Association`).
    pub fn public_ip(&self) -> Option<Ipv4Addr> {
        self.private_ips[0].public.map(|p| p.public_ip())
    }

    /// `Status`: `in-use` while attached, else `available`.
    pub fn status(&self) -> &'static str {
        if self.attachment.is_some() {
            "in-use"
        } else {
            "available"
        }
    }

    /// Whether this is an instance's primary interface (device index 0).
    pub fn is_primary(&self) -> bool {
        self.attachment
            .as_ref()
            .is_some_and(|a| a.device_index == 0)
    }

    /// Whether the interface's addresses are within an instance type's per-interface limits,
    /// as they must be for it to be attached to an instance of that type.
    pub fn fits(&self, itype: &InstanceType) -> bool {
        self.private_ips.len() as u32 <= itype.ipv4_per_interface
            && self.ipv6_addresses.len() as u32 <= itype.ipv6_per_interface
    }

    /// Every public IPv4 address mapped to the interface, with the private one it maps to.
    pub fn public_addresses(&self) -> impl Iterator<Item = (Ipv4Addr, PublicAddress)> + '_ {
        self.private_ips
            .iter()
            .filter_map(|ip| ip.public.map(|p| (ip.address, p)))
    }
}

/// An interface as `describe-network-interfaces` and an instance's description show it,
/// written as JSON by [`WriteJson`] (members in AWS's order; `None` members left out).
#[derive(Debug, Clone)]
pub struct NetworkInterfaceDescription<'a> {
    pub association: Option<AssociationDescription>,
    pub attachment: Option<AttachmentDescription>,
    pub availability_zone: Option<&'static str>,
    pub description: &'a str,
    pub groups: Vec<GroupIdentifier<'a>>,
    pub interface_type: &'static str,
    pub ipv6_addresses: Vec<Ipv6AddressDescription>,
    pub mac_address: &'a str,
    pub network_interface_id: NetworkInterfaceId,
    pub owner_id: &'static str,
    pub private_dns_name: DnsName,
    pub private_ip_address: Ipv4Addr,
    pub private_ip_addresses: Vec<PrivateIpDescription>,
    pub requester_managed: Option<bool>,
    pub source_dest_check: bool,
    pub status: &'static str,
    pub subnet_id: SubnetId,
    pub tag_set: Option<Vec<()>>,
    pub vpc_id: VpcId,
}

impl WriteJson for NetworkInterfaceDescription<'_> {
    fn write_json(&self, out: &mut String) {
        out.push('{');
        if let Some(association) = &self.association {
            out.push_str("\"Association\":");
            association.write_json(out);
            out.push(',');
        }
        if let Some(attachment) = &self.attachment {
            out.push_str("\"Attachment\":");
            attachment.write_json(out);
            out.push(',');
        }
        if let Some(zone) = self.availability_zone {
            out.push_str("\"AvailabilityZone\":\"");
            push_contents(out, zone);
            out.push_str("\",");
        }
        out.push_str("\"Description\":\"");
        push_contents(out, self.description);
        out.push_str("\",\"Groups\":");
        self.groups.write_json(out);
        out.push_str(",\"InterfaceType\":\"");
        push_contents(out, self.interface_type);
        out.push_str("\",\"Ipv6Addresses\":");
        self.ipv6_addresses.write_json(out);
        out.push_str(",\"MacAddress\":\"");
        push_contents(out, self.mac_address);
        out.push_str("\",\"NetworkInterfaceId\":\"");
        push_id(out, self.network_interface_id);
        out.push_str("\",\"OwnerId\":\"");
        push_contents(out, self.owner_id);
        out.push_str("\",\"PrivateDnsName\":\"");
        self.private_dns_name.push_json(out);
        out.push_str("\",\"PrivateIpAddress\":\"");
        push_ipv4(out, self.private_ip_address);
        out.push_str("\",\"PrivateIpAddresses\":");
        self.private_ip_addresses.write_json(out);
        if let Some(managed) = self.requester_managed {
            out.push_str(",\"RequesterManaged\":");
            push_bool(out, managed);
        }
        out.push_str(",\"SourceDestCheck\":");
        push_bool(out, self.source_dest_check);
        out.push_str(",\"Status\":\"");
        push_contents(out, self.status);
        out.push_str("\",\"SubnetId\":\"");
        push_id(out, self.subnet_id);
        out.push('"');
        if let Some(tags) = &self.tag_set {
            out.push_str(",\"TagSet\":");
            tags.write_json(out);
        }
        out.push_str(",\"VpcId\":\"");
        push_id(out, self.vpc_id);
        out.push_str("\"}");
    }
}

#[derive(Debug, Clone)]
pub struct AssociationDescription {
    pub allocation_id: Option<AllocationId>,
    pub association_id: Option<AssociationId>,
    pub ip_owner_id: &'static str,
    pub public_dns_name: DnsName,
    pub public_ip: Ipv4Addr,
}

impl WriteJson for AssociationDescription {
    fn write_json(&self, out: &mut String) {
        out.push('{');
        if let Some(id) = self.allocation_id {
            out.push_str("\"AllocationId\":\"");
            push_id(out, id);
            out.push_str("\",");
        }
        if let Some(id) = self.association_id {
            out.push_str("\"AssociationId\":\"");
            push_id(out, id);
            out.push_str("\",");
        }
        out.push_str("\"IpOwnerId\":\"");
        push_contents(out, self.ip_owner_id);
        out.push_str("\",\"PublicDnsName\":\"");
        self.public_dns_name.push_json(out);
        out.push_str("\",\"PublicIp\":\"");
        push_ipv4(out, self.public_ip);
        out.push_str("\"}");
    }
}

#[derive(Debug, Clone)]
pub struct AttachmentDescription {
    pub attach_time: SimTime,
    pub attachment_id: AttachmentId,
    pub delete_on_termination: bool,
    pub device_index: u32,
    pub network_card_index: u32,
    pub instance_id: Option<InstanceId>,
    pub instance_owner_id: Option<&'static str>,
    pub status: &'static str,
}

impl WriteJson for AttachmentDescription {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"AttachTime\":\"");
        push_plain(out, iso8601(self.attach_time).as_str());
        out.push_str("\",\"AttachmentId\":\"");
        push_id(out, self.attachment_id);
        out.push_str("\",\"DeleteOnTermination\":");
        push_bool(out, self.delete_on_termination);
        out.push_str(",\"DeviceIndex\":");
        push_u64(out, self.device_index.into());
        out.push_str(",\"NetworkCardIndex\":");
        push_u64(out, self.network_card_index.into());
        if let Some(id) = self.instance_id {
            out.push_str(",\"InstanceId\":\"");
            push_id(out, id);
            out.push('"');
        }
        if let Some(owner) = self.instance_owner_id {
            out.push_str(",\"InstanceOwnerId\":\"");
            push_contents(out, owner);
            out.push('"');
        }
        out.push_str(",\"Status\":\"");
        push_contents(out, self.status);
        out.push_str("\"}");
    }
}

#[derive(Debug, Clone)]
pub struct PrivateIpDescription {
    pub association: Option<AssociationDescription>,
    pub primary: bool,
    pub private_dns_name: DnsName,
    pub private_ip_address: Ipv4Addr,
}

impl WriteJson for PrivateIpDescription {
    fn write_json(&self, out: &mut String) {
        out.push('{');
        if let Some(association) = &self.association {
            out.push_str("\"Association\":");
            association.write_json(out);
            out.push(',');
        }
        out.push_str("\"Primary\":");
        push_bool(out, self.primary);
        out.push_str(",\"PrivateDnsName\":\"");
        self.private_dns_name.push_json(out);
        out.push_str("\",\"PrivateIpAddress\":\"");
        push_ipv4(out, self.private_ip_address);
        out.push_str("\"}");
    }
}

#[derive(Debug, Clone)]
pub struct Ipv6AddressDescription {
    pub ipv6_address: Ipv6Addr,
    pub is_primary_ipv6: bool,
}

impl WriteJson for Ipv6AddressDescription {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"Ipv6Address\":\"");
        push_contents(out, &self.ipv6_address.to_string());
        out.push_str("\",\"IsPrimaryIpv6\":");
        push_bool(out, self.is_primary_ipv6);
        out.push('}');
    }
}

/// Whether a description is for `describe-network-interfaces` or for an instance's
/// `NetworkInterfaces` list, which leaves out a few members and association ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Interface,
    Instance,
}

fn describe_public(
    region: &'static str,
    public: &PublicAddress,
    view: View,
) -> AssociationDescription {
    let (allocation_id, association_id, owner) = match *public {
        PublicAddress::Amazon { .. } => (None, None, "amazon"),
        PublicAddress::Elastic {
            allocation_id,
            association_id,
            ..
        } => match view {
            View::Interface => (Some(allocation_id), Some(association_id), ACCOUNT_ID),
            View::Instance => (None, None, ACCOUNT_ID),
        },
    };
    AssociationDescription {
        allocation_id,
        association_id,
        ip_owner_id: owner,
        public_dns_name: DnsName::public(region, public.public_ip()),
        public_ip: public.public_ip(),
    }
}

#[derive(Debug, Clone, Default)]
pub struct CreateNetworkInterface {
    pub subnet_id: SubnetId,
    pub description: Option<String>,
    pub groups: Vec<SecurityGroupId>,
    pub private_ip_address: Option<Ipv4Addr>,
    pub secondary_private_ip_addresses: Vec<Ipv4Addr>,
    pub secondary_private_ip_address_count: u32,
    pub ipv6_addresses: Vec<Ipv6Addr>,
    pub ipv6_address_count: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct AttachNetworkInterface {
    pub network_interface_id: NetworkInterfaceId,
    pub instance_id: InstanceId,
    pub device_index: u32,
    pub network_card_index: u32,
}

/// `ModifyNetworkInterfaceAttribute`: one attribute per call.
#[derive(Debug, Clone)]
pub enum InterfaceAttribute {
    Groups(Vec<SecurityGroupId>),
    Description(String),
    SourceDestCheck(bool),
    Attachment {
        attachment_id: AttachmentId,
        delete_on_termination: bool,
    },
}

#[derive(Debug, Clone, Default)]
pub struct AssignPrivateIpAddresses {
    pub network_interface_id: NetworkInterfaceId,
    pub private_ip_addresses: Vec<Ipv4Addr>,
    pub secondary_private_ip_address_count: Option<u32>,
    pub allow_reassignment: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachResponse {
    pub attachment_id: AttachmentId,
    pub network_card_index: u32,
}

impl Region {
    pub fn describe_interface<'a>(
        &'a self,
        eni: &'a NetworkInterface,
        view: View,
    ) -> NetworkInterfaceDescription<'a> {
        let region = self.name;
        let groups = eni
            .groups
            .iter()
            .filter_map(|g| self.security_groups.get(g))
            .map(|g| g.identifier())
            .collect();
        let interface_view = view == View::Interface;
        NetworkInterfaceDescription {
            association: eni.private_ips[0]
                .public
                .as_ref()
                .map(|p| describe_public(region, p, view)),
            attachment: eni.attachment.as_ref().map(|a| AttachmentDescription {
                attach_time: a.attach_time,
                attachment_id: a.id,
                delete_on_termination: a.delete_on_termination,
                device_index: a.device_index,
                network_card_index: 0,
                instance_id: interface_view.then_some(a.instance_id),
                instance_owner_id: interface_view.then_some(ACCOUNT_ID),
                status: "attached",
            }),
            availability_zone: interface_view.then_some(eni.availability_zone),
            description: &eni.description,
            groups,
            interface_type: "interface",
            ipv6_addresses: eni
                .ipv6_addresses
                .iter()
                .map(|a| Ipv6AddressDescription {
                    ipv6_address: *a,
                    is_primary_ipv6: false,
                })
                .collect(),
            mac_address: &eni.mac_address,
            network_interface_id: eni.id,
            owner_id: ACCOUNT_ID,
            private_dns_name: DnsName::private(region, eni.primary_private_ip()),
            private_ip_address: eni.primary_private_ip(),
            private_ip_addresses: eni
                .private_ips
                .iter()
                .map(|ip| PrivateIpDescription {
                    association: ip.public.as_ref().map(|p| describe_public(region, p, view)),
                    primary: ip.primary,
                    private_dns_name: DnsName::private(region, ip.address),
                    private_ip_address: ip.address,
                })
                .collect(),
            requester_managed: interface_view.then_some(false),
            source_dest_check: eni.source_dest_check,
            status: eni.status(),
            subnet_id: eni.subnet_id,
            tag_set: interface_view.then(Vec::new),
            vpc_id: eni.vpc_id,
        }
    }

    /// Makes a new interface in a subnet: its primary private address (given or picked),
    /// its groups (the VPC's default group if none), a fresh MAC, source/dest check on.
    pub(crate) fn new_interface(
        &mut self,
        subnet_id: SubnetId,
        groups: &[SecurityGroupId],
        primary: Option<Ipv4Addr>,
        description: String,
        auto_assign_public_ip: bool,
    ) -> Ec2Result<NetworkInterfaceId> {
        let subnet = self.subnet(subnet_id)?;
        let (vpc_id, zone) = (subnet.vpc_id, subnet.availability_zone);
        let groups = self.groups_for_interface(vpc_id, groups)?;
        let subnet = self.subnets.get_mut(&subnet_id).expect("checked above");
        let address = match primary {
            Some(address) => {
                subnet.addresses.take(address)?;
                address
            }
            None => subnet.addresses.take_any(&mut self.ids)?,
        };
        let id: NetworkInterfaceId = self.ids.id();
        let mac_address = self.ids.mac_address();
        let seq = self.next_seq();
        self.network_interfaces.insert(
            id,
            NetworkInterface {
                id,
                subnet_id,
                vpc_id,
                availability_zone: zone,
                description,
                mac_address,
                private_ips: vec![PrivateIp {
                    address,
                    primary: true,
                    public: None,
                }],
                ipv6_addresses: Vec::new(),
                groups,
                source_dest_check: true,
                attachment: None,
                auto_assign_public_ip,
                seq,
            },
        );
        Ok(id)
    }

    /// `CreateNetworkInterface`: a secondary interface waiting, unattached, in its subnet.
    /// Its public IPv4 auto-assign setting is the subnet's at this moment.
    pub fn create_network_interface(
        &mut self,
        req: &CreateNetworkInterface,
    ) -> Ec2Result<NetworkInterfaceDescription<'_>> {
        let subnet = self.subnet(req.subnet_id)?;
        let auto_assign = subnet.map_public_ip_on_launch;
        let mut probe = subnet.addresses.clone();
        for address in req
            .private_ip_address
            .iter()
            .chain(&req.secondary_private_ip_addresses)
        {
            probe.take(*address)?;
        }
        let id = self.new_interface(
            req.subnet_id,
            &req.groups,
            req.private_ip_address,
            req.description.clone().unwrap_or_default(),
            auto_assign,
        )?;
        let secondary = AssignPrivateIpAddresses {
            network_interface_id: id,
            private_ip_addresses: req.secondary_private_ip_addresses.clone(),
            secondary_private_ip_address_count: (req.secondary_private_ip_address_count > 0)
                .then_some(req.secondary_private_ip_address_count),
            allow_reassignment: false,
        };
        let ipv6 = self.assign_ipv6_on_creation(id, &req.ipv6_addresses, req.ipv6_address_count);
        let result = if secondary.private_ip_addresses.is_empty()
            && secondary.secondary_private_ip_address_count.is_none()
        {
            ipv6
        } else {
            ipv6.and_then(|()| self.assign_private_ip_addresses(&secondary).map(drop))
        };
        if let Err(err) = result {
            self.remove_interface(id);
            return Err(err);
        }
        let mut description =
            self.describe_interface(&self.network_interfaces[&id], View::Interface);
        description.status = "pending";
        Ok(description)
    }

    /// `DeleteNetworkInterface`: only a detached interface. Its private addresses go back to
    /// the subnet; its Elastic IPs are disassociated but stay allocated to the account.
    pub fn delete_network_interface(&mut self, id: NetworkInterfaceId) -> Ec2Result<()> {
        if self.network_interface(id)?.attachment.is_some() {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!("Network interface '{id}' is currently in use."),
            ));
        }
        self.remove_interface(id);
        Ok(())
    }

    /// Removes an interface and gives back everything it held.
    pub(crate) fn remove_interface(&mut self, id: NetworkInterfaceId) {
        self.detach(id);
        let Some(eni) = self.network_interfaces.remove(&id) else {
            return;
        };
        for (_, public) in eni.public_addresses() {
            match public {
                PublicAddress::Amazon { public_ip } => self.ledger.close(public_ip, self.now),
                PublicAddress::Elastic { allocation_id, .. } => {
                    if let Some(eip) = self.addresses.get_mut(&allocation_id) {
                        eip.association = None;
                    }
                }
            }
        }
        if let Some(subnet) = self.subnets.get_mut(&eni.subnet_id) {
            for ip in &eni.private_ips {
                subnet.addresses.release(ip.address);
            }
        }
    }

    /// `AttachNetworkInterface`: same Availability Zone, a free device index other than 0,
    /// within the instance type's interface and address limits, on a running or stopped
    /// instance. An interface of another VPC in the same zone may be attached (multi-VPC
    /// attachment, October 2023).
    pub fn attach_network_interface(
        &mut self,
        req: &AttachNetworkInterface,
    ) -> Ec2Result<AttachResponse> {
        let eni = self.network_interface(req.network_interface_id)?;
        let instance = self.instance(req.instance_id)?;
        if !instance.state.accepts_attachments() {
            return Err(Ec2Error::new(
                ErrorCode::IncorrectInstanceState,
                format!(
                    "The instance '{}' is not in a valid state for this operation.",
                    instance.id
                ),
            ));
        }
        if eni.attachment.is_some() {
            return Err(Ec2Error::new(
                ErrorCode::InvalidNetworkInterfaceInUse,
                format!("Interface: [{}] in use.", eni.id),
            ));
        }
        // UNCONFIRMED code: no EC2 answer for a cross-zone attach was found; the refusal is
        // documented ("attach ... to any instance in the same Availability Zone").
        if eni.availability_zone != instance.availability_zone {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "Network interface '{}' is in Availability Zone {} but instance '{}' is in {}; they must be in the same Availability Zone.",
                    eni.id, eni.availability_zone, instance.id, instance.availability_zone
                ),
            ));
        }
        if req.network_card_index != 0 {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "Network card index {} is not supported by instance type {}.",
                    req.network_card_index, instance.instance_type.name
                ),
            ));
        }
        if req.device_index == 0 {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "Instance '{}' already has an interface attached at device index '0'.",
                    instance.id
                ),
            ));
        }
        if instance.interfaces.contains_key(&req.device_index)
            || instance.blocked_device_indexes.contains(&req.device_index)
        {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "Instance '{}' already has an interface attached at device index '{}'.",
                    instance.id, req.device_index
                ),
            ));
        }
        let count = instance.interfaces.len() as u32 + 1;
        if count > instance.instance_type.max_network_interfaces {
            return Err(Ec2Error::new(
                ErrorCode::AttachmentLimitExceeded,
                format!(
                    "Interface count {count} exceeds the limit for {}",
                    instance.instance_type.name
                ),
            ));
        }
        // UNCONFIRMED code: an interface with more addresses than the type allows is refused.
        if !eni.fits(instance.instance_type) {
            return Err(Ec2Error::new(
                ErrorCode::PrivateIpAddressLimitExceeded,
                format!(
                    "Network interface '{}' has more addresses than instance type {} allows per interface.",
                    eni.id, instance.instance_type.name
                ),
            ));
        }
        let attachment_id = self.attach(
            req.network_interface_id,
            req.instance_id,
            req.device_index,
            false,
        );
        Ok(AttachResponse {
            attachment_id,
            network_card_index: 0,
        })
    }

    /// Links an interface to an instance at a device index (checks done by the caller).
    ///
    /// With [`Region::detach`], the only code that starts or ends an attachment. An
    /// attachment is recorded in three places that change together: the interface's
    /// `attachment`, the instance's `interfaces` map, and the Region's `attachments` index.
    pub(crate) fn attach(
        &mut self,
        eni: NetworkInterfaceId,
        instance: InstanceId,
        device_index: u32,
        delete_on_termination: bool,
    ) -> AttachmentId {
        let id: AttachmentId = self.ids.id();
        let now = self.now;
        if let Some(interface) = self.network_interfaces.get_mut(&eni) {
            interface.attachment = Some(Attachment {
                id,
                instance_id: instance,
                device_index,
                delete_on_termination,
                attach_time: now,
            });
        }
        if let Some(instance) = self.instances.get_mut(&instance) {
            instance.interfaces.insert(device_index, eni);
        }
        self.attachments.insert(id, eni);
        id
    }

    /// Ends an interface's attachment, if it has one, in all three places that record it
    /// (see [`Region::attach`]). Returns the attachment that ended.
    pub(crate) fn detach(&mut self, eni: NetworkInterfaceId) -> Option<Attachment> {
        let link = self.network_interfaces.get_mut(&eni)?.attachment.take()?;
        self.attachments.remove(&link.id);
        if let Some(instance) = self.instances.get_mut(&link.instance_id) {
            instance.interfaces.remove(&link.device_index);
        }
        Some(link)
    }

    /// Finds the interface holding an attachment, through the `attachments` index.
    pub fn interface_by_attachment(
        &self,
        attachment: AttachmentId,
    ) -> Ec2Result<&NetworkInterface> {
        self.attachments
            .get(&attachment)
            .and_then(|eni| self.network_interfaces.get(eni))
            .ok_or_else(|| {
                Ec2Error::new(
                    ErrorCode::InvalidAttachmentIdNotFound,
                    format!("The attachment ID '{attachment}' does not exist"),
                )
            })
    }

    /// Whether an interface may be detached: never the primary one (device index 0, C4).
    /// (Interfaces that AWS services manage are not modelled.)
    pub fn check_detachable(&self, eni: &NetworkInterface) -> Ec2Result<()> {
        if eni.is_primary() {
            return Err(Ec2Error::new(
                ErrorCode::OperationNotPermitted,
                "The network interface at device index 0 and networkCard index 0 cannot be detached.",
            ));
        }
        Ok(())
    }

    /// `DetachNetworkInterface`. With `--force`, the device index stays unusable on that
    /// instance until it is stopped and started again.
    pub fn detach_network_interface(
        &mut self,
        attachment: AttachmentId,
        force: bool,
    ) -> Ec2Result<()> {
        let eni = self.interface_by_attachment(attachment)?;
        self.check_detachable(eni)?;
        let link = self.detach(eni.id).expect("found by its attachment");
        if force {
            if let Some(instance) = self.instances.get_mut(&link.instance_id) {
                instance.blocked_device_indexes.insert(link.device_index);
            }
        }
        Ok(())
    }

    /// `ModifyNetworkInterfaceAttribute`.
    pub fn modify_network_interface_attribute(
        &mut self,
        id: NetworkInterfaceId,
        attribute: InterfaceAttribute,
    ) -> Ec2Result<()> {
        let eni = self.network_interface(id)?;
        match attribute {
            InterfaceAttribute::Groups(groups) => {
                if groups.is_empty() {
                    return Err(Ec2Error::new(
                        ErrorCode::MissingParameter,
                        "The request must contain the parameter groupId",
                    ));
                }
                let groups = self.groups_for_interface(eni.vpc_id, &groups)?;
                self.network_interface_mut(id)?.groups = groups;
            }
            InterfaceAttribute::Description(text) => {
                self.network_interface_mut(id)?.description = text
            }
            InterfaceAttribute::SourceDestCheck(on) => {
                self.network_interface_mut(id)?.source_dest_check = on
            }
            InterfaceAttribute::Attachment {
                attachment_id,
                delete_on_termination,
            } => {
                match eni.attachment.as_ref() {
                    Some(a) if a.id == attachment_id => {}
                    _ => {
                        return Err(Ec2Error::new(
                            ErrorCode::InvalidAttachmentIdNotFound,
                            format!("The attachment ID '{attachment_id}' does not exist"),
                        ))
                    }
                }
                if let Some(a) = self.network_interface_mut(id)?.attachment.as_mut() {
                    a.delete_on_termination = delete_on_termination;
                }
            }
        }
        Ok(())
    }

    /// The per-interface IPv4 limit of the instance an interface is attached to, if any.
    fn ipv4_limit(&self, eni: &NetworkInterface) -> Option<u32> {
        let attachment = eni.attachment.as_ref()?;
        Some(
            self.instances
                .get(&attachment.instance_id)?
                .instance_type
                .ipv4_per_interface,
        )
    }

    /// `AssignPrivateIpAddresses`: secondary addresses, given or picked, within the type's
    /// limit; all or nothing. An address held by another interface of the subnet moves only
    /// with `--allow-reassignment`, and its Elastic IP moves with it.
    pub fn assign_private_ip_addresses(
        &mut self,
        req: &AssignPrivateIpAddresses,
    ) -> Ec2Result<Vec<Ipv4Addr>> {
        let eni = self.network_interface(req.network_interface_id)?;
        if req.private_ip_addresses.is_empty() && req.secondary_private_ip_address_count.is_none() {
            return Err(Ec2Error::new(
                ErrorCode::MissingParameter,
                "Either 'privateIpAddresses' or 'secondaryPrivateIpAddressCount' should be provided.",
            ));
        }
        let wanted = req.private_ip_addresses.len() as u32
            + req.secondary_private_ip_address_count.unwrap_or(0);
        if let Some(limit) = self.ipv4_limit(eni) {
            if eni.private_ips.len() as u32 + wanted > limit {
                return Err(Ec2Error::new(
                    ErrorCode::PrivateIpAddressLimitExceeded,
                    "Number of private addresses will exceed limit.",
                ));
            }
        }
        let subnet = self.subnet(eni.subnet_id)?;
        let subnet_id = subnet.id;
        let mut moves = Vec::new();
        let mut probe = subnet.addresses.clone();
        for address in &req.private_ip_addresses {
            if eni.private_ips.iter().any(|ip| ip.address == *address) {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidParameterValue,
                    format!(
                        "The address {address} is already assigned to interface '{}'.",
                        eni.id
                    ),
                ));
            }
            match probe.take(*address) {
                Ok(()) => {}
                Err(err) if err.code == ErrorCode::InvalidIpAddressInUse => {
                    let holder = self.network_interfaces.values().find(|n| {
                        n.subnet_id == subnet_id
                            && n.private_ips.iter().any(|ip| ip.address == *address)
                    });
                    match holder {
                        Some(holder) if req.allow_reassignment => {
                            if holder.private_ips[0].address == *address {
                                return Err(Ec2Error::new(
                                    ErrorCode::InvalidParameterValue,
                                    format!("Address {address} is the primary private address of '{}' and cannot be reassigned.", holder.id),
                                ));
                            }
                            moves.push((holder.id, *address));
                        }
                        _ => {
                            return Err(Ec2Error::new(
                                ErrorCode::ResourceAlreadyAssigned,
                                format!("Address {address} is already assigned to another network interface in subnet {subnet_id}; use --allow-reassignment to move it."),
                            ))
                        }
                    }
                }
                Err(err) => return Err(err),
            }
        }
        let count = req.secondary_private_ip_address_count.unwrap_or(0);
        if probe.available() < count {
            return Err(Ec2Error::new(
                ErrorCode::InsufficientFreeAddressesInSubnet,
                format!("There are not enough free addresses in subnet '{subnet_id}' to satisfy the requested number of instances."),
            ));
        }
        let mut assigned = Vec::new();
        for (holder, address) in moves {
            let moved = self.network_interfaces.get_mut(&holder).and_then(|n| {
                let pos = n.private_ips.iter().position(|ip| ip.address == address)?;
                Some(n.private_ips.remove(pos))
            });
            if let Some(ip) = moved {
                if let Some(PublicAddress::Elastic { allocation_id, .. }) = ip.public {
                    if let Some(eip) = self.addresses.get_mut(&allocation_id) {
                        if let Some(assoc) = eip.association.as_mut() {
                            assoc.network_interface_id = req.network_interface_id;
                        }
                    }
                }
                self.network_interface_mut(req.network_interface_id)?
                    .private_ips
                    .push(PrivateIp {
                        primary: false,
                        ..ip
                    });
                assigned.push(address);
            }
        }
        let subnet = self.subnets.get_mut(&subnet_id).expect("checked above");
        let mut fresh = Vec::new();
        for address in &req.private_ip_addresses {
            if !assigned.contains(address) {
                subnet.addresses.take(*address)?;
                fresh.push(*address);
            }
        }
        for _ in 0..count {
            fresh.push(subnet.addresses.take_any(&mut self.ids)?);
        }
        let eni = self.network_interface_mut(req.network_interface_id)?;
        eni.private_ips
            .extend(fresh.iter().map(|&address| PrivateIp {
                address,
                primary: false,
                public: None,
            }));
        assigned.extend(fresh);
        Ok(assigned)
    }

    /// `UnassignPrivateIpAddresses`: secondary addresses only; an Elastic IP on one is
    /// disassociated automatically and stays allocated.
    pub fn unassign_private_ip_addresses(
        &mut self,
        id: NetworkInterfaceId,
        addresses: &[Ipv4Addr],
    ) -> Ec2Result<()> {
        let eni = self.network_interface(id)?;
        for address in addresses {
            match eni.private_ips.iter().find(|ip| ip.address == *address) {
                None => {
                    return Err(Ec2Error::new(
                        ErrorCode::InvalidParameterValue,
                        format!("Some of the specified addresses are not assigned to interface {id}: {address}"),
                    ))
                }
                Some(ip) if ip.primary => {
                    return Err(Ec2Error::new(
                        ErrorCode::InvalidParameterValue,
                        format!("The primary private IP address {address} of interface {id} cannot be unassigned."),
                    ))
                }
                Some(_) => {}
            }
        }
        let subnet_id = eni.subnet_id;
        let removed: Vec<PrivateIp> = eni
            .private_ips
            .iter()
            .filter(|ip| addresses.contains(&ip.address))
            .cloned()
            .collect();
        for ip in &removed {
            if let Some(PublicAddress::Elastic { allocation_id, .. }) = ip.public {
                if let Some(eip) = self.addresses.get_mut(&allocation_id) {
                    eip.association = None;
                }
            }
            if let Some(subnet) = self.subnets.get_mut(&subnet_id) {
                subnet.addresses.release(ip.address);
            }
        }
        self.network_interface_mut(id)?
            .private_ips
            .retain(|ip| !addresses.contains(&ip.address));
        Ok(())
    }

    /// `DescribeNetworkInterfaces` with ids and filters.
    pub fn describe_network_interfaces(
        &self,
        ids: &[NetworkInterfaceId],
        filters: &[Filter],
    ) -> Ec2Result<Vec<NetworkInterfaceDescription<'_>>> {
        for id in ids {
            self.network_interface(*id)?;
        }
        let mut out = Vec::new();
        for eni in self.network_interfaces.listed(ids) {
            let values = |name: &str| {
                let attachment = eni.attachment.as_ref();
                Some(match name {
                    "network-interface-id" => filter::one(eni.id),
                    "subnet-id" => filter::one(eni.subnet_id),
                    "vpc-id" => filter::one(eni.vpc_id),
                    "availability-zone" => filter::one(eni.availability_zone),
                    "status" => filter::one(eni.status()),
                    "description" => filter::one(&eni.description),
                    "mac-address" => filter::one(&eni.mac_address),
                    "source-dest-check" => filter::flag(eni.source_dest_check),
                    "requester-managed" => filter::flag(false),
                    "group-id" => eni.groups.iter().map(|g| g.to_string()).collect(),
                    "private-ip-address" | "addresses.private-ip-address" => eni
                        .private_ips
                        .iter()
                        .map(|ip| ip.address.to_string())
                        .collect(),
                    "association.public-ip" => eni
                        .public_addresses()
                        .map(|(_, p)| p.public_ip().to_string())
                        .collect(),
                    "attachment.instance-id" => attachment
                        .iter()
                        .map(|a| a.instance_id.to_string())
                        .collect(),
                    "attachment.attachment-id" => {
                        attachment.iter().map(|a| a.id.to_string()).collect()
                    }
                    "attachment.device-index" => attachment
                        .iter()
                        .map(|a| a.device_index.to_string())
                        .collect(),
                    "attachment.status" => {
                        attachment.iter().map(|_| "attached".to_string()).collect()
                    }
                    "ipv6-addresses.ipv6-address" => {
                        eni.ipv6_addresses.iter().map(|a| a.to_string()).collect()
                    }
                    _ => return None,
                })
            };
            if filter::matches(filters, values)? {
                out.push(self.describe_interface(eni, View::Interface));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ResourceId;
    use crate::response::Response;

    fn association(allocation: Option<u64>) -> AssociationDescription {
        AssociationDescription {
            allocation_id: allocation.map(AllocationId::from_raw),
            association_id: allocation.map(|_| AssociationId::default()),
            ip_owner_id: ACCOUNT_ID,
            public_dns_name: DnsName::public("us-east-1", Ipv4Addr::new(3, 80, 0, 1)),
            public_ip: Ipv4Addr::new(3, 80, 0, 1),
        }
    }

    fn interface(every_member: bool) -> NetworkInterfaceDescription<'static> {
        let address = Ipv4Addr::new(10, 0, 1, 5);
        NetworkInterfaceDescription {
            association: every_member.then(|| association(Some(1))),
            attachment: every_member.then(|| AttachmentDescription {
                attach_time: SimTime::START,
                attachment_id: AttachmentId::default(),
                delete_on_termination: true,
                device_index: 1,
                network_card_index: 0,
                instance_id: Some(InstanceId::default()),
                instance_owner_id: Some(ACCOUNT_ID),
                status: "attached",
            }),
            availability_zone: every_member.then_some("us-east-1a"),
            description: "a \"quoted\"\tdescription",
            groups: vec![GroupIdentifier {
                group_name: "web\\db",
                group_id: SecurityGroupId::default(),
            }],
            interface_type: "interface",
            ipv6_addresses: vec![Ipv6AddressDescription {
                ipv6_address: "2600:1f18::5".parse().unwrap_or(Ipv6Addr::LOCALHOST),
                is_primary_ipv6: false,
            }],
            mac_address: "0e:00:00:00:00:01",
            network_interface_id: NetworkInterfaceId::default(),
            owner_id: ACCOUNT_ID,
            private_dns_name: DnsName::private("us-east-1", address),
            private_ip_address: address,
            private_ip_addresses: vec![PrivateIpDescription {
                association: every_member.then(|| association(None)),
                primary: true,
                private_dns_name: DnsName::private("us-east-1", address),
                private_ip_address: address,
            }],
            requester_managed: every_member.then_some(false),
            source_dest_check: true,
            status: "in-use",
            subnet_id: SubnetId::default(),
            tag_set: every_member.then(Vec::new),
            vpc_id: VpcId::default(),
        }
    }

    #[test]
    fn an_interface_is_written_with_its_members_in_aws_order_and_its_texts_escaped() {
        let every = Response::written(&interface(true));
        assert_eq!(
            every.json(),
            concat!(
                r#"{"Association":{"AllocationId":"eipalloc-00000000000000001","#,
                r#""AssociationId":"eipassoc-00000000000000000","IpOwnerId":"123456789012","#,
                r#""PublicDnsName":"ec2-3-80-0-1.compute-1.amazonaws.com","PublicIp":"3.80.0.1"},"#,
                r#""Attachment":{"AttachTime":"2025-01-06T09:00:00.000Z","#,
                r#""AttachmentId":"eni-attach-00000000000000000","DeleteOnTermination":true,"#,
                r#""DeviceIndex":1,"NetworkCardIndex":0,"InstanceId":"i-00000000000000000","#,
                r#""InstanceOwnerId":"123456789012","Status":"attached"},"#,
                r#""AvailabilityZone":"us-east-1a","Description":"a \"quoted\"\tdescription","#,
                r#""Groups":[{"GroupName":"web\\db","GroupId":"sg-00000000000000000"}],"#,
                r#""InterfaceType":"interface","#,
                r#""Ipv6Addresses":[{"Ipv6Address":"2600:1f18::5","IsPrimaryIpv6":false}],"#,
                r#""MacAddress":"0e:00:00:00:00:01","NetworkInterfaceId":"eni-00000000000000000","#,
                r#""OwnerId":"123456789012","PrivateDnsName":"ip-10-0-1-5.ec2.internal","#,
                r#""PrivateIpAddress":"10.0.1.5","PrivateIpAddresses":[{"Association":"#,
                r#"{"IpOwnerId":"123456789012","#,
                r#""PublicDnsName":"ec2-3-80-0-1.compute-1.amazonaws.com","PublicIp":"3.80.0.1"},"#,
                r#""Primary":true,"PrivateDnsName":"ip-10-0-1-5.ec2.internal","#,
                r#""PrivateIpAddress":"10.0.1.5"}],"RequesterManaged":false,"#,
                r#""SourceDestCheck":true,"Status":"in-use","SubnetId":"subnet-00000000000000000","#,
                r#""TagSet":[],"VpcId":"vpc-00000000000000000"}"#
            )
        );
        let bare = Response::written(&interface(false)).value();
        assert_eq!(
            bare.as_object()
                .map(|o| o.keys().cloned().collect::<Vec<_>>()),
            Some(
                [
                    "Description",
                    "Groups",
                    "InterfaceType",
                    "Ipv6Addresses",
                    "MacAddress",
                    "NetworkInterfaceId",
                    "OwnerId",
                    "PrivateDnsName",
                    "PrivateIpAddress",
                    "PrivateIpAddresses",
                    "SourceDestCheck",
                    "Status",
                    "SubnetId",
                    "VpcId"
                ]
                .map(String::from)
                .to_vec()
            )
        );
    }
}
