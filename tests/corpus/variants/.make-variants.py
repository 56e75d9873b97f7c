#!/usr/bin/env python3
"""Makes the variant reports of this directory from the seed reports in ../seeds.

Each variant changes only how a seed is written (line ends, BOM, encoding, table layout, the
order of the sections), never a number, so its values must equal the seed's: the unit test
tests/unit/test_corpus_runner.cpp (variant_values_equal_seed_values) checks that key by key.
The three digits a variant's name starts with name its seed.

Run from anywhere:  python3 tests/corpus/variants/.make-variants.py
then bless:         nianbao test tests/corpus/variants --update   (and review the diff)
"""
import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"


def seed(prefix):
    (path,) = SEEDS.glob(prefix + "_*.txt")
    return path.read_bytes().decode("utf-8")


def write(name, data):
    (HERE / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def is_table_line(line):
    return "\t" in line


def markdown_pipe_tables(text):
    """Every run of tab-separated lines becomes a markdown pipe table: `| a | b |`, with the
    `|---|` rule line after its first line, as document converters print tables. Empty cells
    stay empty (`|  |`); blank lines and prose are kept."""
    out = []
    in_table = False
    for line in text.split("\n"):
        if is_table_line(line):
            cells = line.split("\t")
            out.append("| " + " | ".join(cells) + " |")
            if not in_table:
                out.append("|" + "---|" * len(cells))
            in_table = True
        else:
            if line.strip():
                in_table = False
            out.append(line)
    return "\n".join(out)


def one_cell_per_line(text):
    """Seed 002 prints every cell on its own line ending in ` |`, and `|||` lines for empty
    (merged) cells. Here the pipes are gone: a cell per line, a blank line per empty cell."""
    out = []
    for line in text.split("\n"):
        if re.fullmatch(r"\|+", line.strip()):
            out.append("")
        else:
            out.append(re.sub(r"\s*\|$", "", line))
    return "\n".join(out)


def blank_value(text):
    """One value cell of table 3 left blank: 3.要求提供公开出版物, 自然人 (1 in seed 002)."""
    row = "3.要求提供公开出版物\n1\n"
    assert text.count(row) == 1
    return text.replace(row, "3.要求提供公开出版物\n\n")


def section_bounds(lines, heading):
    start = next(i for i, l in enumerate(lines) if l.strip() == heading)
    end = next(i for i in range(start + 1, len(lines)) if re.match(r"^[一二三四五六]、\S*情况$|^[五六]、", lines[i].strip()))
    return start, end


def table4_before_table3(text):
    """Sections 三 (table 3) and 四 (table 4) swapped: 四 comes first, then 三."""
    lines = text.split("\n")
    s3, e3 = section_bounds(lines, "三、收到和处理政府信息公开申请情况")
    s4, e4 = section_bounds(lines, "四、政府信息公开行政复议、行政诉讼情况")
    assert e3 == s4, (e3, s4)
    return "\n".join(lines[:s3] + lines[s4:e4] + lines[s3:e3] + lines[e4:])


def main():
    s000, s001, s002, s003, s004 = (seed(p) for p in ("000", "001", "002", "003", "004"))
    write("000-crlf.txt", s000.replace("\n", "\r\n"))
    write("000-cr.txt", s000.replace("\n", "\r"))
    write("000-table4-before-table3.txt", table4_before_table3(s000))
    write("001-bom.txt", b"\xef\xbb\xbf" + s001.encode("utf-8"))
    write("001-markdown-pipe-table.txt", markdown_pipe_tables(s001))
    write("001-table4-before-table3.txt", table4_before_table3(s001))
    write("002-one-cell-per-line.txt", one_cell_per_line(s002))
    write("002-one-cell-per-line-blank-value.txt", blank_value(one_cell_per_line(s002)))
    write("003-gb18030.txt", s003.encode("gb18030"))
    write("004-markdown-pipe-table.txt", markdown_pipe_tables(s004))
    write("004-utf16le-bom.txt", b"\xff\xfe" + s004.encode("utf-16-le"))


if __name__ == "__main__":
    main()
