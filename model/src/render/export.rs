//! The world as a script that rebuilds it: `export(world)` writes, for every Region that
//! differs from a fresh account, the AWS CLI steps (and `netlab` steps for the clock and
//! failures) that recreate its VPCs, subnets, internet gateways, route tables, security
//! groups, instances, network interfaces, Elastic IPs and BYOIP ranges.
//!
//! Ids are never written out: each resource the script makes is captured
//! (`VPC_1=$(aws ec2 create-vpc ... --query Vpc.VpcId --output text)`) and later steps
//! refer to the variable; the resources a fresh account already has (default VPC,
//! subnets, gateway, security groups) are looked up with `describe-*` filters the first
//! time a step needs them. Private IPv4 addresses are pinned (`--private-ip-address`).
//!
//! What cannot be reproduced, by design: public IPv4 addresses from Amazon's pool and
//! Amazon-provided IPv6 blocks (EC2 chooses them), MAC addresses, ids, and launch and
//! attachment times. Terminated instances and deleted resources are left out.
//! Known limits: instances launched together (`--count`) come back as separate launches;
//! a subnet's IPv6 /64 at a non-zero offset in an Amazon /56 is derived with
//! `${V6%00::/56}`, which fails in the 1 in 256 accounts whose /56 ends in `:0::`; the
//! export cannot move the clock backwards, so an account whose BYOIP ranges settled
//! sooner than 170 simulated hours shows a later clock; an interface created before the
//! instance it is primary for takes its public IPv4 setting from its subnet as it is now.

use std::collections::{BTreeMap, BTreeSet};

use ipnet::IpNet;

use super::cli::cli_line;
use crate::byoip::{ByoipCidr, ByoipPool, ByoipState};
use crate::instance::{Instance, InstanceState};
use crate::network_interface::NetworkInterface;
use crate::region::Region;
use crate::route_table::{Route, RouteTable, RouteTarget};
use crate::script::{Command, Part, Parts, Removal, Step, Text, Word, DEFAULT_REGION};
use crate::security_group::{Peer, Permission};
use crate::world::World;

/// Hours that settle any BYOIP provisioning (at most 168 hours and 10 minutes).
const PROVISION_HOURS: u64 = 169;
/// Hours that settle any BYOIP advertising, withdrawal or deprovisioning.
const ADVERTISE_HOURS: u64 = 1;

/// The world as a script that rebuilds it from a fresh account with the same seed.
pub fn export(world: &World) -> String {
    let fresh = World::new(world.seed());
    let mut out = Exporter::default();
    out.comment("# Rebuilds the simulated account. Public IPv4 addresses from Amazon's pool,");
    out.comment("# Amazon-provided IPv6 blocks, ids and MAC addresses will differ.");
    out.byoip(world);
    for region in world.regions() {
        let Ok(fresh_region) = fresh.region(region.name()) else {
            continue;
        };
        let mark = out.lines.len();
        out.region_resources(region, fresh_region);
        if out.lines.len() > mark {
            out.lines
                .insert(mark, format!("\n# Region {}", region.name()));
        }
    }
    let mut text = out.lines.join("\n");
    text.push('\n');
    text
}

/// Builds the script: its lines, the variables that hold ids, and where the clock is.
#[derive(Default)]
struct Exporter {
    lines: Vec<String>,
    /// Resource id → the variable holding its counterpart in the rebuilt world.
    vars: BTreeMap<String, String>,
    counters: BTreeMap<&'static str, usize>,
    /// Seconds the script has moved the clock so far.
    elapsed: u64,
    /// The Region of the steps being written.
    region: String,
}

/// What a region's resources are, for lookups of the ones a fresh account has.
struct Context<'a> {
    region: &'a Region,
    fresh: &'a Region,
    /// Primary interfaces created by the launch of their instance: interface → instance.
    launched_primary: BTreeMap<String, String>,
}

fn lit(text: impl Into<String>) -> Word {
    Word::literal(text)
}

fn var(name: &str) -> Word {
    Word {
        parts: Parts::one(Part::Var {
            name: name.into(),
            removal: None,
            quoted: true,
        }),
    }
}

/// A word made of text and references, in order.
fn concat(words: &[Word]) -> Word {
    let mut parts: Vec<Part> = Vec::new();
    for word in words {
        for part in &word.parts {
            match (parts.last_mut(), part) {
                (Some(Part::Literal(prev)), Part::Literal(next)) => prev.push_str(next),
                (_, Part::Literal(next)) if next.is_empty() => {}
                _ => parts.push(part.clone()),
            }
        }
    }
    if parts.is_empty() {
        parts.push(Part::Literal(Text::default()));
    }
    Word {
        parts: parts.into(),
    }
}

/// A shorthand value quoted when it holds a character the shorthand reads.
fn shorthand_text(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| {
            !matches!(c, ',' | '=' | '[' | ']' | '{' | '}' | '\'' | '"' | '\\')
                && !c.is_whitespace()
        });
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

impl Exporter {
    fn comment(&mut self, text: &str) {
        self.lines.push(text.to_string());
    }

    fn new_var(&mut self, prefix: &'static str) -> String {
        let n = self.counters.entry(prefix).or_insert(0);
        *n += 1;
        format!("{prefix}_{n}")
    }

    fn with_region(&self, mut args: Vec<Word>) -> Vec<Word> {
        if self.region != DEFAULT_REGION {
            args.push(lit("--region"));
            args.push(lit(self.region.clone()));
        }
        args
    }

