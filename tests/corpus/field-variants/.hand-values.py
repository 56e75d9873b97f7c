# Values read by hand off tests/corpus/field-variants/*.txt (not from nianbao), checked by ../.hand-check.py.
A=["natural_person","commercial","research","social_welfare","legal_services","other_org","total"]
R21=["new","carried_over","granted","partially_granted","denied.state_secret","denied.prohibited_by_law","denied.security_stability",
 "denied.third_party_rights","denied.internal_affairs","denied.process_information","denied.law_enforcement_files","denied.administrative_query",
 "unavailable.not_held","unavailable.needs_creation","unavailable.unclear_after_correction","not_processed.petition_complaint",
 "not_processed.repeated","not_processed.publication","not_processed.excessive","not_processed.confirmation",
 "other.overdue_correction","other.overdue_fee","other.other","total","carried_forward"]
R19=R21[:20]+["other","total","carried_forward"]
def P(s):  # "38 6 E 1 1 1 47" -> list
    return [None if x=="-" else ("E" if x=="E" else float(x)) for x in s.split()]
def table3(rows, lines):
    out={}
    for r,l in zip(rows, lines):
        if l is None: continue
        for c,v in zip(A,P(l)):
            if v is not None: out[f"requests.{r}.{c}"]=v
    return out
def seq15(s):
    out={}; vals=P(s); i=0
    for g in ["reconsideration","litigation_direct","litigation_after_reconsideration"]:
        for c in ["upheld","corrected","other","pending","total"]:
            if i < len(vals) and vals[i] is not None: out[f"review.{g}.{c}"]=vals[i]
            i+=1
    return out
def active21(regs, norm, lic, pen, coe, fee):
    d={}
    for name,s,cols in [("regulations",regs,["issued","repealed","in_force"]),("normative_documents",norm,["issued","repealed","in_force"])]:
        if s is None: continue
        for c,v in zip(cols,P(s)):
            if v is not None: d[f"active.{name}.{c}"]=v
    for k,s in [("licensing.decisions",lic),("penalty.decisions",pen),("coercion.decisions",coe),("fees.amount",fee)]:
        if s is not None:
            v=P(s)[0]
            if v is not None: d["active."+k]=v
    return d
def active19(rows):  # dict name -> string
    cols={"regulations":["made","published","public_total"],"normative_documents":["made","published","public_total"],
      "licensing":["previous_items","change","decisions"],"other_services":["previous_items","change","decisions"],
      "penalty":["previous_items","change","decisions"],"coercion":["previous_items","change","decisions"],
      "fees":["previous_items","change"],"procurement":["items","amount"]}
    d={}
    for name,s in rows.items():
        for c,v in zip(cols[name],P(s)):
            if v is not None: d[f"active.{name}.{c}"]=v
    return d
def M(*ds):
    o={}
    for x in ds: o.update(x)
    return o
H={}
# ---- the "47" 2021 set, in pipe-cells-lines-2022 (empties read off the text, l.60-289)
H["pipe-cells-lines-2022"]=("gov-2021", M(active21("0 0 0","4 1 37","1326","58","3","12.35"), table3(R21,[
 "38 6 E 1 1 1 47","5 0 E E 0 0 5","21 3 E 1 0 0 25","4 1 E E 0 0 5",
 "0 0 E E 0 0 0","0 0 E E 0 0 0","0 0 E E 0 0 0","1 0 E E 0 0 1","0 0 E E 0 0 0","2 0 E E 0 0 2","0 0 E E 0 0 0","0 0 E E 0 0 0",
 "9 2 E E 1 0 12","0 0 E E 0 0 0","0 0 E E 0 0 0","0 0 E E 0 0 0","3 0 E E 0 0 3","0 0 E E 0 0 0","0 0 E E 0 0 0","0 0 E E 0 0 0",
 "0 0 E E 0 0 0","0 0 E E 0 0 0","1 0 E E 0 1 2","41 6 E 1 1 1 50","2 0 E E 0 0 2"]), seq15("2 1 0 0 3 1 0 0 1 2 0 0 0 0 0")))
