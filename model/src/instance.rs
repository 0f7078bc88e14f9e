//! Instances: launch with their interfaces, the state machine (start, stop, hibernate,
//! reboot, terminate, hardware failure), and what each transition does to addresses.
//!
//! Sources: EC2 User Guide, "Instance lifecycle" (what reboot, stop, hibernate and
//! terminate keep and release) and "Elastic network interfaces"; EC2 API reference
//! (RunInstances, InstanceNetworkInterfaceSpecification). Transitions complete between
//! steps: a response reports the transitional state (`pending`, `stopping`,
//! `shutting-down`) as EC2 does, and the next step sees the settled one.

use crate::clock::{iso8601, SimTime};
use crate::dns_name::DnsName;
use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::filter::{self, Filter};
use crate::ids::{InstanceId, NetworkInterfaceId, ReservationId, SecurityGroupId, SubnetId, VpcId};
use crate::instance_types::{instance_type, InstanceType, DEFAULT_INSTANCE_TYPE};
use crate::json_text::{
    push_bool, push_contents, push_id, push_ipv4, push_plain, push_u64, WriteJson,
};
use crate::network_interface::{NetworkInterfaceDescription, View};
use crate::region::{Region, ACCOUNT_ID};
use crate::security_group::GroupIdentifier;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::Ipv4Addr;

/// EC2's instance states, with their numeric codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InstanceState {
    Pending,
    Running,
    ShuttingDown,
    Terminated,
    Stopping,
    Stopped,
}

impl InstanceState {
    pub fn code(self) -> u32 {
        match self {
            InstanceState::Pending => 0,
            InstanceState::Running => 16,
            InstanceState::ShuttingDown => 32,
            InstanceState::Terminated => 48,
            InstanceState::Stopping => 64,
            InstanceState::Stopped => 80,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            InstanceState::Pending => "pending",
            InstanceState::Running => "running",
            InstanceState::ShuttingDown => "shutting-down",
            InstanceState::Terminated => "terminated",
            InstanceState::Stopping => "stopping",
            InstanceState::Stopped => "stopped",
        }
    }

    pub fn is_running(self) -> bool {
        self == InstanceState::Running
    }

    /// Interfaces can be attached hot (running) or warm (stopped).
    pub fn accepts_attachments(self) -> bool {
        matches!(self, InstanceState::Running | InstanceState::Stopped)
    }

    fn describe(self) -> StateDescription {
        StateDescription {
            code: self.code(),
            name: self.name(),
        }
    }
}

impl fmt::Display for InstanceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub id: InstanceId,
    pub reservation_id: ReservationId,
    pub image_id: String,
    pub instance_type: &'static InstanceType,
    pub availability_zone: &'static str,
    pub state: InstanceState,
    /// Set when the instance was stopped by hibernating.
    pub hibernated: bool,
    pub hibernation_configured: bool,
    /// A simulated hardware failure (`netlab fail-instance`): the instance does not answer.
    pub impaired: bool,
    pub launch_time: SimTime,
    pub ami_launch_index: u32,
    /// Attached interfaces by device index; index 0 is the primary interface.
    pub interfaces: BTreeMap<u32, NetworkInterfaceId>,
    /// Device indexes left unusable by a forced detach, until the next stop and start.
    pub blocked_device_indexes: BTreeSet<u32>,
    pub(crate) seq: u64,
}

impl Instance {
    pub fn primary_interface(&self) -> Option<NetworkInterfaceId> {
        self.interfaces.get(&0).copied()
    }

    /// The state a learner sees: `hibernated` for an instance stopped by hibernation, and
    /// `failed` for an impaired running one; otherwise EC2's state name.
    pub fn display_state(&self) -> &'static str {
        match self.state {
            InstanceState::Stopped if self.hibernated => "hibernated",
            InstanceState::Running if self.impaired => "failed",
            state => state.name(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct StateDescription {
    pub code: u32,
    pub name: &'static str,
}

impl WriteJson for StateDescription {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"Code\":");
        push_u64(out, self.code.into());
        out.push_str(",\"Name\":\"");
        push_contents(out, self.name);
        out.push_str("\"}");
    }
}

/// An instance as `describe-instances` and `run-instances` show it, written as JSON by
/// [`WriteJson`] (members in AWS's order; `None` members left out).
#[derive(Debug, Clone)]
pub struct InstanceDescription<'a> {
    pub ami_launch_index: u32,
    pub architecture: &'static str,
    pub hibernation_options: HibernationOptions,
    pub image_id: &'a str,
    pub instance_id: InstanceId,
    pub instance_type: &'static str,
    pub launch_time: SimTime,
    pub network_interfaces: Vec<NetworkInterfaceDescription<'a>>,
    pub placement: Placement,
    pub private_dns_name: DnsName,
    pub private_ip_address: Option<Ipv4Addr>,
    pub public_dns_name: DnsName,
    pub public_ip_address: Option<Ipv4Addr>,
    pub security_groups: Vec<GroupIdentifier<'a>>,
    pub source_dest_check: Option<bool>,
    pub state: StateDescription,
    pub state_reason: Option<StateReason>,
    pub state_transition_reason: &'static str,
    pub subnet_id: Option<SubnetId>,
    pub vpc_id: Option<VpcId>,
}

