//! The lab: the network diagram of the learner's account, and the panels that change it.

pub mod after_paint;
pub mod diagram;
pub mod drag;
pub mod first_picture;
pub mod html;
pub mod layout;
pub mod panels;
pub mod share;
pub mod traffic;

use crate::course::lab_tasks::LabTasks;
use crate::session::LabSession;
use diagram::NetworkDiagram;
use drag::DragCtx;
use layout::{layout, AZ_W, GAP, PAD};
use leptos::prelude::*;
use panels::menu::{Env, LabUi};
use panels::{
    ActionForm, ActionLog, AddressesPanel, ErrorAlert, Inspector, InstanceList, LastAnswer,
    LaunchForm, Notice, ScriptConsole, Toolbar,
};
use traffic::{Traffic, TrafficOverlay, TrafficPanel};

/// Most Availability Zone columns drawn side by side (us-east-1 has six).
const MAX_COLUMNS: usize = 6;

/// How many Availability Zone columns fit a viewport `width` CSS pixels wide.
pub fn columns_for_width(width: f64) -> usize {
    // The page's own margins, and the side panel that sits beside the diagram from 960 px.
    let page = 2.0 * 16.0 + 2.0;
    let side = if width >= 960.0 {
        20.0 * 16.0 + 16.0
    } else {
        0.0
    };
    let available = width - page - side;
    // Drawing width for n columns: the Region's and the VPC's margins plus n columns.
    let margins = f64::from(6 * PAD - GAP);
    let per_column = f64::from(AZ_W + GAP);
    let fit = ((available - margins) / per_column).floor();
    if fit.is_nan() || fit < 1.0 {
        1
    } else {
        (fit as usize).min(MAX_COLUMNS)
    }
}

fn viewport_width() -> f64 {
    window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .unwrap_or(1280.0)
}

/// The lab page: diagram, launch form, instances, and the steps taken.
#[component]
pub fn Lab() -> impl IntoView {
    let session = LabSession::new();
    provide_context(session);

    let columns = RwSignal::new(columns_for_width(viewport_width()));
    // While the lab is the build's picture of the default scenario, the diagram is the
    // picture drawn in as many columns (`first_picture`); afterwards, the live layout.
    let picture = Memo::new(move |_| {
        if session.is_picture() {
            first_picture::diagram(columns.get())
        } else {
            None
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        let fit = columns_for_width(viewport_width());
        if columns.get_untracked() != fit {
            columns.set(fit);
        }
    });
    on_cleanup(move || resize.remove());

    let diagram = Memo::new(move |_| {
        let columns = columns.get();
        session.with_session(|s| {
            let region = s
                .world()
                .region(netlab_model::world::DEFAULT_REGION)
                .expect("the default Region is always simulated");
            layout(region, s.vars(), columns)
        })
    });
    let ui = LabUi {
        selected: RwSignal::new(None),
        open_menu: RwSignal::new(None),
        form: RwSignal::new(None),
        diagram,
    };
    let drag = DragCtx::new();
    let env = Env {
        lab: session,
        ui,
        drag,
    };
    provide_context(env);
    let diagram_ref = NodeRef::new();

    // One refusal at a time: a refused action replaces a refused drop's alert.
    Effect::new(move |_| {
        if session.last_failure().is_some() {
            drag.refusal.set(None);
        }
    });
    // Escape cancels a pointer drag too (the keyboard's own move handles its keys).
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape"
            && drag
                .carry
                .with_untracked(|c| c.as_ref().is_some_and(|c| !c.by_keyboard))
        {
            drag::pointer_cancel(drag);
        }
    });
    on_cleanup(move || escape.remove());

    // Every menu's clicks and keys, and a click outside every menu closes the open one.
    panels::menu::watch_open_menu(env);
    // The panels below the fold wait for the first frame (the diagram is drawn first)
    // and the wasm's later part, then come one per task; so do what shows nothing until
    // the learner acts (the alert, the action form, the last answer, the traffic overlay,
    // the notes of address changes, the diagram's marks, the share and export links) and
    // the traffic panel's parts below its toggle.
    let [launch, later, instances, console, log] = after_paint::stages();
    Traffic::provide(session, diagram, later);

    view! {
        <main
            class="lab"
            data-testid="lab"
            on:click=move |ev| panels::menu::on_click(env, &ev)
            on:keydown=move |ev| panels::menu::on_keydown(env, &ev)
        >
            <section class="diagram-pane" aria-labelledby="diagram-heading">
                <h2 id="diagram-heading" class="visually-hidden">"Network diagram"</h2>
                <Toolbar later=later />
                <Notice />
                <div
                    class="diagram-wrap"
                    data-testid="diagram-wrap"
                    tabindex="0"
                    role="region"
                    aria-label="Network diagram (scrollable)"
                    data-columns=move || columns.get()
                >
                    <div class="diagram-stack">
                        <NetworkDiagram
                            diagram=diagram
                            picture=picture
                            node_ref=diagram_ref
                            later=later
                        />
                        {move || later.get().then(|| view! { <TrafficOverlay /> }.into_any())}
                    </div>
                </div>
                <div class="visually-hidden" aria-live="assertive" data-testid="drag-announcer">
                    {move || drag.announcement.get()}
                </div>
            </section>
            <aside class="side-pane">
                <LabTasks />
                {move || {
                    later
                        .get()
                        .then(|| view! { <ErrorAlert /> <ActionForm /> <LastAnswer /> }.into_any())
                }}
                <Inspector />
                <AddressesPanel />
                <TrafficPanel filled=later />
                {move || launch.get().then(|| view! { <LaunchForm /> }.into_any())}
                {move || instances.get().then(|| view! { <InstanceList /> }.into_any())}
            </aside>
            {move || {
                console.get().then(|| {
                    view! {
                        <section class="tools-pane" aria-label="Script console and action log">
                            <ScriptConsole />
                            {move || log.get().then(|| view! { <ActionLog /> }.into_any())}
                        </section>
                    }
                    .into_any()
                })
            }}
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_gets_one_column_and_a_wide_screen_several() {
        assert_eq!(columns_for_width(360.0), 1);
        assert_eq!(columns_for_width(0.0), 1);
        assert!(columns_for_width(1280.0) >= 3);
        assert_eq!(columns_for_width(10_000.0), MAX_COLUMNS);
    }
}
