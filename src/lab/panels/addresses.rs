//! The account's public addresses: its Elastic IPs (what each is associated with, the
//! fee so far, the quota used) and its BYOIP ranges and their pools.

use super::actions::{provision_form, Target};
use super::menu::{object_menu, Env};
use leptos::prelude::*;
use netlab_model::elastic_ip::ELASTIC_IPS_PER_REGION;
use netlab_model::Region;

/// Dollars as ten-thousandths (`"0.0050"` → 50); the model writes fees so.
fn ten_thousandths(usd: &str) -> u64 {
    let (whole, fraction) = usd.split_once('.').unwrap_or((usd, "0"));
    let fraction = format!("{fraction:0<4}");
    whole.parse::<u64>().unwrap_or(0) * 10_000 + fraction[..4].parse::<u64>().unwrap_or(0)
}

/// The public IPv4 fee an Elastic IP has cost so far (`netlab cost-report`), in dollars.
pub fn fee_of(region: &Region, allocation_id: &str) -> String {
    let total: u64 = region
        .cost_report()
        .addresses
        .iter()
        .filter(|a| {
            a.allocation_id
                .is_some_and(|id| id.to_string() == allocation_id)
        })
        .map(|a| ten_thousandths(&a.usd))
        .sum();
    format!("{}.{:04}", total / 10_000, total % 10_000)
}

#[derive(Debug, Clone, PartialEq)]
struct EipRow {
    allocation_id: String,
    public_ip: String,
    associated: String,
    fee: String,
    pool: String,
}

#[derive(Debug, Clone, PartialEq)]
struct RangeRow {
    cidr: String,
    state: String,
    pool: String,
}

#[derive(Debug, Clone, PartialEq)]
struct Addresses {
    eips: Vec<EipRow>,
    quota_used: usize,
    total_fee: String,
    now: String,
    ranges: Vec<RangeRow>,
}

fn addresses(region: &Region) -> Addresses {
    let eips = region
        .elastic_ips()
        .map(|e| {
            let associated = match &e.association {
                Some(a) => {
                    let on = region
                        .network_interface(a.network_interface_id)
                        .ok()
                        .and_then(|n| n.attachment.as_ref())
                        .map(|at| format!(" on {}", at.instance_id))
                        .unwrap_or_default();
                    format!("{} · {}{on}", a.private_ip, a.network_interface_id)
                }
                None => "not associated".to_string(),
            };
            EipRow {
                allocation_id: e.allocation_id.to_string(),
                public_ip: e.public_ip.to_string(),
                associated,
                fee: fee_of(region, &e.allocation_id.to_string()),
                pool: e
                    .pool
                    .map_or_else(|| "Amazon".to_string(), |p| p.to_string()),
            }
        })
        .collect();
    let ranges = region
        .byoip_cidrs()
        .map(|r| RangeRow {
            cidr: r.cidr.to_string(),
            state: r.state.name().to_string(),
            pool: r.pool.to_string(),
        })
        .collect();
    Addresses {
        eips,
        quota_used: region.elastic_ip_quota_used(),
        total_fee: region.cost_report().total_usd,
        now: region.now().to_string(),
        ranges,
    }
}

#[component]
pub fn AddressesPanel() -> impl IntoView {
    let env = expect_context::<Env>();
    let data = Memo::new(move |_| env.lab.with_region(addresses));
    let allocate = move |_| {
        super::menu::run_and_refocus(
            env,
            "aws ec2 allocate-address --domain vpc",
            "[data-testid=\"allocate-eip\"]".to_string(),
        )
    };
    let provision = move |_| {
        env.ui.form.set(Some(provision_form()));
        request_animation_frame(|| crate::lab::drag::focus_selector("#action-form-field-0"));
    };
    view! {
        <section class="panel" data-testid="addresses-panel" aria-labelledby="eips-heading">
            <h2 id="eips-heading">"Elastic IPs"</h2>
            <p class="muted" data-testid="eip-quota">
                {move || data.with(|d| format!("{} of {ELASTIC_IPS_PER_REGION} used in this Region (Amazon's pool)", d.quota_used))}
            </p>
            <ul class="address-list" data-testid="eip-list">
                {move || data.with(|d| d.eips.iter().map(|e| view! {
                    <li class="address-row" data-testid="eip" data-allocation-id=e.allocation_id.clone() data-public-ip=e.public_ip.clone()>
                        <div class="address-text">
                            <span class="mono">{e.public_ip.clone()}</span>
                            <span class="muted">{format!("{} · {}", e.allocation_id, e.pool)}</span>
                            <span class="muted" data-testid="eip-association">{e.associated.clone()}</span>
                            <span class="muted" data-testid="eip-fee">{format!("Fee so far: ${}", e.fee)}</span>
                        </div>
                        {object_menu(env, Target::Eip(e.allocation_id.clone()))}
                    </li>
                }).collect_view())}
            </ul>
            <p class="muted">
                {move || data.with(|d| format!("Public IPv4 fees so far: ${} · simulated time {}", d.total_fee, d.now))}
            </p>
            <button type="button" data-testid="allocate-eip" on:click=allocate>"Allocate an Elastic IP"</button>
            <h2 id="byoip-heading" class="subheading">"BYOIP ranges and pools"</h2>
            <ul class="address-list" data-testid="byoip-list" aria-labelledby="byoip-heading">
                {move || data.with(|d| {
                    if d.ranges.is_empty() {
                        return view! { <li class="muted">"None: provision a range you own to allocate Elastic IPs from it."</li> }.into_any();
                    }
                    d.ranges.iter().map(|r| view! {
                        <li class="address-row" data-testid="byoip-range" data-cidr=r.cidr.clone() data-state=r.state.clone()>
                            <div class="address-text">
                                <span class="mono">{r.cidr.clone()}</span>
                                <span class="muted">{format!("{} · pool {}", r.state, r.pool)}</span>
                            </div>
                            {object_menu(env, Target::Range(r.cidr.clone()))}
                        </li>
                    }).collect_view().into_any()
                })}
            </ul>
            <button type="button" data-testid="provision-byoip" on:click=provision>"Provision a BYOIP range…"</button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{default_session, run_steps};
    use netlab_model::world::DEFAULT_REGION;

    #[test]
    fn fees_are_summed_per_elastic_ip() {
        assert_eq!(ten_thousandths("0.0050"), 50);
        assert_eq!(ten_thousandths("1.5"), 15_000);
        let mut session = default_session();
        run_steps(
            &mut session,
            "aws ec2 allocate-address --domain vpc\nnetlab advance-time --hours 10",
        )
        .unwrap();
        let region = session.world().region(DEFAULT_REGION).unwrap();
        let a = addresses(region);
        assert_eq!(a.eips.len(), 2);
        assert_eq!(a.quota_used, 2);
        // The unassociated one costs the hourly fee; the report is the model's.
        assert_ne!(a.eips[1].fee, "0.0000");
        assert_eq!(a.eips[1].associated, "not associated");
    }
}
