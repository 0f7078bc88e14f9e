//! The default lab's first frame as the release build drew it: the diagram (for each
//! number of Availability Zone columns) and the Elastic IP panel, which
//! `scripts/split-wasm.js` takes from the built page and writes into `index.html` as the
//! text of `<script>` elements (kept as text by the browser: only what is drawn is
//! parsed): the diagram's boxes once, and for each number of columns where they are. A lab that opens on the default scenario (no share link, no
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

/// The id of the element holding the default lab's diagram with every box's `style`
/// left empty (`style=""`): the drawings in each number of columns differ only there.
const BOXES_ID: &str = "first-picture-diagram";

/// The id of the element holding, for `columns` columns, each box's `style` in the order
/// of the boxes, one per line, and the diagram's own size and label.
fn styles_id(columns: usize) -> String {
    format!("first-picture-diagram-{columns}")
}

/// The id of the element holding the default lab's Elastic IP panel.
const ADDRESSES_ID: &str = "first-picture-addresses";

/// A box's `style` attribute, left empty in the boxes' text.
const EMPTY_STYLE: &str = "style=\"\"";

fn part(id: &str) -> Option<web_sys::Element> {
    document().get_element_by_id(id)
}

/// Whether the page carries the build's picture of the default lab.
pub fn available() -> bool {
    part(ADDRESSES_ID).is_some()
}

/// The boxes with their styles put back in order; `None` unless there is exactly one
/// style for each box.
fn with_styles(boxes: &str, styles: &str) -> Option<String> {
    let mut values = styles.lines();
    let mut pieces = boxes.split(EMPTY_STYLE);
    let mut markup = String::with_capacity(boxes.len() + styles.len() + 1024);
    markup.push_str(pieces.next()?);
    for piece in pieces {
        markup.push_str("style=\"");
        markup.push_str(values.next()?);
        markup.push('"');
        markup.push_str(piece);
    }
    values.next().is_none().then_some(markup)
}

/// The default lab's diagram in `columns` columns, if the build drew it.
pub fn diagram(columns: usize) -> Option<DiagramPicture> {
    let boxes = part(BOXES_ID)?.text_content()?;
    let drawing = part(&styles_id(columns))?;
    Some(DiagramPicture {
        style: drawing.get_attribute("data-style")?,
        label: drawing.get_attribute("data-label")?,
        markup: with_styles(&boxes, &drawing.text_content()?)?,
    })
}

/// The default lab's Elastic IP panel, if the build drew it.
pub fn addresses() -> Option<String> {
    part(ADDRESSES_ID).and_then(|p| p.text_content())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_box_gets_its_own_style_back_in_order() {
        let boxes = r#"<div style=""><p style="">a</p></div><b style="">c</b>"#;
        assert_eq!(
            with_styles(boxes, "left:1px\ntop:2px\nwidth:3px").as_deref(),
            Some(
                r#"<div style="left:1px"><p style="top:2px">a</p></div><b style="width:3px">c</b>"#
            )
        );
    }

    #[test]
    fn a_drawing_with_too_few_or_too_many_styles_is_no_picture() {
        let boxes = r#"<div style=""></div><div style=""></div>"#;
        assert_eq!(with_styles(boxes, "left:1px"), None);
        assert_eq!(with_styles(boxes, "a\nb\nc"), None);
    }
}
