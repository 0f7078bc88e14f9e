//! IPv6: the VPC's Amazon-provided (or BYOIP) /56, a /64 per subnet inside it, and IPv6
//! addresses on interfaces within the instance type's limit (claims C31–C33).
//!
//! Sources: VPC User Guide, "VPC CIDR blocks" and "Subnet sizing"; EC2 API reference
//! (AssociateVpcCidrBlock, AssociateSubnetCidrBlock, AssignIpv6Addresses). A VPC always
//! keeps its primary IPv4 block: IPv6-only subnets exist since 2021, IPv6-only VPCs do not.

use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::ids::{
    Ipv6PoolId, NetworkInterfaceId, ResourceId, SubnetCidrAssociationId, SubnetId,
    VpcCidrAssociationId, VpcId,
};
use crate::region::Region;
use crate::subnet::SubnetIpv6Block;
use crate::vpc::{AssociateVpcCidrBlock, BlockState};
use ipnet::Ipv6Net;
use serde::Serialize;
use std::net::Ipv6Addr;

/// IPv6 blocks per VPC since 12 May 2022 [VPC quotas].
pub const IPV6_BLOCKS_PER_VPC: usize = 5;

/// An IPv6 block of a VPC: a /56 from Amazon's pool (which the account cannot choose) or
/// from one of its BYOIP IPv6 pools.
#[derive(Debug, Clone, PartialEq)]
pub struct VpcIpv6Block {
    pub association_id: VpcCidrAssociationId,
    pub cidr_block: Ipv6Net,
    /// `None` for Amazon's pool.
    pub pool: Option<Ipv6PoolId>,
    pub network_border_group: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6BlockDescription {
    pub association_id: VpcCidrAssociationId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ipv6_cidr_block: Option<String>,
    pub ipv6_cidr_block_state: BlockState,
    pub network_border_group: &'static str,
    pub ipv6_pool: String,
}

impl VpcIpv6Block {
    pub fn describe(&self, state: &'static str) -> Ipv6BlockDescription {
        Ipv6BlockDescription {
            association_id: self.association_id,
            ipv6_cidr_block: (state != "associating").then(|| self.cidr_block.to_string()),
            ipv6_cidr_block_state: BlockState { state },
            network_border_group: self.network_border_group,
            ipv6_pool: self
                .pool
                .map_or_else(|| "Amazon".to_string(), |p| p.to_string()),
        }
    }
}

/// Amazon's IPv6 prefix for a Region, from which each VPC receives a /56.
fn amazon_ipv6_prefix(region: &str) -> Ipv6Net {
    let text = match region {
        "us-west-2" => "2600:1f14::/32",
        "eu-west-1" => "2a05:d018::/32",
        _ => "2600:1f18::/32",
    };
    text.parse().expect("literal prefix")
}

fn in_use(text: &str) -> Ec2Error {
    Ec2Error::new(ErrorCode::InvalidParameterValue, text)
}

impl Region {
    /// Gives a VPC an Amazon-provided /56 that no VPC of this account has had before.
    pub(crate) fn associate_amazon_ipv6_block(&mut self, vpc_id: VpcId) -> Ec2Result<VpcIpv6Block> {
        let prefix = amazon_ipv6_prefix(self.name);
        let block = loop {
            let base =
                u128::from(prefix.network()) | (u128::from(self.ids.next_u64() as u32 >> 8) << 72);
            let candidate = Ipv6Net::new(Ipv6Addr::from(base), 56)
                .expect("valid prefix length")
                .trunc();
            if self.issued_ipv6_blocks.insert(candidate) {
                break candidate;
            }
        };
        self.add_vpc_ipv6_block(vpc_id, block, None)
    }

    fn add_vpc_ipv6_block(
        &mut self,
        vpc_id: VpcId,
        cidr_block: Ipv6Net,
        pool: Option<Ipv6PoolId>,
    ) -> Ec2Result<VpcIpv6Block> {
        if self.vpc(vpc_id)?.ipv6_blocks.len() >= IPV6_BLOCKS_PER_VPC {
            return Err(Ec2Error::new(
                ErrorCode::CidrLimitExceeded,
                format!("This network '{vpc_id}' has met its maximum number of allowed IPv6 CIDRs: {IPV6_BLOCKS_PER_VPC}"),
            ));
        }
        let block = VpcIpv6Block {
            association_id: self.ids.id(),
            cidr_block,
            pool,
            network_border_group: self.name,
        };
        if let Some(vpc) = self.vpcs.get_mut(&vpc_id) {
            vpc.ipv6_blocks.push(block.clone());
        }
        Ok(block)
    }

