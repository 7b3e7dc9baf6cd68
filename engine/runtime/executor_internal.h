// Private to the executor: the rows of a source and a rule's results.
#pragma once

#include "engine/runtime/executor.h"

namespace fundwatch::runtime {

struct Executor::Source {
  plan::SourceKind kind = plan::SourceKind::kTable;
  const std::vector<Record>* records = nullptr;
  const std::vector<uint8_t>* excluded = nullptr;  // null: raw (nothing skipped)
  const MaterializedRows* rows = nullptr;

  size_t size() const { return records != nullptr ? records->size() : rows->size(); }
  bool Skip(size_t i) const { return excluded != nullptr && (*excluded)[i] != 0; }
  Row At(size_t i) const {
    if (records != nullptr) {
      const Record& r = (*records)[i];
      return Row{&r, nullptr, static_cast<uint16_t>(r.size()), static_cast<uint32_t>(i), false};
    }
    return rows->At(static_cast<uint32_t>(i));
  }
};

struct Executor::RuleOutput {
  MaterializedRows rows;
  std::vector<std::vector<EvidenceRef>> evidence;
};

}  // namespace fundwatch::runtime
