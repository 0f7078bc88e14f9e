//! VPCs: their IPv4 blocks (primary and secondary), the /16–/28 rule and the VPC quota.

use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::filter::{self, Filter};
use crate::ids::{SecurityGroupId, VpcCidrAssociationId, VpcId};
use crate::ipv6::VpcIpv6Block;
use crate::region::{Region, ACCOUNT_ID};
use ipnet::Ipv4Net;
use serde::Serialize;

/// VPCs per Region by default [VPC quotas].
pub const VPCS_PER_REGION: usize = 5;
/// IPv4 CIDR blocks per VPC by default [VPC quotas].
pub const IPV4_BLOCKS_PER_VPC: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct Vpc {
    pub id: VpcId,
    /// The primary IPv4 block, which can never be disassociated.
    pub cidr_block: Ipv4Net,
    /// Every IPv4 block, the primary first.
    pub ipv4_blocks: Vec<VpcIpv4Block>,
    pub ipv6_blocks: Vec<VpcIpv6Block>,
    pub is_default: bool,
    pub default_security_group: SecurityGroupId,
    pub(crate) seq: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VpcIpv4Block {
    pub association_id: VpcCidrAssociationId,
    pub cidr_block: Ipv4Net,
}

/// Parses an IPv4 CIDR and puts it in canonical form, as EC2 stores `100.68.0.18/18` as `100.68.0.0/18`.
pub fn parse_ipv4_cidr(text: &str) -> Ec2Result<Ipv4Net> {
    text.parse::<Ipv4Net>().map(|net| net.trunc()).map_err(|_| {
        Ec2Error::new(
            ErrorCode::InvalidParameterValue,
            format!("Value ({text}) for parameter cidrBlock is invalid. This is not a valid CIDR block."),
        )
    })
}

/// The /16 to /28 rule for VPC blocks.
fn check_vpc_block_size(cidr: Ipv4Net) -> Ec2Result<()> {
    if (16..=28).contains(&cidr.prefix_len()) {
        Ok(())
    } else {
        Err(Ec2Error::new(
            ErrorCode::InvalidVpcRange,
            format!("The CIDR '{cidr}' is invalid."),
        ))
    }
}

#[derive(Debug, Clone, Default)]
pub struct CreateVpc {
    pub cidr_block: Option<String>,
    pub amazon_provided_ipv6_cidr_block: bool,
}

#[derive(Debug, Clone, Default)]
pub struct AssociateVpcCidrBlock {
    pub vpc_id: VpcId,
    pub cidr_block: Option<String>,
    pub amazon_provided_ipv6_cidr_block: bool,
    pub ipv6_pool: Option<String>,
    pub ipv6_cidr_block: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VpcDescription {
    pub cidr_block: String,
    pub dhcp_options_id: &'static str,
    pub state: &'static str,
    pub vpc_id: VpcId,
    pub owner_id: &'static str,
    pub instance_tenancy: &'static str,
    pub ipv6_cidr_block_association_set: Vec<crate::ipv6::Ipv6BlockDescription>,
    pub cidr_block_association_set: Vec<CidrBlockAssociation>,
    pub is_default: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CidrBlockAssociation {
    pub association_id: VpcCidrAssociationId,
    pub cidr_block: String,
    pub cidr_block_state: BlockState,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BlockState {
    pub state: &'static str,
}

impl Vpc {
    /// Whether an address range lies inside one of the VPC's IPv4 blocks.
    pub fn contains_ipv4(&self, net: Ipv4Net) -> bool {
        self.ipv4_blocks.iter().any(|b| b.cidr_block.contains(&net))
    }

    pub fn describe(&self, state: &'static str) -> VpcDescription {
        VpcDescription {
            cidr_block: self.cidr_block.to_string(),
            dhcp_options_id: "dopt-0a1b2c3d4e5f60718",
            state,
            vpc_id: self.id,
            owner_id: ACCOUNT_ID,
            instance_tenancy: "default",
            ipv6_cidr_block_association_set: self
                .ipv6_blocks
                .iter()
                .map(|b| b.describe("associated"))
                .collect(),
            cidr_block_association_set: self
                .ipv4_blocks
                .iter()
                .map(|b| CidrBlockAssociation {
                    association_id: b.association_id,
                    cidr_block: b.cidr_block.to_string(),
                    cidr_block_state: BlockState {
                        state: "associated",
                    },
                })
                .collect(),
            is_default: self.is_default,
        }
    }

    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        Some(match name {
            "vpc-id" => filter::one(self.id),
            "cidr" | "cidr-block-association.cidr-block" => self
                .ipv4_blocks
                .iter()
                .map(|b| b.cidr_block.to_string())
                .collect(),
            "is-default" => filter::flag(self.is_default),
            "state" => filter::one("available"),
            "owner-id" => filter::one(ACCOUNT_ID),
            "ipv6-cidr-block-association.ipv6-cidr-block" => self
                .ipv6_blocks
                .iter()
                .map(|b| b.cidr_block.to_string())
                .collect(),
            _ => return None,
        })
    }
}

impl Region {
    /// `CreateVpc`: a VPC with a /16–/28 primary block, its default security group, and
    /// optionally an Amazon-provided IPv6 /56.
    pub fn create_vpc(&mut self, req: &CreateVpc) -> Ec2Result<VpcDescription> {
        let text = req.cidr_block.as_deref().ok_or_else(|| {
            Ec2Error::new(
                ErrorCode::MissingParameter,
                "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.",
            )
        })?;
        let cidr = parse_ipv4_cidr(text)?;
        check_vpc_block_size(cidr)?;
        if self.vpcs.len() >= VPCS_PER_REGION {
            return Err(Ec2Error::new(
                ErrorCode::VpcLimitExceeded,
                "The maximum number of VPCs has been reached.",
            ));
        }
        let id = self.insert_vpc(cidr, false);
        if req.amazon_provided_ipv6_cidr_block {
            self.associate_amazon_ipv6_block(id)?;
        }
        Ok(self.vpcs[&id].describe("pending"))
    }

    /// Adds a VPC with its default security group; shared by CreateVpc and the default VPC.
    pub(crate) fn insert_vpc(&mut self, cidr: Ipv4Net, is_default: bool) -> VpcId {
        let id: VpcId = self.ids.id();
        let association_id = self.ids.id();
        let seq = self.next_seq();
        let default_security_group = self.create_default_security_group(id);
        self.create_main_route_table(id);
        self.vpcs.insert(
            id,
            Vpc {
                id,
                cidr_block: cidr,
                ipv4_blocks: vec![VpcIpv4Block {
                    association_id,
                    cidr_block: cidr,
                }],
                ipv6_blocks: Vec::new(),
                is_default,
                default_security_group,
                seq,
            },
        );
        id
    }

    /// `DescribeVpcs` with ids and filters.
    pub fn describe_vpcs(
        &self,
        ids: &[VpcId],
        filters: &[Filter],
    ) -> Ec2Result<Vec<VpcDescription>> {
        for id in ids {
            self.vpc(*id)?;
        }
        let mut out = Vec::new();
        for vpc in self.vpcs.listed(ids) {
            if filter::matches(filters, |n| vpc.filter_values(n))? {
                out.push(vpc.describe("available"));
            }
        }
        Ok(out)
    }

    /// `AssociateVpcCidrBlock`: a secondary IPv4 block, or an IPv6 block (see [`crate::ipv6`]).
    pub fn associate_vpc_cidr_block(
        &mut self,
        req: &AssociateVpcCidrBlock,
    ) -> Ec2Result<serde_json::Value> {
        self.vpc(req.vpc_id)?;
        if req.amazon_provided_ipv6_cidr_block
            || req.ipv6_pool.is_some()
            || req.ipv6_cidr_block.is_some()
        {
            return self.associate_vpc_ipv6_block(req);
        }
        let text = req.cidr_block.as_deref().ok_or_else(|| {
            Ec2Error::new(
                ErrorCode::MissingParameter,
                "Either 'cidrBlock', 'amazonProvidedIpv6CidrBlock' or 'ipv6Pool' should be provided.",
            )
        })?;
        let cidr = parse_ipv4_cidr(text)?;
        check_vpc_block_size(cidr)?;
        let vpc = &self.vpcs[&req.vpc_id];
        if vpc.ipv4_blocks.len() >= IPV4_BLOCKS_PER_VPC {
            return Err(Ec2Error::new(
                ErrorCode::CidrLimitExceeded,
                format!("This network '{}' has met its maximum number of allowed CIDRs: {IPV4_BLOCKS_PER_VPC}", vpc.id),
            ));
        }
        if vpc
            .ipv4_blocks
            .iter()
            .any(|b| b.cidr_block.contains(&cidr) || cidr.contains(&b.cidr_block))
        {
            return Err(Ec2Error::new(
                ErrorCode::InvalidVpcRange,
                format!("The CIDR '{cidr}' conflicts with another CIDR block of this VPC."),
            ));
        }
        let association_id = self.ids.id();
        let vpc = self.vpcs.get_mut(&req.vpc_id).expect("checked above");
        vpc.ipv4_blocks.push(VpcIpv4Block {
            association_id,
            cidr_block: cidr,
        });
        Ok(serde_json::json!({
            "CidrBlockAssociation": {
                "AssociationId": association_id.to_string(),
                "CidrBlock": cidr.to_string(),
                "CidrBlockState": {"State": "associating"}
            },
            "VpcId": req.vpc_id.to_string(),
        }))
    }

    /// `DisassociateVpcCidrBlock`: a secondary IPv4 block or an IPv6 block may go; the
    /// primary IPv4 block never can, so a VPC cannot become IPv6-only (C33).
    pub fn disassociate_vpc_cidr_block(
        &mut self,
        association: &str,
    ) -> Ec2Result<serde_json::Value> {
        if let Ok(id) = crate::ids::ResourceId::parse(association) {
            let id: VpcCidrAssociationId = id;
            for vpc in self.vpcs.values() {
                if let Some(pos) = vpc.ipv4_blocks.iter().position(|b| b.association_id == id) {
                    if pos == 0 {
                        return Err(Ec2Error::new(
                            ErrorCode::OperationNotPermitted,
                            format!(
                                "The vpc CIDR block with association ID {id} may not be disassociated. It is the primary IPv4 CIDR block of the VPC"
                            ),
                        ));
                    }
                    let vpc_id = vpc.id;
                    let cidr = vpc.ipv4_blocks[pos].cidr_block;
                    if self
                        .subnets
                        .values()
                        .any(|s| s.vpc_id == vpc_id && cidr.contains(&s.cidr_block))
                    {
                        return Err(Ec2Error::new(
                            ErrorCode::InvalidCidrInUse,
                            format!("The vpc CIDR block {cidr} is in use by subnets and cannot be disassociated."),
                        ));
                    }
                    self.vpcs
                        .get_mut(&vpc_id)
                        .expect("found above")
                        .ipv4_blocks
                        .remove(pos);
                    return Ok(serde_json::json!({
                        "CidrBlockAssociation": {
                            "AssociationId": id.to_string(),
                            "CidrBlock": cidr.to_string(),
                            "CidrBlockState": {"State": "disassociating"}
                        },
                        "VpcId": vpc_id.to_string(),
                    }));
                }
            }
        }
        self.disassociate_vpc_ipv6_block(association)
    }
}
