//! Private IPv4 addresses of a subnet: the five reserved addresses and the free-address set.
//!
//! EC2 reserves the first four addresses of every subnet (network, VPC router, Amazon DNS,
//! future use) and the last one (broadcast) [VPC User Guide, subnet sizing]. The rest are
//! handed out at most once at a time. The set is a bitmap with a summary of its full words:
//! looking an address up is O(1), and finding a free one skips 64 full words (4,096 taken
//! addresses) per step of the summary, so filling a /16 never scans address by address.

use crate::error::{Ec2Error, ErrorCode};
use crate::ids::IdGenerator;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// Addresses EC2 keeps for itself in every subnet.
pub const RESERVED_PER_SUBNET: u32 = 5;

/// Which addresses of one subnet's IPv4 block are in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetAddresses {
    block: Ipv4Net,
    words: Vec<u64>,
    /// Bit `w` is set exactly when `words[w]` is full (kept by `set` and `release`).
    full: Vec<u64>,
    in_use: u32,
}

impl SubnetAddresses {
    /// A fresh block with only the five reserved addresses taken.
    pub fn new(block: Ipv4Net) -> Self {
        let size = block_size(block);
        let words = size.div_ceil(64) as usize;
        let mut addresses = SubnetAddresses {
            block,
            words: vec![0; words],
            full: vec![0; words.div_ceil(64)],
            in_use: 0,
        };
        for offset in [0, 1, 2, 3, size - 1] {
            addresses.set(offset);
        }
        addresses
    }

    pub fn block(&self) -> Ipv4Net {
        self.block
    }

    /// `AvailableIpAddressCount`: the block's size less the reserved and the used addresses.
    pub fn available(&self) -> u32 {
        block_size(self.block) - RESERVED_PER_SUBNET - self.in_use
    }

    /// Whether an address is one of the five EC2 reserves.
    pub fn is_reserved(&self, address: Ipv4Addr) -> bool {
        let size = block_size(self.block);
        matches!(self.offset(address), Some(o) if o < 4 || o == size - 1)
    }

    pub fn contains(&self, address: Ipv4Addr) -> bool {
        self.block.contains(&address)
    }

    pub fn is_taken(&self, address: Ipv4Addr) -> bool {
        self.offset(address).is_some_and(|o| self.get(o))
    }

    /// Takes one specific address, refusing one outside the block, reserved, or in use.
    pub fn take(&mut self, address: Ipv4Addr) -> Result<(), Ec2Error> {
        let Some(offset) = self.offset(address) else {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "Address {address} does not fall within the subnet's address range {}",
                    self.block
                ),
            ));
        };
        if self.is_reserved(address) {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "Address {address} is reserved by AWS in subnet range {}",
                    self.block
                ),
            ));
        }
        if self.get(offset) {
            return Err(Ec2Error::new(
                ErrorCode::InvalidIpAddressInUse,
                format!("Address {address} is in use."),
            ));
        }
        self.set(offset);
        self.in_use += 1;
        Ok(())
    }

    /// Takes any free address, starting the search at a seeded random place in the block.
    pub fn take_any(&mut self, ids: &mut IdGenerator) -> Result<Ipv4Addr, Ec2Error> {
        if self.available() == 0 {
            return Err(Ec2Error::new(
                ErrorCode::InsufficientFreeAddressesInSubnet,
                format!(
                    "There are not enough free addresses in subnet range {}.",
                    self.block
                ),
            ));
        }
        let size = block_size(self.block);
        let start = ids.below(u64::from(size)) as u32;
        let offset = self
            .next_free(start, size)
            .or_else(|| self.next_free(0, start))
            .ok_or_else(|| {
                Ec2Error::new(
                    ErrorCode::InsufficientFreeAddressesInSubnet,
                    "no free address",
                )
            })?;
        self.set(offset);
        self.in_use += 1;
        Ok(self.address(offset))
    }

    /// Gives an address back to the subnet. Releasing a free or reserved address does nothing.
    pub fn release(&mut self, address: Ipv4Addr) {
        if let Some(offset) = self.offset(address) {
            if self.get(offset) && !self.is_reserved(address) {
                let w = (offset / 64) as usize;
                self.words[w] &= !(1 << (offset % 64));
                self.full[w / 64] &= !(1 << (w % 64));
                self.in_use -= 1;
            }
        }
    }

    /// The first free offset in `from..to`.
    fn next_free(&self, from: u32, to: u32) -> Option<u32> {
        if from >= to {
            return None;
        }
        // The word holding `from`, ignoring the offsets before it.
        let w = (from / 64) as usize;
        let word = self.words[w] | ((1u64 << (from % 64)) - 1);
        let found = if word != u64::MAX {
            w as u32 * 64 + (!word).trailing_zeros()
        } else {
            let next = self.next_non_full_word(w + 1)?;
            next as u32 * 64 + (!self.words[next]).trailing_zeros()
        };
        (found < to).then_some(found)
    }

    /// The first word at or after `w` with a free bit, found through the summary.
    fn next_non_full_word(&self, w: usize) -> Option<usize> {
        let mut s = w / 64;
        let mut summary = *self.full.get(s)? | ((1u64 << (w % 64)) - 1);
        loop {
            if summary != u64::MAX {
                let found = s * 64 + (!summary).trailing_zeros() as usize;
                return (found < self.words.len()).then_some(found);
            }
            s += 1;
            summary = *self.full.get(s)?;
        }
    }

    fn offset(&self, address: Ipv4Addr) -> Option<u32> {
        self.block
            .contains(&address)
            .then(|| u32::from(address) - u32::from(self.block.network()))
    }

    fn address(&self, offset: u32) -> Ipv4Addr {
        Ipv4Addr::from(u32::from(self.block.network()) + offset)
    }

    fn get(&self, offset: u32) -> bool {
        self.words[(offset / 64) as usize] & (1 << (offset % 64)) != 0
    }

    fn set(&mut self, offset: u32) {
        let w = (offset / 64) as usize;
        self.words[w] |= 1 << (offset % 64);
        if self.words[w] == u64::MAX {
            self.full[w / 64] |= 1 << (w % 64);
        }
    }
}