    /// `AssociateVpcCidrBlock` for IPv6: Amazon's pool (`--amazon-provided-ipv6-cidr-block`,
    /// always a /56 EC2 chooses) or a BYOIP pool (`--ipv6-pool`, optionally `--ipv6-cidr-block`).
    pub(crate) fn associate_vpc_ipv6_block(
        &mut self,
        req: &AssociateVpcCidrBlock,
    ) -> Ec2Result<serde_json::Value> {
        let block = match req.ipv6_pool.as_deref() {
            Some(pool) => {
                let pool_id = Ipv6PoolId::parse(pool).map_err(|_| {
                    Ec2Error::new(
                        ErrorCode::InvalidIpv6PoolIdNotFound,
                        format!("The pool ID '{pool}' does not exist"),
                    )
                })?;
                let cidr = self.take_from_ipv6_pool(pool_id, req.ipv6_cidr_block.as_deref())?;
                self.add_vpc_ipv6_block(req.vpc_id, cidr, Some(pool_id))?
            }
            None => {
                if req.ipv6_cidr_block.is_some() {
                    return Err(Ec2Error::new(
                        ErrorCode::InvalidParameterCombination,
                        "An IPv6 CIDR block can be chosen only from an IPv6 pool you own (--ipv6-pool); Amazon chooses the block it provides.",
                    ));
                }
                self.associate_amazon_ipv6_block(req.vpc_id)?
            }
        };
        Ok(serde_json::json!({
            "Ipv6CidrBlockAssociation": block.describe("associating"),
            "VpcId": req.vpc_id.to_string(),
        }))
    }

    /// `DisassociateVpcCidrBlock` for an IPv6 block, refused while a subnet uses it.
    pub(crate) fn disassociate_vpc_ipv6_block(
        &mut self,
        association: &str,
    ) -> Ec2Result<serde_json::Value> {
        let not_found = || {
            Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!("The vpc CIDR block association ID '{association}' does not exist"),
            )
        };
        let id = VpcCidrAssociationId::parse(association).map_err(|_| not_found())?;
        let (vpc_id, block) = self
            .vpcs
            .values()
            .find_map(|v| {
                v.ipv6_blocks
                    .iter()
                    .find(|b| b.association_id == id)
                    .map(|b| (v.id, b.clone()))
            })
            .ok_or_else(not_found)?;
        if self.subnets.values().any(|s| {
            s.ipv6_block
                .as_ref()
                .is_some_and(|b| block.cidr_block.contains(&b.cidr_block))
        }) {
            return Err(Ec2Error::new(
                ErrorCode::InvalidCidrInUse,
                format!(
                    "The IPv6 CIDR block {} is in use by subnets and cannot be disassociated.",
                    block.cidr_block
                ),
            ));
        }
        if let Some(vpc) = self.vpcs.get_mut(&vpc_id) {
            vpc.ipv6_blocks.retain(|b| b.association_id != id);
        }
        if let Some(pool) = block.pool {
            self.return_to_ipv6_pool(pool, block.cidr_block);
        }
        Ok(serde_json::json!({
            "Ipv6CidrBlockAssociation": block.describe("disassociating"),
            "VpcId": vpc_id.to_string(),
        }))
    }

    /// `AssociateSubnetCidrBlock`: one /64 per subnet, inside one of the VPC's IPv6 blocks,
    /// used by no other subnet.
    pub fn associate_subnet_ipv6_block(
        &mut self,
        subnet_id: SubnetId,
        text: &str,
    ) -> Ec2Result<serde_json::Value> {
        let subnet = self.subnet(subnet_id)?;
        let cidr: Ipv6Net = text.parse::<Ipv6Net>().map(|n| n.trunc()).map_err(|_| {
            Ec2Error::new(ErrorCode::InvalidParameterValue, format!("Value ({text}) for parameter ipv6CidrBlock is invalid. This is not a valid IPv6 CIDR block."))
        })?;
        if cidr.prefix_len() != 64 {
            return Err(Ec2Error::new(
                ErrorCode::InvalidSubnetRange,
                format!("The IPv6 CIDR '{cidr}' is invalid: a subnet's IPv6 block must be a /64."),
            ));
        }
        if subnet.ipv6_block.is_some() {
            return Err(Ec2Error::new(ErrorCode::InvalidParameterValue, format!("Subnet {subnet_id} already has an IPv6 CIDR block; a subnet can have only one.")));
        }
        let vpc = self.vpc(subnet.vpc_id)?;
        if !vpc.ipv6_blocks.iter().any(|b| b.cidr_block.contains(&cidr)) {
            return Err(Ec2Error::new(
                ErrorCode::InvalidSubnetRange,
                format!(
                    "The IPv6 CIDR '{cidr}' is not within the IPv6 CIDR blocks of VPC {}.",
                    vpc.id
                ),
            ));
        }
        if self
            .subnets
            .values()
            .any(|s| s.ipv6_block.as_ref().is_some_and(|b| b.cidr_block == cidr))
        {
            return Err(Ec2Error::new(
                ErrorCode::InvalidSubnetConflict,
                format!("The CIDR '{cidr}' conflicts with another subnet"),
            ));
        }
        let association_id: SubnetCidrAssociationId = self.ids.id();
        self.subnet_mut(subnet_id)?.ipv6_block = Some(SubnetIpv6Block {
            association_id,
            cidr_block: cidr,
        });
        Ok(serde_json::json!({
            "SubnetId": subnet_id.to_string(),
            "Ipv6CidrBlockAssociation": {
                "Ipv6CidrBlock": cidr.to_string(),
                "AssociationId": association_id.to_string(),
                "Ipv6CidrBlockState": {"State": "associating"}
            }
        }))
    }

