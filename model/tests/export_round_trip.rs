//! Exporting a world and running the export in a fresh account rebuilds the same world:
//! every describe-* answer is equal once ids, Amazon-chosen addresses, MAC addresses and
//! times are replaced by their kind and order of first appearance.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use netlab_model::operations::run_aws;
use netlab_model::public_ipv4::AmazonPool;
use netlab_model::render::export;
use netlab_model::runner::{run_text, Vars};
use netlab_model::script::Args;
use netlab_model::world::REGIONS;
use netlab_model::World;
use serde_json::Value;

const DESCRIBES: &[&str] = &[
    "describe-vpcs",
    "describe-subnets",
    "describe-internet-gateways",
    "describe-route-tables",
    "describe-security-groups",
    "describe-instances",
    "describe-network-interfaces",
    "describe-addresses",
    "describe-byoip-cidrs",
    "describe-public-ipv4-pools",
];

/// Runs a script in a fresh account; every step must succeed when `strict`.
fn run_with(seed: u64, text: &str, strict: bool) -> World {
    let mut world = World::new(seed);
    let results = match run_text(&mut world, &mut Vars::new(), text) {
        Ok(results) => results,
        Err(e) => panic!("script does not parse: {e}\n{text}"),
    };
    for result in results.iter().filter(|_| strict) {
        assert!(
            result.ok(),
            "step failed: {}\n--- script ---\n{text}",
            result.to_json_line()
        );
    }
    world
}

fn run(seed: u64, text: &str) -> World {
    run_with(seed, text, true)
}

/// Every describe answer of every Region, as one JSON value.
fn describe_all(world: &mut World) -> Value {
    let mut out = serde_json::Map::new();
    for (region, _) in REGIONS {
        for op in DESCRIBES {
            let args = Args::parse(vec!["--region".to_string(), region.to_string()])
                .unwrap_or_else(|e| panic!("{e:?}"));
            let mut answer = run_aws(world, op, args)
                .unwrap_or_else(|e| panic!("{op}: {e:?}"))
                .value();
            drop_terminated(&mut answer);
            out.insert(format!("{region} {op}"), answer);
        }
    }
    Value::Object(out)
}

/// Terminated instances are left out of an export, so they are left out of the comparison.
fn drop_terminated(answer: &mut Value) {
    if let Some(Value::Array(reservations)) = answer.get_mut("Reservations") {
        for reservation in reservations.iter_mut() {
            if let Some(Value::Array(instances)) = reservation.get_mut("Instances") {
                instances.retain(|i| i["State"]["Name"] != "terminated");
            }
        }
        reservations.retain(|r| r["Instances"].as_array().is_some_and(|i| !i.is_empty()));
    }
}

/// Replaces what a rebuilt world cannot reproduce by its kind and order of appearance.
#[derive(Default)]
struct Normaliser {
    seen: BTreeMap<String, String>,
    counts: BTreeMap<String, usize>,
}

impl Normaliser {
    fn name(&mut self, kind: &str, value: &str) -> String {
        if let Some(n) = self.seen.get(value) {
            return n.clone();
        }
        let count = self.counts.entry(kind.to_string()).or_insert(0);
        *count += 1;
        let name = format!("<{kind} {count}>");
        self.seen.insert(value.to_string(), name.clone());
        name
    }