z="E E E E E E 0"
H["pipe-rows-empty-cells-2023"]=("gov-2021", M(active21("0 0 0","4 1 37","1326","58","3","12.35"), table3(R21,[
 "38 6 E 1 1 1 47","5 E E E E E 5","21 3 E 1 E E 25","4 1 E E E E 5",
 z,z,z,"1 E E E E E 1",z,"2 E E E E E 2",z,z,
 "9 2 E E 1 E 12",z,z,z,"3 E E E E E 3",z,z,z,
 z,z,"1 E E E E 1 2","41 6 E 1 1 1 50","2 E E E E E 2"]), seq15("2 1 0 0 3 1 0 0 1 2 0 0 0 0 0")))
# l.5-45 only: table 2 without the fees (cut in its header)
H["split-rows-2021-truncated"]=("gov-2021", active21("0 0 0","4 1 37","1326","58","3",None))
# l.10-81: 行政规范性文件 4 (blank) 37; table 3 through 1.属于国家秘密 "0" + one blank (l.81-82), then the end.
H["lines-empty-cells-2024-truncated"]=("gov-2021", M(
 {k:v for k,v in active21("0 0 0","4 E 37","1326","58","3","12.35").items()},
 table3(R21,["38 6 E 1 1 1 47","5 E E E E E 5","21 3 E 1 E E 25","4 1 E E E E 5","0 E"])))
# ---- the "19" 2019 set
a19=active19({"regulations":"0 0 0","normative_documents":"2 2 15","licensing":"87 -5 1203","other_services":"12 3 340",
  "penalty":"6 0 41","coercion":"2 -1 0","fees":"4 -4","procurement":"7 56.8"})
zz="0 0 0 0 0 0 0"
t19=table3(R19,["16 3 0 0 0 0 19","2 0 0 0 0 0 2","10 2 0 0 0 0 12","1 0 0 0 0 0 1",zz,zz,zz,zz,zz,zz,zz,zz,
 "3 1 0 0 0 0 4",zz,zz,"2 0 0 0 0 0 2",zz,zz,zz,zz,"1 0 0 0 0 0 1","17 3 0 0 0 0 20","1 0 0 0 0 0 1"])
s19=seq15("1 0 0 1 2 0 1 0 0 1 0 0 0 0 0")
for n in ["plain-pdf-2019-template","lines-blank-2019-template","pipe-lines-2019-template"]:
    H[n]=("gov-2019", M(a19,t19,s19))
H["pipe-rows-2019-truncated"]=("gov-2019", M(a19, table3(R19,["16 3 0 0 0 0 19","2 0 0 0 0 0 2","10 2 0 0 0 0 12","1 0 0"])))
H["table4-only-2020"]=("gov-2019", M(table3(["carried_forward"],[zz]), seq15("1 0 0 0 1 0 0 0 0 0 0 0 0 0 0")))
H["table4-only-2022"]=("gov-2021", M(table3(["carried_forward"],[zz]), seq15("1 0 0 0 1 0 0 0 0 0 0 0 0 0 0")))
# ---- Variants made for this corpus (written by .make-variants.py from these printed cells) ----
# Each: template, the cells as printed (strings: a number as printed, a placeholder, "" for an
# empty cell), and for a cut report how much of it was printed. The truth below was written by
# hand first (tables 3 and 4 add up); .make-variants.py renders it in a field layout, and
# ../.hand-check.py checks that nianbao reads back exactly these cells.
ROWS21 = ["new","carried_over","granted","partially_granted","denied.state_secret","denied.prohibited_by_law",
 "denied.security_stability","denied.third_party_rights","denied.internal_affairs","denied.process_information",
 "denied.law_enforcement_files","denied.administrative_query","unavailable.not_held","unavailable.needs_creation",
 "unavailable.unclear_after_correction","not_processed.petition_complaint","not_processed.repeated",
 "not_processed.publication","not_processed.excessive","not_processed.confirmation","other.overdue_correction",
 "other.overdue_fee","other.other","total","carried_forward"]
ROWS19 = ROWS21[:20] + ["other","total","carried_forward"]
ACTIVE21 = [("regulations",["issued","repealed","in_force"]),("normative_documents",["issued","repealed","in_force"]),
 ("licensing",["decisions"]),("penalty",["decisions"]),("coercion",["decisions"]),("fees",["amount"])]
