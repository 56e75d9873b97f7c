#pragma once
// An .xlsx workbook of records (libxlsxwriter), for people who live in Excel: a sheet 报告 (one
// row per record: path, template, status, agency, year, the division's codes and names, counts),
// one sheet per table of the templates, named by the table's heading (主动公开政府信息情况, ...),
// with a row per record and a column per key, and a sheet 指标 with the measures. Each sheet has
// two header rows: the Chinese labels (row label · column label, with the unit), then the
// canonical keys; the panes are frozen below them. A cell with no number is left empty (a
// placeholder is never 0).
#include <memory>
#include <string>
#include <vector>

#include "record/record.hpp"
#include "write/record_sink.hpp"

namespace nianbao::xlsx {

struct template_sheets {
  const model::template_model* model = nullptr;
  const measures::measure_set* measures = nullptr;  // may be null
};

class xlsx_writer final : public write::record_sink {
 public:
  // Throws nianbao::diagnostic_error (code "io") when the file cannot be created.
  xlsx_writer(const std::string& file, const std::vector<template_sheets>& templates);
  ~xlsx_writer() override;  // closes (errors are lost: call finish())
  xlsx_writer(const xlsx_writer&) = delete;
  xlsx_writer& operator=(const xlsx_writer&) = delete;

  void write(const pipeline::record& r) override;
  // Writes the file. Throws diagnostic_error (code "io") on error.
  void finish() override;

 private:
  struct impl;
  std::unique_ptr<impl> p_;
};

}  // namespace nianbao::xlsx
