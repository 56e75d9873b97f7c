#!/usr/bin/env python3
"""Writes the variants of this directory that are made from .hand-values.py (its NEW table):
the cells there, written by hand first, rendered in the layouts of ../field/. The other cases
of this directory were written by hand and are not touched.

Run:   python3 tests/corpus/field-variants/.make-variants.py
then:  nianbao test tests/corpus/field-variants --update   (review the diff), and
       python3 tests/corpus/.hand-check.py build/cli/nianbao tests/corpus/field-variants
"""
import importlib.util
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("hand", HERE / ".hand-values.py")
hand = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hand)

# Row labels of table 3 as printed: (parent label printed before it, or None; the label).
T3_21 = [(None, "一、本年新收政府信息公开申请数量"), (None, "二、上年结转政府信息公开申请数量"),
         ("三、本年度办理结果", "(一)予以公开"), (None, "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"),
         ("(三)不予公开", "1.属于国家秘密"), (None, "2.其他法律行政法规禁止公开"), (None, "3.危及“三安全一稳定”"),
         (None, "4.保护第三方合法权益"), (None, "5.属于三类内部事务信息"), (None, "6.属于四类过程性信息"),
         (None, "7.属于行政执法案卷"), (None, "8.属于行政查询事项"),
         ("(四)无法提供", "1.本机关不掌握相关政府信息"), (None, "2.没有现成信息需要另行制作"), (None, "3.补正后申请内容仍不明确"),
         ("(五)不予处理", "1.信访举报投诉类申请"), (None, "2.重复申请"), (None, "3.要求提供公开出版物"),
         (None, "4.无正当理由大量反复申请"), (None, "5.要求行政机关确认或重新出具已获取信息"),
         ("(六)其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
         (None, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), (None, "3.其他"),
         (None, "(七)总计"), (None, "四、结转下年度继续办理")]
T3_19 = T3_21[:20] + [(None, "(六)其他处理"), (None, "(七)总计"), (None, "四、结转下年度继续办理")]

# Table 2 as printed: (section header, column headers, [(row label, index into v["active"])]).
T2_21 = [("第二十条第(一)项", ["本年制发件数", "本年废止件数", "现行有效件数"], [("规章", 0), ("行政规范性文件", 1)]),
         ("第二十条第(五)项", ["本年处理决定数量"], [("行政许可", 2)]),
         ("第二十条第(六)项", ["本年处理决定数量"], [("行政处罚", 3), ("行政强制", 4)]),
         ("第二十条第(八)项", ["本年收费金额(单位:万元)"], [("行政事业性收费", 5)])]
T2_19 = [("第二十条第(一)项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], [("规章", 0), ("规范性文件", 1)]),
         ("第二十条第(五)项", ["上一年项目数量", "本年增/减", "处理决定数量"], [("行政许可", 2), ("其他对外管理服务事项", 3)]),
         ("第二十条第(六)项", ["上一年项目数量", "本年增/减", "处理决定数量"], [("行政处罚", 4), ("行政强制", 5)]),
         ("第二十条第(八)项", ["上一年项目数量", "本年增/减"], [("行政事业性收费", 6)]),
         ("第二十条第(九)项", ["采购项目数量", "采购总金额"], [("政府集中采购", 7)])]

CHECK = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)"
END = ["五、存在的主要问题及改进情况", "政府信息公开工作仍有不足,下一步将继续改进。", "六、其他需要报告的事项", "无。"]


def shapes(v):
    return (T2_21, T3_21) if v["template"] == "gov-2021" else (T2_19, T3_19)


def opening(v):
    received = v["t3"][0][6]
    return [f"{v['agency']}{v['year']}年政府信息公开工作年度报告", "一、总体情况",
            f"{v['year']}年,本机关认真贯彻落实《中华人民共和国政府信息公开条例》,全年共收到政府信息公开申请{received}件。",
            "二、主动公开政府信息情况"]


def pipe_rows_2021_placeholders(v):
    """Pipe rows as field 013 and 033: `a | b | c |`, `| |||` residue, a label with spaces."""
    t2, t3 = shapes(v)
    out = opening(v)
    for header, cols, rows in t2:
        out += [f"{header} | |||", "信息内容 | " + " | ".join(cols) + " | ||"]
        for label, i in rows:
            label = "行 政 处 罚" if label == "行政处罚" else label
            out.append(f"{label} | " + " | ".join(v["active"][i]) + " |")
    out += ["三、收到和处理政府信息公开申请情况", f"{CHECK} | 申请人情况 |", "自然人 | 法人或其他组织 | 总计 |",
            "商业 企业 | 科研 机构 | 社会公益组织 | 法律服务机构 | 其他 |"]
    for (parent, label), cells in zip(t3, v["t3"]):
        out.append((f"{parent} | " if parent else "") + f"{label} | " + " | ".join(cells) + " |")
    out += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议 | 行政诉讼 |",
            "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |",
            "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
            " | ".join(v["review"]) + " |"]
    return out + END


