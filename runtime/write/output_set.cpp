#include "write/output_set.hpp"

#include <iostream>

#include "core/diagnostic.hpp"

namespace nianbao::write {

std::ostream& output_set::stream(const std::string& destination) {
  if (destination == "-") return std::cout;
  auto& out = streams_.emplace_back(file(destination), std::ios::binary | std::ios::trunc);
  if (!out) throw diagnostic_error(file_error(destination, "io", "cannot write the output file"));
  return out;
}

const std::string& output_set::file(const std::string& destination) { return files_.emplace_back(destination).path(); }

void output_set::add(std::unique_ptr<record_sink> sink) { sinks_.push_back(std::move(sink)); }

void output_set::write(const pipeline::record& r) {
  try {
    for (auto& s : sinks_) s->write(r);
  } catch (const diagnostic_error& e) {
    throw about_destination(e);
  }
}

void output_set::finish() {
  try {
    for (auto& s : sinks_) s->finish();
  } catch (const diagnostic_error& e) {
    throw about_destination(e);
  }
  for (auto& out : streams_) {
    out.close();
    streams_written_ = streams_written_ && !out.fail();
  }
}

diagnostic_error output_set::about_destination(const diagnostic_error& e) const {
  for (const auto& f : files_) {
    if (e.diag().file != f.path()) continue;
    auto d = e.diag();
    d.file = f.destination();
    return diagnostic_error(std::move(d));
  }
  return e;
}

void output_set::commit() {
  for (auto& f : files_) f.commit();
}

}  // namespace nianbao::write
