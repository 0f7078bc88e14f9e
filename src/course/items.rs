//! Plain helpers over the course's quiz items: their titles, the order their choices are
//! shown in, and the texts a learner sees. No browser here: tested natively.

use netlab_course::{QuizItem, QuizKind};

/// A quiz item's title for lists and statements: its question, or a lab task's prompt.
pub fn title(item: &QuizItem) -> &str {
    match &item.kind {
        QuizKind::MultipleChoice { question, .. } | QuizKind::Predict { question, .. } => question,
        QuizKind::LabTask { prompt, .. } => prompt,
    }
}

/// What kind of exercise an item is, for people.
pub fn kind_name(item: &QuizItem) -> &'static str {
    match &item.kind {
        QuizKind::MultipleChoice { .. } => "Multiple choice",
        QuizKind::Predict { choices, .. } if choices.is_empty() => "Predict the outcome (typed)",
        QuizKind::Predict { .. } => "Predict the outcome",
        QuizKind::LabTask { .. } => "Lab task",
    }
}

/// The labels of an item's choices, in the author's order (empty when the answer is typed
/// or built in the lab). Only labels: never a key or a predict choice's value.
pub fn choice_labels(item: &QuizItem) -> Vec<&str> {
    match &item.kind {
        QuizKind::MultipleChoice { choices, .. } => choices.iter().map(String::as_str).collect(),
        QuizKind::Predict { choices, .. } => choices.iter().map(|c| c.label.as_str()).collect(),
        QuizKind::LabTask { .. } => Vec::new(),
    }
}

/// The order to show `n` choices in: a shuffle that depends only on the item's id, so
/// that a page shows the same order every time but the right answer's position tells
/// nothing (authors tend to write it first).
pub fn display_order(id: &str, n: usize) -> Vec<usize> {
    // FNV-1a of the id seeds a xorshift generator; Fisher-Yates with it.
    let mut state = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    }) | 1;
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = (state % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// A grade's feedback without its closing "Review: ..." paragraph, which the page shows
/// as a link instead.
pub fn feedback_paragraphs(feedback: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = feedback
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.last().is_some_and(|p| p.starts_with("Review:")) {
        parts.pop();
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_display_order_is_a_stable_permutation() {
        for n in 0..8 {
            let order = display_order("eip-cost", n);
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..n).collect::<Vec<_>>());
            assert_eq!(order, display_order("eip-cost", n));
        }
    }

    #[test]
    fn the_first_choice_is_not_always_shown_first() {
        let first_moved = netlab_course::quiz_items()
            .filter(|i| choice_labels(i).len() > 2)
            .filter(|i| display_order(&i.id, choice_labels(i).len())[0] != 0)
            .count();
        assert!(first_moved > 0);
    }

    #[test]
    fn every_item_has_a_title_and_its_choices_show_only_labels() {
        for item in netlab_course::quiz_items() {
            assert!(!title(item).trim().is_empty(), "{}", item.id);
            if let QuizKind::MultipleChoice { answer_digest, .. } = &item.kind {
                assert!(choice_labels(item)
                    .iter()
                    .all(|l| !l.contains(answer_digest)));
            }
        }
    }

    #[test]
    fn the_review_paragraph_is_left_to_the_link() {
        assert_eq!(
            feedback_paragraphs("Right.\n\nBecause.\n\nReview: A › B."),
            vec!["Right.", "Because."]
        );
        assert_eq!(feedback_paragraphs("Not yet.\nx"), vec!["Not yet.\nx"]);
    }
}