def split_rows(v):
    """Rows split over lines as field 009: `| ` starts a row, every cell on its own line ending
    in `  | `, some with `||` residue after them."""
    t2, t3 = shapes(v)
    out = opening(v)
    def row(cells, residue=""):
        out.append("| ")
        for i, c in enumerate(cells):
            out.append(f" {c}  | " + (residue if i == len(cells) - 1 else ""))
    for header, cols, rows in t2:
        row([header], "|||")
        row(["信息内容"] + cols, "||" if len(cols) == 1 else "")
        for label, i in rows:
            row([label] + v["active"][i], "||" if len(v["active"][i]) == 1 else "")
    out.append("三、收到和处理政府信息公开申请情况")
    row([CHECK, "申请人情况"], "||||||||")
    row(["自然人", "法人或其他组织", "总计"], "|||||||")
    row(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], "|||||")
    for (parent, label), cells in zip(t3, v["t3"]):
        row(([parent] if parent else []) + [label] + cells)
    out.append("四、政府信息公开行政复议、行政诉讼情况")
    row(["行政复议", "行政诉讼"], "|||")
    row(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"])
    row(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"])
    row(v["review"])
    return out + END


def pipe_cells_2019(v):
    """Pipe rows with empty cells as field 023 (2019 table 2 as field 018): `  | ` cells,
    `| |` before child rows (merged label cells), headers split over two rows."""
    t2, t3 = shapes(v)
    out = opening(v)
    for header, cols, rows in t2:
        pad = " |" * (3 - len(cols))
        out += [f"{header}  | |||", "信息内容  | " + "  | ".join(cols) + "  |" + pad]
        for label, i in rows:
            out.append(f"{label}  | " + "  | ".join(v["active"][i]) + "  |" + pad)
    out += ["三、收到和处理政府信息公开申请情况", f"{CHECK}  | 申请人情况  | ||||||||", "自然人  | 法人或其他组织  | 总计  | |||||||",
            "商业  | 科研  | 社会公益组织  | 法律服务机构  | 其他  | |||||", "企业  | 机构  |"]
    first_child = True
    for (parent, label), cells in zip(t3, v["t3"]):
        lead = f"| {parent} | " if parent else ("| | " if label[0].isdigit() else ("| " if label.startswith("(") else ""))
        if label == "(一)予以公开":
            lead = "三、本年度办理结果 | "
        out.append(lead + f"{label} | " + " | ".join(c if c else " " for c in cells) + " |")
    out += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议  | 行政诉讼  | |||",
            "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |",
            " | ".join(v["review"]) + " |"]
    return out + END


def pipe_lines_2019(v):
    """One cell per line ending in ` |` as field 016: `||||` after section headers, a `|` line
    after every row of table 2, `||` after each row of table 3."""
    t2, t3 = shapes(v)
    out = opening(v)
    for header, cols, rows in t2:
        out += [f"{header} |", "||||", "信息内容 |"] + [f"{c} |" for c in cols] + ["|" if len(cols) == 3 else "||"]
        for label, i in rows:
            out += [f"{label} |"] + [f"{c} |" for c in v["active"][i]] + ["|" if len(cols) == 3 else "||"]
    out += ["三、收到和处理政府信息公开申请情况", f"{CHECK} |", "申请人情况 |", "||||||||", "自然人 |", "法人或其他组织 |", "总计 |",
            "|||||||", "商业企业 |", "科研机构 |", "社会公益组织 |", "法律服务机构 |", "其他 |", "|||||"]
    for (parent, label), cells in zip(t3, v["t3"]):
        out += ([f"{parent} |"] if parent else []) + [f"{label} |"] + [f"{c} |" for c in cells] + ["||"]
    out += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议 |", "行政诉讼 |", "|||", "结果维持 |", "结果纠正 |", "其他结果 |",
            "尚未审结 |", "总计 |", "未经复议直接起诉 |", "复议后起诉 |", "||||"] + [f"{c} |" for c in v["review"]]
    return out + END


