#include "xlsx/xlsx_writer.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <map>

#include "core/diagnostic.hpp"
#include "core/utf8.hpp"
#include "model/key_dictionary.hpp"

namespace nianbao::xlsx {

namespace {


struct column {
  std::string key;
  std::string label;  // 行 · 列（单位）
};

// Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules).
std::string sheet_name(std::string s) {
  for (auto& c : s)
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '_';
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size() && chars < 31; ++chars) {
    const std::size_t n = std::max<std::size_t>(1, utf8_sequence_length(s, i));
    out += s.substr(i, n);
    i += n;
  }
  return out;
}

const char* kReportColumns[][2] = {
    {"path", "文件"},          {"template", "模板"},         {"status", "解析状态"},
    {"agency", "机关"},        {"year", "年度"},             {"region_code", "行政区划代码"},
    {"province", "省级"},      {"prefecture", "地级"},       {"county", "县级"},
    {"township", "乡级"},      {"agency_kind", "机关类别"},  {"department", "部门"},
    {"rule_failures", "未通过规则数"}, {"warnings", "警告数"}, {"errors", "错误"},
};

}  // namespace

struct xlsx_writer::impl {
  std::string file;
  lxw_workbook* book = nullptr;
  lxw_format* header = nullptr;
  lxw_format* key_header = nullptr;
  lxw_worksheet* reports = nullptr;
  struct table_sheet {
    std::string id;
    lxw_worksheet* sheet = nullptr;
    std::vector<column> columns;
  };
  std::vector<table_sheet> tables;
  lxw_worksheet* measures_sheet = nullptr;
  std::vector<column> measure_columns;
  lxw_row_t row = 2;  // the next record's row (two header rows)

  void check(lxw_error e, const char* what) {
    if (e != LXW_NO_ERROR) throw diagnostic_error(file_error(file, "io", std::string(what) + ": " + lxw_strerror(e)));
  }

  void headers(lxw_worksheet* ws, const std::vector<std::pair<std::string, std::string>>& lead,
               const std::vector<column>& cols) {
    lxw_col_t c = 0;
    for (const auto& [key, label] : lead) {
      worksheet_write_string(ws, 0, c, label.c_str(), header);
      worksheet_write_string(ws, 1, c, key.c_str(), key_header);
      ++c;
    }
    for (const auto& col : cols) {
      worksheet_write_string(ws, 0, c, col.label.c_str(), header);
      worksheet_write_string(ws, 1, c, col.key.c_str(), key_header);
      ++c;
    }
    worksheet_freeze_panes(ws, 2, static_cast<lxw_col_t>(lead.size()));
    worksheet_set_row(ws, 0, 48, header);
  }
};

xlsx_writer::xlsx_writer(const std::string& file, const std::vector<template_sheets>& templates)
    : p_(std::make_unique<impl>()) {
  p_->file = file;
  p_->book = workbook_new(file.c_str());
  if (!p_->book) throw diagnostic_error(file_error(file, "io", "cannot create the workbook"));
  p_->header = workbook_add_format(p_->book);
  format_set_bold(p_->header);
  format_set_text_wrap(p_->header);
  format_set_bg_color(p_->header, 0xEEF2F8);
  p_->key_header = workbook_add_format(p_->book);
  format_set_font_color(p_->key_header, 0x777777);

  // Tables in the first template's order; a key of several templates is one column.
  std::map<std::string, std::size_t> table_of;
  std::map<std::string, bool> seen;
  std::map<std::string, std::string> sheet_names;
  for (const auto& t : templates) {
    for (const auto& spec : t.model->tables)
      if (!table_of.count(spec.id)) {
        table_of[spec.id] = p_->tables.size();
        p_->tables.push_back({spec.id, nullptr, {}});
        sheet_names[spec.id] = sheet_name(spec.headings.empty() ? spec.id : spec.headings.front());
      }
    for (const auto& e : model::key_entries(*t.model)) {
      if (!seen.emplace(e.key, true).second) continue;
      p_->tables[table_of[e.table]].columns.push_back({e.key, model::key_heading(e)});
    }
    if (t.measures)
      for (const auto& m : t.measures->measures())
        if (std::none_of(p_->measure_columns.begin(), p_->measure_columns.end(), [&](const column& c) { return c.key == m.id; }))
          p_->measure_columns.push_back({m.id, m.label});
  }
  std::vector<std::pair<std::string, std::string>> report_lead;
  for (const auto& c : kReportColumns) report_lead.emplace_back(c[0], c[1]);
  const std::vector<std::pair<std::string, std::string>> lead = {
      {"path", "文件"}, {"agency", "机关"}, {"year", "年度"}, {"region_code", "行政区划代码"}};
  p_->reports = workbook_add_worksheet(p_->book, "报告");
  p_->headers(p_->reports, report_lead, {});
  for (auto& t : p_->tables) {
    t.sheet = workbook_add_worksheet(p_->book, sheet_names[t.id].c_str());
    if (!t.sheet) throw diagnostic_error(file_error(file, "io", "cannot add the sheet " + sheet_names[t.id]));
    p_->headers(t.sheet, lead, t.columns);
  }
  p_->measures_sheet = workbook_add_worksheet(p_->book, "指标");
  p_->headers(p_->measures_sheet, lead, p_->measure_columns);
}

