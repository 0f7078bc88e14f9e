//! The account: its Regions and the simulated clock. The root of all state.

use crate::clock::SimTime;
use crate::error::{Ec2Error, ErrorCode};
use crate::region::Region;
use std::collections::BTreeMap;

/// The Regions a fresh account has, with their Availability Zones.
pub const REGIONS: &[(&str, &[&str])] = &[
    (
        "us-east-1",
        &[
            "us-east-1a",
            "us-east-1b",
            "us-east-1c",
            "us-east-1d",
            "us-east-1e",
            "us-east-1f",
        ],
    ),
    (
        "us-west-2",
        &["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"],
    ),
    ("eu-west-1", &["eu-west-1a", "eu-west-1b", "eu-west-1c"]),
];

/// The Region a step runs in when it names none, as the AWS CLI's configured default.
pub const DEFAULT_REGION: &str = "us-east-1";

/// A whole simulated AWS account. Deterministic: the same seed and the same operations give
/// the same world. Cloning it is how a session keeps snapshots for undo.
#[derive(Debug, Clone)]
pub struct World {
    seed: u64,
    now: SimTime,
    regions: BTreeMap<&'static str, Region>,
}

impl World {
    /// A fresh account: every Region with its default VPC, the clock at its start.
    pub fn new(seed: u64) -> Self {
        let regions = REGIONS
            .iter()
            .enumerate()
            .map(|(i, (name, zones))| {
                let region_seed = seed ^ (0x5851_F42D_4C95_7F2D_u64.wrapping_mul(i as u64 + 1));
                (*name, Region::new(name, zones, region_seed))
            })
            .collect();
        World {
            seed,
            now: SimTime::START,
            regions,
        }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    pub fn regions(&self) -> impl Iterator<Item = &Region> {
        self.regions.values()
    }

    /// A Region by name; an unknown one is refused as the AWS CLI would fail to reach it.
    pub fn region(&self, name: &str) -> Result<&Region, Ec2Error> {
        self.regions.get(name).ok_or_else(|| unknown_region(name))
    }

    pub fn region_mut(&mut self, name: &str) -> Result<&mut Region, Ec2Error> {
        self.regions
            .get_mut(name)
            .ok_or_else(|| unknown_region(name))
    }

    /// Moves the simulated clock forward (`netlab advance-time`); every Region sees it.
    pub fn advance_time(&mut self, seconds: u64) {
        self.now = self.now.plus_seconds(seconds);
        for region in self.regions.values_mut() {
            region.clock_moved_to(self.now);
        }
    }
}

fn unknown_region(name: &str) -> Ec2Error {
    Ec2Error::new(
        ErrorCode::InvalidRegion,
        format!(
            "The region '{name}' is not simulated; use one of: {}",
            REGIONS
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
}
