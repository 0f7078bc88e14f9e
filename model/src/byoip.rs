//! Bring your own IP: a public IPv4 or IPv6 range the account owns, provisioned into a
//! Region as an address pool, advertised (or not) by AWS, and drawn from for Elastic IPs
//! or VPC IPv6 blocks (claims C29–C30).
//!
//! Sources: EC2 User Guide, "Bring your own IP addresses (BYOIP)"; EC2 API reference
//! (ProvisionByoipCidr, AdvertiseByoipCidr, WithdrawByoipCidr, DeprovisionByoipCidr,
//! ByoipCidr.State). What the simulation cannot know is not checked: the signed
//! authorization context is accepted as given, and documentation ranges may be brought.
//! Provisioning completes on the simulated clock within 168 hours (minutes for an IPv6
//! range that is not publicly advertisable); advertising and withdrawing within an hour.

use crate::clock::SimTime;
use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::ids::{Ipv6PoolId, PublicIpv4PoolId};
use crate::region::Region;
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde::Serialize;
use std::collections::BTreeSet;
use std::net::Ipv4Addr;

/// BYOIP ranges (IPv4 and IPv6 together) per Region [EC2 User Guide, BYOIP quotas].
pub const BYOIP_RANGES_PER_REGION: usize = 5;

/// `ByoipCidr.State`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByoipState {
    PendingProvision,
    Provisioned,
    ProvisionedNotPubliclyAdvertisable,
    PendingAdvertising,
    Advertised,
    PendingWithdrawal,
    PendingDeprovision,
    Deprovisioned,
}

impl ByoipState {
    pub fn name(self) -> &'static str {
        match self {
            ByoipState::PendingProvision => "pending-provision",
            ByoipState::Provisioned => "provisioned",
            ByoipState::ProvisionedNotPubliclyAdvertisable => {
                "provisioned-not-publicly-advertisable"
            }
            ByoipState::PendingAdvertising => "pending-advertising",
            ByoipState::Advertised => "advertised",
            ByoipState::PendingWithdrawal => "pending-withdrawal",
            ByoipState::PendingDeprovision => "pending-deprovision",
            ByoipState::Deprovisioned => "deprovisioned",
        }
    }

    /// Whether addresses can be allocated from the range's pool.
    fn has_pool(self) -> bool {
        matches!(
            self,
            ByoipState::Provisioned
                | ByoipState::ProvisionedNotPubliclyAdvertisable
                | ByoipState::PendingAdvertising
                | ByoipState::Advertised
                | ByoipState::PendingWithdrawal
        )
    }
}

/// The pool a provisioned range becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByoipPool {
    Ipv4(PublicIpv4PoolId),
    Ipv6(Ipv6PoolId),
}

