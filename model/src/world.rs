//! The account: its Regions and the simulated clock. The root of all state.

use crate::clock::SimTime;
use crate::error::{Ec2Error, ErrorCode};
use crate::region::Region;
use std::collections::BTreeMap;
use std::sync::OnceLock;

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
///
/// Each Region is built, with its default VPC, the first time it is used: a Region's state
/// depends only on its own seed and the steps run in it, so when it is built changes
/// nothing, and an account that only ever uses one Region (the lab) never builds the
/// others.
#[derive(Debug, Clone)]
pub struct World {
    seed: u64,
    now: SimTime,
    regions: BTreeMap<&'static str, (usize, OnceLock<Region>)>,
}

impl World {
    /// A fresh account: every Region with its default VPC, the clock at its start.
    pub fn new(seed: u64) -> Self {
        let regions = REGIONS
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (*name, (i, OnceLock::new())))
            .collect();
        World {
            seed,
            now: SimTime::START,
            regions,
        }
    }

    /// Region `REGIONS[i]` as this account has it before any step ran in it, at the
    /// clock's time now.
    fn fresh_region(&self, i: usize) -> Region {
        let (name, zones) = REGIONS[i];
        let region_seed = self.seed ^ (0x5851_F42D_4C95_7F2D_u64.wrapping_mul(i as u64 + 1));
        let mut region = Region::new(name, zones, region_seed);
        region.clock_moved_to(self.now);
        region
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    /// Every Region, in name order.
    pub fn regions(&self) -> impl Iterator<Item = &Region> {
        self.regions
            .values()
            .map(|(i, cell)| cell.get_or_init(|| self.fresh_region(*i)))
    }

    /// A Region by name; an unknown one is refused as the AWS CLI would fail to reach it.
    pub fn region(&self, name: &str) -> Result<&Region, Ec2Error> {
        let (i, cell) = self.regions.get(name).ok_or_else(|| unknown_region(name))?;
        Ok(cell.get_or_init(|| self.fresh_region(*i)))
    }

    pub fn region_mut(&mut self, name: &str) -> Result<&mut Region, Ec2Error> {
        self.region(name)?;
        self.regions
            .get_mut(name)
            .and_then(|(_, cell)| cell.get_mut())
            .ok_or_else(|| unknown_region(name))
    }

    /// Moves the simulated clock forward (`netlab advance-time`); every Region built so
    /// far sees it, and one built later starts at the new time.
    pub fn advance_time(&mut self, seconds: u64) {
        self.now = self.now.plus_seconds(seconds);
        for region in self
            .regions
            .values_mut()
            .filter_map(|(_, cell)| cell.get_mut())
        {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything a Region holds, written out, to compare two Regions.
    fn state(world: &World, name: &str) -> String {
        format!("{:?}", world.region(name))
    }

    #[test]
    fn a_region_is_the_same_whenever_it_is_first_used() {
        let mut early = World::new(7);
        for name in ["eu-west-1", "us-east-1", "us-west-2"] {
            early.region(name).unwrap();
        }
        early.advance_time(3 * 3600);

        // Another Region used first, and the clock moved before this one is built.
        let mut late = World::new(7);
        late.region_mut("us-east-1").unwrap();
        late.advance_time(3 * 3600);
        for (name, _) in REGIONS {
            assert_eq!(state(&late, name), state(&early, name), "{name}");
        }
        assert_eq!(late.regions().count(), REGIONS.len());
    }

    #[test]
    fn an_unknown_region_is_refused() {
        let mut world = World::new(0);
        let error = world.region_mut("mars-north-1").unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidRegion);
        assert!(error.message.contains("us-east-1, us-west-2, eu-west-1"));
    }
}
