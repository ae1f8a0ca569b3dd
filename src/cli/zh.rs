//! `--help` in Chinese (issue 17, finding 16). clap builds help from the doc comments, which
//! are static English; under zh a pass over the built `Command` puts each command's summary
//! and each option's help from the one table below in their place, so the clap types stay as
//! they are. Keys name where the text is: a command by its path (`units rename`), an option
//! by the path and its long name (`list --owner`), a global option alone (`--db`).

use clap::Command;

/// The command tree with every about and help text in Chinese, where the table has one.
pub fn localise(mut cmd: Command) -> Command {
    cmd.build();
    walk(cmd, "")
}

fn walk(mut cmd: Command, path: &str) -> Command {
    if let Some(about) = table(&command_key(path)) {
        cmd = cmd.about(about).long_about(None);
    }
    if let Some(after) = table(&format!("{path} +after")) {
        cmd = cmd.after_help(after).after_long_help(None::<&str>);
    } else if let Some(examples) = cmd
        .get_after_help()
        .and_then(|h| h.to_string().strip_prefix("Examples:").map(str::to_string))
    {
        // The examples are commands, the same in either language: only their heading changes.
        cmd = cmd
            .after_help(format!("示例：{examples}"))
            .after_long_help(None::<&str>);
    }
    // clap's own headings (Usage:, Options:, Arguments:, Commands:) in Chinese too.
    cmd = cmd
        .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let key = arg_key(&cmd, path, &id);
        let help = key.as_deref().and_then(table);
        cmd = cmd.mut_arg(&id, |a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            // clap's `[default: …] [possible values: …]`, said here in Chinese instead.
            let mut notes = String::new();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            if !defaults.is_empty() && !a.is_hide_default_value_set() {
                notes.push_str(&format!(" [默认：{}]", defaults.join("、")));
            }
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() && !a.is_hide_possible_values_set() {
                notes.push_str(&format!(" [可选值：{}]", values.join("、")));
            }
            let text = match (help, a.get_help()) {
                (Some(zh), _) => Some(format!("{zh}{notes}")),
                (None, None) if !notes.is_empty() => Some(notes.trim_start().to_string()),
                _ => None,
            };
            let a = a.help_heading(heading);
            match text {
                Some(text) => a
                    .help(text)
                    .long_help(None::<&str>)
                    .hide_default_value(true)
                    .hide_possible_values(true),
                None => a,
            }
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        let sub = format!("{path} {name}").trim().to_string();
        cmd = cmd.mut_subcommand(&name, |c| walk(c, &sub));
    }
    cmd
}

/// The table key of the command at `path`: clap's `help` subcommands (`help units rename`,
/// `units help rename`) repeat the summaries of the commands they name, and `help` itself
/// (`units help`, `help help`) has one of its own.
fn command_key(path: &str) -> String {
    let words: Vec<&str> = path.split(' ').filter(|w| !w.is_empty()).collect();
    if words.last() == Some(&"help") {
        return "help".into();
    }
    words
        .into_iter()
        .filter(|w| *w != "help")
        .collect::<Vec<_>>()
        .join(" ")
}

/// The table key of argument `id` of `cmd` at `path`: `--db` for a global, `list --owner`,
/// `note TEXT` for a positional. `None` for one without help to give (hidden).
fn arg_key(cmd: &Command, path: &str, id: &str) -> Option<String> {
    let a = cmd.get_arguments().find(|a| a.get_id() == id)?;
    if a.is_hide_set() {
        return None;
    }
    let name = match a.get_long() {
        Some(long) => format!("--{long}"),
        None => match a.get_short() {
            Some(short) => format!("-{short}"),
            None => a
                .get_value_names()
                .and_then(|v| v.first())
                .map(|v| v.to_string())
                .unwrap_or_else(|| id.to_uppercase()),
        },
    };
    if a.is_global_set() || matches!(name.as_str(), "--help" | "--version" | "-h" | "-V") {
        return Some(name);
    }
    Some(format!("{path} {name}").trim().to_string())
}

