//! The launch form: one `aws ec2 run-instances` step with the learner's choices.

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

    let launch = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = LaunchRequest {
            instance_type: instance_type.get_untracked(),
            subnet_id: chosen_subnet(),
            public_ip: public_ip.get_untracked(),
            private_ip: private_ip.get_untracked(),
            hibernation: hibernation.get_untracked(),
        };
        let _ = session.run(&request.to_step());
    };

    let type_options = INSTANCE_TYPES
        .iter()
        .map(|t| {
            let label = format!(
                "{} ({} vCPU, {} GiB, up to {} ENIs)",
                t.name,
                t.vcpus,
                memory_gib(t.memory_mib),
                t.max_network_interfaces
            );
            view! { <option value=t.name selected=t.name == DEFAULT_INSTANCE_TYPE>{label}</option> }
        })
        .collect_view();

    view! {
        <section class="panel" aria-labelledby="launch-heading">
            <h2 id="launch-heading">"Launch an instance"</h2>
            <form class="launch-form" data-testid="launch-form" on:submit=launch>
                <label for="launch-instance-type">"Instance type"</label>
                <select
                    id="launch-instance-type"
                    data-testid="launch-instance-type"
                    on:change=move |ev| instance_type.set(event_target_value(&ev))
                >
                    {type_options}
                </select>

                <label for="launch-subnet">"Subnet"</label>
                <select
                    id="launch-subnet"
                    data-testid="launch-subnet"
                    prop:value=chosen_subnet
                    on:change=move |ev| subnet.set(event_target_value(&ev))
                >
                    {move || {
                        subnets
                            .get()
                            .into_iter()
                            .map(|s| view! { <option value=s.id>{s.label}</option> })
                            .collect_view()
                    }}
                </select>

                <label for="launch-public-ip">"Public IPv4 address"</label>
                <select
                    id="launch-public-ip"
                    data-testid="launch-public-ip"
                    on:change=move |ev| public_ip.set(PublicIpChoice::from_value(&event_target_value(&ev)))
                >
                    {PublicIpChoice::ALL
                        .iter()
                        .map(|c| view! { <option value=c.value()>{c.label()}</option> })
                        .collect_view()}
                </select>

                <label for="launch-private-ip">"Private IPv4 address (optional)"</label>
                <input
                    id="launch-private-ip"
                    data-testid="launch-private-ip"
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="chosen by the subnet"
                    prop:value=move || private_ip.get()
                    on:input=move |ev| private_ip.set(event_target_value(&ev))
                />

                <label class="checkbox">
                    <input
                        type="checkbox"
                        data-testid="launch-hibernation"
                        prop:checked=move || hibernation.get()
                        on:change=move |ev| hibernation.set(event_target_checked(&ev))
                    />
                    " Configure hibernation (so that it can be hibernated later)"
                </label>

                <button type="submit" class="primary" data-testid="launch-button">"Launch instance"</button>
            </form>
        </section>
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
