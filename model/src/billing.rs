//! Public IPv4 fees on the simulated clock, by the rule in force since 1 February 2024.
//!
//! Every public IPv4 address accrues while the account holds it, in use or idle: an
//! auto-assigned address from launch (or start) until it is released, an Elastic IP from
//! allocation until release. Addresses from a BYOIP pool accrue nothing. The free tier is not
//! modelled. (Until 31 January 2024 only idle or additional Elastic IPs were charged; the
//! course tells that history, the model does not follow it.)

use crate::clock::SimTime;
use crate::ids::AllocationId;
use crate::table::{address_bits, BitsMap};
use serde::Serialize;
use std::fmt;
use std::net::Ipv4Addr;

/// USD per public IPv4 address per hour, in ten-thousandths of a dollar: $0.005.
/// Source: AWS, "New – AWS Public IPv4 Address Charge" (announced 28 July 2023, in force
/// from 1 February 2024); the Amazon VPC pricing page lists the same rate.
pub const PUBLIC_IPV4_HOURLY_PRICE_TEN_THOUSANDTHS_USD: u64 = 50;

/// One stretch of time during which the account held one public IPv4 address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding {
    pub public_ip: Ipv4Addr,
    pub allocation_id: Option<AllocationId>,
    /// False for addresses from a BYOIP pool.
    pub billable: bool,
    pub from: SimTime,
    pub to: Option<SimTime>,
}

/// Every public IPv4 address the Region has held, with when.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    holdings: Vec<Holding>,
    /// Index: the holding of each address held now (its `to` is `None`), by the address's
    /// bits.
    open: BitsMap<usize>,
}

/// The holdings (the index of those open follows from them).
impl fmt::Debug for Ledger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ledger")
            .field("holdings", &self.holdings)
            .finish_non_exhaustive()
    }
}

impl Ledger {
    /// The account starts holding `public_ip` now.
    pub fn open(
        &mut self,
        public_ip: Ipv4Addr,
        allocation_id: Option<AllocationId>,
        billable: bool,
        now: SimTime,
    ) {
        self.open
            .insert(address_bits(public_ip), self.holdings.len());
        self.holdings.push(Holding {
            public_ip,
            allocation_id,
            billable,
            from: now,
            to: None,
        });
    }

    /// The account gives `public_ip` back now.
    pub fn close(&mut self, public_ip: Ipv4Addr, now: SimTime) {
        if let Some(index) = self.open.remove(&address_bits(public_ip)) {
            self.holdings[index].to = Some(now);
        }
    }

    pub fn holdings(&self) -> &[Holding] {
        &self.holdings
    }

    /// `netlab cost-report`: the fees accrued so far, per address and in total.
    pub fn cost_report(&self, now: SimTime) -> CostReport {
        let mut total = 0;
        let addresses = self
            .holdings
            .iter()
            .map(|h| {
                let seconds = h.to.unwrap_or(now).0.saturating_sub(h.from.0);
                let fee = if h.billable {
                    fee_ten_thousandths(seconds)
                } else {
                    0
                };
                total += fee;
                AddressCost {
                    public_ip: h.public_ip,
                    allocation_id: h.allocation_id,
                    hours: round4(seconds as f64 / 3600.0),
                    held: h.to.is_none(),
                    usd: usd(fee),
                }
            })
            .collect();
        CostReport {
            addresses,
            total_usd: usd(total),
            hourly_price_usd: usd(PUBLIC_IPV4_HOURLY_PRICE_TEN_THOUSANDTHS_USD),
        }
    }
}

/// The fee for `seconds` of holding, rounded to the nearest ten-thousandth of a dollar.
fn fee_ten_thousandths(seconds: u64) -> u64 {
    (seconds * PUBLIC_IPV4_HOURLY_PRICE_TEN_THOUSANDTHS_USD + 1800) / 3600
}

fn usd(ten_thousandths: u64) -> String {
    format!(
        "{}.{:04}",
        ten_thousandths / 10_000,
        ten_thousandths % 10_000
    )
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CostReport {
    pub addresses: Vec<AddressCost>,
    #[serde(rename = "TotalUsd")]
    pub total_usd: String,
    #[serde(rename = "HourlyPriceUsd")]
    pub hourly_price_usd: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddressCost {
    pub public_ip: Ipv4Addr,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocation_id: Option<AllocationId>,
    pub hours: f64,
    /// Whether the account still holds the address.
    pub held: bool,
    pub usd: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: u64 = 3600;

    #[test]
    fn every_held_public_address_accrues_half_a_cent_an_hour() {
        let mut ledger = Ledger::default();
        ledger.open("3.80.0.10".parse().unwrap(), None, true, SimTime(0));
        let report = ledger.cost_report(SimTime(10 * HOUR));
        assert_eq!(report.addresses[0].usd, "0.0500");
        assert_eq!(report.total_usd, "0.0500");
    }

    #[test]
    fn a_released_address_stops_accruing() {
        let mut ledger = Ledger::default();
        let ip = "3.80.0.10".parse().unwrap();
        ledger.open(ip, None, true, SimTime(0));
        ledger.close(ip, SimTime(2 * HOUR));
        assert_eq!(ledger.cost_report(SimTime(100 * HOUR)).total_usd, "0.0100");
    }

    #[test]
    fn byoip_addresses_accrue_nothing() {
        let mut ledger = Ledger::default();
        ledger.open("203.0.113.5".parse().unwrap(), None, false, SimTime(0));
        assert_eq!(ledger.cost_report(SimTime(1000 * HOUR)).total_usd, "0.0000");
    }
}
