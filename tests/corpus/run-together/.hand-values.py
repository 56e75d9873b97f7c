# Values of tests/corpus/run-together/*.txt as written (not read by nianbao), checked by ../.hand-check.py.
# Every key not listed must come out null: the rows whose runs the rules cannot split (see README.md).
import json, os
A = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
R = ["new", "carried_over", "granted", "partially_granted", "denied.state_secret", "denied.prohibited_by_law",
     "denied.security_stability", "denied.third_party_rights", "denied.internal_affairs", "denied.process_information",
     "denied.law_enforcement_files", "denied.administrative_query", "unavailable.not_held", "unavailable.needs_creation",
     "unavailable.unclear_after_correction", "not_processed.petition_complaint", "not_processed.repeated",
     "not_processed.publication", "not_processed.excessive", "not_processed.confirmation", "other.overdue_correction",
     "other.overdue_fee", "other.other", "total", "carried_forward"]
G = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]
O = ["upheld", "corrected", "other", "pending", "total"]
here = os.path.dirname(os.path.abspath(__file__))

def seed(name, null_prefixes):
    """A seed's values (its expected file, checked by hand against the seed), rendered run together by
    scripts/render-run-together.py; the keys under null_prefixes are the rows left null as ambiguous."""
    with open(os.path.join(here, "..", "seeds", name + ".expected.json"), encoding="utf-8") as f:
        values = json.load(f)["values"]
    return {k: v for k, v in values.items() if v is not None and not any(k.startswith(p) for p in null_prefixes)}

# issue-examples-2023: table 3 with every rule holding; 行政规范性文件5225 left null (three splits, no rule decides).
issue = {"active.regulations.issued": 0, "active.regulations.repealed": 0, "active.regulations.in_force": 0,
         "active.licensing.decisions": 1234, "active.penalty.decisions": 56, "active.coercion.decisions": 0,
         "active.fees.amount": 739.0766}
rows = {r: [0] * 7 for r in R}
rows["new"] = [80, 1, 0, 0, 0, 0, 81]
rows["carried_over"] = [2, 0, 0, 0, 0, 0, 2]
rows["granted"] = [50, 1, 0, 0, 0, 0, 51]
rows["partially_granted"] = [10, 0, 0, 0, 0, 0, 10]
rows["unavailable.not_held"] = [12, 0, 0, 0, 0, 0, 12]
rows["not_processed.repeated"] = [7, 0, 0, 0, 0, 0, 7]
rows["total"] = [79, 1, 0, 0, 0, 0, 80]
rows["carried_forward"] = [3, 0, 0, 0, 0, 0, 3]
for r, vs in rows.items():
    for c, v in zip(A, vs):
        issue[f"requests.{r}.{c}"] = v
for g, vs in zip(G, [[10, 2, 0, 1, 13], [0] * 5, [0] * 5]):
    for o, v in zip(O, vs):
        issue[f"review.{g}.{o}"] = v
# pathological-runs: the same, with a run of 5,000 digits (no number: the row is null) and one of 300
# (no split into seven cells of at most nine digits) in place of 一、 and 二、.
patho = {k: v for k, v in issue.items() if not k.startswith(("requests.new.", "requests.carried_over."))}

H = {
    "issue-examples-2023": ("gov-2021", issue),
    "pathological-runs": ("gov-2021", patho),
    "seed-000-rows": ("gov-2021", seed("000_7309f594a2168ba9", [])),
    "seed-000-one-line": ("gov-2021", seed("000_7309f594a2168ba9", [])),
    "seed-001-tables": ("gov-2021", seed("001_b567e4114b5ffb79", ["active.normative_documents.", "review."])),
    "seed-002-tables": ("gov-2021", seed("002_bd575b38e5e6b191", [])),
    "seed-004-rows": ("gov-2021", seed("004_123f89bb2f6c6569", ["active.normative_documents."])),
}
