//! The default VPC: what every Region of a new account has, and `create-default-vpc`.
//!
//! Source: VPC User Guide, "Default VPCs": 172.31.0.0/16, a /20 default subnet in each
//! Availability Zone (which auto-assigns public IPv4 addresses), an attached internet
//! gateway, and a default security group. Nondefault subnets, even in the default VPC, do
//! not auto-assign public IPv4 addresses (C13, C14).

use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::ids::VpcId;
use crate::region::Region;
use crate::vpc::VpcDescription;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// The default VPC's IPv4 block.
pub const DEFAULT_VPC_CIDR: &str = "172.31.0.0/16";

impl Region {
    /// Builds the default VPC with its subnets and attached internet gateway.
    pub(crate) fn create_default_vpc_resources(&mut self) -> VpcId {
        let cidr: Ipv4Net = DEFAULT_VPC_CIDR.parse().expect("literal CIDR");
        let vpc = self.insert_vpc(cidr, true);
        for (i, zone) in self.zones.iter().enumerate() {
            let base = u32::from(cidr.network()) + ((i as u32) << 12);
            let subnet = Ipv4Net::new(Ipv4Addr::from(base), 20).expect("valid prefix length");
            self.insert_subnet(vpc, zone, subnet, true);
        }
        let gateway = self.create_internet_gateway().internet_gateway_id;
        if let Some(g) = self.internet_gateways.get_mut(&gateway) {
            g.attached_vpc = Some(vpc);
        }
        if let Some(main) = self
            .route_tables
            .values_mut()
            .find(|t| t.vpc_id == vpc && t.main)
        {
            main.routes.push(crate::route_table::Route {
                destination: "0.0.0.0/0".parse().expect("literal CIDR"),
                target: crate::route_table::RouteTarget::Gateway(gateway),
            });
        }
        vpc
    }

    /// `CreateDefaultVpc`: only when the Region has none.
    pub fn create_default_vpc(&mut self) -> Ec2Result<VpcDescription> {
        if let Some(existing) = self.default_vpc() {
            return Err(Ec2Error::new(
                ErrorCode::DefaultVpcAlreadyExists,
                format!(
                    "A Default VPC already exists for this account in this region: {existing}."
                ),
            ));
        }
        let id = self.create_default_vpc_resources();
        Ok(self.vpcs[&id].describe("pending"))
    }
}

#[cfg(test)]
mod tests {
    use crate::world::World;

    #[test]
    fn a_new_account_has_a_default_vpc_with_a_slash_20_per_zone() {
        let world = World::new(0);
        let region = world.region("us-east-1").unwrap();
        let vpc = region.vpcs().next().unwrap();
        assert!(vpc.is_default);
        assert_eq!(vpc.cidr_block.to_string(), "172.31.0.0/16");
        let subnets: Vec<_> = region.subnets().collect();
        assert_eq!(subnets.len(), 6);
        for subnet in subnets {
            assert_eq!(subnet.cidr_block.prefix_len(), 20);
            assert!(subnet.default_for_az && subnet.map_public_ip_on_launch);
            assert_eq!(subnet.available_ip_address_count(), 4091);
        }
        assert!(region.gateway_of(vpc.id).is_some());
    }

    #[test]
    fn each_region_has_its_own_default_vpc() {
        let world = World::new(0);
        assert_eq!(world.region("us-west-2").unwrap().subnets().count(), 4);
    }
}