    fn step(&mut self, capture: Option<String>, command: Command) {
        let step = Step {
            line: 0,
            capture,
            command,
        };
        self.lines.push(cli_line(&step));
    }

    /// `aws ec2 OPERATION ARGS... [--region R]`.
    fn aws(&mut self, operation: &str, args: Vec<Word>) {
        let args = self.with_region(args).into();
        self.step(
            None,
            Command::Aws {
                operation: operation.to_string(),
                args,
            },
        );
    }

    /// `NAME=$(aws ec2 OPERATION ARGS... --query QUERY --output text)`; returns NAME.
    fn capture(
        &mut self,
        prefix: &'static str,
        operation: &str,
        mut args: Vec<Word>,
        query: &str,
    ) -> String {
        let name = self.new_var(prefix);
        args.extend([lit("--query"), lit(query), lit("--output"), lit("text")]);
        let args = self.with_region(args).into();
        self.step(
            Some(name.clone()),
            Command::Aws {
                operation: operation.to_string(),
                args,
            },
        );
        name
    }

    fn netlab(&mut self, operation: &str, args: Vec<Word>) {
        let args = self.with_region(args).into();
        self.step(
            None,
            Command::Netlab {
                operation: operation.to_string(),
                args,
            },
        );
    }

    /// `netlab advance-time` by whole seconds, in the largest exact unit.
    fn advance(&mut self, seconds: u64) {
        if seconds == 0 {
            return;
        }
        let (flag, amount) = if seconds.is_multiple_of(3600) {
            ("--hours", (seconds / 3600).to_string())
        } else if seconds.is_multiple_of(60) {
            ("--minutes", (seconds / 60).to_string())
        } else {
            ("--hours", (seconds as f64 / 3600.0).to_string())
        };
        let region = std::mem::replace(&mut self.region, DEFAULT_REGION.to_string());
        self.netlab("advance-time", vec![lit(flag), lit(amount)]);
        self.region = region;
        self.elapsed += seconds;
    }

    // ----- BYOIP, for every Region at once (the clock is the account's) -----

    fn byoip(&mut self, world: &World) {
        let ranges: Vec<(&Region, &ByoipCidr)> = world
            .regions()
            .flat_map(|r| {
                let mut list: Vec<&ByoipCidr> = r.byoip_cidrs().collect();
                list.sort_by_key(|b| b.seq);
                list.into_iter().map(move |b| (r, b))
            })
            .collect();
        let settled: Vec<(&Region, &ByoipCidr)> = ranges
            .iter()
            .copied()
            .filter(|(_, b)| b.state != ByoipState::PendingProvision)
            .collect();
        if !ranges.is_empty() {
            self.comment(
                "\n# Bring your own IP: provision, then let the simulated clock settle each step",
            );
        }
        for (region, range) in &settled {
            self.region = region.name().to_string();
            self.provision(range);
        }
        if !settled.is_empty() {
            self.advance(PROVISION_HOURS * 3600);
        }
        let mut moved = false;
        for (region, range) in &settled {
            self.region = region.name().to_string();
            let cidr = range.cidr.to_string();
            match range.state {
                ByoipState::Advertised | ByoipState::PendingWithdrawal => {
                    self.aws("advertise-byoip-cidr", vec![lit("--cidr"), lit(cidr)]);
                    moved = true;
                }
                ByoipState::Deprovisioned => {
                    self.aws("deprovision-byoip-cidr", vec![lit("--cidr"), lit(cidr)]);
                    moved = true;
                }
                _ => {}
            }
        }
        if moved {
            self.advance(ADVERTISE_HOURS * 3600);
        }
        self.capture_pools(world, &settled);
        let target = world.now().0;
        if target > self.elapsed {
            self.comment("\n# The simulated clock, as it was");
            self.advance(target - self.elapsed);
        }
        for (region, range) in &ranges {
            self.region = region.name().to_string();
            let cidr = range.cidr.to_string();
            match range.state {
                ByoipState::PendingWithdrawal => {
                    self.aws("withdraw-byoip-cidr", vec![lit("--cidr"), lit(cidr)])
                }
                ByoipState::PendingAdvertising => {
                    self.aws("advertise-byoip-cidr", vec![lit("--cidr"), lit(cidr)])
                }
                ByoipState::PendingDeprovision => {
                    self.aws("deprovision-byoip-cidr", vec![lit("--cidr"), lit(cidr)])
                }
                ByoipState::PendingProvision => self.provision(range),
                _ => {}
            }
        }
        self.region = DEFAULT_REGION.to_string();
    }

    fn provision(&mut self, range: &ByoipCidr) {
        let mut args = vec![
            lit("--cidr"),
            lit(range.cidr.to_string()),
            lit("--cidr-authorization-context"),
            lit("Message=netlab-export,Signature=netlab-export"),
        ];
        if !range.description.is_empty() {
            args.extend([lit("--description"), lit(range.description.clone())]);
        }
        if !range.publicly_advertisable {
            args.push(lit("--no-publicly-advertisable"));
        }
        self.aws("provision-byoip-cidr", args);
    }