impl WriteJson for InstanceDescription<'_> {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"AmiLaunchIndex\":");
        push_u64(out, self.ami_launch_index.into());
        out.push_str(",\"Architecture\":\"");
        push_contents(out, self.architecture);
        out.push_str("\",\"HibernationOptions\":");
        self.hibernation_options.write_json(out);
        out.push_str(",\"ImageId\":\"");
        push_contents(out, self.image_id);
        out.push_str("\",\"InstanceId\":\"");
        push_id(out, self.instance_id);
        out.push_str("\",\"InstanceType\":\"");
        push_contents(out, self.instance_type);
        out.push_str("\",\"LaunchTime\":\"");
        push_plain(out, iso8601(self.launch_time).as_str());
        out.push_str("\",\"NetworkInterfaces\":");
        self.network_interfaces.write_json(out);
        out.push_str(",\"Placement\":");
        self.placement.write_json(out);
        out.push_str(",\"PrivateDnsName\":\"");
        self.private_dns_name.push_json(out);
        if let Some(address) = self.private_ip_address {
            out.push_str("\",\"PrivateIpAddress\":\"");
            push_ipv4(out, address);
        }
        out.push_str("\",\"PublicDnsName\":\"");
        self.public_dns_name.push_json(out);
        if let Some(address) = self.public_ip_address {
            out.push_str("\",\"PublicIpAddress\":\"");
            push_ipv4(out, address);
        }
        out.push_str("\",\"SecurityGroups\":");
        self.security_groups.write_json(out);
        if let Some(check) = self.source_dest_check {
            out.push_str(",\"SourceDestCheck\":");
            push_bool(out, check);
        }
        out.push_str(",\"State\":");
        self.state.write_json(out);
        if let Some(reason) = &self.state_reason {
            out.push_str(",\"StateReason\":");
            reason.write_json(out);
        }
        out.push_str(",\"StateTransitionReason\":\"");
        push_contents(out, self.state_transition_reason);
        out.push('"');
        if let Some(id) = self.subnet_id {
            out.push_str(",\"SubnetId\":\"");
            push_id(out, id);
            out.push('"');
        }
        if let Some(id) = self.vpc_id {
            out.push_str(",\"VpcId\":\"");
            push_id(out, id);
            out.push('"');
        }
        out.push('}');
    }
}

#[derive(Debug, Clone)]
pub struct HibernationOptions {
    pub configured: bool,
}

impl WriteJson for HibernationOptions {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"Configured\":");
        push_bool(out, self.configured);
        out.push('}');
    }
}

#[derive(Debug, Clone)]
pub struct Placement {
    pub availability_zone: &'static str,
    pub group_name: &'static str,
    pub tenancy: &'static str,
}

impl WriteJson for Placement {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"AvailabilityZone\":\"");
        push_contents(out, self.availability_zone);
        out.push_str("\",\"GroupName\":\"");
        push_contents(out, self.group_name);
        out.push_str("\",\"Tenancy\":\"");
        push_contents(out, self.tenancy);
        out.push_str("\"}");
    }
}

#[derive(Debug, Clone)]
pub struct StateReason {
    pub code: &'static str,
    pub message: &'static str,
}

impl WriteJson for StateReason {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"Code\":\"");
        push_contents(out, self.code);
        out.push_str("\",\"Message\":\"");
        push_contents(out, self.message);
        out.push_str("\"}");
    }
}

#[derive(Debug, Clone)]
pub struct Reservation<'a> {
    pub groups: Vec<()>,
    pub instances: Vec<InstanceDescription<'a>>,
    pub owner_id: &'static str,
    pub reservation_id: ReservationId,
}

impl WriteJson for Reservation<'_> {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"Groups\":");
        self.groups.write_json(out);
        out.push_str(",\"Instances\":");
        self.instances.write_json(out);
        out.push_str(",\"OwnerId\":\"");
        push_contents(out, self.owner_id);
        out.push_str("\",\"ReservationId\":\"");
        push_id(out, self.reservation_id);
        out.push_str("\"}");
    }
}

/// `{"CurrentState", "InstanceId", "PreviousState"}` of start, stop and terminate.
#[derive(Debug, Clone)]
pub struct StateChange {
    pub current_state: StateDescription,
    pub instance_id: InstanceId,
    pub previous_state: StateDescription,
}

