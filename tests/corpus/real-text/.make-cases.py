#!/usr/bin/env python3
"""Writes the cases of this directory from one set of values written by hand (VALUES: every rule
of the template holds), each rendered as real authors, web sites and converters print reports
(see README.md). Run:  python3 tests/corpus/real-text/.make-cases.py
then  nianbao test tests/corpus/real-text --update  (review every changed value by hand), and
      python3 tests/corpus/real-text/.make-cases.py --check build/cli/nianbao
which compares each case's values with VALUES (keys a case leaves null on purpose are listed
in NULL_ON_PURPOSE).
"""
import json
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent

A = [0, 0, 2, 3, 1, 25, 46, 12, 0, "1.5"]  # table 2: regulations x3, normative x3, licensing, penalty, coercion, fees
T3 = [  # 7 columns: natural_person commercial research social_welfare legal_services other_org total
    [20, 3, 0, 1, 0, 1, 25], [2, 0, 0, 0, 0, 0, 2], [8, 1, 0, 0, 0, 0, 9], [3, 1, 0, 0, 0, 0, 4],
    [0] * 7, [1, 0, 0, 0, 0, 0, 1], [0] * 7, [1, 0, 0, 0, 0, 0, 1], [0] * 7, [1, 0, 0, 0, 0, 1, 2], [0] * 7, [0] * 7,
    [3, 1, 0, 0, 0, 0, 4], [1, 0, 0, 0, 0, 0, 1], [0] * 7,
    [1, 0, 0, 0, 0, 0, 1], [0] * 7, [0] * 7, [0] * 7, [0] * 7,
    [1, 0, 0, 0, 0, 0, 1], [0] * 7, [0, 0, 0, 1, 0, 0, 1],
    [20, 3, 0, 1, 0, 1, 25], [2, 0, 0, 0, 0, 0, 2]]
T4 = [1, 0, 0, 0, 1, 0, 1, 0, 1, 2, 0, 0, 0, 0, 0]

KEYS2 = ["active.regulations.issued", "active.regulations.repealed", "active.regulations.in_force",
         "active.normative_documents.issued", "active.normative_documents.repealed", "active.normative_documents.in_force",
         "active.licensing.decisions", "active.penalty.decisions", "active.coercion.decisions", "active.fees.amount"]
ROWS3 = ["new", "carried_over", "granted", "partially_granted", "denied.state_secret", "denied.prohibited_by_law",
         "denied.security_stability", "denied.third_party_rights", "denied.internal_affairs",
         "denied.process_information", "denied.law_enforcement_files", "denied.administrative_query",
         "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear_after_correction",
         "not_processed.petition_complaint", "not_processed.repeated", "not_processed.publication",
         "not_processed.excessive", "not_processed.confirmation", "other.overdue_correction", "other.overdue_fee",
         "other.other", "total", "carried_forward"]
COLS3 = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
KEYS4 = [f"review.{g}.{c}" for g in ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
         for c in ["upheld", "corrected", "other", "pending", "total"]]


def values():
    v = dict(zip(KEYS2, [float(x) if isinstance(x, str) else x for x in A]))
    for r, row in zip(ROWS3, T3):
        for c, x in zip(COLS3, row):
            v[f"requests.{r}.{c}"] = x
    v.update(zip(KEYS4, T4))
    return v


