//! Elastic IP addresses: the account's static public IPv4 addresses in a Region, their
//! quota, association and reassociation, and release (claims C21–C28).
//!
//! Sources: EC2 User Guide, "Elastic IP addresses"; EC2 API reference (AllocateAddress,
//! AssociateAddress, DisassociateAddress, ReleaseAddress); observed EC2 error texts.

use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::filter::{self, Filter};
use crate::ids::{
    AllocationId, AssociationId, InstanceId, NetworkInterfaceId, PublicIpv4PoolId, ResourceId,
};
use crate::json_text::{push_contents, push_id, push_ipv4, WriteJson};
use crate::network_interface::PublicAddress;
use crate::region::{Region, ACCOUNT_ID};
use serde::Serialize;
use std::net::Ipv4Addr;

/// Elastic IPs from Amazon's pool per Region, by default (Service Quotas L-0263D0A3).
/// Addresses from a BYOIP pool do not count.
pub const ELASTIC_IPS_PER_REGION: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct ElasticIp {
    pub allocation_id: AllocationId,
    pub public_ip: Ipv4Addr,
    /// `None` for Amazon's pool, else the BYOIP pool it came from.
    pub pool: Option<PublicIpv4PoolId>,
    pub association: Option<EipAssociation>,
    pub(crate) seq: u64,
}

/// Where an Elastic IP is mapped: one private IPv4 address of one interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EipAssociation {
    pub association_id: AssociationId,
    pub network_interface_id: NetworkInterfaceId,
    pub private_ip: Ipv4Addr,
}

#[derive(Debug, Clone, Default)]
pub struct AllocateAddress {
    pub domain: Option<String>,
    pub public_ipv4_pool: Option<String>,
    pub address: Option<Ipv4Addr>,
}

/// Which Elastic IP an operation means: by allocation id or (older form) by address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EipRef {
    Allocation(AllocationId),
    PublicIp(Ipv4Addr),
}

#[derive(Debug, Clone)]
pub struct AssociateAddress {
    pub address: EipRef,
    pub instance_id: Option<InstanceId>,
    pub network_interface_id: Option<NetworkInterfaceId>,
    pub private_ip_address: Option<Ipv4Addr>,
    /// `None` when the flag is absent: reassociation is then automatic, as EC2 does today.
    pub allow_reassociation: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AllocateAddressResponse {
    pub public_ip: Ipv4Addr,
    pub allocation_id: AllocationId,
    pub public_ipv4_pool: String,
    pub network_border_group: &'static str,
    pub domain: &'static str,
}

/// An Elastic IP as `describe-addresses` shows it, written as JSON by [`WriteJson`]
/// (members in AWS's order; `None` members left out).
#[derive(Debug, Clone)]
pub struct AddressDescription {
    pub allocation_id: AllocationId,
    pub association_id: Option<AssociationId>,
    pub domain: &'static str,
    pub instance_id: Option<InstanceId>,
    pub network_interface_id: Option<NetworkInterfaceId>,
    pub network_interface_owner_id: Option<&'static str>,
    pub private_ip_address: Option<Ipv4Addr>,
    pub public_ip: Ipv4Addr,
    pub public_ipv4_pool: String,
    pub network_border_group: &'static str,
}

impl WriteJson for AddressDescription {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"AllocationId\":\"");
        push_id(out, self.allocation_id);
        if let Some(id) = self.association_id {
            out.push_str("\",\"AssociationId\":\"");
            push_id(out, id);
        }
        out.push_str("\",\"Domain\":\"");
        push_contents(out, self.domain);
        out.push('"');
        if let Some(id) = self.instance_id {
            out.push_str(",\"InstanceId\":\"");
            push_id(out, id);
            out.push('"');
        }
        if let Some(id) = self.network_interface_id {
            out.push_str(",\"NetworkInterfaceId\":\"");
            push_id(out, id);
            out.push('"');
        }
        if let Some(owner) = self.network_interface_owner_id {
            out.push_str(",\"NetworkInterfaceOwnerId\":\"");
            push_contents(out, owner);
            out.push('"');
        }
        if let Some(address) = self.private_ip_address {
            out.push_str(",\"PrivateIpAddress\":\"");
            push_ipv4(out, address);
            out.push('"');
        }
        out.push_str(",\"PublicIp\":\"");
        push_ipv4(out, self.public_ip);
        out.push_str("\",\"PublicIpv4Pool\":\"");
        push_contents(out, &self.public_ipv4_pool);
        out.push_str("\",\"NetworkBorderGroup\":\"");
        push_contents(out, self.network_border_group);
        out.push_str("\"}");
    }
}

