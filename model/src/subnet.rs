//! Subnets: a VPC's range in one Availability Zone, the /16–/28 and no-overlap rules, and
//! the attributes that decide what an interface created in it receives.

use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::filter::{self, Filter};
use crate::ids::{SubnetCidrAssociationId, SubnetId, VpcId};
use crate::private_ipv4::SubnetAddresses;
use crate::region::{Region, ACCOUNT_ID};
use crate::vpc::parse_ipv4_cidr;
use ipnet::{Ipv4Net, Ipv6Net};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq)]
pub struct Subnet {
    pub id: SubnetId,
    pub vpc_id: VpcId,
    pub availability_zone: &'static str,
    pub cidr_block: Ipv4Net,
    pub ipv6_block: Option<SubnetIpv6Block>,
    /// `MapPublicIpOnLaunch`: whether interfaces created here get a public IPv4 at launch.
    pub map_public_ip_on_launch: bool,
    /// `AssignIpv6AddressOnCreation`: whether interfaces created here get an IPv6 address.
    pub assign_ipv6_address_on_creation: bool,
    pub default_for_az: bool,
    pub(crate) addresses: SubnetAddresses,
    pub(crate) seq: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SubnetIpv6Block {
    pub association_id: SubnetCidrAssociationId,
    pub cidr_block: Ipv6Net,
}

impl Subnet {
    /// `AvailableIpAddressCount`.
    pub fn available_ip_address_count(&self) -> u32 {
        self.addresses.available()
    }

    pub fn describe(&self, state: &'static str) -> SubnetDescription {
        SubnetDescription {
            availability_zone: self.availability_zone,
            availability_zone_id: zone_id(self.availability_zone),
            available_ip_address_count: self.available_ip_address_count(),
            cidr_block: self.cidr_block.to_string(),
            default_for_az: self.default_for_az,
            map_public_ip_on_launch: self.map_public_ip_on_launch,
            state,
            subnet_id: self.id,
            vpc_id: self.vpc_id,
            owner_id: ACCOUNT_ID,
            assign_ipv6_address_on_creation: self.assign_ipv6_address_on_creation,
            ipv6_cidr_block_association_set: self
                .ipv6_block
                .iter()
                .map(|b| SubnetIpv6Association {
                    association_id: b.association_id,
                    ipv6_cidr_block: b.cidr_block.to_string(),
                    ipv6_cidr_block_state: crate::vpc::BlockState {
                        state: "associated",
                    },
                })
                .collect(),
            subnet_arn: format!(
                "arn:aws:ec2:{}:{ACCOUNT_ID}:subnet/{}",
                region_of(self.availability_zone),
                self.id
            ),
        }
    }

    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "subnet-id" => filter::one(self.id),
            "vpc-id" => filter::one(self.vpc_id),
            "availability-zone" => filter::one(self.availability_zone),
            "cidr-block" | "cidr" | "cidrBlock" => filter::one(self.cidr_block),
            "default-for-az" | "defaultForAz" => filter::flag(self.default_for_az),
            "map-public-ip-on-launch" => filter::flag(self.map_public_ip_on_launch),
            "state" => filter::one("available"),
            "ipv6-cidr-block-association.ipv6-cidr-block" => self
                .ipv6_block
                .iter()
                .map(|b| b.cidr_block.to_string())
                .collect(),
            _ => return None,
        })
    }
}

/// An Availability Zone's id (`use1-az1`), the same for every account here.
pub fn zone_id(zone: &str) -> String {
    let (region, letter) = zone.split_at(zone.len().saturating_sub(1));
    let mut parts = region.split('-');
    let area = parts.next().unwrap_or_default();
    let direction = parts.next().and_then(|p| p.chars().next()).unwrap_or('x');
    let number = parts.next().unwrap_or("1");
    let index = letter
        .bytes()
        .next()
        .map_or(1, |b| b.saturating_sub(b'a') + 1);
    format!("{area}{direction}{number}-az{index}")
}

