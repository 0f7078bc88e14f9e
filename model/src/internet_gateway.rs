//! Internet gateways: the VPC's door to the internet, needed for Elastic IPs and inbound traffic.

use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::filter::{self, Filter};
use crate::ids::{InternetGatewayId, VpcId};
use crate::region::{Region, ACCOUNT_ID};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq)]
pub struct InternetGateway {
    pub id: InternetGatewayId,
    pub attached_vpc: Option<VpcId>,
    pub(crate) seq: u64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InternetGatewayDescription {
    pub attachments: Vec<GatewayAttachment>,
    pub internet_gateway_id: InternetGatewayId,
    pub owner_id: &'static str,
    pub tags: Vec<()>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GatewayAttachment {
    pub state: &'static str,
    pub vpc_id: VpcId,
}

impl InternetGateway {
    pub fn describe(&self) -> InternetGatewayDescription {
        InternetGatewayDescription {
            attachments: self
                .attached_vpc
                .iter()
                .map(|vpc| GatewayAttachment {
                    state: "available",
                    vpc_id: *vpc,
                })
                .collect(),
            internet_gateway_id: self.id,
            owner_id: ACCOUNT_ID,
            tags: Vec::new(),
        }
    }
}

impl Region {
    /// The internet gateway attached to a VPC, if any.
    pub fn gateway_of(&self, vpc: VpcId) -> Option<InternetGatewayId> {
        self.internet_gateways
            .values()
            .find(|g| g.attached_vpc == Some(vpc))
            .map(|g| g.id)
    }

    /// `Gateway.NotAttached` unless the VPC has an internet gateway (needed to associate an Elastic IP).
    pub(crate) fn require_gateway(&self, vpc: VpcId) -> Ec2Result<InternetGatewayId> {
        self.gateway_of(vpc).ok_or_else(|| {
            Ec2Error::new(
                ErrorCode::GatewayNotAttached,
                format!("Network {vpc} is not attached to any internet gateway"),
            )
        })
    }

    /// `CreateInternetGateway`: detached at first.
    pub fn create_internet_gateway(&mut self) -> InternetGatewayDescription {
        let id = self.ids.id();
        let seq = self.next_seq();
        let gateway = InternetGateway {
            id,
            attached_vpc: None,
            seq,
        };
        let description = gateway.describe();
        self.internet_gateways.insert(id, gateway);
        description
    }

    /// `AttachInternetGateway`: one gateway per VPC, one VPC per gateway.
    pub fn attach_internet_gateway(
        &mut self,
        gateway: InternetGatewayId,
        vpc: VpcId,
    ) -> Ec2Result<()> {
        self.vpc(vpc)?;
        if let Some(current) = self.internet_gateway(gateway)?.attached_vpc {
            return Err(Ec2Error::new(
                ErrorCode::ResourceAlreadyAssociated,
                format!("resource {gateway} is already attached to network {current}"),
            ));
        }
        if let Some(other) = self.gateway_of(vpc) {
            return Err(Ec2Error::new(
                ErrorCode::ResourceAlreadyAssociated,
                format!("Network {vpc} already has an internet gateway attached ({other})"),
            ));
        }
        self.internet_gateways
            .get_mut(&gateway)
            .expect("checked above")
            .attached_vpc = Some(vpc);
        Ok(())
    }

    /// `DetachInternetGateway`: refused while any public address of the VPC is mapped.
    pub fn detach_internet_gateway(
        &mut self,
        gateway: InternetGatewayId,
        vpc: VpcId,
    ) -> Ec2Result<()> {
        if self.internet_gateway(gateway)?.attached_vpc != Some(vpc) {
            return Err(Ec2Error::new(
                ErrorCode::GatewayNotAttached,
                format!("resource {gateway} is not attached to network {vpc}"),
            ));
        }
        let mapped = self
            .network_interfaces
            .values()
            .any(|n| n.vpc_id == vpc && n.private_ips.iter().any(|ip| ip.public.is_some()));
        if mapped {
            return Err(Ec2Error::new(
                ErrorCode::DependencyViolation,
                format!("Network {vpc} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway."),
            ));
        }
        self.internet_gateways
            .get_mut(&gateway)
            .expect("checked above")
            .attached_vpc = None;
        Ok(())
    }

    /// `DescribeInternetGateways` with ids and filters.
    pub fn describe_internet_gateways(
        &self,
        ids: &[InternetGatewayId],
        filters: &[Filter],
    ) -> Ec2Result<Vec<InternetGatewayDescription>> {
        for id in ids {
            self.internet_gateway(*id)?;
        }
        let mut out = Vec::new();
        for gateway in self.internet_gateways() {
            let values = |name: &str| {
                Some(match name {
                    "internet-gateway-id" => filter::one(gateway.id),
                    "attachment.vpc-id" => {
                        gateway.attached_vpc.iter().map(|v| v.to_string()).collect()
                    }
                    "attachment.state" => gateway
                        .attached_vpc
                        .iter()
                        .map(|_| "available".to_string())
                        .collect(),
                    "owner-id" => filter::one(ACCOUNT_ID),
                    _ => return None,
                })
            };
            if (ids.is_empty() || ids.contains(&gateway.id)) && filter::matches(filters, values)? {
                out.push(gateway.describe());
            }
        }
        Ok(out)
    }
}