ACTIVE19 = [("regulations",["made","published","public_total"]),("normative_documents",["made","published","public_total"]),
 ("licensing",["previous_items","change","decisions"]),("other_services",["previous_items","change","decisions"]),
 ("penalty",["previous_items","change","decisions"]),("coercion",["previous_items","change","decisions"]),
 ("fees",["previous_items","change"]),("procurement",["items","amount"])]
PLACEHOLDERS = {"/","／","-","--","—","——","－","无","不适用","N/A","空"}
def S(s): return ["" if x == "_" else x for x in s.split(" ")] if s else []  # "_": an empty cell
def Z(n=7): return ["0"]*n

NEW = {
 # pipe rows as field 013/033, complete, 2022: placeholders in table 2 (规章 / / /, 行政处罚 —)
 # and in table 3 (一、本年新收 科研机构 无), a grouped number 1,024, a decimal fee.
 "pipe-rows-2021-placeholders": dict(template="gov-2021", agency="某市交通运输局", year=2022,
   active=[S("/ / /"), S("2 0 14"), S("1,024"), S("—"), S("0"), S("3.6")],
   t3=[S("30 4 无 1 0 2 37"), S("3 1 0 0 0 0 4"), S("15 2 0 1 0 1 19"), S("5 1 0 0 0 0 6"), Z(), S("1 0 0 0 0 0 1"), Z(),
       S("2 0 0 0 0 0 2"), Z(), S("1 0 0 0 0 1 2"), Z(), S("1 0 0 0 0 0 1"), S("4 1 0 0 0 0 5"), S("1 0 0 0 0 0 1"), Z(),
       Z(), S("1 0 0 0 0 0 1"), Z(), Z(), Z(), S("1 0 0 0 0 0 1"), Z(), S("0 1 0 0 0 0 1"), S("32 5 0 1 0 2 40"),
       S("1 0 0 0 0 0 1")],
   review=S("2 1 0 1 4 1 0 0 0 1 0 0 0 1 1")),
 # rows split over lines as field 009, complete, in the 2021 template although the title says
 # 2020: the headers and rows decide, the year is only a hint.
 "split-rows-2021-template-year-2020": dict(template="gov-2021", agency="某镇人民政府", year=2020,
   active=[S("0 0 0"), S("0 0 3"), S("12"), S("0"), S("0"), S("0")],
   t3=[S("5 0 0 0 0 0 5"), Z(), S("3 0 0 0 0 0 3"), Z(), Z(), Z(), Z(), Z(), S("1 0 0 0 0 0 1"), Z(), Z(), Z(), Z(), Z(),
       Z(), S("1 0 0 0 0 0 1"), Z(), Z(), Z(), Z(), Z(), Z(), Z(), S("5 0 0 0 0 0 5"), Z()],
   review=Z(15)),
 # pipe rows with empty cells as field 023, the 2019 template in a report for 2021 that never
 # switched: 2019 headers, one (六)其他处理 row, signed changes; zeros of the applicant columns
 # printed as empty cells.
 "pipe-cells-2019-template-year-2021": dict(template="gov-2019", agency="某区卫生健康局", year=2021,
   active=[S("0 0 0"), S("1 1 9"), S("230 +12 515"), S("45 -3 1,880"), S("17 0 96"), S("3 -2 5"), S("2 0"), S("4 86.25")],
   t3=[S("9 2 _ _ 1 _ 12"), S("1 _ _ _ _ _ 1"), S("4 1 _ _ _ _ 5"), S("2 _ _ _ _ _ 2")] + [S("_ _ _ _ _ _ 0")]*3 +
      [S("1 _ _ _ _ _ 1")] + [S("_ _ _ _ _ _ 0")]*4 + [S("2 _ _ _ 1 _ 3")] + [S("_ _ _ _ _ _ 0")]*7 +
      [S("1 1 _ _ _ _ 2"), S("10 2 _ _ 1 _ 13"), S("_ _ _ _ _ _ 0")],
   review=S("1 0 0 0 1 0 0 0 0 0 0 0 0 0 0")),
 # one cell per line ending in " |" with "|" lines between rows, as field 016, complete 2020:
 # the change printed with a minus sign U+2212 (−86), placeholders —— for a whole row, a grouped
 # decimal amount 1,250.5.
 "pipe-lines-2019-signed-changes": dict(template="gov-2019", agency="某县市场监督管理局", year=2020,
   active=[S("0 0 0"), S("3 3 27"), S("1,502 −86 2,941"), S("—— —— ——"), S("120 +15 133"), S("8 -1 7"), S("5 -5"),
           S("12 1,250.5")],
   t3=[S("54 6 1 0 2 3 66"), S("4 0 0 0 0 1 5"), S("30 3 1 0 1 1 36"), S("6 1 0 0 0 0 7"), S("1 0 0 0 0 0 1"), Z(), Z(),
       S("2 0 0 0 0 0 2"), S("1 0 0 0 0 0 1"), S("3 1 0 0 0 0 4"), S("2 0 0 0 0 1 3"), S("1 0 0 0 0 0 1"),
       S("5 1 0 0 1 0 7"), S("2 0 0 0 0 0 2"), Z(), S("3 0 0 0 0 1 4"), S("1 0 0 0 0 0 1"), Z(), Z(), Z(),
       S("0 0 0 0 0 1 1"), S("57 6 1 0 2 4 70"), S("1 0 0 0 0 0 1")],
   review=S("3 1 0 0 4 2 0 1 0 3 0 1 0 1 2")),
 # one cell per line with blank lines between, as field 021/027, 2024, cut inside table 4 after
 # twelve of its fifteen values: those twelve are read in order, the last three are null.
 "blank-lines-2021-cut-in-table4": dict(template="gov-2021", agency="某街道办事处", year=2024,
   active=[S("0 0 0"), S("6 2 40"), S("356"), S("47"), S("2"), S("0.85")],
   t3=[S("20 5 0 2 0 0 27"), S("2 0 0 0 0 0 2"), S("10 2 0 1 0 0 13"), S("3 1 0 0 0 0 4"), Z(), Z(), S("1 0 0 0 0 0 1"),
       Z(), Z(), S("2 0 0 0 0 0 2"), Z(), Z(), S("3 1 0 1 0 0 5"), S("1 0 0 0 0 0 1"), Z(), Z(), Z(), Z(),
       S("1 0 0 0 0 0 1"), Z(), Z(), Z(), S("1 1 0 0 0 0 2"), S("22 5 0 2 0 0 29"), Z()],
   review=S("1 0 0 1 2 1 1 0 0 2 0 0"), cut=True),
 # one page of PDF text, as field 006, of a 2023 report: it starts inside table 3 at
 # 5.属于三类内部事务信息 (no heading), the three (六) rows with the parent label on the first and
 # a label wrapped over two lines, table 4 under one-character-per-line headers.
 "plain-pdf-2021-page": dict(template="gov-2021", agency="某区应急管理局", year=2023, first_t3_row=8,
   active=None,
   t3=[None]*8 + [Z(), S("1 0 0 0 0 0 1"), Z(), Z(), S("2 0 0 0 0 0 2"), Z(), S("1 0 0 0 0 0 1"), Z(), Z(), Z(), Z(), Z(),
       Z(), Z(), S("0 1 0 0 0 0 1"), S("8 2 0 0 0 1 11"), S("1 0 0 0 0 0 1")],
   review=S("0 0 0 0 0 0 0 0 0 0 1 0 0 0 1")),
}

A7=["natural_person","commercial","research","social_welfare","legal_services","other_org","total"]
def cell_value(s):
    if s == "": return "E"
    if s in PLACEHOLDERS: return ("P", s)
    return float(s.replace(",", "").replace("\u2212", "-").replace("+", ""))
def truth(v):
    out = {}
    rows, active = (ROWS21, ACTIVE21) if v["template"] == "gov-2021" else (ROWS19, ACTIVE19)
    if v["active"]:
        for (name, cols), cells in zip(active, v["active"]):
            for c, s in zip(cols, cells): out[f"active.{name}.{c}"] = cell_value(s)
    for r, cells in zip(rows, v["t3"]):
        if cells is None: continue
        for c, s in zip(A7, cells): out[f"requests.{r}.{c}"] = cell_value(s)
    i = 0
    for g in ["reconsideration","litigation_direct","litigation_after_reconsideration"]:
        for c in ["upheld","corrected","other","pending","total"]:
            if i < len(v["review"]): out[f"review.{g}.{c}"] = cell_value(v["review"][i])
            i += 1
    return out
for _name, _v in NEW.items():
    H[_name] = (_v["template"], truth(_v))
