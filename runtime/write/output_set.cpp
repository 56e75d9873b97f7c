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
  for (auto& s : sinks_) s->write(r);
}

void output_set::finish() {
  for (auto& s : sinks_) s->finish();
  for (auto& out : streams_) {
    out.close();
    streams_written_ = streams_written_ && !out.fail();
  }
}

void output_set::commit() {
  for (auto& f : files_) f.commit();
}

}  // namespace nianbao::write
