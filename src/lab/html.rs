//! HTML written as text, for the parts of the lab drawn as one piece of markup (the
//! diagram, its menus, the panels and the traffic overlay): every piece of text goes in
//! escaped, so that nothing read from a share link or a saved lab can become markup; a
//! redraw keeps the focused control focused, and a patch changes only what differs.

use leptos::html::{ElementType, Section};
use leptos::prelude::{document, Effect, Get, NodeRef};
use std::fmt::Write;
use wasm_bindgen::JsCast;

/// Appends `text` to `out`, escaped for an element's text or a quoted attribute value.
pub fn push_esc(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// `text` escaped for an element's text or a quoted attribute value.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_esc(&mut out, text);
    out
}

/// Appends ` name="value"` (the value escaped).
pub fn attr(out: &mut String, name: &str, value: &str) {
    let _ = write!(out, " {name}=\"");
    push_esc(out, value);
    out.push('"');
}

/// The element an event happened on.
pub fn event_element(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
}

/// The id of the element an event happened on (empty if it has none): how a panel drawn
/// as markup tells its controls apart.
pub fn event_id(ev: &web_sys::Event) -> String {
    event_element(ev).map(|el| el.id()).unwrap_or_default()
}

/// The first element of the drawn `panel` that `selector` finds (tracking the panel, so
/// that an effect runs again once it is drawn).
pub fn part(panel: NodeRef<Section>, selector: &str) -> Option<web_sys::Element> {
    panel
        .get()
        .and_then(|p| p.query_selector(selector).ok().flatten())
}

/// Appends an `<option>` of a `<select>`.
pub fn push_option(out: &mut String, value: &str, label: &str, selected: bool) {
    out.push_str("<option");
    attr(out, "value", value);
    if selected {
        out.push_str(" selected");
    }
    out.push('>');
    push_esc(out, label);
    out.push_str("</option>");
}

/// Replaces what `el` holds with `markup`, and focuses again the control inside it that
/// had the focus (found by its id in the new markup).
pub fn redraw(el: &web_sys::Element, markup: &str) {
    let focused = focused_control(el);
    el.set_inner_html(markup);
    focus_again(focused);
}

/// The tag of a stand-in in markup given to [`patch`]: `<kept-node data-x="y"></kept-node>`
/// stands for the element, among the page's children at that place, whose attributes
/// include all of the stand-in's. That element is left as it is (moved there if it was
/// further on), so a caller that knows a part of its markup is drawn as before need not
/// write it again, nor the browser parse it.
pub const KEPT: &str = "kept-node";

/// Makes `el` hold what `markup` writes, changing only what differs from what it holds:
/// an element drawn as before stays as it is (its focus, its pointer capture, the classes
/// an effect gave it), and the browser styles and lays out again only what changed. For
/// markup of hundreds of elements that change a few at a time (the diagram), or that holds
/// the control just used (the traffic panel's actions). False when a stand-in ([`KEPT`])
/// found nothing to stand for: what it stood for is then missing, and the caller draws
/// again without stand-ins.
pub fn patch(el: &web_sys::Element, markup: &str) -> bool {
    let Ok(template) = document()
        .create_element("template")
        .map(JsCast::unchecked_into::<web_sys::HtmlTemplateElement>)
    else {
        redraw(el, markup);
        // Text is escaped, so `<kept-node` can only be a stand-in.
        return !markup.contains(&format!("<{KEPT}"));
    };
    template.set_inner_html(markup);
    let focused = focused_control(el);
    let mut whole = true;
    patch_children(el, &template.content(), &mut whole);
    focus_again(focused);
    whole
}

/// Makes the children of `old` those of `new`, node by node in order: a node that can
/// become its counterpart (same kind, same tag) is patched, any other replaced, and a
/// stand-in keeps the element it stands for; `new`'s nodes are moved, not copied.
/// `whole` turns false when a stand-in stands for nothing.
fn patch_children(old: &web_sys::Node, new: &web_sys::Node, whole: &mut bool) {
    let mut kept = old.first_child();
    let mut fresh = new.first_child();
    while let Some(node) = fresh {
        fresh = node.next_sibling();
        if is_stand_in(&node) {
            match stood_for(kept.clone(), node.unchecked_ref()) {
                Some(found) if kept.as_ref() == Some(&found) => kept = found.next_sibling(),
                Some(found) => {
                    let _ = old.insert_before(&found, kept.as_ref());
                }
                None => *whole = false,
            }
            continue;
        }
        match kept {
            Some(k) => {
                kept = k.next_sibling();
                if !patch_node(&k, &node, whole) {
                    holds_no_stand_in(&node, whole);
                    let _ = old.replace_child(&node, &k);
                }
            }
            None => {
                holds_no_stand_in(&node, whole);
                let _ = old.append_child(&node);
            }
        }
    }
    while let Some(k) = kept {
        kept = k.next_sibling();
        let _ = old.remove_child(&k);
    }
}

