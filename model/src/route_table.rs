//! Route tables: which subnets are public. A subnet is public when its route table sends
//! internet-bound traffic (0.0.0.0/0 or ::/0) to an internet gateway attached to its VPC.
//!
//! Source: VPC User Guide, "Route tables" and "Default VPCs". Every VPC has a main route
//! table with a `local` route for each of its blocks; a subnet without an explicit
//! association uses the main table. The default VPC's main table routes 0.0.0.0/0 to its
//! internet gateway. Only what reachability needs is modelled: local, internet gateway,
//! instance and interface targets.

use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::filter::{self, Filter};
use crate::ids::{
    InstanceId, InternetGatewayId, NetworkInterfaceId, RouteTableAssociationId, RouteTableId,
    SubnetId, VpcId,
};
use crate::region::{not_found, Region, ACCOUNT_ID};
use ipnet::IpNet;
use serde::Serialize;
use serde_json::{json, Value};
use std::net::IpAddr;

#[derive(Debug, Clone, PartialEq)]
pub struct RouteTable {
    pub id: RouteTableId,
    pub vpc_id: VpcId,
    pub main: bool,
    /// Routes other than the implicit `local` ones.
    pub routes: Vec<Route>,
    pub associations: Vec<(RouteTableAssociationId, SubnetId)>,
    pub main_association: RouteTableAssociationId,
    pub(crate) seq: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub destination: IpNet,
    pub target: RouteTarget,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteTarget {
    Gateway(InternetGatewayId),
    NetworkInterface(NetworkInterfaceId),
}

#[derive(Debug, Clone, Default)]
pub struct CreateRoute {
    pub route_table_id: RouteTableId,
    pub destination: Option<String>,
    pub gateway_id: Option<InternetGatewayId>,
    pub network_interface_id: Option<NetworkInterfaceId>,
    pub instance_id: Option<InstanceId>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteDescription {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_cidr_block: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_ipv6_cidr_block: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_interface_id: Option<NetworkInterfaceId>,
    pub origin: &'static str,
    pub state: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RouteTableDescription {
    pub associations: Vec<Value>,
    pub route_table_id: RouteTableId,
    pub routes: Vec<RouteDescription>,
    pub vpc_id: VpcId,
    pub owner_id: &'static str,
}

fn route_description(
    destination: IpNet,
    gateway: Option<String>,
    eni: Option<NetworkInterfaceId>,
    origin: &'static str,
    state: &'static str,
) -> RouteDescription {
    let (v4, v6) = match destination {
        IpNet::V4(n) => (Some(n.to_string()), None),
        IpNet::V6(n) => (None, Some(n.to_string())),
    };
    RouteDescription {
        destination_cidr_block: v4,
        destination_ipv6_cidr_block: v6,
        gateway_id: gateway,
        network_interface_id: eni,
        origin,
        state,
    }
}

impl Region {
    /// Creates a VPC's main route table with only its local routes.
    pub(crate) fn create_main_route_table(&mut self, vpc_id: VpcId) -> RouteTableId {
        self.insert_route_table(vpc_id, true)
    }

    fn insert_route_table(&mut self, vpc_id: VpcId, main: bool) -> RouteTableId {
        let id: RouteTableId = self.ids.id();
        let main_association = self.ids.id();
        let seq = self.next_seq();
        self.route_tables.insert(
            id,
            RouteTable {
                id,
                vpc_id,
                main,
                routes: Vec::new(),
                associations: Vec::new(),
                main_association,
                seq,
            },
        );
        id
    }

    pub fn route_tables(&self) -> impl Iterator<Item = &RouteTable> {
        self.route_tables.values()
    }

    pub fn route_table(&self, id: RouteTableId) -> Ec2Result<&RouteTable> {
        self.route_tables
            .get(&id)
            .ok_or_else(|| not_found(ErrorCode::InvalidRouteTableIdNotFound, id))
    }

    /// The table a subnet uses: its explicit association, or its VPC's main table.
    pub fn route_table_of(&self, subnet: SubnetId) -> Option<&RouteTable> {
        let vpc = self.subnets.get(&subnet)?.vpc_id;
        self.route_tables
            .values()
            .find(|t| t.associations.iter().any(|(_, s)| *s == subnet))
            .or_else(|| {
                self.route_tables
                    .values()
                    .find(|t| t.vpc_id == vpc && t.main)
            })
    }

    /// Whether a subnet's route table sends traffic for `address` to an attached internet gateway.
    pub fn routes_to_internet(&self, subnet: SubnetId, address: IpAddr) -> bool {
        let Some(table) = self.route_table_of(subnet) else {
            return false;
        };
        table.routes.iter().any(|r| {
            r.destination.contains(&address)
                && matches!(r.target, RouteTarget::Gateway(g) if self.internet_gateways.get(&g).is_some_and(|g| g.attached_vpc == Some(table.vpc_id)))
        })
    }

    /// `CreateRouteTable`.
    pub fn create_route_table(&mut self, vpc_id: VpcId) -> Ec2Result<RouteTableDescription> {
        self.vpc(vpc_id)?;
        let id = self.insert_route_table(vpc_id, false);
        Ok(self.describe_route_table(&self.route_tables[&id]))
    }

    /// `CreateRoute`: one destination, one target; the target must be of the same VPC.
    pub fn create_route(&mut self, req: &CreateRoute) -> Ec2Result<()> {
        let table = self.route_table(req.route_table_id)?;
        let vpc_id = table.vpc_id;
        let text = req.destination.as_deref().ok_or_else(|| {
            Ec2Error::new(ErrorCode::MissingParameter, "The request must contain the parameter destinationCidrBlock or destinationIpv6CidrBlock")
        })?;
        let destination: IpNet = text.parse::<IpNet>().map(|n| n.trunc()).map_err(|_| {
            Ec2Error::new(ErrorCode::InvalidParameterValue, format!("Value ({text}) for parameter destinationCidrBlock is invalid. This is not a valid CIDR block."))
        })?;
        if table.routes.iter().any(|r| r.destination == destination) {
            return Err(Ec2Error::new(
                ErrorCode::RouteAlreadyExists,
                format!("The route identified by {destination} already exists."),
            ));
        }
        let target = match (req.gateway_id, req.network_interface_id, req.instance_id) {
            (Some(g), None, None) => {
                if self.internet_gateway(g)?.attached_vpc != Some(vpc_id) {
                    return Err(Ec2Error::new(ErrorCode::InvalidParameterValue, format!("route table {} and network gateway {g} belong to different networks", req.route_table_id)));
                }
                RouteTarget::Gateway(g)
            }
            (None, Some(eni), None) => {
                if self.network_interface(eni)?.vpc_id != vpc_id {
                    return Err(Ec2Error::new(ErrorCode::InvalidParameterValue, format!("route table {} and interface {eni} belong to different networks", req.route_table_id)));
                }
                RouteTarget::NetworkInterface(eni)
            }
            (None, None, Some(instance)) => {
                let instance = self.instance(instance)?;
                if instance.interfaces.len() != 1 {
                    return Err(Ec2Error::new(
                        ErrorCode::InvalidInstanceId,
                        format!("There are multiple interfaces attached to instance '{}'. Please specify an interface ID for the operation instead.", instance.id),
                    ));
                }
                RouteTarget::NetworkInterface(instance.primary_interface().expect("one interface"))
            }
            (None, None, None) => return Err(Ec2Error::new(ErrorCode::MissingParameter, "The request must contain a route target: --gateway-id, --network-interface-id or --instance-id")),
            _ => return Err(Ec2Error::new(ErrorCode::InvalidParameterCombination, "Specify exactly one route target.")),
        };
        if let Some(t) = self.route_tables.get_mut(&req.route_table_id) {
            t.routes.push(Route {
                destination,
                target,
            });
        }
        Ok(())
    }

    /// `DeleteRoute`.
    pub fn delete_route(&mut self, table: RouteTableId, destination: &str) -> Ec2Result<()> {
        self.route_table(table)?;
        let destination: Option<IpNet> = destination.parse::<IpNet>().ok().map(|n| n.trunc());
        let t = self.route_tables.get_mut(&table).expect("checked above");
        let before = t.routes.len();
        t.routes.retain(|r| Some(r.destination) != destination);
        if t.routes.len() == before {
            return Err(Ec2Error::new(
                ErrorCode::InvalidRouteNotFound,
                format!(
                    "no route with destination-cidr-block {} in route table {table}",
                    destination.map(|d| d.to_string()).unwrap_or_default()
                ),
            ));
        }
        Ok(())
    }

    /// `AssociateRouteTable`: a subnet has one table; associating another replaces the old.
    pub fn associate_route_table(
        &mut self,
        table: RouteTableId,
        subnet: SubnetId,
    ) -> Ec2Result<Value> {
        let vpc = self.route_table(table)?.vpc_id;
        if self.subnet(subnet)?.vpc_id != vpc {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!("route table {table} and subnet {subnet} belong to different networks"),
            ));
        }
        if self
            .route_tables
            .values()
            .any(|t| t.associations.iter().any(|(_, s)| *s == subnet))
        {
            return Err(Ec2Error::new(ErrorCode::ResourceAlreadyAssociated, format!("the specified association for route table {table} conflicts with an existing association")));
        }
        let association: RouteTableAssociationId = self.ids.id();
        if let Some(t) = self.route_tables.get_mut(&table) {
            t.associations.push((association, subnet));
        }
        Ok(
            json!({ "AssociationId": association.to_string(), "AssociationState": { "State": "associated" } }),
        )
    }

