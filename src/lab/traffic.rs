//! Traffic you can watch: a client on the internet sends a steady stream of requests to
//! one public or Elastic IP of the diagram, and each request is drawn travelling the path
//! the model answers with.
//!
//! Every request is one question to the model, `netlab send-traffic --to IP --port 80`,
//! asked through [`Region::send_traffic`] a few times a second. Its answer (delivered to
//! an instance, or dropped where the path ended with an explanation code) is what is
//! counted and drawn: the app decides nothing about reachability. The motion runs on
//! `requestAnimationFrame` over positions the layout computed, and the model is never
//! asked anything per frame. With `prefers-reduced-motion`, each answer is drawn in one
//! step where it ended.
//!
//! The plain parts ([`targets`], [`ask`], [`route`], [`Stats`], [`address_changes`],
//! [`failover_setup`]) are tested natively; the components only wire them to the page.

use super::after_paint;
use super::html::{attr, esc, event_element, event_id, part, patch, push_esc, push_option};
use super::layout::{Diagram, EniBox, Rect, VpcBox, LINE, PAD};
use crate::session::LabSession;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use netlab_model::traffic::{Explanation, SendTraffic};
use netlab_model::Region;
use std::time::Duration;

/// The port every request goes to: HTTP.
pub const PORT: u16 = 80;
/// Time between two requests: four a second.
pub const TICK_MS: u64 = 250;
/// How long a packet takes from the internet to where it ends.
const TRAVEL_MS: f64 = 900.0;
/// How long a dropped packet stays where it was dropped.
const HOLD_MS: f64 = 600.0;
/// How long an address change is announced.
const TOAST_MS: u64 = 8000;

/// The failover scenario the lab offers ready-made.
pub const FAILOVER_SCENARIO: &str = include_str!("../../scenarios/failover.sh");

/// The failover scenario up to the moment the service answers: the web server and its
/// standby, and the service interface with its Elastic IP on the web server. The
/// learner sends the traffic, fails the instance and moves the interface.
pub fn failover_setup() -> String {
    let mut setup = String::new();
    for line in FAILOVER_SCENARIO.lines() {
        if line.starts_with("netlab send-traffic") {
            break;
        }
        setup.push_str(line);
        setup.push('\n');
    }
    setup
}

/// An address the internet can send to: a public or Elastic IP drawn in the diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub ip: String,
    pub elastic: bool,
    pub eni_id: String,
}

/// Every public and Elastic IP the diagram shows, in the diagram's order.
pub fn targets(diagram: &Diagram) -> Vec<Target> {
    let mut out = Vec::new();
    for_each_eni(diagram, |_, eni, _| {
        if let Some(ip) = &eni.public_ip {
            out.push(Target {
                ip: ip.clone(),
                elastic: eni.elastic,
                eni_id: eni.id.clone(),
            });
        }
    });
    out
}

/// The address the stream goes to unless the learner chose one: the first Elastic IP,
/// else the first public IP.
pub fn default_target(targets: &[Target]) -> Option<&Target> {
    targets
        .iter()
        .find(|t| t.elastic)
        .or_else(|| targets.first())
}

/// The question each request asks, as the script line it is.
pub fn command(ip: &str) -> String {
    format!("netlab send-traffic --to {ip} --port {PORT}")
}

/// The model's answer to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub delivered: bool,
    /// The instance the path reached (the one that answered, when delivered).
    pub instance_id: Option<String>,
    /// The components the packet passed, as (component type, id).
    pub path: Vec<(&'static str, String)>,
    /// The model's explanation code when dropped, as it writes it (`INSTANCE_IMPAIRED`).
    pub code: Option<&'static str>,
    /// A short readable label for the code.
    pub label: &'static str,
    /// The model's own explanation.
    pub message: String,
}

/// Asks the model where one request to `ip` ends.
pub fn ask(region: &Region, ip: &str) -> Outcome {
    let refused = |code: &str, message: String| Outcome {
        delivered: false,
        instance_id: None,
        path: Vec::new(),
        code: None,
        label: "Refused",
        message: format!("{code}: {message}"),
    };
    let Ok(to) = ip.parse() else {
        return refused(
            "InvalidParameterValue",
            format!("'{ip}' is not an IP address"),
        );
    };
    let request = SendTraffic {
        to,
        port: PORT,
        protocol: "tcp".to_string(),
        from: None,
        via: None,
    };
    match region.send_traffic(&request) {
        Ok(r) => Outcome {
            delivered: r.delivered,
            instance_id: r.instance_id.map(|i| i.to_string()),
            path: r
                .path
                .into_iter()
                .map(|c| (c.component_type, c.id))
                .collect(),
            code: r.explanation_code.map(Explanation::code),
            label: r.explanation_code.map_or("Delivered", explanation_label),
            message: r.explanation.unwrap_or_default().to_string(),
        },
        Err(e) => refused(e.code.as_str(), e.message),
    }
}

/// A few readable words for an explanation code, drawn where the packet stopped.
pub fn explanation_label(code: Explanation) -> &'static str {
    match code {
        Explanation::NoMatchingAddress => "No interface has this address",
        Explanation::PrivateAddressNotRoutable => "Private address",
        Explanation::IgwNotAttached => "No internet gateway",
        Explanation::NoRouteToIgw => "No route to the internet gateway",
        Explanation::EniNotAttached => "Interface not attached",
        Explanation::EniSgRulesMismatch => "Blocked by the security group",
        Explanation::InstanceNotRunning => "Instance not running",
        Explanation::InstanceImpaired => "Instance impaired",
        Explanation::SourceDestCheck => "Source/destination check",
        Explanation::NoPathBetweenVpcs => "No path between VPCs",
        Explanation::ByoipRangeNotAdvertised => "BYOIP range not advertised",
    }
}

/// The stream's counters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub delivered: u64,
    pub dropped: u64,
    /// The instance that answered the last delivered request.
    pub last_instance_id: Option<String>,
    /// Whether the last request was delivered.
    pub serving: bool,
    /// Requests lost in the current outage, or in the last one once the service is back.
    pub outage_lost: u64,
    /// The last drop's explanation code.
    pub last_code: Option<&'static str>,
}

impl Stats {
    pub fn record(&mut self, outcome: &Outcome) {
        if outcome.delivered {
            self.delivered += 1;
            self.last_instance_id.clone_from(&outcome.instance_id);
            self.serving = true;
        } else {
            if self.serving || self.delivered + self.dropped == 0 {
                self.outage_lost = 0;
            }
            self.dropped += 1;
            self.outage_lost += 1;
            self.serving = false;
            self.last_code = outcome.code;
        }
    }