    /// IPv6 addresses for a new interface: those asked for, or one if its subnet assigns
    /// IPv6 addresses on creation.
    pub(crate) fn assign_ipv6_on_creation(
        &mut self,
        eni: NetworkInterfaceId,
        addresses: &[Ipv6Addr],
        count: Option<u32>,
    ) -> Ec2Result<()> {
        let subnet_assigns = self
            .network_interfaces
            .get(&eni)
            .and_then(|n| self.subnets.get(&n.subnet_id))
            .is_some_and(|s| s.assign_ipv6_address_on_creation);
        let count = match count {
            Some(c) => c,
            None if addresses.is_empty() && subnet_assigns => 1,
            None => 0,
        };
        if addresses.is_empty() && count == 0 {
            return Ok(());
        }
        self.assign_ipv6_addresses(eni, addresses, count).map(drop)
    }

    /// `AssignIpv6Addresses`: specific addresses or a count of new ones from the subnet's
    /// /64, within the instance type's per-interface limit. Returns only the new addresses.
    pub fn assign_ipv6_addresses(
        &mut self,
        id: NetworkInterfaceId,
        addresses: &[Ipv6Addr],
        count: u32,
    ) -> Ec2Result<Vec<Ipv6Addr>> {
        let eni = self.network_interface(id)?;
        let subnet = self.subnet(eni.subnet_id)?;
        let Some(block) = subnet.ipv6_block.clone() else {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!("Subnet {} has no IPv6 CIDR block; associate one before assigning IPv6 addresses.", subnet.id),
            ));
        };
        if let Some(instance) = eni
            .attachment
            .as_ref()
            .and_then(|a| self.instances.get(&a.instance_id))
        {
            let limit = instance.instance_type.ipv6_per_interface;
            if eni.ipv6_addresses.len() as u32 + addresses.len() as u32 + count > limit {
                // UNCONFIRMED code: EC2's answer to too many IPv6 addresses was not found.
                return Err(Ec2Error::new(
                    ErrorCode::PrivateIpAddressLimitExceeded,
                    format!("Number of IPv6 addresses will exceed the limit of {limit} per interface for {}.", instance.instance_type.name),
                ));
            }
        }
        let used: Vec<Ipv6Addr> = self
            .network_interfaces
            .values()
            .filter(|n| n.subnet_id == subnet.id)
            .flat_map(|n| n.ipv6_addresses.iter().copied())
            .collect();
        let reserved = |a: Ipv6Addr| {
            let host = u128::from(a) - u128::from(block.cidr_block.network());
            host < 4 || host == u128::from(u64::MAX)
        };
        for address in addresses {
            if !block.cidr_block.contains(address) || reserved(*address) {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidParameterValue,
                    format!(
                        "Address {address} is not a usable address of subnet range {}",
                        block.cidr_block
                    ),
                ));
            }
            if used.contains(address) {
                return Err(in_use(&format!(
                    "Address {address} is already assigned; unassign it first."
                )));
            }
        }
        let mut fresh: Vec<Ipv6Addr> = addresses.to_vec();
        while (fresh.len() as u32) < addresses.len() as u32 + count {
            let candidate = Ipv6Addr::from(
                u128::from(block.cidr_block.network()) | u128::from(self.ids.next_u64()),
            );
            if !reserved(candidate) && !used.contains(&candidate) && !fresh.contains(&candidate) {
                fresh.push(candidate);
            }
        }
        self.network_interface_mut(id)?
            .ipv6_addresses
            .extend(fresh.iter().copied());
        Ok(fresh)
    }

    /// `UnassignIpv6Addresses`.
    pub fn unassign_ipv6_addresses(
        &mut self,
        id: NetworkInterfaceId,
        addresses: &[Ipv6Addr],
    ) -> Ec2Result<()> {
        let eni = self.network_interface(id)?;
        if let Some(missing) = addresses.iter().find(|a| !eni.ipv6_addresses.contains(a)) {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "Some of the specified addresses are not assigned to interface {id}: {missing}"
                ),
            ));
        }
        self.network_interface_mut(id)?
            .ipv6_addresses
            .retain(|a| !addresses.contains(a));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::runner::{run_text, Vars};
    use crate::World;

    #[test]
    fn a_vpc_cannot_choose_its_amazon_provided_ipv6_block() {
        let mut world = World::new(0);
        let mut vars = Vars::new();
        let results = run_text(
            &mut world,
            &mut vars,
            "VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)\n\
             aws ec2 associate-vpc-cidr-block --vpc-id $VPC --ipv6-cidr-block 2600:1f18:1234:5600::/56",
        )
        .unwrap();
        let error = results[1].outcome.as_ref().unwrap_err();
        assert_eq!(error.code.as_str(), "InvalidParameterCombination");
    }
}