    /// `DisassociateRouteTable`: the subnet falls back to the main table.
    pub fn disassociate_route_table(
        &mut self,
        association: RouteTableAssociationId,
    ) -> Ec2Result<()> {
        let table = self
            .route_tables
            .values_mut()
            .find(|t| t.associations.iter().any(|(a, _)| *a == association))
            .ok_or_else(|| {
                Ec2Error::new(
                    ErrorCode::InvalidAssociationIdNotFound,
                    format!("The association ID '{association}' does not exist"),
                )
            })?;
        table.associations.retain(|(a, _)| *a != association);
        Ok(())
    }

    pub fn describe_route_table(&self, table: &RouteTable) -> RouteTableDescription {
        let vpc = self.vpcs.get(&table.vpc_id);
        let mut routes: Vec<RouteDescription> = vpc
            .map(|v| {
                v.ipv4_blocks
                    .iter()
                    .map(|b| IpNet::V4(b.cidr_block))
                    .chain(v.ipv6_blocks.iter().map(|b| IpNet::V6(b.cidr_block)))
                    .map(|d| {
                        route_description(
                            d,
                            Some("local".into()),
                            None,
                            "CreateRouteTable",
                            "active",
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        for r in &table.routes {
            let (gateway, eni, state) = match r.target {
                RouteTarget::Gateway(g) => {
                    let attached = self
                        .internet_gateways
                        .get(&g)
                        .is_some_and(|g| g.attached_vpc == Some(table.vpc_id));
                    (
                        Some(g.to_string()),
                        None,
                        if attached { "active" } else { "blackhole" },
                    )
                }
                RouteTarget::NetworkInterface(e) => (
                    None,
                    Some(e),
                    if self.network_interfaces.contains_key(&e) {
                        "active"
                    } else {
                        "blackhole"
                    },
                ),
            };
            routes.push(route_description(
                r.destination,
                gateway,
                eni,
                "CreateRoute",
                state,
            ));
        }
        let mut associations: Vec<Value> = table
            .associations
            .iter()
            .map(|(a, s)| json!({"Main": false, "RouteTableAssociationId": a.to_string(), "RouteTableId": table.id.to_string(), "SubnetId": s.to_string(), "AssociationState": {"State": "associated"}}))
            .collect();
        if table.main {
            associations.insert(0, json!({"Main": true, "RouteTableAssociationId": table.main_association.to_string(), "RouteTableId": table.id.to_string(), "AssociationState": {"State": "associated"}}));
        }
        RouteTableDescription {
            associations,
            route_table_id: table.id,
            routes,
            vpc_id: table.vpc_id,
            owner_id: ACCOUNT_ID,
        }
    }

    /// `DescribeRouteTables` with ids and filters.
    pub fn describe_route_tables(
        &self,
        ids: &[RouteTableId],
        filters: &[Filter],
    ) -> Ec2Result<Vec<RouteTableDescription>> {
        for id in ids {
            self.route_table(*id)?;
        }
        let mut out = Vec::new();
        for table in self.route_tables() {
            let values = |name: &str| {
                Some(match name {
                    "route-table-id" => filter::one(table.id),
                    "vpc-id" => filter::one(table.vpc_id),
                    "association.main" => filter::flag(table.main),
                    "association.subnet-id" => table
                        .associations
                        .iter()
                        .map(|(_, s)| s.to_string())
                        .collect(),
                    "route.gateway-id" => table
                        .routes
                        .iter()
                        .filter_map(|r| match r.target {
                            RouteTarget::Gateway(g) => Some(g.to_string()),
                            _ => None,
                        })
                        .collect(),
                    _ => return None,
                })
            };
            if (ids.is_empty() || ids.contains(&table.id)) && filter::matches(filters, values)? {
                out.push(self.describe_route_table(table));
            }
        }
        Ok(out)
    }
}
