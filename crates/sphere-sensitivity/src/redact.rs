//! Redaction by clause: a never passage takes with it the part of the sentence it is said in —
//! its subject, verb and objects, and a name set off by commas beside it ("Tom, her husband,
//! is a pastor at Grace Church") — so what is left cannot be read back into what was hidden
//! ("She goes to Saint Quorra [religion hidden]" gives the church away). The rest of the
//! sentence stays when it stands on its own: another clause (after `;`, `:`, a bracket or a
//! dash), a turn to another subject ("…, and she runs procurement"), or a part set off by
//! commas that the passage does not reach ("Great negotiator, …"). What a part that goes
//! introduces goes too: the list after its colon, the bracket right after it.

use super::Sensitivity;
use super::engine::Engine;
use super::text::Token;

/// The byte ranges of the markers [`Engine::redact_never`] writes (`[religion hidden]`,
/// `[spouse or partner, religion hidden]`): a bracket of lower-case words and commas ending
/// in ` hidden`.
pub(crate) fn markers(text: &str) -> Vec<(usize, usize)> {
    const END: &str = " hidden]";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('[').map(|i| from + i) {
        let Some(close) = text[open..].find(']').map(|i| open + i + 1) else {
            break;
        };
        let inside = &text[open..close];
        if inside.len() > END.len() + 1
            && inside.ends_with(END)
            && inside[1..inside.len() - END.len()]
                .chars()
                .all(|c| c.is_lowercase() || c == ' ' || c == ',' || c == '-' || c == '\'')
        {
            out.push((open, close));
        }
        from = open + 1;
    }
    out
}

impl Engine {
    /// Where a new part of a clause starts: after a comma, or at a turn to another subject
    /// ("and she…", "but he…").
    fn part_starts(&self, tokens: &[Token], i: usize) -> bool {
        let t = &tokens[i];
        if i == 0 || t.clause != tokens[i - 1].clause || t.after_comma {
            return true;
        }
        self.turn.contains(&t.norm)
            && tokens
                .get(i + 1)
                .is_some_and(|n| n.clause == t.clause && self.subjects.contains(&n.norm))
    }

    /// A part that is only a name ("Tom", "Maria Lopez", "Bank of America").
    fn only_a_name(&self, part: &[Token]) -> bool {
        part.len() <= 5
            && part.first().is_some_and(|t| t.capitalised)
            && part.last().is_some_and(|t| t.capitalised)
            && part.iter().all(|t| {
                (t.capitalised && t.norm.chars().next().is_some_and(char::is_alphabetic))
                    || self.name_joiners.contains(&t.norm)
            })
    }

    /// `text` with every part of a clause that carries a never passage replaced by one marker
    /// naming the categories (`[religion hidden]`, `[spouse or partner, religion hidden]`);
    /// with how many never passages it hid.
    pub fn redact_never(&self, text: &str) -> (String, usize) {
        let tokens = self.tokenize(text);
        let never: Vec<_> = self
            .find_in(text, &tokens)
            .into_iter()
            .filter(|f| self.taxonomy.categories[f.category].bin == Sensitivity::Never)
            .collect();
        if never.is_empty() {
            return (text.to_string(), 0);
        }
        // The parts of the clauses, as token ranges.
        let mut parts: Vec<(usize, usize)> = Vec::new();
        for i in 0..tokens.len() {
            match parts.last_mut() {
                Some(p) if !self.part_starts(&tokens, i) => p.1 = i + 1,
                _ => parts.push((i, i + 1)),
            }
        }
        let bytes = |&(a, b): &(usize, usize)| (tokens[a].start, tokens[b - 1].end);
        // The never categories each part carries.
        let mut carries: Vec<Vec<usize>> = vec![Vec::new(); parts.len()];
        for f in &never {
            for (k, part) in parts.iter().enumerate() {
                let (s, e) = bytes(part);
                if s < f.end && f.start < e && !carries[k].contains(&f.category) {
                    carries[k].push(f.category);
                }
            }
        }
        let mut gone: Vec<bool> = carries.iter().map(|c| !c.is_empty()).collect();
        // What a part that goes introduces goes with it: a list after a colon, to the end of
        // the sentence ("Kids: Maya (8) and Leo (5)"), and a bracket right after it ("her son
        // (Jake, 12)").
        let after = |k: usize| {
            let (_, e) = bytes(&parts[k]);
            let next = parts.get(k + 1).map_or(text.len(), |p| tokens[p.0].start);
            &text[e..next]
        };
        let mut k = 0;
        while k + 1 < parts.len() {
            if gone[k] {
                let sep = after(k);
                let sentence = tokens[parts[k].0].sentence;
                if sep.contains(':') {
                    let mut j = k + 1;
                    while j < parts.len() && tokens[parts[j].0].sentence == sentence {
                        gone[j] = true;
                        j += 1;
                    }
                } else if sep.contains('(') || sep.contains('[') {
                    let mut j = k + 1;
                    while j < parts.len() && tokens[parts[j].0].sentence == sentence {
                        gone[j] = true;
                        let close = after(j).trim();
                        if close.contains(')') || close.contains(']') {
                            // The clause the bracket interrupted goes on after it ("her son
                            // (Jake, 12) plays hockey").
                            if matches!(close, ")" | "]")
                                && parts
                                    .get(j + 1)
                                    .is_some_and(|p| tokens[p.0].sentence == sentence)
                            {
                                gone[j + 1] = true;
                            }
                            break;
                        }
                        j += 1;
                    }
                }
            }
            k += 1;
        }
        // A name beside a part that goes, in the same sentence, goes with it (appositions:
        // "Tom, her husband, …"; "…her wife, Anna Ruiz").
        let sentence = |k: usize| tokens[parts[k].0].sentence;
        loop {
            let mut more = false;
            for k in 0..parts.len() {
                let beside = |j: Option<usize>| {
                    j.is_some_and(|j| j < parts.len() && gone[j] && sentence(j) == sentence(k))
                };
                if !gone[k]
                    && (beside(k.checked_sub(1)) || beside(Some(k + 1)))
                    && self.only_a_name(&tokens[parts[k].0..parts[k].1])
                {
                    gone[k] = true;
                    more = true;
                }
            }
            if !more {
                break;
            }
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        let mut k = 0;
        while k < parts.len() {
            if !gone[k] {
                k += 1;
                continue;
            }
            let mut labels: Vec<usize> = Vec::new();
            let mut j = k;
            while j < parts.len() && gone[j] {
                for c in &carries[j] {
                    if !labels.contains(c) {
                        labels.push(*c);
                    }
                }
                j += 1;
            }
            let (start, _) = bytes(&parts[k]);
            let (_, mut end) = bytes(&parts[j - 1]);
            // A bracket opened inside what goes closes inside it too.
            let next = parts.get(j).map_or(text.len(), |p| tokens[p.0].start);
            for (open, close) in [('(', ')'), ('[', ']')] {
                let cut = &text[start..end];
                let mut unclosed = cut
                    .matches(open)
                    .count()
                    .saturating_sub(cut.matches(close).count());
                while unclosed > 0 {
                    match text[end..next].find(close) {
                        Some(i) => {
                            end += i + close.len_utf8();
                            unclosed -= 1;
                        }
                        None => break,
                    }
                }
            }
            let names: Vec<String> = labels
                .iter()
                .map(|&c| self.taxonomy.categories[c].label.to_lowercase())
                .collect();
            out.push_str(&text[at..start]);
            out.push_str(&format!("[{} hidden]", names.join(", ")));
            at = end;
            k = j;
        }
        out.push_str(&text[at..]);
        (out, never.len())
    }
}
