//! Auto-assigned public IPv4 addresses: Amazon's pool and the rules for when an instance
//! gets one, keeps it, loses it and gets a new one (claims C12–C21).
//!
//! Sources: EC2 User Guide, "Public IPv4 addresses" (using-instance-addressing) and
//! "Elastic network interfaces"; VPC User Guide, "Elastic IP addresses".
//! - At launch only a new interface at device index 0 gets one, only when it is the only
//!   interface specified, and only if the subnet's `MapPublicIpOnLaunch` (or the launch's
//!   `--associate-public-ip-address`) says so.
//! - Reboot keeps it; stop, hibernate and terminate release it; associating an Elastic IP
//!   with the primary private address releases it.
//! - A released address returns to Amazon's pool and is never this account's again.
//! - It comes back (as a new address) on start, or when the Elastic IP that replaced it is
//!   disassociated, unless more than one interface is attached, or a secondary private
//!   address has an Elastic IP.
//! - It cannot be associated, disassociated or converted to an Elastic IP by hand.

use crate::ids::{IdGenerator, InstanceId, NetworkInterfaceId};
use crate::network_interface::PublicAddress;
use crate::region::Region;
use crate::table::{address_bits, BitsSet};
use ipnet::Ipv4Net;
use std::collections::BTreeSet;
use std::fmt;
use std::net::Ipv4Addr;

/// Amazon's public IPv4 addresses in one Region. Which addresses it holds is a stand-in for
/// the real (much larger) pool; what matters is that no address is handed out twice.
#[derive(Clone, PartialEq, Eq)]
pub struct AmazonPool {
    blocks: Vec<Ipv4Net>,
    /// Every address handed out, by its bits (drawn at random, so a hash set).
    issued: BitsSet,
    /// Elastic IPs this account released: `allocate-address --address` may recover them.
    pub(crate) released_elastic: BTreeSet<Ipv4Addr>,
}

impl AmazonPool {
    /// Address blocks EC2 uses in each Region (a few of each Region's real ones).
    pub fn for_region(region: &str) -> Self {
        let blocks: &[&str] = match region {
            "us-west-2" => &["34.208.0.0/12", "52.24.0.0/14", "54.184.0.0/13"],
            "eu-west-1" => &["34.240.0.0/13", "52.16.0.0/14", "54.72.0.0/14"],
            _ => &["3.80.0.0/12", "54.160.0.0/12", "44.192.0.0/11"],
        };
        AmazonPool {
            blocks: blocks
                .iter()
                .map(|b| b.parse().expect("literal CIDR"))
                .collect(),
            issued: BitsSet::default(),
            released_elastic: BTreeSet::new(),
        }
    }

    /// A public address never handed to this account before.
    pub fn draw(&mut self, ids: &mut IdGenerator) -> Ipv4Addr {
        loop {
            let block = self.blocks[ids.below(self.blocks.len() as u64) as usize];
            let size = 1u64 << (32 - u32::from(block.prefix_len()));
            let offset = 1 + ids.below(size - 2) as u32;
            let address = Ipv4Addr::from(u32::from(block.network()) + offset);
            if self.issued.insert(address_bits(address)) {
                return address;
            }
        }
    }

    /// Whether the address was ever handed to this account.
    pub fn was_issued(&self, address: Ipv4Addr) -> bool {
        self.issued.contains(&address_bits(address))
    }

    /// Whether the address belongs to Amazon's pool in this Region.
    pub fn contains(&self, address: Ipv4Addr) -> bool {
        self.blocks.iter().any(|b| b.contains(&address))
    }
}

/// The blocks, then the addresses issued in their order (whatever the hash set's layout).
impl fmt::Debug for AmazonPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut issued: Vec<Ipv4Addr> = self
            .issued
            .iter()
            .map(|&bits| Ipv4Addr::from(bits as u32))
            .collect();
        issued.sort_unstable();
        f.debug_struct("AmazonPool")
            .field("blocks", &self.blocks)
            .field("issued", &issued)
            .field("released_elastic", &self.released_elastic)
            .finish()
    }
}

impl Region {
    /// Gives an interface's primary private address a new address from Amazon's pool.
    pub(crate) fn assign_amazon_public_ip(&mut self, eni: NetworkInterfaceId) {
        let address = self.amazon_pool.draw(&mut self.ids);
        let now = self.now;
        if let Some(interface) = self.network_interfaces.get_mut(&eni) {
            interface.private_ips[0].public = Some(PublicAddress::Amazon { public_ip: address });
            self.ledger.open(address, None, true, now);
        }
    }

    /// Returns an interface's auto-assigned address to Amazon's pool, if it has one.
    pub(crate) fn release_amazon_public_ip(&mut self, eni: NetworkInterfaceId) {
        let now = self.now;
        if let Some(interface) = self.network_interfaces.get_mut(&eni) {
            if let Some(PublicAddress::Amazon { public_ip }) = interface.private_ips[0].public {
                interface.private_ips[0].public = None;
                self.ledger.close(public_ip, now);
            }
        }
    }

    /// Whether a running instance whose public address was released gets a new one now:
    /// its primary interface wants one, it is the only interface attached, and no private
    /// address of it (primary or secondary) holds an Elastic IP.
    pub fn qualifies_for_new_public_ip(&self, instance: InstanceId) -> bool {
        let Some(instance) = self.instances.get(&instance) else {
            return false;
        };
        let Some(primary) = instance
            .primary_interface()
            .and_then(|eni| self.network_interfaces.get(&eni))
        else {
            return false;
        };
        instance.state.is_running()
            && primary.auto_assign_public_ip
            && instance.interfaces.len() == 1
            && primary.private_ips.iter().all(|ip| ip.public.is_none())
    }

    /// Gives a new public address to an instance that qualifies for one.
    pub(crate) fn renew_public_ip_if_qualified(&mut self, instance: InstanceId) {
        if self.qualifies_for_new_public_ip(instance) {
            if let Some(eni) = self
                .instances
                .get(&instance)
                .and_then(|i| i.primary_interface())
            {
                self.assign_amazon_public_ip(eni);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pools_debug_text_lists_the_issued_addresses_in_address_order() {
        let mut pool = AmazonPool::for_region("us-east-1");
        let mut ids = IdGenerator::new(7);
        let mut drawn: Vec<Ipv4Addr> = (0..50).map(|_| pool.draw(&mut ids)).collect();
        assert!(drawn.iter().all(|&address| pool.was_issued(address)));
        assert!(!pool.was_issued(Ipv4Addr::new(3, 80, 0, 0)));
        drawn.sort_unstable();
        assert!(format!("{pool:?}").contains(&format!("issued: {drawn:?}")));
    }
}