fn region_of(zone: &str) -> &str {
    &zone[..zone.len().saturating_sub(1)]
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetDescription {
    pub availability_zone: &'static str,
    pub availability_zone_id: String,
    pub available_ip_address_count: u32,
    pub cidr_block: String,
    pub default_for_az: bool,
    pub map_public_ip_on_launch: bool,
    pub state: &'static str,
    pub subnet_id: SubnetId,
    pub vpc_id: VpcId,
    pub owner_id: &'static str,
    pub assign_ipv6_address_on_creation: bool,
    pub ipv6_cidr_block_association_set: Vec<SubnetIpv6Association>,
    pub subnet_arn: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SubnetIpv6Association {
    pub association_id: SubnetCidrAssociationId,
    pub ipv6_cidr_block: String,
    pub ipv6_cidr_block_state: crate::vpc::BlockState,
}

#[derive(Debug, Clone, Default)]
pub struct CreateSubnet {
    pub vpc_id: VpcId,
    pub cidr_block: Option<String>,
    pub availability_zone: Option<String>,
    pub ipv6_cidr_block: Option<String>,
}

/// `ModifySubnetAttribute`: one attribute per call.
#[derive(Debug, Clone)]
pub enum SubnetAttribute {
    MapPublicIpOnLaunch(bool),
    AssignIpv6AddressOnCreation(bool),
}

impl Region {
    /// `CreateSubnet`: /16–/28, inside one of the VPC's IPv4 blocks, overlapping no other subnet.
    /// A new subnet never auto-assigns public IPv4 addresses, even in the default VPC.
    pub fn create_subnet(&mut self, req: &CreateSubnet) -> Ec2Result<SubnetDescription> {
        let vpc = self.vpc(req.vpc_id)?.clone();
        let text = req.cidr_block.as_deref().ok_or_else(|| {
            Ec2Error::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter cidrBlock",
            )
        })?;
        let cidr = parse_ipv4_cidr(text)?;
        if !(16..=28).contains(&cidr.prefix_len()) || !vpc.contains_ipv4(cidr) {
            return Err(Ec2Error::new(
                ErrorCode::InvalidSubnetRange,
                format!("The CIDR '{cidr}' is invalid."),
            ));
        }
        if self.subnets.values().any(|s| {
            s.vpc_id == vpc.id && (s.cidr_block.contains(&cidr) || cidr.contains(&s.cidr_block))
        }) {
            return Err(Ec2Error::new(
                ErrorCode::InvalidSubnetConflict,
                format!("The CIDR '{cidr}' conflicts with another subnet"),
            ));
        }
        let zone = match &req.availability_zone {
            Some(zone) => self.check_zone(zone)?,
            None => self.zones[self.ids.below(self.zones.len() as u64) as usize],
        };
        let id = self.insert_subnet(vpc.id, zone, cidr, false);
        if let Some(block) = &req.ipv6_cidr_block {
            self.associate_subnet_ipv6_block(id, block)?;
        }
        Ok(self.subnets[&id].describe("pending"))
    }

    pub(crate) fn insert_subnet(
        &mut self,
        vpc_id: VpcId,
        zone: &'static str,
        cidr: Ipv4Net,
        default_for_az: bool,
    ) -> SubnetId {
        let id: SubnetId = self.ids.id();
        let seq = self.next_seq();
        self.subnets.insert(
            id,
            Subnet {
                id,
                vpc_id,
                availability_zone: zone,
                cidr_block: cidr,
                ipv6_block: None,
                map_public_ip_on_launch: default_for_az,
                assign_ipv6_address_on_creation: false,
                default_for_az,
                addresses: SubnetAddresses::new(cidr),
                seq,
            },
        );
        id
    }

    /// `DescribeSubnets` with ids and filters.
    pub fn describe_subnets(
        &self,
        ids: &[SubnetId],
        filters: &[Filter],
    ) -> Ec2Result<Vec<SubnetDescription>> {
        for id in ids {
            self.subnet(*id)?;
        }
        let mut out = Vec::new();
        for subnet in self.subnets.listed(ids) {
            if filter::matches(filters, |n| subnet.filter_values(n))? {
                out.push(subnet.describe("available"));
            }
        }
        Ok(out)
    }

    /// `ModifySubnetAttribute`. Changing `MapPublicIpOnLaunch` affects interfaces created
    /// afterwards only: an existing interface keeps the setting it was created with.
    pub fn modify_subnet_attribute(
        &mut self,
        id: SubnetId,
        attribute: SubnetAttribute,
    ) -> Ec2Result<()> {
        let subnet = self.subnet_mut(id)?;
        match attribute {
            SubnetAttribute::MapPublicIpOnLaunch(on) => subnet.map_public_ip_on_launch = on,
            SubnetAttribute::AssignIpv6AddressOnCreation(on) => {
                if on && subnet.ipv6_block.is_none() {
                    return Err(Ec2Error::new(
                        ErrorCode::InvalidParameterValue,
                        format!("Subnet {id} does not have an IPv6 CIDR block; it cannot assign IPv6 addresses on creation."),
                    ));
                }
                subnet.assign_ipv6_address_on_creation = on;
            }
        }
        Ok(())
    }

    /// `DeleteSubnet`: refused while any interface lives in it.
    pub fn delete_subnet(&mut self, id: SubnetId) -> Ec2Result<()> {
        self.subnet(id)?;
        if self.network_interfaces.values().any(|n| n.subnet_id == id) {
            return Err(Ec2Error::new(
                ErrorCode::DependencyViolation,
                format!("The subnet '{id}' has dependencies and cannot be deleted."),
            ));
        }
        self.subnets.remove(&id);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_ids_follow_the_region_and_letter() {
        assert_eq!(zone_id("us-east-1a"), "use1-az1");
        assert_eq!(zone_id("us-west-2d"), "usw2-az4");
    }
}