    fn value(&mut self, key: &str, value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.value(k, v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.value(key, v)).collect()),
            Value::String(s) if key == "LaunchTime" || key == "AttachTime" => {
                let _ = s;
                Value::String("<time>".into())
            }
            Value::String(s) => Value::String(self.text(s)),
            other => other.clone(),
        }
    }

    /// A string with each id, Amazon address, MAC and public DNS name inside it replaced.
    fn text(&mut self, s: &str) -> String {
        let mut out = String::new();
        let mut token = String::new();
        for c in s.chars() {
            if matches!(c, '/' | ' ' | ',') {
                out.push_str(&self.token(&token));
                out.push(c);
                token.clear();
            } else {
                token.push(c);
            }
        }
        out.push_str(&self.token(&token));
        // A CIDR: the address part was normalised on its own.
        out
    }

    fn token(&mut self, t: &str) -> String {
        if t.len() == 17 && t.split(':').count() == 6 && t.split(':').all(|p| p.len() == 2) {
            return self.name("mac", t);
        }
        if t.starts_with("ec2-") && t.ends_with("amazonaws.com") {
            return self.name("public-dns", t);
        }
        if let Ok(ip) = t.parse::<Ipv4Addr>() {
            if REGIONS
                .iter()
                .any(|(r, _)| AmazonPool::for_region(r).contains(ip))
            {
                return self.name("amazon-ipv4", t);
            }
            return t.to_string();
        }
        if let Ok(ip) = t.parse::<Ipv6Addr>() {
            let first = ip.segments()[0];
            if first == 0x2600 || first == 0x2a05 {
                return self.name("amazon-ipv6", t);
            }
            return t.to_string();
        }
        if let Some((prefix, digits)) = t.rsplit_once('-') {
            if digits.len() >= 8 && digits.chars().all(|c| c.is_ascii_hexdigit()) {
                return self.name(prefix, t);
            }
        }
        t.to_string()
    }
}

fn normalised(world: &mut World) -> Value {
    let all = describe_all(world);
    Normaliser::default().value("", &all)
}

/// Runs `script` (world A), exports A, runs the export (world B) with another seed, and
/// compares every describe answer.
fn assert_round_trip(script: &str) {
    assert_round_trip_of(run(7, script));
}

/// Exports world A, runs the export in a fresh account (every step must succeed) and
/// compares the two worlds.
fn assert_round_trip_of(mut a: World) {
    let exported = export(&a);
    let mut b = run(11, &exported);
    let (left, right) = (normalised(&mut a), normalised(&mut b));
    if left != right {
        let left = serde_json::to_string_pretty(&left).unwrap_or_default();
        let right = serde_json::to_string_pretty(&right).unwrap_or_default();
        let diff: Vec<String> = left
            .lines()
            .zip(right.lines())
            .enumerate()
            .filter(|(_, (l, r))| l != r)
            .take(12)
            .map(|(i, (l, r))| format!("line {i}:\n  A: {l}\n  B: {r}"))
            .collect();
        panic!(
            "the rebuilt world differs:\n{}\n--- export ---\n{exported}",
            diff.join("\n")
        );
    }
    // Exporting the rebuilt world again gives the same script, up to its captured values.
    assert_eq!(export(&b).lines().count(), exported.lines().count());
}

#[test]
fn a_fresh_account_exports_to_nothing_but_a_header() {
    let world = World::new(3);
    let text = export(&world);
    assert!(
        text.lines().all(|l| l.starts_with('#') || l.is_empty()),
        "{text}"
    );
    assert_round_trip("");
}

