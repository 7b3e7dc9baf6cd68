#include "engine/runtime/partition_plan.h"

#include <algorithm>

#include "engine/common/hash.h"
#include "engine/runtime/event_order.h"
#include "engine/runtime/executor.h"
#include "engine/runtime/executor_internal.h"
#include "engine/runtime/row.h"

namespace fundwatch::runtime {

namespace {

// A number as eight bytes that compare, as bytes, like the numbers.
void AppendOrderedNumber(std::string* out, int64_t n) {
  const uint64_t u = static_cast<uint64_t>(n) ^ (uint64_t{1} << 63);
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>((u >> shift) & 0xFF));
}

// A text that compares, as bytes, like the text, and ends where it ends:
// each 0x00 is written 0x00 0xFF, and the text ends with 0x00 0x00.
void AppendOrderedText(std::string* out, std::string_view text) {
  // Codes hold no 0x00: most texts go in whole.
  for (size_t zero; (zero = text.find('\0')) != std::string_view::npos; text.remove_prefix(zero + 1)) {
    out->append(text.data(), zero + 1);
    out->push_back('\xFF');
  }
  out->append(text);
  out->append(2, '\0');
}

// A field's value: 0x00 for null (first), else 0x01 and the value, compared
// as text when `as_text`, else as its number.
void AppendOrderedField(std::string* out, const Record& record, uint16_t field, bool as_text) {
  const plan::Value v = CellValue(record, field);
  if (v.null) {
    out->push_back('\0');
    return;
  }
  out->push_back('\x01');
  if (as_text) {
    AppendOrderedText(out, v.text);
  } else {
    AppendOrderedNumber(out, v.num);
  }
}

bool IsText(const Record& record, uint16_t field) {
  const FieldType t = record.def().fields[field].type;
  return t == FieldType::kString || t == FieldType::kEnum || t == FieldType::kList;
}

}  // namespace

PartitionPlan::PartitionPlan(const plan::Plan& plan) : partitioned_(plan.rules.size(), false) {
  const TableSet stored = StorePlan(plan).stored();
  for (size_t i = 0; i < plan.rules.size(); ++i) {
    const plan::QueryPlan& q = plan.rules[i].query;
    if (q.source.kind != plan::SourceKind::kTable || stored[q.source.index]) continue;
    // A sequence, or a sliding window over groups (whose rows come in
    // replay order: by time, then primary key).
    const bool window = !q.group_by.empty() && q.window;
    if (!q.sequence && !window) continue;
    const std::vector<plan::ExprId>& by = q.sequence ? q.sequence->partition : q.group_by;
    const std::vector<plan::ExprId> no_order;
    const std::vector<plan::ExprId>& then = q.sequence ? q.sequence->order : no_order;
    std::vector<uint16_t> partition = SourceFields(plan, q, by);
    std::vector<uint16_t> order = SourceFields(plan, q, then);
    if (partition.empty() || partition.size() != by.size() || order.size() != then.size()) continue;
    const TableId table = static_cast<TableId>(q.source.index);
    const TableDef& def = Table(table);
    // Led by the event time, as replaying requires (CheckStreamable): a
    // partition's rows then come in the order the rule reads them.
    if (!window && then.empty()) continue;
    const std::vector<uint16_t> led = SourceFields(plan, q, {window ? q.window->time : then[0]});
    if (def.event_time < 0 || led.size() != 1 || static_cast<int>(led[0]) != def.event_time) continue;
    partitioned_[i] = true;
    // The event time leads the order already; a one-field primary key in
    // the order leaves no tie to break.
    std::erase(order, static_cast<uint16_t>(def.event_time));
    const bool key_last = !(def.key.size() == 1 && std::find(order.begin(), order.end(), def.key[0]) != order.end());
    PartitionGroup* group = nullptr;
    for (PartitionGroup& g : groups_) {
      if (g.table == table && g.partition == partition && g.order == order && g.key_last == key_last) group = &g;
    }
    if (group == nullptr) group = &groups_.emplace_back(PartitionGroup{table, partition, order, key_last, {}, {}});
    group->rules.push_back(i);
  }
  // A table leaves the event-ordered stream when no other rule or define
  // reads it as its source.
  TableSet read_in_order{};
  for (size_t i = 0; i < plan.rules.size(); ++i) {
    const int t = BaseTable(plan, plan.rules[i].query.source);
    if (t >= 0 && !partitioned_[i]) read_in_order[t] = true;
  }
  for (const plan::Derived& d : plan.derived) {
    const int t = BaseTable(plan, d.query.source);
    if (t >= 0) read_in_order[t] = true;
  }
  for (PartitionGroup& g : groups_) {
    only_[g.table] = !read_in_order[g.table];
    g.keep = FieldsRead(plan, &g.rules);
  }
}

bool PartitionPlan::PartitionKey(const PartitionGroup& g, const Record& record, std::string* out) {
  out->clear();
  for (uint16_t f : g.partition) {
    if (record.IsNull(f)) return false;
    AppendOrderedField(out, record, f, IsText(record, f));
  }
  return true;
}

bool PartitionPlan::SamePartition(const PartitionGroup& g, const Record& a, const Record& b) {
  for (uint16_t f : g.partition) {
    if (!Record::SameField(a, b, f)) return false;
  }
  return true;
}

bool PartitionPlan::InPartition(const PartitionGroup& g, const Record& record) {
  for (uint16_t f : g.partition) {
    if (record.IsNull(f)) return false;
  }
  return true;
}

void PartitionPlan::SortKey(const PartitionGroup& g, const Record& record, std::string* out) {
  out->clear();
  // Partitions may come in any order, so the key leads with a hash of the
  // partition: a sort tells most partitions apart by their first eight
  // bytes (codes share long prefixes), and the partition itself follows,
  // in case two hash alike.
  out->append(8, '\0');
  for (uint16_t f : g.partition) AppendOrderedField(out, record, f, IsText(record, f));
  const uint64_t h = HashBytes(std::string_view(*out).substr(8));
  for (int i = 0; i < 8; ++i) (*out)[i] = static_cast<char>(h >> (56 - 8 * i));
  AppendOrderedNumber(out, StreamTime(record));
  // As the event-ordered replay orders one time's rows of a partition:
  // strings by their text, every other value by its number.
  for (uint16_t f : g.order) {
    AppendOrderedField(out, record, f, record.def().fields[f].type != FieldType::kList && IsText(record, f));
  }
  if (!g.key_last) return;
  std::string scratch;
  out->append(record.KeyView(&scratch));
}

}  // namespace fundwatch::runtime