# Labels of table 3 as the template prints them: (group label or None, label).
T3_LABELS = [(None, "一、本年新收政府信息公开申请数量"), (None, "二、上年结转政府信息公开申请数量"),
             ("三、本年度办理结果", "(一)予以公开"), (None, "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"),
             ("(三)不予公开", "1.属于国家秘密"), (None, "2.其他法律行政法规禁止公开"), (None, "3.危及“三安全一稳定”"),
             (None, "4.保护第三方合法权益"), (None, "5.属于三类内部事务信息"), (None, "6.属于四类过程性信息"),
             (None, "7.属于行政执法案卷"), (None, "8.属于行政查询事项"),
             ("(四)无法提供", "1.本机关不掌握相关政府信息"), (None, "2.没有现成信息需要另行制作"),
             (None, "3.补正后申请内容仍不明确"),
             ("(五)不予处理", "1.信访举报投诉类申请"), (None, "2.重复申请"), (None, "3.要求提供公开出版物"),
             (None, "4.无正当理由大量反复申请"), (None, "5.要求行政机关确认或重新出具已获取信息"),
             ("(六)其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
             (None, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), (None, "3.其他"),
             (None, "(七)总计"), (None, "四、结转下年度继续办理")]
T2_SECTIONS = [("第二十条第(一)项", ["本年制发件数", "本年废止件数", "现行有效件数"], [("规章", 0, 3), ("行政规范性文件", 3, 3)]),
               ("第二十条第(五)项", ["本年处理决定数量"], [("行政许可", 6, 1)]),
               ("第二十条第(六)项", ["本年处理决定数量"], [("行政处罚", 7, 1), ("行政强制", 8, 1)]),
               ("第二十条第(八)项", ["本年收费金额(单位:万元)"], [("行政事业性收费", 9, 1)])]
CHECK = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
T4_HEAD = [["行政复议", "行政诉讼"], ["未经复议直接起诉", "复议后起诉"],
           ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3]


def s(x):
    return str(x)


def pipe_rows(heads, labels3=None, t2_labels=None):
    """Pipe rows as web pages saved as text print them (fields 013, 033)."""
    h2, h3, h4, h5 = heads
    lines = ["二、主动公开政府信息情况" if h2 is None else h2]
    lines = [] if h2 == "" else lines
    for head, cols, rows in T2_SECTIONS:
        lines.append(f"{head} |")
        lines.append("信息内容 | " + " | ".join(cols) + " |")
        for label, i, n in rows:
            label = (t2_labels or {}).get(label, label)
            lines.append(f"{label} | " + " | ".join(s(x) for x in A[i:i + n]) + " |")
    if h3 != "":
        lines.append(h3 or "三、收到和处理政府信息公开申请情况")
    lines += [CHECK + " | 申请人情况 |", "自然人 | 法人或其他组织 | 总计 |",
              "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |"]
    for (group, label), row in zip(labels3 or T3_LABELS, T3):
        lead = f"{group} | " if group else ""
        lines.append(f"{lead}{label} | " + " | ".join(s(x) for x in row) + " |")
    lines.append(h4 or "四、政府信息公开行政复议、行政诉讼情况")
    for r in T4_HEAD:
        lines.append(" | ".join(r) + " |")
    lines.append(" | ".join(s(x) for x in T4) + " |")
    lines += [h5 or "五、存在的主要问题及改进情况", "下一步将继续改进。", "六、其他需要报告的事项", "无。"]
    return lines


def traditional():
    """The report as a site's Traditional-character version prints it (OpenCC s2twp: Taiwan
    phrases too, 文件 -> 檔案, 信息 -> 資訊), in pipe rows. Written in Simplified characters here;
    the file is that text converted with OpenCC's s2twp (see README.md)."""
    return ["某市统计局2023年政府信息公开工作年度报告", "一、总体情况",
            "2023年,本局共收到政府信息公开申请25件,行政复议1件。"] + pipe_rows((None, None, None, None))


def notes_typos_punctuation():
    """Tab-separated rows (a Word copy) with labels as authors write them: notes in parentheses,
    other punctuation, misprints where the order expects them, headings of other years; the
    agency and year only in a sentence."""
    lines = ["根据《中华人民共和国政府信息公开条例》要求,特编制某县自然资源局2022年政府信息公开工作年度报告。"
             "所列数据统计期限自2022年1月1日起至2022年12月31日止。",
             "一、总体情况", "2022年,本局政府信息公开工作运行正常。", "二、主动公开政府信息情况"]
    t2 = {"规章": "规章（设区的市、自治州人民政府规章）", "行政许可": "行政许可（含备案）", "行政强制": "行政强治"}
    for head, cols, rows in T2_SECTIONS:
        lines.append(head)
        lines.append("\t".join(["信息内容"] + cols))
        for label, i, n in rows:
            lines.append("\t".join([t2.get(label, label)] + [s(x) for x in A[i:i + n]]))
    lines += ["三、收到和处理政府信息公开申请的情况", CHECK + "\t申请人情况", "\t自然人\t法人或其他组织\t总计",
              "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他"]
    printed = {"2.其他法律行政法规禁止公开": "2.其他法律行政止公开",
               "4.保护第三方合法权益": "4. 保护第三方合法权义",
               "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请":
                   "1. 申请人无正当理由逾期不补正, 行政机关不再处理其政府信息公开申请",
               "(二)部分公开(区分处理的,只计这一情形,不计其他情形)": "（二）部分公开（区分处理的；只计这一情形。不计其他情形）",
               "3.其他": "3.其他（请注明）"}
    for (group, label), row in zip(T3_LABELS, T3):
        cells = ([group] if group else []) + [printed.get(label, label)] + [s(x) for x in row]
        lines.append("\t".join(cells))
    lines += ["四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "\t".join(T4_HEAD[0]), "\t".join(T4_HEAD[1]),
              "\t".join(T4_HEAD[2]), "\t".join(s(x) for x in T4),
              "五、存在的主要问题和改进措施", "下一步将继续改进。", "六、其他需要报告的事项", "无。"]
    return lines


def pdf_wrapped_labels():
    """PDF page text (plain): a label wrapped by the page width after pieces of its group
    labels on the same line (「本年 无法提 2.没有现成信息需要另行制」), its values at the end
    of the line; the year in the statistics period only."""
    lines = ["本报告所列数据的统计期限为2023年1月1日至2023年12月31日。", "一、总体情况",
             "本机关政府信息公开工作运行正常。", "二、主动公开政府信息情况"]
    for head, cols, rows in T2_SECTIONS:
        lines.append(head)
        lines.append("信息内容 " + " ".join(cols))
        for label, i, n in rows:
            lines.append(label + " " + " ".join(s(x) for x in A[i:i + n]))
    lines += ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人 法人或其他组织 总计",
              "商业企业 科研机构 社会公益组织 法律服务机构 其他"]
    # (pieces printed before the label on its line, the label as cut, the rest printed after the values)
    wrapped = {13: ("本年 无法提", "2.没有现成信息需要另行制", "度办 供 作"),
               7: ("度办理 不予公", "4.保护第三方合", "结果 开 法权益")}
    for r, ((group, label), row) in enumerate(zip(T3_LABELS, T3)):
        numbers = " ".join(s(x) for x in row)
        if r in wrapped:
            before, cut, after = wrapped[r]
            lines += [f"{before} {cut} {numbers}", after]
        else:
            lines.append(f"{group + ' ' if group else ''}{label} {numbers}")
    lines += ["四、政府信息公开行政复议、行政诉讼情况", " ".join(T4_HEAD[0]), " ".join(T4_HEAD[1]),
              " ".join(T4_HEAD[2]), " ".join(s(x) for x in T4),
              "五、存在的主要问题及改进情况", "下一步将继续改进。"]
    return lines