    /// Captures the pool of every settled range something draws from, while the list of
    /// pools is exactly the settled ranges (before any later step changes it).
    fn capture_pools(&mut self, world: &World, settled: &[(&Region, &ByoipCidr)]) {
        let mut used: BTreeSet<String> = BTreeSet::new();
        for region in world.regions() {
            for eip in region.elastic_ips() {
                if let Some(pool) = eip.pool {
                    used.insert(pool.to_string());
                }
            }
            for vpc in region.vpcs() {
                for block in &vpc.ipv6_blocks {
                    if let Some(pool) = block.pool {
                        used.insert(pool.to_string());
                    }
                }
            }
        }
        let mut by_region: BTreeMap<&str, Vec<&ByoipCidr>> = BTreeMap::new();
        for (region, range) in settled {
            by_region.entry(region.name()).or_default().push(range);
        }
        for (region, ranges) in by_region {
            self.region = region.to_string();
            let ipv4_pools: Vec<&ByoipCidr> = ranges
                .iter()
                .copied()
                .filter(|b| {
                    matches!(b.pool, ByoipPool::Ipv4(_)) && b.state != ByoipState::Deprovisioned
                })
                .collect();
            for (k, range) in ranges.iter().enumerate() {
                let pool = range.pool.to_string();
                if !used.contains(&pool) {
                    continue;
                }
                let name = match range.pool {
                    ByoipPool::Ipv4(_) => {
                        let index = ipv4_pools
                            .iter()
                            .position(|b| b.seq == range.seq)
                            .unwrap_or(0);
                        self.capture(
                            "POOL",
                            "describe-public-ipv4-pools",
                            Vec::new(),
                            &format!("PublicIpv4Pools[{index}].PoolId"),
                        )
                    }
                    ByoipPool::Ipv6(_) => {
                        // The model names a range's pool in its StatusMessage (EC2 itself
                        // lists IPv6 pools with describe-ipv6-pools).
                        self.capture(
                            "POOL",
                            "describe-byoip-cidrs",
                            vec![lit("--max-results"), lit("100")],
                            &format!("ByoipCidrs[{k}].StatusMessage"),
                        )
                    }
                };
                self.vars.insert(pool, name);
            }
        }
    }

    // ----- one Region's resources -----

    fn region_resources(&mut self, region: &Region, fresh: &Region) {
        self.region = region.name().to_string();
        let init_seq = fresh_max_seq(fresh);
        let live: BTreeMap<String, &Instance> = region
            .instances()
            .filter(|i| {
                i.state != InstanceState::Terminated && i.state != InstanceState::ShuttingDown
            })
            .map(|i| (i.id.to_string(), i))
            .collect();
        let mut launched_primary = BTreeMap::new();
        for eni in region.network_interfaces() {
            if let Some(a) = &eni.attachment {
                if let Some(instance) = live.get(&a.instance_id.to_string()) {
                    if a.device_index == 0 && eni.seq > instance.seq {
                        launched_primary.insert(eni.id.to_string(), instance.id.to_string());
                    }
                }
            }
        }
        let ctx = Context {
            region,
            fresh,
            launched_primary,
        };
        self.vpcs_and_groups(&ctx, init_seq);
        self.gateways(&ctx, init_seq);
        self.subnets(&ctx, init_seq);
        self.group_rules(&ctx, init_seq);
        self.interfaces_and_instances(&ctx, &live);
        self.routes(&ctx, init_seq);
        self.elastic_ips(&ctx);
        self.instance_states(&live);
    }

    /// The variable for a resource id, looking up a resource the fresh account has the
    /// first time it is needed; the id itself when there is nothing to refer to.
    fn id(&mut self, ctx: &Context<'_>, id: &str) -> Word {
        if let Some(name) = self.vars.get(id) {
            return var(name);
        }
        match self.lookup(ctx, id) {
            Some(name) => {
                self.vars.insert(id.to_string(), name.clone());
                var(&name)
            }
            None => lit(id),
        }
    }

    fn lookup(&mut self, ctx: &Context<'_>, id: &str) -> Option<String> {
        let r = ctx.fresh;
        if r.vpcs().any(|v| v.is_default && v.id.to_string() == id) {
            return Some(self.capture(
                "VPC",
                "describe-vpcs",
                vec![lit("--filters"), lit("Name=is-default,Values=true")],
                "Vpcs[0].VpcId",
            ));
        }
        if let Some(subnet) = r
            .subnets()
            .find(|s| s.default_for_az && s.id.to_string() == id)
        {
            return Some(self.capture(
                "SUBNET",
                "describe-subnets",
                vec![
                    lit("--filters"),
                    lit("Name=default-for-az,Values=true"),
                    lit(format!(
                        "Name=availability-zone,Values={}",
                        subnet.availability_zone
                    )),
                ],
                "Subnets[0].SubnetId",
            ));
        }
        if let Some(vpc) = ctx
            .region
            .vpcs()
            .find(|v| v.default_security_group.to_string() == id)
        {
            let vpc_word = self.id(ctx, &vpc.id.to_string());
            return Some(self.capture(
                "SG",
                "describe-security-groups",
                vec![
                    lit("--filters"),
                    concat(&[lit("Name=vpc-id,Values="), vpc_word]),
                    lit("Name=group-name,Values=default"),
                ],
                "SecurityGroups[0].GroupId",
            ));
        }
        if let Some(gateway) = r.internet_gateways().find(|g| g.id.to_string() == id) {
            let vpc = gateway.attached_vpc?.to_string();
            let vpc_word = self.id(ctx, &vpc);
            return Some(self.capture(
                "IGW",
                "describe-internet-gateways",
                vec![
                    lit("--filters"),
                    concat(&[lit("Name=attachment.vpc-id,Values="), vpc_word]),
                ],
                "InternetGateways[0].InternetGatewayId",
            ));
        }
        if let Some(table) = ctx
            .region
            .route_tables()
            .find(|t| t.main && t.id.to_string() == id)
        {
            let vpc_word = self.id(ctx, &table.vpc_id.to_string());
            return Some(self.capture(
                "RTB",
                "describe-route-tables",
                vec![
                    lit("--filters"),
                    concat(&[lit("Name=vpc-id,Values="), vpc_word]),
                    lit("Name=association.main,Values=true"),
                ],
                "RouteTables[0].RouteTableId",
            ));
        }
        if let Some(instance) = ctx.launched_primary.get(id).cloned() {
            let instance_word = self.id(ctx, &instance);
            return Some(self.capture(
                "ENI",
                "describe-network-interfaces",
                vec![
                    lit("--filters"),
                    concat(&[lit("Name=attachment.instance-id,Values="), instance_word]),
                    lit("Name=attachment.device-index,Values=0"),
                ],
                "NetworkInterfaces[0].NetworkInterfaceId",
            ));
        }
        None
    }