impl ElasticIp {
    fn pool_name(&self) -> String {
        self.pool
            .map_or_else(|| "amazon".to_string(), |p| p.to_string())
    }
}

impl Region {
    /// Finds an Elastic IP by allocation id or address.
    pub fn find_elastic_ip(&self, address: EipRef) -> Ec2Result<&ElasticIp> {
        match address {
            EipRef::Allocation(id) => self.elastic_ip(id),
            EipRef::PublicIp(ip) => self
                .addresses
                .values()
                .find(|a| a.public_ip == ip)
                .ok_or_else(|| self.not_an_elastic_ip(ip)),
        }
    }

    /// The answer for an address that is not one of the account's Elastic IPs. An address
    /// Amazon auto-assigned (now or before) belongs to no account: it cannot be associated,
    /// disassociated or allocated by hand (C16, C24, C25).
    fn not_an_elastic_ip(&self, ip: Ipv4Addr) -> Ec2Error {
        if self.amazon_pool.was_issued(ip) {
            Ec2Error::new(
                ErrorCode::AuthFailure,
                format!("The address '{ip}' does not belong to you. Auto-assigned public IPv4 addresses come from Amazon's pool and cannot be managed as Elastic IPs."),
            )
        } else {
            Ec2Error::new(
                ErrorCode::InvalidAddressNotFound,
                format!("Address '{ip}' not found."),
            )
        }
    }

    /// Elastic IPs from Amazon's pool that count toward the quota.
    pub fn elastic_ip_quota_used(&self) -> usize {
        self.addresses.values().filter(|a| a.pool.is_none()).count()
    }