    /// The time all lost requests add up to.
    pub fn downtime_ms(&self) -> u64 {
        self.dropped * TICK_MS
    }

    /// The current (or last) outage's length.
    pub fn outage_ms(&self) -> u64 {
        self.outage_lost * TICK_MS
    }
}

/// A point of the drawing, in diagram units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

fn point(x: i32, y: i32) -> Point {
    Point {
        x: f64::from(x),
        y: f64::from(y),
    }
}

/// Calls `f(vpc, eni, instance)` for every interface drawn, attached or not.
fn for_each_eni<'a>(
    diagram: &'a Diagram,
    mut f: impl FnMut(&'a VpcBox, &'a EniBox, Option<&'a Rect>),
) {
    for vpc in &diagram.region.vpcs {
        for zone in &vpc.zones {
            for subnet in &zone.subnets {
                for instance in &subnet.instances {
                    for eni in &instance.enis {
                        f(vpc, eni, Some(&instance.rect));
                    }
                }
                for eni in &subnet.detached {
                    f(vpc, eni, None);
                }
            }
        }
    }
}

/// Where the internet client sits: the middle of the diagram's Internet box.
pub fn client_point(diagram: &Diagram) -> Point {
    let r = diagram.internet;
    point(r.x + r.w / 2, r.y + r.h / 2)
}

/// Where a VPC's internet gateway is: the middle of its gateway box, or (with none
/// attached) the VPC's top edge at its right.
pub fn gateway_point(vpc: &VpcBox) -> Point {
    match &vpc.gateway {
        Some(g) => point(g.rect.x + g.rect.w / 2, g.rect.y + g.rect.h / 2),
        None => point(vpc.rect.x + vpc.rect.w - 3 * PAD, vpc.rect.y),
    }
}

/// Where an interface's public address is written.
fn address_point(eni: &Rect) -> Point {
    point(eni.x + eni.w - PAD, eni.y + PAD / 2 + 4 * LINE - 7)
}

/// The points a packet to `target` passes through, from the internet client to where
/// the model's path ended.
pub fn route(diagram: &Diagram, outcome: &Outcome, target: &str) -> Vec<Point> {
    let via_path = outcome
        .path
        .iter()
        .find(|(kind, _)| *kind == "NetworkInterface")
        .map(|(_, id)| id.as_str());
    let mut holder = None;
    for_each_eni(diagram, |vpc, eni, instance| {
        let found = match via_path {
            Some(id) => eni.id == id,
            None => eni.public_ip.as_deref() == Some(target),
        };
        if found && holder.is_none() {
            holder = Some((vpc, eni, instance));
        }
    });
    let mut points = vec![client_point(diagram)];
    let mut instance_rect = None;
    if let Some((_, _, Some(_))) = holder {
        instance_rect = holder.and_then(|(_, _, i)| i);
    }
    // The instance the path reached may not be the interface's (a middlebox): look it up.
    if let Some(id) = &outcome.instance_id {
        for vpc in &diagram.region.vpcs {
            for zone in &vpc.zones {
                for subnet in &zone.subnets {
                    if let Some(i) = subnet.instances.iter().find(|i| &i.id == id) {
                        instance_rect = Some(&i.rect);
                    }
                }
            }
        }
    }
    for (kind, _) in &outcome.path {
        let next = match (*kind, holder) {
            ("InternetGateway", Some((vpc, _, _))) => Some(gateway_point(vpc)),
            ("ElasticIp" | "PublicIp", Some((_, eni, _))) => Some(address_point(&eni.rect)),
            ("NetworkInterface", Some((_, eni, _))) => {
                Some(point(eni.rect.x + PAD, eni.rect.y + eni.rect.h / 2))
            }
            ("SecurityGroup", Some((_, eni, _))) => Some(point(eni.rect.x, eni.rect.y + PAD)),
            ("Instance", _) => {
                instance_rect.map(|r| point(r.x + r.w - 2 * PAD, r.y + LINE / 2 + 2))
            }
            _ => None,
        };
        if let Some(p) = next {
            if points.last() != Some(&p) {
                points.push(p);
            }
        }
    }
    points
}

/// The position a packet has reached after `progress` (0 to 1) of its route.
pub fn along(points: &[Point], progress: f64) -> Point {
    let Some(first) = points.first() else {
        return Point { x: 0.0, y: 0.0 };
    };
    let lengths: Vec<f64> = points
        .windows(2)
        .map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y))
        .collect();
    let total: f64 = lengths.iter().sum();
    if total <= 0.0 || progress <= 0.0 {
        return *first;
    }
    if progress >= 1.0 {
        return *points.last().unwrap_or(first);
    }
    let mut left = progress.clamp(0.0, 1.0) * total;
    for (w, len) in points.windows(2).zip(&lengths) {
        if left <= *len && *len > 0.0 {
            let t = left / len;
            return Point {
                x: w[0].x + (w[1].x - w[0].x) * t,
                y: w[0].y + (w[1].y - w[0].y) * t,
            };
        }
        left -= len;
    }
    *points.last().unwrap_or(first)
}

/// What an interface's public address looked like in one version of the diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressView {
    pub eni_id: String,
    pub instance_id: Option<String>,
    pub instance_state: Option<String>,
    pub public_ip: Option<String>,
    pub elastic: bool,
}

/// Every drawn interface's public address, with its instance's state.
pub fn address_views(diagram: &Diagram) -> Vec<AddressView> {
    let mut out = Vec::new();
    for vpc in &diagram.region.vpcs {
        for zone in &vpc.zones {
            for subnet in &zone.subnets {
                for instance in &subnet.instances {
                    for eni in &instance.enis {
                        out.push(AddressView {
                            eni_id: eni.id.clone(),
                            instance_id: Some(instance.id.clone()),
                            instance_state: Some(instance.state.clone()),
                            public_ip: eni.public_ip.clone(),
                            elastic: eni.elastic,
                        });
                    }
                }
                for eni in &subnet.detached {
                    out.push(AddressView {
                        eni_id: eni.id.clone(),
                        instance_id: None,
                        instance_state: None,
                        public_ip: eni.public_ip.clone(),
                        elastic: eni.elastic,
                    });
                }
            }
        }
    }
    out
}

/// A public address that changed, or an Elastic IP that stayed while its instance
/// stopped or started, seen by comparing two versions of the diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressChange {
    pub eni_id: String,
    pub old_ip: Option<String>,
    pub new_ip: Option<String>,
    pub text: String,
}