/// A help text clap rendered in Chinese with its headings ended in a full-width colon
/// (`选项：`, as `用法：` is; clap writes `选项:`): a line not indented, with Chinese in it,
/// ending in `:` (issue 17i, finding 10).
pub fn full_width_headings(help: &str) -> String {
    let mut out = String::with_capacity(help.len() + 16);
    for line in help.split_inclusive('\n') {
        let (text, end) = match line.strip_suffix('\n') {
            Some(t) => (t, "\n"),
            None => (line, ""),
        };
        match text.strip_suffix(':') {
            Some(head) if !text.starts_with(' ') && !head.is_ascii() => {
                out.push_str(head);
                out.push('：');
            }
            _ => out.push_str(text),
        }
        out.push_str(end);
    }
    out
}

/// Every key a command tree needs (for the test that nothing is left in English).
pub fn keys(cmd: &Command) -> Vec<String> {
    let mut cmd = cmd.clone();
    cmd.build();
    let mut out = Vec::new();
    gather(&cmd, "", &mut out);
    out
}

fn gather(cmd: &Command, path: &str, out: &mut Vec<String>) {
    if cmd.is_hide_set() {
        return;
    }
    if cmd.get_about().is_some() {
        out.push(command_key(path));
    }
    // Examples need only their heading (see `walk`); other text after the options, a key.
    if cmd
        .get_after_help()
        .is_some_and(|h| !h.to_string().starts_with("Examples:"))
    {
        out.push(format!("{path} +after"));
    }
    for a in cmd.get_arguments() {
        if a.get_help().is_none() && a.get_long_help().is_none() {
            continue;
        }
        if let Some(key) = arg_key(cmd, path, a.get_id().as_str()) {
            out.push(key);
        }
    }
    for c in cmd.get_subcommands() {
        gather(c, format!("{path} {}", c.get_name()).trim(), out);
    }
}

/// Keys not in the table.
pub fn missing(cmd: &Command) -> Vec<String> {
    let mut all = keys(cmd);
    all.sort();
    all.dedup();
    all.into_iter().filter(|k| table(k).is_none()).collect()
}