def blank_lines(v):
    """One cell per line with a blank line between all lines, as fields 021 and 027; the text
    is cut after the last review value given."""
    t2, t3 = shapes(v)
    out = opening(v)
    for header, cols, rows in t2:
        out += [header, "信息内容"] + cols
        for label, i in rows:
            out += [label] + v["active"][i]
    out += ["三、收到和处理政府信息公开申请情况", CHECK, "申请人情况", "自然人", "法人或其他组织", "总计", "商业", "企业", "科研", "机构",
            "社会公益组织", "法律服务机构", "其他"]
    for (parent, label), cells in zip(t3, v["t3"]):
        out += ([parent] if parent else []) + [label] + cells
    out += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]
    out += ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3 + v["review"]
    if not v.get("cut"):
        out += END
    return ["\n".join(out)]  # every line followed by a blank line: joined below


def plain_pdf_page(v):
    """One page of PDF text as field 006: it starts inside table 3, a label and its values on
    one line, parent labels on their first child's line, a label wrapped over two lines, table
    4 headers one character per line."""
    t2, t3 = shapes(v)
    out = [f"Page 4 - {v['year']}年报_{v['agency']}", "P. 4"]
    for (parent, label), cells in list(zip(t3, v["t3"]))[v["first_t3_row"]:]:
        text = (parent + " " if parent else "") + label
        if label.startswith("2.申请人逾期"):
            out += [text[:-2], text[-2:] + " " + " ".join(cells)]  # wrapped: "…公开" / "申请 0 0 …"
        else:
            out.append(text + " " + " ".join(cells))
    out += ["四、政府信息公开行政复议、行政诉讼情况", f"{v['year']} 年,本单位政府信息公开行政复议、行政诉讼情况如下。",
            "行政复议 行政诉讼", "未经复议直接起诉 复议后起诉", "结 结 其 尚", "结 结 其 尚 结 结 其 尚", "果 果 他 未",
            "总计 果 果 他 未 总 果 果 他 未 总", "维 纠 结 审", "维 纠 结 审 计 维 纠 结 审 计", "持 正 果 结",
            "持 正 果 结 持 正 果 结", " ".join(v["review"])]
    return out + END


RENDER = {
    "pipe-rows-2021-placeholders": pipe_rows_2021_placeholders,
    "split-rows-2021-template-year-2020": split_rows,
    "pipe-cells-2019-template-year-2021": pipe_cells_2019,
    "pipe-lines-2019-signed-changes": pipe_lines_2019,
    "blank-lines-2021-cut-in-table4": blank_lines,
    "plain-pdf-2021-page": plain_pdf_page,
}

for name, v in hand.NEW.items():
    lines = RENDER[name](v)
    text = lines[0].replace("\n", "\n\n") + "\n" if name.startswith("blank-lines") else "\n".join(lines) + "\n"
    (HERE / f"{name}.txt").write_text(text, encoding="utf-8")
    print("wrote", name + ".txt")
