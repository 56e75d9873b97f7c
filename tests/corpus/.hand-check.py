#!/usr/bin/env python3
"""Compares nianbao's reading of a corpus with the values read off each text by hand.

Usage: .hand-check.py NIANBAO CORPUS_DIR   (the hand readings are CORPUS_DIR/.hand-values.py)

.hand-values.py defines H = {case: (template, {key: value})}: value is a number, "E" for an empty
cell, or ("P", raw) for a placeholder. Every key not listed must come out null, with no entry in
"cells". Exit status 1 when any case differs.
"""
import importlib.util
import json
import subprocess
import sys

nianbao, corpus = sys.argv[1], sys.argv[2]
spec = importlib.util.spec_from_file_location("hand", f"{corpus}/.hand-values.py")
hand = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hand)

bad = 0
for name, (template, expected) in sorted(hand.H.items()):
    out = subprocess.run([nianbao, "parse", f"{corpus}/{name}.txt"], capture_output=True, text=True).stdout
    d = json.loads(out)
    errs = []
    if d["template"] != template:
        errs.append(f"template {d['template']}, by hand {template}")
    for key, value in d["values"].items():
        exp, cell = expected.get(key), d["cells"].get(key)
        if exp is None:
            if value is not None or cell is not None:
                errs.append(f"{key}: not printed, but read as {value} {cell}")
        elif exp == "E":
            if value is not None or not cell or cell["kind"] != "empty":
                errs.append(f"{key}: an empty cell, read as {value} {cell}")
        elif isinstance(exp, tuple):
            if value is not None or not cell or cell["kind"] != "placeholder" or cell["raw"] != exp[1]:
                errs.append(f"{key}: placeholder {exp[1]!r}, read as {value} {cell}")
        elif value is None or float(value) != float(exp):
            errs.append(f"{key}: {exp} by hand, read as {value}")
    errs += [f"{k}: not a key of {d['template']}" for k in expected if k not in d["values"]]
    print(("ok   " if not errs else "DIFF ") + name)
    for e in errs:
        print("     " + e)
    bad += bool(errs)
sys.exit(1 if bad else 0)
