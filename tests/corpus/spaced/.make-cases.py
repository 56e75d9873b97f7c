#!/usr/bin/env python3
"""Writes the cases of this directory: one report (the hand-written values of
../real-text/.make-cases.py, every rule of the 2021 template holding) laid out with spaces the
ways such texts come (see README.md): typed in a monospaced font (columns by display width, a
CJK character two columns) or printed by `pdftotext -layout` (columns by character count), with
blank cells, wrapped labels, letter-spaced and vertical group labels, page breaks, wide and
narrow columns, U+3000 and tabs as separators. Run:
    python3 tests/corpus/spaced/.make-cases.py
then  nianbao test tests/corpus/spaced --update  (review every changed value by hand), and
      python3 tests/corpus/spaced/.make-cases.py --check build/cli/nianbao
which compares each case's values with the hand-written ones (keys a case leaves null on
purpose, blank cells and rows that cannot be placed, are listed in NULL_ON_PURPOSE).
"""
import importlib.util
import json
import pathlib
import subprocess
import sys
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("real_text", HERE.parent / "real-text" / ".make-cases.py")
rt = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rt)
A, T3, T4, KEYS2, KEYS4, ROWS3, COLS3 = rt.A, rt.T3, rt.T4, rt.KEYS2, rt.KEYS4, rt.ROWS3, rt.COLS3


def s(x):
    return str(x)


