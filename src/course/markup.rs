//! The little markup of course text: paragraphs separated by blank lines, `code` spans
//! and **bold**, nothing else (see `content/AUTHORING.md`). Parsed here into plain spans
//! that the components render as text nodes, so course text can never inject HTML.

/// How a span of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Code,
    Bold,
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub style: Style,
    pub text: String,
}

/// Paragraphs: split at blank lines, each paragraph's lines joined by spaces.
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

/// A paragraph's spans. An unclosed marker is kept as written.
pub fn spans(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let marker = if rest.starts_with('`') {
            Some(("`", Style::Code))
        } else if rest.starts_with("**") {
            Some(("**", Style::Bold))
        } else {
            None
        };
        if let Some((mark, style)) = marker {
            let body = &rest[mark.len()..];
            if let Some(end) = body.find(mark).filter(|&end| end > 0) {
                if !plain.is_empty() {
                    out.push(Span {
                        style: Style::Plain,
                        text: std::mem::take(&mut plain),
                    });
                }
                out.push(Span {
                    style,
                    text: body[..end].to_string(),
                });
                rest = &body[end + mark.len()..];
                continue;
            }
        }
        let ch = rest.chars().next().unwrap_or(' ');
        plain.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    if !plain.is_empty() {
        out.push(Span {
            style: Style::Plain,
            text: plain,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(style: Style, text: &str) -> Span {
        Span {
            style,
            text: text.to_string(),
        }
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(
            paragraphs("one\ntwo\n\n  \nthree\n"),
            vec!["one two".to_string(), "three".to_string()]
        );
        assert!(paragraphs("\n\n").is_empty());
    }

    #[test]
    fn code_and_bold_spans() {
        assert_eq!(
            spans("An **ENI** is `eth0` here."),
            vec![
                span(Style::Plain, "An "),
                span(Style::Bold, "ENI"),
                span(Style::Plain, " is "),
                span(Style::Code, "eth0"),
                span(Style::Plain, " here."),
            ]
        );
    }

    #[test]
    fn unclosed_markers_and_html_stay_text() {
        assert_eq!(
            spans("a `b and **c <i>"),
            vec![span(Style::Plain, "a `b and **c <i>")]
        );
        assert_eq!(spans("``"), vec![span(Style::Plain, "``")]);
    }
}