    /// `AllocateAddress`: from Amazon's pool (at most five per Region), from a BYOIP pool
    /// (`--public-ipv4-pool`), or recovering one of the account's released Elastic IPs
    /// (`--address`). An auto-assigned address can never be allocated (C25).
    pub fn allocate_address(
        &mut self,
        req: &AllocateAddress,
    ) -> Ec2Result<AllocateAddressResponse> {
        if let Some(domain) = req.domain.as_deref() {
            if domain != "vpc" {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidParameterValue,
                    format!("Value ({domain}) for parameter domain is invalid. EC2-Classic has been retired; use 'vpc'."),
                ));
            }
        }
        let byoip_pool = match req.public_ipv4_pool.as_deref() {
            None | Some("amazon") => None,
            Some(pool) => Some(PublicIpv4PoolId::parse(pool).map_err(|_| unknown_pool(pool))?),
        };
        let (public_ip, pool) = match byoip_pool {
            Some(pool) => (self.take_from_byoip_pool(pool, req.address)?, Some(pool)),
            None => {
                if self.elastic_ip_quota_used() >= ELASTIC_IPS_PER_REGION {
                    return Err(Ec2Error::new(
                        ErrorCode::AddressLimitExceeded,
                        "The maximum number of addresses has been reached.",
                    ));
                }
                let ip = match req.address {
                    Some(ip) => self.recover_released_elastic_ip(ip)?,
                    None => self.amazon_pool.draw(&mut self.ids),
                };
                (ip, None)
            }
        };
        let allocation_id: AllocationId = self.ids.id();
        let seq = self.next_seq();
        self.ledger
            .open(public_ip, Some(allocation_id), pool.is_none(), self.now);
        let eip = ElasticIp {
            allocation_id,
            public_ip,
            pool,
            association: None,
            seq,
        };
        let response = AllocateAddressResponse {
            public_ip,
            allocation_id,
            public_ipv4_pool: eip.pool_name(),
            network_border_group: self.name,
            domain: "vpc",
        };
        self.addresses.insert(allocation_id, eip);
        Ok(response)
    }

    /// `--address`: only an Elastic IP this account itself released can be asked back.
    fn recover_released_elastic_ip(&mut self, ip: Ipv4Addr) -> Ec2Result<Ipv4Addr> {
        if self.amazon_pool.released_elastic.remove(&ip) {
            Ok(ip)
        } else {
            Err(self.not_an_elastic_ip(ip))
        }
    }

    /// `AssociateAddress`: maps the Elastic IP to an instance's only interface or to an
    /// interface's private address (its primary one by default). An auto-assigned address
    /// on that private address is released. Reassociation is automatic unless
    /// `--no-allow-reassociation`; an Elastic IP the target held before stays allocated.
    pub fn associate_address(&mut self, req: &AssociateAddress) -> Ec2Result<AssociationId> {
        let eip = self.find_elastic_ip(req.address)?.clone();
        let eni_id = match (req.instance_id, req.network_interface_id) {
            (Some(_), Some(_)) => {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidParameterCombination,
                    "Specify either an instance ID or a network interface ID, not both.",
                ))
            }
            (None, None) => {
                return Err(Ec2Error::new(
                    ErrorCode::MissingParameter,
                    "Either 'instanceId' or 'networkInterfaceId' should be provided.",
                ))
            }
            (Some(instance), None) => {
                let instance = self.instance(instance)?;
                if instance.interfaces.len() > 1 {
                    return Err(Ec2Error::new(
                        ErrorCode::InvalidInstanceId,
                        format!("There are multiple interfaces attached to instance '{}'. Please specify an interface ID for the operation instead.", instance.id),
                    ));
                }
                instance.primary_interface().ok_or_else(|| {
                    Ec2Error::new(
                        ErrorCode::IncorrectInstanceState,
                        format!(
                            "The instance '{}' is not in a valid state for this operation.",
                            instance.id
                        ),
                    )
                })?
            }
            (None, Some(eni)) => eni,
        };
        let eni = self.network_interface(eni_id)?;
        let private_ip = req.private_ip_address.unwrap_or(eni.primary_private_ip());
        let Some(slot_public) = eni
            .private_ips
            .iter()
            .find(|ip| ip.address == private_ip)
            .map(|ip| ip.public)
        else {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!("The private IP address {private_ip} is not assigned to network interface '{eni_id}'."),
            ));
        };
        self.require_gateway(eni.vpc_id)?;
        if let Some(current) = &eip.association {
            if current.network_interface_id == eni_id && current.private_ip == private_ip {
                return Ok(current.association_id);
            }
            if req.allow_reassociation == Some(false) {
                return Err(Ec2Error::new(
                    ErrorCode::ResourceAlreadyAssociated,
                    format!(
                        "resource {} is already associated with associate-id {}",
                        eip.allocation_id, current.association_id
                    ),
                ));
            }
        }
        if let Some(PublicAddress::Elastic {
            allocation_id,
            association_id,
            ..
        }) = slot_public
        {
            if req.allow_reassociation == Some(false) {
                return Err(Ec2Error::new(
                    ErrorCode::ResourceAlreadyAssociated,
                    format!("resource {allocation_id} is already associated with associate-id {association_id}"),
                ));
            }
        }
        let mut renewals = Vec::new();
        if let Some(current) = eip.association.clone() {
            renewals.extend(self.unmap_elastic_ip(&current));
        }
        match slot_public {
            Some(PublicAddress::Amazon { .. }) => self.release_amazon_public_ip(eni_id),
            Some(PublicAddress::Elastic {
                allocation_id,
                association_id,
                ..
            }) => {
                self.unmap_elastic_ip(&EipAssociation {
                    association_id,
                    network_interface_id: eni_id,
                    private_ip,
                });
                if let Some(previous) = self.addresses.get_mut(&allocation_id) {
                    previous.association = None;
                }
            }
            None => {}
        }
        let association_id: AssociationId = self.ids.id();
        let association = EipAssociation {
            association_id,
            network_interface_id: eni_id,
            private_ip,
        };
        if let Some(slot) = self
            .network_interface_mut(eni_id)?
            .private_ips
            .iter_mut()
            .find(|ip| ip.address == private_ip)
        {
            slot.public = Some(PublicAddress::Elastic {
                public_ip: eip.public_ip,
                allocation_id: eip.allocation_id,
                association_id,
            });
        }
        if let Some(eip) = self.addresses.get_mut(&eip.allocation_id) {
            eip.association = Some(association);
        }
        for instance in renewals {
            self.renew_public_ip_if_qualified(instance);
        }
        Ok(association_id)
    }

    /// Takes an Elastic IP off the private address it is mapped to. Returns the instance
    /// whose primary address that was: it may now qualify for a new auto-assigned address
    /// (see [`crate::public_ipv4`]), which the caller grants once its change is complete.
    fn unmap_elastic_ip(&mut self, association: &EipAssociation) -> Option<InstanceId> {
        let eni = self
            .network_interfaces
            .get_mut(&association.network_interface_id)?;
        if let Some(slot) = eni
            .private_ips
            .iter_mut()
            .find(|ip| ip.address == association.private_ip)
        {
            slot.public = None;
        }
        let owner = eni
            .attachment
            .as_ref()
            .filter(|a| a.device_index == 0)
            .map(|a| a.instance_id);
        owner.filter(|_| eni.private_ips[0].address == association.private_ip)
    }

    /// `DisassociateAddress`: the Elastic IP stays allocated to the account.
    pub fn disassociate_address(
        &mut self,
        association: Option<AssociationId>,
        public_ip: Option<Ipv4Addr>,
    ) -> Ec2Result<()> {
        let found =
            self.addresses
                .values()
                .find(|a| match (&a.association, association, public_ip) {
                    (Some(assoc), Some(id), _) => assoc.association_id == id,
                    (Some(_), None, Some(ip)) => a.public_ip == ip,
                    _ => false,
                });
        let Some(eip) = found else {
            return Err(match (association, public_ip) {
                (Some(id), _) => Ec2Error::new(
                    ErrorCode::InvalidAssociationIdNotFound,
                    format!("The association ID '{id}' does not exist"),
                ),
                (None, Some(ip)) if self.addresses.values().any(|a| a.public_ip == ip) => {
                    Ec2Error::new(
                        ErrorCode::InvalidAddressNotFound,
                        format!("Address '{ip}' is not associated."),
                    )
                }
                (None, Some(ip)) => self.not_an_elastic_ip(ip),
                (None, None) => Ec2Error::new(
                    ErrorCode::MissingParameter,
                    "Either 'associationId' or 'publicIp' should be provided.",
                ),
            });
        };
        let allocation_id = eip.allocation_id;
        let current = eip
            .association
            .clone()
            .expect("matched an associated address");
        if let Some(eip) = self.addresses.get_mut(&allocation_id) {
            eip.association = None;
        }
        if let Some(instance) = self.unmap_elastic_ip(&current) {
            self.renew_public_ip_if_qualified(instance);
        }
        Ok(())
    }

    /// `ReleaseAddress`: back to its pool, never to be reissued automatically. An associated
    /// address is refused (`InvalidIPAddress.InUse`), except in the default VPC, where EC2
    /// disassociates it first.
    pub fn release_address(
        &mut self,
        allocation_id: Option<AllocationId>,
        public_ip: Option<Ipv4Addr>,
    ) -> Ec2Result<()> {
        let Some(allocation_id) = allocation_id else {
            if public_ip.is_some() {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidParameterValue,
                    "You must specify an allocation id when releasing a VPC elastic IP address",
                ));
            }
            return Err(Ec2Error::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter AllocationId",
            ));
        };
        let eip = self.addresses.get(&allocation_id).cloned().ok_or_else(|| {
            Ec2Error::new(
                ErrorCode::InvalidAddressIdNotFound,
                format!("The allocation ID '{allocation_id}' does not exist"),
            )
        })?;
        if let Some(association) = &eip.association {
            let in_default_vpc = self
                .network_interfaces
                .get(&association.network_interface_id)
                .and_then(|n| self.vpcs.get(&n.vpc_id))
                .is_some_and(|v| v.is_default);
            if !in_default_vpc {
                // UNCONFIRMED message text; the code and the refusal are documented.
                return Err(Ec2Error::new(
                    ErrorCode::InvalidIpAddressInUse,
                    format!("Address {} is in use. Disassociate it (association {}) before releasing it.", eip.public_ip, association.association_id),
                ));
            }
            self.disassociate_address(Some(association.association_id), None)?;
        }
        self.addresses.remove(&allocation_id);
        self.ledger.close(eip.public_ip, self.now);
        match eip.pool {
            None => {
                self.amazon_pool.released_elastic.insert(eip.public_ip);
            }
            Some(pool) => self.return_to_byoip_pool(pool, eip.public_ip),
        }
        Ok(())
    }

    pub fn describe_address(&self, eip: &ElasticIp) -> AddressDescription {
        let association = eip.association.as_ref();
        let instance_id = association
            .and_then(|a| self.network_interfaces.get(&a.network_interface_id))
            .and_then(|n| n.attachment.as_ref())
            .map(|a| a.instance_id);
        AddressDescription {
            allocation_id: eip.allocation_id,
            association_id: association.map(|a| a.association_id),
            domain: "vpc",
            instance_id,
            network_interface_id: association.map(|a| a.network_interface_id),
            network_interface_owner_id: association.map(|_| ACCOUNT_ID),
            private_ip_address: association.map(|a| a.private_ip),
            public_ip: eip.public_ip,
            public_ipv4_pool: eip.pool_name(),
            network_border_group: self.name,
        }
    }

    /// `DescribeAddresses` with allocation ids, public IPs and filters.
    pub fn describe_addresses(
        &self,
        allocation_ids: &[AllocationId],
        public_ips: &[Ipv4Addr],
        filters: &[Filter],
    ) -> Ec2Result<Vec<AddressDescription>> {
        for id in allocation_ids {
            self.elastic_ip(*id)?;
        }
        for ip in public_ips {
            self.find_elastic_ip(EipRef::PublicIp(*ip))?;
        }
        let mut out = Vec::new();
        for eip in self.addresses.listed(allocation_ids) {
            let d = self.describe_address(eip);
            let values = |name: &str| {
                Some(match name {
                    "allocation-id" => filter::one(d.allocation_id),
                    "association-id" => d.association_id.iter().map(|a| a.to_string()).collect(),
                    "domain" => filter::one("vpc"),
                    "public-ip" => filter::one(d.public_ip),
                    "instance-id" => d.instance_id.iter().map(|a| a.to_string()).collect(),
                    "network-interface-id" => d
                        .network_interface_id
                        .iter()
                        .map(|a| a.to_string())
                        .collect(),
                    "private-ip-address" => {
                        d.private_ip_address.iter().map(|a| a.to_string()).collect()
                    }
                    "public-ipv4-pool" => filter::one(&d.public_ipv4_pool),
                    "network-border-group" => filter::one(d.network_border_group),
                    _ => return None,
                })
            };
            let listed = public_ips.is_empty() || public_ips.contains(&eip.public_ip);
            if listed && filter::matches(filters, values)? {
                out.push(d);
            }
        }
        Ok(out)
    }
}

fn unknown_pool(pool: &str) -> Ec2Error {
    Ec2Error::new(
        ErrorCode::InvalidPublicIpv4PoolIdNotFound,
        format!("The pool ID '{pool}' does not exist"),
    )
}
