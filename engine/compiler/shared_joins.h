// Shared joins: rules that join the same table with the same key, date and
// condition from the same source row get one class number, so that a worker
// makes that join once per row and the other rules read its result (the
// catalogue row of a fee line's item, as of the fee date, is joined by nine
// standard rules).
//
// Two joins share a class when their lookups are alike node for node (the
// source row standing for itself, the joined row for itself, constants by
// value) over the same source, and read no other row, let or variable: the
// row they find is then a function of the source row alone.
#pragma once

#include "engine/runtime/plan.h"

namespace fundwatch {

// Sets Join::shared on every join that shares a class with another and
// plan->shared_joins to the number of classes.
void PlanSharedJoins(plan::Plan* plan);

}  // namespace fundwatch
