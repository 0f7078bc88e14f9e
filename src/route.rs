//! Routes: the page a location hash names, and the links back to it.
//!
//! The app routes on the hash so that it can be served as plain static files:
//! `#/course`, `#/lesson/ID`, `#/lesson/ID/STEP`, `#/quiz/ID` and `#/lab` (also the
//! default). A query after the path carries the embedding options: `embed=1` shows the
//! page alone, without the site's header (for an iframe), and `origin=ORIGIN` is the
//! host page's origin, the target of the frame's messages (see `embed::messages`).
//! On the lab, `lesson=ID&step=STEP` names the lesson step whose tasks the lab checks
//! (see `course::lab_tasks`). Everything here is plain string work, tested natively.

/// A page of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// The course index: lessons, quizzes and progress.
    Course,
    /// A lesson, at one of its steps (the first when `None`).
    Lesson { id: String, step: Option<String> },
    /// A quiz item, or a whole quiz, by id.
    Quiz { id: String },
    /// The visual lab.
    Lab,
    /// A hash that names no page.
    NotFound(String),
}

impl Page {
    /// The hash path of the page, without `#/`: `lesson/eni-kinds/primary`.
    pub fn path(&self) -> String {
        match self {
            Page::Course => "course".to_string(),
            Page::Lesson { id, step: None } => format!("lesson/{}", encode(id)),
            Page::Lesson {
                id,
                step: Some(step),
            } => format!("lesson/{}/{}", encode(id), encode(step)),
            Page::Quiz { id } => format!("quiz/{}", encode(id)),
            Page::Lab => "lab".to_string(),
            Page::NotFound(path) => path.clone(),
        }
    }
}

/// A parsed location hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub page: Page,
    /// `embed=1`: the page alone, for an iframe.
    pub embed: bool,
    /// `origin=...`: where the embedded page posts its messages (`*` only when the host
    /// asks for it). `None` when no origin was given.
    pub origin: Option<String>,
    /// `lesson=...&step=...`: the lesson step whose tasks the lab checks; `None` when the
    /// query names neither.
    pub tasks: Option<StepLink>,
}

/// A lesson step as the lab's query names it; a hand-made link may lack either part.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StepLink {
    pub lesson: Option<String>,
    pub step: Option<String>,
}

/// The query that asks the lab to check a lesson step's tasks (`lesson=ID&step=STEP`).
pub fn tasks_query(lesson: &str, step: &str) -> String {
    format!("lesson={}&step={}", encode(lesson), encode(step))
}

/// Reads a location hash (`#/quiz/eip-cost?embed=1`); the leading `#` is optional.
pub fn parse(hash: &str) -> Route {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let (path, query) = hash.split_once('?').unwrap_or((hash, ""));
    let mut embed = false;
    let mut origin = None;
    let mut tasks: Option<StepLink> = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "embed" => embed = matches!(value, "1" | "true" | ""),
            "origin" => {
                let value = decode(value);
                if !value.is_empty() {
                    origin = Some(value);
                }
            }
            "lesson" | "step" => {
                let value = Some(decode(value)).filter(|v| !v.is_empty());
                let link = tasks.get_or_insert_with(StepLink::default);
                if key == "lesson" {
                    link.lesson = value;
                } else {
                    link.step = value;
                }
            }
            _ => {}
        }
    }
    let parts: Vec<String> = path
        .split('/')
        .filter(|p| !p.is_empty())
        .map(decode)
        .collect();
    let page = match parts.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] | ["lab"] => Page::Lab,
        ["course"] => Page::Course,
        ["lesson", id] => Page::Lesson {
            id: id.to_string(),
            step: None,
        },
        ["lesson", id, step] => Page::Lesson {
            id: id.to_string(),
            step: Some(step.to_string()),
        },
        ["quiz", id] => Page::Quiz { id: id.to_string() },
        _ => Page::NotFound(path.trim_start_matches('/').to_string()),
    };
    Route {
        page,
        embed,
        origin,
        tasks,
    }
}

impl Route {
    /// The query that keeps a link inside the same embedding (`?embed=1&origin=...`),
    /// or nothing for the full site.
    pub fn query(&self) -> String {
        if !self.embed {
            return String::new();
        }
        match &self.origin {
            Some(origin) => format!("?embed=1&origin={}", encode(origin)),
            None => "?embed=1".to_string(),
        }
    }

    /// A link to `page` that stays in this route's mode (embedded or not).
    pub fn href(&self, page: &Page) -> String {
        format!("#/{}{}", page.path(), self.query())
    }
}

