# Values read by hand off tests/corpus/field/*.txt (not from nianbao), checked by ../.hand-check.py.
A=["natural_person","commercial","research","social_welfare","legal_services","other_org","total"]
def row(prefix, vals):
    out={}
    for c,v in zip(A, vals):
        if v is None: continue
        out[f"requests.{prefix}.{c}"]=v
    return out
def seq15(vals):
    out={}; i=0
    for g in ["reconsideration","litigation_direct","litigation_after_reconsideration"]:
        for c in ["upheld","corrected","other","pending","total"]:
            out[f"review.{g}.{c}"]=vals[i]; i+=1
    return out
def merge(*ds):
    o={}
    for d in ds: o.update(d)
    return o
E="E"
t21_active_zero = {"active.regulations.issued":0,"active.regulations.repealed":0,"active.regulations.in_force":0,
  "active.normative_documents.issued":0,"active.normative_documents.repealed":0,"active.normative_documents.in_force":0,
  "active.licensing.decisions":0,"active.penalty.decisions":0,"active.coercion.decisions":0,"active.fees.amount":0}
H = {}
# 001: l.14-17 规章 / / /; l.18-21 行政规范性文件 0 0 0; l.27-28 行政许可 0; l.35-36 行政处罚 0; l.38-39 行政强制 0;
# l.46-47 行政事业性收费 0; l.62-69 一、本年新收: six lone bars then 0; l.71-78 二、上年结转 same;
# l.81-89 (一)予以公开: 8 lone bars (all empty); text ends l.90 "(二)部分公".
H["001_yangling_district_stats_bureau_2023"] = ("gov-2021", merge(
  {"active.regulations.issued":("P","/"),"active.regulations.repealed":("P","/"),"active.regulations.in_force":("P","/"),
   "active.normative_documents.issued":0,"active.normative_documents.repealed":0,"active.normative_documents.in_force":0,
   "active.licensing.decisions":0,"active.penalty.decisions":0,"active.coercion.decisions":0,"active.fees.amount":0},
  row("new",[E,E,E,E,E,E,0]), row("carried_over",[E,E,E,E,E,E,0]), row("granted",[E]*7)))
# 002: l.7-18 table 2 all 0; l.23-25 three rows of seven 0; ends l.26.
H["002_zhanjiang_local_chronicles_office_2023"] = ("gov-2021", merge(t21_active_zero,
  row("new",[0]*7), row("carried_over",[0]*7), row("granted",[0]*7)))
# 004: l.18-21 规章 0 0 0; l.22-26 行政规范性文件 (bar on next line) 0 0 0; l.32-33 许可 0; l.40-41 处罚 0; l.43-44 强制 0;
# ends l.49 in the fees header.
d=dict(t21_active_zero); del d["active.fees.amount"]
H["004_datong_county_petition_bureau_2021"] = ("gov-2021", d)
# 006: l.3 四、结转下年度继续办理 0 x7; l.17 fifteen 0. Report year 2020 (page header) -> gov-2019.
H["006_district_audit_bureau_2020_pdfflip_p9"] = ("gov-2019", merge(row("carried_forward",[0]*7), seq15([0]*15)))
# 007: ends l.44 after the table 2 headers 本年新制作数量 (gov-2019); no value.
H["007_yaozhou_district_audit_bureau_2020"] = ("gov-2019", {})
# 009: l.18-21 规章 0 0 0; l.23-26 行政规范性文件 0 0 0; l.33-34 行政许可 0; ends l.41 "行".
H["009_chongqing_town_2022_splitcells"] = ("gov-2021", {k:0 for k in ["active.regulations.issued","active.regulations.repealed","active.regulations.in_force",
  "active.normative_documents.issued","active.normative_documents.repealed","active.normative_documents.in_force","active.licensing.decisions"]})