xlsx_writer::~xlsx_writer() {
  try {
    finish();
  } catch (...) {
  }
}

void xlsx_writer::write(const pipeline::record& r) {
  auto& p = *p_;
  if (!p.book) return;
  const lxw_row_t row = p.row++;
  auto text = [&](lxw_worksheet* ws, lxw_col_t c, const std::string& s) {
    if (!s.empty()) worksheet_write_string(ws, row, c, s.c_str(), nullptr);
  };
  auto number = [&](lxw_worksheet* ws, lxw_col_t c, double x) { worksheet_write_number(ws, row, c, x, nullptr); };
  const region::division* place = r.region ? r.region->most_specific() : nullptr;
  const std::string code = place ? place->code : std::string();
  auto name = [](const region::division* d) { return d ? d->name : std::string(); };
  std::string errors;
  for (const auto& e : r.errors) errors += (errors.empty() ? "" : " | ") + e.message;
  text(p.reports, 0, r.path);
  text(p.reports, 1, r.model ? r.model->id : "");
  text(p.reports, 2, pipeline::to_string(r.status));
  text(p.reports, 3, r.info.agency);
  if (r.info.year) number(p.reports, 4, r.info.year);
  text(p.reports, 5, code);
  if (r.region) {
    text(p.reports, 6, name(r.region->province));
    text(p.reports, 7, name(r.region->prefecture));
    text(p.reports, 8, name(r.region->county));
    text(p.reports, 9, name(r.region->township));
    text(p.reports, 10, region::to_string(r.region->kind));
    text(p.reports, 11, r.region->department);
  }
  if (r.checks) number(p.reports, 12, static_cast<double>(r.checks->failed));
  number(p.reports, 13, static_cast<double>(r.warnings.size()));
  text(p.reports, 14, errors);

  auto lead = [&](lxw_worksheet* ws) {
    text(ws, 0, r.path);
    text(ws, 1, r.info.agency);
    if (r.info.year) number(ws, 2, r.info.year);
    text(ws, 3, code);
  };
  for (auto& t : p.tables) {
    lead(t.sheet);
    if (!r.model) continue;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      auto it = r.model->key_index.find(t.columns[c].key);
      if (it == r.model->key_index.end() || it->second >= r.values.size()) continue;
      const value& v = r.values[it->second];
      if (v.kind == cell_kind::number) number(t.sheet, static_cast<lxw_col_t>(4 + c), v.number);
    }
  }
  lead(p.measures_sheet);
  if (r.measure_defs)
    for (std::size_t i = 0; i < r.measure_defs->size() && i < r.measures.size(); ++i) {
      if (!r.measures[i].value) continue;
      for (std::size_t c = 0; c < p.measure_columns.size(); ++c)
        if (p.measure_columns[c].key == r.measure_defs->measures()[i].id)
          number(p.measures_sheet, static_cast<lxw_col_t>(4 + c), *r.measures[i].value);
    }
}

void xlsx_writer::finish() {
  if (!p_->book) return;
  lxw_workbook* book = p_->book;
  p_->book = nullptr;
  p_->check(workbook_close(book), "cannot write the workbook");
}

}  // namespace nianbao::xlsx