impl WriteJson for StateChange {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"CurrentState\":");
        self.current_state.write_json(out);
        out.push_str(",\"InstanceId\":\"");
        push_id(out, self.instance_id);
        out.push_str("\",\"PreviousState\":");
        self.previous_state.write_json(out);
        out.push('}');
    }
}

/// One entry of RunInstances' `--network-interfaces`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LaunchInterface {
    pub device_index: u32,
    pub network_interface_id: Option<NetworkInterfaceId>,
    pub subnet_id: Option<SubnetId>,
    pub groups: Vec<SecurityGroupId>,
    pub private_ip_address: Option<Ipv4Addr>,
    pub secondary_private_ip_address_count: Option<u32>,
    pub associate_public_ip_address: Option<bool>,
    pub delete_on_termination: Option<bool>,
    pub description: Option<String>,
    pub ipv6_address_count: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RunInstances {
    pub image_id: String,
    pub instance_type: Option<String>,
    pub count: u32,
    pub subnet_id: Option<SubnetId>,
    pub security_group_ids: Vec<SecurityGroupId>,
    pub private_ip_address: Option<Ipv4Addr>,
    pub associate_public_ip_address: Option<bool>,
    pub network_interfaces: Vec<LaunchInterface>,
    pub hibernation_configured: bool,
    pub ipv6_address_count: Option<u32>,
    pub secondary_private_ip_address_count: Option<u32>,
}

impl Default for RunInstances {
    fn default() -> Self {
        RunInstances {
            image_id: "ami-0abcdef1234567890".into(),
            instance_type: None,
            count: 1,
            subnet_id: None,
            security_group_ids: Vec::new(),
            private_ip_address: None,
            associate_public_ip_address: None,
            network_interfaces: Vec::new(),
            hibernation_configured: false,
            ipv6_address_count: None,
            secondary_private_ip_address_count: None,
        }
    }
}

fn combination(message: &str) -> Ec2Error {
    Ec2Error::new(ErrorCode::InvalidParameterCombination, message)
}