# 012: l.11-22: all 0 except 行政处罚 6; ends l.26 in headers.
d=dict(t21_active_zero); d["active.penalty.decisions"]=6
H["012_guyang_xiashihao_town_2022"] = ("gov-2021", d)
# 013: l.6-17 table 2: 行政规范性文件 5 1 25, rest 0; l.22-32 table 3.
d=dict(t21_active_zero); d.update({"active.normative_documents.issued":5,"active.normative_documents.repealed":1,"active.normative_documents.in_force":25})
H["013_shenzhen_longgang_dept_2024"] = ("gov-2021", merge(d,
  row("new",[58,7,0,0,1,0,66]), row("carried_over",[2,0,0,0,0,0,2]), row("granted",[2,1,0,0,0,0,3]),
  row("partially_granted",[16,1,0,0,0,0,17]), row("denied.state_secret",[0]*7), row("denied.prohibited_by_law",[0]*7),
  row("denied.security_stability",[0]*7), row("denied.third_party_rights",[0]*7), row("denied.internal_affairs",[1,0,0,0,0,0,1]),
  row("denied.process_information",[0]*7), row("denied.law_enforcement_files",[0,0,0,0,0,0,None])))
# 016: gov-2019 table 2 all 0 (l.14-76): regs/normative made,published,public_total; licensing/other_services/penalty/coercion
# previous_items,change,decisions; fees previous_items,change; procurement items,amount. Table 3 rows: 2 values + bar residue -> null.
t19_zero = {}
for r in ["regulations","normative_documents"]:
    for c in ["made","published","public_total"]: t19_zero[f"active.{r}.{c}"]=0
for r in ["licensing","other_services","penalty","coercion"]:
    for c in ["previous_items","change","decisions"]: t19_zero[f"active.{r}.{c}"]=0
t19_zero.update({"active.fees.previous_items":0,"active.fees.change":0,"active.procurement.items":0,"active.procurement.amount":0})
H["016_yueyang_nanhu_bureau_2019_pipelines"] = ("gov-2019", t19_zero)
# 018: l.6-21; l.26 new 2 0 0 0 0 0 2; l.27 carried_over "0 | 0 |" cut.
d=dict(t19_zero); d.update({"active.normative_documents.published":8,"active.normative_documents.public_total":8,
  "active.licensing.previous_items":716,"active.licensing.change":-417,"active.licensing.decisions":298,
  "active.penalty.previous_items":3,"active.penalty.change":6,"active.penalty.decisions":9})
H["018_wendeng_housing_bureau_2019_oldtemplate"] = ("gov-2019", merge(d, row("new",[2,0,0,0,0,0,2]), row("carried_over",[0,0])))
# 021: l.23-103; licensing 21 +19 40; procurement not printed (ends l.105 "第二十条").
d=dict(t19_zero); del d["active.procurement.items"]; del d["active.procurement.amount"]
d.update({"active.licensing.previous_items":21,"active.licensing.change":19,"active.licensing.decisions":40})
H["021_guangzhou_liwan_nanyuan_street_2020"] = ("gov-2019", d)
# 023: l.7-18 table 2 (normative 3 0 101); l.24-32 table 3 with empty cells.
d=dict(t21_active_zero); d.update({"active.normative_documents.issued":3,"active.normative_documents.in_force":101})
rows23 = row("new",[0,E,E,E,E,E,0])
for r in ["carried_over","granted","partially_granted","denied.state_secret","denied.prohibited_by_law","denied.security_stability",
          "denied.third_party_rights","denied.internal_affairs"]:
    rows23.update(row(r,[E,E,E,E,E,E,0]))
H["023_xuwen_county_bureau_split_header"] = ("gov-2021", merge(d, rows23))
# 027: l.25 label lost (blank) before 0 0 0 (l.27-31): not read; l.33-39 行政规范性文件 0 0 0; 许可 124; 处罚 0; 强制 0; 收费 0;
# table 3 l.101-149: new, carried_over, granted seven 0 each; ends l.151.
d=dict(t21_active_zero); d["active.licensing.decisions"]=124
for c in ["issued","repealed","in_force"]: del d[f"active.regulations.{c}"]
H["027_hanzhong_hantai_xuwang_town_2025_garbled"] = ("gov-2021", merge(d, row("new",[0]*7), row("carried_over",[0]*7), row("granted",[0]*7)))
# 033: l.12 规 章 0 0 0; ends l.13.
H["033_wanyuan_yudai_township_2024_spaced_label"] = ("gov-2021", {"active.regulations.issued":0,"active.regulations.repealed":0,"active.regulations.in_force":0})