/// Most changes announced at once: more means a whole new lab was loaded.
const MAX_CHANGES: usize = 4;

/// What changed about public addresses between two versions of the diagram.
pub fn address_changes(before: &[AddressView], after: &[AddressView]) -> Vec<AddressChange> {
    let mut out = Vec::new();
    for new in after {
        let Some(old) = before.iter().find(|o| o.eni_id == new.eni_id) else {
            continue;
        };
        let eni = &new.eni_id;
        let text = match (&old.public_ip, &new.public_ip) {
            (Some(a), Some(b)) if a == b => {
                let stopped = new.instance_state.as_deref() == Some("stopped");
                let stopped_or_started = old.instance_state != new.instance_state
                    && [&old.instance_state, &new.instance_state]
                        .iter()
                        .any(|s| matches!(s.as_deref(), Some("stopped" | "hibernated")));
                if new.elastic && stopped_or_started && new.instance_id.is_some() {
                    let instance = new.instance_id.as_deref().unwrap_or_default();
                    let state = new.instance_state.as_deref().unwrap_or_default();
                    if stopped {
                        format!("{instance} is stopped: the Elastic IP {b} stays on {eni}.")
                    } else {
                        format!("{instance} is {state}: the Elastic IP {b} is still on {eni}.")
                    }
                } else {
                    continue;
                }
            }
            (Some(a), Some(b)) => format!("{eni}: the public IPv4 {a} is gone; it now has {b}."),
            (Some(a), None) => format!("{eni}: the public IPv4 {a} was released."),
            (None, Some(b)) if new.elastic => format!("{eni}: the Elastic IP {b} is now here."),
            (None, Some(b)) => format!("{eni}: a new public IPv4 {b} from Amazon's pool."),
            (None, None) => continue,
        };
        out.push(AddressChange {
            eni_id: eni.clone(),
            old_ip: old
                .public_ip
                .clone()
                .filter(|a| new.public_ip.as_ref() != Some(a)),
            new_ip: new
                .public_ip
                .clone()
                .filter(|b| old.public_ip.as_ref() != Some(b)),
            text,
        });
    }
    if out.len() > MAX_CHANGES {
        out.clear();
    }
    out
}

// ---------------------------------------------------------------------------------
// The page: the stream's state, the overlay on the diagram, and the panel.

/// The last answer, where it was drawn.
#[derive(Debug, Clone, PartialEq)]
struct Shot {
    seq: u64,
    outcome: Outcome,
    end: Point,
}

/// An announced address change.
#[derive(Debug, Clone, PartialEq)]
struct Toast {
    id: u64,
    change: AddressChange,
}

/// A packet in flight.
struct Flight {
    points: Vec<Point>,
    start: f64,
    delivered: bool,
}

/// The packets in flight and the SVG circles that draw them (not reactive: moved on
/// every animation frame without touching the reactive graph).
#[derive(Default)]
struct Flights {
    layer: Option<leptos::web_sys::Element>,
    dots: Vec<leptos::web_sys::Element>,
    shown: usize,
    active: Vec<Flight>,
    looping: bool,
}

impl Flights {
    /// Moves every packet to where it is at `now`; false when none is left.
    fn draw(&mut self, now: f64) -> bool {
        self.active.retain(|f| {
            let life = TRAVEL_MS + if f.delivered { 120.0 } else { HOLD_MS };
            now - f.start < life
        });
        let Some(layer) = &self.layer else {
            self.active.clear();
            return false;
        };
        while self.dots.len() < self.active.len() {
            let Ok(dot) =
                document().create_element_ns(Some("http://www.w3.org/2000/svg"), "circle")
            else {
                break;
            };
            let _ = dot.set_attribute("r", "6");
            let _ = layer.append_child(&dot);
            self.dots.push(dot);
        }
        for (flight, dot) in self.active.iter().zip(&self.dots) {
            let t = (now - flight.start) / TRAVEL_MS;
            let p = along(&flight.points, t);
            let class = match (t >= 1.0, flight.delivered) {
                (true, false) => "packet packet-dropped",
                (true, true) => "packet packet-arrived",
                _ => "packet",
            };
            let _ = dot.set_attribute("transform", &format!("translate({} {})", px(p.x), px(p.y)));
            let _ = dot.set_attribute("class", class);
        }
        let count = self.active.len().min(self.dots.len());
        for dot in self.dots.iter().take(self.shown).skip(count) {
            let _ = dot.set_attribute("class", "packet packet-idle");
        }
        self.shown = count;
        !self.active.is_empty()
    }
}

fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

fn animate(flights: StoredValue<Flights, LocalStorage>) {
    request_animation_frame(move || {
        let more = flights
            .try_update_value(|f| {
                let more = f.draw(now_ms());
                f.looping = more;
                more
            })
            .unwrap_or(false);
        if more {
            animate(flights);
        }
    });
}

/// The stream of requests: what it sends to, its counters, and the packets drawn.
#[derive(Clone, Copy)]
pub struct Traffic {
    session: LabSession,
    diagram: Memo<Diagram>,
    targets: Memo<Vec<Target>>,
    running: RwSignal<bool>,
    /// The learner's choice of address; `None` follows the default.
    choice: RwSignal<Option<String>>,
    stats: RwSignal<Stats>,
    last: RwSignal<Option<Shot>>,
    reduced: RwSignal<bool>,
    toasts: RwSignal<Vec<Toast>>,
    flights: StoredValue<Flights, LocalStorage>,
    seq: StoredValue<u64>,
}

impl Traffic {
    /// Creates the stream for the lab and makes it available to the overlay and panel;
    /// public addresses are followed (for their change notes) once `later` turns true.
    pub fn provide(
        session: LabSession,
        diagram: Memo<Diagram>,
        later: ReadSignal<bool>,
    ) -> Traffic {
        let traffic = Traffic {
            session,
            diagram,
            targets: Memo::new(move |_| diagram.with(targets)),
            running: RwSignal::new(false),
            choice: RwSignal::new(None),
            stats: RwSignal::new(Stats::default()),
            last: RwSignal::new(None),
            reduced: RwSignal::new(prefers_reduced_motion()),
            toasts: RwSignal::new(Vec::new()),
            flights: StoredValue::new_local(Flights::default()),
            seq: StoredValue::new(0),
        };
        provide_context(traffic);

        let interval = StoredValue::new(None::<IntervalHandle>);
        let running = traffic.running;
        Effect::new(move |_| {
            let on = running.get();
            interval.update_value(|handle| {
                if let Some(h) = handle.take() {
                    h.clear();
                }
                if on {
                    *handle = set_interval_with_handle(
                        move || traffic.tick(),
                        Duration::from_millis(TICK_MS),
                    )
                    .ok();
                }
            });
        });
        on_cleanup(move || {
            if let Some(Some(h)) = interval.try_update_value(Option::take) {
                h.clear();
            }
        });

        // Announces public addresses that change (stop, start, associate...).
        after_paint::once(later, move || {
            let views = Memo::new(move |_| diagram.with(address_views));
            Effect::new(move |before: Option<Vec<AddressView>>| {
                let after = views.get();
                if let Some(before) = before {
                    for change in address_changes(&before, &after) {
                        traffic.announce(change);
                    }
                }
                after
            });
        });
        traffic
    }