impl Region {
    /// `RunInstances`: launches `count` instances, each with its interfaces.
    pub fn run_instances(&mut self, req: &RunInstances) -> Ec2Result<Reservation<'_>> {
        let itype = instance_type(
            req.instance_type
                .as_deref()
                .unwrap_or(DEFAULT_INSTANCE_TYPE),
        )?;
        if req.count == 0 {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                "Value (0) for parameter minCount is invalid. Expected a value greater than 0.",
            ));
        }
        let plan = self.launch_plan(req)?;
        self.check_launch_plan(&plan, itype, req.count)?;
        let reservation_id: ReservationId = self.ids.id();
        let mut launched = Vec::new();
        for index in 0..req.count {
            match self.launch_one(&plan, itype, req, reservation_id, index) {
                Ok(id) => launched.push(id),
                Err(err) => {
                    for id in launched {
                        self.discard_launch(id, &plan);
                    }
                    return Err(err);
                }
            }
        }
        // Public addresses come last, once every instance of the launch exists, so that a
        // launch that fails leaves nothing behind, not even a holding on the bill.
        for id in &launched {
            self.assign_launch_public_ip(*id, &plan);
        }
        let instances = launched
            .iter()
            .map(|id| {
                let mut d = self.describe_instance(&self.instances[id]);
                d.state = InstanceState::Pending.describe();
                d
            })
            .collect();
        Ok(Reservation {
            groups: Vec::new(),
            instances,
            owner_id: ACCOUNT_ID,
            reservation_id,
        })
    }

    /// The interfaces a launch asks for: `--network-interfaces` as given, or one implicit
    /// interface built from the instance-level flags.
    fn launch_plan(&mut self, req: &RunInstances) -> Ec2Result<Vec<LaunchInterface>> {
        if req.network_interfaces.is_empty() {
            let subnet_id = match req.subnet_id {
                Some(id) => id,
                None => self.default_subnet()?,
            };
            return Ok(vec![LaunchInterface {
                device_index: 0,
                subnet_id: Some(subnet_id),
                groups: req.security_group_ids.clone(),
                private_ip_address: req.private_ip_address,
                secondary_private_ip_address_count: req.secondary_private_ip_address_count,
                associate_public_ip_address: req.associate_public_ip_address,
                delete_on_termination: Some(true),
                ipv6_address_count: req.ipv6_address_count,
                ..LaunchInterface::default()
            }]);
        }
        if req.subnet_id.is_some() {
            return Err(combination("Network interfaces and an instance-level subnet ID may not be specified on the same request"));
        }
        if !req.security_group_ids.is_empty() {
            return Err(combination("Network interfaces and an instance-level security groups may not be specified on the same request"));
        }
        if req.private_ip_address.is_some() {
            return Err(combination("Network interfaces and an instance-level private IP address may not be specified on the same request"));
        }
        if req.associate_public_ip_address.is_some() {
            return Err(combination("Network interfaces and an instance-level associatePublicIpAddress may not be specified on the same request"));
        }
        Ok(req.network_interfaces.clone())
    }

    /// A default subnet of the default VPC, for a launch that names no subnet.
    fn default_subnet(&mut self) -> Ec2Result<SubnetId> {
        let defaults: Vec<SubnetId> = self
            .subnets()
            .filter(|s| s.default_for_az)
            .map(|s| s.id)
            .collect();
        if defaults.is_empty() {
            return Err(Ec2Error::new(ErrorCode::VpcIdNotSpecified, "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC."));
        }
        Ok(defaults[self.ids.below(defaults.len() as u64) as usize])
    }

    /// Every check that does not depend on what earlier instances of the launch took.
    fn check_launch_plan(
        &self,
        plan: &[LaunchInterface],
        itype: &InstanceType,
        count: u32,
    ) -> Ec2Result<()> {
        if !plan.iter().any(|nic| nic.device_index == 0) {
            return Err(Ec2Error::new(
                ErrorCode::InvalidParameterValue,
                "When specifying network interfaces, you must include a device at index 0.",
            ));
        }
        let mut seen = BTreeSet::new();
        for nic in plan {
            if !seen.insert(nic.device_index) {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidParameterValue,
                    format!("Each network interface requires a unique device index; index {} is used twice.", nic.device_index),
                ));
            }
        }
        if plan.len() as u32 > itype.max_network_interfaces {
            return Err(Ec2Error::new(
                ErrorCode::AttachmentLimitExceeded,
                format!(
                    "Interface count {} exceeds the limit for {}",
                    plan.len(),
                    itype.name
                ),
            ));
        }
        if plan.len() > 1
            && plan
                .iter()
                .any(|nic| nic.associate_public_ip_address == Some(true))
        {
            return Err(combination("The associatePublicIPAddress parameter cannot be specified when launching with multiple network interfaces."));
        }
        let mut zone = None;
        for nic in plan {
            let nic_zone = match (nic.network_interface_id, nic.subnet_id) {
                (Some(eni_id), _) => {
                    let eni = self.network_interface(eni_id)?;
                    if eni.attachment.is_some() {
                        return Err(Ec2Error::new(ErrorCode::InvalidNetworkInterfaceInUse, format!("Interface: [{eni_id}] in use.")));
                    }
                    if nic.delete_on_termination == Some(true) {
                        return Err(combination("A network interface may not specify a network interface ID and delete on termination as true"));
                    }
                    if nic.associate_public_ip_address.is_some() {
                        return Err(combination("The associatePublicIPAddress parameter cannot be specified for a network interface with an ID."));
                    }
                    if count > 1 {
                        return Err(combination("An existing network interface cannot be used to launch more than one instance."));
                    }
                    // The same limit as when attaching: an interface with more addresses
                    // than the type allows per interface cannot be one of its interfaces.
                    if !eni.fits(itype) {
                        return Err(Ec2Error::new(
                            ErrorCode::InvalidInterfaceIpAddressLimitExceeded,
                            format!("Network interface '{eni_id}' has more addresses than instance type {} allows per interface.", itype.name),
                        ));
                    }
                    eni.availability_zone
                }
                (None, Some(subnet_id)) => {
                    let subnet = self.subnet(subnet_id)?;
                    // RunInstances answers a group of another VPC with `InvalidParameter`
                    // (EC2 API errors page, example of InvalidParameter), not with the
                    // `InvalidGroup.NotFound` of CreateNetworkInterface.
                    for group in &nic.groups {
                        if self.security_group(*group)?.vpc_id != subnet.vpc_id {
                            return Err(Ec2Error::new(
                                ErrorCode::InvalidParameter,
                                format!("Security group {group} and subnet {subnet_id} belong to different networks."),
                            ));
                        }
                    }
                    subnet.availability_zone
                }
                (None, None) => {
                    return Err(Ec2Error::new(
                        ErrorCode::MissingParameter,
                        format!("The network interface at device index {} needs a SubnetId or a NetworkInterfaceId.", nic.device_index),
                    ))
                }
            };
            if zone.is_some_and(|z| z != nic_zone) {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidParameterValue,
                    "All network interfaces of an instance must be in the same Availability Zone.",
                ));
            }
            zone = Some(nic_zone);
            if nic.private_ip_address.is_some() && count > 1 {
                return Err(combination("A private IP address cannot be specified when launching more than one instance."));
            }
            if nic.secondary_private_ip_address_count.unwrap_or(0) + 1 > itype.ipv4_per_interface {
                return Err(Ec2Error::new(
                    ErrorCode::InvalidInterfaceIpAddressLimitExceeded,
                    format!("The number of private IP addresses for a network interface on {} cannot exceed {}.", itype.name, itype.ipv4_per_interface),
                ));
            }
        }
        Ok(())
    }

    fn launch_one(
        &mut self,
        plan: &[LaunchInterface],
        itype: &'static InstanceType,
        req: &RunInstances,
        reservation_id: ReservationId,
        index: u32,
    ) -> Ec2Result<InstanceId> {
        let first = plan
            .iter()
            .find(|nic| nic.device_index == 0)
            .expect("checked: index 0 exists");
        let zone = match (first.network_interface_id, first.subnet_id) {
            (Some(eni), _) => self.network_interface(eni)?.availability_zone,
            (None, Some(subnet)) => self.subnet(subnet)?.availability_zone,
            (None, None) => unreachable!("checked in check_launch_plan"),
        };
        let id: InstanceId = self.ids.id();
        let seq = self.next_seq();
        self.instances.insert(
            id,
            Instance {
                id,
                reservation_id,
                image_id: req.image_id.clone(),
                instance_type: itype,
                availability_zone: zone,
                state: InstanceState::Running,
                hibernated: false,
                hibernation_configured: req.hibernation_configured,
                impaired: false,
                launch_time: self.now,
                ami_launch_index: index,
                interfaces: BTreeMap::new(),
                blocked_device_indexes: BTreeSet::new(),
                seq,
            },
        );
        let single = plan.len() == 1;
        for nic in plan {
            if let Err(err) = self.launch_interface(id, nic, single) {
                self.discard_launch(id, plan);
                return Err(err);
            }
        }
        Ok(id)
    }

    /// Creates (or takes) one interface of a launch and attaches it. Only a new interface at
    /// device index 0, launched alone, can want a public IPv4 address (C12–C14); it receives
    /// one when the whole launch has succeeded.
    fn launch_interface(
        &mut self,
        instance: InstanceId,
        nic: &LaunchInterface,
        single: bool,
    ) -> Ec2Result<()> {
        match nic.network_interface_id {
            Some(existing) => {
                self.attach(existing, instance, nic.device_index, false);
            }
            None => {
                let subnet_id = nic.subnet_id.expect("checked in check_launch_plan");
                let subnet = self.subnet(subnet_id)?;
                let wants_public = nic.device_index == 0
                    && single
                    && nic
                        .associate_public_ip_address
                        .unwrap_or(subnet.map_public_ip_on_launch);
                let eni = self.new_interface(
                    subnet_id,
                    &nic.groups,
                    nic.private_ip_address,
                    nic.description.clone().unwrap_or_default(),
                    wants_public,
                )?;
                self.attach(
                    eni,
                    instance,
                    nic.device_index,
                    nic.delete_on_termination.unwrap_or(true),
                );
                if let Some(count) = nic.secondary_private_ip_address_count.filter(|c| *c > 0) {
                    self.assign_private_ip_addresses(
                        &crate::network_interface::AssignPrivateIpAddresses {
                            network_interface_id: eni,
                            secondary_private_ip_address_count: Some(count),
                            ..Default::default()
                        },
                    )?;
                }
                self.assign_ipv6_on_creation(eni, &[], nic.ipv6_address_count)?;
            }
        }
        Ok(())
    }

    /// A launched instance's public IPv4 address: only for its interface at device index 0
    /// when that was the only interface of the launch, and only if the interface wants one
    /// and has no Elastic IP on its primary address (C12–C14).
    fn assign_launch_public_ip(&mut self, id: InstanceId, plan: &[LaunchInterface]) {
        let Some(eni) = self.instances.get(&id).and_then(|i| i.primary_interface()) else {
            return;
        };
        let wants = self
            .network_interfaces
            .get(&eni)
            .is_some_and(|n| n.auto_assign_public_ip && n.public_ip().is_none());
        if plan.len() == 1 && wants {
            self.assign_amazon_public_ip(eni);
        }
    }

    /// Undoes a launch that failed part-way: the interfaces it created go (whatever their
    /// DeleteOnTermination says, since a failed RunInstances leaves nothing behind), and the
    /// existing ones it took are released.
    fn discard_launch(&mut self, id: InstanceId, plan: &[LaunchInterface]) {
        let enis: Vec<NetworkInterfaceId> = match self.instances.get(&id) {
            Some(instance) => instance.interfaces.values().copied().collect(),
            None => return,
        };
        for eni in enis {
            let created = !plan.iter().any(|nic| nic.network_interface_id == Some(eni));
            if created {
                self.remove_interface(eni);
            } else {
                self.release_amazon_public_ip(eni);
                self.detach(eni);
            }
        }
        self.instances.remove(&id);
    }

    fn state_change(
        &mut self,
        id: InstanceId,
        previous: InstanceState,
        reported: InstanceState,
    ) -> StateChange {
        StateChange {
            current_state: reported.describe(),
            instance_id: id,
            previous_state: previous.describe(),
        }
    }

    /// `StartInstances`: a stopped instance runs again, on healthy hardware, and receives a
    /// new public IPv4 address if it qualifies (see [`crate::public_ipv4`]).
    pub fn start_instances(&mut self, ids: &[InstanceId]) -> Ec2Result<Vec<StateChange>> {
        self.check_all(
            ids,
            |s| !matches!(s, InstanceState::Terminated | InstanceState::ShuttingDown),
            "started",
        )?;
        let mut changes = Vec::new();
        for id in ids {
            let instance = self.instance_mut(*id)?;
            let previous = instance.state;
            if previous == InstanceState::Stopped {
                instance.state = InstanceState::Running;
                instance.hibernated = false;
                instance.impaired = false;
                instance.blocked_device_indexes.clear();
                self.renew_public_ip_if_qualified(*id);
                changes.push(self.state_change(*id, previous, InstanceState::Pending));
            } else {
                changes.push(self.state_change(*id, previous, previous));
            }
        }
        Ok(changes)
    }

    /// `StopInstances` (with `--hibernate`): the auto-assigned public IPv4 address is
    /// released; private addresses, IPv6 addresses and Elastic IPs stay.
    pub fn stop_instances(
        &mut self,
        ids: &[InstanceId],
        hibernate: bool,
    ) -> Ec2Result<Vec<StateChange>> {
        self.check_all(
            ids,
            |s| !matches!(s, InstanceState::Terminated | InstanceState::ShuttingDown),
            "stopped",
        )?;
        if hibernate {
            // UNCONFIRMED code: the refusal to hibernate an instance launched without
            // hibernation configured is documented; EC2's exact code was not found.
            if let Some(id) = ids.iter().find(|id| {
                self.instances
                    .get(id)
                    .is_some_and(|i| !i.hibernation_configured)
            }) {
                return Err(Ec2Error::new(
                    ErrorCode::UnsupportedHibernationConfiguration,
                    format!("The instance {id} does not have hibernation configured. Launch it with --hibernation-options Configured=true."),
                ));
            }
        }
        let mut changes = Vec::new();
        for id in ids {
            let instance = self.instance_mut(*id)?;
            let previous = instance.state;
            if previous == InstanceState::Running {
                instance.state = InstanceState::Stopped;
                instance.hibernated = hibernate;
                let enis: Vec<NetworkInterfaceId> = instance.interfaces.values().copied().collect();
                for eni in enis {
                    self.release_amazon_public_ip(eni);
                }
                changes.push(self.state_change(*id, previous, InstanceState::Stopping));
            } else {
                changes.push(self.state_change(*id, previous, previous));
            }
        }
        Ok(changes)
    }

    /// `RebootInstances`: everything, the public IPv4 address included, is kept.
    pub fn reboot_instances(&mut self, ids: &[InstanceId]) -> Ec2Result<()> {
        self.check_all(ids, |s| s == InstanceState::Running, "rebooted")
    }

    /// `TerminateInstances`: the public IPv4 address is released; interfaces marked
    /// DeleteOnTermination are deleted (their Elastic IPs disassociated, still allocated);
    /// the others are detached and wait, with their Elastic IPs, in their subnets.
    pub fn terminate_instances(&mut self, ids: &[InstanceId]) -> Ec2Result<Vec<StateChange>> {
        self.check_all(ids, |_| true, "terminated")?;
        let mut changes = Vec::new();
        for id in ids {
            let instance = self.instance_mut(*id)?;
            let previous = instance.state;
            if previous == InstanceState::Terminated {
                changes.push(self.state_change(*id, previous, previous));
                continue;
            }
            instance.state = InstanceState::Terminated;
            instance.impaired = false;
            let enis: Vec<NetworkInterfaceId> = instance.interfaces.values().copied().collect();
            for eni in enis {
                self.release_amazon_public_ip(eni);
                let link = self.detach(eni);
                if link.is_some_and(|a| a.delete_on_termination) {
                    self.remove_interface(eni);
                }
            }
            changes.push(self.state_change(*id, previous, InstanceState::ShuttingDown));
        }
        Ok(changes)
    }

    /// Every id must exist and be in a state the operation accepts, or nothing happens.
    fn check_all(
        &self,
        ids: &[InstanceId],
        accepts: impl Fn(InstanceState) -> bool,
        verb: &str,
    ) -> Ec2Result<()> {
        if ids.is_empty() {
            return Err(Ec2Error::new(
                ErrorCode::MissingParameter,
                "The request must contain the parameter InstanceId",
            ));
        }
        for id in ids {
            let instance = self.instance(*id)?;
            if !accepts(instance.state) {
                return Err(Ec2Error::new(
                    ErrorCode::IncorrectInstanceState,
                    format!("The instance '{id}' is not in a state from which it can be {verb}."),
                ));
            }
        }
        Ok(())
    }

    /// `netlab fail-instance`: the host fails; the instance stops answering until it
    /// recovers or is stopped and started (which moves it to healthy hardware).
    pub fn fail_instance(&mut self, id: InstanceId) -> Ec2Result<()> {
        let instance = self.instance_mut(id)?;
        if !instance.state.is_running() {
            return Err(Ec2Error::new(
                ErrorCode::IncorrectInstanceState,
                format!("The instance '{id}' is not running, so it cannot fail."),
            ));
        }
        instance.impaired = true;
        Ok(())
    }

    /// `netlab recover-instance`: the failed instance answers again.
    pub fn recover_instance(&mut self, id: InstanceId) -> Ec2Result<()> {
        self.instance_mut(id)?.impaired = false;
        Ok(())
    }

    pub fn describe_instance<'a>(&'a self, instance: &'a Instance) -> InstanceDescription<'a> {
        let interfaces: Vec<&crate::network_interface::NetworkInterface> = instance
            .interfaces
            .values()
            .filter_map(|eni| self.network_interfaces.get(eni))
            .collect();
        let primary = interfaces.first().filter(|n| n.is_primary());
        let public_ip = primary.and_then(|n| n.public_ip());
        let mut groups: Vec<GroupIdentifier> = Vec::new();
        for eni in &interfaces {
            for g in &eni.groups {
                if !groups.iter().any(|known| known.group_id == *g) {
                    if let Some(group) = self.security_groups.get(g) {
                        groups.push(group.identifier());
                    }
                }
            }
        }
        let (state_reason, transition) = match (instance.state, instance.hibernated) {
            (InstanceState::Stopped, true) => (
                Some(StateReason {
                    code: "Client.UserInitiatedHibernate",
                    message: "Client.UserInitiatedHibernate: User initiated hibernate",
                }),
                "User initiated (hibernate)",
            ),
            (InstanceState::Stopped, false) => (
                Some(StateReason {
                    code: "Client.UserInitiatedShutdown",
                    message: "Client.UserInitiatedShutdown: User initiated shutdown",
                }),
                "User initiated",
            ),
            (InstanceState::Terminated, _) => (
                Some(StateReason {
                    code: "Client.UserInitiatedShutdown",
                    message: "Client.UserInitiatedShutdown: User initiated shutdown",
                }),
                "User initiated",
            ),
            _ => (None, ""),
        };
        InstanceDescription {
            ami_launch_index: instance.ami_launch_index,
            architecture: if instance
                .instance_type
                .name
                .split('.')
                .next()
                .is_some_and(|family| family.ends_with('g'))
            {
                "arm64"
            } else {
                "x86_64"
            },
            hibernation_options: HibernationOptions {
                configured: instance.hibernation_configured,
            },
            image_id: &instance.image_id,
            instance_id: instance.id,
            instance_type: instance.instance_type.name,
            launch_time: instance.launch_time,
            network_interfaces: interfaces
                .iter()
                .map(|n| self.describe_interface(n, View::Instance))
                .collect(),
            placement: Placement {
                availability_zone: instance.availability_zone,
                group_name: "",
                tenancy: "default",
            },
            private_dns_name: primary
                .map(|n| DnsName::private(self.name, n.primary_private_ip()))
                .unwrap_or_default(),
            private_ip_address: primary.map(|n| n.primary_private_ip()),
            public_dns_name: public_ip
                .map(|ip| DnsName::public(self.name, ip))
                .unwrap_or_default(),
            public_ip_address: public_ip,
            security_groups: groups,
            source_dest_check: primary.map(|n| n.source_dest_check),
            state: instance.state.describe(),
            state_reason,
            state_transition_reason: transition,
            subnet_id: primary.map(|n| n.subnet_id),
            vpc_id: primary.map(|n| n.vpc_id),
        }
    }

    /// `DescribeInstances` with ids and filters, grouped by reservation.
    pub fn describe_instances(
        &self,
        ids: &[InstanceId],
        filters: &[Filter],
    ) -> Ec2Result<Vec<Reservation<'_>>> {
        for id in ids {
            self.instance(*id)?;
        }
        let mut reservations: Vec<Reservation> = Vec::new();
        for instance in self.instances.listed(ids) {
            let enis = || {
                instance
                    .interfaces
                    .values()
                    .filter_map(|e| self.network_interfaces.get(e))
            };
            let values = |name: &str| {
                Some(match name {
                    "instance-id" => filter::one(instance.id),
                    "instance-state-name" => filter::one(instance.state.name()),
                    "instance-state-code" => filter::one(instance.state.code()),
                    "instance-type" => filter::one(instance.instance_type.name),
                    "availability-zone" => filter::one(instance.availability_zone),
                    "reservation-id" => filter::one(instance.reservation_id),
                    "image-id" => filter::one(&instance.image_id),
                    "subnet-id" => enis().map(|n| n.subnet_id.to_string()).collect(),
                    "vpc-id" => enis().map(|n| n.vpc_id.to_string()).collect(),
                    "private-ip-address" => enis()
                        .next()
                        .map(|n| n.primary_private_ip().to_string())
                        .into_iter()
                        .collect(),
                    "ip-address" => enis()
                        .next()
                        .and_then(|n| n.public_ip())
                        .map(|ip| ip.to_string())
                        .into_iter()
                        .collect(),
                    "network-interface.network-interface-id" => {
                        enis().map(|n| n.id.to_string()).collect()
                    }
                    "network-interface.addresses.private-ip-address" => enis()
                        .flat_map(|n| n.private_ips.iter().map(|ip| ip.address.to_string()))
                        .collect(),
                    "instance.group-id" | "group-id" => enis()
                        .flat_map(|n| n.groups.iter().map(|g| g.to_string()))
                        .collect(),
                    _ => return None,
                })
            };
            if !filter::matches(filters, values)? {
                continue;
            }
            let description = self.describe_instance(instance);
            match reservations
                .iter_mut()
                .find(|r| r.reservation_id == instance.reservation_id)
            {
                Some(r) => r.instances.push(description),
                None => reservations.push(Reservation {
                    groups: Vec::new(),
                    instances: vec![description],
                    owner_id: ACCOUNT_ID,
                    reservation_id: instance.reservation_id,
                }),
            }
        }
        Ok(reservations)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::Response;

    fn instance(every_member: bool) -> InstanceDescription<'static> {
        let private = Ipv4Addr::new(10, 0, 1, 5);
        let public = Ipv4Addr::new(3, 80, 0, 1);
        InstanceDescription {
            ami_launch_index: 0,
            architecture: "x86_64",
            hibernation_options: HibernationOptions { configured: false },
            image_id: "ami-\"odd\"",
            instance_id: InstanceId::default(),
            instance_type: "t3.micro",
            launch_time: SimTime::START,
            network_interfaces: Vec::new(),
            placement: Placement {
                availability_zone: "us-east-1a",
                group_name: "",
                tenancy: "default",
            },
            private_dns_name: DnsName::private("us-east-1", private),
            private_ip_address: every_member.then_some(private),
            public_dns_name: if every_member {
                DnsName::public("us-east-1", public)
            } else {
                DnsName::None
            },
            public_ip_address: every_member.then_some(public),
            security_groups: Vec::new(),
            source_dest_check: every_member.then_some(true),
            state: InstanceState::Stopped.describe(),
            state_reason: every_member.then_some(StateReason {
                code: "Client.UserInitiatedShutdown",
                message: "Client.UserInitiatedShutdown: User initiated shutdown",
            }),
            state_transition_reason: "User initiated",
            subnet_id: every_member.then(SubnetId::default),
            vpc_id: every_member.then(VpcId::default),
        }
    }

    #[test]
    fn an_instance_is_written_with_its_members_in_aws_order_and_its_texts_escaped() {
        let reservation = Reservation {
            groups: Vec::new(),
            instances: vec![instance(true), instance(false)],
            owner_id: ACCOUNT_ID,
            reservation_id: ReservationId::default(),
        };
        let head = concat!(
            r#"{"AmiLaunchIndex":0,"Architecture":"x86_64","HibernationOptions":{"Configured":false},"#,
            r#""ImageId":"ami-\"odd\"","InstanceId":"i-00000000000000000","InstanceType":"t3.micro","#,
            r#""LaunchTime":"2025-01-06T09:00:00.000Z","NetworkInterfaces":[],"#,
            r#""Placement":{"AvailabilityZone":"us-east-1a","GroupName":"","Tenancy":"default"},"#,
            r#""PrivateDnsName":"ip-10-0-1-5.ec2.internal","#,
        );
        assert_eq!(
            Response::written(&reservation).json(),
            [
                r#"{"Groups":[],"Instances":["#,
                head,
                r#""PrivateIpAddress":"10.0.1.5","#,
                r#""PublicDnsName":"ec2-3-80-0-1.compute-1.amazonaws.com","PublicIpAddress":"3.80.0.1","#,
                r#""SecurityGroups":[],"SourceDestCheck":true,"State":{"Code":80,"Name":"stopped"},"#,
                r#""StateReason":{"Code":"Client.UserInitiatedShutdown","#,
                r#""Message":"Client.UserInitiatedShutdown: User initiated shutdown"},"#,
                r#""StateTransitionReason":"User initiated","SubnetId":"subnet-00000000000000000","#,
                r#""VpcId":"vpc-00000000000000000"},"#,
                head,
                r#""PublicDnsName":"","SecurityGroups":[],"State":{"Code":80,"Name":"stopped"},"#,
                r#""StateTransitionReason":"User initiated"}],"#,
                r#""OwnerId":"123456789012","ReservationId":"r-00000000000000000"}"#,
            ]
            .concat()
        );
    }
}
