//! The default lab's first frame as the release build drew it: the diagram (for each
//! number of Availability Zone columns) and the Elastic IP panel, which
//! `scripts/split-wasm.js` takes from the built page and writes into `index.html` as the
//! text of `<script type="text/html">` elements (kept as text by the browser: only the
//! part drawn is parsed). A lab that opens on the default scenario (no share link, no
//! autosave) draws these, and runs the model only when something first reads the session:
//! after its first frame, or at the learner's first gesture ([`crate::session`]). The
//! first frame then needs none of the model's code (BENCHMARKS.md, "The first picture").
//! A debug build's page has none of them: its lab runs the model before its first frame.

use leptos::prelude::document;

/// The diagram of the default lab with a given number of columns, as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramPicture {
    /// The diagram element's size (its `style`).
    pub style: String,
    /// The diagram element's `aria-label`.
    pub label: String,
    /// The boxes inside it.
    pub markup: String,
}

/// The id of the element holding the default lab's diagram drawn in `columns` columns.
fn diagram_id(columns: usize) -> String {
    format!("first-picture-diagram-{columns}")
}

/// The id of the element holding the default lab's Elastic IP panel.
const ADDRESSES_ID: &str = "first-picture-addresses";

fn part(id: &str) -> Option<web_sys::Element> {
    document().get_element_by_id(id)
}

/// Whether the page carries the build's picture of the default lab.
pub fn available() -> bool {
    part(ADDRESSES_ID).is_some()
}

/// The default lab's diagram in `columns` columns, if the build drew it.
pub fn diagram(columns: usize) -> Option<DiagramPicture> {
    let p = part(&diagram_id(columns))?;
    Some(DiagramPicture {
        style: p.get_attribute("data-style")?,
        label: p.get_attribute("data-label")?,
        markup: p.text_content()?,
    })
}

/// The default lab's Elastic IP panel, if the build drew it.
pub fn addresses() -> Option<String> {
    part(ADDRESSES_ID).and_then(|p| p.text_content())
}
