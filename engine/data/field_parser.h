// Turns the text of one field into a typed cell, per its FieldDef. The same
// function serves every source (CSV text, MySQL column text), which is what
// makes their records identical.
#pragma once

#include <string>
#include <string_view>

#include "engine/data/record.h"

namespace fundwatch {

// Parses `text` (empty = null) into `record`'s field `index`. On failure
// returns false and sets `*reason` to what was expected and what was found.
bool ParseField(const FieldDef& def, std::string_view text, int index, Record* record,
                std::string* reason);

}  // namespace fundwatch