    /// The address requests go to: the learner's choice, kept even after it is released
    /// (requests then find no interface), else the default.
    fn target(&self) -> Option<String> {
        self.choice.get().or_else(|| {
            self.targets
                .with(|t| default_target(t).map(|t| t.ip.clone()))
        })
    }

    fn announce(self, change: AddressChange) {
        let id = self.seq.get_value() + 1;
        self.seq.set_value(id);
        self.toasts.update(|t| {
            t.push(Toast { id, change });
            if t.len() > 3 {
                t.remove(0);
            }
        });
        let toasts = self.toasts;
        set_timeout(
            move || {
                toasts.try_update(|t| t.retain(|toast| toast.id != id));
            },
            Duration::from_millis(TOAST_MS),
        );
    }

    /// One request: one question to the model, counted and drawn.
    fn tick(self) {
        let Some(target) = untrack(|| self.target()) else {
            return;
        };
        let outcome = untrack(|| self.session.with_region(|region| ask(region, &target)));
        let points = self.diagram.with_untracked(|d| route(d, &outcome, &target));
        let end = points.last().copied().unwrap_or(Point { x: 0.0, y: 0.0 });
        let reduced = prefers_reduced_motion();
        if self.reduced.get_untracked() != reduced {
            self.reduced.set(reduced);
        }
        let seq = self.seq.get_value() + 1;
        self.seq.set_value(seq);
        self.stats.update(|s| s.record(&outcome));
        let delivered = outcome.delivered;
        self.last.set(Some(Shot { seq, outcome, end }));
        if !reduced {
            let start = self.flights.try_update_value(|f| {
                f.active.push(Flight {
                    points,
                    start: now_ms(),
                    delivered,
                });
                !std::mem::replace(&mut f.looping, true)
            });
            if start == Some(true) {
                animate(self.flights);
            }
        }
    }

    fn reset(self) {
        self.stats.set(Stats::default());
        self.last.set(None);
    }
}

/// A duration in seconds, to the hundredth: `1.25 s`.
fn seconds(ms: u64) -> String {
    format!("{}.{:02} s", ms / 1000, ms % 1000 / 10)
}

/// A coordinate in whole diagram units.
fn px(v: f64) -> i64 {
    v.round() as i64
}

/// What the overlay draws besides the moving packets, as SVG markup: the internet client
/// (in the diagram's Internet box) while the stream is on, where the last
/// request ended (the packet itself with reduced motion; why it stopped when dropped),
/// and the public addresses that just changed.
fn overlay_markup(
    d: &Diagram,
    active: bool,
    last: Option<&Shot>,
    reduced: bool,
    toasts: &[Toast],
) -> String {
    let mut out = String::new();
    for toast in toasts {
        let mut at = None;
        for_each_eni(d, |_, eni, _| {
            if eni.id == toast.change.eni_id {
                at = Some(eni.rect);
            }
        });
        let Some(eni) = at else { continue };
        let p = address_point(&eni);
        out.push_str(&format!(
            r#"<g class="t-addr-change" data-testid="address-change" data-eni-id="{}"><rect class="t-addr-new" x="{}" y="{}" width="{}" height="15" rx="3"></rect>"#,
            esc(&toast.change.eni_id),
            eni.x + 3,
            px(p.y) - 9,
            eni.w - 6
        ));
        if let Some(ip) = &toast.change.old_ip {
            out.push_str(&format!(
                r#"<text class="t-addr-old" x="{}" y="{}" text-anchor="end">{}</text>"#,
                px(p.x),
                px(p.y) - 14,
                esc(ip)
            ));
        }
        out.push_str("</g>");
    }
    if active {
        let c = client_point(d);
        out.push_str(&format!(
            r#"<g class="t-client" transform="translate({} {})"><circle r="6"></circle></g>"#,
            px(c.x),
            px(c.y)
        ));
    }
    if let Some(shot) = last {
        let (x, y) = (px(shot.end.x), px(shot.end.y));
        let delivered = shot.outcome.delivered;
        if reduced {
            let class = if delivered {
                "packet packet-arrived"
            } else {
                "packet packet-dropped"
            };
            out.push_str(&format!(
                r#"<circle class="{class}" data-testid="traffic-step" data-seq="{}" r="6" transform="translate({x} {y})"></circle>"#,
                shot.seq
            ));
        }
        if !delivered {
            let lines = drop_label_lines(
                (x, y),
                shot.outcome.code,
                shot.outcome.label,
                i64::from(d.width),
            );
            out.push_str(r#"<text class="t-drop">"#);
            for (lx, ly, text) in lines {
                out.push_str(&format!(
                    r#"<tspan x="{lx}" y="{ly}">{}</tspan>"#,
                    esc(&text)
                ));
            }
            out.push_str("</text>");
        }
    }
    out
}

/// A little more than the widest character of a drop's explanation (12 px, bold; its
/// upper-case codes measure 8 px a character in Chromium), in diagram units: what its
/// text is measured by, before the browser has laid it out.
const DROP_CHAR_WIDTH: i64 = 9;

/// How far a drop's explanation stays from the diagram's edges.
const DROP_MARGIN: i64 = 4;

/// The lines that say why a packet was dropped, each with where it starts: beside the
/// point `end` where the packet stopped, moved left where it would run past the right
/// edge of a diagram `width` wide, and split into the code and its label where one line
/// would not fit at all (a narrow embed), so that the text is never cut off.
fn drop_label_lines(
    end: (i64, i64),
    code: Option<&str>,
    label: &str,
    width: i64,
) -> Vec<(i64, i64, String)> {
    let room = width - 2 * DROP_MARGIN;
    let measure = |text: &str| text.chars().count() as i64 * DROP_CHAR_WIDTH;
    let texts = match code {
        Some(code) if measure(&format!("✕ {code} · {label}")) > room => {
            vec![format!("✕ {code}"), label.to_string()]
        }
        Some(code) => vec![format!("✕ {code} · {label}")],
        None => vec![format!("✕ {label}")],
    };
    let widest = texts.iter().map(|t| measure(t)).max().unwrap_or(0);
    let (x, y) = end;
    let start = (x + 10).min(width - DROP_MARGIN - widest).max(DROP_MARGIN);
    let top = y - 8 - 14 * (texts.len() as i64 - 1);
    texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| (start, top + 14 * i as i64, text))
        .collect()
}

