// PartitionPlan: the rules a scan that streams judges one partition at a
// time, the way a database runs a window function, instead of in event
// order with a state per key alive for the whole stream: sequences, and
// sliding windows over groups.
//
// A rule qualifies when its source is a table the scan streams (StorePlan
// holds none of its records), its `sequence by` / `group by` and `order by`
// terms are fields of the source record, and its order (or window) is led
// by the table's event time, as replaying requires. The scan then sorts
// that table's records a second way, by (partition, event time, order by
// values, primary key), with an EventSorter of Order::kGivenKey, and the
// rule's operator sees one partition's records after another, each in the
// order the event-ordered replay gives the records of that partition. So
// the alerts are the same, and the rule holds one partition's state
// instead of millions.
//
// Rules with the same table, partition and order share one sort (a group),
// which keeps only the fields they and the exclusions read. A table whose
// every reader is partitioned leaves the event-ordered stream. Only scans
// that stream use this; an executor given no partition streams judges
// every rule in event order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/data/record.h"
#include "engine/runtime/plan.h"

namespace fundwatch::runtime {

struct PartitionGroup {
  TableId table = 0;
  std::vector<uint16_t> partition;  // the table's fields, in `sequence by` order
  std::vector<uint16_t> order;      // the table's fields, in `order by` order, but its event time
  bool key_last = true;             // the primary key breaks ties (not when `order` holds it)
  std::vector<size_t> rules;        // plan rules judged from this sort
  // Per table and field: what these rules and the exclusions read, all
  // that the sort keeps of a record (FieldsRead of the rules).
  std::vector<std::vector<bool>> keep;
};

class PartitionPlan {
 public:
  explicit PartitionPlan(const plan::Plan& plan);

  const std::vector<PartitionGroup>& groups() const { return groups_; }
  // Whether plan rule `rule` is judged by partition.
  bool partitioned(size_t rule) const { return rule < partitioned_.size() && partitioned_[rule]; }
  // Whether every rule and define reading `table` as its source is judged
  // by partition: its records then go to the groups' sorts only.
  bool only(TableId table) const { return only_[table]; }

  // The bytes `record` is sorted by in group `g`: a hash of its partition,
  // its partition (as PartitionKey), its event time, its other `order by`
  // values, its primary key (unless an `order by` term is the key already).
  // Each part is encoded so that comparing keys as bytes groups the records
  // of a partition and orders them as the rule does (nulls first);
  // partitions come in no particular order.
  static void SortKey(const PartitionGroup& g, const Record& record, std::string* out);
  // The partition part of SortKey (after the hash); false (and `out`
  // unspecified) when a partition field is null: such a record is in no
  // partition.
  static bool PartitionKey(const PartitionGroup& g, const Record& record, std::string* out);
  // Whether two records' PartitionKeys would be equal, without making them.
  static bool SamePartition(const PartitionGroup& g, const Record& a, const Record& b);
  // Whether PartitionKey would be true: no partition field is null.
  static bool InPartition(const PartitionGroup& g, const Record& record);

 private:
  std::vector<PartitionGroup> groups_;
  std::vector<bool> partitioned_;
  std::array<bool, tables::kCount> only_{};
};

}  // namespace fundwatch::runtime