fn block_size(block: Ipv4Net) -> u32 {
    1u32 << (32 - u32::from(block.prefix_len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> SubnetAddresses {
        SubnetAddresses::new(text.parse().unwrap())
    }

    #[test]
    fn a_slash_24_offers_251_addresses() {
        assert_eq!(block("10.0.0.0/24").available(), 251);
    }

    #[test]
    fn the_five_reserved_addresses_are_never_handed_out() {
        let mut subnet = block("10.0.0.0/28");
        let mut ids = IdGenerator::new(3);
        let mut got = Vec::new();
        while let Ok(a) = subnet.take_any(&mut ids) {
            got.push(a.octets()[3]);
        }
        got.sort_unstable();
        assert_eq!(got, (4..15).collect::<Vec<u8>>());
        for reserved in ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.15"] {
            assert!(subnet.take(reserved.parse().unwrap()).is_err());
        }
    }

    #[test]
    fn an_address_in_use_is_refused() {
        let mut subnet = block("10.0.0.0/24");
        subnet.take("10.0.0.10".parse().unwrap()).unwrap();
        let err = subnet.take("10.0.0.10".parse().unwrap()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidIpAddressInUse);
    }

    #[test]
    fn an_address_outside_the_subnet_is_refused() {
        let mut subnet = block("10.0.0.0/24");
        let err = subnet.take("10.0.1.10".parse().unwrap()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidParameterValue);
    }

    #[test]
    fn a_full_subnet_reports_insufficient_free_addresses() {
        let mut subnet = block("10.0.0.0/28");
        let mut ids = IdGenerator::new(1);
        for _ in 0..11 {
            subnet.take_any(&mut ids).unwrap();
        }
        let err = subnet.take_any(&mut ids).unwrap_err();
        assert_eq!(err.code, ErrorCode::InsufficientFreeAddressesInSubnet);
    }

    #[test]
    fn every_address_of_a_slash_16_is_handed_out_once() {
        let mut subnet = block("10.1.0.0/16");
        let mut ids = IdGenerator::new(9);
        let mut seen = std::collections::HashSet::new();
        while let Ok(a) = subnet.take_any(&mut ids) {
            assert!(seen.insert(a));
        }
        assert_eq!(seen.len(), 65_536 - 5);
    }

    #[test]
    fn in_a_full_slash_16_the_one_released_address_is_found_again() {
        let mut subnet = block("10.1.0.0/16");
        let mut ids = IdGenerator::new(4);
        while subnet.take_any(&mut ids).is_ok() {}
        for freed in ["10.1.0.9", "10.1.128.77", "10.1.255.254"] {
            let freed: Ipv4Addr = freed.parse().unwrap();
            subnet.release(freed);
            assert_eq!(subnet.take_any(&mut ids), Ok(freed));
        }
    }

    #[test]
    fn a_released_address_can_be_taken_again() {
        let mut subnet = block("10.0.0.0/24");
        let a: Ipv4Addr = "10.0.0.20".parse().unwrap();
        subnet.take(a).unwrap();
        subnet.release(a);
        assert_eq!(subnet.available(), 251);
        subnet.take(a).unwrap();
    }
}
