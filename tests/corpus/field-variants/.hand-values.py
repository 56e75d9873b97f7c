# Values read by hand off tests/corpus/field-variants/*.txt (not from nianbao), checked by .hand-check.py.
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
