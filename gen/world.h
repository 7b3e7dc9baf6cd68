// World: a set of tables held in memory as rows of text fields, in the
// column order of schema.h. The planted cases are built as a World, the
// oracle evaluates a World, and tests read the generated files back into one.
#pragma once

#include <array>
#include <vector>

#include "gen/schema.h"

namespace fundwatch::gen {

struct World {
  std::array<std::vector<Row>, kTableCount> tables;

  std::vector<Row>& at(Table t) { return tables[Index(t)]; }
  const std::vector<Row>& at(Table t) const { return tables[Index(t)]; }
};

}  // namespace fundwatch::gen
