//! `aws ec2 wait`: in the model every transition has completed by the next step, so a
//! waiter succeeds at once when its condition holds and otherwise fails (`WaiterFailed`).

use super::{filters, ids};
use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::ids::{InstanceId, NetworkInterfaceId};
use crate::response::Response;
use crate::script::Args;
use crate::world::World;

/// The waiters the model answers, each with the state it waits for.
pub const WAITERS: &[(&str, &str)] = &[
    ("instance-running", "running"),
    ("instance-stopped", "stopped"),
    ("instance-terminated", "terminated"),
    ("instance-exists", ""),
    ("network-interface-available", "available"),
];

fn failed(waiter: &str, why: String) -> Ec2Error {
    Ec2Error::new(
        ErrorCode::WaiterFailed,
        format!("Waiter {waiter} failed: {why}"),
    )
}

/// Runs `aws ec2 wait WAITER` with its arguments.
pub fn run_wait(world: &mut World, waiter: &str, mut a: Args) -> Ec2Result<Response> {
    let Some((_, wanted)) = WAITERS.iter().find(|(name, _)| *name == waiter) else {
        return Err(Ec2Error::new(
            ErrorCode::InvalidAction,
            format!(
                "Unknown waiter {waiter}; the waiters are: {}",
                WAITERS
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    };
    let r = world.region(a.globals.region())?;
    if waiter == "network-interface-available" {
        let enis: Vec<NetworkInterfaceId> = ids(&mut a, "network-interface-ids")?;
        let filters = filters(&mut a)?;
        a.finish()?;
        let found = r
            .describe_network_interfaces(&enis, &filters)
            .map_err(|e| failed(waiter, e.message))?;
        return match found.iter().find(|n| n.status != *wanted) {
            Some(n) => Err(failed(
                waiter,
                format!("{} is {}", n.network_interface_id, n.status),
            )),
            None if found.is_empty() => Err(failed(waiter, "no matching network interface".into())),
            None => Ok(Response::empty()),
        };
    }
    let instances: Vec<InstanceId> = ids(&mut a, "instance-ids")?;
    let filters = filters(&mut a)?;
    a.finish()?;
    let reservations = r
        .describe_instances(&instances, &filters)
        .map_err(|e| failed(waiter, e.message))?;
    let states: Vec<(InstanceId, &str)> = reservations
        .iter()
        .flat_map(|res| res.instances.iter().map(|i| (i.instance_id, i.state.name)))
        .collect();
    if states.is_empty() {
        return Err(failed(waiter, "no matching instance".into()));
    }
    if let Some((id, state)) = states
        .iter()
        .find(|(_, s)| !wanted.is_empty() && s != wanted)
    {
        return Err(failed(
            waiter,
            format!("instance {id} is {state}, not {wanted}"),
        ));
    }
    Ok(Response::empty())
}
