//! Taiwan wording made mainland wording, around OpenCC's tw2sp.
//!
//! tw2sp's phrase table (TWPhrasesRev) is made for computing terms, and turns some words an
//! official document uses in their ordinary mainland sense into computing ones: 建立 → 创建,
//! 執行 → 运行, 指標 → 指针, 文件 → 文档, 程序 → 进程, 整合 → 集成. Those words are kept as
//! written (their characters still simplified), so 建立長效機制 comes out 建立长效机制, while
//! 網際網路 still becomes 互联网 and 軟體 软件.

/// Taiwan terms OpenCC's tw2sp leaves as they are (品質 comes out 品质), in the sense an
/// official document uses them, made mainland ones before its conversion.
const MORE: [(&str, &str); 4] = [
    ("品質", "質量"),
    ("數位", "數字"),
    ("資安", "信息安全"),
    ("個資", "個人信息"),
];

/// Words TWPhrasesRev would change that mainland documents write the same way in the same
/// sense (建立机制, 严格执行, 考核指标, 上级文件, 法定程序, 整合资源, 新增就业, 线上线下,
/// 智慧城市, 行政效能, 工作简报, 复制推广, 对口支援 …), each checked against that table.
const KEEP: [&str; 35] = [
    "建立",
    "執行",
    "指標",
    "文件",
    "程序",
    "整合",
    "新增",
    "線上",
    "智慧",
    "效能",
    "簡報",
    "複製",
    "核心",
    "互動",
    "查詢",
    "通道",
    "啟用",
    "設定",
    "連線",
    "即時",
    "呼叫",
    "模擬",
    "類比",
    "宣告",
    "重新整理",
    "離線",
    "行程",
    "序列",
    "檔案",
    "支援",
    "批次",
    "聯絡",
    "通訊",
    "影像",
    "稽核",
];

/// Computing compounds that contain a kept word and must still convert whole (執行緒 → 线程).
const COMPOUNDS: [&str; 14] = [
    "執行緒",
    "執行檔",
    "執行長",
    "處理程序",
    "程序導向",
    "程序式",
    "單核心",
    "影像處理",
    "文件夾",
    "智慧財產權",
    "人工智慧",
    "高效能",
    "呼叫轉移",
    "多執行緒",
];

/// First private-use character: a kept word stands in the text as one of these while OpenCC
/// converts the rest (it passes characters it does not know through unchanged).
const MASK: u32 = 0xE000;

/// The text with [`MORE`] applied and every [`KEEP`] word outside a [`COMPOUNDS`] word
/// replaced by the private-use character `MASK + its index`.
pub fn mask(text: &str) -> String {
    let mut t = text.to_string();
    for (taiwan, mainland) in MORE {
        t = t.replace(taiwan, mainland);
    }
    // Byte ranges no kept word may take: the compounds'.
    let covered: Vec<(usize, usize)> = COMPOUNDS
        .iter()
        .flat_map(|c| t.match_indices(c).map(|(i, m)| (i, i + m.len())))
        .collect();
    let mut out = String::with_capacity(t.len());
    let mut i = 0;
    'scan: while i < t.len() {
        for (k, w) in KEEP.iter().enumerate() {
            if t[i..].starts_with(w) && covered.iter().all(|&(s, e)| i + w.len() <= s || i >= e) {
                out.push(char::from_u32(MASK + k as u32).expect("private-use character"));
                i += w.len();
                continue 'scan;
            }
        }
        let c = t[i..].chars().next().expect("inside the text");
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Puts the kept words back into converted text, each converted by `characters`
/// (character by character, t2s).
pub fn unmask(converted: &str, characters: impl Fn(&str) -> String) -> String {
    converted
        .chars()
        .map(|c| match (c as u32).checked_sub(MASK) {
            Some(k) if (k as usize) < KEEP.len() => characters(KEEP[k as usize]),
            _ => c.to_string(),
        })
        .collect()
}
