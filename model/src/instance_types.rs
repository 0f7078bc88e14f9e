//! The instance-type table: vCPUs, memory, and the ENI and per-interface address limits EC2 enforces.
//!
//! Limits follow the EC2 User Guide table "IP addresses per network interface per instance
//! type"; the per-interface IPv4 count includes the primary address, and the IPv6 limit
//! equals the IPv4 one (AssignIpv6Addresses: "as many IPv6 addresses ... as private IPv4").

use crate::error::{Ec2Error, ErrorCode};
use serde::Serialize;

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstanceType {
    pub name: &'static str,
    pub vcpus: u32,
    pub memory_mib: u32,
    /// Maximum network interfaces attached at once (`MaximumNetworkInterfaces`).
    pub max_network_interfaces: u32,
    /// Maximum private IPv4 addresses per interface, primary included (`Ipv4AddressesPerInterface`).
    pub ipv4_per_interface: u32,
    /// Maximum IPv6 addresses per interface (`Ipv6AddressesPerInterface`).
    pub ipv6_per_interface: u32,
}

const fn row(name: &'static str, vcpus: u32, memory_mib: u32, enis: u32, ips: u32) -> InstanceType {
    InstanceType {
        name,
        vcpus,
        memory_mib,
        max_network_interfaces: enis,
        ipv4_per_interface: ips,
        ipv6_per_interface: ips,
    }
}

/// Every instance type the model knows, by family and size.
pub const INSTANCE_TYPES: &[InstanceType] = &[
    row("t2.nano", 1, 512, 2, 2),
    row("t2.micro", 1, 1024, 2, 2),
    row("t2.small", 1, 2048, 3, 4),
    row("t2.medium", 2, 4096, 3, 6),
    row("t2.large", 2, 8192, 3, 12),
    row("t2.xlarge", 4, 16384, 3, 15),
    row("t2.2xlarge", 8, 32768, 3, 15),
    row("t3.nano", 2, 512, 2, 2),
    row("t3.micro", 2, 1024, 2, 2),
    row("t3.small", 2, 2048, 3, 4),
    row("t3.medium", 2, 4096, 3, 6),
    row("t3.large", 2, 8192, 3, 12),
    row("t3.xlarge", 4, 16384, 4, 15),
    row("t3.2xlarge", 8, 32768, 4, 15),
    row("t3a.nano", 2, 512, 2, 2),
    row("t3a.micro", 2, 1024, 2, 2),
    row("t3a.small", 2, 2048, 2, 4),
    row("t3a.medium", 2, 4096, 3, 6),
    row("t3a.large", 2, 8192, 3, 12),
    row("t4g.micro", 2, 1024, 2, 2),
    row("t4g.small", 2, 2048, 3, 4),
    row("t4g.medium", 2, 4096, 3, 6),
    row("m4.large", 2, 8192, 2, 10),
    row("m5.large", 2, 8192, 3, 10),
    row("m5.xlarge", 4, 16384, 4, 15),
    row("m5.2xlarge", 8, 32768, 4, 15),
    row("m5.4xlarge", 16, 65536, 8, 30),
    row("m5.8xlarge", 32, 131072, 8, 30),
    row("m5.12xlarge", 48, 196608, 8, 30),
    row("m5.24xlarge", 96, 393216, 15, 50),
    row("m6i.large", 2, 8192, 3, 10),
    row("m6i.xlarge", 4, 16384, 4, 15),
    row("m6i.2xlarge", 8, 32768, 4, 15),
    row("m7g.large", 2, 8192, 3, 10),
    row("c4.large", 2, 3840, 3, 10),
    row("c5.large", 2, 4096, 3, 10),
    row("c5.xlarge", 4, 8192, 4, 15),
    row("c5.2xlarge", 8, 16384, 4, 15),
    row("c5.4xlarge", 16, 32768, 8, 30),
    row("c5.9xlarge", 36, 73728, 8, 30),
    row("c5.18xlarge", 72, 147456, 15, 50),
    row("c6g.large", 2, 4096, 3, 10),
    row("c7i.large", 2, 4096, 3, 10),
    row("r5.large", 2, 16384, 3, 10),
    row("r5.xlarge", 4, 32768, 4, 15),
    row("r5.2xlarge", 8, 65536, 4, 15),
    row("r5.4xlarge", 16, 131072, 8, 30),
];

/// The type RunInstances uses when none is given (`m1.small` in EC2; we use a current one).
pub const DEFAULT_INSTANCE_TYPE: &str = "t3.micro";

/// Looks a type up by name; an unknown name is EC2's `InvalidInstanceType`.
pub fn instance_type(name: &str) -> Result<&'static InstanceType, Ec2Error> {
    INSTANCE_TYPES
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| {
            Ec2Error::new(
                ErrorCode::InvalidInstanceType,
                format!("The following supplied instance types do not exist: [{name}]"),
            )
        })
}

/// `describe-instance-types` output for one type, with EC2's field names.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceTypeInfo {
    pub instance_type: &'static str,
    pub v_cpu_info: VCpuInfo,
    pub memory_info: MemoryInfo,
    pub network_info: NetworkInfo,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VCpuInfo {
    pub default_v_cpus: u32,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MemoryInfo {
    #[serde(rename = "SizeInMiB")]
    pub size_in_mib: u32,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkInfo {
    pub maximum_network_interfaces: u32,
    pub maximum_network_cards: u32,
    pub ipv4_addresses_per_interface: u32,
    pub ipv6_addresses_per_interface: u32,
    pub ipv6_supported: bool,
}

impl InstanceType {
    pub fn info(&self) -> InstanceTypeInfo {
        InstanceTypeInfo {
            instance_type: self.name,
            v_cpu_info: VCpuInfo {
                default_v_cpus: self.vcpus,
            },
            memory_info: MemoryInfo {
                size_in_mib: self.memory_mib,
            },
            network_info: NetworkInfo {
                maximum_network_interfaces: self.max_network_interfaces,
                maximum_network_cards: 1,
                ipv4_addresses_per_interface: self.ipv4_per_interface,
                ipv6_addresses_per_interface: self.ipv6_per_interface,
                ipv6_supported: true,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_covers_at_least_thirty_types_without_duplicates() {
        assert!(INSTANCE_TYPES.len() >= 30);
        let mut names: Vec<_> = INSTANCE_TYPES.iter().map(|t| t.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), INSTANCE_TYPES.len());
    }

    #[test]
    fn t2_micro_allows_two_interfaces_of_two_addresses() {
        let t = instance_type("t2.micro").unwrap();
        assert_eq!((t.max_network_interfaces, t.ipv4_per_interface), (2, 2));
    }

    #[test]
    fn m5_large_matches_the_eks_max_pods_formula() {
        let t = instance_type("m5.large").unwrap();
        assert_eq!(
            t.max_network_interfaces * (t.ipv4_per_interface - 1) + 2,
            29
        );
    }

    #[test]
    fn unknown_type_is_invalid_instance_type() {
        assert_eq!(
            instance_type("t9.huge").unwrap_err().code,
            ErrorCode::InvalidInstanceType
        );
    }
}