fn table(key: &str) -> Option<&'static str> {
    Some(match key {
        // The top level.
        "" => "督办台账：把报告的各条建议作为任务跟踪，记录牵头单位、配合单位、完成时限和进展",
        " +after" => {
            "首次运行任何命令时，若还没有台账，会自动创建并载入计划。可从 tracker list 开始。\n\n设置的优先顺序：命令行选项 > 环境变量 > 配置文件（~/.config/tracker/config.toml，或 TRACKER_CONFIG）> 默认值。\n退出码：0 成功；1 出错（命令被拒绝，未写入任何内容）；2 用法错误（命令行有误）。"
        }
        "--db" => {
            "台账文件 [环境变量：TRACKER_DB；默认：系统数据目录，如 ~/.local/share/tracker/tracker.db]"
        }
        "--today" => {
            "把 DATE（YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SS）当作今天，用于查看某日的情况 [环境变量：TRACKER_TODAY]"
        }
        "--lang" => {
            "表头和提示的语言：zh 或 en [环境变量：TRACKER_LANG；配置：lang；默认：LANG 为 zh_* 时用 zh，否则 en]"
        }
        "--color" => "状态和健康度着色：auto（仅在终端且未设 NO_COLOR 时）、always、never",
        "--help" => "显示帮助",
        "--version" => "显示版本",
        "--format" => "概览（不带命令运行 tracker）的输出格式",
        "help" => "显示本帮助，或所给命令的帮助",
        "init" => "创建台账，并载入报告的各条建议（--empty 时不载入）",
        "init --start" => "计划的开始日期，载入的完成时限从此日起算 [默认：今天]",
        "init --empty" => "创建空台账，不载入计划",
        "init --force" => "替换已有台账（旧文件改名为 PATH.replaced-时间 保留在旁）",
        "init --shared" => {
            "与本机同一用户组的经办人共用台账：文件权限 0660、目录 2770，都属 GROUP 组，他人无权访问；对已有台账（不带 --force）则改为共用"
        }
        "init --by" | "update --by" | "note --by" | "add --by" | "units rename --by"
        | "import --by" | "undo --by" | "notice --by" => {
            "操作人 [环境变量：TRACKER_USER；配置：actor；默认：登录名]"
        }
        "list" => "列出任务（默认只列未办结的，--all 或 --status 可改）及其健康度",
        "list --status" => {
            "只列此状态的任务，可重复 [not-started、in-progress、blocked、done、cancelled；或 未开始、待办（未开始）；进行中、在办、推进中（进行中）；受阻、暂缓（受阻）；已完成、办结（已完成）；已取消、撤销（已取消）等，繁体亦可]"
        }
        "list --all" => "包括已完成和已取消的任务",
        "list --owner" => {
            "只列此单位牵头或配合的任务（全称，或能唯一确定一个单位的部分名称；--today 为过去某日时，按该单位当日的名称）"
        }
        "list --rec" | "report --rec" => "只列此条建议下的任务",
        "list --overdue" => "只列已过完成时限的未办结任务",
        "list --due-within" => "只列从今天起此期限内到期的未办结任务，含已逾期的（14d、2w、1m）",
        "list --stale" => {
            "只列截至今天（含）此期限内没有反馈（进展、状态或进度变化）的未办结任务（14d、2w、1m；不带值：配置文件的 stale_days，否则 14d）"
        }
        "list --sort" => "行的排序",
        "show" => "查看一项任务：各字段、单位和历史记录",
        "show ID" | "update ID" | "note ID" => "任务编号，如 1.4",
        "history" => "查看变更记录，按时间先后",
        "history ID" => "只看此任务的变更",
        "history --since" => "只看此日期（含）以后的变更",
        "update" => "修改任务的状态、进度、单位、完成时限或文字；每次修改都有记录",
        "update --status" => {
            "新状态；done（已完成）时进度设为 100 [not-started、in-progress、blocked、done、cancelled；或 未开始、进行中、在办、受阻、暂缓、已完成、办结、已取消、撤销等，繁体亦可]"
        }
        "update --progress" => {
            "进度百分比，0 到 100（50、50%、５０％）；未开始的任务填了进度即改为进行中"
        }
        "update --note" => "随本次修改记录的进展说明（本周进展）",
        "update --lead" => "新的牵头单位；与已有单位名称相近的会被拒绝，除非加 --new-unit",
        "update --support" => "配合单位，可重复；替换现有名单（同样的单位换个顺序即调整顺序）",
        "update --no-support" => "去掉全部配合单位",
        "update --add-support" => "在名单末尾增加一个配合单位，可重复",
        "update --remove-support" => "从名单中去掉一个配合单位，可重复",
        "update --new-unit" | "add --new-unit" => {
            "所填单位确为新单位，即使与已有单位相近（如 组织课 与 组织科）"
        }
        "update --deadline" => {
            "新的完成时限，或 none（取消） [YYYY-MM-DD、2026.12.31、2026年12月31日、12月31日 或 12/31（下一个这样的日子）、月底、年底、下周五、下月15日、today、tomorrow、+2w、+3m]；已过的日期照记并给出提醒"
        }
        "update --title" => "新的任务名称",
        "update --text" => "新的具体内容",
        "note" => "给任务记录一条进展，不改其他内容",
        "note TEXT" => "进展内容；`-` 表示从标准输入读取",
        "add" => "在某条建议下新增任务，编号取下一个空号（如 1.6）",
        "add --rec" => "任务所属的建议",
        "add --title" => "任务名称（约 20 字以内为宜）",
        "add --text" => "具体内容 [默认：同任务名称]",
        "add --lead" => "牵头单位；与已有单位名称相近的会被拒绝，除非加 --new-unit",
        "add --support" => "配合单位，可重复",
        "add --deadline" => {
            "完成时限 [YYYY-MM-DD、2026.12.31、2026年12月31日、12月31日 或 12/31（下一个这样的日子）、月底、年底、下周五、下月15日、today、tomorrow、+2w、+3m]；已过的日期照记并给出提醒"
        }
        "add --headline" => "新建议的标题（--rec 所指的建议尚不存在时）",
        "report" => "任意一周的进展周报，可直接报送",
        "report --week" => {
            "报告的周：2026-W48、报告自己的写法 2026年第48周、第48周 或 W48（今年）、last、this、next、上周、本周、下周、上上周，或一个日期（所在的周） [默认：今天所在的周]"
        }
        "report --from" => "自定期间的开始日期（与 --to 同用）",
        "report --to" => "自定期间的结束日期（与 --from 同用）",
        "report --owner" => "只含此单位牵头或配合的任务（按报告截止日该单位的名称，或其现名）",
        "report --format" => {
            "输出格式；docx 为通报（公文，按 GB/T 9704 排版，需 --out），无论 --lang 均为中文 [环境变量：TRACKER_REPORT_FORMAT；配置：report_format；默认：table]"
        }
        "report --out" => "写入文件 FILE（整体写入，读者不会看到半份报告），而不是标准输出",
        "report --bom" => "csv 输出以字节序标记开头，使 Excel 按 UTF-8 读取",
        "report --limit" => {
            "table、markdown 和 html 中每个列表最多的行数（需关注的在前）；0 为全部。csv 和 json 总是含全部行"
        }
        "report --trend-weeks" => {
            "报告中趋势的周数，截至所报的周；0 为计划开始以来的每一周（--series weekly 逐周给出全部历史）"
        }
        "report --series" => {
            "每周一行，代替报告：本周办结、未办结、逾期和累计办结 [默认期间：计划开始至今天]"
        }
        "report --draft" => {
            "与 --format docx 同用：通报草稿，标明“草稿”，不占期号（显示本周通报将得到的期号）"
        }
        "units" => "各单位（牵头/配合）的未办结、逾期和已完成任务；或在各处更改一个单位的名称",
        "units --weeks" => "评判各单位反馈情况的周数（1–520；默认：配置 unit_weeks，否则 4）",
        "units rename" => "在所有提到某单位的任务中更改其名称，记为一次变更（一次 undo 即可撤销）",
        "units rename OLD" => "单位现在的名称",
        "units rename NEW" => "新名称；若已是一个单位，两者合并",
        "units rename --new-unit" => "新名称确为新单位，即使与已有单位相近（如 组织课 与 组织科）",
        "import" => {
            "把报告中编号的各条建议，或一张任务表，变成任务（.txt，UTF-8 或 GB18030/GBK；.docx；.xlsx/.xls/.ods；.csv）"
        }
        "import FILE" => {
            "报告或任务表：.txt、.docx、.xlsx、.xls、.ods 或 .csv；`-` 表示从标准输入读取"
        }
        "import --dry-run" => "只显示将导入的内容及所得编号，不写入",
        "import --format" => "--dry-run 和汇总的输出格式",
        "import --encoding" => "文件编码：utf-8、gb18030、gbk 或 big5 [默认：自动识别]",
        "import --to-simplified" => "把繁体字转为简体（带拼音注音的文字总会转换）",
        "import --as" => "导入的第一条建议的编号 [默认：下一个空号]",
        "import --lead" => {
            "每项任务的牵头单位 [默认：无，显示为未指定]；与已有单位名称相近的会被拒绝，除非加 --new-unit"
        }
        "import --new-unit" => {
            "--lead 所填单位确为新单位，即使与已有单位相近（如 组织课 与 组织科）"
        }
        "import --deadline" => "每项任务的完成时限：YYYY-MM-DD、+3m……",
        "import --within" => "每项任务的完成时限，从今天起算的期限：3m、6w、90d",
        "undo" => "撤销最近一次变更（默认是你自己的，--any 则不限）；撤销本身记为一次新变更",
        "undo --any" => "撤销任何人最近的一次变更，不限于你自己的",
        "backup" => {
            "把台账完整复制到新文件 FILE 并检查：文件台账用 SQLite 在线备份，服务器台账写成台账文件（他人写入时也安全；从不覆盖）"
        }
        "backup FILE" => "新文件",
        "export" => {
            "把全部内容（计划、任务、单位、完整历史）写成一个 JSON 文档，或把台账写成工作簿"
        }
        "export --out" => "写入文件 FILE（整体写入），而不是标准输出",
        "sheets" => "为某一周按单位各写一张反馈表，供单位填写",
        "sheets --week" => {
            "反馈表所问的周，写法同 report 的 --week（2026-W48、2026年第48周、W48、上周……） [默认：今天所在的周]"
        }
        "sheets --owner" | "notice --owner" => {
            "只写此单位的（全称，或能唯一确定一个单位的部分名称）"
        }
        "sheets --out" => "写入的文件夹（不存在则创建）；每个单位一个文件，名为 单位-周.xlsx",
        "collect" => "把交回的反馈表（xlsx、xls、ods、csv）读入台账，或列出尚未交回的单位",
        "collect FILE" => "交回的反馈表：.xlsx、.xls、.ods 或 .csv",
        "collect --dry-run" => "逐项显示将作的修改，不写入",
        "collect --force" => "即使台账在反馈表发出后改过某项任务，也照样读入",
        "collect --missing" => "列出该周反馈表尚未交回的单位",
        "collect --week" => "--missing 所指的周 [默认：今天所在的周]",
        "notice" => "为每个有未办结任务的单位写一份督办通知单，并记在所列的每项任务上",
        "notice --all" => "为每个有未办结任务的单位各写一份（不带 --owner 时的默认）",
        "notice --reply-by" => {
            "要求各单位反馈的日期：2026-12-04、12月4日、下周五、+1w……（不早于今天）"
        }
        "notice --out" => "写入的文件夹（不存在则创建）；每个单位一个文件",
        "notice --format" => "通知单的格式；与通报一样，无论 --lang 均为中文",
        "notice --dry-run" => "列出将写的内容及将占用的文号；不写入、不记录",
        "restore" => "把 JSON 导出文件载入一个新的空台账",
        "restore FILE" => "由 'tracker export' 写出的文件",
        "copy" => {
            "把整个台账复制到一个新的空台账：从文件到服务器以开始共用，或从服务器到文件以便带走"
        }
        "copy --from" => {
            "要复制的台账（文件或 postgres:// 地址）；默认：正在使用的（--db、TRACKER_DB、配置 db）"
        }
        "copy --to" => {
            "新台账（文件或 postgres:// 地址）：须不存在，或为没有计划的空台账（'tracker init --empty'）"
        }
        "completions" => "输出命令行补全脚本",
        "man" => "输出手册页（roff，英文），某个命令的手册页，或把全部手册页写入文件夹",
        "man CMD" => "要输出手册页的命令（update、list、units rename……），代替主手册页",
        "man --dir" => "把全部手册页（tracker.1、tracker-update.1……）写入 DIR，不存在则创建",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn every_summary_and_option_has_chinese_help() {
        let missing = super::missing(&crate::cli::Cli::command());
        assert!(missing.is_empty(), "no zh help for: {missing:?}");
    }

    #[test]
    fn help_of_help_commands_is_the_commands_own() {
        assert_eq!(super::command_key("help units rename"), "units rename");
        assert_eq!(super::command_key("units help rename"), "units rename");
        assert_eq!(super::command_key("units help"), "help");
        assert_eq!(super::command_key("help"), "help");
    }
}
