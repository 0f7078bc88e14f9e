//! The `netlab` simulator steps: the clock, hardware failure, traffic, and the bill.

use super::id;
use crate::error::{Ec2Error, Ec2Result, ErrorCode};
use crate::ids::{InstanceId, NetworkInterfaceId, ResourceId};
use crate::response::Response;
use crate::script::Args;
use crate::traffic::SendTraffic;
use crate::world::World;
use ipnet::IpNet;
use serde_json::json;
use std::net::IpAddr;

/// The longest single jump of the clock: ten years.
const MAX_HOURS: u32 = 87_600;

pub fn advance_time(world: &mut World, _region: &str, mut a: Args) -> Ec2Result<Response> {
    let hours = a.optional_f64("hours")?.unwrap_or(0.0);
    let minutes = a.optional_f64("minutes")?.unwrap_or(0.0);
    a.finish()?;
    let total = hours + minutes / 60.0;
    if !(total > 0.0 && total <= f64::from(MAX_HOURS)) {
        return Err(Ec2Error::new(
            ErrorCode::InvalidParameterValue,
            format!("netlab advance-time needs --hours (or --minutes) adding up to more than 0 and at most {MAX_HOURS} hours."),
        ));
    }
    world.advance_time((total * 3600.0).round() as u64);
    Ok(Response::of(&json!({ "Now": world.now().to_string() })))
}

pub fn fail_instance(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let instance: InstanceId = id(&mut a, "instance-id")?;
    a.finish()?;
    world.region_mut(region)?.fail_instance(instance)?;
    Ok(Response::of(
        &json!({ "InstanceId": instance.to_string(), "Impaired": true }),
    ))
}

pub fn recover_instance(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let instance: InstanceId = id(&mut a, "instance-id")?;
    a.finish()?;
    world.region_mut(region)?.recover_instance(instance)?;
    Ok(Response::of(
        &json!({ "InstanceId": instance.to_string(), "Impaired": false }),
    ))
}

fn address(flag: &str, text: &str) -> Ec2Result<IpAddr> {
    text.parse().map_err(|_| {
        Ec2Error::new(
            ErrorCode::InvalidParameterValue,
            format!("--{flag}: '{text}' is not an IP address"),
        )
    })
}

pub fn send_traffic(world: &mut World, region: &str, mut a: Args) -> Ec2Result<Response> {
    let to = address("to", &a.required_string("to")?)?;
    let port = a.optional_u32("port")?.unwrap_or(80);
    let port = u16::try_from(port).map_err(|_| {
        Ec2Error::new(
            ErrorCode::InvalidParameterValue,
            format!("--port: {port} is not a port number (0-65535)"),
        )
    })?;
    let protocol = a
        .optional_string("protocol")?
        .unwrap_or_else(|| "tcp".into());
    let from = match a.optional_string("from")? {
        Some(text) => Some(match text.parse::<IpNet>() {
            Ok(net) => net,
            Err(_) => IpNet::from(address("from", &text)?),
        }),
        None => None,
    };
    let via = a.optional_string("via")?;
    a.finish()?;
    let r = world.region(region)?;
    let via = match via {
        None => None,
        Some(text) if text.starts_with("i-") => {
            let instance = r.instance(InstanceId::parse(&text)?)?;
            Some(instance.primary_interface().ok_or_else(|| {
                Ec2Error::new(
                    ErrorCode::IncorrectInstanceState,
                    format!("The instance '{text}' has no network interface."),
                )
            })?)
        }
        Some(text) => Some(NetworkInterfaceId::parse(&text)?),
    };
    Ok(Response::of(&r.send_traffic(&SendTraffic {
        to,
        port,
        protocol,
        from,
        via,
    })?))
}

pub fn cost_report(world: &mut World, region: &str, a: Args) -> Ec2Result<Response> {
    a.finish()?;
    Ok(Response::of(&world.region(region)?.cost_report()))
}