def missing_headings():
    """Pipe rows where table 3's heading is missing (the table is found from its header rows),
    table 4's heading has a misprint and another numbering, the end heading another wording; the
    report year only in 一、总体情况's first sentence, the agency nowhere."""
    return ["一、总体情况", "2021年,我局政府信息公开工作运行正常。"] + \
        pipe_rows((None, "", "（四）政府信息公开行政法复议、行政诉讼情况", "五、存在的主要问题和改进措施"))


def blank_lines_empty_cells():
    """One cell per line with a blank line between cells (a web page copied as text), an empty
    cell a blank line of its own with its blank line: three blank lines between two values around
    one empty cell, five around two. The zeros of 规章 本年制发/本年废止, of the 科研机构 and 法律服务机构
    columns of table 3, and table 4's 其他结果 are printed as empty cells."""
    cells = ["某区住房和城乡建设局2024年政府信息公开工作年度报告", "一、总体情况", "2024年,本局政府信息公开工作运行正常。",
             "二、主动公开政府信息情况"]
    for head, cols, rows in T2_SECTIONS:
        cells += [head, "信息内容"] + cols
        for label, i, n in rows:
            printed = [s(x) for x in A[i:i + n]]
            if label == "规章":
                printed[0] = printed[1] = ""
            cells += [label] + printed
    cells += ["三、收到和处理政府信息公开申请情况", CHECK, "申请人情况", "自然人", "法人或其他组织", "总计",
              "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    for (group, label), row in zip(T3_LABELS, T3):
        printed = [s(x) for x in row]
        printed[2] = printed[4] = ""
        cells += ([group] if group else []) + [label] + printed
    cells += ["四、政府信息公开行政复议、行政诉讼情况"] + T4_HEAD[0] + T4_HEAD[1] + T4_HEAD[2]
    cells += ["" if i % 5 == 2 else s(x) for i, x in enumerate(T4)]
    cells += ["五、存在的主要问题及改进情况", "下一步将继续改进。"]
    return ["".join(c + "\n\n" for c in cells).rstrip("\n")]


def md_row(cells):
    return "| " + " | ".join(cells) + " |"


def markdown_converter():
    """Markdown as a converter writes a report: table 2 one markdown table whose single-column
    rows have three cells under its four-column header; table 3 cut into six markdown tables, one
    per group of rows, each headed by the converter's 数据1 … 数据9 and a rule line; the header
    rows of table 3 repeated in the middle of it."""
    lines = ["# 某县教育局2023年政府信息公开工作年度报告", "", "## 一、总体情况", "", "2023年,本局政府信息公开工作运行正常。", "",
             "## 二、主动公开政府信息情况", ""]
    lines += [md_row(["第二十条第(一)项", "", "", ""]), md_row(["---"] * 4)]
    for head, cols, rows in T2_SECTIONS:
        if head != "第二十条第(一)项":
            lines.append(md_row([head, "", ""]))
        lines.append(md_row(["信息内容"] + cols + ([""] if len(cols) == 1 else [])))
        for label, i, n in rows:
            lines.append(md_row([label] + [s(x) for x in A[i:i + n]] + ([""] if n == 1 else [])))
    lines += ["", "## 三、收到和处理政府信息公开申请情况", ""]
    generic = md_row([f"数据{i}" for i in range(1, 10)])
    header = [md_row([CHECK, "", "申请人情况", "", "", "", "", "", ""]),
              md_row(["", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
              md_row(["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""])]
    pieces = [(0, 2), (2, 4), (4, 12), (12, 15), (15, 20), (20, 25)]
    for n, (a, b) in enumerate(pieces):
        lines += [generic, md_row(["---"] * 9)]
        if n in (0, 3):
            lines += header
        for (group, label), row in zip(T3_LABELS[a:b], T3[a:b]):
            lines.append(md_row([group or "", label] + [s(x) for x in row]))
        lines.append("")
    lines += ["## 四、政府信息公开行政复议、行政诉讼情况", "", md_row(T4_HEAD[2]), md_row(["---"] * 15),
              md_row([s(x) for x in T4]), "", "## 五、存在的主要问题及改进情况", "", "下一步将继续改进。"]
    return lines


def displaced_labels():
    """Markdown from a converter that moved labels away from their numbers: in table 2 every
    label on a row of its own with its values on the next row and no label; in table 3 the
    values first, then the label (as in the two readings the template order leaves just one)."""
    lines = ["# 某市医疗保障局2023年政府信息公开工作年度报告", "", "## 一、总体情况", "", "2023年,本局政府信息公开工作运行正常。",
             "", "## 二、主动公开政府信息情况", "", md_row(["信息内容", "", "", ""]), md_row(["---"] * 4)]
    for head, cols, rows in T2_SECTIONS:
        lines += [md_row([head, "", "", ""]), md_row(["信息内容"] + cols)]
        for label, i, n in rows:
            lines += [md_row([label, "", "", ""]), md_row([""] + [s(x) for x in A[i:i + n]])]
    lines += ["", "## 三、收到和处理政府信息公开申请情况", "", md_row([CHECK] + [""] * 8), md_row(["---"] * 9),
              md_row(["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])]
    for (group, label), row in zip(T3_LABELS, T3):
        lines += [md_row(["", ""] + [s(x) for x in row]), md_row([group or "", label] + [""] * 7)]
    lines += ["", "## 四、政府信息公开行政复议、行政诉讼情况", "", md_row(T4_HEAD[2]), md_row(["---"] * 15),
              md_row([s(x) for x in T4]), "", "## 五、存在的主要问题及改进情况", "", "下一步将继续改进。"]
    return lines


def displaced_ambiguous():
    """Markdown where one label (2.其他法律行政法规禁止公开) is on a row of its own, the next
    row holds seven values and no label, and the label after it (3.危及“三安全一稳定”) has no
    values either: the values may be either row's, so neither is filled (a warning says so)."""
    lines = ["# 某市医疗保障局2023年政府信息公开工作年度报告", "", "## 三、收到和处理政府信息公开申请情况", "",
             md_row([CHECK] + [""] * 8), md_row(["---"] * 9),
             md_row(["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])]
    for r, ((group, label), row) in enumerate(zip(T3_LABELS, T3)):
        if r == 5:
            lines += [md_row([group or "", label] + [""] * 7), md_row(["", ""] + [s(x) for x in row])]
        elif r == 6:
            lines.append(md_row([group or "", label] + [""] * 7))
        else:
            lines.append(md_row([group or "", label] + [s(x) for x in row]))
    lines += ["", "## 五、存在的主要问题及改进情况", "", "下一步将继续改进。"]
    return lines


CASES = {
    "traditional-taiwan-phrases-2023": traditional,
    "notes-typos-punctuation-2022": notes_typos_punctuation,
    "pdf-wrapped-labels-2023": pdf_wrapped_labels,
    "missing-headings-2021": missing_headings,
    "blank-lines-empty-cells-2024": blank_lines_empty_cells,
    "markdown-converter-2023": markdown_converter,
    "displaced-labels-2023": displaced_labels,
    "displaced-ambiguous-2023": displaced_ambiguous,
}
TRADITIONAL = {"traditional-taiwan-phrases-2023"}
NULL_ON_PURPOSE = {
    # printed as empty cells
    "blank-lines-empty-cells-2024": {"active.regulations.issued", "active.regulations.repealed"} |
    {f"requests.{r}.{c}" for r in ROWS3 for c in ("research", "legal_services")} |
    {f"review.{g}.other" for g in ("reconsideration", "litigation_direct", "litigation_after_reconsideration")},
    # tables 2 and 4 not printed; the two rows the values under no label may belong to
    "displaced-ambiguous-2023": set(KEYS2) | set(KEYS4) |
    {f"requests.{r}.{c}" for r in ("denied.prohibited_by_law", "denied.security_stability") for c in COLS3},
}


def to_traditional(text):
    # OpenCC s2twp through its library (no command-line tool in Debian's libopencc packages).
    prog = HERE.parent.parent.parent / "build" / "s2twp"
    if not prog.exists():
        src = "#include <opencc/opencc.h>\n#include <iostream>\n#include <iterator>\nint main(){std::string t((std::istreambuf_iterator<char>(std::cin)),{});std::cout<<opencc::SimpleConverter(\"s2twp.json\").Convert(t);}\n"
        subprocess.run(["g++", "-x", "c++", "-", "-o", str(prog), "-lopencc"], input=src.encode(), check=True)
    return subprocess.run([str(prog)], input=text.encode(), capture_output=True, check=True).stdout.decode()


def check_cases(nianbao, here, cases, null_on_purpose):
    """Every case of `here` read by `nianbao parse` against the values written by hand (shared with
    the spaced corpus's script); 0 when all agree, else 1 after printing each difference."""
    want = values()
    bad = 0
    for name in cases:
        out = json.loads(subprocess.run([nianbao, "parse", str(here / f"{name}.txt")], capture_output=True,
                                        check=False).stdout)
        for k, x in want.items():
            got = out["values"].get(k)
            if k in null_on_purpose.get(name, set()):
                x = None
            if got != x:
                bad += 1
                print(f"{name}: {k}: hand {x}, read {got}")
    print("all values as written by hand" if not bad else f"{bad} differences")
    return 1 if bad else 0


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--check":
        return check_cases(sys.argv[2], HERE, CASES, NULL_ON_PURPOSE)
    for name, make in CASES.items():
        text = "\n".join(make()) + "\n"
        if name in TRADITIONAL:
            text = to_traditional(text)
        (HERE / f"{name}.txt").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
