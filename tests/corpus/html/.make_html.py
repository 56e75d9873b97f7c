#!/usr/bin/env python3
"""Writes the HTML renderings of seed reports in tests/corpus/html/ and, with blank value cells,
in tests/corpus/html-blank/ (see README.md in each).

Each page carries the seed's prose (the text before table 2 and from section 五 on) and its three
tables, built from the values of the seed's expected file in the layout of the national template
as government sites publish it: rowspan/colspan on label cells, <p> and <span> inside cells,
&nbsp;, entities. Run from anywhere:

    python3 tests/corpus/html/.make_html.py

then `nianbao test tests/corpus/html --update` and a review of the diff. A hidden file, so
`nianbao test` does not take it for a report.
"""
import html
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"

ACTIVE = [  # (subsection, header cells, [(label, keys)])
    ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
     [("规章", ["active.regulations.issued", "active.regulations.repealed", "active.regulations.in_force"]),
      ("行政规范性文件", ["active.normative_documents.issued", "active.normative_documents.repealed",
                   "active.normative_documents.in_force"])]),
    ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", ["active.licensing.decisions"])]),
    ("第二十条第（六）项", ["本年处理决定数量"],
     [("行政处罚", ["active.penalty.decisions"]), ("行政强制", ["active.coercion.decisions"])]),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", ["active.fees.amount"])]),
]

COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]

