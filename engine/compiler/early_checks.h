// Early checks: the parts of a query's `where` that can be judged before all
// of its joins are made, so that a record the condition rejects is dropped
// before the lookups (and cache misses) that could not change the outcome.
//
// For each stage k (0: the source record alone; k: after the k-th join) the
// planner derives a condition over the slots bound by then that every record
// passing `where` also passes:
//   - a top-level conjunct of `where` whose fields are all bound by stage k
//     is checked at the first stage that binds them, and only there;
//   - a conjunct that also reads later slots (or lets) contributes its
//     relaxation: an `and` keeps the bound side, an `or` needs both sides
//     (p or q can only be true when one of them can), anything else reads
//     as "unknown" and is left for later.
// Under three-valued logic `where` is true only when every conjunct is true,
// and each relaxation is true whenever what it relaxes is; so dropping a
// record at the first early check that is not true never changes which
// records pass. `where_rest` is what remains for after the lets: the
// conjuncts that read a let or a subquery (subqueries are never moved
// earlier: they are the costly part and record exists() witnesses).
#pragma once

#include "engine/runtime/plan.h"

namespace fundwatch {

// Fills q->early (one entry per stage; kNoExpr where a stage adds nothing)
// and q->where_rest, emitting any new nodes into plan->nodes. Leaves a query
// without joins or without `where` unchanged (its `where` is judged whole).
void PlanEarlyChecks(plan::Plan* plan, plan::QueryPlan* q);

}  // namespace fundwatch