impl std::fmt::Display for ByoipPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ByoipPool::Ipv4(id) => id.fmt(f),
            ByoipPool::Ipv6(id) => id.fmt(f),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ByoipCidr {
    pub cidr: IpNet,
    pub description: String,
    pub state: ByoipState,
    pub publicly_advertisable: bool,
    pub pool: ByoipPool,
    /// When the pending state in progress completes.
    pub(crate) settles_at: SimTime,
    /// Addresses (IPv4) handed out as Elastic IPs.
    pub(crate) allocated_v4: BTreeSet<Ipv4Addr>,
    /// Blocks (IPv6) given to VPCs.
    pub(crate) allocated_v6: BTreeSet<Ipv6Net>,
    pub(crate) seq: u64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ByoipCidrDescription {
    pub cidr: String,
    pub description: String,
    pub state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    pub network_border_group: &'static str,
    pub advertisement_type: &'static str,
}

#[derive(Debug, Clone)]
pub struct ProvisionByoipCidr {
    pub cidr: String,
    pub description: Option<String>,
    /// `--[no-]publicly-advertisable`; only an IPv6 range may opt out.
    pub publicly_advertisable: bool,
    pub authorization_message: Option<String>,
    pub authorization_signature: Option<String>,
}

/// A request as the API reads it when a flag is left out: the range is publicly
/// advertisable unless the caller opts out (EC2 API reference, ProvisionByoipCidr,
/// `PubliclyAdvertisable` defaults to true).
impl Default for ProvisionByoipCidr {
    fn default() -> Self {
        ProvisionByoipCidr {
            cidr: String::new(),
            description: None,
            publicly_advertisable: true,
            authorization_message: None,
            authorization_signature: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PublicIpv4PoolDescription {
    pub pool_id: PublicIpv4PoolId,
    pub description: String,
    pub pool_address_ranges: Vec<PoolAddressRange>,
    pub total_address_count: u64,
    pub total_available_address_count: u64,
    pub network_border_group: &'static str,
    pub tags: Vec<()>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PoolAddressRange {
    pub first_address: Ipv4Addr,
    pub last_address: Ipv4Addr,
    pub address_count: u64,
    pub available_address_count: u64,
}

fn incorrect_state(message: String) -> Ec2Error {
    // UNCONFIRMED code: EC2's answers to BYOIP misuse were not found; the refusals are documented.
    Ec2Error::new(ErrorCode::IncorrectState, message)
}

impl ByoipCidr {
    pub fn describe(&self, state: ByoipState, region: &'static str) -> ByoipCidrDescription {
        ByoipCidrDescription {
            cidr: self.cidr.to_string(),
            description: self.description.clone(),
            state: state.name(),
            status_message: state.has_pool().then(|| self.pool.to_string()),
            network_border_group: region,
            advertisement_type: "unicast",
        }
    }
}

impl Region {
    fn byoip_range(&self, text: &str) -> Ec2Result<(usize, IpNet)> {
        let cidr: IpNet = text.parse::<IpNet>().map(|n| n.trunc()).map_err(|_| {
            Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "Value ({text}) for parameter cidr is invalid. This is not a valid CIDR block."
                ),
            )
        })?;
        let index = self
            .byoip_cidrs
            .iter()
            .position(|b| b.cidr == cidr && b.state != ByoipState::Deprovisioned)
            .ok_or_else(|| {
                Ec2Error::new(
                    ErrorCode::InvalidByoipCidrNotFound,
                    format!("The CIDR '{cidr}' has not been provisioned in this Region."),
                )
            })?;
        Ok((index, cidr))
    }

    /// `ProvisionByoipCidr`: IPv4 no more specific than /24, IPv6 /48 (or /56 when not
    /// publicly advertisable); no overlap with a range already brought; five per Region.
    pub fn provision_byoip_cidr(
        &mut self,
        req: &ProvisionByoipCidr,
    ) -> Ec2Result<ByoipCidrDescription> {
        let cidr: IpNet = req.cidr.parse::<IpNet>().map(|n| n.trunc()).map_err(|_| {
            Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!(
                    "Value ({}) for parameter cidr is invalid. This is not a valid CIDR block.",
                    req.cidr
                ),
            )
        })?;
        let (limit, family) = match cidr {
            IpNet::V4(_) => (24, "IPv4"),
            IpNet::V6(_) if req.publicly_advertisable => (48, "IPv6"),
            IpNet::V6(_) => (56, "IPv6"),
        };
        if cidr.prefix_len() > limit {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!("The {family} CIDR {cidr} is too specific: the most specific prefix you can bring is /{limit}."),
            ));
        }
        if matches!(cidr, IpNet::V4(_)) && !req.publicly_advertisable {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                "Only IPv6 ranges can be provisioned as not publicly advertisable.",
            ));
        }
        let live: Vec<&ByoipCidr> = self
            .byoip_cidrs
            .iter()
            .filter(|b| b.state != ByoipState::Deprovisioned)
            .collect();
        if live
            .iter()
            .any(|b| b.cidr.contains(&cidr) || cidr.contains(&b.cidr))
        {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                format!("The CIDR {cidr} overlaps a range you have already brought."),
            ));
        }
        if live.len() >= BYOIP_RANGES_PER_REGION {
            return Err(Ec2Error::new(
                ErrorCode::ByoipCidrLimitExceeded,
                format!("You can bring at most {BYOIP_RANGES_PER_REGION} ranges to a Region."),
            ));
        }
        if matches!(cidr, IpNet::V4(_))
            && (req.authorization_message.is_none() || req.authorization_signature.is_none())
        {
            return Err(Ec2Error::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter CidrAuthorizationContext (Message and Signature).",
            ));
        }
        let delay_hours = if req.publicly_advertisable {
            1 + self.ids.below(168)
        } else {
            0
        };
        let settles_at = self.now.plus_seconds(delay_hours * 3600 + 600);
        let pool = match cidr {
            IpNet::V4(_) => ByoipPool::Ipv4(self.ids.id()),
            IpNet::V6(_) => ByoipPool::Ipv6(self.ids.id()),
        };
        let seq = self.next_seq();
        let range = ByoipCidr {
            cidr,
            description: req.description.clone().unwrap_or_default(),
            state: ByoipState::PendingProvision,
            publicly_advertisable: req.publicly_advertisable,
            pool,
            settles_at,
            allocated_v4: BTreeSet::new(),
            allocated_v6: BTreeSet::new(),
            seq,
        };
        let description = range.describe(ByoipState::PendingProvision, self.name);
        self.byoip_cidrs.push(range);
        Ok(description)
    }

    /// `AdvertiseByoipCidr`: only the whole provisioned, advertisable range. The response
    /// shows the state at the time of the call, as EC2's does.
    pub fn advertise_byoip_cidr(&mut self, text: &str) -> Ec2Result<ByoipCidrDescription> {
        let (index, cidr) = self.byoip_range(text)?;
        let now = self.now;
        let delay = 60 + self.ids.below(3000);
        let range = &mut self.byoip_cidrs[index];
        if range.state != ByoipState::Provisioned {
            return Err(incorrect_state(format!("The CIDR {cidr} is in state {}; only a provisioned, publicly advertisable range can be advertised.", range.state.name())));
        }
        range.state = ByoipState::PendingAdvertising;
        range.settles_at = now.plus_seconds(delay);
        Ok(range.describe(ByoipState::Provisioned, self.name))
    }

    /// `WithdrawByoipCidr`: stop advertising; the range stays provisioned.
    pub fn withdraw_byoip_cidr(&mut self, text: &str) -> Ec2Result<ByoipCidrDescription> {
        let (index, cidr) = self.byoip_range(text)?;
        let now = self.now;
        let delay = 60 + self.ids.below(3000);
        let range = &mut self.byoip_cidrs[index];
        if range.state != ByoipState::Advertised {
            return Err(incorrect_state(format!(
                "The CIDR {cidr} is in state {}; only an advertised range can be withdrawn.",
                range.state.name()
            )));
        }
        range.state = ByoipState::PendingWithdrawal;
        range.settles_at = now.plus_seconds(delay);
        Ok(range.describe(ByoipState::Advertised, self.name))
    }

    /// `DeprovisionByoipCidr`: only when no longer advertised and nothing is allocated from it.
    pub fn deprovision_byoip_cidr(&mut self, text: &str) -> Ec2Result<ByoipCidrDescription> {
        let (index, cidr) = self.byoip_range(text)?;
        let now = self.now;
        let range = &mut self.byoip_cidrs[index];
        match range.state {
            ByoipState::Provisioned | ByoipState::ProvisionedNotPubliclyAdvertisable => {}
            ByoipState::Advertised
            | ByoipState::PendingAdvertising
            | ByoipState::PendingWithdrawal => {
                return Err(incorrect_state(format!(
                    "The CIDR {cidr} is still advertised; withdraw it before deprovisioning."
                )))
            }
            other => {
                return Err(incorrect_state(format!(
                    "The CIDR {cidr} is in state {} and cannot be deprovisioned.",
                    other.name()
                )))
            }
        }
        if !range.allocated_v4.is_empty() || !range.allocated_v6.is_empty() {
            return Err(incorrect_state(format!(
                "The CIDR {cidr} still has addresses allocated from its pool ({} Elastic IPs, {} IPv6 blocks); release them first.",
                range.allocated_v4.len(),
                range.allocated_v6.len()
            )));
        }
        range.state = ByoipState::PendingDeprovision;
        range.settles_at = now.plus_seconds(3600);
        Ok(range.describe(ByoipState::PendingDeprovision, self.name))
    }

    /// `DescribeByoipCidrs`.
    pub fn describe_byoip_cidrs(&self) -> Vec<ByoipCidrDescription> {
        // Kept in the order they were provisioned.
        self.byoip_cidrs
            .iter()
            .map(|b| b.describe(b.state, self.name))
            .collect()
    }

    pub fn byoip_cidrs(&self) -> impl Iterator<Item = &ByoipCidr> {
        self.byoip_cidrs.iter()
    }

    /// `DescribePublicIpv4Pools`: the IPv4 pools of provisioned ranges.
    pub fn describe_public_ipv4_pools(
        &self,
        ids: &[PublicIpv4PoolId],
    ) -> Ec2Result<Vec<PublicIpv4PoolDescription>> {
        let pools: Vec<(&ByoipCidr, PublicIpv4PoolId, Ipv4Net)> = self
            .byoip_cidrs
            .iter()
            .filter(|b| b.state.has_pool())
            .filter_map(|b| match (b.pool, b.cidr) {
                (ByoipPool::Ipv4(id), IpNet::V4(net)) => Some((b, id, net)),
                _ => None,
            })
            .collect();
        for id in ids {
            if !pools.iter().any(|(_, pool, _)| pool == id) {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidPublicIpv4PoolIdNotFound,
                    format!("The pool ID '{id}' does not exist"),
                ));
            }
        }
        Ok(pools
            .into_iter()
            .filter(|(_, id, _)| ids.is_empty() || ids.contains(id))
            .map(|(range, pool_id, net)| {
                let total = 1u64 << (32 - u32::from(net.prefix_len()));
                let available = total - range.allocated_v4.len() as u64;
                PublicIpv4PoolDescription {
                    pool_id,
                    description: range.description.clone(),
                    pool_address_ranges: vec![PoolAddressRange {
                        first_address: net.network(),
                        last_address: net.broadcast(),
                        address_count: total,
                        available_address_count: available,
                    }],
                    total_address_count: total,
                    total_available_address_count: available,
                    network_border_group: self.name,
                    tags: Vec::new(),
                }
            })
            .collect())
    }

    fn pool_range_mut(&mut self, pool: ByoipPool) -> Ec2Result<&mut ByoipCidr> {
        self.byoip_cidrs
            .iter_mut()
            .find(|b| b.pool == pool && b.state.has_pool())
            .ok_or_else(|| {
                let code = match pool {
                    ByoipPool::Ipv4(_) => ErrorCode::InvalidPublicIpv4PoolIdNotFound,
                    ByoipPool::Ipv6(_) => ErrorCode::InvalidIpv6PoolIdNotFound,
                };
                Ec2Error::new(code, format!("The pool ID '{pool}' does not exist"))
            })
    }

    /// An address for an Elastic IP from a BYOIP pool: the one asked for, or the lowest free.
    pub(crate) fn take_from_byoip_pool(
        &mut self,
        pool: PublicIpv4PoolId,
        address: Option<Ipv4Addr>,
    ) -> Ec2Result<Ipv4Addr> {
        let range = self.pool_range_mut(ByoipPool::Ipv4(pool))?;
        let IpNet::V4(net) = range.cidr else {
            return Err(Ec2Error::new(
                ErrorCode::InvalidPublicIpv4PoolIdNotFound,
                format!("The pool ID '{pool}' does not exist"),
            ));
        };
        let chosen = match address {
            Some(a) if !net.contains(&a) => {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidParameterValue,
                    format!("Address {a} is not in pool {pool} ({net})."),
                ))
            }
            Some(a) if range.allocated_v4.contains(&a) => {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidIpAddressInUse,
                    format!("Address {a} is already allocated from pool {pool}."),
                ))
            }
            Some(a) => a,
            None => net
                .hosts()
                .find(|a| !range.allocated_v4.contains(a))
                .ok_or_else(|| {
                    Ec2Error::new(
                        ErrorCode::InsufficientFreeAddressesInSubnet,
                        format!("Pool {pool} has no free address."),
                    )
                })?,
        };
        range.allocated_v4.insert(chosen);
        Ok(chosen)
    }

    pub(crate) fn return_to_byoip_pool(&mut self, pool: PublicIpv4PoolId, address: Ipv4Addr) {
        if let Some(range) = self
            .byoip_cidrs
            .iter_mut()
            .find(|b| b.pool == ByoipPool::Ipv4(pool))
        {
            range.allocated_v4.remove(&address);
        }
    }

    /// A /56 for a VPC from a BYOIP IPv6 pool: the one asked for, or the lowest free.
    pub(crate) fn take_from_ipv6_pool(
        &mut self,
        pool: Ipv6PoolId,
        wanted: Option<&str>,
    ) -> Ec2Result<Ipv6Net> {
        let wanted = wanted
            .map(|text| {
                text.parse::<Ipv6Net>().map(|n| n.trunc()).map_err(|_| {
                    Ec2Error::new(
                        ErrorCode::InvalidParameterValue,
                        format!("Value ({text}) for parameter ipv6CidrBlock is invalid."),
                    )
                })
            })
            .transpose()?;
        let range = self.pool_range_mut(ByoipPool::Ipv6(pool))?;
        let IpNet::V6(net) = range.cidr else {
            return Err(Ec2Error::new(
                ErrorCode::InvalidIpv6PoolIdNotFound,
                format!("The pool ID '{pool}' does not exist"),
            ));
        };
        let chosen = match wanted {
            Some(block) if block.prefix_len() != 56 || !net.contains(&block) => {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidParameterValue,
                    format!("The block {block} must be a /56 inside pool {pool} ({net})."),
                ))
            }
            Some(block) if range.allocated_v6.contains(&block) => {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidParameterValue,
                    format!("The block {block} is already in use."),
                ))
            }
            Some(block) => block,
            None => net
                .subnets(56)
                .ok()
                .and_then(|mut blocks| blocks.find(|b| !range.allocated_v6.contains(b)))
                .ok_or_else(|| {
                    Ec2Error::new(
                        ErrorCode::InvalidParameterValue,
                        format!("Pool {pool} has no free /56 block."),
                    )
                })?,
        };
        range.allocated_v6.insert(chosen);
        Ok(chosen)
    }

    pub(crate) fn return_to_ipv6_pool(&mut self, pool: Ipv6PoolId, block: Ipv6Net) {
        if let Some(range) = self
            .byoip_cidrs
            .iter_mut()
            .find(|b| b.pool == ByoipPool::Ipv6(pool))
        {
            range.allocated_v6.remove(&block);
        }
    }

    /// Moves pending BYOIP states on once the simulated clock passes their completion time.
    pub(crate) fn settle_byoip(&mut self) {
        let now = self.now;
        for range in self.byoip_cidrs.iter_mut().filter(|b| b.settles_at <= now) {
            range.state = match range.state {
                ByoipState::PendingProvision if range.publicly_advertisable => {
                    ByoipState::Provisioned
                }
                ByoipState::PendingProvision => ByoipState::ProvisionedNotPubliclyAdvertisable,
                ByoipState::PendingAdvertising => ByoipState::Advertised,
                ByoipState::PendingWithdrawal => ByoipState::Provisioned,
                ByoipState::PendingDeprovision => ByoipState::Deprovisioned,
                settled => settled,
            };
        }
    }
}