/// Whether `node` is a stand-in ([`KEPT`]).
fn is_stand_in(node: &web_sys::Node) -> bool {
    node.node_name().eq_ignore_ascii_case(KEPT)
}

/// The first element from `from` on whose attributes include all of `stand_in`'s.
fn stood_for(from: Option<web_sys::Node>, stand_in: &web_sys::Element) -> Option<web_sys::Node> {
    let wanted: Vec<(String, String)> = stand_in
        .get_attribute_names()
        .iter()
        .filter_map(|n| n.as_string())
        .map(|name| {
            let value = stand_in.get_attribute(&name).unwrap_or_default();
            (name, value)
        })
        .collect();
    let mut node = from;
    while let Some(candidate) = node {
        if let Some(el) = candidate.dyn_ref::<web_sys::Element>() {
            if wanted
                .iter()
                .all(|(name, value)| el.get_attribute(name).as_deref() == Some(value.as_str()))
            {
                return Some(candidate);
            }
        }
        node = candidate.next_sibling();
    }
    None
}

/// Turns `whole` false when `node`, about to enter the page as it is (never a stand-in
/// itself: [`patch_children`] resolves those), holds a stand-in.
fn holds_no_stand_in(node: &web_sys::Node, whole: &mut bool) {
    if let Some(el) = node.dyn_ref::<web_sys::Element>() {
        if matches!(el.query_selector(KEPT), Ok(Some(_))) {
            *whole = false;
        }
    }
}

/// Makes `old` what `new` is, unless it would have to become another kind of node or
/// element (false: it must be replaced). A subtree drawn the same is left at once (the
/// browser compares it).
fn patch_node(old: &web_sys::Node, new: &web_sys::Node, whole: &mut bool) -> bool {
    if old.is_equal_node(Some(new)) {
        return true;
    }
    if old.node_type() != new.node_type() || old.node_name() != new.node_name() {
        return false;
    }
    if old.node_type() == web_sys::Node::ELEMENT_NODE {
        let el: &web_sys::Element = old.unchecked_ref();
        patch_attributes(el, new.unchecked_ref());
        patch_children(old, new, whole);
        if el.tag_name() == "SELECT" {
            choose_marked_option(el);
        }
    } else {
        old.set_node_value(new.node_value().as_deref());
    }
    true
}

/// Makes a patched `<select>` show the option its markup marks `selected`: once the
/// learner has chosen an option, the attribute alone no longer moves the choice.
fn choose_marked_option(select: &web_sys::Element) {
    if let Ok(Some(option)) = select.query_selector("option[selected]") {
        option
            .unchecked_into::<web_sys::HtmlOptionElement>()
            .set_selected(true);
    }
}

/// Gives `old` exactly the attributes of `new`, touching only those that differ.
fn patch_attributes(old: &web_sys::Element, new: &web_sys::Element) {
    for name in old
        .get_attribute_names()
        .iter()
        .filter_map(|n| n.as_string())
    {
        if !new.has_attribute(&name) {
            let _ = old.remove_attribute(&name);
        }
    }
    for name in new
        .get_attribute_names()
        .iter()
        .filter_map(|n| n.as_string())
    {
        let value = new.get_attribute(&name).unwrap_or_default();
        if old.get_attribute(&name).as_deref() != Some(value.as_str()) {
            let _ = old.set_attribute(&name, &value);
        }
    }
}

/// The id of the control inside `el` that has the focus, if it has one.
fn focused_control(el: &web_sys::Element) -> Option<String> {
    document()
        .active_element()
        .filter(|a| el.contains(Some(a)))
        .map(|a| a.id())
        .filter(|id| !id.is_empty())
}

/// Focuses the control with the id `focused` again, unless it has the focus still.
fn focus_again(focused: Option<String>) {
    let Some(control) = focused.and_then(|id| {
        document()
            .get_element_by_id(&id)
            .and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok())
    }) else {
        return;
    };
    if document().active_element().as_ref() != Some(control.as_ref()) {
        let _ = control.focus();
    }
}

/// Keeps `el` holding the markup `markup` writes: redrawn (keeping the focus) whenever
/// what `markup` reads changes.
pub fn keep_drawn<E>(el: NodeRef<E>, markup: impl Fn() -> String + 'static)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    Effect::new(move |_| {
        let markup = markup();
        if let Some(el) = el.get() {
            redraw(el.unchecked_ref(), &markup);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_stays_text() {
        assert_eq!(
            esc(r#"<img src=x onerror="alert('1')"> & more"#),
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; more"
        );
        assert_eq!(esc("eni-0a1b · 10.0.0.5 …"), "eni-0a1b · 10.0.0.5 …");
        let mut out = String::from("<div");
        attr(&mut out, "data-name", "a\"b");
        assert_eq!(out, "<div data-name=\"a&quot;b\"");
    }
}