#[test]
fn a_default_account_with_instances_and_a_changed_default_subnet_round_trips() {
    assert_round_trip(
        r#"
I1=$(aws ec2 run-instances --image-id ami-1 --instance-type t3.micro --query Instances[0].InstanceId --output text)
I2=$(aws ec2 run-instances --image-id ami-2 --instance-type m5.large --query Instances[0].InstanceId --output text)
S=$(aws ec2 describe-subnets --filters Name=availability-zone,Values=us-east-1b --query Subnets[0].SubnetId --output text)
aws ec2 modify-subnet-attribute --subnet-id $S --no-map-public-ip-on-launch
SG=$(aws ec2 describe-security-groups --filters Name=group-name,Values=default --query SecurityGroups[0].GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 22 --cidr 203.0.113.0/24
aws ec2 terminate-instances --instance-ids $I1
I3=$(aws ec2 run-instances --image-id ami-3 --region us-west-2 --query Instances[0].InstanceId --output text)
"#,
    );
}

#[test]
fn a_failover_with_a_moved_interface_and_elastic_ip_round_trips() {
    assert_round_trip(
        r#"
VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
S=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --availability-zone us-east-1a --query Subnet.SubnetId --output text)
SG=$(aws ec2 create-security-group --group-name web --description "web tier, port 80" --vpc-id $VPC --query GroupId --output text)
aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0
aws ec2 authorize-security-group-ingress --group-id $SG --ip-permissions "IpProtocol=-1,UserIdGroupPairs=[{GroupId=$SG}]"
PRIMARY=$(aws ec2 run-instances --image-id ami-1 --instance-type m5.large --subnet-id $S --security-group-ids $SG --query Instances[0].InstanceId --output text)
STANDBY=$(aws ec2 run-instances --image-id ami-1 --instance-type m5.large --subnet-id $S --query Instances[0].InstanceId --output text)
ENI=$(aws ec2 create-network-interface --subnet-id $S --groups $SG --description "service address" --query NetworkInterface.NetworkInterfaceId --output text)
ATT=$(aws ec2 attach-network-interface --network-interface-id $ENI --instance-id $PRIMARY --device-index 1 --query AttachmentId --output text)
EIP=$(aws ec2 allocate-address --query AllocationId --output text)
aws ec2 associate-address --allocation-id $EIP --network-interface-id $ENI
netlab fail-instance --instance-id $PRIMARY
aws ec2 detach-network-interface --attachment-id $ATT --force
aws ec2 attach-network-interface --network-interface-id $ENI --instance-id $STANDBY --device-index 1
aws ec2 modify-network-interface-attribute --network-interface-id $ENI --no-source-dest-check
"#,
    );
}

#[test]
fn a_custom_vpc_with_ipv6_and_a_byoip_pool_round_trips() {
    assert_round_trip(
        r#"
aws ec2 provision-byoip-cidr --cidr 203.0.113.0/24 --cidr-authorization-context Message=m,Signature=s --description "our range"
netlab advance-time --hours 170
aws ec2 advertise-byoip-cidr --cidr 203.0.113.0/24
netlab advance-time --hours 1
POOL=$(aws ec2 describe-public-ipv4-pools --query PublicIpv4Pools[0].PoolId --output text)
VPC=$(aws ec2 create-vpc --cidr-block 10.1.0.0/16 --amazon-provided-ipv6-cidr-block --query Vpc.VpcId --output text)
aws ec2 associate-vpc-cidr-block --vpc-id $VPC --cidr-block 10.2.0.0/16
V6=$(aws ec2 describe-vpcs --vpc-ids $VPC --query Vpcs[0].Ipv6CidrBlockAssociationSet[0].Ipv6CidrBlock --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
S1=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.1.0.0/24 --ipv6-cidr-block "${V6%::/56}::/64" --availability-zone us-east-1c --query Subnet.SubnetId --output text)
aws ec2 modify-subnet-attribute --subnet-id $S1 --assign-ipv6-address-on-creation
aws ec2 modify-subnet-attribute --subnet-id $S1 --map-public-ip-on-launch
S2=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.2.5.0/24 --availability-zone us-east-1c --query Subnet.SubnetId --output text)
I=$(aws ec2 run-instances --image-id ami-1 --instance-type m5.large --subnet-id $S1 --ipv6-address-count 2 --query Instances[0].InstanceId --output text)
ENI=$(aws ec2 create-network-interface --subnet-id $S2 --secondary-private-ip-address-count 2 --query NetworkInterface.NetworkInterfaceId --output text)
aws ec2 attach-network-interface --network-interface-id $ENI --instance-id $I --device-index 1
EIP=$(aws ec2 allocate-address --public-ipv4-pool $POOL --query AllocationId --output text)
aws ec2 associate-address --allocation-id $EIP --network-interface-id $ENI
"#,
    );
}