/// A link to `page` on the full site.
pub fn site_href(page: &Page) -> String {
    format!("#/{}", page.path())
}

/// Percent-encodes everything but unreserved characters (RFC 3986). It runs on every
/// step for the toolbar's export link (the whole session's script), so it writes each
/// escape without formatting.
pub fn encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len() * 3 / 2);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space, as forms write it); a malformed escape is
/// kept as written, and invalid UTF-8 is replaced rather than refused.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(hash: &str) -> Page {
        parse(hash).page
    }

    #[test]
    fn the_lab_is_the_default_page() {
        assert_eq!(page(""), Page::Lab);
        assert_eq!(page("#"), Page::Lab);
        assert_eq!(page("#/"), Page::Lab);
        assert_eq!(page("#/lab"), Page::Lab);
    }

    #[test]
    fn course_lesson_and_quiz_routes() {
        assert_eq!(page("#/course"), Page::Course);
        assert_eq!(
            page("#/lesson/eni-kinds"),
            Page::Lesson {
                id: "eni-kinds".into(),
                step: None
            }
        );
        assert_eq!(
            page("#/lesson/eni-kinds/primary"),
            Page::Lesson {
                id: "eni-kinds".into(),
                step: Some("primary".into())
            }
        );
        assert_eq!(
            page("#/quiz/eni-what-it-is"),
            Page::Quiz {
                id: "eni-what-it-is".into()
            }
        );
        assert_eq!(
            page("#/nowhere/at/all"),
            Page::NotFound("nowhere/at/all".into())
        );
    }

    #[test]
    fn embed_and_origin_come_from_the_query() {
        let route = parse("#/quiz/eip-cost?embed=1&origin=https%3A%2F%2Fdocs.example.org");
        assert_eq!(
            route.page,
            Page::Quiz {
                id: "eip-cost".into()
            }
        );
        assert!(route.embed);
        assert_eq!(route.origin.as_deref(), Some("https://docs.example.org"));
        assert!(!parse("#/quiz/eip-cost").embed);
        assert!(!parse("#/quiz/eip-cost?embed=0").embed);
        assert_eq!(parse("#/lab?embed=1&origin=").origin, None);
    }

    #[test]
    fn links_stay_in_the_embedding() {
        let route = parse("#/lesson/a?embed=1&origin=http%3A%2F%2Fh%3A80");
        let next = Page::Lesson {
            id: "a".into(),
            step: Some("two".into()),
        };
        assert_eq!(
            route.href(&next),
            "#/lesson/a/two?embed=1&origin=http%3A%2F%2Fh%3A80"
        );
        assert_eq!(parse(&route.href(&next)).page, next);
        assert_eq!(parse("#/course").href(&Page::Lab), "#/lab");
        assert_eq!(site_href(&next), "#/lesson/a/two");
    }

    #[test]
    fn the_lab_query_names_a_lesson_step_whose_tasks_it_checks() {
        let route = parse(&format!("#/lab?s=abc&{}", tasks_query("eni-move", "a b")));
        assert_eq!(route.page, Page::Lab);
        assert_eq!(
            route.tasks,
            Some(StepLink {
                lesson: Some("eni-move".into()),
                step: Some("a b".into())
            })
        );
        assert_eq!(tasks_query("x/y", "z"), "lesson=x%2Fy&step=z");
    }

    #[test]
    fn a_lab_link_without_lesson_or_step_checks_no_tasks() {
        assert_eq!(parse("#/lab?s=abc").tasks, None);
        assert_eq!(parse("#/lab").tasks, None);
        assert_eq!(parse("#/lab?embed=1").tasks, None);
    }

    #[test]
    fn a_half_named_or_empty_lesson_step_is_kept_for_the_lab_to_explain() {
        assert_eq!(
            parse("#/lab?lesson=eni-move").tasks,
            Some(StepLink {
                lesson: Some("eni-move".into()),
                step: None
            })
        );
        assert_eq!(
            parse("#/lab?step=move&lesson=").tasks,
            Some(StepLink {
                lesson: None,
                step: Some("move".into())
            })
        );
    }

    #[test]
    fn encoding_escapes_all_but_unreserved_characters() {
        assert_eq!(encode("aZ09-_.~ /é#\n"), "aZ09-_.~%20%2F%C3%A9%23%0A");
    }

    #[test]
    fn decoding_is_forgiving() {
        assert_eq!(decode("a%20b+c"), "a b c");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(decode("%E2%80%BA"), "›");
        assert_eq!(decode("%FF"), "\u{FFFD}");
        assert_eq!(decode(&encode("x y/z?&=é")), "x y/z?&=é");
    }
}