/// The packets, the internet client and gateway, and address changes, drawn over the
/// diagram in the diagram's own coordinates. Everything but the packets is redrawn as
/// markup when a request is answered; the packets move on animation frames.
#[component]
pub fn TrafficOverlay() -> impl IntoView {
    let t = expect_context::<Traffic>();
    let layer = NodeRef::<leptos::svg::G>::new();
    let marks = NodeRef::<leptos::svg::G>::new();
    Effect::new(move |_| {
        if let Some(g) = layer.get() {
            let element: leptos::web_sys::Element = g.unchecked_into();
            t.flights.update_value(|f| {
                f.layer = Some(element);
                f.dots.clear();
                f.shown = 0;
            });
        }
    });
    Effect::new(move |_| {
        let active = t.running.get() || t.stats.with(|s| s.delivered + s.dropped > 0);
        let reduced = t.reduced.get();
        let markup = t.diagram.with(|d| {
            t.last.with(|last| {
                t.toasts
                    .with(|toasts| overlay_markup(d, active, last.as_ref(), reduced, toasts))
            })
        });
        if let Some(g) = marks.get() {
            g.set_inner_html(&markup);
        }
    });
    let size = move || t.diagram.with(|d| (d.width, d.height));
    view! {
        <svg
            class="traffic-overlay"
            data-testid="traffic-overlay"
            data-motion=move || if t.reduced.get() { "reduced" } else { "animated" }
            aria-hidden="true"
            width=move || size().0
            height=move || size().1
            viewBox=move || {
                let (w, h) = size();
                format!("0 0 {w} {h}")
            }
        >
            <g node_ref=marks></g>
            <g class="packets" node_ref=layer></g>
        </svg>
    }
}

/// Where the served address lives now, from the model.
#[derive(Debug, Clone, PartialEq)]
struct Holder {
    eni_id: String,
    attachment: Option<(String, u32, String, String)>,
}

fn holder_of(region: &Region, ip: &str) -> Option<Holder> {
    let eni = region.network_interfaces().find(|n| {
        n.public_addresses()
            .any(|(_, p)| p.public_ip().to_string() == ip)
    })?;
    let attachment = eni.attachment.as_ref().map(|a| {
        let state = region
            .instance(a.instance_id)
            .map(|i| i.display_state().to_string())
            .unwrap_or_default();
        (
            a.id.to_string(),
            a.device_index,
            a.instance_id.to_string(),
            state,
        )
    });
    Some(Holder {
        eni_id: eni.id.to_string(),
        attachment,
    })
}

/// The traffic panel's fixed markup. The parts its effects keep up to date are found by
/// `data-part` or by their test hook; the toggle keeps its element, so that whoever holds
/// it (a screen reader, a script) sees it change.
const PANEL: &str = concat!(
    r#"<h2 id="traffic-heading">Traffic from the internet</h2>"#,
    r#"<p class="muted">A client on the internet sends four HTTP requests a second. Each one asks the model <code data-part="command"></code></p>"#,
    r#"<label for="traffic-target">Send to</label>"#,
    r#"<select id="traffic-target" data-testid="traffic-target"></select>"#,
    r#"<div class="button-row"><button type="button" class="primary" id="traffic-toggle" data-testid="traffic-toggle" aria-pressed="false">Start traffic</button>"#,
    r#"<button type="button" id="traffic-reset" data-testid="traffic-reset">Reset counters</button></div>"#,
    r#"<div class="traffic-stats" data-testid="traffic-stats"></div>"#,
    r#"<div data-part="drop"></div>"#,
    r#"<div data-part="actions"></div>"#,
    // The live region wraps the list, which keeps its list semantics.
    r#"<div role="status" aria-live="polite"><ul class="address-toasts" data-part="toasts"></ul></div>"#,
    r#"<p class="muted">Try a failover: <button type="button" class="link-button" id="load-failover" data-testid="load-failover">load the failover scenario</button>"#,
    r#" (a web server and its standby; the service's Elastic IP on a second interface), then fail the web server and move the interface to the standby.</p>"#,
);

/// The addresses requests can be sent to, as `<option>`s, the current one selected; an
/// address no longer in the diagram stays listed while it is the target.
fn target_options(targets: &[Target], current: &str) -> String {
    let mut options: Vec<(String, String)> = targets
        .iter()
        .map(|x| {
            let kind = if x.elastic { "Elastic IP" } else { "public IP" };
            (x.ip.clone(), format!("{} ({kind} of {})", x.ip, x.eni_id))
        })
        .collect();
    if !current.is_empty() && !options.iter().any(|(ip, _)| ip == current) {
        options.push((
            current.to_string(),
            format!("{current} (no longer in the diagram)"),
        ));
    }
    let mut out = String::new();
    for (ip, label) in options {
        push_option(&mut out, &ip, &label, ip == current);
    }
    out
}

/// The counters' three lines.
fn stats_markup(s: &Stats) -> String {
    let serving = match (&s.last_instance_id, s.serving) {
        (Some(id), true) => format!("Served by {id}"),
        (Some(id), false) => format!("Not answering (last served by {id})"),
        (None, _) if s.dropped > 0 => "Not answering".to_string(),
        (None, _) => "No request sent yet".to_string(),
    };
    let outage = if s.outage_lost == 0 {
        "No request lost".to_string()
    } else {
        let when = if s.serving {
            "Last outage"
        } else {
            "Outage now"
        };
        format!(
            "{when}: {} lost, {} down",
            s.outage_lost,
            seconds(s.outage_ms())
        )
    };
    format!(
        r#"<p class="traffic-counts"><span class="count-ok">Delivered {}</span> · <span class="count-drop">Dropped {}</span> · Downtime {}</p><p>{}</p><p>{}</p>"#,
        s.delivered,
        s.dropped,
        seconds(s.downtime_ms()),
        esc(&serving),
        esc(&outage)
    )
}

