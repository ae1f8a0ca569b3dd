#!/usr/bin/env python3
"""Writes the import benchmark's inputs (issue 15's speed targets) into a folder:

  report.txt  a study report of 0.9 MB (309,000 characters): a few paragraphs of
              background and findings, then 对策建议 with 99 numbered groups of 15 items,
              each item a sentence of action with its reasons, and for most a note of the units
              and a deadline (牵头单位/配合单位/完成时限) as offices write them
  table.csv   a task table of 10,000 rows (序号 N.M under a group row `N、…`, 工作任务,
              具体内容, 牵头单位, 配合单位, 完成时限, 状态, 进度, 进展情况) over 50 units
  table.xlsx  the same table as a workbook

Deterministic (no randomness beyond a fixed seed), so every run measures the same input.
Used by scripts/bench.sh; by hand: scripts/bench-inputs.py DIR
"""
import random
import sys
from pathlib import Path

out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
out.mkdir(parents=True, exist_ok=True)
rng = random.Random(20261130)

UNITS = [
    "县发展改革局", "县财政局", "县人社局", "县住建局", "县交通局", "县农业农村局", "县商务局",
    "县教育局", "县卫健局", "县民政局", "县司法局", "县应急局", "县市场监管局", "县文旅局",
    "县自然资源局", "县生态环境局", "县水利局", "县医保局", "县统计局", "县审计局",
    "县委组织部", "县委宣传部", "县委政法委", "县委统战部", "县委编办", "县信访局", "县城管局",
    "县科技局", "县经信局", "县公安局", "县退役军人事务局", "县林业局", "县体育局", "县档案馆",
    "县融媒体中心", "县投资促进中心", "县大数据中心", "县供销社", "县总工会", "团县委",
    "县妇联", "县残联", "县税务局", "县消防救援大队", "县气象局", "县供电公司", "县烟草局",
    "县邮政分公司", "县人民法院", "县人民检察院",
]
VERBS = ["完善", "健全", "加强", "推进", "落实", "优化", "规范", "建立", "深化", "强化"]
OBJECTS = [
    "基层党组织建设工作机制", "干部教育培训体系", "农村公路养护长效机制", "危房改造摸底排查",
    "城乡环境综合整治", "营商环境评价制度", "重点项目全程代办服务", "公共服务便民设施",
    "防汛抗旱应急预案", "食品安全监管网络", "校园周边安全治理", "养老服务设施布局",
    "就业创业扶持政策", "社会信用体系建设", "矛盾纠纷多元化解机制", "数字政府平台应用",
]
REASONS = [
    "调研发现，部分乡镇对此项工作重视不够，工作台账不全，责任落实不到位，群众反映较为集中。",
    "从三地经验看，凡是建立了定期调度机制的地方，工作推进都比较顺利，问题解决也比较及时。",
    "当前，相关政策文件已经出台，但配套措施尚不完善，基层在执行中遇到不少实际困难。",
    "据统计，去年以来共收到相关信访件百余件，其中多数涉及政策落实和服务质量问题。",
]
DEADLINES = ["2025年6月底前", "2025年12月底前", "年底前", "2025年9月30日前", "明年上半年", "第三季度"]
CN = "零一二三四五六七八九"


def chinese(n):
    """1..99 in Chinese numerals, as 一、…九十九、 are written."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN[ones]
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def item_text(g, i):
    verb, obj = VERBS[(g + i) % len(VERBS)], OBJECTS[(g * 7 + i) % len(OBJECTS)]
    reason = REASONS[(g + 3 * i) % len(REASONS)] + REASONS[(g + 3 * i + 1) % len(REASONS)]
    lead = UNITS[(g * 15 + i) % len(UNITS)]
    support = UNITS[(g * 15 + i + 7) % len(UNITS)]
    when = DEADLINES[(g + i) % len(DEADLINES)]
    if i % 2:
        reason += REASONS[(g + 3 * i + 2) % len(REASONS)]
    body = (f"{verb}{obj}（第{g}组第{i}项）。{reason}对此，要在全面摸清底数的基础上，"
            f"细化工作方案，明确时间表和路线图，加强督促检查，确保各项措施落到实处、见到实效。")
    match i % 4:
        case 0:
            note = f"（牵头单位：{lead}；配合单位：{support}；完成时限：{when}）"
        case 1:
            note = f"【责任单位：{lead}、{support}，{when}完成】"
        case 2:
            note = f"由{lead}牵头，{support}配合，{when}完成。"
        case _:
            note = ""
    return body + note


lines = ["关于推进重点工作落实情况的调研报告", ""]
lines.append("一、基本情况")
for k in range(40):
    lines.append("今年以来，我县认真贯彻落实上级决策部署，围绕中心、服务大局，各项工作取得积极进展。"
                 + REASONS[k % len(REASONS)])
lines.append("二、存在问题")
for k in range(1, 11):
    lines.append(f"{k}、部分工作推进不够平衡。{REASONS[k % len(REASONS)]}")
lines.append("三、对策建议")
for g in range(1, 100):
    lines.append(f"（{chinese(g)}）着力抓好第{g}方面重点工作")
    for i in range(1, 16):
        lines.append(f"{i}、{item_text(g, i)}")
lines.append("")
lines.append("附件：相关统计表")
report = "\n".join(lines) + "\n"
(out / "report.txt").write_text(report, encoding="utf-8")

STATUSES = ["未开始", "进行中", "已完成", "受阻", "进行中"]
rows = ["序号,工作任务,具体内容,牵头单位,配合单位,完成时限,状态,进度,进展情况"]
for g in range(1, 501):
    rows.append(f"{g}、第{g}方面重点工作,,,,,,,,")
    for i in range(1, 21):
        n = (g - 1) * 20 + i
        status = STATUSES[n % len(STATUSES)]
        progress = {"未开始": 0, "已完成": 100}.get(status, rng.randrange(5, 95, 5))
        lead = UNITS[n % len(UNITS)]
        support = "、".join(UNITS[(n + k) % len(UNITS)] for k in (3, 11)[: n % 3])
        when = f"2025-{(n % 12) + 1:02d}-{(n % 28) + 1:02d}"
        note = "已召开专题会议部署，正在推进" if status in ("进行中", "受阻") else ""
        title = f"{VERBS[n % len(VERBS)]}{OBJECTS[n % len(OBJECTS)]}"
        text = f"{title}，细化第{n}项任务的工作方案，明确责任分工和时间节点，确保按期完成"
        rows.append(f"{g}.{i},{title},\"{text}\",{lead},{support},{when},{status},{progress},{note}")
(out / "table.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def xlsx(path, table):
    """The same rows as a workbook of one sheet (任务分解表), strings inline: the least a
    spreadsheet program writes that calamine reads, so no Python package is needed."""
    import csv
    import io
    import zipfile
    from xml.sax.saxutils import escape

    def col(k):
        return chr(ord("A") + k)

    body = []
    for r, cells in enumerate(csv.reader(io.StringIO(table)), start=1):
        xs = "".join(f'<c r="{col(k)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
                     for k, v in enumerate(cells) if v)
        body.append(f'<row r="{r}">{xs}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets><sheet name="任务分解表" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{"".join(body)}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


xlsx(out / "table.xlsx", "\n".join(rows) + "\n")

print(f"report.txt {len(report.encode())} bytes, {len(report)} characters; table.csv and table.xlsx 10000 rows",
      file=sys.stderr)
