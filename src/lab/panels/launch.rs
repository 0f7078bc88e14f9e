//! The launch form: one `aws ec2 run-instances` step with the learner's choices.

use crate::lab::html::{event_id, part, push_option};
use crate::session::{LabSession, LaunchRequest, PublicIpChoice};
use leptos::prelude::*;
use netlab_model::instance_types::{DEFAULT_INSTANCE_TYPE, INSTANCE_TYPES};

/// A subnet as the form offers it.
#[derive(Debug, Clone, PartialEq)]
struct SubnetOption {
    id: String,
    label: String,
}

/// An instance type's memory in GiB, as an exact decimal (`512` MiB → `"0.5"`).
pub(super) fn memory_gib(memory_mib: u32) -> String {
    let mut text = (memory_mib / 1024).to_string();
    let mut rest = memory_mib % 1024;
    if rest > 0 {
        text.push('.');
    }
    // 1024 is a power of two, so the digits end within ten places.
    while rest > 0 {
        rest *= 10;
        text.push(char::from(b'0' + (rest / 1024) as u8));
        rest %= 1024;
    }
    text
}

/// The form's markup; the subnets' `<select>` is filled by the form's effect, since the
/// subnets change with the session.
fn form_markup() -> String {
    let mut out = String::from(concat!(
        r#"<h2 id="launch-heading">Launch an instance</h2>"#,
        r#"<form class="launch-form" data-testid="launch-form">"#,
        r#"<label for="launch-instance-type">Instance type</label>"#,
        r#"<select id="launch-instance-type" data-testid="launch-instance-type">"#,
    ));
    for t in INSTANCE_TYPES {
        let label = format!(
            "{} ({} vCPU, {} GiB, up to {} ENIs)",
            t.name,
            t.vcpus,
            memory_gib(t.memory_mib),
            t.max_network_interfaces
        );
        push_option(&mut out, t.name, &label, t.name == DEFAULT_INSTANCE_TYPE);
    }
    out.push_str(concat!(
        r#"</select><label for="launch-subnet">Subnet</label>"#,
        r#"<select id="launch-subnet" data-testid="launch-subnet"></select>"#,
        r#"<label for="launch-public-ip">Public IPv4 address</label>"#,
        r#"<select id="launch-public-ip" data-testid="launch-public-ip">"#,
    ));
    for c in PublicIpChoice::ALL {
        push_option(&mut out, c.value(), c.label(), false);
    }
    out.push_str(concat!(
        r#"</select><label for="launch-private-ip">Private IPv4 address (optional)</label>"#,
        r#"<input id="launch-private-ip" data-testid="launch-private-ip" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" placeholder="chosen by the subnet">"#,
        r#"<label class="checkbox"><input type="checkbox" id="launch-hibernation" data-testid="launch-hibernation"> Configure hibernation (so that it can be hibernated later)</label>"#,
        r#"<button type="submit" class="primary" data-testid="launch-button">Launch instance</button></form>"#,
    ));
    out
}

/// The launch form, as one piece of markup whose choices and submission are handled once
/// for the form.
#[component]
pub fn LaunchForm() -> impl IntoView {
    let session = expect_context::<LabSession>();
    let subnets = Memo::new(move |_| {
        session.with_region(|region| {
            region
                .subnets()
                .map(|s| SubnetOption {
                    id: s.id.to_string(),
                    label: format!("{} · {} · {}", s.availability_zone, s.cidr_block, s.id),
                })
                .collect::<Vec<_>>()
        })
    });
    let instance_type = RwSignal::new(DEFAULT_INSTANCE_TYPE.to_string());
    let subnet = RwSignal::new(String::new());
    let public_ip = RwSignal::new(PublicIpChoice::SubnetDefault);
    let private_ip = RwSignal::new(String::new());
    let hibernation = RwSignal::new(false);

    // The chosen subnet, or the first one while none is chosen (or it was deleted).
    let chosen_subnet = move || {
        let wanted = subnet.get();
        subnets.with(|all| {
            all.iter()
                .find(|s| s.id == wanted)
                .or_else(|| all.first())
                .map(|s| s.id.clone())
                .unwrap_or_default()
        })
    };

    let panel = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        let chosen = chosen_subnet();
        let mut options = String::new();
        subnets.with(|all| {
            for s in all {
                push_option(&mut options, &s.id, &s.label, s.id == chosen);
            }
        });
        if let Some(select) = part(panel, "#launch-subnet") {
            select.set_inner_html(&options);
        }
    });

    let launch = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = LaunchRequest {
            instance_type: instance_type.get_untracked(),
            subnet_id: untrack(chosen_subnet),
            public_ip: public_ip.get_untracked(),
            private_ip: private_ip.get_untracked(),
            hibernation: hibernation.get_untracked(),
        };
        let _ = session.run(&request.to_step());
    };
    let choose = move |ev: leptos::ev::Event| match event_id(&ev).as_str() {
        "launch-instance-type" => instance_type.set(event_target_value(&ev)),
        "launch-subnet" => subnet.set(event_target_value(&ev)),
        "launch-public-ip" => public_ip.set(PublicIpChoice::from_value(&event_target_value(&ev))),
        "launch-private-ip" => private_ip.set(event_target_value(&ev)),
        "launch-hibernation" => hibernation.set(event_target_checked(&ev)),
        _ => {}
    };

    view! {
        <section
            class="panel"
            aria-labelledby="launch-heading"
            node_ref=panel
            inner_html=form_markup()
            on:submit=launch
            on:change=choose
            on:input=choose
        ></section>
    }
}

#[cfg(test)]
mod tests {
    use super::memory_gib;

    #[test]
    fn memory_is_shown_in_gib_as_an_exact_decimal() {
        assert_eq!(memory_gib(512), "0.5");
        assert_eq!(memory_gib(1024), "1");
        assert_eq!(memory_gib(32768), "32");
        assert_eq!(memory_gib(1536), "1.5");
        assert_eq!(memory_gib(1), "0.0009765625");
    }
}