#[test]
fn stopped_and_hibernated_instances_round_trip() {
    assert_round_trip(
        r#"
A=$(aws ec2 run-instances --image-id ami-1 --instance-type t3.micro --hibernation-options Configured=true --query Instances[0].InstanceId --output text)
B=$(aws ec2 run-instances --image-id ami-1 --instance-type t3.micro --query Instances[0].InstanceId --output text)
C=$(aws ec2 run-instances --image-id ami-1 --instance-type t3.micro --query Instances[0].InstanceId --output text)
aws ec2 stop-instances --instance-ids $A --hibernate
aws ec2 stop-instances --instance-ids $B
aws ec2 stop-instances --instance-ids $C
aws ec2 start-instances --instance-ids $C
netlab advance-time --hours 5
"#,
    );
}

#[test]
fn elastic_ips_on_secondary_addresses_round_trip() {
    assert_round_trip(
        r#"
VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
S=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/24 --availability-zone us-east-1a --query Subnet.SubnetId --output text)
ENI=$(aws ec2 create-network-interface --subnet-id $S --private-ip-address 10.0.0.10 --query NetworkInterface.NetworkInterfaceId --output text)
aws ec2 assign-private-ip-addresses --network-interface-id $ENI --private-ip-addresses 10.0.0.11 10.0.0.12
I=$(aws ec2 run-instances --image-id ami-1 --instance-type m5.large --network-interfaces DeviceIndex=0,NetworkInterfaceId=$ENI --query Instances[0].InstanceId --output text)
E1=$(aws ec2 allocate-address --query AllocationId --output text)
E2=$(aws ec2 allocate-address --query AllocationId --output text)
E3=$(aws ec2 allocate-address --query AllocationId --output text)
aws ec2 associate-address --allocation-id $E1 --network-interface-id $ENI --private-ip-address 10.0.0.11
aws ec2 associate-address --allocation-id $E2 --network-interface-id $ENI --private-ip-address 10.0.0.12
aws ec2 release-address --allocation-id $E3
"#,
    );
}

#[test]
fn every_lesson_scenario_round_trips() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sh"))
        .collect();
    entries.sort();
    assert!(!entries.is_empty());
    for path in entries {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        eprintln!("scenario {}", path.display());
        // A lesson may show a refused step on purpose; the world it leaves must round-trip.
        assert_round_trip_of(run_with(7, &text, false));
    }
}

#[test]
fn a_public_subnet_with_its_own_route_table_round_trips() {
    assert_round_trip(
        r#"
VPC=$(aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text)
IGW=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)
aws ec2 attach-internet-gateway --internet-gateway-id $IGW --vpc-id $VPC
PUBLIC=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.0.0/24 --availability-zone us-east-1a --query Subnet.SubnetId --output text)
PRIVATE=$(aws ec2 create-subnet --vpc-id $VPC --cidr-block 10.0.1.0/24 --availability-zone us-east-1a --query Subnet.SubnetId --output text)
RTB=$(aws ec2 create-route-table --vpc-id $VPC --query RouteTable.RouteTableId --output text)
aws ec2 create-route --route-table-id $RTB --destination-cidr-block 0.0.0.0/0 --gateway-id $IGW
aws ec2 associate-route-table --route-table-id $RTB --subnet-id $PUBLIC
NAT=$(aws ec2 run-instances --image-id ami-1 --subnet-id $PUBLIC --associate-public-ip-address --query Instances[0].InstanceId --output text)
MAIN=$(aws ec2 describe-route-tables --filters Name=vpc-id,Values=$VPC Name=association.main,Values=true --query RouteTables[0].RouteTableId --output text)
aws ec2 create-route --route-table-id $MAIN --destination-cidr-block 0.0.0.0/0 --instance-id $NAT
DEFAULT_RTB=$(aws ec2 describe-route-tables --filters Name=association.main,Values=true Name=route.gateway-id,Values=igw-0 --query RouteTables[0].RouteTableId --output text)
"#,
    );
}
