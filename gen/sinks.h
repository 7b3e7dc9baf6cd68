// Sinks: the generator's TableWriters by table, plus the latest event time
// seen (the fields the as-of time is computed from). RecordBuilder formats one
// CSV record field by field straight into a reused buffer (the background's
// hot path: no per-field allocation) and hands it to a table's writer.
// Not thread-safe.
#pragma once

#include <array>
#include <charconv>
#include <string>
#include <string_view>

#include "gen/civil_time.h"
#include "gen/csv_text.h"
#include "gen/fixed_decimal.h"
#include "gen/table_writer.h"

namespace fundwatch::gen {

struct Sinks {
  std::array<TableWriter*, kTableCount> writers{};
  Seconds latest_event = 0;

  TableWriter& operator[](Table t) { return *writers[Index(t)]; }
  void SawEvent(Seconds t) {
    if (t > latest_event) latest_event = t;
  }
};

class RecordBuilder {
 public:
  explicit RecordBuilder(Sinks& sinks) : sinks_(sinks) { buf_.reserve(512); }

  RecordBuilder& Begin() {
    buf_.clear();
    first_ = true;
    return *this;
  }
  RecordBuilder& Str(std::string_view v) {
    Sep();
    AppendField(buf_, v);
    return *this;
  }
  RecordBuilder& Int(int64_t v) {
    Sep();
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof(tmp), v);
    buf_.append(tmp, static_cast<size_t>(r.ptr - tmp));
    return *this;
  }
  RecordBuilder& Money(Fixed v, int min_places = 2) {
    Sep();
    AppendFixed(buf_, v, min_places);
    return *this;
  }
  // An event time (counts toward the as-of time) or a plain time.
  RecordBuilder& EventTime(Seconds t) {
    sinks_.SawEvent(t);
    return Time(t);
  }
  RecordBuilder& Time(Seconds t) {
    Sep();
    AppendTime(buf_, t);
    return *this;
  }
  RecordBuilder& Date(Days d) {
    Sep();
    AppendDate(buf_, d);
    return *this;
  }
  RecordBuilder& Null() {
    Sep();
    return *this;
  }
  void EmitTo(Table t) { sinks_[t].Add(buf_); }

 private:
  void Sep() {
    if (!first_) buf_.push_back(',');
    first_ = false;
  }
  Sinks& sinks_;
  std::string buf_;
  bool first_ = true;
};

}  // namespace fundwatch::gen