# Table 3 below the header: (cells before the values as (text, rowspan, colspan), row key).
REQUESTS = [
    ([("一、本年新收政府信息公开申请数量", 1, 3)], "new"),
    ([("二、上年结转政府信息公开申请数量", 1, 3)], "carried_over"),
    ([("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2)], "granted"),
    ([("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)], "partially_granted"),
    ([("（三）不予公开", 8, 1), ("1.属于国家秘密", 1, 1)], "denied.state_secret"),
    ([("2.其他法律行政法规禁止公开", 1, 1)], "denied.prohibited_by_law"),
    ([("3.危及“三安全一稳定”", 1, 1)], "denied.security_stability"),
    ([("4.保护第三方合法权益", 1, 1)], "denied.third_party_rights"),
    ([("5.属于三类内部事务信息", 1, 1)], "denied.internal_affairs"),
    ([("6.属于四类过程性信息", 1, 1)], "denied.process_information"),
    ([("7.属于行政执法案卷", 1, 1)], "denied.law_enforcement_files"),
    ([("8.属于行政查询事项", 1, 1)], "denied.administrative_query"),
    ([("（四）无法提供", 3, 1), ("1.本机关不掌握相关政府信息", 1, 1)], "unavailable.not_held"),
    ([("2.没有现成信息需要另行制作", 1, 1)], "unavailable.needs_creation"),
    ([("3.补正后申请内容仍不明确", 1, 1)], "unavailable.unclear_after_correction"),
    ([("（五）不予处理", 5, 1), ("1.信访举报投诉类申请", 1, 1)], "not_processed.petition_complaint"),
    ([("2.重复申请", 1, 1)], "not_processed.repeated"),
    ([("3.要求提供公开出版物", 1, 1)], "not_processed.publication"),
    ([("4.无正当理由大量反复申请", 1, 1)], "not_processed.excessive"),
    ([("5.要求行政机关确认或重新出具已获取信息", 1, 1)], "not_processed.confirmation"),
    ([("（六）其他处理", 3, 1), ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 1, 1)],
     "other.overdue_correction"),
    ([("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 1, 1)], "other.overdue_fee"),
    ([("3.其他", 1, 1)], "other.other"),
    ([("（七）总计", 1, 2)], "total"),
    ([("四、结转下年度继续办理", 1, 3)], "carried_forward"),
]

GROUPS = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
OUTCOMES = ["upheld", "corrected", "other", "pending", "total"]
OUTCOME_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

HEADINGS = ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]


def number(v):
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def prose(seed_text):
    """The seed's lines before table 2 and from section 五 on, markdown and pipes removed."""
    lines = [re.sub(r"^#+\s*", "", l).replace("**", "").rstrip(" |").strip() for l in seed_text.split("\n")]
    norm = [l.replace("(", "（").replace(")", "）") for l in lines]
    t2 = next(i for i, l in enumerate(norm) if l.endswith("主动公开政府信息情况") and len(l) < 20)
    t5 = next(i for i, l in enumerate(norm) if l.endswith("存在的主要问题及改进情况") and len(l) < 20)
    keep = lambda part: [l for l in part if l]
    return keep(lines[:t2]), keep(lines[t5:])


def is_heading(line):
    return len(line) < 30 and re.match(r"^[一二三四五六七八九十]+、", line) is not None


class Style:
    """How one site writes its markup."""

    def __init__(self, upper=False, td_p=True, close_cells=True, header_cell="td", nbsp_values=False,
                 entity_labels=False, comments=False, blank=None):
        self.upper, self.td_p, self.close_cells = upper, td_p, close_cells
        self.header_cell, self.nbsp_values, self.entity_labels, self.comments = header_cell, nbsp_values, entity_labels, comments
        # blank(key, value): whether the value cell of `key` is left blank, and how (the markup of
        # a blank cell's content: "", "&nbsp;", " ", "<p>&nbsp;</p>", ...), or None to print it.
        self.blank = blank or (lambda key, value: None)

    def t(self, name):
        return name.upper() if self.upper else name

    def attrs(self, rowspan=1, colspan=1, extra=""):
        a = ""
        if self.upper:
            a += " width=64 style='border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'"
            if rowspan > 1: a += f" rowSpan={rowspan}"
            if colspan > 1: a += f" colSpan={colspan}"
        else:
            a += ' style="border:1px solid #000;text-align:center;"'
            if rowspan > 1: a += f' rowspan="{rowspan}"'
            if colspan > 1: a += f' colspan="{colspan}"'
        return a + extra

    def label(self, text):
        out = html.escape(text, quote=False)
        if self.entity_labels:
            out = (out.replace("“", "&ldquo;").replace("”", "&rdquo;").replace("许", "&#35768;")
                   .replace("处理", "&#x5904;理"))
            out = out.replace("（区分处理", "<br/>（区分处理").replace("（区分&#x5904;理", "<br/>（区分&#x5904;理")
        return out

    def inner(self, content, value=False):
        if self.upper:  # Word: every cell a paragraph with a span and an empty o:p
            return (f"<P class=MsoNormal align=center style='text-align:center'><SPAN lang=EN-US "
                    f"style='font-size:10.5pt;font-family:宋体'>{content}<o:p></o:p></SPAN></P>")
        if value and self.nbsp_values:
            content = f"&nbsp;{content}&nbsp;"
        if self.td_p:
            return f'<p style="text-align:center;"><span style="font-family:宋体;font-size:14px;">{content}</span></p>'
        return content

    def cell(self, content, rowspan=1, colspan=1, value=False, header=False):
        name = self.t(self.header_cell if header else "td")
        close = f"</{name}>" if self.close_cells else ""
        return f"<{name}{self.attrs(rowspan, colspan)}>{self.inner(content, value)}{close}"

    def row(self, cells):
        close = f"</{self.t('tr')}>" if self.close_cells else ""
        return f"<{self.t('tr')}>" + "".join(cells) + close + "\n"

    def table(self, rows, head_rows=0):
        t = self.t
        if self.upper:
            start = (f"<{t('table')} class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
                     f"style='border-collapse:collapse;border:none'>\n<{t('tbody')}>\n")
            return start + "".join(rows) + f"</{t('tbody')}>\n</{t('table')}>\n"
        start = '<table border="1" cellspacing="0" cellpadding="0" style="width:100%;border-collapse:collapse;">\n'
        if head_rows:
            return (start + "<thead>\n" + "".join(rows[:head_rows]) + "</thead>\n<tbody>\n" +
                    "".join(rows[head_rows:]) + "</tbody>\n</table>\n")
        return start + "<tbody>\n" + "".join(rows) + "</tbody>\n</table>\n"


def tables(values, s):
    def value_cell(key, colspan=1):
        b = s.blank(key, values[key])
        if b is not None:  # a blank cell: its markup as is, no <p>/<span> around a value
            name = s.t("td")
            return f"<{name}{s.attrs(1, colspan)}>{b}" + (f"</{name}>" if s.close_cells else "")
        return s.cell(number(values[key]), colspan=colspan, value=True)
    v = value_cell
    out = {}
    rows = []
    for sub, header, items in ACTIVE:
        rows.append(s.row([s.cell(f"<strong>{s.label(sub)}</strong>" if not s.upper else s.label(sub), colspan=4,
                                  header=True)]))
        span = 4 - len(header)  # a single header (and value) cell spans three columns
        rows.append(s.row([s.cell("信息内容", header=True)] +
                          [s.cell(s.label(h), colspan=span if len(header) == 1 else 1, header=True) for h in header]))
        for label, keys in items:
            if len(keys) == 1:
                rows.append(s.row([s.cell(s.label(label)), value_cell(keys[0], colspan=3)]))
            else:
                rows.append(s.row([s.cell(s.label(label))] + [v(k) for k in keys]))
    out["active"] = s.table(rows)

    rows = [s.row([s.cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3, header=True),
                   s.cell("申请人情况", colspan=7, header=True)]),
            s.row([s.cell("自然人", rowspan=2, header=True), s.cell("法人或其他组织", colspan=5, header=True),
                   s.cell("总计", rowspan=2, header=True)]),
            s.row([s.cell(h, header=True) for h in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]])]
    for labels, key in REQUESTS:
        cells = [s.cell(s.label(text), rowspan=r, colspan=c) for text, r, c in labels]
        cells += [v(f"requests.{key}.{col}") for col in COLUMNS]
        if s.comments and key == "granted":
            cells.insert(0, "<!-- 办理结果 <td>0</td> -->")
        rows.append(s.row(cells))
    out["requests"] = s.table(rows, head_rows=3 if s.header_cell == "th" else 0)

    rows = [s.row([s.cell("行政复议", colspan=5, header=True), s.cell("行政诉讼", colspan=10, header=True)]),
            s.row([s.cell(l, rowspan=2, header=True) for l in OUTCOME_LABELS] +
                  [s.cell("未经复议直接起诉", colspan=5, header=True), s.cell("复议后起诉", colspan=5, header=True)]),
            s.row([s.cell(l, header=True) for l in OUTCOME_LABELS * 2]),
            s.row([v(f"review.{g}.{o}") for g in GROUPS for o in OUTCOMES])]
    out["review"] = s.table(rows, head_rows=3 if s.header_cell == "th" else 0)
    return out


def page_cms(title, front, tail, t):
    """A modern CMS page: UTF-8, lower-case tags, <p> paragraphs, scripts and styles."""
    para = lambda l: (f'<p style="text-indent:2em;line-height:1.8;"><strong><span style="font-family:黑体;">'
                      f"{html.escape(l, quote=False)}</span></strong></p>\n" if is_heading(l) else
                      f'<p style="text-indent:2em;line-height:1.8;">{html.escape(l, quote=False).replace(" ", "&nbsp;")}</p>\n')
    body = "".join(para(l) for l in front[1:])
    for h, key in zip(HEADINGS, ["active", "requests", "review"]):
        body += para(h) + t[key]
        body += '<p style="text-indent:2em;">&nbsp;</p>\n'
    body += "".join(para(l) for l in tail)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}_政务公开</title>
<link rel="stylesheet" href="/css/article.css">
<style type="text/css">
  .article td > p {{ margin: 0; }}
  .nav a:after {{ content: " > "; }}
</style>
<script type="text/javascript">
  var tpl = "<table><tr><td>0</td></tr></table>";
  if (a < b && b > c) {{ document.write("</td>"); }}
</script>
</head>
<body>
<div class="nav"><a href="/">首页</a>&nbsp;&gt;&nbsp;<a href="/zwgk/">政务公开</a>&nbsp;&gt;&nbsp;<a href="/zwgk/ndbg/">政府信息公开年报</a></div>
<!-- 正文开始 -->
<div class="article">
<h1 class="title">{html.escape(front[0])}</h1>
<div class="info">发布时间：2025-01-20&nbsp;&nbsp;来源：本网&nbsp;&nbsp;浏览次数：<span id="hits">1024</span></div>
<div class="article-content" id="zoom">
{body}</div>
</div>
<!-- 正文结束 -->
<div class="footer"><p>主办单位：人民政府办公室&nbsp;&nbsp;网站标识码：4104110001</p></div>
<script>var _hmt = _hmt || [];</script>
</body>
</html>
"""


def page_word(title, front, tail, t):
    """A Word document saved as a web page in GBK: upper-case tags, MsoNormal paragraphs."""
    def para(l):
        text = html.escape(l, quote=False)
        if is_heading(l):
            return (f"<P class=MsoNormal style='text-indent:32.0pt'><B><SPAN style='font-family:黑体'>{text}"
                    f"</SPAN></B><SPAN lang=EN-US><o:p></o:p></SPAN></P>\n")
        return (f"<P class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'><SPAN "
                f"style='font-size:16.0pt;font-family:仿宋_GB2312'>{text}</SPAN><SPAN lang=EN-US "
                f"style='font-size:16.0pt'><o:p></o:p></SPAN></P>\n")
    body = "".join(para(l) for l in front)
    for h, key in zip(HEADINGS, ["active", "requests", "review"]):
        body += para(h) + t[key]
        body += "<P class=MsoNormal><![if !supportEmptyParas]>&nbsp;<![endif]><o:p></o:p></P>\n"
    body += "".join(para(l) for l in tail)
    return f"""<HTML xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<HEAD>
<META http-equiv=Content-Type content="text/html; charset=gbk">
<META name=ProgId content=Word.Document>
<META name=Generator content="Microsoft Word 15">
<TITLE>{html.escape(title)}</TITLE>
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Print</w:View>
 </w:WordDocument>
</xml><![endif]-->
<STYLE>
<!--
 p.MsoNormal {{ margin:0cm; font-size:10.5pt; font-family:"Times New Roman"; }}
 table.MsoNormalTable {{ mso-style-name:普通表格; }}
-->
</STYLE>
</HEAD>
<BODY lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>
<DIV class=Section1 style='layout-grid:15.6pt'>
{body}</DIV>
</BODY>
</HTML>
"""


def page_layout_table(title, front, tail, t):
    """An older site laid out with tables: the report in a cell of the page's table, the text in a
    <div> with <br> between lines, header cells as <th>, </td> and </tr> left out."""
    def lines(ls):
        return "<br>\n".join((f"<b>{html.escape(l, quote=False)}</b>" if is_heading(l) else
                              "&nbsp;&nbsp;&nbsp;&nbsp;" + html.escape(l, quote=False)) for l in ls)
    body = f"<div class=\"content\">\n{lines(front)}<br>\n"
    for h, key in zip(HEADINGS, ["active", "requests", "review"]):
        body += f"<b>{h}</b><br>\n</div>\n" + t[key] + "<div class=\"content\">\n"
    body += lines(tail) + "\n</div>\n"
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{html.escape(title)}</title>
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr>
    <td colspan="2"><img src="/images/banner.jpg" width="980" height="120"></td>
  </tr>
  <tr>
    <td width="200" valign="top" class="left">
      <ul><li><a href="/">首页</a></li><li><a href="/xxgk/">信息公开</a></li><li><a href="/nb/">年度报告</a></li></ul>
    </td>
    <td width="780" valign="top" class="main">
<h2 align="center">{html.escape(title)}</h2>
{body}    </td>
  </tr>
  <tr>
    <td colspan="2" align="center" class="footer">版权所有&copy;&nbsp;兴和县人民政府&nbsp;&nbsp;联系电话：0474-7201234</td>
  </tr>
</table>
</body>
</html>
"""


# Blank cells, as real pages print them: every 0 of tables 3 and 4 left blank (in turn as an
# empty <td>, &nbsp;, a space, an empty paragraph, ...: table 4 of seed 004 is all blank); or
# whole columns left blank (科研机构 of table 3, 未经复议直接起诉 of table 4, 行政强制 of table 2),
# whatever their values.
BLANKS = ["", "&nbsp;", " ", "<p>&nbsp;</p>", "<p><span>&nbsp;</span></p>", "&#160;&#12288;"]


def blank_zeros(key, value):
    if not key.startswith(("requests.", "review.")) or value != 0:
        return None
    return BLANKS[sum(map(ord, key)) % len(BLANKS)]


def blank_columns(key, value):
    if key.startswith("requests.") and key.endswith(".research"):
        return "&nbsp;"
    if key.startswith("review.litigation_direct.") or key == "active.coercion.decisions":
        return ""
    return None


BLANK_DIR = HERE.parent / "html-blank"

CASES = [
    # (directory, name, seed, page, style, encoding)
    (HERE, "000-word-gbk", "000", page_word, Style(upper=True), "gbk"),
    (HERE, "001-cms", "001", page_cms, Style(nbsp_values=True, entity_labels=True, comments=True), "utf-8"),
    (HERE, "002-layout-table", "002", page_layout_table, Style(td_p=False, close_cells=False, header_cell="th"), "utf-8"),
    (BLANK_DIR, "001-blank-zeros", "001", page_cms, Style(nbsp_values=True, blank=blank_zeros), "utf-8"),
    (BLANK_DIR, "002-blank-columns", "002", page_word, Style(upper=True, blank=blank_columns), "gbk"),
    (BLANK_DIR, "004-blank-zeros-th", "004", page_layout_table,
     Style(td_p=False, close_cells=False, header_cell="th", blank=blank_zeros), "utf-8"),
]


def main():
    for directory, name, seed, page, style, encoding in CASES:
        txt = next(SEEDS.glob(f"{seed}_*.txt"))
        expected = json.loads(txt.with_name(txt.stem + ".expected.json").read_text(encoding="utf-8"))
        front, tail = prose(txt.read_text(encoding="utf-8"))
        title = expected["report"]["title"]
        text = page(title, front, tail, tables(expected["values"], style))
        (directory / f"{name}.html").write_bytes(text.encode(encoding, errors="xmlcharrefreplace"))
        print(f"wrote {directory.name}/{name}.html ({encoding})")


if __name__ == "__main__":
    main()
