//! The benchmarks' large Region: a VPC with one /16 subnet, and the requests that fill it
//! with m5.large instances and the extra interfaces attached to them.

use netlab_model::instance::RunInstances;
use netlab_model::network_interface::CreateNetworkInterface;
use netlab_model::subnet::CreateSubnet;
use netlab_model::vpc::CreateVpc;
use netlab_model::Region;

/// What fills the subnet: a launch of one m5.large, and a new interface.
pub struct BigSubnet {
    pub launch: RunInstances,
    pub create: CreateNetworkInterface,
}

/// Creates the VPC 10.0.0.0/16 and its one subnet (the whole block) in us-east-1a.
pub fn big_subnet(region: &mut Region) -> BigSubnet {
    let vpc = region
        .create_vpc(&CreateVpc {
            cidr_block: Some("10.0.0.0/16".into()),
            amazon_provided_ipv6_cidr_block: false,
        })
        .unwrap()
        .vpc_id;
    let subnet = region
        .create_subnet(&CreateSubnet {
            vpc_id: vpc,
            cidr_block: Some("10.0.0.0/16".into()),
            availability_zone: Some("us-east-1a".into()),
            ipv6_cidr_block: None,
        })
        .unwrap()
        .subnet_id;
    BigSubnet {
        launch: RunInstances {
            instance_type: Some("m5.large".into()),
            subnet_id: Some(subnet),
            ..Default::default()
        },
        create: CreateNetworkInterface {
            subnet_id: subnet,
            ..Default::default()
        },
    }
}
