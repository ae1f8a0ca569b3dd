//! What a .docx's `word/styles.xml` says that changes which text is read: paragraph styles
//! that number their paragraphs, and styles that hide their text.

use std::collections::{HashMap, HashSet};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{attr, local};

/// What `styles.xml` says: paragraph styles that carry numbering (style id → (numId,
/// level)), and the styles whose text is hidden, `w:vanish` in their run properties
/// (ECMA-376 §17.3.2.41) or inherited through `w:basedOn` (§17.7.4.3), unless a style
/// nearer the text says `w:val="0"`.
pub(super) fn read_styles(xml: &str) -> (HashMap<String, (String, u32)>, HashSet<String>) {
    let mut out = HashMap::new();
    // Each style's own vanish (None: it says nothing) and the style it is based on.
    let mut vanish: HashMap<String, (Option<bool>, Option<String>)> = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut style: Option<String> = None;
    let (mut num, mut ilvl) = (None::<String>, 0u32);
    let (mut own, mut based, mut in_rpr) = (None::<bool>, None::<String>, false);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(e) | Event::Empty(e)) => match local(&e).as_str() {
                "style" => {
                    style = attr(&e, "styleId");
                    num = None;
                    ilvl = 0;
                    own = None;
                    based = None;
                }
                "numId" if style.is_some() => num = attr(&e, "val"),
                "ilvl" if style.is_some() => {
                    ilvl = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0)
                }
                "basedOn" if style.is_some() => based = attr(&e, "val"),
                "rPr" => in_rpr = true,
                "vanish" if style.is_some() && in_rpr => own = Some(switched_on(&e)),
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "rPr" => in_rpr = false,
            Ok(Event::End(e)) if e.local_name().as_ref() == "style" => {
                if let Some(s) = style.take() {
                    vanish.insert(s.clone(), (own.take(), based.take()));
                    if let Some(n) = num.take() {
                        out.insert(s, (n, ilvl));
                    }
                }
            }
            _ => {}
        }
    }
    // A style's own word wins over its base's; a chain of bases is followed a few steps
    // (Word allows no loops, but a damaged file may have one).
    let hidden = vanish
        .keys()
        .filter(|id| {
            let mut at = vanish.get(*id);
            for _ in 0..16 {
                match at {
                    Some((Some(v), _)) => return *v,
                    Some((None, Some(base))) => at = vanish.get(base),
                    _ => return false,
                }
            }
            false
        })
        .cloned()
        .collect();
    (out, hidden)
}

/// Is a toggle property (`<w:vanish/>`, `w:val="true"`) on? `0`, `false` and `off` turn it off.
pub(super) fn switched_on(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}
