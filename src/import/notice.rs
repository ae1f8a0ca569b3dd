//! A meeting notice (会议通知) tells where and when to meet, not what to do: its numbered
//! sections (会议时间, 会议地点, 参会人员, 会议议程, 有关要求) are arrangements, so it gives no
//! tasks and the import refuses it as it refuses prose. Pure.

/// The arrangements a meeting notice's sections give, each by the headings it is written with.
const SECTIONS: [&[&str]; 4] = [
    &["会议时间", "时间"],
    &["会议地点", "地点"],
    &[
        "参会人员",
        "参加人员",
        "出席人员",
        "与会人员",
        "参会对象",
        "参加对象",
        "参会范围",
    ],
    &["会议议程", "议程", "会议内容", "会议日程"],
];

/// The headings that make `text` a meeting notice, in the order written: its title (within its
/// first three lines) calls a meeting (`…会议的通知`, `会议通知`), and at least three of the four
/// arrangements (time, place, who attends, agenda) head a section of their own (`一、会议时间`,
/// `（二）会议地点：…`). `None` for any other text.
pub fn meeting_notice(text: &str) -> Option<Vec<String>> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let title: String = lines.by_ref().take(3).collect();
    if !(title.contains("会议") && title.contains("通知")) {
        return None;
    }
    let mut seen: Vec<String> = Vec::new();
    let mut kinds = [false; 4];
    for line in text.lines() {
        let line = line.trim();
        // A section's heading is numbered (`一、会议时间`).
        let Some(mark) = super::marker::at_start(line) else {
            continue;
        };
        let head = line[mark.len..].trim_start();
        for (k, names) in SECTIONS.iter().enumerate() {
            if let Some(n) = names.iter().find(|n| {
                head.strip_prefix(**n)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['：', ':']))
            }) {
                kinds[k] = true;
                seen.push((*n).to_string());
            }
        }
    }
    (kinds.iter().filter(|k| **k).count() >= 3).then_some(seen)
}