/// Why the last request was dropped, if it was.
fn drop_markup(shot: Option<&Shot>) -> String {
    let Some(s) = shot.filter(|s| !s.outcome.delivered) else {
        return String::new();
    };
    let mut out = String::from(r#"<p class="traffic-drop" data-testid="traffic-drop""#);
    attr(&mut out, "data-code", s.outcome.code.unwrap_or_default());
    out.push_str("><strong>");
    push_esc(&mut out, s.outcome.code.unwrap_or(s.outcome.label));
    out.push_str("</strong>");
    push_esc(
        &mut out,
        &format!(" · {}: {}", s.outcome.label, s.outcome.message),
    );
    out.push_str("</p>");
    out
}

/// What a learner can do to the interface holding the address: fail, stop or start its
/// instance, or move it to another instance (`others`, `chosen` selected).
fn actions_markup(holder: Option<&Holder>, others: &[String], chosen: &str) -> String {
    let Some(h) = holder else {
        return String::new();
    };
    let mut out = String::from(r#"<p class="muted">"#);
    let Some((_, device_index, instance, state)) = &h.attachment else {
        push_esc(
            &mut out,
            &format!(
                "The address is on {}, which is not attached to an instance.",
                h.eni_id
            ),
        );
        out.push_str("</p>");
        return out;
    };
    push_esc(
        &mut out,
        &format!(
            "The address is on {} (device index {device_index}) of {instance}, {state}.",
            h.eni_id
        ),
    );
    out.push_str(r#"</p><div class="button-row"><button type="button" class="danger" id="fail-instance" data-testid="fail-instance">Fail "#);
    push_esc(&mut out, instance);
    out.push_str(r#"</button><button type="button" id="stop-instance" data-testid="stop-instance">Stop</button><button type="button" id="start-instance" data-testid="start-instance">Start</button></div><div class="move-row"><label for="move-eni-target">Move "#);
    push_esc(&mut out, &h.eni_id);
    out.push_str(r#" to</label><select id="move-eni-target" data-testid="move-eni-target">"#);
    for id in others {
        push_option(&mut out, id, id, id == chosen);
    }
    out.push_str(r#"</select><button type="button" id="move-eni" data-testid="move-eni">Move interface</button></div>"#);
    out
}

/// The address changes announced, newest last.
fn toasts_markup(toasts: &[Toast]) -> String {
    let mut out = String::new();
    for toast in toasts {
        out.push_str(r#"<li data-testid="address-toast""#);
        attr(&mut out, "data-eni-id", &toast.change.eni_id);
        out.push('>');
        push_esc(&mut out, &toast.change.text);
        out.push_str("</li>");
    }
    out
}

/// The stream's controls and counters, the actions of a failover, and address changes:
/// one piece of markup ([`PANEL`]) whose parts are redrawn each when what it shows
/// changes, and whose clicks and choices are handled once for the panel. The toggle works
/// from the first frame; the parts are filled once `filled` turns true (after it).
#[component]
pub fn TrafficPanel(filled: ReadSignal<bool>) -> impl IntoView {
    let t = expect_context::<Traffic>();
    let session = t.session;
    let holder = Memo::new(move |_| {
        let target = t.target()?;
        session.with_region(|r| holder_of(r, &target))
    });
    let others = Memo::new(move |_| {
        let current = holder.with(|h| {
            h.as_ref()
                .and_then(|h| h.attachment.as_ref().map(|a| a.2.clone()))
        });
        session.with_region(|r| {
            r.instances()
                .filter(|i| i.display_state() != "terminated")
                .map(|i| i.id.to_string())
                .filter(|id| Some(id) != current.as_ref())
                .collect::<Vec<_>>()
        })
    });
    let move_to = RwSignal::new(String::new());
    let chosen_move = move || {
        let wanted = move_to.get();
        others.with(|o| {
            o.iter()
                .find(|id| **id == wanted)
                .or_else(|| o.first())
                .cloned()
                .unwrap_or_default()
        })
    };

    let panel = NodeRef::<leptos::html::Section>::new();
    let part = move |selector: &str| part(panel, selector);
    Effect::new(move |_| {
        let running = t.running.get();
        if let Some(button) = part("#traffic-toggle") {
            let _ = button.set_attribute("aria-pressed", if running { "true" } else { "false" });
            button.set_text_content(Some(if running {
                "Stop traffic"
            } else {
                "Start traffic"
            }));
        }
    });
    let fill = move || {
        Effect::new(move |_| {
            let text = command(&t.target().unwrap_or_else(|| "IP".into()));
            if let Some(code) = part("[data-part=\"command\"]") {
                code.set_text_content(Some(&text));
            }
        });
        Effect::new(move |_| {
            let current = t.target().unwrap_or_default();
            let (options, empty) = t.targets.with(|all| {
                (
                    target_options(all, &current),
                    all.is_empty() && current.is_empty(),
                )
            });
            if let Some(select) = part("#traffic-target") {
                select.set_inner_html(&options);
                let _ = select.toggle_attribute_with_force("disabled", empty);
            }
        });
        Effect::new(move |_| {
            let (markup, hooks) = t.stats.with(|s| {
                (
                    stats_markup(s),
                    [
                        ("data-delivered", s.delivered.to_string()),
                        ("data-dropped", s.dropped.to_string()),
                        (
                            "data-last-instance-id",
                            s.last_instance_id.clone().unwrap_or_default(),
                        ),
                        ("data-serving", s.serving.to_string()),
                        ("data-lost", s.outage_lost.to_string()),
                        ("data-downtime-ms", s.downtime_ms().to_string()),
                        (
                            "data-last-code",
                            s.last_code.unwrap_or_default().to_string(),
                        ),
                    ],
                )
            });
            if let Some(stats) = part("[data-testid=\"traffic-stats\"]") {
                for (name, value) in hooks {
                    let _ = stats.set_attribute(name, &value);
                }
                stats.set_inner_html(&markup);
            }
        });
        Effect::new(move |_| {
            let markup = t.last.with(|shot| drop_markup(shot.as_ref()));
            if let Some(el) = part("[data-part=\"drop\"]") {
                el.set_inner_html(&markup);
            }
        });
        Effect::new(move |_| {
            let chosen = chosen_move();
            let markup = holder.with(|h| others.with(|o| actions_markup(h.as_ref(), o, &chosen)));
            if let Some(el) = part("[data-part=\"actions\"]") {
                patch(&el, &markup);
            }
        });
        Effect::new(move |_| {
            let markup = t.toasts.with(|toasts| toasts_markup(toasts));
            if let Some(el) = part("[data-part=\"toasts\"]") {
                el.set_inner_html(&markup);
            }
        });
    };
    after_paint::once(filled, fill);

    let run = move |step: String| {
        let _ = session.run(&step);
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(button) = event_element(&ev).and_then(|el| el.closest("button").ok().flatten())
        else {
            return;
        };
        let attachment = || {
            holder
                .with_untracked(|h| h.clone())
                .and_then(|h| h.attachment.map(|a| (h.eni_id, a)))
        };
        match button.id().as_str() {
            // Starting keeps the address it starts with, so that a learner sees what
            // happens to requests when that address is released.
            "traffic-toggle" => {
                if !t.running.get_untracked() && t.choice.get_untracked().is_none() {
                    t.choice.set(untrack(|| t.target()));
                }
                t.running.update(|r| *r = !*r);
            }
            "traffic-reset" => t.reset(),
            "load-failover" => {
                t.running.set(false);
                t.choice.set(None);
                t.reset();
                session.start_over(&failover_setup());
                t.running.set(true);
            }
            "fail-instance" => {
                if let Some((_, (_, _, instance, _))) = attachment() {
                    run(format!("netlab fail-instance --instance-id {instance}"));
                }
            }
            "stop-instance" => {
                if let Some((_, (_, _, instance, _))) = attachment() {
                    run(format!("aws ec2 stop-instances --instance-ids {instance}"));
                }
            }
            "start-instance" => {
                if let Some((_, (_, _, instance, _))) = attachment() {
                    run(format!("aws ec2 start-instances --instance-ids {instance}"));
                }
            }
            "move-eni" => {
                let to = untrack(chosen_move);
                if let Some((eni, (attachment_id, device_index, _, _))) =
                    attachment().filter(|_| !to.is_empty())
                {
                    run(format!(
                        "aws ec2 detach-network-interface --attachment-id {attachment_id} --force\naws ec2 attach-network-interface --network-interface-id {eni} --instance-id {to} --device-index {device_index}"
                    ));
                }
            }
            _ => {}
        }
    };
    let on_change = move |ev: leptos::ev::Event| match event_id(&ev).as_str() {
        "traffic-target" => t.choice.set(Some(event_target_value(&ev))),
        "move-eni-target" => move_to.set(event_target_value(&ev)),
        _ => {}
    };

    view! {
        <section
            class="panel traffic-panel"
            aria-labelledby="traffic-heading"
            node_ref=panel
            inner_html=PANEL
            on:click=on_click
            on:change=on_change
        ></section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::layout::layout;
    use crate::session::{run_steps, LAB_SEED};
    use netlab_model::session::Session;
    use netlab_model::world::DEFAULT_REGION;

    fn region(session: &Session) -> &Region {
        session.world().region(DEFAULT_REGION).unwrap()
    }

    fn failover() -> Session {
        let mut session = Session::new(LAB_SEED);
        assert_eq!(run_steps(&mut session, &failover_setup()), Ok(()));
        session
    }

    fn var(session: &Session, name: &str) -> String {
        session.vars()[name].clone()
    }

    #[test]
    fn the_failover_setup_stops_before_any_traffic_is_sent() {
        let setup = failover_setup();
        assert!(!setup.contains("send-traffic"));
        assert!(!setup.contains("fail-instance"));
        assert!(setup.contains("associate-address"));
    }

    #[test]
    fn the_default_target_is_the_first_elastic_ip_else_the_first_public_ip() {
        let session = failover();
        let d = layout(region(&session), session.vars(), 6);
        let all = targets(&d);
        // The web server, its standby (auto-assigned addresses) and the service interface.
        assert_eq!(all.len(), 3, "{all:?}");
        assert_eq!(all.iter().filter(|t| t.elastic).count(), 1);
        let service_ip = var(&session, "SERVICE_IP");
        assert_eq!(default_target(&all).unwrap().ip, service_ip);
        assert!(default_target(&all).unwrap().elastic);

        // The lab's default scenario: three auto-assigned addresses and the service
        // interface's Elastic IP, which is the default target.
        let default = crate::session::default_session();
        let d = layout(region(&default), default.vars(), 6);
        let all = targets(&d);
        assert_eq!(all.len(), 4, "{all:?}");
        assert_eq!(all.iter().filter(|t| t.elastic).count(), 1);
        assert!(default_target(&all).unwrap().elastic);
        let only_public: Vec<Target> = all.iter().filter(|t| !t.elastic).cloned().collect();
        assert_eq!(default_target(&only_public), only_public.first());
        assert_eq!(default_target(&[]), None);
    }

    #[test]
    fn a_failover_is_lost_requests_then_the_same_address_served_by_the_standby() {
        let mut session = failover();
        let ip = var(&session, "SERVICE_IP");
        let (web, standby) = (var(&session, "WEB"), var(&session, "STANDBY"));
        let mut stats = Stats::default();

        let answer = ask(region(&session), &ip);
        assert!(answer.delivered, "{answer:?}");
        assert_eq!(answer.instance_id.as_deref(), Some(web.as_str()));
        let kinds: Vec<&str> = answer.path.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [
                "InternetGateway",
                "ElasticIp",
                "NetworkInterface",
                "SecurityGroup",
                "Instance"
            ]
        );
        stats.record(&answer);

        run_steps(
            &mut session,
            &format!("netlab fail-instance --instance-id {web}"),
        )
        .unwrap();
        for _ in 0..3 {
            let answer = ask(region(&session), &ip);
            assert!(!answer.delivered);
            assert_eq!(answer.code, Some("INSTANCE_IMPAIRED"));
            assert_eq!(answer.label, "Instance impaired");
            stats.record(&answer);
        }
        assert_eq!(
            (stats.delivered, stats.dropped, stats.outage_lost),
            (1, 3, 3)
        );
        assert_eq!(stats.outage_ms(), 3 * TICK_MS);
        assert!(!stats.serving);

        let attachment = var(&session, "ATTACHMENT");
        let eni = var(&session, "SERVICE");
        run_steps(
            &mut session,
            &format!("aws ec2 detach-network-interface --attachment-id {attachment} --force\naws ec2 attach-network-interface --network-interface-id {eni} --instance-id {standby} --device-index 1"),
        )
        .unwrap();
        let answer = ask(region(&session), &ip);
        assert!(answer.delivered);
        stats.record(&answer);
        assert_eq!(stats.last_instance_id.as_deref(), Some(standby.as_str()));
        assert_eq!(
            (stats.delivered, stats.dropped, stats.outage_lost),
            (2, 3, 3)
        );
        assert!(stats.serving);
        assert_eq!(stats.downtime_ms(), 3 * TICK_MS);
    }

    #[test]
    fn a_packet_travels_gateway_address_interface_instance_in_the_drawing() {
        let session = failover();
        let ip = var(&session, "SERVICE_IP");
        let d = layout(region(&session), session.vars(), 6);
        let answer = ask(region(&session), &ip);
        let points = route(&d, &answer, &ip);
        assert_eq!(
            points.len(),
            6,
            "client, gateway, address, interface, group, instance: {points:?}"
        );
        assert_eq!(points[0], client_point(&d));
        assert_eq!(points[1], gateway_point(&d.region.vpcs[0]));
        let canvas = (f64::from(d.width), f64::from(d.height));
        assert!(points
            .iter()
            .all(|p| p.x >= 0.0 && p.y >= 0.0 && p.x <= canvas.0 && p.y <= canvas.1));
        assert_eq!(along(&points, 0.0), points[0]);
        assert_eq!(along(&points, 1.0), points[5]);
        let mid = along(&points, 0.5);
        assert!(mid.x.is_finite() && mid.y.is_finite());
    }

    #[test]
    fn a_dropped_packet_stops_where_the_path_ended() {
        let mut session = failover();
        let ip = var(&session, "SERVICE_IP");
        let attachment = var(&session, "ATTACHMENT");
        run_steps(
            &mut session,
            &format!("aws ec2 detach-network-interface --attachment-id {attachment}"),
        )
        .unwrap();
        let d = layout(region(&session), session.vars(), 6);
        let answer = ask(region(&session), &ip);
        assert_eq!(answer.code, Some("ENI_NOT_ATTACHED"));
        let points = route(&d, &answer, &ip);
        // The security group is the last hop: the interface has no instance behind it.
        assert_eq!(answer.path.last().unwrap().0, "SecurityGroup");
        assert_eq!(points.len(), 5);

        let nowhere = ask(region(&session), "203.0.113.99");
        assert_eq!(nowhere.code, Some("NO_MATCHING_ADDRESS"));
        assert_eq!(route(&d, &nowhere, "203.0.113.99"), vec![client_point(&d)]);
    }

    #[test]
    fn a_drop_explanation_stays_inside_the_diagram_however_narrow() {
        let extent = |lines: &[(i64, i64, String)]| {
            lines
                .iter()
                .map(|(x, _, t)| (*x, x + t.chars().count() as i64 * DROP_CHAR_WIDTH))
                .fold((i64::MAX, i64::MIN), |(lo, hi), (a, b)| {
                    (lo.min(a), hi.max(b))
                })
        };
        // Room to spare: one line, just beside where the packet stopped.
        let wide = drop_label_lines(
            (300, 200),
            Some("INSTANCE_IMPAIRED"),
            "Instance impaired",
            1200,
        );
        assert_eq!(
            wide,
            vec![(
                310,
                192,
                "✕ INSTANCE_IMPAIRED · Instance impaired".to_string()
            )]
        );
        // Near the right edge: moved left to end inside the diagram.
        let edge = drop_label_lines(
            (900, 200),
            Some("INSTANCE_IMPAIRED"),
            "Instance impaired",
            1000,
        );
        assert_eq!(edge.len(), 1);
        assert!(extent(&edge).1 <= 1000 - DROP_MARGIN);
        // A narrow embed: the code and its label on two lines, both inside.
        let narrow = drop_label_lines(
            (250, 200),
            Some("INSTANCE_IMPAIRED"),
            "Instance impaired",
            300,
        );
        assert_eq!(narrow.len(), 2);
        assert_eq!(narrow[0].2, "✕ INSTANCE_IMPAIRED");
        assert_eq!(narrow[1].1 - narrow[0].1, 14);
        let (lo, hi) = extent(&narrow);
        assert!(lo >= DROP_MARGIN && hi <= 300 - DROP_MARGIN, "{lo}..{hi}");
    }

    #[test]
    fn every_explanation_has_a_label() {
        for code in Explanation::ALL {
            assert!(!explanation_label(code).is_empty());
        }
    }

    #[test]
    fn stop_and_start_announce_a_new_public_ip_and_an_elastic_ip_that_stays() {
        // The standby has one interface, so a restart gives it a new public IPv4.
        let mut session = crate::session::default_session();
        let before = address_views(&layout(region(&session), session.vars(), 6));
        let web = var(&session, "STANDBY");
        run_steps(
            &mut session,
            &format!("aws ec2 stop-instances --instance-ids {web}"),
        )
        .unwrap();
        let stopped = address_views(&layout(region(&session), session.vars(), 6));
        let changes = address_changes(&before, &stopped);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert!(changes[0].old_ip.is_some() && changes[0].new_ip.is_none());
        assert!(changes[0].text.contains("released"));
        run_steps(
            &mut session,
            &format!("aws ec2 start-instances --instance-ids {web}"),
        )
        .unwrap();
        let started = address_views(&layout(region(&session), session.vars(), 6));
        let changes = address_changes(&stopped, &started);
        assert_eq!(changes.len(), 1);
        assert!(changes[0].new_ip.is_some() && changes[0].old_ip.is_none());

        let mut session = failover();
        let web = var(&session, "WEB");
        let before = address_views(&layout(region(&session), session.vars(), 6));
        run_steps(
            &mut session,
            &format!("aws ec2 stop-instances --instance-ids {web}"),
        )
        .unwrap();
        let after = address_views(&layout(region(&session), session.vars(), 6));
        let changes = address_changes(&before, &after);
        // The primary interface's auto-assigned address goes; the Elastic IP stays.
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert!(changes[0].text.contains("released"));
        assert!(changes[1].text.contains("stays"));
        assert_eq!(
            (changes[1].old_ip.clone(), changes[1].new_ip.clone()),
            (None, None)
        );
    }

    #[test]
    fn a_whole_new_lab_is_not_announced_address_by_address() {
        let view = |i: usize, ip: Option<&str>| AddressView {
            eni_id: format!("eni-{i}"),
            instance_id: None,
            instance_state: None,
            public_ip: ip.map(str::to_string),
            elastic: false,
        };
        let before: Vec<AddressView> = (0..5).map(|i| view(i, Some("3.3.3.3"))).collect();
        let after: Vec<AddressView> = (0..5).map(|i| view(i, None)).collect();
        assert!(address_changes(&before, &after).is_empty());
        assert_eq!(address_changes(&before[..1], &after[..1]).len(), 1);
        assert!(address_changes(&before, &[]).is_empty());
    }
}
