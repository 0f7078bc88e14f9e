//! The instances of the lab's Region, each with its terminate action.

use crate::session::{terminate_step, LabSession};
use leptos::prelude::*;
use netlab_model::instance::InstanceState;

#[derive(Debug, Clone, PartialEq)]
struct InstanceRow {
    id: String,
    instance_type: String,
    state: String,
    terminated: bool,
    private_ip: Option<String>,
    public_ip: Option<String>,
}

#[component]
pub fn InstanceList() -> impl IntoView {
    let session = expect_context::<LabSession>();
    let rows = Memo::new(move |_| {
        session.with_region(|region| {
            region
                .instances()
                .map(|i| {
                    let primary = i
                        .primary_interface()
                        .and_then(|eni| region.network_interface(eni).ok());
                    InstanceRow {
                        id: i.id.to_string(),
                        instance_type: i.instance_type.name.to_string(),
                        state: i.display_state().to_string(),
                        terminated: i.state == InstanceState::Terminated,
                        private_ip: primary.map(|n| n.primary_private_ip().to_string()),
                        public_ip: primary.and_then(|n| n.public_ip()).map(|ip| ip.to_string()),
                    }
                })
                .collect::<Vec<_>>()
        })
    });

    view! {
        <section class="panel" aria-labelledby="instances-heading">
            <h2 id="instances-heading">"Instances"</h2>
            <ul class="instance-list" data-testid="instance-list">
                {move || rows.with(|rows| rows.iter().map(|row| render_row(session, row)).collect_view())}
            </ul>
        </section>
    }
}

fn render_row(session: LabSession, row: &InstanceRow) -> impl IntoView {
    let id = row.id.clone();
    let addresses = match (&row.private_ip, &row.public_ip) {
        (Some(private), Some(public)) => format!("{private} · {public}"),
        (Some(private), None) => private.clone(),
        _ => "no interface".to_string(),
    };
    let terminate = (!row.terminated).then(|| {
        let label = format!("Terminate {}", row.id);
        view! {
            <button
                type="button"
                class="danger"
                data-testid="terminate-button"
                aria-label=label
                on:click=move |_| {
                    let _ = session.run(&terminate_step(&id));
                }
            >
                "Terminate"
            </button>
        }
    });
    view! {
        <li class="instance-row" data-testid="instance-row" data-instance-id=row.id.clone() data-state=row.state.clone()>
            <div class="instance-row-text">
                <span class="mono">{row.id.clone()}</span>
                <span class="muted">{format!("{} · {} · {}", row.instance_type, row.state, addresses)}</span>
            </div>
            {terminate}
        </li>
    }
}
