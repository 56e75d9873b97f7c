#!/usr/bin/env python3
"""Renders a report's values as a crawler takes a web page's text: the cells of each table row
(or of each whole table) run together, with no separator between a label and its numbers or
between the numbers (`一、本年新收政府信息公开申请数量801000081`).

    scripts/render-run-together.py VALUES.json [--per-line row|table|report] > report.txt

VALUES.json is a nianbao record (e.g. a corpus case's NAME.expected.json) of the 2021 template;
its "values" are printed (a null value prints nothing).
Used to make tests/corpus/run-together/seed-*.txt from the seeds' expected values.
"""
import argparse
import json
import sys

APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
REQUEST_ROWS = [
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "三、本年度办理结果（一）予以公开"),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("denied.state_secret", "（三）不予公开1.属于国家秘密"),
    ("denied.prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("denied.security_stability", "3.危及“三安全一稳定”"),
    ("denied.third_party_rights", "4.保护第三方合法权益"),
    ("denied.internal_affairs", "5.属于三类内部事务信息"),
    ("denied.process_information", "6.属于四类过程性信息"),
    ("denied.law_enforcement_files", "7.属于行政执法案卷"),
    ("denied.administrative_query", "8.属于行政查询事项"),
    ("unavailable.not_held", "（四）无法提供1.本机关不掌握相关政府信息"),
    ("unavailable.needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable.unclear_after_correction", "3.补正后申请内容仍不明确"),
    ("not_processed.petition_complaint", "（五）不予处理1.信访举报投诉类申请"),
    ("not_processed.repeated", "2.重复申请"),
    ("not_processed.publication", "3.要求提供公开出版物"),
    ("not_processed.excessive", "4.无正当理由大量反复申请"),
    ("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息"),
    ("other.overdue_correction", "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other.overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other.other", "3.其他"),
    ("total", "（七）总计"),
    ("carried_forward", "四、结转下年度继续办理"),
]
REVIEW_GROUPS = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
REVIEW_OUTCOMES = ["upheld", "corrected", "other", "pending", "total"]


def number(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def render(record, per_line):
    values = record["values"]
    v = lambda key: number(values.get(key))
    report = record.get("report") or {}
    title = report.get("title") or "政府信息公开工作年度报告"
    out = [title, "", "一、总体情况", "本机关按照《条例》要求做好政府信息公开工作。", "", "二、主动公开政府信息情况"]

    active = [
        "第二十条第（一）项",
        "信息内容本年制发件数本年废止件数现行有效件数",
        "规章" + "".join(v("active.regulations." + c) for c in ["issued", "repealed", "in_force"]),
        "行政规范性文件" + "".join(v("active.normative_documents." + c) for c in ["issued", "repealed", "in_force"]),
        "第二十条第（五）项",
        "信息内容本年处理决定数量",
        "行政许可" + v("active.licensing.decisions"),
        "第二十条第（六）项",
        "信息内容本年处理决定数量",
        "行政处罚" + v("active.penalty.decisions"),
        "行政强制" + v("active.coercion.decisions"),
        "第二十条第（八）项",
        "信息内容本年收费金额（单位：万元）",
        "行政事业性收费" + v("active.fees.amount"),
    ]
    requests = [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计",
        "商业企业科研机构社会公益组织法律服务机构其他",
    ] + [label + "".join(v("requests." + row + "." + c) for c in APPLICANTS) for row, label in REQUEST_ROWS]
    review = [
        "行政复议行政诉讼",
        "结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉",
        "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计",
        "".join(v("review." + g + "." + o) for g in REVIEW_GROUPS for o in REVIEW_OUTCOMES),
    ]
    join = (lambda rows: ["".join(rows)]) if per_line != "row" else (lambda rows: rows)
    out += join(active)
    out += ["", "三、收到和处理政府信息公开申请情况"] + join(requests)
    out += ["", "四、政府信息公开行政复议、行政诉讼情况"] + join(review)
    out += ["", "五、存在的主要问题及改进情况", "无。", "", "六、其他需要报告的事项", "无。", ""]
    if per_line == "report":  # the whole page after its title on one line
        return out[0] + "\n" + "".join(out[1:]) + "\n"
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("values", help="a nianbao record (JSON) of the 2021 template")
    ap.add_argument("--per-line", choices=["row", "table", "report"], default="row",
                    help="one table row per line (default), each table on one line, or the whole page after its title")
    args = ap.parse_args()
    with open(args.values, encoding="utf-8") as f:
        record = json.load(f)
    if record.get("template") != "gov-2021":
        sys.exit("render-run-together: only the 2021 template is rendered")
    sys.stdout.write(render(record, args.per_line))


if __name__ == "__main__":
    main()