    fn vpcs_and_groups(&mut self, ctx: &Context<'_>, init_seq: u64) {
        enum Item<'a> {
            Vpc(&'a crate::vpc::Vpc),
            Group(&'a crate::security_group::SecurityGroup),
            Table(&'a RouteTable),
        }
        let default_groups: BTreeSet<String> = ctx
            .region
            .vpcs()
            .map(|v| v.default_security_group.to_string())
            .collect();
        let mut items: Vec<(u64, Item<'_>)> = Vec::new();
        for vpc in ctx.region.vpcs() {
            if vpc.seq <= init_seq {
                self.vpc_blocks(ctx, vpc, 1, 0);
            } else {
                items.push((vpc.seq, Item::Vpc(vpc)));
            }
        }
        for group in ctx.region.security_groups() {
            if group.seq > init_seq && !default_groups.contains(&group.id.to_string()) {
                items.push((group.seq, Item::Group(group)));
            }
        }
        for table in ctx.region.route_tables() {
            if table.seq > init_seq && !table.main {
                items.push((table.seq, Item::Table(table)));
            }
        }
        items.sort_by_key(|(seq, _)| *seq);
        for (_, item) in items {
            match item {
                Item::Table(table) => {
                    let vpc_word = self.id(ctx, &table.vpc_id.to_string());
                    let name = self.capture(
                        "RTB",
                        "create-route-table",
                        vec![lit("--vpc-id"), vpc_word],
                        "RouteTable.RouteTableId",
                    );
                    self.vars.insert(table.id.to_string(), name);
                }
                Item::Vpc(vpc) => {
                    let mut args = vec![lit("--cidr-block"), lit(vpc.cidr_block.to_string())];
                    let amazon_first = vpc.ipv6_blocks.first().is_some_and(|b| b.pool.is_none());
                    if amazon_first {
                        args.push(lit("--amazon-provided-ipv6-cidr-block"));
                    }
                    let name = self.capture("VPC", "create-vpc", args, "Vpc.VpcId");
                    self.vars.insert(vpc.id.to_string(), name);
                    self.vpc_blocks(ctx, vpc, 1, usize::from(amazon_first));
                }
                Item::Group(group) => {
                    let vpc_word = self.id(ctx, &group.vpc_id.to_string());
                    let name = self.capture(
                        "SG",
                        "create-security-group",
                        vec![
                            lit("--group-name"),
                            lit(group.name.clone()),
                            lit("--description"),
                            lit(group.description.clone()),
                            lit("--vpc-id"),
                            vpc_word,
                        ],
                        "GroupId",
                    );
                    self.vars.insert(group.id.to_string(), name);
                }
            }
        }
    }

    /// A VPC's IPv4 blocks from `ipv4_from` and IPv6 blocks from `ipv6_from` on.
    fn vpc_blocks(
        &mut self,
        ctx: &Context<'_>,
        vpc: &crate::vpc::Vpc,
        ipv4_from: usize,
        ipv6_from: usize,
    ) {
        for block in vpc.ipv4_blocks.iter().skip(ipv4_from) {
            let vpc_word = self.id(ctx, &vpc.id.to_string());
            self.aws(
                "associate-vpc-cidr-block",
                vec![
                    lit("--vpc-id"),
                    vpc_word,
                    lit("--cidr-block"),
                    lit(block.cidr_block.to_string()),
                ],
            );
        }
        for block in vpc.ipv6_blocks.iter().skip(ipv6_from) {
            let vpc_word = self.id(ctx, &vpc.id.to_string());
            let mut args = vec![lit("--vpc-id"), vpc_word];
            match block.pool {
                None => args.push(lit("--amazon-provided-ipv6-cidr-block")),
                Some(pool) => {
                    let pool_word = self.id(ctx, &pool.to_string());
                    args.extend([
                        lit("--ipv6-pool"),
                        pool_word,
                        lit("--ipv6-cidr-block"),
                        lit(block.cidr_block.to_string()),
                    ]);
                }
            }
            self.aws("associate-vpc-cidr-block", args);
        }
    }

    fn gateways(&mut self, ctx: &Context<'_>, init_seq: u64) {
        for gateway in ctx.region.internet_gateways() {
            let id = gateway.id.to_string();
            if gateway.seq <= init_seq {
                let was = ctx
                    .fresh
                    .internet_gateways()
                    .find(|g| g.id == gateway.id)
                    .and_then(|g| g.attached_vpc);
                if was == gateway.attached_vpc {
                    continue;
                }
                let igw = self.id(ctx, &id);
                if let Some(vpc) = was {
                    let vpc_word = self.id(ctx, &vpc.to_string());
                    self.aws(
                        "detach-internet-gateway",
                        vec![
                            lit("--internet-gateway-id"),
                            igw.clone(),
                            lit("--vpc-id"),
                            vpc_word,
                        ],
                    );
                }
            } else {
                let name = self.capture(
                    "IGW",
                    "create-internet-gateway",
                    Vec::new(),
                    "InternetGateway.InternetGatewayId",
                );
                self.vars.insert(id.clone(), name);
            }
            if let Some(vpc) = gateway.attached_vpc {
                let igw = self.id(ctx, &id);
                let vpc_word = self.id(ctx, &vpc.to_string());
                self.aws(
                    "attach-internet-gateway",
                    vec![lit("--internet-gateway-id"), igw, lit("--vpc-id"), vpc_word],
                );
            }
        }
    }

    fn subnets(&mut self, ctx: &Context<'_>, init_seq: u64) {
        for gone in ctx
            .fresh
            .subnets()
            .filter(|s| ctx.region.subnet(s.id).is_err())
        {
            let subnet = self.id(ctx, &gone.id.to_string());
            self.aws("delete-subnet", vec![lit("--subnet-id"), subnet]);
        }
        for subnet in ctx.region.subnets() {
            let id = subnet.id.to_string();
            let (map_public, assign_ipv6) = if subnet.seq <= init_seq {
                let before = ctx.fresh.subnet(subnet.id).ok();
                let map = before.map(|s| s.map_public_ip_on_launch);
                let assign = before.map(|s| s.assign_ipv6_address_on_creation);
                if let Some(block) = &subnet.ipv6_block {
                    let block_word = self.subnet_ipv6_word(ctx, subnet.vpc_id, block.cidr_block);
                    let subnet_word = self.id(ctx, &id);
                    self.aws(
                        "associate-subnet-cidr-block",
                        vec![
                            lit("--subnet-id"),
                            subnet_word,
                            lit("--ipv6-cidr-block"),
                            block_word,
                        ],
                    );
                }
                (map, assign)
            } else {
                let vpc_word = self.id(ctx, &subnet.vpc_id.to_string());
                let mut args = vec![
                    lit("--vpc-id"),
                    vpc_word,
                    lit("--cidr-block"),
                    lit(subnet.cidr_block.to_string()),
                    lit("--availability-zone"),
                    lit(subnet.availability_zone),
                ];
                if let Some(block) = &subnet.ipv6_block {
                    let block_word = self.subnet_ipv6_word(ctx, subnet.vpc_id, block.cidr_block);
                    args.extend([lit("--ipv6-cidr-block"), block_word]);
                }
                let name = self.capture("SUBNET", "create-subnet", args, "Subnet.SubnetId");
                self.vars.insert(id.clone(), name);
                (Some(false), Some(false))
            };
            for (flag, before, now) in [
                (
                    "map-public-ip-on-launch",
                    map_public,
                    subnet.map_public_ip_on_launch,
                ),
                (
                    "assign-ipv6-address-on-creation",
                    assign_ipv6,
                    subnet.assign_ipv6_address_on_creation,
                ),
            ] {
                if before != Some(now) {
                    let subnet_word = self.id(ctx, &id);
                    let flag = if now {
                        format!("--{flag}")
                    } else {
                        format!("--no-{flag}")
                    };
                    self.aws(
                        "modify-subnet-attribute",
                        vec![lit("--subnet-id"), subnet_word, lit(flag)],
                    );
                }
            }
        }
    }

    /// A subnet's IPv6 /64: literal inside a BYOIP block; derived from the VPC's captured
    /// Amazon /56 otherwise (`"${V6%::/56}::/64"`, or `"${V6%00::/56}2a::/64"` at offset 0x2a).
    fn subnet_ipv6_word(
        &mut self,
        ctx: &Context<'_>,
        vpc_id: crate::ids::VpcId,
        cidr: ipnet::Ipv6Net,
    ) -> Word {
        let Ok(vpc) = ctx.region.vpc(vpc_id) else {
            return lit(cidr.to_string());
        };
        let Some((index, block)) = vpc
            .ipv6_blocks
            .iter()
            .enumerate()
            .find(|(_, b)| b.cidr_block.contains(&cidr))
        else {
            return lit(cidr.to_string());
        };
        if block.pool.is_some() || block.cidr_block.prefix_len() != 56 {
            return lit(cidr.to_string());
        }
        let key = format!("{}#ipv6-{index}", vpc.id);
        let name = match self.vars.get(&key) {
            Some(name) => name.clone(),
            None => {
                let vpc_word = self.id(ctx, &vpc.id.to_string());
                let name = self.capture(
                    "V6",
                    "describe-vpcs",
                    vec![lit("--vpc-ids"), vpc_word],
                    &format!("Vpcs[0].Ipv6CidrBlockAssociationSet[{index}].Ipv6CidrBlock"),
                );
                self.vars.insert(key, name.clone());
                name
            }
        };
        let offset = (u128::from(cidr.network()) - u128::from(block.cidr_block.network())) >> 64;
        let (suffix, tail) = if offset == 0 {
            ("::/56".to_string(), "::/64".to_string())
        } else {
            ("00::/56".to_string(), format!("{offset:02x}::/64"))
        };
        Word {
            parts: Parts::from(vec![
                Part::Var {
                    name: name.into(),
                    removal: Some(Box::new(Removal::Suffix(suffix))),
                    quoted: true,
                },
                Part::Literal(tail.into()),
            ]),
        }
    }

    fn group_rules(&mut self, ctx: &Context<'_>, init_seq: u64) {
        let default_groups: BTreeSet<String> = ctx
            .region
            .vpcs()
            .map(|v| v.default_security_group.to_string())
            .collect();
        for group in ctx.region.security_groups() {
            let expected: Vec<Permission> = if group.seq <= init_seq {
                ctx.fresh
                    .security_group(group.id)
                    .map(|g| g.ingress.iter().map(|r| r.permission.clone()).collect())
                    .unwrap_or_default()
            } else if default_groups.contains(&group.id.to_string()) {
                vec![Permission {
                    protocol: "-1".into(),
                    from_port: -1,
                    to_port: -1,
                    peer: Peer::Group(group.id),
                }]
            } else {
                Vec::new()
            };
            let actual: Vec<Permission> =
                group.ingress.iter().map(|r| r.permission.clone()).collect();
            let to_add: Vec<Permission> = if actual.starts_with(&expected) {
                actual[expected.len()..].to_vec()
            } else {
                for permission in &expected {
                    self.rule(
                        ctx,
                        "revoke-security-group-ingress",
                        &group.id.to_string(),
                        permission,
                    );
                }
                actual
            };
            for permission in &to_add {
                self.rule(
                    ctx,
                    "authorize-security-group-ingress",
                    &group.id.to_string(),
                    permission,
                );
            }
        }
    }

    /// One rule in `--ip-permissions` shorthand.
    fn rule(&mut self, ctx: &Context<'_>, operation: &str, group: &str, p: &Permission) {
        let group_word = self.id(ctx, group);
        let mut head = format!("IpProtocol={}", p.protocol);
        if p.protocol != "-1" {
            head.push_str(&format!(",FromPort={},ToPort={}", p.from_port, p.to_port));
        }
        let permission = match &p.peer {
            Peer::Cidr(IpNet::V4(net)) => lit(format!("{head},IpRanges=[{{CidrIp={net}}}]")),
            Peer::Cidr(IpNet::V6(net)) => lit(format!("{head},Ipv6Ranges=[{{CidrIpv6={net}}}]")),
            Peer::Group(g) => {
                let peer = self.id(ctx, &g.to_string());
                concat(&[
                    lit(format!("{head},UserIdGroupPairs=[{{GroupId=")),
                    peer,
                    lit("}]"),
                ])
            }
        };
        self.aws(
            operation,
            vec![
                lit("--group-id"),
                group_word,
                lit("--ip-permissions"),
                permission,
            ],
        );
    }

    fn interfaces_and_instances(&mut self, ctx: &Context<'_>, live: &BTreeMap<String, &Instance>) {
        enum Item<'a> {
            Eni(&'a NetworkInterface),
            Instance(&'a Instance),
        }
        let mut items: Vec<(u64, Item<'_>)> = Vec::new();
        for eni in ctx.region.network_interfaces() {
            if !ctx.launched_primary.contains_key(&eni.id.to_string()) {
                items.push((eni.seq, Item::Eni(eni)));
            }
        }
        for instance in live.values() {
            items.push((instance.seq, Item::Instance(instance)));
        }
        items.sort_by_key(|(seq, _)| *seq);
        let mut made: BTreeSet<String> = BTreeSet::new();
        for (_, item) in items {
            match item {
                Item::Eni(eni) => {
                    self.create_interface(ctx, eni);
                    made.insert(eni.id.to_string());
                    if let Some(a) = &eni.attachment {
                        if made.contains(&a.instance_id.to_string()) && a.device_index > 0 {
                            self.attach(ctx, eni);
                        }
                    }
                }
                Item::Instance(instance) => {
                    self.launch(ctx, instance);
                    made.insert(instance.id.to_string());
                    for (device, eni_id) in &instance.interfaces {
                        if *device > 0 && made.contains(&eni_id.to_string()) {
                            if let Ok(eni) = ctx.region.network_interface(*eni_id) {
                                self.attach(ctx, eni);
                            }
                        }
                    }
                }
            }
        }
    }

    fn groups_differ(&self, ctx: &Context<'_>, eni: &NetworkInterface) -> bool {
        let default = ctx
            .region
            .vpc(eni.vpc_id)
            .map(|v| v.default_security_group)
            .ok();
        !(eni.groups.len() == 1 && eni.groups.first().copied() == default)
    }

    fn ipv6_count(ctx: &Context<'_>, eni: &NetworkInterface) -> Option<usize> {
        let has_block = ctx
            .region
            .subnet(eni.subnet_id)
            .is_ok_and(|s| s.ipv6_block.is_some());
        has_block.then_some(eni.ipv6_addresses.len())
    }

    fn create_interface(&mut self, ctx: &Context<'_>, eni: &NetworkInterface) {
        let subnet = self.id(ctx, &eni.subnet_id.to_string());
        let mut args = vec![
            lit("--subnet-id"),
            subnet,
            lit("--private-ip-address"),
            lit(eni.primary_private_ip().to_string()),
        ];
        if !eni.description.is_empty() {
            args.extend([lit("--description"), lit(eni.description.clone())]);
        }
        if self.groups_differ(ctx, eni) {
            args.push(lit("--groups"));
            for g in &eni.groups {
                let word = self.id(ctx, &g.to_string());
                args.push(word);
            }
        }
        if let Some(n) = Self::ipv6_count(ctx, eni) {
            args.extend([lit("--ipv6-address-count"), lit(n.to_string())]);
        }
        let name = self.capture(
            "ENI",
            "create-network-interface",
            args,
            "NetworkInterface.NetworkInterfaceId",
        );
        self.vars.insert(eni.id.to_string(), name);
        self.interface_settings(ctx, eni);
    }

    /// What an interface has beyond what its creation gave it.
    fn interface_settings(&mut self, ctx: &Context<'_>, eni: &NetworkInterface) {
        let secondary: Vec<Word> = eni
            .private_ips
            .iter()
            .skip(1)
            .map(|ip| lit(ip.address.to_string()))
            .collect();
        if !secondary.is_empty() {
            let eni_word = self.id(ctx, &eni.id.to_string());
            let mut args = vec![
                lit("--network-interface-id"),
                eni_word,
                lit("--private-ip-addresses"),
            ];
            args.extend(secondary);
            self.aws("assign-private-ip-addresses", args);
        }
        if !eni.source_dest_check {
            let eni_word = self.id(ctx, &eni.id.to_string());
            self.aws(
                "modify-network-interface-attribute",
                vec![
                    lit("--network-interface-id"),
                    eni_word,
                    lit("--no-source-dest-check"),
                ],
            );
        }
    }

    fn launch(&mut self, ctx: &Context<'_>, instance: &Instance) {
        let mut args = vec![
            lit("--image-id"),
            lit(instance.image_id.clone()),
            lit("--instance-type"),
            lit(instance.instance_type.name),
        ];
        if instance.hibernation_configured {
            args.extend([lit("--hibernation-options"), lit("Configured=true")]);
        }
        let primary = instance
            .primary_interface()
            .and_then(|id| ctx.region.network_interface(id).ok());
        let launched = primary.filter(|eni| ctx.launched_primary.contains_key(&eni.id.to_string()));
        let mut fix_delete_on_termination = None;
        match (primary, launched) {
            (_, Some(eni)) => {
                let subnet = self.id(ctx, &eni.subnet_id.to_string());
                let mut spec = vec![
                    lit("DeviceIndex=0,SubnetId="),
                    subnet,
                    lit(format!(",PrivateIpAddress={}", eni.primary_private_ip())),
                ];
                if self.groups_differ(ctx, eni) {
                    spec.push(lit(",Groups=["));
                    for (i, g) in eni.groups.iter().enumerate() {
                        if i > 0 {
                            spec.push(lit(","));
                        }
                        let word = self.id(ctx, &g.to_string());
                        spec.push(word);
                    }
                    spec.push(lit("]"));
                }
                let delete = eni
                    .attachment
                    .as_ref()
                    .is_none_or(|a| a.delete_on_termination);
                // A running instance that lost its auto-assigned address (a stop and start
                // with two interfaces attached) is launched without one.
                let lost = instance.state == InstanceState::Running
                    && eni
                        .private_ips
                        .first()
                        .is_some_and(|ip| ip.public.is_none());
                let public = eni.auto_assign_public_ip && !lost;
                spec.push(lit(format!(
                    ",AssociatePublicIpAddress={public},DeleteOnTermination={delete}"
                )));
                if !eni.description.is_empty() {
                    spec.push(lit(format!(
                        ",Description={}",
                        shorthand_text(&eni.description)
                    )));
                }
                if let Some(n) = Self::ipv6_count(ctx, eni) {
                    spec.push(lit(format!(",Ipv6AddressCount={n}")));
                }
                args.extend([lit("--network-interfaces"), concat(&spec)]);
            }
            (Some(eni), None) => {
                let eni_word = self.id(ctx, &eni.id.to_string());
                args.extend([
                    lit("--network-interfaces"),
                    concat(&[lit("DeviceIndex=0,NetworkInterfaceId="), eni_word]),
                ]);
                if eni
                    .attachment
                    .as_ref()
                    .is_some_and(|a| a.delete_on_termination)
                {
                    fix_delete_on_termination = Some(eni);
                }
            }
            (None, None) => {}
        }
        let name = self.capture("INSTANCE", "run-instances", args, "Instances[0].InstanceId");
        self.vars.insert(instance.id.to_string(), name);
        if let Some(eni) = launched {
            self.interface_settings(ctx, eni);
        }
        if let Some(eni) = fix_delete_on_termination {
            self.delete_on_termination(ctx, eni, None);
        }
    }

    fn attach(&mut self, ctx: &Context<'_>, eni: &NetworkInterface) {
        let Some(a) = &eni.attachment else { return };
        let eni_word = self.id(ctx, &eni.id.to_string());
        let instance_word = self.id(ctx, &a.instance_id.to_string());
        let args = vec![
            lit("--network-interface-id"),
            eni_word,
            lit("--instance-id"),
            instance_word,
            lit("--device-index"),
            lit(a.device_index.to_string()),
        ];
        if a.delete_on_termination {
            let name = self.capture(
                "ATTACHMENT",
                "attach-network-interface",
                args,
                "AttachmentId",
            );
            self.delete_on_termination(ctx, eni, Some(name));
        } else {
            self.aws("attach-network-interface", args);
        }
    }

    /// Sets DeleteOnTermination on an interface's attachment (attaching leaves it off).
    fn delete_on_termination(
        &mut self,
        ctx: &Context<'_>,
        eni: &NetworkInterface,
        attachment: Option<String>,
    ) {
        let eni_word = self.id(ctx, &eni.id.to_string());
        let attachment = match attachment {
            Some(name) => name,
            None => self.capture(
                "ATTACHMENT",
                "describe-network-interfaces",
                vec![lit("--network-interface-ids"), eni_word.clone()],
                "NetworkInterfaces[0].Attachment.AttachmentId",
            ),
        };
        self.aws(
            "modify-network-interface-attribute",
            vec![
                lit("--network-interface-id"),
                eni_word,
                lit("--attachment"),
                concat(&[
                    lit("AttachmentId="),
                    var(&attachment),
                    lit(",DeleteOnTermination=true"),
                ]),
            ],
        );
    }

    /// Routes beyond what each table started with, then explicit subnet associations. A
    /// route whose target no longer exists (a blackhole) cannot be recreated and is left out.
    fn routes(&mut self, ctx: &Context<'_>, init_seq: u64) {
        for table in ctx.region.route_tables() {
            let expected: Vec<Route> = if table.seq <= init_seq {
                ctx.fresh
                    .route_table(table.id)
                    .map(|t| t.routes.clone())
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            let id = table.id.to_string();
            let to_add: Vec<Route> = if table.routes.starts_with(&expected) {
                table.routes[expected.len()..].to_vec()
            } else {
                for route in &expected {
                    let table_word = self.id(ctx, &id);
                    self.aws(
                        "delete-route",
                        vec![
                            lit("--route-table-id"),
                            table_word,
                            lit(destination_flag(route)),
                            lit(route.destination.to_string()),
                        ],
                    );
                }
                table.routes.clone()
            };
            for route in &to_add {
                let target = match route.target {
                    RouteTarget::Gateway(g) => {
                        let attached = ctx
                            .region
                            .internet_gateway(g)
                            .is_ok_and(|g| g.attached_vpc == Some(table.vpc_id));
                        if !attached {
                            continue;
                        }
                        ("--gateway-id", self.id(ctx, &g.to_string()))
                    }
                    RouteTarget::NetworkInterface(e) => {
                        if ctx.region.network_interface(e).is_err() {
                            continue;
                        }
                        ("--network-interface-id", self.id(ctx, &e.to_string()))
                    }
                };
                let table_word = self.id(ctx, &id);
                self.aws(
                    "create-route",
                    vec![
                        lit("--route-table-id"),
                        table_word,
                        lit(destination_flag(route)),
                        lit(route.destination.to_string()),
                        lit(target.0),
                        target.1,
                    ],
                );
            }
            for (_, subnet) in &table.associations {
                if ctx.region.subnet(*subnet).is_err() {
                    continue;
                }
                let table_word = self.id(ctx, &id);
                let subnet_word = self.id(ctx, &subnet.to_string());
                self.aws(
                    "associate-route-table",
                    vec![
                        lit("--route-table-id"),
                        table_word,
                        lit("--subnet-id"),
                        subnet_word,
                    ],
                );
            }
        }
    }

    fn elastic_ips(&mut self, ctx: &Context<'_>) {
        for eip in ctx.region.elastic_ips() {
            let mut args = Vec::new();
            if let Some(pool) = eip.pool {
                let pool_word = self.id(ctx, &pool.to_string());
                args.extend([
                    lit("--public-ipv4-pool"),
                    pool_word,
                    lit("--address"),
                    lit(eip.public_ip.to_string()),
                ]);
            }
            let name = self.capture("EIP", "allocate-address", args, "AllocationId");
            self.vars
                .insert(eip.allocation_id.to_string(), name.clone());
            if let Some(association) = &eip.association {
                let eni_word = self.id(ctx, &association.network_interface_id.to_string());
                self.aws(
                    "associate-address",
                    vec![
                        lit("--allocation-id"),
                        var(&name),
                        lit("--network-interface-id"),
                        eni_word,
                        lit("--private-ip-address"),
                        lit(association.private_ip.to_string()),
                    ],
                );
            }
        }
    }

    fn instance_states(&mut self, live: &BTreeMap<String, &Instance>) {
        let mut instances: Vec<&Instance> = live.values().copied().collect();
        instances.sort_by_key(|i| i.seq);
        for instance in instances {
            let Some(name) = self.vars.get(&instance.id.to_string()).cloned() else {
                continue;
            };
            match instance.state {
                InstanceState::Stopped | InstanceState::Stopping => {
                    let mut args = vec![lit("--instance-ids"), var(&name)];
                    if instance.hibernated {
                        args.push(lit("--hibernate"));
                    }
                    self.aws("stop-instances", args);
                }
                InstanceState::Running | InstanceState::Pending if instance.impaired => {
                    self.netlab("fail-instance", vec![lit("--instance-id"), var(&name)]);
                }
                _ => {}
            }
        }
    }
}

fn destination_flag(route: &Route) -> &'static str {
    match route.destination {
        IpNet::V4(_) => "--destination-cidr-block",
        IpNet::V6(_) => "--destination-ipv6-cidr-block",
    }
}

/// The last creation number a fresh Region used: resources numbered up to it are the
/// ones every account starts with.
fn fresh_max_seq(fresh: &Region) -> u64 {
    let seqs = fresh
        .vpcs()
        .map(|v| v.seq)
        .chain(fresh.subnets().map(|s| s.seq))
        .chain(fresh.internet_gateways().map(|g| g.seq))
        .chain(fresh.security_groups().map(|g| g.seq))
        .chain(fresh.route_tables().map(|t| t.seq));
    seqs.max().unwrap_or(0)
}
