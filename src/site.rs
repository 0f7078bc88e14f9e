//! The site around every page: the route (from the location hash), the shared context
//! (progress, the host reporter), the header and navigation, and the embedded mode
//! (`embed=1`), in which a page shows alone, sized to its content, and talks to its host.

use crate::course::store::ProgressStore;
use crate::embed::messages::Outgoing;
use crate::embed::{height_of, Host, Reporter};
use crate::route::{self, Page, Route};
use leptos::prelude::*;

fn current_route() -> Route {
    route::parse(&window().location().hash().unwrap_or_default())
}

/// The site; `render` gives the component of each page.
#[component]
pub fn Site(render: fn(Page) -> AnyView) -> impl IntoView {
    let route = RwSignal::new(current_route());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| route.set(current_route()));
    on_cleanup(move || handle.remove());
    provide_context(route.read_only());
    provide_context(ProgressStore::load());

    let page = Memo::new(move |_| route.with(|r| r.page.clone()));
    Effect::new(move |_| document().set_title(&title_of(&page.get())));

    let start = route.get_untracked();
    if start.embed {
        embedded(&start, page, render)
    } else {
        provide_context(Reporter(None));
        view! {
            <a class="skip-link" href="#main" on:click=skip_to_main>"Skip to content"</a>
            <header class="site-header">
                <div class="brand">
                    <h1>"EC2 Network Lab"</h1>
                    <p class="tagline">
                        "A default VPC, its subnets, and the instances you launch: watch each network interface get its private and public IPv4 address."
                    </p>
                </div>
                <nav class="site-nav" aria-label="Site">
                    <a href="#/lab" aria-current=move || matches!(page.get(), Page::Lab).then_some("page")>"Lab"</a>
                    <a
                        href="#/course"
                        aria-current=move || (!matches!(page.get(), Page::Lab)).then_some("page")
                    >
                        "Course"
                    </a>
                </nav>
            </header>
            // Each page brings its own <main>.
            {move || render(page.get())}
        }
        .into_any()
    }
}

/// Moves keyboard focus to the page's main landmark (the hash is the router's, so the
/// skip link cannot simply point at an anchor).
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    use wasm_bindgen::JsCast;
    let main = document()
        .query_selector("main")
        .ok()
        .flatten()
        .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        if !main.has_attribute("tabindex") {
            let _ = main.set_attribute("tabindex", "-1");
        }
        let _ = main.focus();
    }
}

/// The page alone, sized to its content, reporting to the host page.
fn embedded(start: &Route, page: Memo<Page>, render: fn(Page) -> AnyView) -> AnyView {
    let host = Host::connect(start);
    provide_context(Reporter(host.clone()));
    let root = NodeRef::<leptos::html::Div>::new();
    if let Some(host) = host {
        Effect::new(move |_| {
            if let Some(el) = root.get() {
                host.post(&Outgoing::Ready {
                    page: page.get_untracked().path(),
                });
                host.follow_height((**el).clone());
                host.listen(
                    move || page.get_untracked().path(),
                    move || root.get_untracked().map_or(0, |el| height_of(&el)),
                );
            }
        });
    }
    view! { <div class="embedded" node_ref=root>{move || render(page.get())}</div> }.into_any()
}

/// The document title of a page.
fn title_of(page: &Page) -> String {
    let name = match page {
        Page::Lab => None,
        Page::Course => Some("Course".to_string()),
        Page::Lesson { id, .. } => Some(
            netlab_course::lesson(id)
                .map_or_else(|| "Lesson not found".into(), |l| l.title.clone()),
        ),
        Page::Quiz { id } => Some("Quiz ".to_string() + id),
        Page::NotFound(_) => Some("Page not found".into()),
    };
    match name {
        Some(name) => format!("{name} · EC2 Network Lab"),
        None => "EC2 Network Lab".to_string(),
    }
}