class Page:
    """Lines laid out by position. `measure`: "display" (a wide character two columns: text typed
    in a monospaced font) or "chars" (one column a character: pdftotext -layout). `gap(n)`
    writes n columns of blank (spaces; a case may use U+3000 or tabs)."""

    def __init__(self, measure, blank="space"):
        self.measure, self.blank = measure, blank

    def width(self, text):
        if self.measure == "chars":
            return len(text)
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    def gap(self, at, n, row):
        if self.blank == "ideographic" and n >= 2:  # U+3000 is two columns wide
            return " " * (n % 2) + "\u3000" * (n // 2)
        if self.blank == "tabs" and row % 2 == 0:  # every other row: tabs to the 8-column stops, then spaces
            out, col = "", at
            while (col // 8 + 1) * 8 <= at + n:
                out += "\t"
                col = (col // 8 + 1) * 8
            return out + " " * (at + n - col)
        return " " * n

    def line(self, items, row=0):
        """items: (position, text, align) with align "l" (starts at position), "r" (ends there) or
        "c" (centred on it)."""
        placed = []
        for pos, text, align in items:
            if text == "":
                continue
            w = self.width(text)
            start = pos if align == "l" else pos - w if align == "r" else pos - w // 2
            placed.append((start, text))
        placed.sort()
        out, col = "", 0
        for start, text in placed:
            if start < col + (1 if col else 0):
                raise ValueError(f"overlap at {start}: {text!r} after {out!r}")
            out += self.gap(col, start - col, row) + text
            col = start + self.width(text)
        return out


def wrap(text, n):
    return [text[i:i + n] for i in range(0, len(text), n)]


# The report around the tables.
def head(agency, year):
    return [f"{agency}{year}年政府信息公开工作年度报告", "", "一、总体情况",
            f"{year}年，本机关共收到政府信息公开申请25件，政府信息公开工作运行正常。", "", "二、主动公开政府信息情况"]


TAIL = ["五、存在的主要问题及改进情况", "下一步将继续改进。", "六、其他需要报告的事项", "无。"]
T2_SECTIONS = [("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], [("规章", 0, 3), ("行政规范性文件", 3, 3)]),
               ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", 6, 1)]),
               ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", 7, 1), ("行政强制", 8, 1)]),
               ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", 9, 1)])]
GROUPS = {2: "三、本年度办理结果", 4: "（三）不予公开", 12: "（四）无法提供", 15: "（五）不予处理", 20: "（六）其他处理"}
GROUP_OF = {}
for _r in range(2, 23):
    GROUP_OF[_r] = max(g for g in GROUPS if g <= _r and g != 2) if _r >= 4 else None
LABELS3 = [label for _, label in rt.T3_LABELS]
LABELS3 = [l.replace("(", "（").replace(")", "）").replace(",", "，") for l in LABELS3]


def table2(p, c0, step, blanks=()):
    """Table 2: labels at 0, value columns centred at c0, c0 + step, ...; `blanks`: indexes of A
    printed as blank cells."""
    out = []
    for head_, cols, rows in T2_SECTIONS:
        out.append(p.line([(c0 + step, head_, "c")]))
        out.append(p.line([(0, "信息内容", "l")] + [(c0 + i * step, c, "c") for i, c in enumerate(cols)]))
        for label, i, n in rows:
            out.append(p.line([(0, label, "l")] + [(c0 + k * step, "" if i + k in blanks else s(A[i + k]), "c")
                                                 for k in range(n)], row=i))
    return out


def table3_header(p, cols, label_at=0, narrow=False):
    """The header of table 3 over value columns centred at `cols`; the check note in the label
    area, wrapped."""
    check = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    notes = wrap(check, 14)
    mid = (cols[1] + cols[5]) // 2
    lines = [[(mid, "申请人情况", "c")],
             [(cols[0], "自然人", "c"), (mid, "法人或其他组织", "c"), (cols[6], "总计", "c")]]
    if narrow:
        lines += [[(cols[1], "商业", "c"), (cols[2], "科研", "c"), (cols[3], "社会", "c"), (cols[4], "法律", "c"), (cols[5], "其他", "c")],
                  [(cols[1], "企业", "c"), (cols[2], "机构", "c"), (cols[3], "公益", "c"), (cols[4], "服务", "c")],
                  [(cols[3], "组织", "c"), (cols[4], "机构", "c")]]
    else:
        lines += [[(cols[1] + d, t, "c") for d, t in ((0, "商业企业"), (cols[2] - cols[1], "科研机构"), (cols[3] - cols[1], "社会公益组织"),
                                                        (cols[4] - cols[1], "法律服务机构"), (cols[5] - cols[1], "其他"))]]
    out = []
    for k, items in enumerate(lines):
        note = [(label_at, notes[k], "l")] if k < len(notes) else []
        out.append(p.line(note + items))
    for k in range(len(lines), len(notes)):
        out.append(p.line([(label_at, notes[k], "l")]))
    return out


def table4(p, cols):
    h1 = [((cols[0] + cols[4]) // 2, "行政复议", "c"), ((cols[5] + cols[14]) // 2, "行政诉讼", "c")]
    h2 = [((cols[5] + cols[9]) // 2, "未经复议直接起诉", "c"), ((cols[10] + cols[14]) // 2, "复议后起诉", "c")]
    names = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    h3 = [(c, n[:2], "c") for c, n in zip(cols, names)]
    h4 = [(c, n[2:], "c") for c, n in zip(cols, names)]
    return [p.line(h1), p.line(h2), p.line(h3), p.line(h4), ""]


def t4_values(p, cols, blanks=()):
    return p.line([(c, "" if i in blanks else s(x), "c") for i, (c, x) in enumerate(zip(cols, T4))])


def t3_rows(p, cols, x=20, width=20, on=None, groups="beside", vals=None, align="c", blank=()):
    """Table 3's rows: a row label at `x` (rows 一、二、四、 and （七）总计 at 0), wrapped every `width`
    characters, its values on line on[r] of it (default the first); group labels at 0 beside the
    first row of their group (`groups` = "beside"), or left to the case (None). `vals`: r -> the
    value items of row r instead of its values in `cols`; `blank`: (r, k) printed blank."""
    out = []
    for r, (label, row) in enumerate(zip(LABELS3, T3)):
        lx = 0 if r < 2 or r >= 23 else x
        pieces = wrap(label, width)
        values = (vals or {}).get(r, [(c, "" if (r, k) in blank else s(v), align) for k, (c, v) in enumerate(zip(cols, row))])
        group = GROUPS.get(r) if groups == "beside" else None
        for k, piece in enumerate(pieces):
            items = [(lx, piece, "l")]
            if k == 0 and group:
                items.append((0, group, "l"))
            if k == (on or {}).get(r, 0):
                items += values
            out.append(p.line(items, row=r))
    return out


def report(p, agency, year, t2, t3_head, t3, t4, c4, t4_head=None):
    out = head(agency, year) + table2(p, *t2) + ["", "三、收到和处理政府信息公开申请情况"]
    out += t3_head + t3 + ["", "四、政府信息公开行政复议、行政诉讼情况"] + (t4_head or table4(p, c4)) + [t4]
    return out + [""] + TAIL


COLS = [62, 76, 90, 104, 118, 132, 146]
BLANK_COLUMNS = {(r, k) for r in range(25) for k in (2, 4)}  # 科研机构 and 法律服务机构: all zero, printed blank
C4 = [4 + 10 * i for i in range(15)]


# ---- the cases -------------------------------------------------------------------------------


def blank_cells():
    """Typed in a monospaced font (display width): blank cells where the values are zero: 规章's
    本年制发 and 本年废止, the 科研机构 and 法律服务机构 columns of table 3 blank all down (their
    columns known only from the header), the zeros of 2.没有现成信息需要另行制作 blank, and
    table 4's 其他结果 columns."""
    p = Page("display")
    vals = {}
    for r, row in enumerate(T3):
        vals[r] = [(c, "" if k in (2, 4) or (r == 13 and v == 0) else s(v), "c") for k, (c, v) in enumerate(zip(COLS, row))]
    return report(p, "某区住房和城乡建设局", 2024, (36, 16, {0, 1}), table3_header(p, COLS),
                  t3_rows(p, COLS, vals=vals), t4_values(p, C4, blanks={2, 7, 12}), C4)


def wrapped_labels():
    """pdftotext -layout (one column a character): labels wrapped over two or three lines in a
    narrow label column (12 characters), the values on the first line of（二）部分公开…, the middle
    line of 1.申请人无正当理由逾期不补正…, the last line of 5.要求行政机关确认或重新出具已获取信息
    and of 2.申请人逾期未按收费通知要求缴纳费用…; group labels beside the first row of their group."""
    p = Page("chars")
    cols = [34, 42, 50, 58, 66, 74, 82]
    on = {3: 0, 19: 1, 20: 1, 21: 2}
    return report(p, "某县自然资源局", 2023, (24, 10), table3_header(p, cols, narrow=True),
                  t3_rows(p, cols, x=10, width=12, on=on), t4_values(p, [3 + 5 * i for i in range(15)]),
                  [3 + 5 * i for i in range(15)])


def group_labels():
    """Typed text: 三、本年度办理结果 letter-spaced on a line of its own (「三 、本 年 度 办 理 结 果」),
    （三）不予公开 printed top to bottom, one character per line, in the group column beside its
    eight rows, （五）不予处理 spread over its cell (「（五）不  予  处  理」) on a line of its own,
    table 4's first header letter-spaced (「行 政 复 议」)."""
    p = Page("display")
    cols = COLS
    rows = t3_rows(p, cols, groups=None)
    out, r = [], 0
    vertical = list("（三）不予公开")
    plain = {12: "（四）无法提供", 20: "（六）其他处理"}
    for line in rows:
        r = next(i for i, l in enumerate(LABELS3) if wrap(l, 20)[0] in line) if any(wrap(l, 20)[0] in line for l in LABELS3) else r
        if r == 2 and "（一）" in line:
            out.append(p.line([(0, "三 、本 年 度 办 理 结 果", "l")]))
        if r == 15 and "1.信访" in line:
            out.append(p.line([(0, "（五）不  予  处  理", "l")]))
        if 4 <= r <= 10 and wrap(LABELS3[r], 20)[0] in line:
            line = p.line([(2, vertical[r - 4], "l")]) + line[p.width(p.line([(2, vertical[r - 4], "l")])):]
        if r in plain and wrap(LABELS3[r], 20)[0] in line:
            line = plain[r] + line[p.width(plain[r]):]
        out.append(line)
    t4 = t4_values(p, C4)
    text = report(p, "某市生态环境局", 2023, (34, 18), table3_header(p, cols), out, t4, C4)
    i = text.index("四、政府信息公开行政复议、行政诉讼情况")
    text[i + 1] = p.line([((C4[0] + C4[4]) // 2, "行 政 复 议", "c"), ((C4[5] + C4[14]) // 2, "行 政 诉 讼", "c")])
    return text


def page_breaks():
    """pdftotext -layout of a report over pages: inside table 3 the page's footer (— 2 —), a form
    feed and the next page's running header; the rows of the next page stand four columns further
    left (the page laid out again). Table 4 after another page break."""
    p = Page("chars")
    cols = [36, 44, 52, 60, 68, 76, 84]
    later = [c - 4 for c in cols]
    vals = {r: [(c, s(v), "c") for c, v in zip(later, T3[r])] for r in range(10, 25)}
    rows = t3_rows(p, cols, x=10, width=20, vals=vals)
    at = next(i for i, l in enumerate(rows) if l.lstrip().startswith("7.属于行政执法案卷"))
    running = p.line([(20, "某区人力资源和社会保障局2023年政府信息公开工作年度报告", "l")])
    rows[at:at] = ["", p.line([(40, "— 2 —", "l")]), "\f" + running, ""]
    c4 = [3 + 5 * i for i in range(15)]
    text = report(p, "某区人力资源和社会保障局", 2023, (24, 10), table3_header(p, cols, narrow=True), rows,
                  t4_values(p, c4), c4)
    i = text.index("四、政府信息公开行政复议、行政诉讼情况")
    text[i:i] = ["", p.line([(40, "— 3 —", "l")]), "\f" + running]
    return text


def footer_without_feed():
    """Typed columns copied from a viewer: no form feed, the page footer (-2-) a line inside
    table 3, the rows after it six columns further right (the next page)."""
    p = Page("display")
    later = [c + 6 for c in COLS]
    vals = {r: [(c, "" if k in (2, 4) else s(v), "c") for k, (c, v) in enumerate(zip(later, T3[r]))]
            for r in range(8, 25)}
    rows = t3_rows(p, COLS, vals=vals)
    at = next(i for i, l in enumerate(rows) if l.lstrip().startswith("5.属于三类内部事务信息"))
    rows[at:at] = ["", p.line([(70, "-2-", "l")]), ""]
    return report(p, "某县交通运输局", 2023, (34, 16), table3_header(p, COLS), rows, t4_values(p, C4), C4)


def wide_and_narrow():
    """Typed: table 2's columns wide (30 columns apart), table 3's narrow (values right-aligned
    four columns apart, headed by one character each), table 4's values one blank apart."""
    p = Page("display")
    cols = [66, 70, 74, 78, 82, 86, 90]
    head3 = [p.line([(0, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "l")]),
             p.line([(c - 1, h, "c") for c, h in zip(cols, "自商科社法其总")])]
    c4 = [2 * i for i in range(15)]
    t4_head = ["行政复议、未经复议直接起诉、复议后起诉：结果维持 结果纠正 其他结果 尚未审结 总计"]
    return report(p, "某镇人民政府", 2023, (40, 30), head3, t3_rows(p, cols, width=20, align="r"),
                  p.line([(c, s(x), "l") for c, x in zip(c4, T4)]), c4, t4_head)


def fullwidth_spaces():
    """Typed with U+3000 (ideographic space, two columns) between cells, and inside a
    letter-spaced label (「规　　章」), columns by display width."""
    p = Page("display", blank="ideographic")
    text = report(p, "某区市场监督管理局", 2023, (36, 16), table3_header(p, COLS), t3_rows(p, COLS, blank=BLANK_COLUMNS),
                  t4_values(p, C4), C4)
    return [("规\u3000\u3000章" + l[2:]) if l.startswith("规章") else l for l in text]


def tabs_and_spaces():
    """Typed in an editor with tab stops of 8: every other row's gaps are tabs (then spaces to the
    column), the others spaces, all lined up on screen."""
    p = Page("display", blank="tabs")
    return report(p, "某县卫生健康委员会", 2023, (36, 16), table3_header(p, COLS), t3_rows(p, COLS, blank={(1, 3), (2, 3)}),
                  t4_values(p, C4, blanks={2}), C4)


def unplaceable():
    """Typed; two rows cannot be given their columns: 1.属于国家秘密 prints two values, each
    standing across two columns (between 自然人 and 商业企业, between 社会公益组织 and 法律服务机构),
    and 2.重复申请 three, one in the gap between 科研机构 and 社会公益组织. Those rows stay null
    (a warning each); every other row is read in its columns."""
    p = Page("display")
    vals = {4: [(69, "0", "c"), (111, "0", "c")], 16: [(62, "0", "c"), (97, "0", "c"), (146, "0", "c")]}
    return report(p, "某区司法局", 2023, (36, 16), table3_header(p, COLS), t3_rows(p, COLS, vals=vals, blank=BLANK_COLUMNS),
                  t4_values(p, C4), C4)


ZEROS_BLANK = {(2, 2), (7, 3), (16, 4), (21, 1)}  # single zeros of table 3 printed blank, among zeros


def blank_among_zeros():
    """Typed: single blank cells where the value is zero, each in a row among other zeros (one in
    （一）予以公开, 4.保护第三方合法权益, 2.重复申请, 2.申请人逾期未按收费通知要求缴纳费用…) and table
    4's 其他结果 of 行政复议. Read as it is (`plain`), each such row is one value short and the
    rules would complete it with a 0; the blank is printed evidence that the cell is empty, so it
    stays null (`kind: empty`): the merge takes the reading by columns there."""
    p = Page("display")
    return report(p, "某县农业农村局", 2023, (36, 16), table3_header(p, COLS), t3_rows(p, COLS, blank=ZEROS_BLANK),
                  t4_values(p, C4, blanks={2}), C4)


CASES = {
    "blank-cells-2024": blank_cells,
    "blank-among-zeros-2023": blank_among_zeros,
    "wrapped-labels-2023": wrapped_labels,
    "group-labels-2023": group_labels,
    "page-breaks-2023": page_breaks,
    "footer-without-feed-2023": footer_without_feed,
    "wide-and-narrow-2023": wide_and_narrow,
    "fullwidth-spaces-2023": fullwidth_spaces,
    "tabs-and-spaces-2023": tabs_and_spaces,
    "unplaceable-rows-2023": unplaceable,
}
_ROW = {r: i for i, r in enumerate(ROWS3)}
NULL_ON_PURPOSE = {
    "blank-among-zeros-2023": {f"requests.{ROWS3[r]}.{COLS3[k]}" for r, k in ZEROS_BLANK} | {"review.reconsideration.other"},
    "blank-cells-2024": {"active.regulations.issued", "active.regulations.repealed"} |
    {f"requests.{r}.{c}" for r in ROWS3 for c in ("research", "legal_services")} |
    {f"requests.unavailable.needs_creation.{c}" for c in ("commercial", "social_welfare", "other_org")} |
    {f"review.{g}.other" for g in ("reconsideration", "litigation_direct", "litigation_after_reconsideration")},
    "unplaceable-rows-2023": {f"requests.{r}.{c}" for r in ("denied.state_secret", "not_processed.repeated") for c in COLS3} |
    {f"requests.{r}.{c}" for r in ROWS3 for c in ("research", "legal_services")},
    "footer-without-feed-2023": {f"requests.{r}.{c}" for r in ROWS3[8:] for c in ("research", "legal_services")},
    "fullwidth-spaces-2023": {f"requests.{r}.{c}" for r in ROWS3 for c in ("research", "legal_services")},
    "tabs-and-spaces-2023": {"requests.carried_over.social_welfare", "requests.granted.social_welfare", "review.reconsideration.other"},
}


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--check":
        return rt.check_cases(sys.argv[2], HERE, CASES, NULL_ON_PURPOSE)
    for name, make in CASES.items():
        (HERE / f"{name}.txt").write_text("\n".join(make()) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
