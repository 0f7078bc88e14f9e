//! The account's public addresses: its Elastic IPs (what each is associated with, the
//! fee so far, the quota used) and its BYOIP ranges and their pools, drawn as markup.

use super::actions::{provision_form, Target};
use super::menu::{push_menu, Env};
use crate::lab::first_picture;
use crate::lab::html::{attr, event_id, part, push_esc, redraw};
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

/// The panel's fixed markup; the parts named `data-part` follow the Region.
const PANEL: &str = concat!(
    r#"<h2 id="eips-heading">Elastic IPs</h2>"#,
    r#"<p class="muted" data-testid="eip-quota"></p>"#,
    r#"<ul class="address-list" data-testid="eip-list"></ul>"#,
    r#"<p class="muted" data-part="fees"></p>"#,
    r#"<button type="button" id="allocate-eip" data-testid="allocate-eip">Allocate an Elastic IP</button>"#,
    r#"<h2 id="byoip-heading" class="subheading">BYOIP ranges and pools</h2>"#,
    r#"<ul class="address-list" data-testid="byoip-list" aria-labelledby="byoip-heading"></ul>"#,
    r#"<button type="button" id="provision-byoip" data-testid="provision-byoip">Provision a BYOIP range…</button>"#,
);

/// Writes one row of a list: its test hook and data attributes, its lines of text as
/// `(class, test hook, text)`, and the object's menu.
fn push_row(
    out: &mut String,
    env: Env,
    testid: &str,
    hooks: &[(&str, &str)],
    texts: &[(&str, Option<&str>, String)],
    target: &Target,
) {
    out.push_str(r#"<li class="address-row""#);
    attr(out, "data-testid", testid);
    for (name, value) in hooks {
        attr(out, name, value);
    }
    out.push_str(r#"><div class="address-text">"#);
    for (class, testid, text) in texts {
        out.push_str("<span");
        attr(out, "class", class);
        if let Some(testid) = testid {
            attr(out, "data-testid", testid);
        }
        out.push('>');
        push_esc(out, text);
        out.push_str("</span>");
    }
    out.push_str("</div>");
    push_menu(out, env, target);
    out.push_str("</li>");
}

/// The Elastic IPs, one row each with its menu.
fn eips_markup(env: Env, eips: &[EipRow]) -> String {
    let mut out = String::new();
    for e in eips {
        let texts = [
            ("mono", None, e.public_ip.clone()),
            ("muted", None, format!("{} · {}", e.allocation_id, e.pool)),
            ("muted", Some("eip-association"), e.associated.clone()),
            ("muted", Some("eip-fee"), format!("Fee so far: ${}", e.fee)),
        ];
        let hooks = [
            ("data-allocation-id", e.allocation_id.as_str()),
            ("data-public-ip", e.public_ip.as_str()),
        ];
        let target = Target::Eip(e.allocation_id.clone());
        push_row(&mut out, env, "eip", &hooks, &texts, &target);
    }
    out
}

/// The BYOIP ranges, one row each with its menu, or why there are none.
fn ranges_markup(env: Env, ranges: &[RangeRow]) -> String {
    if ranges.is_empty() {
        return r#"<li class="muted">None: provision a range you own to allocate Elastic IPs from it.</li>"#.to_string();
    }
    let mut out = String::new();
    for r in ranges {
        let texts = [
            ("mono", None, r.cidr.clone()),
            ("muted", None, format!("{} · pool {}", r.state, r.pool)),
        ];
        let hooks = [
            ("data-cidr", r.cidr.as_str()),
            ("data-state", r.state.as_str()),
        ];
        let target = Target::Range(r.cidr.clone());
        push_row(&mut out, env, "byoip-range", &hooks, &texts, &target);
    }
    out
}

/// The account's Elastic IPs and BYOIP ranges: one piece of markup whose lists are
/// redrawn (keeping the focus) when the Region changes; the rows' menus are the lab's
/// ([`super::menu`]), and the two buttons are handled here.
#[component]
pub fn AddressesPanel() -> impl IntoView {
    let env = expect_context::<Env>();
    let data = Memo::new(move |_| env.lab.with_region(addresses));
    let panel = NodeRef::<leptos::html::Section>::new();
    // The build's picture of the panel while the lab is the default scenario's picture.
    let drawn = untrack(|| env.lab.is_picture())
        .then(first_picture::addresses)
        .flatten();
    let from_picture = drawn.is_some();
    Effect::new(move |_| {
        if from_picture && env.lab.is_picture() {
            return;
        }
        let part = |selector: &str| part(panel, selector);
        data.with(|d| {
            if let Some(quota) = part("[data-testid=\"eip-quota\"]") {
                quota.set_text_content(Some(&format!(
                    "{} of {ELASTIC_IPS_PER_REGION} used in this Region (Amazon's pool)",
                    d.quota_used
                )));
            }
            if let Some(list) = part("[data-testid=\"eip-list\"]") {
                redraw(&list, &eips_markup(env, &d.eips));
            }
            if let Some(fees) = part("[data-part=\"fees\"]") {
                fees.set_text_content(Some(&format!(
                    "Public IPv4 fees so far: ${} · simulated time {}",
                    d.total_fee, d.now
                )));
            }
            if let Some(list) = part("[data-testid=\"byoip-list\"]") {
                redraw(&list, &ranges_markup(env, &d.ranges));
            }
        });
    });
    let on_click = move |ev: leptos::ev::MouseEvent| match event_id(&ev).as_str() {
        "allocate-eip" => super::menu::run_and_refocus(
            env,
            "aws ec2 allocate-address --domain vpc",
            "[data-testid=\"allocate-eip\"]".to_string(),
        ),
        "provision-byoip" => {
            env.ui.form.set(Some(provision_form()));
            request_animation_frame(|| crate::lab::drag::focus_selector("#action-form-field-0"));
        }
        _ => {}
    };
    view! {
        <section
            class="panel"
            data-testid="addresses-panel"
            aria-labelledby="eips-heading"
            node_ref=panel
            inner_html=drawn.unwrap_or_else(|| PANEL.to_string())
            on:click=on_click
        ></section>
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
